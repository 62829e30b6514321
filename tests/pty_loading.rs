//! The real binary in a pseudo-terminal: the first frame is drawn before
//! any figure is read and says which period is being read; the frame
//! after it shows the figures (issue #17 item 1, item 5's one-line
//! progress).

mod pty_common;

use std::path::PathBuf;

use pty_common::*;

fn binary() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_thidua"))
}

#[test]
fn the_first_frame_names_the_period_being_read_then_the_figures_follow() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("db");
    let mut pty = Pty::start(&binary(), &["--db", db.to_str().expect("utf-8")], 80, 24);
    pty.wait_text("Các tỉnh (12/12)");
    pty.wait_text("An Giang");
    let raw = pty.with(|o| String::from_utf8_lossy(&o.raw).to_string());
    let progress = raw
        .find("Đang đọc số liệu kỳ 2021-H1…")
        .expect("the progress line");
    let figures = raw.find("An Giang").expect("the list");
    assert!(progress < figures, "the progress first: {raw:?}");
    // Its frame was complete (the footer drawn) before any figure came.
    let footer = raw.find("F1 mọi phím").expect("footer");
    assert!(footer < figures, "{raw:?}");
    assert!(!pty.contents().contains("Đang đọc"), "{}", pty.contents());
    pty.send(CTRL_Q);
    pty.wait_exit();
}
