//! The Provinces screen's completeness (`9/59`) from the store's index
//! (#17): the same counts as counting the figures, in every period and with
//! a figure of a criterion the covenant no longer has; kept right after this
//! officer's writes and others' without reading a value; and changed on a
//! watching screen by another officer's write through a real server.

mod tui_common;

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use rust_decimal::Decimal;
use thidua::model::{Figure, Figures, Kind, Period, ValueKey};
use thidua::server::{ClientStore, Config, serve};
use thidua::store::{Edit, Expect, Flush, SledStore, Store, keys};
use thidua::tui::session::Session;
use thidua::tui::{Action, App, TuiOptions};
use tui_common::{screen, shared_app};

const WAIT: Duration = Duration::from_secs(10);

fn h1() -> Period {
    "2021-H1".parse().expect("period")
}

/// Every member's completeness in `period` as a session that loaded no
/// figure shows it, as counting all the store's figures in memory gives it,
/// and how many values the session read for it.
fn shown_and_counted(store: &Arc<SledStore>, period: Period) -> (Vec<String>, Vec<String>, u64) {
    let mut session =
        Session::new(Box::new(tui_common::Fixed(store.clone())), Some(period)).expect("session");
    let read = store.values_read();
    session.sync_period_status(true);
    let read = store.values_read() - read;
    assert!(session.figures.is_empty(), "no period was loaded");
    let figures = Figures::new(store.values(None).expect("values"));
    let mut shown = Vec::new();
    let mut counted = Vec::new();
    for p in &session.provinces {
        let c = session.completeness(&p.code).expect("known");
        shown.push(format!("{} {c}", p.code));
        let f = figures.province_completeness(&session.cluster, period, &p.code);
        counted.push(format!("{} {f}", p.code));
    }
    (shown, counted, read)
}

/// Change the database at `path` beneath the store (sled lets go of its
/// lock a moment after the store is dropped).
fn under_the_store(path: &Path, change: impl FnOnce(&sled::Db)) {
    let deadline = std::time::Instant::now() + WAIT;
    let db = loop {
        match sled::Config::new().path(path).open() {
            Ok(db) => break db,
            Err(e) if std::time::Instant::now() > deadline => panic!("open: {e}"),
            Err(_) => std::thread::sleep(Duration::from_millis(10)),
        }
    };
    change(&db);
    db.flush().expect("flush");
}

#[test]
fn the_index_gives_the_counts_of_the_figures_in_every_period() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Arc::new(tui_common::open(dir.path()));
    let mut periods = store.periods().expect("periods");
    // Periods without a figure: the covenant's scored criteria are expected.
    periods.extend(["2021-H2", "2022-H1", "2019-Q3"].map(|p| p.parse::<Period>().expect("p")));
    for period in periods {
        let (shown, counted, read) = shown_and_counted(&store, period);
        assert_eq!(shown, counted, "period {period}");
        assert_eq!(read, 0, "values read for the counts of {period}");
    }
    let (shown, _, _) = shown_and_counted(&store, h1());
    assert!(shown.iter().any(|s| s.ends_with("/59")), "{shown:?}");
}

#[test]
fn a_figure_of_a_criterion_the_covenant_no_longer_has_counts_for_nobody() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("db");
    let moved = {
        let store = tui_common::open(dir.path());
        store
            .values(Some(h1()))
            .expect("values")
            .into_iter()
            .find(|v| v.key.kind == Kind::Actual && v.key.province == "BT")
            .expect("a figure of Bến Tre")
            .key
    };
    // Under the store: Bến Tre's figure now stands under a code the
    // covenant does not know, the index moved with it (as a figure stored
    // before the covenant dropped its criterion).
    under_the_store(&path, |db| {
        let old = keys::value_key(&moved);
        let gone = ValueKey::new(h1(), "BT", "DA_BO", Kind::Actual);
        let bytes = db.remove(&old).expect("remove").expect("stored");
        db.insert(keys::value_key(&gone), bytes).expect("insert");
        let count = |code: &str| {
            db.get(keys::reported_key(h1(), code))
                .expect("get")
                .map(|b| thidua::store::codec::decode::<u32>(b"i", &b).expect("count"))
                .unwrap_or(0)
        };
        let was = count(&moved.indicator);
        let put = |code: &str, n: u32| match n {
            0 => drop(db.remove(keys::reported_key(h1(), code)).expect("remove")),
            n => drop(
                db.insert(
                    keys::reported_key(h1(), code),
                    thidua::store::codec::encode(&n).expect("encode"),
                )
                .expect("insert"),
            ),
        };
        put(&moved.indicator, was - 1);
        put("DA_BO", 1);
    });
    let store = Arc::new(tui_common::open(dir.path()));
    assert_eq!(
        store
            .reported_criteria(h1())
            .expect("reported")
            .iter()
            .find(|(c, _)| c == "DA_BO"),
        Some(&("DA_BO".to_string(), 1))
    );
    let (shown, counted, read) = shown_and_counted(&store, h1());
    assert_eq!(shown, counted);
    // Only then are figures looked up: that code's, of each unit with
    // figures in the period, one cell each.
    let units = store
        .unit_counts(h1())
        .expect("counts")
        .iter()
        .filter(|c| c.actuals > 0)
        .count();
    assert_eq!(read, units as u64);
}

/// A figure for `code` that the covenant accepts.
fn figure_for(cluster: &thidua::model::Cluster, code: &str) -> Figure {
    let ind = cluster.indicator(code).expect("criterion");
    Figure::plain(Decimal::ZERO.max(ind.min).min(ind.max))
}

/// A criterion Bến Tre has not reported though others have, and one that
/// nobody reported in 2021-H1 nor 2020-H1.
fn unreported(store: &dyn Store) -> (String, String) {
    let cluster = store.cluster_for(h1()).expect("cluster");
    let figures = Figures::new(store.values(None).expect("values"));
    let expected = figures.expected_indicators(&cluster, h1());
    let missing = expected
        .iter()
        .find(|i| figures.actual(h1(), "BT", &i.code).is_none())
        .expect("a criterion Bến Tre misses")
        .code
        .clone();
    let nobody = cluster
        .indicators
        .iter()
        .find(|i| !expected.iter().any(|e| e.code == i.code))
        .expect("a criterion nobody reported")
        .code
        .clone();
    (missing, nobody)
}

/// The completeness column of the Provinces screen: per row, its
/// province's code and the last word of the line, where it is a count
/// `n/m`.
fn column(app: &App) -> Vec<(String, String)> {
    screen(app, 80, 24)
        .iter()
        .filter_map(|l| {
            let words: Vec<&str> = l.trim_end_matches(['│', ' ']).split_whitespace().collect();
            let last = words.last()?;
            let (n, m) = last.split_once('/')?;
            let digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
            let code = words
                .iter()
                .find(|w| w.len() == 2 && w.chars().all(|c| c.is_ascii_uppercase()))?;
            (digits(n) && digits(m)).then(|| (code.to_string(), last.to_string()))
        })
        .collect()
}

fn row(app: &App, name: &str) -> String {
    screen(app, 80, 24)
        .into_iter()
        .find(|l| l.contains(name))
        .unwrap_or_else(|| panic!("no row {name}"))
}

#[test]
fn the_count_follows_others_writes_without_reading_a_value() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut app, sled) = shared_app(dir.path(), 80, 24);
    let (missing, nobody) = unreported(&*sled);
    let cluster = sled.cluster_for(h1()).expect("cluster");
    assert!(
        row(&app, "Bến Tre").trim_end().ends_with(" 3/59│"),
        "{}",
        row(&app, "Bến Tre")
    );
    let before = column(&app);
    assert_eq!(before.len(), 12, "{before:?}");
    let read = sled.values_read();
    let write = |code: &str| {
        let key = ValueKey::new(h1(), "BT", code, Kind::Actual);
        sled.write_as(
            "nguyenvana",
            Edit::new(key, Some(figure_for(&cluster, code)), Expect::Value(None)),
            Flush::Now,
        )
        .expect("write")
        .expect("written")
    };
    app.update(Action::Remote(write(&missing)));
    assert!(
        row(&app, "Bến Tre").trim_end().ends_with(" 4/59│"),
        "{}",
        row(&app, "Bến Tre")
    );
    // A criterion nobody had reported is now expected of every unit.
    app.update(Action::Remote(write(&nobody)));
    let after = column(&app);
    let expected: Vec<(String, String)> = before
        .iter()
        .map(|(code, count)| {
            let (done, _) = count.split_once('/').expect("n/m");
            match code.as_str() {
                "BT" => (code.clone(), "5/60".to_string()),
                _ => (code.clone(), format!("{done}/60")),
            }
        })
        .collect();
    assert_eq!(after, expected);
    assert_eq!(sled.values_read(), read, "no value was read for the counts");
}

#[test]
fn another_officers_write_through_a_server_changes_the_watching_provinces_screen() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("db");
    let socket = serve::default_socket(&db);
    let mut config = Config::new(&socket);
    config.log = false;
    let server = serve::start(SledStore::open(&db).expect("open"), config).expect("server");
    let other = ClientStore::connect(&socket).expect("other officer");
    let watcher = ClientStore::connect(&socket).expect("watching officer");
    let pushed = watcher.subscribe().expect("subscribe");
    let options = TuiOptions {
        color: true,
        ..TuiOptions::default()
    };
    let mut app = thidua::tui::app(Box::new(watcher), &options).expect("app");
    app.update(Action::Resize(80, 24));
    let (missing, _) = unreported(&other);
    let cluster = other.cluster_for(h1()).expect("cluster");
    assert!(
        row(&app, "Bến Tre").trim_end().ends_with(" 3/59│"),
        "{}",
        row(&app, "Bến Tre")
    );
    other
        .write(Edit::new(
            ValueKey::new(h1(), "BT", &missing, Kind::Actual),
            Some(figure_for(&cluster, &missing)),
            Expect::Value(None),
        ))
        .expect("write")
        .expect("written");
    // What the run loop hands the app when the server pushes, no key.
    let entry = pushed.recv_timeout(WAIT).expect("the write is pushed");
    app.update(Action::Remote(entry));
    assert!(
        row(&app, "Bến Tre").trim_end().ends_with(" 4/59│"),
        "{}",
        row(&app, "Bến Tre")
    );
    drop(app);
    drop(other);
    server.shutdown().expect("shutdown");
}
