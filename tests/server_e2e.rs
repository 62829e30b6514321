//! `thidua serve` end to end: live updates, conflicts, identity and roles,
//! bad frames, a killed server.

mod cli_common;

use std::io::{Read, Write};
use std::os::unix::net::UnixStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::str::FromStr;
use std::time::{Duration, Instant};

use cli_common::{export_h1, thidua};
use rust_decimal::Decimal;
use thidua::model::{Figure, Kind, ValueKey};
use thidua::server::protocol::{self, Hello, PROTOCOL_VERSION, Welcome};
use thidua::server::{ClientStore, Config, serve};
use thidua::store::{Change, Edit, Expect, Role, SledStore, Store, StoreError};

const WAIT: Duration = Duration::from_secs(10);

fn dec(s: &str) -> Decimal {
    Decimal::from_str(s).expect("decimal")
}

fn key(province: &str) -> ValueKey {
    ValueKey::new(
        "2021-H1".parse().expect("period"),
        province,
        "GRDP_GROWTH",
        Kind::Actual,
    )
}

fn set(key: &ValueKey, value: &str, expect: Expect) -> Edit {
    Edit::new(key.clone(), Some(Figure::plain(dec(value))), expect)
}

fn quiet(socket: &Path) -> Config {
    let mut c = Config::new(socket);
    c.log = false;
    c.limits.frame_timeout = Duration::from_millis(300);
    c.limits.hello_timeout = Duration::from_millis(300);
    c
}

fn start(dir: &Path) -> (serve::ServerHandle, PathBuf) {
    let db = dir.join("db");
    let store = SledStore::open(&db).expect("open db");
    let socket = serve::default_socket(&db);
    let handle = serve::start(store, quiet(&socket)).expect("start server");
    (handle, socket)
}

fn value_of(store: &dyn Store, key: &ValueKey) -> Option<Decimal> {
    store.get(key).expect("get").map(|f| f.value)
}

#[test]
fn three_clients_see_each_others_writes_and_conflicts_are_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (server, socket) = start(dir.path());
    let a = ClientStore::connect(&socket).expect("a");
    let b = ClientStore::connect(&socket).expect("b");
    let c = ClientStore::connect(&socket).expect("c");
    let (sa, sb, sc) = (
        a.subscribe().expect("sub"),
        b.subscribe().expect("sub"),
        c.subscribe().expect("sub"),
    );
    assert!(
        a.location().to_string().starts_with("máy chủ: "),
        "{}",
        a.location()
    );

    let k = key("BL");
    let seen = a.get(&k).expect("get");
    let entry = a
        .write(set(&k, "8.15", Expect::Value(seen.clone())))
        .expect("a writes")
        .expect("a change");
    for sub in [&sb, &sc] {
        let got = sub.recv_timeout(WAIT).expect("pushed to the others");
        assert_eq!(got, entry);
        match &got.change {
            Change::Value { new, .. } => {
                assert_eq!(new.as_ref().map(|f| f.value), Some(dec("8.15")))
            }
            other => panic!("unexpected change {other:?}"),
        }
    }
    assert!(
        sa.recv_timeout(Duration::from_millis(200)).is_err(),
        "the writer is not sent its own write"
    );
    assert_eq!(value_of(&b, &k), Some(dec("8.15")));

    // b still believes the old value: refused, told the new one, who and when.
    match b.write(set(&k, "9.01", Expect::Value(seen))) {
        Err(StoreError::Conflict {
            current, by, at_ms, ..
        }) => {
            assert_eq!(current.map(|f| f.value), Some(dec("8.15")));
            assert_eq!(by, a.user());
            assert_eq!(at_ms, entry.at_ms);
        }
        other => panic!("expected a conflict, got {other:?}"),
    }
    assert_eq!(value_of(&c, &k), Some(dec("8.15")));
    assert!(sc.recv_timeout(Duration::from_millis(200)).is_err());

    // Re-entered deliberately over the value now seen, it goes through.
    b.write(set(&k, "9.01", Expect::Value(b.get(&k).expect("get"))))
        .expect("b re-enters")
        .expect("changed");
    for sub in [&sa, &sc] {
        let got = sub.recv_timeout(WAIT).expect("pushed");
        assert!(matches!(got.change, Change::Value { .. }));
    }

    // A batch arrives as one entry per changed cell.
    let outcome = c
        .write_batch(vec![
            set(&key("DT"), "6.5", Expect::Any),
            set(&key("KG"), "6.6", Expect::Any),
        ])
        .expect("batch");
    assert_eq!(outcome.added + outcome.changed, 2);
    for sub in [&sa, &sb] {
        for _ in 0..2 {
            sub.recv_timeout(WAIT).expect("batch entry pushed");
        }
    }
    let history = a.history(&k).expect("history");
    assert_eq!(
        history.last().and_then(|e| match &e.change {
            Change::Value { new, .. } => new.as_ref().map(|f| f.value),
            _ => None,
        }),
        Some(dec("9.01"))
    );
    drop((a, b, c));
    server.shutdown().expect("shutdown");
    assert!(!socket.exists(), "socket removed on shutdown");
}

#[test]
fn a_second_server_on_the_same_socket_is_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (server, socket) = start(dir.path());
    let err = serve::claim_socket(&socket).expect_err("live socket");
    assert!(err.to_string().contains("đang chạy"), "{err}");
    server.shutdown().expect("shutdown");
}

fn raw_hello(socket: &Path) -> UnixStream {
    let mut s = UnixStream::connect(socket).expect("connect");
    protocol::write_frame(&mut s, &Hello::new()).expect("hello");
    let welcome: Welcome = protocol::read_msg(&mut s).expect("welcome");
    assert!(welcome.outcome.is_ok());
    s
}

/// The server closes this connection (EOF) within the time limit.
fn closed_by_server(mut s: UnixStream) {
    s.set_read_timeout(Some(WAIT)).expect("timeout");
    let mut buf = [0u8; 256];
    loop {
        match s.read(&mut buf) {
            Ok(0) => return,
            Ok(_) => continue,
            Err(e) if e.kind() == std::io::ErrorKind::ConnectionReset => return,
            Err(e) => panic!("connection not closed by the server: {e}"),
        }
    }
}

#[test]
fn garbage_oversized_and_half_sent_frames_close_only_their_connection() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (server, socket) = start(dir.path());
    let good = ClientStore::connect(&socket).expect("good client");
    let sub = good.subscribe().expect("sub");
    let other = ClientStore::connect(&socket).expect("other client");
    let mut n = 0;
    let mut still_serving = || {
        n += 1;
        let v = format!("5.{n}");
        other
            .write(set(&key("ST"), &v, Expect::Any))
            .expect("others are still served");
        let e = sub.recv_timeout(WAIT).expect("and still pushed to");
        assert!(matches!(e.change, Change::Value { .. }));
        assert_eq!(value_of(&good, &key("ST")), Some(dec(&v)));
    };

    // Garbage instead of a hello.
    let mut g = UnixStream::connect(&socket).expect("connect");
    g.write_all(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
        .expect("send");
    closed_by_server(g);
    still_serving();

    // A well-framed body that is not a request.
    let mut g = raw_hello(&socket);
    g.write_all(&8u32.to_be_bytes()).expect("len");
    g.write_all(&[0xff; 8]).expect("body");
    closed_by_server(g);
    still_serving();

    // An oversized frame header.
    let mut g = raw_hello(&socket);
    g.write_all(&u32::MAX.to_be_bytes()).expect("len");
    closed_by_server(g);
    still_serving();

    // Half a frame, then silence: the others are served meanwhile, and the
    // connection is closed after the frame time-out.
    let mut g = raw_hello(&socket);
    g.write_all(&100u32.to_be_bytes()).expect("len");
    g.write_all(&[1, 2, 3]).expect("part");
    still_serving();
    closed_by_server(g);

    // Half a frame, then the client dies.
    let mut g = raw_hello(&socket);
    g.write_all(&[0, 0]).expect("part");
    drop(g);
    still_serving();

    // Another protocol version: told why, on both sides.
    let mut g = UnixStream::connect(&socket).expect("connect");
    let hello = Hello {
        magic: protocol::MAGIC.into(),
        version: PROTOCOL_VERSION + 1,
    };
    protocol::write_frame(&mut g, &hello).expect("hello");
    let welcome: Welcome = protocol::read_msg(&mut g).expect("refusal");
    let why = welcome.outcome.expect_err("refused");
    assert!(why.contains("phiên bản"), "{why}");
    closed_by_server(g);
    still_serving();

    drop((good, other));
    server.shutdown().expect("shutdown");
}

fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_thidua")
}

fn spawn_server(db: &Path) -> Child {
    let child = Command::new(bin())
        .arg("--db")
        .arg(db)
        .arg("serve")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn thidua serve");
    let socket = serve::default_socket(db);
    let start = Instant::now();
    while UnixStream::connect(&socket).is_err() {
        assert!(start.elapsed() < WAIT, "server did not come up");
        std::thread::sleep(Duration::from_millis(20));
    }
    child
}

fn wait_until(what: &str, mut ok: impl FnMut() -> bool) {
    let start = Instant::now();
    while !ok() {
        assert!(start.elapsed() < WAIT, "timed out waiting: {what}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn server_killed_keeps_every_acknowledged_write_and_clients_reconnect() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("db");
    let socket = serve::default_socket(&db);
    let mut server = spawn_server(&db);
    let second = Command::new(bin())
        .arg("--db")
        .arg(&db)
        .arg("serve")
        .output()
        .expect("second server");
    assert!(!second.status.success());
    let why = String::from_utf8_lossy(&second.stderr);
    assert!(why.contains("đang chạy"), "{why}");
    let writer = ClientStore::connect(&socket).expect("writer");
    let watcher = ClientStore::connect(&socket).expect("watcher");
    let pushed = watcher.subscribe().expect("sub");

    // Write as fast as possible while the server is killed.
    let writing = std::thread::spawn(move || {
        let mut acked = Vec::new();
        let provinces = ["AG", "BL", "BT", "CM", "DT", "HG", "KG", "LA", "ST"];
        for i in 0u32.. {
            let k = key(provinces[i as usize % provinces.len()]);
            let v = format!("{}.{}", 1 + i / 100, i % 100);
            match writer.write(set(&k, &v, Expect::Any)) {
                Ok(_) => acked.push((k, dec(&v))),
                // This last write may or may not have been committed.
                Err(e) => return (writer, acked, (k, dec(&v)), e),
            }
        }
        unreachable!()
    });
    std::thread::sleep(Duration::from_millis(400));
    server.kill().expect("SIGKILL");
    server.wait().expect("reaped");
    let (writer, acked, in_flight, err) = writing.join().expect("writer thread");
    assert!(!acked.is_empty(), "some writes were acknowledged");
    assert!(err.to_string().contains("Mất kết nối"), "{err}");
    assert!(!writer.connected());
    assert!(writer.location().to_string().contains("mất kết nối"));

    // The socket file is stale now; a new server replaces it.
    let mut server = spawn_server(&db);
    wait_until("writer reconnects", || writer.connected());
    wait_until("watcher reconnects", || watcher.connected());
    let mut last = std::collections::HashMap::new();
    for (k, v) in &acked {
        last.insert(k.clone(), *v);
    }
    for (k, v) in last.clone() {
        let k = &k;
        let v = &v;
        let stored = value_of(&writer, k);
        let unacked = (*k == in_flight.0).then_some(in_flight.1);
        assert!(
            stored == Some(*v) || (unacked.is_some() && stored == unacked),
            "acknowledged write lost: {k:?}: {stored:?} ≠ {v}"
        );
        if stored != Some(*v) {
            last.insert(k.clone(), in_flight.1);
        }
    }
    // The watcher catches up on what it missed, and pushes resume.
    let k = key("AG");
    writer
        .write(set(&k, "12.5", Expect::Any))
        .expect("write after reconnect");
    last.insert(k, dec("12.5"));
    let mut seen = std::collections::HashMap::new();
    let start = Instant::now();
    while last.iter().any(|(k, v)| seen.get(k) != Some(&Some(*v))) {
        let left = WAIT.saturating_sub(start.elapsed());
        let Ok(e) = pushed.recv_timeout(left) else {
            panic!("watcher did not see every write: {seen:?} vs {last:?}");
        };
        if let Change::Value { key, new, .. } = e.change {
            seen.insert(key, new.map(|f| f.value));
        }
    }

    // SIGTERM: clean exit 0, socket removed.
    // SAFETY: plain kill(2) on our own child.
    unsafe { libc::kill(server.id() as i32, libc::SIGTERM) };
    let status = server.wait().expect("wait");
    assert!(status.success(), "{status:?}");
    assert!(!socket.exists());
    drop((writer, watcher));
    // With no server, a command starts one for the database again.
    assert!(export_h1(&db).contains("AG,GRDP_GROWTH,2021-H1,actual,12.5"));
}

fn run_as(user: &str, args: &[&str]) -> std::process::Output {
    Command::new("runuser")
        .args(["-u", user, "--"])
        .args(args)
        .output()
        .expect("runuser")
}

#[test]
fn a_province_officer_logged_in_as_another_os_user_edits_only_their_province() {
    // SAFETY: geteuid cannot fail.
    if unsafe { libc::geteuid() } != 0 {
        println!("skipped: creating a second OS user needs root");
        return;
    }
    let officer = "thidua_e2e";
    let exists = Command::new("id")
        .arg(officer)
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false);
    if !exists {
        let status = Command::new("useradd")
            .args(["--no-create-home", "--user-group", officer])
            .status()
            .expect("useradd");
        assert!(status.success(), "useradd failed");
    }
    let group = String::from_utf8(
        Command::new("id")
            .args(["-g", officer])
            .output()
            .expect("id -g")
            .stdout,
    )
    .expect("utf8");
    let gid: u32 = group.trim().parse().expect("gid");

    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::set_permissions(
        dir.path(),
        std::os::unix::fs::PermissionsExt::from_mode(0o755),
    )
    .expect("chmod");
    let db = dir.path().join("db");
    let store = SledStore::open(&db).expect("open");
    // As `init-shared` lays it out: the group may only pass through to the
    // socket; nobody but the owner writes in the directory.
    std::os::unix::fs::chown(&db, None, Some(gid)).expect("chgrp db");
    std::fs::set_permissions(&db, std::os::unix::fs::PermissionsExt::from_mode(0o2710))
        .expect("chmod db");
    let socket = serve::default_socket(&db);
    let server = serve::start(store, quiet(&socket)).expect("start");
    let bin_copy = dir.path().join("thidua");
    std::fs::copy(bin(), &bin_copy).expect("copy binary");
    let exe = bin_copy.to_str().expect("path");
    let dbs = db.to_str().expect("path");
    let csv = |name: &str, province: &str, value: &str| {
        let p = dir.path().join(name);
        std::fs::write(
            &p,
            format!(
                "province_code,indicator_code,period,kind,value\n{province},GRDP_GROWTH,2021-H1,actual,{value}\n"
            ),
        )
        .expect("csv");
        p.to_str().expect("path").to_string()
    };
    let ag = csv("ag.csv", "AG", "9.9");
    let dt = csv("dt.csv", "DT", "1.1");
    let admin = ClientStore::connect(&socket).expect("admin");
    let dt_before = value_of(&admin, &key("DT"));

    // Not granted anything yet: a viewer.
    let out = run_as(officer, &[exe, "--db", dbs, "import", &ag]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "viewer must not write");
    assert!(err.contains("quyền xem"), "{err}");

    admin
        .set_role(officer, Some(Role::Province("AG".into())))
        .expect("grant");

    let out = run_as(officer, &[exe, "--db", dbs, "import", &dt]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "AG officer must not write DT");
    assert!(
        err.contains("Không được phép") && err.contains("DT"),
        "{err}"
    );
    assert_eq!(value_of(&admin, &key("DT")), dt_before, "nothing written");

    let out = run_as(officer, &[exe, "--db", dbs, "import", &ag]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(value_of(&admin, &key("AG")), Some(dec("9.9")));
    let last = admin.history(&key("AG")).expect("history");
    assert_eq!(
        last.last().map(|e| e.user.as_str()),
        Some(officer),
        "recorded under the socket's OS user"
    );

    let out = run_as(
        officer,
        &[exe, "--db", dbs, "users", "grant", officer, "admin"],
    );
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("quản trị viên"));
    let out = run_as(officer, &[exe, "--db", dbs, "users"]);
    let listing = String::from_utf8_lossy(&out.stdout);
    assert!(
        listing.contains(&format!("{officer}\tprovince AG  (bạn)")),
        "{listing}"
    );

    drop(admin);
    server.shutdown().expect("shutdown");
}

#[test]
fn a_database_held_without_a_server_is_named_with_how_to_share_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("db");
    let _held = SledStore::open(&db).expect("hold the database in this process");
    let out = thidua(&db, &["export", "--period", "2021-H1"]);
    assert_eq!(out.status.code(), Some(1));
    let why = String::from_utf8_lossy(&out.stderr);
    assert!(
        why.contains("Không khởi động được máy chủ")
            && why.contains("không phải máy chủ")
            && why.contains(db.to_str().expect("utf8")),
        "{why}"
    );
}

#[test]
fn roles_are_granted_revoked_and_logged_and_the_last_admin_stays() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (server, socket) = start(dir.path());
    let admin = ClientStore::connect(&socket).expect("admin");
    let me = admin.user().to_string();
    assert_eq!(admin.role(), Role::Admin, "the creator administers");
    let other = ClientStore::connect(&socket).expect("other");
    let entry = other
        .set_role("lan", Some(Role::Province("CM".into())))
        .expect("grant")
        .expect("changed");
    assert_eq!(entry.by, me);
    assert_eq!(
        (entry.old, entry.new),
        (None, Some(Role::Province("CM".into())))
    );
    assert!(
        admin
            .users()
            .expect("users")
            .contains(&("lan".to_string(), Role::Province("CM".into())))
    );
    assert!(matches!(
        admin.set_role("lan", Some(Role::Province("XX".into()))),
        Err(StoreError::Invalid(_))
    ));
    admin.set_role("lan", None).expect("revoke");
    assert!(
        !admin
            .users()
            .expect("users")
            .iter()
            .any(|(u, _)| u == "lan")
    );
    match admin.set_role(&me, None) {
        Err(StoreError::Invalid(why)) => assert!(why.contains("duy nhất"), "{why}"),
        other => panic!("the last admin must stay: {other:?}"),
    }
    // Audited: who changed whose role, from what to what, in order.
    let log = admin.role_log().expect("role log");
    let lan: Vec<_> = log.iter().filter(|e| e.user == "lan").collect();
    assert_eq!(lan.len(), 2);
    assert!(lan.iter().all(|e| e.by == me));
    assert_eq!(lan[1].old, Some(Role::Province("CM".into())));
    assert_eq!(lan[1].new, None);
    drop((admin, other));
    server.shutdown().expect("shutdown");
}

#[test]
fn shutdown_does_not_wait_for_silent_connections_and_clients_are_told() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("db");
    let store = SledStore::open(&db).expect("open");
    let socket = serve::default_socket(&db);
    let mut config = quiet(&socket);
    config.limits.hello_timeout = Duration::from_secs(60);
    config.limits.frame_timeout = Duration::from_secs(60);
    let server = serve::start(store, config).expect("start");
    let client = ClientStore::connect(&socket).expect("client");
    client
        .write(set(&key("VL"), "7.7", Expect::Any))
        .expect("write");
    let _silent = UnixStream::connect(&socket).expect("silent");
    let mut half = raw_hello(&socket);
    half.write_all(&50u32.to_be_bytes()).expect("half");
    let t = Instant::now();
    server.shutdown().expect("shutdown");
    assert!(t.elapsed() < Duration::from_secs(5), "{:?}", t.elapsed());
    assert!(!socket.exists());
    wait_until("client notices", || !client.connected());
    let err = client.get(&key("VL")).expect_err("server gone");
    assert!(err.to_string().contains("Mất kết nối"), "{err}");
    drop(client);
    // The database was released and holds the write.
    let store = serve::open_database(&db, WAIT).expect("reopen");
    assert_eq!(value_of(&store, &key("VL")), Some(dec("7.7")));
}
