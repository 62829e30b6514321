//! `thidua restore FILE --db NEW`: rebuild a database from a backup into a
//! new (or empty) directory, then check it.

use std::path::Path;
use std::process::ExitCode;

use super::progress::{Progress, Through};
use super::{Options, db_path};
use crate::store::{SledStore, user};
use crate::text::os_error;

pub fn run(options: &Options, file: &Path) -> anyhow::Result<ExitCode> {
    let path = db_path(options);
    if super::backend::running_server(options)?.is_some() {
        anyhow::bail!(
            "Một máy chủ thidua đang phục vụ {}; không khôi phục đè lên cơ sở dữ liệu đang dùng. \
             Hãy khôi phục vào một thư mục mới (--db THƯ_MỤC_MỚI).",
            path.display()
        );
    }
    let input = std::fs::File::open(file).map_err(|e| {
        anyhow::anyhow!(
            "không đọc được tệp {}: {}",
            file.display(),
            os_error::reason(&e)
        )
    })?;
    let shown = file.display().to_string();
    let size = input.metadata().map(|m| m.len()).unwrap_or(0);
    let progress = Progress::bytes("Đang đọc bản sao lưu", size);
    let input = Through {
        inner: std::io::BufReader::new(input),
        progress: &progress,
    };
    let (store, summary) = SledStore::restore_from(input, &shown, &path, &user::os_user())?;
    drop(progress);
    println!(
        "Đã khôi phục {} bản ghi từ {shown} vào {}.",
        summary.records,
        path.display()
    );
    super::tell_migration(&store);
    let report = store.check()?;
    for p in &report.problems {
        eprintln!("thidua: cảnh báo: {p}");
    }
    println!("{report}");
    println!("Mở bằng: thidua --db {}", path.display());
    Ok(ExitCode::SUCCESS)
}
