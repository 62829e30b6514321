//! `thidua export`: stored values as CSV, JSON or Markdown on stdout.

use std::process::ExitCode;

use super::{Options, open_store, write_stdout};
use crate::io::export::{self, ExportFormat};
use crate::model::Period;

pub fn run(
    options: &Options,
    period: Option<Period>,
    format: ExportFormat,
) -> anyhow::Result<ExitCode> {
    let store = open_store(options)?;
    // A period's values are one prefix scan (its key is fixed-width).
    let values = store.values(period)?;
    write_stdout(&export::render(values, format))?;
    super::warn_problems(&*store);
    Ok(ExitCode::SUCCESS)
}
