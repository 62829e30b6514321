//! The report's annex of checks (#15 item 1): every report format ends
//! with `Phụ lục: kiểm tra số liệu`, listing the period's implausible
//! figures and the confirmed ones with who confirmed them; a period with
//! none says so.

use std::io::Read;

use rust_decimal::Decimal;
use thidua::io::checks_table;
use thidua::io::report::{self, ReportFormat, Request};
use thidua::model::particulars::Particulars;
use thidua::model::{Figure, Kind, Period, ValueKey};
use thidua::store::{Edit, EditNote, Expect, SledStore, Store};

fn h1() -> Period {
    "2021-H1".parse().expect("period")
}

fn dec(s: &str) -> Decimal {
    s.parse().expect("decimal")
}

fn grdp(unit: &str) -> ValueKey {
    ValueKey::new(h1(), unit, "GRDP_GROWTH", Kind::Actual)
}

/// The report of 2021-H1 in `format`, with its annex of checks.
fn produce(store: &SledStore, format: ReportFormat) -> Vec<u8> {
    let cluster = store.cluster_for(h1()).expect("cluster");
    let figures = report::read_figures(store, h1()).expect("figures");
    let keys = checks_table::period_keys(&figures, h1());
    let confirmed = checks_table::confirmations(store, &keys).expect("confirmations");
    let particulars = Particulars::default();
    report::produce_with_checks(
        &Request {
            cluster: &cluster,
            figures: &figures,
            period: h1(),
            score_sheets: false,
            score: None,
            sheet: None,
            particulars: &particulars,
            narrative: None,
        },
        format,
        &confirmed,
    )
    .expect("report")
}

fn zip_part(bytes: &[u8], name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip");
    let mut text = String::new();
    zip.by_name(name)
        .expect("part present")
        .read_to_string(&mut text)
        .expect("utf-8 part");
    text
}

#[test]
fn every_report_format_ends_with_the_annex_of_checks() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = SledStore::open_as(&dir.path().join("db"), "canbo").expect("open");
    // None yet: the annex says so.
    let txt = String::from_utf8(produce(&store, ReportFormat::Text)).expect("utf-8");
    assert!(
        txt.contains(
            "5. Phụ lục: kiểm tra số liệu\n\nKỳ 2021-H1 không có số liệu nào bất thường hay đã xác nhận.\n"
        ),
        "{txt}"
    );
    // An Giang's 5.000 % confirmed; Bạc Liêu's 123,4 % not.
    let confirmed =
        Edit::new(grdp("AG"), Some(Figure::plain(dec("5000"))), Expect::Any).with_note(EditNote {
            confirmed: true,
            ..EditNote::default()
        });
    store.write(confirmed).expect("write");
    store
        .write(Edit::new(
            grdp("BL"),
            Some(Figure::plain(dec("123.4"))),
            Expect::Any,
        ))
        .expect("write");

    let md = String::from_utf8(produce(&store, ReportFormat::Markdown)).expect("utf-8");
    let annex = md
        .split("## 5. Phụ lục: kiểm tra số liệu")
        .nth(1)
        .expect("the annex");
    let rows: Vec<&str> = annex.lines().filter(|l| l.starts_with("| ")).collect();
    assert_eq!(rows.len(), 3, "{annex}");
    assert!(rows[0].starts_with("| Đơn vị"), "{}", rows[0]);
    assert!(
        rows[1]
            .starts_with("| An Giang | Tốc độ tăng trưởng kinh tế GRDP | thực hiện | 5.000,00 |"),
        "{}",
        rows[1]
    );
    assert!(rows[1].contains("| đã xác nhận (canbo, "), "{}", rows[1]);
    assert!(rows[2].starts_with("| Bạc Liêu |"), "{}", rows[2]);
    assert!(rows[2].contains("123,40% cao bất thường"), "{}", rows[2]);
    assert!(rows[2].ends_with("| cần xem lại |"), "{}", rows[2]);
    assert!(annex.contains("1 số liệu cần xem lại, 1 số liệu đã được xác nhận"));

    let txt = String::from_utf8(produce(&store, ReportFormat::Text)).expect("utf-8");
    let annex = txt
        .split("5. Phụ lục: kiểm tra số liệu")
        .nth(1)
        .expect("the annex");
    assert!(annex.contains("An Giang"), "{annex}");
    assert!(annex.contains("cần xem lại"), "{annex}");

    let csv = String::from_utf8(produce(&store, ReportFormat::Csv)).expect("utf-8");
    let annex = csv
        .split("5. Phụ lục: kiểm tra số liệu")
        .nth(1)
        .expect("the annex");
    assert!(
        annex.contains("An Giang,Tốc độ tăng trưởng kinh tế GRDP,thực hiện,5000"),
        "{annex}"
    );

    let docx = produce(&store, ReportFormat::Docx);
    let body = zip_part(&docx, "word/document.xml");
    assert!(body.contains("KIỂM TRA SỐ LIỆU"), "annex heading");
    assert!(body.contains("5.000,00"));
    assert!(body.contains("cần xem lại"));

    let xlsx = produce(&store, ReportFormat::Xlsx);
    let workbook = zip_part(&xlsx, "xl/workbook.xml");
    assert!(workbook.contains("Kiểm tra số liệu"), "{workbook}");
    let strings = zip_part(&xlsx, "xl/sharedStrings.xml");
    assert!(strings.contains("123,40% cao bất thường"));
}
