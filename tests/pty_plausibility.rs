//! Plausibility in the real binary (#15 item 1): an implausible GRDP
//! growth typed in Entry asks for confirmation, is saved only on the
//! second Enter, its audit entry says it was confirmed, and the report's
//! annex of checks names who confirmed it.

mod cli_common;
mod pty_common;

use std::path::PathBuf;

use pty_common::*;
use thidua::model::{Kind, ValueKey};
use thidua::store::{SledStore, Store};

fn binary() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_thidua"))
}

#[test]
fn an_implausible_grdp_growth_is_saved_only_on_the_second_enter_and_audited_confirmed() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("db");
    let mut pty = Pty::start(
        &binary(),
        &["--db", db.to_str().expect("utf-8 path")],
        80,
        24,
    );
    pty.wait_text("Các tỉnh (12/12)");
    pty.text("an giang");
    pty.wait_text("(1/12)");
    pty.send(ENTER);
    pty.wait_text("Nhập liệu · An Giang");
    // The first row: GRDP growth, actual.
    pty.text("5000");
    pty.send(ENTER);
    pty.wait_text("Số bất thường · Enter: vẫn lưu · Esc: sửa lại");
    pty.wait_text("5.000,00% cao bất thường");
    // Esc: back to the typed text; Enter asks again.
    pty.send(ESC);
    pty.wait_for("the question gone", |e| {
        !e.contents().contains("Số bất thường")
    });
    pty.send(ENTER);
    pty.wait_text("Số bất thường · Enter: vẫn lưu");
    pty.send(ENTER);
    pty.wait_text("Đã lưu 5.000,00");
    // History says it was confirmed.
    pty.send(UP);
    pty.send(F3);
    pty.wait_text("đã xác nhận");
    pty.send(CTRL_Q);
    assert!(pty.wait_exit().success());
    pty.stop_server();
    let report = cli_common::thidua(&db, &["report", "--period", "2021-H1", "--format", "md"]);
    assert!(report.status.success(), "{report:?}");
    let md = String::from_utf8(report.stdout).expect("utf-8");
    let annex = md
        .split("Phụ lục: kiểm tra số liệu")
        .nth(1)
        .expect("the annex of checks");
    let user = thidua::store::user::os_user();
    assert!(
        annex.contains("| An Giang | Tốc độ tăng trưởng kinh tế GRDP | thực hiện | 5.000,00 |")
            && annex.contains(&format!("| đã xác nhận ({user}, ")),
        "{annex}"
    );
    // One write, confirmed, in the database itself.
    let store = SledStore::open_as(&db, "canbo").expect("open the database");
    let key = ValueKey::new(
        "2021-H1".parse().expect("period"),
        "AG",
        "GRDP_GROWTH",
        Kind::Actual,
    );
    let history = store.history(&key).expect("history");
    assert_eq!(history.len(), 1, "{history:#?}");
    assert!(history[0].note.confirmed);
    assert_eq!(
        store.get(&key).expect("get").map(|f| f.value),
        Some("5000".parse().expect("decimal"))
    );
}
