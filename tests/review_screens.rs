//! Whole-screen renders of the review screens on the built-in data, at
//! 80×24 and 120×40 (insta snapshots in tests/snapshots), plus what the
//! keys do on them.

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::widgets::Widget;
use thidua::model::{Cluster, Figures, Period, PeriodData};
use thidua::store::builtin;
use thidua::text::profile::{Ambiguous, Charset, Profile};
use thidua::tui::views::awards::AwardsView;
use thidua::tui::views::ranking::RankingView;
use thidua::tui::views::review::{self, Outcome, ReviewAction, ReviewScreen, ReviewState};
use thidua::tui::views::score::ScoreView;
use thidua::tui::views::summary::SummaryView;

fn h1() -> Period {
    "2021-H1".parse().expect("period")
}

fn builtin_data() -> (Cluster, Figures) {
    let (cluster, values) = builtin::load().expect("built-in data");
    (cluster, Figures::new(values))
}

/// Draw `screen` at `w`×`h` and return the lines (trailing spaces kept).
fn draw(
    screen: ReviewScreen,
    state: &ReviewState,
    data: PeriodData,
    profile: &Profile,
    w: u16,
    h: u16,
) -> String {
    let mut terminal = Terminal::new(TestBackend::new(w, h)).expect("terminal");
    terminal
        .draw(|f| {
            let area = f.area();
            let buf = f.buffer_mut();
            match screen {
                ReviewScreen::Summary => (&SummaryView {
                    data,
                    state: &state.summary,
                    profile,
                })
                    .render(area, buf),
                ReviewScreen::Ranking => (&RankingView {
                    data,
                    state: &state.ranking,
                    profile,
                })
                    .render(area, buf),
                ReviewScreen::Score => (&ScoreView {
                    data,
                    state: &state.score,
                    profile,
                })
                    .render(area, buf),
                ReviewScreen::Awards => (&AwardsView {
                    data,
                    state: &state.awards,
                    profile,
                })
                    .render(area, buf),
            }
        })
        .expect("draw");
    let buf = terminal.backend().buffer();
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

fn act(
    screen: ReviewScreen,
    state: &mut ReviewState,
    data: &PeriodData,
    actions: &[ReviewAction],
) -> Vec<Outcome> {
    actions
        .iter()
        .map(|a| review::update(screen, state, data, a.clone()))
        .collect()
}

/// Snapshots `{name}_80x24` and `{name}_120x40` of a screen (default
/// profile); returns the 80×24 text for further checks.
fn snapshot_both(
    name: &str,
    screen: ReviewScreen,
    state: &ReviewState,
    data: PeriodData,
) -> String {
    let p = Profile::default();
    let small = draw(screen, state, data, &p, 80, 24);
    insta::assert_snapshot!(format!("{name}_80x24"), &small);
    insta::assert_snapshot!(
        format!("{name}_120x40"),
        draw(screen, state, data, &p, 120, 40)
    );
    small
}

macro_rules! data {
    ($c:expr, $f:expr) => {
        PeriodData {
            cluster: &$c,
            figures: &$f,
            period: h1(),
        }
    };
}

#[test]
fn summary_renders_at_80x24_and_120x40() {
    let (c, f) = builtin_data();
    let state = ReviewState::default();
    snapshot_both("summary", ReviewScreen::Summary, &state, data!(c, f));
}

#[test]
fn summary_scrolls_columns_keeping_the_names() {
    let (c, f) = builtin_data();
    let data = data!(c, f);
    let mut state = ReviewState::default();
    act(
        ReviewScreen::Summary,
        &mut state,
        &data,
        &[
            ReviewAction::Right,
            ReviewAction::Right,
            ReviewAction::Right,
            ReviewAction::Down,
        ],
    );
    let screen = draw(
        ReviewScreen::Summary,
        &state,
        data,
        &Profile::default(),
        80,
        24,
    );
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
    let (c, f) = builtin_data();
    let data = data!(c, f);
    let mut state = ReviewState::default();
    // Right once: from GRDP growth to budget revenue, which has plans.
    act(
        ReviewScreen::Ranking,
        &mut state,
        &data,
        &[ReviewAction::Right],
    );
    let screen = snapshot_both("ranking", ReviewScreen::Ranking, &state, data);
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
    let (c, f) = builtin_data();
    let data = data!(c, f);
    let mut state = ReviewState::default();
    act(
        ReviewScreen::Ranking,
        &mut state,
        &data,
        &[ReviewAction::Right, ReviewAction::ToggleChart],
    );
    insta::assert_snapshot!(
        "ranking_chart_80x24",
        draw(
            ReviewScreen::Ranking,
            &state,
            data,
            &Profile::default(),
            80,
            24
        )
    );
    state.ranking.chart = false;
    let wide = Profile {
        ambiguous: Ambiguous::Wide,
        charset: Charset::Unicode,
    };
    let screen = draw(ReviewScreen::Ranking, &state, data, &wide, 80, 24);
    let lines: Vec<&str> = screen.lines().collect();
    assert_eq!(
        lines[3],
        "   1 Long An          10.880 #######...  71,70%                                 "
    );
}

#[test]
fn score_renders_at_80x24_and_120x40() {
    let (c, f) = builtin_data();
    let state = ReviewState::default();
    snapshot_both("score", ReviewScreen::Score, &state, data!(c, f));
}

#[test]
fn score_detail_shows_values_formula_and_points() {
    let (c, f) = builtin_data();
    let data = data!(c, f);
    let mut state = ReviewState::default();
    // Long An is 8th; its detail; budget revenue is the 2nd scored indicator.
    let mut keys = vec![ReviewAction::Down; 7];
    keys.push(ReviewAction::Open);
    keys.push(ReviewAction::Down);
    act(ReviewScreen::Score, &mut state, &data, &keys);
    let screen = draw(
        ReviewScreen::Score,
        &state,
        data,
        &Profile::default(),
        80,
        24,
    );
    insta::assert_snapshot!("score_detail_80x24", &screen);
    let lines: Vec<&str> = screen.lines().collect();
    assert_eq!(
        lines[22].trim_end(),
        "1 × min(10.880 ÷ 15.174,34; 1) = 1 × 0,7170 = 0,7170 điểm"
    );
}

#[test]
fn weight_is_edited_in_the_detail_and_handed_to_the_store() {
    let (c, f) = builtin_data();
    let data = data!(c, f);
    let mut state = ReviewState::default();
    act(
        ReviewScreen::Score,
        &mut state,
        &data,
        &[ReviewAction::Open],
    );
    let out = act(
        ReviewScreen::Score,
        &mut state,
        &data,
        &[
            ReviewAction::EditWeight,
            ReviewAction::DeleteBack,
            ReviewAction::Insert('2'),
            ReviewAction::Insert(','),
            ReviewAction::Insert('5'),
            ReviewAction::Open,
        ],
    );
    assert_eq!(
        out.last(),
        Some(&Outcome::SetWeight {
            indicator: "GRDP_GROWTH".into(),
            weight: "2.5".parse().expect("decimal")
        })
    );
    // A bad weight stays in the editor with a message.
    let out = act(
        ReviewScreen::Score,
        &mut state,
        &data,
        &[ReviewAction::Insert('x'), ReviewAction::Insert('x')],
    );
    assert!(out.iter().all(|o| *o == Outcome::Handled));
    assert_eq!(
        state
            .score
            .detail
            .as_ref()
            .and_then(|d| d.weight_input.clone()),
        None
    );
    act(
        ReviewScreen::Score,
        &mut state,
        &data,
        &[
            ReviewAction::Insert('7'),
            ReviewAction::Insert('x'),
            ReviewAction::Open,
        ],
    );
    let detail = state.score.detail.clone().expect("detail open");
    assert_eq!(detail.weight_input.as_deref(), Some("7x"));
    assert!(
        detail
            .error
            .is_some_and(|e| e.starts_with("Trọng số «7x» không hợp lệ"))
    );
    // Esc: editor, then detail, then leave the screen.
    let out = act(
        ReviewScreen::Score,
        &mut state,
        &data,
        &[ReviewAction::Back, ReviewAction::Back, ReviewAction::Back],
    );
    assert_eq!(
        out,
        vec![Outcome::Handled, Outcome::Handled, Outcome::Leave]
    );
}

#[test]
fn awards_renders_at_80x24_and_120x40() {
    let (c, f) = builtin_data();
    let state = ReviewState::default();
    let small = snapshot_both("awards", ReviewScreen::Awards, &state, data!(c, f));
    let lines: Vec<&str> = small.lines().collect();
    assert_eq!(
        lines[13],
        "Bằng khen của Chủ tịch…                                                   24.550"
    );
}

#[test]
fn copy_sends_the_screen_table_as_osc52_tsv() {
    let (c, f) = builtin_data();
    let data = data!(c, f);
    for screen in ReviewScreen::ALL {
        let mut state = ReviewState::default();
        let out = act(screen, &mut state, &data, &[ReviewAction::Copy]);
        let Some(Outcome::Copy(copy)) = out.first() else {
            panic!("no copy on {screen:?}");
        };
        let tsv = review::table_on_screen(screen, &state, &data).to_tsv();
        let b64 = base64::Engine::encode(&base64::engine::general_purpose::STANDARD, &tsv);
        assert_eq!(copy.sequence, format!("\x1b]52;c;{b64}\x07"));
        assert!(copy.message.contains("thidua report --period 2021-H1"));
    }
}

#[test]
fn tiny_terminals_do_not_panic() {
    let (c, f) = builtin_data();
    let mut state = ReviewState::default();
    state.score.detail = Some(review::DetailState {
        province: "LA".into(),
        ..Default::default()
    });
    for screen in ReviewScreen::ALL {
        for (w, h) in [(0, 0), (1, 1), (10, 2), (30, 3), (80, 1)] {
            let _ = draw(screen, &state, data!(c, f), &Profile::default(), w, h);
            let _ = draw(
                screen,
                &ReviewState::default(),
                data!(c, f),
                &Profile::default(),
                w,
                h,
            );
        }
    }
}
