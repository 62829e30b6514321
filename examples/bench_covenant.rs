//! The covenant files and merged-territory figures at the size of a large
//! cluster: 63 provinces merged into 34 units on 2025-07-01, 300 criteria
//! per year on a 1.000-point scale, six covenant years (2021–2026).
//!
//! `cargo run --release --example bench_covenant` prints, as the median of
//! 5 runs: export, import into an empty definition (every rule checked),
//! a dry run against an identical definition, and the comparisons with last
//! year of every unit × criterion of 2026-H1 (composed from predecessors)
//! and the cluster figures of that period.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use rust_decimal::Decimal;
use thidua::io::covenant;
use thidua::model::Period;
use thidua::model::calendar::parse_day;
use thidua::model::compose;
use thidua::model::covenant::{Covenant, CovenantYear, Member, MemberRole};
use thidua::model::criterion::{Aggregate, Criterion, Method, Plausibility, Scoring};
use thidua::model::indicator::Direction;
use thidua::model::unit::{Unit, UnitHistory, UnitKind, UnitVersion};

const NEW_UNITS: usize = 34;
const OLD_UNITS: usize = 63;
const GROUPS: usize = 10;
const LEAVES: usize = 29;

fn units() -> UnitHistory {
    let mut units = Vec::new();
    // Units 0..34 keep their code; 34..63 are taken in, one or two each.
    let taken = |i: usize| -> Vec<String> {
        (NEW_UNITS..OLD_UNITS)
            .filter(|t| t % NEW_UNITS == i)
            .map(|t| format!("U{t:02}"))
            .collect()
    };
    for i in 0..OLD_UNITS {
        let old = UnitVersion {
            name: format!("Tỉnh số {i}"),
            kind: UnitKind::Province,
            valid_from: None,
            valid_until: parse_day("2025-06-30"),
            takes_in: Vec::new(),
        };
        let mut versions = vec![old];
        if i < NEW_UNITS {
            versions.push(UnitVersion {
                name: format!("Tỉnh số {i}"),
                kind: UnitKind::Province,
                valid_from: parse_day("2025-07-01"),
                valid_until: None,
                takes_in: taken(i),
            });
        }
        units.push(Unit {
            code: format!("U{i:02}"),
            versions,
        });
    }
    UnitHistory { units }
}

fn criteria() -> Vec<Criterion> {
    let mut out = Vec::new();
    for g in 0..GROUPS {
        let group = format!("group_{g}");
        let group_name = format!("Nhóm tiêu chí {g}");
        let base = |code: String, order: usize| Criterion {
            code,
            name: format!("Tiêu chí {g}-{order}"),
            unit: "tỷ đồng".into(),
            group: group.clone(),
            group_name: group_name.clone(),
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
        out.push(top);
        for l in 0..LEAVES {
            let mut c = base(format!("C{g}_{l:02}"), l + 1);
            c.scoring.parent = Some(head.clone());
            c.scoring.method = if l % 2 == 0 {
                Method::Target
            } else {
                Method::Rank
            };
            c.scoring.max_points = Some(Decimal::from(if l == 0 { 16 } else { 3 }));
            if l % 3 == 1 {
                c.rule = Aggregate::Mean;
            }
            out.push(c);
        }
    }
    out
}

fn definition() -> Covenant {
    let units = units();
    let criteria = criteria();
    let mut c = Covenant {
        units,
        years: Default::default(),
    };
    for year in 2021..=2026u16 {
        let members = c
            .units
            .units_in(Period::year(year))
            .iter()
            .enumerate()
            .map(|(i, u)| Member {
                unit: u.code.clone(),
                role: if i == 0 {
                    MemberRole::Chair
                } else {
                    MemberRole::Member
                },
                note: String::new(),
            })
            .collect();
        c.years.insert(
            year,
            CovenantYear {
                year,
                cluster_name: "Cụm thi đua thử".into(),
                scale_total: Some(Decimal::from(1000)),
                members,
                criteria: criteria.clone(),
            },
        );
    }
    c
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
    let c = definition();
    assert!(c.problems().is_empty(), "{:?}", c.problems().first());
    let (export, written) = time(|| covenant::export(&c, None).expect("export"));
    let bytes: usize = written.iter().map(|w| w.text.len()).sum();
    let rows: usize = written.iter().map(|w| w.text.lines().count() - 1).sum();
    let files = covenant::as_files(&written);
    let (import, imported) =
        time(|| covenant::import(&Covenant::default(), &files).expect("import"));
    let (dry_run, again) = time(|| covenant::import(&imported.covenant, &files).expect("dry run"));
    assert_eq!(again.changes, ["Không có thay đổi."]);

    let now: Period = "2026-H1".parse().expect("period");
    let then: Period = "2025-H1".parse().expect("period");
    let year = c.year(2026).expect("2026");
    let mut values: HashMap<(String, String, Period), Decimal> = HashMap::new();
    for u in &c.units.units {
        for cr in &year.criteria {
            values.insert((u.code.clone(), cr.code.clone(), then), Decimal::from(7));
            values.insert((u.code.clone(), cr.code.clone(), now), Decimal::from(9));
        }
    }
    let lookup =
        |u: &str, code: &str, p: Period| values.get(&(u.to_string(), code.to_string(), p)).copied();
    let (compare, compared) = time(|| {
        let mut n = 0usize;
        for m in year.counted_members(&c.units, now) {
            for cr in &year.criteria {
                let cmp = compose::compare_with_last_year(&c.units, cr, &m, now, lookup)
                    .expect("comparison");
                n += usize::from(cmp.last_year.composed);
            }
        }
        n
    });
    let (cluster, _) = time(|| {
        for cr in &year.criteria {
            let _ = compose::cluster_figure(&c.units, year, cr, now, lookup);
            let _ = compose::cluster_last_year(&c.units, year, cr, now, lookup).expect("last year");
        }
    });
    let comparisons = NEW_UNITS * year.criteria.len();
    println!(
        "covenant of {OLD_UNITS} → {NEW_UNITS} units, {} criteria × 6 years: {rows} rows, {bytes} bytes",
        year.criteria.len()
    );
    println!("export (4 files)                  {:>9.1} ms", ms(export));
    println!("import, every rule checked        {:>9.1} ms", ms(import));
    println!("dry run against the same          {:>9.1} ms", ms(dry_run));
    println!(
        "{comparisons} comparisons with last year ({compared} composed) {:>6.1} ms ({:.1} µs each)",
        ms(compare),
        compare.as_secs_f64() * 1e6 / comparisons as f64
    );
    println!(
        "cluster figure + last year × {}    {:>9.1} ms",
        year.criteria.len(),
        ms(cluster)
    );
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}
