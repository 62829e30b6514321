//! The period's list of checks (#15 item 1), Ctrl+K: the implausible
//! figures and the confirmed ones — unit, criterion, figure, why, who
//! confirmed and when — and Enter on a row goes to that cell.

mod tui_common;

use rust_decimal::Decimal;
use thidua::model::{Figure, Kind, Period, ValueKey};
use thidua::store::{Edit, Expect, Store};
use thidua::tui::action::Step;
use thidua::tui::keys::Mode;
use thidua::tui::{Action, App, Screen};
use tui_common::{screen, shared_app, type_text};

fn h1() -> Period {
    "2021-H1".parse().expect("period")
}

fn grdp(unit: &str) -> ValueKey {
    ValueKey::new(h1(), unit, "GRDP_GROWTH", Kind::Actual)
}

/// An Giang's 5.000 % typed and confirmed in the Matrix; Bạc Liêu's
/// 123,4 % written by another officer without a word.
fn two_doubted(a: &mut App, store: &dyn Store) {
    a.update(Action::ShowMatrix);
    a.update(Action::EditWith('5'));
    type_text(a, "000");
    a.update(Action::Commit(Step::Stay));
    assert_eq!(a.mode(), Mode::Confirm);
    a.update(Action::Confirm);
    let value: Decimal = "123.4".parse().expect("decimal");
    store
        .write(Edit::new(
            grdp("BL"),
            Some(Figure::plain(value)),
            Expect::Any,
        ))
        .expect("write");
}

#[test]
fn the_list_of_checks_shows_the_doubted_and_the_confirmed_and_goes_to_a_cell() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (mut a, sled) = shared_app(dir.path(), 80, 24);
    two_doubted(&mut a, &*sled);
    // Another officer's write reaches the figures as the server pushes it.
    let pushed = sled.history(&grdp("BL")).expect("history");
    a.update(Action::Remote(pushed.last().expect("entry").clone()));
    a.update(Action::ShowChecks);
    assert_eq!(a.screen(), Screen::Checks);
    insta::assert_snapshot!("checks_80x24", screen(&a, 80, 24).join("\n"));
    a.update(Action::Resize(120, 40));
    insta::assert_snapshot!("checks_120x40", screen(&a, 120, 40).join("\n"));
    // Enter on Bạc Liêu's row: its cell in Entry.
    a.update(Action::Down);
    a.update(Action::Open);
    assert_eq!(a.screen(), Screen::Entry);
    assert_eq!(a.current_key().map(|(_, k)| k), Some(grdp("BL")));
    assert!(screen(&a, 120, 40)[0].starts_with("Nhập liệu · Bạc Liêu · Kỳ 2021-H1"));
    // Esc from the list goes back where it was opened.
    a.update(Action::ShowChecks);
    a.update(Action::Back);
    assert_eq!(a.screen(), Screen::Entry);
}

#[test]
fn a_period_without_doubts_says_so() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (mut a, _sled) = shared_app(dir.path(), 80, 24);
    a.update(Action::ShowChecks);
    let lines = screen(&a, 80, 24);
    assert!(
        lines[2].contains("Kỳ 2021-H1 không có số liệu nào bất thường hay đã xác nhận."),
        "{lines:#?}"
    );
}
