//! A hostile client costs the server a bounded amount: one user's 300 idle
//! connections leave room for another officer; a frame dripped one byte at
//! a time is closed at its deadline; 30 half-sent 16 MiB frames take memory
//! only within the budget (the server's peak memory is printed); a client
//! that does not read is dropped; values that no single frame could hold
//! arrive in pages.

mod server_kit;

use std::io::{Read, Write};
use std::os::unix::net::UnixStream;
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::time::{Duration, Instant};

use rust_decimal::Decimal;
use server_kit::*;
use thidua::model::{Figure, Kind, Period, Value, ValueKey};
use thidua::server::protocol::{self, Hello, Op, Request, Welcome};
use thidua::server::{ClientStore, Config, serve};
use thidua::store::{SledStore, Store};

/// Greet the server: Ok(stream) when admitted, Err(why) when refused.
fn greet(socket: &Path) -> Result<UnixStream, String> {
    let mut s = UnixStream::connect(socket).map_err(|e| e.to_string())?;
    s.set_read_timeout(Some(WAIT)).map_err(|e| e.to_string())?;
    let _ = protocol::write_frame(&mut s, &Hello::new());
    let welcome: Welcome = protocol::read_msg(&mut s).map_err(|e| e.to_string())?;
    welcome.outcome.map(|_| s)
}

#[test]
fn helper_role() {
    // Runs as a helper only (see server_kit::helper); a no-op otherwise.
    let Some(role) = server_kit::role() else {
        return;
    };
    assert_eq!(role[0], "hold");
    let socket = Path::new(&role[1]);
    let n: usize = role[2].parse().expect("count");
    let mut held = Vec::new();
    let mut refused = Vec::new();
    for _ in 0..n {
        match greet(socket) {
            Ok(s) => held.push(s),
            Err(why) => refused.push(why),
        }
    }
    let first = refused.first().cloned().unwrap_or_default();
    ready_and_wait(&format!("{} {} {first}", held.len(), refused.len()));
}

#[test]
fn three_hundred_idle_connections_of_one_user_do_not_lock_out_another_officer() {
    if !is_root() {
        println!("skipped: a second OS user needs root (useradd)");
        return;
    }
    let group = "thidua_t";
    let hog = os_user("thidua_hog", &[group]);
    let officer = os_user("thidua_new", &[group]);
    let gid = os_group(group);
    let shelf = Shelf::new();
    let db = shelf.path().join("db");
    drop(SledStore::open(&db).expect("create"));
    // As init-shared lays it out: the group passes through to the socket.
    std::os::unix::fs::chown(&db, None, Some(gid)).expect("chgrp");
    set_mode(&db, 0o2710);
    let server = serve(&shelf.thidua, &db, &[]);
    let socket = serve::default_socket(&db);

    // Its group is the database's (the helper gets no supplementary groups).
    let hog = OsUser { gid, ..hog };
    let (hogging, said) = helper(
        &shelf,
        "helper_role",
        Some(&hog),
        &["hold", socket.to_str().expect("utf8"), "300"],
    );
    let mut parts = said.splitn(3, ' ');
    let held: usize = parts.next().and_then(|n| n.parse().ok()).expect("held");
    let refused: usize = parts.next().and_then(|n| n.parse().ok()).expect("refused");
    let why = parts.next().unwrap_or_default();
    println!("one user asked for 300 connections: {held} admitted, {refused} refused («{why}»)");
    assert_eq!(held + refused, 300);
    assert!(held < 300 && refused > 0, "{said}");
    assert!(why.contains("kết nối") && why.contains("tối đa"), "{why}");

    // Another officer is served, as is the owner.
    let out = std::process::Command::new(&shelf.thidua)
        .arg("--db")
        .arg(&db)
        .arg("users")
        .env_remove("THIDUA_SOCKET")
        .uid(officer.uid)
        .gid(gid)
        .output()
        .expect("the other officer runs thidua");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("root\tadmin"));
    let owner = ClientStore::connect(&socket).expect("the owner is served");
    assert!(owner.cluster().is_ok());
    drop(owner);
    drop(hogging);
    assert!(server.stop().success());
}

#[test]
fn three_hundred_connections_of_one_user_are_refused_past_the_limit_with_a_reason() {
    // The same without a second OS user: the one user is told why, and the
    // server goes on serving the connections it admitted.
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("db");
    let server = serve(Path::new(bin()), &db, &[]);
    let socket = serve::default_socket(&db);
    let mut held = Vec::new();
    let mut refused = Vec::new();
    for _ in 0..300 {
        match greet(&socket) {
            Ok(s) => held.push(s),
            Err(why) => refused.push(why),
        }
    }
    println!(
        "300 connections of one user: {} admitted, {} refused",
        held.len(),
        refused.len()
    );
    assert!(!refused.is_empty() && !held.is_empty());
    assert!(refused[0].contains("tối đa"), "{}", refused[0]);
    let mut s = held.pop().expect("one admitted");
    protocol::write_frame(
        &mut s,
        &Request {
            id: 1,
            op: Op::Ping,
        },
    )
    .expect("ping");
    let pong: protocol::ServerMsg = protocol::read_msg(&mut s).expect("still served");
    assert!(matches!(pong, protocol::ServerMsg::Reply { id: 1, .. }));
    drop(held);
    drop(s);
    assert!(server.stop().success());
}

fn in_process(
    db: &Path,
    tune: impl FnOnce(&mut Config),
) -> (serve::ServerHandle, std::path::PathBuf) {
    let store = SledStore::open(db).expect("open");
    let socket = serve::default_socket(db);
    let mut config = Config::new(&socket);
    config.log = false;
    tune(&mut config);
    (serve::start(store, config).expect("start"), socket)
}

#[test]
fn a_frame_dripped_one_byte_at_a_time_is_closed_at_its_deadline() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (server, socket) = in_process(&dir.path().join("db"), |c| {
        c.limits.frame_timeout = Duration::from_secs(2);
    });
    let mut s = greet(&socket).expect("admitted");
    s.write_all(&1000u32.to_be_bytes()).expect("header");
    let begun = Instant::now();
    s.set_read_timeout(Some(Duration::from_millis(700)))
        .expect("timeout");
    // One byte every 0.7 s: a time-out per read (here 2 s) would never fire.
    let closed_after = loop {
        assert!(
            begun.elapsed() < Duration::from_secs(60),
            "a dripping frame was kept open"
        );
        if s.write_all(&[0]).is_err() {
            break begun.elapsed();
        }
        let mut buf = [0u8; 16];
        match s.read(&mut buf) {
            Ok(0) => break begun.elapsed(),
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {}
            Err(_) => break begun.elapsed(),
            Ok(_) => {}
        }
    };
    println!(
        "a frame dripped one byte per 0.7 s was closed after {:.1} s (deadline 2 s)",
        closed_after.as_secs_f64()
    );
    // The others are served meanwhile and after.
    let other = ClientStore::connect(&socket).expect("other");
    assert!(other.cluster().is_ok());
    drop(other);
    server.shutdown().expect("shutdown");
}

#[test]
fn thirty_half_sent_16_mib_frames_take_memory_only_within_the_budget() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("db");
    let server = serve(Path::new(bin()), &db, &[]);
    let socket = serve::default_socket(&db);
    let before = peak_rss_kib(server.pid());
    let chunk = vec![7u8; 1024 * 1024];
    let mut open = Vec::new();
    for _ in 0..30 {
        let mut s = greet(&socket).expect("admitted");
        s.write_all(&(16u32 * 1024 * 1024 - 1).to_be_bytes())
            .expect("header");
        s.set_write_timeout(Some(Duration::from_millis(200)))
            .expect("timeout");
        // 15 MiB of it, or as much as the server takes before it stops reading.
        for _ in 0..15 {
            if s.write_all(&chunk).is_err() {
                break;
            }
        }
        open.push(s);
    }
    let peak = peak_rss_kib(server.pid());
    println!(
        "server peak memory: {:.1} MiB before, {:.1} MiB with 30 half-sent 16 MiB frames \
         (inbound budget 32 MiB per user)",
        before as f64 / 1024.0,
        peak as f64 / 1024.0
    );
    assert!(peak < 200 * 1024, "peak {peak} KiB");
    // The server still answers.
    let other = ClientStore::connect(&socket).expect("other");
    assert!(other.cluster().is_ok());
    drop((open, other));
    assert!(server.stop().success());
}

#[test]
fn a_client_that_does_not_read_is_dropped_and_the_others_are_served() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (server, socket) = in_process(&dir.path().join("db"), |c| {
        c.limits.outbound_per_connection = 256 * 1024;
    });
    let mut greedy = greet(&socket).expect("admitted");
    greedy
        .set_write_timeout(Some(Duration::from_millis(500)))
        .expect("timeout");
    // Ask for every value again and again, never reading an answer.
    let ask = protocol::encode(&Request {
        id: 1,
        op: Op::Values {
            period: None,
            after: None,
        },
    })
    .expect("encode");
    let begun = Instant::now();
    let mut sent = 0;
    while greedy.write_all(&ask).is_ok() {
        sent += 1;
        assert!(
            begun.elapsed() < WAIT,
            "a client that does not read was kept"
        );
    }
    println!("a client that did not read was dropped after {sent} requests");
    let other = ClientStore::connect(&socket).expect("other");
    assert!(other.values(None).is_ok());
    drop(other);
    server.shutdown().expect("shutdown");
}

#[test]
fn values_larger_than_a_frame_arrive_in_pages() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("db");
    {
        let store = SledStore::open(&db).expect("open");
        let cluster = store.cluster().expect("cluster");
        // 18,000 values with a 1,000-byte note each: about 18 MB, more than
        // one 16 MiB frame.
        let note = "ghi chú ".repeat(100);
        let mut edits = Vec::new();
        let mut cells = Vec::new();
        for year in 1900u16..2100 {
            for ind in cluster.indicators.iter().take(20) {
                for p in &cluster.provinces {
                    for kind in [Kind::Actual, Kind::Plan] {
                        cells.push((year, ind, p, kind));
                    }
                }
            }
        }
        for (year, ind, p, kind) in cells.into_iter().take(18_000) {
            {
                {
                    edits.push(thidua::store::Edit::new(
                        ValueKey::new(Period::year(year), &p.code, &ind.code, kind),
                        Some(Figure {
                            note: Some(note.clone()),
                            ..Figure::plain(Decimal::ZERO.max(ind.min).min(ind.max))
                        }),
                        thidua::store::Expect::Any,
                    ));
                }
            }
        }
        store.write_batch(edits).expect("seed");
    }
    let (server, socket) = in_process(&db, |_| {});
    let client = ClientStore::connect(&socket).expect("client");
    let values: Vec<Value> = client.values(None).expect("all values, paged");
    let noted = values.iter().filter(|v| v.figure.note.is_some()).count();
    assert!(noted >= 18_000, "{noted}");
    drop(client);
    server.shutdown().expect("shutdown");
}
