//! The covenant screen (issue #14 item 4, Ctrl+O): units with their
//! versions and mergers, the year's members with roles and its criteria;
//! an admin edits them with the same text field as a figure, checked by
//! the model's rules and audited; a stale edit says who changed the item
//! and when, and asks again; a province officer sees the same lists
//! read-only, and the server refuses an edit sent through the screen's
//! path even when the screen's own check is bypassed.

mod tui_common;

use std::path::Path;

use thidua::server::{ClientStore, Config, ServerHandle, default_socket, serve};
use thidua::store::user::os_user;
use thidua::store::{CovenantEdit, Flush, HistoryOf, Role, SledStore, Store};
use thidua::tui::action::Step;
use thidua::tui::session::Session;
use thidua::tui::{self, Action, App, TuiOptions};
use tui_common::{act, app, screen, shared_app, type_text};

fn snapshot(app: &mut App, name: &str) {
    for (w, h) in [(80u16, 24u16), (120, 40)] {
        app.update(Action::Resize(w, h));
        let lines = screen(app, w, h);
        insta::assert_snapshot!(format!("{name}_{w}x{h}"), lines.join("\n"));
    }
}

/// Replace the field's text with `text` and save it.
fn retype(app: &mut App, text: &str) {
    app.update(Action::Edit);
    app.update(Action::ClearField);
    type_text(app, text);
    app.update(Action::Commit(Step::Down));
}

#[test]
fn the_three_lists_at_80x24_and_120x40() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut app = app(dir.path(), 80, 24);
    act(&mut app, [Action::ShowCovenant]);
    snapshot(&mut app, "covenant_criteria");
    act(&mut app, [Action::NextColumn]);
    snapshot(&mut app, "covenant_members");
    act(&mut app, [Action::NextColumn]);
    snapshot(&mut app, "covenant_units");
    // Esc: back where it was opened from.
    act(&mut app, [Action::Back]);
    assert_eq!(app.screen(), thidua::tui::Screen::Provinces);
}

#[test]
fn an_admin_renames_a_criterion_changes_its_range_and_a_members_role_audited() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut app, sled) = shared_app(dir.path(), 120, 40);
    act(&mut app, [Action::ShowCovenant]);
    // The first criterion's name.
    retype(&mut app, "Tăng trưởng GRDP");
    let status = tui_common::status(&app, 120, 40);
    assert!(status.contains("Đã lưu giao ước"), "{status}");
    let year = &sled.covenant().expect("covenant").covenant.years[&2021];
    assert_eq!(year.criteria[0].name, "Tăng trưởng GRDP");
    let history = sled
        .covenant_history(&HistoryOf::Criterion("GRDP_GROWTH".into()))
        .expect("history");
    assert_eq!(history.last().map(|e| e.user.as_str()), Some("canbo"));
    // The cluster the other screens read follows: Entry's label.
    assert_eq!(app.data().cluster.indicators[0].name, "Tăng trưởng GRDP");
    // A bad value: the model's message, nothing written, the text kept.
    act(&mut app, [Action::Right, Action::Right]);
    app.update(Action::Edit);
    app.update(Action::ClearField);
    type_text(&mut app, "mười");
    app.update(Action::Commit(Step::Down));
    assert!(app.covenant_screen().editor.is_some(), "kept to correct");
    let status = tui_common::status(&app, 120, 40);
    assert!(status.contains("mười"), "{status}");
    app.update(Action::Cancel);
    // Decimals 7 is past what the model allows: its reason.
    retype(&mut app, "7");
    let status = tui_common::status(&app, 120, 40);
    assert!(status.starts_with("Không lưu"), "{status}");
    app.update(Action::Cancel);
    // A member's role.
    act(&mut app, [Action::NextColumn]);
    retype(&mut app, "cụm trưởng");
    let year = &sled.covenant().expect("covenant").covenant.years[&2021];
    assert_eq!(
        year.member("AG").map(|m| m.role),
        Some(thidua::model::covenant::MemberRole::Chair)
    );
    let lines = screen(&app, 120, 40).join("\n");
    assert!(lines.contains("cụm trưởng"), "{lines}");
}

#[test]
fn adding_and_retiring_a_criterion_and_recording_a_merger() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut app, sled) = shared_app(dir.path(), 120, 40);
    act(&mut app, [Action::ShowCovenant, Action::End, Action::Add]);
    type_text(&mut app, "XK_GAO Xuất khẩu gạo");
    app.update(Action::Commit(Step::Down));
    let year = sled.covenant().expect("covenant").covenant.years[&2021].clone();
    let added = year.criterion("XK_GAO").expect("added");
    assert_eq!(added.name, "Xuất khẩu gạo");
    assert!(!added.in_covenant, "quoted until the admin says otherwise");
    assert!(app.data().cluster.indicator("XK_GAO").is_some());
    // Retire it: asked first.
    let row = year
        .criteria
        .iter()
        .position(|c| c.code == "XK_GAO")
        .expect("row");
    act(&mut app, [Action::Home]);
    for _ in 0..row {
        app.update(Action::Down);
    }
    app.update(Action::Clear);
    let status = tui_common::status(&app, 120, 40);
    assert!(
        status.starts_with("Nhấn Del lần nữa để bỏ chỉ tiêu «Xuất khẩu gạo»"),
        "{status}"
    );
    assert!(
        sled.covenant().expect("c").covenant.years[&2021]
            .criterion("XK_GAO")
            .is_some()
    );
    app.update(Action::Clear);
    assert!(
        sled.covenant().expect("c").covenant.years[&2021]
            .criterion("XK_GAO")
            .is_none()
    );
    // A merger: Cần Thơ takes in Hậu Giang on 2026-01-01 (the units list).
    act(&mut app, [Action::NextColumn, Action::NextColumn]);
    let units = sled.covenant().expect("c").covenant.units.units.clone();
    let ct = units.iter().position(|u| u.code == "CT").expect("CT");
    act(&mut app, [Action::Home]);
    for _ in 0..ct {
        app.update(Action::Down);
    }
    act(&mut app, [Action::Right]);
    app.update(Action::Edit);
    type_text(&mut app, "PQ 2026-01-01");
    app.update(Action::Commit(Step::Down));
    let status = tui_common::status(&app, 120, 40);
    assert!(status.contains("PQ"), "an unknown unit named: {status}");
    app.update(Action::Cancel);
    // A new unit, then the merger.
    act(&mut app, [Action::Add]);
    type_text(&mut app, "PQ Phú Quốc");
    app.update(Action::Commit(Step::Down));
    let units = sled.covenant().expect("c").covenant.units.units.clone();
    assert!(units.iter().any(|u| u.code == "PQ"));
    act(&mut app, [Action::Home]);
    for _ in 0..ct {
        app.update(Action::Down);
    }
    app.update(Action::Edit);
    type_text(&mut app, "PQ 2026-01-01");
    app.update(Action::Commit(Step::Down));
    let status = tui_common::status(&app, 120, 40);
    assert!(status.contains("Đã lưu giao ước"), "{status}");
    let ct_now = sled
        .covenant()
        .expect("c")
        .covenant
        .units
        .unit("CT")
        .cloned()
        .expect("CT");
    assert_eq!(
        ct_now.versions.last().map(|v| v.takes_in.clone()),
        Some(vec!["PQ".to_string()])
    );
}

#[test]
fn a_stale_edit_says_who_changed_it_and_when_and_asks_again() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut app, sled) = shared_app(dir.path(), 120, 40);
    act(&mut app, [Action::ShowCovenant]);
    // Another admin renames the first criterion while this one types.
    app.update(Action::Edit);
    let footer = screen(&app, 120, 40)[38].clone();
    assert!(footer.starts_with("Enter lưu  Esc huỷ"), "{footer}");
    let year = sled.covenant().expect("c").covenant.years[&2021].clone();
    let old = year.criteria[0].clone();
    let mut theirs = old.clone();
    theirs.name = "Tốc độ tăng GRDP (khác)".into();
    sled.change_covenant_as(
        "quantri2",
        CovenantEdit::Criterion {
            year: 2021,
            seen: Some(Box::new(old)),
            new: Some(Box::new(theirs)),
        },
        Flush::Now,
    )
    .expect("theirs");
    app.update(Action::ClearField);
    type_text(&mut app, "Của tôi");
    app.update(Action::Commit(Step::Down));
    let status = tui_common::status(&app, 120, 40);
    assert!(
        status.contains("vừa được quantri2 sửa lúc") && status.contains("Tốc độ tăng GRDP (khác)"),
        "{status}"
    );
    assert_eq!(
        sled.covenant().expect("c").covenant.years[&2021].criteria[0].name,
        "Tốc độ tăng GRDP (khác)",
        "not overwritten unasked"
    );
    // Asked again: Enter writes over what is there now.
    assert!(app.covenant_screen().editor.is_some());
    app.update(Action::Commit(Step::Down));
    assert_eq!(
        sled.covenant().expect("c").covenant.years[&2021].criteria[0].name,
        "Của tôi"
    );
}

/// A server on a fresh built-in database where this OS user has `role`.
fn server_with_role(dir: &Path, role: Role) -> (ServerHandle, ClientStore) {
    let db = dir.join("db");
    let store = SledStore::open(&db).expect("open db");
    let me = os_user();
    store
        .set_role_as(&me, "boss", Some(Role::Admin), Flush::Now)
        .expect("boss");
    store
        .set_role_as("boss", &me, Some(role), Flush::Now)
        .expect("my role");
    let socket = default_socket(&db);
    let mut config = Config::new(&socket);
    config.log = false;
    let server = serve::start(store, config).expect("server");
    let client = ClientStore::connect(&socket).expect("connect");
    (server, client)
}

#[test]
fn a_province_officer_sees_the_lists_read_only_and_the_server_refuses_an_edit() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (server, client) = server_with_role(dir.path(), Role::Province("AG".into()));
    let options = TuiOptions {
        color: true,
        ..TuiOptions::default()
    };
    let mut app = tui::app(Box::new(client), &options).expect("app");
    act(&mut app, [Action::Resize(80, 24), Action::ShowCovenant]);
    let lines = screen(&app, 80, 24);
    let text = lines.join("\n");
    assert!(text.contains("GRDP_GROWTH"), "the same lists\n{text}");
    assert!(lines[2].contains("chỉ xem"), "{text}");
    let status = tui_common::status(&app, 80, 24);
    assert!(
        status.starts_with("Chỉ xem: chỉ quản trị viên được sửa giao ước"),
        "{status}"
    );
    // The next key gives the footer back: no editing offered.
    app.update(Action::Down);
    let footer = screen(&app, 80, 24)[22].clone();
    assert!(footer.starts_with("Tab mục  Esc đóng"), "{footer}");
    app.update(Action::Edit);
    assert!(app.covenant_screen().editor.is_none());
    let status = tui_common::status(&app, 80, 24);
    assert!(status.starts_with("Không sửa được giao ước"), "{status}");
    drop(app);
    // The screen's path (the session) with its own check bypassed: the
    // server refuses, nothing changes.
    let client = ClientStore::connect(&default_socket(&dir.path().join("db"))).expect("connect");
    let mut session = Session::new(Box::new(client), None).expect("session");
    let before = session.covenant_state().expect("covenant");
    let old = before.covenant.years[&2021].criteria[0].clone();
    let mut new = old.clone();
    new.name = "Đổi lén".into();
    let refused = session
        .change_covenant(CovenantEdit::Criterion {
            year: 2021,
            seen: Some(Box::new(old)),
            new: Some(Box::new(new)),
        })
        .expect_err("refused");
    assert!(
        refused
            .to_string()
            .contains("chỉ quản trị viên được sửa giao ước"),
        "{refused}"
    );
    assert_eq!(session.covenant_state().expect("covenant"), before);
    drop(session);
    server.shutdown().expect("shutdown");
}
