//! The cluster's own figures in the Matrix (issue #14 item 7): the
//! figure reported for the whole cluster (`CLUSTER`) is a row of cells
//! below the computed one, both visible, marked where they differ; typed
//! with the same editor, refused on a stale value as a province's cell,
//! audited; and a province officer's write is refused by the server (the
//! screen says so first; the server refuses it even when sent straight).

mod tui_common;

use std::path::Path;

use rust_decimal::Decimal;
use thidua::model::{CLUSTER, Figure, Kind, Period, ValueKey};
use thidua::server::{ClientStore, Config, ServerHandle, default_socket, serve};
use thidua::store::user::os_user;
use thidua::store::{Edit, Expect, Flush, Role, SledStore, Store};
use thidua::tui::action::Step;
use thidua::tui::{self, Action, App, TuiOptions};
use tui_common::{act, screen, shared_app, type_text};

fn p(s: &str) -> Period {
    s.parse().expect("period")
}

fn d(s: &str) -> Decimal {
    s.parse().expect("decimal")
}

/// Type a figure into the selected cell and commit it, staying there.
fn type_cell(app: &mut App, text: &str) {
    let mut chars = text.chars();
    if let Some(c) = chars.next() {
        app.update(Action::EditWith(c));
    }
    type_text(app, chars.as_str());
    app.update(Action::Commit(Step::Stay));
}

/// The Matrix, on the cluster's reported row, first column (GRDP growth).
fn on_cluster_row(app: &mut App) {
    act(app, [Action::ShowMatrix, Action::Home]);
    for _ in 0..20 {
        app.update(Action::Down);
    }
    assert!(app.matrix_on_cluster_row());
}

#[test]
fn the_reported_and_the_computed_cluster_figures_are_both_shown() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut app, _sled) = shared_app(dir.path(), 80, 24);
    act(&mut app, [Action::ShowMatrix]);
    let lines = screen(&app, 80, 24);
    // The report's cluster figures (Báo cáo 209) against the provinces'
    // figures the database holds: they differ, and say so.
    assert_eq!(
        &lines[19..21],
        &[
            "│Cả cụm: tính             6,57     15.783      72,27    3.099,3      51,84     │",
            "│Cả cụm: b.cáo           4,90!    52.049!              9.100,0!                │",
        ],
        "{}",
        lines.join("\n")
    );
    on_cluster_row(&mut app);
    let lines = screen(&app, 80, 24);
    assert!(
        lines[2].ends_with("! khác số tính 6,57│"),
        "{}",
        lines.join("\n")
    );
    // At 120×40, the same two rows at the foot of the table.
    act(&mut app, [Action::Resize(120, 40)]);
    let lines = screen(&app, 120, 40);
    assert!(
        lines[35].starts_with("│Cả cụm: tính "),
        "{}",
        lines.join("\n")
    );
    assert!(
        lines[36].starts_with("│Cả cụm: b.cáo"),
        "{}",
        lines.join("\n")
    );
}

#[test]
fn the_cluster_row_is_typed_like_a_provinces_cell_stale_values_refused_audited() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut app, sled) = shared_app(dir.path(), 80, 24);
    on_cluster_row(&mut app);
    let key = ValueKey::new(p("2021-H1"), CLUSTER, "GRDP_GROWTH", Kind::Actual);
    type_cell(&mut app, "6,57");
    assert_eq!(
        sled.get(&key).expect("get").map(|f| f.value),
        Some(d("6.57"))
    );
    let lines = screen(&app, 80, 24);
    assert!(
        lines[20].starts_with("│Cả cụm: b.cáo            6,57    52.049!"),
        "equal to the computed one: no mark\n{}",
        lines.join("\n")
    );
    let history = sled.history(&key).expect("history");
    assert_eq!(
        history.last().map(|e| e.user.as_str()),
        Some("canbo"),
        "audited as any cell"
    );
    // Another admin writes the cluster's figure while this one types (a
    // plausible 6: 7 would be 3× last year's 2,31 and asked about first).
    app.update(Action::EditWith('6'));
    sled.write_as(
        "khac",
        Edit::new(key.clone(), Some(Figure::plain(d("6.8"))), Expect::Any),
        Flush::Now,
    )
    .expect("other write");
    app.update(Action::Commit(Step::Stay));
    let status = tui_common::status(&app, 80, 24);
    assert!(status.contains("khac"), "{status}");
    assert_eq!(
        sled.get(&key).expect("get").map(|f| f.value),
        Some(d("6.8")),
        "the other officer's figure is not overwritten unasked"
    );
}

/// A server on a fresh built-in database where this OS user is AG's officer.
fn server_as_province(dir: &Path) -> (ServerHandle, ClientStore) {
    let db = dir.join("db");
    let store = SledStore::open(&db).expect("open db");
    let me = os_user();
    store
        .set_role_as(&me, "boss", Some(Role::Admin), Flush::Now)
        .expect("boss");
    store
        .set_role_as("boss", &me, Some(Role::Province("AG".into())), Flush::Now)
        .expect("my role");
    let socket = default_socket(&db);
    let mut config = Config::new(&socket);
    config.log = false;
    let server = serve::start(store, config).expect("server");
    let client = ClientStore::connect(&socket).expect("connect");
    (server, client)
}

#[test]
fn a_province_officer_may_not_write_the_cluster_row_the_server_refuses_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (server, client) = server_as_province(dir.path());
    let options = TuiOptions {
        color: true,
        ..TuiOptions::default()
    };
    let mut app = tui::app(Box::new(client), &options).expect("app");
    app.update(Action::Resize(80, 24));
    on_cluster_row(&mut app);
    app.update(Action::EditWith('5'));
    assert!(app.editor().is_none());
    let status = tui_common::status(&app, 80, 24);
    assert!(
        status.contains("số liệu của cả cụm do quản trị viên nhập"),
        "{status}"
    );
    drop(app);
    // Straight to the server, the screen bypassed.
    let client = ClientStore::connect(&default_socket(&dir.path().join("db"))).expect("connect");
    let key = ValueKey::new(p("2021-H1"), CLUSTER, "GRDP_GROWTH", Kind::Actual);
    let refused = client.write(Edit::new(
        key.clone(),
        Some(Figure::plain(d("5"))),
        Expect::Any,
    ));
    let why = refused.expect_err("refused").to_string();
    assert!(why.contains("cả cụm do quản trị viên nhập"), "{why}");
    assert_eq!(
        client.get(&key).expect("get").map(|f| f.value),
        Some(d("4.9"))
    );
    drop(client);
    server.shutdown().expect("shutdown");
}
