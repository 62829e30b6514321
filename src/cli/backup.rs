//! `thidua backup [--out FILE]`: the whole database as one file.
//!
//! Without `--out`, into the database's `backups/` beside the rotating
//! ones a server writes (the newest 14 are kept); `--out -` writes to
//! standard output (for `ssh … thidua backup --out - > file`).

use std::path::Path;
use std::process::ExitCode;

use super::{Options, db_path, tell_migration, warn_problems};
use crate::store::{SledStore, backup};

pub fn run(options: &Options, out: Option<&Path>) -> anyhow::Result<ExitCode> {
    let path = db_path(options);
    // A damaged database is opened all the same: saving what is left is
    // what a backup is for.
    let store = SledStore::open_inspecting(&path)?;
    tell_migration(&store);
    warn_problems(&store);
    match out {
        None => {
            let (file, summary) = backup::rotate(&store, backup::KEEP)?;
            println!(
                "Đã sao lưu {} bản ghi vào {} (thư mục này giữ {} bản mới nhất).",
                summary.records,
                file.display(),
                backup::KEEP
            );
        }
        Some(file) if file.as_os_str() == "-" => {
            let stdout = std::io::stdout();
            let summary = store.backup_to(stdout.lock())?;
            eprintln!("Đã sao lưu {} bản ghi.", summary.records);
        }
        Some(file) => {
            let summary = backup::write_file(file, |w| store.backup_to(w))?;
            println!(
                "Đã sao lưu {} bản ghi vào {}.",
                summary.records,
                file.display()
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}
