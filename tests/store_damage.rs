//! A damaged or emptied database is never papered over: the built-in data
//! is not loaded over deleted files, a flipped bit gives a Vietnamese
//! message with the newest backup and the restore command, and the silent
//! loss sled's recovery makes of writes after a damaged record is noticed.

use std::path::{Path, PathBuf};

use thidua::store::{Expect, Problem, SledStore, Store, StoreError, backup};

mod store_common;
use store_common::{edit, key, names_in, open_error, reopen, thidua};

fn newest_named(dir: &Path, prefix: &str) -> Option<PathBuf> {
    let mut names: Vec<String> = names_in(dir)
        .into_iter()
        .filter(|n| n.starts_with(prefix))
        .collect();
    names.sort();
    names.pop().map(|n| dir.join(n))
}

fn flip_bit(file: &Path, at: usize) {
    let mut bytes = std::fs::read(file).expect("read");
    bytes[at] ^= 0x04;
    std::fs::write(file, bytes).expect("write");
}

/// What every refusal of a damaged database must say, and never say.
fn assert_points_to_backup(shown: &str, backup: &Path) {
    let backup = backup.display().to_string();
    assert!(
        shown.contains(&format!("Bản sao lưu mới nhất: {backup}")),
        "{shown}"
    );
    assert!(
        shown.contains(&format!("thidua restore {backup} --db THƯ_MỤC_MỚI")),
        "{shown}"
    );
    for english in ["Read corrupted", "offset", "Os {", "Corruption"] {
        assert!(!shown.contains(english), "{english}: {shown}");
    }
}

#[test]
fn the_built_in_data_is_never_loaded_over_deleted_files() {
    let root = tempfile::tempdir().expect("tempdir");
    let path = root.path().join("db");
    let saved = {
        let store = SledStore::open_as(&path, "u").expect("create");
        store
            .write(edit(&key("DT", "EXPORT"), "1234", Expect::Any))
            .expect("an officer's figure");
        backup::rotate(&store, backup::KEEP).expect("backup").0
    };
    for name in names_in(&path) {
        if name == "db" || name.starts_with("snap.") {
            std::fs::remove_file(path.join(name)).expect("rm");
        }
    }
    assert!(names_in(&path).contains(&"conf".to_string()));
    let listing = names_in(&path);
    let err = open_error(&path);
    assert!(matches!(err, StoreError::NoDatabase { .. }), "{err:?}");
    let shown = err.to_string();
    assert!(shown.contains("không nạp dữ liệu mẫu đè lên"), "{shown}");
    assert_points_to_backup(&shown, &saved);
    assert_eq!(names_in(&path), listing, "nothing created, nothing loaded");

    let out = thidua(&path, &["export"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(out.stdout.is_empty());
    assert_points_to_backup(&stderr, &saved);
    // The server the command started keeps its log and start lock there;
    // nothing of a database was created or loaded.
    let server_files = |n: &String| n.starts_with("thidua-serve") || n.starts_with("thidua-start");
    let after: Vec<String> = names_in(&path)
        .into_iter()
        .filter(|n| !server_files(n))
        .collect();
    assert_eq!(after, listing);
}

#[test]
fn only_a_new_or_empty_directory_is_seeded() {
    let root = tempfile::tempdir().expect("tempdir");
    let other = root.path().join("documents");
    std::fs::create_dir(&other).expect("mkdir");
    std::fs::write(other.join("bao-cao.docx"), b"x").expect("write");
    let err = open_error(&other);
    assert!(matches!(err, StoreError::NotEmpty { .. }), "{err:?}");
    assert!(err.to_string().contains("không trống"), "{err}");
    assert_eq!(names_in(&other), ["bao-cao.docx"]);

    // What a server puts there before the database (its socket, its log)
    // does not count.
    let prepared = root.path().join("prepared");
    std::fs::create_dir(&prepared).expect("mkdir");
    std::fs::write(prepared.join("serve.log"), b"started\n").expect("log");
    let _socket =
        std::os::unix::net::UnixListener::bind(prepared.join("thidua.sock")).expect("socket");
    let store = SledStore::open_as(&prepared, "u").expect("seeded");
    assert!(!store.values(None).expect("values").is_empty());
}

#[test]
fn a_first_start_killed_while_seeding_is_seeded_again() {
    let root = tempfile::tempdir().expect("tempdir");
    let path = root.path().join("db");
    std::fs::create_dir(&path).expect("mkdir");
    // What a kill leaves: the mark, and sled's files with nothing in them.
    std::fs::write(path.join(".thidua-seeding"), b"").expect("mark");
    drop(sled::Config::new().path(&path).open().expect("sled"));
    let store = reopen(&path, "u");
    assert_eq!(
        store
            .get(&key("DT", "EXPORT"))
            .expect("get")
            .map(|f| f.value),
        Some("606".parse().expect("d"))
    );
    assert!(!path.join(".thidua-seeding").exists());
}

#[test]
fn a_flipped_bit_in_the_newest_snapshot_gives_a_vietnamese_message_with_the_backup() {
    let root = tempfile::tempdir().expect("tempdir");
    let path = root.path().join("db");
    let saved = {
        let store = SledStore::open_as(&path, "u").expect("create");
        backup::rotate(&store, backup::KEEP).expect("backup").0
    };
    // sled writes a snapshot when it opens a database that has grown.
    {
        let store = reopen(&path, "u");
        store
            .write(edit(&key("DT", "EXPORT"), "1234", Expect::Any))
            .expect("write");
    }
    drop(reopen(&path, "u"));
    let snap = newest_named(&path, "snap.").expect("a snapshot file");
    let len = std::fs::metadata(&snap).expect("meta").len() as usize;
    flip_bit(&snap, len / 2);
    let err = open_error(&path);
    assert!(matches!(err, StoreError::Corrupt { .. }), "{err:?}");
    let shown = err.to_string();
    assert!(shown.contains("bị hỏng, không mở được"), "{shown}");
    assert_points_to_backup(&shown, &saved);

    let out = thidua(&path, &["export"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert_points_to_backup(&stderr, &saved);
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn writes_lost_to_a_flipped_bit_in_the_log_are_noticed_not_hidden() {
    let root = tempfile::tempdir().expect("tempdir");
    let path = root.path().join("db");
    let marker = "ghi-cuoi-cung-7f3a9c";
    let saved = {
        let store = SledStore::open_as(&path, "u").expect("create");
        let saved = backup::rotate(&store, backup::KEEP).expect("backup").0;
        let mut last = edit(&key("DT", "EXPORT"), "1234", Expect::Any);
        if let Some(f) = &mut last.new {
            f.note = Some(marker.into());
        }
        store.write(last).expect("the last acknowledged write");
        saved
    };
    // Damage the last write's record where sled keeps it, in `db`.
    let log = std::fs::read(path.join("db")).expect("db");
    let at = log
        .windows(marker.len())
        .rposition(|w| w == marker.as_bytes())
        .expect("the note is in the log");
    flip_bit(&path.join("db"), at + 3);

    let err = open_error(&path);
    assert!(
        matches!(
            err,
            StoreError::LostWrites { .. } | StoreError::Corrupt { .. }
        ),
        "{err:?}"
    );
    let shown = err.to_string();
    assert_points_to_backup(&shown, &saved);
    if let StoreError::LostWrites { .. } = err {
        assert!(shown.contains("đã mất các lần ghi sau lần #"), "{shown}");
    }

    // To look at it, and save what is left, it still opens.
    let store = store_common::retry(|| SledStore::open_inspecting(&path));
    let report = store.check().expect("check");
    assert!(
        report
            .problems
            .iter()
            .any(|p| matches!(p, Problem::LostWrites { .. })),
        "{:?}",
        report.problems
    );
    drop(store);
    let out = thidua(&path, &["check"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(stdout.contains("đã mất các lần ghi sau lần #"), "{stdout}");
    let out = thidua(
        &path,
        &[
            "backup",
            "--out",
            root.path().join("left.bak").to_str().expect("utf8"),
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{out:?}");
}
