//! The illustrative 2021 scale of the built-in Tây Nam bộ covenant
//! (`data/cluster/`) on the report's 2021-H1 figures: the scale adds up,
//! every criterion on it is one the report measures for some province,
//! every point of a sheet is traceable, and the ranking is the one
//! `docs/scoring.md` shows ("The built-in 2021 scale") — not today's
//! weight-based one, which puts Hậu Giang first (14,31) because the report
//! quotes nine investment sub-items for it alone.

mod scoring_common;

use scoring_common::{built_in, num, period};
use thidua::model::Figures;
use thidua::model::covenant::Covenant;
use thidua::model::scoring::sheet::on_sheet;
use thidua::model::scoring::{Inputs, Ranking, ScoreSheet, SheetEntries, cluster_sheets};

fn sheets() -> (Covenant, Inputs, Vec<ScoreSheet>) {
    let c = built_in();
    let y = c.year(2021).expect("2021");
    let (_, values) = thidua::store::builtin::load().expect("built-in values");
    let figures = Figures::new(values);
    let inputs = Inputs::from_figures(y, &c.units, &figures, period("2021-H1"));
    let sheets = cluster_sheets(y, &c.units, &inputs, |_| SheetEntries::default());
    (c, inputs, sheets)
}

#[test]
fn the_scale_adds_up_to_100_over_criteria_the_report_measures() {
    let (c, inputs, _) = sheets();
    let y = c.year(2021).expect("2021");
    assert!(c.problems().is_empty(), "{:?}", c.problems());
    let on: Vec<&str> = y
        .criteria
        .iter()
        .filter(|k| on_sheet(y, k))
        .map(|k| k.code.as_str())
        .collect();
    assert_eq!(
        on,
        [
            "GRDP_GROWTH",
            "BUDGET_REV",
            "EXPORT",
            "NTM_COMMUNE_SHARE",
            "NTM_ADV_COMMUNES_ADDED",
            "NEW_JOBS",
            "WORKERS_ABROAD",
            "ONLINE_PS_L34_SHARE",
            "NEW_ENTERPRISES",
            "DOM_INV_CAPITAL",
        ]
    );
    for code in on {
        assert!(
            inputs
                .units
                .iter()
                .any(|u| inputs.actual(u, code).is_some()),
            "{code}: some province's 2021-H1 figure is in the report"
        );
    }
    // The target and ratio criteria have registered targets (the annual
    // plans the report's % of plan imply).
    let has = |u: &str, code: &str| inputs.target(u, code).is_some();
    assert!(y.targets_problems(&c.units, has).is_empty());
}

#[test]
fn the_built_in_ranking_follows_the_headline_criteria() {
    let (_, _, sheets) = sheets();
    let r = Ranking::of(period("2021-H1"), &sheets);
    let got: Vec<(usize, &str, String)> = r
        .rows
        .iter()
        .map(|row| (row.rank, row.name.as_str(), num(row.points.total, 2)))
        .collect();
    assert_eq!(
        got,
        [
            (1, "Bạc Liêu", "45,29".to_string()),
            (2, "Đồng Tháp", "26,93".into()),
            (3, "Hậu Giang", "21,66".into()),
            (4, "Tiền Giang", "20,15".into()),
            (5, "Trà Vinh", "19,51".into()),
            (6, "Long An", "19,32".into()),
            (7, "Kiên Giang", "17,73".into()),
            (8, "Bến Tre", "13,33".into()),
            (9, "Vĩnh Long", "13,10".into()),
            (10, "Sóc Trăng", "9,73".into()),
            (11, "An Giang", "6,82".into()),
            (12, "Cà Mau", "3,64".into()),
        ]
    );
    assert!(r.unranked.is_empty());
    let t = r.table(&num);
    assert!(t.notes[0].contains("cùng hạng"), "the tie rule is stated");
}

#[test]
fn every_point_of_a_built_in_sheet_is_traceable() {
    let (_, _, sheets) = sheets();
    let hg = sheets.iter().find(|s| s.unit == "HG").expect("Hậu Giang");
    let formulas: Vec<(String, String)> = hg
        .rows()
        .map(|r| (r.code.clone(), r.formula(&num)))
        .collect();
    let expected = [
        ("GRDP_GROWTH", "hạng 4/4: 20 × (4 − 4) ÷ (4 − 1) = 0,00"),
        (
            "BUDGET_REV",
            "dưới chỉ tiêu: 0,5 × 15 × 2.550 ÷ 3.327,24 = 5,75",
        ),
        ("EXPORT", "chưa báo cáo: 0,00"),
        (
            "NTM_COMMUNE_SHARE",
            "hạng 6/12: 20 × (12 − 6) ÷ (12 − 1) = 10,91",
        ),
        ("NTM_ADV_COMMUNES_ADDED", "chưa báo cáo: 0,00"),
        ("NEW_JOBS", "chưa báo cáo: 0,00"),
        ("WORKERS_ABROAD", "chưa báo cáo: 0,00"),
        ("ONLINE_PS_L34_SHARE", "chưa báo cáo: 0,00"),
        ("NEW_ENTERPRISES", "hạng 2/2: 5 × (2 − 2) ÷ (2 − 1) = 0,00"),
        ("DOM_INV_CAPITAL", "hạng 1/1, đơn vị duy nhất báo cáo: 5,00"),
    ];
    assert_eq!(
        formulas,
        expected
            .iter()
            .map(|(c, f)| (c.to_string(), f.to_string()))
            .collect::<Vec<_>>()
    );
    let total = hg.totals.final_points.as_ref().expect("total");
    assert_eq!(num(total.total, 2), "21,66");
    assert_eq!(hg.sections.len(), 8, "one section per group with points");
}

#[test]
fn a_built_in_scale_whose_maxima_do_not_add_up_is_refused_at_import_with_its_line() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data/cluster");
    let mut files = thidua::io::covenant::read_dir(&dir).expect("files");
    let text = String::from_utf8(files.indicators.clone()).expect("utf8");
    let changed = text.replace(",,15,target,,,,,", ",,10,target,,,,,");
    assert_ne!(changed, text, "EXPORT's MS is in the file");
    files.indicators = changed.into_bytes();
    let errors: Vec<String> = thidua::io::covenant::import(&Covenant::default(), &files)
        .expect_err("refused")
        .iter()
        .map(|e| e.to_string())
        .collect();
    assert_eq!(
        errors,
        [
            "years.csv, dòng 2, cột scale_total: năm 2021: tổng điểm tối đa các chỉ tiêu cấp trên cùng GRDP_GROWTH 20 + BUDGET_REV 15 + EXPORT 10 + NTM_COMMUNE_SHARE 20 + NTM_ADV_COMMUNES_ADDED 5 + NEW_JOBS 5 + WORKERS_ABROAD 5 + ONLINE_PS_L34_SHARE 5 + NEW_ENTERPRISES 5 + DOM_INV_CAPITAL 5 = 95 khác tổng điểm thang đã khai báo 100"
        ]
    );
}
