//! Figures derived from other indicators, as a user sees them on the whole
//! screen (TestBackend): "Thu ngân sách đạt % dự toán" in the Matrix and in
//! Entry, filled from the budget and its implied plan, in the derived
//! style; a typed figure wins, and after Delete the derived one is back.

mod tui_common;

use ratatui::style::Color;
use thidua::tui::action::Step;
use thidua::tui::{Action, App};
use tui_common::{act, app, buffer, screen, type_text};

const W: u16 = 80;
const H: u16 = 24;

/// Matrix on the BUDGET_REV_PCT_EST column (the third), cursor on the first
/// province (An Giang).
fn matrix_on_budget_share(a: &mut App) {
    a.update(Action::ShowMatrix);
    act(a, [Action::Right, Action::Right]);
}

/// The screen line of a province's row.
fn row<'a>(lines: &'a [String], name: &str) -> &'a str {
    lines
        .iter()
        .find(|l| l.starts_with(&format!("│{name} ")))
        .unwrap_or_else(|| panic!("no row {name}: {lines:#?}"))
}

/// Rank column and the current column's cell of a Matrix row (the third
/// indicator column: name 13, rank 5, then 11 per column).
fn rank_and_cell(line: &str) -> (String, String) {
    let chars: Vec<char> = line.chars().collect();
    let take = |from: usize, n: usize| -> String {
        chars[from..from + n]
            .iter()
            .collect::<String>()
            .trim()
            .to_string()
    };
    (take(1 + 13, 5), take(1 + 13 + 5 + 1 + 2 * 11, 10))
}

/// Foreground colour of the first drawn character of `text` on line `y`.
fn fg_of(a: &App, y: u16, text: &str) -> Option<Color> {
    let buf = buffer(a, W, H);
    let line: String = (0..W)
        .map(|x| buf.cell((x, y)).map(|c| c.symbol()).unwrap_or(" "))
        .collect();
    let byte = line.find(text)?;
    let x = line[..byte].chars().count() as u16;
    buf.cell((x, y)).and_then(|c| c.style().fg)
}

fn line_no(lines: &[String], name: &str) -> u16 {
    lines
        .iter()
        .position(|l| l.starts_with(&format!("│{name} ")))
        .expect("row") as u16
}

#[test]
fn matrix_shows_the_budget_share_of_plan_ranked_with_its_completeness() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut a = app(dir.path(), W, H);
    matrix_on_budget_share(&mut a);
    let lines = screen(&a, W, H);
    // The name on the left, the count at the right end.
    assert!(
        lines[2].starts_with("│Thu ngân sách đạt % dự toán (%) ")
            && lines[2].ends_with(" 3/12 tỉnh│"),
        "{}",
        lines[2]
    );
    let got: Vec<(String, String)> = ["Hậu Giang", "Long An", "Bạc Liêu", "An Giang"]
        .iter()
        .map(|n| rank_and_cell(row(&lines, n)))
        .collect();
    assert_eq!(
        got,
        [
            ("1".into(), "76,64".into()),
            ("2".into(), "71,70".into()),
            ("3".into(), "70,51".into()),
            (String::new(), String::new()),
        ],
        "{lines:#?}"
    );
    // Cluster: Σ revenue ÷ Σ implied plans.
    assert_eq!(rank_and_cell(row(&lines, "Cả cụm: tính")).1, "72,27");
    // Computed, not typed: the derived colour.
    let y = line_no(&lines, "Hậu Giang");
    assert_eq!(fg_of(&a, y, "76,64"), Some(Color::Cyan));
}

#[test]
fn entry_of_hau_giang_shows_76_64_on_the_share_of_plan_row() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut a = app(dir.path(), W, H);
    type_text(&mut a, "hau giang");
    a.update(Action::Open);
    let lines = screen(&a, W, H);
    let (y, line) = lines
        .iter()
        .enumerate()
        .find(|(_, l)| l.contains("Thu ngân sách đ"))
        .unwrap_or_else(|| panic!("share row: {lines:#?}"));
    // Under "Thực hiện", right-aligned like every actual.
    let header = &lines[2];
    let end = |s: &str, pat: &str| {
        s.find(pat)
            .map(|b| s[..b].chars().count() + pat.chars().count())
    };
    assert_eq!(
        end(line, "76,64"),
        end(header, "Thực hiện"),
        "{header}\n{line}"
    );
    assert_eq!(fg_of(&a, y as u16, "76,64"), Some(Color::Cyan));
}

#[test]
fn a_typed_share_wins_and_delete_brings_the_derived_one_back() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut a = app(dir.path(), W, H);
    matrix_on_budget_share(&mut a);
    // An Giang, Bạc Liêu, Bến Tre, Cà Mau, Đồng Tháp, then Hậu Giang.
    act(&mut a, std::iter::repeat_n(Action::Down, 5));
    a.update(Action::EditWith('8'));
    type_text(&mut a, "0");
    a.update(Action::Commit(Step::Stay));
    // Move off the cell so it is drawn plain, not selected.
    a.update(Action::Up);
    let lines = screen(&a, W, H);
    assert_eq!(
        rank_and_cell(row(&lines, "Hậu Giang")),
        ("1".into(), "80,00".into())
    );
    assert!(lines[2].ends_with(" 3/12 tỉnh│"), "{}", lines[2]);
    let y = line_no(&lines, "Hậu Giang");
    assert_ne!(
        fg_of(&a, y, "80,00"),
        Some(Color::Cyan),
        "typed: plain text"
    );

    a.update(Action::Down);
    a.update(Action::Clear);
    a.update(Action::Confirm);
    a.update(Action::Up);
    let lines = screen(&a, W, H);
    assert_eq!(
        rank_and_cell(row(&lines, "Hậu Giang")),
        ("1".into(), "76,64".into())
    );
    assert_eq!(fg_of(&a, y, "76,64"), Some(Color::Cyan));
}

/// Delete on a derived figure stores nothing to clear: the status line says
/// how the figure is computed; on an empty cell, that it is empty.
#[test]
fn delete_on_a_derived_or_empty_cell_says_why_nothing_happens() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut a = app(dir.path(), W, H);
    matrix_on_budget_share(&mut a);
    // Hậu Giang's 76,64 is derived.
    act(&mut a, std::iter::repeat_n(Action::Down, 5));
    a.update(Action::Clear);
    let lines = screen(&a, W, H);
    assert!(
        lines[H as usize - 1].starts_with("Không có gì để xoá: số tính từ «Tổng thu ngân sách» "),
        "{}",
        lines[H as usize - 1]
    );
    assert!(row(&lines, "Hậu Giang").contains("76,64"));
    // An Giang has no figure in the column.
    act(&mut a, std::iter::repeat_n(Action::Up, 5));
    a.update(Action::Clear);
    let lines = screen(&a, W, H);
    assert!(
        lines[H as usize - 1].starts_with("Ô trống: không có gì để xoá"),
        "{}",
        lines[H as usize - 1]
    );
}

/// Without colour, derived figures are italic and the Matrix's legend says
/// so; with colour, it names the colour.
#[test]
fn the_matrix_legend_names_the_derived_style_with_and_without_colour() {
    use ratatui::style::Modifier;
    for (color, legend) in [
        (true, "Số màu xanh lơ: tính ra"),
        (false, "Số in nghiêng: tính ra"),
    ] {
        let dir = tempfile::tempdir().expect("temp dir");
        let options = thidua::tui::TuiOptions {
            color,
            ..thidua::tui::TuiOptions::default()
        };
        let mut a = tui_common::app_with_options(dir.path(), &options, W, H);
        matrix_on_budget_share(&mut a);
        let lines = screen(&a, W, H);
        let cluster = line_no(&lines, "Cả cụm: tính");
        assert!(
            lines[usize::from(cluster) - 1].starts_with(&format!("│{legend}")),
            "{}",
            lines[usize::from(cluster) - 1]
        );
        if !color {
            let y = line_no(&lines, "Hậu Giang");
            let buf = buffer(&a, W, H);
            let x = lines[usize::from(y)]
                .find("76,64")
                .map(|b| lines[usize::from(y)][..b].chars().count())
                .expect("76,64") as u16;
            let cell = buf.cell((x, y)).expect("cell");
            assert!(cell.modifier.contains(Modifier::ITALIC), "{cell:?}");
        }
    }
}
