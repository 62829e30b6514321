//! The database in this process: one sled directory, one tree, a small cache
//! (shared servers), every write flushed before it is reported as saved.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use rust_decimal::Decimal;
use sled::transaction::{ConflictableTransactionError, TransactionError};

use super::audit::{AuditEntry, Change, now_ms};
use super::{
    BatchOutcome, Edit, Expect, Location, Result, Role, RoleEntry, Store, StoreError, builtin,
    codec, keys, user,
};
use crate::model::{Cluster, Figure, Period, Value, ValueKey};
use crate::text::os_error;

mod paging;
pub use paging::Page;

/// Whether a write is flushed to disk before it returns. A shared server
/// writes with `Later` and flushes a whole group of writes at once
/// ([`SledStore::flush`]) before acknowledging any of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flush {
    Now,
    Later,
}

/// sled's default cache is 1 GiB; a few MiB hold a whole cluster's figures.
const CACHE_BYTES: u64 = 4 * 1024 * 1024;

pub struct SledStore {
    db: sled::Db,
    path: PathBuf,
    user: String,
    /// The cluster record, read once; weights change it under the lock.
    cluster: Mutex<Cluster>,
}

impl SledStore {
    /// Open (or create, with the built-in Tây Nam bộ cluster) the database at
    /// `path`, writing as the OS user.
    pub fn open(path: &Path) -> Result<Self> {
        Self::open_as(path, &user::os_user())
    }

    pub fn open_as(path: &Path, user: &str) -> Result<Self> {
        let db = open_db(path)?;
        match db.get(keys::CLUSTER_META)? {
            Some(bytes) => {
                let cluster: Cluster = codec::decode(keys::CLUSTER_META, &bytes)?;
                Ok(Self::wrap(db, path, user, cluster))
            }
            None => {
                let (cluster, values) = builtin::load()?;
                Self::seed(db, path, user, cluster, values)
            }
        }
    }

    /// Create a database holding `cluster` and `values` (tests, benchmarks,
    /// other clusters). Refuses a directory that already holds a cluster.
    pub fn create(path: &Path, user: &str, cluster: Cluster, values: Vec<Value>) -> Result<Self> {
        let db = open_db(path)?;
        if db.get(keys::CLUSTER_META)?.is_some() {
            return Err(StoreError::Open {
                path: path.display().to_string(),
                reason: "đã có dữ liệu".into(),
            });
        }
        Self::seed(db, path, user, cluster, values)
    }

    fn wrap(db: sled::Db, path: &Path, user: &str, cluster: Cluster) -> Self {
        SledStore {
            db,
            path: path.to_path_buf(),
            user: user.to_string(),
            cluster: Mutex::new(cluster),
        }
    }

    /// First start: cluster record, values and their audit entries in one atomic batch.
    fn seed(
        db: sled::Db,
        path: &Path,
        user: &str,
        cluster: Cluster,
        values: Vec<Value>,
    ) -> Result<Self> {
        let store = Self::wrap(db, path, user, cluster.clone());
        // The creator administers the database when it is shared.
        store
            .db
            .insert(keys::role_key(user), codec::encode(&Role::Admin)?)?;
        let edits = values
            .into_iter()
            .map(|v| Edit {
                key: v.key,
                new: Some(v.figure),
                expect: Expect::Any,
            })
            .collect();
        store.apply(user, edits, Some(codec::encode(&cluster)?), Flush::Now)?;
        Ok(store)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    fn cluster_guard(&self) -> std::sync::MutexGuard<'_, Cluster> {
        // A poisoned lock only means another thread panicked mid-read; the
        // cluster record itself is still whole.
        self.cluster.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn entry(user: &str, seq: u64, change: Change) -> AuditEntry {
        AuditEntry {
            seq,
            at_ms: now_ms(),
            user: user.to_string(),
            change,
        }
    }

    /// Make every write so far durable.
    pub fn flush(&self) -> Result<()> {
        self.db.flush().map(|_| ()).map_err(StoreError::from)
    }

    /// The cluster's rules (range, whole numbers) for one edit.
    fn check(&self, edit: &Edit) -> Result<()> {
        self.cluster_guard()
            .check(&edit.key, edit.new.as_ref().map(|f| f.value))
            .map_err(StoreError::Invalid)
    }

    /// Whether the cell no longer holds what the writer saw.
    fn stale(edit: &Edit, old: &Option<Figure>) -> bool {
        matches!(&edit.expect, Expect::Value(expected)
            if old.as_ref().map(|f| f.value) != *expected)
    }

    /// The audit entry of a value edit.
    fn value_entry(user: &str, seq: u64, edit: &Edit, old: Option<Figure>) -> AuditEntry {
        Self::entry(
            user,
            seq,
            Change::Value {
                key: edit.key.clone(),
                old,
                new: edit.new.clone(),
            },
        )
    }

    /// Validate, then write edits (and optionally the cluster record) as one
    /// batch recorded under `user`; returns the audit entries written.
    fn apply(
        &self,
        user: &str,
        edits: Vec<Edit>,
        cluster_record: Option<Vec<u8>>,
        flush: Flush,
    ) -> Result<(BatchOutcome, Vec<AuditEntry>)> {
        for e in &edits {
            self.check(e)?;
        }
        let mut batch = sled::Batch::default();
        let mut outcome = BatchOutcome::default();
        let mut entries = Vec::new();
        let mut staged: std::collections::HashMap<Vec<u8>, Option<Figure>> = Default::default();
        for edit in edits {
            let vk = keys::value_key(&edit.key);
            let old = match staged.get(&vk) {
                Some(f) => f.clone(),
                None => match self.db.get(&vk)? {
                    Some(b) => Some(codec::decode(&vk, &b)?),
                    None => None,
                },
            };
            if Self::stale(&edit, &old) {
                return Err(self.conflict(&edit.key, old));
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
            let seq = self.db.generate_id()?;
            let entry = Self::value_entry(user, seq, &edit, old);
            batch.insert(
                keys::audit_key(&keys::audit_value_prefix(&edit.key), seq),
                codec::encode(&entry)?,
            );
            entries.push(entry);
            staged.insert(vk, edit.new);
        }
        if let Some(record) = cluster_record {
            batch.insert(keys::CLUSTER_META, record);
        }
        self.db.apply_batch(batch)?;
        if flush == Flush::Now {
            self.flush()?;
        }
        Ok((outcome, entries))
    }

    /// A conflict names who last wrote the cell and when.
    fn conflict(&self, key: &ValueKey, current: Option<Figure>) -> StoreError {
        let last = self.history(key).ok().and_then(|h| h.into_iter().last());
        StoreError::Conflict {
            current,
            by: last
                .as_ref()
                .map(|e| e.user.clone())
                .unwrap_or_else(|| "người khác".into()),
            at_ms: last.map(|e| e.at_ms).unwrap_or(0),
        }
    }

    fn scan_audit(&self, prefix: Vec<u8>) -> Result<Vec<AuditEntry>> {
        let mut out = Vec::new();
        for item in self.db.scan_prefix(prefix) {
            let (k, v) = item?;
            out.push(codec::decode(&k, &v)?);
        }
        Ok(out)
    }
}

fn open_db(path: &Path) -> Result<sled::Db> {
    let shown = path.display().to_string();
    std::fs::create_dir_all(path).map_err(|e| StoreError::Open {
        path: shown.clone(),
        reason: os_error::reason(&e),
    })?;
    sled::Config::new()
        .path(path)
        .cache_capacity(CACHE_BYTES)
        .open()
        .map_err(|e| {
            let text = e.to_string();
            // sled reports a held file lock only through this message.
            if text.contains("could not acquire lock") {
                StoreError::Locked {
                    path: shown.clone(),
                }
            } else {
                let reason = match &e {
                    sled::Error::Io(io) => os_error::reason(io),
                    _ => text,
                };
                StoreError::Open {
                    path: shown.clone(),
                    reason,
                }
            }
        })
}

fn abort(e: StoreError) -> ConflictableTransactionError<StoreError> {
    ConflictableTransactionError::Abort(e)
}

impl Store for SledStore {
    fn cluster(&self) -> Result<Cluster> {
        Ok(self.cluster_guard().clone())
    }

    fn values(&self, period: Option<Period>) -> Result<Vec<Value>> {
        let mut out = Vec::new();
        for item in self.db.scan_prefix(keys::period_prefix(period)) {
            let (k, v) = item?;
            let key = keys::parse_value_key(&k).ok_or_else(|| StoreError::Decode {
                key: keys::describe(&k),
                reason: "khoá không hợp lệ".into(),
            })?;
            out.push(Value {
                key,
                figure: codec::decode(&k, &v)?,
            });
        }
        Ok(out)
    }

    fn get(&self, key: &ValueKey) -> Result<Option<Figure>> {
        let vk = keys::value_key(key);
        match self.db.get(&vk)? {
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

    fn set_weight(&self, indicator: &str, weight: Decimal) -> Result<Option<AuditEntry>> {
        self.set_weight_as(&self.user, indicator, weight, Flush::Now)
    }

    fn history(&self, key: &ValueKey) -> Result<Vec<AuditEntry>> {
        self.scan_audit(keys::audit_value_prefix(key))
    }

    fn weight_history(&self, indicator: &str) -> Result<Vec<AuditEntry>> {
        self.scan_audit(keys::audit_weight_prefix(indicator))
    }

    fn user(&self) -> &str {
        &self.user
    }

    fn location(&self) -> Location {
        Location::Local(self.path.clone())
    }
}

/// Writing on behalf of others (the shared server records each write under
/// the OS user of the connection), and the roles of a shared database.
impl SledStore {
    /// [`Store::write`] recorded under `user`.
    pub fn write_as(&self, user: &str, edit: Edit, flush: Flush) -> Result<Option<AuditEntry>> {
        self.check(&edit)?;
        let vk = keys::value_key(&edit.key);
        let seq = self.db.generate_id()?;
        let entry_key = keys::audit_key(&keys::audit_value_prefix(&edit.key), seq);
        let result = self.db.transaction(|tx| {
            let old = match tx.get(&vk)? {
                Some(b) => Some(codec::decode(&vk, &b).map_err(abort)?),
                None => None,
            };
            if Self::stale(&edit, &old) {
                return Err(abort(StoreError::Conflict {
                    current: old,
                    by: String::new(),
                    at_ms: 0,
                }));
            }
            if old == edit.new {
                return Ok(None);
            }
            match &edit.new {
                Some(f) => tx.insert(vk.as_slice(), codec::encode(f).map_err(abort)?)?,
                None => tx.remove(vk.as_slice())?,
            };
            let entry = Self::value_entry(user, seq, &edit, old);
            tx.insert(entry_key.as_slice(), codec::encode(&entry).map_err(abort)?)?;
            Ok(Some(entry))
        });
        match result {
            Ok(entry) => {
                if entry.is_some() && flush == Flush::Now {
                    self.flush()?;
                }
                Ok(entry)
            }
            Err(TransactionError::Abort(StoreError::Conflict { current, .. })) => {
                Err(self.conflict(&edit.key, current))
            }
            Err(TransactionError::Abort(e)) => Err(e),
            Err(TransactionError::Storage(e)) => Err(e.into()),
        }
    }

    /// [`Store::write_batch`] recorded under `user`, with the entries written.
    pub fn write_batch_as(
        &self,
        user: &str,
        edits: Vec<Edit>,
        flush: Flush,
    ) -> Result<(BatchOutcome, Vec<AuditEntry>)> {
        self.apply(user, edits, None, flush)
    }

    /// [`Store::set_weight`] recorded under `user`.
    pub fn set_weight_as(
        &self,
        user: &str,
        indicator: &str,
        weight: Decimal,
        flush: Flush,
    ) -> Result<Option<AuditEntry>> {
        let mut cluster = self.cluster_guard();
        let ind = cluster
            .indicators
            .iter_mut()
            .find(|i| i.code == indicator)
            .ok_or_else(|| StoreError::UnknownIndicator(indicator.to_string()))?;
        if ind.weight == weight {
            return Ok(None);
        }
        if weight < Decimal::ZERO {
            return Err(StoreError::Invalid("Trọng số không được âm".into()));
        }
        let old = ind.weight;
        ind.weight = weight;
        let seq = self.db.generate_id()?;
        let entry = Self::entry(
            user,
            seq,
            Change::Weight {
                indicator: indicator.to_string(),
                old,
                new: weight,
            },
        );
        let mut batch = sled::Batch::default();
        batch.insert(keys::CLUSTER_META, codec::encode(&*cluster)?);
        batch.insert(
            keys::audit_key(&keys::audit_weight_prefix(indicator), seq),
            codec::encode(&entry)?,
        );
        if let Err(e) = self
            .db
            .apply_batch(batch)
            .map_err(StoreError::from)
            .and_then(|_| match flush {
                Flush::Now => self.flush(),
                Flush::Later => Ok(()),
            })
        {
            if let Some(ind) = cluster.indicators.iter_mut().find(|i| i.code == indicator) {
                ind.weight = old;
            }
            return Err(e);
        }
        Ok(Some(entry))
    }

    /// The stored role of `user`; `None` means the default, viewer.
    pub fn role(&self, user: &str) -> Result<Option<Role>> {
        let k = keys::role_key(user);
        match self.db.get(&k)? {
            Some(b) => Ok(Some(codec::decode(&k, &b)?)),
            None => Ok(None),
        }
    }

    /// Every stored role, by user name.
    pub fn roles(&self) -> Result<Vec<(String, Role)>> {
        let mut out = Vec::new();
        for item in self.db.scan_prefix([keys::ROLE]) {
            let (k, v) = item?;
            let name = String::from_utf8_lossy(&k[1..]).into_owned();
            out.push((name, codec::decode(&k, &v)?));
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
        let role = role.filter(|r| *r != Role::Viewer);
        if let Some(Role::Province(code)) = &role
            && self.cluster_guard().province(code).is_none()
        {
            return Err(StoreError::Invalid(format!(
                "Không có tỉnh mã «{code}» trong cụm"
            )));
        }
        let k = keys::role_key(user);
        let old = self.role(user)?;
        if old == role {
            return Ok(None);
        }
        if old == Some(Role::Admin) {
            let admins = self
                .roles()?
                .into_iter()
                .filter(|(_, r)| *r == Role::Admin)
                .count();
            if admins <= 1 {
                return Err(StoreError::Invalid(format!(
                    "{user} là quản trị viên duy nhất; hãy cấp quyền admin cho người khác trước"
                )));
            }
        }
        let seq = self.db.generate_id()?;
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
        self.db.apply_batch(batch)?;
        if flush == Flush::Now {
            self.flush()?;
        }
        Ok(Some(entry))
    }

    /// Every role change, oldest first.
    pub fn role_log(&self) -> Result<Vec<RoleEntry>> {
        let mut out: Vec<RoleEntry> = Vec::new();
        for item in self.db.scan_prefix([keys::ROLE_LOG]) {
            let (k, v) = item?;
            out.push(codec::decode(&k, &v)?);
        }
        out.sort_by_key(|e| e.seq);
        Ok(out)
    }

    /// Every audit entry (values, weights) with a sequence number
    /// above `seq`, in order: what a reconnecting client missed.
    pub fn audit_since(&self, seq: u64) -> Result<Vec<AuditEntry>> {
        let mut out: Vec<AuditEntry> = self
            .scan_audit(vec![keys::AUDIT])?
            .into_iter()
            .filter(|e| e.seq > seq)
            .collect();
        out.sort_by_key(|e| e.seq);
        Ok(out)
    }

    /// The highest audit sequence number stored (0 for none).
    pub fn last_seq(&self) -> Result<u64> {
        let mut last = 0;
        for item in self.db.scan_prefix([keys::AUDIT]) {
            let (k, _) = item?;
            if let Some(tail) = k.len().checked_sub(8).and_then(|n| k.get(n..)) {
                let mut b = [0u8; 8];
                b.copy_from_slice(tail);
                last = last.max(u64::from_be_bytes(b));
            }
        }
        Ok(last)
    }
}
