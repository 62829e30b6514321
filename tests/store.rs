//! The sled store: what is written survives reopening, with its audit trail;
//! damaged records and a held database give clear errors, never a panic.

use std::process::Command;
use std::time::{Duration, Instant};

use thidua::model::{Figure, Kind, Period, Span};
use thidua::store::{
    AuditNote, Change, Edit, EditNote, Expect, Problem, SledStore, Store, StoreError, codec, keys,
};

mod store_common;
use store_common::{d, edit, key, reopen, tamper, thidua};

#[test]
fn values_and_audit_survive_reopening() {
    let dir = tempfile::tempdir().expect("tempdir");
    let k = key("DT", "EXPORT");
    {
        let store = SledStore::open_as(dir.path(), "can_bo_dt").expect("open");
        assert_eq!(store.get(&k).expect("get").map(|f| f.value), Some(d("606")));
        let entry = store
            .write(edit(
                &k,
                "1234.5",
                Expect::Value(store.get(&k).expect("get")),
            ))
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
        .write(edit(
            &k,
            "800",
            Expect::Value(Some(Figure::plain(d("606")))),
        ))
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
        .write(Edit::new(k.clone(), None, Expect::Any))
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
        store.set_weight("EXPORT", d("12.5"), None).expect("weight");
    }
    let store = reopen(dir.path(), "u");
    let cluster = store.cluster().expect("cluster");
    assert_eq!(
        cluster.indicator("EXPORT").map(|i| i.weight),
        Some(d("12.5"))
    );
    let h = store.weight_history("EXPORT").expect("history");
    assert!(matches!(h.as_slice(), [e] if matches!(e.change, Change::Weight { .. })));
}

#[test]
fn a_record_of_an_unknown_version_is_skipped_by_readers_and_reported() {
    let dir = tempfile::tempdir().expect("tempdir");
    let k = key("AG", "NTM_COMMUNES");
    drop(SledStore::open_as(dir.path(), "u").expect("open"));
    tamper(dir.path(), |db| {
        let mut bytes = db
            .get(keys::value_key(&k))
            .expect("get")
            .expect("seeded")
            .to_vec();
        bytes[0] = 9;
        db.insert(keys::value_key(&k), bytes).expect("insert");
    });
    let store = reopen(dir.path(), "u");
    let all = store.values(None).expect("the others are read");
    assert!(!all.is_empty());
    assert!(all.iter().all(|v| v.key != k));
    match store.problems().as_slice() {
        [Problem::Damaged(e @ StoreError::UnknownVersion { version: 9, .. })] => {
            assert!(
                e.to_string().contains("2021-H1 AG NTM_COMMUNES actual"),
                "{e}"
            );
        }
        other => panic!("{other:?}"),
    }
    let err = store.get(&k).expect_err("get");
    assert!(err.to_string().contains("phiên bản định dạng 9"), "{err}");
}

#[test]
fn a_damaged_record_is_an_error_not_a_panic_and_an_export_goes_on_without_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let k = key("AG", "NTM_COMMUNES");
    drop(SledStore::open_as(dir.path(), "u").expect("open"));
    let before = String::from_utf8(thidua(dir.path(), &["export"]).stdout).expect("utf8");
    tamper(dir.path(), |db| {
        db.insert(keys::value_key(&k), vec![codec::FORMAT_VERSION, 0xff, 0xff])
            .expect("insert");
        // A key no period can have (what a hostile client once stored).
        let mut bad = vec![keys::VALUE];
        bad.extend_from_slice(&[0x07, 0xe5, 0x00, 0x03]);
        bad.extend_from_slice(b"AG\0GRDP_GROWTH\0a");
        db.insert(bad, codec::encode(&Figure::plain(d("5"))).expect("encode"))
            .expect("insert");
    });
    {
        let store = reopen(dir.path(), "u");
        let err = store.get(&k).expect_err("damaged");
        assert!(matches!(err, StoreError::Decode { .. }), "{err:?}");
        assert!(err.to_string().contains("bị hỏng"), "{err}");
    }
    let out = thidua(dir.path(), &["export"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 2, "{stderr}");
    assert!(
        lines[0].starts_with("thidua: cảnh báo: Bản ghi «")
            && lines
                .iter()
                .any(|l| l.contains("2021-H1 AG NTM_COMMUNES actual")),
        "{stderr}"
    );
    assert!(lines.iter().all(|l| l.ends_with("(đã bỏ qua)")), "{stderr}");
    let expected: String = before
        .lines()
        .filter(|l| !l.starts_with("AG,NTM_COMMUNES,2021-H1,actual,"))
        .map(|l| format!("{l}\n"))
        .collect();
    assert_eq!(String::from_utf8_lossy(&out.stdout), expected);
}

#[test]
fn a_period_that_cannot_exist_is_refused_by_the_store() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = SledStore::open_as(dir.path(), "u").expect("open");
    for span in [
        Span::Month(0),
        Span::Half(3),
        Span::Quarter(9),
        Span::Month(200),
    ] {
        let mut k = key("AG", "GRDP_GROWTH");
        k.period = Period::new(2021, span);
        let err = store
            .write(edit(&k, "5", Expect::Any))
            .expect_err("refused");
        assert!(matches!(err, StoreError::Invalid(_)), "{span:?}: {err:?}");
        assert!(err.to_string().contains("Kỳ không hợp lệ"), "{err}");
    }
    assert!(store.problems().is_empty());
}

#[test]
fn a_knowing_overwrite_is_still_refused_when_stale_and_is_audited_as_such() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = SledStore::open_as(dir.path(), "can_bo_b").expect("open");
    let k = key("DT", "EXPORT");
    store
        .write(edit(&k, "700", Expect::Any))
        .expect("A's figure");
    // Shown 700 by the conflict, B overwrites knowingly …
    let stale = store.write(edit(
        &k,
        "800",
        Expect::Overwrite(Some(Figure::plain(d("606")))),
    ));
    assert!(
        matches!(stale, Err(StoreError::Conflict { .. })),
        "{stale:?}"
    );
    let note = EditNote {
        confirmed: true,
        reason: Some("Số \u{1b}[31mđã đối chiếu".into()),
        typed: Some("61/119".into()),
    };
    let entry = store
        .write(edit(&k, "800", Expect::Overwrite(Some(Figure::plain(d("700"))))).with_note(note))
        .expect("overwrite")
        .expect("written");
    let expected = AuditNote {
        overwrite: true,
        confirmed: true,
        reason: Some("Số đã đối chiếu".into()),
        typed: Some("61/119".into()),
    };
    assert_eq!(*entry.note, expected);
    drop(store);
    let store = reopen(dir.path(), "u");
    let last = store.history(&k).expect("history").pop().expect("entry");
    assert_eq!(*last.note, expected, "kept on disk");
    let plain = store.history(&k).expect("history")[1].clone();
    assert_eq!(*plain.note, AuditNote::default());
}

#[test]
fn a_stale_weight_is_refused_with_who_set_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = SledStore::open_as(dir.path(), "thu_ky").expect("open");
    let shown = store
        .cluster()
        .expect("cluster")
        .indicator("EXPORT")
        .map(|i| i.weight);
    store
        .set_weight("EXPORT", d("3"), shown)
        .expect("seen as shown");
    match store.set_weight("EXPORT", d("5"), shown) {
        Err(StoreError::Conflict {
            key: None,
            current,
            by,
            at_ms,
            ..
        }) => {
            assert_eq!(current.map(|f| f.value), Some(d("3")));
            assert_eq!(by, "thu_ky");
            assert!(at_ms > 0);
        }
        other => panic!("{other:?}"),
    }
    let cluster = store.cluster().expect("cluster");
    assert_eq!(cluster.indicator("EXPORT").map(|i| i.weight), Some(d("3")));
    assert_eq!(store.weight_history("EXPORT").expect("h").len(), 1);
}

#[test]
fn sequence_numbers_go_on_rising_across_reopening_for_values_weights_and_roles() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut seen = Vec::new();
    for round in 0..3 {
        let store = reopen(dir.path(), "thu_ky");
        let v = format!("{}", 700 + round);
        seen.push(
            store
                .write(edit(&key("DT", "EXPORT"), &v, Expect::Any))
                .expect("write")
                .expect("entry")
                .seq,
        );
        seen.push(
            store
                .set_weight("EXPORT", d(&format!("{}", 2 + round)), None)
                .expect("weight")
                .expect("entry")
                .seq,
        );
        let role = if round % 2 == 0 {
            "province AG"
        } else {
            "viewer"
        };
        seen.push(
            store
                .set_role_as(
                    "thu_ky",
                    "nguyenvana",
                    thidua::store::Role::parse(role),
                    thidua::store::Flush::Now,
                )
                .expect("role")
                .expect("entry")
                .seq,
        );
        assert_eq!(store.last_seq().expect("seq"), *seen.last().expect("seq"));
    }
    assert!(seen.windows(2).all(|w| w[0] < w[1]), "{seen:?}");
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
