//! The scoring engine at the size of a large cluster: 34 units, 300
//! criteria in 10 groups on a 1.000-point scale, every method of the scale
//! (target, rank, ratio, count, pass, manual, bonus, penalty), every unit
//! reporting every criterion.
//!
//! `cargo run --release --example bench_scoring` prints, as the median of
//! 5 runs: the inputs read from 20.400 stored values (actuals and targets,
//! derived shares included), every unit's computed points, the 34 sheets,
//! the ranking, the 34 sheets printed as tables, and one workflow change.

use std::time::{Duration, Instant};

use rust_decimal::Decimal;
use thidua::model::covenant::{CovenantYear, Member, MemberRole};
use thidua::model::criterion::{Aggregate, Criterion, Method, Plausibility, Scoring};
use thidua::model::indicator::Direction;
use thidua::model::scoring::workflow::{SheetContext, apply};
use thidua::model::scoring::{
    Actor, Change, Inputs, Ranking, SheetEntries, YearScores, cluster_sheets,
};
use thidua::model::unit::{Unit, UnitHistory, UnitKind, UnitVersion};
use thidua::model::{Figure, Figures, Kind, Period, Value, ValueKey};

const UNITS: usize = 34;
const GROUPS: usize = 10;
const LEAVES: usize = 29;

fn units() -> UnitHistory {
    UnitHistory {
        units: (0..UNITS)
            .map(|i| Unit {
                code: format!("U{i:02}"),
                versions: vec![UnitVersion {
                    name: format!("Tỉnh số {i}"),
                    kind: UnitKind::Province,
                    valid_from: None,
                    valid_until: None,
                    takes_in: Vec::new(),
                }],
            })
            .collect(),
    }
}

/// Leaf `l` of a group: its method and MS (the group's 100 points).
fn method(l: usize) -> (Method, Option<u32>) {
    match l {
        0 => (Method::Target, Some(16)),
        _ if l % 7 == 1 => (Method::Rank, Some(3)),
        _ if l % 7 == 2 => (Method::Ratio, Some(3)),
        _ if l % 7 == 3 => (Method::Count, Some(3)),
        _ if l % 7 == 4 => (Method::Pass, Some(3)),
        _ if l % 7 == 5 => (Method::Manual, Some(3)),
        _ if l == 6 => (Method::Bonus, None),
        _ if l == 13 => (Method::Penalty, None),
        _ => (Method::Target, Some(3)),
    }
}

fn year() -> CovenantYear {
    let mut criteria = Vec::new();
    for g in 0..GROUPS {
        let base = |code: String, order: usize| Criterion {
            code,
            name: format!("Tiêu chí {g}-{order}"),
            unit: "tỷ đồng".into(),
            group: format!("group_{g}"),
            group_name: format!("Nhóm tiêu chí {g}"),
            group_order: g as u32 + 1,
            order: order as u32,
            direction: Direction::HigherBetter,
            rule: Aggregate::Sum,
            decimals: 0,
            min: Some(Decimal::ZERO),
            max: None,
            counted: false,
            in_covenant: true,
            scoring: Scoring::default(),
            plausible: Plausibility::default(),
            note: String::new(),
        };
        let head = format!("G{g}");
        let mut top = base(head.clone(), 0);
        top.direction = Direction::Neutral;
        top.rule = Aggregate::None;
        top.scoring.max_points = Some(Decimal::from(100));
        criteria.push(top);
        let mut given = 0;
        for l in 0..LEAVES {
            let mut c = base(format!("C{g}_{l:02}"), l + 1);
            let (m, ms) = method(l);
            c.scoring.method = m;
            c.scoring.parent = (!m.is_outside_scale()).then(|| head.clone());
            c.scoring.max_points = ms.map(Decimal::from);
            given += ms.unwrap_or(0);
            if m.counts_occurrences() {
                c.counted = true;
                c.scoring.points_each = Some(Decimal::ONE);
                c.scoring.cap = m.is_outside_scale().then(|| Decimal::from(5));
            }
            if m == Method::Pass {
                c.counted = true;
                c.max = Some(Decimal::ONE);
            }
            criteria.push(c);
        }
        // The rest of the group's 100 points on its first leaf.
        if let Some(first) = criteria.iter_mut().find(|c| c.code == format!("C{g}_00")) {
            first.scoring.max_points = Some(Decimal::from(16 + 100 - given));
        }
    }
    let units = units();
    CovenantYear {
        year: 2026,
        cluster_name: "Cụm thi đua thử".into(),
        scale_total: Some(Decimal::from(1000)),
        members: units
            .units
            .iter()
            .map(|u| Member {
                unit: u.code.clone(),
                role: MemberRole::Member,
                note: String::new(),
            })
            .collect(),
        criteria,
    }
}

fn figures(year: &CovenantYear, h1: Period) -> Figures {
    let mut values = Vec::new();
    for (i, m) in year.members.iter().enumerate() {
        for (j, c) in year.criteria.iter().enumerate() {
            if c.scoring.parent.is_none() && !c.scoring.method.is_outside_scale() {
                continue; // a group head: no figures
            }
            let actual = match c.scoring.method {
                Method::Pass => Decimal::from((i + j) % 2),
                Method::Count | Method::Bonus | Method::Penalty => Decimal::from((i + j) % 6),
                _ => Decimal::from(80 + (i * 7 + j * 3) % 50),
            };
            let mut put = |period, kind, value| {
                values.push(Value {
                    key: ValueKey::new(period, &m.unit, &c.code, kind),
                    figure: Figure::plain(value),
                })
            };
            put(h1, Kind::Actual, actual);
            put(Period::year(2026), Kind::Plan, Decimal::from(100));
        }
    }
    Figures::new(values)
}

fn median(mut runs: Vec<Duration>) -> Duration {
    runs.sort();
    runs[runs.len() / 2]
}

fn time<T>(mut f: impl FnMut() -> T) -> (Duration, T) {
    let mut runs = Vec::new();
    let mut last = None;
    for _ in 0..5 {
        let start = Instant::now();
        let out = f();
        runs.push(start.elapsed());
        last = Some(out);
    }
    (median(runs), last.expect("ran"))
}

fn main() {
    let year = year();
    let history = units();
    let problems = thidua::model::scale::problems(&year);
    assert!(problems.is_empty(), "{:?}", problems.first());
    let h1: Period = "2026-H1".parse().expect("period");
    let figures = figures(&year, h1);
    let num = |v: Decimal, d: u32| thidua::text::number::format_number(v, d);

    let (read, inputs) = time(|| Inputs::from_figures(&year, &history, &figures, h1));
    let (score, scores) = time(|| YearScores::compute(&year, &inputs));
    let (sheets_t, sheets) =
        time(|| cluster_sheets(&year, &history, &inputs, |_| SheetEntries::default()));
    let (rank_t, ranking) = time(|| Ranking::of(h1, &sheets));
    let (print_t, cells) = time(|| {
        sheets
            .iter()
            .flat_map(|s| s.tables(&num))
            .map(|t| t.rows.len() * t.header.len())
            .sum::<usize>()
    });
    let ctx = SheetContext {
        year: &year,
        period: h1,
        unit: "U00",
        unit_name: "Tỉnh số 0",
    };
    let change = Change::SelfPoints {
        criterion: "C0_01".into(),
        points: Some(Decimal::from(2)),
        note: None,
    };
    let (apply_t, _) = time(|| {
        apply(
            &ctx,
            &SheetEntries::default(),
            &Actor::Province("U00".into()),
            &change,
        )
        .expect("accepted")
    });

    let rows: usize = sheets.iter().map(|s| s.rows().count()).sum();
    let scored = year
        .criteria
        .iter()
        .filter(|c| scores.criterion(&c.code).is_some())
        .count();
    println!(
        "{UNITS} units × {} criteria ({scored} scored, {GROUPS} groups), {} stored values",
        year.criteria.len(),
        figures.len()
    );
    let first = &ranking.rows[0];
    for (what, t) in [
        ("inputs from the stored figures".to_string(), read),
        ("computed points of every unit".to_string(), score),
        (
            format!("{UNITS} sheets ({rows} rows, with the points)"),
            sheets_t,
        ),
        (
            format!(
                "ranking (first: {}, {})",
                first.name,
                num(first.points.total, 2)
            ),
            rank_t,
        ),
        (format!("{UNITS} sheets printed ({cells} cells)"), print_t),
        ("one workflow change".to_string(), apply_t),
    ] {
        println!("{what:<48} {t:>10.2?}");
    }
}
