//! The application through `thidua serve`: the status line names the
//! server, and another officer's write shows up without a key press.

#[path = "pty_common/mod.rs"]
mod pty_common;

use std::path::Path;

use pty_common::Pty;
use rust_decimal::Decimal;
use thidua::model::{Figure, Figures, Kind, ValueKey};
use thidua::server::{ClientStore, Config, serve};
use thidua::store::{Edit, Expect, SledStore, Store};

#[test]
fn a_write_by_another_officer_appears_live_in_the_app() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("db");
    let store = SledStore::open(&db).expect("open");
    let socket = serve::default_socket(&db);
    let mut config = Config::new(&socket);
    config.log = false;
    let server = serve::start(store, config).expect("start");

    let other = ClientStore::connect(&socket).expect("other officer");
    let cluster = other.cluster().expect("cluster");
    let period = "2021-H1".parse().expect("period");
    let figures = Figures::new(other.values(None).expect("values"));
    let before = figures.province_completeness(&cluster, period, "BT");
    // Indicators the cluster reports on that Bến Tre has not reported yet.
    let missing: Vec<_> = figures
        .expected_indicators(&cluster, period)
        .into_iter()
        .filter(|i| figures.actual(period, "BT", &i.code).is_none())
        .take(2)
        .collect();
    assert_eq!(missing.len(), 2);
    let report = |store: &ClientStore, n: usize| {
        let ind = missing[n];
        store
            .write(Edit::new(
                ValueKey::new(period, "BT", &ind.code, Kind::Actual),
                Some(Figure::plain(Decimal::ZERO.max(ind.min).min(ind.max))),
                Expect::Value(None),
            ))
            .expect("write")
            .expect("changed");
    };

    let db_arg = db.to_str().expect("utf8 path");
    let mut app = Pty::start(
        Path::new(env!("CARGO_BIN_EXE_thidua")),
        &["--db", db_arg],
        120,
        40,
    );
    app.wait_text("máy chủ");
    let row = |reported: usize| {
        move |s: &pty_common::Emu| {
            s.contents().lines().any(|l| {
                l.contains("Bến Tre")
                    && l.trim_end_matches('│')
                        .trim_end()
                        .ends_with(&format!("{reported}/{}", before.expected))
            })
        }
    };
    app.wait_for("Bến Tre before", row(before.reported));

    report(&other, 0);
    app.wait_for("Bến Tre after the remote write", row(before.reported + 1));

    // The server goes away and comes back: the app keeps running, its
    // connection comes back by itself and live updates resume.
    server.shutdown().expect("shutdown");
    // A figure typed meanwhile is refused, and the status line says why.
    app.send(b"\r"); // open the first province
    app.wait_text("Nhập liệu");
    app.send(b"5\r");
    app.wait_text("Mất kết nối với máy chủ");
    app.send(b"\x1b"); // cancel the cell: the text cursor goes away
    app.wait_for("cell cancelled", |s| s.hide_cursor());
    app.send(b"\x1b"); // back to the provinces; the status line keeps saying it
    app.wait_text("máy chủ (mất kết nối");
    app.wait_for("province list again", row(before.reported + 1));
    let store = serve::open_database(&db, pty_common::DEADLINE).expect("reopen");
    let mut config = Config::new(&socket);
    config.log = false;
    let server = serve::start(store, config).expect("restart");
    let start = std::time::Instant::now();
    while !other.connected() {
        assert!(start.elapsed() < pty_common::DEADLINE, "no reconnect");
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    report(&other, 1);
    app.wait_for("Bến Tre after the restart", row(before.reported + 2));

    app.send(b"\x11"); // Ctrl+Q
    let status = app.wait_exit();
    assert!(status.success(), "{status:?}");
    drop(other);
    server.shutdown().expect("shutdown");
}
