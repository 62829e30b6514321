//! Qualifiers and comments set in the real application (#15 item 2)
//! survive export → import into a fresh database → export, byte for byte.

mod cli_common;
mod pty_common;

use std::path::PathBuf;

use pty_common::*;

fn binary() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_thidua"))
}

const CTRL_D: &[u8] = b"\x04";
const CTRL_N: &[u8] = b"\x0e";
const CTRL_T: &[u8] = b"\x14";

fn exported(db: &std::path::Path) -> String {
    let out = cli_common::thidua(db, &["export", "--format", "csv"]);
    assert!(out.status.success(), "{out:?}");
    String::from_utf8(out.stdout).expect("utf-8")
}

#[test]
fn qualifiers_and_a_comment_typed_in_the_application_survive_export_import_export() {
    let dir = tempfile::tempdir().expect("temp dir");
    let a = dir.path().join("a");
    let mut pty = Pty::start(
        &binary(),
        &["--db", a.to_str().expect("utf-8 path")],
        80,
        24,
    );
    pty.wait_text("Các tỉnh (12/12)");
    pty.text("bac lieu");
    pty.wait_text("(1/12)");
    pty.send(ENTER);
    pty.wait_text("Nhập liệu · Bạc Liêu");
    // GRDP growth 7,77: ước đạt and trên, and a comment with a comma.
    pty.send(CTRL_D);
    pty.wait_text("Đã đánh dấu «ước đạt»");
    pty.send(CTRL_T);
    pty.wait_text("Đã đánh dấu «trên/hơn»");
    pty.wait_text("+7,77");
    pty.send(CTRL_N);
    pty.wait_text("Ghi chú · Bạc Liêu");
    pty.text("Theo Cục Thống kê, chưa chính thức");
    pty.send(ENTER);
    pty.wait_text("Đã lưu ghi chú");
    pty.wait_text("ước đạt, trên/hơn · có ghi chú (Ctrl+N)");
    pty.send(CTRL_Q);
    assert!(pty.wait_exit().success());
    pty.stop_server();

    let csv = exported(&a);
    assert!(
        csv.contains(
            "\nBL,GRDP_GROWTH,2021-H1,actual,7.77,estimate;lower_bound,\"Theo Cục Thống kê, chưa chính thức\"\n"
        ),
        "{csv}"
    );
    let file = dir.path().join("a.csv");
    std::fs::write(&file, &csv).expect("write");
    let b = dir.path().join("b");
    let out = cli_common::thidua(&b, &["import", file.to_str().expect("path")]);
    assert!(out.status.success(), "{out:?}");
    assert_eq!(exported(&b), csv);
}
