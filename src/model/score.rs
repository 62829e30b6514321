//! The covenant score: points per province and indicator, per group and in
//! total, with the basis of every point kept so a screen can show where it
//! came from. Exact decimals throughout; only display rounds.
//!
//! Default method (documented in `docs/scoring.md`):
//! - with a plan: weight × min(actual ÷ plan, 1), or weight × min(plan ÷
//!   actual, 1) when lower is better; the share is kept within 0..1;
//! - without a plan: by rank among the provinces that reported, best =
//!   weight, worst = 0, linear: weight × (n − rank) ÷ (n − 1), ties sharing
//!   the better rank; a lone reporter gets the full weight;
//! - neutral indicators, weight 0 and unreported cells score nothing;
//! - the actual is the figure shown: stored, else derived (a Ratio share
//!   from its parts), as on every screen.

use rust_decimal::Decimal;

use super::derived;
use super::figures::Figures;
use super::indicator::{Cluster, Direction, Indicator};
use super::period::Period;

/// Why a cell scored what it did.
#[derive(Debug, Clone, PartialEq)]
pub enum Basis {
    /// Against the plan; `share` is the capped ratio (0..1) the weight is
    /// multiplied by: actual ÷ plan, or plan ÷ actual when lower is better.
    Plan {
        actual: Decimal,
        plan: Decimal,
        share: Decimal,
        inverted: bool,
    },
    /// By rank among `of` reporting provinces (ties share the better rank).
    Rank {
        value: Decimal,
        rank: usize,
        of: usize,
    },
    /// Direction neutral: never scored.
    Neutral,
    /// Weight 0: not part of the score.
    NoWeight,
    /// The province has no actual figure for the period.
    NotReported,
}

/// One province's points for one indicator.
#[derive(Debug, Clone, PartialEq)]
pub struct Points {
    pub province: String,
    pub indicator: String,
    pub weight: Decimal,
    pub basis: Basis,
    pub points: Decimal,
}

impl Points {
    /// Whether this cell counts towards the score at all.
    pub fn is_scored(&self) -> bool {
        !matches!(self.basis, Basis::Neutral | Basis::NoWeight)
    }

    /// The calculation written out, numbers shown by `num(value, decimals)`
    /// (the text layer's Vietnamese format), e.g.
    /// `1 × min(2.550 ÷ 3.327,24; 1) = 1 × 0,7664 = 0,7664`.
    pub fn formula(&self, decimals: u32, num: &dyn Fn(Decimal, u32) -> String) -> String {
        let w = num(self.weight, self.weight.normalize().scale());
        let pts = num(self.points, 4);
        match &self.basis {
            Basis::Plan {
                actual,
                plan,
                share,
                inverted,
            } => {
                let (a, b) = if *inverted {
                    (
                        num(*plan, decimals.max(plan.normalize().scale())),
                        num(*actual, decimals),
                    )
                } else {
                    (
                        num(*actual, decimals),
                        num(*plan, decimals.max(plan.normalize().scale())),
                    )
                };
                format!("{w} × min({a} ÷ {b}; 1) = {w} × {} = {pts}", num(*share, 4))
            }
            Basis::Rank { rank, of, .. } if *of <= 1 => {
                format!("hạng {rank}/{of}, tỉnh duy nhất báo cáo: {w} × 1 = {pts}")
            }
            Basis::Rank { rank, of, .. } => {
                format!("hạng {rank}/{of}: {w} × ({of} − {rank}) ÷ ({of} − 1) = {pts}")
            }
            Basis::Neutral => "chỉ tiêu trung tính: không tính điểm".to_string(),
            Basis::NoWeight => "trọng số 0: không tính điểm".to_string(),
            Basis::NotReported => "chưa báo cáo: 0 điểm".to_string(),
        }
    }
}

/// The share of the weight earned against a plan, within 0..1; None when
/// the plan cannot be used (a zero or negative plan for higher-is-better).
fn plan_share(actual: Decimal, plan: Decimal, direction: Direction) -> Option<(Decimal, bool)> {
    let one = Decimal::ONE;
    match direction {
        Direction::HigherBetter => {
            if plan <= Decimal::ZERO {
                return None;
            }
            let r = derived::plan_ratio(actual, plan)? / Decimal::ONE_HUNDRED;
            Some((r.clamp(Decimal::ZERO, one), false))
        }
        Direction::LowerBetter => {
            if plan < Decimal::ZERO {
                return None;
            }
            // Nothing (or less) of a lower-is-better quantity meets any plan.
            if actual <= Decimal::ZERO {
                return Some((one, true));
            }
            let r = plan.checked_div(actual)?;
            Some((r.clamp(Decimal::ZERO, one), true))
        }
        Direction::Neutral => None,
    }
}

/// Points of every province (in cluster order) for one indicator.
pub fn indicator_points(
    cluster: &Cluster,
    figures: &Figures,
    period: Period,
    ind: &Indicator,
) -> Vec<Points> {
    let make = |province: &str, basis: Basis, points: Decimal| Points {
        province: province.to_string(),
        indicator: ind.code.clone(),
        weight: ind.weight,
        basis,
        points,
    };
    if ind.direction == Direction::Neutral || ind.weight.is_zero() {
        let basis = if ind.direction == Direction::Neutral {
            Basis::Neutral
        } else {
            Basis::NoWeight
        };
        return cluster
            .provinces
            .iter()
            .map(|p| make(&p.code, basis.clone(), Decimal::ZERO))
            .collect();
    }
    let ranking = figures.ranking(cluster, period, ind);
    let of = ranking.len();
    cluster
        .provinces
        .iter()
        .map(|p| {
            // The figure shown (a derived share too), so points follow the
            // same figures and ranks as the Ranking screen.
            let Some(actual) = figures.shown_value(cluster, period, &p.code, ind) else {
                return make(&p.code, Basis::NotReported, Decimal::ZERO);
            };
            let planned = figures
                .plan(period, &p.code, &ind.code)
                .and_then(|plan| Some((plan, plan_share(actual, plan, ind.direction)?)));
            if let Some((plan, (share, inverted))) = planned {
                // Saturating: the store keeps weights and figures far from
                // the decimal limits, but a score must never panic.
                let points = ind.weight.saturating_mul(share);
                return make(
                    &p.code,
                    Basis::Plan {
                        actual,
                        plan,
                        share,
                        inverted,
                    },
                    points,
                );
            }
            let rank = ranking
                .iter()
                .find(|r| r.province == p.code)
                .map(|r| r.rank)
                .unwrap_or(of);
            let points = if of <= 1 {
                ind.weight
            } else {
                ind.weight.saturating_mul(Decimal::from(of - rank)) / Decimal::from(of - 1)
            };
            make(
                &p.code,
                Basis::Rank {
                    value: actual,
                    rank,
                    of,
                },
                points,
            )
        })
        .collect()
}

/// One province's points for one indicator (the detail view).
pub fn detail(
    cluster: &Cluster,
    figures: &Figures,
    period: Period,
    province: &str,
    indicator: &str,
) -> Option<Points> {
    let ind = cluster.indicator(indicator)?;
    indicator_points(cluster, figures, period, ind)
        .into_iter()
        .find(|p| p.province == province)
}

/// A column of the score table: an indicator group that can score points.
#[derive(Debug, Clone, PartialEq)]
pub struct ScoreGroup {
    pub code: String,
    pub name: String,
    /// The scored indicators of the group, in report order.
    pub indicators: Vec<String>,
}

/// One province's row: points per group (same order as the groups), total,
/// and rank by the exact total (ties share the better rank).
#[derive(Debug, Clone, PartialEq)]
pub struct ScoreRow {
    pub province: String,
    pub by_group: Vec<Decimal>,
    pub total: Decimal,
    pub rank: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ScoreTable {
    pub period: Period,
    pub groups: Vec<ScoreGroup>,
    /// Best first; equal ranks keep the cluster's province order.
    pub rows: Vec<ScoreRow>,
}

/// Indicators that can score in `period`: directional, weighted, and
/// reported by at least one province.
pub fn scored_indicators<'c>(
    cluster: &'c Cluster,
    figures: &Figures,
    period: Period,
) -> Vec<&'c Indicator> {
    cluster
        .indicators
        .iter()
        .filter(|i| i.direction != Direction::Neutral && !i.weight.is_zero())
        .filter(|i| {
            cluster
                .provinces
                .iter()
                .any(|p| figures.shown_value(cluster, period, &p.code, i).is_some())
        })
        .collect()
}

/// The score table: provinces × groups, total and rank.
pub fn score_table(cluster: &Cluster, figures: &Figures, period: Period) -> ScoreTable {
    let scored = scored_indicators(cluster, figures, period);
    let mut groups: Vec<ScoreGroup> = Vec::new();
    for ind in &scored {
        match groups.iter_mut().find(|g| g.code == ind.group) {
            Some(g) => g.indicators.push(ind.code.clone()),
            None => groups.push(ScoreGroup {
                code: ind.group.clone(),
                name: ind.group_name.clone(),
                indicators: vec![ind.code.clone()],
            }),
        }
    }
    let n = cluster.provinces.len();
    let mut by_group = vec![vec![Decimal::ZERO; groups.len()]; n];
    for ind in &scored {
        let Some(g) = groups.iter().position(|g| g.code == ind.group) else {
            continue;
        };
        for (row, pts) in by_group
            .iter_mut()
            .zip(indicator_points(cluster, figures, period, ind))
        {
            row[g] = row[g].saturating_add(pts.points);
        }
    }
    let totals: Vec<Decimal> = by_group
        .iter()
        .map(|r| r.iter().fold(Decimal::ZERO, |a, b| a.saturating_add(*b)))
        .collect();
    let ranks = derived::ranks(&totals, Direction::HigherBetter);
    let mut rows: Vec<ScoreRow> = cluster
        .provinces
        .iter()
        .zip(by_group)
        .zip(totals.iter().zip(ranks))
        .map(|((p, by_group), (total, rank))| ScoreRow {
            province: p.code.clone(),
            by_group,
            total: *total,
            rank,
        })
        .collect();
    rows.sort_by_key(|r| r.rank);
    ScoreTable {
        period,
        groups,
        rows,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().expect("decimal literal")
    }

    #[test]
    fn plan_share_caps_and_inverts() {
        assert_eq!(
            plan_share(d("150"), d("100"), Direction::HigherBetter),
            Some((d("1"), false))
        );
        assert_eq!(
            plan_share(d("50"), d("100"), Direction::HigherBetter),
            Some((d("0.5"), false))
        );
        assert_eq!(
            plan_share(d("4"), d("2"), Direction::LowerBetter),
            Some((d("0.5"), true))
        );
        assert_eq!(
            plan_share(d("0"), d("2"), Direction::LowerBetter),
            Some((d("1"), true))
        );
        assert_eq!(plan_share(d("5"), d("0"), Direction::HigherBetter), None);
        assert_eq!(
            plan_share(d("-5"), d("10"), Direction::HigherBetter),
            Some((d("0"), false))
        );
    }
}
