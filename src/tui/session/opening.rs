//! The period a session opens on when it is given none: the latest
//! period with a unit's figures — or, in a database that holds none yet
//! (a cluster just set up from its covenant files), the period an officer
//! would enter next: the current half-year of the covenant's year.

use chrono::{Datelike, NaiveDate};

use crate::model::Period;
use crate::model::period::Span;
use crate::store::{Store, StoreError};

/// Where a session without a period opens (see the module). Only the
/// store's index of periods is read, and the covenant when no period
/// holds a unit's figures.
pub(super) fn opening_period(store: &dyn Store, today: NaiveDate) -> Result<Period, StoreError> {
    if let Some(p) = super::latest_reported(store)? {
        return Ok(p);
    }
    // A store that keeps no covenant opens on the current year.
    let years: Vec<u16> = store
        .covenant()
        .map(|s| s.covenant.years.keys().copied().collect())
        .unwrap_or_default();
    Ok(to_enter_next(&years, today))
}

/// The half-year of the covenant's year an officer enters next on `today`:
/// the covenant year in force today (the latest not after today's year,
/// else the first); within that year the current half, after it its
/// second half, before it its first. Without a covenant year, the
/// current year as a whole.
fn to_enter_next(years: &[u16], today: NaiveDate) -> Period {
    let this_year = u16::try_from(today.year()).unwrap_or(u16::MAX);
    let Some(year) = years
        .iter()
        .copied()
        .filter(|y| *y <= this_year)
        .max()
        .or_else(|| years.iter().copied().min())
    else {
        return Period::year(this_year);
    };
    let half = match year.cmp(&this_year) {
        std::cmp::Ordering::Equal if today.month() <= 6 => 1,
        std::cmp::Ordering::Equal => 2,
        std::cmp::Ordering::Less => 2,
        std::cmp::Ordering::Greater => 1,
    };
    Period::new(year, Span::Half(half))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        crate::model::calendar::parse_day(s).expect("day")
    }

    fn p(s: &str) -> Period {
        s.parse().expect("period")
    }

    #[test]
    fn the_half_year_of_the_covenants_year_an_officer_enters_next() {
        let only_2026 = [2026];
        assert_eq!(to_enter_next(&only_2026, day("2026-03-15")), p("2026-H1"));
        assert_eq!(to_enter_next(&only_2026, day("2026-06-30")), p("2026-H1"));
        assert_eq!(to_enter_next(&only_2026, day("2026-07-01")), p("2026-H2"));
        // Set up ahead of its year, or still closing it the year after.
        assert_eq!(to_enter_next(&only_2026, day("2025-11-20")), p("2026-H1"));
        assert_eq!(to_enter_next(&only_2026, day("2027-01-10")), p("2026-H2"));
        // Several years: the one in force today.
        let years = [2025, 2026, 2027];
        assert_eq!(to_enter_next(&years, day("2026-09-01")), p("2026-H2"));
        assert_eq!(to_enter_next(&years, day("2030-09-01")), p("2027-H2"));
        // No covenant: the current year.
        assert_eq!(to_enter_next(&[], day("2026-09-01")), p("2026"));
    }
}
