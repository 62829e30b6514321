//! The whole figure, through a real server: a write carries the figure
//! the officer saw — value, qualifiers, comment — and another officer's
//! comment or mark written meanwhile refuses it, naming what changed, who
//! and when, just as their value would. A knowing overwrite goes through
//! and is audited so. An import expects the whole figure it read when it
//! staged a row, so a comment written before the commit is not replaced.

mod server_kit;

use std::path::Path;
use std::sync::{Arc, Mutex};

use rust_decimal::Decimal;
use server_kit::*;
use thidua::model::difference::Aspect;
use thidua::model::{Figure, Kind, ValueKey};
use thidua::server::protocol::Op;
use thidua::server::{ClientStore, Config, serve};
use thidua::store::{Edit, Expect, SledStore, Store, StoreError};

const THEIRS: &str = "Theo Cục Thống kê";

fn dec(s: &str) -> Decimal {
    s.parse().expect("decimal")
}

/// Bạc Liêu's GRDP growth in 2021-H1: 7,77 in the built-in data, plain.
fn bl_grdp() -> ValueKey {
    ValueKey::new(
        "2021-H1".parse().expect("period"),
        "BL",
        "GRDP_GROWTH",
        Kind::Actual,
    )
}

fn with_note(f: &Figure, note: &str) -> Figure {
    Figure {
        note: Some(note.into()),
        ..f.clone()
    }
}

/// `store` writes `new` over the figure it saw.
fn write_over(store: &ClientStore, seen: &Figure, new: Figure) -> thidua::store::Result<()> {
    store
        .write(Edit::new(
            bl_grdp(),
            Some(new),
            Expect::Value(Some(seen.clone())),
        ))
        .map(|_| ())
}

/// The refusal: what changed, by whom, and the figure now stored.
fn refusal(result: thidua::store::Result<()>) -> (Vec<Aspect>, String, Option<Figure>, String) {
    let e = match result {
        Err(e) => e,
        Ok(()) => panic!("expected a conflict, got a write"),
    };
    let text = e.to_string();
    match e {
        StoreError::Conflict {
            changed,
            by,
            current,
            at_ms,
            ..
        } => {
            assert!(at_ms > 0, "when");
            (changed, by, current, text)
        }
        other => panic!("expected a conflict, got {other:?}"),
    }
}

fn two_officers(db: &Path) -> (Proc, ClientStore, ClientStore) {
    let server = serve(Path::new(bin()), db, &[]);
    let socket = serve::default_socket(db);
    let a = ClientStore::connect(&socket).expect("officer A");
    let b = ClientStore::connect(&socket).expect("officer B");
    (server, a, b)
}

#[test]
fn a_comment_over_another_officers_comment_is_refused_then_overwritten_knowingly() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (server, a, b) = two_officers(&dir.path().join("db"));
    // Both open the comment field on the same figure.
    let seen_a = a.get(&bl_grdp()).expect("get").expect("a figure");
    let seen_b = b.get(&bl_grdp()).expect("get").expect("a figure");
    assert_eq!(seen_a, seen_b);
    // B saves a comment first.
    write_over(&b, &seen_b, with_note(&seen_b, THEIRS)).expect("B saves");
    // A's comment over the figure A saw is refused, naming the comment.
    let (changed, by, current, text) =
        refusal(write_over(&a, &seen_a, with_note(&seen_a, "Số của Sở")));
    assert_eq!(changed, [Aspect::Comment]);
    assert_eq!(by, b.user());
    assert_eq!(
        current.as_ref().and_then(|f| f.note.as_deref()),
        Some(THEIRS)
    );
    assert!(
        text.starts_with(&format!(
            "Ô 2021-H1 BL GRDP_GROWTH actual đã bị {} thay đổi (sửa ghi chú) lúc ",
            b.user()
        )),
        "{text}"
    );
    // Shown theirs, A overwrites knowingly: audited so.
    let theirs = current.expect("theirs");
    a.write(Edit::new(
        bl_grdp(),
        Some(with_note(&theirs, "Số của Sở")),
        Expect::Overwrite(Some(theirs)),
    ))
    .expect("A overwrites")
    .expect("written");
    let history = b.history(&bl_grdp()).expect("history");
    let last = history.last().expect("entries");
    assert!(last.note.overwrite, "{last:?}");
    assert_eq!(
        b.get(&bl_grdp()).expect("get").and_then(|f| f.note),
        Some("Số của Sở".into())
    );
    drop((a, b));
    assert!(server.stop().success());
}

#[test]
fn a_mark_or_a_value_over_a_comment_not_seen_is_refused_and_theirs_stands() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (server, a, b) = two_officers(&dir.path().join("db"));
    let seen = a.get(&bl_grdp()).expect("get").expect("a figure");
    write_over(&b, &seen, with_note(&seen, THEIRS)).expect("B saves");
    // A marks the figure ước đạt, as A saw it (no comment).
    let mut marked = seen.clone();
    marked.qualifiers.estimate = true;
    let (changed, by, _, _) = refusal(write_over(&a, &seen, marked));
    assert_eq!((changed, by.as_str()), (vec![Aspect::Comment], b.user()));
    // A types a new value over the figure A saw: refused too, rather than
    // carrying A's empty comment over theirs.
    let (changed, _, _, _) = refusal(write_over(&a, &seen, Figure::plain(dec("8"))));
    assert_eq!(changed, [Aspect::Comment]);
    let now = b.get(&bl_grdp()).expect("get").expect("a figure");
    assert_eq!(now.note.as_deref(), Some(THEIRS));
    assert!(!now.qualifiers.estimate);
    assert_eq!(now.value, dec("7.77"));
    // Over the figure as it is now, the value keeps their comment.
    write_over(
        &a,
        &now,
        Figure {
            value: dec("8"),
            ..now.clone()
        },
    )
    .expect("A saves over theirs");
    let after = b.get(&bl_grdp()).expect("get").expect("a figure");
    assert_eq!(
        (after.value, after.note.as_deref()),
        (dec("8"), Some(THEIRS))
    );
    // And a mark B set is named as such.
    let mut approx = after.clone();
    approx.qualifiers.approx = true;
    write_over(&b, &after, approx).expect("B marks");
    let (changed, _, _, text) = refusal(write_over(&a, &after, with_note(&after, "x")));
    assert_eq!(changed, [Aspect::Approx]);
    assert!(text.contains("(đặt dấu khoảng)"), "{text}");
    drop((a, b));
    assert!(server.stop().success());
}

#[test]
fn a_seen_figure_is_held_to_the_limits_of_a_stored_one() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (server, a, b) = two_officers(&dir.path().join("db"));
    let seen = a.get(&bl_grdp()).expect("get").expect("a figure");
    // A hand-made "seen" comment of a book's length: refused, nothing written.
    let huge = with_note(
        &seen,
        &"x".repeat(thidua::store::fields::NOTE_MAX_CHARS + 1),
    );
    match write_over(&a, &huge, with_note(&seen, "ngắn")) {
        Err(StoreError::Invalid(why)) => assert!(why.contains("tối đa"), "{why}"),
        other => panic!("expected a refusal, got {other:?}"),
    }
    assert_eq!(b.get(&bl_grdp()).expect("get"), Some(seen));
    drop((a, b));
    assert!(server.stop().success());
}

/// `thidua import` (the real binary) of a file that leaves comments out
/// and repeats Bạc Liêu's value: that row keeps the stored comment as the
/// server read it when staging. A comment another officer writes before
/// the commit refuses the whole file, naming the cell and the comment,
/// instead of being replaced by the one read before it.
#[test]
fn an_import_does_not_replace_a_comment_written_while_it_was_staged() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("db");
    let store = SledStore::open(&db).expect("open");
    let socket = serve::default_socket(&db);
    let mut config = Config::new(&socket);
    config.log = false;
    let other: Arc<Mutex<Option<ClientStore>>> = Arc::new(Mutex::new(None));
    let writer = other.clone();
    config.seam = Some(serve::WriteSeam(Arc::new(move |op: &Op| {
        if matches!(op, Op::ImportCommit { .. })
            && let Some(b) = writer.lock().expect("lock").take()
        {
            let seen = b.get(&bl_grdp()).expect("get").expect("a figure");
            write_over(&b, &seen, with_note(&seen, THEIRS)).expect("B saves");
        }
    })));
    let server = serve::start(store, config).expect("start");
    let b = ClientStore::connect(&socket).expect("B");
    let b_user = b.user().to_string();
    *other.lock().expect("lock") = Some(b);
    let watcher = ClientStore::connect(&socket).expect("watcher");
    let ag = ValueKey {
        province: "AG".into(),
        ..bl_grdp()
    };
    let file = dir.path().join("so-lieu.csv");
    std::fs::write(
        &file,
        "province_code,indicator_code,period,kind,value\n\
         AG,GRDP_GROWTH,2021-H1,actual,7.1\n\
         BL,GRDP_GROWTH,2021-H1,actual,7.77\n",
    )
    .expect("write");
    let out = std::process::Command::new(bin())
        .arg("--db")
        .arg(&db)
        .arg("import")
        .arg(&file)
        .env_remove("THIDUA_DB")
        .env_remove("THIDUA_SOCKET")
        .output()
        .expect("thidua import");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains(&format!(
            "Ô 2021-H1 BL GRDP_GROWTH actual đã bị {b_user} thay đổi (sửa ghi chú) lúc "
        )),
        "{stderr}"
    );
    assert!(other.lock().expect("lock").is_none(), "the seam ran");
    // Nothing of the file was written; B's comment stands.
    assert_eq!(watcher.get(&ag).expect("get"), None);
    assert_eq!(
        watcher.get(&bl_grdp()).expect("get").and_then(|f| f.note),
        Some(THEIRS.into())
    );
    drop(watcher);
    server.shutdown().expect("shutdown");
}
