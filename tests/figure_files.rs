//! Qualifiers (ước đạt, trên/hơn, khoảng, tính ra) and comments in the
//! files thidua writes and reads, through the real binary: export →
//! import into a fresh database → export is byte-identical in every
//! format; an import that changes nothing says so and writes no audit
//! entry; old five-column files still import; a bad qualifier or comment
//! is named by line and column (a sheet's cell) and nothing is written.

mod cli_common;

use std::path::{Path, PathBuf};

use cli_common::thidua;

fn ok(out: &std::process::Output) -> String {
    assert!(
        out.status.success(),
        "{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout.clone()).expect("utf-8")
}

fn export(db: &Path, format: &str) -> String {
    ok(&thidua(db, &["export", "--format", format]))
}

fn import(db: &Path, file: &Path) -> std::process::Output {
    thidua(db, &["import", file.to_str().expect("path")])
}

fn write(dir: &Path, name: &str, content: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, content).expect("write");
    path
}

/// How many audit entries the database holds, as `thidua check` counts them.
fn audit_entries(db: &Path) -> u64 {
    let text = ok(&thidua(db, &["check"]));
    let (_, after) = text.split_once("giá trị, ").expect("check's summary");
    after
        .split_whitespace()
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no count in {text}"))
}

const HEADER: &str = "province_code,indicator_code,period,kind,value,qualifier,comment\n";

#[test]
fn qualifiers_and_comments_survive_export_import_export_byte_identical() {
    let dir = tempfile::tempdir().expect("tempdir");
    let a = dir.path().join("a");
    // Comments a CSV must quote, a formula Excel would run, Vietnamese in
    // decomposed form (stored NFC), and qualifiers in Vietnamese words.
    let nfd = "Khoa\u{309}ng theo ba\u{301}o ca\u{301}o tha\u{301}ng 5";
    let content = format!(
        "{HEADER}\
         DT,EXPORT,2021-H2,actual,700.25,estimate,\"ước tính, chờ số chính thức \"\"quý\"\"\"\n\
         AG,BUDGET_REV,2021-H2,actual,9000,ước đạt;trên,=HYPERLINK(\"http://x\")\n\
         CLUSTER,EXPORT,2022,plan,20000,approx;derived,{nfd}\n\
         HG,BUDGET_REV,2021-H1,actual,2550,lower_bound,\n"
    );
    let file = write(dir.path(), "a.csv", &content);
    let said = ok(&import(&a, &file));
    assert_eq!(
        said.trim(),
        "Đã nhập: 3 giá trị mới, 1 thay đổi, 0 không đổi."
    );
    let csv = export(&a, "csv");
    assert!(
        csv.contains(
            "\nDT,EXPORT,2021-H2,actual,700.25,estimate,\"ước tính, chờ số chính thức \"\"quý\"\"\"\n"
        ),
        "{csv}"
    );
    // Excel must not run the comment: it is written as text after a `'`.
    assert!(
        csv.contains("\nAG,BUDGET_REV,2021-H2,actual,9000,estimate;lower_bound,\"'=HYPERLINK(\"\"http://x\"\")\"\n"),
        "{csv}"
    );
    assert!(
        csv.contains(
            "\nCLUSTER,EXPORT,2022,plan,20000,approx;derived,Khoảng theo báo cáo tháng 5\n"
        )
    );
    assert!(csv.contains("\nHG,BUDGET_REV,2021-H1,actual,2550,lower_bound,\n"));
    // The built-in figures carry theirs: the report's "ước đạt trên 52.049".
    assert!(csv.contains("\nCLUSTER,BUDGET_REV,2021-H1,actual,52049,estimate;lower_bound,\n"));

    // Into a fresh database and out again: the same bytes, every format.
    let exported = write(dir.path(), "export.csv", &csv);
    let b = dir.path().join("b");
    ok(&import(&b, &exported));
    assert_eq!(export(&b, "csv"), csv);
    for format in ["json", "md"] {
        assert_eq!(export(&b, format), export(&a, format), "{format}");
    }
    let json: serde_json::Value = serde_json::from_str(&export(&a, "json")).expect("json");
    let row = json
        .as_array()
        .and_then(|rows| {
            rows.iter()
                .find(|r| r["province_code"] == "AG" && r["period"] == "2021-H2")
        })
        .expect("AG row");
    assert_eq!(row["qualifier"], "estimate;lower_bound");
    assert_eq!(row["comment"], "=HYPERLINK(\"http://x\")");
    assert!(export(&a, "md").contains(
        "| DT | EXPORT | 2021-H2 | actual | 700.25 | estimate | ước tính, chờ số chính thức \"quý\" |"
    ));

    // The workbook's long sheet carries them too.
    let book = dir.path().join("a.xlsx");
    ok(&thidua(
        &a,
        &[
            "export",
            "--format",
            "xlsx",
            "--out",
            book.to_str().expect("p"),
        ],
    ));
    let c = dir.path().join("c");
    let out = ok(&import(&c, &book));
    assert!(out.contains("3 giá trị mới, 1 thay đổi"), "{out}");
    assert_eq!(export(&c, "csv"), csv);
}

#[test]
fn an_import_that_changes_nothing_says_so_and_writes_no_audit_entry() {
    let dir = tempfile::tempdir().expect("tempdir");
    let a = dir.path().join("a");
    let csv = export(&a, "csv");
    let file = write(dir.path(), "builtin.csv", &csv);
    let b = dir.path().join("b");
    // A fresh database holds the same built-in figures.
    assert_eq!(export(&b, "csv"), csv);
    let before = audit_entries(&b);
    let out = ok(&import(&b, &file));
    assert_eq!(
        out.trim(),
        format!(
            "Không có gì thay đổi: cả {} giá trị trong tệp đã có sẵn, giống hệt; nhật ký không thêm mục nào.",
            csv.lines().count() - 1
        )
    );
    assert_eq!(audit_entries(&b), before, "no audit entry written");
    assert_eq!(export(&b, "csv"), csv);

    // The same with an old five-column file: its figures are the stored
    // ones, so their qualifiers and comments stay as they are.
    let old: String = csv
        .lines()
        .map(|l| {
            let mut f: Vec<&str> = l.splitn(6, ',').collect();
            f.truncate(5);
            format!("{}\n", f.join(","))
        })
        .collect();
    assert!(old.starts_with("\u{feff}province_code,indicator_code,period,kind,value\n"));
    let file = write(dir.path(), "old.csv", &old);
    let out = ok(&import(&b, &file));
    assert!(out.starts_with("Không có gì thay đổi"), "{out}");
    assert_eq!(audit_entries(&b), before);
    assert_eq!(export(&b, "csv"), csv);

    // The count does move: one changed comment is one entry.
    let changed = csv.replacen(
        "CLUSTER,BUDGET_REV,2021-H1,actual,52049,estimate;lower_bound,\n",
        "CLUSTER,BUDGET_REV,2021-H1,actual,52049,estimate;lower_bound,theo Báo cáo 209\n",
        1,
    );
    assert_ne!(changed, csv);
    let file = write(dir.path(), "changed.csv", &changed);
    let out = ok(&import(&b, &file));
    assert!(out.contains("0 giá trị mới, 1 thay đổi"), "{out}");
    assert_eq!(audit_entries(&b), before + 1);
}

#[test]
fn an_old_five_column_file_imports_as_before() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("db");
    let file = write(
        dir.path(),
        "old.csv",
        "province_code,indicator_code,period,kind,value,note\n\
         DT,EXPORT,2021-H2,actual,700,ignored column\n\
         CLUSTER,BUDGET_REV,2021-H1,actual,52050,\n",
    );
    let out = ok(&import(&db, &file));
    assert_eq!(
        out.trim(),
        "Đã nhập: 1 giá trị mới, 1 thay đổi, 0 không đổi."
    );
    let csv = export(&db, "csv");
    assert!(csv.contains("\nDT,EXPORT,2021-H2,actual,700,,\n"));
    // A changed figure is the file's, plainly: no old "ước đạt trên" on it.
    assert!(
        csv.contains("\nCLUSTER,BUDGET_REV,2021-H1,actual,52050,,\n"),
        "{csv}"
    );
}

#[test]
fn a_bad_qualifier_or_comment_is_named_by_line_and_column_and_nothing_is_written() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("db");
    let before = export(&db, "csv");
    let long = "x".repeat(4001);
    let file = write(
        dir.path(),
        "bad.csv",
        &format!(
            "{HEADER}\
             DT,EXPORT,2021-H2,actual,700,estimate;maybe,\n\
             AG,EXPORT,2021-H2,actual,800,,{long}\n\
             HG,EXPORT,2021-H2,actual,900,approx,fine\n"
        ),
    );
    let out = import(&db, &file);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("dòng 2, cột qualifier: không hiểu «maybe» trong cột qualifier: dùng estimate (ước đạt), lower_bound (trên/hơn), approx (khoảng), derived (tính ra)"),
        "{err}"
    );
    assert!(
        err.contains("dòng 3, cột comment: ghi chú dài 4001 ký tự, tối đa 4000"),
        "{err}"
    );
    assert!(err.contains("Không nhập gì: 2 lỗi."), "{err}");
    assert_eq!(export(&db, "csv"), before, "nothing written");
}

#[test]
fn a_long_sheet_takes_qualifiers_and_comments_and_names_a_bad_cell() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("db");
    let book = |name: &str, qualifier: &str| {
        let mut wb = rust_xlsxwriter::Workbook::new();
        let ws = wb.add_worksheet();
        for (c, h) in HEADER.trim().split(',').enumerate() {
            ws.write_string(0, c as u16, h).expect("header");
        }
        for (c, t) in ["DT", "EXPORT", "2021-H2", "actual"].iter().enumerate() {
            ws.write_string(1, c as u16, *t).expect("cell");
        }
        ws.write_number(1, 4, 700.5).expect("value");
        ws.write_string(1, 5, qualifier).expect("qualifier");
        ws.write_string(1, 6, "số của Sở Công Thương")
            .expect("comment");
        let path = dir.path().join(name);
        wb.save(&path).expect("saved");
        path
    };
    let out = import(&db, &book("bad.xlsx", "khoảng;chắc"));
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("Sheet1!F2: không hiểu «chắc»"), "{err}");
    let out = ok(&import(&db, &book("good.xlsx", "khoảng")));
    assert!(out.contains("1 giá trị mới"), "{out}");
    assert!(
        export(&db, "csv")
            .contains("\nDT,EXPORT,2021-H2,actual,700.5,approx,số của Sở Công Thương\n")
    );
}
