//! Review figures on the built-in 2021-H1 data: cluster figures by rule,
//! % of plan, the awards annex's reported totals, and the summary table.

use rust_decimal::Decimal;
use thidua::io::review_tables;
use thidua::io::table::Row;
use thidua::model::awards::awards_annex;
use thidua::model::{Cluster, Figures, Period};
use thidua::store::builtin;

fn d(s: &str) -> Decimal {
    s.parse().expect("decimal literal")
}

fn h1() -> Period {
    "2021-H1".parse().expect("period")
}

fn builtin_data() -> (Cluster, Figures) {
    let (cluster, values) = builtin::load().expect("built-in data");
    (cluster, Figures::new(values))
}

fn summary_row(table: &thidua::io::table::Table, name: &str) -> Vec<String> {
    table
        .rows
        .iter()
        .find_map(|r| match r {
            Row::Cells(c) if c[0] == name => Some(c.clone()),
            _ => None,
        })
        .unwrap_or_else(|| panic!("no summary row {name}"))
}

#[test]
fn new_rural_commune_total_is_the_sum_of_the_provinces() {
    let (cluster, figures) = builtin_data();
    let ind = cluster.indicator("NTM_COMMUNES").expect("indicator");
    assert_eq!(
        figures.cluster_computed(&cluster, h1(), ind),
        Some(d("819"))
    );
    let row = summary_row(
        &review_tables::summary(&cluster, &figures, h1()),
        "Xã được công nhận đạt chuẩn nông thôn mới",
    );
    // computed, reported, no difference flag, completeness
    assert_eq!(row[2], "819");
    assert_eq!(row[3], "819");
    assert_eq!(row[4], "");
    assert_eq!(row[8], "12/12 tỉnh");
}

#[test]
fn new_rural_cluster_share_follows_its_ratio_rule() {
    let (cluster, figures) = builtin_data();
    let ind = cluster.indicator("NTM_COMMUNE_SHARE").expect("indicator");
    let share = figures
        .cluster_computed(&cluster, h1(), ind)
        .expect("ratio figure");
    assert_eq!(share, d("81900") / d("1230"));
    assert_eq!(review_tables::shown(ind, share), "66,59");
    let row = summary_row(
        &review_tables::summary(&cluster, &figures, h1()),
        "Tỷ lệ xã đạt chuẩn xã nông thôn mới",
    );
    assert_eq!(row[2], "66,59");
    // An Giang typed its share; the other 11 are derived from their parts.
    assert_eq!(row[8], "12/12 tỉnh");
}

#[test]
fn hau_giang_budget_is_76_64_percent_of_plan() {
    let (cluster, figures) = builtin_data();
    let pct = figures
        .plan_pct(h1(), "HG", "BUDGET_REV")
        .expect("plan share");
    assert_eq!(pct.round_dp(2), d("76.64"));
    let ind = cluster.indicator("BUDGET_REV").expect("indicator");
    let table = review_tables::ranking(&cluster, &figures, h1(), ind);
    let hg = summary_row(&table, "2");
    assert_eq!(hg, vec!["2", "Hậu Giang", "2.550", "76,64%", "", ""]);
}

#[test]
fn cluster_budget_flags_reported_against_computed_and_compares_last_year() {
    let (cluster, figures) = builtin_data();
    let row = summary_row(
        &review_tables::summary(&cluster, &figures, h1()),
        "Tổng thu ngân sách",
    );
    assert_eq!(
        row,
        vec![
            "Tổng thu ngân sách",
            "tỷ đồng",
            "15.783",
            "52.049",
            "+36.266",
            "72,27%",
            "33.590",
            "+54,95%",
            "3/12 tỉnh"
        ]
    );
}

#[test]
fn awards_annex_keeps_the_reported_cluster_totals_in_report_order() {
    let (cluster, figures) = builtin_data();
    let annex = awards_annex(&cluster, &figures, h1());
    let names: Vec<&str> = annex.types.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names.first(), Some(&"Danh hiệu Anh hùng Lao động"));
    assert_eq!(names.last(), Some(&"Bằng khen của Chủ tịch UBND tỉnh"));
    let reported: Vec<Option<Decimal>> = annex.reported.clone();
    let expected: Vec<Option<Decimal>> = [
        "1", "82", "19", "86", "53", "9", "62", "731", "3204", "707", "389", "24550",
    ]
    .iter()
    .map(|s| Some(d(s)))
    .collect();
    assert_eq!(reported, expected);
    assert_eq!(annex.reported_total, Some(d("29893")));
    // No province breakdown in the built-in data: provinces' sums are empty.
    assert!(annex.type_totals.iter().all(Option::is_none));
    assert_eq!(annex.grand_total, None);

    let table = review_tables::awards(&annex);
    let last_col = table.columns.len() - 1;
    let bk = summary_row(&table, "Bằng khen của Chủ tịch UBND tỉnh");
    assert_eq!(bk[last_col], "24.550");
    assert_eq!(bk[last_col - 1], "");
    let total = summary_row(&table, "Tổng cộng");
    assert_eq!(total[last_col], "29.893");
}

#[test]
fn awards_annex_sums_provinces_and_flags_a_differing_reported_total() {
    let (cluster, mut figures) = builtin_data();
    use thidua::model::{Figure, Kind, ValueKey};
    for (p, v) in [("AG", "20000"), ("BL", "4000")] {
        figures.apply(
            ValueKey::new(h1(), p, "AWD_BK_CTUBND", Kind::Actual),
            Some(Figure::plain(d(v))),
        );
    }
    figures.apply(
        ValueKey::new(h1(), "AG", "AWD_AHLD", Kind::Actual),
        Some(Figure::plain(d("1"))),
    );
    let annex = awards_annex(&cluster, &figures, h1());
    let table = review_tables::awards(&annex);
    let bk = summary_row(&table, "Bằng khen của Chủ tịch UBND tỉnh");
    let n = table.columns.len();
    assert_eq!(bk[1], "20.000"); // AG
    assert_eq!(bk[2], "4.000"); // BL
    assert_eq!(bk[n - 2], "24.000");
    assert_eq!(bk[n - 1], "24.550 *");
    let ahld = summary_row(&table, "Danh hiệu Anh hùng Lao động");
    assert_eq!(ahld[n - 1], "1"); // equal: no flag
    let total = summary_row(&table, "Tổng cộng");
    assert_eq!(total[1], "20.001"); // AG's row total
    assert_eq!(total[n - 2], "24.001");
}

/// A percentage's change is told in points (4,90 % against 2,31 %: +2,59),
/// an amount's as a percentage (52.049 against 33.590 tỷ: +54,95%).
#[test]
fn change_against_last_year_reads_in_points_for_percentages() {
    let (cluster, figures) = builtin_data();
    let text = |code: &str| {
        let ind = cluster.indicator(code).expect("indicator");
        let change = figures.change(h1(), "CLUSTER", code).expect("change");
        review_tables::change_text(ind, &change)
    };
    assert_eq!(text("GRDP_GROWTH"), "+2,59");
    assert_eq!(text("BUDGET_REV"), "+54,95%");
}
