//! The real `thidua` binary run as a command on one database: only `--db`
//! says which (THIDUA_DB and THIDUA_SOCKET from the test's environment are
//! removed). The server the command starts for the database is stopped
//! when it is done.
#![allow(dead_code)]

#[path = "../autostart/mod.rs"]
pub mod autostart;

use std::path::Path;
use std::process::{Command, Output};

/// `thidua --db <db> <args>`, waited for.
pub fn thidua(db: &Path, args: &[&str]) -> Output {
    autostart::adopt_servers();
    let out = Command::new(env!("CARGO_BIN_EXE_thidua"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("THIDUA_DB")
        .env_remove("THIDUA_SOCKET")
        .env("THIDUA_IDLE_EXIT", autostart::IDLE_EXIT)
        .output()
        .expect("run thidua");
    autostart::stop_server(db);
    out
}

/// The stored figures of 2021-H1 as `thidua export` writes them; the
/// export must succeed.
pub fn export_h1(db: &Path) -> String {
    let out = thidua(db, &["export", "--period", "2021-H1"]);
    assert!(out.status.success(), "{out:?}");
    String::from_utf8(out.stdout).expect("utf-8 export")
}
