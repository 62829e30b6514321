//! A staged import through a real server belongs to its connection: a
//! request from another connection cannot drop it, and its file of staged
//! rows goes once it is committed or its connection ends.

mod server_kit;

use std::path::Path;

use rust_decimal::Decimal;
use server_kit::*;
use thidua::model::{Figure, Kind, ValueKey};
use thidua::server::{ClientStore, serve};
use thidua::store::sled_store::Keep;
use thidua::store::{Edit, Expect, Store};

fn cell() -> ValueKey {
    ValueKey::new(
        "2021-H1".parse().expect("period"),
        "AG",
        "GRDP_GROWTH",
        Kind::Actual,
    )
}

fn staged_files(db: &Path) -> usize {
    std::fs::read_dir(db.join("staging")).map_or(0, |d| d.count())
}

#[test]
fn another_connection_cannot_drop_an_import_and_its_file_goes_with_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("db");
    let server = serve(Path::new(bin()), &db, &[]);
    let socket = serve::default_socket(&db);
    let a = ClientStore::connect(&socket).expect("A");
    let b = ClientStore::connect(&socket).expect("B");
    let id = a.import_begin(Keep::default()).expect("begin");
    let edit = Edit::new(
        cell(),
        Some(Figure::plain(Decimal::new(66, 1))),
        Expect::Any,
    );
    assert_eq!(a.import_stage(id, vec![edit]).expect("stage"), 1);
    assert_eq!(staged_files(&db), 1, "staged on disk, not in memory");
    let refused = b.import_abandon(id).expect_err("not B's import");
    assert!(
        refused.to_string().contains("Không có lần nhập này"),
        "{refused}"
    );
    a.import_commit(id).expect("A's import is still there");
    assert_eq!(
        b.get(&cell()).expect("get").map(|f| f.value),
        Some(Decimal::new(66, 1))
    );
    assert_eq!(staged_files(&db), 0, "committed: its file is gone");
    // An import whose connection ends leaves nothing either.
    let id = b.import_begin(Keep::default()).expect("begin");
    let edit = Edit::new(
        cell(),
        Some(Figure::plain(Decimal::new(67, 1))),
        Expect::Any,
    );
    b.import_stage(id, vec![edit]).expect("stage");
    drop(b);
    wait_until("the file of the dropped import removed", || {
        staged_files(&db) == 0
    });
    assert_eq!(
        a.get(&cell()).expect("get").map(|f| f.value),
        Some(Decimal::new(66, 1))
    );
    assert!(server.stop().success());
}

/// Each open import holds a file and its buffer on the server: a client
/// cannot open them without end.
#[test]
fn a_connection_holds_a_few_open_imports_at_most() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("db");
    let server = serve(Path::new(bin()), &db, &[]);
    let a = ClientStore::connect(&serve::default_socket(&db)).expect("A");
    let ids: Vec<u64> = (0..4)
        .map(|_| a.import_begin(Keep::default()).expect("begin"))
        .collect();
    let refused = a.import_begin(Keep::default()).expect_err("a fifth");
    assert!(refused.to_string().contains("đang mở"), "{refused}");
    assert_eq!(staged_files(&db), 4);
    // One committed (empty) and one abandoned: two may begin again.
    a.import_commit(ids[0]).expect("commit");
    a.import_abandon(ids[1]).expect("abandon");
    a.import_begin(Keep::default()).expect("begin again");
    a.import_begin(Keep::default()).expect("and again");
    assert!(server.stop().success());
}
