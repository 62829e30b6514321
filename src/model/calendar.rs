//! Periods as calendar days: the first and last day a period covers, so a
//! period can be set against the dated versions of a unit (a merger takes
//! effect on a day, `2025-07-01`, not in a period).

use chrono::NaiveDate;

use super::period::Period;

impl Period {
    /// The first day of the period (`2021-H2` → 2021-07-01).
    pub fn first_day(&self) -> NaiveDate {
        let (first_month, _) = self.months();
        day(i32::from(self.year), u32::from(first_month), 1)
    }

    /// The last day of the period (`2021-H1` → 2021-06-30).
    pub fn last_day(&self) -> NaiveDate {
        let (_, last_month) = self.months();
        let (year, month) = if last_month == 12 {
            (i32::from(self.year) + 1, 1)
        } else {
            (i32::from(self.year), u32::from(last_month) + 1)
        };
        day(year, month, 1).pred_opt().unwrap_or(NaiveDate::MAX)
    }
}

/// A day that exists: periods hold years 1–9999 and months 1–12, which
/// chrono always represents; the fallback is never reached.
fn day(year: i32, month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, day).unwrap_or(NaiveDate::MIN)
}

/// A day as the covenant files write it (`2025-07-01`).
pub fn format_day(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// A day as officers read it (`01/07/2025`).
pub fn format_day_vi(d: NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

/// Parse a `YYYY-MM-DD` day; anything else (another layout, a day that does
/// not exist) is None.
pub fn parse_day(text: &str) -> Option<NaiveDate> {
    let t = text.trim();
    let b = t.as_bytes();
    let shape = b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
    if !shape {
        return None;
    }
    NaiveDate::parse_from_str(t, "%Y-%m-%d").ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> Period {
        s.parse().expect("period")
    }

    #[test]
    fn first_and_last_days_of_every_span() {
        let cases = [
            ("2025", "2025-01-01", "2025-12-31"),
            ("2025-H1", "2025-01-01", "2025-06-30"),
            ("2025-H2", "2025-07-01", "2025-12-31"),
            ("2024-Q1", "2024-01-01", "2024-03-31"),
            ("2024-02", "2024-02-01", "2024-02-29"),
            ("2023-02", "2023-02-01", "2023-02-28"),
            ("9999-12", "9999-12-01", "9999-12-31"),
        ];
        for (period, first, last) in cases {
            assert_eq!(format_day(p(period).first_day()), first, "{period}");
            assert_eq!(format_day(p(period).last_day()), last, "{period}");
        }
    }

    #[test]
    fn days_are_read_only_in_the_file_layout() {
        assert_eq!(
            parse_day(" 2025-07-01 ").map(format_day),
            Some("2025-07-01".into())
        );
        for bad in [
            "2025-7-1",
            "01/07/2025",
            "2025-02-30",
            "2025-13-01",
            "",
            "20250701",
        ] {
            assert_eq!(parse_day(bad), None, "{bad}");
        }
        let d = parse_day("2025-07-01").expect("day");
        assert_eq!(format_day_vi(d), "01/07/2025");
    }
}
