//! Crash safety: an officer types a column of figures in the Matrix while
//! the process is killed (SIGKILL: no handler runs, nothing is restored) at
//! a random moment. Every figure the screen acknowledged as saved must be in
//! the database when it is opened again, and it must open (no stale lock).
//! Twenty rounds with different moments; the seed is printed.

mod pty_common;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant, SystemTime};

use pty_common::*;
use thidua::model::Kind;
use thidua::store::{SledStore, Store};

/// Row order of the Matrix (Vietnamese alphabetical order of the names).
const CODES: [&str; 12] = [
    "AG", "BL", "BT", "CM", "DT", "HG", "KG", "LA", "ST", "TG", "TV", "VL",
];

/// The kill falls anywhere in this window after the Matrix is up: long
/// enough to cover a whole column of commits in a debug build.
const KILL_WINDOW_US: u64 = 300_000;

fn binary() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_thidua"))
}

/// xorshift64*: enough randomness for choosing moments, no dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
}

/// The export figures (triệu USD, actual) in the database, read by
/// opening it as the next start does (this fails on a stale lock).
fn stored_exports(db: &Path) -> Figures {
    // A kill right after the start may leave the server the app was
    // starting still coming up (its pid file not yet written when the kit
    // stopped it): stop it once it is there, then open.
    let until = std::time::Instant::now() + Duration::from_secs(20);
    let store = loop {
        match SledStore::open(db) {
            Err(thidua::store::StoreError::Locked { .. }) if std::time::Instant::now() < until => {
                thidua::server::launch::stop(db, Duration::from_secs(10));
                std::thread::sleep(Duration::from_millis(10));
            }
            other => break other.expect("the database opens again after SIGKILL"),
        }
    };
    store
        .values(None)
        .expect("values")
        .into_iter()
        .filter(|v| v.key.indicator == "EXPORT" && v.key.kind == Kind::Actual)
        .map(|v| {
            let value = v.figure.value.to_string().parse().unwrap_or(f64::NAN);
            (v.key.province, value)
        })
        .collect()
}

/// A fresh copy of the built-in database (made once: loading it is the
/// slow part of a first start).
fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create db copy");
    for entry in std::fs::read_dir(from).expect("read db") {
        let entry = entry.expect("db entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("file type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy db file");
        }
    }
}

/// One round: start, go to the export column of the Matrix, commit values
/// down the column until the killer strikes; returns (acknowledged, stored).
/// Figures by province code.
type Figures = Vec<(String, f64)>;

fn round(rng: &mut Rng, template: &Path) -> (Figures, Figures) {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("db");
    copy_dir(template, &db);
    let db_arg = db.to_str().expect("utf-8 path");
    let mut term = Pty::start_as(&binary(), &["--db", db_arg], &[], 80, 24, TermKind::NARROW);
    term.wait_text("(12/12)");
    term.send(F4);
    term.wait_text("Tỉnh × chỉ tiêu");
    term.send(RIGHT);
    term.send(RIGHT);
    term.send(RIGHT);
    term.wait_text("Kim ngạch xuất khẩu (triệu USD)");

    let pid = term.pid();
    let dead = Arc::new(AtomicBool::new(false));
    let delay = Duration::from_micros(rng.next() % KILL_WINDOW_US);
    let killer = {
        let dead = Arc::clone(&dead);
        std::thread::spawn(move || {
            std::thread::sleep(delay);
            // SAFETY: kill(2) on our own child.
            unsafe { libc::kill(pid, libc::SIGKILL) };
            dead.store(true, Ordering::SeqCst);
        })
    };
    let mut acknowledged = Vec::new();
    for (row, code) in CODES.iter().enumerate() {
        let value = 100 + row as u32 * 7 + (rng.next() % 5) as u32;
        if dead.load(Ordering::SeqCst) {
            break;
        }
        // The pty may be gone already: a failed write ends the round.
        let typed = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            term.text(&format!("{value}"));
            term.send(ENTER);
        }));
        if typed.is_err() {
            break;
        }
        let ack = format!("= {value},0");
        let end = Instant::now() + Duration::from_secs(5);
        let mut seen = false;
        while Instant::now() < end {
            if term
                .with(|o| o.term.contents().contains("Đã lưu") && o.term.contents().contains(&ack))
            {
                seen = true;
                break;
            }
            if term.child.try_wait().ok().flatten().is_some() {
                // Dead: one last look at what reached the screen.
                seen = term.with(|o| o.term.contents().contains(&ack));
                break;
            }
            std::thread::sleep(Duration::from_millis(1));
        }
        if seen {
            acknowledged.push((code.to_string(), f64::from(value)));
        } else {
            break;
        }
    }
    killer.join().expect("killer");
    let status = term.wait_exit();
    assert!(!status.success(), "killed, yet {status:?}");
    (acknowledged, stored_exports(&db))
}

#[test]
fn sigkill_at_a_random_moment_keeps_every_acknowledged_figure() {
    let seed = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .map(|d| d.as_nanos() as u64)
        .unwrap_or(1)
        | 1;
    println!("seed {seed}");
    let mut rng = Rng(seed);
    let template = tempfile::tempdir().expect("temp dir");
    let template_db = template.path().join("db");
    stored_exports(&template_db);
    let mut total = 0;
    for n in 0..20 {
        let (acknowledged, stored) = round(&mut rng, &template_db);
        for (code, value) in &acknowledged {
            assert!(
                stored.iter().any(|(c, v)| c == code && v == value),
                "round {n} (seed {seed}): {code} = {value} was acknowledged but is not stored; stored: {stored:?}"
            );
        }
        total += acknowledged.len();
    }
    println!("{total} acknowledged figures checked over 20 kills");
}
