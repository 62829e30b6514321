//! An in-memory index of stored values with every derived figure a screen or
//! report needs (plan share, last year, cluster figure, rank, completeness).
//! Built once from a scan, then read by views and reports; never writes.
//! The figure shown for a derivable indicator lives in `shown.rs`.
//!
//! Read through a view of the covenant (a [`Cluster`] with a basis), the
//! cluster figure follows the covenant: over the members the cluster counts
//! in the period, no territory twice; for a period before the view's, over
//! the territories the view's members had then, composed across a merger
//! by the criterion's rule (`model::compose`). The same period last year of
//! a merged unit is composed in `shown.rs`.

use std::collections::{BTreeSet, HashMap};

use rust_decimal::Decimal;

use super::compose::{self, ClusterFigure};
use super::derived::{self, Completeness, YearChange};
use super::indicator::{Cluster, ClusterRule, Indicator};
use super::period::Period;
use super::shown::Derivation;
use super::value::{CLUSTER, Figure, Kind, Value, ValueKey};

#[derive(Debug, Clone, Default)]
pub struct Figures {
    values: HashMap<ValueKey, Figure>,
    /// Changes with every change of the values (unique across all Figures
    /// of the run), so a figure worked out from them can be kept until then.
    generation: u64,
}

/// The source of [`Figures::generation`].
static GENERATIONS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

fn next_generation() -> u64 {
    GENERATIONS.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
}

/// One province's place for one indicator.
#[derive(Debug, Clone, PartialEq)]
pub struct Ranked {
    pub province: String,
    pub value: Decimal,
    pub rank: usize,
}

/// Indicators expected in a period, given the criteria (`reported`) any
/// province has an actual figure of in that period or in the same period
/// last year (what the covenant tracks): those of the cluster's indicators;
/// before anyone has reported, the criteria the period's covenant scores
/// (its leaves: a group's points are its children's), so that a cluster
/// just set up from its files shows `0/9`, not `0/0`. The one rule, whether
/// the reported criteria come from figures in memory or the store's index.
pub fn expected_criteria<'c>(
    cluster: &'c Cluster,
    reported: &BTreeSet<&str>,
) -> Vec<&'c Indicator> {
    if reported.is_empty()
        && let Some(year) = cluster.basis.as_ref().and_then(|b| b.year())
    {
        return cluster
            .indicators
            .iter()
            .filter(|i| {
                year.criterion(&i.code).is_some_and(|c| c.in_covenant)
                    && year.children(&i.code).next().is_none()
            })
            .collect();
    }
    cluster
        .indicators
        .iter()
        .filter(|i| reported.contains(i.code.as_str()))
        .collect()
}

impl Figures {
    pub fn new(values: impl IntoIterator<Item = Value>) -> Self {
        Figures {
            values: values.into_iter().map(|v| (v.key, v.figure)).collect(),
            generation: next_generation(),
        }
    }

    /// Different after every change of the values.
    pub fn generation(&self) -> u64 {
        self.generation
    }

    pub fn len(&self) -> usize {
        self.values.len()
    }

    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }

    /// Apply one committed write (None removes the value).
    pub fn apply(&mut self, key: ValueKey, figure: Option<Figure>) {
        self.generation = next_generation();
        match figure {
            Some(f) => {
                self.values.insert(key, f);
            }
            None => {
                self.values.remove(&key);
            }
        }
    }

    pub fn get(
        &self,
        period: Period,
        province: &str,
        indicator: &str,
        kind: Kind,
    ) -> Option<&Figure> {
        // Keys are owned strings; a small allocation per look-up keeps the map simple.
        self.values
            .get(&ValueKey::new(period, province, indicator, kind))
    }

    pub fn actual(&self, period: Period, province: &str, indicator: &str) -> Option<Decimal> {
        self.get(period, province, indicator, Kind::Actual)
            .map(|f| f.value)
    }

    /// The plan that applies to `period`: plans are held on the year, but a plan
    /// entered on the period itself wins.
    pub fn plan(&self, period: Period, province: &str, indicator: &str) -> Option<Decimal> {
        self.get(period, province, indicator, Kind::Plan)
            .or_else(|| self.get(period.year_period(), province, indicator, Kind::Plan))
            .map(|f| f.value)
    }

    /// % of the year's plan.
    pub fn plan_pct(&self, period: Period, province: &str, indicator: &str) -> Option<Decimal> {
        derived::plan_ratio(
            self.actual(period, province, indicator)?,
            self.plan(period, province, indicator)?,
        )
    }

    pub fn last_year(&self, period: Period, province: &str, indicator: &str) -> Option<Decimal> {
        self.actual(period.last_year()?, province, indicator)
    }

    pub fn change(&self, period: Period, province: &str, indicator: &str) -> Option<YearChange> {
        derived::change(
            self.actual(period, province, indicator)?,
            self.last_year(period, province, indicator)?,
        )
    }

    /// The cluster figure computed by the indicator's rule from the provinces.
    pub fn cluster_computed(
        &self,
        cluster: &Cluster,
        period: Period,
        ind: &Indicator,
    ) -> Option<Decimal> {
        self.cluster_computed_kind(cluster, period, ind, Kind::Actual)
    }

    /// Same, for plans (Σ plans for a summed indicator).
    pub fn cluster_plan_computed(
        &self,
        cluster: &Cluster,
        period: Period,
        ind: &Indicator,
    ) -> Option<Decimal> {
        let year = period.year_period();
        self.cluster_computed_kind(cluster, year, ind, Kind::Plan)
    }

    fn cluster_computed_kind(
        &self,
        cluster: &Cluster,
        period: Period,
        ind: &Indicator,
        kind: Kind,
    ) -> Option<Decimal> {
        // A share of plan has no rule of its own: the cluster's share is
        // re-derived from the base indicator's parts (see the basis there).
        if kind == Kind::Actual
            && let Some(Derivation::ShareOfPlan { base }) = cluster.derivation(ind)
        {
            return self.cluster_share_of_plan(cluster, period, base);
        }
        if kind == Kind::Actual
            && let Some(figure) = self.cluster_figure(cluster, period, ind)
        {
            return figure.value();
        }
        let (units, across_merger) = self.cluster_parts(cluster, period);
        if across_merger && matches!(ind.rule, ClusterRule::Mean | ClusterRule::None) {
            return None;
        }
        match &ind.rule {
            ClusterRule::Ratio {
                numerator,
                denominator,
            } => {
                let pairs: Vec<(Decimal, Decimal)> = units
                    .iter()
                    .filter_map(|u| {
                        let n = self.get(period, u, numerator, kind)?.value;
                        let d = self.get(period, u, denominator, kind)?.value;
                        Some((n, d))
                    })
                    .collect();
                derived::ratio_figure(&pairs)
            }
            rule => {
                let vals: Vec<Decimal> = units
                    .iter()
                    .filter_map(|u| self.get(period, u, &ind.code, kind).map(|f| f.value))
                    .collect();
                derived::cluster_figure(rule, &vals)
            }
        }
    }

    /// The units whose figures make the cluster's figure of `period` as
    /// read through `cluster`, and whether they stand in for members that
    /// merged since (see the module). Without a covenant basis: the
    /// cluster's provinces.
    pub fn cluster_parts(&self, cluster: &Cluster, period: Period) -> (Vec<String>, bool) {
        let own = || {
            (
                cluster.provinces.iter().map(|p| p.code.clone()).collect(),
                false,
            )
        };
        let Some(basis) = &cluster.basis else {
            return own();
        };
        let Some(year) = basis.year() else {
            return own();
        };
        let units = &basis.covenant.units;
        let now = basis.period;
        if period.last_day() < now.first_day() {
            let members: Vec<String> = cluster.provinces.iter().map(|p| p.code.clone()).collect();
            compose::territories_then(units, &members, now, period).unwrap_or_else(|_| own())
        } else {
            (year.counted_members(units, period), false)
        }
    }

    /// The cluster's computed figure of a criterion of the view's covenant
    /// with its parts and how it was made (for the detail view); None for
    /// a cluster made by hand or an indicator the covenant does not hold.
    pub fn cluster_figure(
        &self,
        cluster: &Cluster,
        period: Period,
        ind: &Indicator,
    ) -> Option<ClusterFigure> {
        let criterion = cluster.basis.as_ref()?.criterion(&ind.code)?;
        let (units, across_merger) = self.cluster_parts(cluster, period);
        Some(compose::cluster_of_units(
            criterion,
            &units,
            period,
            across_merger,
            &|u: &str, code: &str, p: Period| self.actual(p, u, code),
        ))
    }

    /// The figure reported for the cluster itself, if any.
    pub fn cluster_reported(&self, period: Period, indicator: &str) -> Option<&Figure> {
        self.get(period, CLUSTER, indicator, Kind::Actual)
    }

    /// Provinces with a figure shown (stored, or derived from other
    /// indicators), best first (ties share a rank, then code order).
    pub fn ranking(&self, cluster: &Cluster, period: Period, ind: &Indicator) -> Vec<Ranked> {
        let reported: Vec<(&str, Decimal)> = cluster
            .provinces
            .iter()
            .filter_map(|p| {
                self.shown_value(cluster, period, &p.code, ind)
                    .map(|v| (p.code.as_str(), v))
            })
            .collect();
        let values: Vec<Decimal> = reported.iter().map(|(_, v)| *v).collect();
        let ranks = derived::ranks(&values, ind.direction);
        let mut out: Vec<Ranked> = reported
            .iter()
            .zip(ranks)
            .map(|((code, value), rank)| Ranked {
                province: code.to_string(),
                value: *value,
                rank,
            })
            .collect();
        out.sort_by_key(|r| r.rank);
        out
    }

    /// Indicators expected in a period ([`expected_criteria`]), from the
    /// actual figures of the provinces held here.
    pub fn expected_indicators<'c>(
        &self,
        cluster: &'c Cluster,
        period: Period,
    ) -> Vec<&'c Indicator> {
        let last = period.last_year();
        let seen: BTreeSet<&str> = self
            .values
            .keys()
            .filter(|k| k.province != CLUSTER && k.kind == Kind::Actual)
            .filter(|k| k.period == period || Some(k.period) == last)
            .map(|k| k.indicator.as_str())
            .collect();
        expected_criteria(cluster, &seen)
    }

    /// How many expected indicators one province has reported for a period.
    pub fn province_completeness(
        &self,
        cluster: &Cluster,
        period: Period,
        province: &str,
    ) -> Completeness {
        self.completeness_among(&self.expected_indicators(cluster, period), period, province)
    }

    /// The same against an `expected` list computed once, so a screen of
    /// provinces scans the values once rather than once per row.
    pub fn completeness_among(
        &self,
        expected: &[&Indicator],
        period: Period,
        province: &str,
    ) -> Completeness {
        let reported = expected
            .iter()
            .filter(|i| self.actual(period, province, &i.code).is_some())
            .count();
        Completeness {
            reported,
            expected: expected.len(),
        }
    }

    /// How many provinces have a figure shown for one indicator in a period.
    /// A derived figure counts: the column (and the cluster figure built
    /// from it) is as complete as the figures the user sees in it, and a
    /// province that reported the parts has reported what the share needs.
    /// A province's own completeness ([`Self::province_completeness`])
    /// still counts entered figures only.
    pub fn indicator_completeness(
        &self,
        cluster: &Cluster,
        period: Period,
        indicator: &str,
    ) -> Completeness {
        let ind = cluster.indicator(indicator);
        let reported = cluster
            .provinces
            .iter()
            .filter(|p| match ind {
                Some(ind) => self.shown_actual(cluster, period, &p.code, ind).is_some(),
                None => self.actual(period, &p.code, indicator).is_some(),
            })
            .count();
        Completeness {
            reported,
            expected: cluster.provinces.len(),
        }
    }

    pub fn iter(&self) -> impl Iterator<Item = (&ValueKey, &Figure)> {
        self.values.iter()
    }
}
