//! Whole-screen renders of the review screens on the built-in data, at
//! 80×24 and 120×40 (insta snapshots in tests/snapshots: each screen's body
//! drawn over the whole terminal), plus what the keys do on them.

mod tui_common;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use thidua::text::profile::{Ambiguous, Charset, Profile};
use thidua::tui::app::ReviewScreen;
use thidua::tui::{Action, App, Effect, Screen, TuiOptions, views};
use tui_common::{act, app_with_options};

/// An application on the built-in data showing `screen` (reached with F8
/// and Tab as an officer does), drawn with `profile`.
fn on_screen(dir: &std::path::Path, screen: ReviewScreen, profile: Profile) -> App {
    let options = TuiOptions {
        profile,
        ..TuiOptions::default()
    };
    let mut a = app_with_options(dir, &options, 80, 24);
    a.update(Action::ShowReview);
    while a.screen() != Screen::Review(screen) {
        a.update(Action::NextColumn);
    }
    a
}

/// Draw the screen's body over the whole of a `w`×`h` terminal and return
/// the lines (trailing spaces kept).
fn draw(app: &mut App, w: u16, h: u16) -> String {
    app.update(Action::Resize(w, h));
    let area = Rect::new(0, 0, w, h);
    let mut buf = Buffer::empty(area);
    views::body(app, area, &mut buf);
    let mut out = String::new();
    for y in 0..buf.area.height {
        let mut line = String::new();
        let mut skip = 0;
        for x in 0..buf.area.width {
            if skip > 0 {
                skip -= 1;
                continue;
            }
            let cell = &buf[(x, y)];
            line.push_str(cell.symbol());
            skip = unicode_width::UnicodeWidthStr::width(cell.symbol()).saturating_sub(1);
        }
        out.push_str(&line);
        out.push('\n');
    }
    out
}

/// Snapshots `{name}_80x24` and `{name}_120x40` of a screen; returns the
/// 80×24 text for further checks.
fn snapshot_both(name: &str, app: &mut App) -> String {
    let small = draw(app, 80, 24);
    insta::assert_snapshot!(format!("{name}_80x24"), &small);
    insta::assert_snapshot!(format!("{name}_120x40"), draw(app, 120, 40));
    small
}

#[test]
fn summary_renders_at_80x24_and_120x40() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut a = on_screen(dir.path(), ReviewScreen::Summary, Profile::default());
    snapshot_both("summary", &mut a);
}

#[test]
fn summary_scrolls_columns_keeping_the_names() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut a = on_screen(dir.path(), ReviewScreen::Summary, Profile::default());
    act(
        &mut a,
        [Action::Right, Action::Right, Action::Right, Action::Down],
    );
    let screen = draw(&mut a, 80, 24);
    let lines: Vec<&str> = screen.lines().collect();
    assert_eq!(
        lines[1],
        "Chỉ tiêu                           ◀    Lệch   % KH Cùng kỳ Thay đổi Đã báo cáo "
    );
    assert_eq!(
        lines[5],
        "Tổng thu ngân sách                   +36.266 72,27%  33.590  +54,95%  3/12 tỉnh "
    );
}

#[test]
fn ranking_renders_with_gauges_at_80x24_and_120x40() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut a = on_screen(dir.path(), ReviewScreen::Ranking, Profile::default());
    // Right once: from GRDP growth to budget revenue, which has plans.
    a.update(Action::Right);
    let screen = snapshot_both("ranking", &mut a);
    let lines: Vec<&str> = screen.lines().collect();
    assert_eq!(
        lines[4],
        "   2 Hậu Giang         2.550 ████████░░  76,64%                                 "
    );
    assert_eq!(
        lines[5],
        "   3 Bạc Liêu          2.353 ███████░░░  70,51%                                 "
    );
    assert_eq!(
        lines[6],
        "     An Giang   chưa báo cáo                                                    "
    );
}

#[test]
fn ranking_bar_chart_and_ascii_gauges() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut a = on_screen(dir.path(), ReviewScreen::Ranking, Profile::default());
    act(&mut a, [Action::Right, Action::ToggleChart]);
    insta::assert_snapshot!("ranking_chart_80x24", draw(&mut a, 80, 24));
    drop(a);
    let wide = Profile {
        ambiguous: Ambiguous::Wide,
        charset: Charset::Unicode,
    };
    let mut a = on_screen(dir.path(), ReviewScreen::Ranking, wide);
    a.update(Action::Right);
    let screen = draw(&mut a, 80, 24);
    let lines: Vec<&str> = screen.lines().collect();
    assert_eq!(
        lines[3],
        "   1 Long An          10.880 #######...  71,70%                                 "
    );
}

#[test]
fn score_renders_at_80x24_and_120x40() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut a = on_screen(dir.path(), ReviewScreen::Score, Profile::default());
    snapshot_both("score", &mut a);
}

#[test]
fn awards_renders_at_80x24_and_120x40() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut a = on_screen(dir.path(), ReviewScreen::Awards, Profile::default());
    let small = snapshot_both("awards", &mut a);
    let lines: Vec<&str> = small.lines().collect();
    assert_eq!(
        lines[13],
        "Bằng khen của Chủ tịch…                                                   24.550"
    );
}

#[test]
fn copy_sends_the_screen_table_as_osc52_tsv() {
    let dir = tempfile::tempdir().expect("temp dir");
    for screen in ReviewScreen::ALL {
        let mut a = on_screen(dir.path(), screen, Profile::default());
        // Wide enough for the whole message on the status line.
        a.update(Action::Resize(160, 24));
        let effect = a.update(Action::Copy);
        let tsv = a.review_table().expect("a review table").to_tsv();
        let b64 = base64::Engine::encode(&base64::engine::general_purpose::STANDARD, &tsv);
        assert_eq!(
            effect,
            Some(Effect::Clipboard(format!("\x1b]52;c;{b64}\x07"))),
            "{screen:?}"
        );
        let message = a.message().map(|m| m.text.clone()).unwrap_or_default();
        assert!(
            message.contains("thidua report --period 2021-H1"),
            "{message}"
        );
    }
}

/// Down to no room at all: no panic, and the heading shows as much of
/// itself as fits, with the ellipsis where it is cut.
#[test]
fn tiny_terminals_show_what_fits_of_the_heading() {
    let dir = tempfile::tempdir().expect("temp dir");
    for screen in ReviewScreen::ALL {
        for detail in [false, true] {
            if detail && screen != ReviewScreen::Score {
                continue;
            }
            let mut a = on_screen(dir.path(), screen, Profile::default());
            if detail {
                a.update(Action::Open);
            }
            let full = draw(&mut a, 80, 24);
            let heading = full.lines().next().unwrap_or("").trim_end().to_string();
            for (w, h) in [(0, 0), (1, 1), (10, 2), (30, 3), (80, 1)] {
                let text = draw(&mut a, w, h);
                let lines: Vec<&str> = text.lines().collect();
                assert_eq!(lines.len(), usize::from(h), "{screen:?} {w}×{h}");
                if h > 0 {
                    let want = thidua::tui::vn::fit(
                        &heading,
                        usize::from(w),
                        thidua::tui::vn::Align::Left,
                    );
                    assert_eq!(lines[0], want, "{screen:?} {w}×{h}");
                }
            }
        }
    }
}
