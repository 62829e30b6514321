//! Two officers on one cell (#11 item 1), at the App level: the value the
//! officer saw is the value the write checks. Another officer's write,
//! pushed while the editor is open, shows at once and keeps the typed
//! text; Enter refuses with the other value, who and when; a second Enter
//! overwrites knowingly (audited so); Esc keeps theirs. The same when the
//! other write reaches the store between Enter and the commit (no push
//! seen yet), after a reconnect, for a weight, and for a paste.

mod tui_common;

use std::sync::Arc;

use rust_decimal::Decimal;
use thidua::model::{Figure, Kind, Period, ValueKey};
use thidua::store::{AuditEntry, Edit, Expect, Flush, SledStore, Store};
use thidua::tui::action::Step;
use thidua::tui::keys::Mode;
use thidua::tui::{Action, App, Screen};
use tui_common::{screen, shared_app, type_text};

const OTHER: &str = "nguyenvana";

fn h1() -> Period {
    "2021-H1".parse().expect("period")
}

fn dec(s: &str) -> Decimal {
    s.parse().expect("decimal")
}

/// An Giang's GRDP growth in 2021-H1: empty in the built-in data, the
/// Matrix's first cell.
fn ag_grdp() -> ValueKey {
    ValueKey::new(h1(), "AG", "GRDP_GROWTH", Kind::Actual)
}

/// The other officer writes `value` into `key` (as the server would for
/// them), over what they saw: the entry a server would push.
fn other_writes(sled: &SledStore, key: &ValueKey, value: &str) -> AuditEntry {
    let seen = sled.get(key).expect("get");
    sled.write_as(
        OTHER,
        Edit::new(
            key.clone(),
            Some(Figure::plain(dec(value))),
            Expect::Value(seen),
        ),
        Flush::Now,
    )
    .expect("write")
    .expect("changed")
}

fn stored(sled: &Arc<SledStore>, key: &ValueKey) -> Option<Decimal> {
    sled.get(key).expect("get").map(|f| f.value.normalize())
}

fn status(a: &App) -> String {
    tui_common::status(a, 80, 24)
}

/// B on the Matrix's first cell, `5,5` typed, no Enter yet.
fn b_typing(a: &mut App) {
    a.update(Action::ShowMatrix);
    assert_eq!(a.screen(), Screen::Matrix);
    a.update(Action::EditWith('5'));
    type_text(a, ",5");
}

#[test]
fn another_officers_write_shows_in_the_open_editor_and_enter_refuses_naming_them() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (mut b, sled) = shared_app(dir.path(), 80, 24);
    b_typing(&mut b);
    let entry = other_writes(&sled, &ag_grdp(), "6.6");
    b.update(Action::Remote(entry));
    // At once, in the editor's line: who, what, when; the typed text kept.
    let line = status(&b);
    assert!(
        line.starts_with(&format!("Ô vừa được {OTHER} sửa thành 6,60 lúc ")),
        "{line}"
    );
    assert_eq!(b.editor().map(|e| e.input.value()), Some("5,5"));
    let lines = screen(&b, 80, 24);
    assert!(lines[4].contains("5,5"), "{}", lines[4]);
    // Enter: refused, with the other value, who and when.
    b.update(Action::Commit(Step::Down));
    assert_eq!(b.mode(), Mode::Confirm);
    let line = status(&b);
    assert!(
        line.starts_with(&format!("Chưa lưu: {OTHER} sửa thành 6,60 lúc ")),
        "{line}"
    );
    assert!(line.contains(" · Enter: ghi đè 5,50 · Esc: giữ"), "{line}");
    assert_eq!(stored(&sled, &ag_grdp()), Some(dec("6.6")));
    // The second, explicit confirmation overwrites, audited as such.
    b.update(Action::Confirm);
    assert!(b.editor().is_none());
    assert_eq!(stored(&sled, &ag_grdp()), Some(dec("5.5")));
    assert!(
        status(&b).contains(&format!("Đã ghi đè 5,50 (thay 6,60 của {OTHER})")),
        "{}",
        status(&b)
    );
    let history = sled.history(&ag_grdp()).expect("history");
    let last = history.last().expect("entries");
    assert!(last.note.overwrite, "{last:?}");
    assert_eq!(
        history
            .iter()
            .map(|e| (e.user.as_str(), e.note.overwrite))
            .collect::<Vec<_>>(),
        [(OTHER, false), ("canbo", true)]
    );
    // History says so.
    b.update(Action::Up);
    b.update(Action::ShowHistory);
    let lines = screen(&b, 80, 24);
    assert!(
        lines[4].contains("canbo") && lines[4].contains("ghi đè số người khác"),
        "{lines:#?}"
    );
}

#[test]
fn esc_after_the_refusal_keeps_the_other_officers_figure() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (mut b, sled) = shared_app(dir.path(), 80, 24);
    b_typing(&mut b);
    let entry = other_writes(&sled, &ag_grdp(), "6.6");
    b.update(Action::Remote(entry));
    b.update(Action::Commit(Step::Down));
    b.update(Action::Cancel);
    assert!(b.editor().is_none());
    assert_eq!(b.mode(), Mode::Table);
    assert_eq!(stored(&sled, &ag_grdp()), Some(dec("6.6")));
    assert!(
        status(&b).starts_with(&format!("Giữ số của {OTHER}: 6,60")),
        "{}",
        status(&b)
    );
    let lines = screen(&b, 80, 24);
    assert!(lines[4].contains("6,60"), "{}", lines[4]);
}

#[test]
fn a_write_landing_between_enter_and_the_commit_is_refused_by_the_store_naming_them() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (mut b, sled) = shared_app(dir.path(), 80, 24);
    b_typing(&mut b);
    // A's write is stored, but its push has not reached B yet.
    let _ = other_writes(&sled, &ag_grdp(), "6.6");
    b.update(Action::Commit(Step::Down));
    assert_eq!(
        stored(&sled, &ag_grdp()),
        Some(dec("6.6")),
        "not written over"
    );
    assert_eq!(b.mode(), Mode::Confirm);
    let line = status(&b);
    assert!(
        line.starts_with(&format!("Chưa lưu: {OTHER} sửa thành 6,60 lúc ")),
        "{line}"
    );
    // The cell shows theirs meanwhile; the typed text is still there.
    assert_eq!(b.editor().map(|e| e.input.value()), Some("5,5"));
    b.update(Action::Confirm);
    assert_eq!(stored(&sled, &ag_grdp()), Some(dec("5.5")));
    let history = sled.history(&ag_grdp()).expect("history");
    assert!(history.last().is_some_and(|e| e.note.overwrite));
}

#[test]
fn after_a_reconnect_an_open_editor_is_checked_against_the_refetched_value() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (mut b, sled) = shared_app(dir.path(), 80, 24);
    b_typing(&mut b);
    b.update(Action::Disconnected);
    assert!(
        status(&b).starts_with("Mất kết nối với máy chủ"),
        "{}",
        status(&b)
    );
    assert_eq!(b.editor().map(|e| e.input.value()), Some("5,5"));
    // Written while B was away; no push for it.
    let _ = other_writes(&sled, &ag_grdp(), "6.6");
    b.update(Action::Reconnected);
    let line = status(&b);
    assert!(
        line.starts_with(&format!("Ô vừa được {OTHER} sửa thành 6,60")),
        "{line}"
    );
    assert_eq!(b.editor().map(|e| e.input.value()), Some("5,5"));
    b.update(Action::Commit(Step::Down));
    assert_eq!(b.mode(), Mode::Confirm);
    assert_eq!(stored(&sled, &ag_grdp()), Some(dec("6.6")));
}

#[test]
fn a_paste_over_cells_changed_meanwhile_asks_first() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (mut b, sled) = shared_app(dir.path(), 80, 24);
    b.update(Action::ShowMatrix);
    // A's figure for Bạc Liêu (the second row) reaches the store only.
    let bl = ValueKey::new(h1(), "BL", "GRDP_GROWTH", Kind::Actual);
    let _ = other_writes(&sled, &bl, "8");
    b.update(Action::Paste("5\r\n6\r\n".into()));
    assert_eq!(b.mode(), Mode::Confirm);
    let line = status(&b);
    assert!(
        line.starts_with(&format!("Chưa dán: {OTHER} vừa sửa 1 ô trong vùng dán")),
        "{line}"
    );
    assert_eq!(stored(&sled, &ag_grdp()), None, "nothing pasted yet");
    assert_eq!(stored(&sled, &bl), Some(dec("8")));
    b.update(Action::Confirm);
    assert_eq!(stored(&sled, &ag_grdp()), Some(dec("5")));
    assert_eq!(stored(&sled, &bl), Some(dec("6")));
    let history = sled.history(&bl).expect("history");
    assert!(history.last().is_some_and(|e| e.note.overwrite));
}

#[test]
fn a_write_delivered_while_catching_up_is_still_said_after_the_reconnect() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (mut b, sled) = shared_app(dir.path(), 80, 24);
    b_typing(&mut b);
    b.update(Action::Disconnected);
    // The missed write comes first, then the news that the server is back.
    let entry = other_writes(&sled, &ag_grdp(), "6.6");
    b.update(Action::Remote(entry));
    b.update(Action::Reconnected);
    let line = status(&b);
    assert!(
        line.starts_with(&format!("Ô vừa được {OTHER} sửa thành 6,60 lúc ")),
        "{line}"
    );
    assert_eq!(b.editor().map(|e| e.input.value()), Some("5,5"));
}
