//! The review screens inside the application: reached with F8, cycled with
//! Tab, copy with Ctrl+C (OSC 52). Keys go through the key table.

mod tui_common;

use base64::Engine as _;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use thidua::io::review_tables;
use thidua::model::awards::awards_annex;
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
