//! The scoring methods of issue #18 on hand-computed cases: the published
//! `target` scheme (below, at, above target, the leader, equal shares of
//! different targets, units without a target scored apart, lower is
//! better, a target of zero, ties at the lead, the leader not taking MS),
//! `ratio`, `rank`, `pass`, `count` with its cap, bonus and penalty with
//! theirs, and overflow told as an error naming the criterion.

mod scoring_common;

use rust_decimal::Decimal;
use scoring_common::{criterion, d, num, units};
use thidua::model::Direction;
use thidua::model::criterion::{Criterion, Method};
use thidua::model::scoring::{Basis, Scored, TargetCase, score_criterion};

fn scored(c: &Criterion, rows: &[(&str, &str, &str)]) -> Vec<Scored> {
    score_criterion(c, &units(rows)).expect("scored")
}

fn points(s: &[Scored]) -> Vec<Option<Decimal>> {
    s.iter().map(|s| s.points).collect()
}

fn pts(list: &[&str]) -> Vec<Option<Decimal>> {
    list.iter().map(|p| (!p.is_empty()).then(|| d(p))).collect()
}

fn formulas(c: &Criterion, s: &[Scored]) -> Vec<String> {
    s.iter().map(|s| s.formula(c.decimals, &num)).collect()
}

/// MS 20, share at target ½, the leader takes MS.
fn target(direction: Direction) -> Criterion {
    criterion("GROWTH", Method::Target, Some("20"), direction)
}

#[test]
fn below_at_and_above_target_with_the_leader() {
    let c = target(Direction::HigherBetter);
    let s = scored(
        &c,
        &[
            ("BELOW", "80", "100"),
            ("AT", "100", "100"),
            ("LEADER", "125", "100"),
            ("ABOVE", "110", "100"),
            ("NONE", "", "100"),
        ],
    );
    // 0,5·20·80/100; 0,5·20; 20; 0,5·20 + 0,5·20·0,1/0,25; not reported.
    assert_eq!(points(&s), pts(&["8", "10", "20", "14", "0"]));
    assert_eq!(
        formulas(&c, &s),
        [
            "dưới chỉ tiêu: 0,5 × 20 × 80 ÷ 100 = 8,00",
            "đạt chỉ tiêu: 0,5 × 20 = 10,00",
            "vượt chỉ tiêu nhiều nhất, dẫn đầu: e = 125 ÷ 100 − 1 = 0,25; điểm tối đa 20,00",
            "vượt chỉ tiêu: e = 110 ÷ 100 − 1 = 0,1; 0,5 × 20 + 0,5 × 20 × 0,1 ÷ 0,25 = 14,00",
            "chưa báo cáo: 0,00",
        ]
    );
}

#[test]
fn two_units_exceeding_different_targets_by_the_same_share_score_the_same() {
    let c = target(Direction::HigherBetter);
    let s = scored(
        &c,
        &[
            ("SMALL", "55", "50"),
            ("LARGE", "2200", "2000"),
            ("LEADER", "150", "100"),
        ],
    );
    // e = 0,1 for both, the leader's 0,5: 10 + 10 × 0,1 ÷ 0,5 = 12.
    assert_eq!(points(&s), pts(&["12", "12", "20"]));
    let e = |s: &Scored| match &s.basis {
        Basis::Target {
            case: TargetCase::Above { e, .. },
            ..
        } => *e,
        other => panic!("{other:?}"),
    };
    assert_eq!(e(&s[0]), e(&s[1]));
}

#[test]
fn units_without_a_target_are_scored_apart_and_cannot_lead() {
    let c = target(Direction::HigherBetter);
    let s = scored(
        &c,
        &[
            ("T1", "105", "100"),
            ("APART_A", "400", ""),
            ("APART_B", "500", ""),
            ("T2", "102", "100"),
        ],
    );
    // The leader is T1 (e = 0,05), though APART_B's figure is the largest:
    // apart, 20 × 400 ÷ 500 = 16 and 20 × 500 ÷ 500 = 20.
    assert_eq!(points(&s), pts(&["20", "16", "20", "14"]));
    assert_eq!(
        formulas(&c, &s)[1],
        "không đăng ký chỉ tiêu, chấm riêng: 20 × 400 ÷ 500 = 16,00"
    );
    assert!(matches!(
        s[0].basis,
        Basis::Target {
            case: TargetCase::Leader { tied: 1, .. },
            ..
        }
    ));
}

#[test]
fn units_tied_at_the_lead_all_take_ms() {
    let c = target(Direction::HigherBetter);
    let s = scored(
        &c,
        &[("A", "120", "100"), ("B", "60", "50"), ("C", "110", "100")],
    );
    assert_eq!(points(&s), pts(&["20", "20", "15"]));
    assert_eq!(
        formulas(&c, &s)[1],
        "vượt chỉ tiêu nhiều nhất, cùng dẫn đầu với 1 đơn vị khác: e = 60 ÷ 50 − 1 = 0,2; điểm tối đa 20,00"
    );
}

#[test]
fn lower_is_better_inverts_the_share_and_an_actual_of_zero_beats_every_target() {
    let c = target(Direction::LowerBetter);
    let s = scored(
        &c,
        &[
            ("WORSE", "12", "10"),
            ("AT", "10", "10"),
            ("BETTER", "8", "10"),
            ("NONE_AT_ALL", "0", "10"),
            ("HALF", "10", "20"),
        ],
    );
    // Below: 0,5·20·10/12 = 8,333… → 8,33. Beat by (T − A) ÷ T: 0,2, 1 and
    // 0,5; the actual of 0 leads with e = 1: 10 + 10 × 0,2 = 12, 10 + 10 × 0,5 = 15.
    assert_eq!(points(&s), pts(&["8.33", "10", "12", "20", "15"]));
    assert_eq!(
        formulas(&c, &s)[..3],
        [
            "dưới chỉ tiêu (thấp hơn là tốt): 0,5 × 20 × 10 ÷ 12 = 8,33",
            "đạt chỉ tiêu: 0,5 × 20 = 10,00",
            "vượt chỉ tiêu: e = (10 − 8) ÷ 10 = 0,2; 0,5 × 20 + 0,5 × 20 × 0,2 ÷ 1 = 12,00",
        ]
    );
}

#[test]
fn a_target_of_zero_is_met_or_missed_but_never_leads() {
    let c = target(Direction::HigherBetter);
    let s = scored(
        &c,
        &[
            ("ZERO_MET", "5", "0"),
            ("ZERO_AT", "0", "0"),
            ("ZERO_MISSED", "-1", "0"),
            ("LEADER", "11", "10"),
        ],
    );
    assert_eq!(points(&s), pts(&["10", "10", "0", "20"]));
    assert_eq!(
        formulas(&c, &s)[0],
        "chỉ tiêu đăng ký 0, thực hiện 5: đạt, không tính được tỷ lệ vượt: 0,5 × 20 = 10,00"
    );
    let low = target(Direction::LowerBetter);
    let s = scored(&low, &[("ZERO_MISSED", "3", "0"), ("ZERO_AT", "0", "0")]);
    assert_eq!(points(&s), pts(&["0", "10"]));
}

#[test]
fn a_negative_result_scores_zero_not_negative_points() {
    let c = target(Direction::HigherBetter);
    let s = scored(&c, &[("A", "-2", "5")]);
    assert_eq!(points(&s), pts(&["0"]));
    assert_eq!(
        formulas(&c, &s)[0],
        "dưới chỉ tiêu: 0,5 × 20 × -2 ÷ 5 < 0, điểm không âm: 0,00"
    );
}

#[test]
fn the_share_at_target_and_whether_the_leader_takes_ms_are_parameters() {
    let mut c = target(Direction::HigherBetter);
    c.scoring.share_at_target = Some(d("0.6"));
    let s = scored(
        &c,
        &[("A", "50", "100"), ("B", "110", "100"), ("C", "120", "100")],
    );
    // 0,6·20·0,5 = 6; 12 + 8 × 0,1 ÷ 0,2 = 16; 20.
    assert_eq!(points(&s), pts(&["6", "16", "20"]));
    c.scoring.share_at_target = Some(Decimal::ONE);
    c.scoring.leader_full = Some(false);
    let s = scored(
        &c,
        &[("A", "50", "100"), ("B", "110", "100"), ("C", "120", "100")],
    );
    // Reach the target, take MS; nobody leads.
    assert_eq!(points(&s), pts(&["10", "20", "20"]));
    assert_eq!(
        formulas(&c, &s)[2],
        "vượt chỉ tiêu (e = 120 ÷ 100 − 1 = 0,2), cụm không tính dẫn đầu: 1 × 20 = 20,00"
    );
}

#[test]
fn a_negative_target_is_refused_naming_the_criterion_and_the_unit() {
    let c = target(Direction::HigherBetter);
    let e = score_criterion(&c, &units(&[("AG", "1", "-2")])).expect_err("refused");
    assert_eq!(e.criterion, "GROWTH");
    assert_eq!(
        e.message,
        "chỉ tiêu «GROWTH» (Chỉ tiêu GROWTH): chỉ tiêu đăng ký của đơn vị «AG» là -2 (số âm): cách chấm «target» chỉ so với chỉ tiêu dương hoặc bằng 0"
    );
}

#[test]
fn ratio_caps_at_one_inverts_for_lower_is_better_and_needs_a_target() {
    let mut c = criterion(
        "BUDGET_REV",
        Method::Ratio,
        Some("15"),
        Direction::HigherBetter,
    );
    let s = scored(
        &c,
        &[
            ("HG", "2550", "3327.24"),
            ("OVER", "120", "100"),
            ("NO_TARGET", "50", ""),
            ("ZERO", "3", "0"),
        ],
    );
    // 15 × 2.550 ÷ 3.327,24 = 11,496… → 11,50.
    assert_eq!(points(&s), pts(&["11.5", "15", "0", "15"]));
    assert_eq!(
        formulas(&c, &s)[..3],
        [
            "15 × min(2.550 ÷ 3.327,24; 1) = 15 × 0,7664 = 11,50",
            "15 × min(120 ÷ 100; 1) = 15 × 1 = 15,00",
            "chưa đăng ký chỉ tiêu: 0,00",
        ]
    );
    c.direction = Direction::LowerBetter;
    let s = scored(&c, &[("A", "20", "10"), ("B", "0", "10"), ("C", "5", "10")]);
    assert_eq!(points(&s), pts(&["7.5", "15", "15"]));
}

#[test]
fn rank_is_linear_among_reporting_units_and_ties_share_the_better_rank() {
    let c = criterion(
        "GRDP_GROWTH",
        Method::Rank,
        Some("20"),
        Direction::HigherBetter,
    );
    let s = scored(
        &c,
        &[
            ("BL", "7.77", ""),
            ("BT", "6.47", ""),
            ("AG", "", ""),
            ("LA", "6.06", ""),
            ("HG", "5.99", ""),
        ],
    );
    assert_eq!(points(&s), pts(&["20", "13.33", "0", "6.67", "0"]));
    assert_eq!(
        formulas(&c, &s)[1],
        "hạng 2/4: 20 × (4 − 2) ÷ (4 − 1) = 13,33"
    );
    let s = scored(
        &c,
        &[
            ("A", "5", ""),
            ("B", "9", ""),
            ("C", "9", ""),
            ("D", "1", ""),
        ],
    );
    assert_eq!(points(&s), pts(&["6.67", "20", "20", "0"]));
    let s = scored(&c, &[("A", "5", ""), ("B", "", "")]);
    assert_eq!(points(&s), pts(&["20", "0"]));
    assert_eq!(
        formulas(&c, &s)[0],
        "hạng 1/1, đơn vị duy nhất báo cáo: 20,00"
    );
    let low = criterion(
        "PAPI_RANK",
        Method::Rank,
        Some("10"),
        Direction::LowerBetter,
    );
    let s = scored(&low, &[("A", "2", ""), ("B", "40", ""), ("C", "21", "")]);
    assert_eq!(points(&s), pts(&["10", "0", "5"]));
}

#[test]
fn pass_gives_ms_or_nothing_and_refuses_other_figures() {
    let c = criterion(
        "MIL_RECRUIT_DONE",
        Method::Pass,
        Some("10"),
        Direction::HigherBetter,
    );
    let s = scored(&c, &[("A", "1", ""), ("B", "0", ""), ("C", "", "")]);
    assert_eq!(points(&s), pts(&["10", "0", "0"]));
    assert_eq!(formulas(&c, &s)[..2], ["đạt: 10,00", "không đạt: 0,00"]);
    let e = score_criterion(&c, &units(&[("A", "2", "")])).expect_err("not 0/1");
    assert!(
        e.message.contains("chỉ nhận 1 (đạt) hoặc 0 (không đạt)"),
        "{e}"
    );
}

#[test]
fn count_gives_points_per_occurrence_up_to_its_cap() {
    let mut c = criterion(
        "NTM_MODELS",
        Method::Count,
        Some("10"),
        Direction::HigherBetter,
    );
    c.scoring.points_each = Some(d("2"));
    let s = scored(&c, &[("A", "3", ""), ("B", "7", ""), ("C", "0", "")]);
    assert_eq!(points(&s), pts(&["6", "10", "0"]));
    assert_eq!(
        formulas(&c, &s)[..2],
        ["2 × 3 = 6,00", "2 × 7 = 14, tối đa 10: 10,00"]
    );
    c.scoring.cap = Some(d("8"));
    assert_eq!(points(&scored(&c, &[("B", "7", "")])), pts(&["8"]));
}

#[test]
fn bonus_and_penalty_count_occurrences_within_their_caps() {
    let mut bonus = criterion("INITIATIVES", Method::Bonus, None, Direction::HigherBetter);
    bonus.scoring.points_each = Some(d("1"));
    bonus.scoring.cap = Some(d("5"));
    let s = scored(&bonus, &[("A", "3", ""), ("B", "7", "")]);
    assert_eq!(points(&s), pts(&["3", "5"]));
    assert_eq!(
        formulas(&bonus, &s),
        [
            "điểm thưởng: 1 × 3 = 3,00",
            "điểm thưởng: 1 × 7 = 7, tối đa 5: 5,00"
        ]
    );
    let mut penalty = criterion(
        "LATE_REPORTS",
        Method::Penalty,
        None,
        Direction::LowerBetter,
    );
    penalty.scoring.points_each = Some(d("0.5"));
    penalty.scoring.cap = Some(d("3"));
    let s = scored(&penalty, &[("A", "2", ""), ("B", "10", ""), ("C", "", "")]);
    assert_eq!(points(&s), pts(&["1", "3", "0"]));
    assert_eq!(formulas(&penalty, &s)[0], "điểm trừ: 0,5 × 2 = 1,00");
    let e = score_criterion(&penalty, &units(&[("A", "1.5", "")])).expect_err("whole");
    assert!(e.message.contains("cần số nguyên không âm"), "{e}");
}

#[test]
fn manual_and_none_compute_nothing() {
    let c = criterion(
        "EMULATION_WORK",
        Method::Manual,
        Some("20"),
        Direction::HigherBetter,
    );
    let s = scored(&c, &[("A", "", "")]);
    assert_eq!(points(&s), [None]);
    assert_eq!(formulas(&c, &s)[0], "chấm trực tiếp, từ 0 đến 20 điểm");
    let c = criterion("QUOTED", Method::None, None, Direction::Neutral);
    assert_eq!(points(&scored(&c, &[("A", "1", "")])), [None]);
}

#[test]
fn an_overflow_is_an_error_naming_the_criterion_never_a_panic() {
    let mut c = criterion("HUGE", Method::Count, Some("10"), Direction::HigherBetter);
    c.scoring.points_each = Some(Decimal::MAX);
    let e = score_criterion(&c, &units(&[("A", "3", "")])).expect_err("overflow");
    assert_eq!(e.criterion, "HUGE");
    assert!(e.message.contains("vượt quá phạm vi số thập phân"), "{e}");
    // A share of 10³⁰ does not fit a decimal.
    let c = criterion("HUGE", Method::Target, Some("10"), Direction::HigherBetter);
    let rows = [("A", "1000000000000000000000000000", "0.001")];
    let e = score_criterion(&c, &units(&rows)).expect_err("overflow");
    assert_eq!(e.criterion, "HUGE");
}

#[test]
fn a_neutral_criterion_cannot_be_ranked_or_scored_against_a_target() {
    for m in [Method::Rank, Method::Target, Method::Ratio] {
        let c = criterion("AWARDS", m, Some("5"), Direction::Neutral);
        let e = score_criterion(&c, &units(&[("A", "1", "1")])).expect_err("neutral");
        assert!(e.message.contains("neutral"), "{e}");
    }
}

#[test]
fn target_and_ratio_without_any_target_are_refused_naming_the_criterion() {
    for m in [Method::Target, Method::Ratio] {
        let c = criterion("GRDP_GROWTH", m, Some("20"), Direction::HigherBetter);
        let e =
            score_criterion(&c, &units(&[("A", "5", ""), ("B", "6", "")])).expect_err("no targets");
        assert_eq!(
            e.message,
            format!(
                "chỉ tiêu «GRDP_GROWTH» (Chỉ tiêu GRDP_GROWTH): cách chấm «{}» cần chỉ tiêu đăng ký (kế hoạch năm) nhưng chưa đơn vị nào có",
                m.as_str()
            )
        );
        // Before anyone reports, nobody is refused: all "chưa báo cáo".
        let s = scored(&c, &[("A", "", ""), ("B", "", "")]);
        assert_eq!(points(&s), pts(&["0", "0"]));
    }
}
