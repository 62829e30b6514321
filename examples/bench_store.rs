//! Store benchmark: `cargo run --release --example bench_store`.
//!
//! Prints: time to create a database with the built-in data; latency of one
//! edit on disk (sled's flush and the real fdatasync/fsync; median and p99
//! over 1,000 edits) and of a group of 30 writes made durable at once, as
//! the server commits them; import and export time for a generated cluster
//! of 34 provinces × 100 indicators × 20 periods; backup, restore and check
//! of that database; its size on disk and the backup's.
//!
//! The syscalls of each edit, to see every one synced:
//! `cargo build --release --example bench_store && strace -f -c -e
//! trace=fsync,fdatasync,sync_file_range,pwrite64
//! target/release/examples/bench_store edits 1000 /tmp/thidua-strace`
//! (a fresh directory: 1,000 edits, nothing else).
//!
//! Measured on the shared 2-core development VM (load 5–6), 1,000 edits:
//! one edit on disk p50 0,19 ms, p99 0,36–0,43 ms (0,10–0,12 / 0,21 ms
//! before the real sync, same session); 1,002 `fdatasync` for 1,000
//! edits under strace. This VM's disk answers a sync in about 20 µs; a
//! disk with a volatile write cache adds its cache flush to every edit.

use std::path::Path;
use std::time::{Duration, Instant};

use rust_decimal::Decimal;
use thidua::io::export;
use thidua::model::{Cluster, Figure, Kind, Period, ValueKey};
use thidua::store::{Edit, Expect, Flush, SledStore, Store};

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn percentile(mut v: Vec<Duration>, p: f64) -> Duration {
    v.sort();
    let i = ((v.len() as f64 - 1.0) * p).round() as usize;
    v[i]
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

fn dir_size(path: &Path) -> u64 {
    let mut total = 0;
    if let Ok(entries) = std::fs::read_dir(path) {
        for e in entries.flatten() {
            let Ok(meta) = e.metadata() else { continue };
            total += if meta.is_dir() {
                dir_size(&e.path())
            } else {
                meta.len()
            };
        }
    }
    total
}

#[path = "generated/mod.rs"]
mod generated;

/// 34 provinces × 100 criteria, one covenant year (2016, the first with
/// figures: it applies to every later year).
fn generated_cluster() -> (thidua::model::covenant::Covenant, Cluster) {
    let covenant = generated::covenant(34, 100, 2016);
    let cluster = covenant
        .cluster_for(Period::year(2016))
        .expect("a covenant year");
    (covenant, cluster)
}

fn generated_csv(cluster: &Cluster) -> String {
    let mut out = format!("{}{}", export::BOM, export::CSV_HEADER);
    out.push('\n');
    let periods: Vec<Period> = (2016..2026)
        .flat_map(|y| [format!("{y}-H1"), format!("{y}-H2")])
        .map(|s| s.parse().expect("period"))
        .collect();
    let mut n: u64 = 7;
    for p in &cluster.provinces {
        for i in &cluster.indicators {
            for period in &periods {
                n = n
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                let v = Decimal::new(((n >> 33) % 100_000_000) as i64, 2);
                out.push_str(&format!(
                    "{},{},{},actual,{},,\n",
                    p.code,
                    i.code,
                    period,
                    export::plain(v)
                ));
            }
        }
    }
    out
}

/// Run this program again in `import`/`export` mode.
fn cli_child(args: &[&str]) -> anyhow::Result<std::process::ExitStatus> {
    Ok(std::process::Command::new(std::env::current_exe()?)
        .args(args)
        .status()?)
}

/// Child mode: what `thidua --db DB import FILE` / `thidua --db DB export > FILE` do.
fn child(mode: &str, file: &str, db: &str) -> std::process::ExitCode {
    use thidua::cli::{Command, ExportFormat, Options};
    let command = match mode {
        "import" => Command::Import {
            file: file.into(),
            sheet: Default::default(),
        },
        _ => Command::Export {
            period: None,
            format: ExportFormat::Csv,
            out: None,
        },
    };
    let options = Options {
        db: Some(db.into()),
        socket: None,
        command,
    };
    if mode == "export" {
        // Send the child's stdout to the file, as a shell redirect would.
        use std::os::fd::AsRawFd;
        let Ok(out) = std::fs::File::create(file) else {
            return std::process::ExitCode::FAILURE;
        };
        // SAFETY: dup2 onto stdout of this single-threaded child.
        unsafe { libc::dup2(out.as_raw_fd(), 1) };
    }
    thidua::cli::run(options)
}

/// Server mode: the import and export children start their database's
/// server with this program (`current_exe`), as `thidua` starts itself:
/// `--db DB serve [--idle-exit D] [--empty]`. Without this branch the
/// server child ran the whole benchmark again, which started more
/// servers — a fork bomb.
fn serve_child(args: &[String]) -> Option<std::process::ExitCode> {
    use thidua::cli::{Command, Options};
    let [_, flag, db, sub, rest @ ..] = args else {
        return None;
    };
    if flag != "--db" || sub != "serve" {
        return None;
    }
    let mut idle_exit = None;
    let mut empty = false;
    let mut it = rest.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--idle-exit" => {
                let d = it.next()?;
                idle_exit = Some(thidua::server::duration::parse(d).ok()?);
            }
            "--empty" => empty = true,
            _ => return Some(std::process::ExitCode::from(2)),
        }
    }
    Some(thidua::cli::run(Options {
        db: Some(db.into()),
        socket: None,
        command: Command::Serve { idle_exit, empty },
    }))
}

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    if let Some(code) = serve_child(&args) {
        return if code == std::process::ExitCode::SUCCESS {
            Ok(())
        } else {
            std::process::exit(1)
        };
    }
    // Anything else with arguments is not the benchmark: never run it
    // (and start servers) from a child by mistake.
    if args.len() > 1 && !matches!(args.len(), 4) {
        anyhow::bail!("bench_store: unknown arguments {:?}", &args[1..]);
    }
    if let [_, mode, n, db] = args.as_slice()
        && mode == "edits"
    {
        return edits_only(n.parse()?, Path::new(db));
    }
    if let [_, mode, file, db] = args.as_slice() {
        std::process::exit(
            if child(mode, file, db) == std::process::ExitCode::SUCCESS {
                0
            } else {
                1
            },
        );
    }
    let root = tempfile::Builder::new()
        .prefix("bench")
        .tempdir_in("/tmp")?;

    let mut creates = Vec::new();
    for i in 0..5 {
        let path = root.path().join(format!("builtin{i}"));
        let t = Instant::now();
        let store = SledStore::open(&path)?;
        creates.push(t.elapsed());
        drop(store);
    }
    println!(
        "create database with built-in data: median {} (5 runs)",
        ms(median(creates))
    );

    let store = SledStore::open(&root.path().join("builtin0"))?;
    let key = ValueKey::new("2021-H1".parse()?, "DT", "EXPORT", Kind::Actual);
    let mut latencies = Vec::with_capacity(1000);
    for i in 0..1000 {
        let edit = Edit::new(
            key.clone(),
            Some(Figure::plain(Decimal::new(60_000 + i, 2))),
            Expect::Any,
        );
        let t = Instant::now();
        store.write(edit)?;
        latencies.push(t.elapsed());
    }
    println!(
        "one edit on disk (flush + fdatasync): median {}, p99 {} (1,000 edits)",
        ms(median(latencies.clone())),
        ms(percentile(latencies, 0.99))
    );
    // The server's group commit: 30 writes applied, one durable flush.
    let cluster = store.cluster()?;
    let keys: Vec<ValueKey> = store
        .values(Some("2021-H1".parse()?))?
        .into_iter()
        .map(|v| v.key)
        .filter(|k| {
            cluster
                .indicator(&k.indicator)
                .is_some_and(|i| i.max >= Decimal::from(1_000_000))
        })
        .take(30)
        .collect();
    let mut groups = Vec::with_capacity(100);
    for g in 0..100 {
        let t = Instant::now();
        for (i, k) in keys.iter().enumerate() {
            let v = Decimal::from(1_000 + g * 30 + i as i64);
            store.write_as(
                "bench",
                Edit::new(k.clone(), Some(Figure::plain(v)), Expect::Any),
                Flush::Later,
            )?;
        }
        store.flush()?;
        groups.push(t.elapsed());
    }
    println!(
        "a group of {} writes made durable at once: median {}, p99 {} (100 groups)",
        keys.len(),
        ms(median(groups.clone())),
        ms(percentile(groups, 0.99))
    );
    drop(store);

    let (covenant, cluster) = generated_cluster();
    let csv = generated_csv(&cluster);
    let count = csv.lines().count() - 1;
    let path = root.path().join("big");
    // Created by the user the import and export run as: its admin.
    let me = thidua::store::user::os_user();
    drop(SledStore::create(&path, &me, covenant, Vec::new())?);
    let csv_path = root.path().join("big.csv");
    std::fs::write(&csv_path, &csv)?;
    // Import and export run as `thidua import` / `thidua export` do: each in
    // its own process (this program re-run in a mode that calls the CLI).
    let t = Instant::now();
    let status = cli_child(&[
        "import",
        &csv_path.display().to_string(),
        &path.display().to_string(),
    ])?;
    println!(
        "import {count} values (34 × 100 × 20): {} [{status}]",
        ms(t.elapsed())
    );
    let exported = root.path().join("export.csv");
    let t = Instant::now();
    let status = cli_child(&[
        "export",
        &exported.display().to_string(),
        &path.display().to_string(),
    ])?;
    println!("export {count} values: {} [{status}]", ms(t.elapsed()));
    assert_eq!(
        std::fs::read_to_string(&exported)?,
        csv,
        "export differs from import"
    );
    println!(
        "database size on disk: {:.1} MiB",
        dir_size(&path) as f64 / (1024.0 * 1024.0)
    );

    // The import and export were clients of a server they started for the
    // database; stop it (it would hold the database until its idle exit).
    thidua::server::launch::stop(&path, Duration::from_secs(10));
    let store = loop {
        match SledStore::open_as(&path, "bench") {
            Err(thidua::store::StoreError::Locked { .. }) => {
                std::thread::sleep(Duration::from_millis(20))
            }
            other => break other?,
        }
    };
    let backup = root.path().join("big.bak");
    let t = Instant::now();
    let summary = thidua::store::backup::write_file(&backup, |w| store.backup_to(w))?;
    println!(
        "backup of {} records: {} ({:.1} MiB)",
        summary.records,
        ms(t.elapsed()),
        summary.bytes as f64 / (1024.0 * 1024.0)
    );
    let t = Instant::now();
    let report = store.check()?;
    println!(
        "check ({} values, {} audit entries): {}, {} problems",
        report.values,
        report.audit_entries,
        ms(t.elapsed()),
        report.problems.len()
    );
    drop(store);
    let t = Instant::now();
    let (restored, _) = SledStore::restore_from(
        std::fs::File::open(&backup)?,
        "big.bak",
        &root.path().join("restored"),
        "bench",
    )?;
    println!("restore of that backup: {}", ms(t.elapsed()));
    drop(restored);
    Ok(())
}

/// `edits N DIR`: N edits on a new database, for strace to count syscalls.
fn edits_only(n: i64, db: &Path) -> anyhow::Result<()> {
    let store = SledStore::open(db)?;
    let key = ValueKey::new("2021-H1".parse()?, "DT", "EXPORT", Kind::Actual);
    for i in 0..n {
        store.write(Edit::new(
            key.clone(),
            Some(Figure::plain(Decimal::new(60_000 + i, 2))),
            Expect::Any,
        ))?;
    }
    println!("{n} edits written");
    Ok(())
}
