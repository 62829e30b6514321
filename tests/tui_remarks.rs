//! Qualifiers and comments in the application (#15 item 2): Ctrl+D,
//! Ctrl+T and Ctrl+G mark the selected figure ước đạt, trên/hơn, khoảng
//! (a one-cell mark before it, the words on the title line), Ctrl+N writes
//! its comment in a text field on the title line; each is an audited
//! write of the figure the officer sees, shown in History and undone by
//! Ctrl+Z.

mod tui_common;

use thidua::model::{Kind, Period, ValueKey};
use thidua::store::Store;
use thidua::tui::action::Qualifier;
use thidua::tui::keys::Mode;
use thidua::tui::{Action, App, Screen};
use tui_common::{screen, shared_app, type_text};

fn h1() -> Period {
    "2021-H1".parse().expect("period")
}

fn bl_grdp() -> ValueKey {
    ValueKey::new(h1(), "BL", "GRDP_GROWTH", Kind::Actual)
}

fn status(a: &App) -> String {
    let line = tui_common::status(a, 80, 24);
    line.trim_end()
        .strip_suffix("CSDL db")
        .unwrap_or(&line)
        .trim_end()
        .to_string()
}

/// The Matrix on Bạc Liêu's GRDP growth (7,77), marked ước đạt, with a
/// comment.
fn remarked(a: &mut App) {
    a.update(Action::ShowMatrix);
    assert_eq!(a.screen(), Screen::Matrix);
    a.update(Action::Down);
    a.update(Action::ToggleQualifier(Qualifier::Estimate));
    assert_eq!(status(a), "✓ Đã đánh dấu «ước đạt»");
    a.update(Action::EditComment);
    assert_eq!(a.mode(), Mode::Edit);
    type_text(a, "Số ước của Cục Thống kê");
    a.update(Action::Commit(thidua::tui::action::Step::Down));
    assert_eq!(status(a), "✓ Đã lưu ghi chú");
}

#[test]
fn a_qualifier_and_a_comment_show_in_the_cell_and_on_the_title_line() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (mut a, sled) = shared_app(dir.path(), 80, 24);
    let before = sled.get(&bl_grdp()).expect("get").expect("a figure");
    remarked(&mut a);
    let stored = sled.get(&bl_grdp()).expect("get").expect("a figure");
    assert_eq!(stored.value, before.value, "the value stays");
    assert!(stored.qualifiers.estimate);
    assert_eq!(stored.note.as_deref(), Some("Số ước của Cục Thống kê"));
    insta::assert_snapshot!("remark_matrix_80x24", screen(&a, 80, 24).join("\n"));
    a.update(Action::Resize(120, 40));
    insta::assert_snapshot!("remark_matrix_120x40", screen(&a, 120, 40).join("\n"));
    // Several qualifiers: `+` in the cell, every word on the title line.
    a.update(Action::ToggleQualifier(Qualifier::Approx));
    let lines = screen(&a, 120, 40);
    assert!(
        lines[0].ends_with("ước đạt, khoảng · có ghi chú (Ctrl+N)"),
        "{}",
        lines[0]
    );
    assert!(lines[5].contains("+7,77"), "{}", lines[5]);
    // History tells each change.
    a.update(Action::ShowHistory);
    let lines = screen(&a, 120, 40);
    let text = lines.join("\n");
    assert!(text.contains("đánh dấu ước đạt"), "{text}");
    assert!(text.contains("ghi chú «Số ước của Cục Thống kê»"), "{text}");
    assert!(text.contains("đánh dấu khoảng"), "{text}");
    a.update(Action::Back);
    // Ctrl+Z takes the last mark back; the comment stays.
    a.update(Action::Undo);
    let stored = sled.get(&bl_grdp()).expect("get").expect("a figure");
    assert!(!stored.qualifiers.approx && stored.qualifiers.estimate);
    assert_eq!(stored.note.as_deref(), Some("Số ước của Cục Thống kê"));
}

#[test]
fn an_emptied_comment_is_removed_and_esc_leaves_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (mut a, sled) = shared_app(dir.path(), 80, 24);
    remarked(&mut a);
    // Esc: nothing written.
    a.update(Action::EditComment);
    a.update(Action::ClearField);
    a.update(Action::Cancel);
    let stored = sled.get(&bl_grdp()).expect("get").expect("a figure");
    assert!(stored.note.is_some());
    // Emptied and Enter: removed.
    a.update(Action::EditComment);
    assert!(
        status(&a).starts_with("Ghi chú của canbo lúc "),
        "{}",
        status(&a)
    );
    a.update(Action::ClearField);
    a.update(Action::Commit(thidua::tui::action::Step::Down));
    assert_eq!(status(&a), "✓ Đã xoá ghi chú");
    let stored = sled.get(&bl_grdp()).expect("get").expect("a figure");
    assert_eq!(stored.note, None);
    assert!(stored.qualifiers.estimate, "the qualifier stays");
}

#[test]
fn a_typed_figure_keeps_its_qualifiers_and_comment() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (mut a, sled) = shared_app(dir.path(), 80, 24);
    remarked(&mut a);
    a.update(Action::EditWith('7'));
    a.update(Action::Commit(thidua::tui::action::Step::Stay));
    let stored = sled.get(&bl_grdp()).expect("get").expect("a figure");
    assert_eq!(stored.value, "7".parse().expect("decimal"));
    assert!(stored.qualifiers.estimate);
    assert_eq!(stored.note.as_deref(), Some("Số ước của Cục Thống kê"));
}

#[test]
fn an_empty_cell_takes_no_qualifier() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (mut a, _sled) = shared_app(dir.path(), 80, 24);
    a.update(Action::ShowMatrix);
    // An Giang's GRDP growth of 2021-H1 is not in the report.
    a.update(Action::ToggleQualifier(Qualifier::LowerBound));
    assert_eq!(
        status(&a),
        "Ô chưa có số: nhập số trước, rồi đánh dấu hoặc ghi chú"
    );
}

#[test]
fn the_mark_takes_one_cell_on_a_wide_terminal_and_in_ascii() {
    use thidua::text::profile::{Ambiguous, Charset, Profile};
    use thidua::tui::TuiOptions;
    for (charset, ambiguous, mark) in [
        (Charset::Unicode, Ambiguous::Wide, "ư7,77"),
        (Charset::Ascii, Ambiguous::Narrow, "u7,77"),
    ] {
        let dir = tempfile::tempdir().expect("temp dir");
        let options = TuiOptions {
            profile: Profile { ambiguous, charset },
            color: true,
            ..TuiOptions::default()
        };
        let mut a = tui_common::app_with_options(dir.path(), &options, 80, 24);
        a.update(Action::ShowMatrix);
        a.update(Action::Down);
        a.update(Action::ToggleQualifier(Qualifier::Estimate));
        let lines = screen(&a, 80, 24);
        let row = &lines[5];
        assert!(row.contains(&format!(" {mark} ")), "{row}");
        // The same columns as the row under it: the mark took one cell.
        let next = &lines[6];
        // Columns as a narrow measure counts them (a decomposed letter's
        // mark takes none).
        let end = |l: &str, s: &str| {
            l.find(s)
                .map(|i| unicode_width::UnicodeWidthStr::width(&l[..i + s.len()]))
        };
        assert_eq!(end(row, "7,77"), end(next, "6,47"), "{row}\n{next}");
    }
}
