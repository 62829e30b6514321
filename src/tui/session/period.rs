//! The current period's lock and its members' submissions, as the
//! Provinces screen shows them and as the editors ask before typing: fetched
//! when the period changes, followed by the server's pushed changes, and
//! fetched again (for the figure counts) when figures changed while the
//! Provinces screen is shown.

use super::Session;
use crate::model::{Period, ValueKey};
use crate::server::roles;
use crate::store::period::freezes;
use crate::store::{
    AuditEntry, Mark, PeriodAct, PeriodChange, PeriodEvent, PeriodStatus, StoreError,
};
use crate::tui::clock;

/// What the session knows of periods' locks and submissions.
#[derive(Debug, Default)]
pub struct PeriodCache {
    /// The status of the current period and of its year (whose lock
    /// freezes the year's plans too), as last fetched.
    pub(super) statuses: Vec<PeriodStatus>,
    /// Figures changed since the counts were fetched.
    stale: bool,
}

impl Session {
    /// The current period's lock and submissions, when known.
    pub fn period_status(&self) -> Option<&PeriodStatus> {
        self.periods
            .statuses
            .iter()
            .find(|s| s.period == self.period)
    }

    /// The lock of the current period, if it is locked.
    pub fn period_lock(&self) -> Option<&Mark> {
        self.period_status().and_then(|s| s.lock.as_ref())
    }

    /// Fetch the status again where it is for another period, or (`counts`:
    /// the Provinces screen is shown) where figures changed since. A store
    /// that cannot answer now keeps what was known.
    pub fn sync_period_status(&mut self, counts: bool) {
        self.sync_completeness(counts);
        let known = self.period_status().is_some();
        if known && !(counts && self.periods.stale) {
            return;
        }
        let mut wanted = vec![self.period];
        if self.period.year_period() != self.period {
            wanted.push(self.period.year_period());
        }
        let mut fresh = Vec::new();
        for p in wanted {
            match self.store.period_status(p) {
                Ok(s) => fresh.push(s),
                Err(_) => return,
            }
        }
        self.periods.statuses = fresh;
        self.periods.stale = false;
    }

    /// Figures changed (here or pushed): the counts are to be fetched again.
    pub(super) fn figures_changed(&mut self) {
        self.periods.stale = true;
        self.completeness_changed();
    }

    /// The lock that refuses writing `key`, said as the server would.
    pub fn lock_refusal(&self, key: &ValueKey) -> Option<String> {
        self.periods.statuses.iter().find_map(|s| {
            let m = s.lock.as_ref()?;
            freezes(s.period, key).then(|| {
                format!(
                    "Kỳ {} đã chốt số liệu bởi {} lúc {}",
                    s.period,
                    m.by,
                    clock::date_time(m.at_ms)
                )
            })
        })
    }

    /// Whether this officer may hand in (or, an admin, reopen) `unit`'s
    /// figures, by the server's rule.
    pub fn may_submit(&self, unit: &str) -> Result<(), String> {
        match &self.role {
            None => Ok(()),
            Some(role) => roles::may_submit(role, unit),
        }
    }

    /// Whether this officer may lock and unlock periods (the server's rule).
    pub fn may_lock(&self) -> Result<(), String> {
        match &self.role {
            None => Ok(()),
            Some(role) => roles::may_lock(role),
        }
    }

    /// Hand in, reopen, lock or unlock through the store; the status follows.
    pub fn change_period(&mut self, act: PeriodAct) -> Result<Option<AuditEntry>, StoreError> {
        let result = self.store.change_period(act);
        self.location = self.store.location();
        if let Ok(Some(entry)) = &result
            && let crate::store::Change::Period(c) = &entry.change
        {
            self.apply_period(entry, c);
        }
        if matches!(result, Err(StoreError::PeriodLocked { .. })) {
            // Someone locked it meanwhile: show it.
            self.periods.statuses.clear();
            self.sync_period_status(true);
        }
        result
    }

    /// Another officer's lock or submission, pushed by the server.
    pub(super) fn period_remote(&mut self, entry: &AuditEntry, c: &PeriodChange) {
        self.apply_period(entry, c);
    }

    fn apply_period(&mut self, entry: &AuditEntry, c: &PeriodChange) {
        let Some(status) = self
            .periods
            .statuses
            .iter_mut()
            .find(|s| s.period == c.period)
        else {
            return;
        };
        let mark = || Mark {
            by: entry.user.clone(),
            at_ms: entry.at_ms,
            seq: entry.seq,
            reason: entry.note.reason.clone(),
        };
        match (&c.event, &c.unit) {
            (PeriodEvent::Locked { .. }, _) => status.lock = Some(mark()),
            (PeriodEvent::Unlocked { .. }, _) => status.lock = None,
            (PeriodEvent::Submitted, Some(u)) => {
                if let Some(s) = status.units.iter_mut().find(|s| &s.unit == u) {
                    s.submitted = Some(mark());
                }
            }
            (PeriodEvent::Reopened { .. }, Some(u)) => {
                if let Some(s) = status.units.iter_mut().find(|s| &s.unit == u) {
                    s.submitted = None;
                }
            }
            _ => {}
        }
    }

    /// Whether `unit`'s figures of `period` are handed in, as last known.
    pub fn is_submitted(&self, period: Period, unit: &str) -> bool {
        self.periods
            .statuses
            .iter()
            .find(|s| s.period == period)
            .and_then(|s| s.unit(unit))
            .is_some_and(|u| u.submitted.is_some())
    }

    /// The period's entries about the cell `key` (its lock, its unit's
    /// submission), for the cell's History.
    pub(super) fn period_entries_of(&self, key: &ValueKey) -> Vec<AuditEntry> {
        let Ok(entries) = self.store.period_history(key.period) else {
            return Vec::new();
        };
        entries
            .into_iter()
            .filter(|e| match &e.change {
                crate::store::Change::Period(c) => {
                    c.unit.is_none() || c.unit.as_deref() == Some(key.province.as_str())
                }
                _ => false,
            })
            .collect()
    }
}
