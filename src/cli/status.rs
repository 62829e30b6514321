//! `thidua status --period P`: the period's lock, then per member its
//! figures' state (`chưa nhập` / `đang nhập` / `đã nộp`), how many
//! figures, when they last changed, who handed them in and when.

use std::process::ExitCode;

use super::backend::open_client;
use super::{Options, write_stdout};
use crate::model::Period;
use crate::store::error::local_time;
use crate::store::{PeriodStatus, Store, UnitState};
use crate::text::width::{Align, pad};

pub fn run(options: &Options, period: Period) -> anyhow::Result<ExitCode> {
    let client = open_client(options)?;
    let status = client.period_status(period)?;
    let names = client
        .cluster_for(period)
        .map(|c| c.provinces)
        .unwrap_or_default();
    let name = |code: &str| {
        names
            .iter()
            .find(|p| p.code == code)
            .map_or(code.to_string(), |p| p.name.clone())
    };
    write_stdout(&render(&status, &name))?;
    super::warn_problems(&client);
    Ok(ExitCode::SUCCESS)
}

/// The whole output, as printed.
pub fn render(status: &PeriodStatus, name: &dyn Fn(&str) -> String) -> String {
    let period = status.period;
    let mut out = match &status.lock {
        Some(m) => {
            let why = m
                .reason
                .as_deref()
                .map(|r| format!(" (lý do: {r})"))
                .unwrap_or_default();
            format!(
                "Kỳ {period}: đã chốt số liệu bởi {} lúc {}{why}\n",
                m.by,
                local_time(m.at_ms)
            )
        }
        None => format!("Kỳ {period}: chưa chốt số liệu\n"),
    };
    let handed = status
        .units
        .iter()
        .filter(|u| u.state() == UnitState::Submitted)
        .count();
    out.push_str(&format!(
        "Đã nộp: {handed}/{} đơn vị\n\n",
        status.units.len()
    ));
    let rows: Vec<[String; 7]> = status
        .units
        .iter()
        .map(|u| {
            let (by, at) = match &u.submitted {
                Some(m) => (m.by.clone(), local_time(m.at_ms)),
                None => (String::new(), String::new()),
            };
            [
                u.unit.clone(),
                name(&u.unit),
                u.state().label().to_string(),
                u.figures.to_string(),
                u.changed_ms.map(local_time).unwrap_or_default(),
                by,
                at,
            ]
        })
        .collect();
    let head = [
        "Mã",
        "Đơn vị",
        "Tình trạng",
        "Số liệu",
        "Sửa lần cuối",
        "Người nộp",
        "Nộp lúc",
    ];
    // The time columns as wide as a time, whether or not one is known.
    let mut widths: Vec<usize> = head.iter().map(|h| crate::text::width::width(h)).collect();
    for i in [4, 6] {
        widths[i] = widths[i].max(crate::text::width::width("01/01/2021 00:00"));
    }
    for r in &rows {
        for (w, cell) in widths.iter_mut().zip(r) {
            *w = (*w).max(crate::text::width::width(cell));
        }
    }
    let line = |cells: Vec<&str>| {
        let parts: Vec<String> = cells
            .iter()
            .zip(&widths)
            .enumerate()
            .map(|(i, (c, w))| {
                let align = if i == 3 { Align::Right } else { Align::Left };
                pad(c, *w, align)
            })
            .collect();
        format!("{}\n", parts.join("  ").trim_end())
    };
    out.push_str(&line(head.to_vec()));
    for r in &rows {
        out.push_str(&line(r.iter().map(String::as_str).collect()));
    }
    out
}
