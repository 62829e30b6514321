//! Criteria, units and numbers for the scoring tests.
#![allow(dead_code)]

use rust_decimal::Decimal;
use thidua::model::Direction;
use thidua::model::criterion::{Aggregate, Criterion, Method, Plausibility, Scoring};
use thidua::model::scoring::UnitFigures;

pub fn d(s: &str) -> Decimal {
    s.parse().expect("decimal literal")
}

/// A criterion of the covenant scored by `method` with MS `max`.
pub fn criterion(code: &str, method: Method, max: Option<&str>, direction: Direction) -> Criterion {
    Criterion {
        code: code.into(),
        name: format!("Chỉ tiêu {code}"),
        unit: "đv".into(),
        group: "economy".into(),
        group_name: "Kinh tế".into(),
        group_order: 1,
        order: 1,
        direction,
        rule: Aggregate::Sum,
        decimals: 0,
        min: Some(Decimal::ZERO),
        max: None,
        counted: method.counts_occurrences(),
        in_covenant: true,
        scoring: Scoring {
            max_points: max.map(d),
            method,
            ..Scoring::default()
        },
        plausible: Plausibility::default(),
        note: String::new(),
    }
}

/// `(unit, actual, target)` rows, numbers as `"1.5"` or empty for none.
pub fn units(rows: &[(&str, &str, &str)]) -> Vec<UnitFigures> {
    let opt = |s: &str| (!s.is_empty()).then(|| d(s));
    rows.iter()
        .map(|(u, a, t)| UnitFigures {
            unit: u.to_string(),
            actual: opt(a),
            target: opt(t),
        })
        .collect()
}

/// Vietnamese numbers, as the screens write them.
pub fn num(v: Decimal, decimals: u32) -> String {
    thidua::text::number::format_number(v, decimals)
}

/// The 2026 example covenant of `docs/examples/covenant-2026`.
pub fn example() -> thidua::model::covenant::Covenant {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/examples/covenant-2026");
    let files = thidua::io::covenant::read_dir(&dir).expect("files");
    match thidua::io::covenant::import(&Default::default(), &files) {
        Ok(i) => i.covenant,
        Err(e) => panic!("{:?}", e.iter().map(|e| e.to_string()).collect::<Vec<_>>()),
    }
}

/// The built-in covenant of `data/cluster`.
pub fn built_in() -> thidua::model::covenant::Covenant {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data/cluster");
    let files = thidua::io::covenant::read_dir(&dir).expect("files");
    match thidua::io::covenant::import(&Default::default(), &files) {
        Ok(i) => i.covenant,
        Err(e) => panic!("{:?}", e.iter().map(|e| e.to_string()).collect::<Vec<_>>()),
    }
}

pub fn period(s: &str) -> thidua::model::Period {
    s.parse().expect("period")
}
