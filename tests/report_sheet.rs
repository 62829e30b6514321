//! `thidua report --sheet UNIT` and the minutes (#18 items 2 and 4), from
//! the real binary on a built-in database with a reviewed sheet and a vote
//! recorded by `thidua vote`: in every report format `--sheet` prints the
//! unit's sheet alone — its title and state, its calculations and its
//! review, and in Word the header block and signatures — and nothing of
//! the cluster's report; the report itself ranks by the engine's score
//! and closes with the minutes (members present, ranking, ballot,
//! proposals). A unit that has no sheet is refused naming those that do;
//! `--sheet` with options of the report alone is a usage error.

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

/// `thidua report --period 2021-H1 --format FORMAT [--sheet bl]`.
fn report(db: &Path, format: &str, sheet: bool, out: Option<&Path>) -> Vec<u8> {
    let mut args = vec!["report", "--period", "2021-H1", "--format", format];
    if sheet {
        args.extend(["--sheet", "bl"]);
    }
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

/// What the sheet prints in every format, as the text formats write it:
/// its title with the state, the calculation with its numbers, the
/// reviewed points' reason.
const SHEET: [&str; 4] = [
    "Bảng chấm điểm thi đua kỳ 2021-H1 — Bạc Liêu (đã tự chấm)",
    "dưới chỉ tiêu: 0,5 × 15 × 2.353 ÷ 3.337,12 = 5,29",
    "Theo số liệu Kho bạc Nhà nước",
    "Cách tính điểm — Bạc Liêu",
];

/// The cluster's report, which a unit's sheet must not carry: the
/// summary, rankings, the score ranking, awards, minutes and checks.
const CLUSTER_REPORT: [&str; 8] = [
    "Tổng hợp chỉ tiêu",
    "Xếp hạng",
    "Tổng thu ngân sách (tỷ đồng)",
    "Xếp hạng theo tổng điểm thi đua",
    "Kết quả khen thưởng",
    "Biên bản bình xét",
    "Kiểm tra số liệu",
    "An Giang",
];

/// The report's ranking and minutes, as the text formats write them.
const MINUTES: [&str; 5] = [
    "Xếp hạng theo tổng điểm thi đua kỳ 2021-H1",
    "Bằng tổng điểm thì cùng hạng",
    "Biên bản bình xét thi đua kỳ 2021-H1",
    "Cờ thi đua của Chính phủ",
    "TP Sóc Trăng",
];

fn flat(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn assert_sheet_alone(format: &str, text: &str) {
    for s in SHEET {
        assert!(text.contains(s), "{format}: «{s}» missing");
    }
    for s in CLUSTER_REPORT {
        assert!(!text.contains(s), "{format}: «{s}» is the cluster's report");
    }
}

#[test]
fn report_sheet_prints_the_units_sheet_alone_in_every_format() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = prepared(dir.path());
    for format in ["txt", "md"] {
        let text = String::from_utf8(report(&db, format, true, None)).expect("utf-8");
        // The wrapped text format may break a long cell; compare without breaks.
        let flat = flat(&text);
        assert_sheet_alone(format, &flat);
        // The document's title and what the sheet is: whose covenant,
        // which year and period, its state.
        assert!(
            text.starts_with("# Bảng chấm điểm thi đua — Bạc Liêu\n")
                || text.starts_with("Bảng chấm điểm thi đua — Bạc Liêu\n"),
            "{format}: {text}"
        );
        assert!(
            flat.contains(
                "Cụm thi đua các tỉnh Tây Nam bộ; giao ước thi đua năm 2021; kỳ 2021-H1 \
                 (6 tháng đầu năm 2021); trạng thái của bảng: đã tự chấm."
            ),
            "{format}"
        );
        // Reviewed 8 replaces the computed 5,29: 45,29 − 5,29 + 8 = 48,00.
        assert!(flat.contains("48,00"), "{format}");
        assert!(
            flat.contains("Thẩm định và giải trình — Bạc Liêu"),
            "{format}"
        );
    }
    let csv = String::from_utf8(report(&db, "csv", true, None)).expect("utf-8");
    assert!(csv.starts_with("\u{feff}Bảng chấm điểm thi đua — Bạc Liêu\n"));
    assert_sheet_alone("csv", &csv);
    assert!(
        csv.lines()
            .any(|l| l.starts_with(",Tổng điểm,") && l.trim_end().ends_with(",48.00")),
        "csv: machine numbers: {csv}"
    );

    let docx = report(&db, "docx", true, Some(&dir.path().join("bl.docx")));
    let body = zip_text(&docx, "word/document.xml");
    assert_sheet_alone("docx", &body);
    // The header block, the title and subject, the signatures.
    for s in [
        "CỤM THI ĐUA CÁC TỈNH TÂY NAM BỘ",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Sóc Trăng, ngày 29 tháng 7 năm 2021",
        "BẢNG CHẤM ĐIỂM THI ĐUA",
        "Kỳ 6 tháng đầu năm 2021 — Bạc Liêu",
        "trạng thái của bảng: đã tự chấm",
        "ĐƠN VỊ TỰ CHẤM",
        "UBND TỈNH BẠC LIÊU",
        "CỤM TRƯỞNG (THẨM ĐỊNH)",
        "(Bảng đã tự chấm, chưa thẩm định)",
    ] {
        assert!(body.contains(s), "docx: «{s}» missing");
    }
    // Nothing of the report's own particulars: no number, no recipients,
    // not the report's signer.
    for s in ["Số: 209/BC-UBND", "Nơi nhận", "Trần Văn Lâu", "BÁO CÁO"] {
        assert!(!body.contains(s), "docx: «{s}» is the report's");
    }
    // Landscape pages with the header rows repeated.
    assert!(body.contains("w:orient=\"landscape\"") && body.contains("<w:tblHeader/>"));
    assert!(
        !body.contains("w:w=\"11906\" w:h=\"16838\""),
        "no portrait page"
    );

    let xlsx = report(&db, "xlsx", true, Some(&dir.path().join("bl.xlsx")));
    let strings = zip_text(&xlsx, "xl/sharedStrings.xml") + &zip_text(&xlsx, "xl/workbook.xml");
    assert_sheet_alone("xlsx", &strings);
    let workbook = zip_text(&xlsx, "xl/workbook.xml");
    assert!(
        workbook.contains("Bảng chấm điểm BL") && workbook.contains("Cách tính điểm"),
        "{workbook}"
    );
    assert!(!workbook.contains("Số liệu 2021-H1"), "{workbook}");
    // The total reviewed is a number, A4 set for print.
    let sheet1 = zip_text(&xlsx, "xl/worksheets/sheet1.xml");
    assert!(sheet1.contains("<v>48</v>"), "48 as a number");
    assert!(sheet1.contains("paperSize=\"9\""), "A4");
}

#[test]
fn the_report_without_sheet_prints_the_ranking_and_the_minutes_in_every_format() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = prepared(dir.path());
    for format in ["txt", "md"] {
        let text = flat(&String::from_utf8(report(&db, format, false, None)).expect("utf-8"));
        for s in MINUTES {
            assert!(text.contains(s), "{format}: «{s}» missing");
        }
        assert!(text.contains("Thành phần tham dự"), "{format}");
        // The unit's sheet is not in the cluster's report.
        assert!(!text.contains(SHEET[0]), "{format}");
    }
    let csv = String::from_utf8(report(&db, "csv", false, None)).expect("utf-8");
    // CSV leaves the notes under a table to the other formats.
    for s in MINUTES
        .iter()
        .filter(|s| !["Bằng tổng điểm thì cùng hạng", "TP Sóc Trăng"].contains(s))
    {
        assert!(csv.contains(s), "csv: «{s}» missing");
    }
    let docx = report(&db, "docx", false, Some(&dir.path().join("bc.docx")));
    let body = zip_text(&docx, "word/document.xml");
    // Word heads the minutes with its annex title.
    for s in MINUTES.iter().filter(|s| !s.starts_with("Biên bản")) {
        assert!(body.contains(s), "docx: «{s}» missing");
    }
    assert!(body.contains("BIÊN BẢN BÌNH XÉT THI ĐUA") && !body.contains("BẢNG CHẤM ĐIỂM THI ĐUA"));
    let xlsx = report(&db, "xlsx", false, Some(&dir.path().join("bc.xlsx")));
    let strings = zip_text(&xlsx, "xl/sharedStrings.xml") + &zip_text(&xlsx, "xl/workbook.xml");
    for s in MINUTES {
        assert!(strings.contains(s), "xlsx: «{s}» missing");
    }
}

#[test]
fn sheet_with_score_sheets_narrative_or_recipients_is_a_usage_error() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("db");
    let narrative = dir.path().join("noi-dung.md");
    std::fs::write(&narrative, "Nội dung.").expect("write");
    let narrative = narrative.to_str().expect("utf-8");
    let out = dir.path().join("bl.docx");
    let out = out.to_str().expect("utf-8");
    let base = ["report", "--period", "2021-H1", "--sheet", "BL"];
    for (extra, said) in [
        (&["--score-sheets"][..], "không dùng cùng --score-sheets"),
        (
            &["--format", "docx", "--out", out, "--narrative", narrative][..],
            "bỏ --narrative",
        ),
        (
            &["--format", "docx", "--out", out, "--recipients", "Các tỉnh"][..],
            "bỏ --recipients",
        ),
    ] {
        let mut args = base.to_vec();
        args.extend_from_slice(extra);
        let run = thidua(&db, &args);
        assert_eq!(run.status.code(), Some(2), "{extra:?}");
        let err = String::from_utf8_lossy(&run.stderr);
        assert!(
            err.starts_with("thidua: --sheet in riêng bảng chấm điểm của một đơn vị")
                && err.contains(said)
                && err.contains("Xem: thidua report --help"),
            "{err}"
        );
        assert!(
            run.stdout.is_empty() && !Path::new(out).exists(),
            "nothing written"
        );
    }
    // The particulars that fit a sheet are taken: a number, a signer.
    let run = thidua(
        &db,
        &[
            "report",
            "--period",
            "2021-H1",
            "--sheet",
            "BL",
            "--format",
            "docx",
            "--out",
            out,
            "--number",
            "15/BCĐ-CTĐ",
            "--signer-title",
            "CỤM TRƯỞNG",
            "--signer",
            "Nguyễn Văn A",
        ],
    );
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let body = zip_text(&std::fs::read(out).expect("written"), "word/document.xml");
    assert!(body.contains("Số: 15/BCĐ-CTĐ"), "the number given");
    // A draft is not reviewed: the reviewer's column says so, over the
    // reviewer named.
    assert!(
        body.contains("(Bảng nháp, chưa thẩm định)")
            && body.contains("CỤM TRƯỞNG</w:t>")
            && body.contains("Nguyễn Văn A"),
        "{body}"
    );
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
