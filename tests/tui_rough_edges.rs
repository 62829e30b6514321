//! The rough edges officers hit (#15 item 4), each as what the officer
//! sees on the screen: figures shown as they were typed, figures too wide
//! for their cell, Esc and stray digits, Entry's first row, ratios, local
//! time in History, the weight editor, the status line and the footer.

mod tui_common;

use thidua::tui::action::Step;
use thidua::tui::{Action, App, Screen};
use tui_common::{act, app, screen, type_text};

fn open_entry(a: &mut App, query: &str) {
    type_text(a, query);
    a.update(Action::Open);
    assert_eq!(a.screen(), Screen::Entry);
}

/// The screen line holding `needle`.
fn line_with(lines: &[String], needle: &str) -> String {
    lines
        .iter()
        .find(|l| l.contains(needle))
        .cloned()
        .unwrap_or_else(|| panic!("no line with {needle:?}:\n{}", lines.join("\n")))
}

/// Go to the row of indicator `name` in Entry (through the finder).
fn entry_row(a: &mut App, name: &str) {
    a.update(Action::FindIndicator);
    type_text(a, name);
    a.update(Action::Open);
    assert_eq!(a.screen(), Screen::Entry);
}

#[test]
fn a_plan_shows_the_decimals_it_was_entered_with() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut a = app(dir.path(), 120, 40);
    // Hậu Giang's budget estimate, implied by its 76,64 %: 3.327,24, not 3.327.
    open_entry(&mut a, "hau giang");
    let lines = screen(&a, 120, 40);
    let row = line_with(&lines, "Tổng thu ngân sách");
    assert!(row.contains("3.327,24"), "{row}");
    // A plan of 1,5 communes (plans may be fractional) shows as 1,5, not 2.
    entry_row(&mut a, "tong so xa");
    act(&mut a, [Action::Left]);
    a.update(Action::EditWith('1'));
    type_text(&mut a, ",5");
    a.update(Action::Commit(Step::Stay));
    let lines = screen(&a, 120, 40);
    let row = line_with(&lines, "tổng số xã ");
    assert!(row.contains(" 1,5 "), "{row}");
}

#[test]
fn a_number_too_wide_for_its_cell_shows_hashes_and_the_title_line_gives_it_whole() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut a = app(dir.path(), 80, 24);
    a.update(Action::ShowMatrix);
    // Tổng thu ngân sách, the first province.
    a.update(Action::Right);
    a.update(Action::EditWith('1'));
    type_text(&mut a, "23.456.789,5");
    a.update(Action::Commit(Step::Stay));
    let lines = screen(&a, 80, 24);
    assert!(!lines.join("\n").contains("123.456.7…"), "{lines:#?}");
    let row = line_with(&lines, "An Giang");
    assert!(row.contains("##########"), "{row}");
    assert!(
        lines[0].contains("Số trong ô: 123.456.789,5"),
        "{}",
        lines[0]
    );
    // Elsewhere the title line names the cluster again.
    a.update(Action::Down);
    let lines = screen(&a, 80, 24);
    assert!(!lines[0].contains("Số trong ô"), "{}", lines[0]);
}

#[test]
fn a_share_typed_as_a_fraction_is_stored_rounded_and_history_shows_what_was_typed() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut a = app(dir.path(), 120, 40);
    open_entry(&mut a, "bac lieu");
    entry_row(&mut a, "ty le xa dat chuan");
    a.update(Action::EditWith('6'));
    type_text(&mut a, "1/119");
    a.update(Action::Commit(Step::Stay));
    let key = thidua::model::ValueKey::new(
        "2021-H1".parse().expect("period"),
        "BL",
        "NTM_COMMUNE_SHARE",
        thidua::model::Kind::Actual,
    );
    let stored = a.data().figure(&key).map(|f| f.value.to_string());
    // 61/119 = 51,2605042…: kept to the indicator's 2 decimals and 2 more.
    assert_eq!(stored.as_deref(), Some("51.2605"));
    let lines = screen(&a, 120, 40);
    let row = line_with(&lines, "tỷ lệ xã đạt chuẩn");
    assert!(row.contains("51,2605"), "{row}");
    a.update(Action::ShowHistory);
    let lines = screen(&a, 120, 40);
    let row = line_with(&lines, "51,2605");
    assert!(row.contains("gõ 61/119"), "{row}");
}

#[test]
fn typing_over_the_selected_weight_replaces_it_and_ctrl_u_clears_the_field() {
    use thidua::tui::app::ReviewScreen;
    let dir = tempfile::tempdir().expect("temp dir");
    let mut a = app(dir.path(), 80, 24);
    a.update(Action::ShowReview);
    act(&mut a, [Action::NextColumn, Action::NextColumn]);
    assert_eq!(a.screen(), Screen::Review(ReviewScreen::Score));
    a.update(Action::Open);
    let weight = |a: &App| a.data().cluster.indicator("GRDP_GROWTH").map(|i| i.weight);
    assert_eq!(weight(&a), Some(rust_decimal::Decimal::ONE));
    // F2 shows 1 selected; typing 2 replaces it (it saved 12 before).
    a.update(Action::Edit);
    a.update(Action::Insert('2'));
    a.update(Action::Open);
    assert_eq!(weight(&a), Some(rust_decimal::Decimal::TWO));
    // Ctrl+U clears the field, as Help says.
    a.update(Action::Edit);
    a.update(Action::CursorEnd);
    a.update(Action::ClearField);
    let field = |a: &App| {
        a.review()
            .score
            .detail
            .as_ref()
            .and_then(|d| d.weight.as_ref())
            .map(|w| w.input.value().to_string())
    };
    assert_eq!(field(&a).as_deref(), Some(""));
    type_text(&mut a, "3");
    assert_eq!(field(&a).as_deref(), Some("3"));
}
