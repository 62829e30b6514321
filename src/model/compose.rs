//! Figures of a territory made of several units' figures: the "same period
//! last year" of a merged unit, and the cluster figure of a period whose
//! members changed (issue #14 item 5). Pure: figures come from a lookup
//! closure `(unit, criterion, period) → value`, never from the store.
//!
//! By the criterion's rule: `sum` adds the parts; `ratio:N/D` recomputes
//! 100 × ΣN ÷ ΣD from the parts' numerators and denominators; `mean_by:W`
//! weighs each part by its W; `mean` and `none` across a merger are "không
//! so sánh được (sáp nhập)", never a number (a mean of two provinces'
//! growth rates is not the merged province's growth rate). A part without
//! its figures makes a territory's figure partial, naming the missing
//! units, not a smaller total. Every composed figure lists its parts, for
//! the detail view.
//!
//! The cluster figure is formed as today over the members that reported
//! (the missing ones are named beside it), but over the members the
//! cluster counts in the period — a member taken in by another member is
//! not counted again ([`UnitHistory::counted_members`]).

use rust_decimal::Decimal;

use super::calendar::format_day_vi;
use super::covenant::CovenantYear;
use super::criterion::{Aggregate, Criterion};
use super::derived::{self, YearChange};
use super::figures::Ranked;
use super::period::Period;
use super::territory::{Straddle, TerritoryError};
use super::unit::UnitHistory;

/// What is shown where a territory's or the cluster's figure goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Composition {
    Value(Decimal),
    /// Some parts lack their figures: no total. The codes of those parts.
    Partial {
        missing: Vec<String>,
    },
    /// `mean` or `none` across a merger.
    NotComparable,
    /// No figure (the unit's own, or no unit reported).
    Missing,
    /// The parts are there but the rule gives no number (a zero
    /// denominator or zero weights).
    Undefined,
}

/// The words shown instead of a number for a `mean`/`none` criterion
/// across a merger.
pub const NOT_COMPARABLE: &str = "không so sánh được (sáp nhập)";

/// One unit's figures as read for a composed figure: each input criterion
/// (the criterion itself, or its numerator and denominator, or it and its
/// weight) with its value, None where the unit has none.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartFigure {
    pub unit: String,
    pub inputs: Vec<(String, Option<Decimal>)>,
}

impl PartFigure {
    fn complete(&self) -> bool {
        self.inputs.iter().all(|(_, v)| v.is_some())
    }

    fn value(&self, index: usize) -> Decimal {
        self.inputs
            .get(index)
            .and_then(|(_, v)| *v)
            .unwrap_or_default()
    }
}

/// A unit's territory figure for an earlier period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TerritoryFigure {
    pub unit: String,
    pub criterion: String,
    pub then: Period,
    /// Made of other units' figures (not the unit's own).
    pub composed: bool,
    pub parts: Vec<PartFigure>,
    /// Parts whose own figure is used for a period that holds a merger day.
    pub straddles: Vec<Straddle>,
    pub outcome: Composition,
}

impl TerritoryFigure {
    pub fn value(&self) -> Option<Decimal> {
        match self.outcome {
            Composition::Value(v) => Some(v),
            _ => None,
        }
    }

    /// The words shown beside or instead of the number: how it was made,
    /// or why there is none. None for a unit's own plain figure.
    pub fn remark(&self, units: &UnitHistory) -> Option<String> {
        let names = |codes: Vec<&str>, between: &str| {
            codes
                .iter()
                .map(|c| units.unit(c).map_or(*c, |u| u.name_in(self.then)))
                .collect::<Vec<_>>()
                .join(between)
        };
        match &self.outcome {
            Composition::NotComparable => Some(NOT_COMPARABLE.to_string()),
            Composition::Partial { missing } => Some(format!(
                "chưa đủ số liệu (sáp nhập): thiếu {}",
                names(missing.iter().map(String::as_str).collect(), ", ")
            )),
            Composition::Undefined => Some("không tính được (mẫu số hoặc quyền số bằng 0)".into()),
            Composition::Value(_) if self.composed => Some(format!(
                "gộp từ {}",
                names(self.parts.iter().map(|p| p.unit.as_str()).collect(), " + ")
            )),
            Composition::Value(_) | Composition::Missing => self.straddles.first().map(|s| {
                format!(
                    "kỳ {} có ngày sáp nhập {}: số của đơn vị sau sáp nhập",
                    self.then,
                    format_day_vi(s.on)
                )
            }),
        }
    }
}

/// The criteria read per unit to compose `criterion` by its rule.
fn inputs(criterion: &Criterion) -> Vec<&str> {
    match &criterion.rule {
        Aggregate::Ratio {
            numerator,
            denominator,
        } => vec![numerator, denominator],
        Aggregate::MeanBy(weight) => vec![&criterion.code, weight],
        Aggregate::Sum | Aggregate::Mean | Aggregate::None => vec![&criterion.code],
    }
}

fn read<F>(criterion: &Criterion, units: &[String], period: Period, lookup: &F) -> Vec<PartFigure>
where
    F: Fn(&str, &str, Period) -> Option<Decimal>,
{
    let codes = inputs(criterion);
    units
        .iter()
        .map(|u| PartFigure {
            unit: u.clone(),
            inputs: codes
                .iter()
                .map(|c| (c.to_string(), lookup(u, c, period)))
                .collect(),
        })
        .collect()
}

/// The rule applied to complete parts. A plain mean is taken here only
/// over units the cluster counts side by side; across a merger the callers
/// say "không so sánh được" before coming here.
fn combine(criterion: &Criterion, parts: &[&PartFigure]) -> Composition {
    if parts.is_empty() {
        return Composition::Missing;
    }
    let sum = |i: usize| -> Option<Decimal> {
        parts
            .iter()
            .try_fold(Decimal::ZERO, |acc, p| acc.checked_add(p.value(i)))
    };
    let value = match &criterion.rule {
        Aggregate::Sum => sum(0),
        Aggregate::Ratio { .. } => sum(0)
            .zip(sum(1))
            .and_then(|(n, d)| derived::plan_ratio(n, d)),
        Aggregate::MeanBy(_) => {
            let weighted = parts.iter().try_fold(Decimal::ZERO, |acc, p| {
                acc.checked_add(p.value(0).checked_mul(p.value(1))?)
            });
            match (weighted, sum(1)) {
                (Some(w), Some(total)) if !total.is_zero() => w.checked_div(total),
                _ => None,
            }
        }
        Aggregate::Mean => sum(0).and_then(|s| s.checked_div(Decimal::from(parts.len()))),
        // Not aggregable: no figure, as today's cluster figure.
        Aggregate::None => return Composition::Missing,
    };
    value.map_or(Composition::Undefined, Composition::Value)
}

/// `unit`'s figure of `criterion` for the earlier period `then`, over the
/// territory it had at the end of `now` (see the module for the rules).
pub fn territory_figure<F>(
    units: &UnitHistory,
    criterion: &Criterion,
    unit: &str,
    now: Period,
    then: Period,
    lookup: F,
) -> Result<TerritoryFigure, TerritoryError>
where
    F: Fn(&str, &str, Period) -> Option<Decimal>,
{
    let territory = units.territory(unit, now, then)?;
    let composed = territory.is_composed();
    let (parts, outcome) = if composed {
        let parts = read(criterion, &territory.parts, then, &lookup);
        let missing: Vec<String> = parts
            .iter()
            .filter(|p| !p.complete())
            .map(|p| p.unit.clone())
            .collect();
        let outcome = match criterion.rule {
            Aggregate::Mean | Aggregate::None => Composition::NotComparable,
            _ if !missing.is_empty() => Composition::Partial { missing },
            _ => combine(criterion, &parts.iter().collect::<Vec<_>>()),
        };
        (parts, outcome)
    } else {
        let own = lookup(unit, &criterion.code, then);
        let part = PartFigure {
            unit: unit.to_string(),
            inputs: vec![(criterion.code.clone(), own)],
        };
        (
            vec![part],
            own.map_or(Composition::Missing, Composition::Value),
        )
    };
    Ok(TerritoryFigure {
        unit: unit.to_string(),
        criterion: criterion.code.clone(),
        then,
        composed,
        parts,
        straddles: territory.straddles,
        outcome,
    })
}

/// A unit's figure for a period against the same period last year, over
/// the same territory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Comparison {
    pub current: Option<Decimal>,
    pub last_year: TerritoryFigure,
    pub change: Option<YearChange>,
}

/// `unit`'s figure in `period` and the same period last year, composed
/// from its predecessors where it merged in between.
pub fn compare_with_last_year<F>(
    units: &UnitHistory,
    criterion: &Criterion,
    unit: &str,
    period: Period,
    lookup: F,
) -> Result<Comparison, TerritoryError>
where
    F: Fn(&str, &str, Period) -> Option<Decimal>,
{
    let then = period.last_year().ok_or(TerritoryError::NotInPeriod {
        unit: unit.to_string(),
        period,
    })?;
    let current = lookup(unit, &criterion.code, period);
    let last_year = territory_figure(units, criterion, unit, period, then, &lookup)?;
    let change = current
        .zip(last_year.value())
        .and_then(|(c, l)| derived::change(c, l));
    Ok(Comparison {
        current,
        last_year,
        change,
    })
}

/// The cluster's figure of a criterion in a period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClusterFigure {
    pub period: Period,
    /// Every unit read, in member order (predecessors after their
    /// successor's place when `composed`).
    pub parts: Vec<PartFigure>,
    /// Units read that lack their figures: the figure is over the others.
    pub missing: Vec<String>,
    /// Read from predecessors of the members (a period before a merger).
    pub composed: bool,
    pub outcome: Composition,
}

/// The cluster figure of `criterion` in `period`, over the members the
/// cluster counts then (no territory twice), from those that reported.
pub fn cluster_figure<F>(
    units: &UnitHistory,
    year: &CovenantYear,
    criterion: &Criterion,
    period: Period,
    lookup: F,
) -> ClusterFigure
where
    F: Fn(&str, &str, Period) -> Option<Decimal>,
{
    let counted = year.counted_members(units, period);
    cluster_over(criterion, &counted, period, false, &lookup)
}

/// The cluster figure of the same period last year over the territory of
/// the members counted in `period`: each member's predecessors where it
/// merged in between. A `mean`/`none` criterion is then not comparable;
/// a straddling period uses the member's own figure (see `territory.rs`).
pub fn cluster_last_year<F>(
    units: &UnitHistory,
    year: &CovenantYear,
    criterion: &Criterion,
    period: Period,
    lookup: F,
) -> Result<ClusterFigure, TerritoryError>
where
    F: Fn(&str, &str, Period) -> Option<Decimal>,
{
    let then = period.last_year().ok_or(TerritoryError::NotInPeriod {
        unit: year.cluster_name.clone(),
        period,
    })?;
    let members = year.counted_members(units, period);
    let (parts, composed) = territories_then(units, &members, period, then)?;
    Ok(cluster_of_units(criterion, &parts, then, composed, &lookup))
}

/// The units whose figures for the earlier period `then` make up the
/// territories `members` had at the end of `now`, each once, in member
/// order; and whether any of them stands in for a member that merged since.
pub fn territories_then(
    units: &UnitHistory,
    members: &[String],
    now: Period,
    then: Period,
) -> Result<(Vec<String>, bool), TerritoryError> {
    let mut parts: Vec<String> = Vec::new();
    let mut composed = false;
    for member in members {
        let t = match units.territory(member, now, then) {
            Ok(t) => t,
            // A member that did not exist yet has no part in `then`.
            Err(TerritoryError::NotYet { .. }) => continue,
            Err(e) => return Err(e),
        };
        composed |= t.is_composed();
        for p in t.parts {
            if !parts.contains(&p) {
                parts.push(p);
            }
        }
    }
    Ok((parts, composed))
}

/// The cluster figure of `criterion` in `period` over `units`' own
/// figures, from those that reported; `across_merger`: the units are
/// predecessors standing in for members that merged since (a `mean` or
/// `none` criterion is then not comparable).
pub fn cluster_of_units<F>(
    criterion: &Criterion,
    units: &[String],
    period: Period,
    across_merger: bool,
    lookup: &F,
) -> ClusterFigure
where
    F: Fn(&str, &str, Period) -> Option<Decimal>,
{
    let mut figure = cluster_over(criterion, units, period, across_merger, lookup);
    figure.composed = across_merger;
    figure
}

/// The cluster figure over `units`' own figures; `across_merger`: the
/// units are predecessors standing in for members that merged since.
fn cluster_over<F>(
    criterion: &Criterion,
    units: &[String],
    period: Period,
    across_merger: bool,
    lookup: &F,
) -> ClusterFigure
where
    F: Fn(&str, &str, Period) -> Option<Decimal>,
{
    let parts = read(criterion, units, period, lookup);
    let missing: Vec<String> = parts
        .iter()
        .filter(|p| !p.complete())
        .map(|p| p.unit.clone())
        .collect();
    let complete: Vec<&PartFigure> = parts.iter().filter(|p| p.complete()).collect();
    let outcome = match criterion.rule {
        Aggregate::Mean | Aggregate::None if across_merger => Composition::NotComparable,
        _ => combine(criterion, &complete),
    };
    ClusterFigure {
        period,
        parts,
        missing,
        composed: false,
        outcome,
    }
}

impl ClusterFigure {
    pub fn value(&self) -> Option<Decimal> {
        match self.outcome {
            Composition::Value(v) => Some(v),
            _ => None,
        }
    }

    /// The words shown beside or instead of the cluster's number: how it
    /// was made across a merger, which units it lacks, or why there is none.
    pub fn remark(&self, units: &UnitHistory) -> Option<String> {
        let names = |codes: &[&str], between: &str| {
            codes
                .iter()
                .map(|c| units.unit(c).map_or(*c, |u| u.name_in(self.period)))
                .collect::<Vec<_>>()
                .join(between)
        };
        let missing: Vec<&str> = self.missing.iter().map(String::as_str).collect();
        let lacks = (!missing.is_empty()).then(|| format!("thiếu {}", names(&missing, ", ")));
        let made = match &self.outcome {
            Composition::NotComparable => Some(NOT_COMPARABLE.to_string()),
            Composition::Undefined => Some("không tính được (mẫu số hoặc quyền số bằng 0)".into()),
            Composition::Value(_) if self.composed => {
                let read: Vec<&str> = self
                    .parts
                    .iter()
                    .filter(|p| !self.missing.contains(&p.unit))
                    .map(|p| p.unit.as_str())
                    .collect();
                Some(format!("gộp từ {}", names(&read, " + ")))
            }
            _ => None,
        };
        match (made, lacks) {
            (Some(m), Some(l)) => Some(format!("{m}; {l}")),
            (m, l) => m.or(l),
        }
    }
}

/// The ranking of a covenant criterion in `period` over the members the
/// cluster counts then (a member taken in by another is not ranked
/// beside it), best first, ties sharing a rank. Quoted figures are not
/// ranked: empty.
pub fn ranking<F>(
    units: &UnitHistory,
    year: &CovenantYear,
    criterion: &Criterion,
    period: Period,
    lookup: F,
) -> Vec<Ranked>
where
    F: Fn(&str, &str, Period) -> Option<Decimal>,
{
    if !criterion.in_covenant {
        return Vec::new();
    }
    let reported: Vec<(String, Decimal)> = year
        .counted_members(units, period)
        .into_iter()
        .filter_map(|u| {
            let v = lookup(&u, &criterion.code, period)?;
            Some((u, v))
        })
        .collect();
    let values: Vec<Decimal> = reported.iter().map(|(_, v)| *v).collect();
    let ranks = derived::ranks(&values, criterion.direction);
    let mut out: Vec<Ranked> = reported
        .into_iter()
        .zip(ranks)
        .map(|((province, value), rank)| Ranked {
            province,
            value,
            rank,
        })
        .collect();
    out.sort_by_key(|r| r.rank);
    out
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;
    use crate::model::calendar::parse_day;
    use crate::model::covenant::{Member, MemberRole};
    use crate::model::criterion::tests::criterion;
    use crate::model::unit::{Unit, UnitKind, UnitVersion};

    fn v(name: &str, from: Option<&str>, until: Option<&str>, takes: &[&str]) -> UnitVersion {
        UnitVersion {
            name: name.into(),
            kind: UnitKind::Province,
            valid_from: from.and_then(parse_day),
            valid_until: until.and_then(parse_day),
            takes_in: takes.iter().map(|s| s.to_string()).collect(),
        }
    }

    /// VL takes in BT and TV on 2025-07-01; CM stays as it was.
    fn units() -> UnitHistory {
        let unit = |code: &str, versions| Unit {
            code: code.into(),
            versions,
        };
        UnitHistory {
            units: vec![
                unit(
                    "VL",
                    vec![
                        v("Vĩnh Long", None, Some("2025-06-30"), &[]),
                        v("Vĩnh Long", Some("2025-07-01"), None, &["BT", "TV"]),
                    ],
                ),
                unit("BT", vec![v("Bến Tre", None, Some("2025-06-30"), &[])]),
                unit("TV", vec![v("Trà Vinh", None, Some("2025-06-30"), &[])]),
                unit("CM", vec![v("Cà Mau", None, None, &[])]),
            ],
        }
    }

    fn year(members: &[&str]) -> CovenantYear {
        CovenantYear {
            year: 2025,
            cluster_name: "Cụm".into(),
            scale_total: None,
            members: members
                .iter()
                .map(|u| Member {
                    unit: u.to_string(),
                    role: MemberRole::Member,
                    note: String::new(),
                })
                .collect(),
            criteria: Vec::new(),
        }
    }

    fn p(s: &str) -> Period {
        s.parse().expect("period")
    }

    fn d(s: &str) -> Decimal {
        s.parse().expect("decimal")
    }

    type Table = HashMap<(String, String, Period), Decimal>;

    fn table(rows: &[(&str, &str, &str, &str)]) -> Table {
        rows.iter()
            .map(|(u, c, per, val)| ((u.to_string(), c.to_string(), p(per)), d(val)))
            .collect()
    }

    fn look(t: &Table) -> impl Fn(&str, &str, Period) -> Option<Decimal> + '_ {
        |u, c, per| t.get(&(u.to_string(), c.to_string(), per)).copied()
    }

    #[test]
    fn a_weighted_mean_weighs_each_predecessor() {
        let mut avg = criterion("AVG");
        avg.rule = Aggregate::MeanBy("COMMUNES".into());
        let t = table(&[
            ("VL", "AVG", "2025-H1", "16"),
            ("VL", "COMMUNES", "2025-H1", "100"),
            ("BT", "AVG", "2025-H1", "10"),
            ("BT", "COMMUNES", "2025-H1", "50"),
            ("TV", "AVG", "2025-H1", "13"),
            ("TV", "COMMUNES", "2025-H1", "50"),
        ]);
        let f = territory_figure(&units(), &avg, "VL", p("2026-H1"), p("2025-H1"), look(&t))
            .expect("figure");
        // (16·100 + 10·50 + 13·50) ÷ 200
        assert_eq!(f.value(), Some(d("13.75")));
        assert_eq!(f.parts.len(), 3);
        assert_eq!(
            f.remark(&units()).as_deref(),
            Some("gộp từ Vĩnh Long + Bến Tre + Trà Vinh")
        );
    }

    #[test]
    fn a_zero_denominator_gives_no_number() {
        let mut share = criterion("SHARE");
        share.rule = Aggregate::Ratio {
            numerator: "N".into(),
            denominator: "T".into(),
        };
        let rows: Vec<(&str, &str, &str, &str)> = ["VL", "BT", "TV"]
            .iter()
            .flat_map(|u| [(*u, "N", "2025-H1", "0"), (*u, "T", "2025-H1", "0")])
            .collect();
        let t = table(&rows);
        let f = territory_figure(&units(), &share, "VL", p("2026-H1"), p("2025-H1"), look(&t))
            .expect("figure");
        assert_eq!(f.outcome, Composition::Undefined);
    }

    #[test]
    fn the_cluster_last_year_covers_the_members_territory_then() {
        let c = criterion("REV");
        let y = year(&["VL", "CM"]);
        let t = table(&[
            ("VL", "REV", "2025-H1", "1"),
            ("BT", "REV", "2025-H1", "2"),
            ("TV", "REV", "2025-H1", "4"),
            ("CM", "REV", "2025-H1", "8"),
            ("VL", "REV", "2026-H1", "20"),
            ("CM", "REV", "2026-H1", "10"),
        ]);
        let now = cluster_figure(&units(), &y, &c, p("2026-H1"), look(&t));
        assert_eq!(now.outcome, Composition::Value(d("30")));
        let then = cluster_last_year(&units(), &y, &c, p("2026-H1"), look(&t)).expect("then");
        assert_eq!(then.outcome, Composition::Value(d("15")));
        assert!(then.composed);
        let units_read: Vec<&str> = then.parts.iter().map(|p| p.unit.as_str()).collect();
        assert_eq!(units_read, ["VL", "BT", "TV", "CM"]);
        let mut mean = criterion("GROWTH");
        mean.rule = Aggregate::Mean;
        let then = cluster_last_year(&units(), &y, &mean, p("2026-H1"), look(&t)).expect("then");
        assert_eq!(then.outcome, Composition::NotComparable);
    }

    #[test]
    fn a_year_mixing_old_and_new_units_counts_each_territory_once() {
        let c = criterion("REV");
        // The 2025 covenant lists the old units and the successor.
        let y = year(&["VL", "BT", "TV", "CM"]);
        let t = table(&[
            ("VL", "REV", "2025", "100"),
            ("BT", "REV", "2025", "40"),
            ("CM", "REV", "2025", "7"),
            ("BT", "REV", "2025-H1", "30"),
            ("VL", "REV", "2025-H1", "50"),
        ]);
        // 2025 holds the merger day: the new Vĩnh Long's own figure, not + Bến Tre.
        let year_figure = cluster_figure(&units(), &y, &c, p("2025"), look(&t));
        assert_eq!(year_figure.outcome, Composition::Value(d("107")));
        let ranked: Vec<String> = ranking(&units(), &y, &c, p("2025"), look(&t))
            .into_iter()
            .map(|r| r.province)
            .collect();
        assert_eq!(ranked, ["VL", "CM"]);
        // Before the merger each old unit counts, and Trà Vinh is named missing.
        let h1 = cluster_figure(&units(), &y, &c, p("2025-H1"), look(&t));
        assert_eq!(h1.outcome, Composition::Value(d("80")));
        assert_eq!(h1.missing, ["TV", "CM"]);
    }
}
