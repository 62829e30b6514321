//! Score sheets and meetings in the sled store (see `store::scoring`):
//! each change read, checked against what its writer saw, passed through
//! the engine's workflow (a sheet) or its vote count (a meeting), and
//! written with its audit entry as one batch under the writer lock.

use std::sync::atomic::Ordering;

use super::{Flush, SledStore, last_entry};
use crate::model::Period;
use crate::model::scoring::SheetEntries;
use crate::model::scoring::vote::Meeting;
use crate::model::scoring::workflow::{self, Actor, Refusal, SheetContext};
use crate::store::audit::{AuditEntry, AuditNote, Change};
use crate::store::scoring::{
    MeetingEdit, ScoringChange, ScoringSubject, SheetEdit, SheetSeen, meeting_changes,
    recorded_change,
};
use crate::store::{Result, StoreError, codec, fields, keys};

/// The longest note, reason or explanation kept on a sheet.
const TEXT_MAX_CHARS: usize = fields::NOTE_MAX_CHARS;

/// A refusal of the workflow as the store reports it: the role's refusals
/// as not allowed, the rest as invalid; the engine's message unchanged.
pub fn refusal_error(r: Refusal) -> StoreError {
    match r {
        Refusal::ViewerOnly | Refusal::OtherUnit { .. } | Refusal::AdminOnly { .. } => {
            StoreError::Denied(r.to_string())
        }
        other => StoreError::Invalid(other.to_string()),
    }
}

fn invalid(m: String) -> StoreError {
    StoreError::Invalid(m)
}

impl SledStore {
    /// [`crate::store::Store::sheet_entries`].
    pub fn sheet_entries_of(&self, period: Period) -> Result<Vec<(String, SheetEntries)>> {
        let o = self.db()?;
        let mut out = Vec::new();
        for item in o.db.scan_prefix(keys::sheet_prefix(period)) {
            let (k, v) = self.noting(item.map_err(StoreError::from))?;
            let Some(unit) = keys::sheet_unit(&k) else {
                continue;
            };
            match codec::decode::<SheetEntries>(&k, &v) {
                Ok(e) => out.push((unit, e)),
                Err(e) => self.note_problem(crate::store::Problem::Damaged(e)),
            }
        }
        Ok(out)
    }

    /// [`crate::store::Store::meeting`].
    pub fn meeting_of(&self, period: Period) -> Result<Option<Meeting>> {
        let o = self.db()?;
        let k = keys::meeting_key(period);
        match self.noting(o.db.get(&k).map_err(StoreError::from))? {
            Some(v) => Ok(Some(codec::decode(&k, &v)?)),
            None => Ok(None),
        }
    }

    /// [`crate::store::Store::scoring_history`].
    pub fn scoring_history_of(&self, of: &ScoringSubject) -> Result<Vec<AuditEntry>> {
        let o = self.db()?;
        self.scan(&o.db, &keys::audit_scoring_prefix(of))
    }

    /// [`crate::store::Store::change_sheet`] made by `user` as `actor`.
    pub fn change_sheet_as(
        &self,
        user: &str,
        actor: &Actor,
        edit: SheetEdit,
        flush: Flush,
    ) -> Result<Option<AuditEntry>> {
        fields::period(&edit.period)?;
        if let Some(long) = edit
            .texts()
            .into_iter()
            .find(|t| t.chars().count() > TEXT_MAX_CHARS)
        {
            return Err(invalid(format!(
                "Ghi chú dài {} ký tự, quá mức {TEXT_MAX_CHARS} ký tự; không ghi gì",
                long.chars().count()
            )));
        }
        let _w = self.writer_guard();
        let o = self.db()?;
        let stored = self.stored();
        let covenant = &stored.covenant;
        let period = edit.period;
        let year = covenant
            .for_period(period)
            .ok_or_else(|| invalid(format!("Chưa có giao ước áp dụng cho kỳ {period}")))?;
        if !year
            .counted_members(&covenant.units, period)
            .contains(&edit.unit)
        {
            return Err(invalid(format!(
                "«{}» không phải đơn vị được chấm điểm kỳ {period}",
                edit.unit
            )));
        }
        let unit_name = covenant
            .units
            .unit(&edit.unit)
            .and_then(|u| u.as_of(period))
            .map_or_else(|| edit.unit.clone(), |v| v.short_label());
        let key = keys::sheet_key(period, &edit.unit);
        let current: SheetEntries = match self.noting(o.db.get(&key).map_err(StoreError::from))? {
            Some(v) => codec::decode(&key, &v)?,
            None => SheetEntries::default(),
        };
        let subject = edit.subject();
        let criterion = SheetEntries::criterion_of(&edit.change);
        let now = SheetSeen::of(&current, criterion);
        if now != edit.seen {
            let last = last_entry(&o.db, &keys::audit_scoring_prefix(&subject));
            let what = match criterion {
                Some(c) => format!("Chỉ tiêu «{c}» trong {subject}"),
                None => capitalised(&subject.to_string()),
            };
            return Err(StoreError::CovenantConflict {
                what,
                current: now.describe(),
                by: last
                    .as_ref()
                    .map_or_else(|| "người khác".into(), |e| e.user.clone()),
                at_ms: last.map_or(0, |e| e.at_ms),
            });
        }
        let ctx = SheetContext {
            year,
            period,
            unit: &edit.unit,
            unit_name: &unit_name,
        };
        let applied =
            workflow::apply(&ctx, &current, actor, &edit.change).map_err(refusal_error)?;
        if applied.entries == current {
            return Ok(None);
        }
        let seq = self.seq.load(Ordering::Acquire) + 1;
        let change = recorded_change(subject.clone(), &applied.recorded);
        let note = AuditNote {
            reason: applied.reason.clone(),
            ..AuditNote::default()
        };
        let entry = Self::entry(user, seq, Change::Scoring(Box::new(change)), Box::new(note));
        let mut batch = sled::Batch::default();
        if applied.entries == SheetEntries::default() {
            batch.remove(key);
        } else {
            batch.insert(key, codec::encode(&applied.entries)?);
        }
        batch.insert(
            keys::audit_key(&keys::audit_scoring_prefix(&subject), seq),
            codec::encode(&entry)?,
        );
        self.commit_batch(&o, batch, seq, None, flush)?;
        Ok(Some(entry))
    }

    /// [`crate::store::Store::change_meeting`] made by `user` (the server
    /// lets only an admin ask): the new record must count under the year's
    /// members (`Meeting::count`); one audit entry per field changed.
    pub fn change_meeting_as(
        &self,
        user: &str,
        edit: MeetingEdit,
        flush: Flush,
    ) -> Result<Vec<AuditEntry>> {
        fields::period(&edit.period)?;
        let _w = self.writer_guard();
        let o = self.db()?;
        let stored = self.stored();
        let period = edit.period;
        let key = keys::meeting_key(period);
        let current: Option<Meeting> =
            match self.noting(o.db.get(&key).map_err(StoreError::from))? {
                Some(v) => Some(codec::decode(&key, &v)?),
                None => None,
            };
        let subject = ScoringSubject::Meeting(period);
        if current != edit.seen {
            let last = last_entry(&o.db, &keys::audit_scoring_prefix(&subject));
            return Err(StoreError::CovenantConflict {
                what: capitalised(&subject.to_string()),
                current: current
                    .as_ref()
                    .map_or_else(|| "(chưa ghi)".into(), meeting_summary),
                by: last
                    .as_ref()
                    .map_or_else(|| "người khác".into(), |e| e.user.clone()),
                at_ms: last.map_or(0, |e| e.at_ms),
            });
        }
        let mut new = edit.new;
        if let Some(m) = &mut new {
            if m.period != period {
                return Err(invalid(format!(
                    "Biên bản ghi kỳ {} nhưng được lưu vào kỳ {period}",
                    m.period
                )));
            }
            m.place = crate::text::normalize::clean_name(&m.place);
            for b in &mut m.ballots {
                b.award = crate::text::normalize::clean_name(&b.award);
            }
            if m.place.chars().count() > fields::NAME_MAX_CHARS
                || m.ballots
                    .iter()
                    .any(|b| b.award.chars().count() > fields::NAME_MAX_CHARS)
            {
                return Err(invalid(format!(
                    "Tên hình thức khen thưởng hoặc địa điểm dài quá {} ký tự; không ghi gì",
                    fields::NAME_MAX_CHARS
                )));
            }
            let year = stored
                .covenant
                .for_period(period)
                .ok_or_else(|| invalid(format!("Chưa có giao ước áp dụng cho kỳ {period}")))?;
            m.count(year)
                .map_err(|e| invalid(format!("Không ghi biên bản bình xét kỳ {period}: {e}")))?;
        }
        let changes: Vec<ScoringChange> = meeting_changes(period, current.as_ref(), new.as_ref());
        if changes.is_empty() {
            return Ok(Vec::new());
        }
        let mut seq = self.seq.load(Ordering::Acquire);
        let mut batch = sled::Batch::default();
        let mut entries = Vec::new();
        let at_ms = crate::store::audit::now_ms();
        for c in changes {
            seq += 1;
            let mut entry = Self::entry(user, seq, Change::Scoring(Box::new(c)), Box::default());
            entry.at_ms = at_ms;
            batch.insert(
                keys::audit_key(&keys::audit_scoring_prefix(&subject), seq),
                codec::encode(&entry)?,
            );
            entries.push(entry);
        }
        match &new {
            Some(m) => batch.insert(key, codec::encode(m)?),
            None => batch.remove(key),
        }
        self.commit_batch(&o, batch, seq, None, flush)?;
        Ok(entries)
    }
}

/// `12 đơn vị dự họp, 2 phiếu`, for a stale meeting's message.
fn meeting_summary(m: &Meeting) -> String {
    format!(
        "{} đơn vị dự họp, {} phiếu",
        m.present.len(),
        m.ballots.len()
    )
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}
