//! Every field a hostile client could send, through a real server: a
//! period that is no period, a weight or a figure that would overflow the
//! arithmetic of scores and reports, user names and roles the system could
//! not have, a name in the covenant that would drive a terminal, a note
//! longer than the limit, a batch larger than the limit. Each is refused
//! (with its range where it has one), nothing reaches the store, and every
//! reader goes on working; what the server logs of a refusal is clean.

mod cli_common;
mod server_kit;

use std::io::Read;
use std::path::Path;
use std::process::{Command, Stdio};

use rust_decimal::Decimal;
use server_kit::*;
use thidua::model::{Figure, Kind, Period, Span, ValueKey};
use thidua::server::{ClientStore, Config, serve};
use thidua::store::{CovenantEdit, Edit, Expect, Role, SledStore, Store, StoreError, fields};

fn d(s: &str) -> Decimal {
    s.parse().expect("decimal")
}

fn quiet(socket: &Path) -> Config {
    let mut c = Config::new(socket);
    c.log = false;
    c
}

fn key(period: Period, province: &str, indicator: &str) -> ValueKey {
    ValueKey::new(period, province, indicator, Kind::Actual)
}

#[test]
fn hostile_fields_are_refused_by_the_server_and_nothing_is_stored() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("db");
    let store = SledStore::open_as(&db, &thidua::store::user::os_user()).expect("open");
    let socket = serve::default_socket(&db);
    let server = serve::start(store, quiet(&socket)).expect("start");
    let admin = ClientStore::connect(&socket).expect("admin");
    let before = admin.values(None).expect("values");

    // Periods that are no period: refused, never a damaged key.
    for span in [
        Span::Month(0),
        Span::Half(3),
        Span::Quarter(9),
        Span::Month(200),
    ] {
        let k = key(Period::new(2021, span), "AG", "GRDP_GROWTH");
        let err = admin
            .write(Edit::new(k, Some(Figure::plain(d("5"))), Expect::Any))
            .expect_err("refused");
        assert!(err.to_string().contains("kỳ không hợp lệ"), "{err}");
        let err = admin
            .cluster_for(Period::new(2021, span))
            .expect_err("no such period");
        assert!(matches!(err, StoreError::Invalid(_)), "{err:?}");
    }

    // A figure beyond what any figure may be, or with more digits than a
    // value holds: refused with the range, even for the cluster's own row.
    let h1: Period = "2021-H1".parse().expect("p");
    for v in ["79228162514264337593543950335", "1000000000000001"] {
        let k = key(h1, "CLUSTER", "EXPORT");
        let err = admin
            .write(Edit::new(k, Some(Figure::plain(d(v))), Expect::Any))
            .expect_err("too large");
        let said = err.to_string();
        assert!(
            said.contains("vượt giới hạn ±1000000000000000 (10^15)")
                || said.contains("có quá 28 chữ số có nghĩa"),
            "{said}"
        );
    }
    // A weight that would overflow the score: refused with its range.
    let err = admin
        .set_weight("EXPORT", d("79228162514264337593543950335"), None)
        .expect_err("huge weight");
    assert!(err.to_string().contains("từ 0 đến 1000000"), "{err}");
    let err = admin
        .set_weight("EXPORT", d("-1"), None)
        .expect_err("negative weight");
    assert!(err.to_string().contains("từ 0 đến 1000000"), "{err}");

    // A note longer than the limit.
    let mut long = Figure::plain(d("606"));
    long.note = Some("x".repeat(fields::NOTE_MAX_CHARS + 1));
    let err = admin
        .write(Edit::new(key(h1, "DT", "EXPORT"), Some(long), Expect::Any))
        .expect_err("long note");
    assert!(err.to_string().contains("tối đa 4000"), "{err}");

    // User names the system could not have, roles of no unit.
    for bad in ["Lan", "lan\u{1b}[2J", "1an", &"a".repeat(33)] {
        let err = admin
            .set_role(bad, Some(Role::Viewer))
            .expect_err("bad name");
        assert!(err.to_string().contains("tên người dùng"), "{err}");
        assert!(!err.to_string().contains('\u{1b}'), "{err:?}");
    }
    let err = admin
        .set_role("lan", Some(Role::Province("ZZ".into())))
        .expect_err("no such unit");
    assert!(err.to_string().contains("Không có đơn vị mã «ZZ»"), "{err}");

    // A covenant name that would drive a terminal, one as long as a book.
    let state = admin.covenant().expect("covenant");
    let export = state
        .covenant
        .criterion_in(h1, "EXPORT")
        .expect("EXPORT")
        .clone();
    for name in ["Xuất \u{1b}]0;pwned\u{7}khẩu".to_string(), "X".repeat(201)] {
        let mut new = export.clone();
        new.name = name;
        let err = admin
            .change_covenant(CovenantEdit::Criterion {
                year: 2021,
                seen: Some(Box::new(export.clone())),
                new: Some(Box::new(new)),
            })
            .expect_err("refused");
        assert!(
            err.to_string().contains("ký tự điều khiển") || err.to_string().contains("tối đa 200"),
            "{err}"
        );
    }

    assert_eq!(
        admin.values(None).expect("values"),
        before,
        "nothing stored"
    );
    assert_eq!(
        admin.covenant().expect("covenant"),
        state,
        "covenant unchanged"
    );
    assert!(admin.problems().is_empty());
    drop(admin);
    server.shutdown().expect("shutdown");
}

#[test]
fn a_batch_larger_than_the_limit_is_refused_whole() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = SledStore::open_as(&dir.path().join("db"), "u").expect("open");
    let h1: Period = "2021-H1".parse().expect("p");
    let edit = Edit::new(
        key(h1, "DT", "EXPORT"),
        Some(Figure::plain(d("1"))),
        Expect::Any,
    );
    let err = store
        .write_batch(vec![edit; fields::BATCH_MAX_EDITS + 1])
        .expect_err("too many");
    assert!(err.to_string().contains("tối đa 200000"), "{err}");
    assert_eq!(
        store
            .get(&key(h1, "DT", "EXPORT"))
            .expect("get")
            .map(|f| f.value),
        Some(d("606"))
    );
}

/// Scores and reports never panic, whatever the weights (the store keeps
/// them in range; a record written before that rule, or by hand, must not
/// bring a screen down).
#[test]
fn the_score_arithmetic_is_checked_with_the_largest_weight() {
    let (mut cluster, values) = thidua::store::builtin::load().expect("built-in");
    for ind in &mut cluster.indicators {
        ind.weight = Decimal::MAX;
    }
    let figures = thidua::model::Figures::new(values);
    let h1: Period = "2021-H1".parse().expect("p");
    let table = thidua::model::score::score_table(&cluster, &figures, h1);
    assert_eq!(table.rows.len(), 12);
    let report = thidua::io::report::produce(
        &thidua::io::report::Request {
            cluster: &cluster,
            figures: &figures,
            period: h1,
            score_sheets: true,
            score: None,
            sheet: None,
            particulars: &Default::default(),
            narrative: None,
        },
        thidua::io::report::ReportFormat::Text,
    )
    .expect("a report");
    assert!(!report.is_empty());
}

#[test]
fn users_grant_refuses_names_and_roles_the_system_could_not_have() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("db");
    for (args, said) in [
        (
            ["users", "grant", "Lan", "admin"],
            "tên người dùng «Lan» không hợp lệ",
        ),
        (
            ["users", "grant", "lan\u{1b}[31m", "admin"],
            "tên người dùng «lan» không hợp lệ",
        ),
        (["users", "grant", "lan", "boss"], "Không hiểu quyền «boss»"),
        (
            ["users", "grant", "lan", "province ZZ"],
            "Không có đơn vị mã «ZZ»",
        ),
    ] {
        let out = cli_common::thidua(&db, &args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {stderr}");
        assert!(stderr.contains(said), "{args:?}: {stderr}");
        assert!(!stderr.contains('\u{1b}'), "{stderr:?}");
    }
    let out = cli_common::thidua(&db, &["users"]);
    let listing = String::from_utf8_lossy(&out.stdout);
    assert!(!listing.contains("lan"), "{listing}");
}

/// What the server logs of a refused request is cleaned: a hostile code
/// or name never reaches the terminal of whoever reads the log.
#[test]
fn a_refused_requests_log_line_carries_no_escape_sequence() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("db");
    let log = dir.path().join("serve.log");
    let mut child = Command::new(bin())
        .arg("--db")
        .arg(&db)
        .arg("serve")
        .env_remove("THIDUA_DB")
        .env_remove("THIDUA_SOCKET")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(&log).expect("log"))
        .spawn()
        .expect("serve");
    let socket = serve::default_socket(&db);
    wait_until("server up", || {
        std::os::unix::net::UnixStream::connect(&socket).is_ok()
    });
    let client = ClientStore::connect(&socket).expect("client");
    let hostile = "A\u{1b}]0;pwned\u{7}G\u{1b}[2J";
    let h1: Period = "2021-H1".parse().expect("p");
    let err = client
        .write(Edit::new(
            key(h1, hostile, "EXPORT"),
            Some(Figure::plain(d("1"))),
            Expect::Any,
        ))
        .expect_err("refused");
    assert!(!err.to_string().contains('\u{1b}'), "{err:?}");
    let _ = client.set_role("x\u{1b}[31m", None);
    drop(client);
    // SAFETY: kill(2) on our own child; it flushes and logs its stop.
    unsafe { libc::kill(child.id() as i32, libc::SIGTERM) };
    child.wait().expect("wait");
    let mut text = String::new();
    std::fs::File::open(&log)
        .expect("log")
        .read_to_string(&mut text)
        .expect("read");
    assert!(text.contains("từ chối"), "{text}");
    assert!(
        !text.contains('\u{1b}') && !text.contains('\u{7}'),
        "{text:?}"
    );
}
