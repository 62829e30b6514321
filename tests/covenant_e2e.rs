//! The covenant through the real binary and a real server: a cluster set
//! up only from files (no built-in data), figures imported for the old
//! units in 2025-H1 and the new units in 2026-H1, and An Giang's 2026-H1
//! read against last year across the 2025 merger — as the report reads it
//! and as a client reads it; export → import → export byte for byte; a bad
//! covenant file changes nothing and names every error.

mod cli_common;
mod merger_cluster;
mod server_kit;

use std::path::{Path, PathBuf};

use cli_common::thidua;
use merger_cluster::covenant_dir;
use rust_decimal::Decimal;
use thidua::model::compose::NOT_COMPARABLE;
use thidua::model::{Figures, Period, Source};
use thidua::server::{ClientStore, serve};
use thidua::store::Store;

fn p(s: &str) -> Period {
    s.parse().expect("period")
}

fn d(s: &str) -> Decimal {
    s.parse().expect("decimal")
}

fn ok(out: &std::process::Output) -> String {
    assert!(
        out.status.success(),
        "{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout.clone()).expect("utf-8")
}

const FIGURES: &str = "province_code,indicator_code,period,kind,value
AG,BUDGET_REV,2025-H1,actual,10000
KG,BUDGET_REV,2025-H1,actual,8000
AG,NTM_COMMUNES,2025-H1,actual,61
AG,TOTAL_COMMUNES,2025-H1,actual,119
KG,NTM_COMMUNES,2025-H1,actual,81
KG,TOTAL_COMMUNES,2025-H1,actual,116
AG,GRDP_GROWTH,2025-H1,actual,5.1
KG,GRDP_GROWTH,2025-H1,actual,6.2
AG,EXPORT,2025-H1,actual,700
AG,BUDGET_REV,2026-H1,actual,19800
AG,NTM_COMMUNE_SHARE,2026-H1,actual,65
AG,GRDP_GROWTH,2026-H1,actual,7.5
AG,EXPORT,2026-H1,actual,1500
AG,BUDGET_REV,2026,plan,40000
AG,EXPORT,2026,plan,3000
AG,GRDP_GROWTH,2026,plan,8
AG,NTM_COMMUNE_SHARE,2026,plan,70
";

/// A database set up from the files alone, with the figures imported.
fn set_up(root: &Path) -> PathBuf {
    let db = root.join("db");
    let dir = covenant_dir(root);
    let said = ok(&thidua(
        &db,
        &["covenant", "import", dir.to_str().expect("utf-8")],
    ));
    assert!(said.contains("Thêm giao ước năm 2026"), "{said}");
    // Empty: no built-in figure, no built-in unit.
    let exported = ok(&thidua(&db, &["export"]));
    assert_eq!(
        exported,
        "\u{feff}province_code,indicator_code,period,kind,value,qualifier,comment\n"
    );
    let figures = root.join("so-lieu.csv");
    std::fs::write(&figures, FIGURES).expect("write");
    let said = ok(&thidua(&db, &["import", figures.to_str().expect("utf-8")]));
    assert!(said.contains("17 giá trị mới"), "{said}");
    db
}

/// The row of `table` (a report's CSV section) for `first`, as cells.
fn row<'a>(csv: &'a str, heading: &str, first: &str) -> Vec<&'a str> {
    let section = csv
        .split("\n\n")
        .find(|s| s.trim_start_matches('\u{feff}').starts_with(heading))
        .unwrap_or_else(|| panic!("no section {heading} in\n{csv}"));
    section
        .lines()
        .map(|l| l.split(',').collect::<Vec<_>>())
        .find(|cells| cells.get(1) == Some(&first) || cells.first() == Some(&first))
        .unwrap_or_else(|| panic!("no row {first} in\n{section}"))
}

#[test]
fn an_giang_against_last_year_across_the_merger_as_the_report_and_a_client_read_it() {
    let root = tempfile::tempdir().expect("tempdir");
    let db = set_up(root.path());

    // The report's rankings: same period last year, and the change.
    let report = ok(&thidua(
        &db,
        &["report", "--period", "2026-H1", "--format", "csv"],
    ));
    // Sum: An Giang + Kiên Giang 2025-H1 = 18.000; +10 %.
    let budget = row(&report, "2. Xếp hạng: Tổng thu ngân sách", "An Giang");
    assert_eq!(budget[4..6], ["18000", "10.00"], "{budget:?}");
    // Ratio: (61 + 81) ÷ (119 + 116) = 60,43 %, recomputed from the parts;
    // the change of a percentage is in points.
    let share = row(&report, "2. Xếp hạng: Tỷ lệ xã đạt chuẩn", "An Giang");
    assert_eq!(share[4..6], ["60.43", "4.57"], "{share:?}");
    // Mean: no number across the merger.
    let growth = row(&report, "2. Xếp hạng: Tốc độ tăng trưởng", "An Giang");
    assert_eq!(growth[4..6], ["", ""], "{growth:?}");
    // Only An Giang's own 2025 export: no total, not 700.
    let export = row(&report, "2. Xếp hạng: Kim ngạch xuất khẩu", "An Giang");
    assert_eq!(export[4..6], ["", ""], "{export:?}");
    // The cluster's last year is over the 2026 members' territories then.
    let summary = row(
        &report,
        "1. Tổng hợp",
        "Tổng thu ngân sách nhà nước trên địa bàn",
    );
    assert_eq!(summary[6], "18000", "{summary:?}");

    // A client reads the same, with what a detail view says.
    let server = server_kit::serve(Path::new(server_kit::bin()), &db, &[]);
    let client = ClientStore::connect(&serve::default_socket(&db)).expect("client");
    let cluster = client.cluster_for(p("2026-H1")).expect("cluster");
    let codes: Vec<&str> = cluster.provinces.iter().map(|p| p.code.as_str()).collect();
    assert_eq!(codes, ["AG", "CM", "DT", "VL", "CT"]);
    let figures = Figures::new(client.values(None).expect("values"));
    let ind = |code: &str| cluster.indicator(code).expect(code).clone();
    let last = |code: &str| figures.shown_last_year(&cluster, p("2026-H1"), "AG", &ind(code));
    let remark = |code: &str| figures.last_year_remark(&cluster, p("2026-H1"), "AG", &ind(code));

    let budget = last("BUDGET_REV").expect("composed");
    assert_eq!(
        (budget.value, budget.source),
        (d("18000"), Source::Composed)
    );
    assert_eq!(
        remark("BUDGET_REV").as_deref(),
        Some("gộp từ An Giang + Kiên Giang")
    );
    let parts = figures
        .last_year_figure(&cluster, p("2026-H1"), "AG", &ind("BUDGET_REV"))
        .expect("figure");
    let read: Vec<(&str, Option<Decimal>)> = parts
        .parts
        .iter()
        .map(|p| (p.unit.as_str(), p.inputs[0].1))
        .collect();
    assert_eq!(read, [("AG", Some(d("10000"))), ("KG", Some(d("8000")))]);
    let change = figures
        .shown_change(&cluster, p("2026-H1"), "AG", &ind("BUDGET_REV"))
        .expect("change");
    assert_eq!(change.percent, Some(d("10")));

    let share = last("NTM_COMMUNE_SHARE").expect("recomputed");
    assert_eq!(share.value.round_dp(4), d("60.4255"));
    assert_eq!(share.source, Source::Composed);

    assert_eq!(last("GRDP_GROWTH"), None);
    assert_eq!(remark("GRDP_GROWTH").as_deref(), Some(NOT_COMPARABLE));

    assert_eq!(last("EXPORT"), None, "partial is no total");
    assert_eq!(
        remark("EXPORT").as_deref(),
        Some("chưa đủ số liệu (sáp nhập): thiếu Kiên Giang")
    );

    // The cluster's own figure of last year: composed, its parts named.
    let data = thidua::model::PeriodData {
        cluster: &cluster,
        figures: &figures,
        period: p("2026-H1"),
    };
    let then = data.cluster_last_year(&ind("BUDGET_REV")).expect("figure");
    assert_eq!(then.value(), Some(d("18000")));
    assert!(then.composed);
    let said = data.cluster_remark(&then).expect("remark");
    assert!(
        said.starts_with("gộp từ An Giang + Kiên Giang; thiếu "),
        "{said}"
    );
    let growth = data.cluster_last_year(&ind("GRDP_GROWTH")).expect("figure");
    assert_eq!(growth.value(), None);
    assert_eq!(
        data.cluster_remark(&growth)
            .as_deref()
            .map(|r| r.starts_with(NOT_COMPARABLE)),
        Some(true)
    );
    drop(client);
    assert!(server.stop().success());
}

#[test]
fn export_import_into_a_fresh_database_export_is_byte_identical() {
    let root = tempfile::tempdir().expect("tempdir");
    let db = set_up(root.path());
    let first = root.path().join("lan-1");
    ok(&thidua(
        &db,
        &[
            "covenant",
            "export",
            "--out",
            first.to_str().expect("utf-8"),
        ],
    ));
    let fresh = root.path().join("moi");
    ok(&thidua(
        &fresh,
        &["covenant", "import", first.to_str().expect("utf-8")],
    ));
    let second = root.path().join("lan-2");
    ok(&thidua(
        &fresh,
        &[
            "covenant",
            "export",
            "--out",
            second.to_str().expect("utf-8"),
        ],
    ));
    for f in ["units.csv", "members.csv", "indicators.csv", "years.csv"] {
        let a = std::fs::read(first.join(f)).expect("first");
        let b = std::fs::read(second.join(f)).expect("second");
        assert!(a.starts_with("\u{feff}".as_bytes()), "{f} has a BOM");
        assert_eq!(a, b, "{f}");
    }
    // Exporting again over them needs --force.
    let out = thidua(
        &fresh,
        &[
            "covenant",
            "export",
            "--out",
            second.to_str().expect("utf-8"),
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(
        said.contains("Không ghi đè") && said.contains("--force"),
        "{said}"
    );
    ok(&thidua(
        &fresh,
        &[
            "covenant",
            "export",
            "--year",
            "2026",
            "--out",
            second.to_str().expect("utf-8"),
            "--force",
        ],
    ));
    let members = std::fs::read_to_string(second.join("members.csv")).expect("members");
    assert!(
        members.lines().skip(1).all(|l| l.starts_with("2026,")),
        "{members}"
    );
}

#[test]
fn a_bad_covenant_import_names_every_error_and_changes_nothing() {
    let root = tempfile::tempdir().expect("tempdir");
    let db = set_up(root.path());
    let before = root.path().join("truoc");
    ok(&thidua(
        &db,
        &[
            "covenant",
            "export",
            "--out",
            before.to_str().expect("utf-8"),
        ],
    ));
    // The files `set_up` imported, with three fields broken in two files.
    let dir = root.path().join("giao-uoc");
    let indicators = std::fs::read_to_string(dir.join("indicators.csv")).expect("read");
    let members = std::fs::read_to_string(dir.join("members.csv")).expect("read");
    std::fs::write(
        dir.join("indicators.csv"),
        indicators.replace(
            "2026,EXPORT,Kim ngạch xuất khẩu,triệu USD,economy,Kinh tế,4,higher_better,sum,1,0,",
            "2026,EXPORT,Kim ngạch xuất khẩu,triệu USD,economy,Kinh tế,4,higher_better,sum,1,1e3,",
        ),
    )
    .expect("write");
    std::fs::write(
        dir.join("members.csv"),
        members
            .replace("2026,DT,member,", "2026,DT,boss,")
            .replace("2026,VL,member,", "2026,V\u{0}L,member,"),
    )
    .expect("write");
    for check in [true, false] {
        let mut args = vec!["covenant", "import", dir.to_str().expect("utf-8")];
        if check {
            args.push("--check");
        }
        let out = thidua(&db, &args);
        assert_eq!(out.status.code(), Some(1), "check: {check}");
        let said = String::from_utf8_lossy(&out.stderr);
        assert!(
            said.contains("indicators.csv, dòng 5, cột min: «1e3» không phải số"),
            "{said}"
        );
        assert!(said.contains("members.csv, dòng 4, cột role"), "{said}");
        assert!(
            said.contains("members.csv, dòng 5, cột unit_code"),
            "{said}"
        );
        assert!(said.contains("Không nhập gì: 3 lỗi"), "{said}");
        assert!(!said.contains('\u{0}'), "{said}");
    }
    // Once every cell reads, the model's rules: a name with a small letter.
    std::fs::write(
        dir.join("indicators.csv"),
        indicators.replace(
            "2026,BUDGET_REV,Tổng thu ngân sách nhà nước trên địa bàn",
            "2026,BUDGET_REV,tổng thu ngân sách nhà nước trên địa bàn",
        ),
    )
    .expect("write");
    std::fs::write(dir.join("members.csv"), &members).expect("write");
    let out = thidua(&db, &["covenant", "import", dir.to_str().expect("utf-8")]);
    assert_eq!(out.status.code(), Some(1));
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(
        said.contains("indicators.csv, dòng 4, cột name")
            && said.contains("tên phải bắt đầu bằng chữ hoa"),
        "{said}"
    );
    // Nothing changed.
    let after = root.path().join("sau");
    ok(&thidua(
        &db,
        &[
            "covenant",
            "export",
            "--out",
            after.to_str().expect("utf-8"),
        ],
    ));
    for f in ["units.csv", "members.csv", "indicators.csv", "years.csv"] {
        assert_eq!(
            std::fs::read(before.join(f)).expect("before"),
            std::fs::read(after.join(f)).expect("after"),
            "{f}"
        );
    }
}

#[test]
fn an_import_into_a_new_directory_with_a_bad_file_creates_nothing() {
    let root = tempfile::tempdir().expect("tempdir");
    let dir = covenant_dir(root.path());
    std::fs::write(dir.join("years.csv"), "\u{feff}year,cluster_name\n2026,\n").expect("write");
    let db = root.path().join("chua-co");
    let out = thidua(&db, &["covenant", "import", dir.to_str().expect("utf-8")]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("years.csv, dòng 2, cột cluster_name"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!db.exists(), "no database made from bad files");
}
