//! What a report tells besides its figures, in every format (md, txt,
//! csv, docx, xlsx) through the real binary: a figure with qualifiers or a
//! comment carries a mark and is told in its table's notes list; a period
//! with no figures says "chưa có số liệu" in numbered sections without
//! gaps, never a ranking of zeros. And what a report or an export of a
//! period reads: that period, last year's and the plans, counted through
//! the store, never the whole database.

mod cli_common;
mod store_forward;

use std::cell::Cell;
use std::io::Read;
use std::path::{Path, PathBuf};

use calamine::{Data, Reader, Xlsx};
use cli_common::thidua;
use rust_decimal::Decimal;
use store_forward::forward_store;
use thidua::io::export;
use thidua::io::report::{self, ReportFormat, Request};
use thidua::model::particulars::Particulars;
use thidua::model::{Figure, Figures, Kind, Period, Span, Value, ValueKey};
use thidua::store::{SledStore, Store, builtin};

fn ok(out: &std::process::Output) -> String {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn report(db: &Path, period: &str, format: &str) -> String {
    ok(&thidua(
        db,
        &["report", "--period", period, "--format", format],
    ))
}

fn report_file(db: &Path, period: &str, format: &str, dir: &Path) -> PathBuf {
    let file = dir.join(format!("bao-cao-{period}.{format}"));
    ok(&thidua(
        db,
        &[
            "report",
            "--period",
            period,
            "--format",
            format,
            "--score-sheets",
            "--out",
            file.to_str().expect("path"),
        ],
    ));
    file
}

fn zip_part(path: &Path, name: &str) -> Option<String> {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).expect("file")).expect("zip");
    let mut text = String::new();
    zip.by_name(name).ok()?.read_to_string(&mut text).ok()?;
    Some(text)
}

/// Every string cell of a workbook's sheet.
fn sheet_texts(path: &Path, sheet: &str) -> Vec<String> {
    let mut wb: Xlsx<_> = calamine::open_workbook(path).expect("xlsx");
    let range = wb.worksheet_range(sheet).expect("sheet");
    range
        .used_cells()
        .filter_map(|(_, _, c)| match c {
            Data::String(s) => Some(s.clone()),
            _ => None,
        })
        .collect()
}

/// A database with the built-in figures and one comment of our own on
/// Đồng Tháp's exports ("khoảng", with a comment).
fn database(dir: &Path) -> PathBuf {
    let db = dir.join("db");
    let file = dir.join("note.csv");
    std::fs::write(
        &file,
        "province_code,indicator_code,period,kind,value,qualifier,comment\n\
         DT,EXPORT,2021-H1,actual,606,approx,số liệu Sở Công Thương gửi ngày 5/7\n",
    )
    .expect("write");
    ok(&thidua(&db, &["import", file.to_str().expect("path")]));
    db
}

const BUDGET_NOTE: &str = "[3] Tổng thu ngân sách, cột Cụm (báo cáo) (52.049): ước đạt, trên/hơn";
const DT_NOTE: &str =
    "Đồng Tháp, cột Giá trị (606,0): khoảng; ghi chú: số liệu Sở Công Thương gửi ngày 5/7";

#[test]
fn a_qualified_or_commented_figure_is_marked_and_told_in_every_format() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = database(dir.path());

    let md = report(&db, "2021-H1", "md");
    let budget = md
        .lines()
        .find(|l| l.starts_with("| Tổng thu ngân sách |"))
        .expect("budget row");
    assert!(budget.contains("| 52.049 [3] |"), "{budget}");
    assert!(md.contains("\nChú thích số liệu:\n\n- [1] "), "{md}");
    assert!(md.contains(&format!("\n- {BUDGET_NOTE}\n")), "{md}");
    assert!(
        md.contains("| 2 | Đồng Tháp | 606,0 [3] | 50,00% [4] |"),
        "{md}"
    );
    assert!(md.contains(&format!("- [3] {DT_NOTE}\n")), "{md}");
    // A % of plan computed from an implied plan says whose plan it is.
    assert!(md.contains(
        "- [2] Hậu Giang, cột % KH (76,64%): theo kế hoạch năm 2021 là 3.327,24 tỷ đồng, \
         kế hoạch này: khoảng, tính ra (không nêu trong báo cáo); ghi chú: dự toán năm = \
         2.550 / 0,7664\n"
    ));

    let txt = report(&db, "2021-H1", "txt");
    assert!(txt.contains("52.049 [3]"), "{txt}");
    assert!(txt.contains(&format!("\n{BUDGET_NOTE}\n")), "{txt}");
    assert!(
        txt.contains("\n   2  Đồng Tháp      606,0 [3]  50,00% [4]  "),
        "{txt}"
    );
    // Wrapped at the page's width, the words in order.
    let dt = txt.find("[3] Đồng Tháp, cột Giá trị").expect("DT note");
    let flat: String = txt[dt..].split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(flat.starts_with(&format!("[3] {DT_NOTE}")), "{flat}");

    // CSV: the numbers stay numbers; the marks are in their own column.
    let csv = report(&db, "2021-H1", "csv");
    assert!(csv.contains(
        "\nTổng thu ngân sách,tỷ đồng,15783,52049,36266,72.27,33590,54.95,3/12 tỉnh,Cụm (báo cáo) [3]; Cùng kỳ [4]\n"
    ), "{csv}");
    assert!(
        csv.contains("\n2,Đồng Tháp,606.0,50.00,,,Giá trị [3]; % KH [4]\n"),
        "{csv}"
    );
    assert!(csv.contains(&format!("\n\"[3] {DT_NOTE}\"\n")), "{csv}");

    // Word: the mark in the table cell, the note under the table.
    let docx = report_file(&db, "2021-H1", "docx", dir.path());
    let xml = zip_part(&docx, "word/document.xml").expect("document");
    assert!(xml.contains(">52.049 [3]<"), "a marked cell");
    assert!(xml.contains(&format!(">[3] {DT_NOTE}<")), "the note");

    // Excel: a comment on the figure's cell, the notes listed for print.
    let xlsx = report_file(&db, "2021-H1", "xlsx", dir.path());
    let mut comments = String::new();
    for n in 1..=12 {
        if let Some(c) = zip_part(&xlsx, &format!("xl/comments{n}.xml")) {
            comments.push_str(&c);
        }
    }
    assert!(comments.contains(BUDGET_NOTE), "cell comments: {comments}");
    assert!(comments.contains(DT_NOTE));
    let summary = sheet_texts(&xlsx, "Tổng hợp");
    assert!(summary.iter().any(|s| s == "Chú thích số liệu:"));
    assert!(summary.iter().any(|s| s == BUDGET_NOTE), "{summary:?}");
    // The figure itself is still a number.
    let mut wb: Xlsx<_> = calamine::open_workbook(&xlsx).expect("xlsx");
    let range = wb.worksheet_range("Tổng hợp").expect("sheet");
    let row = range
        .rows()
        .find(|r| r.first() == Some(&Data::String("Tổng thu ngân sách".into())))
        .expect("budget row");
    assert_eq!(row.get(3), Some(&Data::Float(52049.0)));
}

/// The numbered headings of a Markdown report.
fn headings(md: &str) -> Vec<&str> {
    md.lines().filter_map(|l| l.strip_prefix("## ")).collect()
}

#[test]
fn a_period_with_no_figures_says_so_in_every_format_numbered_without_gaps() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("db");
    let md = ok(&thidua(
        &db,
        &["report", "--period", "2030-H1", "--score-sheets"],
    ));
    assert_eq!(
        headings(&md),
        [
            "1. Tổng hợp chỉ tiêu",
            "2. Điểm thi đua",
            "3. Phụ lục: kết quả khen thưởng",
            "4. Bảng điểm chi tiết",
        ]
    );
    assert!(md.contains("## 1. Tổng hợp chỉ tiêu\n\nKỳ 2030-H1 chưa có số liệu.\n"));
    assert!(md.contains("## 2. Điểm thi đua\n\nKỳ 2030-H1 chưa có số liệu để chấm điểm.\n"));
    assert!(md.contains("Kỳ 2030-H1 chưa có số liệu khen thưởng."));
    // No table at all: nobody is ranked first with 0,00.
    assert!(!md.contains('|'), "{md}");

    let txt = report(&db, "2030-H1", "txt");
    assert!(txt.contains("\n1. Tổng hợp chỉ tiêu\n\nKỳ 2030-H1 chưa có số liệu.\n"));
    assert!(txt.contains("\n2. Điểm thi đua\n\nKỳ 2030-H1 chưa có số liệu để chấm điểm.\n"));
    assert!(txt.contains("\n3. Phụ lục: kết quả khen thưởng\n"));
    assert!(!txt.contains("0,00") && !txt.contains("Hạng"), "{txt}");

    let csv = report(&db, "2030-H1", "csv");
    assert_eq!(
        csv,
        "\u{feff}1. Tổng hợp chỉ tiêu\nKỳ 2030-H1 chưa có số liệu.\n\n\
         2. Điểm thi đua\nKỳ 2030-H1 chưa có số liệu để chấm điểm.\n\n\
         3. Phụ lục: kết quả khen thưởng\nKỳ 2030-H1 chưa có số liệu khen thưởng.\n\n"
    );

    let docx = report_file(&db, "2030-H1", "docx", dir.path());
    let xml = zip_part(&docx, "word/document.xml").expect("document");
    assert!(xml.contains(">Kỳ 2030-H1 chưa có số liệu.<"));
    assert!(xml.contains(">Kỳ 2030-H1 chưa có số liệu để chấm điểm.<"));
    // Only the layout's own tables (the header and signature blocks).
    assert_eq!(xml.matches("<w:tbl>").count(), 2);
    assert!(!xml.contains(">Hạng<") && !xml.contains(">0,00<"));

    let xlsx = report_file(&db, "2030-H1", "xlsx", dir.path());
    let wb: Xlsx<_> = calamine::open_workbook(&xlsx).expect("xlsx");
    let names = wb.sheet_names();
    for sheet in ["Tổng hợp", "Điểm", "Khen thưởng", "Điểm chi tiết"] {
        assert!(names.contains(&sheet.to_string()), "{names:?}");
    }
    assert_eq!(
        sheet_texts(&xlsx, "Tổng hợp"),
        ["1. Tổng hợp chỉ tiêu", "Kỳ 2030-H1 chưa có số liệu."]
    );
    assert_eq!(
        sheet_texts(&xlsx, "Điểm"),
        [
            "2. Điểm thi đua",
            "Kỳ 2030-H1 chưa có số liệu để chấm điểm."
        ]
    );
}

#[test]
fn a_period_with_figures_but_no_plans_numbers_its_sections_without_a_gap() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("db");
    let file = dir.path().join("q3.csv");
    // 2023 has no plans.
    std::fs::write(
        &file,
        "province_code,indicator_code,period,kind,value\nDT,EXPORT,2023-Q3,actual,300\n",
    )
    .expect("write");
    ok(&thidua(&db, &["import", file.to_str().expect("path")]));
    let md = report(&db, "2023-Q3", "md");
    // No plan for a quarter: no ranking section, and no gap for it.
    assert_eq!(
        headings(&md),
        [
            "1. Tổng hợp chỉ tiêu",
            "2. Điểm thi đua",
            "3. Phụ lục: kết quả khen thưởng",
            "4. Phụ lục: kiểm tra số liệu",
        ]
    );
    assert!(
        md.contains("| Kim ngạch xuất khẩu | triệu USD | 300,0 |"),
        "{md}"
    );
    assert!(md.contains("Kỳ 2023-Q3 chưa có số liệu khen thưởng."));
}

/// A store that counts the values it hands out, to tell what a report
/// or an export reads.
struct Counting<'s> {
    inner: &'s dyn Store,
    values: Cell<usize>,
    scans: Cell<usize>,
}

impl<'s> Counting<'s> {
    fn new(inner: &'s dyn Store) -> Self {
        Counting {
            inner,
            values: Cell::new(0),
            scans: Cell::new(0),
        }
    }
}

impl Store for Counting<'_> {
    forward_store!(s => s.inner;
        cluster, cluster_for, get, write, write_batch, set_weight, history, weight_history,
        user, location,
    );
    fn values(&self, period: Option<Period>) -> thidua::store::Result<Vec<Value>> {
        let v = self.inner.values(period)?;
        self.values.set(self.values.get() + v.len());
        self.scans.set(self.scans.get() + 1);
        Ok(v)
    }
}

#[test]
fn a_report_or_export_of_a_period_reads_that_period_last_years_and_the_plans_only() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (cluster, mut values) = builtin::load().expect("built-in data");
    // Ten years of monthly figures and yearly plans besides the built-in ones.
    for year in 2012..2022u16 {
        for month in 1..=12u8 {
            for p in &cluster.provinces {
                values.push(Value {
                    key: ValueKey::new(
                        Period::new(year, Span::Month(month)),
                        &p.code,
                        "EXPORT",
                        Kind::Actual,
                    ),
                    figure: Figure::plain(Decimal::from(u32::from(month) * 10)),
                });
            }
        }
        for p in &cluster.provinces {
            values.push(Value {
                key: ValueKey::new(Period::new(year, Span::Year), &p.code, "EXPORT", Kind::Plan),
                figure: Figure::plain(Decimal::from(1500)),
            });
        }
    }
    // Avoid colliding with the built-in 2021 plans.
    values.dedup_by(|a, b| a.key == b.key);
    let mut seen = std::collections::HashSet::new();
    values.retain(|v| seen.insert(v.key.clone()));
    let total = values.len();
    let covenant = builtin::covenant().expect("built-in covenant");
    let store = SledStore::create(&dir.path().join("db"), "u", covenant, values).expect("db");

    let h1: Period = "2021-H1".parse().expect("period");
    let periods = [
        h1,
        "2020-H1".parse().expect("p"),
        "2021".parse().expect("p"),
        "2020".parse().expect("p"),
    ];
    let in_periods: usize = periods
        .iter()
        .map(|p| store.values(Some(*p)).expect("values").len())
        .sum();

    let counting = Counting::new(&store);
    let read = report::read_figures(&counting, h1).expect("read");
    assert_eq!(counting.scans.get(), 4, "four prefix scans");
    assert_eq!(counting.values.get(), in_periods);
    assert_eq!(read.len(), in_periods);
    assert!(
        in_periods * 5 < total,
        "{in_periods} of {total}: not the database"
    );

    // The report made from what it read is the report of the whole database.
    let whole = Figures::new(store.values(None).expect("all"));
    let particulars = Particulars::default();
    for format in [
        ReportFormat::Markdown,
        ReportFormat::Text,
        ReportFormat::Csv,
        ReportFormat::Docx,
    ] {
        let produce = |figures: &Figures| {
            report::produce(
                &Request {
                    cluster: &cluster,
                    figures,
                    period: h1,
                    score_sheets: true,
                    score: None,
                    sheet: None,
                    particulars: &particulars,
                    narrative: None,
                },
                format,
            )
            .expect("report")
        };
        assert!(produce(&read) == produce(&whole), "{format:?} differs");
    }

    // A month: the month, last year's month, both years' plans.
    let may: Period = "2021-05".parse().expect("period");
    let counting = Counting::new(&store);
    let read = report::read_figures(&counting, may).expect("read");
    let year = |y: &str| store.values(Some(y.parse().expect("p"))).expect("v").len();
    assert_eq!(counting.values.get(), 12 + 12 + year("2021") + year("2020"));
    assert_eq!(read.len(), counting.values.get());

    // An export of one period reads that period.
    let counting = Counting::new(&store);
    let exported = export::read(&counting, Some(h1)).expect("export");
    assert_eq!(counting.scans.get(), 1);
    assert_eq!(counting.values.get(), exported.len());
    assert!(exported.iter().all(|v| v.key.period == h1));
    assert_eq!(exported.len(), store.values(Some(h1)).expect("v").len());
}
