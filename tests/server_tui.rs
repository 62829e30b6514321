//! The application through its server: the status line names the server,
//! another officer's write shows up without a key press, and a server that
//! stops answering (here: stopped with SIGSTOP, so it neither hangs up nor
//! replies) is noticed by the heartbeat; once it answers again the app and
//! the other officer are back by themselves and live updates resume.

#[path = "pty_common/mod.rs"]
mod pty_common;

use std::path::Path;

use pty_common::Pty;
use rust_decimal::Decimal;
use thidua::model::{Figure, Figures, Kind, ValueKey};
use thidua::server::{ClientStore, launch, serve};
use thidua::store::{Edit, Expect, Store};

/// Wait for `ok`; on a time-out, show the end of the server's log.
fn wait_until(db: &Path, what: &str, ok: impl Fn() -> bool) {
    let start = std::time::Instant::now();
    while !ok() {
        if start.elapsed() > pty_common::DEADLINE {
            let log = std::fs::read_to_string(launch::log_file(db)).unwrap_or_default();
            let tail: Vec<&str> = log.lines().rev().take(40).collect();
            let tail: Vec<&str> = tail.into_iter().rev().collect();
            panic!(
                "timed out: {what}; the server's log ends:\n{}",
                tail.join("\n")
            );
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

#[test]
fn a_write_by_another_officer_appears_live_and_a_hung_server_is_noticed() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("db");
    let db_arg = db.to_str().expect("utf8 path");
    // The app starts the database's server itself.
    let mut app = Pty::start(
        Path::new(env!("CARGO_BIN_EXE_thidua")),
        &["--db", db_arg],
        120,
        40,
    );
    app.wait_text("máy chủ");
    let socket = serve::default_socket(&db);
    let server_pid: i32 = std::fs::read_to_string(launch::pid_file(&db))
        .expect("pid file of the started server")
        .trim()
        .parse()
        .expect("pid");

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

    // The server hangs: no hang-up, no answers.
    // SAFETY: kill(2) on the server this test's app started.
    assert_eq!(unsafe { libc::kill(server_pid, libc::SIGSTOP) }, 0);
    wait_until(&db, "the other officer notices", || !other.connected());
    // The status line says so at once, without a key.
    app.wait_text("Mất kết nối với máy chủ; đang nối lại");
    // A figure typed meanwhile is refused, and the status line says why.
    app.send(b"\r"); // open the first province
    app.wait_text("Nhập liệu");
    app.send(b"5\r");
    app.wait_text("Mất kết nối với máy chủ thidua");
    app.wait_for("the cell still open", |s| !s.hide_cursor());
    app.send(b"\x1b"); // cancel the cell: the text cursor goes away
    app.wait_for("cell cancelled", |s| s.hide_cursor());
    app.send(pty_common::F10); // the provinces; the status line keeps saying it
    app.wait_text("mất kết nối");
    app.wait_for("province list again", row(before.reported + 1));

    // SAFETY: as above.
    assert_eq!(unsafe { libc::kill(server_pid, libc::SIGCONT) }, 0);
    wait_until(&db, "the other officer is back", || other.connected());
    report(&other, 1);
    app.wait_for("Bến Tre after the server is back", row(before.reported + 2));

    app.send(b"\x11"); // Ctrl+Q
    let status = app.wait_exit();
    assert!(status.success(), "{status:?}");
    drop(other);
}
