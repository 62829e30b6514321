//! The one-file import of issue #17's budget row: 12 units × 95 criteria
//! × 12 months × 101 years with yearly plans (1.5 M values, bench_scale's
//! "table" shape), generated as one CSV and imported with the real
//! `thidua import` into a real `thidua serve`; prints the rate, the peak
//! memory of the client and of the server, and the database's size.
//!
//!     cargo build --release && cargo run --release --example bench_import
//!     (or: cargo run --release --example bench_import -- path/to/thidua [YEARS])
//!
//! YEARS (default 101) makes a smaller file of the same shape (each year
//! is 14,820 values). With BENCH_IMPORT_DIR=DIR, only the database
//! (DIR/db) and the CSV (DIR/table.csv) are made, there, to profile
//! `thidua serve` and `thidua import` by hand. Budget (#17): ≥ 100,000 values/s, peak ≤ 200 MiB
//! for client and server. State `uptime` beside every figure.

#[path = "kit/mod.rs"]
mod kit;

#[path = "generated/mod.rs"]
mod generated;

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::Instant;

use kit::mib;

const UNITS: usize = 12;
const CRITERIA: usize = 95;
const LAST: u16 = 2025;

/// The database (covenant of every year, no figures) and the CSV of
/// `years` years of figures ending in 2025 (bench_scale's "table").
fn generate(dir: &Path, years: u16) -> (PathBuf, PathBuf, u64) {
    let db = dir.join("db");
    let csv = dir.join("table.csv");
    let values = generated::monthly_database(&db, &csv, UNITS, CRITERIA, years);
    (db, csv, values)
}

/// The bytes of the files under `dir`.
fn dir_bytes(dir: &Path) -> u64 {
    std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| match e.metadata() {
            Ok(m) if m.is_dir() => dir_bytes(&e.path()),
            Ok(m) => m.len(),
            Err(_) => 0,
        })
        .sum()
}

/// What sled alone takes to write the records such an import writes —
/// per row its value and its audit entry, in batches of 1,000 as the move
/// does, with the server's cache — and nothing else: no check, no index,
/// no staging (`audit: false`: the values alone). The floor of the
/// import's rate on this machine.
fn sled_floor(dir: &Path, years: u16, audit: bool) -> (u64, f64) {
    use thidua::model::{Figure, Kind, ValueKey};
    use thidua::store::{AuditEntry, Change, codec, keys};
    let db = sled::Config::new()
        .path(dir.join(if audit { "floor" } else { "floor-values" }))
        .cache_capacity(4 * 1024 * 1024)
        .open()
        .expect("sled");
    let first = LAST + 1 - years;
    let start = Instant::now();
    let mut batch = sled::Batch::default();
    let mut n = 0u64;
    for y in first..=LAST {
        for m in 0..=12u8 {
            let (period, kind) = if m == 0 {
                (y.to_string(), Kind::Plan)
            } else {
                (format!("{y}-{m:02}"), Kind::Actual)
            };
            let period = period.parse().expect("period");
            for u in 1..=UNITS {
                for c in 1..=CRITERIA {
                    n += 1;
                    let key = ValueKey::new(period, &format!("P{u:02}"), &format!("I{c:03}"), kind);
                    let figure = Figure::plain(rust_decimal::Decimal::new(n as i64, 2));
                    let entry = AuditEntry {
                        seq: n,
                        at_ms: 1_700_000_000_000,
                        user: "lan".into(),
                        change: Change::Value {
                            key: key.clone(),
                            old: None,
                            new: Some(figure.clone()),
                        },
                        note: Box::default(),
                    };
                    batch.insert(
                        keys::value_key(&key),
                        codec::encode(&figure).expect("encode"),
                    );
                    if audit {
                        batch.insert(
                            keys::audit_key(&keys::audit_value_prefix(&key), n),
                            codec::encode(&entry).expect("encode"),
                        );
                    }
                    if n.is_multiple_of(1_000) {
                        db.apply_batch(std::mem::take(&mut batch)).expect("batch");
                    }
                }
            }
        }
    }
    db.apply_batch(batch).expect("batch");
    db.flush().expect("flush");
    (n, start.elapsed().as_secs_f64())
}

fn main() {
    let binary = kit::thidua_binary();
    let years: u16 = std::env::args()
        .nth(2)
        .map(|a| a.parse().expect("YEARS: a number of years, 1 to 101"))
        .unwrap_or(101);
    assert!((1..=101).contains(&years), "YEARS: 1 to 101");
    println!("binary: {}", binary.display());
    if let Some(dir) = std::env::var_os("BENCH_IMPORT_DIR") {
        let (db, csv, values) = generate(Path::new(&dir), years);
        println!("{values} values: {} and {}", db.display(), csv.display());
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let (db, csv, values) = generate(dir.path(), years);
    let size = std::fs::metadata(&csv).map(|m| m.len()).unwrap_or(0);
    println!(
        "{UNITS} units × {CRITERIA} criteria × 13 periods × {years} years = {values} values, CSV {}",
        mib(size / 1024)
    );
    let server = kit::serve(&binary, &db);
    // The import's own summary goes to a file, read after it.
    let said_at = dir.path().join("said.txt");
    let said_file = std::fs::File::create(&said_at).expect("said");
    let csv_arg = csv.to_str().expect("utf-8 path");
    let (secs, client_kib) = kit::timed(
        &binary,
        &db,
        &["import", csv_arg],
        Stdio::from(said_file),
        Stdio::inherit(),
    );
    let server_kib = kit::peak_kib(server.id());
    kit::stop(server);
    let said = std::fs::read_to_string(&said_at).unwrap_or_default();
    println!("  {}", said.trim());
    println!(
        "  import: {secs:.1} s, {:.0} values/s; peak memory client {}, server {}; database {}",
        values as f64 / secs,
        mib(client_kib),
        mib(server_kib),
        mib(dir_bytes(&db) / 1024)
    );
    let (n, floor) = sled_floor(dir.path(), years, true);
    println!(
        "  sled alone, the same {n} values and audit entries in batches of 1,000: {floor:.1} s, {:.0} values/s",
        n as f64 / floor
    );
    let (n, floor) = sled_floor(dir.path(), years, false);
    println!(
        "  sled alone, the {n} values without audit entries: {floor:.1} s, {:.0} values/s",
        n as f64 / floor
    );
}
