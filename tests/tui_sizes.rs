//! Any terminal size, down to 1×1, and resizes: never a panic; below what a
//! screen needs, a short centred notice.

mod tui_common;

use thidua::tui::action::Step;
use thidua::tui::{Action, App};
use tui_common::{app, screen, type_text};

const SIZES: [(u16, u16); 8] = [
    (1, 1),
    (2, 1),
    (20, 5),
    (30, 8),
    (59, 10),
    (79, 23),
    (80, 24),
    (200, 60),
];

const STATES: [&str; 8] = [
    "provinces",
    "no match",
    "entry",
    "entry editing",
    "matrix editing",
    "help",
    "picker",
    "history",
];

/// Every screen, including while editing.
fn state(name: &str, dir: &std::path::Path, w: u16, h: u16) -> App {
    let mut a = app(dir, w, h);
    match name {
        "no match" => type_text(&mut a, "zzz"),
        "entry" => a.update(Action::Open),
        "entry editing" => {
            a.update(Action::Open);
            a.update(Action::EditWith('4'));
            type_text(&mut a, "2,123456789012345");
        }
        "matrix editing" => {
            a.update(Action::ShowMatrix);
            a.update(Action::End);
            a.update(Action::EditWith('1'));
        }
        "help" => {
            a.update(Action::Help);
            a.update(Action::End);
        }
        "picker" => a.update(Action::PickPeriod),
        "finder" => {
            a.update(Action::ShowMatrix);
            a.update(Action::FindIndicator);
            type_text(&mut a, "xa dat chuan nong thon moi nang cao");
        }
        "history" => {
            a.update(Action::ShowMatrix);
            a.update(Action::ShowHistory);
        }
        _ => {}
    }
    a
}

#[test]
fn no_panic_at_any_size_on_any_screen() {
    let dir = tempfile::tempdir().expect("temp dir");
    for (w, h) in SIZES {
        for name in STATES {
            let a = state(name, dir.path(), w, h);
            let lines = screen(&a, w, h);
            assert_eq!(lines.len(), usize::from(h), "{name} {w}x{h}");
        }
    }
}

#[test]
fn small_terminal_gets_a_centred_notice() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut a = app(dir.path(), 20, 5);
    a.update(Action::Open);
    let lines = screen(&a, 20, 5);
    assert_eq!(
        lines,
        [
            "                    ",
            "   Cửa sổ quá nhỏ   ",
            "     cần 60×10      ",
            "   Ctrl+Q: thoát    ",
            "                    ",
        ]
    );
}

#[test]
fn resizing_keeps_the_selection_visible() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut a = app(dir.path(), 80, 24);
    a.update(Action::Open);
    a.update(Action::End);
    for (w, h) in [(80, 24), (60, 10), (1, 1), (120, 40), (79, 23)] {
        a.update(Action::Resize(w, h));
        let lines = screen(&a, w, h);
        assert_eq!(lines.len(), usize::from(h));
    }
    // The last indicator is on screen at 79×23 and can be edited there.
    a.update(Action::EditWith('3'));
    a.update(Action::Commit(Step::Stay));
    let lines = screen(&a, 79, 23);
    assert!(lines.iter().any(|l| l.starts_with("│✓ ")), "{lines:#?}");
}
