//! Exact, checked arithmetic for the scoring engine, and the one rounding
//! rule of points. Every operation that could overflow a `Decimal` returns
//! a [`ScoreError`] naming the criterion instead of panicking, so a scale
//! with absurd figures (an MS of 10²⁸) is told, never crashes a server.

use rust_decimal::{Decimal, RoundingStrategy};

use crate::model::criterion::Criterion;

/// Points are written with two decimals (half away from zero) per
/// criterion, as clusters write them in the sheet; group and sheet totals
/// add the rounded points, so a printed sheet adds up by hand. Shares
/// (A/T, e) are never rounded before they are compared.
pub const POINT_DECIMALS: u32 = 2;

pub fn round_points(p: Decimal) -> Decimal {
    p.round_dp_with_strategy(POINT_DECIMALS, RoundingStrategy::MidpointAwayFromZero)
}

/// A criterion that cannot be scored, with a Vietnamese message naming it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScoreError {
    /// The criterion's code.
    pub criterion: String,
    pub message: String,
}

impl std::fmt::Display for ScoreError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ScoreError {}

/// Arithmetic on behalf of one criterion: a failure names it.
#[derive(Clone, Copy)]
pub struct Calc<'a> {
    pub criterion: &'a Criterion,
}

impl<'a> Calc<'a> {
    pub fn new(criterion: &'a Criterion) -> Self {
        Calc { criterion }
    }

    /// `chỉ tiêu «X» (Tên): {what}`.
    pub fn error(&self, what: impl std::fmt::Display) -> ScoreError {
        ScoreError {
            criterion: self.criterion.code.clone(),
            message: format!("chỉ tiêu {}: {what}", self.criterion.quoted()),
        }
    }

    fn overflow(&self) -> ScoreError {
        self.error("phép tính điểm vượt quá phạm vi số thập phân (số liệu hoặc điểm quá lớn)")
    }

    pub fn add(&self, a: Decimal, b: Decimal) -> Result<Decimal, ScoreError> {
        a.checked_add(b).ok_or_else(|| self.overflow())
    }

    pub fn sub(&self, a: Decimal, b: Decimal) -> Result<Decimal, ScoreError> {
        a.checked_sub(b).ok_or_else(|| self.overflow())
    }

    pub fn mul(&self, a: Decimal, b: Decimal) -> Result<Decimal, ScoreError> {
        a.checked_mul(b).ok_or_else(|| self.overflow())
    }

    /// Callers never divide by zero (each method tells a zero apart
    /// first); a zero divisor is reported like an overflow, not a panic.
    pub fn div(&self, a: Decimal, b: Decimal) -> Result<Decimal, ScoreError> {
        a.checked_div(b).ok_or_else(|| self.overflow())
    }

    /// Σ of `parts`, checked.
    pub fn sum(&self, parts: impl IntoIterator<Item = Decimal>) -> Result<Decimal, ScoreError> {
        parts
            .into_iter()
            .try_fold(Decimal::ZERO, |acc, p| self.add(acc, p))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::criterion::tests::criterion;

    #[test]
    fn points_round_half_away_from_zero_to_two_decimals() {
        assert_eq!(round_points(Decimal::new(57475, 4)), Decimal::new(575, 2));
        assert_eq!(round_points(Decimal::new(-125, 3)), Decimal::new(-13, 2));
    }

    #[test]
    fn an_overflow_names_the_criterion() {
        let c = criterion("BUDGET_REV");
        let calc = Calc::new(&c);
        let e = calc.mul(Decimal::MAX, Decimal::TWO).expect_err("overflow");
        assert_eq!(e.criterion, "BUDGET_REV");
        assert!(
            e.message
                .starts_with("chỉ tiêu «BUDGET_REV» (Chỉ tiêu BUDGET_REV): phép tính điểm vượt"),
            "{e}"
        );
        assert!(calc.div(Decimal::ONE, Decimal::ZERO).is_err());
    }
}
