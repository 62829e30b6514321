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
