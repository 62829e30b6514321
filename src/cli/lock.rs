//! `thidua lock --period P [--reason "…"]` and `thidua unlock --period P
//! --reason "…"`: freeze a period's figures after the meeting (`chốt số
//! liệu`) and open it again, through the server (admins only; an unlock
//! says why, and both are in the audit log).

use std::process::ExitCode;

use super::Options;
use super::backend::open_client;
use crate::model::Period;
use crate::store::error::local_time;
use crate::store::{PeriodAct, Store};

pub fn lock(options: &Options, period: Period, reason: Option<&str>) -> anyhow::Result<ExitCode> {
    let client = open_client(options)?;
    let act = PeriodAct::Lock {
        period,
        reason: reason.map(str::to_string),
    };
    match client.change_period(act)? {
        Some(e) => println!(
            "Đã chốt số liệu kỳ {period} ({} lúc {}): mọi thay đổi số liệu của kỳ bị từ chối \
             cho đến khi mở khoá (thidua unlock --period {period} --reason \"…\").",
            e.user,
            local_time(e.at_ms)
        ),
        None => {
            let status = client.period_status(period)?;
            match status.lock {
                Some(m) => println!(
                    "Kỳ {period} đã chốt số liệu từ trước, bởi {} lúc {}; không đổi gì.",
                    m.by,
                    local_time(m.at_ms)
                ),
                None => println!("Kỳ {period}: không đổi gì."),
            }
        }
    }
    super::warn_problems(&client);
    Ok(ExitCode::SUCCESS)
}

pub fn unlock(options: &Options, period: Period, reason: &str) -> anyhow::Result<ExitCode> {
    let client = open_client(options)?;
    let act = PeriodAct::Unlock {
        period,
        reason: reason.to_string(),
    };
    match client.change_period(act)? {
        Some(e) => println!(
            "Đã mở khoá kỳ {period} ({} lúc {}); lý do đã ghi vào nhật ký.",
            e.user,
            local_time(e.at_ms)
        ),
        None => println!("Kỳ {period} chưa chốt số liệu; không có gì để mở khoá."),
    }
    super::warn_problems(&client);
    Ok(ExitCode::SUCCESS)
}
