//! The Score screen as the covenant score (#18 items 2 and 4), whole
//! screens on `TestBackend`: the units ranked by the engine's final score
//! with the tie rule; Enter on a unit opens its score sheet (the criteria
//! tree with maximum, computed, own, reviewed and counted points; for the
//! selected criterion target, actual, method and the formula with its
//! numbers; the state and total); F2 enters points and F9 moves the sheet
//! through the workflow, written through the store and shown at once; what
//! the state forbids is refused before typing; another officer's change
//! shows at once.

mod tui_common;

use rust_decimal::Decimal;
use thidua::model::scoring::workflow::Move;
use thidua::model::scoring::{Actor, Change as SheetChange, State};
use thidua::store::{Flush, SheetEdit, Store};
use thidua::tui::action::Step;
use thidua::tui::app::ReviewScreen;
use thidua::tui::{Action, App, Screen};
use tui_common::{act, app, screen, shared_app, status, type_text};

/// The Score screen of the built-in data, 2021-H1 (F8, then Tab to it).
fn to_score(a: &mut App) {
    a.update(Action::ShowReview);
    while a.screen() != Screen::Review(ReviewScreen::Score) {
        a.update(Action::NextColumn);
    }
}

fn on_score(dir: &std::path::Path) -> App {
    let mut a = app(dir, 80, 24);
    to_score(&mut a);
    a
}

fn text(lines: &[String]) -> String {
    lines.join("\n")
}

fn h1() -> thidua::model::Period {
    "2021-H1".parse().expect("period")
}

fn state_of(a: &App, unit: &str) -> State {
    a.data()
        .store()
        .sheet_entries(h1())
        .expect("sheets")
        .into_iter()
        .find(|(u, _)| u == unit)
        .map(|(_, e)| e.state)
        .unwrap_or_default()
}

#[test]
fn the_score_screen_ranks_by_the_covenant_score_with_the_tie_rule() {
    let dir = tempfile::tempdir().expect("tempdir");
    let a = on_score(dir.path());
    let lines = screen(&a, 80, 24);
    insta::assert_snapshot!("covenant_ranking_80x24", text(&lines));
    assert!(lines[1].starts_with("Xếp hạng theo tổng điểm thi đua kỳ 2021-H1"));
    assert!(
        lines[3].starts_with("   1 Bạc Liêu             45,29"),
        "{}",
        lines[3]
    );
    assert!(lines[15].starts_with("Quy tắc xếp hạng: Bằng tổng điểm thì cùng hạng"));
}

#[test]
fn a_score_sheet_shows_every_criterion_and_the_formula_with_its_numbers() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut a = on_score(dir.path());
    // Bạc Liêu leads; its sheet; the budget revenue (the second criterion).
    act(&mut a, [Action::Open, Action::Down]);
    let small = screen(&a, 80, 24);
    insta::assert_snapshot!("covenant_sheet_80x24", text(&small));
    assert!(small[1].starts_with("Bảng chấm điểm thi đua kỳ 2021-H1 — Bạc Liêu (nháp)"));
    assert_eq!(
        small[17].trim_end(),
        "Cách tính: dưới chỉ tiêu: 0,5 × 15 × 2.353 ÷ 3.337,12 = 5,29"
    );
    assert!(small[16].starts_with("Chỉ tiêu đăng ký: 3.337,12 · Thực hiện 2021-H1: 2.353"));
    let large = screen(&a, 120, 40);
    insta::assert_snapshot!("covenant_sheet_120x40", text(&large));
    assert!(
        large
            .iter()
            .any(|l| l.starts_with("Tổng điểm                                     100 45,29"))
    );
}

#[test]
fn self_scores_reviews_and_the_lock_are_entered_on_the_sheet_and_refused_once_locked() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut a = on_score(dir.path());
    act(&mut a, [Action::Open, Action::Down]);
    // A self-score typed from its first digit.
    a.update(Action::EditWith('1'));
    type_text(&mut a, "0");
    let lines = screen(&a, 80, 24);
    assert!(lines[21].starts_with("Điểm tự chấm: 10"), "{}", lines[21]);
    a.update(Action::Commit(Step::Down));
    assert!(
        status(&a, 80, 24).starts_with("✓ Đã lưu tự chấm BUDGET_REV: 10"),
        "{}",
        status(&a, 80, 24)
    );
    let lines = screen(&a, 80, 24);
    assert!(
        lines[6].contains("15  5,29   10,00           10,00"),
        "{}",
        lines[6]
    );
    assert!(
        lines[18].starts_with("Tự chấm: 10,00 · Thẩm định: chưa có"),
        "{}",
        lines[18]
    );
    // Above the maximum: the engine's message, the field kept.
    a.update(Action::Edit);
    a.update(Action::ClearField);
    type_text(&mut a, "16");
    a.update(Action::Commit(Step::Down));
    assert!(
        status(&a, 80, 24).contains("vượt điểm tối đa 15"),
        "{}",
        status(&a, 80, 24)
    );
    assert!(
        a.editing_weight(),
        "the field stays open with what was typed"
    );
    a.update(Action::Cancel);

    // Submit (F9, the one move there is), review with a reason, confirm.
    a.update(Action::ToggleChart);
    a.update(Action::Commit(Step::Down));
    assert_eq!(state_of(&a, "BL"), State::SelfScored);
    a.update(Action::Edit);
    type_text(&mut a, "8");
    a.update(Action::Commit(Step::Down));
    let lines = screen(&a, 80, 24);
    assert!(lines[21].starts_with("Lý do thẩm định: "), "{}", lines[21]);
    a.update(Action::Commit(Step::Down));
    assert!(
        status(&a, 80, 24).contains("Cần ghi lý do"),
        "{}",
        status(&a, 80, 24)
    );
    type_text(&mut a, "Theo số Kho bạc");
    a.update(Action::Commit(Step::Down));
    let lines = screen(&a, 80, 24);
    assert!(
        lines[18].starts_with("Tự chấm: 10,00 · Thẩm định: 8,00 — Theo số Kho bạc"),
        "{}",
        lines[18]
    );
    // The moves on offer, by number: confirm the review, then lock.
    a.update(Action::ToggleChart);
    let lines = screen(&a, 80, 24);
    assert!(
        lines[21].starts_with("Chuyển bước (1 trả lại bảng để đơn vị sửa · 2 xác nhận"),
        "{}",
        lines[21]
    );
    type_text(&mut a, "2");
    a.update(Action::Commit(Step::Down));
    assert_eq!(state_of(&a, "BL"), State::Reviewed);
    a.update(Action::ToggleChart);
    let lines = screen(&a, 80, 24);
    assert!(lines[21].contains("chốt điểm"), "{}", lines[21]);
    let lock = if lines[21].contains("1 chốt điểm") {
        "1"
    } else {
        "2"
    };
    type_text(&mut a, lock);
    a.update(Action::Commit(Step::Down));
    assert_eq!(state_of(&a, "BL"), State::Locked);
    assert!(screen(&a, 80, 24)[1].contains("Bạc Liêu (đã chốt)"));
    // Locked: refused at the first key, nothing opens.
    a.update(Action::EditWith('5'));
    assert!(!a.editing_weight());
    assert!(
        status(&a, 80, 24)
            .starts_with("Không sửa được: Bảng chấm điểm của «BL» (Bạc Liêu) kỳ 2021-H1 đã chốt"),
        "{}",
        status(&a, 80, 24)
    );
    // The ranking shows the reviewed points and the state.
    a.update(Action::Back);
    let lines = screen(&a, 80, 24);
    assert!(
        lines[3].contains("Bạc Liêu") && lines[3].contains("đã chốt"),
        "{}",
        lines[3]
    );
    assert!(lines[3].contains("48,00"), "{}", lines[3]);
}

#[test]
fn another_officers_change_to_a_sheet_shows_at_once() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut a, sled) = shared_app(dir.path(), 80, 24);
    to_score(&mut a);
    act(&mut a, [Action::Open, Action::Down]);
    let seen = sled
        .sheet_entries(h1())
        .expect("sheets")
        .into_iter()
        .find(|(u, _)| u == "BL")
        .map(|(_, e)| e)
        .unwrap_or_default();
    let entry = sled
        .change_sheet_as(
            "lan",
            &Actor::Province("BL".into()),
            SheetEdit::over(
                h1(),
                "BL",
                &seen,
                SheetChange::SelfPoints {
                    criterion: "BUDGET_REV".into(),
                    points: Some(Decimal::new(12, 0)),
                    note: None,
                },
            ),
            Flush::Now,
        )
        .expect("written")
        .expect("an entry");
    a.update(Action::Remote(entry));
    let lines = screen(&a, 80, 24);
    assert!(lines[18].starts_with("Tự chấm: 12,00"), "{}", lines[18]);
    assert!(lines[6].contains("12,00"), "{}", lines[6]);
    let _ = Move::Submit;
}

#[test]
fn f3_on_a_sheet_lists_its_changes_with_who_and_why() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut a = on_score(dir.path());
    act(&mut a, [Action::Open, Action::Down, Action::EditWith('9')]);
    a.update(Action::Commit(Step::Down));
    act(&mut a, [Action::ToggleChart, Action::Commit(Step::Down)]);
    a.update(Action::ShowHistory);
    assert_eq!(a.screen(), Screen::History);
    let lines = screen(&a, 120, 40);
    assert!(
        lines[1].contains("Lịch sử bảng chấm điểm «BL» kỳ 2021-H1"),
        "{}",
        lines[1]
    );
    let rows: Vec<&String> = lines.iter().filter(|l| l.contains("canbo")).collect();
    assert_eq!(rows.len(), 2, "{lines:#?}");
    assert!(
        rows[0].contains("9") && rows[0].contains("tự chấm BUDGET_REV"),
        "{}",
        rows[0]
    );
    assert!(
        rows[1].contains("nháp")
            && rows[1].contains("đã tự chấm")
            && rows[1].contains("trạng thái"),
        "{}",
        rows[1]
    );
    a.update(Action::Back);
    assert_eq!(a.screen(), Screen::Review(ReviewScreen::Score));
}

/// A covenant year without a points scale: the Score screen shows the
/// weight table, and ↓ moves its selection (the keys went to the covenant
/// ranking behind it, which is not drawn).
#[test]
fn a_year_without_a_scale_moves_in_the_weight_table_it_shows() {
    let dir = tempfile::tempdir().expect("temp dir");
    {
        let store = tui_common::open(dir.path());
        let state = store.covenant().expect("covenant");
        let mut files = state.covenant.clone();
        let y = files.years.get_mut(&2021).expect("2021");
        y.scale_total = None;
        for c in &mut y.criteria {
            c.scoring = Default::default();
        }
        store
            .change_covenant(thidua::store::CovenantEdit::Import {
                files,
                seen: state.revision,
            })
            .expect("the year without its scale");
    }
    let mut a = on_score(dir.path());
    let lines = screen(&a, 80, 24);
    assert!(
        text(&lines).contains("năm này chưa có thang điểm giao ước"),
        "{}",
        text(&lines)
    );
    assert_eq!(a.review().score.table.row, 0);
    let drawn = tui_common::buffer(&a, 80, 24);
    act(&mut a, [Action::Down, Action::Down]);
    assert_eq!(a.review().score.table.row, 2);
    // Same text, the highlight two rows down.
    assert_eq!(screen(&a, 80, 24), lines);
    assert_ne!(
        tui_common::buffer(&a, 80, 24),
        drawn,
        "the selection moved on screen"
    );
    act(&mut a, [Action::End]);
    let last = a.review().score.table.row;
    assert!(last >= 11, "{last}");
    act(&mut a, [Action::Down]);
    assert_eq!(a.review().score.table.row, last, "bounded by the table");
}
