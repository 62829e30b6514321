//! A unit's score sheet on the 2026 example covenant with figures set by
//! hand: the tree and its numbers, the three columns (computed, tự chấm,
//! the points that count) and their rule, group and overall totals with
//! bonus and penalty, a criterion that cannot be scored, and the tables a
//! report prints.

mod scoring_common;

use rust_decimal::Decimal;
use scoring_common::{d, example, num, period};
use thidua::model::covenant::CovenantYear;
use thidua::model::scoring::sheet::{Points, Source};
use thidua::model::scoring::workflow::{Entry, Reviewed};
use thidua::model::scoring::{Inputs, Ranking, ScoreSheet, SheetEntries, State, YearScores};

fn year() -> CovenantYear {
    example().year(2026).expect("2026").clone()
}

/// (unit, criterion, actual, target), empty for none.
const FIGURES: &[(&str, &str, &str, &str)] = &[
    ("AG", "GRDP_GROWTH", "7.5", "7"),
    ("CM", "GRDP_GROWTH", "8", "7"),
    ("AG", "BUDGET_REV", "18000", "20000"),
    ("CM", "BUDGET_REV", "9000", "9000"),
    ("AG", "EXPORT", "900", "1000"),
    ("AG", "NTM_COMMUNE_SHARE", "70", ""),
    ("CM", "NTM_COMMUNE_SHARE", "60", ""),
    ("DT", "NTM_COMMUNE_SHARE", "90", ""),
    ("AG", "NTM_MODELS", "3", ""),
    ("AG", "MIL_RECRUIT_DONE", "1", ""),
    ("AG", "INITIATIVES", "2", ""),
    ("AG", "LATE_REPORTS", "1", ""),
];

fn inputs(extra: &[(&str, &str, &str, &str)]) -> Inputs {
    let units = ["AG", "CM", "DT", "VL", "CT"].map(String::from).to_vec();
    let mut i = Inputs::new(period("2026"), units);
    let opt = |s: &str| (!s.is_empty()).then(|| d(s));
    for (u, c, a, t) in FIGURES.iter().chain(extra) {
        i.set(u, c, opt(a), opt(t));
    }
    i
}

fn entries() -> SheetEntries {
    let mut e = SheetEntries {
        state: State::Reviewed,
        ..SheetEntries::default()
    };
    e.criteria.insert(
        "GRDP_GROWTH".into(),
        Entry {
            self_points: Some(d("12")),
            ..Entry::default()
        },
    );
    e.criteria.insert(
        "EMULATION_WORK".into(),
        Entry {
            self_points: Some(d("16")),
            reviewed: Some(Reviewed {
                points: d("15"),
                reason: "Hồ sơ thiếu minh chứng phong trào quý III".into(),
            }),
            explanation: Some("Đã bổ sung minh chứng".into()),
            ..Entry::default()
        },
    );
    e
}

fn sheet(inputs: &Inputs, entries: &SheetEntries) -> ScoreSheet {
    let y = year();
    let scores = YearScores::compute(&y, inputs);
    ScoreSheet::build(&y, &scores, inputs, "AG", "An Giang", entries)
}

fn points(scale: &str, bonus: &str, penalty: &str, total: &str) -> Points {
    Points {
        scale: d(scale),
        bonus: d(bonus),
        penalty: d(penalty),
        total: d(total),
    }
}

#[test]
fn the_sheet_follows_the_tree_with_ms_target_actual_and_points() {
    let s = sheet(&inputs(&[]), &entries());
    let rows: Vec<(String, &str, usize, Option<Decimal>)> = s
        .sections
        .iter()
        .flat_map(|sec| {
            sec.rows.iter().map(move |r| {
                (
                    format!("{}.{}", sec.number, r.number),
                    r.code.as_str(),
                    r.depth,
                    r.max_points,
                )
            })
        })
        .collect();
    let ms = |v: &str| Some(d(v));
    assert_eq!(
        rows,
        [
            ("I.1".to_string(), "KT", 0, ms("45")),
            ("I.1.1".into(), "GRDP_GROWTH", 1, ms("15")),
            ("I.1.2".into(), "BUDGET_REV", 1, ms("15")),
            ("I.1.3".into(), "EXPORT", 1, ms("15")),
            ("II.1".into(), "NTM", 0, ms("25")),
            ("II.1.1".into(), "NTM_COMMUNE_SHARE", 1, ms("15")),
            ("II.1.2".into(), "NTM_MODELS", 1, ms("10")),
            ("III.1".into(), "TD", 0, ms("30")),
            ("III.1.1".into(), "MIL_RECRUIT_DONE", 1, ms("10")),
            ("III.1.2".into(), "EMULATION_WORK", 1, ms("20")),
            ("III.2".into(), "INITIATIVES", 0, None),
            ("III.3".into(), "LATE_REPORTS", 0, None),
        ]
    );
    let names: Vec<(&str, Option<Decimal>)> = s
        .sections
        .iter()
        .map(|x| (x.name.as_str(), x.max_points))
        .collect();
    assert_eq!(
        names,
        [
            ("Kinh tế", ms("45")),
            ("Nông thôn mới", ms("25")),
            ("Thi đua, khen thưởng", ms("30"))
        ]
    );
    let grdp = s.row("GRDP_GROWTH").expect("row");
    assert_eq!((grdp.actual, grdp.target), (Some(d("7.5")), Some(d("7"))));
    // Beat by e = 0,5 ÷ 7, the leader (CM) by 1 ÷ 7: 7,5 + 7,5 × ½.
    assert_eq!(grdp.computed, Ok(Some(d("11.25"))));
    assert_eq!(
        grdp.formula(&num),
        "vượt chỉ tiêu: e = 7,50 ÷ 7,00 − 1 = 0,0714; 0,5 × 15 + 0,5 × 15 × 0,0714 ÷ 0,1429 = 11,25"
    );
}

#[test]
fn points_that_count_are_reviewed_else_self_else_computed() {
    let s = sheet(&inputs(&[]), &entries());
    let col = |code: &str| {
        let r = s.row(code).expect(code);
        (
            r.computed.clone().expect("ok"),
            r.self_scored.clone().expect("ok"),
            r.final_points.clone().expect("ok"),
            r.source,
        )
    };
    let p = |v: &str| Some(d(v));
    assert_eq!(
        col("GRDP_GROWTH"),
        (p("11.25"), p("12"), p("12"), Source::SelfScored)
    );
    assert_eq!(
        col("BUDGET_REV"),
        (p("6.75"), p("6.75"), p("6.75"), Source::Computed)
    );
    assert_eq!(
        col("EMULATION_WORK"),
        (None, p("16"), p("15"), Source::Reviewed)
    );
    assert_eq!(
        col("KT"),
        (p("31.5"), p("32.25"), p("32.25"), Source::Group)
    );
    assert_eq!(col("TD"), (p("10"), p("26"), p("25"), Source::Group));
    // Nobody scored the manual criterion yet: it counts 0, and says so.
    let fresh = sheet(&inputs(&[]), &SheetEntries::default());
    assert_eq!(
        fresh.row("EMULATION_WORK").map(|r| r.source),
        Some(Source::Missing)
    );
}

#[test]
fn totals_add_the_scale_then_bonus_and_take_off_penalty() {
    let s = sheet(&inputs(&[]), &entries());
    // Computed: 31,5 + 13,5 + 10 = 55, + 2 − 0,5.
    assert_eq!(s.totals.computed, Ok(points("55", "2", "0.5", "56.5")));
    assert_eq!(
        s.totals.self_scored,
        Ok(points("71.75", "2", "0.5", "73.25"))
    );
    assert_eq!(
        s.totals.final_points,
        Ok(points("70.75", "2", "0.5", "72.25"))
    );
    let td = &s.sections[2];
    assert_eq!(td.totals.final_points, Ok(points("25", "2", "0.5", "26.5")));
}

#[test]
fn a_criterion_that_cannot_be_scored_keeps_its_message_and_leaves_no_false_total() {
    // A negative target for Cần Thơ: BUDGET_REV cannot be scored for anyone.
    let broken = inputs(&[("CT", "BUDGET_REV", "10", "-5")]);
    let s = sheet(&broken, &entries());
    let row = s.row("BUDGET_REV").expect("row");
    let e = row.computed.clone().expect_err("no points");
    assert!(e.message.contains("«CT» là -5 (số âm)"), "{e}");
    assert_eq!(row.formula(&num), e.message);
    assert!(s.totals.final_points.is_err());
    let y = year();
    let scores = YearScores::compute(&y, &broken);
    let r = Ranking::of(
        period("2026"),
        &[ScoreSheet::build(
            &y,
            &scores,
            &broken,
            "AG",
            "An Giang",
            &entries(),
        )],
    );
    assert_eq!(r.unranked.len(), 1);
    assert_eq!(r.unranked[0].why, e.message);
    // Points the unit gave itself stand in for the computed ones.
    let mut own = entries();
    own.criteria.insert(
        "BUDGET_REV".into(),
        Entry {
            self_points: Some(d("7")),
            ..Entry::default()
        },
    );
    let s = sheet(&broken, &own);
    assert_eq!(s.totals.final_points.map(|p| p.total), Ok(d("72.5")));
    assert!(s.totals.computed.is_err());
}

#[test]
fn the_printed_sheet_has_every_column_and_the_calculations() {
    let s = sheet(&inputs(&[]), &entries());
    let tables = s.tables(&num);
    assert_eq!(tables.len(), 3);
    let t = &tables[0];
    assert_eq!(
        t.title,
        "Bảng chấm điểm thi đua kỳ 2026 — An Giang (đã thẩm định)"
    );
    assert_eq!(
        t.header,
        [
            "TT",
            "Tiêu chí",
            "Cách chấm",
            "Điểm tối đa",
            "Chỉ tiêu",
            "Thực hiện",
            "Điểm tính",
            "Tự chấm",
            "Thẩm định",
            "Điểm"
        ]
    );
    let row = |i: usize| t.rows[i].join(" | ");
    assert_eq!(
        row(0),
        "I | Kinh tế |  | 45 |  |  | 31,50 | 32,25 |  | 32,25"
    );
    assert_eq!(
        row(2),
        "1.1 |   Tốc độ tăng trưởng kinh tế GRDP | theo chỉ tiêu đăng ký | 15 | 7,00 | 7,50 | 11,25 | 12,00 |  | 12,00"
    );
    let emulation = t
        .rows
        .iter()
        .position(|r| r[0] == "1.2" && r[1].contains("phong trào"))
        .expect("row");
    assert_eq!(
        row(emulation),
        "1.2 |   Chất lượng tổ chức phong trào thi đua | chấm trực tiếp | 20 |  |  |  | 16,00 | 15,00 | 15,00"
    );
    let late = t
        .rows
        .iter()
        .position(|r| r[1].starts_with("Báo cáo gửi chậm"))
        .expect("row");
    assert_eq!(
        row(late),
        "3 | Báo cáo gửi chậm so với thời hạn | điểm trừ | ≤ 3 |  | 1 | -0,50 |  |  | -0,50"
    );
    let n = t.rows.len();
    assert_eq!(
        row(n - 4),
        " | Cộng điểm theo thang |  | 100 |  |  | 55,00 | 71,75 |  | 70,75"
    );
    assert_eq!(
        row(n - 1),
        " | Tổng điểm |  |  |  |  | 56,50 | 73,25 |  | 72,25"
    );
    assert!(t.notes[0].starts_with("Điểm: điểm thẩm định nếu có"));
    let f = &tables[1];
    assert_eq!(f.cell(0, "TT"), Some("I.1.1"));
    assert_eq!(
        f.cell(1, "Cách tính"),
        Some("dưới chỉ tiêu: 0,5 × 15 × 18.000 ÷ 20.000 = 6,75")
    );
    let review = &tables[2];
    assert_eq!(
        review.cell(0, "Lý do thẩm định"),
        Some("Hồ sơ thiếu minh chứng phong trào quý III")
    );
    assert_eq!(review.cell(0, "Giải trình"), Some("Đã bổ sung minh chứng"));
}
