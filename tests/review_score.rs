//! Ranking (ties, lower-is-better, unreported last) and the covenant score
//! computed by hand against the score table.

use rust_decimal::Decimal;
use thidua::io::review_tables;
use thidua::io::table::Row;
use thidua::model::score::{self, Basis};
use thidua::model::{
    Cluster, ClusterRule, Direction, Figure, Figures, Indicator, Kind, Period, Province, Value,
    ValueKey,
};
use thidua::store::builtin;

fn d(s: &str) -> Decimal {
    s.parse().expect("decimal literal")
}

fn h1() -> Period {
    "2021-H1".parse().expect("period")
}

fn year() -> Period {
    "2021".parse().expect("period")
}

fn indicator(code: &str, group: &str, direction: Direction) -> Indicator {
    Indicator {
        code: code.into(),
        name: format!("chỉ tiêu {code}"),
        unit: "đv".into(),
        group: group.into(),
        group_name: format!("Nhóm {group}"),
        direction,
        rule: ClusterRule::Sum,
        decimals: 0,
        min: d("0"),
        max: d("1000000"),
        weight: d("2"),
        ratio_entry: false,
    }
}

/// Four provinces; INC (higher better, with plans) and ACC (lower better,
/// no plan: accidents), both weight 2.
fn sample() -> (Cluster, Figures) {
    let provinces = [
        ("AA", "An A"),
        ("BB", "Bình B"),
        ("CC", "Cần C"),
        ("DD", "Đắk D"),
    ]
    .iter()
    .map(|(c, n)| Province {
        code: c.to_string(),
        name: n.to_string(),
    })
    .collect();
    let cluster = Cluster {
        name: "Cụm thử".into(),
        provinces,
        indicators: vec![
            indicator("INC", "econ", Direction::HigherBetter),
            indicator("ACC", "safety", Direction::LowerBetter),
            indicator("AWD", "econ", Direction::Neutral),
        ],
        basis: None,
    };
    let v = |p: &str, i: &str, period: Period, kind: Kind, x: &str| Value {
        key: ValueKey::new(period, p, i, kind),
        figure: Figure::plain(d(x)),
    };
    let values = vec![
        v("AA", "INC", h1(), Kind::Actual, "50"),
        v("AA", "INC", year(), Kind::Plan, "200"),
        v("BB", "INC", h1(), Kind::Actual, "300"),
        v("BB", "INC", year(), Kind::Plan, "250"),
        v("CC", "INC", h1(), Kind::Actual, "300"),
        v("CC", "INC", year(), Kind::Plan, "400"),
        // ACC: BB and CC tie at the top (fewest), AA last, DD unreported.
        v("AA", "ACC", h1(), Kind::Actual, "9"),
        v("BB", "ACC", h1(), Kind::Actual, "3"),
        v("CC", "ACC", h1(), Kind::Actual, "3"),
        v("AA", "AWD", h1(), Kind::Actual, "7"),
    ];
    (cluster, Figures::new(values))
}

fn cells(t: &thidua::io::table::Table) -> Vec<Vec<String>> {
    t.rows
        .iter()
        .filter_map(|r| match r {
            Row::Cells(c) => Some(c.clone()),
            Row::Group(_) => None,
        })
        .collect()
}

#[test]
fn ranking_shares_ties_and_respects_lower_is_better() {
    let (cluster, figures) = sample();
    let acc = cluster.indicator("ACC").expect("ACC");
    let rows = cells(&review_tables::ranking(&cluster, &figures, h1(), acc));
    let brief: Vec<(String, String, String)> = rows
        .iter()
        .map(|r| (r[0].clone(), r[1].clone(), r[2].clone()))
        .collect();
    assert_eq!(
        brief,
        vec![
            ("1".into(), "Bình B".into(), "3".into()),
            ("1".into(), "Cần C".into(), "3".into()),
            ("3".into(), "An A".into(), "9".into()),
            ("".into(), "Đắk D".into(), "chưa báo cáo".into()),
        ]
    );
}

#[test]
fn ranking_higher_is_better_with_ties_and_plan_share() {
    let (cluster, figures) = sample();
    let inc = cluster.indicator("INC").expect("INC");
    let rows = cells(&review_tables::ranking(&cluster, &figures, h1(), inc));
    assert_eq!(rows[0], vec!["1", "Bình B", "300", "120,00%", "", ""]);
    assert_eq!(rows[1], vec!["1", "Cần C", "300", "75,00%", "", ""]);
    assert_eq!(rows[2], vec!["3", "An A", "50", "25,00%", "", ""]);
    assert_eq!(rows[3][1], "Đắk D");
    assert_eq!(rows[3][2], "chưa báo cáo");
}

#[test]
fn score_of_one_province_by_hand_equals_the_table() {
    let (cluster, figures) = sample();
    // An A: INC with a plan: 2 × min(50 ÷ 200; 1) = 0,5.
    //       ACC without a plan, rank 3 of 3 (lower better): 2 × (3−3)/(3−1) = 0.
    //       AWD neutral: nothing.
    // Cần C: INC 2 × min(300 ÷ 400; 1) = 1,5; ACC rank 1 of 3: 2 × 2/2 = 2.
    // Bình B: INC 2 × min(300 ÷ 250; 1) = 2; ACC rank 1: 2. Total 4.
    let aa_by_hand = d("2") * (d("50") / d("200")) + d("0");
    let cc_by_hand = d("2") * (d("300") / d("400")) + d("2") * d("2") / d("2");
    let table = score::score_table(&cluster, &figures, h1());
    let total = |p: &str| {
        table
            .rows
            .iter()
            .find(|r| r.province == p)
            .map(|r| (r.total, r.rank))
            .expect("row")
    };
    assert_eq!(total("AA"), (aa_by_hand, 3));
    assert_eq!(total("CC"), (cc_by_hand, 2));
    assert_eq!(total("BB"), (d("4"), 1));
    assert_eq!(total("DD"), (d("0"), 4));
    // Columns: the groups that can score, in report order.
    let groups: Vec<&str> = table.groups.iter().map(|g| g.name.as_str()).collect();
    assert_eq!(groups, vec!["Nhóm econ", "Nhóm safety"]);
    let rows = cells(&review_tables::score(&cluster, &table));
    assert_eq!(rows[0], vec!["1", "Bình B", "2,00", "2,00", "4,00"]);
    assert_eq!(rows[1], vec!["2", "Cần C", "1,50", "2,00", "3,50"]);
    assert_eq!(rows[2], vec!["3", "An A", "0,50", "0,00", "0,50"]);
    assert_eq!(rows[3], vec!["4", "Đắk D", "0,00", "0,00", "0,00"]);
}

#[test]
fn score_detail_traces_values_formula_and_points() {
    let (cluster, figures) = sample();
    let p = score::detail(&cluster, &figures, h1(), "AA", "INC").expect("detail");
    assert_eq!(
        p.basis,
        Basis::Plan {
            actual: d("50"),
            plan: d("200"),
            share: d("0.25"),
            inverted: false
        }
    );
    assert_eq!(
        p.formula(0, &review_tables::num),
        "2 × min(50 ÷ 200; 1) = 2 × 0,2500 = 0,5000"
    );
    let acc = score::detail(&cluster, &figures, h1(), "CC", "ACC").expect("detail");
    assert_eq!(
        acc.formula(0, &review_tables::num),
        "hạng 1/3: 2 × (3 − 1) ÷ (3 − 1) = 2,0000"
    );
    let dd = score::detail(&cluster, &figures, h1(), "DD", "ACC").expect("detail");
    assert_eq!(dd.basis, Basis::NotReported);
    assert_eq!(dd.points, d("0"));
    let awd = score::detail(&cluster, &figures, h1(), "AA", "AWD").expect("detail");
    assert_eq!(awd.basis, Basis::Neutral);
    assert_eq!(awd.points, d("0"));

    let rows = cells(&review_tables::score_detail(&cluster, &figures, h1(), "AA"));
    assert_eq!(
        rows,
        vec![
            vec![
                "chỉ tiêu INC",
                "50",
                "200",
                "2",
                "2 × min(50 ÷ 200; 1) = 2 × 0,2500 = 0,5000",
                "0,5000"
            ],
            vec![
                "chỉ tiêu ACC",
                "9",
                "",
                "2",
                "hạng 3/3: 2 × (3 − 3) ÷ (3 − 1) = 0,0000",
                "0,0000"
            ],
        ]
    );
}

#[test]
fn lower_is_better_with_a_plan_is_inverted() {
    let (mut cluster, mut figures) = sample();
    figures.apply(
        ValueKey::new(year(), "AA", "ACC", Kind::Plan),
        Some(Figure::plain(d("6"))),
    );
    let p = score::detail(&cluster, &figures, h1(), "AA", "ACC").expect("detail");
    // 2 × min(6 ÷ 9; 1)
    assert_eq!(p.points, d("2") * (d("6") / d("9")));
    assert_eq!(
        p.formula(0, &review_tables::num),
        "2 × min(6 ÷ 9; 1) = 2 × 0,6667 = 1,3333"
    );
    // A weight of 0 takes the indicator out of the score.
    cluster.indicators[1].weight = d("0");
    let table = score::score_table(&cluster, &figures, h1());
    assert_eq!(table.groups.len(), 1);
}

#[test]
fn built_in_long_an_scores_by_hand_for_growth_and_budget() {
    let (cluster, values) = builtin::load().expect("built-in data");
    let figures = Figures::new(values);
    // GRDP growth, no plan: LA 6,06 is 3rd of 4 (7,77; 6,47; 6,06; 5,99):
    //   1 × (4 − 3) ÷ (4 − 1) = 1/3.
    // Budget revenue, plan 15.174,34: 1 × min(10.880 ÷ 15.174,34; 1).
    let growth = d("1") / d("3");
    let budget = d("10880") / d("15174.34");
    let table = score::score_table(&cluster, &figures, h1());
    let col = |code: &str| {
        table
            .groups
            .iter()
            .position(|g| g.code == code)
            .expect("group")
    };
    let la = table.rows.iter().find(|r| r.province == "LA").expect("LA");
    assert_eq!(la.by_group[col("economy")], growth);
    assert_eq!(la.by_group[col("budget")], budget);
    assert_eq!(la.total, la.by_group.iter().copied().sum::<Decimal>());
    let detail = score::detail(&cluster, &figures, h1(), "LA", "BUDGET_REV").expect("detail");
    assert_eq!(
        detail.formula(0, &review_tables::num),
        "1 × min(10.880 ÷ 15.174,34; 1) = 1 × 0,7170 = 0,7170"
    );
}
