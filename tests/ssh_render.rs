//! Every screen at 80×24 in the two profiles for difficult terminals:
//! `--ascii` (nothing but ASCII) and ambiguous-wide (PuTTY's "treat CJK
//! ambiguous characters as wide": à á è é ê ì í ò ó ù ú đ, box drawing and
//! blocks take two columns). Each screen is measured as such a terminal
//! would draw it: every line exactly 80 columns, borders in the first and
//! last column, and every province name whole. Snapshots under
//! tests/snapshots (`ssh_render__*`). The review screens (Summary, Ranking
//! with its chart, Score, Awards) are in the list too.

mod tui_common;

use thidua::text::profile::{Ambiguous, Charset, Profile, is_ambiguous};
use thidua::tui::action::Step;
use thidua::tui::{self, Action, App, TuiOptions};
use tui_common::{act, app_with_options, screen, type_text};
use unicode_normalization::UnicodeNormalization;
use unicode_width::UnicodeWidthChar;

const W: u16 = 80;
const H: u16 = 24;

const ASCII: Profile = Profile {
    ambiguous: Ambiguous::Narrow,
    charset: Charset::Ascii,
};
const WIDE: Profile = Profile {
    ambiguous: Ambiguous::Wide,
    charset: Charset::Unicode,
};

fn app_with(dir: &std::path::Path, profile: Profile) -> App {
    let options = TuiOptions {
        profile,
        color: true,
        ..TuiOptions::default()
    };
    app_with_options(dir, &options, W, H)
}

/// Columns a terminal drawing ambiguous characters wide gives `line`.
fn wide_width(line: &str) -> usize {
    line.chars()
        .map(|c| {
            if is_ambiguous(c) {
                2
            } else {
                c.width().unwrap_or(0)
            }
        })
        .sum()
}

/// The text of a line without diacritics, as the ASCII profile shows it.
fn unaccented(s: &str) -> String {
    s.nfd()
        .filter(|c| c.is_ascii())
        .collect::<String>()
        .replace('\u{0}', "")
}

fn ascii_name(name: &str) -> String {
    unaccented(&name.replace('Đ', "D").replace('đ', "d"))
}

/// Borders in the first and last column from the frame's top to its bottom
/// (screens drawn in a frame; the review screens are open tables).
fn assert_boxed(lines: &[String], corner: char, vertical: char, what: &str) {
    if !lines[1].starts_with(corner) {
        return;
    }
    let first = |l: &String| l.chars().next();
    let last = |l: &String| l.chars().last();
    let top = 1;
    let bottom = lines.len() - 3;
    for (y, l) in lines.iter().enumerate().take(bottom + 1).skip(top) {
        let edge = if y == top || y == bottom {
            corner
        } else {
            vertical
        };
        assert_eq!(
            first(l),
            Some(edge),
            "{what}: line {y} {l:?}\n{}",
            lines.join("\n")
        );
        assert_eq!(
            last(l),
            Some(edge),
            "{what}: line {y} {l:?}\n{}",
            lines.join("\n")
        );
    }
}

fn check_ascii(name: &str, a: &App) -> Vec<String> {
    let lines = screen(a, W, H);
    for (y, l) in lines.iter().enumerate() {
        assert!(l.is_ascii(), "{name}: line {y} not ASCII: {l:?}");
        assert_eq!(l.len(), usize::from(W), "{name}: line {y}: {l:?}");
    }
    assert_boxed(&lines, '+', '|', name);
    insta::assert_snapshot!(format!("ascii_{name}"), lines.join("\n"));
    lines
}

fn check_wide(name: &str, a: &App) -> Vec<String> {
    let lines = screen(a, W, H);
    for (y, l) in lines.iter().enumerate() {
        // `đ` keeps its spelling and takes the two columns it is drawn in.
        let bad: Vec<char> = l
            .chars()
            .filter(|c| is_ambiguous(*c) && *c != 'đ')
            .collect();
        assert!(
            bad.is_empty(),
            "{name}: line {y} draws ambiguous {bad:?}: {l:?}"
        );
        assert_eq!(wide_width(l), usize::from(W), "{name}: line {y}: {l:?}");
    }
    assert_boxed(&lines, '+', '|', name);
    let nfc: Vec<String> = lines.iter().map(|l| l.nfc().collect()).collect();
    insta::assert_snapshot!(format!("wide_{name}"), nfc.join("\n"));
    nfc
}

/// Every screen, built from a fresh app, checked by `check`.
fn every_screen(
    profile: Profile,
    check: fn(&str, &App) -> Vec<String>,
) -> Vec<(String, Vec<String>)> {
    type Build = fn(&mut App);
    let screens: [(&str, Build); 18] = [
        ("provinces", |_| {}),
        ("provinces_filtered", |a| type_text(a, "giang")),
        ("entry", |a| {
            type_text(a, "dong thap");
            a.update(Action::Open);
            act(a, [Action::Down, Action::Down, Action::Down]);
        }),
        ("entry_editing", |a| {
            type_text(a, "dong thap");
            a.update(Action::Open);
            a.update(Action::EditWith('6'));
            type_text(a, "2,5");
        }),
        ("entry_committed", |a| {
            type_text(a, "dong thap");
            a.update(Action::Open);
            a.update(Action::EditWith('6'));
            type_text(a, "2");
            a.update(Action::Commit(Step::Down));
        }),
        ("entry_error", |a| {
            type_text(a, "dong thap");
            a.update(Action::Open);
            a.update(Action::EditWith('6'));
            type_text(a, "2x");
            a.update(Action::Commit(Step::Down));
        }),
        ("matrix", |a| {
            a.update(Action::ShowMatrix);
            act(a, [Action::Right, Action::Right, Action::Right]);
        }),
        ("matrix_scrolled", |a| {
            a.update(Action::ShowMatrix);
            act(a, std::iter::repeat_n(Action::Right, 12));
        }),
        ("history", |a| {
            type_text(a, "dong thap");
            a.update(Action::Open);
            act(a, [Action::Down, Action::Down, Action::Down]);
            a.update(Action::EditWith('7'));
            a.update(Action::Commit(Step::Stay));
            a.update(Action::ShowHistory);
        }),
        ("help", |a| {
            a.update(Action::Help);
        }),
        ("summary", |a| {
            a.update(Action::ShowReview);
        }),
        ("ranking", |a| {
            a.update(Action::ShowReview);
            a.update(Action::NextColumn);
        }),
        ("ranking_chart", |a| {
            a.update(Action::ShowReview);
            a.update(Action::NextColumn);
            a.update(Action::ToggleChart);
        }),
        ("score", |a| {
            a.update(Action::ShowReview);
            act(a, [Action::NextColumn, Action::NextColumn]);
        }),
        ("score_detail", |a| {
            a.update(Action::ShowReview);
            act(a, [Action::NextColumn, Action::NextColumn, Action::Open]);
        }),
        ("awards", |a| {
            a.update(Action::ShowReview);
            act(
                a,
                [Action::NextColumn, Action::NextColumn, Action::NextColumn],
            );
        }),
        ("period_picker", |a| {
            a.update(Action::PickPeriod);
        }),
        ("indicator_finder", |a| {
            a.update(Action::ShowMatrix);
            a.update(Action::FindIndicator);
            for c in "ho ngheo".chars() {
                a.update(Action::Insert(c));
            }
        }),
    ];
    screens
        .iter()
        .map(|(name, build)| {
            let dir = tempfile::tempdir().expect("temp dir");
            let mut a = app_with(dir.path(), profile);
            build(&mut a);
            (name.to_string(), check(name, &a))
        })
        .collect()
}

#[test]
fn ascii_every_screen_is_plain_ascii_and_boxed() {
    let screens = every_screen(ASCII, check_ascii);
    for (name, lines) in &screens {
        if ["provinces", "matrix", "ranking", "score"].contains(&name.as_str()) {
            let text = lines.join("\n");
            for p in pty_common::PROVINCES {
                assert!(text.contains(&ascii_name(p)), "{name}: {p} missing\n{text}");
            }
        }
    }
}

#[test]
fn ambiguous_wide_every_screen_stays_aligned_with_names_whole() {
    let screens = every_screen(WIDE, check_wide);
    for (name, lines) in &screens {
        if ["provinces", "matrix", "ranking", "score"].contains(&name.as_str()) {
            let text = lines.join("\n");
            for p in pty_common::PROVINCES {
                assert!(text.contains(p), "{name}: {p} missing\n{text}");
            }
        }
    }
}

/// The control: the default profile on a wide terminal breaks the layout,
/// which is what the wide profile is for.
#[test]
fn the_narrow_profile_would_not_fit_a_wide_terminal() {
    let dir = tempfile::tempdir().expect("temp dir");
    let a = app_with(dir.path(), Profile::default());
    let lines = screen(&a, W, H);
    assert!(lines.iter().any(|l| wide_width(l) > usize::from(W)));
}

/// A notice instead of a screen that cannot fit, in both profiles.
#[test]
fn too_small_notice_in_both_profiles() {
    for profile in [ASCII, WIDE] {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut a = app_with(dir.path(), profile);
        a.update(Action::Resize(20, 5));
        let lines = screen(&a, 20, 5);
        let text: String = lines.join("\n").nfc().collect();
        assert!(
            text.contains("Cua so qua nho") || text.contains("Cửa sổ quá nhỏ"),
            "{text}"
        );
        for l in &lines {
            assert_eq!(wide_width(l), 20, "{l:?}");
        }
    }
}

mod pty_common;

/// What the terminal shows after the application's own writer
/// (`terminal::FrameWriter`: cell diff, relative moves, gap filling, erase to end of
/// line, scroll regions) equals what was rendered, after every step of a
/// long walk through every screen, in the default profile with and without
/// colour and in the wide profile (on an emulated terminal of the matching
/// kind); colours, weight, reverse and underline too.
#[test]
fn the_frame_writer_reproduces_every_frame_exactly() {
    use ratatui::layout::Size;
    use std::io::Write;
    use std::sync::{Arc, Mutex};
    use thidua::terminal::FrameWriter;

    #[derive(Clone, Default)]
    struct Sink(Arc<Mutex<Vec<u8>>>);
    impl Write for Sink {
        fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
            self.0.lock().expect("sink").extend_from_slice(b);
            Ok(b.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    let mut steps: Vec<Action> = Vec::new();
    steps.extend("giang".chars().map(Action::Insert));
    steps.extend([Action::Down, Action::Down, Action::Down, Action::Back]);
    steps.extend("dong thap".chars().map(Action::Insert));
    steps.push(Action::Open);
    steps.extend(std::iter::repeat_n(Action::Down, 6));
    steps.extend([
        Action::EditWith('6'),
        Action::Insert('2'),
        Action::Commit(Step::Down),
    ]);
    steps.extend([Action::PageDown, Action::PageUp, Action::End, Action::Home]);
    steps.extend([Action::NextColumn, Action::NextColumn, Action::PrevColumn]);
    steps.push(Action::ShowMatrix);
    steps.extend(std::iter::repeat_n(Action::Right, 13));
    steps.extend([Action::Down, Action::Down, Action::Left, Action::Left]);
    steps.extend([
        Action::EditWith('1'),
        Action::Insert('5'),
        Action::Commit(Step::Down),
    ]);
    steps.extend(std::iter::repeat_n(Action::Left, 12));
    steps.extend([
        Action::Undo,
        Action::Redo,
        Action::ShowHistory,
        Action::Back,
    ]);
    steps.extend([Action::ShowReview, Action::NextColumn, Action::ToggleChart]);
    steps.extend([
        Action::NextColumn,
        Action::Down,
        Action::NextColumn,
        Action::NextColumn,
    ]);
    steps.extend([Action::Help, Action::PageDown, Action::Help, Action::Back]);
    steps.extend([Action::PickPeriod, Action::Down, Action::Back]);
    steps.extend([Action::ShowMatrix, Action::FindIndicator]);
    steps.extend("nong thon".chars().map(Action::Insert));
    steps.extend([Action::Down, Action::Open, Action::Left, Action::Left]);
    steps.extend([Action::NextPeriod, Action::PrevPeriod]);

    for (profile, color) in [
        (Profile::default(), true),
        (Profile::default(), false),
        (WIDE, true),
    ] {
        let dir = tempfile::tempdir().expect("temp dir");
        let options = TuiOptions {
            profile,
            color,
            ..TuiOptions::default()
        };
        let mut a = app_with_options(dir.path(), &options, W, H);
        let sink = Sink::default();
        let mut screen = FrameWriter::new(Box::new(sink.clone())).with_size(Size::new(W, H));
        let wide = profile.ambiguous == Ambiguous::Wide;
        let mut emu = pty_common::Emu::new(W, H, wide);
        // vt100 for the colours and weights (it draws every character narrow,
        // which is right for the text of both profiles' frames' styles).
        let mut vt = vt100::Parser::new(
            std::num::NonZeroU16::new(H).expect("h"),
            std::num::NonZeroU16::new(W).expect("w"),
            0,
        );
        let mut check = |a: &App, what: &str, screen: &mut FrameWriter| {
            screen
                .draw(|area, buf| tui::views::draw(a, area, buf))
                .expect("draw");
            let bytes = std::mem::take(&mut *sink.0.lock().expect("sink"));
            emu.process(&bytes);
            vt.process(&bytes);
            let (want, buf) = screen_raw(a);
            for (y, line) in want.iter().enumerate() {
                assert_eq!(&emu.row(y), line, "{what}: row {y}\n{}", emu.contents());
            }
            if !wide {
                for y in 0..H {
                    for x in 0..W {
                        let (Some(got), Some(cell)) = (vt.screen().cell(y, x), buf.cell((x, y)))
                        else {
                            continue;
                        };
                        assert_eq!(
                            looks(got),
                            expected_look(cell),
                            "{what}: style at {x},{y} ({:?})",
                            cell.symbol()
                        );
                    }
                }
            }
        };
        check(&a, "first frame", &mut screen);
        for (i, step) in steps.iter().enumerate() {
            a.update(step.clone());
            check(&a, &format!("step {i} {step:?}"), &mut screen);
        }
    }
}

/// How a cell looks: background, reverse, underline, and for non-blank
/// cells also foreground and bold (a blank shows neither).
type Look = (Option<u8>, bool, bool, Option<u8>, bool);

fn looks(c: &vt100::Cell) -> Look {
    let idx = |c: vt100::Color| match c {
        vt100::Color::Idx(i) => Some(i),
        _ => None,
    };
    let blank = c.contents().trim().is_empty();
    (
        idx(c.bgcolor()),
        c.inverse(),
        c.underline(),
        if blank { None } else { idx(c.fgcolor()) },
        !blank && c.bold(),
    )
}

fn expected_look(c: &ratatui::buffer::Cell) -> Look {
    use ratatui::style::{Color, Modifier};
    let idx = |c: Color| match c {
        Color::Black => Some(0),
        Color::Red => Some(1),
        Color::Green => Some(2),
        Color::Yellow => Some(3),
        Color::Blue => Some(4),
        Color::Magenta => Some(5),
        Color::Cyan => Some(6),
        Color::Gray => Some(7),
        Color::DarkGray => Some(8),
        Color::LightRed => Some(9),
        Color::LightGreen => Some(10),
        Color::LightYellow => Some(11),
        Color::LightBlue => Some(12),
        Color::LightMagenta => Some(13),
        Color::LightCyan => Some(14),
        Color::White => Some(15),
        Color::Indexed(i) => Some(i),
        _ => None,
    };
    let blank = c.symbol().trim().is_empty();
    (
        idx(c.bg),
        c.modifier.contains(Modifier::REVERSED),
        c.modifier.contains(Modifier::UNDERLINED),
        if blank { None } else { idx(c.fg) },
        !blank && c.modifier.contains(Modifier::BOLD),
    )
}

/// The rendered lines without masking (what the terminal must show), and
/// the buffer.
fn screen_raw(a: &App) -> (Vec<String>, ratatui::buffer::Buffer) {
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;
    let mut term = Terminal::new(TestBackend::new(W, H)).expect("terminal");
    term.draw(|f| tui::views::render(a, f)).expect("draw");
    let buf = term.backend().buffer().clone();
    (tui_common::lines(&buf), buf)
}
