//! What an officer on a slow SSH link pays: bytes, round trips, memory, and
//! whether the tables hold on a terminal that draws ambiguous characters
//! wide.
//!
//! Starts the release binary in a pseudo-terminal on a fresh copy of the
//! built-in database, with a small emulator as the terminal that answers the
//! start-up probe at once (as a local terminal does; over SSH that answer is
//! the one round trip), and reports at 80×24 and 120×40, median of 3 runs:
//! first frame (bytes up to the end of the first frame, probe included, and
//! time from spawn), bytes per Down in Entry and in the Matrix, per PageDown
//! in Entry, per Right in Matrix (across the whole row, every indicator
//! column once; the first ten columns, the densest, also on their own), for
//! a whole cell edit (`62` + Enter, with the move to the next cell), per
//! digit typed into an open cell editor, for each figure typed down a
//! Matrix column (`62` + Enter, as in a meeting: ranks and cluster row
//! follow), for an implausible figure (`5000` + Enter: the question why,
//! on the status line and the footer's line; Enter again: saved, the
//! footer back), over 3 s of idle, and peak RSS (VmHWM). Each key's bytes are
//! what arrives between sending it and 50 ms of quiet. Then it starts the
//! binary on an emulated PuTTY with "CJK ambiguous characters as wide",
//! walks every screen and checks each table's borders, the spelling of
//! `đ` and the twelve province names; and, as a control, shows what the
//! same terminal looks like when the application is told `--ambiguous
//! narrow`.
//!
//!     cargo build --release && cargo run --release --example bench_ssh
//!     (or: cargo run --release --example bench_ssh -- path/to/thidua)
//!     BENCH_DUMP=1 … prints the bytes of each measured key (BENCH_DUMP=120x40:
//!     at that size).

#[path = "../tests/pty_common/mod.rs"]
mod pty_common;

#[path = "kit/mod.rs"]
mod kit;

use std::path::PathBuf;
use std::time::Duration;

use pty_common::*;

/// Indicator columns of the built-in cluster.
const INDICATORS: usize = 95;

const KEY_WAIT: Duration = Duration::from_millis(1500);

#[derive(Debug, Default, Clone)]
struct Run {
    first_frame_bytes: usize,
    first_frame_ms: f64,
    down: Vec<usize>,
    /// Down in the Matrix, from the first province to the last.
    matrix_down: Vec<usize>,
    /// A digit typed into an open cell editor (the `2` of `62`).
    digit: Vec<usize>,
    page_down: Vec<usize>,
    right: Vec<usize>,
    /// `62` + Enter for each province, down a Matrix column.
    column_entry: Vec<usize>,
    /// Ctrl+F, then each letter of `xuat khau` in the finder.
    finder: Vec<usize>,
    edit: usize,
    /// `5000` + Enter on a GRDP growth: the plausibility question.
    doubt_question: usize,
    /// The second Enter: saved, confirmed.
    doubt_confirm: usize,
    idle: usize,
    rss_kib: usize,
}

fn binary() -> PathBuf {
    kit::thidua_binary()
}

fn dump(what: &str, term: &Pty, from: usize) {
    if std::env::var_os("BENCH_DUMP").is_none() {
        return;
    }
    let bytes = term.with(|o| o.raw[from..].to_vec());
    println!(
        "{what} ({} bytes): {}",
        bytes.len(),
        String::from_utf8_lossy(&bytes).escape_debug()
    );
}

/// Wait until nothing has been written for 50 ms, so that a late frame of
/// the previous key is not counted for the next one (a loaded machine).
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

/// Bytes written in answer to one key (0 when nothing is redrawn): from
/// sending it to the quiet after its frame.
fn key_bytes(term: &Pty, key: &[u8], what: &str) -> usize {
    settle(term);
    let bytes = term.bytes();
    term.send(key);
    let end = std::time::Instant::now() + KEY_WAIT;
    while term.bytes() == bytes && std::time::Instant::now() < end {
        std::thread::sleep(Duration::from_millis(1));
    }
    settle(term);
    dump(what, term, bytes);
    term.bytes() - bytes
}

/// Wait for the first frame: it is large, so it ends a synchronized update.
fn first_frame(term: &Pty, timeout: Duration) -> bool {
    let end = std::time::Instant::now() + timeout;
    while term.sync_frames() == 0 {
        if std::time::Instant::now() > end {
            return false;
        }
        std::thread::sleep(Duration::from_millis(1));
    }
    true
}

fn start(db: &std::path::Path, extra: &[&str], cols: u16, rows: u16, kind: TermKind) -> Pty {
    let mut args = vec!["--db", db.to_str().expect("utf-8 path")];
    args.extend_from_slice(extra);
    Pty::start_as(&binary(), &args, &[], cols, rows, kind)
}

fn open_dong_thap(term: &Pty) {
    term.text("dong thap");
    term.wait_text("(1/12)");
    term.send(ENTER);
    term.wait_for("Entry", |e| {
        let t = e.contents();
        t.contains("Đồng Tháp (DT)") || t.contains("Dong Thap (DT)")
    });
}

fn run_once(cols: u16, rows: u16) -> Run {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("db");
    let mut term = start(&db, &[], cols, rows, TermKind::NARROW);
    let mut run = Run::default();
    assert!(
        first_frame(&term, Duration::from_secs(10)),
        "no first frame"
    );
    term.with(|o| {
        run.first_frame_bytes = o.sync_ends[0];
        run.first_frame_ms = o
            .first_frame_at
            .map(|t| t.duration_since(term.started).as_secs_f64() * 1000.0)
            .unwrap_or(f64::NAN);
    });
    dump("first frame", &term, 0);
    term.wait_text("Các tỉnh (12/12)");

    let before = term.bytes();
    std::thread::sleep(Duration::from_secs(3));
    run.idle = term.bytes() - before;

    open_dong_thap(&term);
    for _ in 0..10 {
        run.down.push(key_bytes(&term, DOWN, "Down"));
    }
    // A whole cell edit: 6, 2, Enter (commit, saved message, move down).
    let six = key_bytes(&term, b"6", "6");
    let two = key_bytes(&term, b"2", "2");
    run.digit.push(two);
    run.edit = six + two + key_bytes(&term, ENTER, "Enter");
    for _ in 0..3 {
        run.page_down.push(key_bytes(&term, PAGE_DOWN, "PageDown"));
    }

    term.send(F4);
    term.wait_text("Tỉnh × chỉ tiêu");
    // Across the whole row: every indicator column once.
    for _ in 1..INDICATORS {
        run.right.push(key_bytes(&term, RIGHT, "Right"));
    }
    // The meeting: back to the first column, then a figure for each of the
    // 12 provinces as they read them out (digits, Enter: commit, ranks and
    // cluster row updated, move down).
    key_bytes(&term, HOME, "Home");
    for _ in 1..12 {
        run.matrix_down.push(key_bytes(&term, DOWN, "Matrix Down"));
    }
    for _ in 1..12 {
        key_bytes(&term, UP, "Matrix Up");
    }
    for _ in 0..12 {
        let six = key_bytes(&term, b"6", "6");
        let two = key_bytes(&term, b"2", "2");
        run.digit.push(two);
        run.column_entry
            .push(six + two + key_bytes(&term, ENTER, "Enter"));
    }
    // An implausible GRDP growth on the last province: asked, then
    // confirmed.
    key_bytes(&term, HOME, "Home");
    let digits: usize = b"5000"
        .iter()
        .map(|d| key_bytes(&term, &[*d], "digit"))
        .sum();
    run.doubt_question = digits + key_bytes(&term, ENTER, "Enter (implausible)");
    run.doubt_confirm = key_bytes(&term, ENTER, "Enter (confirm)");
    // Finding an indicator: Ctrl+F, then `xuat khau` letter by letter.
    run.finder.push(key_bytes(&term, CTRL_F, "Ctrl+F"));
    for c in "xuat khau".bytes() {
        run.finder.push(key_bytes(&term, &[c], "finder letter"));
    }
    key_bytes(&term, ESC, "Esc");
    run.rss_kib = peak_rss_kib(term.pid());
    term.send(CTRL_Q);
    term.wait_exit();
    run
}

/// One screen on the wide terminal: what is misaligned, and whether the
/// output looks the same on a narrow terminal.
struct Check {
    screen: &'static str,
    problems: Vec<String>,
    names_missing: Vec<&'static str>,
}

/// Walk every screen on a terminal drawing ambiguous characters wide.
fn wide_walk(cols: u16, rows: u16, extra: &[&str]) -> Vec<Check> {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("db");
    let mut term = start(&db, extra, cols, rows, TermKind::WIDE);
    term.wait_for("Provinces", |e| e.contents().contains("12/12"));
    let mut checks = Vec::new();
    let mut check = |term: &Pty, screen: &'static str, names: bool| {
        // Let the frame for the last key land.
        settle(term);
        let (problems, missing) = term.with(|o| {
            let mut problems = misalignments(&o.term);
            // `đ` spelt as it is, in the two columns the terminal gives it
            // (not `d`: "Cụm thi dua").
            let text = o.term.contents();
            if text.contains("thi dua") || text.contains(" dạt") || text.contains(" dồng") {
                problems.push("đ drawn as d".into());
            }
            let missing = if names {
                missing_names(&o.term, &PROVINCES)
            } else {
                Vec::new()
            };
            (problems, missing)
        });
        checks.push(Check {
            screen,
            problems,
            names_missing: missing,
        });
    };
    check(&term, "Provinces", true);
    if !extra.is_empty() {
        // The control: one look is enough (and nothing can be found on it).
        term.send(CTRL_Q);
        term.wait_exit();
        return checks;
    }
    open_dong_thap(&term);
    check(&term, "Entry", false);
    term.text("62");
    check(&term, "Entry, editing", false);
    term.send(ENTER);
    term.wait_text("lưu");
    check(&term, "Entry, saved", false);
    term.send(UP);
    term.send(F3);
    term.wait_for("History", |e| e.contents().starts_with("Lịch sử"));
    check(&term, "History", false);
    term.send(ESC);
    term.wait_for("Entry", |e| e.contents().starts_with("Nhập liệu"));
    term.send(F4);
    term.wait_for("Matrix", |e| e.contents().starts_with("Bảng tổng hợp"));
    check(&term, "Matrix", true);
    term.send(CTRL_F);
    term.text("ho ngheo");
    term.wait_for("Indicator finder", |e| e.contents().contains("ho ngheo"));
    check(&term, "Indicator finder", false);
    term.send(ESC);
    term.wait_for("Matrix again", |e| {
        e.contents().starts_with("Bảng tổng hợp")
    });
    term.send(F8);
    term.wait_for("Summary", |e| e.contents().starts_with("Tổng hợp"));
    check(&term, "Summary", false);
    term.send(TAB);
    term.wait_for("Ranking", |e| e.contents().starts_with("Xếp hạng"));
    check(&term, "Ranking", true);
    term.send(F9);
    term.wait_for("Ranking chart", |e| e.contents().contains("F9: bảng"));
    check(&term, "Ranking chart", true);
    term.send(TAB);
    term.wait_for("Score", |e| e.contents().starts_with("Điểm"));
    check(&term, "Score", true);
    term.send(TAB);
    term.wait_for("Awards", |e| e.contents().starts_with("Khen"));
    check(&term, "Awards", false);
    term.send(F1);
    term.wait_for("Help", |e| e.contents().starts_with("Trợ giúp"));
    check(&term, "Help", false);
    term.send(F1);
    term.wait_for("Awards again", |e| e.contents().starts_with("Khen"));
    term.send(CTRL_P);
    term.wait_for("Period picker", |e| e.contents().contains("Chọn kỳ"));
    check(&term, "Period picker", false);
    term.send(CTRL_Q);
    term.wait_exit();
    checks
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    v[v.len() / 2]
}

fn median_of(v: &[usize]) -> usize {
    let mut v = v.to_vec();
    v.sort();
    v.get(v.len() / 2).copied().unwrap_or(0)
}

fn mean(v: &[usize]) -> f64 {
    v.iter().sum::<usize>() as f64 / v.len().max(1) as f64
}

fn main() {
    println!("binary: {}", binary().display());
    if std::env::var_os("BENCH_DUMP").is_some() {
        // BENCH_DUMP=120x40 dumps that size instead.
        let size = std::env::var("BENCH_DUMP").unwrap_or_default();
        let (cols, rows) = size
            .split_once('x')
            .and_then(|(c, r)| Some((c.parse().ok()?, r.parse().ok()?)))
            .unwrap_or((80, 24));
        let run = run_once(cols, rows);
        println!("{run:?}");
        return;
    }
    println!("terminal: emulator answering the probe at once; median of 3 runs\n");
    println!(
        "{:<34} {:>28} {:>28}   budget (80×24)",
        "figure", "80×24", "120×40"
    );
    let mut cols_out: Vec<Vec<String>> = Vec::new();
    let mut rows_label: Vec<(&str, &str)> = Vec::new();
    for (cols, rows) in [(80u16, 24u16), (120, 40)] {
        let runs: Vec<Run> = (0..3).map(|_| run_once(cols, rows)).collect();
        let m = |f: &dyn Fn(&Run) -> f64| median(runs.iter().map(f).collect());
        let all = |f: &dyn Fn(&Run) -> &Vec<usize>| -> Vec<usize> {
            runs.iter().flat_map(|r| f(r).clone()).collect()
        };
        let (downs, rights, pages) = (
            all(&|r| &r.down),
            all(&|r| &r.right),
            all(&|r| &r.page_down),
        );
        let (matrix_downs, digits) = (all(&|r| &r.matrix_down), all(&|r| &r.digit));
        let first_ten: Vec<usize> = runs.iter().flat_map(|r| r.right[..10].to_vec()).collect();
        let fmt_keys = |v: &[usize]| {
            format!(
                "mean {:.0}, median {}, max {}",
                mean(v),
                median_of(v),
                v.iter().max().copied().unwrap_or(0)
            )
        };
        let wide = wide_walk(cols, rows, &[]);
        let aligned = wide.iter().all(|c| c.problems.is_empty());
        let names = wide
            .iter()
            .map(|c| 12 - c.names_missing.len())
            .min()
            .unwrap_or(0);
        for c in &wide {
            for p in &c.problems {
                eprintln!("{cols}×{rows} wide, {}: {p}", c.screen);
            }
            if !c.names_missing.is_empty() {
                eprintln!(
                    "{cols}×{rows} wide, {}: names cut {:?}",
                    c.screen, c.names_missing
                );
            }
        }
        let control = wide_walk(cols, rows, &["--ambiguous", "narrow"]);
        let control_bad = control.iter().filter(|c| !c.problems.is_empty()).count();
        rows_label = vec![
            ("first frame bytes", "≤ 6,000"),
            ("time to first frame", "≤ 100 ms"),
            ("bytes per Down (Entry)", "≤ 35"),
            ("bytes per Down (Matrix)", "≤ 35"),
            ("bytes per typed digit (cell editor)", "≤ 6"),
            ("bytes per Right (Matrix), whole row", "≤ 200"),
            ("  … first 10 columns (densest)", "—"),
            ("bytes per PageDown (Entry)", "—"),
            ("Matrix column: 62 + Enter, each", "—"),
            ("finder: Ctrl+F, then each letter", "—"),
            ("bytes per cell edit (62 + Enter)", "≤ 130"),
            ("implausible: 5000 + Enter (asks)", "—"),
            ("  … Enter again (saved, confirmed)", "—"),
            ("bytes in 3 s idle", "0"),
            ("peak RSS (VmHWM)", "≤ 20 MiB"),
            ("ambiguous-wide: aligned, đ spelt", "all"),
            ("ambiguous-wide: names intact", "12/12"),
            ("control: --ambiguous narrow on it", "(broken)"),
        ];
        cols_out.push(vec![
            format!("{:.0}", m(&|r| r.first_frame_bytes as f64)),
            format!("{:.1} ms", m(&|r| r.first_frame_ms)),
            fmt_keys(&downs),
            fmt_keys(&matrix_downs),
            fmt_keys(&digits),
            fmt_keys(&rights),
            fmt_keys(&first_ten),
            fmt_keys(&pages),
            fmt_keys(&all(&|r| &r.column_entry)),
            format!(
                "{} then {}",
                median_of(&runs.iter().map(|r| r.finder[0]).collect::<Vec<_>>()),
                fmt_keys(
                    &runs
                        .iter()
                        .flat_map(|r| r.finder[1..].to_vec())
                        .collect::<Vec<_>>()
                )
            ),
            format!("{:.0}", m(&|r| r.edit as f64)),
            format!("{:.0}", m(&|r| r.doubt_question as f64)),
            format!("{:.0}", m(&|r| r.doubt_confirm as f64)),
            format!("{:.0}", m(&|r| r.idle as f64)),
            format!("{:.1} MiB", m(&|r| r.rss_kib as f64) / 1024.0),
            format!(
                "{}/{} screens",
                wide.iter().filter(|c| c.problems.is_empty()).count(),
                wide.len()
            ),
            format!("{names}/12"),
            format!(
                "{}",
                if control_bad > 0 {
                    "broken"
                } else {
                    "aligned?!"
                }
            ),
        ]);
        let _ = aligned;
    }
    for (i, (label, budget)) in rows_label.iter().enumerate() {
        println!(
            "{:<34} {:>28} {:>28}   {}",
            label, cols_out[0][i], cols_out[1][i], budget
        );
    }
}
