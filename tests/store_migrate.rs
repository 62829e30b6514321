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

/// Which code wrote a fixture's expected file, and so what its lines hold.
#[derive(Clone, Copy, PartialEq)]
enum Written {
    /// Format 1: entries with no note, and no sequence line (that code's
    /// `last_seq` forgot the role log's numbers, see [`expected`]).
    Format1,
    /// Format 2: each entry's note, and the last sequence number.
    Format2,
}

/// The lines the old code wrote into its expected file: every value,
/// every audit entry, every weight, role and role-log entry, and what
/// `written` adds.
fn dump(store: &SledStore, written: Written) -> String {
    let note = |e: &thidua::store::AuditEntry| match written {
        Written::Format1 => {
            assert_eq!(*e.note, AuditNote::default(), "old entries have no note");
            String::new()
        }
        Written::Format2 => format!(
            "|o{}c{};{:?};{:?}",
            e.note.overwrite as u8, e.note.confirmed as u8, e.note.reason, e.note.typed
        ),
    };
    let mut s = String::new();
    for v in store.values(None).expect("values") {
        writeln!(s, "value|{}|{}", v.key, fig(&Some(v.figure))).expect("fmt");
    }
    for e in store.audit_since(0).expect("audit") {
        let note = note(&e);
        match &e.change {
            Change::Value { key, old, new } => writeln!(
                s,
                "audit|{}|{}|{}|value|{}|{}|{}{note}",
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
                "audit|{}|{}|{}|weight|{}|{}|{}{note}",
                e.seq, e.at_ms, e.user, indicator, old, new
            ),
            Change::Covenant(c) => {
                writeln!(s, "audit|{}|{}|{}|covenant|{c}", e.seq, e.at_ms, e.user)
            }
            Change::Period(c) => writeln!(s, "audit|{}|{}|{}|period|{c}", e.seq, e.at_ms, e.user),
            Change::Scoring(c) => {
                writeln!(s, "audit|{}|{}|{}|scoring|{c}", e.seq, e.at_ms, e.user)
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
    if written == Written::Format2 {
        writeln!(s, "lastseq|{}", store.last_seq().expect("seq")).expect("fmt");
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
    assert_eq!(dump(&store, Written::Format1), expected());
    assert!(store.problems().is_empty(), "{:?}", store.problems());
    let report = store.check().expect("check");
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    // The role log's numbers count too: the next write does not reuse 149.
    assert_eq!(store.last_seq().expect("seq"), 149);
    let k = key("DT", "EXPORT");
    let entry = store
        .write(edit(&k, "1300", Expect::Value(store.get(&k).expect("get"))))
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
    assert_eq!(dump(&old, Written::Format1), expected());
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
    assert_eq!(dump(&store, Written::Format1), expected());
}

const FIXTURE2: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/format2-db");
const EXPECTED2: &str = include_str!("fixtures/format2-db.expected");

fn fixture2_copy(root: &Path) -> PathBuf {
    let path = root.join("db2");
    std::fs::create_dir(&path).expect("mkdir");
    for name in ["db", "conf"] {
        std::fs::copy(Path::new(FIXTURE2).join(name), path.join(name)).expect("copy fixture");
    }
    path
}

#[test]
fn a_format_2_database_opens_on_the_built_in_covenant_with_every_value_entry_weight_and_role() {
    let root = tempfile::tempdir().expect("tempdir");
    let path = fixture2_copy(root.path());
    let store = SledStore::open_as(&path, "thu_ky").expect("open the format-2 database");
    let migrated = store.migration().expect("migrated").clone();
    assert_eq!((migrated.from, migrated.to), (2, migrate::current()));
    assert!(migrated.problems.is_empty(), "{:?}", migrated.problems);
    assert!(
        migrated
            .backup
            .file_name()
            .is_some_and(|n| n.to_string_lossy().ends_with("-format2.bak")),
        "{}",
        migrated.backup.display()
    );
    assert_eq!(dump(&store, Written::Format2), EXPECTED2);
    assert!(store.problems().is_empty(), "{:?}", store.problems());
    let report = store.check().expect("check");
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    // The built-in cluster became the corrected built-in covenant.
    let state = store.covenant().expect("covenant");
    let builtin = thidua::store::builtin::covenant().expect("built-in");
    assert_eq!(state.covenant, builtin);
    let cluster = store.cluster().expect("cluster");
    assert_eq!(
        cluster.indicator("TOTAL_COMMUNES").map(|i| i.name.as_str()),
        Some("Tổng số xã"),
        "named as corrected"
    );
    // The weights it had, also where the covenant alone would give others.
    assert_eq!(
        cluster.indicator("EXPORT").map(|i| i.weight),
        Some("15".parse().expect("d"))
    );
    assert_eq!(
        cluster.indicator("NTM_COMMUNES").map(|i| i.weight),
        Some(rust_decimal::Decimal::ONE)
    );
    // It goes on working: a write with the next sequence number, audited.
    let k = key("DT", "EXPORT");
    let entry = store
        .write(edit(&k, "613", Expect::Value(store.get(&k).expect("get"))))
        .expect("write after migration")
        .expect("entry");
    assert_eq!(entry.seq, 154);
    drop(store);
    let store = reopen(&path, "thu_ky");
    assert!(store.migration().is_none(), "migrated once");
    assert_eq!(store.history(&k).expect("history").len(), 4);
    assert!(store.check().expect("check").problems.is_empty());
}

#[test]
fn a_format_2_database_of_another_cluster_gets_a_covenant_made_from_its_record() {
    let root = tempfile::tempdir().expect("tempdir");
    let path = fixture2_copy(root.path());
    // The same database with its cluster renamed: no longer the built-in one.
    tamper(&path, |db| {
        let bytes = db
            .get(keys::CLUSTER_META)
            .expect("get")
            .expect("cluster record");
        let name = "Cụm thi đua các tỉnh Tây Nam bộ";
        let renamed = "Cụm thi đua khác";
        let mut body = bytes.to_vec();
        let at = body
            .windows(name.len())
            .position(|w| w == name.as_bytes())
            .expect("name in the record");
        // bincode writes the length first (one byte for short strings).
        assert_eq!(usize::from(body[at - 1]), name.len());
        body.splice(at - 1..at + name.len(), {
            let mut b = vec![u8::try_from(renamed.len()).expect("short")];
            b.extend_from_slice(renamed.as_bytes());
            b
        });
        db.insert(keys::CLUSTER_META, body).expect("insert");
    });
    let store = SledStore::open_as(&path, "thu_ky").expect("open");
    assert_eq!(
        store.migration().map(|m| (m.from, m.to)),
        Some((2, migrate::current()))
    );
    let state = store.covenant().expect("covenant");
    let years: Vec<u16> = state.covenant.years.keys().copied().collect();
    assert_eq!(years, [2020], "the earliest year with values");
    let year = &state.covenant.years[&2020];
    assert_eq!(year.cluster_name, "Cụm thi đua khác");
    assert_eq!(year.members.len(), 12);
    assert_eq!(year.criteria.len(), 95);
    // Names as the record had them, undated units.
    assert_eq!(
        year.criterion("TOTAL_COMMUNES").map(|c| c.name.as_str()),
        Some("tổng số xã")
    );
    let dt = state.covenant.units.unit("DT").expect("DT");
    assert_eq!(dt.versions.len(), 1);
    assert!(dt.versions[0].valid_from.is_none() && dt.versions[0].valid_until.is_none());
    // Every value, entry and weight, as before.
    let expected_values: Vec<&str> = EXPECTED2
        .lines()
        .filter(|l| l.starts_with("value|") || l.starts_with("weight|"))
        .collect();
    let dump = dump(&store, Written::Format2);
    let got: Vec<&str> = dump
        .lines()
        .filter(|l| l.starts_with("value|") || l.starts_with("weight|"))
        .collect();
    assert_eq!(got, expected_values);
    assert_eq!(store.cluster().expect("cluster").provinces.len(), 12);
}
