//! Two officers on one figure's comment, end to end (#11, the whole
//! figure): two real application processes on one real server. A opens
//! the comment field and types; B saves a comment on the same figure; A's
//! field says so at once, A's Enter is refused naming B and the comment,
//! the second Enter overwrites knowingly, and the audit says so.

mod pty_common;

use std::path::{Path, PathBuf};

use pty_common::*;
use thidua::model::{Kind, ValueKey};
use thidua::server::{ClientStore, serve};
use thidua::store::Store;
use thidua::store::user::os_user;

const CTRL_N: &[u8] = b"\x0e";

fn binary() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_thidua"))
}

fn start(db: &Path) -> Pty {
    let db = db.to_str().expect("utf-8 temp path");
    let pty = Pty::start(&binary(), &["--db", db], 80, 24);
    pty.wait_text("Các tỉnh (12/12)");
    pty
}

/// Bạc Liêu's GRDP growth in 2021-H1 (7,77): the Matrix's second row.
fn bl_grdp() -> ValueKey {
    ValueKey::new(
        "2021-H1".parse().expect("period"),
        "BL",
        "GRDP_GROWTH",
        Kind::Actual,
    )
}

fn quit(mut pty: Pty) {
    pty.send(CTRL_Q);
    assert!(pty.wait_exit().success());
}

#[test]
fn a_comment_saved_by_another_officer_is_not_overwritten_unseen() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("db");
    let a = start(&db);
    let b = start(&db);
    a.wait_text("máy chủ");
    b.wait_text("máy chủ");
    for officer in [&a, &b] {
        officer.send(F4);
        officer.wait_text("Tỉnh × chỉ tiêu");
        officer.send(DOWN);
        officer.send(CTRL_N);
        officer.wait_text("Ghi chú · Bạc Liêu");
    }
    let who = os_user();
    a.text("Số của Sở KH-ĐT");
    a.wait_text("Số của Sở KH-ĐT");
    b.text("Theo Cục Thống kê");
    b.send(ENTER);
    b.wait_text("Đã lưu ghi chú");

    // A's field says so at once and keeps what A typed.
    a.wait_text(&format!("Ô vừa được {who} sửa ghi chú lúc "));
    assert!(a.contents().contains("Số của Sở KH-ĐT"), "{}", a.contents());
    // A's Enter is refused, naming B and the comment.
    a.send(ENTER);
    a.wait_text(&format!("Chưa lưu: {who} sửa ghi chú lúc "));
    a.wait_text("Enter: ghi đè ghi chú · Esc: giữ");
    let reader = ClientStore::connect(&serve::default_socket(&db)).expect("reader");
    let note = |s: &ClientStore| s.get(&bl_grdp()).expect("get").and_then(|f| f.note);
    assert_eq!(note(&reader).as_deref(), Some("Theo Cục Thống kê"));
    // The second confirmation overwrites knowingly.
    a.send(ENTER);
    a.wait_text(&format!("Đã ghi đè ghi chú (thay của {who})"));
    assert_eq!(note(&reader).as_deref(), Some("Số của Sở KH-ĐT"));
    let history = reader.history(&bl_grdp()).expect("history");
    let last = history.last().expect("entries");
    assert!(last.note.overwrite, "{last:?}");
    assert!(
        !history[history.len() - 2].note.overwrite,
        "B's comment was a plain write"
    );
    // B sees A's comment arrive: the title line still says there is one,
    // and B's History (F3) shows the knowing overwrite.
    b.send(F3);
    b.wait_text("ghi đè số người khác");
    drop(reader);
    quit(b);
    quit(a);
}
