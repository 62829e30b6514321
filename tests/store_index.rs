//! The index of periods, per-unit counts and reported criteria: maintained
//! with every write, batch and delete, kept across a reopen, built by the
//! migration of an older database, answered by the server — and never
//! reading a value.

mod store_common;

use std::path::{Path, PathBuf};

use proptest::prelude::*;
use store_common::{reopen, tamper};
use thidua::model::{Figure, Kind, Period, ValueKey};
use thidua::server::{ClientStore, Config, serve};
use thidua::store::{Edit, Expect, SledStore, Store, UnitCount, index};

const FIXTURE2: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/format2-db");

const PERIODS: [&str; 3] = ["2021-H1", "2021", "2022-03"];
/// The cluster's own figures count for no unit's reporting.
const UNITS: [&str; 4] = ["AG", "DT", "KG", "CLUSTER"];
const INDICATORS: [&str; 2] = ["GRDP_GROWTH", "EXPORT"];

/// Counts without the change time, which a scan cannot know.
fn bare(counts: Vec<UnitCount>) -> Vec<(String, u32, u32)> {
    counts
        .into_iter()
        .map(|c| (c.unit, c.actuals, c.others))
        .collect()
}

/// The index's answers equal a scan of the values, for every period.
fn assert_index_matches_scan(store: &dyn Store) {
    let all = store.values(None).expect("values");
    assert_eq!(store.periods().expect("periods"), index::periods_of(&all));
    for p in index::periods_of(&all)
        .into_iter()
        .chain(PERIODS.iter().map(|p| p.parse().expect("period")))
    {
        let scanned = index::counts_of(&store.values(Some(p)).expect("values of p"));
        assert_eq!(
            bare(store.unit_counts(p).expect("counts")),
            bare(scanned),
            "period {p}"
        );
        assert_eq!(
            store.reported_criteria(p).expect("reported"),
            reported_by_scan(&store.values(Some(p)).expect("values of p")),
            "criteria of period {p}"
        );
    }
}

/// Per criterion, the units other than the cluster with an actual figure,
/// counted here from the values (not with `index::reported_of`).
fn reported_by_scan(values: &[thidua::model::Value]) -> Vec<(String, u32)> {
    let mut out: std::collections::BTreeMap<String, u32> = Default::default();
    for v in values {
        if v.key.kind == Kind::Actual && v.key.province != thidua::model::CLUSTER {
            *out.entry(v.key.indicator.clone()).or_default() += 1;
        }
    }
    out.into_iter().collect()
}

#[derive(Debug, Clone)]
enum Step {
    Write(usize, usize, usize, bool, i64),
    Delete(usize, usize, usize, bool),
    Batch(Vec<(usize, usize, usize, bool, Option<i64>)>),
}

fn cell(p: usize, u: usize, i: usize, plan: bool) -> ValueKey {
    ValueKey::new(
        PERIODS[p].parse().expect("period"),
        UNITS[u],
        INDICATORS[i],
        if plan { Kind::Plan } else { Kind::Actual },
    )
}

fn set(k: ValueKey, v: Option<i64>) -> Edit {
    Edit::new(
        k,
        v.map(|v| Figure::plain(rust_decimal::Decimal::from(v))),
        Expect::Any,
    )
}

fn step() -> impl Strategy<Value = Step> {
    let c = (0..3usize, 0..4usize, 0..2usize, any::<bool>());
    prop_oneof![
        (c.clone(), 0..5i64).prop_map(|((p, u, i, k), v)| Step::Write(p, u, i, k, v)),
        c.clone().prop_map(|(p, u, i, k)| Step::Delete(p, u, i, k)),
        prop::collection::vec((c, prop::option::of(0..5i64)), 0..6).prop_map(|v| Step::Batch(
            v.into_iter()
                .map(|((p, u, i, k), x)| (p, u, i, k, x))
                .collect()
        )),
    ]
}

/// An empty database with the built-in covenant, under `root`.
fn fresh(root: &Path) -> (SledStore, PathBuf) {
    let path = root.join("db");
    let store = SledStore::open_as(&path, "u").expect("open");
    // Start from no figures at all, so every period comes and goes.
    let clear: Vec<Edit> = store
        .values(None)
        .expect("values")
        .into_iter()
        .map(|v| set(v.key, None))
        .collect();
    store.write_batch(clear).expect("clear");
    assert!(store.periods().expect("periods").is_empty());
    (store, path)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 16, ..ProptestConfig::default() })]

    #[test]
    fn the_index_equals_a_scan_after_any_writes_deletes_and_batches(
        steps in prop::collection::vec(step(), 1..25)
    ) {
        let root = tempfile::tempdir().expect("tempdir");
        let (store, path) = fresh(root.path());
        for s in steps {
            // Refusals (a figure out of range) change nothing, index included.
            let _ = match s {
                Step::Write(p, u, i, k, v) => store.write(set(cell(p, u, i, k), Some(v))).map(|_| ()),
                Step::Delete(p, u, i, k) => store.write(set(cell(p, u, i, k), None)).map(|_| ()),
                Step::Batch(cells) => store
                    .write_batch(
                        cells
                            .into_iter()
                            .map(|(p, u, i, k, v)| set(cell(p, u, i, k), v))
                            .collect(),
                    )
                    .map(|_| ()),
            };
            assert_index_matches_scan(&store);
        }
        drop(store);
        let store = reopen(&path, "u");
        assert_index_matches_scan(&store);
        assert!(store.check().expect("check").problems.is_empty());
    }
}

#[test]
fn a_period_whose_last_figure_goes_is_no_longer_listed_and_counts_fall() {
    let root = tempfile::tempdir().expect("tempdir");
    let (store, _) = fresh(root.path());
    let h1: Period = "2021-H1".parse().expect("p");
    store.write(set(cell(0, 0, 0, false), Some(3))).expect("w");
    store.write(set(cell(0, 0, 1, false), Some(4))).expect("w");
    store.write(set(cell(0, 1, 0, true), Some(4))).expect("w");
    assert_eq!(store.periods().expect("periods"), vec![h1]);
    let counts = store.unit_counts(h1).expect("counts");
    assert_eq!(
        bare(counts.clone()),
        vec![("AG".into(), 2, 0), ("DT".into(), 0, 1)]
    );
    assert!(counts.iter().all(|c| c.changed_ms.is_some()));
    store
        .write(set(cell(0, 0, 1, false), None))
        .expect("delete");
    assert_eq!(
        bare(store.unit_counts(h1).expect("counts")),
        vec![("AG".into(), 1, 0), ("DT".into(), 0, 1)]
    );
    store
        .write_batch(vec![
            set(cell(0, 0, 0, false), None),
            set(cell(0, 1, 0, true), None),
        ])
        .expect("delete the rest");
    assert!(store.periods().expect("periods").is_empty());
    assert!(store.unit_counts(h1).expect("counts").is_empty());
}

#[test]
fn the_period_list_and_counts_read_no_values() {
    let root = tempfile::tempdir().expect("tempdir");
    let store = SledStore::open_as(&root.path().join("db"), "u").expect("open");
    let before = store.values_read();
    let periods = store.periods().expect("periods");
    assert!(!periods.is_empty(), "the built-in data holds figures");
    for p in &periods {
        assert!(!store.unit_counts(*p).expect("counts").is_empty());
        store.reported_criteria(*p).expect("reported");
    }
    let h1: Period = "2021-H1".parse().expect("p");
    assert!(
        !store.reported_criteria(h1).expect("reported").is_empty(),
        "the built-in 2021-H1 holds the provinces' actual figures"
    );
    assert_eq!(store.values_read(), before, "no value was read");
    // The counter counts: a scan of one period moves it.
    let n = store.values(Some(periods[0])).expect("values").len() as u64;
    assert_eq!(store.values_read(), before + n);
    assert_index_matches_scan(&store);
}

#[test]
fn the_migration_of_a_format_2_database_builds_the_index() {
    let root = tempfile::tempdir().expect("tempdir");
    let path = root.path().join("db2");
    std::fs::create_dir(&path).expect("mkdir");
    for name in ["db", "conf"] {
        std::fs::copy(Path::new(FIXTURE2).join(name), path.join(name)).expect("copy");
    }
    let store = SledStore::open_as(&path, "thu_ky").expect("open");
    let migrated = store.migration().expect("migrated").clone();
    assert_eq!(migrated.to, 5);
    assert!(!store.periods().expect("periods").is_empty());
    assert_index_matches_scan(&store);
    // Units with audited figures know when they last changed.
    let p = store.periods().expect("periods")[0];
    assert!(
        store
            .unit_counts(p)
            .expect("counts")
            .iter()
            .any(|c| c.changed_ms.is_some())
    );
    assert!(
        store.check().expect("check").problems.is_empty(),
        "{:?}",
        store.check().expect("check").problems
    );
    drop(store);
    let store = reopen(&path, "thu_ky");
    assert!(store.migration().is_none());
    assert_index_matches_scan(&store);
}

#[test]
fn the_server_answers_from_the_index() {
    let root = tempfile::tempdir().expect("tempdir");
    let db = root.path().join("db");
    let store = SledStore::open(&db).expect("open");
    let socket = serve::default_socket(&db);
    let mut config = Config::new(&socket);
    config.log = false;
    let handle = serve::start(store, config).expect("start server");
    let client = ClientStore::connect(&socket).expect("connect");
    assert_index_matches_scan(&client);
    let h1: Period = "2021-H1".parse().expect("p");
    let before = bare(client.unit_counts(h1).expect("counts"));
    client
        .write(set(cell(0, 0, 0, false), Some(1)))
        .expect("write");
    assert_index_matches_scan(&client);
    // A period that is no period is refused by the server's shape check.
    let bad = Period {
        year: 2021,
        span: thidua::model::Span::Month(13),
    };
    assert!(client.unit_counts(bad).is_err());
    assert_eq!(
        bare(client.unit_counts(h1).expect("counts")).len(),
        before.len()
    );
    drop(client);
    handle.shutdown().expect("stop the server");
}

#[test]
fn a_criterion_counts_the_units_that_reported_it_not_the_cluster_nor_plans() {
    let root = tempfile::tempdir().expect("tempdir");
    let (store, _) = fresh(root.path());
    let h1: Period = "2021-H1".parse().expect("p");
    // AG and DT report GRDP_GROWTH; the cluster's own figure and a plan
    // count for nobody.
    store
        .write_batch(vec![
            set(cell(0, 0, 0, false), Some(3)),
            set(cell(0, 1, 0, false), Some(2)),
            set(cell(0, 3, 0, false), Some(2)),
            set(cell(0, 3, 1, false), Some(4)),
            set(cell(0, 2, 1, true), Some(4)),
        ])
        .expect("write");
    assert_eq!(
        store.reported_criteria(h1).expect("reported"),
        vec![("GRDP_GROWTH".to_string(), 2)]
    );
    store
        .write(set(cell(0, 0, 0, false), None))
        .expect("delete");
    store
        .write(set(cell(0, 1, 0, false), Some(1)))
        .expect("change");
    assert_eq!(
        store.reported_criteria(h1).expect("reported"),
        vec![("GRDP_GROWTH".to_string(), 1)]
    );
    store
        .write(set(cell(0, 1, 0, false), None))
        .expect("delete");
    assert!(store.reported_criteria(h1).expect("reported").is_empty());
    assert!(store.check().expect("check").problems.is_empty());
}

/// Turn the format-5 database at `path` into the format-4 database it
/// would have been: no reported-criteria records, version byte 4, marker 4.
fn as_format_4(path: &Path) {
    use thidua::store::{keys, migrate};
    tamper(path, |db| {
        let mut batch = sled::Batch::default();
        for item in db.iter() {
            let (k, v) = item.expect("read");
            if k.first() == Some(&keys::REPORTED) {
                batch.remove(k);
            } else {
                let mut v = v.to_vec();
                assert_eq!(v[0], 5, "{}", keys::describe(&k));
                v[0] = 4;
                batch.insert(k, v);
            }
        }
        let mut marker = migrate::marker(4).expect("marker");
        marker[0] = 4;
        batch.insert(keys::FORMAT_META, marker);
        db.apply_batch(batch).expect("apply");
    });
}

#[test]
fn a_format_4_database_gets_the_reported_criteria_on_opening() {
    let root = tempfile::tempdir().expect("tempdir");
    let path = root.path().join("db4");
    let store = SledStore::open_as(&path, "u").expect("create");
    // A figure of the cluster itself and one of a unit in another period.
    store
        .write(set(cell(2, 3, 0, false), Some(2)))
        .expect("cluster");
    store
        .write(set(cell(1, 1, 1, false), Some(4)))
        .expect("unit");
    let h1: Period = "2021-H1".parse().expect("p");
    let before = store.reported_criteria(h1).expect("reported");
    assert!(!before.is_empty());
    drop(store);
    as_format_4(&path);
    {
        let db = store_common::retry(|| sled::Config::new().path(&path).open());
        let reported = db.scan_prefix([thidua::store::keys::REPORTED]).count();
        assert_eq!(reported, 0, "format 4 has no reported criteria");
    }
    let store = reopen(&path, "u");
    let migrated = store.migration().expect("migrated").clone();
    assert_eq!((migrated.from, migrated.to), (4, 5));
    assert!(
        migrated.backup.exists(),
        "the format-4 database was saved first"
    );
    assert!(migrated.problems.is_empty(), "{:?}", migrated.problems);
    assert_eq!(store.reported_criteria(h1).expect("reported"), before);
    assert_index_matches_scan(&store);
    assert!(
        store.check().expect("check").problems.is_empty(),
        "{:?}",
        store.check().expect("check").problems
    );
}

#[test]
fn check_names_a_reported_criterion_that_differs_from_the_values() {
    let root = tempfile::tempdir().expect("tempdir");
    let path = root.path().join("db");
    drop(SledStore::open_as(&path, "u").expect("create"));
    let h1: Period = "2021-H1".parse().expect("p");
    let key = thidua::store::keys::reported_key(h1, "EXPORT");
    tamper(&path, |db| {
        db.insert(
            key.clone(),
            thidua::store::codec::encode(&99u32).expect("encode"),
        )
        .expect("insert");
    });
    let store = reopen(&path, "u");
    let problems = store.check().expect("check").problems;
    let named: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
    assert!(
        named
            .iter()
            .any(|p| p.contains("chỉ tiêu EXPORT kỳ 2021-H1") && p.contains("ghi 99 đơn vị")),
        "{named:?}"
    );
}
