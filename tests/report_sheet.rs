//! `thidua report --sheet UNIT` and the minutes (#18 items 2 and 4), from
//! the real binary on a built-in database with a reviewed sheet and a vote
//! recorded by `thidua vote`: in every report format the score table is the
//! engine's ranking, the unit's sheet, its calculations and its review are
//! printed, and so are the minutes (members present, ranking, ballot,
//! proposals). A unit that has no sheet is refused naming those that do.

mod cli_common;

use std::io::Read;
use std::path::Path;

use cli_common::thidua;
use rust_decimal::Decimal;
use thidua::model::scoring::workflow::Move;
use thidua::model::scoring::{Actor, Change, SheetEntries};
use thidua::store::{Flush, SheetEdit, SledStore, Store};

fn h1() -> thidua::model::Period {
    "2021-H1".parse().expect("period")
}

/// A built-in database where Bạc Liêu's 2021-H1 budget revenue was
/// self-scored 10 and reviewed to 8 with a reason, and the vote recorded.
fn prepared(dir: &Path) -> std::path::PathBuf {
    let db = dir.join("db");
    {
        let store = SledStore::open(&db).expect("open");
        let steps = [
            Change::SelfPoints {
                criterion: "BUDGET_REV".into(),
                points: Some(Decimal::new(10, 0)),
                note: None,
            },
            Change::Move {
                mv: Move::Submit,
                reason: None,
            },
            Change::Reviewed {
                criterion: "BUDGET_REV".into(),
                points: Some(Decimal::new(8, 0)),
                reason: "Theo số liệu Kho bạc Nhà nước".into(),
            },
        ];
        for c in steps {
            let seen: SheetEntries = store
                .sheet_entries(h1())
                .expect("sheets")
                .into_iter()
                .find(|(u, _)| u == "BL")
                .map(|(_, e)| e)
                .unwrap_or_default();
            store
                .change_sheet_as(
                    "thuky",
                    &Actor::Admin,
                    SheetEdit::over(h1(), "BL", &seen, c),
                    Flush::Now,
                )
                .expect("step");
        }
    }
    wait_unlocked(&db);
    // The first ballot without the members present is refused, then recorded.
    let vote = |extra: &[&str]| {
        let mut args = vec![
            "vote",
            "--period",
            "2021-H1",
            "--award",
            "Cờ thi đua của Chính phủ",
            "--unit",
            "BL",
            "--for",
            "10",
            "--against",
            "1",
            "--voters",
            "11",
        ];
        args.extend_from_slice(extra);
        thidua(&db, &args)
    };
    let out = vote(&[]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("cần --present"), "{err}");
    let out = vote(&[
        "--present",
        "AG,BL,BT,CM,DT,HG,KG,LA,ST,TG,TV",
        "--place",
        "TP Sóc Trăng",
        "--date",
        "15/12/2021",
    ]);
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        said.contains("10 đồng ý, 1 không đồng ý, 0 để trống trên 11 người bỏ phiếu; cần 7 phiếu đồng ý (quá 1/2 tổng số thành viên của cụm): đạt"),
        "{said}"
    );
    db
}

/// sled lets go of its lock just after the store is dropped.
fn wait_unlocked(db: &Path) {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while SledStore::open(db).is_err() {
        assert!(
            std::time::Instant::now() < deadline,
            "the database stays locked"
        );
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
}

fn report(db: &Path, format: &str, out: Option<&Path>) -> Vec<u8> {
    let mut args = vec![
        "report", "--period", "2021-H1", "--format", format, "--sheet", "bl",
    ];
    let path;
    if let Some(o) = out {
        path = o.to_str().expect("utf-8").to_string();
        args.extend(["--out", path.as_str()]);
    }
    let run = thidua(db, &args);
    assert!(
        run.status.success(),
        "{format}: {}",
        String::from_utf8_lossy(&run.stderr)
    );
    match out {
        Some(o) => std::fs::read(o).expect("written"),
        None => run.stdout,
    }
}

fn zip_text(bytes: &[u8], prefix: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip");
    let mut all = String::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).expect("entry");
        if f.name().expect("name").starts_with(prefix) {
            let mut s = String::new();
            f.read_to_string(&mut s).expect("utf-8");
            all.push_str(&s);
        }
    }
    all
}

/// What every format must print, as the text formats write it.
const SAID: [&str; 8] = [
    "Bảng chấm điểm thi đua kỳ 2021-H1 — Bạc Liêu (đã tự chấm)",
    "dưới chỉ tiêu: 0,5 × 15 × 2.353 ÷ 3.337,12 = 5,29",
    "Theo số liệu Kho bạc Nhà nước",
    "Xếp hạng theo tổng điểm thi đua kỳ 2021-H1",
    "Bằng tổng điểm thì cùng hạng",
    "Biên bản bình xét thi đua kỳ 2021-H1",
    "Cờ thi đua của Chính phủ",
    "TP Sóc Trăng",
];

#[test]
fn report_sheet_prints_the_units_sheet_the_ranking_and_the_minutes_in_every_format() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = prepared(dir.path());
    for format in ["txt", "md"] {
        let text = String::from_utf8(report(&db, format, None)).expect("utf-8");
        // The wrapped text format may break a long cell; compare without breaks.
        let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
        for s in SAID {
            assert!(flat.contains(s), "{format}: «{s}» missing");
        }
        // Reviewed 8 replaces the computed 5,29: 45,29 − 5,29 + 8 = 48,00.
        assert!(flat.contains("48,00"), "{format}");
        assert!(flat.contains("Thành phần tham dự"), "{format}");
    }
    let csv = String::from_utf8(report(&db, "csv", None)).expect("utf-8");
    assert!(csv.starts_with('\u{feff}'));
    // CSV leaves the notes under a table to the other formats.
    for s in SAID
        .iter()
        .filter(|s| !["Bằng tổng điểm thì cùng hạng", "TP Sóc Trăng"].contains(s))
    {
        assert!(csv.contains(s), "csv: «{s}» missing");
    }
    assert!(
        csv.contains(",48.00,") || csv.contains(",48,"),
        "csv: machine numbers"
    );
    let docx = report(&db, "docx", Some(&dir.path().join("bc.docx")));
    let body = zip_text(&docx, "word/document.xml");
    // Word heads the minutes with its annex title (checked below).
    for s in SAID.iter().filter(|s| !s.starts_with("Biên bản")) {
        assert!(body.contains(s), "docx: «{s}» missing");
    }
    assert!(body.contains("BẢNG CHẤM ĐIỂM THI ĐUA") && body.contains("BIÊN BẢN BÌNH XÉT THI ĐUA"));
    let xlsx = report(&db, "xlsx", Some(&dir.path().join("bc.xlsx")));
    let strings = zip_text(&xlsx, "xl/sharedStrings.xml") + &zip_text(&xlsx, "xl/workbook.xml");
    for s in SAID {
        assert!(strings.contains(s), "xlsx: «{s}» missing");
    }
}

#[test]
fn a_unit_without_a_sheet_is_refused_naming_the_units_that_have_one() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("db");
    let out = thidua(&db, &["report", "--period", "2021-H1", "--sheet", "CT"]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("«CT» không phải đơn vị được chấm điểm kỳ 2021-H1")
            && err.contains("AG, BL, BT"),
        "{err}"
    );
    assert!(out.stdout.is_empty(), "nothing printed");
}
