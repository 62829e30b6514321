//! `thidua submit --period P [--unit XX]`: hand in a unit's figures of a
//! period (`đã nộp`), through the server (a province officer its own unit,
//! which is the default; an admin any unit, named with `--unit`); with
//! `--reopen --reason "…"` an admin takes a submission back.

use std::process::ExitCode;

use super::Options;
use super::backend::open_client;
use crate::model::Period;
use crate::store::error::local_time;
use crate::store::{PeriodAct, Role, Store};

pub fn run(
    options: &Options,
    period: Period,
    unit: Option<&str>,
    reopen: Option<&str>,
) -> anyhow::Result<ExitCode> {
    let client = open_client(options)?;
    let unit = match (unit, client.role()) {
        (Some(u), _) => u.trim().to_ascii_uppercase(),
        (None, Role::Province(own)) => own,
        (None, Role::Admin) => anyhow::bail!(
            "Quản trị viên hãy ghi đơn vị: thidua submit --period {period} --unit MÃ_TỈNH"
        ),
        (None, Role::Viewer) => anyhow::bail!(
            "Không được phép: bạn chỉ có quyền xem; hãy nhờ quản trị viên cấp quyền \
             (`thidua users grant`)"
        ),
    };
    let act = match reopen {
        Some(reason) => PeriodAct::Reopen {
            period,
            unit: unit.clone(),
            reason: reason.to_string(),
        },
        None => PeriodAct::Submit {
            period,
            unit: unit.clone(),
        },
    };
    let done = client.change_period(act)?;
    let unit = crate::text::normalize::clean(&unit);
    match (reopen.is_some(), done) {
        (false, Some(e)) => println!(
            "Đã nộp số liệu kỳ {period} của {unit} ({} lúc {}).",
            e.user,
            local_time(e.at_ms)
        ),
        (false, None) => println!("{unit} đã nộp số liệu kỳ {period} từ trước; không đổi gì."),
        (true, Some(_)) => println!("Đã mở lại số liệu kỳ {period} của {unit}: đang nhập."),
        (true, None) => println!("{unit} chưa nộp số liệu kỳ {period}; không đổi gì."),
    }
    super::warn_problems(&client);
    Ok(ExitCode::SUCCESS)
}
