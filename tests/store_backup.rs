//! Backups: one file with everything, restored byte for byte; a damaged
//! file is refused before anything is written; a backup taken while
//! officers write is one consistent state; rotation keeps the newest 14;
//! `check` finds a value whose audit chain was tampered with.

use std::path::Path;

use thidua::model::{Figure, Qualifiers};
use thidua::store::{
    AuditEntry, Change, EditNote, Expect, Flush, Role, SledStore, Store, StoreError, backup, codec,
    keys,
};

mod store_common;
use store_common::{d, edit, key, names_in, tamper, thidua};

/// A database with a bit of everything: notes and qualifiers, a cleared
/// cell, a knowing overwrite with a reason, weights and roles.
fn busy_database(path: &Path) -> SledStore {
    let store = SledStore::open_as(path, "thu_ky").expect("open");
    let k = key("DT", "EXPORT");
    store
        .write_as("can_bo_dt", edit(&k, "700", Expect::Any), Flush::Now)
        .expect("write");
    let note = EditNote {
        confirmed: true,
        reason: Some("đã đối chiếu với báo cáo".into()),
        typed: None,
    };
    store
        .write(edit(&k, "710", Expect::Overwrite(Some(Figure::plain(d("700"))))).with_note(note))
        .expect("overwrite");
    let figure = Figure {
        value: d("6.61"),
        qualifiers: Qualifiers {
            estimate: true,
            lower_bound: false,
            approx: true,
            derived: false,
        },
        note: Some("Ước đạt".into()),
    };
    store
        .write(thidua::store::Edit::new(
            key("AG", "GRDP_GROWTH"),
            Some(figure),
            Expect::Any,
        ))
        .expect("qualified");
    store
        .write(thidua::store::Edit::new(
            key("KG", "NTM_COMMUNES"),
            None,
            Expect::Any,
        ))
        .expect("clear");
    store.set_weight("EXPORT", d("15"), None).expect("weight");
    store
        .set_role_as(
            "thu_ky",
            "nguyenvana",
            Some(Role::Province("AG".into())),
            Flush::Now,
        )
        .expect("role");
    store
}

fn backup_bytes(store: &SledStore) -> Vec<u8> {
    let mut out = Vec::new();
    store.backup_to(&mut out).expect("backup");
    out
}

#[test]
fn restore_then_backup_is_byte_identical_and_holds_everything() {
    let root = tempfile::tempdir().expect("tempdir");
    let store = busy_database(&root.path().join("a"));
    let first = backup_bytes(&store);
    let (restored, summary) =
        SledStore::restore_from(first.as_slice(), "a.bak", &root.path().join("b"), "thu_ky")
            .expect("restore");
    assert_eq!(summary.bytes, first.len() as u64);
    assert_eq!(backup_bytes(&restored), first, "byte-identical");
    assert_eq!(restored.cluster().expect("c"), store.cluster().expect("c"));
    assert_eq!(
        restored.values(None).expect("v"),
        store.values(None).expect("v")
    );
    assert_eq!(
        restored.audit_since(0).expect("a"),
        store.audit_since(0).expect("a")
    );
    assert_eq!(restored.roles().expect("r"), store.roles().expect("r"));
    assert_eq!(
        restored.role_log().expect("l"),
        store.role_log().expect("l")
    );
    let overwrite = restored
        .history(&key("DT", "EXPORT"))
        .expect("history")
        .pop()
        .expect("entry");
    assert!(overwrite.note.overwrite && overwrite.note.confirmed);
    // Numbering goes on from the backup's, it does not start again.
    let next = restored
        .write(edit(&key("CM", "EXPORT"), "1", Expect::Any))
        .expect("write")
        .expect("entry");
    assert_eq!(next.seq, store.last_seq().expect("seq") + 1);
}

#[test]
fn the_commands_back_up_restore_and_check() {
    let root = tempfile::tempdir().expect("tempdir");
    let a = root.path().join("a");
    drop(busy_database(&a));
    let f1 = root.path().join("f1.bak");
    let f2 = root.path().join("f2.bak");
    let b = root.path().join("b");
    let out = thidua(&a, &["backup", "--out", f1.to_str().expect("utf8")]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("Đã sao lưu "));
    let out = thidua(&b, &["restore", f1.to_str().expect("utf8")]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert!(stdout.starts_with("Đã khôi phục "), "{stdout}");
    assert!(stdout.contains("Không thấy lỗi nào"), "{stdout}");
    let out = thidua(&b, &["backup", "--out", f2.to_str().expect("utf8")]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert_eq!(
        std::fs::read(&f1).expect("f1"),
        std::fs::read(&f2).expect("f2"),
        "restore → backup is byte-identical"
    );
    assert_eq!(
        thidua(&b, &["export"]).stdout,
        thidua(&a, &["export"]).stdout
    );
    let out = thidua(&b, &["check"]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert!(String::from_utf8_lossy(&out.stdout).contains("Không thấy lỗi nào"));

    // A directory that holds something is never restored into.
    let listing = names_in(&b);
    let out = thidua(&b, &["restore", f1.to_str().expect("utf8")]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("không trống"), "{stderr}");
    assert_eq!(names_in(&b), listing);

    // Without --out, into the database's own backups/.
    let out = thidua(&a, &["backup"]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let newest = backup::newest(&a).expect("a backup in backups/");
    assert_eq!(
        std::fs::read(&newest).expect("newest"),
        std::fs::read(&f1).expect("f1")
    );
}

#[test]
fn a_damaged_backup_is_refused_before_anything_is_written() {
    let root = tempfile::tempdir().expect("tempdir");
    let good = backup_bytes(&busy_database(&root.path().join("a")));
    let mut flipped = good.clone();
    let middle = flipped.len() / 2;
    flipped[middle] ^= 0x10;
    let cut = &good[..good.len() - 3];
    let text = b"province_code,indicator_code,period,kind,value\n".to_vec();
    let mut longer = good.clone();
    longer.push(0);
    for (bytes, expected) in [
        (flipped.as_slice(), "mã kiểm tra không khớp"),
        (cut, "bị cắt cụt"),
        (text.as_slice(), "không phải tệp sao lưu của thidua"),
        (longer.as_slice(), "dữ liệu thừa"),
    ] {
        let target = root.path().join("new");
        let Err(err) = SledStore::restore_from(bytes, "x.bak", &target, "u") else {
            panic!("restored a damaged backup");
        };
        assert!(matches!(err, StoreError::Backup { .. }), "{err:?}");
        let shown = err.to_string();
        assert!(
            shown.starts_with("Tệp sao lưu x.bak: ") && shown.contains(expected),
            "{shown}"
        );
        assert!(!target.exists(), "nothing written for: {shown}");
    }
}

/// The value records of two cells in a backup file, read by its documented
/// format.
fn two_cells(bytes: &[u8], a: &[u8], b: &[u8]) -> (Option<Figure>, Option<Figure>) {
    let mut at = 12;
    let (mut fa, mut fb) = (None, None);
    let u32_at = |i: usize| u32::from_be_bytes(bytes[i..i + 4].try_into().expect("4")) as usize;
    loop {
        let klen = u32_at(at);
        if klen == 0 {
            break;
        }
        let k = &bytes[at + 4..at + 4 + klen];
        let vlen = u32_at(at + 4 + klen);
        let v = &bytes[at + 8 + klen..at + 8 + klen + vlen];
        if k == a {
            fa = Some(codec::decode(k, v).expect("figure"));
        }
        if k == b {
            fb = Some(codec::decode(k, v).expect("figure"));
        }
        at += 8 + klen + vlen;
    }
    (fa, fb)
}

#[test]
fn a_backup_taken_while_writes_go_on_is_one_consistent_state() {
    let root = tempfile::tempdir().expect("tempdir");
    let store = SledStore::open_as(&root.path().join("a"), "u").expect("open");
    // Far apart in key order, written together.
    let first = thidua::model::ValueKey::new(
        "2016".parse().expect("p"),
        "AG",
        "EXPORT",
        thidua::model::Kind::Plan,
    );
    let last = key("VL", "GRDP_GROWTH");
    let (ka, kb) = (keys::value_key(&first), keys::value_key(&last));
    let writes = 300;
    std::thread::scope(|s| {
        let writer = s.spawn(|| {
            for i in 1..=writes {
                let v = format!("{i}");
                store
                    .write_batch_as(
                        "u",
                        vec![edit(&first, &v, Expect::Any), edit(&last, &v, Expect::Any)],
                        Flush::Later,
                    )
                    .expect("batch");
            }
        });
        let mut seen = 0;
        while !writer.is_finished() {
            let (fa, fb) = two_cells(&backup_bytes(&store), &ka, &kb);
            assert_eq!(
                fa.map(|f| f.value),
                fb.map(|f| f.value),
                "a backup holds half a batch"
            );
            seen += 1;
        }
        writer.join().expect("writer");
        assert!(seen > 0);
    });
}

#[test]
fn rotation_keeps_the_newest_14_and_every_backup_that_does_not_rotate() {
    let root = tempfile::tempdir().expect("tempdir");
    let path = root.path().join("a");
    let store = SledStore::open_as(&path, "u").expect("open");
    let dir = path.join("backups");
    std::fs::create_dir_all(&dir).expect("mkdir");
    let mut old: Vec<String> = (1..=16)
        .map(|day| format!("thidua-202001{day:02}-080000.bak"))
        .collect();
    old.extend([
        "thidua-20190101-000000-format1.bak".into(),
        "ghi-chu.txt".into(),
    ]);
    for name in &old {
        std::fs::write(dir.join(name), b"x").expect("write");
    }
    let (file, summary) = backup::rotate(&store, 14).expect("rotate");
    assert!(summary.records > 0);
    assert_eq!(backup::newest(&path), Some(file.clone()));
    let names = names_in(&dir);
    let rotating: Vec<&String> = names
        .iter()
        .filter(|n| n.starts_with("thidua-2") && !n.contains("format"))
        .collect();
    assert_eq!(rotating.len(), 14, "{names:?}");
    for gone in [
        "thidua-20200101-080000.bak",
        "thidua-20200102-080000.bak",
        "thidua-20200103-080000.bak",
    ] {
        assert!(!names.contains(&gone.to_string()), "{names:?}");
    }
    assert!(names.contains(&"thidua-20190101-000000-format1.bak".to_string()));
    assert!(names.contains(&"ghi-chu.txt".to_string()));
    let name = file
        .file_name()
        .expect("name")
        .to_string_lossy()
        .into_owned();
    assert!(names.contains(&name));
}

#[test]
fn check_finds_a_value_and_an_audit_entry_that_were_tampered_with() {
    let root = tempfile::tempdir().expect("tempdir");
    let path = root.path().join("a");
    drop(busy_database(&path));
    let out = thidua(&path, &["check"]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let export = key("DT", "EXPORT");
    let growth = key("AG", "NTM_ADV_COMMUNES");
    tamper(&path, |db| {
        db.insert(
            keys::value_key(&export),
            codec::encode(&Figure::plain(d("999"))).expect("encode"),
        )
        .expect("insert");
        let prefix = keys::audit_value_prefix(&growth);
        let (k, v) = db
            .scan_prefix(&prefix)
            .next()
            .expect("an entry")
            .expect("read");
        let mut entry: AuditEntry = codec::decode(&k, &v).expect("entry");
        if let Change::Value { old, .. } = &mut entry.change {
            *old = Some(Figure::plain(d("1")));
        }
        db.insert(k, codec::encode(&entry).expect("encode"))
            .expect("insert");
    });
    let out = thidua(&path, &["check"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 3, "{stdout}");
    assert!(
        lines.contains(
            &"- Giá trị «2021-H1 DT EXPORT actual» trong cơ sở dữ liệu là 999, nhưng nhật ký kết thúc ở 710"
        ),
        "{stdout}"
    );
    assert!(
        lines.iter().any(|l| l
            .starts_with("- Nhật ký của «2021-H1 AG NTM_ADV_COMMUNES actual» bị đứt ở lần ghi #")
            && l.ends_with("trước đó là (trống), lần ghi này lại ghi giá trị cũ là 1")),
        "{stdout}"
    );
    assert!(lines[2].ends_with("Có 2 lỗi."), "{stdout}");
}
