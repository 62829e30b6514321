//! The built-in cluster: the 12 Tây Nam bộ provinces, the covenant indicators
//! and the figures of the 2021 first-half report (Báo cáo 209/BC-UBND), from
//! the CSVs in `data/`, embedded so a new user sees real data at once.
//!
//! Loaded: every value the report states, and the implied annual plans
//! (derived, kind `plan`) so % of plan can be computed. Not loaded: `plan_pct`
//! rows (% of plan is derived; they serve as a test oracle) and other derived
//! rows (cluster totals and shares are computed from the provinces).

use std::collections::HashMap;

use rust_decimal::Decimal;
use serde::Deserialize;

use super::StoreError;
use crate::model::{
    Cluster, ClusterRule, Direction, Figure, Indicator, Kind, Period, Province, Qualifiers, Value,
    ValueKey,
};

pub const CLUSTER_NAME: &str = "Cụm thi đua các tỉnh Tây Nam bộ";
pub const PROVINCES_CSV: &str = include_str!("../../data/provinces.csv");
pub const INDICATORS_CSV: &str = include_str!("../../data/indicators.csv");
pub const VALUES_CSV: &str = include_str!("../../data/values.csv");

#[derive(Deserialize)]
struct IndicatorRow {
    code: String,
    name: String,
    unit: String,
    group: String,
    direction: String,
    aggregate: String,
    unit_vi: String,
    group_vi: String,
}

/// A row of `values.csv`, with the columns the report's extraction added.
#[derive(Debug, Clone, Deserialize)]
pub struct ValueRow {
    pub province_code: String,
    pub indicator_code: String,
    pub period: String,
    pub kind: String,
    pub value: String,
    #[serde(default)]
    pub qualifier: String,
    #[serde(default)]
    pub derived: String,
    #[serde(default)]
    pub note: String,
}

fn bad(what: &str, detail: impl std::fmt::Display) -> StoreError {
    StoreError::Io(format!("dữ liệu gốc ({what}) hỏng: {detail}"))
}

/// The built-in cluster and the values to store on first start.
pub fn load() -> Result<(Cluster, Vec<Value>), StoreError> {
    let rows = value_rows()?;
    let cluster = cluster(&rows)?;
    let mut values = Vec::new();
    for row in rows.iter().filter(|r| is_loaded(r)) {
        let period: Period = row.period.parse().map_err(|e| bad("values.csv", e))?;
        let kind = Kind::parse(&row.kind).ok_or_else(|| bad("values.csv", &row.kind))?;
        let value: Decimal = row.value.parse().map_err(|e| bad("values.csv", e))?;
        let q = &row.qualifier;
        let qualifiers = Qualifiers {
            estimate: q.contains("estimate"),
            lower_bound: q.contains("lower_bound"),
            approx: q.contains("approx"),
            derived: row.derived == "true",
        };
        let note = Some(row.note.clone())
            .filter(|n| !n.is_empty())
            .map(|n| crate::text::normalize::clean(&n));
        values.push(Value {
            key: ValueKey::new(period, &row.province_code, &row.indicator_code, kind),
            figure: Figure {
                value,
                qualifiers,
                note,
            },
        });
    }
    Ok((cluster, values))
}

/// Stated values of kind actual/plan, plus derived plans (implied annual plans).
pub fn is_loaded(row: &ValueRow) -> bool {
    matches!(
        (row.kind.as_str(), row.derived.as_str()),
        ("actual", "false") | ("plan", _)
    )
}

pub fn value_rows() -> Result<Vec<ValueRow>, StoreError> {
    csv::Reader::from_reader(VALUES_CSV.as_bytes())
        .deserialize()
        .collect::<Result<Vec<ValueRow>, _>>()
        .map_err(|e| bad("values.csv", e))
}

fn cluster(rows: &[ValueRow]) -> Result<Cluster, StoreError> {
    let provinces = csv::Reader::from_reader(PROVINCES_CSV.as_bytes())
        .records()
        .map(|r| {
            let r = r.map_err(|e| bad("provinces.csv", e))?;
            Ok(Province {
                code: r[0].to_string(),
                name: r[1].to_string(),
            })
        })
        .collect::<Result<Vec<_>, StoreError>>()?;
    // Decimals shown: as many as the report itself uses for that indicator.
    let mut scale: HashMap<&str, u32> = HashMap::new();
    for r in rows.iter().filter(|r| r.derived == "false") {
        if let Ok(v) = r.value.parse::<Decimal>() {
            let s = scale.entry(r.indicator_code.as_str()).or_default();
            *s = (*s).max(v.normalize().scale());
        }
    }
    let mut indicators = Vec::new();
    for row in csv::Reader::from_reader(INDICATORS_CSV.as_bytes()).deserialize::<IndicatorRow>() {
        let row = row.map_err(|e| bad("indicators.csv", e))?;
        indicators.push(indicator(row, &scale)?);
    }
    Ok(Cluster {
        name: CLUSTER_NAME.to_string(),
        provinces,
        indicators,
    })
}

fn indicator(row: IndicatorRow, scale: &HashMap<&str, u32>) -> Result<Indicator, StoreError> {
    let direction = match row.direction.as_str() {
        "higher_better" => Direction::HigherBetter,
        "lower_better" => Direction::LowerBetter,
        "neutral" => Direction::Neutral,
        other => return Err(bad("indicators.csv", other)),
    };
    let rule = match (row.code.as_str(), row.aggregate.as_str()) {
        // The only share whose parts are both in the covenant.
        ("NTM_COMMUNE_SHARE", _) => ClusterRule::Ratio {
            numerator: "NTM_COMMUNES".into(),
            denominator: "TOTAL_COMMUNES".into(),
        },
        (_, "sum") => ClusterRule::Sum,
        (_, "mean") => ClusterRule::Mean,
        (_, "none") => ClusterRule::None,
        (_, other) => return Err(bad("indicators.csv", other)),
    };
    let percent = row.unit == "percent";
    let (min, max) = match row.unit.as_str() {
        "percent" => (Decimal::from(-100), Decimal::from(10_000)),
        "percentage points" => (Decimal::from(-100), Decimal::from(100)),
        "rank of 63" => (Decimal::ONE, Decimal::from(63)),
        "rank in region" => (Decimal::ONE, Decimal::from(13)),
        _ => (Decimal::ZERO, Decimal::from(1_000_000_000_000u64)),
    };
    let stated = scale.get(row.code.as_str()).copied().unwrap_or(0);
    let decimals = if percent { stated.max(2) } else { stated }.min(3);
    // Shares of plan reported as their own indicator are scored through the
    // indicator they are a share of; neutral items are not scored.
    let share_of_plan = crate::model::shown::is_share_of_plan_code(&row.code);
    let weight = if direction == Direction::Neutral || share_of_plan {
        Decimal::ZERO
    } else {
        Decimal::ONE
    };
    Ok(Indicator {
        code: row.code,
        name: row.name,
        unit: row.unit_vi,
        group: row.group,
        group_name: row.group_vi,
        direction,
        rule,
        decimals,
        min,
        max,
        weight,
        ratio_entry: percent,
    })
}
