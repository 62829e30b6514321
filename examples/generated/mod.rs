//! A generated covenant for the benchmarks: `units` provinces (`P01`…)
//! without dates, members of one covenant year with `criteria` summed
//! criteria (`I001`…) in groups of ten. Included by `bench_store` and
//! `bench_start` with `#[path]`.
#![allow(dead_code)]

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use thidua::model::Direction;
use thidua::model::covenant::{Covenant, CovenantYear, Member, MemberRole};
use thidua::model::criterion::{Aggregate, Criterion, Plausibility, Scoring};
use thidua::model::unit::{Unit, UnitHistory, UnitKind, UnitVersion};

pub fn covenant(units: usize, criteria: usize, year: u16) -> Covenant {
    let codes: Vec<String> = (1..=units).map(|i| format!("P{i:02}")).collect();
    let history = UnitHistory {
        units: codes
            .iter()
            .enumerate()
            .map(|(i, code)| Unit {
                code: code.clone(),
                versions: vec![UnitVersion {
                    name: format!("Tỉnh số {}", i + 1),
                    kind: UnitKind::Province,
                    valid_from: None,
                    valid_until: None,
                    takes_in: Vec::new(),
                }],
            })
            .collect(),
    };
    let criteria = (1..=criteria)
        .map(|i| Criterion {
            code: format!("I{i:03}"),
            name: format!("Chỉ tiêu số {i}"),
            unit: "tỷ đồng".into(),
            group: format!("g{}", i / 10),
            group_name: format!("Nhóm {}", i / 10),
            group_order: u32::try_from(i / 10 + 1).unwrap_or(u32::MAX),
            order: u32::try_from(i % 10 + 1).unwrap_or(u32::MAX),
            direction: Direction::HigherBetter,
            rule: Aggregate::Sum,
            decimals: 2,
            min: Some(Decimal::ZERO),
            max: Some(Decimal::from(1_000_000_000u64)),
            counted: false,
            in_covenant: true,
            scoring: Scoring::default(),
            plausible: Plausibility::default(),
            note: String::new(),
        })
        .collect();
    let mut y = CovenantYear {
        year,
        cluster_name: "Cụm thử nghiệm".into(),
        scale_total: None,
        members: codes
            .iter()
            .map(|c| Member {
                unit: c.clone(),
                role: MemberRole::Member,
                note: String::new(),
            })
            .collect(),
        criteria,
    };
    y.sort_criteria();
    Covenant {
        units: history,
        years: BTreeMap::from([(year, y)]),
    }
}

/// A database of `units` × `criteria` whose covenant holds every year of
/// `years` ending 2025 (no figures yet), made at `db`, and the CSV of all
/// its figures at `csv` — per year the twelve months' actuals and the
/// yearly plan; the number of values. Each cell's months stay near one
/// level (50–79) and its yearly plan is twelve of them, so a figure typed
/// at that level (`62` in bench_scale's run) raises no plausibility
/// question. Shared by bench_scale and bench_import.
pub fn monthly_database(
    db: &std::path::Path,
    csv: &std::path::Path,
    units: usize,
    criteria: usize,
    years: u16,
) -> u64 {
    use std::io::Write;
    let last = 2025;
    let first = last + 1 - years;
    let mut covenant = covenant(units, criteria, last);
    let year = covenant.years[&last].clone();
    for y in first..last {
        let mut copy = year.clone();
        copy.year = y;
        covenant.years.insert(y, copy);
    }
    let me = thidua::store::user::os_user();
    drop(thidua::store::SledStore::create(db, &me, covenant, Vec::new()).expect("create"));
    let mut w = std::io::BufWriter::new(std::fs::File::create(csv).expect("csv"));
    writeln!(w, "province_code,indicator_code,period,kind,value").expect("write");
    let mut n = 0u64;
    for y in first..=last {
        for m in 0..=12u64 {
            for u in 1..=units {
                for c in 1..=criteria {
                    n += 1;
                    let level = 50 + (u * 31 + c * 17) as u64 % 30;
                    if m == 0 {
                        let plan = 12 * level;
                        writeln!(w, "P{u:02},I{c:03},{y},plan,{plan}").expect("write");
                    } else {
                        let v = level + (m + u64::from(y)) % 5;
                        writeln!(w, "P{u:02},I{c:03},{y}-{m:02},actual,{v}.25").expect("write");
                    }
                }
            }
        }
    }
    w.flush().expect("flush");
    n
}
