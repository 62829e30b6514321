//! What the store tests share: cells, figures, reopening a database a
//! moment after it was let go, and reaching under the store to damage it.
#![allow(dead_code)]

#[path = "../autostart/mod.rs"]
pub mod autostart;

use std::path::Path;
use std::time::{Duration, Instant};

use rust_decimal::Decimal;
use thidua::model::{Figure, Kind, ValueKey};
use thidua::store::{Edit, Expect, SledStore};

/// sled lets go of its file lock a moment after the last handle is dropped
/// (its flusher thread holds the file), so a reopen in the same process retries.
pub fn retry<T, E: std::fmt::Debug>(mut open: impl FnMut() -> Result<T, E>) -> T {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        match open() {
            Ok(v) => return v,
            Err(e) if Instant::now() > deadline => panic!("reopen: {e:?}"),
            Err(_) => std::thread::sleep(Duration::from_millis(10)),
        }
    }
}

pub fn reopen(path: &Path, user: &str) -> SledStore {
    retry(|| SledStore::open_as(path, user))
}

/// An open of `path` that fails for another reason than a held lock.
pub fn open_error(path: &Path) -> thidua::store::StoreError {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        match SledStore::open_as(path, "u") {
            Ok(_) => panic!("{} opened", path.display()),
            Err(thidua::store::StoreError::Locked { .. }) if Instant::now() < deadline => {
                std::thread::sleep(Duration::from_millis(10))
            }
            Err(e) => return e,
        }
    }
}

pub fn key(province: &str, indicator: &str) -> ValueKey {
    ValueKey::new(
        "2021-H1".parse().expect("period"),
        province,
        indicator,
        Kind::Actual,
    )
}

pub fn d(s: &str) -> Decimal {
    s.parse().expect("decimal")
}

pub fn edit(k: &ValueKey, v: &str, expect: Expect) -> Edit {
    Edit::new(k.clone(), Some(Figure::plain(d(v))), expect)
}

/// Change the raw records of the (closed) database at `path`.
pub fn tamper(path: &Path, change: impl FnOnce(&sled::Db)) {
    let db = retry(|| sled::Config::new().path(path).open());
    change(&db);
    db.flush().expect("flush");
}

/// Run the thidua binary on the database at `db`.
/// `thidua --db <db> <args>`, waited for; the server the command starts
/// for the database is stopped after it, so the test can open the
/// database itself again.
pub fn thidua(db: &Path, args: &[&str]) -> std::process::Output {
    autostart::adopt_servers();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_thidua"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("THIDUA_SOCKET")
        .env("THIDUA_IDLE_EXIT", autostart::IDLE_EXIT)
        .output()
        .expect("run thidua");
    autostart::stop_server(db);
    out
}

pub fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("read dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}
