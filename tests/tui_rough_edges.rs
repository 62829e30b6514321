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
    let row = line_with(&lines, "Tổng số xã ");
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
    let row = line_with(&lines, "Tỷ lệ xã đạt chuẩn");
    assert!(row.contains("51,2605"), "{row}");
    a.update(Action::ShowHistory);
    let lines = screen(&a, 120, 40);
    let row = line_with(&lines, "51,2605");
    assert!(row.contains("gõ 61/119"), "{row}");
}

/// Esc left the Matrix, and the next figure typed went into Entry (AG
/// GRDP = −50 saved): now Esc leaves no data screen.
#[test]
fn esc_on_the_matrix_stays_there_and_the_next_figure_lands_in_the_matrix() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut a = app(dir.path(), 80, 24);
    open_entry(&mut a, "dong thap");
    a.update(Action::ShowMatrix);
    a.update(Action::Back);
    assert_eq!(a.screen(), Screen::Matrix);
    let lines = screen(&a, 80, 24);
    assert!(
        lines[23].starts_with("Esc không rời màn này; sang màn khác: F10"),
        "{}",
        lines[23]
    );
    a.update(Action::EditWith('-'));
    type_text(&mut a, "50");
    a.update(Action::Commit(Step::Stay));
    // An Giang's GRDP growth (the Matrix's cell), not Đồng Tháp's (Entry's).
    assert_eq!(cell(&a, "AG", "GRDP_GROWTH").as_deref(), Some("-50"));
    assert_eq!(cell(&a, "DT", "GRDP_GROWTH"), None);
    assert_eq!(a.screen(), Screen::Matrix);
    // F10 is the way to the province list.
    a.update(Action::ShowProvinces);
    assert_eq!(a.screen(), Screen::Provinces);
}

/// A stored actual of 2021-H1, as stored.
fn cell(a: &App, province: &str, indicator: &str) -> Option<String> {
    let key = thidua::model::ValueKey::new(
        "2021-H1".parse().expect("period"),
        province,
        indicator,
        thidua::model::Kind::Actual,
    );
    a.data().figure(&key).map(|f| f.value.to_string())
}

#[test]
fn a_digit_typed_on_a_screen_without_a_cell_does_nothing_but_say_so() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut a = app(dir.path(), 80, 24);
    let generation = a.data().figures.generation();
    let keys = thidua::tui::keys::action_for;
    let five = ratatui::crossterm::event::KeyEvent::new(
        ratatui::crossterm::event::KeyCode::Char('5'),
        ratatui::crossterm::event::KeyModifiers::NONE,
    );
    // The province list, the Summary, Help: no cell to type into.
    for open in [None, Some(Action::ShowReview), Some(Action::Help)] {
        if let Some(action) = open {
            a.update(action);
        }
        let before = screen(&a, 80, 24);
        let action = keys(a.mode(), &five).expect("a digit means something");
        a.update(action);
        let after = screen(&a, 80, 24);
        assert!(
            after[23].starts_with("«5»: màn này không có ô để nhập số"),
            "{:?}: {}",
            a.screen(),
            after[23]
        );
        assert_eq!(before[..23], after[..23], "{:?} changed", a.screen());
    }
    assert_eq!(a.provinces().filter.value(), "");
    assert_eq!(a.data().figures.generation(), generation);
}

#[test]
fn entry_opens_a_new_province_on_its_first_row() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut a = app(dir.path(), 80, 24);
    open_entry(&mut a, "dong thap");
    let first = a.entry().row;
    act(&mut a, std::iter::repeat_n(Action::Down, 6));
    assert_ne!(a.entry().row, first);
    a.update(Action::ShowProvinces);
    type_text(&mut a, "an giang");
    a.update(Action::Open);
    assert_eq!(a.entry().row, first);
    assert_eq!(a.entry().column, thidua::tui::app::EntryColumn::Actual);
    let lines = screen(&a, 80, 24);
    // The first indicator's row is the selected one.
    assert!(lines[4].contains("Tốc độ tăng trư"), "{}", lines[4]);
}

#[test]
fn the_footer_shows_the_keys_of_the_mode_first_and_says_f1_has_the_rest() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut a = app(dir.path(), 80, 24);
    open_entry(&mut a, "dong thap");
    let lines = screen(&a, 80, 24);
    let footer = &lines[22];
    assert!(
        footer.starts_with("0-9 nhập  Enter lưu  Esc huỷ  F2 sửa  Del xoá  Ctrl+Z hoàn tác"),
        "{footer}"
    );
    assert!(footer.trim_end().ends_with("F1 mọi phím"), "{footer}");
    // While typing, the same line (nothing rewritten for it).
    a.update(Action::EditWith('6'));
    assert_eq!(&screen(&a, 80, 24)[22], footer);
    a.update(Action::Cancel);
    // Wider, the keys hidden at 80 columns follow.
    let wide = &screen(&a, 160, 40)[38];
    for key in [
        "F3 lịch sử",
        "Ctrl+F tìm",
        "F7 chọn kỳ",
        "F8 tổng hợp",
        "F10 tỉnh",
    ] {
        assert!(wide.contains(key), "{key}: {wide}");
    }
    // Help has them all (it is the key table).
    let help: Vec<String> = thidua::tui::keys::help_lines()
        .into_iter()
        .filter_map(|l| match l {
            thidua::tui::keys::HelpLine::Keys(keys, _) => Some(keys),
            thidua::tui::keys::HelpLine::Heading(_) => None,
        })
        .collect();
    for key in ["F7/Ctrl+P", "F8", "Ctrl+F", "Ctrl+Z", "F10"] {
        assert!(help.iter().any(|k| k == key), "{key}: {help:?}");
    }
}

#[test]
fn the_status_line_gives_a_message_the_whole_width() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut a = app(dir.path(), 80, 24);
    open_entry(&mut a, "dong thap");
    a.update(Action::EditWith('1'));
    type_text(&mut a, ".23.456");
    a.update(Action::Commit(Step::Stay));
    let lines = screen(&a, 80, 24);
    // It was cut at "…đứng trước đúng 3 chữ s…": longer than the line, it
    // takes the footer's line too, whole.
    let message = format!("{} {}", lines[22].trim_end(), lines[23].trim_end());
    assert_eq!(
        message,
        "Không hiểu số «1.23.456»: dấu chấm ngăn hàng nghìn phải đứng trước đúng 3 chữ số \
         (1.234.567); phần thập phân đứng sau dấu phẩy (1234,5)"
    );
    // The next key brings the footer back.
    a.update(Action::Cancel);
    let lines = screen(&a, 80, 24);
    assert!(lines[22].starts_with("0-9 nhập"), "{}", lines[22]);
}
