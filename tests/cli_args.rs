//! The command line speaks Vietnamese: help headings and flags, every parse
//! error as one Vietnamese line with exit code 2, and the system's common
//! refusals (a missing file).

use std::process::{Command, Output};

fn thidua(args: &[&str]) -> Output {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = Command::new(env!("CARGO_BIN_EXE_thidua"))
        .args(args)
        .env("THIDUA_DB", dir.path().join("db"))
        .env_remove("THIDUA_SOCKET")
        .env("THIDUA_IDLE_EXIT", "60s")
        .output()
        .expect("run thidua");
    // A server the command started for the database goes with it.
    thidua::server::launch::stop(&dir.path().join("db"), std::time::Duration::from_secs(10));
    out
}

#[test]
fn help_has_vietnamese_headings_and_flags() {
    let out = thidua(&["--help"]);
    assert_eq!(out.status.code(), Some(0));
    let help = String::from_utf8_lossy(&out.stdout);
    for expected in [
        "Cách dùng: thidua",
        "\nLệnh:\n",
        "\nTuỳ chọn:\n",
        "In hướng dẫn này",
        "In số phiên bản",
    ] {
        assert!(help.contains(expected), "«{expected}» in:\n{help}");
    }
    for english in ["Usage:", "Options:", "Commands:", "Print help"] {
        assert!(!help.contains(english), "«{english}» in:\n{help}");
    }
    let sub = thidua(&["users", "grant", "--help"]);
    let sub = String::from_utf8_lossy(&sub.stdout);
    assert!(
        sub.contains("\nTham số:\n") && sub.contains("In hướng dẫn này"),
        "{sub}"
    );
}

#[test]
fn parse_errors_are_one_vietnamese_line_and_exit_2() {
    for (args, expected) in [
        (&["--khong-co"][..], "thidua: không có tham số «--khong-co»"),
        (
            &["frobnicate"][..],
            "thidua: không có lệnh «frobnicate» (có: export, import, report, vote, covenant, serve, users, backup, restore, check, submit, lock, unlock, status)",
        ),
        (
            &["export", "--format", "xls"][..],
            "thidua: giá trị «xls» của --format <FORMAT> không hợp lệ; dùng: csv, json, md",
        ),
        (
            &["export", "--period", "2021-H3"][..],
            "thidua: --period <PERIOD>: Kỳ «2021-H3» không hợp lệ",
        ),
        (&["report"][..], "thidua: thiếu --period <PERIOD>"),
    ] {
        let out = thidua(args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.starts_with(expected), "{args:?}:\n{stderr}");
        assert!(stderr.ends_with("Xem: thidua --help\n"), "{stderr}");
        assert!(!stderr.contains("error:"), "{stderr}");
    }
}

/// What the command line said is echoed cleaned: an argument with an
/// escape sequence (a title change, colours) never reaches the terminal.
#[test]
fn arguments_echoed_in_errors_carry_no_control_characters() {
    for args in [
        &["\u{1b}]0;pwned\u{7}frob"][..],
        &["--x\u{1b}[31m"][..],
        &["export", "--period", "2021\u{1b}[2J"][..],
        &["export", "--format", "\u{1b}[31mxls"][..],
        &["covenant", "new", "20\u{1b}[5m27", "--from", "2026"][..],
    ] {
        let out = thidua(args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(
            !stderr.chars().any(|c| c.is_control() && c != '\n'),
            "{args:?}: {stderr:?}"
        );
    }
    let out = thidua(&["covenant", "new", "27", "--from", "2026"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("«27» không phải năm: viết 4 chữ số"),
        "{stderr}"
    );
}

#[test]
fn the_covenant_commands_have_vietnamese_help() {
    let out = thidua(&["covenant", "--help"]);
    let help = String::from_utf8_lossy(&out.stdout);
    for word in ["export", "import", "new", "Lệnh:"] {
        assert!(help.contains(word), "{help}");
    }
    let out = thidua(&["covenant", "import", "--help"]);
    let help = String::from_utf8_lossy(&out.stdout);
    assert!(
        help.contains("--check") && help.contains("không thay đổi gì"),
        "{help}"
    );
}

/// The system's common refusals are said in Vietnamese too.
#[test]
fn a_missing_file_is_said_in_vietnamese() {
    let out = thidua(&["import", "/no/such/file/for/thidua.csv"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(
            "không đọc được tệp /no/such/file/for/thidua.csv: không có tệp hoặc thư mục này"
        ),
        "{stderr}"
    );
    assert!(!stderr.contains("No such file"), "{stderr}");
}
