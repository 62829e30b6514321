//! Imports too large for one batch, still all or nothing: the rows are
//! staged first where no reader looks, then made visible in one step.
//!
//! 1. [`SledStore::import_begin`] gives an import its id; the covenant's
//!    revision is noted (a covenant changed meanwhile refuses the import).
//! 2. [`SledStore::import_stage`] checks each chunk of rows as a write
//!    would be checked and puts it in the `staging` tree, under the id,
//!    each row carrying the figure stored as it is read, whole (what the
//!    commit expects) and, where the file leaves a figure's qualifiers or comment
//!    out ([`Keep`]), the stored ones. Readers, backups and checks read
//!    only the main tree.
//! 3. [`SledStore::import_commit`], under the writer lock: every staged
//!    row still expects what is stored (else the import is refused whole,
//!    naming the cell); then the `mimport` marker is written and synced,
//!    and the rows are moved in bounded batches — values, audit entries and
//!    index together, each batch also moving the marker's cursor — while
//!    readers wait; the marker goes with the last one.
//!
//! On opening, a marker means a move was cut short: it is finished from
//! its cursor (every row was checked before the marker was written).
//! Staged rows without a marker are discarded: an import that never
//! committed, or a connection that died, leaves the database as it was.

use std::collections::{BTreeSet, HashMap};
use std::sync::atomic::Ordering;

use serde::{Deserialize, Serialize};

use super::{Flush, Opened, SledStore};
use crate::model::Period;
use crate::store::{
    AuditEntry, BatchOutcome, Change, Edit, Expect, Result, StoreError, codec, fields, keys,
};

/// The tree of staged rows: import id (8, big-endian) + value key → the edit.
const TREE: &[u8] = b"staging";
/// Present while a committed import is being moved into place.
pub const IMPORT_META: &[u8] = b"mimport";
/// Rows moved per sled batch (bounded memory, whatever the import's size).
/// Small: sled keeps every tree node a batch replaced until the batch
/// ends (its epoch stays pinned), several KiB per row moved — 20,000 rows
/// a batch took the server from 45 to 260 MiB, which glibc then kept.
const MOVE_BATCH: usize = 1_000;
/// Most rows one staging request may carry: small enough that the
/// connection, busy checking them, still answers pings in time.
pub const STAGE_MAX: usize = 2_000;

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
    id: u64,
    user: String,
    /// The last staged key moved (None: none yet).
    cursor: Option<Vec<u8>>,
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
#[derive(Debug, Clone)]
pub(super) struct Begun {
    user: String,
    revision: u64,
    rows: u64,
    keep: Keep,
}

fn prefix(id: u64) -> [u8; 8] {
    id.to_be_bytes()
}

impl SledStore {
    fn staging(&self, o: &Opened) -> Result<sled::Tree> {
        self.noting(o.db.open_tree(TREE).map_err(StoreError::from))
    }

    fn begun(&self) -> std::sync::MutexGuard<'_, HashMap<u64, Begun>> {
        self.imports.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Start a staged import written by `user`: its id.
    pub fn import_begin(&self, user: &str, keep: Keep) -> Result<u64> {
        let id = self.import_ids.fetch_add(1, Ordering::AcqRel);
        let revision = self.stored().revision.seq;
        self.begun().insert(
            id,
            Begun {
                user: user.to_string(),
                revision,
                rows: 0,
                keep,
            },
        );
        Ok(id)
    }

    /// Check and stage a chunk of rows: the rows staged so far.
    pub fn import_stage(&self, id: u64, user: &str, edits: Vec<Edit>) -> Result<u64> {
        if edits.len() > STAGE_MAX {
            return Err(StoreError::Invalid(format!(
                "Một phần của lần nhập có {} ô, tối đa {STAGE_MAX}",
                edits.len()
            )));
        }
        let keep = self.owned(id, user)?.keep;
        let stored = self.stored();
        let o = self.db()?;
        let tree = self.staging(&o)?;
        let mut batch = sled::Batch::default();
        let n = edits.len() as u64;
        for mut e in edits {
            let clean = |t: &mut Option<String>| {
                *t = t.take().map(|n| crate::text::normalize::clean(&n));
            };
            if let Some(f) = &mut e.new {
                clean(&mut f.note);
            }
            clean(&mut e.note.reason);
            clean(&mut e.note.typed);
            Self::validate(&stored, &e)?;
            let vk = keys::value_key(&e.key);
            let old: Option<crate::model::Figure> =
                match self.noting(o.db.get(&vk).map_err(StoreError::from))? {
                    Some(b) => Some(codec::decode(&vk, &b)?),
                    None => None,
                };
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
            let mut k = prefix(id).to_vec();
            k.extend_from_slice(&vk);
            batch.insert(k, codec::encode(&e)?);
        }
        self.noting(tree.apply_batch(batch).map_err(StoreError::from))?;
        let mut begun = self.begun();
        let b = begun.get_mut(&id).ok_or_else(unknown)?;
        b.rows += n;
        Ok(b.rows)
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
        self.begun().remove(&id);
        let o = self.db()?;
        let tree = self.staging(&o)?;
        clear(&tree, Some(id))
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
        let tree = self.staging(&o)?;
        // Every row still expects what is stored: the writer lock keeps it
        // so. And none falls into a locked period (checked per chunk: the
        // check reads each period's lock once per call).
        let mut chunk: Vec<Edit> = Vec::new();
        for item in tree.scan_prefix(prefix(id)) {
            let (k, v) = self.noting(item.map_err(StoreError::from))?;
            let edit: Edit = codec::decode(&k, &v)?;
            if chunk.len() == LOCK_CHECK_CHUNK {
                self.check_locks(&o.db, &chunk)?;
                chunk.clear();
            }
            chunk.push(edit.clone());
            let vk = keys::value_key(&edit.key);
            let old = match self.noting(o.db.get(&vk).map_err(StoreError::from))? {
                Some(b) => Some(codec::decode(&vk, &b)?),
                None => None,
            };
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
        }
        self.check_locks(&o.db, &chunk)?;
        drop(chunk);
        let marker = Marker {
            id,
            user: user.to_string(),
            cursor: None,
        };
        self.noting(
            o.db.insert(IMPORT_META, codec::encode(&marker)?)
                .map_err(StoreError::from),
        )?;
        self.noting(self.sync(&o))?;
        let _hidden = self.hide();
        self.move_staged(&o, &tree, marker, keep)
    }

    /// Move the rows after the marker's cursor into place, batch by batch;
    /// then remove the marker and the staged rows, and sync.
    fn move_staged(
        &self,
        o: &Opened,
        tree: &sled::Tree,
        mut marker: Marker,
        keep: usize,
    ) -> Result<Committed> {
        let mut outcome = BatchOutcome::default();
        let mut kept: Vec<AuditEntry> = Vec::new();
        let mut over = false;
        // A few hundred at most (ten years of months), whatever the size.
        let mut periods: BTreeSet<Period> = BTreeSet::new();
        loop {
            let start = match &marker.cursor {
                Some(c) => std::ops::Bound::Excluded(c.clone()),
                None => std::ops::Bound::Included(prefix(marker.id).to_vec()),
            };
            let mut edits = Vec::with_capacity(MOVE_BATCH.min(1024));
            let mut last = None;
            for item in tree.range((start, std::ops::Bound::Unbounded)) {
                let (k, v) = self.noting(item.map_err(StoreError::from))?;
                if !k.starts_with(&prefix(marker.id)) || edits.len() == MOVE_BATCH {
                    break;
                }
                let mut edit = staged_edit(&k, &v)?;
                // Checked against the stored figures before the marker was
                // written; nothing has changed them since.
                if let Expect::Value(_) = edit.expect {
                    edit.expect = Expect::Any;
                }
                edits.push(edit);
                last = Some(k.to_vec());
            }
            let Some(last) = last else { break };
            marker.cursor = Some(last);
            let (o2, entries) = self.commit_locked(
                o,
                &marker.user,
                edits,
                vec![(IMPORT_META.to_vec(), codec::encode(&marker)?)],
                Flush::Later,
            )?;
            outcome.added += o2.added;
            outcome.changed += o2.changed;
            outcome.removed += o2.removed;
            outcome.unchanged += o2.unchanged;
            periods.extend(entries.iter().filter_map(|e| match &e.change {
                Change::Value { key, .. } => Some(key.period),
                _ => None,
            }));
            if !over && kept.len() + entries.len() <= keep {
                kept.extend(entries);
            } else {
                over = true;
                kept.clear();
                kept.extend(entries.into_iter().last());
            }
        }
        self.noting(o.db.remove(IMPORT_META).map_err(StoreError::from))?;
        self.noting(self.sync(o))?;
        clear(tree, Some(marker.id))?;
        Ok(Committed {
            outcome,
            entries: kept,
            periods: if over {
                periods.into_iter().collect()
            } else {
                Vec::new()
            },
        })
    }

    /// On opening: finish a move cut short, discard every other staged row.
    pub(in crate::store) fn settle_imports(&self) -> Result<()> {
        let _w = self.writer_guard();
        let o = self.db()?;
        if let Some(bytes) = o.db.get(IMPORT_META)? {
            let marker: Marker = codec::decode(IMPORT_META, &bytes)?;
            let tree = self.staging(&o)?;
            let _hidden = self.hide();
            self.move_staged(&o, &tree, marker, 0)?;
        }
        if o.db.tree_names().iter().any(|n| n.as_ref() == TREE) {
            let tree = self.staging(&o)?;
            if !tree.is_empty() {
                clear(&tree, None)?;
                tree.flush()?;
            }
        }
        Ok(())
    }
}

/// A staged row being moved. One staged by a build whose expectation held
/// only the value (before the whole figure was checked) is read too, so an
/// import cut short by a crash is still finished after an upgrade: it was
/// checked before its marker was written, so what it expected no longer
/// matters.
fn staged_edit(k: &[u8], v: &[u8]) -> Result<Edit> {
    match codec::decode::<Edit>(k, v) {
        Ok(e) => Ok(e),
        Err(first) => match codec::decode::<value_only::Edit>(k, v) {
            Ok(old) => Ok(Edit {
                key: old.key,
                new: old.new,
                expect: Expect::Any,
                note: old.note,
            }),
            Err(_) => Err(first),
        },
    }
}

/// The shape of a staged row when an edit expected only a value: frozen,
/// read by [`staged_edit`] alone.
mod value_only {
    use rust_decimal::Decimal;
    use serde::{Deserialize, Serialize};

    use crate::model::{Figure, ValueKey};
    use crate::store::EditNote;

    #[derive(Serialize, Deserialize)]
    pub enum Expect {
        Any,
        Value(Option<Decimal>),
        Overwrite(Option<Decimal>),
    }

    #[derive(Serialize, Deserialize)]
    pub struct Edit {
        pub key: ValueKey,
        pub new: Option<Figure>,
        pub expect: Expect,
        pub note: Box<EditNote>,
    }
}

/// Remove the staged rows of `id` (None: of every import) in bounded batches.
fn clear(tree: &sled::Tree, id: Option<u64>) -> Result<()> {
    let p = id.map(prefix).map(|p| p.to_vec()).unwrap_or_default();
    loop {
        let mut batch = sled::Batch::default();
        let mut n = 0;
        for item in tree.scan_prefix(&p).keys().take(MOVE_BATCH) {
            batch.remove(item?);
            n += 1;
        }
        if n == 0 {
            return Ok(());
        }
        tree.apply_batch(batch)?;
    }
}

fn unknown() -> StoreError {
    StoreError::Invalid("Không có lần nhập này (đã xong, đã huỷ hoặc của người khác)".into())
}

/// The marker record is checked by the batch limit too.
/// Rows whose periods are checked against the locks at once.
const LOCK_CHECK_CHUNK: usize = 10_000;

const _: () = assert!(MOVE_BATCH <= fields::BATCH_MAX_EDITS);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Figure, Kind, ValueKey};
    use rust_decimal::Decimal;

    fn reopen(path: &std::path::Path) -> SledStore {
        // sled lets go of its lock just after the previous owner is dropped.
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        loop {
            match SledStore::open_as(path, "u") {
                Ok(s) => return s,
                Err(e) if std::time::Instant::now() > deadline => panic!("reopen: {e}"),
                Err(_) => std::thread::sleep(std::time::Duration::from_millis(10)),
            }
        }
    }

    /// A move cut short by a crash, its rows staged by a build whose
    /// expectation held only the value: the next opening finishes it.
    #[test]
    fn a_move_cut_short_by_an_older_build_is_finished_after_an_upgrade() {
        let dir = tempfile::tempdir().expect("tempdir");
        let key = ValueKey::new(
            "2021-H1".parse().expect("p"),
            "AG",
            "GRDP_GROWTH",
            Kind::Actual,
        );
        {
            let store = SledStore::open_as(dir.path(), "u").expect("open");
            let o = store.db().expect("db");
            let tree = store.staging(&o).expect("tree");
            let row = value_only::Edit {
                key: key.clone(),
                new: Some(Figure::plain(Decimal::new(71, 1))),
                expect: value_only::Expect::Value(None),
                note: Box::default(),
            };
            let mut k = prefix(3).to_vec();
            k.extend_from_slice(&keys::value_key(&key));
            tree.insert(k, codec::encode(&row).expect("row"))
                .expect("stage");
            let marker = Marker {
                id: 3,
                user: "lan".into(),
                cursor: None,
            };
            o.db.insert(IMPORT_META, codec::encode(&marker).expect("marker"))
                .expect("marker");
            o.db.flush().expect("flush");
        }
        let store = reopen(dir.path());
        use crate::store::Store;
        assert_eq!(
            store.get(&key).expect("get").map(|f| f.value),
            Some(Decimal::new(71, 1))
        );
        assert_eq!(
            store.history(&key).expect("history").pop().map(|e| e.user),
            Some("lan".into())
        );
    }
}
