//! `thidua report`: the review of a period as a document.

use std::path::Path;
use std::process::ExitCode;

use super::{Options, open_store, write_stdout};
use crate::io::report::{self, ReportFormat};
use crate::model::{Figures, Period};
use crate::text::os_error;

pub fn run(
    options: &Options,
    period: Period,
    format: ReportFormat,
    out: Option<&Path>,
) -> anyhow::Result<ExitCode> {
    let store = open_store(options)?;
    let cluster = store.cluster()?;
    let figures = Figures::new(store.values(None)?);
    let text = report::render(&cluster, &figures, period, format);
    match out {
        Some(path) => std::fs::write(path, text.as_bytes()).map_err(|e| {
            anyhow::anyhow!(
                "không ghi được tệp {}: {}",
                path.display(),
                os_error::reason(&e)
            )
        })?,
        None => write_stdout(&text)?,
    }
    super::warn_problems(&*store);
    Ok(ExitCode::SUCCESS)
}
