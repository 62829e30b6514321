//! Whole-screen renders of every screen on the built-in data, at 80×24 and
//! 120×40 (insta snapshots under tests/snapshots), with borders checked
//! straight on every line.

mod tui_common;

use thidua::tui::action::Step;
use thidua::tui::{Action, App, vn};
use tui_common::{act, app, screen, type_text};

const SIZES: [(u16, u16); 2] = [(80, 24), (120, 40)];

/// Every line exactly as wide as the terminal; the body's border columns
/// straight from top to bottom.
fn assert_straight(lines: &[String], w: u16) {
    let h = lines.len();
    for (y, line) in lines.iter().enumerate() {
        assert_eq!(vn::width(line), usize::from(w), "line {y} width: {line:?}");
    }
    let body = &lines[1..h - 2];
    let first: Vec<char> = body.iter().filter_map(|l| l.chars().next()).collect();
    let last: Vec<char> = body.iter().filter_map(|l| l.chars().last()).collect();
    assert_eq!(first.first(), Some(&'┌'), "{lines:#?}");
    assert_eq!(first.last(), Some(&'└'), "{lines:#?}");
    assert!(
        first[1..first.len() - 1].iter().all(|c| *c == '│'),
        "{lines:#?}"
    );
    assert_eq!(last.first(), Some(&'┐'));
    assert_eq!(last.last(), Some(&'┘'));
    assert!(
        last[1..last.len() - 1].iter().all(|c| *c == '│'),
        "{lines:#?}"
    );
}

fn snap(name: &str, build: impl Fn(&mut App)) {
    for (w, h) in SIZES {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut a = app(dir.path(), w, h);
        build(&mut a);
        let lines = screen(&a, w, h);
        assert_straight(&lines, w);
        insta::assert_snapshot!(format!("{name}_{w}x{h}"), lines.join("\n"));
    }
}

fn open_dong_thap(a: &mut App) {
    type_text(a, "dong thap");
    a.update(Action::Open);
}

fn to_export_row(a: &mut App) {
    // Kinh tế: GRDP; Ngân sách: revenue, % estimate; Xuất khẩu: export.
    act(a, [Action::Down, Action::Down, Action::Down]);
}

#[test]
fn provinces_in_vietnamese_order_with_completeness() {
    snap("provinces", |_| {});
    let dir = tempfile::tempdir().expect("temp dir");
    let a = app(dir.path(), 80, 24);
    let lines = screen(&a, 80, 24);
    let names: Vec<String> = lines[4..16]
        .iter()
        .map(|l| {
            l.chars()
                .skip(3)
                .take(12)
                .collect::<String>()
                .trim()
                .to_string()
        })
        .collect();
    assert_eq!(
        names,
        [
            "An Giang",
            "Bạc Liêu",
            "Bến Tre",
            "Cà Mau",
            "Đồng Tháp",
            "Hậu Giang",
            "Kiên Giang",
            "Long An",
            "Sóc Trăng",
            "Tiền Giang",
            "Trà Vinh",
            "Vĩnh Long"
        ]
    );
}

#[test]
fn provinces_filtered_accent_free() {
    snap("provinces_filtered", |a| type_text(a, "dong thap"));
    for query in ["dt", "ĐỒNG", "dong thap"] {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut a = app(dir.path(), 80, 24);
        type_text(&mut a, query);
        let lines = screen(&a, 80, 24);
        assert!(
            lines[4].starts_with("│  Đồng Tháp "),
            "{query}: {}",
            lines[4]
        );
        assert!(lines[1].contains("(1/12)"), "{query}: {}", lines[1]);
    }
}

#[test]
fn entry_shows_groups_and_figures_in_their_columns() {
    snap("entry", |a| {
        open_dong_thap(a);
        to_export_row(a);
    });
    let dir = tempfile::tempdir().expect("temp dir");
    let mut a = app(dir.path(), 80, 24);
    open_dong_thap(&mut a);
    let lines = screen(&a, 80, 24);
    assert!(lines[0].starts_with("Nhập liệu · Đồng Tháp · Kỳ 2021-H1"));
    let export = lines
        .iter()
        .find(|l| l.contains("Kim ngạch xuất"))
        .expect("export row");
    // plan, actual, % of plan under their headers.
    let header = &lines[2];
    let col = |s: &str, pat: &str| s.find(pat).map(|b| s[..b].chars().count());
    let end = |pat: &str| col(header, pat).map(|c| c + pat.chars().count());
    assert_eq!(
        col(export, "1.212,0").map(|c| c + 7),
        end("Kế hoạch"),
        "{header}\n{export}"
    );
    assert_eq!(col(export, "606,0").map(|c| c + 5), end("Thực hiện"));
    assert_eq!(col(export, "50,00").map(|c| c + 5), end("% KH"));
}

#[test]
fn entry_while_typing_a_value() {
    snap("entry_editing", |a| {
        open_dong_thap(a);
        to_export_row(a);
        a.update(Action::EditWith('1'));
        type_text(a, "234,5");
    });
}

#[test]
fn entry_after_commit_shows_value_and_saved_marker() {
    snap("entry_committed", |a| {
        open_dong_thap(a);
        to_export_row(a);
        a.update(Action::EditWith('1'));
        type_text(a, "234,5");
        a.update(Action::Commit(Step::Down));
    });
}

#[test]
fn matrix_provinces_by_indicator() {
    snap("matrix", |a| {
        a.update(Action::ShowMatrix);
        act(a, [Action::Right, Action::Right, Action::Right]);
    });
}

/// "Thu ngân sách đạt % dự toán": derived from the budget and its implied
/// plan (Hậu Giang 76,64, ranked 1 of 3), cluster from the sums.
#[test]
fn matrix_on_a_derived_share_of_plan_column() {
    snap("matrix_budget_share", |a| {
        a.update(Action::ShowMatrix);
        act(a, [Action::Right, Action::Right]);
    });
}

#[test]
fn history_of_a_cell() {
    snap("history", |a| {
        open_dong_thap(a);
        to_export_row(a);
        a.update(Action::EditWith('7'));
        a.update(Action::Commit(Step::Stay));
        a.update(Action::ShowHistory);
    });
}

#[test]
fn help_is_generated_from_the_key_table() {
    snap("help", |a| {
        a.update(Action::Help);
    });
}

#[test]
fn period_picker_lists_periods_with_data() {
    snap("period_picker", |a| {
        a.update(Action::PickPeriod);
    });
}

#[test]
fn indicator_finder_lists_matches_with_units() {
    snap("indicator_finder", |a| {
        a.update(Action::ShowMatrix);
        a.update(Action::FindIndicator);
        type_text(a, "ho ngheo");
    });
}

/// In ASCII mode (and ambiguous-wide mode) every screen is drawn with
/// ASCII borders; in ASCII mode no character outside ASCII is drawn.
#[test]
fn ascii_profile_draws_only_ascii() {
    use thidua::terminal::profile::explicit as profile;
    for (ascii, wide) in [(true, false), (false, true)] {
        let dir = tempfile::tempdir().expect("temp dir");
        let options = thidua::tui::TuiOptions {
            profile: profile(ascii, wide),
            color: false,
            ..thidua::tui::TuiOptions::default()
        };
        let mut a = tui_common::app_with_options(dir.path(), &options, 80, 24);
        open_dong_thap(&mut a);
        let lines = screen(&a, 80, 24);
        assert!(lines[1].starts_with("+- "), "{}", lines[1]);
        assert!(
            lines[2].starts_with('|') && lines[2].ends_with('|'),
            "{}",
            lines[2]
        );
        if ascii {
            assert!(lines.iter().all(|l| l.is_ascii()), "{lines:#?}");
            assert!(lines[0].starts_with("Nhap lieu"), "{}", lines[0]);
        }
    }
}
