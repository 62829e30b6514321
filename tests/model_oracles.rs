//! The derived figures reproduce what the 2021-H1 report itself states.

use rust_decimal::Decimal;
use thidua::model::{Figures, Period};
use thidua::store::builtin;
use thidua::text::number::format_number;

fn d(s: &str) -> Decimal {
    s.parse().expect("decimal")
}

fn h1() -> Period {
    "2021-H1".parse().expect("period")
}

fn builtin_figures() -> (thidua::model::Cluster, Figures) {
    let (cluster, values) = builtin::load().expect("built-in data");
    (cluster, Figures::new(values))
}

/// Every reported % of plan (`plan_pct` rows, which are not stored) equals the
/// computed share at the report's own precision.
#[test]
fn computed_share_of_plan_matches_every_reported_one() {
    let (_, figures) = builtin_figures();
    let mut checked = Vec::new();
    for row in builtin::value_rows()
        .expect("rows")
        .iter()
        .filter(|r| r.kind == "plan_pct")
    {
        let base = row
            .indicator_code
            .trim_end_matches("_PCT_EST")
            .trim_end_matches("_PCT_PLAN");
        let reported: Decimal = row.value.parse().expect("value");
        let period: Period = row.period.parse().expect("period");
        let Some(computed) = figures.plan_pct(period, &row.province_code, base) else {
            // Only the cluster-wide call-up (100 %) has no figures behind it.
            assert_eq!(
                (row.province_code.as_str(), base),
                ("CLUSTER", "MIL_RECRUIT")
            );
            continue;
        };
        assert_eq!(
            computed.round_dp(reported.scale()),
            reported,
            "{} {}",
            row.province_code,
            base
        );
        checked.push(format!("{} {}", row.province_code, base));
    }
    assert_eq!(checked.len(), 9, "{checked:?}");
    assert!(checked.contains(&"HG BUDGET_REV".to_string()));
}

#[test]
fn hau_giang_budget_is_76_64_percent_of_plan() {
    let (_, figures) = builtin_figures();
    assert_eq!(
        figures
            .plan_pct(h1(), "HG", "BUDGET_REV")
            .map(|v| v.round_dp(2)),
        Some(d("76.64"))
    );
}

#[test]
fn new_rural_communes_of_the_12_provinces_sum_to_819() {
    let (cluster, figures) = builtin_figures();
    let ind = cluster.indicator("NTM_COMMUNES").expect("indicator");
    assert_eq!(
        figures.cluster_computed(&cluster, h1(), ind),
        Some(d("819"))
    );
    assert_eq!(
        figures
            .cluster_reported(h1(), "NTM_COMMUNES")
            .map(|f| f.value),
        Some(d("819"))
    );
    assert_eq!(
        figures
            .indicator_completeness(&cluster, h1(), "NTM_COMMUNES")
            .to_string(),
        "12/12"
    );
}

#[test]
fn an_giang_61_of_119_communes_is_51_26_percent_and_cluster_share_66_59() {
    let (cluster, figures) = builtin_figures();
    let ag = thidua::model::derived::plan_ratio(
        figures
            .actual(h1(), "AG", "NTM_COMMUNES")
            .expect("AG communes"),
        figures
            .actual(h1(), "AG", "TOTAL_COMMUNES")
            .expect("AG total"),
    );
    assert_eq!(ag.map(|v| v.round_dp(2)), Some(d("51.26")));
    assert_eq!(
        figures.actual(h1(), "AG", "NTM_COMMUNE_SHARE"),
        Some(d("51.26"))
    );
    let share = cluster.indicator("NTM_COMMUNE_SHARE").expect("indicator");
    assert_eq!(
        figures
            .cluster_computed(&cluster, h1(), share)
            .map(|v| v.round_dp(2)),
        Some(d("66.59"))
    );
}

#[test]
fn budget_rank_and_change_against_last_year() {
    let (cluster, figures) = builtin_figures();
    let budget = cluster.indicator("BUDGET_REV").expect("indicator");
    let ranking: Vec<(String, usize)> = figures
        .ranking(&cluster, h1(), budget)
        .into_iter()
        .map(|r| (r.province, r.rank))
        .collect();
    assert_eq!(
        ranking,
        vec![
            ("LA".to_string(), 1),
            ("HG".to_string(), 2),
            ("BL".to_string(), 3)
        ]
    );
    let change = figures
        .change(h1(), "CLUSTER", "BUDGET_REV")
        .expect("change");
    assert_eq!(change.percent.map(|p| p.round_dp(2)), Some(d("54.95")));
}

#[test]
fn loads_the_cluster_as_reported() {
    let (cluster, figures) = builtin_figures();
    assert_eq!(cluster.name, "Cụm thi đua các tỉnh Tây Nam bộ");
    assert_eq!(cluster.provinces.len(), 12);
    assert_eq!(cluster.indicators.len(), 95);
    let rows = builtin::value_rows().expect("rows");
    let loaded = rows.iter().filter(|r| builtin::is_loaded(r)).count();
    assert_eq!(figures.len(), loaded);
    // No plan_pct row and no derived actual is stored.
    assert!(
        figures
            .iter()
            .all(|(k, f)| !(f.qualifiers.derived && k.kind == thidua::model::Kind::Actual))
    );
    assert_eq!(cluster.groups().first().map(|g| g.0), Some("Kinh tế"));
}

/// Every reported % of plan whose base indicator is in the covenant shows,
/// unstored, as the figure of its own indicator (Thu ngân sách đạt % dự
/// toán: Hậu Giang 76,64 …), at the report's own precision.
#[test]
fn every_reported_share_of_plan_is_the_figure_shown_for_its_indicator() {
    use thidua::model::Source;
    let (cluster, figures) = builtin_figures();
    let mut shown = Vec::new();
    for row in builtin::value_rows()
        .expect("rows")
        .iter()
        .filter(|r| r.kind == "plan_pct" && r.province_code != "CLUSTER")
    {
        let ind = cluster.indicator(&row.indicator_code).expect("indicator");
        let period: Period = row.period.parse().expect("period");
        let reported: Decimal = row.value.parse().expect("value");
        let got = figures
            .shown_actual(&cluster, period, &row.province_code, ind)
            .unwrap_or_else(|| panic!("{} {} not shown", row.province_code, ind.code));
        assert_eq!(got.source, Source::Derived, "{}", row.province_code);
        let text = format_number(got.value, reported.scale());
        assert_eq!(
            text,
            format_number(reported, reported.scale()),
            "{} {}",
            row.province_code,
            ind.code
        );
        shown.push(format!("{} {text}", row.province_code));
    }
    assert_eq!(
        shown,
        [
            "HG 76,64", "LA 71,7", "BL 70,51", "ST 57", "VL 53,53", "TG 50,6", "DT 50", "TV 66,9",
            "TV 32,4"
        ]
    );
    // Not stored: an export writes none of them.
    assert!(
        figures
            .iter()
            .all(|(k, _)| !thidua::model::shown::is_share_of_plan_code(&k.indicator))
    );
}

#[test]
fn budget_share_of_plan_ranks_hg_la_bl_and_the_cluster_weighs_the_plans() {
    let (cluster, figures) = builtin_figures();
    let ind = cluster.indicator("BUDGET_REV_PCT_EST").expect("indicator");
    let ranking: Vec<(String, usize)> = figures
        .ranking(&cluster, h1(), ind)
        .into_iter()
        .map(|r| (r.province, r.rank))
        .collect();
    assert_eq!(
        ranking,
        [("HG".into(), 1), ("LA".into(), 2), ("BL".into(), 3)]
    );
    assert_eq!(
        figures
            .indicator_completeness(&cluster, h1(), &ind.code)
            .to_string(),
        "3/12"
    );
    // (2.550 + 10.880 + 2.353) ÷ (3.327,24 + 15.174,34 + 3.337,12) × 100.
    assert_eq!(
        figures
            .cluster_computed(&cluster, h1(), ind)
            .map(|v| v.round_dp(2)),
        Some(d("72.27"))
    );
}

/// The 11 commune shares the data set derived are shown, computed from each
/// province's NTM_COMMUNES ÷ TOTAL_COMMUNES; An Giang's typed 61/119 stays
/// as stored.
#[test]
fn derived_commune_shares_are_shown_and_an_giang_keeps_its_typed_share() {
    use thidua::model::Source;
    let (cluster, figures) = builtin_figures();
    let ind = cluster.indicator("NTM_COMMUNE_SHARE").expect("indicator");
    let rows = builtin::value_rows().expect("rows");
    let derived: Vec<_> = rows
        .iter()
        .filter(|r| {
            r.indicator_code == "NTM_COMMUNE_SHARE"
                && r.derived == "true"
                && r.province_code != "CLUSTER"
        })
        .collect();
    assert_eq!(derived.len(), 11);
    for r in derived {
        let expected: Decimal = r.value.parse().expect("value");
        let got = figures
            .shown_actual(&cluster, h1(), &r.province_code, ind)
            .expect("shown");
        assert_eq!(got.source, Source::Derived, "{}", r.province_code);
        assert_eq!(
            format_number(got.value, ind.decimals),
            format_number(expected, ind.decimals),
            "{}",
            r.province_code
        );
    }
    let ag = figures.shown_actual(&cluster, h1(), "AG", ind).expect("AG");
    assert_eq!((ag.value, ag.source), (d("51.26"), Source::Stored));
    assert_eq!(
        figures
            .indicator_completeness(&cluster, h1(), &ind.code)
            .to_string(),
        "12/12"
    );
}
