//! Every scoring method of issue #18 applied to one criterion and the
//! cluster's units: `target` (in `target.rs`), `ratio`, `rank`, `pass`,
//! `count`, `manual`, `bonus`, `penalty` and `none`. The rules:
//!
//! - `ratio`: MS × min(A ÷ T, 1), and MS × min(T ÷ A, 1) when lower is
//!   better (an actual of 0 or less meets any target of a lower-is-better
//!   criterion); a target of 0 is met by any result ≥ 0 (by a result of
//!   0 or less when lower is better); the factor is kept within 0…1; a
//!   unit without a target scores 0, a negative target is refused.
//! - `rank`: among the units that reported, best = MS, worst = 0,
//!   linear: MS × (n − rank) ÷ (n − 1); ties share the better rank
//!   (1, 2, 2, 4) and so the same points; a lone reporter takes MS.
//! - `pass`: 1 (đạt) gives MS, 0 (không đạt) gives 0.
//! - `count`: `points_each` × occurrences, at most `cap` (MS when empty).
//! - `bonus` / `penalty`: `points_each` × occurrences, at most `cap`,
//!   added to / subtracted from the total outside the scale.
//! - `manual`: nothing computed; the reviewers give 0…MS.
//! - `none`: not scored itself.
//!
//! Every method: a unit without an actual figure scores 0 ("chưa báo
//! cáo"). Points are rounded to 2 decimals ([`super::calc::round_points`]).

use rust_decimal::Decimal;

use super::basis::{Basis, Scored};
use super::calc::{Calc, ScoreError, round_points};
use super::inputs::UnitFigures;
use super::target;
use crate::model::criterion::{Criterion, Method};
use crate::model::derived;
use crate::model::indicator::Direction;

/// The computed points of every unit in `units` (their order kept).
pub fn score_criterion(c: &Criterion, units: &[UnitFigures]) -> Result<Vec<Scored>, ScoreError> {
    let calc = Calc::new(c);
    let method = c.scoring.method;
    let max = || {
        c.scoring.max_points.ok_or_else(|| {
            calc.error(format!(
                "cách chấm «{}» cần điểm tối đa (max_points)",
                method.as_str()
            ))
        })
    };
    let lower_better = || match c.direction {
        Direction::HigherBetter => Ok(false),
        Direction::LowerBetter => Ok(true),
        Direction::Neutral => Err(calc.error(format!(
            "cách chấm «{}» cần biết cao hay thấp là tốt, chỉ tiêu này là neutral",
            method.as_str()
        ))),
    };
    // Results but no target registered by any unit: nothing to score
    // against (the store tells it on import too: `targets_problems`).
    // Before anyone reports, every unit is simply "chưa báo cáo".
    if method.needs_targets()
        && units.iter().any(|u| u.actual.is_some())
        && units.iter().all(|u| u.target.is_none())
    {
        return Err(calc.error(format!(
            "cách chấm «{}» cần chỉ tiêu đăng ký (kế hoạch năm) nhưng chưa đơn vị nào có",
            method.as_str()
        )));
    }
    match method {
        Method::None => each(units, |_| Ok((None, Basis::Unscored))),
        Method::Manual => {
            let max = max()?;
            each(units, |_| Ok((None, Basis::Manual { max })))
        }
        Method::Target => target::score(calc, max()?, lower_better()?, units),
        Method::Ratio => {
            let (max, lower) = (max()?, lower_better()?);
            each(units, |u| ratio(calc, max, lower, u))
        }
        Method::Rank => {
            lower_better()?; // a neutral criterion cannot be ranked
            rank(calc, max()?, c.direction, units)
        }
        Method::Pass => {
            let max = max()?;
            each(units, |u| pass(calc, max, u))
        }
        Method::Count | Method::Bonus | Method::Penalty => {
            let each_points = c.scoring.points_each.ok_or_else(|| {
                calc.error(format!(
                    "cách chấm «{}» cần số điểm mỗi lần (points_each)",
                    method.as_str()
                ))
            })?;
            let cap = if method == Method::Count {
                c.scoring.count_cap()
            } else {
                c.scoring.cap
            }
            .ok_or_else(|| calc.error(format!("điểm «{}» cần mức trần (cap)", method.as_str())))?;
            each(units, |u| occurrences(calc, method, each_points, cap, u))
        }
    }
}

/// Applies a per-unit rule; a unit without an actual scores 0 (except
/// where the method computes nothing at all).
fn each(
    units: &[UnitFigures],
    rule: impl Fn(&UnitFigures) -> Result<(Option<Decimal>, Basis), ScoreError>,
) -> Result<Vec<Scored>, ScoreError> {
    units
        .iter()
        .map(|u| {
            let (points, basis) = rule(u)?;
            let (points, basis) = match basis {
                Basis::Manual { .. } | Basis::Unscored => (None, basis),
                _ if u.actual.is_none() => (Some(Decimal::ZERO), Basis::NotReported),
                _ => (points.map(round_points), basis),
            };
            Ok(Scored {
                unit: u.unit.clone(),
                points,
                basis,
            })
        })
        .collect()
}

fn ratio(
    calc: Calc<'_>,
    max: Decimal,
    lower_better: bool,
    u: &UnitFigures,
) -> Result<(Option<Decimal>, Basis), ScoreError> {
    let Some(actual) = u.actual else {
        return Ok((None, Basis::NotReported));
    };
    let Some(target) = u.target else {
        return Ok((Some(Decimal::ZERO), Basis::NoTarget));
    };
    if target < Decimal::ZERO {
        return Err(calc.error(format!(
            "chỉ tiêu đăng ký của đơn vị «{}» là {} (số âm): cách chấm «ratio» chỉ so với chỉ tiêu dương hoặc bằng 0",
            u.unit,
            target.normalize()
        )));
    }
    let share = if lower_better {
        if actual <= Decimal::ZERO {
            Decimal::ONE
        } else {
            calc.div(target, actual)?
        }
    } else if target.is_zero() {
        if actual >= Decimal::ZERO {
            Decimal::ONE
        } else {
            Decimal::ZERO
        }
    } else {
        calc.div(actual, target)?
    }
    .clamp(Decimal::ZERO, Decimal::ONE);
    Ok((
        Some(calc.mul(max, share)?),
        Basis::Ratio {
            max,
            lower_better,
            actual,
            target,
            share,
        },
    ))
}

fn rank(
    calc: Calc<'_>,
    max: Decimal,
    direction: Direction,
    units: &[UnitFigures],
) -> Result<Vec<Scored>, ScoreError> {
    let reported: Vec<Decimal> = units.iter().filter_map(|u| u.actual).collect();
    let ranks = derived::ranks(&reported, direction);
    let of = reported.len();
    // The reporting units' ranks, in the order of `units`.
    let mut ranks = ranks.into_iter();
    units
        .iter()
        .map(|u| {
            let rank = if u.actual.is_some() {
                ranks.next()
            } else {
                None
            };
            let (points, basis) = match rank {
                Some(rank) => {
                    let points = if of <= 1 {
                        max
                    } else {
                        calc.div(
                            calc.mul(max, Decimal::from(of - rank))?,
                            Decimal::from(of - 1),
                        )?
                    };
                    (round_points(points), Basis::Rank { max, rank, of })
                }
                _ => (Decimal::ZERO, Basis::NotReported),
            };
            Ok(Scored {
                unit: u.unit.clone(),
                points: Some(points),
                basis,
            })
        })
        .collect()
}

fn pass(
    calc: Calc<'_>,
    max: Decimal,
    u: &UnitFigures,
) -> Result<(Option<Decimal>, Basis), ScoreError> {
    let Some(actual) = u.actual else {
        return Ok((None, Basis::NotReported));
    };
    let passed = if actual == Decimal::ONE {
        true
    } else if actual.is_zero() {
        false
    } else {
        return Err(calc.error(format!(
            "số liệu của đơn vị «{}» là {}: cách chấm «pass» chỉ nhận 1 (đạt) hoặc 0 (không đạt)",
            u.unit,
            actual.normalize()
        )));
    };
    let points = if passed { max } else { Decimal::ZERO };
    Ok((Some(points), Basis::Pass { max, passed }))
}

fn occurrences(
    calc: Calc<'_>,
    method: Method,
    each: Decimal,
    cap: Decimal,
    u: &UnitFigures,
) -> Result<(Option<Decimal>, Basis), ScoreError> {
    let Some(count) = u.actual else {
        return Ok((None, Basis::NotReported));
    };
    if count < Decimal::ZERO || !count.fract().is_zero() {
        return Err(calc.error(format!(
            "số lần của đơn vị «{}» là {}: cách chấm «{}» cần số nguyên không âm",
            u.unit,
            count.normalize(),
            method.as_str()
        )));
    }
    let raw = calc.mul(each, count)?;
    Ok((
        Some(raw.min(cap)),
        Basis::Occurrences {
            method,
            each,
            count,
            raw,
            cap: Some(cap),
        },
    ))
}
