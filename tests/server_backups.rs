//! `thidua backup`, `check` and `restore` while a server holds the
//! database (the application open, or officers sharing it): backup and
//! check go through the server, restore refuses its directory; the server
//! backs up by itself on a clean stop.

mod server_kit;

use std::path::Path;
use std::process::{Command, Output};

use server_kit::{bin, serve};
use thidua::model::{Figure, Kind, ValueKey};
use thidua::server::ClientStore;
use thidua::store::{Edit, Expect, SledStore, Store, backup};

/// `thidua --db DB ARGS` against the running server (which it must not stop).
fn run(db: &Path, args: &[&str]) -> Output {
    Command::new(bin())
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("THIDUA_DB")
        .env_remove("THIDUA_SOCKET")
        .output()
        .expect("run thidua")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn rotating(db: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(backup::dir_of(db))
        .map(|d| {
            d.flatten()
                .filter_map(|e| e.file_name().into_string().ok())
                .filter(|n| n.len() == "thidua-20250101-093000.bak".len())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

#[test]
fn backup_and_check_go_through_a_running_server_and_restore_refuses_its_directory() {
    let root = tempfile::tempdir().expect("tempdir");
    let db = root.path().join("db");
    drop(SledStore::open(&db).expect("create"));
    let server = serve(Path::new(bin()), &db, &[]);

    // check: the server reads every record; the files stay its own.
    let out = run(&db, &["check"]);
    assert!(out.status.success(), "{out:?}");
    assert!(!text(&out.stderr).contains("khoá"), "{out:?}");
    assert!(text(&out.stdout).contains("bản ghi"), "{out:?}");

    // backup --out FILE: copied from the server's backup, whole.
    let file = root.path().join("a.bak");
    let out = run(&db, &["backup", "--out", file.to_str().expect("utf8")]);
    assert!(out.status.success(), "{out:?}");
    // stderr is no terminal: the summary only, no progress line.
    assert!(text(&out.stderr).is_empty(), "{:?}", text(&out.stderr));
    let bytes = std::fs::read(&file).expect("backup file");
    let in_dir = rotating(&db);
    assert_eq!(in_dir.len(), 1, "{in_dir:?}");
    assert_eq!(
        std::fs::read(backup::dir_of(&db).join(&in_dir[0])).expect("server's copy"),
        bytes
    );

    // backup --out -: the same bytes on stdout (one more state, same data).
    let out = run(&db, &["backup", "--out", "-"]);
    assert!(out.status.success(), "{out:?}");
    assert_eq!(out.stdout, bytes);
    assert!(text(&out.stderr).contains("Đã sao lưu"), "{out:?}");

    // restore refuses the directory the server answers for...
    let out = run(&db, &["restore", file.to_str().expect("utf8")]);
    assert!(!out.status.success(), "{out:?}");
    assert!(text(&out.stderr).contains("máy chủ"), "{out:?}");
    // ...and rebuilds the database elsewhere, where a backup is the same file.
    let restored = root.path().join("restored");
    let (store, _) = SledStore::restore_from(
        std::fs::File::open(&file).expect("open"),
        "a.bak",
        &restored,
        "u",
    )
    .expect("restore");
    let mut again = Vec::new();
    store.backup_to(&mut again).expect("backup of the restored");
    assert_eq!(again, bytes, "restore → backup is byte-identical");

    // A write, then a clean stop: the server backs up what changed.
    let client = ClientStore::connect(&thidua::server::default_socket(&db)).expect("connect");
    let key = ValueKey::new("2021-H1".parse().expect("p"), "DT", "EXPORT", Kind::Actual);
    client
        .write(Edit::new(
            key.clone(),
            Some(Figure::plain(rust_decimal::Decimal::from(4242))),
            Expect::Any,
        ))
        .expect("write");
    drop(client);
    assert!(server.stop().success());
    // (Backups taken within one second share a name: the newest stays.)
    let after = rotating(&db);
    let newest = backup::dir_of(&db).join(after.last().expect("newest"));
    let (store, _) = SledStore::restore_from(
        std::fs::File::open(&newest).expect("open"),
        "newest",
        &root.path().join("from-stop"),
        "u",
    )
    .expect("restore the stop's backup");
    assert_eq!(
        store.get(&key).expect("get").map(|f| f.value),
        Some(rust_decimal::Decimal::from(4242))
    );
}

#[test]
fn a_server_stopped_without_writes_adds_no_backup() {
    let root = tempfile::tempdir().expect("tempdir");
    let db = root.path().join("db");
    drop(SledStore::open(&db).expect("create"));
    let server = serve(Path::new(bin()), &db, &[]);
    let out = run(&db, &["backup"]);
    assert!(out.status.success(), "{out:?}");
    let names = rotating(&db);
    assert_eq!(names.len(), 1);
    let file = backup::dir_of(&db).join(&names[0]);
    let modified = std::fs::metadata(&file)
        .and_then(|m| m.modified())
        .expect("mtime");
    assert!(server.stop().success());
    assert_eq!(
        rotating(&db),
        names,
        "nothing changed since the last backup"
    );
    assert_eq!(
        std::fs::metadata(&file)
            .and_then(|m| m.modified())
            .expect("mtime"),
        modified,
        "and the backup was not written again"
    );
}
