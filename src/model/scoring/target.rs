//! The `target` method, the published scheme of a 2025 cluster system
//! (issue #18): each unit against its own registered target T, s the share
//! of MS at target (`share_at_target`, ½ by default):
//!
//! - below target: s × MS × A ÷ T (a negative result scores 0);
//! - at target: s × MS;
//! - the leader — the unit that beats its own target by the largest share
//!   e = A ÷ T − 1 — gets MS; units tied at that share all lead;
//! - a unit that beats its target without leading: s × MS + (1 − s) × MS ×
//!   e ÷ e_leader (the published ½·MS + ½·MS·e/e_leader);
//! - with `leader_full = false` nobody leads: beating the target scores as
//!   meeting it, s × MS (with s = 1: "reach the target, take MS");
//! - units given no target but with a result are scored apart, MS × A ÷
//!   A_max among themselves, and cannot lead.
//!
//! Lower is better (accidents, reports sent late): A ÷ T becomes T ÷ A
//! below the target, and the share by which a unit beats it is e = (T − A)
//! ÷ T, so an actual of 0 beats any positive target by e = 1, the most a
//! unit can; apart, MS × A_min ÷ A, and an actual of 0 or less takes MS.
//!
//! A target of zero has no share to measure: a result that meets or beats
//! it scores as at the target (s × MS) and cannot lead; one that misses it
//! scores 0. A negative target is refused with a message naming the unit
//! (a share of a negative number reads backwards), and a criterion no unit
//! has a target for is refused (see `methods.rs`).

use rust_decimal::Decimal;

use super::basis::{Basis, Scored, TargetCase};
use super::calc::{Calc, ScoreError, round_points};
use super::inputs::UnitFigures;

/// Where a unit with a target stands before the leader is known.
enum Standing {
    Below(Decimal),
    At,
    Beat(Decimal),
    Zero(bool),
}

enum Place {
    NotReported,
    Apart(Decimal),
    Against {
        actual: Decimal,
        target: Decimal,
        standing: Standing,
    },
}

pub(super) fn score(
    calc: Calc<'_>,
    max: Decimal,
    lower_better: bool,
    units: &[UnitFigures],
) -> Result<Vec<Scored>, ScoreError> {
    let s = calc.criterion.scoring.share_at_target();
    let leader_full = calc.criterion.scoring.leader_full();
    let places = units
        .iter()
        .map(|u| place(calc, lower_better, u))
        .collect::<Result<Vec<Place>, ScoreError>>()?;
    let e_leader = places
        .iter()
        .filter_map(|p| match p {
            Place::Against {
                standing: Standing::Beat(e),
                ..
            } => Some(*e),
            _ => None,
        })
        .max();
    let tied = places
        .iter()
        .filter(|p| {
            matches!(p, Place::Against { standing: Standing::Beat(e), .. } if Some(*e) == e_leader)
        })
        .count();
    let apart: Vec<Decimal> = places
        .iter()
        .filter_map(|p| match p {
            Place::Apart(a) => Some(*a),
            _ => None,
        })
        .collect();
    let best = if lower_better {
        apart.iter().min().map(|b| (*b).max(Decimal::ZERO))
    } else {
        apart.iter().max().copied()
    }
    .unwrap_or_default();
    let at_target = calc.mul(s, max)?;
    units
        .iter()
        .zip(places)
        .map(|(u, p)| {
            let (points, basis) = match p {
                Place::NotReported => (Decimal::ZERO, Basis::NotReported),
                Place::Apart(actual) => (
                    apart_points(calc, max, lower_better, actual, best)?,
                    Basis::Apart {
                        max,
                        lower_better,
                        actual,
                        best,
                    },
                ),
                Place::Against {
                    actual,
                    target,
                    standing,
                } => {
                    let (points, case) = match standing {
                        Standing::Below(q) => {
                            let (x, y) = if lower_better {
                                (target, actual)
                            } else {
                                (actual, target)
                            };
                            let p = calc.div(calc.mul(at_target, x)?, y)?;
                            (p.max(Decimal::ZERO), TargetCase::Below { q })
                        }
                        Standing::At => (at_target, TargetCase::At),
                        Standing::Zero(met) => (
                            if met { at_target } else { Decimal::ZERO },
                            TargetCase::ZeroTarget { met },
                        ),
                        Standing::Beat(e) => match e_leader {
                            _ if !leader_full => (at_target, TargetCase::AboveNoLeader { e }),
                            Some(lead) if e == lead => (max, TargetCase::Leader { e, tied }),
                            Some(lead) => {
                                let rest = calc.mul(calc.sub(Decimal::ONE, s)?, max)?;
                                let p = calc.add(at_target, calc.div(calc.mul(rest, e)?, lead)?)?;
                                (p, TargetCase::Above { e, e_leader: lead })
                            }
                            // A unit that beat its target makes e_leader Some.
                            None => (max, TargetCase::Leader { e, tied }),
                        },
                    };
                    (
                        points,
                        Basis::Target {
                            max,
                            share: s,
                            lower_better,
                            actual,
                            target,
                            case,
                        },
                    )
                }
            };
            Ok(Scored {
                unit: u.unit.clone(),
                points: Some(round_points(points)),
                basis,
            })
        })
        .collect()
}

fn place(calc: Calc<'_>, lower_better: bool, u: &UnitFigures) -> Result<Place, ScoreError> {
    let Some(actual) = u.actual else {
        return Ok(Place::NotReported);
    };
    let Some(target) = u.target else {
        return Ok(Place::Apart(actual));
    };
    if target < Decimal::ZERO {
        return Err(calc.error(format!(
            "chỉ tiêu đăng ký của đơn vị «{}» là {} (số âm): cách chấm «target» chỉ so với chỉ tiêu dương hoặc bằng 0",
            u.unit,
            target.normalize()
        )));
    }
    let better = |a: Decimal, b: Decimal| if lower_better { a < b } else { a > b };
    let standing = if actual == target {
        Standing::At
    } else if target.is_zero() {
        Standing::Zero(better(actual, target))
    } else if better(actual, target) {
        let gap = if lower_better {
            calc.sub(target, actual)?
        } else {
            calc.sub(actual, target)?
        };
        Standing::Beat(calc.div(gap, target)?)
    } else if lower_better {
        Standing::Below(calc.div(target, actual)?)
    } else {
        Standing::Below(calc.div(actual, target)?)
    };
    Ok(Place::Against {
        actual,
        target,
        standing,
    })
}

/// MS × A ÷ best (best ÷ A when lower is better), within 0…MS.
fn apart_points(
    calc: Calc<'_>,
    max: Decimal,
    lower_better: bool,
    actual: Decimal,
    best: Decimal,
) -> Result<Decimal, ScoreError> {
    if lower_better {
        if actual <= Decimal::ZERO {
            return Ok(max);
        }
        calc.div(calc.mul(max, best)?, actual)
    } else if best <= Decimal::ZERO {
        Ok(Decimal::ZERO)
    } else {
        Ok(calc.div(calc.mul(max, actual)?, best)?.max(Decimal::ZERO))
    }
}
