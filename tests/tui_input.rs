//! Editing behaviour an officer notices, at the App level (actions in,
//! screen and store out).

mod tui_common;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use thidua::model::{Kind, Period, ValueKey};
use thidua::store::Store;
use thidua::tui::action::Step;
use thidua::tui::keys::{self, Mode};
use thidua::tui::{Action, App, Effect, Screen};
use tui_common::{act, app, screen, type_text};

fn h1() -> Period {
    "2021-H1".parse().expect("period")
}

fn key(code: KeyCode, m: KeyModifiers) -> KeyEvent {
    KeyEvent::new(code, m)
}

/// Feed key events through the key table, as the loop does; the effects
/// the run loop would carry out.
fn press(a: &mut App, keys: &[KeyEvent]) -> Vec<Effect> {
    let mut effects = Vec::new();
    for k in keys {
        if let Some(action) = keys::action_for(a.mode(), k) {
            effects.extend(a.update(action));
        }
    }
    effects
}

fn chars(s: &str) -> Vec<KeyEvent> {
    s.chars()
        .map(|c| key(KeyCode::Char(c), KeyModifiers::NONE))
        .collect()
}

fn open_entry(a: &mut App, query: &str) {
    type_text(a, query);
    a.update(Action::Open);
    assert_eq!(a.screen(), Screen::Entry);
}

fn stored(dir: &std::path::Path, key: &ValueKey) -> Option<String> {
    let store = tui_common::open(dir);
    store
        .get(key)
        .expect("get")
        .map(|f| f.value.normalize().to_string())
}

#[test]
fn ime_sequence_and_ctrl_h_in_a_cell_editor() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut a = app(dir.path(), 80, 24);
    // In the filter: v i e Backspace ê → "viê"; Ctrl+H deletes one more.
    let mut seq = chars("vie");
    seq.push(key(KeyCode::Backspace, KeyModifiers::NONE));
    seq.extend(chars("ê"));
    press(&mut a, &seq);
    assert_eq!(a.provinces().filter.value(), "viê");
    press(&mut a, &[key(KeyCode::Char('h'), KeyModifiers::CONTROL)]);
    assert_eq!(a.provinces().filter.value(), "vi");
    // In a cell: 1 2 3 Ctrl+H 4 → "124".
    a.update(Action::Back);
    open_entry(&mut a, "dong thap");
    let mut seq = chars("123");
    seq.push(key(KeyCode::Char('h'), KeyModifiers::CONTROL));
    seq.extend(chars("4"));
    press(&mut a, &seq);
    assert_eq!(a.editor().map(|e| e.input.value()), Some("124"));
}

#[test]
fn pasted_nfd_text_is_nfc_without_control_characters() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut a = app(dir.path(), 80, 24);
    a.update(Action::Paste(
        "\u{110}o\u{302}\u{300}ng\x1b[31m Tha\u{301}p".into(),
    ));
    assert_eq!(a.provinces().filter.value(), "Đồng Tháp");
    assert_eq!(a.filtered_provinces().len(), 1);
    // A pasted number with a no-break space group separator commits.
    a.update(Action::Open);
    act(&mut a, [Action::Down, Action::Down, Action::Down]);
    // Pasting on a cell (not editing yet) types the figure into it.
    a.update(Action::Paste("1\u{a0}234,5\r\n".into()));
    assert!(a.editor().is_some());
    a.update(Action::Commit(Step::Stay));
    let k = ValueKey::new(h1(), "DT", "EXPORT", Kind::Actual);
    drop(a);
    assert_eq!(stored(dir.path(), &k), Some("1234.5".into()));
}

#[test]
fn invalid_number_keeps_editing_with_a_vietnamese_message_and_stores_nothing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut a = app(dir.path(), 80, 24);
    open_entry(&mut a, "dt");
    act(&mut a, [Action::Down, Action::Down, Action::Down]);
    a.update(Action::EditWith('1'));
    type_text(&mut a, "2,3,4");
    a.update(Action::Commit(Step::Down));
    assert!(a.editor().is_some(), "still editing");
    let lines = screen(&a, 80, 24);
    assert!(
        lines[23].contains("Không hiểu số «12,3,4»"),
        "{}",
        lines[23]
    );
    // Esc restores the stored value.
    a.update(Action::Cancel);
    assert!(a.editor().is_none());
    let lines = screen(&a, 80, 24);
    let row = lines.iter().find(|l| l.contains("triệu USD")).expect("row");
    assert!(row.contains("606,0"), "{row}");
    let k = ValueKey::new(h1(), "DT", "EXPORT", Kind::Actual);
    drop(a);
    assert_eq!(stored(dir.path(), &k), Some("606".into()));
}

#[test]
fn out_of_range_value_is_refused() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut a = app(dir.path(), 80, 24);
    open_entry(&mut a, "dt");
    a.update(Action::EditWith('-'));
    type_text(&mut a, "99999999999");
    a.update(Action::Commit(Step::Down));
    assert!(a.editor().is_some());
    let lines = screen(&a, 80, 24);
    assert!(
        lines[23].starts_with("Ngoài khoảng cho phép: từ "),
        "{}",
        lines[23]
    );
}

#[test]
fn enter_commits_and_moves_down_tab_moves_right() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut a = app(dir.path(), 120, 40);
    open_entry(&mut a, "dt");
    let first = a.entry().row;
    a.update(Action::EditWith('5'));
    a.update(Action::Commit(Step::Down));
    assert!(a.entry().row > first);
    a.update(Action::EditWith('6'));
    a.update(Action::Commit(Step::Right));
    assert_eq!(a.entry().column, thidua::tui::app::EntryColumn::LastYear);
}

#[test]
fn delete_asks_then_clears_and_undo_redo_are_logged() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut a = app(dir.path(), 80, 24);
    open_entry(&mut a, "dt");
    act(&mut a, [Action::Down, Action::Down, Action::Down]);
    let k = ValueKey::new(h1(), "DT", "EXPORT", Kind::Actual);
    a.update(Action::Clear);
    assert_eq!(a.mode(), Mode::Confirm);
    assert!(screen(&a, 80, 24)[23].contains("Xoá giá trị ô này?"));
    a.update(Action::Cancel);
    assert_eq!(a.mode(), Mode::Table);
    a.update(Action::Clear);
    a.update(Action::Confirm);
    assert!(a.data().figure(&k).is_none());
    a.update(Action::Undo);
    assert_eq!(
        a.data().figure(&k).map(|f| f.value.to_string()),
        Some("606".into())
    );
    a.update(Action::Redo);
    assert!(a.data().figure(&k).is_none());
    a.update(Action::ShowHistory);
    // seed, clear, undo (restore), redo (clear): four entries.
    assert_eq!(a.history().entries.len(), 4);
    let lines = screen(&a, 80, 24);
    assert!(
        lines[3].contains("(trống)") && lines[3].contains("606,0"),
        "{lines:#?}"
    );
    assert!(lines[4].contains("606,0") && lines[4].contains("(trống)"));
}

#[test]
fn matrix_column_takes_twelve_numbers_and_twelve_enters() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut a = app(dir.path(), 80, 24);
    press(&mut a, &[key(KeyCode::F(4), KeyModifiers::NONE)]);
    assert_eq!(a.screen(), Screen::Matrix);
    // Column 1: Tổng thu ngân sách (sum).
    press(&mut a, &[key(KeyCode::Right, KeyModifiers::NONE)]);
    for n in 1..=12 {
        let mut seq = chars(&format!("{n}0"));
        seq.push(key(KeyCode::Enter, KeyModifiers::NONE));
        press(&mut a, &seq);
    }
    let lines = screen(&a, 80, 24);
    // 10 + 20 + … + 120 = 780; An Giang (10) ranks last, Vĩnh Long (120) first.
    let cluster = lines
        .iter()
        .find(|l| l.contains("Cả cụm"))
        .expect("cluster row");
    assert!(cluster.contains("780"), "{cluster}");
    assert!(lines[4].starts_with("│An Giang        12"), "{}", lines[4]);
    assert!(
        lines[15].starts_with("│Vĩnh Long        1"),
        "{}",
        lines[15]
    );
    let k = ValueKey::new(h1(), "VL", "BUDGET_REV", Kind::Actual);
    drop(a);
    assert_eq!(stored(dir.path(), &k), Some("120".into()));
}

/// `1,5 xã` is a slip of the finger: refused with a message, the cell stays
/// open with what was typed, nothing is stored; `12` then goes in.
#[test]
fn a_fraction_of_a_counted_thing_is_refused() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut a = app(dir.path(), 80, 24);
    press(&mut a, &[key(KeyCode::F(4), KeyModifiers::NONE)]);
    let right = key(KeyCode::Right, KeyModifiers::NONE);
    while !screen(&a, 80, 24)[2].contains("Xã được công nhận đạt chuẩn nông thôn mới (xã)")
    {
        press(&mut a, &[right]);
        assert!(a.matrix().column < 20, "no NTM_COMMUNES column");
    }
    let k = ValueKey::new(h1(), "AG", "NTM_COMMUNES", Kind::Actual);
    let mut seq = chars("1,5");
    seq.push(key(KeyCode::Enter, KeyModifiers::NONE));
    press(&mut a, &seq);
    let lines = screen(&a, 80, 24);
    assert!(
        lines[23].starts_with("Phải là số nguyên (xã)  "),
        "{lines:#?}"
    );
    assert!(a.editor().is_some(), "the cell stays open");
    assert!(lines[4].contains("1,5"), "{}", lines[4]);
    // Backspace back to "1", then "2": 12 communes are taken.
    let mut seq = vec![key(KeyCode::Backspace, KeyModifiers::NONE); 2];
    seq.extend(chars("2"));
    seq.push(key(KeyCode::Enter, KeyModifiers::NONE));
    press(&mut a, &seq);
    assert!(a.editor().is_none());
    drop(a);
    assert_eq!(stored(dir.path(), &k), Some("12".into()));
}

#[test]
fn period_keys_and_picker() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut a = app(dir.path(), 80, 24);
    assert_eq!(a.data().period.to_string(), "2021-H1");
    press(&mut a, &[key(KeyCode::F(5), KeyModifiers::NONE)]);
    assert_eq!(a.data().period.to_string(), "2020-H2");
    press(&mut a, &[key(KeyCode::F(6), KeyModifiers::NONE)]);
    press(&mut a, &[key(KeyCode::F(6), KeyModifiers::NONE)]);
    assert_eq!(a.data().period.to_string(), "2021-H2");
    press(&mut a, &[key(KeyCode::F(7), KeyModifiers::NONE)]);
    assert_eq!(a.screen(), Screen::PeriodPicker);
    let mut seq = chars("2021-Q3");
    seq.push(key(KeyCode::Enter, KeyModifiers::NONE));
    press(&mut a, &seq);
    assert_eq!(a.screen(), Screen::Provinces);
    assert_eq!(a.data().period.to_string(), "2021-Q3");
    // A bad period is refused with the model's message.
    press(&mut a, &[key(KeyCode::F(7), KeyModifiers::NONE)]);
    let mut seq = chars("2021-H3");
    seq.push(key(KeyCode::Enter, KeyModifiers::NONE));
    press(&mut a, &seq);
    assert_eq!(a.screen(), Screen::PeriodPicker);
    assert!(tui_common::status(&a, 80, 24).contains("không hợp lệ"));
}

#[test]
fn q_quits_from_a_table_but_types_in_the_filter() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut a = app(dir.path(), 80, 24);
    assert_eq!(press(&mut a, &chars("q")), []);
    assert_eq!(a.provinces().filter.value(), "q");
    press(
        &mut a,
        &[
            key(KeyCode::Esc, KeyModifiers::NONE),
            key(KeyCode::Enter, KeyModifiers::NONE),
        ],
    );
    assert_eq!(a.screen(), Screen::Entry);
    assert_eq!(press(&mut a, &chars("q")), [Effect::Quit]);
}

/// The selected cell is marked by colour, and without colour (NO_COLOR) by
/// reversed video; only the figure and a column beside it are marked.
#[test]
fn selection_is_visible_with_and_without_colour() {
    use ratatui::style::{Color, Modifier};
    for color in [true, false] {
        let dir = tempfile::tempdir().expect("temp dir");
        let options = thidua::tui::TuiOptions {
            color,
            ..thidua::tui::TuiOptions::default()
        };
        let mut a = tui_common::app_with_options(dir.path(), &options, 80, 24);
        open_entry(&mut a, "dt");
        act(&mut a, [Action::Down, Action::Down, Action::Down]);
        let buf = tui_common::buffer(&a, 80, 24);
        let lines = screen(&a, 80, 24);
        let y = lines
            .iter()
            .position(|l| l.contains("triệu USD"))
            .expect("row") as u16;
        let line: Vec<char> = lines[usize::from(y)].chars().collect();
        let end = lines[usize::from(y)]
            .find("606,0")
            .map(|b| lines[usize::from(y)][..b].chars().count() + 5)
            .expect("606,0");
        let marked = |x: usize| {
            let c = buf.cell((x as u16, y)).expect("cell");
            if color {
                c.bg == Color::Cyan
            } else {
                c.modifier.contains(Modifier::REVERSED)
            }
        };
        let span: Vec<usize> = (0..line.len()).filter(|x| marked(*x)).collect();
        assert_eq!(span, (end - 6..end).collect::<Vec<_>>(), "color={color}");
    }
}

/// Ctrl+F finds an indicator without accents and goes to it: its column in
/// the Matrix, its row in Entry, its ranking from a review screen.
#[test]
fn ctrl_f_finds_an_indicator_and_goes_to_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut a = app(dir.path(), 80, 24);
    let ctrl_f = key(KeyCode::Char('f'), KeyModifiers::CONTROL);
    let enter = key(KeyCode::Enter, KeyModifiers::NONE);
    press(&mut a, &[key(KeyCode::F(4), KeyModifiers::NONE), ctrl_f]);
    assert_eq!(a.screen(), Screen::IndicatorFinder);
    press(&mut a, &chars("xuat khau"));
    let lines = screen(&a, 80, 24);
    assert!(lines[2].contains("(2 chỉ tiêu): xuat khau"), "{}", lines[2]);
    assert!(lines[3].contains("Kim ngạch xuất khẩu ") && lines[3].contains("triệu USD"));
    assert!(lines[4].contains("Kim ngạch xuất khẩu đạt % kế hoạch"));
    press(&mut a, &[key(KeyCode::Down, KeyModifiers::NONE), enter]);
    assert_eq!(a.screen(), Screen::Matrix);
    let lines = screen(&a, 80, 24);
    assert!(
        lines[2].starts_with("│Kim ngạch xuất khẩu đạt % kế hoạch (%)"),
        "{}",
        lines[2]
    );
    // Nothing matches: a message, and the finder stays open.
    press(&mut a, &[ctrl_f]);
    press(&mut a, &chars("zzzz"));
    press(&mut a, &[enter]);
    assert_eq!(a.screen(), Screen::IndicatorFinder);
    assert!(screen(&a, 80, 24)[23].contains("Không có chỉ tiêu nào khớp"));
    press(&mut a, &[key(KeyCode::Esc, KeyModifiers::NONE)]);
    assert_eq!(a.screen(), Screen::Matrix);

    // Entry: the row of the indicator found by its word initials.
    press(&mut a, &[key(KeyCode::F(10), KeyModifiers::NONE)]);
    open_entry(&mut a, "dt");
    press(&mut a, &[ctrl_f]);
    press(&mut a, &chars("tong so xa"));
    press(&mut a, &[enter]);
    assert_eq!(a.screen(), Screen::Entry);
    let i = a.entry_indicator().expect("a row");
    assert_eq!(a.data().cluster.indicators[i].code, "TOTAL_COMMUNES");

    // From a review screen: that indicator's ranking.
    press(&mut a, &[key(KeyCode::F(8), KeyModifiers::NONE), ctrl_f]);
    press(&mut a, &chars("grdp"));
    press(&mut a, &[enter]);
    assert_eq!(
        a.screen(),
        Screen::Review(thidua::tui::app::ReviewScreen::Ranking)
    );
    let lines = screen(&a, 80, 24);
    assert!(
        lines
            .iter()
            .any(|l| l.contains("Tốc độ tăng trưởng kinh tế GRDP")),
        "{lines:#?}"
    );
}

/// End shows the last page full (the last column among four others), and
/// Left from the first column shown turns a whole page back.
#[test]
fn matrix_end_shows_a_full_last_page_and_left_turns_a_page_back() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut a = app(dir.path(), 80, 24);
    press(&mut a, &[key(KeyCode::F(4), KeyModifiers::NONE)]);
    press(&mut a, &[key(KeyCode::End, KeyModifiers::NONE)]);
    let last = a.data().cluster.indicators.len() - 1;
    assert_eq!((a.matrix().column, a.matrix().offset), (last, last - 4));
    // Five column headers after "Hạng", each in its 11 columns.
    let headers = screen(&a, 80, 24)[3].clone();
    let after: Vec<char> = headers
        .split_once("Hạng")
        .expect("rank header")
        .1
        .chars()
        .collect();
    let named = after
        .chunks(11)
        .filter(|c| c.iter().any(|ch| ch.is_alphabetic()))
        .count();
    assert_eq!(named, 5, "{headers}");
    let left = key(KeyCode::Left, KeyModifiers::NONE);
    press(&mut a, &[left, left, left, left]);
    assert_eq!(a.matrix().offset, last - 4, "within the page");
    press(&mut a, &[left]);
    assert_eq!(
        (a.matrix().column, a.matrix().offset),
        (last - 5, last - 9),
        "a whole page back, the new column last"
    );
}

/// A letter typed on a figure (a slip, or an IME's) stores nothing and is
/// answered with how to type a figure; `q` still quits.
#[test]
fn a_letter_on_a_figure_gets_a_hint_and_stores_nothing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut a = app(dir.path(), 80, 24);
    open_entry(&mut a, "dt");
    press(&mut a, &chars("ư"));
    assert!(a.editor().is_none());
    let lines = screen(&a, 80, 24);
    assert!(
        lines[23].starts_with("«ư» không phải số: gõ số để nhập (1.234,5)"),
        "{}",
        lines[23]
    );
    assert_eq!(press(&mut a, &chars("q")), [Effect::Quit]);
}

/// The Provinces screen's counts follow a commit: a figure for an indicator
/// no province had reported makes it expected of all (…/60) and counts
/// for the province that gave it.
#[test]
fn province_completeness_follows_a_commit() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut a = app(dir.path(), 80, 24);
    let dt_line = |a: &App| {
        screen(a, 80, 24)
            .into_iter()
            .find(|l| l.contains("Đồng Tháp"))
            .expect("DT row")
    };
    assert!(
        dt_line(&a).trim_end().ends_with(" 5/59│"),
        "{}",
        dt_line(&a)
    );
    open_entry(&mut a, "dt");
    press(&mut a, &[key(KeyCode::Char('f'), KeyModifiers::CONTROL)]);
    let mut seq = chars("tuyen chon");
    seq.push(key(KeyCode::Enter, KeyModifiers::NONE));
    seq.extend(chars("100"));
    seq.push(key(KeyCode::Enter, KeyModifiers::NONE));
    seq.push(key(KeyCode::F(10), KeyModifiers::NONE));
    press(&mut a, &seq);
    assert_eq!(a.screen(), Screen::Provinces);
    assert!(
        dt_line(&a).trim_end().ends_with(" 6/60│"),
        "{}",
        dt_line(&a)
    );
}

/// End then ↑ in Help scrolls up one line at once: the body shows what
/// it showed one row lower, and the line above the last page on top.
#[test]
fn end_then_up_scrolls_help_back_up() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut a = app(dir.path(), 80, 24);
    act(&mut a, [Action::Help, Action::End]);
    let at_end = screen(&a, 80, 24);
    // The last line of the key table is on the last row inside the border.
    let last = thidua::tui::keys::help_lines().len();
    assert!(last > 19, "Help fits on one page: nothing to scroll");
    a.update(Action::Up);
    let up = screen(&a, 80, 24);
    assert_ne!(up, at_end, "↑ after End did nothing");
    // Rows inside the border: 2..=20 (title, top border, …, bottom border).
    assert_eq!(up[3..21], at_end[2..20], "not scrolled by one line");
    a.update(Action::Down);
    assert_eq!(screen(&a, 80, 24), at_end);
}

/// End then ↑ in History moves the selection to the entry above the last.
#[test]
fn end_then_up_moves_in_history() {
    use ratatui::style::Color;
    let dir = tempfile::tempdir().expect("temp dir");
    let mut a = app(dir.path(), 80, 24);
    open_entry(&mut a, "dt");
    for figure in ['1', '2', '3'] {
        act(
            &mut a,
            [Action::EditWith(figure), Action::Commit(Step::Stay)],
        );
    }
    act(&mut a, [Action::ShowHistory, Action::End]);
    // The highlighted entry: the row whose first column is selected.
    let selected_row = |a: &App| {
        let buf = tui_common::buffer(a, 80, 24);
        (0..24u16)
            .filter(|&y| buf.cell((1, y)).is_some_and(|c| c.bg == Color::Cyan))
            .collect::<Vec<_>>()
    };
    let lines = screen(&a, 80, 24);
    let newest = lines
        .iter()
        .rposition(|l| l.contains("canbo"))
        .expect("an entry") as u16;
    assert_eq!(selected_row(&a), [newest], "{lines:#?}");
    a.update(Action::Up);
    assert_eq!(selected_row(&a), [newest - 1]);
    a.update(Action::End);
    assert_eq!(selected_row(&a), [newest]);
}
