//! Reporting periods: a year, a half, a quarter or a month, as officers write
//! them (`2021`, `2021-H1`, `2021-Q3`, `2021-09`).
//!
//! Periods are totally ordered by start month, a longer period before the
//! shorter ones that start with it (`2021 < 2021-H1 < 2021-Q1 < 2021-01`), so
//! sorted lists read like the report. The byte key keeps that order for sled.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// Which part of a year a period covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Span {
    Year,
    Half(u8),
    Quarter(u8),
    Month(u8),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Period {
    pub year: u16,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "Kỳ «{0}» không hợp lệ: viết dạng 2021, 2021-H1 (H1–H2), 2021-Q3 (Q1–Q4) hoặc 2021-09 (01–12)"
)]
pub struct PeriodError(pub String);

impl Period {
    pub const fn year(year: u16) -> Self {
        Period {
            year,
            span: Span::Year,
        }
    }

    pub const fn new(year: u16, span: Span) -> Self {
        Period { year, span }
    }

    /// First and last month (1–12) covered.
    pub fn months(&self) -> (u8, u8) {
        match self.span {
            Span::Year => (1, 12),
            Span::Half(h) => (6 * (h - 1) + 1, 6 * h),
            Span::Quarter(q) => (3 * (q - 1) + 1, 3 * q),
            Span::Month(m) => (m, m),
        }
    }

    /// The whole year this period belongs to: plans are held there.
    pub fn year_period(&self) -> Period {
        Period::year(self.year)
    }

    /// The same period one year earlier ("cùng kỳ năm trước").
    pub fn last_year(&self) -> Option<Period> {
        self.year.checked_sub(1).map(|y| Period {
            year: y,
            span: self.span,
        })
    }

    /// The neighbouring period of the same span (previous with `-1`, next with `+1`).
    pub fn step(&self, delta: i32) -> Option<Period> {
        let per_year: i32 = match self.span {
            Span::Year => 1,
            Span::Half(_) => 2,
            Span::Quarter(_) => 4,
            Span::Month(_) => 12,
        };
        let index: i32 = match self.span {
            Span::Year => 0,
            Span::Half(n) | Span::Quarter(n) | Span::Month(n) => i32::from(n) - 1,
        };
        let absolute = i32::from(self.year) * per_year + index + delta;
        let year = u16::try_from(absolute.div_euclid(per_year)).ok()?;
        if !(1..=9999).contains(&year) {
            return None;
        }
        let n = u8::try_from(absolute.rem_euclid(per_year) + 1).ok()?;
        let span = match self.span {
            Span::Year => Span::Year,
            Span::Half(_) => Span::Half(n),
            Span::Quarter(_) => Span::Quarter(n),
            Span::Month(_) => Span::Month(n),
        };
        Some(Period { year, span })
    }

    /// Whether every month of `other` lies inside `self`.
    pub fn contains(&self, other: &Period) -> bool {
        let (a, b) = self.months();
        let (c, d) = other.months();
        self.year == other.year && a <= c && d <= b
    }

    fn rank(&self) -> u8 {
        match self.span {
            Span::Year => 0,
            Span::Half(_) => 1,
            Span::Quarter(_) => 2,
            Span::Month(_) => 3,
        }
    }

    /// Four bytes whose byte order is the period order.
    pub fn key(&self) -> [u8; 4] {
        let y = self.year.to_be_bytes();
        [y[0], y[1], self.months().0, self.rank()]
    }

    pub fn from_key(bytes: &[u8]) -> Option<Period> {
        let [y0, y1, start, rank] = <[u8; 4]>::try_from(bytes).ok()?;
        let year = u16::from_be_bytes([y0, y1]);
        let span = match rank {
            0 if start == 1 => Span::Year,
            1 if start == 1 || start == 7 => Span::Half(start.div_ceil(6)),
            2 if matches!(start, 1 | 4 | 7 | 10) => Span::Quarter(start.div_ceil(3)),
            3 if (1..=12).contains(&start) => Span::Month(start),
            _ => return None,
        };
        Some(Period { year, span })
    }
}

impl Ord for Period {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.key().cmp(&other.key())
    }
}

impl PartialOrd for Period {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.span {
            Span::Year => write!(f, "{}", self.year),
            Span::Half(h) => write!(f, "{}-H{}", self.year, h),
            Span::Quarter(q) => write!(f, "{}-Q{}", self.year, q),
            Span::Month(m) => write!(f, "{}-{:02}", self.year, m),
        }
    }
}

impl FromStr for Period {
    type Err = PeriodError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let err = || PeriodError(text.to_string());
        let t = text.trim();
        let (year_text, rest) = match t.split_once('-') {
            Some((y, r)) => (y, Some(r)),
            None => (t, None),
        };
        if year_text.len() != 4 || !year_text.bytes().all(|b| b.is_ascii_digit()) {
            return Err(err());
        }
        let year: u16 = year_text.parse().map_err(|_| err())?;
        if year == 0 {
            return Err(err());
        }
        let number = |s: &str, max: u8| -> Result<u8, PeriodError> {
            if s.is_empty() || s.len() > 2 || !s.bytes().all(|b| b.is_ascii_digit()) {
                return Err(err());
            }
            let n: u8 = s.parse().map_err(|_| err())?;
            if (1..=max).contains(&n) {
                Ok(n)
            } else {
                Err(err())
            }
        };
        let span = match rest {
            None => Span::Year,
            Some(r) => {
                let upper = r.to_ascii_uppercase();
                if let Some(n) = upper.strip_prefix('H') {
                    Span::Half(number(n, 2)?)
                } else if let Some(n) = upper.strip_prefix('Q') {
                    Span::Quarter(number(n, 4)?)
                } else if r.len() == 2 {
                    Span::Month(number(r, 12)?)
                } else {
                    return Err(err());
                }
            }
        };
        Ok(Period { year, span })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> Period {
        s.parse().expect("valid period")
    }

    #[test]
    fn parses_and_prints_every_form() {
        for s in [
            "2021", "2021-H1", "2021-H2", "2021-Q1", "2021-Q4", "2021-01", "2021-12",
        ] {
            assert_eq!(p(s).to_string(), s);
        }
        assert_eq!(p("2021-h1").to_string(), "2021-H1");
    }

    #[test]
    fn rejects_bad_text_naming_the_accepted_forms() {
        for s in [
            "", "21", "2021-H3", "2021-Q0", "2021-13", "2021-1", "2021-", "abcd", "0000",
            "2021-H1x",
        ] {
            let e = s.parse::<Period>().expect_err(s);
            assert!(e.to_string().contains("2021-H1"), "{e}");
        }
    }

    #[test]
    fn orders_by_start_then_longest_first() {
        let mut v: Vec<Period> = [
            "2021-02", "2021-Q1", "2020-H1", "2021", "2021-H2", "2021-01", "2021-H1",
        ]
        .iter()
        .map(|s| p(s))
        .collect();
        v.sort();
        let s: Vec<String> = v.iter().map(|x| x.to_string()).collect();
        assert_eq!(
            s,
            [
                "2020-H1", "2021", "2021-H1", "2021-Q1", "2021-01", "2021-02", "2021-H2"
            ]
        );
    }

    #[test]
    fn last_year_year_and_contains() {
        assert_eq!(p("2021-H1").last_year(), Some(p("2020-H1")));
        assert_eq!(p("2021-09").year_period(), p("2021"));
        assert!(p("2021").contains(&p("2021-Q3")));
        assert!(p("2021-H1").contains(&p("2021-Q2")));
        assert!(!p("2021-H1").contains(&p("2021-Q3")));
        assert!(!p("2021").contains(&p("2022-01")));
    }

    #[test]
    fn steps_across_year_boundaries() {
        assert_eq!(p("2021-H1").step(-1), Some(p("2020-H2")));
        assert_eq!(p("2021-12").step(1), Some(p("2022-01")));
        assert_eq!(p("2021-Q1").step(-1), Some(p("2020-Q4")));
        assert_eq!(p("2021").step(1), Some(p("2022")));
    }

    #[test]
    fn key_round_trips() {
        for s in ["2021", "2021-H2", "2021-Q3", "2021-11"] {
            assert_eq!(Period::from_key(&p(s).key()), Some(p(s)));
        }
        assert_eq!(Period::from_key(&[7, 229, 5, 1]), None);
    }
}
