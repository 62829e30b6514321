//! `thidua export`: stored values as CSV, JSON, Markdown or an Excel
//! workbook, on the screen or in a file (`--out`).

use std::path::Path;
use std::process::ExitCode;

use super::progress::Progress;
use super::report::{deliver, refuse_binary_on_terminal};
use super::{Options, open_client};
use crate::io::export::{self, ExportFormat};
use crate::model::Period;
use crate::store::Store;

pub fn run(
    options: &Options,
    period: Option<Period>,
    format: ExportFormat,
    out: Option<&Path>,
) -> anyhow::Result<ExitCode> {
    refuse_binary_on_terminal(format == ExportFormat::Xlsx, out)?;
    let client = open_client(options)?;
    // The rows to read, from the index (no value is read to count them).
    let total: u64 = match period {
        Some(p) => vec![p],
        None => client.periods()?,
    }
    .into_iter()
    .map(|p| client.unit_counts(p))
    .collect::<Result<Vec<_>, _>>()?
    .iter()
    .flatten()
    .map(|c| u64::from(c.actuals + c.others))
    .sum();
    let progress = Progress::rows("Đang đọc số liệu", total);
    client.on_page(progress.counter());
    let store: &dyn Store = &client;
    let cluster = match period {
        Some(p) => store.cluster_for(p)?,
        None => store.cluster()?,
    };
    let values = export::read(store, period)?;
    drop(progress);
    let bytes = export::render(&cluster, values, format)
        .map_err(|e| anyhow::anyhow!("không tạo được bảng tính: {e}"))?;
    deliver(out, &bytes)?;
    super::warn_problems(store);
    Ok(ExitCode::SUCCESS)
}
