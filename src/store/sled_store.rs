//! The database in this process: one sled directory, one tree, a small cache
//! (shared servers), every write on disk — a real sync, see `durable` —
//! before it is reported as saved. What a directory must hold to be opened
//! is in `open`.
//!
//! Readers skip a record that does not decode and keep it in
//! [`Store::problems`]; one damaged record never fails a whole listing.
//! After the system refuses a write (a full disk), sled refuses everything
//! until it is reopened, so the store reopens it on its next use: when
//! space returns, writing works again without a restart.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, RwLock, RwLockReadGuard};

use rust_decimal::Decimal;

use super::audit::{AuditEntry, AuditNote, Change, CovenantSubject, HistoryOf, now_ms};
use super::covenant::{CovenantEdit, CovenantOutcome, CovenantState, Revision, Stored};
use super::migrate::Migrated;
use super::scoring::{MeetingEdit, ScoringSubject, SheetEdit};
use super::watermark::Watermark;
use super::{
    BatchOutcome, CheckReport, Edit, Location, Problem, Result, Role, RoleEntry, Store, StoreError,
    backup, check, codec, durable, fields, keys, open, user,
};
use crate::model::difference::{self, Aspect};
use crate::model::scoring::vote::Meeting;
use crate::model::scoring::{Actor, SheetEntries};
use crate::model::{Cluster, Figure, Period, Value, ValueKey};

mod index;
mod paging;
mod period;
mod sheets;
mod staging;
pub use paging::Page;
pub use sheets::refusal_error;
pub use staging::{Committed, Keep, STAGE_MAX};

/// Whether a write is on disk before it returns. A shared server writes
/// with `Later` and makes a whole group of writes durable at once
/// ([`SledStore::flush`]) before acknowledging any of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flush {
    Now,
    Later,
}

pub struct SledStore {
    path: PathBuf,
    user: String,
    /// The open database; `None` while it could not be reopened.
    db: RwLock<Option<Box<Opened>>>,
    /// Set when the system refused a write or a sync: the next use reopens.
    broken: AtomicBool,
    /// Writes applied with [`Flush::Later`] and not yet synced: a reopen
    /// in between drops them, and the flush that should have made them
    /// durable must then fail instead of acknowledging them.
    unsynced: AtomicBool,
    /// Set by a reopen that dropped unsynced writes; the next flush fails.
    dropped: AtomicBool,
    /// What broke the database last, to say why those writes were dropped.
    failure: Mutex<Option<Box<StoreError>>>,
    /// One write at a time: sequence numbers are given in order, and a
    /// backup or a check sees no write half done. Locks are taken in the
    /// order writer, db, covenant, problems.
    writer: Mutex<()>,
    /// The last sequence number given to an applied write.
    seq: AtomicU64,
    /// The covenant and the weights, read on opening; a change replaces
    /// the whole (under the writer lock), readers take the current one.
    covenant: Mutex<Arc<Stored>>,
    /// Damaged records met by readers, by the record they are about.
    problems: Mutex<BTreeMap<String, Problem>>,
    migrated: Option<Box<Migrated>>,
    /// Value records read so far: lets a test see that a listing read
    /// the index and no values.
    values_read: AtomicU64,
    /// Staged imports begun and not yet committed (see `staging`).
    imports: Mutex<std::collections::HashMap<u64, staging::Begun>>,
    import_ids: AtomicU64,
    /// Readers hold it shared; an import's move into place holds it alone,
    /// so nobody reads a database half imported.
    visible: RwLock<()>,
    /// Batches applied since opening (never lowered, unlike `seq` after a
    /// reopen): an import whose count did not move while it was staged
    /// reads nothing twice (see `staging`).
    writes: AtomicU64,
}

/// An open sled database with the files its durable flush syncs.
pub(super) struct Opened {
    pub db: sled::Db,
    pub files: durable::Files,
    pub watermark: Watermark,
}

/// The open database, held for one operation.
struct DbGuard<'a>(RwLockReadGuard<'a, Option<Box<Opened>>>);

impl std::ops::Deref for DbGuard<'_> {
    type Target = Opened;
    fn deref(&self) -> &Opened {
        match self.0.as_ref() {
            Some(o) => o,
            // `SledStore::db` hands out a guard only over an open database.
            None => unreachable!("an empty database slot is never handed out"),
        }
    }
}

/// What a store is made of once its directory is open.
pub(super) struct Parts {
    pub opened: Opened,
    pub stored: Stored,
    pub seq: u64,
    pub migrated: Option<Migrated>,
    pub problems: Vec<Problem>,
}

impl SledStore {
    /// Open the database at `path`, writing as the OS user. A directory
    /// that does not exist or is empty gets the built-in Tây Nam bộ cluster;
    /// one of an older format is migrated (after a backup).
    pub fn open(path: &Path) -> Result<Self> {
        Self::open_as(path, &user::os_user())
    }

    pub fn open_as(path: &Path, user: &str) -> Result<Self> {
        open::open(path, user, open::Mode::Use, open::Seed::BuiltIn)
    }

    /// Open to look, not to work: a database that lost acknowledged writes
    /// (see [`super::watermark`]) opens with the loss among its problems
    /// instead of being refused, so that `check` can report it and `backup`
    /// can save what is left.
    pub fn open_inspecting(path: &Path) -> Result<Self> {
        open::open(
            path,
            &user::os_user(),
            open::Mode::Inspect,
            open::Seed::Refuse,
        )
    }

    /// Create a database holding `covenant` and `values` (tests,
    /// benchmarks, other clusters). Refuses a directory that already holds one.
    pub fn create(
        path: &Path,
        user: &str,
        covenant: crate::model::covenant::Covenant,
        values: Vec<Value>,
    ) -> Result<Self> {
        open::open(
            path,
            user,
            open::Mode::Use,
            open::Seed::Given(Box::new((covenant, values))),
        )
    }

    /// Open the database at `path`, or create it **empty** (no covenant, no
    /// figures; the user as its admin) where the directory holds none: a
    /// cluster set up from its own files (`thidua covenant import`).
    pub fn open_or_create_empty(path: &Path, user: &str) -> Result<Self> {
        open::open(path, user, open::Mode::Use, open::Seed::Empty)
    }

    /// Rebuild a database at `path` (a new or empty directory) from a
    /// backup read from `input`; `file` names the backup in errors.
    pub fn restore_from(
        input: impl std::io::Read,
        file: &str,
        path: &Path,
        user: &str,
    ) -> Result<(Self, backup::Summary)> {
        open::restore(input, file, path, user)
    }

    pub(super) fn assemble(path: &Path, user: &str, parts: Parts) -> Self {
        let problems = parts
            .problems
            .into_iter()
            .map(|p| (p.subject(), p))
            .collect();
        SledStore {
            path: path.to_path_buf(),
            user: user.to_string(),
            db: RwLock::new(Some(Box::new(parts.opened))),
            broken: AtomicBool::new(false),
            unsynced: AtomicBool::new(false),
            dropped: AtomicBool::new(false),
            failure: Mutex::new(None),
            writer: Mutex::new(()),
            seq: AtomicU64::new(parts.seq),
            covenant: Mutex::new(Arc::new(parts.stored)),
            problems: Mutex::new(problems),
            migrated: parts.migrated.map(Box::new),
            values_read: AtomicU64::new(0),
            imports: Mutex::new(Default::default()),
            import_ids: AtomicU64::new(1),
            visible: RwLock::new(()),
            writes: AtomicU64::new(0),
        }
    }

    /// Readers wait here while an import is moved into place.
    fn shown(&self) -> RwLockReadGuard<'_, ()> {
        self.visible.read().unwrap_or_else(|e| e.into_inner())
    }

    /// Hide the database from readers (an import's move into place).
    fn hide(&self) -> std::sync::RwLockWriteGuard<'_, ()> {
        self.visible.write().unwrap_or_else(|e| e.into_inner())
    }

    /// How many value records this store has read since it opened.
    pub fn values_read(&self) -> u64 {
        self.values_read.load(Ordering::Relaxed)
    }

    pub(super) fn count_values_read(&self, n: u64) {
        self.values_read.fetch_add(n, Ordering::Relaxed);
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The migration this opening did, if the database was of an older format.
    pub fn migration(&self) -> Option<&Migrated> {
        self.migrated.as_deref()
    }

    fn covenant_guard(&self) -> MutexGuard<'_, Arc<Stored>> {
        // A poisoned lock only means another thread panicked mid-read; the
        // covenant itself is still whole (it is replaced, never changed).
        self.covenant.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The covenant as it is now.
    fn stored(&self) -> Arc<Stored> {
        self.covenant_guard().clone()
    }

    fn writer_guard(&self) -> MutexGuard<'_, ()> {
        self.writer.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The open database for one operation, reopened first if the last
    /// write broke it.
    fn db(&self) -> Result<DbGuard<'_>> {
        if self.broken.load(Ordering::Acquire) {
            self.recover()?;
        }
        let guard = self.db.read().unwrap_or_else(|e| e.into_inner());
        if guard.is_some() {
            return Ok(DbGuard(guard));
        }
        drop(guard);
        self.recover()?;
        let guard = self.db.read().unwrap_or_else(|e| e.into_inner());
        match guard.is_some() {
            true => Ok(DbGuard(guard)),
            false => Err(StoreError::Io(format!(
                "cơ sở dữ liệu {} chưa mở lại được",
                self.path.display()
            ))),
        }
    }

    /// Drop sled (its threads stop, its lock goes) and open it again: what
    /// is on disk is all there is, and sled works again if the system does.
    fn recover(&self) -> Result<()> {
        let mut slot = self.db.write().unwrap_or_else(|e| e.into_inner());
        if slot.is_some() && !self.broken.load(Ordering::Acquire) {
            return Ok(()); // another thread did it
        }
        *slot = None;
        if self.unsynced.swap(false, Ordering::AcqRel) {
            self.dropped.store(true, Ordering::Release);
        }
        // Still no space (say): the same one line as the write that failed.
        let parts = open::reopen(&self.path).map_err(|e| match e {
            StoreError::Open { cause, .. } => StoreError::System(cause),
            other => other,
        })?;
        *self.covenant_guard() = Arc::new(parts.stored);
        self.seq.store(parts.seq, Ordering::Release);
        *slot = Some(Box::new(parts.opened));
        self.broken.store(false, Ordering::Release);
        Ok(())
    }

    /// Pass a result on, noting a system failure: sled refuses everything
    /// after one until it is reopened.
    fn noting<T>(&self, result: Result<T>) -> Result<T> {
        if let Err(e) = &result
            && e.is_system()
        {
            self.broken.store(true, Ordering::Release);
            *self.failure.lock().unwrap_or_else(|p| p.into_inner()) = Some(Box::new(e.clone()));
        }
        result
    }

    fn note_problem(&self, problem: Problem) {
        let mut problems = self.problems.lock().unwrap_or_else(|e| e.into_inner());
        problems.entry(problem.subject()).or_insert(problem);
    }

    /// Make every write so far durable: sled's flush, then the real sync
    /// of its files. A shared server calls it once per group of writes.
    pub fn flush(&self) -> Result<()> {
        let o = self.db()?;
        if self.dropped.swap(false, Ordering::AcqRel) {
            let failure = self.failure.lock().unwrap_or_else(|p| p.into_inner());
            return Err(failure.as_deref().cloned().unwrap_or_else(|| {
                StoreError::Io("các lần ghi chưa kịp lưu xuống đĩa đã bị huỷ".into())
            }));
        }
        self.noting(self.sync(&o))
    }

    fn sync(&self, o: &Opened) -> Result<()> {
        // Read first: every write applied before this is in the flush.
        let seq = self.seq.load(Ordering::Acquire);
        let pending = self.unsynced.swap(false, Ordering::AcqRel);
        let synced =
            o.db.flush()
                .map_err(StoreError::from)
                .and_then(|_| Ok(o.files.sync()?));
        if synced.is_err() && pending {
            self.unsynced.store(true, Ordering::Release);
        }
        synced?;
        // Only a hint for the next opening (see `watermark`): a failure to
        // note it cannot undo the sync above.
        let _ = o.watermark.record(seq);
        Ok(())
    }

    /// The tail every write path shares, under the writer lock: `batch`
    /// with the last sequence number it gave (`seq`) applied as one, the
    /// covenant it writes (if any) put in place once it is applied, and
    /// then synced now or left for the caller's next [`SledStore::flush`].
    fn commit_batch(
        &self,
        o: &Opened,
        mut batch: sled::Batch,
        seq: u64,
        covenant: Option<Stored>,
        flush: Flush,
    ) -> Result<()> {
        batch.insert(keys::SEQ_META, codec::encode(&seq)?);
        let applied = o.db.apply_batch(batch);
        // After the batch, applied or failed: a count that has not moved
        // means nothing could have been read before this write.
        self.writes.fetch_add(1, Ordering::AcqRel);
        self.noting(applied.map_err(StoreError::from))?;
        if let Some(next) = covenant {
            *self.covenant_guard() = Arc::new(next);
        }
        self.seq.store(seq, Ordering::Release);
        self.unsynced.store(true, Ordering::Release);
        if flush == Flush::Now {
            self.noting(self.sync(o))?;
        }
        Ok(())
    }

    /// Write every record to `out` as one backup file (see [`backup`]):
    /// writes wait while it runs, so it is one consistent state.
    pub fn backup_to<W: std::io::Write>(&self, out: W) -> Result<backup::Summary> {
        let _w = self.writer_guard();
        let o = self.db()?;
        // Not `noting`: a full disk under the backup file is no reason to
        // reopen the database (a broken sled shows on its next write).
        backup::write_records(&o.db, super::migrate::current(), out)
    }

    /// Read every record and check every audit chain (`thidua check`).
    pub fn check(&self) -> Result<CheckReport> {
        let _w = self.writer_guard();
        let o = self.db()?;
        let mut report = self.noting(check::run(&o.db))?;
        let known = self.problems.lock().unwrap_or_else(|e| e.into_inner());
        // What opening found (a loss of writes) stays visible to a check.
        for p in known.values() {
            if !report.problems.iter().any(|q| q.subject() == p.subject()) {
                report.problems.push(p.clone());
            }
        }
        Ok(report)
    }

    /// The rules an edit must meet whoever sends it: the limits of every
    /// field (`fields`), and the covenant's — a unit in force in the period
    /// and a criterion of its covenant, the value in range and whole where
    /// it counts whole things. Clearing a cell asks only for a period that
    /// exists: a figure left by a unit the covenant no longer holds can
    /// still be removed.
    fn validate(stored: &Stored, edit: &Edit) -> Result<()> {
        fields::edit(edit)?;
        if let Some(f) = &edit.new {
            stored
                .covenant
                .check_value(&edit.key, Some(f.value))
                .map_err(|why| StoreError::Invalid(format!("{why} (ô {})", edit.key)))?;
        }
        Ok(())
    }

    /// What of the cell differs from the figure the writer saw (its
    /// value, a qualifier, its comment); empty when it holds what they saw
    /// or they asked for no check.
    fn stale(edit: &Edit, old: &Option<Figure>) -> Vec<Aspect> {
        match edit.expect.seen() {
            Some(seen) => difference::aspects(seen, old.as_ref()),
            None => Vec::new(),
        }
    }

    fn entry(user: &str, seq: u64, change: Change, note: Box<AuditNote>) -> AuditEntry {
        AuditEntry {
            seq,
            at_ms: now_ms(),
            user: user.to_string(),
            change,
            note,
        }
    }

    /// Validate, then write edits (and `extra` records) as one batch
    /// recorded under `user`; returns the audit entries written.
    pub(super) fn commit(
        &self,
        user: &str,
        edits: Vec<Edit>,
        extra: Vec<(Vec<u8>, Vec<u8>)>,
        flush: Flush,
    ) -> Result<(BatchOutcome, Vec<AuditEntry>)> {
        let _w = self.writer_guard();
        let o = self.db()?;
        self.commit_locked(&o, user, edits, extra, flush)
    }

    /// [`SledStore::commit`] for a caller that holds the writer lock.
    fn commit_locked(
        &self,
        o: &Opened,
        user: &str,
        edits: Vec<Edit>,
        extra: Vec<(Vec<u8>, Vec<u8>)>,
        flush: Flush,
    ) -> Result<(BatchOutcome, Vec<AuditEntry>)> {
        fields::batch(&edits)?;
        // Stored text never drives a terminal: a figure's note and what the
        // writer says of the edit are cleaned, as every stored text is.
        let edits: Vec<Edit> = edits
            .into_iter()
            .map(|mut e| {
                let clean = |t: &mut Option<String>| {
                    *t = t.take().map(|n| crate::text::normalize::clean(&n));
                };
                if let Some(f) = &mut e.new {
                    clean(&mut f.note);
                }
                clean(&mut e.note.reason);
                clean(&mut e.note.typed);
                e
            })
            .collect();
        {
            let stored = self.stored();
            for e in &edits {
                Self::validate(&stored, e)?;
            }
        }
        self.check_locks(&o.db, &edits)?;
        let mut seq = self.seq.load(Ordering::Acquire);
        let mut batch = sled::Batch::default();
        let mut outcome = BatchOutcome::default();
        let mut entries = Vec::new();
        let mut staged: std::collections::HashMap<Vec<u8>, Option<Figure>> = Default::default();
        let mut deltas = super::index::Deltas::default();
        for edit in edits {
            let vk = keys::value_key(&edit.key);
            let old = match staged.get(&vk) {
                Some(f) => f.clone(),
                None => match self.noting(o.db.get(&vk).map_err(StoreError::from))? {
                    Some(b) => Some(codec::decode(&vk, &b)?),
                    None => None,
                },
            };
            let changed = Self::stale(&edit, &old);
            if !changed.is_empty() {
                return Err(conflict(
                    &o.db,
                    &keys::audit_value_prefix(&edit.key),
                    Some(Box::new(edit.key.clone())),
                    old,
                    changed,
                ));
            }
            if old == edit.new {
                outcome.unchanged += 1;
                continue;
            }
            match (&old, &edit.new) {
                (None, Some(_)) => outcome.added += 1,
                (Some(_), Some(_)) => outcome.changed += 1,
                (Some(_), None) => outcome.removed += 1,
                (None, None) => {}
            }
            match &edit.new {
                Some(f) => batch.insert(vk.clone(), codec::encode(f)?),
                None => batch.remove(vk.clone()),
            }
            deltas.note(&edit.key, old.is_some(), edit.new.is_some());
            seq += 1;
            let note = Box::new(AuditNote::of(&edit));
            let change = Change::Value {
                key: edit.key.clone(),
                old,
                new: edit.new.clone(),
            };
            let entry = Self::entry(user, seq, change, note);
            batch.insert(
                keys::audit_key(&keys::audit_value_prefix(&edit.key), seq),
                codec::encode(&entry)?,
            );
            entries.push(entry);
            staged.insert(vk, edit.new);
        }
        if entries.is_empty() && extra.is_empty() {
            return Ok((outcome, entries));
        }
        if !deltas.is_empty() {
            let at_ms = entries.last().map_or_else(now_ms, |e| e.at_ms);
            for (k, v) in self.noting(Self::index_records(&o.db, deltas, at_ms))? {
                match v {
                    Some(v) => batch.insert(k, v),
                    None => batch.remove(k),
                }
            }
        }
        // A handed-in unit whose figures change is no longer handed in.
        for (k, entry) in self.reopened_by(&o.db, user, &entries, &mut seq)? {
            batch.remove(k);
            batch.insert(
                keys::audit_key(&keys::audit_period_prefix_of(&entry), entry.seq),
                codec::encode(&entry)?,
            );
            entries.push(entry);
        }
        for (k, v) in extra {
            batch.insert(k, v);
        }
        self.commit_batch(o, batch, seq, None, flush)?;
        Ok((outcome, entries))
    }

    /// Decode every record under `prefix`, skipping (and noting) those
    /// that do not decode.
    fn scan<T: serde::de::DeserializeOwned>(&self, db: &sled::Db, prefix: &[u8]) -> Result<Vec<T>> {
        let mut out = Vec::new();
        for item in db.scan_prefix(prefix) {
            let (k, v) = self.noting(item.map_err(StoreError::from))?;
            match codec::decode(&k, &v) {
                Ok(record) => out.push(record),
                Err(e) => self.note_problem(Problem::Damaged(e)),
            }
        }
        Ok(out)
    }
}

/// The last audit entry under `prefix`, if one reads (from the end: a
/// long log is not walked).
fn last_entry(db: &sled::Db, prefix: &[u8]) -> Option<AuditEntry> {
    db.scan_prefix(prefix)
        .next_back()
        .and_then(|item| item.ok())
        .and_then(|(k, v)| codec::decode(&k, &v).ok())
}

/// A conflict names the cell, who last wrote it (or the weight) and when.
fn conflict(
    db: &sled::Db,
    audit_prefix: &[u8],
    key: Option<Box<ValueKey>>,
    current: Option<Figure>,
    changed: Vec<Aspect>,
) -> StoreError {
    let last = last_entry(db, audit_prefix);
    StoreError::Conflict {
        key,
        current,
        changed,
        by: last
            .as_ref()
            .map(|e| e.user.clone())
            .unwrap_or_else(|| "người khác".into()),
        at_ms: last.map(|e| e.at_ms).unwrap_or(0),
    }
}

impl Store for SledStore {
    fn cluster(&self) -> Result<Cluster> {
        self.stored().cluster()
    }

    fn cluster_for(&self, period: Period) -> Result<Cluster> {
        fields::period(&period)?;
        self.stored().cluster_for(period)
    }

    fn covenant(&self) -> Result<CovenantState> {
        Ok(self.stored().state())
    }

    fn change_covenant(&self, edit: CovenantEdit) -> Result<CovenantOutcome> {
        self.change_covenant_as(&self.user, edit, Flush::Now)
    }

    fn covenant_history(&self, of: &HistoryOf) -> Result<Vec<AuditEntry>> {
        let o = self.db()?;
        let mut out: Vec<AuditEntry> = self.scan(&o.db, &keys::history_prefix(of))?;
        out.sort_by_key(|e| e.seq);
        Ok(out)
    }

    fn periods(&self) -> Result<Vec<Period>> {
        let _v = self.shown();
        let o = self.db()?;
        self.indexed_periods(&o.db)
    }

    fn unit_counts(&self, period: Period) -> Result<Vec<super::UnitCount>> {
        fields::period(&period)?;
        let _v = self.shown();
        let o = self.db()?;
        self.indexed_counts(&o.db, period)
    }

    fn reported_criteria(&self, period: Period) -> Result<Vec<(String, u32)>> {
        fields::period(&period)?;
        let _v = self.shown();
        let o = self.db()?;
        self.indexed_reported(&o.db, period)
    }

    fn values(&self, period: Option<Period>) -> Result<Vec<Value>> {
        let _v = self.shown();
        let o = self.db()?;
        let mut out = Vec::new();
        for item in o.db.scan_prefix(keys::period_prefix(period)) {
            let (k, v) = self.noting(item.map_err(StoreError::from))?;
            self.count_values_read(1);
            let Some(key) = keys::parse_value_key(&k) else {
                self.note_problem(Problem::Damaged(StoreError::Decode {
                    key: keys::describe(&k),
                    cause: super::error::CodecError::new(super::error::CodecKind::BadKey),
                }));
                continue;
            };
            match codec::decode(&k, &v) {
                Ok(figure) => out.push(Value { key, figure }),
                Err(e) => self.note_problem(Problem::Damaged(e)),
            }
        }
        Ok(out)
    }

    fn get(&self, key: &ValueKey) -> Result<Option<Figure>> {
        let _v = self.shown();
        let o = self.db()?;
        let vk = keys::value_key(key);
        self.count_values_read(1);
        match self.noting(o.db.get(&vk).map_err(StoreError::from))? {
            Some(b) => Ok(Some(codec::decode(&vk, &b)?)),
            None => Ok(None),
        }
    }

    fn write(&self, edit: Edit) -> Result<Option<AuditEntry>> {
        self.write_as(&self.user, edit, Flush::Now)
    }

    fn write_batch(&self, edits: Vec<Edit>) -> Result<BatchOutcome> {
        self.write_batch_as(&self.user, edits, Flush::Now)
            .map(|(outcome, _)| outcome)
    }

    fn set_weight(
        &self,
        indicator: &str,
        weight: Decimal,
        expect: Option<Decimal>,
    ) -> Result<Option<AuditEntry>> {
        self.set_weight_as(&self.user, indicator, weight, expect, Flush::Now)
    }

    fn history(&self, key: &ValueKey) -> Result<Vec<AuditEntry>> {
        let o = self.db()?;
        self.scan(&o.db, &keys::audit_value_prefix(key))
    }

    fn weight_history(&self, indicator: &str) -> Result<Vec<AuditEntry>> {
        let o = self.db()?;
        self.scan(&o.db, &keys::audit_weight_prefix(indicator))
    }

    fn user(&self) -> &str {
        &self.user
    }

    fn location(&self) -> Location {
        Location::Local(self.path.clone())
    }

    fn sheet_entries(&self, period: Period) -> Result<Vec<(String, SheetEntries)>> {
        self.sheet_entries_of(period)
    }

    /// A database opened in this process checks no roles: its user acts
    /// as the secretariat, as it may change everything else.
    fn change_sheet(&self, edit: SheetEdit) -> Result<Option<AuditEntry>> {
        self.change_sheet_as(&self.user, &Actor::Admin, edit, Flush::Now)
    }

    fn meeting(&self, period: Period) -> Result<Option<Meeting>> {
        self.meeting_of(period)
    }

    fn change_meeting(&self, edit: MeetingEdit) -> Result<Vec<AuditEntry>> {
        self.change_meeting_as(&self.user, edit, Flush::Now)
    }

    fn scoring_history(&self, of: &ScoringSubject) -> Result<Vec<AuditEntry>> {
        self.scoring_history_of(of)
    }

    fn last_entries(&self, keys: &[ValueKey]) -> Result<Vec<Option<AuditEntry>>> {
        self.last_entries_of(keys)
    }

    fn problems(&self) -> Vec<Problem> {
        let problems = self.problems.lock().unwrap_or_else(|e| e.into_inner());
        problems.values().cloned().collect()
    }

    fn period_status(&self, period: Period) -> Result<super::PeriodStatus> {
        self.period_status_here(period)
    }

    fn change_period(&self, act: super::PeriodAct) -> Result<Option<AuditEntry>> {
        self.change_period_as(&self.user, act, Flush::Now)
    }

    fn period_history(&self, period: Period) -> Result<Vec<AuditEntry>> {
        Ok(self.period_history_page(period, None, usize::MAX)?.items)
    }
}

/// Writing on behalf of others (the shared server records each write under
/// the OS user of the connection), and the roles of a shared database.
impl SledStore {
    /// [`Store::write`] recorded under `user`.
    pub fn write_as(&self, user: &str, edit: Edit, flush: Flush) -> Result<Option<AuditEntry>> {
        let (_, entries) = self.commit(user, vec![edit], Vec::new(), flush)?;
        // The cell's entry (a reopened submission's may follow it).
        Ok(entries
            .into_iter()
            .find(|e| matches!(e.change, Change::Value { .. })))
    }

    /// [`Store::write_batch`] recorded under `user`, with the entries written.
    pub fn write_batch_as(
        &self,
        user: &str,
        edits: Vec<Edit>,
        flush: Flush,
    ) -> Result<(BatchOutcome, Vec<AuditEntry>)> {
        self.commit(user, edits, Vec::new(), flush)
    }

    /// [`Store::set_weight`] recorded under `user`.
    pub fn set_weight_as(
        &self,
        user: &str,
        indicator: &str,
        weight: Decimal,
        expect: Option<Decimal>,
        flush: Flush,
    ) -> Result<Option<AuditEntry>> {
        let _w = self.writer_guard();
        let o = self.db()?;
        let stored = self.stored();
        let old = stored
            .weight(indicator)
            .ok_or_else(|| StoreError::UnknownIndicator(indicator.to_string()))?;
        if expect.is_some_and(|seen| seen != old) {
            return Err(conflict(
                &o.db,
                &keys::audit_weight_prefix(indicator),
                None,
                Some(Figure::plain(old)),
                Vec::new(),
            ));
        }
        if old == weight {
            return Ok(None);
        }
        fields::weight(indicator, weight)?;
        self.check_weight_locks(&o.db, indicator)?;
        let mut next = (*stored).clone();
        next.weights.insert(indicator.to_string(), weight);
        let seq = self.seq.load(Ordering::Acquire) + 1;
        let change = Change::Weight {
            indicator: indicator.to_string(),
            old,
            new: weight,
        };
        let entry = Self::entry(user, seq, change, Box::default());
        let mut batch = sled::Batch::default();
        batch.insert(keys::WEIGHTS_META, codec::encode(&next.weights)?);
        batch.insert(
            keys::audit_key(&keys::audit_weight_prefix(indicator), seq),
            codec::encode(&entry)?,
        );
        self.commit_batch(&o, batch, seq, Some(next), flush)?;
        Ok(Some(entry))
    }

    /// [`Store::change_covenant`] recorded under `user`: the change applied
    /// (checked against what the writer saw), checked whole — the limits of
    /// every field, and no rule of the covenant broken that was not broken
    /// before — then written as one batch with one audit entry per item
    /// changed.
    pub fn change_covenant_as(
        &self,
        user: &str,
        edit: CovenantEdit,
        flush: Flush,
    ) -> Result<CovenantOutcome> {
        let _w = self.writer_guard();
        let o = self.db()?;
        let stored = self.stored();
        let last = |subject: &CovenantSubject| {
            last_entry(&o.db, &keys::audit_covenant_prefix(subject)).map(|e| (e.user, e.at_ms))
        };
        let (covenant, notices) = super::covenant::apply(&stored, &edit, &last)?;
        fields::covenant(&covenant)?;
        let before: std::collections::HashSet<String> = stored
            .covenant
            .problems()
            .into_iter()
            .map(|p| p.message)
            .collect();
        let broken: Vec<String> = covenant
            .problems()
            .into_iter()
            .map(|p| p.message)
            .filter(|m| !before.contains(m))
            .collect();
        if !broken.is_empty() {
            return Err(StoreError::Invalid(format!(
                "Không ghi gì: {}",
                broken.join("; ")
            )));
        }
        let changes = super::covenant::changes(&stored.covenant, &covenant);
        if changes.is_empty() {
            return Ok(CovenantOutcome {
                entries: Vec::new(),
                notices,
            });
        }
        self.check_covenant_locks(&o.db, changes.iter().map(|c| c.subject.clone()))?;
        let mut seq = self.seq.load(Ordering::Acquire);
        let mut entries = Vec::with_capacity(changes.len());
        let mut batch = sled::Batch::default();
        // One edit is one moment: every item it changes carries the same
        // time, which a stale edit's refusal then names.
        let at_ms = now_ms();
        for change in changes {
            seq += 1;
            let key = keys::audit_key(&keys::audit_covenant_prefix(&change.subject), seq);
            let mut entry = Self::entry(
                user,
                seq,
                Change::Covenant(Box::new(change)),
                Box::default(),
            );
            entry.at_ms = at_ms;
            batch.insert(key, codec::encode(&entry)?);
            entries.push(entry);
        }
        let next = Stored {
            covenant,
            weights: stored.weights.clone(),
            revision: Revision {
                seq,
                user: user.to_string(),
                at_ms,
            },
        };
        for (k, v) in next.records_changed_from(&stored)? {
            match v {
                Some(v) => batch.insert(k, v),
                None => batch.remove(k),
            }
        }
        self.commit_batch(&o, batch, seq, Some(next), flush)?;
        Ok(CovenantOutcome { entries, notices })
    }

    /// The stored role of `user`; `None` means the default, viewer.
    pub fn role(&self, user: &str) -> Result<Option<Role>> {
        let o = self.db()?;
        let k = keys::role_key(user);
        match self.noting(o.db.get(&k).map_err(StoreError::from))? {
            Some(b) => Ok(Some(codec::decode(&k, &b)?)),
            None => Ok(None),
        }
    }

    /// Every stored role, by user name (damaged ones skipped and noted).
    pub fn roles(&self) -> Result<Vec<(String, Role)>> {
        let o = self.db()?;
        self.roles_in(&o.db)
    }

    fn roles_in(&self, db: &sled::Db) -> Result<Vec<(String, Role)>> {
        let mut out = Vec::new();
        for item in db.scan_prefix([keys::ROLE]) {
            let (k, v) = self.noting(item.map_err(StoreError::from))?;
            let name = String::from_utf8_lossy(&k[1..]).into_owned();
            match codec::decode(&k, &v) {
                Ok(role) => out.push((name, role)),
                Err(e) => self.note_problem(Problem::Damaged(e)),
            }
        }
        Ok(out)
    }

    /// Give `user` a role (`None`: back to viewer), audited under `by`.
    /// Refuses to leave the database without an admin.
    pub fn set_role_as(
        &self,
        by: &str,
        user: &str,
        role: Option<Role>,
        flush: Flush,
    ) -> Result<Option<RoleEntry>> {
        // The writer's own name comes from the system (a server making its
        // owner admin); any other is a name someone typed.
        if by != user {
            fields::user_name(user)?;
        }
        let role = role.filter(|r| *r != Role::Viewer);
        if let Some(Role::Province(code)) = &role
            && self.stored().covenant.units.unit(code).is_none()
        {
            return Err(StoreError::Invalid(format!(
                "Không có đơn vị mã «{}» trong giao ước của cụm",
                crate::text::normalize::clean(code)
            )));
        }
        let _w = self.writer_guard();
        let o = self.db()?;
        let k = keys::role_key(user);
        let old = match self.noting(o.db.get(&k).map_err(StoreError::from))? {
            Some(b) => Some(codec::decode::<Role>(&k, &b)?),
            None => None,
        };
        if old == role {
            return Ok(None);
        }
        if old == Some(Role::Admin) {
            let admins = self
                .roles_in(&o.db)?
                .into_iter()
                .filter(|(_, r)| *r == Role::Admin)
                .count();
            if admins <= 1 {
                return Err(StoreError::Invalid(format!(
                    "{user} là quản trị viên duy nhất; hãy cấp quyền admin cho người khác trước"
                )));
            }
        }
        let seq = self.seq.load(Ordering::Acquire) + 1;
        let entry = RoleEntry {
            seq,
            at_ms: now_ms(),
            by: by.to_string(),
            user: user.to_string(),
            old,
            new: role.clone(),
        };
        let mut batch = sled::Batch::default();
        match &role {
            Some(r) => batch.insert(k, codec::encode(r)?),
            None => batch.remove(k),
        }
        batch.insert(
            keys::audit_key(&keys::role_log_prefix(user), seq),
            codec::encode(&entry)?,
        );
        self.commit_batch(&o, batch, seq, None, flush)?;
        Ok(Some(entry))
    }

    /// Every role change, oldest first.
    pub fn role_log(&self) -> Result<Vec<RoleEntry>> {
        let o = self.db()?;
        let mut out: Vec<RoleEntry> = self.scan(&o.db, &[keys::ROLE_LOG])?;
        out.sort_by_key(|e| e.seq);
        Ok(out)
    }

    /// Every audit entry (values, weights) with a sequence number
    /// above `seq`, in order: what a reconnecting client missed.
    pub fn audit_since(&self, seq: u64) -> Result<Vec<AuditEntry>> {
        let o = self.db()?;
        let mut out: Vec<AuditEntry> = self
            .scan::<AuditEntry>(&o.db, &[keys::AUDIT])?
            .into_iter()
            .filter(|e| e.seq > seq)
            .collect();
        out.sort_by_key(|e| e.seq);
        Ok(out)
    }

    /// The highest sequence number given to a write (0 for none).
    pub fn last_seq(&self) -> Result<u64> {
        Ok(self.seq.load(Ordering::Acquire))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Kind;
    use crate::store::Expect;

    /// A server applies a group of writes, then flushes: if the database
    /// had to be reopened in between (a write of the group hit a full
    /// disk), the writes applied before are gone and must not be
    /// acknowledged by that flush.
    #[test]
    fn a_flush_after_a_reopen_that_dropped_writes_fails() {
        let dir = tempfile::tempdir().expect("tempdir");
        let store = SledStore::open_as(dir.path(), "u").expect("open");
        let key = ValueKey::new("2021-H1".parse().expect("p"), "DT", "EXPORT", Kind::Actual);
        let edit = |v: i64| {
            Edit::new(
                key.clone(),
                Some(Figure::plain(Decimal::from(v))),
                Expect::Any,
            )
        };
        store
            .write_as("u", edit(700), Flush::Later)
            .expect("applied");
        // What a failed write of the same group leaves.
        store.broken.store(true, Ordering::Release);
        store
            .write_as("u", edit(701), Flush::Later)
            .expect("after a reopen");
        assert!(store.flush().is_err(), "the first write was dropped");
        // Only that flush: the next write is saved and acknowledged.
        store
            .write_as("u", edit(702), Flush::Later)
            .expect("applied");
        store.flush().expect("flushed");
        assert_eq!(
            store.get(&key).expect("get").map(|f| f.value),
            Some(Decimal::from(702))
        );
    }
}
