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
//!     (or: cargo run --release --example bench_scale -- path/to/thidua [only-region];
//!     with BENCH_SCALE_DIR=DIR the generated databases are kept in DIR and
//!     measured again on the next run without their import)
//!
//! The built-in database is measured first, the same way, for the
//! budgets that compare with it; then on each generated database, in the
//! application at 80×24: F5/F6 (a period not read yet, then back), the
//! period picker, the Provinces screen (its completeness) shown again,
//! bytes per Down in Entry and in the Matrix on a full period, bytes per
//! typed digit and of a whole cell edit (`62` + Enter), and 3 s idle.
//!
//! Budgets (issue #17, on the 1.5 M database): import peak ≤ 200 MiB
//! (client and server) and ≥ 100,000 values/s; report/export of a period
//! within 3× of the built-in database's; first frame within 2× of the
//! built-in's and ≤ 100 ms; application peak ≤ 30 MiB; period picker,
//! completeness and F5/F6 ≤ 20 ms; ≤ 35 B per Down, ≤ 6 B per digit,
//! ≤ 130 B per whole cell edit, 0 B idle.

#[path = "../tests/pty_common/mod.rs"]
mod pty_common;

#[path = "kit/mod.rs"]
mod kit;

#[path = "generated/mod.rs"]
mod generated;

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

use pty_common::*;
use thidua::server::ClientStore;
use thidua::store::Store;

fn binary() -> PathBuf {
    kit::thidua_binary()
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
    let db = dir.join(shape.name);
    let csv = dir.join(format!("{}.csv", shape.name));
    generated::monthly_database(&db, &csv, shape.units, shape.criteria, shape.years);
    (db, csv)
}

/// `thidua ARGS` on `db`: seconds, peak memory (KiB) of the reaped child.
fn timed(db: &Path, args: &[&str]) -> (f64, u64) {
    kit::timed(&binary(), db, args, Stdio::null(), Stdio::null())
}

const F5: &[u8] = b"\x1b[15~";
const CTRL_Z: &[u8] = b"\x1a";
const F6: &[u8] = b"\x1b[17~";

/// Wait until nothing has been written for 50 ms (a late frame of the
/// previous key is not counted for the next).
fn settle(term: &Pty) {
    let mut last = term.bytes();
    loop {
        std::thread::sleep(Duration::from_millis(50));
        let now = term.bytes();
        if now == last {
            return;
        }
        last = now;
    }
}

/// What one key costs: milliseconds from sending it to the last byte of
/// what it drew, and the bytes.
fn key_cost(term: &Pty, key: &[u8]) -> (f64, usize) {
    settle(term);
    let before = term.bytes();
    let sent = Instant::now();
    term.send(key);
    let end = sent + Duration::from_secs(20);
    while term.bytes() == before && Instant::now() < end {
        std::thread::sleep(Duration::from_millis(1));
    }
    settle(term);
    let last = term.with(|o| o.chunk_times.last().map(|(_, t)| *t));
    let ms = last
        .map(|t| t.saturating_duration_since(sent).as_secs_f64() * 1000.0)
        .unwrap_or(f64::NAN);
    (ms, term.bytes() - before)
}

/// The application's figures on one database.
#[derive(Default)]
struct App {
    first_frame_ms: f64,
    /// To the frame that shows the figures.
    shown_ms: f64,
    peak_kib: u64,
    /// F5 (a period not read yet) and F6 (back).
    f5_ms: f64,
    f6_ms: f64,
    picker_ms: f64,
    provinces_ms: f64,
    /// Bytes per Down (mean) in Entry and in the Matrix.
    entry_down: f64,
    matrix_down: f64,
    /// Bytes per typed digit, and of the whole edit `62` + Enter in Entry.
    digit: f64,
    edit: usize,
    /// The same edit on the next row, right after.
    next_edit: usize,
    idle: usize,
}

fn downs(term: &Pty, n: usize) -> f64 {
    let total: usize = (0..n).map(|_| key_cost(term, DOWN).1).sum();
    total as f64 / n as f64
}

/// The application at 80×24 on `db`, opened on its latest period.
fn application(db: &Path, title: &str) -> App {
    let args = ["--db", db.to_str().expect("utf-8 path")];
    let mut term = Pty::start_as(&binary(), &args, &[], 80, 24, TermKind::NARROW);
    let end = Instant::now() + Duration::from_secs(60);
    while term.sync_frames() == 0 {
        assert!(Instant::now() < end, "no first frame");
        std::thread::sleep(Duration::from_millis(1));
    }
    term.wait_text(title);
    // The first frame: the progress line where the application draws one
    // before reading (too small a frame for a synchronized update), else
    // the first synchronized update (as bench_start).
    let progress = term.text_at("Đang đọc số liệu kỳ");
    let mut app = App {
        first_frame_ms: term.with(|o| {
            let first = match (progress, o.first_frame_at) {
                (Some(p), Some(f)) => Some(p.min(f)),
                (p, f) => p.or(f),
            };
            first
                .map(|t| t.duration_since(term.started).as_secs_f64() * 1000.0)
                .unwrap_or(f64::NAN)
        }),
        shown_ms: term.with(|o| {
            o.frame_times
                .last()
                .map(|t| t.duration_since(term.started).as_secs_f64() * 1000.0)
                .unwrap_or(f64::NAN)
        }),
        ..App::default()
    };
    app.f5_ms = key_cost(&term, F5).0;
    app.f6_ms = key_cost(&term, F6).0;
    app.picker_ms = key_cost(&term, CTRL_P).0;
    key_cost(&term, ESC);
    // The first unit's Entry, a figure typed, then the Matrix.
    key_cost(&term, ENTER);
    app.entry_down = downs(&term, 10);
    let (_, first) = key_cost(&term, b"6");
    let (_, second) = key_cost(&term, b"2");
    let (_, enter) = key_cost(&term, ENTER);
    app.digit = second as f64;
    app.edit = first + second + enter;
    // The next figure read out, on the row the edit moved to: the status
    // line already says a figure was saved.
    app.next_edit = [b"6".as_slice(), b"2", ENTER]
        .iter()
        .map(|k| key_cost(&term, k).1)
        .sum();
    // Undone, so a kept database holds its generated figures for the next run.
    key_cost(&term, CTRL_Z);
    key_cost(&term, CTRL_Z);
    key_cost(&term, F4);
    app.matrix_down = downs(&term, 10);
    app.provinces_ms = key_cost(&term, F10).0;
    settle(&term);
    let before = term.bytes();
    std::thread::sleep(Duration::from_secs(3));
    app.idle = term.bytes() - before;
    app.peak_kib = kit::peak_kib(term.pid() as u32);
    term.send(CTRL_Q);
    term.wait_exit();
    app
}

fn print_app(app: &App, builtin: Option<&App>) {
    let times = |x: f64, b: Option<f64>| match b {
        Some(b) => format!("{x:.0} ms ({:.2}× built-in)", x / b),
        None => format!("{x:.0} ms"),
    };
    println!(
        "  application: first frame {}, figures shown {}, peak memory {}",
        times(app.first_frame_ms, builtin.map(|b| b.first_frame_ms)),
        times(app.shown_ms, builtin.map(|b| b.shown_ms)),
        kit::mib(app.peak_kib)
    );
    println!(
        "  keys: F5 {:.1} ms, F6 {:.1} ms, Ctrl+P {:.1} ms, F10 (Provinces) {:.1} ms",
        app.f5_ms, app.f6_ms, app.picker_ms, app.provinces_ms
    );
    println!(
        "  bytes: Down {:.0} (Entry) / {:.0} (Matrix), digit {:.0}, `62` + Enter {} (the next row's after it: {}), 3 s idle {}",
        app.entry_down, app.matrix_down, app.digit, app.edit, app.next_edit, app.idle
    );
}

fn serve(db: &Path) -> std::process::Child {
    kit::serve(&binary(), db)
}

/// What is compared with the built-in database's.
struct Baseline {
    export_s: f64,
    report_s: f64,
    app: App,
}

/// The built-in database (2021-H1 of the 12 provinces), through a server.
fn builtin(dir: &Path) -> Baseline {
    let db = dir.join("builtin");
    let server = serve(&db);
    let period = "2021-H1";
    let (export_s, report_s) = best_of_five(&db, period);
    println!(
        "\nbuilt-in database: export of {period} {export_s:.3} s, report {report_s:.3} s (best of 5)"
    );
    let app = application(&db, "Các tỉnh (12/12)");
    print_app(&app, None);
    kit::stop(server);
    Baseline {
        export_s,
        report_s,
        app,
    }
}

/// Seconds of `export` and of `report` of `period`, best of five each.
fn best_of_five(db: &Path, period: &str) -> (f64, f64) {
    let mut export_s = f64::MAX;
    let mut report_s = f64::MAX;
    for _ in 0..5 {
        export_s = export_s.min(timed(db, &["export", "--period", period]).0);
        report_s = report_s.min(timed(db, &["report", "--period", period]).0);
    }
    (export_s, report_s)
}

fn per_call_ms(mut f: impl FnMut()) -> f64 {
    let runs = 20;
    let start = Instant::now();
    for _ in 0..runs {
        f();
    }
    start.elapsed().as_secs_f64() * 1000.0 / f64::from(runs)
}

/// Seconds of `export` and `report` of one period of a database.
#[derive(Clone, Copy)]
struct PeriodCost {
    export_s: f64,
    report_s: f64,
}

/// Measure a generated database; `small` is the same shape's two-year
/// database (its period and last year's hold as many values), for the
/// ratio that compares like with like: the built-in 2021-H1 holds 111
/// values.
fn measure(shape: &Shape, dir: &Path, base: &Baseline, small: Option<PeriodCost>) -> PeriodCost {
    println!(
        "\n{}: {} units × {} criteria × 12 months × {} years + yearly plans = {} values",
        shape.name,
        shape.units,
        shape.criteria,
        shape.years,
        shape.values()
    );
    let kept = dir.join(shape.name);
    // Written once the import finished: a run stopped half-way is redone.
    let imported = dir.join(format!("{}.imported", shape.name));
    let server = if imported.exists() {
        println!(
            "  import: not measured (database kept from an earlier run: {})",
            kept.display()
        );
        serve(&kept)
    } else {
        std::fs::remove_dir_all(&kept).ok();
        let (db, csv) = generate(shape, dir);
        let size = std::fs::metadata(&csv).map(|m| m.len()).unwrap_or(0);
        println!("  CSV: {}", kit::mib(size / 1024));
        let server = serve(&db);
        let csv_arg = csv.to_str().expect("utf-8");
        let (secs, client_kib) = timed(&db, &["import", csv_arg]);
        let server_kib = kit::peak_kib(server.id());
        println!(
            "  import: {secs:.1} s, {:.0} values/s; peak memory client {}, server {}",
            shape.values() as f64 / secs,
            kit::mib(client_kib),
            kit::mib(server_kib)
        );
        std::fs::remove_file(&csv).ok();
        std::fs::write(&imported, b"").expect("mark imported");
        server
    };
    let db = kept;
    let socket = thidua::server::default_socket(&db);
    let period = "2025-06";
    let (export_s, report_s) = best_of_five(&db, period);
    let against_small = small.map_or(String::new(), |c| {
        format!(
            "; against the two-year database of this shape: export {:.1}×, report {:.1}×",
            export_s / c.export_s,
            report_s / c.report_s
        )
    });
    println!(
        "  export of {period} ({} values): {export_s:.3} s ({:.1}× built-in); report of {period}: {report_s:.3} s ({:.1}× built-in){against_small}",
        shape.units * shape.criteria,
        export_s / base.export_s,
        report_s / base.report_s
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
    let app = application(&db, &shape.title());
    print_app(&app, Some(&base.app));
    kit::stop(server);
    PeriodCost { export_s, report_s }
}

fn main() {
    println!("binary: {}", binary().display());
    // BENCH_SCALE_DIR keeps the generated databases there and measures
    // them again on the next run without importing (the built-in one is
    // made afresh each time).
    let temp = tempfile::tempdir().expect("temp dir");
    let kept = std::env::var_os("BENCH_SCALE_DIR").map(PathBuf::from);
    let dir = match &kept {
        Some(d) => {
            std::fs::create_dir_all(d).expect("BENCH_SCALE_DIR");
            std::fs::remove_dir_all(d.join("builtin")).ok();
            d.as_path()
        }
        None => temp.path(),
    };
    let only_region = std::env::args().nth(2).is_some_and(|a| a == "only-region");
    let base = builtin(dir);
    measure(
        &Shape {
            name: "region",
            units: 34,
            criteria: 300,
            years: 10,
        },
        dir,
        &base,
        None,
    );
    if !only_region {
        // #17's table: 12 × 95 monthly with yearly plans, 1.5 M values,
        // and the same shape over two years (30 k values): its 2025-06
        // report reads as many values as the table's (the period, its
        // plans and last year's), so the two differ by the database's size
        // alone.
        let small = measure(
            &Shape {
                name: "small",
                units: 12,
                criteria: 95,
                years: 2,
            },
            dir,
            &base,
            None,
        );
        measure(
            &Shape {
                name: "table",
                units: 12,
                criteria: 95,
                years: 101,
            },
            dir,
            &base,
            Some(small),
        );
    }
}
