//! The panic path of the real binary, reached through a test seam that
//! exists only in debug builds (`THIDUA_TEST_PANIC_ON`, see `tui::run`):
//! the terminal is restored (normal screen, cursor visible, bracketed paste
//! off), a Vietnamese message says what happened, the exit code is 101 as
//! the README documents, every committed figure is on disk, and the next
//! start opens the database (no stale lock).

mod cli_common;
mod pty_common;

use std::path::{Path, PathBuf};

use cli_common::thidua;
use pty_common::*;

fn binary() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_thidua"))
}

fn start(db: &Path, env: &[(&str, &str)]) -> Pty {
    let db = db.to_str().expect("utf-8 temp path");
    let pty = Pty::start_env(&binary(), &["--db", db], env, 80, 24);
    pty.wait_text("Các tỉnh (12/12)");
    pty
}

#[test]
fn a_panic_restores_the_terminal_keeps_saved_figures_and_exits_101() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("db");
    // No backtrace: it would scroll the message off the 24 rows.
    let mut pty = start(
        &db,
        &[("THIDUA_TEST_PANIC_ON", "F12"), ("RUST_BACKTRACE", "0")],
    );
    // Đồng Tháp's Entry, the export row: commit 1234,5.
    pty.text("dong thap");
    pty.wait_text("(1/12)");
    pty.send(ENTER);
    pty.wait_text("Nhập liệu · Đồng Tháp");
    for _ in 0..3 {
        pty.send(DOWN);
    }
    pty.text("1234,5");
    pty.wait_text("1234,5");
    pty.send(ENTER);
    pty.wait_text("Đã lưu");

    pty.send(F12);
    let status = pty.wait_exit();
    assert_eq!(status.exit_code(), 101, "{status:?}\n{}", pty.contents());
    pty.with_screen(|s| {
        assert!(!s.alternate_screen(), "left on the alternate screen");
        assert!(!s.hide_cursor(), "cursor left hidden");
        assert!(!s.bracketed_paste(), "bracketed paste left on");
    });
    let text = pty.contents();
    assert!(text.contains("thidua: lỗi nội bộ"), "{text}");
    assert!(text.contains("Các số đã lưu (✓) vẫn còn"), "{text}");
    drop(pty);

    // The committed figure is on disk, and the database opens at once.
    let out = thidua(&db, &["export", "--period", "2021-H1"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{out:?}");
    assert!(stderr.trim().is_empty(), "{stderr}");
    let csv = String::from_utf8_lossy(&out.stdout);
    assert!(
        csv.lines()
            .any(|l| l.starts_with("DT,EXPORT,2021-H1,actual,1234.5")),
        "{csv}"
    );

    // And the application starts again on it (without the seam).
    let mut pty = start(&db, &[]);
    pty.send(CTRL_Q);
    assert!(pty.wait_exit().success());
}

#[test]
fn without_the_variable_the_key_does_nothing_special() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut pty = start(&dir.path().join("db"), &[]);
    pty.send(F12);
    // A key after it, seen on the screen: F12 was handled, and nothing
    // happened.
    pty.text("z");
    pty.wait_text("Tìm: z");
    assert!(
        pty.child.try_wait().expect("try_wait").is_none(),
        "exited on F12:\n{}",
        pty.contents()
    );
    pty.send(CTRL_Q);
    assert!(pty.wait_exit().success());
}
