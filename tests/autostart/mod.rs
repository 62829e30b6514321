//! Servers that the real binary starts for itself (a personal database
//! with no server answering): tests give them a short quiet period through
//! `THIDUA_IDLE_EXIT` and stop them explicitly, so that no process outlives
//! `cargo test`. A server whose client exited is adopted by this process
//! (child subreaper), so that stopping it also reaps it.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::time::Duration;

/// `THIDUA_IDLE_EXIT` for the servers a test's binaries start: a safety
/// net only, the kits stop them before.
pub const IDLE_EXIT: &str = "60s";

/// Make this process the reaper of the servers its children start.
pub fn adopt_servers() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        // SAFETY: prctl with an integer argument; affects only this process.
        unsafe { libc::prctl(libc::PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) };
    });
}

/// Stop the server of `db`, if one runs, and wait until it is gone.
pub fn stop_server(db: &Path) {
    thidua::server::launch::stop(db, Duration::from_secs(10));
}

/// The database a command line names with `--db`.
pub fn db_in(args: &[&str]) -> Option<PathBuf> {
    args.windows(2)
        .find(|w| w[0] == "--db")
        .map(|w| PathBuf::from(w[1]))
}
