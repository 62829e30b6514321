//! `thidua export` and `thidua import` through the real binary: round trips
//! byte for byte, and every bad input is named and changes nothing.

mod cli_common;

use std::path::Path;
use std::process::Output;

use cli_common::thidua;

fn export(db: &Path) -> String {
    let out = thidua(db, &["export"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf8")
}

fn import_file(db: &Path, content: &[u8]) -> Output {
    let file = db.with_extension("csv");
    std::fs::write(&file, content).expect("write csv");
    thidua(db, &["import", file.to_str().expect("utf8")])
}

#[test]
fn export_has_the_exact_header_and_the_reported_figures() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("db");
    let csv = export(&db);
    let mut lines = csv.lines();
    // A UTF-8 BOM first, so Excel on Windows reads the file as UTF-8.
    assert_eq!(
        lines.next(),
        Some("\u{feff}province_code,indicator_code,period,kind,value,qualifier,comment")
    );
    assert!(csv.contains("\nHG,BUDGET_REV,2021-H1,actual,2550,,\n"));
    assert!(csv.contains("\nHG,BUDGET_REV,2021,plan,3327.24,approx;derived,"));
    assert!(csv.contains("\nCLUSTER,BUDGET_REV,2021-H1,actual,52049,estimate;lower_bound,\n"));
    assert!(csv.contains("\nCLUSTER,GRDP_GROWTH,2021-H1,actual,4.9,estimate,\n"));
    assert!(!csv.contains("plan_pct"));
    let rows: Vec<&str> = csv.lines().skip(1).collect();
    let mut sorted = rows.clone();
    sorted.sort_by_key(|r| {
        let f: Vec<&str> = r.split(',').collect();
        (f[0].to_string(), f[1].to_string())
    });
    assert_eq!(rows, sorted, "sorted by province then indicator");
}

#[test]
fn export_of_one_period_and_other_formats() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("db");
    let out = thidua(&db, &["export", "--period", "2021"]);
    let csv = String::from_utf8(out.stdout).expect("utf8");
    assert!(
        csv.lines()
            .skip(1)
            .all(|l| l.split(',').nth(2) == Some("2021")),
        "{csv}"
    );
    assert!(csv.contains("TV,NEW_JOBS,2021,plan,22995.52"));
    let json =
        String::from_utf8(thidua(&db, &["export", "--period", "2021", "--format", "json"]).stdout)
            .expect("utf8");
    let parsed: serde_json::Value = serde_json::from_str(&json).expect("valid json");
    assert_eq!(
        parsed.as_array().map(|a| a.len()),
        Some(csv.lines().count() - 1)
    );
    assert!(json.contains("\"value\": 22995.52"), "{json}");
    let md = String::from_utf8(thidua(&db, &["export", "--format", "md"]).stdout).expect("utf8");
    assert!(md.contains("| HG | BUDGET_REV | 2021 | plan | 3327.24 |"));
    let bad = thidua(&db, &["export", "--period", "2021-H3"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("2021-Q3"));
}

#[test]
fn export_then_import_into_a_fresh_database_is_identical() {
    let dir = tempfile::tempdir().expect("tempdir");
    let a = dir.path().join("a");
    // Make database A differ from the built-in data first.
    let out = import_file(&a, b"province_code,indicator_code,period,kind,value\nDT,EXPORT,2021-H2,actual,700.25\nCLUSTER,EXPORT,2022,plan,20000\n");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        "Đã nhập: 2 giá trị mới, 0 thay đổi, 0 không đổi."
    );
    let exported = export(&a);
    let b = dir.path().join("b");
    let out = import_file(&b, exported.as_bytes());
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("2 giá trị mới"));
    assert_eq!(export(&b), exported);
}

#[test]
fn bom_crlf_and_extra_columns_are_accepted() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("db");
    let mut content =
        b"\xEF\xBB\xBFprovince_code,indicator_code,period,kind,value,note\r\n".to_vec();
    content.extend_from_slice(
        "DT,EXPORT,2021-H1,actual,650,ghi chú «Đồng Tháp»\r\nHG,EXPORT,2021-H1,actual,606,\r\n"
            .as_bytes(),
    );
    let out = import_file(&db, &content);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        "Đã nhập: 1 giá trị mới, 1 thay đổi, 0 không đổi."
    );
    assert!(export(&db).contains("\nDT,EXPORT,2021-H1,actual,650,,\n"));
}

/// Each bad input names line and column, exits 1 and leaves the data as it was.
#[test]
fn every_bad_row_is_reported_and_nothing_is_written() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("db");
    let before = export(&db);
    let header = "province_code,indicator_code,period,kind,value\n";
    let good = "DT,EXPORT,2021-H1,actual,999\n";
    let cases: Vec<(Vec<u8>, &str)> = vec![
        (
            format!("{header}{good}XX,EXPORT,2021-H1,actual,1\n").into_bytes(),
            "dòng 3, cột province_code: không có đơn vị mã «XX»",
        ),
        (
            format!("{header}{good}DT,NO_SUCH,2021-H1,actual,1\n").into_bytes(),
            "dòng 3, cột indicator_code: không có chỉ tiêu mã «NO_SUCH»",
        ),
        (
            format!("{header}{good}DT,EXPORT,2021-H3,actual,1\n").into_bytes(),
            "dòng 3, cột period: Kỳ «2021-H3» không hợp lệ",
        ),
        (
            format!("{header}{good}DT,EXPORT,2021-H1,actual,1.234,5\n").into_bytes(),
            "dòng 3: có 6 cột, tiêu đề có 5 cột",
        ),
        (
            format!("{header}{good}DT,EXPORT,2021-H1,actual,12a\n").into_bytes(),
            "dòng 3, cột value: «12a» không phải số",
        ),
        (
            format!("{header}{good}DT,GRDP_GROWTH,2021-H1,actual,52049\n").into_bytes(),
            "dòng 3, cột value: Giá trị 52049 của «Tốc độ tăng trưởng kinh tế GRDP» nằm ngoài khoảng cho phép -100 đến 10000",
        ),
        (
            format!("{header}{good}DT,NTM_COMMUNES,2021-H1,actual,2.5\n").into_bytes(),
            "dòng 3, cột value: Giá trị 2.5 của «Xã được công nhận đạt chuẩn nông thôn mới» phải là số nguyên (xã)",
        ),
        (
            format!("{header}{good}DT,EXPORT,2021-H1,plan_pct,1\n").into_bytes(),
            "dòng 3, cột kind: loại «plan_pct» không hợp lệ",
        ),
        (
            format!("{header}{good}DT,EXPORT,2021-H1,actual,5\n").into_bytes(),
            "dòng 3: trùng ô với dòng 2",
        ),
        (
            [
                header.as_bytes(),
                good.as_bytes(),
                b"DT,EXPORT,2021-H1,actual,\xff\xfe\n",
            ]
            .concat(),
            "dòng 3, cột value: có byte không phải UTF-8",
        ),
        (
            b"province,indicator\nDT,EXPORT\n".to_vec(),
            "dòng 1, cột province_code: thiếu cột",
        ),
        // Numbers are read strictly: never silently changed.
        (
            format!("{header}{good}DT,NEW_JOBS,2021-H1,actual,5_000\n").into_bytes(),
            "dòng 3, cột value: «5_000» không phải số dạng máy",
        ),
        (
            format!("{header}{good}DT,NEW_JOBS,2021-H1,actual,1e3\n").into_bytes(),
            "dòng 3, cột value: «1e3» không phải số dạng máy",
        ),
        (
            format!(
                "{header}{good}DT,GRDP_GROWTH,2021-H1,actual,1.{}\n",
                "1".repeat(40)
            )
            .into_bytes(),
            "dòng 3, cột value: Số «1.11111111111111111111111111111…» quá lớn hoặc có quá nhiều chữ số thập phân",
        ),
        (
            format!(
                "{header}{good}DT,GRDP_GROWTH,2021-H1,actual,0.{}1\n",
                "0".repeat(30)
            )
            .into_bytes(),
            "quá nhiều chữ số thập phân",
        ),
        // A control character inside a code is refused, not stripped.
        (
            format!("{header}{good}D\u{0}T,EXPORT,2021-H1,actual,1\n").into_bytes(),
            "dòng 3, cột province_code: «DT» có ký tự điều khiển hoặc ký tự ẩn (mã U+0000)",
        ),
        (
            format!("{header}{good}DT,EXP\u{1b}[1mORT,2021-H1,actual,1\n").into_bytes(),
            "dòng 3, cột indicator_code: «EXPORT» có ký tự điều khiển",
        ),
        // A unit that no longer exists in the period, a figure too large.
        (
            format!("{header}{good}KG,EXPORT,2026-H1,actual,1\n").into_bytes(),
            "dòng 3, cột province_code: đơn vị «KG» (Kiên Giang) không tồn tại trong kỳ 2026-H1",
        ),
        (
            format!("{header}{good}CLUSTER,EXPORT,2021-H1,actual,79228162514264337593543950335\n")
                .into_bytes(),
            "dòng 3, cột value: Số «79228162514264337593543950335» quá lớn",
        ),
    ];
    for (content, expected) in cases {
        let out = import_file(&db, &content);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{expected}: {stderr}");
        assert!(
            stderr.contains(expected),
            "expected «{expected}» in:\n{stderr}"
        );
        assert!(stderr.contains("dữ liệu chưa thay đổi"), "{stderr}");
        assert_eq!(export(&db), before, "database changed by: {expected}");
    }
}

#[test]
fn several_errors_are_all_listed() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("db");
    let out = import_file(&db, b"province_code,indicator_code,period,kind,value\nXX,EXPORT,2021-H1,actual,1\nDT,EXPORT,20211,actual,x\n");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("dòng 2, cột province_code"), "{stderr}");
    assert!(stderr.contains("dòng 3, cột period"), "{stderr}");
    assert!(stderr.contains("dòng 3, cột value"), "{stderr}");
    assert!(stderr.contains("Không nhập gì: 3 lỗi"), "{stderr}");
}

#[test]
fn control_characters_in_a_code_are_refused_and_never_echoed() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("db");
    let before = export(&db);
    let out = import_file(
        &db,
        b"province_code,indicator_code,period,kind,value\nD\x1b[31mT,EXPORT,2021-H1,actual,1\n",
    );
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        !stderr.contains('\x1b'),
        "escape echoed back to the terminal: {stderr:?}"
    );
    assert!(stderr.contains("có ký tự điều khiển"), "{stderr}");
    assert_eq!(export(&db), before, "nothing stored under DT");
}

#[test]
fn a_weight_that_would_overflow_the_scores_is_refused_with_its_range() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("db");
    let file = dir.path().join("trong-so.csv");
    for (weight, said) in [
        (
            "79228162514264337593543950335",
            "dòng 2, cột weight: Số «79228162514264337593543950335» quá lớn hoặc có quá nhiều chữ số thập phân (tối đa 28 chữ số); trọng số từ 0 đến 1.000.000",
        ),
        ("1e3", "dòng 2, cột weight: «1e3» không phải số dạng máy"),
        (
            "1000001",
            "trọng số 1000001 nằm ngoài khoảng cho phép 0 đến 1.000.000",
        ),
        (
            "-1",
            "trọng số -1 nằm ngoài khoảng cho phép 0 đến 1.000.000",
        ),
    ] {
        std::fs::write(&file, format!("indicator_code,weight\nEXPORT,{weight}\n")).expect("write");
        let out = thidua(&db, &["import", file.to_str().expect("utf-8")]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{stderr}");
        assert!(stderr.contains(said), "{said} in {stderr}");
    }
    // The report and its score still work: nothing was stored.
    let out = thidua(&db, &["report", "--period", "2021-H1", "--format", "csv"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn report_shows_the_real_figures_in_vietnamese_format() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("db");
    let out = thidua(&db, &["report", "--period", "2021-H1"]);
    assert!(out.status.success());
    let md = String::from_utf8(out.stdout).expect("utf8");
    assert!(md.starts_with("# Cụm thi đua các tỉnh Tây Nam bộ — kỳ 2021-H1"));
    // Summary (grouped), a ranking per indicator with a plan, score, awards.
    assert!(md.contains("| **Nông thôn mới** |"));
    let budget = md
        .lines()
        .find(|l| l.starts_with("| Tổng thu ngân sách |"))
        .expect("budget row");
    // "ước đạt trên 52.049": a footnote mark, told under the table.
    assert!(budget.contains("| 52.049 [3] |"), "{budget}");
    assert!(
        md.contains("| 2 | Hậu Giang | 2.550 | 76,64% [2] |"),
        "{md}"
    );
}
