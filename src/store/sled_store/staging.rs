//! Imports too large for one batch, still all or nothing: the rows are
//! staged first where no reader looks, then made visible in one step.
//!
//! 1. [`SledStore::import_begin`] gives an import its id and its file of
//!    staged rows (see `rows`); the covenant's revision is noted (a
//!    covenant changed meanwhile refuses the import), and so is the count
//!    of writes applied so far.
//! 2. [`SledStore::import_stage`] checks each chunk of rows as a write
//!    would be checked (fields, covenant, locks) and appends it to the
//!    file, each row carrying the figure stored as it is read, whole (what
//!    the commit expects) and, where the file leaves a figure's qualifiers
//!    or comment out ([`Keep`]), the stored ones. A row whose writer
//!    expected another figure than the stored one is refused at once.
//!    Readers, backups and checks read only the database.
//! 3. [`SledStore::import_commit`], under the writer lock: the file is
//!    synced; if anything was written since the import began, every
//!    staged row must still expect what is stored and fall in no locked
//!    period (else the import is refused whole, naming the cell) — when
//!    nothing was, what each row read at staging is still what is stored,
//!    and the rows are not read twice. Then the `mstaged` marker (the
//!    file, and how far it was moved) is written and synced, and the rows
//!    are moved in bounded batches — values, audit entries and index
//!    together, each batch also moving the marker's offset — while readers
//!    wait; the marker goes with the last one, then the file.
//!
//! On opening, a marker means a move was cut short: it is finished from
//! its offset (every row was checked before the marker was written).
//! Staged files without a marker are removed: an import that never
//! committed, or a connection that died, leaves the database as it was.
//! Moves cut short by an older build, which staged in a sled tree, are
//! finished the same way (`legacy`).

mod legacy;
mod rows;

use std::collections::{BTreeSet, HashMap};
use std::sync::atomic::Ordering;
use std::sync::{Arc, Mutex};

use serde::{Deserialize, Serialize};

use super::{Flush, Opened, SledStore};
use crate::model::Period;
use crate::store::{
    AuditEntry, BatchOutcome, Change, Edit, Expect, Result, StoreError, codec, fields, keys,
};

/// Present while a committed import is being moved into place.
const MARKER: &[u8] = b"mstaged";
/// Rows moved per sled batch (bounded memory, whatever the import's size).
/// Small: sled keeps every tree node a batch replaced until the batch
/// ends (its epoch stays pinned), several KiB per row moved — 20,000 rows
/// a batch took the server from 45 to 260 MiB, which glibc then kept.
const MOVE_BATCH: usize = 1_000;
/// Most rows one staging request may carry: small enough that the
/// connection, busy checking them, still answers pings in time.
pub const STAGE_MAX: usize = 2_000;
/// Rows whose periods are checked against the locks at once.
const LOCK_CHECK_CHUNK: usize = 10_000;

const _: () = assert!(MOVE_BATCH <= fields::BATCH_MAX_EDITS);

/// What a file leaves out and an import keeps from the stored figure
/// where the value is unchanged.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Keep {
    pub qualifiers: bool,
    pub comment: bool,
}

/// The marker of a move in progress.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Marker {
    /// The staged file's name in the staging directory.
    file: String,
    user: String,
    /// Where the first row not yet moved starts in the file.
    offset: u64,
}

/// What a committed import did.
#[derive(Debug, Clone, Default)]
pub struct Committed {
    pub outcome: BatchOutcome,
    /// Its audit entries when there are few enough to push one by one;
    /// otherwise only the last (bounded memory), and `periods` says where
    /// the others went.
    pub entries: Vec<AuditEntry>,
    /// Every period a figure changed in, oldest first, when `entries` is
    /// cut to the last; empty when `entries` holds them all.
    pub periods: Vec<Period>,
}

/// An import begun in this process and not yet committed or abandoned.
#[derive(Clone)]
pub(super) struct Begun {
    user: String,
    revision: u64,
    /// [`SledStore::writes`] when it began.
    writes: u64,
    keep: Keep,
    /// Its file's name in the staging directory.
    file: String,
    staged: Arc<Mutex<Staged>>,
}

/// An import's file as it is written.
struct Staged {
    writer: rows::Writer,
    rows: u64,
    /// Set once its commit began: nothing more is staged.
    closed: bool,
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl SledStore {
    fn begun(&self) -> std::sync::MutexGuard<'_, HashMap<u64, Begun>> {
        lock(&self.imports)
    }

    /// Start a staged import written by `user`: its id.
    pub fn import_begin(&self, user: &str, keep: Keep) -> Result<u64> {
        let id = self.import_ids.fetch_add(1, Ordering::AcqRel);
        // Before anything is read for it: a write counted later may have
        // been read or not, and makes the commit check every row.
        let writes = self.writes.load(Ordering::Acquire);
        let revision = self.stored().revision.seq;
        let file = rows::name(id);
        let writer = rows::Writer::create(&self.path, &file)?;
        self.begun().insert(
            id,
            Begun {
                user: user.to_string(),
                revision,
                writes,
                keep,
                file,
                staged: Arc::new(Mutex::new(Staged {
                    writer,
                    rows: 0,
                    closed: false,
                })),
            },
        );
        Ok(id)
    }

    /// Check and stage a chunk of rows: the rows staged so far.
    pub fn import_stage(&self, id: u64, user: &str, mut edits: Vec<Edit>) -> Result<u64> {
        if edits.len() > STAGE_MAX {
            return Err(StoreError::Invalid(format!(
                "Một phần của lần nhập có {} ô, tối đa {STAGE_MAX}",
                edits.len()
            )));
        }
        let begun = self.owned(id, user)?;
        let keep = begun.keep;
        let stored = self.stored();
        let o = self.db()?;
        for e in &mut edits {
            let clean = |t: &mut Option<String>| {
                *t = t.take().map(|n| crate::text::normalize::clean(&n));
            };
            if let Some(f) = &mut e.new {
                clean(&mut f.note);
            }
            clean(&mut e.note.reason);
            clean(&mut e.note.typed);
            Self::validate(&stored, e)?;
        }
        self.check_locks(&o.db, &edits)?;
        let mut chunk = Vec::with_capacity(edits.len() * 96);
        let n = edits.len() as u64;
        for mut e in edits {
            let vk = keys::value_key(&e.key);
            let old: Option<crate::model::Figure> =
                match self.noting(o.db.get(&vk).map_err(StoreError::from))? {
                    Some(b) => Some(codec::decode(&vk, &b)?),
                    None => None,
                };
            // A writer that saw another figure is refused now, not after
            // the whole file was sent.
            let changed = Self::stale(&e, &old);
            if !changed.is_empty() {
                return Err(super::conflict(
                    &o.db,
                    &keys::audit_value_prefix(&e.key),
                    Some(Box::new(e.key.clone())),
                    old,
                    changed,
                ));
            }
            if let (Some(new), Some(old)) = (e.new.as_mut(), old.as_ref())
                && new.value == old.value
            {
                if keep.qualifiers {
                    new.qualifiers = old.qualifiers;
                }
                if keep.comment {
                    new.note.clone_from(&old.note);
                }
            }
            // The figure read now, whole (value, qualifiers, comment), is
            // what the commit expects to find: another officer's comment
            // or mark written meanwhile refuses the import, naming it,
            // rather than being replaced by what was read before it.
            if e.expect == Expect::Any {
                e.expect = Expect::Value(old);
            }
            rows::encode_into(&mut chunk, &e)?;
        }
        let mut staged = lock(&begun.staged);
        if staged.closed {
            return Err(unknown());
        }
        staged.writer.append(&chunk)?;
        staged.rows += n;
        Ok(staged.rows)
    }

    /// Whether import `id` is begun and not yet committed or abandoned.
    pub fn import_is_open(&self, id: u64) -> bool {
        self.begun().contains_key(&id)
    }

    fn owned(&self, id: u64, user: &str) -> Result<Begun> {
        match self.begun().get(&id) {
            Some(b) if b.user == user => Ok(b.clone()),
            _ => Err(unknown()),
        }
    }

    /// Drop an import's staged rows (its connection is gone, or it failed).
    pub fn import_abandon(&self, id: u64) -> Result<()> {
        // Not in the middle of its commit: that one finishes first.
        let _w = self.writer_guard();
        match self.begun().remove(&id) {
            Some(b) => rows::remove(&rows::path(&self.path, &b.file)),
            None => Ok(()),
        }
    }

    /// Make a staged import visible, all or nothing (see the module's
    /// comment). The entries written come back when there are at most
    /// `keep` of them; otherwise only the last (bounded memory) and the
    /// periods they changed.
    pub fn import_commit(&self, id: u64, user: &str, keep: usize) -> Result<Committed> {
        let begun = self.owned(id, user)?;
        let result = self.commit_staged(id, user, &begun, keep);
        match &result {
            // A refusal ends the import: its rows go.
            Err(e) if !e.is_system() => {
                let _ = self.import_abandon(id);
            }
            // Done, or cut short by the system: a marker written finishes
            // it on the next opening, and without one its file goes then.
            _ => {
                self.begun().remove(&id);
            }
        }
        result
    }

    fn commit_staged(&self, id: u64, user: &str, begun: &Begun, keep: usize) -> Result<Committed> {
        let _w = self.writer_guard();
        // Abandoned meanwhile (its connection went): nothing to commit.
        self.owned(id, user)?;
        let o = self.db()?;
        if self.stored().revision.seq != begun.revision {
            return Err(StoreError::Invalid(
                "Giao ước đã thay đổi trong lúc nhập; không ghi gì. Hãy nhập lại tệp.".into(),
            ));
        }
        {
            let mut staged = lock(&begun.staged);
            staged.closed = true;
            staged.writer.sync()?;
        }
        let path = rows::path(&self.path, &begun.file);
        // Nothing written since the import began (the writer lock keeps it
        // so from here): each row still expects what is stored, and the
        // locks each chunk was checked against are those of now.
        if self.writes.load(Ordering::Acquire) != begun.writes {
            self.check_staged(&o, &path)?;
        }
        let marker = Marker {
            file: begun.file.clone(),
            user: user.to_string(),
            offset: 0,
        };
        self.noting(
            o.db.insert(MARKER, codec::encode(&marker)?)
                .map_err(StoreError::from),
        )?;
        self.noting(self.sync(&o))?;
        let _hidden = self.hide();
        self.move_staged(&o, marker, keep)
    }

    /// Every staged row still expects what is stored, and none falls into
    /// a locked period (checked per chunk: the check reads each period's
    /// lock once per call).
    fn check_staged(&self, o: &Opened, path: &std::path::Path) -> Result<()> {
        let mut reader = rows::Reader::open(path, 0)?;
        let mut chunk: Vec<Edit> = Vec::new();
        while let Some(edit) = reader.next_edit()? {
            if chunk.len() == LOCK_CHECK_CHUNK {
                self.check_locks(&o.db, &chunk)?;
                chunk.clear();
            }
            let old = self.stored_figure(o, &edit)?;
            let changed = Self::stale(&edit, &old);
            if !changed.is_empty() {
                return Err(super::conflict(
                    &o.db,
                    &keys::audit_value_prefix(&edit.key),
                    Some(Box::new(edit.key.clone())),
                    old,
                    changed,
                ));
            }
            chunk.push(edit);
        }
        self.check_locks(&o.db, &chunk)
    }

    fn stored_figure(&self, o: &Opened, edit: &Edit) -> Result<Option<crate::model::Figure>> {
        let vk = keys::value_key(&edit.key);
        match self.noting(o.db.get(&vk).map_err(StoreError::from))? {
            Some(b) => Ok(Some(codec::decode(&vk, &b)?)),
            None => Ok(None),
        }
    }

    /// Move the rows after the marker's offset into place, batch by batch;
    /// then remove the marker, sync, and remove the file.
    fn move_staged(&self, o: &Opened, mut marker: Marker, keep: usize) -> Result<Committed> {
        let path = rows::path(&self.path, &marker.file);
        let mut reader = rows::Reader::open(&path, marker.offset)?;
        let mut moved = Moved::default();
        loop {
            let mut edits = Vec::with_capacity(MOVE_BATCH);
            while edits.len() < MOVE_BATCH {
                match reader.next_edit()? {
                    Some(edit) => edits.push(self.to_move(o, edit)?),
                    None => break,
                }
            }
            if edits.is_empty() {
                break;
            }
            marker.offset = reader.offset();
            let extra = vec![(MARKER.to_vec(), codec::encode(&marker)?)];
            let (outcome, entries) =
                self.commit_locked(o, &marker.user, edits, extra, Flush::Later)?;
            moved.add(outcome, entries, keep);
        }
        self.noting(o.db.remove(MARKER).map_err(StoreError::from))?;
        self.noting(self.sync(o))?;
        rows::remove(&path)?;
        Ok(moved.done())
    }

    /// A staged row being moved: checked against the stored figures
    /// before the marker was written, and nothing has changed them since
    /// but the rows moved before it. A knowing overwrite stays one (its
    /// audit entry says so), expecting what is stored now: the cell may
    /// come twice in a file sent by hand.
    fn to_move(&self, o: &Opened, mut edit: Edit) -> Result<Edit> {
        edit.expect = match edit.expect {
            Expect::Any | Expect::Value(_) => Expect::Any,
            Expect::Overwrite(_) => Expect::Overwrite(self.stored_figure(o, &edit)?),
        };
        Ok(edit)
    }

    /// On opening: finish a move cut short, remove every other staged row.
    pub(in crate::store) fn settle_imports(&self) -> Result<()> {
        let _w = self.writer_guard();
        let o = self.db()?;
        self.settle_tree(&o)?;
        if let Some(bytes) = o.db.get(MARKER)? {
            let marker: Marker = codec::decode(MARKER, &bytes)?;
            let _hidden = self.hide();
            self.move_staged(&o, marker, 0)?;
        }
        rows::clear_all(&self.path)
    }
}

/// What the batches of a move did, in bounded memory.
#[derive(Default)]
struct Moved {
    outcome: BatchOutcome,
    kept: Vec<AuditEntry>,
    over: bool,
    /// A few hundred at most (ten years of months), whatever the size.
    periods: BTreeSet<Period>,
}

impl Moved {
    /// One batch's outcome and entries; at most `keep` entries are kept.
    fn add(&mut self, outcome: BatchOutcome, entries: Vec<AuditEntry>, keep: usize) {
        self.outcome.added += outcome.added;
        self.outcome.changed += outcome.changed;
        self.outcome.removed += outcome.removed;
        self.outcome.unchanged += outcome.unchanged;
        self.periods
            .extend(entries.iter().filter_map(|e| match &e.change {
                Change::Value { key, .. } => Some(key.period),
                _ => None,
            }));
        if !self.over && self.kept.len() + entries.len() <= keep {
            self.kept.extend(entries);
        } else {
            self.over = true;
            self.kept.clear();
            self.kept.extend(entries.into_iter().last());
        }
    }

    fn done(self) -> Committed {
        Committed {
            outcome: self.outcome,
            entries: self.kept,
            periods: if self.over {
                self.periods.into_iter().collect()
            } else {
                Vec::new()
            },
        }
    }
}

fn unknown() -> StoreError {
    StoreError::Invalid("Không có lần nhập này (đã xong, đã huỷ hoặc của người khác)".into())
}

#[cfg(test)]
mod tests;
