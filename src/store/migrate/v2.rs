//! Format 2 to format 3: the covenant replaces the cluster record.
//!
//! What changed: the one `mcluster` record (name, provinces, indicators
//! with their weights) gives way to the covenant's records — the unit
//! history, one record per covenant year — and the weights officers set
//! (see `store::covenant`). A database whose cluster is the built-in Tây
//! Nam bộ one gets the corrected built-in covenant (`data/cluster/`); any
//! other gets a covenant made from its record: its provinces as units
//! without dates, its indicators as the criteria of one year, the earliest
//! that holds values. Either way every weight the record held is kept as
//! set, so scores read as before. Every other record is encoded the same
//! way in both formats (an audit entry's change gained a variant after its
//! last), so it only changes its version byte.
//!
//! The types below are format 2's cluster record as it was written,
//! frozen: they only read old records, so they never change.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::Deserialize;

use super::Records;
use crate::model::covenant::{Covenant, CovenantYear, Member, MemberRole};
use crate::model::criterion::{Aggregate, Criterion, Plausibility, Scoring};
use crate::model::unit::{Unit, UnitHistory, UnitKind, UnitVersion};
use crate::model::{
    ClusterRule as ModelRule, Direction as ModelDirection, Indicator as ModelIndicator,
};
use crate::store::covenant::{Revision, Stored, Weights};
use crate::store::error::StoreError;
use crate::store::keys::{self, RecordKind};
use crate::store::{AuditEntry, Problem, builtin, codec};

#[derive(Deserialize)]
struct Cluster {
    name: String,
    provinces: Vec<Province>,
    indicators: Vec<Indicator>,
}

#[derive(Deserialize)]
struct Province {
    code: String,
    name: String,
}

#[derive(Deserialize, Clone, Copy)]
enum Direction {
    HigherBetter,
    LowerBetter,
    Neutral,
}

#[derive(Deserialize, Clone)]
enum ClusterRule {
    Sum,
    Mean,
    None,
    Ratio {
        numerator: String,
        denominator: String,
    },
}

#[derive(Deserialize)]
struct Indicator {
    code: String,
    name: String,
    unit: String,
    group: String,
    group_name: String,
    direction: Direction,
    rule: ClusterRule,
    decimals: u32,
    min: Decimal,
    max: Decimal,
    weight: Decimal,
    ratio_entry: bool,
}

impl Direction {
    fn now(self) -> ModelDirection {
        match self {
            Direction::HigherBetter => ModelDirection::HigherBetter,
            Direction::LowerBetter => ModelDirection::LowerBetter,
            Direction::Neutral => ModelDirection::Neutral,
        }
    }
}

pub fn to_v3(records: &mut Records, problems: &mut Vec<Problem>) -> Result<(), StoreError> {
    let Some(bytes) = records.remove(keys::CLUSTER_META) else {
        return Err(StoreError::NoCluster);
    };
    let cluster: Cluster = codec::decode_as(2, keys::CLUSTER_META, &bytes)?;
    let mut earliest: Option<u16> = None;
    for (key, value) in records.iter_mut() {
        let kind = keys::kind_of(key);
        if kind == RecordKind::Value
            && let Some(k) = keys::parse_value_key(key)
        {
            earliest = Some(earliest.map_or(k.period.year, |e| e.min(k.period.year)));
        }
        if value.first() != Some(&2) {
            problems.push(Problem::Damaged(damaged(key, value)));
            continue;
        }
        if kind == RecordKind::Audit
            && let Err(e) = codec::decode_as::<AuditEntry>(2, key, value)
        {
            problems.push(Problem::Damaged(e));
            continue;
        }
        value[0] = 3;
    }
    let weights: Weights = cluster
        .indicators
        .iter()
        .map(|i| (i.code.clone(), i.weight))
        .collect();
    let covenant = match builtin_covenant_if_same(&cluster)? {
        Some(c) => c,
        None => from_record(&cluster, earliest.unwrap_or_else(this_year)),
    };
    let stored = Stored {
        covenant,
        weights,
        revision: Revision::default(),
    };
    // `records` encodes in the current format (3 when this step was the
    // newest); the later steps leave records already current as they are.
    for (k, v) in stored.records()? {
        records.insert(k, v);
    }
    Ok(())
}

fn this_year() -> u16 {
    use chrono::Datelike;
    u16::try_from(chrono::Utc::now().year()).unwrap_or(2021)
}

/// The built-in covenant, when the record is the built-in cluster (its
/// name, its provinces and its indicators, whatever their weights).
fn builtin_covenant_if_same(cluster: &Cluster) -> Result<Option<Covenant>, StoreError> {
    let builtin = builtin::covenant()?;
    let Some(year) = builtin.years.values().next() else {
        return Ok(None);
    };
    let same = cluster.name == year.cluster_name
        && cluster
            .provinces
            .iter()
            .map(|p| p.code.as_str())
            .eq(year.members.iter().map(|m| m.unit.as_str()))
        && cluster
            .indicators
            .iter()
            .map(|i| i.code.as_str())
            .eq(year.criteria.iter().map(|c| c.code.as_str()));
    Ok(same.then_some(builtin))
}

/// A covenant of one year made from the record (see the module).
fn from_record(cluster: &Cluster, year: u16) -> Covenant {
    let units = UnitHistory {
        units: cluster
            .provinces
            .iter()
            .map(|p| Unit {
                code: p.code.clone(),
                versions: vec![UnitVersion {
                    name: p.name.clone(),
                    kind: UnitKind::Province,
                    valid_from: None,
                    valid_until: None,
                    takes_in: Vec::new(),
                }],
            })
            .collect(),
    };
    let mut groups: Vec<&str> = Vec::new();
    let mut in_group: BTreeMap<&str, u32> = BTreeMap::new();
    let criteria = cluster
        .indicators
        .iter()
        .map(|i| {
            let group_order = match groups.iter().position(|g| *g == i.group) {
                Some(n) => n + 1,
                None => {
                    groups.push(&i.group);
                    groups.len()
                }
            };
            let order = in_group.entry(&i.group).or_default();
            *order += 1;
            let rule = match &i.rule {
                ClusterRule::Sum => Aggregate::Sum,
                ClusterRule::Mean => Aggregate::Mean,
                ClusterRule::None => Aggregate::None,
                ClusterRule::Ratio {
                    numerator,
                    denominator,
                } => Aggregate::Ratio {
                    numerator: numerator.clone(),
                    denominator: denominator.clone(),
                },
            };
            // What the old record guessed from the unit label, as it did.
            let counted = ModelIndicator {
                code: i.code.clone(),
                name: i.name.clone(),
                unit: i.unit.clone(),
                group: i.group.clone(),
                group_name: i.group_name.clone(),
                direction: i.direction.now(),
                rule: ModelRule::None,
                decimals: i.decimals,
                min: i.min,
                max: i.max,
                weight: i.weight,
                ratio_entry: i.ratio_entry,
            }
            .counts_whole_things();
            Criterion {
                code: i.code.clone(),
                name: i.name.clone(),
                unit: i.unit.clone(),
                group: i.group.clone(),
                group_name: i.group_name.clone(),
                group_order: u32::try_from(group_order).unwrap_or(u32::MAX),
                order: *order,
                direction: i.direction.now(),
                rule,
                decimals: i.decimals,
                min: Some(i.min).filter(|m| *m != Decimal::MIN),
                max: Some(i.max).filter(|m| *m != Decimal::MAX),
                counted,
                in_covenant: true,
                scoring: Scoring::default(),
                plausible: Plausibility::default(),
                note: String::new(),
            }
        })
        .collect();
    let mut covenant_year = CovenantYear {
        year,
        cluster_name: cluster.name.clone(),
        scale_total: None,
        members: cluster
            .provinces
            .iter()
            .map(|p| Member {
                unit: p.code.clone(),
                role: MemberRole::Member,
                note: String::new(),
            })
            .collect(),
        criteria,
    };
    covenant_year.sort_criteria();
    Covenant {
        units,
        years: BTreeMap::from([(year, covenant_year)]),
    }
}

/// The error a reader gives for a record that is not of format 2.
fn damaged(key: &[u8], value: &[u8]) -> StoreError {
    match value.first() {
        Some(&version) => StoreError::UnknownVersion {
            key: keys::describe(key),
            version,
        },
        None => StoreError::Decode {
            key: keys::describe(key),
            cause: crate::store::error::CodecError::new(crate::store::error::CodecKind::Empty),
        },
    }
}
