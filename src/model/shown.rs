//! The figure shown for one province and one indicator: the stored actual,
//! or — when none is stored and the indicator can be derived from other
//! indicators ([`Derivation`]) — the figure computed from them at display
//! time. Derived figures are never stored and never exported; every screen
//! and report that shows a province's figure asks here, so they all agree.
//!
//! The same period last year of a unit that merged since, read through a
//! view of the covenant, is its territory's figure then: composed from the
//! units that made it up by the criterion's rule (`model::compose`), marked
//! [`Source::Composed`], with its parts and remark for the detail view
//! ([`Figures::last_year_figure`]); where the rule gives no number (a mean
//! across a merger, a missing part) there is no figure, and the remark says
//! why ("không so sánh được (sáp nhập)", "thiếu Kiên Giang").

use rust_decimal::Decimal;

use super::compose::{self, TerritoryFigure};
use super::derived::{self, YearChange};
use super::figures::Figures;
use super::indicator::{Cluster, ClusterRule, Indicator};
use super::period::Period;

/// Codes of the "% of plan as reported" indicators end in one of these;
/// the code without it names the indicator they are a share of.
pub const SHARE_OF_PLAN_SUFFIXES: [&str; 2] = ["_PCT_EST", "_PCT_PLAN"];

/// Whether a code names a "% of plan" indicator (`BUDGET_REV_PCT_EST`).
pub fn is_share_of_plan_code(code: &str) -> bool {
    SHARE_OF_PLAN_SUFFIXES.iter().any(|s| code.ends_with(s))
}

/// How an indicator's province figure follows from other indicators.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Derivation<'a> {
    /// 100 × base actual(period) ÷ base plan(year of the period).
    ShareOfPlan { base: &'a str },
    /// 100 × the province's numerator ÷ its denominator.
    Ratio {
        numerator: &'a str,
        denominator: &'a str,
    },
}

impl Cluster {
    /// How `ind` can be derived, worked out from its code and cluster rule
    /// (nothing about it is stored): a `Ratio` rule first, then a
    /// share-of-plan code whose base indicator is in the cluster.
    pub fn derivation<'a>(&'a self, ind: &'a Indicator) -> Option<Derivation<'a>> {
        if let ClusterRule::Ratio {
            numerator,
            denominator,
        } = &ind.rule
        {
            return Some(Derivation::Ratio {
                numerator,
                denominator,
            });
        }
        let base = SHARE_OF_PLAN_SUFFIXES
            .iter()
            .find_map(|s| ind.code.strip_suffix(s))?;
        let base = self.indicator(base)?;
        (base.code != ind.code).then_some(Derivation::ShareOfPlan { base: &base.code })
    }
}

/// Where a shown figure comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// Typed or imported for this indicator.
    Stored,
    /// Computed from other indicators at display time.
    Derived,
    /// Made of other units' figures: a merged unit's territory before its
    /// merger (its parts: [`Figures::last_year_figure`]).
    Composed,
}

/// A province's figure as shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shown {
    pub value: Decimal,
    pub source: Source,
}

impl Shown {
    pub fn is_derived(&self) -> bool {
        self.source == Source::Derived
    }
}

impl Figures {
    /// The province's figure for `ind` in `period`: the stored actual wins;
    /// otherwise the figure derived from other indicators, if any.
    pub fn shown_actual(
        &self,
        cluster: &Cluster,
        period: Period,
        province: &str,
        ind: &Indicator,
    ) -> Option<Shown> {
        if let Some(value) = self.actual(period, province, &ind.code) {
            return Some(Shown {
                value,
                source: Source::Stored,
            });
        }
        let value = match cluster.derivation(ind)? {
            Derivation::ShareOfPlan { base } => self.plan_pct(period, province, base)?,
            Derivation::Ratio {
                numerator,
                denominator,
            } => derived::plan_ratio(
                self.actual(period, province, numerator)?,
                self.actual(period, province, denominator)?,
            )?,
        };
        Some(Shown {
            value,
            source: Source::Derived,
        })
    }

    /// The shown figure's value alone.
    pub fn shown_value(
        &self,
        cluster: &Cluster,
        period: Period,
        province: &str,
        ind: &Indicator,
    ) -> Option<Decimal> {
        self.shown_actual(cluster, period, province, ind)
            .map(|s| s.value)
    }

    /// The figure shown for the same period last year: over the territory
    /// the province has in `period` (composed when it merged since, see the
    /// module), else its own figure then.
    pub fn shown_last_year(
        &self,
        cluster: &Cluster,
        period: Period,
        province: &str,
        ind: &Indicator,
    ) -> Option<Shown> {
        if let Some(t) = self
            .last_year_figure(cluster, period, province, ind)
            .filter(|t| t.composed)
        {
            return t.value().map(|value| Shown {
                value,
                source: Source::Composed,
            });
        }
        self.shown_actual(cluster, period.last_year()?, province, ind)
    }

    /// The province's figure of the same period last year over the
    /// territory it has in `period`, with its parts and how it was made
    /// (the detail view); None for a cluster made by hand, an indicator
    /// its covenant does not hold or a unit its history does not know.
    pub fn last_year_figure(
        &self,
        cluster: &Cluster,
        period: Period,
        province: &str,
        ind: &Indicator,
    ) -> Option<TerritoryFigure> {
        let basis = cluster.basis.as_ref()?;
        let criterion = basis.criterion(&ind.code)?;
        compose::territory_figure(
            &basis.covenant.units,
            criterion,
            province,
            period,
            period.last_year()?,
            |u, code, p| self.actual(p, u, code),
        )
        .ok()
    }

    /// What is said beside or instead of the same period last year: how a
    /// composed figure was made, or why there is none (see the module).
    pub fn last_year_remark(
        &self,
        cluster: &Cluster,
        period: Period,
        province: &str,
        ind: &Indicator,
    ) -> Option<String> {
        let basis = cluster.basis.as_ref()?;
        self.last_year_figure(cluster, period, province, ind)?
            .remark(&basis.covenant.units)
    }

    /// YearChange of the shown figure against the same period last year.
    pub fn shown_change(
        &self,
        cluster: &Cluster,
        period: Period,
        province: &str,
        ind: &Indicator,
    ) -> Option<YearChange> {
        derived::change(
            self.shown_value(cluster, period, province, ind)?,
            self.shown_last_year(cluster, period, province, ind)?.value,
        )
    }

    /// The cluster's share of plan for a share-of-plan indicator over
    /// `base`. Basis: 100 × Σ base actual ÷ Σ base plan, over the provinces
    /// that have both an actual and a plan of the base (a province's own
    /// typed % has no parts to add and is left out), so the cluster figure
    /// weighs provinces by the size of their plan, as the report's cluster
    /// totals do.
    pub fn cluster_share_of_plan(
        &self,
        cluster: &Cluster,
        period: Period,
        base: &str,
    ) -> Option<Decimal> {
        let (units, _) = self.cluster_parts(cluster, period);
        let pairs: Vec<(Decimal, Decimal)> = units
            .iter()
            .filter_map(|u| Some((self.actual(period, u, base)?, self.plan(period, u, base)?)))
            .collect();
        derived::ratio_figure(&pairs)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Direction, Kind, Province, Value, ValueKey};

    fn d(s: &str) -> Decimal {
        s.parse().expect("decimal literal")
    }

    fn ind(code: &str, rule: ClusterRule) -> Indicator {
        Indicator {
            code: code.into(),
            name: code.into(),
            unit: "%".into(),
            group: "g".into(),
            group_name: "G".into(),
            direction: Direction::HigherBetter,
            rule,
            decimals: 2,
            min: Decimal::ZERO,
            max: Decimal::from(1_000_000),
            weight: Decimal::ONE,
            ratio_entry: true,
        }
    }

    fn cluster() -> Cluster {
        Cluster {
            name: "c".into(),
            provinces: ["AA", "BB"]
                .iter()
                .map(|c| Province {
                    code: c.to_string(),
                    name: c.to_string(),
                })
                .collect(),
            basis: None,
            indicators: vec![
                ind("REV", ClusterRule::Sum),
                ind("REV_PCT_EST", ClusterRule::None),
                ind("ORPHAN_PCT_PLAN", ClusterRule::None),
                ind("N", ClusterRule::Sum),
                ind("T", ClusterRule::Sum),
                ind(
                    "SHARE",
                    ClusterRule::Ratio {
                        numerator: "N".into(),
                        denominator: "T".into(),
                    },
                ),
            ],
        }
    }

    fn value(period: &str, province: &str, code: &str, kind: Kind, v: &str) -> Value {
        Value {
            key: ValueKey::new(period.parse().expect("period"), province, code, kind),
            figure: crate::model::Figure {
                value: d(v),
                qualifiers: Default::default(),
                note: None,
            },
        }
    }

    fn h1() -> Period {
        "2021-H1".parse().expect("period")
    }

    #[test]
    fn derivation_from_code_and_rule() {
        let c = cluster();
        let get = |code: &str| c.derivation(c.indicator(code).expect("indicator"));
        assert_eq!(
            get("REV_PCT_EST"),
            Some(Derivation::ShareOfPlan { base: "REV" })
        );
        assert_eq!(get("ORPHAN_PCT_PLAN"), None);
        assert_eq!(get("REV"), None);
        assert_eq!(
            get("SHARE"),
            Some(Derivation::Ratio {
                numerator: "N",
                denominator: "T"
            })
        );
    }

    #[test]
    fn stored_wins_else_derived_and_cluster_sums_parts() {
        let c = cluster();
        let f = Figures::new([
            value("2021-H1", "AA", "REV", Kind::Actual, "50"),
            value("2021", "AA", "REV", Kind::Plan, "200"),
            value("2021-H1", "BB", "REV", Kind::Actual, "30"),
            value("2021", "BB", "REV", Kind::Plan, "50"),
            value("2021-H1", "BB", "REV_PCT_EST", Kind::Actual, "61"),
            value("2021-H1", "AA", "N", Kind::Actual, "1"),
            value("2021-H1", "AA", "T", Kind::Actual, "0"),
            value("2021-H1", "BB", "N", Kind::Actual, "3"),
            value("2021-H1", "BB", "T", Kind::Actual, "4"),
        ]);
        let pct = c.indicator("REV_PCT_EST").expect("indicator");
        assert_eq!(
            f.shown_actual(&c, h1(), "AA", pct),
            Some(Shown {
                value: d("25"),
                source: Source::Derived
            })
        );
        assert_eq!(
            f.shown_actual(&c, h1(), "BB", pct),
            Some(Shown {
                value: d("61"),
                source: Source::Stored
            })
        );
        // 80 ÷ 250: the plans weigh, not the two shares' mean.
        assert_eq!(f.cluster_share_of_plan(&c, h1(), "REV"), Some(d("32")));
        let share = c.indicator("SHARE").expect("indicator");
        // A zero denominator gives nothing, not a panic.
        assert_eq!(f.shown_actual(&c, h1(), "AA", share), None);
        assert_eq!(f.shown_value(&c, h1(), "BB", share), Some(d("75")));
    }
}
