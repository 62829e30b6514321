//! A bridge for the wiring step: today's [`Cluster`] (provinces and
//! indicators, read by every screen, report and the score) built from the
//! covenant for one period, so the store holds the covenant while the
//! screens move over one at a time. The view keeps the covenant it was made
//! from ([`ClusterBasis`]): figures read through it are checked and
//! composed by the covenant's rules.
//!
//! What the old record cannot carry is approximated and said here:
//! `mean_by:W` becomes a plain mean in the indicator (the figures still
//! compose by the criterion, see `figures.rs`); an open valid range
//! becomes ±[`FIGURE_LIMIT`], what any figure may be; `counted` is lost
//! (the old record guesses it from the unit label; the covenant's check
//! uses `counted`). The weight of a criterion is decided per year: its MS
//! where its method is `target`, `ratio` or `rank` (today's formula
//! approximates them); in a year without a points scale, 1 for a
//! directional criterion of the covenant without points; 0 otherwise — a
//! criterion without points in a year that has a scale scores nothing, as
//! the scale says, and so do neutral criteria, "% of plan" items (scored
//! through their base), groups, the other methods (the scoring engine's)
//! and quoted figures. A weight an officer set is kept beside the covenant
//! and laid over these (the store's weights record).
//!
//! [`FIGURE_LIMIT`]: super::criterion::FIGURE_LIMIT

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use super::covenant::{Covenant, CovenantYear};
use super::criterion::{Aggregate, Criterion, Method};
use super::indicator::{Cluster, ClusterBasis, ClusterRule, Direction, Indicator, Province};
use super::period::Period;
use super::shown::is_share_of_plan_code;
use super::unit::UnitHistory;

impl Covenant {
    /// The old cluster record for `period`: the covenant year that applies
    /// (see `covenant.rs`), its members counted then and its criteria;
    /// None while there is no covenant at all.
    pub fn cluster_for(&self, period: Period) -> Option<Cluster> {
        Some(self.for_period(period)?.legacy_cluster(&self.units, period))
    }
}

impl CovenantYear {
    /// The old cluster record for `period`: the members the cluster counts
    /// then, named as they were, and every criterion in report order, with
    /// this year and the unit history as its basis.
    pub fn legacy_cluster(&self, units: &UnitHistory, period: Period) -> Cluster {
        let provinces = self
            .counted_members(units, period)
            .into_iter()
            .map(|code| Province {
                name: units
                    .unit(&code)
                    .map_or(code.as_str(), |u| u.name_in(period))
                    .to_string(),
                code,
            })
            .collect();
        Cluster {
            name: self.cluster_name.clone(),
            provinces,
            indicators: self
                .criteria
                .iter()
                .map(|c| self.legacy_indicator(c))
                .collect(),
            basis: Some(Box::new(ClusterBasis {
                period,
                covenant: Covenant {
                    units: units.clone(),
                    years: BTreeMap::from([(self.year, self.clone())]),
                },
            })),
        }
    }

    /// The old indicator record of one of this year's criteria (see the module).
    pub fn legacy_indicator(&self, c: &Criterion) -> Indicator {
        let rule = match &c.rule {
            Aggregate::Sum => ClusterRule::Sum,
            Aggregate::Mean | Aggregate::MeanBy(_) => ClusterRule::Mean,
            Aggregate::Ratio {
                numerator,
                denominator,
            } => ClusterRule::Ratio {
                numerator: numerator.clone(),
                denominator: denominator.clone(),
            },
            Aggregate::None => ClusterRule::None,
        };
        let (min, max) = c.bounds();
        Indicator {
            code: c.code.clone(),
            name: c.name.clone(),
            unit: c.unit.clone(),
            group: c.group.clone(),
            group_name: c.group_name.clone(),
            direction: c.direction,
            rule,
            decimals: c.decimals,
            min,
            max,
            weight: self.legacy_weight(c),
            ratio_entry: c.unit == "%",
        }
    }

    /// The weight today's score gives a criterion of this year (see the module).
    pub fn legacy_weight(&self, c: &Criterion) -> Decimal {
        if !c.in_covenant {
            return Decimal::ZERO;
        }
        let directional = c.direction != Direction::Neutral && !is_share_of_plan_code(&c.code);
        match (c.scoring.method, c.scoring.max_points) {
            (Method::Target | Method::Ratio | Method::Rank, Some(ms)) => ms,
            (Method::None, None) if directional && self.scale_total.is_none() => Decimal::ONE,
            _ => Decimal::ZERO,
        }
    }
}
