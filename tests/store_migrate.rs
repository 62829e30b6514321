//! Databases written by an older thidua keep opening: the format-1 fixture
//! (written by the code of main at 2aa20bb, with the dump that code made of
//! it) is migrated once, after a backup, and loses nothing; a database of a
//! newer format, or one whose migration cannot start, is left as it was.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use thidua::model::Figure;
use thidua::store::{
    AuditNote, Change, Expect, Role, SledStore, Store, StoreError, backup, keys, migrate,
};

mod store_common;
use store_common::{edit, key, reopen, tamper};

const FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/format1-db");
const EXPECTED: &str = include_str!("fixtures/format1-db.expected");

/// A copy of the fixture to open (opening writes to it).
fn fixture_copy(root: &Path) -> PathBuf {
    let path = root.join("db");
    std::fs::create_dir(&path).expect("mkdir");
    for name in ["db", "conf"] {
        std::fs::copy(Path::new(FIXTURE).join(name), path.join(name)).expect("copy fixture");
    }
    path
}

fn fig(f: &Option<Figure>) -> String {
    match f {
        None => "-".into(),
        Some(f) => format!(
            "{};e{}l{}a{}d{};{:?}",
            f.value,
            f.qualifiers.estimate as u8,
            f.qualifiers.lower_bound as u8,
            f.qualifiers.approx as u8,
            f.qualifiers.derived as u8,
            f.note
        ),
    }
}

fn role(r: &Option<Role>) -> String {
    r.as_ref().map(|r| r.to_string()).unwrap_or("-".into())
}

/// The same lines the old code wrote into the expected file.
fn dump(store: &SledStore) -> String {
    let mut s = String::new();
    for v in store.values(None).expect("values") {
        writeln!(s, "value|{}|{}", v.key, fig(&Some(v.figure))).expect("fmt");
    }
    for e in store.audit_since(0).expect("audit") {
        assert_eq!(*e.note, AuditNote::default(), "old entries have no note");
        match &e.change {
            Change::Value { key, old, new } => writeln!(
                s,
                "audit|{}|{}|{}|value|{}|{}|{}",
                e.seq,
                e.at_ms,
                e.user,
                key,
                fig(old),
                fig(new)
            ),
            Change::Weight {
                indicator,
                old,
                new,
            } => writeln!(
                s,
                "audit|{}|{}|{}|weight|{}|{}|{}",
                e.seq, e.at_ms, e.user, indicator, old, new
            ),
            Change::Covenant(c) => {
                writeln!(s, "audit|{}|{}|{}|covenant|{c}", e.seq, e.at_ms, e.user)
            }
        }
        .expect("fmt");
    }
    for i in store.cluster().expect("cluster").indicators {
        writeln!(s, "weight|{}|{}", i.code, i.weight).expect("fmt");
    }
    for (u, r) in store.roles().expect("roles") {
        writeln!(s, "role|{u}|{r}").expect("fmt");
    }
    for e in store.role_log().expect("role log") {
        writeln!(
            s,
            "rolelog|{}|{}|{}|{}|{}|{}",
            e.seq,
            e.at_ms,
            e.by,
            e.user,
            role(&e.old),
            role(&e.new)
        )
        .expect("fmt");
    }
    s
}

/// The expected dump without the old code's `last_seq` (which forgot the
/// role log's numbers).
fn expected() -> String {
    EXPECTED
        .lines()
        .filter(|l| !l.starts_with("lastseq|"))
        .map(|l| format!("{l}\n"))
        .collect()
}

fn raw_records(path: &Path) -> Vec<(Vec<u8>, Vec<u8>)> {
    let mut out = Vec::new();
    tamper(path, |db| {
        out = db
            .iter()
            .map(|r| {
                let (k, v) = r.expect("record");
                (k.to_vec(), v.to_vec())
            })
            .collect();
    });
    out
}

#[test]
fn a_format_1_database_opens_with_every_value_audit_entry_weight_and_role() {
    let root = tempfile::tempdir().expect("tempdir");
    let path = fixture_copy(root.path());
    let store = SledStore::open_as(&path, "thu_ky").expect("open the old database");
    let migrated = store.migration().expect("migrated").clone();
    assert_eq!((migrated.from, migrated.to), (1, migrate::current()));
    assert!(migrated.problems.is_empty(), "{:?}", migrated.problems);
    let backup_name = migrated
        .backup
        .file_name()
        .expect("name")
        .to_string_lossy()
        .into_owned();
    assert!(
        migrated.backup.starts_with(path.join("backups"))
            && backup_name.starts_with("thidua-")
            && backup_name.ends_with("-format1.bak"),
        "{}",
        migrated.backup.display()
    );
    assert_eq!(dump(&store), expected());
    assert!(store.problems().is_empty(), "{:?}", store.problems());
    let report = store.check().expect("check");
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    // The role log's numbers count too: the next write does not reuse 149.
    assert_eq!(store.last_seq().expect("seq"), 149);
    let k = key("DT", "EXPORT");
    let entry = store
        .write(edit(
            &k,
            "1300",
            Expect::Value(Some("1240".parse().expect("d"))),
        ))
        .expect("write after migration")
        .expect("entry");
    assert_eq!(entry.seq, 150);
    drop(store);

    let store = reopen(&path, "thu_ky");
    assert!(store.migration().is_none(), "migrated once");
    let history = store.history(&k).expect("history");
    assert_eq!(history.len(), 4, "seed, two old edits, the new one");
    assert!(store.check().expect("check").problems.is_empty());

    // The backup taken before migrating is the old database, whole.
    let restored = root.path().join("restored");
    let file = std::fs::File::open(&migrated.backup).expect("backup");
    let (old, summary) =
        SledStore::restore_from(file, &backup_name, &restored, "thu_ky").expect("restore");
    assert_eq!(summary.format, 1);
    assert!(
        old.migration().is_some(),
        "restored in format 1, then migrated"
    );
    assert_eq!(dump(&old), expected());
}

#[test]
fn a_database_of_a_newer_format_is_refused_and_left_as_it_was() {
    let root = tempfile::tempdir().expect("tempdir");
    let path = root.path().join("db");
    drop(SledStore::open_as(&path, "u").expect("create"));
    tamper(&path, |db| {
        db.insert(keys::FORMAT_META, migrate::marker(7).expect("marker"))
            .expect("insert");
    });
    let before = raw_records(&path);
    let err = store_common::open_error(&path);
    assert!(
        matches!(err, StoreError::NewerFormat { found: 7, supported, .. } if supported == migrate::current()),
        "{err:?}"
    );
    let shown = err.to_string();
    assert!(
        shown.contains("phiên bản 7")
            && shown.contains(&format!("đến phiên bản {}", migrate::current())),
        "{shown}"
    );
    assert_eq!(raw_records(&path), before, "nothing changed");
    assert!(backup::newest(&path).is_none(), "no backup, no migration");
}

#[test]
fn a_migration_that_cannot_write_its_backup_changes_nothing() {
    let root = tempfile::tempdir().expect("tempdir");
    let path = fixture_copy(root.path());
    // A file where the backups directory would go.
    std::fs::write(path.join("backups"), b"not a directory").expect("write");
    let before = raw_records(&path);
    assert!(
        before.iter().all(|(_, v)| v.first() == Some(&1)),
        "format 1"
    );
    let err = store_common::open_error(&path);
    assert!(
        matches!(&err, StoreError::Migration { from: 1, .. }),
        "{err:?}"
    );
    assert!(err.to_string().contains("không có gì bị thay đổi"), "{err}");
    assert_eq!(raw_records(&path), before);
    std::fs::remove_file(path.join("backups")).expect("rm");
    let store = reopen(&path, "u");
    assert_eq!(dump(&store), expected());
}
