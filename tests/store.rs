//! The sled store: what is written survives reopening, with its audit trail;
//! damaged records and a held database give clear errors, never a panic.

use std::process::Command;
use std::time::{Duration, Instant};

use rust_decimal::Decimal;
use thidua::model::{Figure, Kind, ValueKey};
use thidua::store::{Change, Edit, Expect, SledStore, Store, StoreError, keys};

/// sled lets go of its file lock a moment after the last handle is dropped
/// (its flusher thread holds the file), so a reopen in the same process retries.
fn retry<T, E: std::fmt::Debug>(mut open: impl FnMut() -> Result<T, E>) -> T {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        match open() {
            Ok(v) => return v,
            Err(e) if Instant::now() > deadline => panic!("reopen: {e:?}"),
            Err(_) => std::thread::sleep(Duration::from_millis(10)),
        }
    }
}

fn reopen(path: &std::path::Path, user: &str) -> SledStore {
    retry(|| SledStore::open_as(path, user))
}

fn key(province: &str, indicator: &str) -> ValueKey {
    ValueKey::new(
        "2021-H1".parse().expect("period"),
        province,
        indicator,
        Kind::Actual,
    )
}

fn d(s: &str) -> Decimal {
    s.parse().expect("decimal")
}

fn edit(k: &ValueKey, v: &str, expect: Expect) -> Edit {
    Edit {
        key: k.clone(),
        new: Some(Figure::plain(d(v))),
        expect,
    }
}

#[test]
fn values_and_audit_survive_reopening() {
    let dir = tempfile::tempdir().expect("tempdir");
    let k = key("DT", "EXPORT");
    {
        let store = SledStore::open_as(dir.path(), "can_bo_dt").expect("open");
        assert_eq!(store.get(&k).expect("get").map(|f| f.value), Some(d("606")));
        let entry = store
            .write(edit(&k, "1234.5", Expect::Value(Some(d("606")))))
            .expect("write");
        assert!(entry.is_some());
    }
    let store = reopen(dir.path(), "someone_else");
    assert_eq!(
        store.get(&k).expect("get").map(|f| f.value),
        Some(d("1234.5"))
    );
    let history = store.history(&k).expect("history");
    assert_eq!(history.len(), 2, "seed + edit");
    let last = history.last().expect("entry");
    assert_eq!(last.user, "can_bo_dt");
    match &last.change {
        Change::Value { old, new, .. } => {
            assert_eq!(old.as_ref().map(|f| f.value), Some(d("606")));
            assert_eq!(new.as_ref().map(|f| f.value), Some(d("1234.5")));
        }
        other => panic!("unexpected change {other:?}"),
    }
    assert!(last.when().ends_with("UTC"));
}

#[test]
fn writing_the_same_value_records_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = SledStore::open_as(dir.path(), "u").expect("open");
    let k = key("DT", "EXPORT");
    assert_eq!(
        store.write(edit(&k, "606", Expect::Any)).expect("write"),
        None
    );
    assert_eq!(store.history(&k).expect("history").len(), 1);
}

#[test]
fn a_stale_write_is_refused_with_the_current_value_and_its_author() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = SledStore::open_as(dir.path(), "thu_ky").expect("open");
    let k = key("DT", "EXPORT");
    store
        .write(edit(&k, "700", Expect::Any))
        .expect("first write");
    let err = store
        .write(edit(&k, "800", Expect::Value(Some(d("606")))))
        .expect_err("conflict");
    match err {
        StoreError::Conflict { current, by, .. } => {
            assert_eq!(current.map(|f| f.value), Some(d("700")));
            assert_eq!(by, "thu_ky");
        }
        other => panic!("expected conflict, got {other:?}"),
    }
    assert_eq!(store.get(&k).expect("get").map(|f| f.value), Some(d("700")));
}

#[test]
fn clearing_a_value_removes_it_and_is_audited() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = SledStore::open_as(dir.path(), "u").expect("open");
    let k = key("DT", "EXPORT");
    store
        .write(Edit {
            key: k.clone(),
            new: None,
            expect: Expect::Any,
        })
        .expect("clear");
    assert_eq!(store.get(&k).expect("get"), None);
    let last = store.history(&k).expect("history").pop().expect("entry");
    assert!(matches!(last.change, Change::Value { new: None, .. }));
}

#[test]
fn out_of_range_and_unknown_codes_are_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = SledStore::open_as(dir.path(), "u").expect("open");
    let err = store
        .write(edit(&key("DT", "GRDP_GROWTH"), "52049", Expect::Any))
        .expect_err("range");
    assert!(err.to_string().contains("ngoài khoảng"), "{err}");
    // A fraction of a commune as a result is refused; as a plan (implied
    // by a reported % of plan) it is kept.
    let err = store
        .write(edit(&key("DT", "NTM_COMMUNES"), "2.5", Expect::Any))
        .expect_err("whole");
    assert!(err.to_string().contains("phải là số nguyên (xã)"), "{err}");
    let mut plan = key("DT", "NTM_COMMUNES");
    plan.kind = Kind::Plan;
    store
        .write(edit(&plan, "2.5", Expect::Any))
        .expect("a fractional plan");
    let err = store
        .write(edit(&key("XX", "GRDP_GROWTH"), "5", Expect::Any))
        .expect_err("province");
    assert!(err.to_string().contains("XX"), "{err}");
}

#[test]
fn weights_change_is_kept_and_audited() {
    let dir = tempfile::tempdir().expect("tempdir");
    {
        let store = SledStore::open_as(dir.path(), "u").expect("open");
        store.set_weight("EXPORT", d("15")).expect("weight");
    }
    let store = reopen(dir.path(), "u");
    let cluster = store.cluster().expect("cluster");
    assert_eq!(cluster.indicator("EXPORT").map(|i| i.weight), Some(d("15")));
    let h = store.weight_history("EXPORT").expect("history");
    assert!(matches!(h.as_slice(), [e] if matches!(e.change, Change::Weight { .. })));
}

#[test]
fn an_unknown_format_version_is_an_error_naming_the_record() {
    let dir = tempfile::tempdir().expect("tempdir");
    let k = key("AG", "NTM_COMMUNES");
    drop(SledStore::open_as(dir.path(), "u").expect("open"));
    {
        let db = retry(|| sled::open(dir.path()));
        let mut bytes = db
            .get(keys::value_key(&k))
            .expect("get")
            .expect("seeded")
            .to_vec();
        bytes[0] = 9;
        db.insert(keys::value_key(&k), bytes).expect("insert");
        db.flush().expect("flush");
    }
    let store = reopen(dir.path(), "u");
    let err = store.values(None).expect_err("version 9");
    assert!(
        matches!(err, StoreError::UnknownVersion { version: 9, .. }),
        "{err:?}"
    );
    assert!(
        err.to_string().contains("2021-H1 AG NTM_COMMUNES actual"),
        "{err}"
    );
    let err = store.get(&k).expect_err("get");
    assert!(err.to_string().contains("phiên bản định dạng 9"), "{err}");
}

#[test]
fn a_damaged_record_is_an_error_not_a_panic() {
    let dir = tempfile::tempdir().expect("tempdir");
    let k = key("AG", "NTM_COMMUNES");
    drop(SledStore::open_as(dir.path(), "u").expect("open"));
    {
        let db = retry(|| sled::open(dir.path()));
        db.insert(keys::value_key(&k), vec![1u8, 0xff, 0xff])
            .expect("insert");
        db.flush().expect("flush");
    }
    let store = reopen(dir.path(), "u");
    let err = store.get(&k).expect_err("damaged");
    assert!(matches!(err, StoreError::Decode { .. }), "{err:?}");
}

/// A second process on a held database exits promptly with code 1 and a
/// Vietnamese message naming the path.
#[test]
fn second_process_is_refused_with_a_clear_message() {
    let dir = tempfile::tempdir().expect("tempdir");
    let _held = SledStore::open_as(dir.path(), "u").expect("open");
    let started = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_thidua"))
        .args(["--db", dir.path().to_str().expect("utf8 path"), "export"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("spawn");
    // Generous limit: only to turn a hang into a failure, not to time it.
    loop {
        if child.try_wait().expect("wait").is_some() {
            break;
        }
        if started.elapsed() > Duration::from_secs(30) {
            let _ = child.kill();
            panic!("second process hung on a held database");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let out = child.wait_with_output().expect("output");
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(dir.path().to_str().expect("utf8")),
        "{stderr}"
    );
    assert!(
        stderr.contains("đang được một chương trình thidua khác giữ"),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(out.stdout.is_empty());
}
