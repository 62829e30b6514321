//! What the period picker and the Provinces screen's completeness read:
//! the periods that hold figures, and per unit of a period how many
//! figures it holds and when they last changed.
//!
//! The trait's defaults compute these by scanning values (any store can
//! answer); the sled store keeps them as an index maintained on write so
//! neither ever scans values, and the server passes them on.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::model::{Kind, Period, Value};

/// One unit's figures in one period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitCount {
    /// The unit's code.
    pub unit: String,
    /// Figures of kind actual stored for the unit in the period.
    pub actuals: u32,
    /// Figures of any other kind (plans, targets) stored for it.
    pub others: u32,
    /// When the last of them changed (UTC ms since the epoch), when known.
    pub changed_ms: Option<i64>,
}

/// The periods among `values`, oldest first, each once.
pub fn periods_of(values: &[Value]) -> Vec<Period> {
    let mut out: Vec<Period> = values.iter().map(|v| v.key.period).collect();
    out.sort();
    out.dedup();
    out
}

/// Per unit, the counts of `values` (one period's), in code order.
pub fn counts_of(values: &[Value]) -> Vec<UnitCount> {
    let mut by_unit: BTreeMap<&str, UnitCount> = BTreeMap::new();
    for v in values {
        let c = by_unit
            .entry(v.key.province.as_str())
            .or_insert_with(|| UnitCount {
                unit: v.key.province.clone(),
                actuals: 0,
                others: 0,
                changed_ms: None,
            });
        if v.key.kind == Kind::Actual {
            c.actuals += 1;
        } else {
            c.others += 1;
        }
    }
    by_unit.into_values().collect()
}
