//! Reads in bounded pages, for the shared server: a reply never carries the
//! whole database, so no number or size of stored notes can push one message
//! over the wire's frame limit. Each page holds at least one record, then
//! records until about `max_bytes` of stored data; the cursor of the last
//! one asks for the next page.

use std::ops::Bound;

use serde::{Deserialize, Serialize};

use super::SledStore;
use crate::model::{Period, Value, ValueKey};
use crate::store::error::{CodecError, CodecKind};
use crate::store::{AuditEntry, Problem, Result, StoreError, codec, keys};

/// Some records, and where the next page starts (None: this was the last).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Page<T, C> {
    pub items: Vec<T>,
    pub next: Option<C>,
}

type Raw = sled::Result<(sled::IVec, sled::IVec)>;

/// Fill a page from `records` (already positioned after the cursor). A
/// record that does not decode (`decode` gives None) is skipped, as every
/// reader skips it; the store keeps it among its problems.
fn fill<T, C>(
    records: impl Iterator<Item = Raw>,
    max_bytes: usize,
    mut decode: impl FnMut(&[u8], &[u8]) -> Option<T>,
    cursor: impl Fn(&T) -> C,
) -> Result<Page<T, C>> {
    let mut items = Vec::new();
    let mut used = 0usize;
    for record in records {
        let (k, v) = record?;
        let size = k.len() + v.len();
        if !items.is_empty() && used + size > max_bytes {
            return Ok(Page {
                next: items.last().map(&cursor),
                items,
            });
        }
        if let Some(item) = decode(&k, &v) {
            used += size;
            items.push(item);
        }
    }
    Ok(Page { items, next: None })
}

fn seq_of(key: &[u8]) -> Option<u64> {
    let tail = key.get(key.len().checked_sub(8)?..)?;
    Some(u64::from_be_bytes(tail.try_into().ok()?))
}

impl SledStore {
    /// Records under `prefix` after the key `after` (exclusive), in key order.
    fn after(
        &self,
        prefix: Vec<u8>,
        after: Option<Vec<u8>>,
    ) -> Result<Box<dyn Iterator<Item = Raw>>> {
        let o = self.db()?;
        Ok(match after {
            None => Box::new(o.db.scan_prefix(prefix)),
            Some(start) => Box::new(
                o.db.range::<Vec<u8>, _>((Bound::Excluded(start), Bound::Unbounded))
                    .take_while(move |r| r.as_ref().map_or(true, |(k, _)| k.starts_with(&prefix))),
            ),
        })
    }

    /// Decode a record or keep it among the store's problems.
    fn decoded<T: serde::de::DeserializeOwned>(&self, k: &[u8], v: &[u8]) -> Option<T> {
        match codec::decode(k, v) {
            Ok(t) => Some(t),
            Err(e) => {
                self.note_problem(Problem::Damaged(e));
                None
            }
        }
    }

    /// [`crate::store::Store::values`] one page at a time, in key order.
    pub fn values_page(
        &self,
        period: Option<Period>,
        after: Option<&ValueKey>,
        max_bytes: usize,
    ) -> Result<Page<Value, ValueKey>> {
        let _v = self.shown();
        let records = self.after(keys::period_prefix(period), after.map(keys::value_key))?;
        fill(
            records,
            max_bytes,
            |k, v| {
                self.count_values_read(1);
                let Some(key) = keys::parse_value_key(k) else {
                    self.note_problem(Problem::Damaged(StoreError::Decode {
                        key: keys::describe(k),
                        cause: CodecError::new(CodecKind::BadKey),
                    }));
                    return None;
                };
                Some(Value {
                    key,
                    figure: self.decoded(k, v)?,
                })
            },
            |v| v.key.clone(),
        )
    }

    /// The audit entries under `prefix` after sequence number `after`.
    fn audit_prefix_page(
        &self,
        prefix: Vec<u8>,
        after: Option<u64>,
        max_bytes: usize,
    ) -> Result<Page<AuditEntry, u64>> {
        let start = after.map(|seq| keys::audit_key(&prefix, seq));
        fill(
            self.after(prefix, start)?,
            max_bytes,
            |k, v| self.decoded(k, v),
            |e: &AuditEntry| e.seq,
        )
    }

    /// [`crate::store::Store::last_entries`]: a reverse scan of each cell's
    /// log, stopping at the first entry that reads (a damaged one is noted
    /// and passed over).
    pub fn last_entries_of(&self, cells: &[ValueKey]) -> Result<Vec<Option<AuditEntry>>> {
        let o = self.db()?;
        let mut out = Vec::with_capacity(cells.len());
        for cell in cells {
            let mut last = None;
            for item in o.db.scan_prefix(keys::audit_value_prefix(cell)).rev() {
                let (k, v) = self.noting(item.map_err(StoreError::from))?;
                if let Some(entry) = self.decoded(&k, &v) {
                    last = Some(entry);
                    break;
                }
            }
            out.push(last);
        }
        Ok(out)
    }

    /// [`crate::store::Store::history`] one page at a time, oldest first.
    pub fn history_page(
        &self,
        key: &ValueKey,
        after: Option<u64>,
        max_bytes: usize,
    ) -> Result<Page<AuditEntry, u64>> {
        self.audit_prefix_page(keys::audit_value_prefix(key), after, max_bytes)
    }

    /// [`crate::store::Store::weight_history`] one page at a time.
    pub fn weight_history_page(
        &self,
        indicator: &str,
        after: Option<u64>,
        max_bytes: usize,
    ) -> Result<Page<AuditEntry, u64>> {
        self.audit_prefix_page(keys::audit_weight_prefix(indicator), after, max_bytes)
    }

    /// [`crate::store::Store::covenant_history`] one page at a time, in
    /// key order (item, then sequence number); the cursor is the last key.
    pub fn covenant_history_page(
        &self,
        of: &crate::store::HistoryOf,
        after: Option<Vec<u8>>,
        max_bytes: usize,
    ) -> Result<Page<AuditEntry, Vec<u8>>> {
        fill(
            self.after(keys::history_prefix(of), after)?,
            max_bytes,
            |k, v| self.decoded(k, v),
            |e: &AuditEntry| match &e.change {
                crate::store::Change::Covenant(c) => {
                    keys::audit_key(&keys::audit_covenant_prefix(&c.subject), e.seq)
                }
                _ => Vec::new(),
            },
        )
    }

    /// What a reconnecting client missed: the audit entries (values and
    /// weights) with a sequence number in `after+1 ..= upto`, oldest first,
    /// at most `max_entries` of them; ask again after the last one for more.
    /// The log is keyed by subject, not by number, so this scans it, keeping
    /// only the `max_entries` lowest numbers in memory.
    pub fn audit_page(&self, after: u64, upto: u64, max_entries: usize) -> Result<Vec<AuditEntry>> {
        let mut lowest: std::collections::BinaryHeap<(u64, sled::IVec, sled::IVec)> =
            Default::default();
        for record in self.after(vec![keys::AUDIT], None)? {
            let (k, v) = record?;
            let Some(seq) = seq_of(&k) else { continue };
            if seq <= after || seq > upto {
                continue;
            }
            if lowest.len() == max_entries.max(1) {
                match lowest.peek() {
                    Some((top, _, _)) if *top > seq => {
                        lowest.pop();
                    }
                    _ => continue,
                }
            }
            lowest.push((seq, k, v));
        }
        let mut picked = lowest.into_vec();
        picked.sort_by_key(|(seq, _, _)| *seq);
        Ok(picked
            .into_iter()
            .filter_map(|(_, k, v)| self.decoded(&k, &v))
            .collect())
    }
}
