//! The rough edges of #15 that need the real binary: History in the local
//! time of the officer's `TZ`, and the application reopening where the
//! officer left it.

mod pty_common;

use std::path::{Path, PathBuf};

use pty_common::*;

fn binary() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_thidua"))
}

fn start_env(db: &Path, env: &[(&str, &str)]) -> Pty {
    let db = db.to_str().expect("utf-8 temp path");
    let pty = Pty::start_env(&binary(), &["--db", db], env, 80, 24);
    pty.wait_text("Các tỉnh (12/12)");
    pty
}

fn open_dong_thap(pty: &Pty) {
    pty.text("dong thap");
    pty.wait_text("(1/12)");
    pty.send(ENTER);
    pty.wait_text("Nhập liệu · Đồng Tháp");
}

/// Now in Hồ Chí Minh City's time (UTC+7, no summer time), as History
/// writes it.
fn saigon_now() -> String {
    (chrono::Utc::now() + chrono::Duration::hours(7))
        .format("%d/%m/%Y %H:%M")
        .to_string()
}

#[test]
fn history_shows_the_time_in_the_officers_time_zone() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut pty = start_env(&dir.path().join("db"), &[("TZ", "Asia/Ho_Chi_Minh")]);
    open_dong_thap(&pty);
    let before = saigon_now();
    pty.text("5");
    pty.send(ENTER);
    pty.wait_text("Đã lưu 5");
    pty.send(UP);
    pty.send(F3);
    pty.wait_text("Giá trị mới");
    let after = saigon_now();
    let text = pty.contents();
    assert!(
        text.contains(&before) || text.contains(&after),
        "expected {before} (UTC+7):\n{text}"
    );
    assert!(!text.contains("UTC"), "{text}");
    pty.send(CTRL_Q);
    assert!(pty.wait_exit().success());
}
