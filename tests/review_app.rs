//! The review screens inside the application: reached with F8, cycled with
//! Tab, copy with Ctrl+C (OSC 52), weights edited in the score detail and
//! written through the audited store. Keys go through the key table.

mod tui_common;

use base64::Engine as _;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use rust_decimal::Decimal;
use thidua::io::review_tables;
use thidua::model::awards::awards_annex;
use thidua::store::{SledStore, Store};
use thidua::tui::app::ReviewScreen;
use thidua::tui::{App, Effect, Screen, keys};
use tui_common::{app, screen};

/// A key through the key table, as the loop does; the effect for the loop.
fn press(app: &mut App, code: KeyCode, modifiers: KeyModifiers) -> Option<Effect> {
    let key = KeyEvent::new(code, modifiers);
    keys::action_for(app.mode(), &key).and_then(|action| app.update(action))
}

fn key(app: &mut App, code: KeyCode) {
    press(app, code, KeyModifiers::NONE);
}

#[test]
fn f8_opens_the_summary_and_tab_cycles_the_review_screens() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut app = app(dir.path(), 80, 24);
    key(&mut app, KeyCode::F(8));
    assert_eq!(app.screen(), Screen::Review(ReviewScreen::Summary));
    insta::assert_snapshot!("app_summary_80x24", screen(&app, 80, 24).join("\n"));
    key(&mut app, KeyCode::Tab);
    assert_eq!(app.screen(), Screen::Review(ReviewScreen::Ranking));
    key(&mut app, KeyCode::Right); // budget revenue
    insta::assert_snapshot!("app_ranking_80x24", screen(&app, 80, 24).join("\n"));
    insta::assert_snapshot!("app_ranking_120x40", screen(&app, 120, 40).join("\n"));
    key(&mut app, KeyCode::Tab);
    assert_eq!(app.screen(), Screen::Review(ReviewScreen::Score));
    insta::assert_snapshot!("app_score_80x24", screen(&app, 80, 24).join("\n"));
    key(&mut app, KeyCode::Tab);
    assert_eq!(app.screen(), Screen::Review(ReviewScreen::Awards));
    insta::assert_snapshot!("app_awards_120x40", screen(&app, 120, 40).join("\n"));
    press(&mut app, KeyCode::BackTab, KeyModifiers::SHIFT);
    assert_eq!(app.screen(), Screen::Review(ReviewScreen::Score));
    // Esc leaves no data screen; F10 goes to the province list.
    key(&mut app, KeyCode::Esc);
    assert_eq!(app.screen(), Screen::Review(ReviewScreen::Score));
    key(&mut app, KeyCode::F(10));
    assert_eq!(app.screen(), Screen::Provinces);
}

#[test]
fn ctrl_c_copies_the_awards_annex_as_osc52_tsv() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut app = app(dir.path(), 80, 24);
    key(&mut app, KeyCode::F(8));
    for _ in 0..3 {
        key(&mut app, KeyCode::Tab);
    }
    let effect = press(&mut app, KeyCode::Char('c'), KeyModifiers::CONTROL);
    let Some(Effect::Clipboard(seq)) = effect else {
        panic!("no OSC 52 sequence: {effect:?}");
    };
    let annex = awards_annex(&app.data().cluster, &app.data().figures, app.data().period);
    let tsv = review_tables::awards(&annex).to_tsv();
    assert_eq!(
        seq,
        format!(
            "\x1b]52;c;{}\x07",
            base64::engine::general_purpose::STANDARD.encode(&tsv)
        )
    );
    assert!(tsv.contains("\nBằng khen của Chủ tịch UBND tỉnh\t\t\t\t\t\t\t\t\t\t\t\t\t\t24.550\n"));
    let status = screen(&app, 80, 24).pop().expect("status line");
    assert!(
        status.starts_with("Đã chép 13 dòng. Không dán được: thidua report "),
        "{status}"
    );
}

#[test]
fn a_weight_typed_in_the_score_detail_is_stored_and_audited() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut app = app(dir.path(), 80, 24);
    key(&mut app, KeyCode::F(8));
    key(&mut app, KeyCode::Tab);
    key(&mut app, KeyCode::Tab);
    // The first row (Hậu Giang), its detail, the second scored indicator.
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Down);
    insta::assert_snapshot!("app_score_detail_80x24", screen(&app, 80, 24).join("\n"));
    key(&mut app, KeyCode::F(2));
    key(&mut app, KeyCode::Backspace);
    for c in "2,5".chars() {
        key(&mut app, KeyCode::Char(c));
    }
    let editing = screen(&app, 80, 24);
    assert!(
        editing
            .iter()
            .any(|l| l.starts_with("Trọng số mới: 2,5 ") && l.contains("Enter: lưu")),
        "{editing:?}"
    );
    key(&mut app, KeyCode::Enter);
    let weight = app.data().cluster.indicator("BUDGET_REV").map(|i| i.weight);
    assert_eq!(weight, Some("2.5".parse::<Decimal>().expect("decimal")));
    let status = screen(&app, 80, 24).pop().expect("status line");
    assert!(
        status.contains("Đã lưu trọng số «Tổng thu ngân sách»: 1 → 2,5"),
        "{status}"
    );
    // 2,5 × min(2.550 ÷ 3.327,24; 1) is now in Hậu Giang's detail.
    let lines = screen(&app, 80, 24);
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("2,5 × min(2.550 ÷ 3.327,24; 1) = 2,5 × 0,7664 = 1,9160 điểm")),
        "{lines:?}"
    );
    // F3 in the detail: that weight's history, in the Vietnamese way.
    key(&mut app, KeyCode::F(3));
    let lines = screen(&app, 80, 24);
    assert!(
        lines[1].contains("Trọng số · Tổng thu ngân sách"),
        "{}",
        lines[1]
    );
    let row = &lines[3];
    assert!(
        row.contains("canbo") && row.contains(" 1          2,5 "),
        "{row}"
    );
    // Esc goes back to the detail.
    key(&mut app, KeyCode::Esc);
    assert!(
        screen(&app, 80, 24)
            .iter()
            .any(|l| l.contains("2,5 × min("))
    );
    drop(app);
    let store = SledStore::open(&dir.path().join("db")).expect("reopen");
    let history = store.weight_history("BUDGET_REV").expect("history");
    assert_eq!(history.len(), 1);
    assert_eq!(history[0].user, "canbo");
}

#[test]
fn a_weight_changed_by_another_officer_rescores_live() {
    use thidua::store::{AuditEntry, Change};
    use thidua::tui::Action;
    let dir = tempfile::tempdir().expect("tempdir");
    let mut app = app(dir.path(), 80, 24);
    key(&mut app, KeyCode::F(8));
    key(&mut app, KeyCode::Tab);
    key(&mut app, KeyCode::Tab);
    app.update(Action::Remote(AuditEntry {
        seq: 99,
        at_ms: 0,
        user: "khac".into(),
        change: Change::Weight {
            indicator: "BUDGET_REV".into(),
            old: Decimal::ONE,
            new: Decimal::from(10),
        },
        note: Default::default(),
    }));
    // Long An: 10 × 10.880 ÷ 15.174,34 = 7,17 for the budget group.
    let lines = screen(&app, 80, 24);
    let la = lines
        .iter()
        .find(|l| l.contains("Long An"))
        .expect("Long An row");
    assert_eq!(
        la.trim_end(),
        "   3 Long An       0,33      7,17      0,00          1,27      8,78"
    );
}
