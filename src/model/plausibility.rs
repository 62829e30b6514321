//! Whether a figure is believable (issue #15 item 1), as DHIS2's min-max
//! and outlier checks do it. A figure outside its criterion's valid range
//! is refused; a believable-looking range, last year's figure, the plan
//! and the typed text only raise doubts, each with a Vietnamese sentence
//! an editor shows before Enter confirms the figure:
//!
//! - outside the criterion's plausible range (`plausible_min..max`);
//! - more than `jump`× or less than 1/`jump` of the same unit's same
//!   period last year (default 3×, per criterion); for a plan, of last
//!   year's plan;
//! - a share of a whole (a `ratio:` criterion: communes meeting a
//!   standard ÷ all communes) above 100 %;
//! - an actual more than `jump` times its year's plan, or a "% of plan"
//!   above `jump` × 100 % (10.733 % of plan is 107 times the plan);
//! - typed with a decimal comma and three digits (`2,353`) on a criterion
//!   that shows fewer decimals and is not a percentage: an en-US habit may
//!   have meant 2.353 ([`crate::text::grouping_doubt`]).
//!
//! Pure: the caller passes last year's figure and the plan (for a merged
//! unit, last year's figure composed from its predecessors), and, for a
//! period's list, which figures were confirmed (their last audit entry is
//! marked confirmed). The sentences use the text layer's number format.

use std::collections::HashSet;

use rust_decimal::Decimal;

use super::covenant::CovenantYear;
use super::criterion::{Aggregate, Criterion};
use super::indicator::Refusal;
use super::period::Period;
use super::shown::is_share_of_plan_code;
use super::value::{Kind, ValueKey};
use crate::text::number::{format_exact, grouping_doubt};

/// Whether a figure is a share, and of what.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Share {
    /// Not a share (an amount, a count, a growth rate).
    NotShare,
    /// A part of a whole, in percent: never above 100.
    OfWhole,
    /// A percentage of the year's plan: above 100 is fine, `jump` × 100 is not.
    OfPlan,
}

impl Share {
    /// What a criterion's figures are, told by its rule and code: a
    /// `ratio:` rule is a share of a whole, a `…_PCT_EST` / `…_PCT_PLAN`
    /// code a share of plan.
    pub fn of(c: &Criterion) -> Share {
        if is_share_of_plan_code(&c.code) {
            Share::OfPlan
        } else if matches!(c.rule, Aggregate::Ratio { .. }) {
            Share::OfWhole
        } else {
            Share::NotShare
        }
    }
}

/// One figure to check.
#[derive(Debug, Clone, Copy)]
pub struct Entry<'a> {
    pub criterion: &'a Criterion,
    pub kind: Kind,
    pub value: Decimal,
    /// The same unit's figure of the same kind, same period last year.
    pub last_year: Option<Decimal>,
    /// The year's plan (checking an actual).
    pub plan: Option<Decimal>,
    pub share: Share,
    /// The text as typed, when it was typed.
    pub typed: Option<&'a str>,
}

/// Why a figure may be a slip. Figures are as entered; factors rounded to
/// one decimal for the sentence only.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Doubt {
    /// Below the plausible minimum.
    BelowPlausible { min: Decimal, max: Option<Decimal> },
    /// Above the plausible maximum.
    AbovePlausible { min: Option<Decimal>, max: Decimal },
    /// More than `jump` times last year's figure (`up`), or less than 1/`jump`.
    Jump {
        last_year: Decimal,
        factor: Decimal,
        jump: Decimal,
        up: bool,
    },
    /// A share of a whole above 100 %.
    ShareOver100,
    /// An actual (or a % of plan) `factor` times its plan.
    ManyTimesPlan {
        plan: Option<Decimal>,
        factor: Decimal,
    },
    /// `2,353` typed: `decimal` as read, `thousands` as an en-US habit means it.
    Grouping {
        typed: String,
        decimal: Decimal,
        thousands: Decimal,
    },
}

/// What the checks say of one figure.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Assessment {
    /// Outside the valid range, or a fraction of something counted whole:
    /// not stored.
    pub refused: Option<Refusal>,
    /// Stored only when confirmed.
    pub doubts: Vec<Doubt>,
}

impl Assessment {
    pub fn is_clear(&self) -> bool {
        self.refused.is_none() && self.doubts.is_empty()
    }
}

/// Check one figure. A refused figure raises no doubts but the typed
/// text's, which may be why it is refused (`2,353` communes).
pub fn assess(e: &Entry<'_>) -> Assessment {
    let c = e.criterion;
    let v = e.value;
    let mut doubts = Vec::new();
    if let Some(typed) = e.typed
        && !c.is_percentage()
        && c.decimals < 3
        && let Some(thousands) = grouping_doubt(typed)
    {
        doubts.push(Doubt::Grouping {
            typed: typed.trim().to_string(),
            decimal: v,
            thousands,
        });
    }
    let refused = c.refusal(e.kind, v);
    if refused.is_some() {
        return Assessment { refused, doubts };
    }
    let p = &c.plausible;
    match (p.min, p.max) {
        (Some(min), max) if v < min => doubts.push(Doubt::BelowPlausible { min, max }),
        (min, Some(max)) if v > max => doubts.push(Doubt::AbovePlausible { min, max }),
        _ => {}
    }
    let jump = p.jump_factor();
    if let Some(last) = e.last_year
        && let Some(factor) = ratio(v, last)
    {
        if factor > jump {
            doubts.push(Doubt::Jump {
                last_year: last,
                factor,
                jump,
                up: true,
            });
        } else if factor * jump < Decimal::ONE {
            doubts.push(Doubt::Jump {
                last_year: last,
                factor,
                jump,
                up: false,
            });
        }
    }
    match e.share {
        Share::OfWhole if v > Decimal::ONE_HUNDRED => doubts.push(Doubt::ShareOver100),
        Share::OfPlan => {
            if let Some(factor) = ratio(v, Decimal::ONE_HUNDRED)
                && factor > jump
            {
                doubts.push(Doubt::ManyTimesPlan { plan: None, factor });
            }
        }
        _ => {}
    }
    if e.kind == Kind::Actual
        && e.share == Share::NotShare
        && let Some(plan) = e.plan
        && let Some(factor) = ratio(v, plan)
        && factor > jump
    {
        doubts.push(Doubt::ManyTimesPlan {
            plan: Some(plan),
            factor,
        });
    }
    Assessment { refused, doubts }
}

/// `a ÷ b` when both are positive (a ratio of figures of opposite signs
/// or of a zero says nothing about a slip).
fn ratio(a: Decimal, b: Decimal) -> Option<Decimal> {
    if a <= Decimal::ZERO || b <= Decimal::ZERO {
        return None;
    }
    a.checked_div(b)
}

/// A figure with its unit: `123,4%`, `2.353 tỷ đồng`.
fn with_unit(c: &Criterion, v: Decimal) -> String {
    let n = format_exact(v, c.decimals);
    match c.unit.as_str() {
        "" => n,
        "%" => format!("{n}%"),
        unit => format!("{n} {unit}"),
    }
}

/// `5`, `107,3`: a factor for a sentence.
fn times(f: Decimal) -> String {
    format_exact(f.round_dp(1).normalize(), 0)
}

/// The plausible range in words: `từ -10% đến 30%`, `từ 0 xã trở lên`.
fn range(c: &Criterion, min: Option<Decimal>, max: Option<Decimal>) -> String {
    match (min, max) {
        (Some(lo), Some(hi)) => format!("từ {} đến {}", with_unit(c, lo), with_unit(c, hi)),
        (Some(lo), None) => format!("từ {} trở lên", with_unit(c, lo)),
        (None, Some(hi)) => format!("đến {}", with_unit(c, hi)),
        (None, None) => String::new(),
    }
}

impl Doubt {
    /// The sentence an editor shows for this doubt about `value` of `c`
    /// (a `kind` figure).
    pub fn sentence(&self, c: &Criterion, kind: Kind, value: Decimal) -> String {
        let name = &c.name;
        let shown = with_unit(c, value);
        match self {
            Doubt::BelowPlausible { min, max } => format!(
                "{name} {shown} thấp bất thường: khoảng hợp lý {}.",
                range(c, Some(*min), *max)
            ),
            Doubt::AbovePlausible { min, max } => format!(
                "{name} {shown} cao bất thường: khoảng hợp lý {}.",
                range(c, *min, Some(*max))
            ),
            Doubt::Jump {
                last_year,
                factor,
                jump,
                up,
            } => {
                let last = match kind {
                    Kind::Actual => "cùng kỳ năm trước",
                    Kind::Plan => "kế hoạch năm trước",
                };
                let last_shown = with_unit(c, *last_year);
                if *up {
                    format!(
                        "{name} {shown} gấp {} lần {last} ({last_shown}); hơn {} lần là bất thường.",
                        times(*factor),
                        times(*jump)
                    )
                } else {
                    let inverse = Decimal::ONE.checked_div(*factor).unwrap_or(Decimal::ZERO);
                    format!(
                        "{name} {shown} chỉ bằng 1/{} {last} ({last_shown}); dưới 1/{} là bất thường.",
                        times(inverse),
                        times(*jump)
                    )
                }
            }
            Doubt::ShareOver100 => {
                format!("{name} {shown}: là tỷ lệ trên tổng số nên không thể vượt 100%.")
            }
            Doubt::ManyTimesPlan {
                plan: Some(plan),
                factor,
            } => format!(
                "{name} {shown} gấp {} lần kế hoạch năm ({}).",
                times(*factor),
                with_unit(c, *plan)
            ),
            Doubt::ManyTimesPlan { plan: None, factor } => {
                format!("{name} {shown}: gấp {} lần kế hoạch năm.", times(*factor))
            }
            Doubt::Grouping {
                typed,
                decimal,
                thousands,
            } => {
                let as_decimal = format_exact(*decimal, 0);
                let as_thousands = format_exact(*thousands, 0);
                let unit = if c.unit.is_empty() {
                    String::new()
                } else {
                    format!(" {}", c.unit)
                };
                format!(
                    "«{typed}» là {as_decimal} hay {as_thousands}{unit}? Đang hiểu là \
                     {as_decimal} (dấu phẩy là dấu thập phân); nếu ý là {as_thousands}, \
                     hãy gõ {as_thousands}."
                )
            }
        }
    }
}

/// The sentences of an assessment's doubts, in order.
pub fn sentences(e: &Entry<'_>, a: &Assessment) -> Vec<String> {
    a.doubts
        .iter()
        .map(|d| d.sentence(e.criterion, e.kind, e.value))
        .collect()
}

/// A figure of a period's list of checks: implausible, confirmed, or both.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checked {
    pub key: ValueKey,
    pub value: Decimal,
    /// The doubts' sentences (empty for a confirmed figure no longer in doubt).
    pub doubts: Vec<String>,
    /// Its last audit entry was a confirmation.
    pub confirmed: bool,
}

/// What a period's checks read: the period's stored figures, and lookups
/// for last year's figure and the year's plan of a figure's cell.
pub struct PeriodFigures<'a> {
    pub year: &'a CovenantYear,
    pub period: Period,
    /// The period's stored figures (key, value).
    pub figures: &'a [(ValueKey, Decimal)],
    /// The same cell's figure, same period last year (for a merged unit,
    /// composed from its predecessors).
    pub last_year: &'a dyn Fn(&ValueKey) -> Option<Decimal>,
    /// The year's plan of an actual's cell.
    pub plan: &'a dyn Fn(&ValueKey) -> Option<Decimal>,
    /// Cells whose last audit entry is marked confirmed.
    pub confirmed: &'a HashSet<ValueKey>,
}

/// The period's implausible and confirmed figures, in report order of the
/// criteria, then by unit code and kind. Figures of criteria the year does
/// not have are left to the store's checks.
pub fn period_checks(p: &PeriodFigures<'_>) -> Vec<Checked> {
    let mut out = Vec::new();
    for c in &p.year.criteria {
        let mut cells: Vec<&(ValueKey, Decimal)> = p
            .figures
            .iter()
            .filter(|(k, _)| k.period == p.period && k.indicator == c.code)
            .collect();
        cells.sort_by(|a, b| (&a.0.province, a.0.kind).cmp(&(&b.0.province, b.0.kind)));
        for (key, value) in cells {
            let entry = Entry {
                criterion: c,
                kind: key.kind,
                value: *value,
                last_year: (p.last_year)(key),
                plan: match key.kind {
                    Kind::Actual => (p.plan)(key),
                    Kind::Plan => None,
                },
                share: Share::of(c),
                typed: None,
            };
            let assessment = assess(&entry);
            let confirmed = p.confirmed.contains(key);
            if assessment.doubts.is_empty() && !confirmed {
                continue;
            }
            out.push(Checked {
                key: key.clone(),
                value: *value,
                doubts: sentences(&entry, &assessment),
                confirmed,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::criterion::tests::criterion;

    fn d(s: &str) -> Decimal {
        s.parse().expect("decimal literal")
    }

    fn grdp() -> Criterion {
        let mut c = criterion("GRDP_GROWTH");
        c.name = "Tốc độ tăng trưởng GRDP".into();
        c.unit = "%".into();
        c.decimals = 2;
        c.min = Some(d("-100"));
        c.max = Some(d("10000"));
        c.plausible.min = Some(d("-10"));
        c.plausible.max = Some(d("30"));
        c
    }

    fn entry<'a>(c: &'a Criterion, kind: Kind, value: &str) -> Entry<'a> {
        Entry {
            criterion: c,
            kind,
            value: d(value),
            last_year: None,
            plan: None,
            share: Share::of(c),
            typed: None,
        }
    }

    fn said(e: &Entry<'_>) -> Vec<String> {
        sentences(e, &assess(e))
    }

    #[test]
    fn a_growth_rate_far_outside_its_plausible_range_is_doubted_not_refused() {
        let c = grdp();
        for (v, shown) in [("5000", "5.000,00%"), ("123.4", "123,40%")] {
            let e = entry(&c, Kind::Actual, v);
            let a = assess(&e);
            assert_eq!(a.refused, None);
            assert_eq!(
                said(&e),
                [format!(
                    "Tốc độ tăng trưởng GRDP {shown} cao bất thường: khoảng hợp lý từ -10,00% đến 30,00%."
                )]
            );
        }
        assert!(assess(&entry(&c, Kind::Actual, "4.9")).is_clear());
        // The valid range refuses.
        let a = assess(&entry(&c, Kind::Actual, "20000"));
        assert_eq!(a.refused, Some(Refusal::OutOfRange));
        assert!(a.doubts.is_empty());
    }

    #[test]
    fn a_figure_far_from_last_years_is_doubted_with_the_factor() {
        let mut c = criterion("BUDGET_REV");
        c.name = "Tổng thu ngân sách".into();
        let e = Entry {
            last_year: Some(d("1000")),
            ..entry(&c, Kind::Actual, "5000")
        };
        assert_eq!(
            said(&e),
            [
                "Tổng thu ngân sách 5.000 tỷ đồng gấp 5 lần cùng kỳ năm trước (1.000 tỷ đồng); hơn 3 lần là bất thường."
            ]
        );
        let e = Entry {
            last_year: Some(d("1000")),
            ..entry(&c, Kind::Actual, "250")
        };
        assert_eq!(
            said(&e),
            [
                "Tổng thu ngân sách 250 tỷ đồng chỉ bằng 1/4 cùng kỳ năm trước (1.000 tỷ đồng); dưới 1/3 là bất thường."
            ]
        );
        // Within the factor, and with a factor of its own.
        let e = Entry {
            last_year: Some(d("1000")),
            ..entry(&c, Kind::Actual, "2900")
        };
        assert!(assess(&e).is_clear());
        c.plausible.jump = Some(d("10"));
        let e = Entry {
            last_year: Some(d("1000")),
            ..entry(&c, Kind::Actual, "5000")
        };
        assert!(assess(&e).is_clear());
        // A sign change or a zero says nothing of a slip.
        let g = grdp();
        let e = Entry {
            last_year: Some(d("-2")),
            ..entry(&g, Kind::Actual, "7")
        };
        assert!(assess(&e).is_clear());
    }

    #[test]
    fn a_plan_of_twenty_thousand_communes_for_a_province_with_161_is_doubted() {
        let mut c = criterion("NTM_COMMUNES");
        c.name = "Số xã đạt chuẩn nông thôn mới".into();
        c.unit = "xã".into();
        c.counted = true;
        c.plausible.max = Some(d("300"));
        let e = Entry {
            last_year: Some(d("161")),
            ..entry(&c, Kind::Plan, "20000")
        };
        assert_eq!(
            said(&e),
            [
                "Số xã đạt chuẩn nông thôn mới 20.000 xã cao bất thường: khoảng hợp lý đến 300 xã.",
                "Số xã đạt chuẩn nông thôn mới 20.000 xã gấp 124,2 lần kế hoạch năm trước (161 xã); hơn 3 lần là bất thường.",
            ]
        );
    }

    #[test]
    fn a_share_above_a_hundred_and_an_actual_many_times_its_plan() {
        let mut share = criterion("NTM_SHARE");
        share.name = "Tỷ lệ xã đạt chuẩn nông thôn mới".into();
        share.unit = "%".into();
        share.decimals = 2;
        share.rule = Aggregate::Ratio {
            numerator: "NTM_COMMUNES".into(),
            denominator: "TOTAL_COMMUNES".into(),
        };
        assert_eq!(
            said(&entry(&share, Kind::Actual, "123.4")),
            [
                "Tỷ lệ xã đạt chuẩn nông thôn mới 123,40%: là tỷ lệ trên tổng số nên không thể vượt 100%."
            ]
        );
        assert!(assess(&entry(&share, Kind::Actual, "66.59")).is_clear());

        let mut pct = criterion("BUDGET_REV_PCT_EST");
        pct.name = "Thu ngân sách đạt % dự toán".into();
        pct.unit = "%".into();
        pct.decimals = 2;
        assert_eq!(Share::of(&pct), Share::OfPlan);
        assert_eq!(
            said(&entry(&pct, Kind::Actual, "10733")),
            ["Thu ngân sách đạt % dự toán 10.733,00%: gấp 107,3 lần kế hoạch năm."]
        );
        // Above plan is an achievement, not a slip.
        assert!(assess(&entry(&pct, Kind::Actual, "120")).is_clear());

        let mut budget = criterion("BUDGET_REV");
        budget.name = "Tổng thu ngân sách".into();
        let e = Entry {
            plan: Some(d("100")),
            ..entry(&budget, Kind::Actual, "10733")
        };
        assert_eq!(
            said(&e),
            ["Tổng thu ngân sách 10.733 tỷ đồng gấp 107,3 lần kế hoạch năm (100 tỷ đồng)."]
        );
    }

    #[test]
    fn a_comma_grouping_on_a_money_figure_asks_which_was_meant() {
        let mut budget = criterion("BUDGET_REV");
        budget.name = "Tổng thu ngân sách".into();
        let e = Entry {
            typed: Some("2,353"),
            ..entry(&budget, Kind::Actual, "2.353")
        };
        let a = assess(&e);
        assert_eq!(
            a.doubts,
            [Doubt::Grouping {
                typed: "2,353".into(),
                decimal: d("2.353"),
                thousands: d("2353"),
            }]
        );
        assert_eq!(
            sentences(&e, &a),
            [
                "«2,353» là 2,353 hay 2.353 tỷ đồng? Đang hiểu là 2,353 (dấu phẩy là dấu thập phân); nếu ý là 2.353, hãy gõ 2.353."
            ]
        );
        // Not on a percentage, nor where three decimals are shown, nor for
        // other forms.
        let g = grdp();
        let e = Entry {
            typed: Some("2,353"),
            ..entry(&g, Kind::Actual, "2.353")
        };
        assert!(assess(&e).is_clear());
        let mut fine = budget.clone();
        fine.decimals = 3;
        let e = Entry {
            typed: Some("2,353"),
            ..entry(&fine, Kind::Actual, "2.353")
        };
        assert!(assess(&e).is_clear());
        for typed in ["2.353", "2,35", "2353"] {
            let e = Entry {
                typed: Some(typed),
                ..entry(&budget, Kind::Actual, "2.35")
            };
            assert!(assess(&e).is_clear(), "{typed}");
        }
        // Communes: refused as a fraction, and the question says why.
        let mut communes = criterion("NTM_COMMUNES");
        communes.counted = true;
        communes.unit = "xã".into();
        let e = Entry {
            typed: Some("1,250"),
            ..entry(&communes, Kind::Actual, "1.25")
        };
        let a = assess(&e);
        assert_eq!(a.refused, Some(Refusal::NotWhole));
        assert!(matches!(a.doubts.as_slice(), [Doubt::Grouping { .. }]));
    }

    #[test]
    fn a_periods_list_holds_the_implausible_and_the_confirmed() {
        let mut budget = criterion("BUDGET_REV");
        budget.name = "Tổng thu ngân sách".into();
        let year = CovenantYear {
            year: 2021,
            cluster_name: "Cụm".into(),
            scale_total: None,
            members: Vec::new(),
            criteria: vec![grdp(), budget],
        };
        let h1: Period = "2021-H1".parse().expect("period");
        let key = |unit: &str, code: &str| ValueKey::new(h1, unit, code, Kind::Actual);
        let figures = vec![
            (key("DT", "GRDP_GROWTH"), d("123.4")),
            (key("AG", "GRDP_GROWTH"), d("6.2")),
            (key("HG", "BUDGET_REV"), d("2550")),
            (key("BL", "BUDGET_REV"), d("2353")),
            (key("LA", "UNKNOWN"), d("1")),
        ];
        let last = |k: &ValueKey| (k.province == "BL").then(|| d("400"));
        let plan = |_: &ValueKey| None;
        let confirmed: HashSet<ValueKey> =
            [key("HG", "BUDGET_REV"), key("DT", "GRDP_GROWTH")].into();
        let list = period_checks(&PeriodFigures {
            year: &year,
            period: h1,
            figures: &figures,
            last_year: &last,
            plan: &plan,
            confirmed: &confirmed,
        });
        let summary: Vec<(&str, &str, usize, bool)> = list
            .iter()
            .map(|c| {
                (
                    c.key.province.as_str(),
                    c.key.indicator.as_str(),
                    c.doubts.len(),
                    c.confirmed,
                )
            })
            .collect();
        assert_eq!(
            summary,
            [
                ("DT", "GRDP_GROWTH", 1, true),
                ("BL", "BUDGET_REV", 1, false),
                ("HG", "BUDGET_REV", 0, true),
            ]
        );
    }
}
