//! Bandwidth and start-up benchmark of the terminal application.
//!
//! Starts the release binary in a pseudo-terminal on a fresh built-in
//! database and counts the bytes it writes: first frame, per Down in Entry
//! (40 moves, scrolling included),
//! per PageDown in Entry, per Right in Matrix, a whole cell edit (`62` +
//! Enter, with the move to the next cell), 3 s of idle; plus time to first
//! frame and peak RSS (VmHWM). Median of 3 runs at 80×24 and 120×40.
//!
//!     cargo build --release && cargo run --release --example bench_tui
//!     (or: cargo run --release --example bench_tui -- path/to/thidua)

#[path = "../tests/pty_common/mod.rs"]
mod pty_common;

use std::path::PathBuf;
use std::time::Duration;

use pty_common::*;

const KEY_WAIT: Duration = Duration::from_millis(1500);

#[derive(Debug, Default, Clone)]
struct Run {
    first_frame_bytes: usize,
    first_frame_ms: f64,
    down: Vec<usize>,
    page_down: Vec<usize>,
    right: Vec<usize>,
    edit: usize,
    edit_scrolling: usize,
    idle: usize,
    rss_kib: usize,
}

fn binary() -> PathBuf {
    if let Some(p) = std::env::args().nth(1) {
        return PathBuf::from(p);
    }
    let exe = std::env::current_exe().expect("current exe");
    // target/release/examples/bench_tui → target/release/thidua
    exe.parent()
        .and_then(|p| p.parent())
        .map(|p| p.join("thidua"))
        .expect("binary path")
}

/// Bytes written in answer to one key (0 when nothing is redrawn).
fn key_bytes(pty: &mut Pty, key: &[u8]) -> usize {
    let (bytes, frames) = (pty.bytes(), pty.frames());
    pty.send(key);
    pty.wait_frames(frames, KEY_WAIT);
    pty.bytes() - bytes
}

fn cell_edit(pty: &mut Pty) -> usize {
    let (bytes, frames) = (pty.bytes(), pty.frames());
    pty.text("62");
    pty.send(ENTER);
    pty.wait_frames(frames + 2, KEY_WAIT);
    let n = pty.bytes() - bytes;
    if std::env::var_os("BENCH_DUMP").is_some() {
        dump("edit", &pty.out.lock().expect("lock").raw[bytes..]);
    }
    n
}

fn rss_kib(pid: i32) -> usize {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|n| n.parse().ok())
        .unwrap_or(0)
}

fn run_once(cols: u16, rows: u16) -> Run {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("db");
    let mut pty = Pty::start(&binary(), &["--db", db.to_str().expect("path")], cols, rows);
    let mut run = Run::default();
    assert!(
        pty.wait_frames(0, Duration::from_secs(10)),
        "no first frame"
    );
    run.first_frame_ms = pty.started.elapsed().as_secs_f64() * 1000.0;
    {
        let o = pty.out.lock().expect("lock");
        let end = o
            .raw
            .windows(8)
            .position(|w| w == b"\x1b[?2026l")
            .map(|i| i + 8)
            .unwrap_or(o.raw.len());
        run.first_frame_bytes = end;
    }
    pty.wait_text("Các tỉnh (12/12)");

    // Idle: nothing may be written.
    let before = pty.bytes();
    std::thread::sleep(Duration::from_secs(3));
    run.idle = pty.bytes() - before;

    // Entry for Đồng Tháp.
    pty.text("dong thap");
    pty.wait_text("(1/12)");
    pty.send(ENTER);
    pty.wait_text("Nhập liệu · Đồng Tháp");
    // A whole cell edit: 6, 2, Enter (commit, saved message, move down),
    // mid-screen and then at the bottom edge (where the move scrolls).
    run.edit = cell_edit(&mut pty);
    // 40 moves: past the bottom of the screen, so scrolling is counted.
    for i in 0..40 {
        let start = pty.bytes();
        run.down.push(key_bytes(&mut pty, DOWN));
        if (i == 1 || i == 30) && std::env::var_os("BENCH_DUMP").is_some() {
            dump("Down", &pty.out.lock().expect("lock").raw[start..]);
        }
    }
    run.edit_scrolling = cell_edit(&mut pty);
    for _ in 0..3 {
        run.page_down.push(key_bytes(&mut pty, PAGE_DOWN));
    }

    // Matrix.
    pty.send(F4);
    pty.wait_text("Tỉnh × chỉ tiêu");
    for i in 0..10 {
        let start = pty.bytes();
        run.right.push(key_bytes(&mut pty, RIGHT));
        if i < 6 && std::env::var_os("BENCH_DUMP").is_some() {
            dump("Right", &pty.out.lock().expect("lock").raw[start..]);
        }
    }
    run.rss_kib = rss_kib(pty.pid());
    pty.send(CTRL_Q);
    pty.wait_exit();
    run
}

/// Print a frame's bytes readably (BENCH_DUMP=1).
fn dump(what: &str, bytes: &[u8]) {
    println!(
        "--- {what}: {} bytes\n{}",
        bytes.len(),
        String::from_utf8_lossy(bytes).replace('\x1b', "␛")
    );
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    v[v.len() / 2]
}

fn mean(v: &[usize]) -> f64 {
    v.iter().sum::<usize>() as f64 / v.len().max(1) as f64
}

fn main() {
    println!("binary: {}", binary().display());
    for (cols, rows) in [(80u16, 24u16), (120, 40)] {
        let runs: Vec<Run> = (0..3).map(|_| run_once(cols, rows)).collect();
        let m = |f: &dyn Fn(&Run) -> f64| median(runs.iter().map(f).collect());
        let all = |f: &dyn Fn(&Run) -> &Vec<usize>| {
            let mut v: Vec<usize> = runs.iter().flat_map(|r| f(r).clone()).collect();
            v.sort();
            v
        };
        let downs = all(&|r| &r.down);
        // Moves 1-15 stay on screen; from the 21st on, every move scrolls
        // at 80×24.
        let part = |range: std::ops::Range<usize>| {
            let mut v: Vec<usize> = runs
                .iter()
                .flat_map(|r| r.down[range.clone()].to_vec())
                .collect();
            v.sort();
            v
        };
        let still = part(0..15);
        let scrolling = part(20..40);
        let rights = all(&|r| &r.right);
        let pages = all(&|r| &r.page_down);
        println!("\n{cols}×{rows} (median of 3 runs)");
        println!(
            "  first frame            {:>7.0} bytes  {:>6.1} ms",
            m(&|r| r.first_frame_bytes as f64),
            m(&|r| r.first_frame_ms)
        );
        println!(
            "  Down in Entry          {:>7.1} bytes mean of {} moves (on screen: mean {:.1}, max {}; \
             scrolling: mean {:.1}, max {})",
            mean(&downs),
            downs.len(),
            mean(&still),
            still.last().copied().unwrap_or(0),
            mean(&scrolling),
            scrolling.last().copied().unwrap_or(0)
        );
        println!(
            "  PageDown in Entry      {:>7.1} bytes mean, max {}",
            mean(&pages),
            pages.last().copied().unwrap_or(0)
        );
        println!(
            "  Right in Matrix        {:>7.1} bytes mean, median {}, max {} (of {} moves)",
            mean(&rights),
            rights[rights.len() / 2],
            rights.last().copied().unwrap_or(0),
            rights.len()
        );
        println!(
            "  cell edit (62 + Enter) {:>7.0} bytes mid-screen, {:.0} at the bottom edge (scrolls)",
            m(&|r| r.edit as f64),
            m(&|r| r.edit_scrolling as f64)
        );
        println!(
            "  idle 3 s               {:>7.0} bytes",
            m(&|r| r.idle as f64)
        );
        println!(
            "  peak RSS (VmHWM)       {:>7.1} MiB",
            m(&|r| r.rss_kib as f64) / 1024.0
        );
    }
}
