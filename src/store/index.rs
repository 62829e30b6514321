//! What the period picker and the Provinces screen's completeness read:
//! the periods that hold figures, per unit of a period how many figures it
//! holds and when they last changed, and per criterion of a period how many
//! units reported it (the criteria a period expects).
//!
//! The trait's defaults compute these by scanning values (any store can
//! answer); the sled store keeps them as an index maintained on write so
//! neither ever scans values, and the server passes them on.
//!
//! The index (format 4): one record per unit and period that holds
//! figures, `keys::index_key` → [`Tally`], written in the same batch as
//! the values it counts ([`Deltas`]); a unit whose last figure of a period
//! goes loses its record, and a period without records is not listed.
//! Databases of older formats get it built once by the migration
//! ([`build`]); `check` compares it with the values.
//!
//! Format 5 adds one record per criterion and period that a unit (not the
//! cluster itself, `CLUSTER`) holds an actual figure of,
//! `keys::reported_key` → the number of such units, kept by the same
//! [`Deltas`] and removed at 0 ([`build_reported`] for the migration and
//! `check`).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{Result, StoreError, codec, keys};
use crate::model::{CLUSTER, Kind, Period, Value, ValueKey};

/// What the index holds for one unit in one period.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tally {
    pub actuals: u32,
    pub others: u32,
    /// When the last of its figures changed (UTC ms), when known.
    pub changed_ms: Option<i64>,
}

impl Tally {
    pub fn is_empty(&self) -> bool {
        self.actuals == 0 && self.others == 0
    }

    pub fn count(unit: String, tally: Tally) -> UnitCount {
        UnitCount {
            unit,
            actuals: tally.actuals,
            others: tally.others,
            changed_ms: tally.changed_ms,
        }
    }
}

/// Records to write (`Some`) or remove (`None`), by key.
pub type Records = Vec<(Vec<u8>, Option<Vec<u8>>)>;

/// How one batch of value writes changes the index, per unit and period
/// and per criterion and period.
#[derive(Debug, Default)]
pub struct Deltas {
    by_unit: BTreeMap<(Period, String), (i64, i64)>,
    by_criterion: BTreeMap<(Period, String), i64>,
}

/// Whether a value counts towards its criterion's reporting units: an
/// actual figure of a unit. The cluster's own figure reports for no unit.
pub fn reports(key: &ValueKey) -> bool {
    key.kind == Kind::Actual && key.province != CLUSTER
}

impl Deltas {
    /// Note that the cell `key` went from holding a figure (`had`) or not
    /// to holding one (`has`) or not.
    pub fn note(&mut self, key: &ValueKey, had: bool, has: bool) {
        let d = i64::from(has) - i64::from(had);
        let entry = self
            .by_unit
            .entry((key.period, key.province.clone()))
            .or_default();
        match key.kind {
            Kind::Actual => entry.0 += d,
            _ => entry.1 += d,
        }
        if reports(key) {
            *self
                .by_criterion
                .entry((key.period, key.indicator.clone()))
                .or_default() += d;
        }
    }

    pub fn is_empty(&self) -> bool {
        self.by_unit.is_empty()
    }

    /// The index records to write (`None`: remove), given what is stored
    /// now (`current` tallies, `reported` counts) and the time of the change.
    pub fn records(
        self,
        at_ms: i64,
        mut current: impl FnMut(&[u8]) -> Result<Option<Tally>>,
        mut reported: impl FnMut(&[u8]) -> Result<Option<u32>>,
    ) -> Result<Records> {
        let mut out = Vec::with_capacity(self.by_unit.len() + self.by_criterion.len());
        for ((period, unit), (actuals, others)) in self.by_unit {
            let key = keys::index_key(period, &unit);
            let old = current(&key)?.unwrap_or_default();
            let moved = |n: u32, d: i64| -> Result<u32> {
                u32::try_from(i64::from(n) + d).map_err(|_| {
                    StoreError::Invalid(format!(
                        "chỉ mục số liệu của {unit} kỳ {period} lệch với dữ liệu; \
                         hãy chạy «thidua check»"
                    ))
                })
            };
            let new = Tally {
                actuals: moved(old.actuals, actuals)?,
                others: moved(old.others, others)?,
                changed_ms: Some(at_ms),
            };
            out.push((
                key,
                (!new.is_empty()).then(|| codec::encode(&new)).transpose()?,
            ));
        }
        for ((period, code), d) in self.by_criterion {
            if d == 0 {
                continue;
            }
            let key = keys::reported_key(period, &code);
            let old = reported(&key)?.unwrap_or(0);
            let new = u32::try_from(i64::from(old) + d).map_err(|_| {
                StoreError::Invalid(format!(
                    "chỉ mục chỉ tiêu {code} kỳ {period} lệch với dữ liệu; \
                     hãy chạy «thidua check»"
                ))
            })?;
            out.push((key, (new > 0).then(|| codec::encode(&new)).transpose()?));
        }
        Ok(out)
    }
}

/// Per criterion and period, how many units reported it (see [`reports`]),
/// from a database's value keys: what the migration to format 5 writes and
/// what `check` compares with.
pub fn build_reported<'a>(
    values: impl Iterator<Item = &'a ValueKey>,
) -> BTreeMap<(Period, String), u32> {
    let mut out: BTreeMap<(Period, String), u32> = BTreeMap::new();
    for key in values.filter(|k| reports(k)) {
        *out.entry((key.period, key.indicator.clone())).or_default() += 1;
    }
    out
}

/// Per criterion, how many units reported it among `values` (one
/// period's), in code order.
pub fn reported_of(values: &[Value]) -> Vec<(String, u32)> {
    build_reported(values.iter().map(|v| &v.key))
        .into_iter()
        .map(|((_, code), n)| (code, n))
        .collect()
}

/// The index of a database from its value keys and, per value cell, the
/// time of its last audited change: what the migration to format 4 writes
/// and what `check` compares with.
pub fn build<'a>(
    values: impl Iterator<Item = &'a ValueKey>,
    changed: &BTreeMap<(Period, String), i64>,
) -> BTreeMap<(Period, String), Tally> {
    let mut out: BTreeMap<(Period, String), Tally> = BTreeMap::new();
    for key in values {
        let unit = (key.period, key.province.clone());
        let t = out.entry(unit.clone()).or_default();
        match key.kind {
            Kind::Actual => t.actuals += 1,
            _ => t.others += 1,
        }
        t.changed_ms = changed.get(&unit).copied();
    }
    out
}

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
