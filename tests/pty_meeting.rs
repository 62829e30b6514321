//! Two officers in a meeting, end to end (#11 items 1 and 4): two real
//! application processes on one real server (the first starts the
//! database's server, the second reaches the same one), and a server that
//! is killed while an officer is typing and comes back.

mod pty_common;

use std::path::{Path, PathBuf};

use pty_common::*;
use rust_decimal::Decimal;
use thidua::model::{Kind, ValueKey};
use thidua::server::{ClientStore, launch, serve};
use thidua::store::Store;
use thidua::store::user::os_user;

fn binary() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_thidua"))
}

fn start(db: &Path) -> Pty {
    let db = db.to_str().expect("utf-8 temp path");
    let pty = Pty::start(&binary(), &["--db", db], 80, 24);
    pty.wait_text("Các tỉnh (12/12)");
    pty
}

/// An Giang's GRDP growth in 2021-H1: empty, the Matrix's first cell.
fn ag_grdp() -> ValueKey {
    ValueKey::new(
        "2021-H1".parse().expect("period"),
        "AG",
        "GRDP_GROWTH",
        Kind::Actual,
    )
}

/// The Matrix's An Giang row as the terminal shows it.
fn an_giang_row(pty: &Pty) -> String {
    pty.contents()
        .lines()
        .find(|l| l.contains("An Giang"))
        .unwrap_or("")
        .to_string()
}

fn quit(mut pty: Pty) {
    pty.send(CTRL_Q);
    assert!(pty.wait_exit().success());
}

/// #11 scenario 1 exactly: B types 5,5 without Enter; A types 6,6 and
/// Enter; B's editor says A changed it; B's Enter is refused naming A;
/// B's second confirmation overwrites; the audit (History, F3) says it was
/// a knowing overwrite.
#[test]
fn no_lost_update_between_two_officers_on_one_cell() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("db");
    let a = start(&db);
    let b = start(&db);
    // One server for both: the one the first started.
    let server = std::fs::read_to_string(launch::pid_file(&db)).expect("pid file");
    a.wait_text("máy chủ");
    b.wait_text("máy chủ");
    for officer in [&a, &b] {
        officer.send(F4);
        officer.wait_text("Tỉnh × chỉ tiêu");
    }
    let who = os_user();

    b.text("5,5");
    b.wait_for("B typing", |s| {
        s.contents()
            .lines()
            .any(|l| l.contains("An Giang") && l.contains("5,5"))
    });
    a.text("6,6");
    a.send(ENTER);
    a.wait_text("Đã lưu 6,60");

    // B's editor says so, at once, and keeps what B typed.
    b.wait_text(&format!("Ô vừa được {who} sửa thành 6,60 lúc "));
    assert!(an_giang_row(&b).contains("5,5"), "{}", an_giang_row(&b));
    // B's Enter is refused, naming A, the value and when.
    b.send(ENTER);
    b.wait_text(&format!("Chưa lưu: {who} sửa thành 6,60 lúc "));
    b.wait_text("Enter: ghi đè 5,50 · Esc: giữ");
    let reader = ClientStore::connect(&serve::default_socket(&db)).expect("reader");
    let value = |s: &ClientStore| s.get(&ag_grdp()).expect("get").map(|f| f.value.normalize());
    assert_eq!(value(&reader), Some("6.6".parse::<Decimal>().expect("dec")));
    // The second confirmation overwrites knowingly.
    b.send(ENTER);
    b.wait_text(&format!("Đã ghi đè 5,50 (thay 6,60 của {who})"));
    assert_eq!(value(&reader), Some("5.5".parse::<Decimal>().expect("dec")));
    // A sees B's figure arrive.
    a.wait_for("A sees 5,50", |s| {
        s.contents()
            .lines()
            .any(|l| l.contains("An Giang") && l.contains("5,50"))
    });
    // The audit says it was a knowing overwrite: History (F3) on the cell.
    b.send(UP);
    b.send(F3);
    b.wait_text("An Giang · Tốc độ tăng trưởng kinh tế GRDP · thực hiện 2021-H1");
    b.wait_text("ghi đè số người khác");
    let history = reader.history(&ag_grdp()).expect("history");
    assert_eq!(history.len(), 2);
    assert!(!history[0].note.overwrite && history[1].note.overwrite);
    assert_eq!(
        std::fs::read_to_string(launch::pid_file(&db)).expect("pid file"),
        server,
        "one server all along"
    );
    drop(reader);
    quit(b);
    quit(a);
}

/// The server is killed while an officer types: the status line says so
/// at once and keeps the typed figure; the application starts the
/// personal server again by itself, fetches again what it shows, and the
/// open editor is checked against the values after the reconnect.
#[test]
fn a_killed_server_is_said_at_once_and_an_open_editor_survives_the_reconnect() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("db");
    let a = start(&db);
    a.send(F4);
    a.wait_text("Tỉnh × chỉ tiêu");
    a.text("5,5");
    a.wait_for("typing", |s| {
        s.contents()
            .lines()
            .any(|l| l.contains("An Giang") && l.contains("5,5"))
    });
    let pid: i32 = std::fs::read_to_string(launch::pid_file(&db))
        .expect("pid file")
        .trim()
        .parse()
        .expect("pid");
    // SAFETY: kill(2) on the server the application started.
    assert_eq!(unsafe { libc::kill(pid, libc::SIGKILL) }, 0);
    a.wait_text("Mất kết nối với máy chủ; đang nối lại");
    assert!(an_giang_row(&a).contains("5,5"), "{}", an_giang_row(&a));
    // Back by itself (a personal database: it starts the server again).
    a.wait_text("Đã kết nối lại với máy chủ");
    assert!(an_giang_row(&a).contains("5,5"), "{}", an_giang_row(&a));
    let again: i32 = std::fs::read_to_string(launch::pid_file(&db))
        .expect("pid file")
        .trim()
        .parse()
        .expect("pid");
    assert_ne!(again, pid, "a new server");
    // Another officer's write after the reconnect reaches the open editor.
    let other = ClientStore::connect(&serve::default_socket(&db)).expect("other");
    other
        .write(thidua::store::Edit::new(
            ag_grdp(),
            Some(thidua::model::Figure::plain("6.6".parse().expect("dec"))),
            thidua::store::Expect::Value(None),
        ))
        .expect("write")
        .expect("changed");
    a.wait_text("Ô vừa được");
    a.send(ENTER);
    a.wait_text("Chưa lưu: ");
    a.send(ESC);
    a.wait_text("Giữ số của");
    assert!(an_giang_row(&a).contains("6,60"), "{}", an_giang_row(&a));
    drop(other);
    quit(a);
}
