//! The Provinces screen's completeness from the store's index (issue #17,
//! budget "Provinces completeness ≤ 20 ms"):
//!
//!     cargo run --release --example bench_completeness [-- MONTHS]
//!
//! Builds a region of 34 units × 300 criteria with monthly actual figures
//! for the last MONTHS months up to 2025-12 (default 24: 245 k values) and
//! the years' plans, written in batches as imports write them; then, for
//! 2025-06 (whose same period last year, 2024-06, is full too):
//! - the three index reads the screen makes (`reported_criteria` of the
//!   period and of last year, `unit_counts`), in this process and through
//!   a server;
//! - what the screen does after a change through the server: the session
//!   fetches the period's status and completeness again (`Session::
//!   sync_period_status`), end to end;
//! - for comparison, what the screen did before: the expected criteria
//!   worked out from the loaded periods' figures in memory and each
//!   unit's count among them.
//!
//! The reads of the index do not grow with the database: run it with 120
//! months (1.3 M values) to see the same figures.
//!
//! Measured on the shared 2-core development VM (load 3.4–4.3), 24 months
//! (265 k values) / 120 months (1.33 M values): the three index reads
//! 0.66 / 0.69 ms in process, 0.81 / 0.89 ms through the server; status and
//! completeness fetched again after a pushed write, median 2.76 / 2.46 ms;
//! before, the same counts from the 30,600 figures in memory 14.8 / 13.0 ms.

#[path = "generated/mod.rs"]
mod generated;

use std::time::{Duration, Instant};

use rust_decimal::Decimal;
use thidua::model::{Figure, Figures, Kind, Period, ValueKey};
use thidua::server::{ClientStore, Config, serve};
use thidua::store::{Edit, Expect, SledStore, Store};
use thidua::tui::session::Session;

/// The median time of `f`, in ms, over enough calls to take about a second.
fn per_call_ms(mut f: impl FnMut()) -> f64 {
    f();
    let mut times = Vec::new();
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(1) || times.len() < 5 {
        let t = Instant::now();
        f();
        times.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    times.sort_by(f64::total_cmp);
    times[times.len() / 2]
}

/// The region's figures, month by month, in batches.
fn fill(store: &SledStore, months: u32) -> usize {
    let covenant = store.covenant().expect("covenant").covenant;
    let year = covenant.years.values().next().expect("a year");
    let mut n: u64 = 7;
    let mut figure = || {
        n = n
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        Some(Figure::plain(Decimal::new(
            ((n >> 33) % 10_000_000) as i64,
            2,
        )))
    };
    let mut written = 0;
    let first = 2026 * 12 - months;
    let mut years = std::collections::BTreeSet::new();
    for m in first..2026 * 12 {
        let (y, month) = (m / 12, m % 12 + 1);
        let period: Period = format!("{y}-{month:02}").parse().expect("period");
        years.insert(y);
        let mut edits = Vec::new();
        for u in &year.members {
            for c in &year.criteria {
                let key = ValueKey::new(period, &u.unit, &c.code, Kind::Actual);
                edits.push(Edit::new(key, figure(), Expect::Any));
            }
        }
        written += edits.len();
        store.write_batch(edits).expect("write a month");
    }
    for y in years {
        let period = Period::year(u16::try_from(y).expect("year"));
        let mut edits = Vec::new();
        for u in &year.members {
            for c in &year.criteria {
                let key = ValueKey::new(period, &u.unit, &c.code, Kind::Plan);
                edits.push(Edit::new(key, figure(), Expect::Any));
            }
        }
        written += edits.len();
        store.write_batch(edits).expect("write a year's plans");
    }
    written
}

fn main() {
    let months: u32 = std::env::args()
        .nth(1)
        .map(|a| a.parse().expect("MONTHS: a number"))
        .unwrap_or(24);
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("db");
    let covenant = generated::covenant(34, 300, 2016);
    // The OS user creates it, so administers it: the officers through the
    // server below are that user too.
    let user = thidua::store::user::os_user();
    let store = SledStore::create(&db, &user, covenant, Vec::new()).expect("create");
    let t = Instant::now();
    let values = fill(&store, months);
    println!(
        "region 34 × 300, {months} months: {values} values written in {:.1} s",
        t.elapsed().as_secs_f64()
    );
    let period: Period = "2025-06".parse().expect("period");
    let last = period.last_year().expect("last year");

    let here_ms = per_call_ms(|| {
        store.reported_criteria(period).expect("reported");
        store.reported_criteria(last).expect("reported");
        store.unit_counts(period).expect("counts");
    });
    println!("  in this process: the three index reads {here_ms:.2} ms");

    // Before: the figures of the shown periods in memory, then the
    // expected criteria and every unit's count among them.
    let mut loaded = Vec::new();
    for p in Session::shown_periods(period) {
        loaded.extend(store.values(Some(p)).expect("values"));
    }
    let figures = Figures::new(loaded);
    let cluster = store.cluster_for(period).expect("cluster");
    let memory_ms = per_call_ms(|| {
        let expected = figures.expected_indicators(&cluster, period);
        for u in &cluster.provinces {
            std::hint::black_box(figures.completeness_among(&expected, period, &u.code));
        }
    });
    println!(
        "  before, from {} figures in memory: {memory_ms:.2} ms",
        figures.len()
    );

    let socket = serve::default_socket(&db);
    let mut config = Config::new(&socket);
    config.log = false;
    let server = serve::start(store, config).expect("server");
    let client = ClientStore::connect(&socket).expect("connect");
    let server_ms = per_call_ms(|| {
        client.reported_criteria(period).expect("reported");
        client.reported_criteria(last).expect("reported");
        client.unit_counts(period).expect("counts");
    });
    println!("  through the server: the three index reads {server_ms:.2} ms");
    drop(client);

    let client = ClientStore::connect(&socket).expect("connect");
    let mut session = Session::new(Box::new(client), Some(period)).expect("session");
    let other = ClientStore::connect(&socket).expect("other officer");
    let cell = ValueKey::new(period, "P01", "I001", Kind::Actual);
    let mut times = Vec::new();
    for i in 0..200u32 {
        // Another officer's write, pushed; the screen fetches again.
        let value = Figure::plain(Decimal::from(i % 2));
        let entry = other
            .write(Edit::new(cell.clone(), Some(value), Expect::Any))
            .expect("write")
            .expect("written");
        let t = Instant::now();
        session.remote(&entry);
        session.sync_period_status(true);
        times.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    times.sort_by(f64::total_cmp);
    let shown = session
        .completeness("P01")
        .map(|c| c.to_string())
        .unwrap_or_default();
    println!(
        "  through the server, after another officer's write: status and completeness \
         fetched again, median {:.2} ms, p90 {:.2} ms (P01 shows {shown})",
        times[times.len() / 2],
        times[times.len() * 9 / 10]
    );
    drop(session);
    drop(other);
    server.shutdown().expect("stop the server");
}
