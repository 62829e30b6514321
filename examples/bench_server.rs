//! Load benchmark of `thidua serve`: 30 clients each commit 200 values as
//! fast as they can, every client watching the others' writes arrive. Each
//! client checks the server's identity (socket directory, peer uid) and
//! writes with the figure it saw (`Expect::Value`), as the application does.
//!
//! `cargo run --release --example bench_server [-- CLIENTS WRITES]`
//! (`THIDUA_SERVE_STATS=1` prints the server's commit groups and timings)
//!
//! The server runs in a child process (this program re-executed with
//! `--serve DB`), so its peak RSS (VmHWM) is its own.

use std::os::unix::net::UnixStream;
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::{Arc, Barrier};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use rust_decimal::Decimal;
use thidua::model::{Kind, Period, ValueKey};
use thidua::server::{ClientStore, Config, serve};
use thidua::store::{Change, Edit, Expect, SledStore, Store};

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    if args.get(1).map(String::as_str) == Some("--serve") {
        let db = Path::new(args.get(2).context("--serve DB")?);
        let store = serve::open_database(db, Duration::from_secs(3))?;
        let mut config = Config::new(&serve::default_socket(db));
        config.log = false;
        config.group_stats = std::env::var_os("THIDUA_SERVE_STATS").is_some();
        let handle = serve::start(store, config)?;
        handle.stop_on_signals()?;
        return handle.wait();
    }
    let clients: usize = args.get(1).map(|s| s.parse()).transpose()?.unwrap_or(30);
    let writes: usize = args.get(2).map(|s| s.parse()).transpose()?.unwrap_or(200);
    bench(clients, writes)
}

fn vm_hwm_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn bench(clients: usize, writes: usize) -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("db");
    let socket = serve::default_socket(&db);
    let exe = std::env::current_exe()?;
    let mut server = Command::new(exe)
        .arg("--serve")
        .arg(&db)
        .stdin(Stdio::null())
        .spawn()?;
    let up = Instant::now();
    while UnixStream::connect(&socket).is_err() {
        if up.elapsed() > Duration::from_secs(20) {
            bail!("server did not start");
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    let cluster = ClientStore::connect(&socket)
        .map_err(|e| anyhow::anyhow!("{e}"))?
        .cluster()?;

    // Distinct empty cells: years 2000–2019 (before the built-in figures,
    // and while all twelve provinces existed: after the 2025 merger half of
    // them are refused) × provinces × indicators × kinds.
    let mut cells = Vec::new();
    'outer: for year in 2000u16..2020 {
        for p in &cluster.provinces {
            for ind in &cluster.indicators {
                for kind in [Kind::Actual, Kind::Plan] {
                    let key = ValueKey::new(Period::year(year), &p.code, &ind.code, kind);
                    cells.push((key, ind.min.max(Decimal::ZERO).min(ind.max)));
                    if cells.len() == clients * writes {
                        break 'outer;
                    }
                }
            }
        }
    }
    let total = cells.len();
    let others = (clients - 1) * writes;
    let barrier = Arc::new(Barrier::new(clients + 1));
    let mut threads = Vec::new();
    for chunk in cells.chunks(writes) {
        let chunk = chunk.to_vec();
        let store = ClientStore::connect(&socket).context("connect")?;
        let pushed = store.subscribe().context("subscribe")?;
        let barrier = barrier.clone();
        threads.push(std::thread::spawn(move || -> anyhow::Result<_> {
            let watcher = std::thread::spawn(move || {
                let mut n = 0;
                while n < others {
                    match pushed.recv_timeout(Duration::from_secs(60)) {
                        Ok(e) if matches!(e.change, Change::Value { .. }) => n += 1,
                        Ok(_) => {}
                        Err(_) => break,
                    }
                }
                (n, Instant::now())
            });
            barrier.wait();
            let mut latencies = Vec::with_capacity(chunk.len());
            for (key, value) in chunk {
                let t = Instant::now();
                store.write(Edit::new(
                    key,
                    Some(thidua::model::Figure::plain(value)),
                    Expect::Value(None),
                ))?;
                latencies.push(t.elapsed());
            }
            let done = Instant::now();
            let (seen, seen_at) = watcher.join().map_err(|_| anyhow::anyhow!("watcher"))?;
            Ok((latencies, done, seen, seen_at, store))
        }));
    }
    barrier.wait();
    let start = Instant::now();
    let mut latencies = Vec::new();
    let mut last_ack = start;
    let mut last_seen = start;
    let mut stores = Vec::new();
    for t in threads {
        let (lat, done, seen, seen_at, store) =
            t.join().map_err(|_| anyhow::anyhow!("client thread"))??;
        if seen != others {
            bail!("a client saw {seen} of {others} updates");
        }
        latencies.extend(lat);
        last_ack = last_ack.max(done);
        last_seen = last_seen.max(seen_at);
        stores.push(store);
    }
    latencies.sort();
    let elapsed = last_ack - start;
    let counted_live = stores[0]
        .values(None)?
        .iter()
        .filter(|v| v.key.period.year < 2020)
        .count();
    let hwm = vm_hwm_kib(server.id());
    drop(stores);
    // SAFETY: plain kill(2) on our own child.
    unsafe { libc::kill(server.id() as i32, libc::SIGTERM) };
    let status = server.wait()?;
    let reopened = SledStore::open(&db)?;
    let counted_disk = reopened
        .values(None)?
        .iter()
        .filter(|v| v.key.period.year < 2020)
        .count();

    println!("thidua serve benchmark: {clients} clients × {writes} writes = {total} values");
    println!(
        "  throughput:        {:.0} writes/s ({:.2} s until the last ack)",
        total as f64 / elapsed.as_secs_f64(),
        elapsed.as_secs_f64()
    );
    println!(
        "  ack latency:       p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms",
        percentile(&latencies, 0.50).as_secs_f64() * 1e3,
        percentile(&latencies, 0.99).as_secs_f64() * 1e3,
        latencies.last().copied().unwrap_or_default().as_secs_f64() * 1e3
    );
    println!(
        "  all clients saw every other client's {others} updates after {:.2} s",
        (last_seen - start).as_secs_f64()
    );
    match hwm {
        Some(kib) => println!(
            "  server peak RSS:   {:.1} MiB (VmHWM)",
            kib as f64 / 1024.0
        ),
        None => println!("  server peak RSS:   unavailable (/proc)"),
    }
    println!(
        "  values stored:     {counted_live} via the server, {counted_disk} after SIGTERM and reopening (expected {total}); server exit {status}"
    );
    if counted_live != total || counted_disk != total || !status.success() {
        bail!("not every value was stored");
    }
    Ok(())
}
