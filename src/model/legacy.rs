//! A bridge for the wiring step: today's [`Cluster`] (provinces and
//! indicators, read by every screen, report and the score) built from a
//! covenant year, so the store can hold the new records while the screens
//! move over one at a time.
//!
//! What the old record cannot carry is approximated and said here:
//! `mean_by:W` becomes a plain mean; an open valid range becomes the widest
//! decimal range; `counted` is lost (the old record guesses it from the
//! unit label); the weight is the criterion's MS where its method is
//! `target`, `ratio` or `rank` (today's formula approximates them), 0 for
//! the other methods and groups, and without a scale 1 for a directional
//! criterion of the covenant and 0 for a neutral one, a "% of plan" item
//! (scored through its base) or a quoted figure.

use rust_decimal::Decimal;

use super::covenant::CovenantYear;
use super::criterion::{Aggregate, Criterion, Method};
use super::indicator::{Cluster, ClusterRule, Direction, Indicator, Province};
use super::period::Period;
use super::shown::is_share_of_plan_code;
use super::unit::UnitHistory;

impl CovenantYear {
    /// The old cluster record for `period`: the members the cluster counts
    /// then, named as they were, and every criterion in report order.
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
            indicators: self.criteria.iter().map(legacy_indicator).collect(),
        }
    }
}

/// The old indicator record of a criterion (see the module).
pub fn legacy_indicator(c: &Criterion) -> Indicator {
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
    let scored =
        c.in_covenant && c.direction != Direction::Neutral && !is_share_of_plan_code(&c.code);
    // Today's score is weight × min(A/T, 1) or by rank: MS where the
    // method is one of those; nothing where it is not (a group, pass,
    // count, manual, bonus, penalty: the scoring engine's).
    let weight = match (c.scoring.method, c.scoring.max_points) {
        (Method::Target | Method::Ratio | Method::Rank, Some(ms)) if c.in_covenant => ms,
        (Method::None, None) if scored => Decimal::ONE,
        _ => Decimal::ZERO,
    };
    Indicator {
        code: c.code.clone(),
        name: c.name.clone(),
        unit: c.unit.clone(),
        group: c.group.clone(),
        group_name: c.group_name.clone(),
        direction: c.direction,
        rule,
        decimals: c.decimals,
        min: c.min.unwrap_or(Decimal::MIN),
        max: c.max.unwrap_or(Decimal::MAX),
        weight,
        ratio_entry: c.unit == "%",
    }
}
