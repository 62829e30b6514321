//! What of a stored figure differs from the one a writer saw: its value,
//! each qualifier, its comment. A write is checked against the whole
//! figure the officer saw, and a refusal (or the notice in an open
//! editor) names what the other officer changed — `ghi chú`, `dấu ước
//! đạt` — not only that something did.

use serde::{Deserialize, Serialize};

use super::value::Figure;

/// One part of a figure a user sees.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Aspect {
    /// The number itself; also a figure written where there was none, or
    /// removed.
    Value,
    Estimate,
    LowerBound,
    Approx,
    /// Worked out from others, not stated in the source.
    Derived,
    Comment,
}

/// What differs between the figure `seen` and the figure `now`, in the
/// order a message names them (the value first). Empty when they are the
/// same.
pub fn aspects(seen: Option<&Figure>, now: Option<&Figure>) -> Vec<Aspect> {
    let (seen, now) = match (seen, now) {
        (None, None) => return Vec::new(),
        (Some(a), Some(b)) => (a, b),
        _ => return vec![Aspect::Value],
    };
    let (a, b) = (&seen.qualifiers, &now.qualifiers);
    [
        (seen.value != now.value, Aspect::Value),
        (a.estimate != b.estimate, Aspect::Estimate),
        (a.lower_bound != b.lower_bound, Aspect::LowerBound),
        (a.approx != b.approx, Aspect::Approx),
        (a.derived != b.derived, Aspect::Derived),
        (seen.note != now.note, Aspect::Comment),
    ]
    .into_iter()
    .filter_map(|(differs, aspect)| differs.then_some(aspect))
    .collect()
}

impl Aspect {
    /// The aspect as a message names it (`ghi chú`, `dấu ước đạt`).
    pub fn words(self) -> &'static str {
        match self {
            Aspect::Value => "số",
            Aspect::Estimate => "dấu ước đạt",
            Aspect::LowerBound => "dấu trên/hơn",
            Aspect::Approx => "dấu khoảng",
            Aspect::Derived => "dấu tính ra",
            Aspect::Comment => "ghi chú",
        }
    }

    /// What was done to it, for `now` as it is stored: `đặt dấu ước đạt`,
    /// `bỏ dấu khoảng`, `sửa ghi chú`, `xoá ghi chú` (the value is
    /// worded by the caller, who knows its decimals).
    pub fn done(self, now: &Figure) -> String {
        let q = &now.qualifiers;
        let on = match self {
            Aspect::Value => return "sửa số".into(),
            Aspect::Comment if now.note.is_some() => return "sửa ghi chú".into(),
            Aspect::Comment => return "xoá ghi chú".into(),
            Aspect::Estimate => q.estimate,
            Aspect::LowerBound => q.lower_bound,
            Aspect::Approx => q.approx,
            Aspect::Derived => q.derived,
        };
        let verb = if on { "đặt" } else { "bỏ" };
        format!("{verb} {}", self.words())
    }
}

/// Whether only what surrounds the value changed (a qualifier, the
/// comment): a write of a new value can carry those over.
pub fn only_remarks(what: &[Aspect]) -> bool {
    !what.is_empty() && !what.contains(&Aspect::Value)
}

/// What the other officer did, after `được B`: `sửa thành 6,60`, `xoá`,
/// `sửa ghi chú, đặt dấu ước đạt`, `sửa thành 6,60, sửa ghi chú`.
/// `value` is the stored value as the caller shows it.
pub fn phrase(what: &[Aspect], now: Option<&Figure>, value: &str) -> String {
    let Some(now) = now else {
        return "xoá".into();
    };
    let parts: Vec<String> = what
        .iter()
        .map(|a| match a {
            Aspect::Value => format!("sửa thành {value}"),
            other => other.done(now),
        })
        .collect();
    if parts.is_empty() {
        format!("sửa thành {value}")
    } else {
        parts.join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal::Decimal;

    fn fig(v: i64) -> Figure {
        Figure::plain(Decimal::from(v))
    }

    #[test]
    fn every_part_a_user_sees_is_compared() {
        let a = fig(5);
        assert!(aspects(Some(&a), Some(&a)).is_empty());
        assert!(aspects(None, None).is_empty());
        assert_eq!(aspects(None, Some(&a)), [Aspect::Value]);
        assert_eq!(aspects(Some(&a), None), [Aspect::Value]);
        let mut b = a.clone();
        b.note = Some("theo Cục Thống kê".into());
        b.qualifiers.estimate = true;
        assert_eq!(
            aspects(Some(&a), Some(&b)),
            [Aspect::Estimate, Aspect::Comment]
        );
        assert!(only_remarks(&aspects(Some(&a), Some(&b))));
        b.value = Decimal::from(6);
        assert_eq!(
            aspects(Some(&a), Some(&b)),
            [Aspect::Value, Aspect::Estimate, Aspect::Comment]
        );
        assert!(!only_remarks(&aspects(Some(&a), Some(&b))));
    }

    #[test]
    fn the_phrase_names_what_was_done() {
        let mut now = fig(5);
        now.note = Some("x".into());
        assert_eq!(
            phrase(&[Aspect::Comment, Aspect::Approx], Some(&now), "5"),
            "sửa ghi chú, bỏ dấu khoảng"
        );
        now.qualifiers.estimate = true;
        now.note = None;
        assert_eq!(
            phrase(
                &[Aspect::Value, Aspect::Estimate, Aspect::Comment],
                Some(&now),
                "5,00"
            ),
            "sửa thành 5,00, đặt dấu ước đạt, xoá ghi chú"
        );
        assert_eq!(phrase(&[Aspect::Value], None, ""), "xoá");
        assert_eq!(phrase(&[], Some(&now), "5"), "sửa thành 5");
    }
}
