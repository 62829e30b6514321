//! Figures computed from stored values and never stored: share of plan,
//! change against last year, the cluster figure, ranks and completeness.
//! Exact decimal arithmetic throughout; rounding happens only on display.

use rust_decimal::Decimal;

use super::indicator::{ClusterRule, Direction};

const HUNDRED: Decimal = Decimal::ONE_HUNDRED;

/// % of plan: 100 × actual ÷ plan. None without a usable plan.
pub fn plan_ratio(actual: Decimal, plan: Decimal) -> Option<Decimal> {
    if plan.is_zero() {
        return None;
    }
    actual.checked_mul(HUNDRED)?.checked_div(plan)
}

/// YearChange against the same period last year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct YearChange {
    pub absolute: Decimal,
    /// None when last year's figure is zero.
    pub percent: Option<Decimal>,
}

pub fn change(current: Decimal, last_year: Decimal) -> Option<YearChange> {
    let absolute = current.checked_sub(last_year)?;
    let percent = if last_year.is_zero() {
        None
    } else {
        absolute
            .checked_mul(HUNDRED)
            .and_then(|x| x.checked_div(last_year.abs()))
    };
    Some(YearChange { absolute, percent })
}

/// Sum or mean of the provinces' figures; None for `ClusterRule::None`, for
/// `Ratio` (see [`ratio_figure`]) and when no province reported.
pub fn cluster_figure(rule: &ClusterRule, values: &[Decimal]) -> Option<Decimal> {
    if values.is_empty() {
        return None;
    }
    let mut total = Decimal::ZERO;
    for v in values {
        total = total.checked_add(*v)?;
    }
    match rule {
        ClusterRule::Sum => Some(total),
        ClusterRule::Mean => total.checked_div(Decimal::from(values.len())),
        ClusterRule::None | ClusterRule::Ratio { .. } => None,
    }
}

/// 100 × Σ numerators ÷ Σ denominators over provinces that reported both.
pub fn ratio_figure(pairs: &[(Decimal, Decimal)]) -> Option<Decimal> {
    if pairs.is_empty() {
        return None;
    }
    let mut num = Decimal::ZERO;
    let mut den = Decimal::ZERO;
    for (n, d) in pairs {
        num = num.checked_add(*n)?;
        den = den.checked_add(*d)?;
    }
    plan_ratio(num, den)
}

/// Rank (1 = best) of each entry, ties sharing the better rank ("1, 2, 2, 4").
/// Neutral indicators are ranked high-to-low, as the report lists them.
pub fn ranks(values: &[Decimal], direction: Direction) -> Vec<usize> {
    values
        .iter()
        .map(|v| {
            1 + values
                .iter()
                .filter(|o| match direction {
                    Direction::LowerBetter => *o < v,
                    Direction::HigherBetter | Direction::Neutral => *o > v,
                })
                .count()
        })
        .collect()
}

/// Completeness: how many of `expected` have a value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Completeness {
    pub reported: usize,
    pub expected: usize,
}

impl Completeness {
    pub fn is_complete(&self) -> bool {
        self.reported == self.expected
    }
}

impl std::fmt::Display for Completeness {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.reported, self.expected)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().expect("decimal literal")
    }

    #[test]
    fn plan_ratio_is_exact_and_refuses_zero_plan() {
        assert_eq!(
            plan_ratio(d("2550"), d("3327.24")).map(|r| r.round_dp(2)),
            Some(d("76.64"))
        );
        assert_eq!(plan_ratio(d("5"), d("0")), None);
    }

    #[test]
    fn change_absolute_and_percent() {
        let c = change(d("52049"), d("33590")).expect("change");
        assert_eq!(c.absolute, d("18459"));
        assert_eq!(c.percent.map(|p| p.round_dp(2)), Some(d("54.95")));
        assert_eq!(change(d("3"), d("0")).map(|c| c.percent), Some(None));
    }

    #[test]
    fn cluster_sum_mean_none() {
        let v = [d("1"), d("2"), d("4")];
        assert_eq!(cluster_figure(&ClusterRule::Sum, &v), Some(d("7")));
        assert_eq!(
            cluster_figure(&ClusterRule::Mean, &[d("1"), d("2")]),
            Some(d("1.5"))
        );
        assert_eq!(cluster_figure(&ClusterRule::None, &v), None);
        assert_eq!(cluster_figure(&ClusterRule::Sum, &[]), None);
    }

    #[test]
    fn ratio_sums_parts_first() {
        let r = ratio_figure(&[(d("61"), d("119")), (d("49"), d("49"))]).expect("ratio");
        assert_eq!(r.round_dp(2), d("65.48"));
    }

    #[test]
    fn ranks_share_ties_in_both_directions() {
        let v = [d("5"), d("9"), d("9"), d("1")];
        assert_eq!(ranks(&v, Direction::HigherBetter), vec![3, 1, 1, 4]);
        assert_eq!(ranks(&v, Direction::LowerBetter), vec![2, 3, 3, 1]);
    }
}
