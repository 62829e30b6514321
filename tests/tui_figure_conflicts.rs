//! Two officers on one figure's comment or marks (#11, the whole figure):
//! a write checks the whole figure the officer saw — value, qualifiers,
//! comment. Another officer's comment written while the comment field is
//! open shows at once; Enter refuses naming them and what they changed; a
//! second Enter overwrites knowingly (audited so); Esc keeps theirs. A
//! mark (Ctrl+D) over a comment not shown yet is refused and the cell
//! then shows theirs. A typed value or a paste over a figure whose only
//! change is the comment keeps that comment: the two changes do not
//! conflict, and losing the other officer's comment is what users fear.

mod tui_common;

use std::sync::Arc;

use rust_decimal::Decimal;
use thidua::model::{Figure, Kind, Period, ValueKey};
use thidua::store::{AuditEntry, Edit, Expect, Flush, SledStore, Store};
use thidua::tui::action::{Qualifier, Step};
use thidua::tui::keys::Mode;
use thidua::tui::{Action, App, Screen};
use tui_common::{shared_app, type_text};

const OTHER: &str = "nguyenvana";
const THEIRS: &str = "Theo Cục Thống kê";

fn h1() -> Period {
    "2021-H1".parse().expect("period")
}

/// Bạc Liêu's GRDP growth in 2021-H1: 7,77 in the built-in data, plain,
/// the Matrix's second row.
fn bl_grdp() -> ValueKey {
    ValueKey::new(h1(), "BL", "GRDP_GROWTH", Kind::Actual)
}

fn dec(s: &str) -> Decimal {
    s.parse().expect("decimal")
}

/// The other officer writes `note` as the comment of `key` (its value and
/// marks as they are), over what they saw: the entry a server would push.
fn other_comments(sled: &SledStore, key: &ValueKey, note: &str) -> AuditEntry {
    let seen = sled.get(key).expect("get");
    let new = Figure {
        note: Some(note.into()),
        ..seen.clone().expect("a figure")
    };
    sled.write_as(
        OTHER,
        Edit::new(key.clone(), Some(new), Expect::Value(seen)),
        Flush::Now,
    )
    .expect("write")
    .expect("changed")
}

fn stored(sled: &Arc<SledStore>, key: &ValueKey) -> Figure {
    sled.get(key).expect("get").expect("a figure")
}

/// `lúc 09:14` (local time, in messages) → `lúc hh:mm`.
fn masked(line: &str) -> String {
    let mut out = String::new();
    let mut rest = line;
    while let Some(i) = rest.find("lúc ") {
        let (head, tail) = rest.split_at(i + "lúc ".len());
        out.push_str(head);
        let clock: String = tail.chars().take(5).collect();
        let is_time = clock.len() == 5
            && clock
                .char_indices()
                .all(|(n, c)| if n == 2 { c == ':' } else { c.is_ascii_digit() });
        if is_time {
            out.push_str("hh:mm");
            rest = &tail[5..];
        } else {
            rest = tail;
        }
    }
    out.push_str(rest);
    out
}

fn screen(a: &App) -> Vec<String> {
    tui_common::screen(a, 80, 24)
        .iter()
        .map(|l| masked(l))
        .collect()
}

/// The status line's message, without the database named at its end.
fn status(a: &App) -> String {
    let line = masked(&tui_common::status(a, 80, 24));
    let line = line.trim_end();
    line.strip_suffix("CSDL db")
        .unwrap_or(line)
        .trim_end()
        .to_string()
}

/// The Matrix on Bạc Liêu's GRDP growth, its comment field open and
/// `Số của Sở KH-ĐT` typed, no Enter yet.
fn typing_comment(a: &mut App) {
    a.update(Action::ShowMatrix);
    assert_eq!(a.screen(), Screen::Matrix);
    a.update(Action::Down);
    a.update(Action::EditComment);
    assert_eq!(a.mode(), Mode::Edit);
    type_text(a, "Số của Sở KH-ĐT");
}

#[test]
fn a_comment_written_while_the_field_is_open_is_shown_and_enter_refuses_naming_them() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (mut a, sled) = shared_app(dir.path(), 80, 24);
    typing_comment(&mut a);
    let entry = other_comments(&sled, &bl_grdp(), THEIRS);
    a.update(Action::Remote(entry));
    // At once, in the field's line: who, what, when; the typed text kept.
    insta::assert_snapshot!("comment_changed_while_typing", screen(&a).join("\n"));
    assert_eq!(
        status(&a),
        format!("Ô vừa được {OTHER} sửa ghi chú lúc hh:mm")
    );
    assert_eq!(a.editor().map(|e| e.input.value()), Some("Số của Sở KH-ĐT"));
    // Enter: refused, naming them and what they changed.
    a.update(Action::Commit(Step::Down));
    assert_eq!(a.mode(), Mode::Confirm);
    assert_eq!(
        status(&a),
        format!("Chưa lưu: {OTHER} sửa ghi chú lúc hh:mm · Enter: ghi đè ghi chú · Esc: giữ")
    );
    assert_eq!(stored(&sled, &bl_grdp()).note.as_deref(), Some(THEIRS));
    // The second, explicit confirmation overwrites, audited as such.
    a.update(Action::Confirm);
    assert!(a.editor().is_none());
    assert_eq!(
        status(&a),
        format!("✓ Đã ghi đè ghi chú (thay của {OTHER})")
    );
    let now = stored(&sled, &bl_grdp());
    assert_eq!(now.note.as_deref(), Some("Số của Sở KH-ĐT"));
    assert_eq!(now.value, dec("7.77"), "the value stays");
    // After the built-in figure's seeding: theirs, then the overwrite.
    let history = sled.history(&bl_grdp()).expect("history");
    assert_eq!(
        history[1..]
            .iter()
            .map(|e| (e.user.as_str(), e.note.overwrite))
            .collect::<Vec<_>>(),
        [(OTHER, false), ("canbo", true)]
    );
    // History says it was a knowing overwrite.
    a.update(Action::ShowHistory);
    let text = screen(&a).join("\n");
    assert!(text.contains("ghi đè số người khác"), "{text}");
}

#[test]
fn esc_after_the_refusal_keeps_the_other_officers_comment() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (mut a, sled) = shared_app(dir.path(), 80, 24);
    typing_comment(&mut a);
    let entry = other_comments(&sled, &bl_grdp(), THEIRS);
    a.update(Action::Remote(entry));
    a.update(Action::Commit(Step::Down));
    a.update(Action::Cancel);
    assert!(a.editor().is_none());
    assert_eq!(a.mode(), Mode::Table);
    assert_eq!(status(&a), format!("Giữ ghi chú của {OTHER}"));
    assert_eq!(stored(&sled, &bl_grdp()).note.as_deref(), Some(THEIRS));
    let history = sled.history(&bl_grdp()).expect("history");
    assert_eq!(history.last().map(|e| e.user.as_str()), Some(OTHER));
}

#[test]
fn a_comment_landing_between_enter_and_the_commit_is_refused_by_the_store() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (mut a, sled) = shared_app(dir.path(), 80, 24);
    typing_comment(&mut a);
    // Theirs is stored, but its push has not reached this officer yet.
    let _ = other_comments(&sled, &bl_grdp(), THEIRS);
    a.update(Action::Commit(Step::Down));
    assert_eq!(a.mode(), Mode::Confirm);
    assert_eq!(
        status(&a),
        format!("Chưa lưu: {OTHER} sửa ghi chú lúc hh:mm · Enter: ghi đè ghi chú · Esc: giữ")
    );
    assert_eq!(stored(&sled, &bl_grdp()).note.as_deref(), Some(THEIRS));
    // What the field opened on is still what it checks: the editor was not
    // quietly moved onto their figure.
    let seen = a.editor().and_then(|e| e.seen.clone()).expect("seen");
    assert_eq!(seen.note, None);
    a.update(Action::Confirm);
    assert_eq!(
        stored(&sled, &bl_grdp()).note.as_deref(),
        Some("Số của Sở KH-ĐT")
    );
    let last = sled.history(&bl_grdp()).expect("history").pop();
    assert!(last.is_some_and(|e| e.note.overwrite));
}

#[test]
fn a_mark_over_a_comment_not_shown_yet_is_refused_and_the_cell_shows_theirs() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (mut a, sled) = shared_app(dir.path(), 80, 24);
    a.update(Action::ShowMatrix);
    a.update(Action::Down);
    let _ = other_comments(&sled, &bl_grdp(), THEIRS);
    a.update(Action::ToggleQualifier(Qualifier::Estimate));
    assert_eq!(
        status(&a),
        format!("Chưa lưu: Ô vừa được {OTHER} sửa ghi chú lúc hh:mm")
    );
    let now = stored(&sled, &bl_grdp());
    assert!(!now.qualifiers.estimate, "not marked");
    assert_eq!(now.note.as_deref(), Some(THEIRS));
    // The title line now says the figure has a comment (theirs).
    insta::assert_snapshot!("mark_refused_over_their_comment", screen(&a).join("\n"));
    // Ctrl+D again marks their figure, their comment kept.
    a.update(Action::ToggleQualifier(Qualifier::Estimate));
    assert_eq!(status(&a), "✓ Đã đánh dấu «ước đạt»");
    let now = stored(&sled, &bl_grdp());
    assert!(now.qualifiers.estimate);
    assert_eq!(now.note.as_deref(), Some(THEIRS));
}

#[test]
fn a_value_typed_while_they_wrote_a_comment_keeps_their_comment() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (mut a, sled) = shared_app(dir.path(), 80, 24);
    a.update(Action::ShowMatrix);
    a.update(Action::Down);
    a.update(Action::EditWith('8'));
    let entry = other_comments(&sled, &bl_grdp(), THEIRS);
    a.update(Action::Remote(entry));
    // The editor says so, and keeps the typed figure.
    assert_eq!(
        status(&a),
        format!("Ô vừa được {OTHER} sửa ghi chú lúc hh:mm")
    );
    assert_eq!(a.editor().map(|e| e.input.value()), Some("8"));
    // Enter saves the value; their comment stays with it.
    a.update(Action::Commit(Step::Stay));
    assert_eq!(a.mode(), Mode::Table);
    assert_eq!(
        status(&a),
        format!("✓ Đã lưu 8,00 (giữ ghi chú của {OTHER})")
    );
    let now = stored(&sled, &bl_grdp());
    assert_eq!(now.value, dec("8"));
    assert_eq!(now.note.as_deref(), Some(THEIRS));
    let last = sled.history(&bl_grdp()).expect("history").pop();
    assert!(
        last.is_some_and(|e| !e.note.overwrite),
        "nothing overwritten"
    );
}

#[test]
fn a_value_committed_before_their_comment_reached_the_screen_still_keeps_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (mut a, sled) = shared_app(dir.path(), 80, 24);
    a.update(Action::ShowMatrix);
    a.update(Action::Down);
    a.update(Action::EditWith('8'));
    // Stored, not pushed: the store refuses the write carrying no comment,
    // and the value (which they did not change) goes on their figure.
    let _ = other_comments(&sled, &bl_grdp(), THEIRS);
    a.update(Action::Commit(Step::Stay));
    assert_eq!(a.mode(), Mode::Table);
    assert_eq!(
        status(&a),
        format!("✓ Đã lưu 8,00 (giữ ghi chú của {OTHER})")
    );
    let now = stored(&sled, &bl_grdp());
    assert_eq!(now.value, dec("8"));
    assert_eq!(now.note.as_deref(), Some(THEIRS));
}

#[test]
fn a_paste_over_a_cell_whose_comment_changed_keeps_that_comment() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (mut a, sled) = shared_app(dir.path(), 80, 24);
    a.update(Action::ShowMatrix);
    // Bạc Liêu, the second row of the pasted column, gets their comment.
    let _ = other_comments(&sled, &bl_grdp(), THEIRS);
    a.update(Action::Paste("5\r\n6\r\n".into()));
    assert_eq!(a.mode(), Mode::Table, "{}", status(&a));
    assert!(status(&a).starts_with("✓ Đã dán 2 ô"), "{}", status(&a));
    let now = stored(&sled, &bl_grdp());
    assert_eq!(now.value, dec("6"));
    assert_eq!(now.note.as_deref(), Some(THEIRS));
}

#[test]
fn undo_does_not_take_away_a_comment_written_since() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (mut a, sled) = shared_app(dir.path(), 80, 24);
    a.update(Action::ShowMatrix);
    a.update(Action::Down);
    a.update(Action::ToggleQualifier(Qualifier::Approx));
    assert_eq!(status(&a), "✓ Đã đánh dấu «khoảng»");
    let _ = other_comments(&sled, &bl_grdp(), THEIRS);
    a.update(Action::Undo);
    assert!(
        status(&a).contains(&format!("đã bị {OTHER} thay đổi (sửa ghi chú)")),
        "{}",
        status(&a)
    );
    let now = stored(&sled, &bl_grdp());
    assert!(now.qualifiers.approx);
    assert_eq!(now.note.as_deref(), Some(THEIRS));
}
