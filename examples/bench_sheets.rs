//! The covenant score as the Score screen and the server use it, on the
//! built-in data (12 units, the 2021 scale): the score of 2021-H1 read
//! from a store (covenant, stored sheets, the engine: what the screen
//! rebuilds after each change), one self-score written durably in-process
//! (workflow, audit entry, fsync), and the same write and read through a
//! real server on a Unix socket.
//!
//! Run: `cargo run --release --example bench_sheets`

use std::time::{Duration, Instant};

use rust_decimal::Decimal;
use thidua::io::covenant_score::CovenantScore;
use thidua::model::scoring::{Change, SheetEntries};
use thidua::model::{Figures, Period};
use thidua::server::{ClientStore, Config, default_socket, serve};
use thidua::store::{SheetEdit, SledStore, Store};

fn median(mut times: Vec<Duration>) -> String {
    times.sort();
    format!("{:.2} ms", times[times.len() / 2].as_secs_f64() * 1000.0)
}

fn entries(store: &dyn Store, p: Period) -> SheetEntries {
    store
        .sheet_entries(p)
        .expect("sheets")
        .into_iter()
        .find(|(u, _)| u == "BL")
        .map(|(_, e)| e)
        .unwrap_or_default()
}

/// `n` self-scores of Bạc Liêu's budget revenue, alternating 10 and 11.
fn writes(store: &dyn Store, p: Period, n: usize) -> Vec<Duration> {
    (0..n)
        .map(|i| {
            let seen = entries(store, p);
            let change = Change::SelfPoints {
                criterion: "BUDGET_REV".into(),
                points: Some(Decimal::from(10 + (i % 2) as i64)),
                note: None,
            };
            let t = Instant::now();
            store
                .change_sheet(SheetEdit::over(p, "BL", &seen, change))
                .expect("written");
            t.elapsed()
        })
        .collect()
}

fn reads(store: &dyn Store, figures: &Figures, p: Period, n: usize) -> Vec<Duration> {
    let cluster = store.cluster_for(p).expect("cluster");
    (0..n)
        .map(|_| {
            let t = Instant::now();
            let score = CovenantScore::read(store, &cluster, figures, p).expect("read");
            assert!(score.is_some_and(|s| s.ranking.rows.len() == 12));
            t.elapsed()
        })
        .collect()
}

fn main() -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("db");
    let p: Period = "2021-H1".parse()?;
    let store = SledStore::open(&db)?;
    let figures = Figures::new(store.values(None)?);
    println!(
        "score of {p} read in-process (covenant, sheets, engine): {}",
        median(reads(&store, &figures, p, 21))
    );
    println!(
        "one self-score written in-process (workflow, audit, fsync): {}",
        median(writes(&store, p, 21))
    );
    let socket = default_socket(&db);
    let mut config = Config::new(&socket);
    config.log = false;
    let server = serve::start(store, config)?;
    let client = ClientStore::connect(&socket)?;
    println!(
        "score of {p} read through the server: {}",
        median(reads(&client, &figures, p, 21))
    );
    println!(
        "one self-score written through the server: {}",
        median(writes(&client, p, 21))
    );
    drop(client);
    server.shutdown()?;
    Ok(())
}
