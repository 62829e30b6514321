//! A client knows when its server is gone and comes back by itself: a
//! hang-up is noticed at once, a hung server within the heartbeat's 2 s;
//! the location says so; on reconnecting, every write made meanwhile is
//! delivered in order (in pages), and then `Reconnected` tells the screens
//! to refetch.

mod server_kit;

use std::path::Path;
use std::str::FromStr;
use std::time::Instant;

use rust_decimal::Decimal;
use server_kit::*;
use thidua::model::{Figure, Kind, Period, ValueKey};
use thidua::server::{ClientStore, Config, launch, serve};
use thidua::store::{Change, Edit, Expect, Location, SledStore, Store, StoreEvent};

fn start(db: &Path) -> serve::ServerHandle {
    let store = serve::open_database(db, WAIT).expect("open");
    let mut config = Config::new(&serve::default_socket(db));
    config.log = false;
    serve::start(store, config).expect("start")
}

fn next_event(rx: &std::sync::mpsc::Receiver<StoreEvent>) -> StoreEvent {
    rx.recv_timeout(WAIT).expect("an event")
}

#[test]
fn writes_made_while_away_arrive_in_order_then_reconnected() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("db");
    let server = start(&db);
    let socket = serve::default_socket(&db);
    let watcher = ClientStore::connect(&socket).expect("watcher");
    let events = watcher.subscribe_events().expect("events");
    let entries = watcher.subscribe().expect("entries");

    server.shutdown().expect("shutdown");
    assert_eq!(next_event(&events), StoreEvent::Disconnected);
    assert_eq!(
        watcher.location(),
        Location::Server {
            socket: socket.clone(),
            connected: false
        }
    );
    let err = watcher.cluster().expect_err("nothing is sent while away");
    assert!(err.to_string().contains("Chưa gửi gì"), "{err}");

    // Meanwhile 2,500 writes (more than two pages of catch-up) land.
    let written: Vec<u64> = {
        let store = serve::open_database(&db, WAIT).expect("reopen");
        let cluster = store.cluster().expect("cluster");
        let ind = &cluster.indicators[0];
        (0..2500u16)
            .map(|i| {
                let key = ValueKey::new(
                    // Years the 2021 provinces existed in (they ended in 2025).
                    Period::year(1800 + i / 12),
                    &cluster.provinces[usize::from(i % 12)].code,
                    &ind.code,
                    Kind::Actual,
                );
                store
                    .write(Edit::new(
                        key,
                        Some(Figure::plain(Decimal::ZERO.max(ind.min).min(ind.max))),
                        Expect::Any,
                    ))
                    .expect("write")
                    .expect("changed")
                    .seq
            })
            .collect()
    };
    let server = start(&db);
    let mut got = Vec::new();
    loop {
        match next_event(&events) {
            StoreEvent::Remote(e) => got.push(e.seq),
            StoreEvent::Reconnected => break,
            StoreEvent::Disconnected => panic!("lost again"),
            StoreEvent::PeriodsChanged(p) => panic!("no import here: {p:?}"),
        }
    }
    assert_eq!(got, written, "every write, once, in commit order");
    assert!(watcher.connected());
    // The plain subscription got the same entries.
    let plain: Vec<u64> = entries.try_iter().map(|e| e.seq).collect();
    assert_eq!(plain, written);
    // Live pushes resume after the catch-up.
    let other = ClientStore::connect(&socket).expect("other");
    let k = ValueKey::new(
        "2021-H1".parse().expect("p"),
        "AG",
        "GRDP_GROWTH",
        Kind::Actual,
    );
    other
        .write(Edit::new(
            k.clone(),
            Some(Figure::plain(Decimal::from_str("7.7").expect("d"))),
            Expect::Any,
        ))
        .expect("write");
    match next_event(&events) {
        StoreEvent::Remote(e) => assert!(matches!(e.change, Change::Value { key, .. } if key == k)),
        other => panic!("{other:?}"),
    }
    drop((watcher, other));
    server.shutdown().expect("shutdown");
}

#[test]
fn a_hung_server_is_noticed_by_the_heartbeat() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("db");
    let server = serve(Path::new(bin()), &db, &[]);
    let socket = serve::default_socket(&db);
    let client = ClientStore::connect(&socket).expect("client");
    let events = client.subscribe_events().expect("events");
    // SAFETY: kill(2) on our own child.
    unsafe { libc::kill(server.pid() as i32, libc::SIGSTOP) };
    let stopped = Instant::now();
    assert_eq!(next_event(&events), StoreEvent::Disconnected);
    println!(
        "a hung server was noticed after {:.1} s (heartbeat: ping after 0.5 s of silence, lost after 1.8 s)",
        stopped.elapsed().as_secs_f64()
    );
    assert!(!client.connected());
    // SAFETY: as above.
    unsafe { libc::kill(server.pid() as i32, libc::SIGCONT) };
    assert_eq!(next_event(&events), StoreEvent::Reconnected);
    assert!(client.cluster().is_ok());
    drop(client);
    assert!(server.stop().success());
    assert!(
        launch::pid_file(&db).metadata().is_err(),
        "pid file removed"
    );
    drop(SledStore::open(&db).expect("released"));
}
