//! The real binary in a pseudo-terminal: what an officer does, end to end.

mod cli_common;
mod pty_common;
mod tui_common;

use std::path::{Path, PathBuf};

use cli_common::export_h1 as export_csv;
use pty_common::*;

fn binary() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_thidua"))
}

fn start(db: &Path) -> Pty {
    let db = db.to_str().expect("utf-8 temp path");
    let pty = Pty::start(&binary(), &["--db", db], 80, 24);
    pty.wait_text("Các tỉnh (12/12)");
    pty
}

/// From the province list: find Đồng Tháp by typing, open it.
fn open_dong_thap(pty: &mut Pty) {
    pty.text("dong thap");
    pty.wait_text("(1/12)");
    pty.send(ENTER);
    pty.wait_text("Nhập liệu · Đồng Tháp");
}

/// The export row of Entry (Kim ngạch xuất khẩu, triệu USD).
fn export_row(pty: &Pty) -> String {
    pty.contents()
        .lines()
        .find(|l| l.contains("Kim ngạch xuất") && l.contains("triệu USD"))
        .unwrap_or("")
        .to_string()
}

/// Down to the export row and type a value there, then Enter.
fn enter_export(pty: &mut Pty, typed: &str) {
    pty.send(DOWN);
    pty.send(DOWN);
    pty.send(DOWN);
    pty.text(typed);
    pty.wait_text(typed);
    pty.send(ENTER);
    pty.wait_text("Đã lưu");
}

#[test]
fn typed_value_survives_quit_and_is_exported() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("db");
    let mut pty = start(&db);
    open_dong_thap(&mut pty);
    enter_export(&mut pty, "1234,5");
    assert!(export_row(&pty).contains("1.234,5"), "{}", pty.contents());
    pty.send(CTRL_Q);
    let status = pty.wait_exit();
    assert!(status.success(), "{status:?}");
    // The terminal is the user's again.
    pty.with_screen(|s| {
        assert!(!s.alternate_screen());
        assert!(!s.hide_cursor());
    });

    let mut pty = start(&db);
    open_dong_thap(&mut pty);
    pty.wait_for("the stored value", |s| s.contents().contains("1.234,5"));
    assert!(export_row(&pty).contains("1.234,5"), "{}", pty.contents());
    pty.send(CTRL_Q);
    assert!(pty.wait_exit().success());

    let csv = export_csv(&db);
    assert!(
        csv.lines()
            .any(|l| l.starts_with("DT,EXPORT,2021-H1,actual,1234.5")),
        "{csv}"
    );
}

#[test]
fn ime_backspace_and_ctrl_h_edit_the_filter_and_paste_is_normalised() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut pty = start(&dir.path().join("db"));
    // Telex-style: the IME sends "e", then Backspace and "ê".
    pty.text("v");
    pty.text("i");
    pty.text("e");
    pty.send(BACKSPACE);
    pty.text("ê");
    pty.wait_text("Tìm: viê ");
    pty.text("x");
    pty.wait_text("Tìm: viêx");
    pty.send(CTRL_H);
    pty.wait_for("Ctrl+H deleting x", |s| {
        let c = s.contents();
        c.contains("Tìm: viê ") && !c.contains("viêx")
    });
    pty.send(ESC);
    pty.wait_for("the filter cleared", |s| s.contents().contains("(12/12)"));
    // A bracketed paste of NFD text (D + stroke is NFC-only; the tone marks
    // are combining) finds the province like typed NFC text would.
    let nfd = "\u{110}o\u{302}\u{300}ng Tha\u{301}p";
    pty.text(&format!("\x1b[200~{nfd}\x1b[201~"));
    pty.wait_text("(1/12)");
    pty.wait_text("Đồng Tháp");
    pty.send(CTRL_Q);
    assert!(pty.wait_exit().success());
}

#[test]
fn sigkill_right_after_a_commit_keeps_the_value() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("db");
    let mut pty = start(&db);
    open_dong_thap(&mut pty);
    enter_export(&mut pty, "777");
    pty.signal(libc::SIGKILL);
    let status = pty.wait_exit();
    assert!(!status.success());

    let mut pty = start(&db);
    open_dong_thap(&mut pty);
    pty.wait_for("the value after SIGKILL", |s| {
        s.contents().contains("777,0")
    });
    pty.send(CTRL_Q);
    assert!(pty.wait_exit().success());
}

#[test]
fn sighup_while_editing_restores_the_terminal_and_exits() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("db");
    let mut pty = start(&db);
    open_dong_thap(&mut pty);
    pty.text("12");
    pty.wait_text("12 ");
    pty.with_screen(|s| assert!(s.alternate_screen()));
    pty.signal(libc::SIGHUP);
    let status = pty.wait_exit();
    assert_eq!(status.exit_code(), 129, "{status:?}");
    pty.with_screen(|s| {
        assert!(!s.alternate_screen(), "still on the alternate screen");
        assert!(!s.hide_cursor(), "cursor still hidden");
    });
    // The next start opens the database (no stale lock).
    let mut pty = start(&db);
    pty.send(CTRL_Q);
    assert!(pty.wait_exit().success());
}

#[test]
fn resizing_the_terminal_shows_a_notice_then_the_screen_again() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut pty = start(&dir.path().join("db"));
    pty.resize(20, 5);
    pty.wait_text("Cửa sổ quá nhỏ");
    pty.resize(1, 1);
    pty.resize(79, 23);
    pty.wait_text("Các tỉnh (12/12)");
    pty.send(CTRL_Q);
    assert!(pty.wait_exit().success());
}

/// The screen the real binary leaves after scrolling (drawn with scroll
/// regions and relative cursor moves) equals a fresh render of the same
/// state: no stale cell anywhere.
#[test]
fn scrolling_entry_leaves_exactly_the_rendered_screen() {
    use thidua::tui::Action;
    let dir = tempfile::tempdir().expect("temp dir");
    let mut pty = start(&dir.path().join("db"));
    open_dong_thap(&mut pty);
    let render_dir = tempfile::tempdir().expect("temp dir");
    let mut app = tui_common::app(render_dir.path(), 80, 24);
    tui_common::type_text(&mut app, "dong thap");
    app.update(Action::Open);
    let steps: Vec<(&[u8], Action, usize)> = vec![
        (DOWN, Action::Down, 25),
        (PAGE_DOWN, Action::PageDown, 2),
        (UP, Action::Up, 30),
        (PAGE_DOWN, Action::PageDown, 5),
        (b"\x1b[H", Action::Home, 1),
        (b"\x1b[F", Action::End, 1),
    ];
    for (key, action, times) in steps {
        for _ in 0..times {
            pty.send(key);
            app.update(action.clone());
        }
        // All but the status line (the database path differs).
        let expected: Vec<String> = tui_common::screen(&app, 80, 24)[..23]
            .iter()
            .map(|l| l.trim_end().to_string())
            .collect();
        pty.wait_for("the rendered screen", |s| {
            let rows: Vec<String> = s
                .rows(0, 80)
                .take(23)
                .map(|r| r.trim_end().to_string())
                .collect();
            rows == expected
        });
    }
    pty.send(CTRL_Q);
    assert!(pty.wait_exit().success());
}
