//! The built-in Tây Nam bộ covenant in its new form (`data/cluster/`): it
//! reads without an error, is written in the canonical form, and holds the
//! facts of the 2021 report and of Resolution 202/2025/QH15.

use std::path::Path;

use thidua::io::covenant::{self, Files};
use thidua::model::calendar::format_day;
use thidua::model::covenant::{Covenant, MemberRole};
use thidua::model::criterion::Method;
use thidua::model::{ClusterRule, Period};

fn read(dir: &str) -> (Files, Covenant) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    let files = covenant::read_dir(&dir).expect("files");
    match covenant::import(&Covenant::default(), &files) {
        Ok(i) => (files, i.covenant),
        Err(errors) => panic!(
            "{}",
            errors
                .iter()
                .map(|e| e.to_string())
                .collect::<Vec<_>>()
                .join("\n")
        ),
    }
}

#[test]
fn the_built_in_files_read_and_are_in_canonical_form() {
    let (files, c) = read("data/cluster");
    let written = covenant::export(&c, None).expect("export");
    let again = covenant::as_files(&written);
    for (name, shipped, exported) in [
        ("units.csv", &files.units, &again.units),
        ("members.csv", &files.members, &again.members),
        ("indicators.csv", &files.indicators, &again.indicators),
        ("years.csv", &files.years, &again.years),
    ] {
        assert_eq!(
            String::from_utf8_lossy(shipped),
            String::from_utf8_lossy(exported),
            "{name}"
        );
    }
}

fn p(s: &str) -> Period {
    s.parse().expect("period")
}

#[test]
fn the_twelve_provinces_become_six_units_on_1_july_2025() {
    let (_, c) = read("data/cluster");
    let old = [
        "AG", "BL", "BT", "CM", "DT", "HG", "KG", "LA", "ST", "TG", "TV", "VL",
    ];
    let before: Vec<&str> = c
        .units
        .units_in(p("2025-H1"))
        .iter()
        .map(|u| u.code.as_str())
        .collect();
    assert_eq!(before, [&old[..], &["CT", "TN"]].concat());
    let after: Vec<&str> = c
        .units
        .units_in(p("2025-H2"))
        .iter()
        .map(|u| u.code.as_str())
        .collect();
    assert_eq!(after, ["AG", "CM", "DT", "VL", "CT", "TN"]);
    for code in old {
        let last = c.units.unit(code).and_then(|u| u.version_in(p("2025-H1")));
        assert_eq!(
            last.and_then(|v| v.valid_until).map(format_day).as_deref(),
            Some("2025-06-30"),
            "{code}"
        );
    }
    let merged = [
        ("AG", "An Giang", vec!["AG", "KG"]),
        ("CM", "Cà Mau", vec!["CM", "BL"]),
        ("DT", "Đồng Tháp", vec!["DT", "TG"]),
        ("VL", "Vĩnh Long", vec!["VL", "BT", "TV"]),
        ("CT", "TP Cần Thơ", vec!["CT", "ST", "HG"]),
        ("TN", "Tây Ninh", vec!["TN", "LA"]),
    ];
    for (code, label, parts) in merged {
        let unit = c.units.unit(code).expect("successor");
        let now = unit.version_in(p("2026")).expect("in force in 2026");
        assert_eq!(now.short_label(), label);
        assert_eq!(
            now.valid_from.map(format_day).as_deref(),
            Some("2025-07-01")
        );
        let t = c
            .units
            .territory(code, p("2026-H1"), p("2025-H1"))
            .expect("territory");
        assert_eq!(t.parts, parts, "{code}");
    }
    // Sóc Trăng, the 2021 vice-chair, no longer exists.
    assert_eq!(
        c.units.successor_of("ST").map(|(u, _)| u.code.as_str()),
        Some("CT")
    );
}

#[test]
fn the_2021_members_and_what_the_report_tells_of_their_roles() {
    let (_, c) = read("data/cluster");
    let y = c.year(2021).expect("2021");
    assert_eq!(y.cluster_name, "Cụm thi đua các tỉnh Tây Nam bộ");
    assert_eq!(y.members.len(), 12);
    assert!(
        y.member("CT").is_none() && y.member("TN").is_none(),
        "not in this cluster in 2021"
    );
    let st = y.member("ST").expect("Sóc Trăng");
    assert_eq!(st.role, MemberRole::ViceChair);
    assert!(st.note.contains("Cụm phó thứ 2"), "{}", st.note);
    // The report names no chair and no other vice-chair.
    assert!(y.chair().is_none());
    assert_eq!(y.vice_chairs().count(), 1);
    assert_eq!(y.issuer().map(|m| m.unit.as_str()), Some("ST"));
    assert_eq!(y.counted_members(&c.units, p("2021-H1")).len(), 12);
}

#[test]
fn the_2021_indicators_split_into_criteria_and_quoted_figures() {
    let (_, c) = read("data/cluster");
    let y = c.year(2021).expect("2021");
    let old: Vec<String> =
        csv::Reader::from_path(Path::new(env!("CARGO_MANIFEST_DIR")).join("data/indicators.csv"))
            .expect("old indicators")
            .records()
            .map(|r| r.expect("row")[0].to_string())
            .collect();
    let codes: Vec<&str> = y.criteria.iter().map(|c| c.code.as_str()).collect();
    assert_eq!(codes, old, "every old indicator, in report order");
    let quoted = |code: &str| !y.criterion(code).expect(code).in_covenant;
    for code in [
        "STARTUP_PRIZE2_AMOUNT",
        "STARTUP_PRIZE3_AMOUNT",
        "STARTUP_PRIZE_CONSOL_AMOUNT",
        "PAGODAS_NOTIFIED",
        "TDKT_STAFF_MIN",
        "TDKT_STAFF_MAX",
        "AWD_HC_DOCLAP",
        "BUDGET_REV_PCT_EST",
        "TOTAL_COMMUNES",
    ] {
        assert!(quoted(code), "{code} is only quoted");
    }
    for code in [
        "GRDP_GROWTH",
        "BUDGET_REV",
        "EXPORT",
        "NTM_COMMUNES",
        "NTM_COMMUNE_SHARE",
        "NEW_JOBS",
    ] {
        assert!(!quoted(code), "{code} is a criterion");
    }
    assert_eq!(y.in_covenant().count(), 27);
    assert_eq!(y.quoted().count(), 68);
    for c in &y.criteria {
        assert!(
            c.name.chars().next().is_some_and(char::is_uppercase),
            "{}",
            c.name
        );
        // The report gives no scale; the illustrative one of
        // docs/scoring.md scores only criteria of the covenant.
        if !c.in_covenant {
            assert_eq!(c.scoring.method, Method::None, "{}", c.code);
            assert_eq!(c.scoring.max_points, None, "{}", c.code);
        }
    }
    assert_eq!(y.scale_total, Some(100.into()));
    let share = y.criterion("NTM_COMMUNE_SHARE").expect("share");
    assert_eq!(share.rule.to_string(), "ratio:NTM_COMMUNES/TOTAL_COMMUNES");
    assert_eq!(
        y.criterion("NTM_AVG_CRITERIA")
            .expect("avg")
            .rule
            .to_string(),
        "mean_by:TOTAL_COMMUNES"
    );
}

#[test]
fn award_units_say_what_they_count_and_the_two_doc_lap_lines_stay_apart() {
    let (_, c) = read("data/cluster");
    let y = c.year(2021).expect("2021");
    let unit = |code: &str| y.criterion(code).expect(code).unit.as_str();
    assert_eq!(unit("AWD_AHLD"), "danh hiệu");
    assert_eq!(unit("AWD_HC_DOCLAP"), "huân chương");
    assert_eq!(unit("AWD_HUYC_KHANGCHIEN"), "huy chương");
    assert_eq!(unit("AWD_CO_CP"), "cờ");
    assert_eq!(unit("AWD_BK_TTG"), "bằng khen");
    assert!(y.criteria.iter().all(|c| c.unit != "hiện vật"));
    assert!(
        y.criteria
            .iter()
            .filter(|c| c.code.starts_with("AWD_"))
            .all(|c| c.counted)
    );
    let first = y.criterion("AWD_HC_DOCLAP").expect("first");
    let second = y.criterion("AWD_HC_DOCLAP_2").expect("second");
    assert_eq!(first.name, "Huân chương Độc lập các hạng");
    assert!(second.name.starts_with("Huân chương Độc lập các hạng"));
    assert_ne!(
        first.name, second.name,
        "told apart wherever names are shown"
    );
    assert!(
        second.note.contains("Huân chương Lao động"),
        "{}",
        second.note
    );
}

/// The store reads the built-in files with its own small reader (it may
/// not use `io`): it gives exactly what `thidua covenant import` reads.
#[test]
fn the_stores_built_in_covenant_is_what_the_files_reader_reads() {
    let (_, c) = read("data/cluster");
    let stored = thidua::store::builtin::covenant().expect("built-in");
    assert_eq!(stored, c);
}

/// The bridge to the old record keeps what the old built-in cluster of
/// `data/provinces.csv` and `data/indicators.csv` held, but for the
/// corrections made on purpose, and weighs by the year's points scale.
#[test]
fn the_legacy_cluster_of_2021_matches_the_old_built_in_one_but_for_the_corrections() {
    let (_, c) = read("data/cluster");
    let y = c.year(2021).expect("2021");
    let new = y.legacy_cluster(&c.units, p("2021-H1"));
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let provinces: Vec<(String, String)> = csv::Reader::from_path(root.join("data/provinces.csv"))
        .expect("provinces")
        .records()
        .map(|r| {
            let r = r.expect("row");
            (r[0].to_string(), r[1].to_string())
        })
        .collect();
    let got: Vec<(String, String)> = new
        .provinces
        .iter()
        .map(|p| (p.code.clone(), p.name.clone()))
        .collect();
    assert_eq!(got, provinces);
    assert_eq!(new.name, "Cụm thi đua các tỉnh Tây Nam bộ");
    let old: Vec<csv::StringRecord> = csv::Reader::from_path(root.join("data/indicators.csv"))
        .expect("old indicators")
        .records()
        .map(|r| r.expect("row"))
        .collect();
    assert_eq!(new.indicators.len(), old.len());
    for (n, o) in new.indicators.iter().zip(&old) {
        // code,name,unit,group,direction,aggregate,name_en,note,unit_vi,group_vi
        assert_eq!(n.code, &o[0]);
        assert_eq!((n.group.as_str(), n.group_name.as_str()), (&o[3], &o[9]));
        assert_eq!(thidua::model::criterion::direction_code(n.direction), &o[4]);
        let mut capitalised: String = o[1].chars().take(1).flat_map(char::to_uppercase).collect();
        capitalised.extend(o[1].chars().skip(1));
        if !["MIL_RECRUIT_PCT_PLAN", "AWD_HC_DOCLAP_2"].contains(&n.code.as_str()) {
            assert_eq!(n.name, capitalised, "only capitalised");
        }
        if !n.code.starts_with("AWD_") {
            assert_eq!(n.unit, &o[8], "{}", n.code);
        }
        let criterion = y.criterion(&n.code).expect("criterion");
        assert_eq!(n.ratio_entry, n.unit == "%");
        assert_eq!((n.min, n.max), criterion.bounds());
        // A year with a points scale weighs a criterion by its MS where
        // today's formula approximates its method, and nothing else.
        let weight = match (criterion.scoring.method, criterion.scoring.max_points) {
            (Method::Target | Method::Ratio | Method::Rank, Some(ms)) if criterion.in_covenant => {
                ms
            }
            _ => 0.into(),
        };
        assert_eq!(n.weight, weight, "{}", n.code);
        if n.code == "ONLINE_PS_L34" {
            assert_eq!(n.rule, ClusterRule::None, "corrected: not summed");
        }
    }
    let weighted: rust_decimal::Decimal = new.indicators.iter().map(|i| i.weight).sum();
    // Within the scale's 100 points (the other methods are the engine's).
    assert!(weighted <= 100.into(), "{weighted}");
}

/// Without a points scale, a directional criterion of the covenant weighs
/// 1 and a neutral one, a "% of plan" item or a quoted figure nothing.
#[test]
fn a_year_without_a_scale_weighs_each_directional_criterion_one() {
    let (_, c) = read("data/cluster");
    let mut y = c.year(2021).expect("2021").clone();
    y.scale_total = None;
    for c in &mut y.criteria {
        c.scoring = Default::default();
    }
    let cluster = y.legacy_cluster(&c.units, p("2021-H1"));
    let weight = |code: &str| cluster.indicator(code).expect(code).weight;
    assert_eq!(weight("GRDP_GROWTH"), 1.into());
    assert_eq!(weight("NTM_COMMUNES"), 1.into());
    assert_eq!(
        weight("BUDGET_REV_PCT_EST"),
        0.into(),
        "scored through its base"
    );
    assert_eq!(weight("AWD_HC_DOCLAP"), 0.into(), "quoted");
}

/// The store keeps records as bincode 2 (serde): the covenant must survive
/// that encoding whole, dates and decimals included.
#[test]
fn the_covenant_survives_the_stores_encoding() {
    let (_, c) = read("data/cluster");
    let config = bincode::config::standard();
    let bytes = bincode::serde::encode_to_vec(&c, config).expect("encode");
    let (back, used): (Covenant, usize) =
        bincode::serde::decode_from_slice(&bytes, config).expect("decode");
    assert_eq!(used, bytes.len());
    assert_eq!(back, c);
}
