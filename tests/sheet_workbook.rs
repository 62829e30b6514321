//! `thidua report --format xlsx` and `thidua export --format xlsx` through
//! the real binary, the workbooks read back with calamine: figures are
//! numbers equal to the database's, the sheets are there with their
//! charts, frozen panes and print set-up, and an exported workbook imports
//! into a fresh database as the same figures.

mod cli_common;

use std::io::Read;
use std::path::Path;

use calamine::{Data, Reader, Xlsx};
use cli_common::thidua;

fn workbook(path: &Path) -> Xlsx<std::io::BufReader<std::fs::File>> {
    calamine::open_workbook(path).expect("an xlsx")
}

fn zip_part(path: &Path, name: &str) -> Option<String> {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).expect("file")).expect("zip");
    let mut text = String::new();
    zip.by_name(name).ok()?.read_to_string(&mut text).ok()?;
    Some(text)
}

fn ok(out: &std::process::Output) {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The stored values as `(province, indicator, period, kind) → value` from
/// the CSV export.
fn exported(db: &Path, period: &str) -> Vec<(String, String, String, String, f64)> {
    let out = thidua(db, &["export", "--period", period]);
    ok(&out);
    String::from_utf8(out.stdout)
        .expect("utf-8")
        .lines()
        .skip(1)
        .map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            (
                f[0].to_string(),
                f[1].to_string(),
                f[2].to_string(),
                f[3].to_string(),
                f[4].parse().expect("number"),
            )
        })
        .collect()
}

#[test]
fn the_report_workbook_holds_numbers_equal_to_the_database() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("db");
    let file = dir.path().join("bao-cao.xlsx");
    ok(&thidua(
        &db,
        &[
            "report",
            "--period",
            "2021-H1",
            "--format",
            "xlsx",
            "--out",
            file.to_str().expect("path"),
        ],
    ));
    let mut wb = workbook(&file);
    let names = wb.sheet_names();
    assert_eq!(
        names,
        vec![
            "Tổng hợp",
            "Xếp hạng 1 - Tổng thu ngân sác…",
            "Xếp hạng 2 - Kim ngạch xuất kh…",
            "Xếp hạng 3 - Lao động được tạo…",
            "Xếp hạng 4 - Lao động đi làm v…",
            "Điểm",
            "Khen thưởng",
            "Kiểm tra số liệu",
            "Số liệu 2021-H1",
            "Kế hoạch 2021",
        ]
    );
    // A ranking: numbers, not text; % of plan as a fraction shown as %.
    let ranking = wb.worksheet_range(&names[1]).expect("ranking");
    assert_eq!(
        ranking.get_value((1, 0)),
        Some(&Data::String("Hạng".into()))
    );
    assert_eq!(
        ranking.get_value((2, 1)),
        Some(&Data::String("Long An".into()))
    );
    assert_eq!(ranking.get_value((2, 2)), Some(&Data::Float(10880.0)));
    assert_eq!(ranking.get_value((2, 3)), Some(&Data::Float(0.717)));
    assert_eq!(ranking.get_value((2, 0)), Some(&Data::Float(1.0)));
    // The summary: the cluster's reported budget, a number.
    let summary = wb.worksheet_range("Tổng hợp").expect("summary");
    let budget_row = (0..summary.height() as u32)
        .find(|&r| summary.get_value((r, 0)) == Some(&Data::String("Tổng thu ngân sách".into())))
        .expect("budget row");
    assert_eq!(
        summary.get_value((budget_row, 3)),
        Some(&Data::Float(52049.0))
    );
    assert_eq!(
        summary.get_value((budget_row, 2)),
        Some(&Data::Float(15783.0))
    );
    // The period's figures, wide: every stored actual of 2021-H1 is there,
    // as a number equal to the database's, in its province's row and its
    // indicator's column.
    let wide = wb.worksheet_range("Số liệu 2021-H1").expect("wide");
    let (cluster, _) = thidua::store::builtin::load().expect("built-in");
    let mut checked = 0;
    for (province, indicator, _, kind, value) in exported(&db, "2021-H1") {
        if kind != "actual" {
            continue;
        }
        let unit = thidua::io::wide_layout::unit_name(&cluster, &province);
        let ind = cluster.indicator(&indicator).expect("indicator");
        let header = thidua::io::wide_layout::indicator_header(&cluster, ind);
        let row = (1..wide.height() as u32)
            .find(|&r| wide.get_value((r, 0)) == Some(&Data::String(unit.clone())))
            .expect("unit row");
        let col = (1..wide.width() as u32)
            .find(|&c| wide.get_value((0, c)) == Some(&Data::String(header.clone())))
            .expect("indicator column");
        assert_eq!(
            wide.get_value((row, col)),
            Some(&Data::Float(value)),
            "{province} {indicator}"
        );
        checked += 1;
    }
    assert!(checked > 100, "{checked} figures checked");
    // Charts, frozen panes, A4 landscape with repeated headers.
    for n in 1..=4 {
        assert!(
            zip_part(&file, &format!("xl/charts/chart{n}.xml")).is_some(),
            "chart {n}"
        );
    }
    let chart = zip_part(&file, "xl/charts/chart1.xml").expect("chart");
    assert!(chart.contains("<c:barChart>") && chart.contains("<c:barDir val=\"bar\"/>"));
    let sheet2 = zip_part(&file, "xl/worksheets/sheet2.xml").expect("sheet");
    assert!(sheet2.contains("state=\"frozen\""), "frozen panes");
    assert!(sheet2.contains("paperSize=\"9\"") && sheet2.contains("orientation=\"landscape\""));
    let book = zip_part(&file, "xl/workbook.xml").expect("workbook.xml");
    assert!(book.contains("_xlnm.Print_Titles"), "repeated headers");
    // Derived figures are marked, with the legend under the table.
    let derived_legend = (0..summary.height() as u32).any(|r| {
        matches!(summary.get_value((r, 0)), Some(Data::String(s)) if s.starts_with("Số in nghiêng màu xanh lơ"))
    });
    assert!(derived_legend);
}

#[test]
fn an_exported_workbook_imports_as_the_same_figures() {
    let dir = tempfile::tempdir().expect("tempdir");
    let a = dir.path().join("a");
    let file = dir.path().join("so-lieu.xlsx");
    ok(&thidua(
        &a,
        &[
            "export",
            "--format",
            "xlsx",
            "--out",
            file.to_str().expect("path"),
        ],
    ));
    let mut wb = workbook(&file);
    let long = wb.worksheet_range("Số liệu").expect("long sheet");
    assert_eq!(
        long.get_value((0, 4)),
        Some(&Data::String("value".into())),
        "the CSV's columns"
    );
    // Every value a number.
    for r in 1..long.height() as u32 {
        assert!(
            matches!(long.get_value((r, 4)), Some(Data::Float(_))),
            "row {r}: {:?}",
            long.get_value((r, 4))
        );
    }
    assert!(wb.sheet_names().contains(&"Kế hoạch 2021".to_string()));
    // Into a fresh database: the same CSV export, byte for byte.
    let b = dir.path().join("b");
    let out = thidua(&b, &["import", file.to_str().expect("path")]);
    ok(&out);
    let csv = |db: &Path| {
        let out = thidua(db, &["export"]);
        ok(&out);
        out.stdout
    };
    assert_eq!(csv(&b), csv(&a));
    // A wide sheet of the export imports too, with its period and kind.
    let c = dir.path().join("c");
    let out = thidua(
        &c,
        &[
            "import",
            file.to_str().expect("path"),
            "--sheet",
            "Kế hoạch 2021",
            "--period",
            "2021",
            "--kind",
            "plan",
        ],
    );
    ok(&out);
    assert!(
        String::from_utf8_lossy(&out.stdout).starts_with("Không có gì thay đổi: cả 19 giá trị"),
        "the built-in plans again, their qualifiers and comments kept: {}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert_eq!(csv(&c), csv(&a), "the same figures");
}

#[test]
fn export_writes_a_file_with_out_and_refuses_a_workbook_on_a_terminal_only() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("db");
    let file = dir.path().join("x.csv");
    let out = thidua(
        &db,
        &[
            "export",
            "--period",
            "2021",
            "--out",
            file.to_str().expect("p"),
        ],
    );
    ok(&out);
    assert!(out.stdout.is_empty());
    let bytes = std::fs::read(&file).expect("written");
    assert!(bytes.starts_with(
        b"\xEF\xBB\xBFprovince_code,indicator_code,period,kind,value,qualifier,comment\n"
    ));
    // Not a terminal here: the workbook goes to stdout, as a redirect wants.
    let out = thidua(&db, &["export", "--format", "xlsx"]);
    ok(&out);
    assert!(out.stdout.starts_with(b"PK\x03\x04"));
}
