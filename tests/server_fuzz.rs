//! The wire protocol's decoder on hostile bytes: any bytes, and valid
//! frames with bytes flipped, never panic, never allocate what the bytes do
//! not hold, and never take the server down; every message round-trips.
//!
//! Briefly in `cargo test`; longer with, for example,
//! `PROPTEST_CASES=200000 cargo test --release --test server_fuzz`.

use std::io::Write;
use std::os::unix::net::UnixStream;
use std::str::FromStr;
use std::time::Duration;

use proptest::prelude::*;
use rust_decimal::Decimal;
use thidua::model::{Figure, Kind, Period, Span, ValueKey};
use thidua::server::protocol::{self, GreetingHead, Hello, Op, Request, ServerMsg, Welcome};
use thidua::server::{ClientStore, Config, serve};
use thidua::store::{Edit, Expect, Role, SledStore, Store};

fn decode_everything(bytes: &[u8]) {
    let _ = protocol::decode::<Request>(bytes);
    let _ = protocol::decode::<Hello>(bytes);
    let _ = protocol::decode::<Welcome>(bytes);
    let _ = protocol::decode::<ServerMsg>(bytes);
    let _ = protocol::decode_prefix::<GreetingHead>(bytes);
    let _ = protocol::read_frame(&mut &*bytes);
}

fn span() -> impl Strategy<Value = Span> {
    prop_oneof![
        Just(Span::Year),
        any::<u8>().prop_map(Span::Half),
        any::<u8>().prop_map(Span::Quarter),
        any::<u8>().prop_map(Span::Month),
    ]
}

fn key() -> impl Strategy<Value = ValueKey> {
    (
        any::<u16>(),
        span(),
        "[A-Z_]{0,12}",
        "\\PC{0,16}",
        any::<bool>(),
    )
        .prop_map(|(year, span, province, indicator, plan)| ValueKey {
            period: Period::new(year, span),
            province,
            indicator,
            kind: if plan { Kind::Plan } else { Kind::Actual },
        })
}

fn edit() -> impl Strategy<Value = Edit> {
    (
        key(),
        any::<i64>(),
        0u32..20,
        proptest::option::of("\\PC{0,40}"),
        any::<bool>(),
    )
        .prop_map(|(key, n, scale, note, any_value)| {
            let value = Decimal::new(n, scale.min(28));
            let expect = if any_value {
                Expect::Any
            } else {
                Expect::Value(Some(Figure::plain(value)))
            };
            Edit::new(
                key,
                Some(Figure {
                    note,
                    ..Figure::plain(value)
                }),
                expect,
            )
        })
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        Just(Op::Cluster),
        Just(Op::Ping),
        Just(Op::Users),
        (proptest::option::of(span()), proptest::option::of(key())).prop_map(|(s, after)| {
            Op::Values {
                period: s.map(|s| Period::new(2021, s)),
                after,
            }
        }),
        key().prop_map(Op::Get),
        edit().prop_map(Op::Write),
        proptest::collection::vec(edit(), 0..8).prop_map(Op::WriteBatch),
        (key(), proptest::option::of(any::<u64>()))
            .prop_map(|(key, after)| Op::History { key, after }),
        ("\\PC{0,20}", proptest::option::of("[A-Z]{0,4}")).prop_map(|(user, p)| Op::SetRole {
            user,
            role: p.map(Role::Province),
        }),
        (any::<u64>(), any::<u64>()).prop_map(|(after, upto)| Op::Missed { after, upto }),
    ]
}

proptest! {
    #[test]
    fn decoding_any_bytes_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..4096)) {
        decode_everything(&bytes);
    }

    #[test]
    fn every_request_round_trips_and_flipped_bytes_never_panic(
        id in any::<u64>(),
        op in op(),
        flips in proptest::collection::vec((any::<usize>(), any::<u8>()), 1..6),
    ) {
        let request = Request { id, op };
        let frame = protocol::encode(&request).expect("encode");
        let back: Request = protocol::decode(&frame[4..]).expect("decode");
        prop_assert_eq!(&back, &request);
        let mut bent = frame[4..].to_vec();
        for (at, b) in flips {
            if !bent.is_empty() {
                let i = at % bent.len();
                bent[i] ^= b | 1;
            }
        }
        decode_everything(&bent);
    }

    #[test]
    fn a_length_claimed_by_a_few_bytes_is_not_allocated(len in 1u64 << 30..u64::MAX, tag in 0u8..20) {
        // An enum tag, then a string or vector length far beyond the body.
        let mut body = vec![0u8, tag, 253];
        body.extend_from_slice(&len.to_le_bytes());
        decode_everything(&body);
    }
}

fn hostile_streams() -> impl Strategy<Value = (bool, Vec<u8>)> {
    (
        any::<bool>(),
        proptest::collection::vec(any::<u8>(), 0..512),
    )
}

#[test]
fn the_server_survives_any_byte_stream() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("db");
    let store = SledStore::open(&db).expect("open");
    let socket = serve::default_socket(&db);
    let mut config = Config::new(&socket);
    config.log = false;
    config.limits.hello_timeout = Duration::from_millis(200);
    config.limits.frame_timeout = Duration::from_millis(200);
    let server = serve::start(store, config).expect("start");
    let cases = proptest::test_runner::Config::default().cases / 8;
    let mut runner = proptest::test_runner::TestRunner::new(proptest::test_runner::Config {
        cases: cases.max(8),
        ..Default::default()
    });
    runner
        .run(&hostile_streams(), |(greet, bytes)| {
            let mut s = UnixStream::connect(&socket).expect("connect");
            if greet {
                protocol::write_frame(&mut s, &Hello::new()).expect("hello");
                let _: Welcome = protocol::read_msg(&mut s).expect("welcome");
            }
            let _ = s.write_all(&bytes);
            Ok(())
        })
        .expect("hostile streams");
    // Still serving, with the data intact.
    let client = ClientStore::connect(&socket).expect("a good client");
    let v = Decimal::from_str("4.25").expect("d");
    let k = ValueKey::new(
        "2021-H1".parse().expect("p"),
        "AG",
        "GRDP_GROWTH",
        Kind::Actual,
    );
    client
        .write(Edit::new(k.clone(), Some(Figure::plain(v)), Expect::Any))
        .expect("write");
    assert_eq!(client.get(&k).expect("get").map(|f| f.value), Some(v));
    drop(client);
    server.shutdown().expect("shutdown");
}
