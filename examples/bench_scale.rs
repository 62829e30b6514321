//! Scale (issue #17): the region of 34 units × 300 criteria × 12 months ×
//! 10 years with yearly plans (1.33 M values) and the 12 × 95 monthly
//! database of the table (1.5 M values), each generated as one
//! CSV and imported through `thidua import` into a real server; then what
//! the table measures: peak memory of the import's client and
//! server and its rate, `report` and `export` of one period, the
//! application's first frame and peak memory (the release binary in a
//! pseudo-terminal, as bench_start), and `periods()` / `unit_counts()`
//! through the server.
//!
//!     cargo build --release && cargo run --release --example bench_scale
//!     (or: cargo run --release --example bench_scale -- path/to/thidua [only-region])
//!
//! Budgets (issue #17, on the 1.5 M database): import peak ≤ 200 MiB
//! (client and server) and ≥ 100,000 values/s; report/export of a period
//! within 3× of the built-in database's; first frame ≤ 100 ms; application
//! peak ≤ 30 MiB; period picker and completeness ≤ 20 ms.

#[path = "../tests/pty_common/mod.rs"]
mod pty_common;

#[path = "generated/mod.rs"]
mod generated;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use pty_common::*;
use thidua::server::ClientStore;
use thidua::store::{SledStore, Store};

fn binary() -> PathBuf {
    if let Some(p) = std::env::args().nth(1) {
        return PathBuf::from(p);
    }
    let exe = std::env::current_exe().expect("current exe");
    exe.parent()
        .and_then(|p| p.parent())
        .map(|p| p.join("thidua"))
        .expect("binary path")
}

/// One generated database: its shape and the periods it holds.
struct Shape {
    name: &'static str,
    units: usize,
    criteria: usize,
    /// Years of monthly actuals (and one yearly plan per year), ending 2025.
    years: u16,
}

impl Shape {
    fn first_year(&self) -> u16 {
        2026 - self.years
    }

    fn values(&self) -> usize {
        self.units * self.criteria * 13 * usize::from(self.years)
    }

    fn title(&self) -> String {
        format!("Các tỉnh ({0}/{0})", self.units)
    }
}

/// The database (covenant of every year, no figures) and the CSV of all
/// its figures.
fn generate(shape: &Shape, dir: &Path) -> (PathBuf, PathBuf) {
    let last = 2025;
    let mut covenant = generated::covenant(shape.units, shape.criteria, last);
    let year = covenant.years[&last].clone();
    for y in shape.first_year()..last {
        let mut copy = year.clone();
        copy.year = y;
        covenant.years.insert(y, copy);
    }
    let db = dir.join(shape.name);
    let me = thidua::store::user::os_user();
    drop(SledStore::create(&db, &me, covenant, Vec::new()).expect("create"));
    let csv = dir.join(format!("{}.csv", shape.name));
    let mut w = std::io::BufWriter::new(std::fs::File::create(&csv).expect("csv"));
    writeln!(w, "province_code,indicator_code,period,kind,value").expect("write");
    let mut n = 0u64;
    for y in shape.first_year()..=last {
        for m in 0..=12 {
            for u in 1..=shape.units {
                for c in 1..=shape.criteria {
                    n += 1;
                    let v = n % 100_000;
                    if m == 0 {
                        writeln!(w, "P{u:02},I{c:03},{y},plan,{v}").expect("write");
                    } else {
                        writeln!(w, "P{u:02},I{c:03},{y}-{m:02},actual,{v}.25").expect("write");
                    }
                }
            }
        }
    }
    w.flush().expect("flush");
    (db, csv)
}

fn peak_kib(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .unwrap_or_default()
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        .unwrap_or(0)
}

/// `thidua ARGS` on `db`: seconds, peak memory (KiB) of the reaped child.
fn timed(db: &Path, args: &[&str]) -> (f64, u64) {
    let start = Instant::now();
    // Reaped below with wait4, which also gives its peak memory.
    #[allow(clippy::zombie_processes)]
    let child = Command::new(binary())
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("THIDUA_DB")
        .env_remove("THIDUA_SOCKET")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn");
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    // SAFETY: an all-zero rusage is valid; wait4 on our own child.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    assert!(
        libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0,
        "thidua {args:?} failed"
    );
    (start.elapsed().as_secs_f64(), usage.ru_maxrss as u64)
}

fn mib(kib: u64) -> String {
    format!("{:.1} MiB", kib as f64 / 1024.0)
}

/// The first frame (ms) and peak memory (KiB) of the application.
fn application(db: &Path, title: &str) -> (f64, u64) {
    let args = ["--db", db.to_str().expect("utf-8 path")];
    let mut term = Pty::start_as(&binary(), &args, &[], 80, 24, TermKind::NARROW);
    let end = Instant::now() + Duration::from_secs(60);
    while term.sync_frames() == 0 {
        assert!(Instant::now() < end, "no first frame");
        std::thread::sleep(Duration::from_millis(1));
    }
    term.wait_text(title);
    let ms = term.with(|o| {
        o.first_frame_at
            .map(|t| t.duration_since(term.started).as_secs_f64() * 1000.0)
            .unwrap_or(f64::NAN)
    });
    let peak = peak_kib(term.pid() as u32);
    term.send(CTRL_Q);
    term.wait_exit();
    (ms, peak)
}

fn per_call_ms(mut f: impl FnMut()) -> f64 {
    let runs = 20;
    let start = Instant::now();
    for _ in 0..runs {
        f();
    }
    start.elapsed().as_secs_f64() * 1000.0 / f64::from(runs)
}

fn measure(shape: &Shape, dir: &Path) {
    println!(
        "\n{}: {} units × {} criteria × 12 months × {} years + yearly plans = {} values",
        shape.name,
        shape.units,
        shape.criteria,
        shape.years,
        shape.values()
    );
    let (db, csv) = generate(shape, dir);
    let size = std::fs::metadata(&csv).map(|m| m.len()).unwrap_or(0);
    println!("  CSV: {}", mib(size / 1024));
    let server = Command::new(binary())
        .arg("--db")
        .arg(&db)
        .arg("serve")
        .env_remove("THIDUA_DB")
        .env_remove("THIDUA_SOCKET")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("serve");
    let socket = thidua::server::default_socket(&db);
    while std::os::unix::net::UnixStream::connect(&socket).is_err() {
        std::thread::sleep(Duration::from_millis(10));
    }
    let csv_arg = csv.to_str().expect("utf-8");
    let (secs, client_kib) = timed(&db, &["import", csv_arg]);
    let server_kib = peak_kib(server.id());
    println!(
        "  import: {secs:.1} s, {:.0} values/s; peak memory client {}, server {}",
        shape.values() as f64 / secs,
        mib(client_kib),
        mib(server_kib)
    );
    std::fs::remove_file(&csv).ok();
    let period = "2025-06";
    let (export_s, _) = timed(&db, &["export", "--period", period]);
    let (report_s, _) = timed(&db, &["report", "--period", period]);
    println!(
        "  export of {period} ({} values): {export_s:.2} s; report of {period}: {report_s:.2} s",
        shape.units * shape.criteria
    );
    let client = ClientStore::connect(&socket).expect("connect");
    let periods_ms = per_call_ms(|| {
        client.periods().expect("periods");
    });
    let p = period.parse().expect("period");
    let counts_ms = per_call_ms(|| {
        client.unit_counts(p).expect("counts");
    });
    println!(
        "  through the server: periods() {periods_ms:.2} ms ({} periods), unit_counts() {counts_ms:.2} ms",
        client.periods().expect("periods").len()
    );
    drop(client);
    let (frame_ms, app_kib) = application(&db, &shape.title());
    println!(
        "  application (server running): first frame {frame_ms:.0} ms, peak memory {}",
        mib(app_kib)
    );
    // SAFETY: kill(2) on our own child: a clean stop.
    unsafe { libc::kill(server.id() as i32, libc::SIGTERM) };
    let mut server = server;
    let _ = server.wait();
}

fn main() {
    println!("binary: {}", binary().display());
    let dir = tempfile::tempdir().expect("temp dir");
    let only_region = std::env::args().nth(2).is_some_and(|a| a == "only-region");
    measure(
        &Shape {
            name: "region",
            units: 34,
            criteria: 300,
            years: 10,
        },
        dir.path(),
    );
    if !only_region {
        // #17's table: 12 × 95 monthly with yearly plans, 1.5 M values.
        measure(
            &Shape {
                name: "table",
                units: 12,
                criteria: 95,
                years: 101,
            },
            dir.path(),
        );
    }
}
