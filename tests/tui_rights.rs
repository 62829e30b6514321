//! Rights before typing (#11 item 5), with the role a real server gives:
//! a province officer on another province's cell, and a viewer anywhere,
//! are told at the first key (a digit, F2 or Enter, Delete, a paste) that
//! they may not write there, and the footer does not offer editing there;
//! on their own province's cells the officer types as usual, through the
//! server.

mod tui_common;

use std::path::Path;

use rust_decimal::Decimal;
use thidua::model::{Kind, ValueKey};
use thidua::server::{ClientStore, Config, ServerHandle, default_socket, serve};
use thidua::store::user::os_user;
use thidua::store::{Flush, Role, SledStore};
use thidua::tui::action::Step;
use thidua::tui::app::ReviewScreen;
use thidua::tui::{self, Action, App, Screen, TuiOptions};
use tui_common::{act, screen, type_text};

/// A server on a fresh built-in database where this OS user has `role`
/// (and `boss` administers it).
fn server_with_role(dir: &Path, role: Option<Role>) -> (ServerHandle, ClientStore) {
    let db = dir.join("db");
    let store = SledStore::open(&db).expect("open db");
    let me = os_user();
    store
        .set_role_as(&me, "boss", Some(Role::Admin), Flush::Now)
        .expect("boss");
    store
        .set_role_as("boss", &me, role, Flush::Now)
        .expect("my role");
    let socket = default_socket(&db);
    let mut config = Config::new(&socket);
    config.log = false;
    let server = serve::start(store, config).expect("server");
    let client = ClientStore::connect(&socket).expect("connect");
    (server, client)
}

fn app_on(client: ClientStore) -> App {
    let options = TuiOptions {
        color: true,
        ..TuiOptions::default()
    };
    let mut a = tui::app(Box::new(client), &options).expect("app");
    a.update(Action::Resize(80, 24));
    a
}

fn footer(a: &App) -> String {
    screen(a, 80, 24)[22].clone()
}

fn status(a: &App) -> String {
    tui_common::status(a, 80, 24)
}

fn stop(a: App, server: ServerHandle) {
    drop(a);
    server.shutdown().expect("shutdown");
}

/// The Matrix's first column on a province's row (alphabetical order).
fn matrix_on(a: &mut App, row: usize) {
    a.update(Action::ShowMatrix);
    for _ in 0..row {
        a.update(Action::Down);
    }
    assert_eq!(a.screen(), Screen::Matrix);
}

#[test]
fn a_province_officer_is_told_at_the_first_key_on_another_provinces_cell() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (server, client) = server_with_role(dir.path(), Some(Role::Province("AG".into())));
    assert_eq!(client.role(), Role::Province("AG".into()));
    let mut a = app_on(client);
    // Đồng Tháp, the fifth row.
    matrix_on(&mut a, 4);
    assert_eq!(a.matrix_province().map(|p| p.code.as_str()), Some("DT"));
    let f = footer(&a);
    assert!(
        !f.contains("0-9 nhập") && !f.contains("F2 sửa") && !f.contains("Del xoá"),
        "{f}"
    );
    for first in [
        Action::EditWith('5'),
        Action::Edit,
        Action::Clear,
        Action::Paste("5\r\n6\r\n".into()),
        Action::Paste("5".into()),
    ] {
        a.update(first.clone());
        assert!(a.editor().is_none(), "{first:?} opened an editor");
        let s = status(&a);
        assert!(
            s.starts_with("Không nhập được ô này: bạn chỉ được nhập số liệu của tỉnh AG")
                || s.starts_with(
                    "Không dán gì: dòng 1, cột 1: bạn chỉ được nhập số liệu của tỉnh AG"
                ),
            "{first:?}: {s}"
        );
    }
    // A paste reaching into another province's rows from the officer's own.
    act(&mut a, [Action::Up, Action::Up, Action::Up, Action::Up]);
    a.update(Action::Paste("5\r\n6\r\n".into()));
    assert!(
        status(&a)
            .starts_with("Không dán gì: dòng 2, cột 1: bạn chỉ được nhập số liệu của tỉnh AG"),
        "{}",
        status(&a)
    );
    // On An Giang's own cell the footer offers editing (back at the next
    // key from under the long message), and typing works through the
    // server.
    a.update(Action::Up);
    assert_eq!(a.matrix_province().map(|p| p.code.as_str()), Some("AG"));
    let f = footer(&a);
    assert!(f.starts_with("0-9 nhập  Enter lưu  Esc huỷ  F2 sửa"), "{f}");
    a.update(Action::EditWith('5'));
    type_text(&mut a, ",5");
    a.update(Action::Commit(Step::Stay));
    assert!(status(&a).starts_with("✓ Đã lưu 5,50"), "{}", status(&a));
    let key = ValueKey::new(
        "2021-H1".parse().expect("period"),
        "AG",
        "GRDP_GROWTH",
        Kind::Actual,
    );
    let stored = a.data().figure(&key).map(|f| f.value);
    assert_eq!(stored, Some("5.5".parse::<Decimal>().expect("decimal")));
    stop(a, server);
}

#[test]
fn a_viewer_is_told_at_the_first_key_and_a_viewers_paste_is_refused() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (server, client) = server_with_role(dir.path(), None);
    assert_eq!(client.role(), Role::Viewer);
    let mut a = app_on(client);
    let before = a.data().figures.generation();
    matrix_on(&mut a, 0);
    assert!(!footer(&a).contains("0-9 nhập"), "{}", footer(&a));
    a.update(Action::EditWith('5'));
    assert!(a.editor().is_none());
    assert!(
        status(&a).starts_with("Không nhập được ô này: bạn chỉ có quyền xem"),
        "{}",
        status(&a)
    );
    a.update(Action::Paste("6,1\r\n7,2\r\n".into()));
    assert!(
        status(&a).starts_with("Không dán gì: dòng 1, cột 1: bạn chỉ có quyền xem"),
        "{}",
        status(&a)
    );
    assert_eq!(a.data().figures.generation(), before, "nothing changed");
    // Nor a point on a score sheet, nor a move of its workflow.
    a.update(Action::ShowReview);
    act(&mut a, [Action::NextColumn, Action::NextColumn]);
    assert_eq!(a.screen(), Screen::Review(ReviewScreen::Score));
    a.update(Action::Open);
    for first in [Action::Edit, Action::EditWith('5'), Action::ToggleChart] {
        a.update(first.clone());
        assert!(!a.editing_weight(), "{first:?} opened a field");
        assert!(
            status(&a).contains("Bạn chỉ có quyền xem"),
            "{first:?}: {}",
            status(&a)
        );
    }
    stop(a, server);
}

#[test]
fn a_province_officer_scores_its_own_sheet_and_is_refused_review_and_lock_before_typing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (server, client) = server_with_role(dir.path(), Some(Role::Province("BL".into())));
    let mut a = app_on(client);
    a.update(Action::ShowReview);
    act(&mut a, [Action::NextColumn, Action::NextColumn]);
    assert_eq!(a.screen(), Screen::Review(ReviewScreen::Score));
    // Đồng Tháp, second in the ranking: not the officer's sheet.
    act(&mut a, [Action::Down, Action::Open]);
    assert!(screen(&a, 80, 24)[1].contains("Đồng Tháp"));
    a.update(Action::EditWith('5'));
    assert!(!a.editing_weight());
    assert!(
        status(&a).starts_with("Không sửa được: Bạn chỉ được chấm điểm của đơn vị BL"),
        "{}",
        status(&a)
    );
    // Its own sheet (Bạc Liêu leads): a self-score, then the submission.
    act(&mut a, [Action::Back, Action::Up, Action::Open]);
    a.update(Action::EditWith('1'));
    type_text(&mut a, "8");
    a.update(Action::Commit(Step::Stay));
    assert!(
        status(&a).starts_with("✓ Đã lưu tự chấm GRDP_GROWTH: 18"),
        "{}",
        status(&a)
    );
    a.update(Action::ToggleChart);
    assert!(screen(&a, 80, 24)[21].starts_with("Chuyển bước (1 nộp bảng tự chấm)"));
    a.update(Action::Commit(Step::Stay));
    assert!(screen(&a, 80, 24)[1].contains("Bạc Liêu (đã tự chấm)"));
    // Submitted: reviewing is the secretariat's, and so is every move now.
    a.update(Action::Edit);
    assert!(!a.editing_weight());
    assert!(
        status(&a)
            .starts_with("Không sửa được: Không thể sửa điểm tự chấm khi bảng đang «đã tự chấm»"),
        "{}",
        status(&a)
    );
    a.update(Action::ToggleChart);
    assert!(!a.editing_weight());
    assert!(
        status(&a).starts_with("Không chuyển bước được: không có bước nào bạn chuyển được"),
        "{}",
        status(&a)
    );
    stop(a, server);
}
