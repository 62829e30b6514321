//! `thidua import FILE.xlsx` through the real binary, on workbooks built
//! here with rust_xlsxwriter: the wide layout by names and codes, the long
//! layout, cached formula values; and every bad input named by its sheet
//! and cell, exit 1, the database unchanged.

mod cli_common;

use std::path::{Path, PathBuf};

use cli_common::thidua;
use rust_xlsxwriter::{Format, Formula, Workbook, Worksheet};

fn export(db: &Path) -> String {
    let out = thidua(db, &["export"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8")
}

/// A workbook with one sheet, filled by `fill`, saved as `name` in `dir`.
fn book(dir: &Path, name: &str, sheet: &str, fill: impl FnOnce(&mut Worksheet)) -> PathBuf {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name(sheet).expect("sheet name");
    fill(ws);
    let path = dir.join(name);
    wb.save(&path).expect("saved");
    path
}

fn import(db: &Path, file: &Path, extra: &[&str]) -> std::process::Output {
    let mut args = vec!["import", file.to_str().expect("path")];
    args.extend_from_slice(extra);
    thidua(db, &args)
}

const WIDE: [&str; 4] = ["--period", "2021-H2", "--kind", "actual"];

#[test]
fn a_wide_sheet_imports_by_names_and_codes() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("db");
    let file = book(dir.path(), "tinh.xlsx", "Sheet1", |ws| {
        for (c, h) in [
            "Tỉnh",
            "Tổng thu ngân sách",
            "EXPORT",
            "Kim ngạch xuất khẩu đạt % kế hoạch (%)",
        ]
        .iter()
        .enumerate()
        {
            ws.write_string(0, c as u16, *h).expect("header");
        }
        ws.write_string(1, 0, "Đồng Tháp").expect("name");
        ws.write_number(1, 1, 1234.5).expect("n");
        ws.write_number(1, 2, 700).expect("n");
        ws.write_string(2, 0, "AG").expect("code");
        ws.write_number(2, 2, 812.25).expect("n");
        ws.write_number(2, 3, 61.5).expect("n");
        // A cached formula value is used.
        ws.write_string(3, 0, "hau giang").expect("no accents");
        ws.write_formula(3, 1, Formula::new("=1000+550").set_result("1550"))
            .expect("formula");
    });
    let out = import(&db, &file, &WIDE);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        "Đã nhập: 5 giá trị mới, 0 thay đổi, 0 không đổi."
    );
    let csv = export(&db);
    for line in [
        "DT,BUDGET_REV,2021-H2,actual,1234.5",
        "DT,EXPORT,2021-H2,actual,700",
        "AG,EXPORT,2021-H2,actual,812.25",
        "AG,EXPORT_PCT_PLAN,2021-H2,actual,61.5",
        "HG,BUDGET_REV,2021-H2,actual,1550",
    ] {
        assert!(csv.contains(&format!("\n{line},,\n")), "{line} missing");
    }
}

#[test]
fn a_long_sheet_imports_like_the_csv() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("db");
    let file = book(dir.path(), "dai.xlsx", "Số liệu", |ws| {
        let header = [
            "province_code",
            "indicator_code",
            "period",
            "kind",
            "value",
            "ghi chú",
        ];
        for (c, h) in header.iter().enumerate() {
            ws.write_string(0, c as u16, *h).expect("header");
        }
        ws.write_row(1, 0, ["DT", "EXPORT", "2021-H2", "actual"])
            .expect("row");
        ws.write_number(1, 4, 650).expect("n");
        ws.write_row(2, 0, ["CLUSTER", "EXPORT", "2022"])
            .expect("row");
        ws.write_string(2, 3, "plan").expect("kind");
        ws.write_number(2, 4, 20000).expect("n");
        // A year typed as a number is a year all the same.
        ws.write_row(3, 0, ["HG", "EXPORT"]).expect("row");
        ws.write_number(3, 2, 2023).expect("year");
        ws.write_row(3, 3, ["plan", "5"]).expect("row");
    });
    let out = import(&db, &file, &[]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let csv = export(&db);
    assert!(csv.contains("\nDT,EXPORT,2021-H2,actual,650,,\n"));
    assert!(csv.contains("\nCLUSTER,EXPORT,2022,plan,20000,,\n"));
    assert!(csv.contains("\nHG,EXPORT,2023,plan,5,,\n"));
}

/// Each bad workbook: exit 1, the message (with its cell), nothing written.
#[test]
fn every_bad_sheet_is_named_by_its_cell_and_nothing_is_written() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("db");
    let before = export(&db);
    let d = dir.path();
    let header = |ws: &mut Worksheet, names: &[&str]| {
        for (c, h) in names.iter().enumerate() {
            ws.write_string(0, c as u16, *h).expect("header");
        }
    };
    let text_file = d.join("khong-phai.xlsx");
    std::fs::write(&text_file, "province_code,indicator_code\n").expect("write");
    let docx = d.join("van-ban.xlsx");
    {
        // A zip that is no workbook (a Word document renamed).
        let out = thidua(
            &db,
            &[
                "report",
                "--period",
                "2021-H1",
                "--format",
                "docx",
                "--out",
                docx.to_str().expect("p"),
            ],
        );
        assert!(out.status.success());
    }
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let cases: Vec<(PathBuf, Vec<&str>, &str)> = vec![
        (
            book(d, "unknown.xlsx", "Sheet1", |ws| {
                header(ws, &["Tỉnh", "EXPORT", "Số gà"]);
                ws.write_string(1, 0, "DT").expect("unit");
                ws.write_number(1, 1, 5).expect("n");
                ws.write_number(1, 2, 5).expect("n");
            }),
            WIDE.to_vec(),
            "Sheet1!C1: không có chỉ tiêu «Số gà»",
        ),
        (
            book(d, "unit.xlsx", "Sheet1", |ws| {
                header(ws, &["Tỉnh", "EXPORT"]);
                ws.write_string(1, 0, "DT").expect("unit");
                ws.write_number(1, 1, 5).expect("n");
                ws.write_string(2, 0, "Hà Nội").expect("unit");
                ws.write_number(2, 1, 5).expect("n");
            }),
            WIDE.to_vec(),
            "Sheet1!A3: không có tỉnh «Hà Nội»",
        ),
        (
            book(d, "range.xlsx", "Sheet1", |ws| {
                header(ws, &["Tỉnh", "GRDP_GROWTH"]);
                ws.write_string(1, 0, "DT").expect("unit");
                ws.write_number(1, 1, 52049).expect("n");
            }),
            WIDE.to_vec(),
            "Sheet1!B2: Giá trị 52049 của «Tốc độ tăng trưởng kinh tế GRDP» nằm ngoài khoảng",
        ),
        (
            book(d, "ambiguous.xlsx", "Sheet1", |ws| {
                header(ws, &["Tỉnh", "EXPORT"]);
                ws.write_string(1, 0, "DT").expect("unit");
                ws.write_string(1, 1, "1.234").expect("text");
            }),
            WIDE.to_vec(),
            "Sheet1!B2: ô chứa chữ «1.234», không phải số",
        ),
        (
            book(d, "merged.xlsx", "Sheet1", |ws| {
                header(ws, &["Tỉnh"]);
                ws.merge_range(0, 1, 0, 2, "Ngân sách", &Format::new())
                    .expect("merge");
                ws.write_string(1, 0, "DT").expect("unit");
                ws.write_number(1, 1, 5).expect("n");
            }),
            WIDE.to_vec(),
            "Sheet1!B1:C1: ô tiêu đề bị gộp (merge)",
        ),
        (
            book(d, "formula.xlsx", "Sheet1", |ws| {
                // Written by a program that does not calculate: no cached value.
                ws.set_formula_result_default("");
                header(ws, &["Tỉnh", "EXPORT"]);
                ws.write_string(1, 0, "DT").expect("unit");
                ws.write_formula(1, 1, "=SUM(C2:C3)").expect("formula");
            }),
            WIDE.to_vec(),
            "Sheet1!B2: ô có công thức «=SUM(C2:C3)» nhưng không có giá trị đã tính",
        ),
        (
            book(d, "sheet.xlsx", "Sheet1", |ws| {
                header(ws, &["Tỉnh", "EXPORT"])
            }),
            vec!["--sheet", "Không có", "--period", "2021-H2"],
            "không có trang «Không có» trong bảng tính; các trang có: Sheet1",
        ),
        (
            book(d, "no-period.xlsx", "Sheet1", |ws| {
                header(ws, &["Tỉnh", "EXPORT"]);
                ws.write_string(1, 0, "DT").expect("unit");
                ws.write_number(1, 1, 5).expect("n");
            }),
            vec![],
            "hãy cho biết kỳ, ví dụ --period 2021-H1",
        ),
        (
            book(d, "long-bad.xlsx", "Số liệu", |ws| {
                header(
                    ws,
                    &["province_code", "indicator_code", "period", "kind", "value"],
                );
                ws.write_row(1, 0, ["DT", "EXPORT", "2021-H2", "actual"])
                    .expect("row");
                ws.write_number(1, 4, 1).expect("n");
                ws.write_row(2, 0, ["DT", "NO_SUCH", "2021-H3", "actual"])
                    .expect("row");
                ws.write_number(2, 4, 1).expect("n");
                ws.write_row(3, 0, ["DT", "EXPORT", "2021-H2", "actual"])
                    .expect("row");
                ws.write_number(3, 4, 2).expect("n");
            }),
            vec![],
            "'Số liệu'!B3: không có chỉ tiêu mã «NO_SUCH»",
        ),
        (
            text_file,
            WIDE.to_vec(),
            "tệp không phải bảng tính đọc được",
        ),
        (docx, WIDE.to_vec(), "tệp không phải bảng tính đọc được"),
        (
            fixtures.join("password-protected.xlsx"),
            vec![],
            "bảng tính được bảo vệ bằng mật khẩu",
        ),
    ];
    for (file, args, expected) in cases {
        let out = import(&db, &file, &args);
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
fn the_long_sheets_other_errors_name_their_cells_too() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("db");
    let file = book(dir.path(), "dai.xlsx", "Sheet1", |ws| {
        for (c, h) in ["province_code", "indicator_code", "period", "kind", "value"]
            .iter()
            .enumerate()
        {
            ws.write_string(0, c as u16, *h).expect("header");
        }
        ws.write_row(1, 0, ["DT", "EXPORT", "2021-H3", "actual"])
            .expect("row");
        ws.write_number(1, 4, 1).expect("n");
        ws.write_row(2, 0, ["DT", "EXPORT", "2021-H2", "actual"])
            .expect("row");
        ws.write_number(2, 4, 1).expect("n");
        ws.write_row(3, 0, ["DT", "EXPORT", "2021-H2", "actual"])
            .expect("row");
        ws.write_number(3, 4, 2).expect("n");
        ws.write_row(4, 0, ["XX", "EXPORT", "2021-H2", "actual"])
            .expect("row");
        ws.write_boolean(4, 4, true).expect("bool");
    });
    let out = import(&db, &file, &[]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1));
    for expected in [
        "Sheet1!C2: Kỳ «2021-H3» không hợp lệ",
        "Sheet1!E4: trùng ô với Sheet1!E3",
        "Sheet1!E5: ô là giá trị đúng/sai (TRUE)",
        "Không nhập gì: 3 lỗi",
    ] {
        assert!(stderr.contains(expected), "«{expected}» in:\n{stderr}");
    }
    // A CSV with sheet options is told what they are for.
    let csv = dir.path().join("x.csv");
    std::fs::write(&csv, "province_code,indicator_code,period,kind,value\n").expect("write");
    let out = import(&db, &csv, &["--period", "2021"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("chỉ dùng khi nhập bảng tính"));
}
