//! `thidua backup [--out FILE]`: the whole database as one file.
//!
//! Without `--out`, into the database's `backups/` beside the rotating
//! ones a server writes (the newest 14 are kept); `--out -` writes to
//! standard output (for `ssh … thidua backup --out - > file`).
//!
//! While a server runs for the database (the application is open, or
//! officers share it) the backup is the server's: it writes the file into
//! `backups/` and this command copies it out in chunks. With no server,
//! the command opens the files itself — a damaged database all the same,
//! since saving what is left is what a backup is for.

use std::path::Path;
use std::process::ExitCode;

use super::progress::{Progress, Through};
use super::{Options, db_path, tell_migration, warn_problems};
use crate::server::ClientStore;
use crate::store::{SledStore, backup};

pub fn run(options: &Options, out: Option<&Path>) -> anyhow::Result<ExitCode> {
    if let Some(server) = super::backend::running_server(options)? {
        return through_server(options, &server, out);
    }
    let path = db_path(options);
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
            let progress = Progress::bytes_so_far("Đang sao lưu");
            let summary = store.backup_to(Through {
                inner: stdout.lock(),
                progress: &progress,
            })?;
            drop(progress);
            eprintln!("Đã sao lưu {} bản ghi.", summary.records);
        }
        Some(file) => {
            let progress = Progress::bytes_so_far("Đang sao lưu");
            let summary = backup::write_file(file, |w| {
                store.backup_to(Through {
                    inner: w,
                    progress: &progress,
                })
            })?;
            drop(progress);
            println!(
                "Đã sao lưu {} bản ghi vào {}.",
                summary.records,
                file.display()
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn through_server(
    options: &Options,
    server: &ClientStore,
    out: Option<&Path>,
) -> anyhow::Result<ExitCode> {
    let made = server.backup()?;
    let in_dir = backup::dir_of(&db_path(options)).join(&made.name);
    let copy = |w: &mut dyn std::io::Write| {
        let progress = Progress::bytes("Đang sao lưu", made.bytes);
        server.copy_backup(&made, w, &mut |done| progress.set(done))
    };
    match out {
        None => println!(
            "Đã sao lưu {} bản ghi vào {} (máy chủ đang chạy đã ghi; thư mục này giữ {} bản mới nhất).",
            made.records,
            in_dir.display(),
            backup::KEEP
        ),
        Some(file) if file.as_os_str() == "-" => {
            let stdout = std::io::stdout();
            let mut lock = stdout.lock();
            copy(&mut lock)?;
            std::io::Write::flush(&mut lock)?;
            eprintln!("Đã sao lưu {} bản ghi.", made.records);
        }
        Some(file) => {
            backup::write_file(file, |w| copy(w))?;
            println!(
                "Đã sao lưu {} bản ghi vào {} (bản gốc của máy chủ: {}).",
                made.records,
                file.display(),
                in_dir.display()
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}
