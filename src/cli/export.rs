//! `thidua export`: stored values as CSV, JSON, Markdown or an Excel
//! workbook, on the screen or in a file (`--out`).

use std::path::Path;
use std::process::ExitCode;

use super::report::{deliver, refuse_binary_on_terminal};
use super::{Options, open_store};
use crate::io::export::{self, ExportFormat};
use crate::model::Period;

pub fn run(
    options: &Options,
    period: Option<Period>,
    format: ExportFormat,
    out: Option<&Path>,
) -> anyhow::Result<ExitCode> {
    refuse_binary_on_terminal(format == ExportFormat::Xlsx, out)?;
    let store = open_store(options)?;
    let cluster = match period {
        Some(p) => store.cluster_for(p)?,
        None => store.cluster()?,
    };
    let values = export::read(&*store, period)?;
    let bytes = export::render(&cluster, values, format)
        .map_err(|e| anyhow::anyhow!("không tạo được bảng tính: {e}"))?;
    deliver(out, &bytes)?;
    super::warn_problems(&*store);
    Ok(ExitCode::SUCCESS)
}
