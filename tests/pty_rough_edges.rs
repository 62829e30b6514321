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

/// The place files of the application's state directory (the kit puts it
/// beside the database).
fn place_files(dir: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(dir.join("state").join("thidua"))
        .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default()
}

fn quit(mut pty: Pty) {
    pty.send(CTRL_Q);
    assert!(pty.wait_exit().success());
}

#[test]
fn the_application_reopens_on_the_screen_period_and_cell_where_the_officer_left_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("db");
    // Entry of Bến Tre, on its export row; then the Matrix on Bến Tre's row
    // and the fourth indicator.
    let state = dir.path().join("state");
    let state = state.to_str().expect("utf-8 path");
    let pty = start_env(&db, &[("XDG_STATE_HOME", state)]);
    pty.text("ben tre");
    pty.wait_text("(1/12)");
    pty.send(ENTER);
    pty.wait_text("Nhập liệu · Bến Tre");
    for _ in 0..3 {
        pty.send(DOWN);
    }
    pty.send(F4);
    pty.wait_text("Tỉnh × chỉ tiêu");
    pty.send(DOWN);
    pty.send(DOWN);
    for _ in 0..3 {
        pty.send(RIGHT);
    }
    pty.wait_text("Kim ngạch xuất khẩu (triệu USD)");
    quit(pty);
    // Kept outside the database, in the user's state directory.
    assert_eq!(place_files(dir.path()).len(), 1, "one place file");
    assert!(
        !std::fs::read_dir(&db)
            .expect("db dir")
            .any(|e| e.is_ok_and(|e| e.file_name().to_string_lossy().starts_with("place")))
    );

    // Reopened on the Matrix, on the same cell.
    let pty = start_env_any(&db, state);
    pty.wait_text("Tỉnh × chỉ tiêu");
    pty.send(F3);
    pty.wait_text("Bến Tre · Kim ngạch xuất khẩu · thực hiện 2021-H1");
    pty.send(ESC);
    pty.wait_text("Tỉnh × chỉ tiêu");
    // Entry kept Bến Tre's export row too.
    pty.send(F10);
    pty.wait_text("Các tỉnh (12/12)");
    pty.text("ben tre");
    pty.wait_text("(1/12)");
    pty.send(ENTER);
    pty.wait_text("Nhập liệu · Bến Tre");
    pty.send(F3);
    pty.wait_text("Bến Tre · Kim ngạch xuất khẩu · thực hiện 2021-H1");
    pty.send(ESC);
    pty.wait_text("Nhập liệu · Bến Tre");
    quit(pty);

    // A cell that no longer exists falls back to the screen's first.
    let file = place_files(dir.path()).pop().expect("place file");
    let text = std::fs::read_to_string(&file).expect("read place");
    let stale = text
        .replace("\"entry\"", "\"matrix\"")
        .replace("\"EXPORT\"", "\"NO_SUCH_INDICATOR\"");
    std::fs::write(&file, stale).expect("write place");
    let pty = start_env_any(&db, state);
    pty.wait_text("Tỉnh × chỉ tiêu");
    pty.send(F3);
    pty.wait_text("Bến Tre · Tốc độ tăng trưởng kinh tế GRDP · thực hiện 2021-H1");
    quit(pty);
}

/// Started on whatever screen it reopens on, with this state directory.
fn start_env_any(db: &Path, state: &str) -> Pty {
    let db = db.to_str().expect("utf-8 temp path");
    Pty::start_env(
        &binary(),
        &["--db", db],
        &[("XDG_STATE_HOME", state)],
        120,
        30,
    )
}
