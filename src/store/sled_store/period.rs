//! Submission and lock in the sled store (the rules are `store::period`'s):
//! reading a period's status, changing it, and the checks the write paths
//! ask before anything is written — a write into a locked period is
//! refused whole, naming who locked it and when.

use std::collections::{BTreeSet, HashMap};
use std::sync::atomic::Ordering;

use super::{Flush, SledStore};
use crate::model::{Period, ValueKey};
use crate::store::audit::{AuditEntry, Change, CovenantSubject};
use crate::store::period::{
    self as rules, Mark, PeriodAct, PeriodChange, PeriodEvent, PeriodStatus,
};
use crate::store::{Edit, Page, Result, Store, StoreError, codec, fields, keys};

fn invalid(text: impl Into<String>) -> StoreError {
    StoreError::Invalid(text.into())
}

/// The refusal of a write into `period`, locked by `mark`.
pub(crate) fn locked(period: Period, mark: &Mark) -> StoreError {
    StoreError::PeriodLocked {
        period,
        by: mark.by.clone(),
        at_ms: mark.at_ms,
    }
}

/// The locks of a year, read once per write.
#[derive(Default)]
pub(super) struct Locks {
    by_year: HashMap<u16, Vec<(Period, Mark)>>,
}

impl Locks {
    fn year(&mut self, db: &sled::Db, year: u16) -> Result<&[(Period, Mark)]> {
        if let std::collections::hash_map::Entry::Vacant(slot) = self.by_year.entry(year) {
            let mut prefix = vec![keys::PERIOD, b'L'];
            prefix.extend_from_slice(&year.to_be_bytes());
            let mut found = Vec::new();
            for item in db.scan_prefix(prefix) {
                let (k, v) = item?;
                let Some(p) = k.get(2..).and_then(Period::from_key) else {
                    continue;
                };
                found.push((p, codec::decode::<Mark>(&k, &v)?));
            }
            slot.insert(found);
        }
        Ok(self.by_year.get(&year).map(Vec::as_slice).unwrap_or(&[]))
    }

    /// The refusal of writing `key`, if a lock freezes it.
    pub fn check_cell(&mut self, db: &sled::Db, key: &ValueKey) -> Result<()> {
        let year = key.period.year;
        match self
            .year(db, year)?
            .iter()
            .find(|(p, _)| rules::freezes(*p, key))
        {
            Some((p, m)) => Err(locked(*p, m)),
            None => Ok(()),
        }
    }

    /// The refusal of changing the covenant of `year` (its settings,
    /// members, criteria or weights), if one of its periods is locked.
    pub fn check_year(&mut self, db: &sled::Db, year: u16) -> Result<()> {
        match self.year(db, year)?.first() {
            Some((p, m)) => Err(locked(*p, m)),
            None => Ok(()),
        }
    }
}

/// Every lock, oldest period first.
fn all_locks(db: &sled::Db) -> Result<Vec<(Period, Mark)>> {
    let mut out = Vec::new();
    for item in db.scan_prefix([keys::PERIOD, b'L']) {
        let (k, v) = item?;
        if let Some(p) = k.get(2..).and_then(Period::from_key) {
            out.push((p, codec::decode::<Mark>(&k, &v)?));
        }
    }
    Ok(out)
}

fn read_mark(db: &sled::Db, key: &[u8]) -> Result<Option<Mark>> {
    match db.get(key)? {
        Some(v) => Ok(Some(codec::decode(key, &v)?)),
        None => Ok(None),
    }
}

impl SledStore {
    /// Refuse edits that a lock freezes: the whole batch, naming the lock.
    pub(super) fn check_locks(&self, db: &sled::Db, edits: &[Edit]) -> Result<()> {
        let mut locks = Locks::default();
        let mut seen: BTreeSet<(Period, bool)> = BTreeSet::new();
        for e in edits {
            let plan = e.key.kind == crate::model::Kind::Plan;
            if seen.insert((e.key.period, plan)) {
                locks.check_cell(db, &e.key)?;
            }
        }
        Ok(())
    }

    /// The submissions a batch's written cells reopen: the records to
    /// remove and the audit entries saying so, numbered after `seq`.
    pub(super) fn reopened_by(
        &self,
        db: &sled::Db,
        user: &str,
        written: &[AuditEntry],
        seq: &mut u64,
    ) -> Result<Vec<(Vec<u8>, AuditEntry)>> {
        let mut units: BTreeSet<(Period, String)> = BTreeSet::new();
        for e in written {
            if let Change::Value { key, .. } = &e.change {
                units.insert((key.period, key.province.clone()));
            }
        }
        let mut out = Vec::new();
        for (period, unit) in units {
            let k = keys::submission_key(period, &unit);
            if db.get(&k)?.is_none() {
                continue;
            }
            *seq += 1;
            let change = PeriodChange {
                period,
                unit: Some(unit),
                event: PeriodEvent::Reopened { reason: None },
            };
            out.push((
                k,
                Self::entry(user, *seq, Change::Period(Box::new(change)), Box::default()),
            ));
        }
        Ok(out)
    }

    /// The refusal of a weight change while a period of a year holding the
    /// criterion is locked.
    pub(super) fn check_weight_locks(&self, db: &sled::Db, indicator: &str) -> Result<()> {
        let stored = self.stored();
        for (p, m) in all_locks(db)? {
            if stored.covenant.criterion_in(p, indicator).is_some() {
                return Err(locked(p, &m));
            }
        }
        Ok(())
    }

    /// The refusal of covenant changes touching a year with a locked period.
    pub(super) fn check_covenant_locks(
        &self,
        db: &sled::Db,
        subjects: impl Iterator<Item = CovenantSubject>,
    ) -> Result<()> {
        let mut locks = Locks::default();
        for s in subjects {
            let year = match s {
                CovenantSubject::Year(y)
                | CovenantSubject::Member { year: y, .. }
                | CovenantSubject::Criterion { year: y, .. } => y,
                // A unit's record is its dated history, not a period's.
                CovenantSubject::Unit(_) => continue,
            };
            locks.check_year(db, year)?;
        }
        Ok(())
    }

    /// The codes of the units the cluster counts in `period`.
    fn members(&self, period: Period) -> Vec<String> {
        self.stored()
            .cluster_for(period)
            .map(|c| c.provinces.into_iter().map(|p| p.code).collect())
            .unwrap_or_default()
    }

    /// [`Store::period_status`] of this database.
    pub fn period_status_here(&self, period: Period) -> Result<PeriodStatus> {
        fields::period(&period)?;
        // Counted before the database is held: the index reads it too.
        let counts = self.unit_counts(period)?;
        let o = self.db()?;
        let lock = self.noting(read_mark(&o.db, &keys::lock_key(period)))?;
        let prefix = keys::submission_key(period, "");
        let mut submitted = Vec::new();
        for item in o.db.scan_prefix(&prefix) {
            let (k, v) = self.noting(item.map_err(StoreError::from))?;
            let unit = String::from_utf8_lossy(&k[prefix.len()..]).into_owned();
            match codec::decode::<Mark>(&k, &v) {
                Ok(m) => submitted.push((unit, m)),
                Err(e) => self.note_problem(crate::store::Problem::Damaged(e)),
            }
        }
        Ok(PeriodStatus::assemble(
            period,
            lock,
            &self.members(period),
            &counts,
            &submitted,
        ))
    }

    /// The fields of an act, checked as if its sender were hostile.
    fn checked(&self, act: PeriodAct) -> Result<PeriodAct> {
        fields::period(&act.period())?;
        if let Some(unit) = act.unit()
            && !self.members(act.period()).iter().any(|m| m == unit)
        {
            return Err(invalid(format!(
                "«{}» không phải đơn vị thành viên của cụm trong kỳ {}; không làm gì",
                crate::text::normalize::clean(unit),
                act.period()
            )));
        }
        let reason = |r: &str, required| rules::check_reason(r, required).map_err(invalid);
        Ok(match act {
            PeriodAct::Submit { .. } => act,
            PeriodAct::Reopen {
                period,
                unit,
                reason: r,
            } => PeriodAct::Reopen {
                period,
                unit,
                reason: reason(&r, true)?.unwrap_or_default(),
            },
            PeriodAct::Lock { period, reason: r } => PeriodAct::Lock {
                period,
                reason: reason(r.as_deref().unwrap_or(""), false)?,
            },
            PeriodAct::Unlock { period, reason: r } => PeriodAct::Unlock {
                period,
                reason: reason(&r, true)?.unwrap_or_default(),
            },
        })
    }

    /// [`Store::change_period`] recorded under `user` (roles are the
    /// server's): `Ok(None)` when it is so already.
    pub fn change_period_as(
        &self,
        user: &str,
        act: PeriodAct,
        flush: Flush,
    ) -> Result<Option<AuditEntry>> {
        let act = self.checked(act)?;
        let period = act.period();
        let _w = self.writer_guard();
        let o = self.db()?;
        let lock_key = keys::lock_key(period);
        let lock = self.noting(read_mark(&o.db, &lock_key))?;
        let (state_key, now, event) = match &act {
            PeriodAct::Submit { unit, .. } | PeriodAct::Reopen { unit, .. } => {
                if let Some(m) = &lock {
                    return Err(locked(period, m));
                }
                let k = keys::submission_key(period, unit);
                let was = self.noting(read_mark(&o.db, &k))?;
                match &act {
                    PeriodAct::Submit { .. } => {
                        if was.is_some() {
                            return Ok(None);
                        }
                        let mut figures = keys::period_prefix(Some(period));
                        figures.extend_from_slice(unit.as_bytes());
                        figures.push(0);
                        if o.db.scan_prefix(figures).next().is_none() {
                            return Err(invalid(format!(
                                "{unit} chưa có số liệu nào trong kỳ {period}; \
                                 không có gì để nộp"
                            )));
                        }
                        (k, true, PeriodEvent::Submitted)
                    }
                    _ => {
                        if was.is_none() {
                            return Ok(None);
                        }
                        let reason = act.reason().map(str::to_string);
                        (k, false, PeriodEvent::Reopened { reason })
                    }
                }
            }
            PeriodAct::Lock { reason, .. } => {
                if lock.is_some() {
                    return Ok(None);
                }
                (
                    lock_key,
                    true,
                    PeriodEvent::Locked {
                        reason: reason.clone(),
                    },
                )
            }
            PeriodAct::Unlock { reason, .. } => {
                if lock.is_none() {
                    return Ok(None);
                }
                (
                    lock_key,
                    false,
                    PeriodEvent::Unlocked {
                        reason: reason.clone(),
                    },
                )
            }
        };
        let seq = self.seq.load(Ordering::Acquire) + 1;
        let unit = act.unit().map(str::to_string);
        let change = PeriodChange {
            period,
            unit: unit.clone(),
            event,
        };
        // The reason in the note too: History shows it there.
        let note = crate::store::AuditNote {
            reason: act.reason().map(str::to_string),
            ..Default::default()
        };
        let entry = Self::entry(user, seq, Change::Period(Box::new(change)), Box::new(note));
        let mut batch = sled::Batch::default();
        if now {
            let mark = Mark {
                by: user.to_string(),
                at_ms: entry.at_ms,
                seq,
                reason: act.reason().map(str::to_string),
            };
            batch.insert(state_key, codec::encode(&mark)?);
        } else {
            batch.remove(state_key);
        }
        batch.insert(
            keys::audit_key(
                &keys::audit_period_prefix(period, Some(unit.as_deref().unwrap_or(""))),
                seq,
            ),
            codec::encode(&entry)?,
        );
        self.commit_batch(&o, batch, seq, None, flush)?;
        Ok(Some(entry))
    }

    /// A period's lock and submission log after `after`, one page.
    pub fn period_history_page(
        &self,
        period: Period,
        after: Option<u64>,
        max_bytes: usize,
    ) -> Result<Page<AuditEntry, u64>> {
        fields::period(&period)?;
        let o = self.db()?;
        let mut items: Vec<AuditEntry> = self
            .scan::<AuditEntry>(&o.db, &keys::audit_period_prefix(period, None))?
            .into_iter()
            .filter(|e| after.is_none_or(|a| e.seq > a))
            .collect();
        items.sort_by_key(|e| e.seq);
        let mut used = 0;
        let keep = items
            .iter()
            .position(|e| {
                used += codec::encode(e).map_or(0, |b| b.len());
                used > max_bytes
            })
            .map_or(items.len(), |i| i.max(1));
        let next = (keep < items.len()).then(|| items[keep - 1].seq);
        items.truncate(keep);
        Ok(Page { items, next })
    }
}
