//! Who confirmed which figure, in one request: the list of checks and the
//! report's annex ask a real server for the last change-log entry of every
//! cell of a period at once (`Store::last_entries`), not one round trip per
//! cell. The answer is each cell's last entry, in the order asked, and a
//! hand-made request for more cells than the limit is refused by name.

mod server_kit;

use std::os::unix::net::UnixStream;
use std::path::Path;

use rust_decimal::Decimal;
use server_kit::*;
use thidua::model::{Figure, Kind, ValueKey};
use thidua::server::protocol::{self, Hello, LAST_ENTRIES_MAX, Op, Request, ServerMsg, Welcome};
use thidua::server::{ClientStore, serve};
use thidua::store::{Edit, EditNote, Expect, Store, StoreError};

fn key(province: &str, indicator: &str) -> ValueKey {
    ValueKey::new(
        "2021-H1".parse().expect("period"),
        province,
        indicator,
        Kind::Actual,
    )
}

fn write(store: &ClientStore, k: &ValueKey, value: &str, confirmed: bool) {
    let seen = store.get(k).expect("get");
    let figure = Figure::plain(value.parse::<Decimal>().expect("decimal"));
    store
        .write(
            Edit::new(k.clone(), Some(figure), Expect::Value(seen)).with_note(EditNote {
                confirmed,
                ..EditNote::default()
            }),
        )
        .expect("write")
        .expect("written");
}

#[test]
fn the_last_entries_of_many_cells_come_in_the_order_asked_and_say_who_confirmed() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("db");
    let server = serve(Path::new(bin()), &db, &[]);
    let store = ClientStore::connect(&serve::default_socket(&db)).expect("connect");
    let confirmed = key("BL", "GRDP_GROWTH");
    let changed_twice = key("AG", "GRDP_GROWTH");
    let never = key("CT", "GRDP_GROWTH");
    write(&store, &confirmed, "17", true);
    write(&store, &changed_twice, "6.1", true);
    write(&store, &changed_twice, "6.2", false);
    // More cells than one request holds: the client asks in pieces.
    let mut asked = vec![never.clone(), confirmed.clone(), changed_twice.clone()];
    asked.extend(std::iter::repeat_n(never.clone(), LAST_ENTRIES_MAX));
    let last = store.last_entries(&asked).expect("last entries");
    assert_eq!(last.len(), asked.len());
    for (k, entry) in asked.iter().zip(&last) {
        assert_eq!(entry, &store.history(k).expect("history").pop(), "{k}");
    }
    assert!(last[1].as_ref().is_some_and(|e| e.note.confirmed));
    // Changed again since it was confirmed: no longer confirmed.
    assert!(last[2].as_ref().is_some_and(|e| !e.note.confirmed));
    drop(store);
    assert!(server.stop().success());
}

#[test]
fn a_request_for_more_cells_than_the_limit_is_refused_by_name() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("db");
    let server = serve(Path::new(bin()), &db, &[]);
    let mut s = UnixStream::connect(serve::default_socket(&db)).expect("connect");
    protocol::write_frame(&mut s, &Hello::new()).expect("hello");
    let welcome: Welcome = protocol::read_msg(&mut s).expect("welcome");
    assert!(welcome.outcome.is_ok());
    let cells = vec![key("BL", "GRDP_GROWTH"); LAST_ENTRIES_MAX + 1];
    protocol::write_frame(
        &mut s,
        &Request {
            id: 7,
            op: Op::LastEntries(cells),
        },
    )
    .expect("ask");
    match protocol::read_msg(&mut s).expect("an answer") {
        ServerMsg::Reply {
            id: 7,
            result: Err(StoreError::Invalid(why)),
        } => assert_eq!(
            why,
            format!(
                "hỏi nhật ký của {} ô một lần, tối đa {LAST_ENTRIES_MAX}",
                LAST_ENTRIES_MAX + 1
            )
        ),
        other => panic!("expected a refusal, got {other:?}"),
    }
    drop(s);
    assert!(server.stop().success());
}
