//! `thidua import FILE`: values or indicator weights, all or nothing.

use std::path::Path;
use std::process::ExitCode;

use super::{Options, open_store};
use crate::io::{import, weights};
use crate::store::Store;
use crate::text::os_error;

pub fn run(options: &Options, file: &Path) -> anyhow::Result<ExitCode> {
    let bytes = std::fs::read(file).map_err(|e| {
        anyhow::anyhow!(
            "không đọc được tệp {}: {}",
            file.display(),
            os_error::reason(&e)
        )
    })?;
    let store = open_store(options)?;
    let cluster = store.cluster()?;
    if weights::is_weights_file(&bytes) {
        return import_weights(&*store, &cluster, &bytes, file);
    }
    match import::parse(&bytes, &cluster) {
        Ok(edits) => {
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
