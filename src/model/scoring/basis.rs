//! Why a unit scored what it did on one criterion, kept with every number
//! the method used, so a screen or a printed sheet writes the calculation
//! out (`0,5 × 15 × 2.550 ÷ 3.327,24 = 5,75`) and every point stays
//! traceable to the figures it came from.
//!
//! Numbers are written by the caller's `num(value, decimals)` (the text
//! layer's Vietnamese format), as [`crate::model::score::Points::formula`]
//! does: figures with the criterion's decimals (more where the stored
//! figure has them, at most 4), shares with up to 4 decimals, points with 2.

use rust_decimal::Decimal;

use super::calc::POINT_DECIMALS;
use crate::model::criterion::Method;

/// How the `target` method placed a unit that has a positive target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TargetCase {
    /// Short of the target; `q` is A/T (T/A when lower is better), 0 ≤ q < 1
    /// before the floor at 0 (a negative result scores 0).
    Below { q: Decimal },
    /// Exactly at the target.
    At,
    /// Beat the target by the largest share `e` of the cluster (with
    /// `tied` − 1 other units at the same share): MS.
    Leader { e: Decimal, tied: usize },
    /// Beat the target by `e`, the leader by `e_leader`.
    Above { e: Decimal, e_leader: Decimal },
    /// Beat the target by `e`, where the leader does not take MS
    /// (`leader_full = false`): scored as at the target.
    AboveNoLeader { e: Decimal },
    /// A target of zero: met (or beaten) or not; a share of it cannot be
    /// measured, so the unit scores as at the target and cannot lead.
    ZeroTarget { met: bool },
}

/// The calculation behind one unit's points.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Basis {
    /// No actual figure for the period: 0.
    NotReported,
    /// `ratio` without a registered target: 0.
    NoTarget,
    /// `none`: not scored itself (a group, or a criterion without points).
    Unscored,
    /// `manual`: the reviewers give the points within 0…MS.
    Manual { max: Decimal },
    /// `target` against the unit's own (non-zero or zero) target.
    Target {
        max: Decimal,
        share: Decimal,
        lower_better: bool,
        actual: Decimal,
        target: Decimal,
        case: TargetCase,
    },
    /// `target`, a unit given no target: MS × A ÷ best among the units
    /// without one (best ÷ A when lower is better); it cannot lead.
    Apart {
        max: Decimal,
        lower_better: bool,
        actual: Decimal,
        best: Decimal,
    },
    /// `ratio`: MS × min(A ÷ T, 1) (T ÷ A when lower is better), `share`
    /// the factor used, within 0…1.
    Ratio {
        max: Decimal,
        lower_better: bool,
        actual: Decimal,
        target: Decimal,
        share: Decimal,
    },
    /// `rank`: MS × (n − rank) ÷ (n − 1) among `of` reporting units.
    Rank {
        max: Decimal,
        rank: usize,
        of: usize,
    },
    /// `pass`: MS or 0.
    Pass { max: Decimal, passed: bool },
    /// `count`, `bonus`, `penalty`: `each` × `count` = `raw`, at most `cap`.
    Occurrences {
        method: Method,
        each: Decimal,
        count: Decimal,
        raw: Decimal,
        cap: Option<Decimal>,
    },
}

/// One unit's computed points on one criterion. `points` is None where the
/// method computes nothing (`manual`, `none`); for a `penalty` it is the
/// deduction, a positive number the totals subtract.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scored {
    pub unit: String,
    pub points: Option<Decimal>,
    pub basis: Basis,
}

type Num<'a> = &'a dyn Fn(Decimal, u32) -> String;

/// A number with as many decimals as it holds.
fn exact(num: Num<'_>, v: Decimal) -> String {
    num(v, v.normalize().scale())
}

/// A share with at most 4 decimals.
fn short(num: Num<'_>, v: Decimal) -> String {
    num(v, v.normalize().scale().min(4))
}

/// A figure with the criterion's decimals, more where it holds them (≤ 4).
fn figure(num: Num<'_>, v: Decimal, decimals: u32) -> String {
    num(v, decimals.max(v.normalize().scale().min(4)))
}

/// `expr = pts`, or `expr < 0, điểm không âm: pts` where the points were
/// floored at 0 (a negative result never scores negative points).
fn floored(expr: String, negative: bool, pts: &str) -> String {
    if negative {
        format!("{expr} < 0, điểm không âm: {pts}")
    } else {
        format!("{expr} = {pts}")
    }
}

impl Scored {
    /// The calculation written out with its numbers (see the module).
    /// `decimals`: the criterion's, for its figures.
    pub fn formula(&self, decimals: u32, num: Num<'_>) -> String {
        let pts = num(self.points.unwrap_or_default(), POINT_DECIMALS);
        let fig = |v: Decimal| figure(num, v, decimals);
        match &self.basis {
            Basis::NotReported => format!("chưa báo cáo: {pts}"),
            Basis::NoTarget => format!("chưa đăng ký chỉ tiêu: {pts}"),
            Basis::Unscored => "không chấm điểm".to_string(),
            Basis::Manual { max } => {
                format!("chấm trực tiếp, từ 0 đến {} điểm", exact(num, *max))
            }
            Basis::Target {
                max,
                share,
                lower_better,
                actual,
                target,
                case,
            } => {
                let (m, s, a, t) = (
                    exact(num, *max),
                    exact(num, *share),
                    fig(*actual),
                    fig(*target),
                );
                let e_of = |e: Decimal| {
                    if *lower_better {
                        format!("e = ({t} − {a}) ÷ {t} = {}", short(num, e))
                    } else {
                        format!("e = {a} ÷ {t} − 1 = {}", short(num, e))
                    }
                };
                match case {
                    TargetCase::Below { q } => {
                        let (x, y, tag) = if *lower_better {
                            (&t, &a, " (thấp hơn là tốt)")
                        } else {
                            (&a, &t, "")
                        };
                        let expr = format!("dưới chỉ tiêu{tag}: {s} × {m} × {x} ÷ {y}");
                        floored(expr, *q < Decimal::ZERO, &pts)
                    }
                    TargetCase::At => format!("đạt chỉ tiêu: {s} × {m} = {pts}"),
                    TargetCase::Leader { e, tied } if *tied > 1 => format!(
                        "vượt chỉ tiêu nhiều nhất, cùng dẫn đầu với {} đơn vị khác: {}; điểm tối đa {pts}",
                        tied - 1,
                        e_of(*e)
                    ),
                    TargetCase::Leader { e, .. } => format!(
                        "vượt chỉ tiêu nhiều nhất, dẫn đầu: {}; điểm tối đa {pts}",
                        e_of(*e)
                    ),
                    TargetCase::Above { e, e_leader } => format!(
                        "vượt chỉ tiêu: {}; {s} × {m} + {} × {m} × {} ÷ {} = {pts}",
                        e_of(*e),
                        exact(num, Decimal::ONE - share),
                        short(num, *e),
                        short(num, *e_leader)
                    ),
                    TargetCase::AboveNoLeader { e } => format!(
                        "vượt chỉ tiêu ({}), cụm không tính dẫn đầu: {s} × {m} = {pts}",
                        e_of(*e)
                    ),
                    TargetCase::ZeroTarget { met: true } => format!(
                        "chỉ tiêu đăng ký 0, thực hiện {a}: đạt, không tính được tỷ lệ vượt: {s} × {m} = {pts}"
                    ),
                    TargetCase::ZeroTarget { met: false } => {
                        format!("chỉ tiêu đăng ký 0, thực hiện {a}: không đạt: {pts}")
                    }
                }
            }
            Basis::Apart {
                max,
                lower_better,
                actual,
                best,
            } => {
                let m = exact(num, *max);
                let head = "không đăng ký chỉ tiêu, chấm riêng";
                if *lower_better {
                    if actual.is_sign_negative() || actual.is_zero() {
                        format!(
                            "{head}: thực hiện {} (thấp hơn là tốt): {pts}",
                            fig(*actual)
                        )
                    } else {
                        format!("{head}: {m} × {} ÷ {} = {pts}", fig(*best), fig(*actual))
                    }
                } else if *best <= Decimal::ZERO {
                    format!("{head}: không đơn vị nào có kết quả dương để so: {pts}")
                } else {
                    let expr = format!("{head}: {m} × {} ÷ {}", fig(*actual), fig(*best));
                    floored(expr, *actual < Decimal::ZERO, &pts)
                }
            }
            Basis::Ratio {
                max,
                lower_better,
                actual,
                target,
                share,
            } => {
                let (m, a, t) = (exact(num, *max), fig(*actual), fig(*target));
                if *lower_better && *actual <= Decimal::ZERO {
                    format!("thực hiện {a} (thấp hơn là tốt), đạt chỉ tiêu {t}: {m} × 1 = {pts}")
                } else if !*lower_better && target.is_zero() {
                    format!(
                        "chỉ tiêu đăng ký 0, thực hiện {a}: {m} × {} = {pts}",
                        short(num, *share)
                    )
                } else {
                    let (x, y) = if *lower_better { (&t, &a) } else { (&a, &t) };
                    format!(
                        "{m} × min({x} ÷ {y}; 1) = {m} × {} = {pts}",
                        short(num, *share)
                    )
                }
            }
            Basis::Rank { rank, of, .. } if *of <= 1 => {
                format!("hạng {rank}/{of}, đơn vị duy nhất báo cáo: {pts}")
            }
            Basis::Rank { max, rank, of } => format!(
                "hạng {rank}/{of}: {} × ({of} − {rank}) ÷ ({of} − 1) = {pts}",
                exact(num, *max)
            ),
            Basis::Pass { passed: true, .. } => format!("đạt: {pts}"),
            Basis::Pass { passed: false, .. } => format!("không đạt: {pts}"),
            Basis::Occurrences {
                method,
                each,
                count,
                raw,
                cap,
            } => {
                let head = match method {
                    Method::Bonus => "điểm thưởng: ",
                    Method::Penalty => "điểm trừ: ",
                    _ => "",
                };
                let product = format!("{} × {}", exact(num, *each), exact(num, *count));
                match cap {
                    Some(cap) if raw > cap => format!(
                        "{head}{product} = {}, tối đa {}: {pts}",
                        exact(num, *raw),
                        exact(num, *cap)
                    ),
                    _ => format!("{head}{product} = {pts}"),
                }
            }
        }
    }
}
