//! What an opening does with imports cut short at each point of the
//! commit: before the marker (discarded), after it and after some of the
//! batches (finished), and a move an older build began (finished).

use super::*;
use crate::model::{Figure, Kind, ValueKey};
use crate::store::Store;
use rust_decimal::Decimal;

fn reopen(path: &std::path::Path) -> SledStore {
    // sled lets go of its lock just after the previous owner is dropped.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        match SledStore::open_as(path, "u") {
            Ok(s) => return s,
            Err(e) if std::time::Instant::now() > deadline => panic!("reopen: {e}"),
            Err(_) => std::thread::sleep(std::time::Duration::from_millis(10)),
        }
    }
}

/// Cells of the built-in data: every (unit, criterion) of 2021-H1 actuals.
fn cells(store: &SledStore, n: usize) -> Vec<ValueKey> {
    let period: Period = "2021-H1".parse().expect("p");
    let cluster = store.cluster_for(period).expect("cluster");
    let mut out = Vec::new();
    for p in &cluster.provinces {
        for i in &cluster.indicators {
            if out.len() < n {
                out.push(ValueKey::new(period, &p.code, &i.code, Kind::Actual));
            }
        }
    }
    assert_eq!(out.len(), n, "enough cells");
    out
}

/// A value each cell accepts (within every criterion's range).
fn edits(keys: &[ValueKey], v: i64) -> Vec<Edit> {
    keys.iter()
        .map(|k| {
            Edit::new(
                k.clone(),
                Some(Figure::plain(Decimal::from(v))),
                Expect::Any,
            )
        })
        .collect()
}

fn figures(store: &SledStore) -> Vec<crate::model::Value> {
    store.values(None).expect("values")
}

fn staged_files(dir: &std::path::Path) -> usize {
    std::fs::read_dir(dir.join(rows::DIR)).map_or(0, |d| d.count())
}

/// `n` rows staged and the file synced, as a commit leaves it just before
/// its marker: the import's file name.
fn staged(store: &SledStore, keys: &[ValueKey]) -> String {
    let id = store.import_begin("lan", Keep::default()).expect("begin");
    for chunk in keys.chunks(7) {
        store
            .import_stage(id, "lan", edits(chunk, 1))
            .expect("stage");
    }
    let begun = store.owned(id, "lan").expect("begun");
    lock(&begun.staged).writer.sync().expect("sync");
    begun.file
}

#[test]
fn rows_staged_and_never_committed_are_gone_on_opening() {
    let dir = tempfile::tempdir().expect("tempdir");
    let before;
    {
        let store = SledStore::open_as(dir.path(), "u").expect("open");
        before = figures(&store);
        let keys = cells(&store, 30);
        staged(&store, &keys);
        assert_eq!(staged_files(dir.path()), 1);
        // Killed here: nothing but the file was written.
    }
    let store = reopen(dir.path());
    assert_eq!(figures(&store), before, "the database as before");
    assert_eq!(staged_files(dir.path()), 0, "the file is gone");
}

#[test]
fn a_commit_cut_short_after_its_marker_is_finished_on_opening() {
    let dir = tempfile::tempdir().expect("tempdir");
    let keys;
    {
        let store = SledStore::open_as(dir.path(), "u").expect("open");
        keys = cells(&store, 30);
        let file = staged(&store, &keys);
        let marker = Marker {
            file,
            user: "lan".into(),
            offset: 0,
        };
        let o = store.db().expect("db");
        o.db.insert(MARKER, codec::encode(&marker).expect("marker"))
            .expect("marker");
        store.sync(&o).expect("sync");
        // Killed here: the marker written, nothing moved.
    }
    let store = reopen(dir.path());
    for k in &keys {
        assert_eq!(
            store.get(k).expect("get").map(|f| f.value),
            Some(Decimal::from(1)),
            "{k}"
        );
        assert_eq!(
            store.history(k).expect("history").pop().map(|e| e.user),
            Some("lan".into())
        );
    }
    assert_eq!(staged_files(dir.path()), 0, "the file is gone");
    let o = store.db().expect("db");
    assert!(
        o.db.get(MARKER).expect("get").is_none(),
        "the marker is gone"
    );
}

#[test]
fn a_move_cut_short_between_two_batches_is_finished_from_its_offset() {
    let dir = tempfile::tempdir().expect("tempdir");
    let keys;
    let entries: Vec<usize>;
    {
        let store = SledStore::open_as(dir.path(), "u").expect("open");
        keys = cells(&store, 30);
        entries = keys
            .iter()
            .map(|k| store.history(k).expect("history").len())
            .collect();
        let file = staged(&store, &keys);
        // The first 12 rows moved with the marker's offset past them, as
        // one batch of the move does.
        let path = rows::path(&store.path, &file);
        let mut reader = rows::Reader::open(&path, 0).expect("reader");
        let mut first = Vec::new();
        for _ in 0..12 {
            let e = reader.next_edit().expect("read").expect("a row");
            first.push(store.to_move(&store.db().expect("db"), e).expect("to move"));
        }
        let marker = Marker {
            file,
            user: "lan".into(),
            offset: reader.offset(),
        };
        let o = store.db().expect("db");
        let extra = vec![(MARKER.to_vec(), codec::encode(&marker).expect("marker"))];
        store
            .commit_locked(&o, "lan", first, extra, Flush::Now)
            .expect("first batch");
        // Killed here.
    }
    let store = reopen(dir.path());
    for (k, before) in keys.iter().zip(entries) {
        assert_eq!(
            store.get(k).expect("get").map(|f| f.value),
            Some(Decimal::from(1)),
            "{k}"
        );
        // Each cell written once: no row moved twice.
        assert_eq!(store.history(k).expect("history").len(), before + 1, "{k}");
    }
    assert_eq!(staged_files(dir.path()), 0);
}

#[test]
fn a_commit_reads_the_rows_again_only_when_something_was_written_meanwhile() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = SledStore::open_as(dir.path(), "u").expect("open");
    let keys = cells(&store, 30);
    // Nothing written meanwhile: committed without a second look.
    let id = store.import_begin("lan", Keep::default()).expect("begin");
    store
        .import_stage(id, "lan", edits(&keys, 2))
        .expect("stage");
    let done = store.import_commit(id, "lan", 100).expect("commit");
    assert_eq!(done.outcome.added + done.outcome.changed, 30);
    // Another officer writes a staged cell before the commit: refused,
    // naming the cell, and nothing of the import is written.
    let id = store.import_begin("lan", Keep::default()).expect("begin");
    store
        .import_stage(id, "lan", edits(&keys, 3))
        .expect("stage");
    store
        .write_as("minh", edits(&keys[5..6], 9).remove(0), Flush::Now)
        .expect("write");
    match store.import_commit(id, "lan", 100) {
        Err(StoreError::Conflict { key, by, .. }) => {
            assert_eq!(key.as_deref(), Some(&keys[5]));
            assert_eq!(by, "minh");
        }
        other => panic!("expected a conflict, got {other:?}"),
    }
    assert_eq!(
        store.get(&keys[0]).expect("get").map(|f| f.value),
        Some(Decimal::from(2))
    );
    assert_eq!(
        store.get(&keys[5]).expect("get").map(|f| f.value),
        Some(Decimal::from(9))
    );
    assert_eq!(
        staged_files(dir.path()),
        0,
        "the refused import's file is gone"
    );
}

#[test]
fn a_cell_sent_twice_by_hand_keeps_its_audit_chain_whole() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = SledStore::open_as(dir.path(), "u").expect("open");
    let keys = cells(&store, 1);
    let id = store.import_begin("lan", Keep::default()).expect("begin");
    store
        .import_stage(id, "lan", edits(&keys, 4))
        .expect("stage");
    store
        .import_stage(id, "lan", edits(&keys, 5))
        .expect("stage");
    store.import_commit(id, "lan", 100).expect("commit");
    assert_eq!(
        store.get(&keys[0]).expect("get").map(|f| f.value),
        Some(Decimal::from(5))
    );
    let report = store.check().expect("check");
    assert!(report.problems.is_empty(), "{:?}", report.problems);
}

/// A move cut short by a crash, its rows staged by a build whose
/// expectation held only the value: the next opening finishes it.
#[test]
fn a_move_cut_short_by_an_older_build_is_finished_after_an_upgrade() {
    let dir = tempfile::tempdir().expect("tempdir");
    let key = ValueKey::new(
        "2021-H1".parse().expect("p"),
        "AG",
        "GRDP_GROWTH",
        Kind::Actual,
    );
    {
        let store = SledStore::open_as(dir.path(), "u").expect("open");
        let o = store.db().expect("db");
        let tree = o.db.open_tree(legacy::TREE).expect("tree");
        let row = legacy::value_only::Edit {
            key: key.clone(),
            new: Some(Figure::plain(Decimal::new(71, 1))),
            expect: legacy::value_only::Expect::Value(None),
            note: Box::default(),
        };
        let mut k = legacy::prefix(3).to_vec();
        k.extend_from_slice(&keys::value_key(&key));
        tree.insert(k, codec::encode(&row).expect("row"))
            .expect("stage");
        let marker = legacy::Marker {
            id: 3,
            user: "lan".into(),
            cursor: None,
        };
        o.db.insert(legacy::MARKER, codec::encode(&marker).expect("marker"))
            .expect("marker");
        o.db.flush().expect("flush");
    }
    let store = reopen(dir.path());
    assert_eq!(
        store.get(&key).expect("get").map(|f| f.value),
        Some(Decimal::new(71, 1))
    );
    assert_eq!(
        store.history(&key).expect("history").pop().map(|e| e.user),
        Some("lan".into())
    );
    let o = store.db().expect("db");
    assert!(o.db.open_tree(legacy::TREE).expect("tree").is_empty());
}
