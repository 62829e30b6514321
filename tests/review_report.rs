//! `thidua report` formats, OSC 52 copy-out and the weights import.

mod cli_common;

use cli_common::thidua;

use base64::Engine as _;
use rust_decimal::Decimal;
use thidua::io::osc52;
use thidua::io::report::{self, ReportFormat};
use thidua::io::review_tables;
use thidua::io::table::{Column, Table};
use thidua::io::weights;
use thidua::model::{Figures, Period};
use thidua::store::{SledStore, Store, builtin};
use unicode_segmentation::UnicodeSegmentation;

fn h1() -> Period {
    "2021-H1".parse().expect("period")
}

fn display_width(s: &str) -> usize {
    s.graphemes(true)
        .map(|g| {
            g.chars()
                .map(|c| unicode_width::UnicodeWidthChar::width(c).unwrap_or(0))
                .max()
                .unwrap_or(0)
        })
        .sum()
}

/// Every table in a txt report: lines from a header to the blank line,
/// recognised by the rule of dashes under the header.
fn text_tables(report: &str) -> Vec<Vec<&str>> {
    let lines: Vec<&str> = report.lines().collect();
    let mut tables = Vec::new();
    for (i, l) in lines.iter().enumerate() {
        if i > 0 && !l.is_empty() && l.chars().all(|c| c == '-') {
            let mut t = vec![lines[i - 1], *l];
            // Rows run until a line of a different width (the notes) or a blank.
            for row in &lines[i + 1..] {
                if row.is_empty() || display_width(row) != display_width(l) {
                    break;
                }
                t.push(row);
            }
            tables.push(t);
        }
    }
    tables
}

#[test]
fn txt_report_fits_a_portrait_a4_page_with_aligned_parts() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = thidua(
        &dir.path().join("db"),
        &["report", "--period", "2021-H1", "--format", "txt"],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).expect("utf-8");
    // No line is wider than a portrait A4 page in a monospace font.
    for line in text.lines() {
        assert!(
            display_width(line) <= 90,
            "{} columns: {line:?}",
            display_width(line)
        );
    }
    let tables = text_tables(&text);
    // Summary in 2 parts, 4 rankings (budget, exports, jobs, workers
    // abroad), the covenant score's ranking in 1, awards in 2.
    assert_eq!(tables.len(), 2 + 4 + 1 + 2);
    for t in &tables {
        let w = display_width(t[0]);
        for line in t {
            assert_eq!(display_width(line), w, "line {line:?}");
        }
    }
    // Every part repeats the name column; no figure is cut: the awards'
    // second part has the cluster's figures whole.
    let awards = tables.last().expect("awards");
    assert!(awards[0].starts_with("Hình thức khen thưởng"));
    let bang_khen = awards
        .iter()
        .find(|l| l.starts_with("Bằng khen của Chủ tịch UBND tỉnh"))
        .expect("Bằng khen row");
    assert!(bang_khen.ends_with("24.550"), "{bang_khen:?}");
    assert!(
        awards
            .iter()
            .any(|l| l.starts_with("Tổng cộng") && l.ends_with("29.893"))
    );
    for score_part in &tables[6..7] {
        assert!(score_part[0].starts_with("Hạng  Đơn vị"), "{score_part:?}");
        assert!(score_part.iter().any(|l| l.contains("Hậu Giang")));
    }
    // A long name wraps within its column; its words stay in order.
    let summary = &tables[0];
    let at = summary
        .iter()
        .position(|l| l.starts_with("Tỷ lệ dịch vụ công trực tuyến mức độ  "))
        .expect("wrapped name");
    assert!(
        summary[at + 1].starts_with("3, 4 so với tổng số thủ tục hành  "),
        "{:?}",
        summary[at + 1]
    );
    // Vietnamese names line up: the summary's unit column starts at the
    // same display column on every row.
    let col = |l: &str| display_width(&l[..l.find("tỷ đồng").unwrap_or(0)]);
    let budget = summary
        .iter()
        .find(|l| l.starts_with("Tổng thu ngân sách"))
        .expect("budget row");
    let header_unit = display_width(&summary[0][..summary[0].find("Đơn vị").expect("unit")]);
    assert_eq!(col(budget), header_unit);
    assert!(
        text.contains("\nPhần 2/2\nChỉ tiêu "),
        "the second part repeats the name"
    );
}

#[test]
fn report_writes_md_csv_to_a_file_with_out() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("db");
    let file = dir.path().join("bao-cao.csv");
    let out = thidua(
        &db,
        &[
            "report",
            "--period",
            "2021-H1",
            "--format",
            "csv",
            "--out",
            file.to_str().expect("path"),
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.stdout.is_empty());
    let csv = std::fs::read_to_string(&file).expect("report file");
    // A BOM so Excel reads UTF-8; figures as plain machine numbers.
    assert!(csv.starts_with("\u{feff}1. Tổng hợp chỉ tiêu\nChỉ tiêu,Đơn vị,Cụm (tính),"));
    assert!(csv.contains("\nBằng khen của Chủ tịch UBND tỉnh,,,,,,,,,,,,,,24550,\n"));
    assert!(
        csv.contains(
            "\nTổng thu ngân sách,tỷ đồng,15783,52049,36266,72.27,33590,54.95,3/12 tỉnh,Cụm (báo cáo) [3]; Cùng kỳ [4]\n"
        )
    );
    assert!(
        csv.contains("\nTốc độ tăng trưởng kinh tế GRDP,%,6.57,4.90,-1.67,,2.31,2.59,4/12 tỉnh,Cụm (báo cáo) [1]; Cùng kỳ [2]\n"),
        "{csv}"
    );
    assert!(
        csv.contains("\n1,Long An,10880,71.70,,,% KH [1]\n"),
        "{csv}"
    );

    let md = thidua(&db, &["report", "--period", "2021-H1"]);
    let md = String::from_utf8(md.stdout).expect("utf-8");
    assert!(md.starts_with("# Cụm thi đua các tỉnh Tây Nam bộ — kỳ 2021-H1\n"));
    assert!(md.contains("\n## 3. Điểm thi đua\n"));
    assert!(
        md.contains("| Bằng khen của Chủ tịch UBND tỉnh | | | | | | | | | | | | | | 24.550 |\n")
    );
}

#[test]
fn osc52_sequence_carries_base64_of_exactly_the_tsv() {
    let (cluster, values) = builtin::load().expect("built-in data");
    let figures = Figures::new(values);
    let ind = cluster.indicator("BUDGET_REV").expect("indicator");
    let table = review_tables::ranking(&cluster, &figures, h1(), ind);
    let copy = osc52::copy_table(&table, h1());
    let tsv = table.to_tsv();
    assert!(tsv.starts_with(
        "Hạng\tTỉnh\tGiá trị\t% KH\tCùng kỳ\tThay đổi\n1\tLong An\t10.880\t71,70%\t\t\n"
    ));
    let body = copy
        .sequence
        .strip_prefix("\x1b]52;c;")
        .and_then(|s| s.strip_suffix('\x07'))
        .expect("OSC 52 framing");
    let decoded = base64::engine::general_purpose::STANDARD
        .decode(body)
        .expect("base64");
    assert_eq!(String::from_utf8(decoded).expect("utf-8"), tsv);
    assert!(copy.message.contains("Xếp hạng: Tổng thu ngân sách"));
    assert!(copy.message.contains("12 dòng"));
    assert!(copy.message.contains("thidua report --period 2021-H1"));
}

#[test]
fn osc52_of_a_small_table_is_exact() {
    let mut t = Table::new("t", vec![Column::left("Tỉnh"), Column::right("Số")]);
    t.push(vec!["Đồng Tháp".into(), "97".into()]);
    assert_eq!(
        osc52::copy_table(&t, h1()).sequence,
        format!(
            "\x1b]52;c;{}\x07",
            base64::engine::general_purpose::STANDARD.encode("Tỉnh\tSố\nĐồng Tháp\t97\n")
        )
    );
}

#[test]
fn weights_import_sets_every_weight_audited_or_none() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("db");
    let bad = dir.path().join("bad.csv");
    std::fs::write(
        &bad,
        "indicator_code,weight\nBUDGET_REV,3\nNOPE,1\nEXPORT,-1\nBUDGET_REV,2\n",
    )
    .expect("write");
    let out = thidua(&db, &["import", bad.to_str().expect("path")]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("dòng 3, cột indicator_code: không có chỉ tiêu mã «NOPE»"),
        "{err}"
    );
    assert!(
        err.contains("dòng 4, cột weight: trọng số -1 nằm ngoài khoảng cho phép 0 đến 1.000.000"),
        "{err}"
    );
    assert!(
        err.contains("dòng 5, cột indicator_code: chỉ tiêu «BUDGET_REV» đã có ở dòng 2"),
        "{err}"
    );
    assert!(err.contains("Không nhập gì: 3 lỗi"), "{err}");

    let good = dir.path().join("good.csv");
    std::fs::write(
        &good,
        "\u{feff}indicator_code,weight,ghi_chu\r\nBUDGET_REV,3,x\r\nEXPORT,1\r\n",
    )
    .expect("write");
    // `EXPORT,1` has fewer fields; only the two named columns matter.
    let out = thidua(&db, &["import", good.to_str().expect("path")]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "Đã nhập trọng số: 1 thay đổi, 1 không đổi (mỗi thay đổi có trong nhật ký).\n"
    );
    let store = SledStore::open(&db).expect("open");
    let cluster = store.cluster().expect("cluster");
    assert_eq!(
        cluster.indicator("BUDGET_REV").map(|i| i.weight),
        Some(Decimal::from(3))
    );
    let history = store.weight_history("BUDGET_REV").expect("history");
    assert_eq!(history.len(), 1);
    assert_eq!(
        history[0].change,
        thidua::store::Change::Weight {
            indicator: "BUDGET_REV".into(),
            old: Decimal::ONE,
            new: Decimal::from(3)
        }
    );
}

#[test]
fn weights_file_is_told_apart_from_a_values_file() {
    assert!(weights::is_weights_file(b"indicator_code,weight\nX,1\n"));
    assert!(!weights::is_weights_file(
        b"province_code,indicator_code,period,kind,value\n"
    ));
    let (cluster, _) = builtin::load().expect("built-in data");
    assert_eq!(
        weights::parse(b"weight,indicator_code\n1.5,GRDP_GROWTH\n", &cluster),
        Ok(vec![(
            "GRDP_GROWTH".to_string(),
            "1.5".parse().expect("dec")
        )])
    );
}

#[test]
fn report_render_has_every_section_in_order() {
    let (cluster, values) = builtin::load().expect("built-in data");
    let figures = Figures::new(values);
    let headings: Vec<String> = report::sections(&cluster, &figures, h1(), false)
        .into_iter()
        .map(|s| s.heading)
        .collect();
    assert_eq!(
        headings,
        vec![
            "1. Tổng hợp chỉ tiêu",
            "2. Xếp hạng: Tổng thu ngân sách",
            "2. Xếp hạng: Kim ngạch xuất khẩu",
            "2. Xếp hạng: Lao động được tạo việc làm mới",
            "2. Xếp hạng: Lao động đi làm việc ở nước ngoài",
            "3. Điểm thi đua",
            "4. Phụ lục: kết quả khen thưởng",
        ]
    );
    let particulars = thidua::model::particulars::Particulars::default();
    let request = report::Request {
        cluster: &cluster,
        figures: &figures,
        period: h1(),
        score_sheets: true,
        score: None,
        sheet: None,
        particulars: &particulars,
        narrative: None,
    };
    let txt = String::from_utf8(report::produce(&request, ReportFormat::Text).expect("text"))
        .expect("utf-8");
    // The score sheets follow, one per province.
    assert!(txt.contains("\n5. Bảng điểm chi tiết: An Giang\n"), "{txt}");
    assert!(txt.contains("\n5. Bảng điểm chi tiết: Vĩnh Long\n"));
    assert!(txt.contains("\n   2  Hậu Giang          2.550  76,64% [2]                   \n"));
}
