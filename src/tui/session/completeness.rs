//! The Provinces screen's completeness (`9/59`: how many of the criteria
//! its period expects a unit reported) from the store's index, not from the
//! figures in memory, so it costs three small index reads however many
//! values the database holds: the criteria reported in the period and in
//! the same period last year (`Store::reported_criteria`), which give the
//! expected ones by the model's one rule (`model::figures::
//! expected_criteria`), and each unit's actual figures (`Store::
//! unit_counts`).
//!
//! A unit's actual figures are all of criteria some unit reported in the
//! period, so all of them are expected — except figures of a criterion
//! outside the period's covenant (stored before the covenant dropped it),
//! which the count leaves out, as counting the figures themselves does:
//! such a criterion is rare, and only then is each unit's figure of it
//! looked up.
//!
//! Fetched when the Provinces screen shows a period it does not know, and
//! again after figures changed (this officer's writes, undo, others' pushed
//! writes and imports, a conflict that showed another's figure, a
//! reconnect: whatever changed the figures in memory or was said to): these
//! small reads again are one rule that cannot drift, where adjusting by a
//! write's old and new state would redo the index's own bookkeeping (the
//! cluster's own figures, a criterion's first and last unit, last year's
//! criteria, the fallback) a second time, in the screen.

use std::collections::{BTreeMap, BTreeSet};

use super::Session;
use crate::model::figures::expected_criteria;
use crate::model::{Completeness, Kind, Period, ValueKey};
use crate::store::StoreError;

/// What the session knows of the current period's completeness.
#[derive(Debug, Default)]
pub struct CompletenessCache {
    known: Option<Known>,
    /// Figures changed since it was fetched.
    stale: bool,
}

#[derive(Debug)]
struct Known {
    period: Period,
    /// The figures' generation when it was fetched.
    generation: u64,
    /// How many criteria the period expects of every unit.
    expected: usize,
    /// Per unit with actual figures, how many expected criteria it reported.
    done: BTreeMap<String, usize>,
}

impl Session {
    /// How many of the expected criteria `unit` reported in the current
    /// period, as last fetched; None while it is not known for this period
    /// (the store could not answer).
    pub fn completeness(&self, unit: &str) -> Option<Completeness> {
        let known = self
            .completeness
            .known
            .as_ref()
            .filter(|k| k.period == self.period)?;
        Some(Completeness {
            reported: known.done.get(unit).copied().unwrap_or(0),
            expected: known.expected,
        })
    }

    /// Fetch the completeness where it is for another period or figures
    /// changed since, when the Provinces screen is `shown`. A store that
    /// cannot answer now keeps what was known.
    pub(super) fn sync_completeness(&mut self, shown: bool) {
        let generation = self.figures.generation();
        let fresh = !self.completeness.stale
            && matches!(&self.completeness.known,
                Some(k) if k.period == self.period && k.generation == generation);
        if fresh || !shown {
            return;
        }
        if let Ok(known) = self.read_completeness() {
            self.completeness.known = Some(known);
            self.completeness.stale = false;
        }
    }

    /// Figures changed, or the cluster did: fetch again when shown.
    pub(super) fn completeness_changed(&mut self) {
        self.completeness.stale = true;
    }

    fn read_completeness(&self) -> Result<Known, StoreError> {
        let period = self.period;
        let now = self.store.reported_criteria(period)?;
        let before = match period.last_year() {
            Some(p) => self.store.reported_criteria(p)?,
            None => Vec::new(),
        };
        let reported: BTreeSet<&str> = now
            .iter()
            .chain(&before)
            .filter(|(_, units)| *units > 0)
            .map(|(code, _)| code.as_str())
            .collect();
        let expected = expected_criteria(&self.cluster, &reported).len();
        let covenant: BTreeSet<&str> = self
            .cluster
            .indicators
            .iter()
            .map(|i| i.code.as_str())
            .collect();
        let outside: Vec<&str> = now
            .iter()
            .map(|(code, _)| code.as_str())
            .filter(|code| !covenant.contains(code))
            .collect();
        let mut done = BTreeMap::new();
        for count in self.store.unit_counts(period)? {
            if count.actuals == 0 {
                continue;
            }
            let mut reported = usize::try_from(count.actuals).unwrap_or(usize::MAX);
            for code in &outside {
                let key = ValueKey::new(period, &count.unit, code, Kind::Actual);
                if self.store.get(&key)?.is_some() {
                    reported = reported.saturating_sub(1);
                }
            }
            done.insert(count.unit, reported);
        }
        Ok(Known {
            period,
            generation: self.figures.generation(),
            expected,
            done,
        })
    }
}
