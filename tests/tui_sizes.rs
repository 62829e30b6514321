//! Any terminal size, down to 1×1, and resizes: never a panic; a screen
//! that fits is drawn with its title, one that does not gets a short
//! centred notice; every line exactly as wide as the terminal.

mod tui_common;

use thidua::tui::action::Step;
use thidua::tui::{Action, App, vn};
use tui_common::{act, app, screen, type_text};

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

const STATES: [&str; 13] = [
    "provinces",
    "no match",
    "entry",
    "entry editing",
    "matrix editing",
    "help",
    "picker",
    "finder",
    "history",
    "summary",
    "ranking chart",
    "score detail, weight typed",
    "awards",
];

/// Every screen, including while editing.
fn state(name: &str, dir: &std::path::Path, w: u16, h: u16) -> App {
    let mut a = app(dir, w, h);
    match name {
        "provinces" => {}
        "no match" => type_text(&mut a, "zzz"),
        "entry" => act(&mut a, [Action::Open]),
        "entry editing" => {
            act(&mut a, [Action::Open, Action::EditWith('4')]);
            type_text(&mut a, "2,123456789012345");
        }
        "matrix editing" => act(
            &mut a,
            [Action::ShowMatrix, Action::End, Action::EditWith('1')],
        ),
        "help" => act(&mut a, [Action::Help, Action::End]),
        "picker" => act(&mut a, [Action::PickPeriod]),
        "finder" => {
            act(&mut a, [Action::ShowMatrix, Action::FindIndicator]);
            type_text(&mut a, "xa dat chuan nong thon moi nang cao");
        }
        "history" => act(&mut a, [Action::ShowMatrix, Action::ShowHistory]),
        "summary" => act(&mut a, [Action::ShowReview, Action::End, Action::Right]),
        "ranking chart" => act(
            &mut a,
            [
                Action::ShowReview,
                Action::NextColumn,
                Action::Right,
                Action::ToggleChart,
                Action::End,
            ],
        ),
        "score detail, weight typed" => act(
            &mut a,
            [
                Action::ShowReview,
                Action::NextColumn,
                Action::NextColumn,
                Action::End,
                Action::Open,
                Action::End,
                Action::Edit,
                Action::Insert('7'),
            ],
        ),
        "awards" => act(
            &mut a,
            [
                Action::ShowReview,
                Action::PrevColumn,
                Action::End,
                Action::Right,
            ],
        ),
        other => panic!("no state {other}"),
    }
    a
}

#[test]
fn every_screen_at_every_size_shows_itself_or_a_notice() {
    let dir = tempfile::tempdir().expect("temp dir");
    for (w, h) in SIZES {
        for name in STATES {
            let a = state(name, dir.path(), w, h);
            let lines = screen(&a, w, h);
            let what = format!("{name} at {w}×{h}: {lines:#?}");
            assert_eq!(lines.len(), usize::from(h), "{what}");
            for line in &lines {
                assert_eq!(vn::width(line), usize::from(w), "{what}");
            }
            let need = a.screen().min_size();
            if w >= need.width && h >= need.height {
                assert!(lines[0].starts_with(a.screen().title()), "{what}");
            } else {
                // The notice's first line, centred on the middle rows.
                let notice = vn::fit("Cửa sổ quá nhỏ", usize::from(w), vn::Align::Center);
                let top = usize::from(h.saturating_sub(3) / 2);
                assert_eq!(lines[top], notice, "{what}");
            }
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

/// A terminal shrunk below a screen's size and grown back (an SSH window
/// dragged small by mistake) shows the screen as it was: the list is not
/// scrolled to put the selection at the top.
#[test]
fn shrinking_below_the_minimum_and_back_keeps_the_view() {
    let dir = tempfile::tempdir().expect("temp dir");
    for actions in [
        vec![Action::Open, Action::Down, Action::Down],
        vec![Action::Down; 5],
        vec![Action::ShowMatrix, Action::Down, Action::Down],
    ] {
        let mut a = app(dir.path(), 80, 24);
        act(&mut a, actions.clone());
        let before = screen(&a, 80, 24);
        for (w, h) in [(2, 2), (50, 14), (20, 5)] {
            a.update(Action::Resize(w, h));
            let _ = screen(&a, w, h);
        }
        a.update(Action::Resize(80, 24));
        assert_eq!(screen(&a, 80, 24), before, "{actions:?}");
    }
}
