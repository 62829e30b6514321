//! Comparisons across the 2025 merger, at the model level, on a cluster
//! set up only from files (the 2026 example, no built-in data), with
//! figures for the old units in 2025-H1 and for the new units in 2026-H1:
//! the scenario of issue #14.

use std::collections::HashMap;
use std::path::Path;

use rust_decimal::Decimal;
use thidua::io::covenant;
use thidua::model::Period;
use thidua::model::compose::{self, Composition, NOT_COMPARABLE};
use thidua::model::covenant::Covenant;

fn example() -> Covenant {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/examples/covenant-2026");
    let files = covenant::read_dir(&dir).expect("files");
    match covenant::import(&Covenant::default(), &files) {
        Ok(i) => i.covenant,
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

fn p(s: &str) -> Period {
    s.parse().expect("period")
}

fn d(s: &str) -> Decimal {
    s.parse().expect("decimal")
}

/// Figures as an import would store them: (unit, criterion, period) → value.
struct Figures(HashMap<(String, String, Period), Decimal>);

impl Figures {
    fn new(rows: &[(&str, &str, &str, &str)]) -> Self {
        Figures(
            rows.iter()
                .map(|(u, c, per, v)| ((u.to_string(), c.to_string(), p(per)), d(v)))
                .collect(),
        )
    }

    fn lookup(&self) -> impl Fn(&str, &str, Period) -> Option<Decimal> + '_ {
        |u, c, per| self.0.get(&(u.to_string(), c.to_string(), per)).copied()
    }
}

fn figures() -> Figures {
    Figures::new(&[
        // 2025-H1: the old units, before the merger.
        ("AG", "BUDGET_REV", "2025-H1", "10000"),
        ("KG", "BUDGET_REV", "2025-H1", "8000"),
        ("AG", "NTM_COMMUNES", "2025-H1", "61"),
        ("AG", "TOTAL_COMMUNES", "2025-H1", "119"),
        ("KG", "NTM_COMMUNES", "2025-H1", "81"),
        ("KG", "TOTAL_COMMUNES", "2025-H1", "116"),
        ("AG", "GRDP_GROWTH", "2025-H1", "5.1"),
        ("KG", "GRDP_GROWTH", "2025-H1", "6.2"),
        ("AG", "EXPORT", "2025-H1", "700"),
        // 2026-H1: the new An Giang.
        ("AG", "BUDGET_REV", "2026-H1", "19800"),
        ("AG", "NTM_COMMUNE_SHARE", "2026-H1", "65"),
        ("AG", "GRDP_GROWTH", "2026-H1", "7.5"),
        ("AG", "EXPORT", "2026-H1", "1500"),
    ])
}

#[test]
fn a_sum_criterion_adds_an_giang_and_kien_giang() {
    let c = example();
    let budget = c
        .criterion_in(p("2026-H1"), "BUDGET_REV")
        .expect("criterion");
    let f = figures();
    let cmp = compose::compare_with_last_year(&c.units, budget, "AG", p("2026-H1"), f.lookup())
        .expect("comparison");
    assert_eq!(cmp.current, Some(d("19800")));
    assert_eq!(cmp.last_year.outcome, Composition::Value(d("18000")));
    assert!(cmp.last_year.composed, "marked as composed");
    let parts: Vec<(&str, Option<Decimal>)> = cmp
        .last_year
        .parts
        .iter()
        .map(|p| (p.unit.as_str(), p.inputs[0].1))
        .collect();
    assert_eq!(parts, [("AG", Some(d("10000"))), ("KG", Some(d("8000")))]);
    assert_eq!(
        cmp.last_year.remark(&c.units).as_deref(),
        Some("gộp từ An Giang + Kiên Giang")
    );
    let change = cmp.change.expect("change");
    assert_eq!(change.absolute, d("1800"));
    assert_eq!(change.percent.map(|x| x.round_dp(2)), Some(d("10.00")));
}

#[test]
fn a_ratio_criterion_is_recomputed_from_the_summed_parts() {
    let c = example();
    let share = c
        .criterion_in(p("2026-H1"), "NTM_COMMUNE_SHARE")
        .expect("criterion");
    let f = figures();
    let cmp = compose::compare_with_last_year(&c.units, share, "AG", p("2026-H1"), f.lookup())
        .expect("comparison");
    // (61 + 81) ÷ (119 + 116), not the mean of 51,26 % and 69,83 %.
    let expected = d("14200") / d("235");
    assert_eq!(cmp.last_year.value(), Some(expected));
    assert_eq!(
        cmp.last_year.value().map(|v| v.round_dp(2)),
        Some(d("60.43"))
    );
    let inputs: Vec<&str> = cmp.last_year.parts[1]
        .inputs
        .iter()
        .map(|(code, _)| code.as_str())
        .collect();
    assert_eq!(
        inputs,
        ["NTM_COMMUNES", "TOTAL_COMMUNES"],
        "the parts are listed"
    );
}

#[test]
fn a_mean_criterion_is_not_comparable_never_a_number() {
    let c = example();
    let growth = c
        .criterion_in(p("2026-H1"), "GRDP_GROWTH")
        .expect("criterion");
    let f = figures();
    let cmp = compose::compare_with_last_year(&c.units, growth, "AG", p("2026-H1"), f.lookup())
        .expect("comparison");
    assert_eq!(cmp.last_year.outcome, Composition::NotComparable);
    assert_eq!(cmp.last_year.value(), None);
    assert_eq!(cmp.change, None);
    assert_eq!(
        cmp.last_year.remark(&c.units).as_deref(),
        Some(NOT_COMPARABLE)
    );
    assert_eq!(NOT_COMPARABLE, "không so sánh được (sáp nhập)");
}

#[test]
fn a_missing_predecessor_makes_the_comparison_partial_naming_kien_giang() {
    let c = example();
    let export = c.criterion_in(p("2026-H1"), "EXPORT").expect("criterion");
    let f = figures();
    let cmp = compose::compare_with_last_year(&c.units, export, "AG", p("2026-H1"), f.lookup())
        .expect("comparison");
    assert_eq!(
        cmp.last_year.outcome,
        Composition::Partial {
            missing: vec!["KG".into()]
        }
    );
    assert_eq!(cmp.change, None, "not a total, so no change");
    assert_eq!(
        cmp.last_year.remark(&c.units).as_deref(),
        Some("chưa đủ số liệu (sáp nhập): thiếu Kiên Giang")
    );
}

#[test]
fn the_cluster_of_2026_against_2025_reads_each_members_predecessors_once() {
    let c = example();
    let y = c.for_period(p("2026-H1")).expect("covenant");
    let budget = y.criterion("BUDGET_REV").expect("criterion");
    let f = Figures::new(&[
        ("AG", "BUDGET_REV", "2025-H1", "1"),
        ("KG", "BUDGET_REV", "2025-H1", "2"),
        ("CM", "BUDGET_REV", "2025-H1", "4"),
        ("BL", "BUDGET_REV", "2025-H1", "8"),
        ("DT", "BUDGET_REV", "2025-H1", "16"),
        ("TG", "BUDGET_REV", "2025-H1", "32"),
        ("VL", "BUDGET_REV", "2025-H1", "64"),
        ("BT", "BUDGET_REV", "2025-H1", "128"),
        ("TV", "BUDGET_REV", "2025-H1", "256"),
        ("ST", "BUDGET_REV", "2025-H1", "512"),
        ("HG", "BUDGET_REV", "2025-H1", "1024"),
    ]);
    let then =
        compose::cluster_last_year(&c.units, y, budget, p("2026-H1"), f.lookup()).expect("figure");
    assert!(then.composed);
    assert_eq!(then.outcome, Composition::Value(d("2047")));
    // The old city of Cần Thơ was not in the old cluster: its figure is
    // missing and named, so the total is over the parts that reported.
    assert_eq!(then.missing, ["CT"]);
    let read: Vec<&str> = then.parts.iter().map(|p| p.unit.as_str()).collect();
    assert_eq!(
        read,
        [
            "AG", "KG", "CM", "BL", "DT", "TG", "VL", "BT", "TV", "CT", "ST", "HG"
        ]
    );
}

#[test]
fn values_are_checked_against_the_unit_history_and_the_periods_covenant() {
    use thidua::model::{Kind, ValueKey};
    let c = example();
    let key = |unit: &str, code: &str, period: &str, kind: Kind| {
        ValueKey::new(p(period), unit, code, kind)
    };
    // Kiên Giang's 2025-H1 figures are accepted: An Giang's last year needs them.
    assert_eq!(
        c.check_value(
            &key("KG", "BUDGET_REV", "2025-H1", Kind::Actual),
            Some(d("8000"))
        ),
        Ok(())
    );
    assert_eq!(
        c.check_value(
            &key("CLUSTER", "EXPORT", "2026-H1", Kind::Actual),
            Some(d("1.5"))
        ),
        Ok(())
    );
    let refused = |k: ValueKey, v: &str| c.check_value(&k, Some(d(v))).expect_err("refused");
    assert_eq!(
        refused(key("KG", "BUDGET_REV", "2026-H1", Kind::Actual), "1"),
        "Đơn vị «KG» (Kiên Giang) không tồn tại trong kỳ 2026-H1"
    );
    assert_eq!(
        refused(key("AG", "AWD_CO_CP", "2026-H1", Kind::Actual), "1"),
        "Không có chỉ tiêu mã «AWD_CO_CP» trong giao ước năm 2026"
    );
    assert_eq!(
        refused(key("AG", "NTM_MODELS", "2026-H1", Kind::Actual), "1.5"),
        "Giá trị 1.5 của «Mô hình nông thôn mới kiểu mẫu được công nhận» phải là số nguyên (mô hình)"
    );
    assert_eq!(
        refused(
            key("AG", "NTM_COMMUNE_SHARE", "2026-H1", Kind::Actual),
            "120"
        ),
        "Giá trị 120 của «Tỷ lệ xã đạt chuẩn nông thôn mới» nằm ngoài khoảng cho phép 0 đến 100"
    );
}

#[test]
fn a_target_method_with_no_targets_at_all_is_told_naming_the_criterion() {
    let c = example();
    let y = c.year(2026).expect("2026");
    let none = y.targets_problems(&c.units, |_, _| false);
    let named: Vec<&str> = none
        .iter()
        .map(|p| match &p.subject {
            thidua::model::problem::Subject::Criterion { code, .. } => code.as_str(),
            _ => "",
        })
        .collect();
    assert_eq!(named, ["GRDP_GROWTH", "BUDGET_REV", "EXPORT"]);
    assert!(none[0].message.starts_with("chỉ tiêu «GRDP_GROWTH» (Tốc độ tăng trưởng kinh tế GRDP): cách chấm «target» cần chỉ tiêu đăng ký"));
    // One unit's target is enough: the others are scored apart.
    let some = y.targets_problems(&c.units, |unit, code| unit == "CM" || code == "EXPORT");
    assert!(some.is_empty());
}

#[test]
fn the_legacy_cluster_of_the_example_weighs_what_todays_score_can_compute() {
    let c = example();
    let y = c.year(2026).expect("2026");
    let cluster = y.legacy_cluster(&c.units, p("2026-H1"));
    let codes: Vec<&str> = cluster.provinces.iter().map(|p| p.code.as_str()).collect();
    assert_eq!(codes, ["AG", "CM", "DT", "VL", "CT"]);
    assert_eq!(
        cluster.province("CT").map(|p| p.name.as_str()),
        Some("Cần Thơ")
    );
    let weight = |code: &str| cluster.indicator(code).expect(code).weight;
    assert_eq!(weight("GRDP_GROWTH"), d("15"));
    assert_eq!(weight("NTM_COMMUNE_SHARE"), d("15"));
    for code in ["KT", "MIL_RECRUIT_DONE", "INITIATIVES", "NTM_COMMUNES"] {
        assert_eq!(weight(code), Decimal::ZERO, "{code}");
    }
}
