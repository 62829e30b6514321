//! `thidua import FILE`: values (CSV or a spreadsheet) or indicator
//! weights (CSV), all or nothing. Values are checked against the whole
//! covenant (the unit in force in the period, the criterion in its
//! covenant, range, whole numbers) and each carries the value stored when
//! the file was read: a cell changed by someone meanwhile refuses the
//! import whole, naming the cell, who and when.

use std::collections::{BTreeSet, HashMap};
use std::path::Path;
use std::process::ExitCode;

use super::{Options, open_store};
use crate::io::sheet_in::{self, SheetChoice};
use crate::io::{figure_columns, import, weights};
use crate::model::{Figure, Period, ValueKey};
use crate::store::{Edit, Store};
use crate::text::os_error;

pub fn run(options: &Options, file: &Path, choice: &SheetChoice) -> anyhow::Result<ExitCode> {
    let bytes = std::fs::read(file).map_err(|e| {
        anyhow::anyhow!(
            "không đọc được tệp {}: {}",
            file.display(),
            os_error::reason(&e)
        )
    })?;
    let spreadsheet = sheet_in::is_spreadsheet(file, &bytes);
    if !spreadsheet && (choice.sheet.is_some() || choice.period.is_some() || choice.kind.is_some())
    {
        anyhow::bail!(
            "--sheet, --period, --kind chỉ dùng khi nhập bảng tính (xlsx, xls, ods); \
             tệp CSV đã có cột period và kind"
        );
    }
    let store = open_store(options)?;
    let mut cluster = store.cluster()?;
    if weights::is_weights_file(&bytes) && !spreadsheet {
        return import_weights(&*store, &cluster, &bytes, file);
    }
    // Checked against every year of the covenant, not only the latest.
    if let Some(basis) = cluster.basis.as_mut() {
        basis.covenant = store.covenant()?.covenant;
    }
    if spreadsheet {
        let parsed = sheet_in::parse_said(&bytes, &cluster, choice);
        return write_or_list(&*store, file, parsed);
    }
    write_or_list(&*store, file, import::parse_said(&bytes, &cluster))
}

/// The figure stored in each cell the edits write, read once per period:
/// the value each write expects, and what a file's missing columns keep.
fn stored_figures(store: &dyn Store, edits: &[Edit]) -> anyhow::Result<HashMap<ValueKey, Figure>> {
    let periods: BTreeSet<Period> = edits.iter().map(|e| e.key.period).collect();
    let mut out = HashMap::new();
    for p in periods {
        for v in store.values(Some(p))? {
            out.insert(v.key, v.figure);
        }
    }
    Ok(out)
}

/// Write every value in one batch, or list every error and write nothing.
fn write_or_list<E: std::fmt::Display>(
    store: &dyn Store,
    file: &Path,
    parsed: Result<(Vec<Edit>, figure_columns::Unsaid), Vec<E>>,
) -> anyhow::Result<ExitCode> {
    match parsed {
        Ok((edits, unsaid)) => {
            let stored = stored_figures(store, &edits)?;
            let edits = figure_columns::keep_unsaid(&stored, edits, unsaid);
            let edits = import::expecting(edits, |k| stored.get(k).map(|f| f.value));
            let outcome = store.write_batch(edits)?;
            println!("{}", import::summary(&outcome));
            Ok(ExitCode::SUCCESS)
        }
        Err(errors) => {
            for e in &errors {
                eprintln!("{}: {e}", file.display());
            }
            eprintln!(
                "Không nhập gì: {} lỗi. Sửa tệp rồi nhập lại; dữ liệu chưa thay đổi.",
                errors.len()
            );
            Ok(ExitCode::from(1))
        }
    }
}

/// `thidua import` of an `indicator_code,weight` file: all rows checked,
/// then all weights set (each audited) or none.
fn import_weights(
    store: &dyn Store,
    cluster: &crate::model::Cluster,
    bytes: &[u8],
    file: &Path,
) -> anyhow::Result<ExitCode> {
    match weights::parse(bytes, cluster) {
        Ok(list) => {
            let outcome = weights::apply(store, cluster, &list)?;
            println!("{}", weights::summary(&outcome));
            Ok(ExitCode::SUCCESS)
        }
        Err(errors) => {
            for e in &errors {
                eprintln!("{}: {e}", file.display());
            }
            eprintln!(
                "Không nhập gì: {} lỗi. Sửa tệp rồi nhập lại; trọng số chưa thay đổi.",
                errors.len()
            );
            Ok(ExitCode::from(1))
        }
    }
}
