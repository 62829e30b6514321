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

#[test]
fn f3_lists_who_changed_a_covenant_item_and_when() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut app, sled) = shared_app(dir.path(), 80, 24);
    act(&mut app, [Action::ShowCovenant]);
    // A built-in item nobody changed yet.
    act(&mut app, [Action::ShowHistory]);
    let lines = screen(&app, 80, 24);
    assert!(
        lines[3].contains("Mục này chưa thay đổi lần nào"),
        "{}",
        lines.join("\n")
    );
    act(&mut app, [Action::Back]);
    assert_eq!(app.screen(), thidua::tui::Screen::Covenant);
    // This admin renames the first criterion and gives it one decimal;
    // another admin then changes its upper bound.
    retype(&mut app, "Tăng trưởng GRDP");
    act(&mut app, [Action::Right, Action::Right]);
    retype(&mut app, "1");
    let year = sled.covenant().expect("c").covenant.years[&2021].clone();
    let old = year.criteria[0].clone();
    let mut theirs = old.clone();
    theirs.max = Some(rust_decimal::Decimal::from(200));
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
    // F3: the three changes, oldest first, the newest selected and whole
    // at the foot; Esc goes back to the list.
    act(&mut app, [Action::ShowHistory]);
    assert_eq!(app.screen(), thidua::tui::Screen::History);
    snapshot(&mut app, "covenant_history_criterion");
    act(&mut app, [Action::Up]);
    let lines = screen(&app, 120, 40);
    assert!(
        lines[35].starts_with("│Cũ: 2 ") && lines[36].starts_with("│Mới: 1 "),
        "the selected change whole\n{}",
        lines.join("\n")
    );
    // Undo is for figures: it says how a covenant item is changed back.
    act(&mut app, [Action::Undo]);
    let status = tui_common::status(&app, 120, 40);
    assert!(status.contains("sửa giao ước bằng Enter"), "{status}");
    act(&mut app, [Action::Back]);
    assert_eq!(app.screen(), thidua::tui::Screen::Covenant);
    // A member's history: its role, year by year.
    act(&mut app, [Action::Resize(80, 24), Action::NextColumn]);
    retype(&mut app, "cụm phó");
    act(&mut app, [Action::ShowHistory]);
    let lines = screen(&app, 80, 24);
    let text = lines.join("\n");
    assert!(
        lines[1].contains("Lịch sử thành viên AG · An Giang"),
        "{text}"
    );
    assert!(
        lines[3]
            .starts_with("│dd/mm/yyyy hh:mm canbo     2021 · Vai trò   thành viên       cụm phó"),
        "{text}"
    );
    // A unit's history: its versions as the files write them.
    act(&mut app, [Action::Back, Action::NextColumn]);
    act(&mut app, [Action::Add]);
    type_text(&mut app, "PQ Phú Quốc");
    app.update(Action::Commit(Step::Down));
    let units = sled.covenant().expect("c").covenant.units.units.clone();
    let pq = units.iter().position(|u| u.code == "PQ").expect("PQ");
    act(&mut app, [Action::Home]);
    for _ in 0..pq {
        app.update(Action::Down);
    }
    act(&mut app, [Action::ShowHistory]);
    let lines = screen(&app, 80, 24);
    let text = lines.join("\n");
    assert!(lines[1].contains("Lịch sử đơn vị PQ · Phú Quốc"), "{text}");
    assert!(lines[3].contains("canbo     thêm "), "{text}");
    assert!(lines[20].starts_with("│Mới: Phú Quốc (tỉnh)"), "{text}");
}

/// A cluster set up from files whose units are the twelve provinces before
/// Resolution 202/2025/QH15 (no mergers yet), with the example's 2026 year.
fn cluster_before_the_merger(root: &Path) -> (App, std::sync::Arc<SledStore>) {
    let files = root.join("giao-uoc");
    std::fs::create_dir(&files).expect("mkdir");
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/examples/covenant-2026");
    for f in ["members.csv", "indicators.csv", "years.csv"] {
        std::fs::copy(example.join(f), files.join(f)).expect("copy");
    }
    let mut units = String::from("\u{feff}code,name,kind,valid_from,valid_until,takes_in\n");
    for (code, name, kind) in [
        ("AG", "An Giang", "tỉnh"),
        ("KG", "Kiên Giang", "tỉnh"),
        ("CM", "Cà Mau", "tỉnh"),
        ("DT", "Đồng Tháp", "tỉnh"),
        ("VL", "Vĩnh Long", "tỉnh"),
        ("BT", "Bến Tre", "tỉnh"),
        ("TV", "Trà Vinh", "tỉnh"),
        ("CT", "Cần Thơ", "thành phố"),
        ("ST", "Sóc Trăng", "tỉnh"),
        ("HG", "Hậu Giang", "tỉnh"),
    ] {
        units.push_str(&format!("{code},{name},{kind},,,\n"));
    }
    std::fs::write(files.join("units.csv"), units).expect("units");
    let read = thidua::io::covenant::read_dir(&files).expect("files");
    let covenant =
        match thidua::io::covenant::import(&thidua::model::covenant::Covenant::default(), &read) {
            Ok(i) => i.covenant,
            Err(errors) => panic!("{errors:?}"),
        };
    let sled = SledStore::open_or_create_empty(&root.join("db"), "canbo").expect("open");
    sled.change_covenant(CovenantEdit::Import {
        files: covenant,
        seen: 0,
    })
    .expect("covenant");
    let sled = std::sync::Arc::new(sled);
    let options = TuiOptions {
        color: true,
        period: Some("2026-H1".parse().expect("period")),
        ..TuiOptions::default()
    };
    let mut app = tui::app(Box::new(tui_common::Fixed(sled.clone())), &options).expect("app");
    act(&mut app, [Action::Resize(80, 24), Action::ShowCovenant]);
    act(&mut app, [Action::NextColumn, Action::NextColumn]);
    (app, sled)
}

/// Select the unit `code` in the units list and type `text` as its merger.
fn record_merger(app: &mut App, sled: &SledStore, code: &str, text: &str) -> String {
    let units = sled.covenant().expect("c").covenant.units.units.clone();
    let row = units.iter().position(|u| u.code == code).expect("unit");
    act(app, [Action::Home, Action::Right]);
    for _ in 0..row {
        app.update(Action::Down);
    }
    app.update(Action::Edit);
    app.update(Action::ClearField);
    type_text(app, text);
    app.update(Action::Commit(Step::Down));
    let status = tui_common::status(app, 80, 24);
    app.update(Action::Cancel);
    status
}

#[test]
fn mergers_of_three_units_under_a_new_name_in_one_step_checked() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut app, sled) = cluster_before_the_merger(dir.path());
    // Refused, naming why: itself, a unit that does not exist, no day.
    let status = record_merger(&mut app, &sled, "VL", "VL BT 2025-07-01");
    assert!(status.contains("không thể nhận chính mình"), "{status}");
    let status = record_merger(&mut app, &sled, "VL", "BT PQ 2025-07-01");
    assert!(status.contains("«PQ»"), "{status}");
    let status = record_merger(&mut app, &sled, "VL", "BT TV");
    assert!(status.contains("YYYY-MM-DD"), "{status}");
    let before = sled.covenant().expect("c");
    assert!(
        before
            .covenant
            .units
            .units
            .iter()
            .all(|u| u.versions.len() == 1),
        "nothing written"
    );
    // Vĩnh Long takes in Bến Tre and Trà Vinh in one step; Sóc Trăng
    // and Hậu Giang join Cần Thơ, typed in lower case, under its new name.
    let status = record_merger(&mut app, &sled, "VL", "BT, TV 2025-07-01");
    assert!(status.contains("Đã lưu giao ước (3 mục)"), "{status}");
    let status = record_merger(
        &mut app,
        &sled,
        "CT",
        "st hg 2025-07-01 thành phố Cần Thơ mới",
    );
    assert!(status.contains("Đã lưu giao ước (3 mục)"), "{status}");
    let units = sled.covenant().expect("c").covenant.units;
    let ct = units.unit("CT").expect("CT");
    assert_eq!(ct.versions.len(), 2);
    assert_eq!(
        ct.describe(),
        "Cần Thơ (thành phố) đến 30/06/2025; \
         Cần Thơ mới (thành phố) từ 01/07/2025, nhận ST, HG"
    );
    assert_eq!(
        units.unit("HG").expect("HG").describe(),
        "Hậu Giang (tỉnh) đến 30/06/2025"
    );
    // A unit taken in already ended: a second merger of it is refused.
    let status = record_merger(&mut app, &sled, "AG", "KG BT 2025-07-01");
    assert!(
        status.contains("Bến Tre") || status.contains("«BT»"),
        "{status}"
    );
    assert_eq!(
        sled.covenant().expect("c").covenant.units,
        units,
        "nothing written"
    );
    // The list shows the new names and the mergers, Cần Thơ's whole at
    // the foot.
    let ct_row = units.units.iter().position(|u| u.code == "CT").expect("CT");
    act(&mut app, [Action::Home]);
    for _ in 0..ct_row {
        app.update(Action::Down);
    }
    let lines = screen(&app, 80, 24).join("\n");
    insta::assert_snapshot!("covenant_units_after_mergers_80x24", lines);
    // Its history: added from the files, then the merger's new version.
    act(&mut app, [Action::ShowHistory]);
    let lines = screen(&app, 80, 24);
    let text = lines.join("\n");
    assert!(lines[3].contains("canbo     thêm"), "{text}");
    assert!(lines[4].contains("canbo     phiên bản"), "{text}");
    assert_eq!(
        lines[19..21],
        [
            "│Mới: Cần Thơ (thành phố) đến 30/06/2025; Cần Thơ mới (thành phố) từ           │",
            "│01/07/2025, nhận ST, HG                                                       │",
        ]
    );
}
