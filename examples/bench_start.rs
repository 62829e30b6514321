//! How long until the application's first frame now that every `thidua` is
//! a client: launched on a personal database with no server running (it
//! starts one and connects), with its server already running (another
//! window open), and on a brand-new database (the server also loads the
//! built-in data). The release binary runs in a pseudo-terminal with an
//! emulator that answers the start-up probe at once; time is from spawn to
//! the end of the first frame, and to the end of the frame that shows the
//! figures (the application reads them after a first frame that says
//! so). Median, min and max of RUNS runs each.
//!
//!     cargo build --release && cargo run --release --example bench_start
//!     (or: cargo run --release --example bench_start -- path/to/thidua [RUNS])
//!
//! Budgets (issue #11): ≤ 150 ms through an auto-started server, ≤ 40 ms
//! with the server running, on an idle machine. Issue #14: on a generated
//! cluster of 34 units × 300 criteria (one covenant year, figures for two
//! half-years: 20,400 values), the first frame within 2× of the built-in
//! start, both ways.
//!
//! Each window also writes start marks (`thidua::tui::start_marks`): when
//! it had written its first frame, on the clock read at spawn. The
//! emulator's own time can be later by a scheduling delay: on two cores
//! the figures read that follows the first frame (server and client
//! busy) keeps the emulator's reader from the bytes for a while.

#[path = "../tests/pty_common/mod.rs"]
mod pty_common;

#[path = "kit/mod.rs"]
mod kit;

#[path = "generated/mod.rs"]
mod generated;

use std::path::{Path, PathBuf};
use std::time::Duration;

use pty_common::*;

fn binary() -> PathBuf {
    kit::thidua_binary()
}

fn runs() -> usize {
    std::env::args()
        .nth(2)
        .and_then(|n| n.parse().ok())
        .unwrap_or(7)
}

/// A window on `db`, and when it was spawned on the monotonic clock the
/// application's start marks use (`thidua::tui::start_marks`), which it
/// writes to `marks`.
fn launch_marked(db: &Path, marks: &Path) -> (Pty, u128) {
    let args = ["--db", db.to_str().expect("utf-8 path")];
    let env = [(
        thidua::tui::start_marks::VAR,
        marks.to_str().expect("utf-8 path"),
    )];
    std::fs::remove_file(marks).ok();
    let spawned = thidua::tui::start_marks::monotonic_ns();
    let pty = Pty::start_as(&binary(), &args, &env, 80, 24, TermKind::NARROW);
    (pty, spawned)
}

fn launch(db: &Path) -> Pty {
    let args = ["--db", db.to_str().expect("utf-8 path")];
    Pty::start_as(&binary(), &args, &[], 80, 24, TermKind::NARROW)
}

/// Milliseconds from `spawned` to the application's mark `name` in
/// `marks` (NaN when it wrote none).
fn marked_ms(marks: &Path, name: &str, spawned: u128) -> f64 {
    std::fs::read_to_string(marks)
        .unwrap_or_default()
        .lines()
        .filter_map(|l| l.split_once(' '))
        .find(|(n, _)| *n == name)
        .and_then(|(_, ns)| ns.parse::<u128>().ok())
        .map_or(f64::NAN, |ns| ns.saturating_sub(spawned) as f64 / 1e6)
}

/// Milliseconds from spawn to the end of the first frame, which shows
/// `title` (the province list of the cluster).
fn first_frame_ms(term: &Pty) -> f64 {
    first_frame_of(term, "Các tỉnh (12/12)").0
}

/// From spawn: the end of the first frame (since the application reads
/// the period's figures after a frame that says so, that is the progress
/// line on a slow read), and the end of the frame that shows `title`
/// with the figures read.
fn first_frame_of(term: &Pty, title: &str) -> (f64, f64) {
    let end = std::time::Instant::now() + Duration::from_secs(20);
    while term.sync_frames() == 0 {
        assert!(std::time::Instant::now() < end, "no first frame");
        std::thread::sleep(Duration::from_millis(1));
    }
    term.wait_text(title);
    let ms = |t: Option<std::time::Instant>| {
        t.map(|t| t.duration_since(term.started).as_secs_f64() * 1000.0)
            .unwrap_or(f64::NAN)
    };
    // The first frame: the progress line where the application draws one
    // before reading (its frame may be too small for a synchronized
    // update), else the first synchronized update.
    let progress = term.text_at("Đang đọc số liệu kỳ");
    term.with(|o| {
        let first = match (progress, o.first_frame_at) {
            (Some(p), Some(f)) => Some(p.min(f)),
            (p, f) => p.or(f),
        };
        (ms(first), ms(o.frame_times.last().copied()))
    })
}

fn quit(mut term: Pty) {
    term.send(CTRL_Q);
    term.wait_exit();
}

fn summary(name: &str, mut ms: Vec<f64>, budget: &str) -> f64 {
    ms.sort_by(|a, b| a.total_cmp(b));
    let median = ms[ms.len() / 2];
    println!(
        "  {name:<46} median {:>6.1} ms   min {:>6.1}   max {:>6.1}   budget {budget}",
        median,
        ms[0],
        ms[ms.len() - 1]
    );
    median
}

/// A database of 34 units × 300 criteria with figures for 2025-H1 and
/// 2026-H1 (each unit, each criterion), made in this process.
fn generated_database(db: &Path) {
    use rust_decimal::Decimal;
    use thidua::model::{Figure, Kind, Value, ValueKey};
    let covenant = generated::covenant(34, 300, 2025);
    let year = &covenant.years[&2025];
    let mut values = Vec::new();
    let mut n: u64 = 7;
    for period in ["2025-H1", "2026-H1"] {
        let p = period.parse().expect("period");
        for m in &year.members {
            for c in &year.criteria {
                n = n
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                values.push(Value {
                    key: ValueKey::new(p, &m.unit, &c.code, Kind::Actual),
                    figure: Figure::plain(Decimal::new(((n >> 33) % 10_000_000) as i64, 2)),
                });
            }
        }
    }
    let store = thidua::store::SledStore::create(db, "bench", covenant, values).expect("create");
    drop(store);
    // sled lets go of its lock a moment after the last handle.
    std::thread::sleep(Duration::from_millis(300));
}

/// The times (ms) of the windows of every round on one database: to the
/// first frame and to the frame that shows the figures.
#[derive(Default)]
struct Rounds {
    cold: Vec<f64>,
    cold_data: Vec<f64>,
    warm: Vec<f64>,
    warm_data: Vec<f64>,
    /// When the application had written its first frame (its own mark),
    /// with no server running and with one running.
    cold_written: Vec<f64>,
    warm_written: Vec<f64>,
}

impl Rounds {
    /// One round on `db`, whose province list is titled `title`: a window
    /// with no server running (it starts one; the last round's was
    /// stopped with it), then another window while that server runs.
    fn run(&mut self, db: &Path, title: &str) {
        let marks = db.with_extension("marks");
        let (first, spawned) = launch_marked(db, &marks);
        let (frame, data) = first_frame_of(&first, title);
        self.cold.push(frame);
        self.cold_data.push(data);
        self.cold_written
            .push(marked_ms(&marks, "first-frame", spawned));
        let (second, spawned) = launch_marked(db, &marks);
        let (frame, data) = first_frame_of(&second, title);
        self.warm.push(frame);
        self.warm_data.push(data);
        self.warm_written
            .push(marked_ms(&marks, "first-frame", spawned));
        // Closed without stopping the server (as the kit would): the
        // first window still uses it.
        let mut second = second;
        second.send(CTRL_Q);
        while second.child.try_wait().ok().flatten().is_none() {
            std::thread::sleep(Duration::from_millis(2));
        }
        std::mem::forget(second);
        quit(first);
    }
}

/// Set to a path, the bench only makes the 34 × 300 database there and
/// exits: see `main`.
const GENERATE: &str = "BENCH_START_GENERATE";

fn main() {
    if let Some(db) = std::env::var_os(GENERATE) {
        generated_database(Path::new(&db));
        return;
    }
    println!("binary: {}", binary().display());
    let n = runs();
    println!("first frame at 80×24, {n} runs each\n");
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("db");
    // Make the database once (its first start loads the built-in data).
    let once = launch(&db);
    first_frame_ms(&once);
    quit(once);

    let mut built_in = Rounds::default();
    let mut fresh = Vec::new();
    for i in 0..n {
        built_in.run(&db, "Các tỉnh (12/12)");
        // A database that does not exist yet.
        let new_db = dir.path().join(format!("new{i}"));
        let third = launch(&new_db);
        fresh.push(first_frame_ms(&third));
        quit(third);
    }
    let cold = summary(
        "auto-started server, existing database",
        built_in.cold,
        "≤ 150 ms",
    );
    let warm = summary("server already running", built_in.warm, "≤ 40 ms");
    let cold_written = summary(
        "  written by the application, auto-started",
        built_in.cold_written,
        "—",
    );
    let warm_written = summary(
        "  written by the application, running",
        built_in.warm_written,
        "—",
    );
    summary("auto-started server, brand-new database", fresh, "—");
    summary(
        "figures shown, auto-started server",
        built_in.cold_data,
        "—",
    );
    summary(
        "figures shown, server already running",
        built_in.warm_data,
        "—",
    );

    // The generated cluster: 34 units × 300 criteria.
    let big = dir.path().join("big");
    // Made in a child process: made here, the generated records would stay
    // in this process's memory, and every window spawned after it (a fork
    // of this process) would pay for copying its page tables — measured
    // as the 34 × 300 start (12 to 37 ms with a running server).
    let made = std::process::Command::new(std::env::current_exe().expect("this bench"))
        .env(GENERATE, &big)
        .status()
        .expect("generate");
    assert!(made.success(), "generating the 34 × 300 database failed");
    let mut generated = Rounds::default();
    for _ in 0..n {
        generated.run(&big, "Các tỉnh (34/34)");
    }
    let bc = summary(
        "34 × 300: auto-started server",
        generated.cold,
        &format!("≤ {:.0} ms (2× built-in)", 2.0 * cold),
    );
    let bw = summary(
        "34 × 300: server already running",
        generated.warm,
        &format!("≤ {:.0} ms (2× built-in)", 2.0 * warm),
    );
    let bcd = summary(
        "34 × 300: figures shown, auto-started",
        generated.cold_data,
        "—",
    );
    let bwd = summary("34 × 300: figures shown, running", generated.warm_data, "—");
    let bcw = summary(
        "34 × 300: written by the application, auto-started",
        generated.cold_written,
        &format!("≤ {:.0} ms (2× built-in)", 2.0 * cold_written),
    );
    let bww = summary(
        "34 × 300: written by the application, running",
        generated.warm_written,
        &format!("≤ {:.0} ms (2× built-in)", 2.0 * warm_written),
    );
    println!(
        "\n  34 × 300 against the built-in start: {:.2}× (auto-started), {:.2}× (running); \
         figures shown {:.2}×, {:.2}×",
        bc / cold,
        bw / warm,
        bcd / cold,
        bwd / warm
    );
    println!(
        "  34 × 300 first frame as the application wrote it (its start marks): {:.2}× (auto-started), {:.2}× (running)",
        bcw / cold_written,
        bww / warm_written
    );
}
