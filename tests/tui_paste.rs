//! Paste from Excel (#16 item 4): a column fills down from the selected
//! cell, a tab-separated block fills the block, every figure read as if
//! typed, the whole paste checked first and saved as one batch that one
//! Ctrl+Z undoes; a bad figure, a paste too tall or too wide changes
//! nothing and says why. (A viewer's paste, refused: `tui_rights`.)

mod tui_common;

use rust_decimal::Decimal;
use thidua::model::{Kind, Period, ValueKey};
use thidua::store::Store;
use thidua::tui::keys::Mode;
use thidua::tui::{Action, App, Screen};
use tui_common::{act, screen, shared_app, type_text};

fn h1() -> Period {
    "2021-H1".parse().expect("period")
}

fn dec(s: &str) -> Decimal {
    s.parse().expect("decimal")
}

/// The provinces in the Matrix's order (Vietnamese alphabetical).
const ROWS: [&str; 12] = [
    "AG", "BL", "BT", "CM", "DT", "HG", "KG", "LA", "ST", "TG", "TV", "VL",
];

fn status(a: &App) -> String {
    tui_common::status(a, 80, 24)
}

fn column(store: &dyn Store, indicator: &str) -> Vec<Option<Decimal>> {
    ROWS.iter()
        .map(|p| {
            store
                .get(&ValueKey::new(h1(), p, indicator, Kind::Actual))
                .expect("get")
                .map(|f| f.value.normalize())
        })
        .collect()
}

fn on_matrix(a: &mut App) {
    a.update(Action::ShowMatrix);
    assert_eq!(a.screen(), Screen::Matrix);
}

#[test]
fn a_pasted_column_of_twelve_figures_lands_in_twelve_cells_and_one_undo_clears_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (mut a, sled) = shared_app(dir.path(), 80, 24);
    on_matrix(&mut a);
    let before = column(&*sled, "GRDP_GROWTH");
    // As Excel copies a column: CRLF after each row, Vietnamese and plain
    // forms mixed.
    let figures = [
        "6,1", "7.2", "6,3", "5,4", "6,05", "7", "5,5", "6,6", "4,9", "6,8", "5,25", "7,1",
    ];
    let text: String = figures.iter().map(|f| format!("{f}\r\n")).collect();
    a.update(Action::Paste(text));
    assert!(
        status(&a).starts_with("✓ Đã dán 12 ô (Ctrl+Z hoàn tác cả khối)"),
        "{}",
        status(&a)
    );
    let after = column(&*sled, "GRDP_GROWTH");
    let expected: Vec<Option<Decimal>> = [
        "6.1", "7.2", "6.3", "5.4", "6.05", "7", "5.5", "6.6", "4.9", "6.8", "5.25", "7.1",
    ]
    .iter()
    .map(|v| Some(dec(v)))
    .collect();
    assert_eq!(after, expected);
    // On screen too, and the selection has not moved.
    let lines = screen(&a, 80, 24);
    assert!(lines[4].contains("6,10"), "{}", lines[4]);
    assert_eq!(a.matrix().row, 0);
    // One Ctrl+Z takes the whole paste back.
    a.update(Action::Undo);
    assert_eq!(column(&*sled, "GRDP_GROWTH"), before);
    assert!(
        status(&a).starts_with("✓ Đã hoàn tác: dán 12 ô"),
        "{}",
        status(&a)
    );
    a.update(Action::Redo);
    assert_eq!(column(&*sled, "GRDP_GROWTH"), expected);
}

#[test]
fn a_paste_with_one_bad_figure_changes_nothing_and_names_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (mut a, sled) = shared_app(dir.path(), 80, 24);
    on_matrix(&mut a);
    let before = column(&*sled, "GRDP_GROWTH");
    a.update(Action::Paste("6,1\r\n7,2\r\n6,3,1\r\n5,4\r\n".into()));
    let line = status(&a);
    assert!(
        line.starts_with("Không dán gì: dòng 3, cột 1: Không hiểu số «6,3,1»"),
        "{line}"
    );
    assert_eq!(column(&*sled, "GRDP_GROWTH"), before);
    // A figure outside the indicator's range is named with its text.
    a.update(Action::Paste("6,1\n20000\n".into()));
    let line = status(&a);
    assert!(
        line.starts_with("Không dán gì: dòng 2, cột 1 «20000»: Ngoài khoảng cho phép"),
        "{line}"
    );
    assert_eq!(column(&*sled, "GRDP_GROWTH"), before);
}

#[test]
fn a_tab_separated_block_fills_rows_down_and_columns_right_skipping_empty_cells() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (mut a, sled) = shared_app(dir.path(), 80, 24);
    on_matrix(&mut a);
    // From Bạc Liêu's GRDP growth: 2 provinces × 2 indicators, one empty.
    a.update(Action::Down);
    let budget_before = column(&*sled, "BUDGET_REV");
    a.update(Action::Paste("8,1\t1.234,5\r\n\t2.000\r\n".into()));
    assert!(status(&a).starts_with("✓ Đã dán 3 ô"), "{}", status(&a));
    let get = |p: &str, i: &str| {
        sled.get(&ValueKey::new(h1(), p, i, Kind::Actual))
            .expect("get")
            .map(|f| f.value.normalize())
    };
    assert_eq!(get("BL", "GRDP_GROWTH"), Some(dec("8.1")));
    assert_eq!(get("BL", "BUDGET_REV"), Some(dec("1234.5")));
    // The empty cell left Bến Tre's GRDP growth as it was.
    assert_eq!(get("BT", "GRDP_GROWTH"), Some(dec("6.47")));
    assert_eq!(get("BT", "BUDGET_REV"), Some(dec("2000")));
    assert_eq!(get("AG", "BUDGET_REV"), budget_before[0]);
}

#[test]
fn a_paste_taller_or_wider_than_the_cells_left_is_refused() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (mut a, sled) = shared_app(dir.path(), 80, 24);
    on_matrix(&mut a);
    let before = column(&*sled, "GRDP_GROWTH");
    let thirteen: String = (1..=13).map(|n| format!("{n}\r\n")).collect();
    a.update(Action::Paste(thirteen));
    let line = status(&a);
    assert!(
        line.starts_with("Không dán gì: vùng dán có 13 dòng, từ ô này xuống chỉ còn 12 tỉnh"),
        "{line}"
    );
    assert_eq!(column(&*sled, "GRDP_GROWTH"), before);
    // On the last indicator, two columns do not fit.
    a.update(Action::End);
    a.update(Action::Paste("1\t2\r\n".into()));
    let line = status(&a);
    assert!(
        line.starts_with("Không dán gì: vùng dán có 2 cột, từ ô này sang phải chỉ còn 1 chỉ tiêu"),
        "{line}"
    );
    assert_eq!(a.mode(), Mode::Table);
}

#[test]
fn a_one_line_paste_into_an_open_editor_stays_text_in_the_editor() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (mut a, _sled) = shared_app(dir.path(), 80, 24);
    on_matrix(&mut a);
    a.update(Action::EditWith('5'));
    a.update(Action::Paste("1.234\r\n".into()));
    assert_eq!(a.editor().map(|e| e.input.value()), Some("51.234"));
    // Several lines into an open editor: refused, the typed text kept.
    a.update(Action::Paste("1\r\n2\r\n".into()));
    assert_eq!(a.editor().map(|e| e.input.value()), Some("51.234"));
    assert!(status(&a).starts_with("Đang nhập một ô"), "{}", status(&a));
}

#[test]
fn a_column_pasted_in_entry_fills_the_indicators_below_across_group_headings() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (mut a, sled) = shared_app(dir.path(), 120, 40);
    type_text(&mut a, "an giang");
    a.update(Action::Open);
    assert_eq!(a.screen(), Screen::Entry);
    // GRDP growth, then (past the budget group's heading) budget revenue.
    a.update(Action::Paste("6,6\r\n12.345\r\n".into()));
    assert!(status(&a).starts_with("✓ Đã dán 2 ô"), "{}", status(&a));
    let get = |i: &str| {
        sled.get(&ValueKey::new(h1(), "AG", i, Kind::Actual))
            .expect("get")
            .map(|f| f.value.normalize())
    };
    assert_eq!(get("GRDP_GROWTH"), Some(dec("6.6")));
    assert_eq!(get("BUDGET_REV"), Some(dec("12345")));
    // A block from the plan column fills plan, actual, last year.
    act(&mut a, [Action::Down, Action::Down, Action::Down]);
    a.update(Action::Home);
    a.update(Action::Left);
    a.update(Action::Paste("10\t9\t8\r\n".into()));
    assert!(status(&a).starts_with("✓ Đã dán 3 ô"), "{}", status(&a));
}
