//! No lost update, through a real server: a write carries the value the
//! officer saw, and when another officer changed the cell meanwhile —
//! before the read, between the read and the Enter, or between the Enter
//! and the commit — nothing is written and the writer is told the other
//! value, who and when. The same for a batch (an import file).

mod server_kit;

use std::path::Path;
use std::str::FromStr;
use std::sync::{Arc, Barrier, Mutex};

use rust_decimal::Decimal;
use server_kit::*;
use thidua::model::{Figure, Kind, ValueKey};
use thidua::server::protocol::Op;
use thidua::server::{ClientStore, Config, serve};
use thidua::store::{Edit, Expect, SledStore, Store, StoreError};

fn dec(s: &str) -> Decimal {
    Decimal::from_str(s).expect("decimal")
}

fn grdp(province: &str) -> ValueKey {
    ValueKey::new(
        "2021-H1".parse().expect("period"),
        province,
        "GRDP_GROWTH",
        Kind::Actual,
    )
}

fn set(key: &ValueKey, value: &str, seen: Option<Figure>) -> Edit {
    Edit::new(
        key.clone(),
        Some(Figure::plain(dec(value))),
        Expect::Value(seen),
    )
}

fn refused_with(result: thidua::store::Result<impl std::fmt::Debug>, value: &str, by: &str) -> i64 {
    match result {
        Err(StoreError::Conflict {
            current,
            by: who,
            at_ms,
            ..
        }) => {
            assert_eq!(current.map(|f| f.value), Some(dec(value)));
            assert_eq!(who, by);
            assert!(at_ms > 0, "when");
            at_ms
        }
        other => panic!("expected a conflict, got {other:?}"),
    }
}

#[test]
fn the_second_writers_stale_write_is_refused_through_a_real_server() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("db");
    let server = serve(Path::new(bin()), &db, &[]);
    let socket = serve::default_socket(&db);
    let a = ClientStore::connect(&socket).expect("officer A");
    let b = ClientStore::connect(&socket).expect("officer B");
    let k = grdp("AG");
    // Both open the editor on the same cell and see the same value.
    let seen_a = a.get(&k).expect("get");
    let seen_b = b.get(&k).expect("get");
    assert_eq!(seen_a, seen_b);
    // A types 6,6 and presses Enter first.
    let entry = a
        .write(set(&k, "6.6", seen_a))
        .expect("A saves")
        .expect("changed");
    // B's 5,5 over the value B saw is refused, naming A's value, A and when.
    let at = refused_with(b.write(set(&k, "5.5", seen_b)), "6.6", a.user());
    assert_eq!(at, entry.at_ms);
    assert_eq!(b.get(&k).expect("get").map(|f| f.value), Some(dec("6.6")));
    let history = b.history(&k).expect("history");
    assert_eq!(history.last(), Some(&entry), "nothing after A's write");
    drop((a, b));
    assert!(server.stop().success());
}

#[test]
fn a_batch_read_before_another_officers_write_is_refused_whole() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("db");
    let server = serve(Path::new(bin()), &db, &[]);
    let socket = serve::default_socket(&db);
    let a = ClientStore::connect(&socket).expect("A");
    let b = ClientStore::connect(&socket).expect("B");
    // A prepares an import file of three cells, each checked against what
    // A read when preparing it.
    let csv = "province_code,indicator_code,period,kind,value\n\
               AG,GRDP_GROWTH,2021-H1,actual,7.1\n\
               BL,GRDP_GROWTH,2021-H1,actual,7.2\n\
               CM,GRDP_GROWTH,2021-H1,actual,7.3\n";
    let cluster = a.cluster().expect("cluster");
    let edits: Vec<Edit> = thidua::io::import::parse(csv.as_bytes(), &cluster)
        .expect("parse")
        .into_iter()
        .map(|e| {
            let seen = a.get(&e.key).expect("get");
            Edit {
                expect: Expect::Value(seen),
                ..e
            }
        })
        .collect();
    let before: Vec<_> = ["AG", "BL", "CM"]
        .iter()
        .map(|p| a.get(&grdp(p)).expect("get"))
        .collect();
    // Meanwhile B changes one of those cells.
    b.write(set(&grdp("BL"), "9.9", before[1].clone()))
        .expect("B saves")
        .expect("changed");
    let refused = a.write_batch(edits);
    // The refusal names the cell that changed.
    match &refused {
        Err(e @ StoreError::Conflict { key: Some(k), .. }) => {
            assert_eq!(**k, grdp("BL"));
            assert!(
                e.to_string()
                    .starts_with("Ô 2021-H1 BL GRDP_GROWTH actual đã bị "),
                "{e}"
            );
        }
        other => panic!("{other:?}"),
    }
    refused_with(refused, "9.9", b.user());
    // Nothing of the batch was written.
    assert_eq!(a.get(&grdp("AG")).expect("get"), before[0]);
    assert_eq!(
        a.get(&grdp("BL")).expect("get").map(|f| f.value),
        Some(dec("9.9"))
    );
    assert_eq!(a.get(&grdp("CM")).expect("get"), before[2]);
    drop((a, b));
    assert!(server.stop().success());
}

#[test]
fn a_remote_write_landing_between_enter_and_the_commit_is_caught() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("db");
    let store = SledStore::open(&db).expect("open");
    let socket = serve::default_socket(&db);
    let mut config = Config::new(&socket);
    config.log = false;
    // The seam holds A's write (5,5) after the server has read it and
    // before it is queued for the commit, until B's write is committed.
    let arrived = Arc::new(Barrier::new(2));
    let go = Arc::new(Barrier::new(2));
    let (arrived2, go2) = (arrived.clone(), go.clone());
    let held_once = Arc::new(Mutex::new(false));
    config.seam = Some(serve::WriteSeam(Arc::new(move |op: &Op| {
        if let Op::Write(e) = op
            && e.new.as_ref().map(|f| f.value) == Some(dec("5.5"))
        {
            let mut once = held_once.lock().expect("lock");
            if !*once {
                *once = true;
                drop(once);
                arrived2.wait();
                go2.wait();
            }
        }
    })));
    let server = serve::start(store, config).expect("start");
    let a = Arc::new(ClientStore::connect(&socket).expect("A"));
    let b = ClientStore::connect(&socket).expect("B");
    let k = grdp("ST");
    let seen = a.get(&k).expect("get");
    let writer = {
        let (a, k) = (a.clone(), k.clone());
        let seen = seen.clone();
        std::thread::spawn(move || a.write(set(&k, "5.5", seen)))
    };
    arrived.wait(); // A pressed Enter; the server holds the write
    let entry = b
        .write(set(&k, "6.6", seen))
        .expect("B saves")
        .expect("changed");
    go.wait();
    let result = writer.join().expect("writer");
    let at = refused_with(result, "6.6", b.user());
    assert_eq!(at, entry.at_ms);
    assert_eq!(a.get(&k).expect("get").map(|f| f.value), Some(dec("6.6")));
    drop(b);
    drop(a);
    server.shutdown().expect("shutdown");
}

/// `thidua import` (the real binary) carries the value it read for each
/// cell: a cell another officer changes between the reading and the commit
/// refuses the whole file, naming the cell, who and when.
#[test]
fn an_import_whose_cell_changed_meanwhile_is_refused_whole_naming_the_cell() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("db");
    let store = SledStore::open(&db).expect("open");
    let socket = serve::default_socket(&db);
    let mut config = Config::new(&socket);
    config.log = false;
    // The seam: when the import's batch has arrived (read by the server,
    // not yet committed), another officer's write lands first.
    let other: Arc<Mutex<Option<ClientStore>>> = Arc::new(Mutex::new(None));
    let writer = other.clone();
    config.seam = Some(serve::WriteSeam(Arc::new(move |op: &Op| {
        // A staged import commits with ImportCommit; small ones once did
        // with one WriteBatch.
        if matches!(op, Op::WriteBatch(_) | Op::ImportCommit { .. })
            && let Some(b) = writer.lock().expect("lock").take()
        {
            let k = grdp("BL");
            let seen = b.get(&k).expect("get");
            b.write(set(&k, "9.9", seen)).expect("B saves");
        }
    })));
    let server = serve::start(store, config).expect("start");
    let b = ClientStore::connect(&socket).expect("B");
    let b_user = b.user().to_string();
    *other.lock().expect("lock") = Some(b);
    let watcher = ClientStore::connect(&socket).expect("watcher");
    let before: Vec<_> = ["AG", "CM"]
        .iter()
        .map(|p| watcher.get(&grdp(p)).expect("get"))
        .collect();
    let file = dir.path().join("so-lieu.csv");
    std::fs::write(
        &file,
        "province_code,indicator_code,period,kind,value\n\
         AG,GRDP_GROWTH,2021-H1,actual,7.1\n\
         BL,GRDP_GROWTH,2021-H1,actual,7.2\n\
         CM,GRDP_GROWTH,2021-H1,actual,7.3\n",
    )
    .expect("write");
    let out = std::process::Command::new(bin())
        .arg("--db")
        .arg(&db)
        .arg("import")
        .arg(&file)
        .env_remove("THIDUA_DB")
        .env_remove("THIDUA_SOCKET")
        .output()
        .expect("thidua import");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("Ô 2021-H1 BL GRDP_GROWTH actual đã bị")
            && stderr.contains(&b_user)
            && stderr.contains("UTC")
            && stderr.contains("giá trị hiện tại: 9,9"),
        "{stderr}"
    );
    assert!(other.lock().expect("lock").is_none(), "the seam ran");
    // Nothing of the file was written; B's figure stands.
    assert_eq!(watcher.get(&grdp("AG")).expect("get"), before[0]);
    assert_eq!(watcher.get(&grdp("CM")).expect("get"), before[1]);
    assert_eq!(
        watcher.get(&grdp("BL")).expect("get").map(|f| f.value),
        Some(dec("9.9"))
    );
    drop(watcher);
    server.shutdown().expect("shutdown");
}
