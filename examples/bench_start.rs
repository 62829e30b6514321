//! How long until the application's first frame now that every `thidua` is
//! a client: launched on a personal database with no server running (it
//! starts one and connects), with its server already running (another
//! window open), and on a brand-new database (the server also loads the
//! built-in data). The release binary runs in a pseudo-terminal with an
//! emulator that answers the start-up probe at once; time is from spawn to
//! the end of the first frame. Median, min and max of RUNS runs each.
//!
//!     cargo build --release && cargo run --release --example bench_start
//!     (or: cargo run --release --example bench_start -- path/to/thidua [RUNS])
//!
//! Budgets (issue #11): ≤ 150 ms through an auto-started server, ≤ 40 ms
//! with the server running, on an idle machine.

#[path = "../tests/pty_common/mod.rs"]
mod pty_common;

use std::path::{Path, PathBuf};
use std::time::Duration;

use pty_common::*;

fn binary() -> PathBuf {
    if let Some(p) = std::env::args().nth(1) {
        return PathBuf::from(p);
    }
    let exe = std::env::current_exe().expect("current exe");
    // target/release/examples/bench_start → target/release/thidua
    exe.parent()
        .and_then(|p| p.parent())
        .map(|p| p.join("thidua"))
        .expect("binary path")
}

fn runs() -> usize {
    std::env::args()
        .nth(2)
        .and_then(|n| n.parse().ok())
        .unwrap_or(7)
}

fn launch(db: &Path) -> Pty {
    let args = ["--db", db.to_str().expect("utf-8 path")];
    Pty::start_as(&binary(), &args, &[], 80, 24, TermKind::NARROW)
}

/// Milliseconds from spawn to the end of the first frame.
fn first_frame_ms(term: &Pty) -> f64 {
    let end = std::time::Instant::now() + Duration::from_secs(20);
    while term.sync_frames() == 0 {
        assert!(std::time::Instant::now() < end, "no first frame");
        std::thread::sleep(Duration::from_millis(1));
    }
    term.wait_text("Các tỉnh (12/12)");
    term.with(|o| {
        o.first_frame_at
            .map(|t| t.duration_since(term.started).as_secs_f64() * 1000.0)
            .unwrap_or(f64::NAN)
    })
}

fn quit(mut term: Pty) {
    term.send(CTRL_Q);
    term.wait_exit();
}

fn summary(name: &str, mut ms: Vec<f64>, budget: &str) {
    ms.sort_by(|a, b| a.total_cmp(b));
    println!(
        "  {name:<46} median {:>6.1} ms   min {:>6.1}   max {:>6.1}   budget {budget}",
        ms[ms.len() / 2],
        ms[0],
        ms[ms.len() - 1]
    );
}

fn main() {
    println!("binary: {}", binary().display());
    let n = runs();
    println!("first frame at 80×24, {n} runs each\n");
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("db");
    // Make the database once (its first start loads the built-in data).
    let once = launch(&db);
    first_frame_ms(&once);
    quit(once);

    let (mut cold, mut warm, mut fresh) = (Vec::new(), Vec::new(), Vec::new());
    for i in 0..n {
        // No server: the app starts one (the last run's was stopped with it).
        let first = launch(&db);
        cold.push(first_frame_ms(&first));
        // Another window while that server runs.
        let second = launch(&db);
        warm.push(first_frame_ms(&second));
        // Closed without stopping the server (as the kit would): the
        // first window still uses it.
        let mut second = second;
        second.send(CTRL_Q);
        while second.child.try_wait().ok().flatten().is_none() {
            std::thread::sleep(Duration::from_millis(2));
        }
        std::mem::forget(second);
        quit(first);
        // A database that does not exist yet.
        let new_db = dir.path().join(format!("new{i}"));
        let third = launch(&new_db);
        fresh.push(first_frame_ms(&third));
        quit(third);
    }
    summary("auto-started server, existing database", cold, "≤ 150 ms");
    summary("server already running", warm, "≤ 40 ms");
    summary("auto-started server, brand-new database", fresh, "—");
}
