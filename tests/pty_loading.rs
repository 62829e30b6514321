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

/// `THIDUA_START_MARKS` (what `bench_start` reads): the first frame's mark,
/// then the figures', each on the monotonic clock after the frame was
/// written.
#[test]
fn start_marks_say_when_the_first_frame_and_the_figures_were_written() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("db");
    let marks = dir.path().join("marks");
    let before = thidua::tui::start_marks::monotonic_ns();
    let env = [(
        thidua::tui::start_marks::VAR,
        marks.to_str().expect("utf-8"),
    )];
    let mut pty = Pty::start_as(
        &binary(),
        &["--db", db.to_str().expect("utf-8")],
        &env,
        80,
        24,
        TermKind::NARROW,
    );
    pty.wait_text("An Giang");
    let seen = thidua::tui::start_marks::monotonic_ns();
    pty.send(CTRL_Q);
    pty.wait_exit();
    let text = std::fs::read_to_string(&marks).expect("marks written");
    let lines: Vec<(&str, u128)> = text
        .lines()
        .map(|l| {
            let (name, ns) = l.split_once(' ').expect("NAME NS");
            (name, ns.parse().expect("nanoseconds"))
        })
        .collect();
    let names: Vec<&str> = lines.iter().map(|(n, _)| *n).collect();
    assert_eq!(names, ["first-frame", "figures-shown"], "{text}");
    let (first, figures) = (lines[0].1, lines[1].1);
    // The figures' frame is on the screen once its mark's moment is
    // near; the first frame's mark came before that frame was written.
    assert!(
        before < first && first <= figures && first < seen,
        "{before} {seen}: {text}"
    );
}
