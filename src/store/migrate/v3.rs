//! Format 3 to format 4: the index of periods and per-unit counts.
//!
//! What changed: the records under `keys::INDEX` (see `store::index`) are
//! new — one per unit and period holding figures, with its counts and the
//! time of the last audited change of its figures. Every other record is
//! encoded the same way in both formats, so it only changes its version
//! byte.

use std::collections::BTreeMap;

use super::Records;
use crate::model::Period;
use crate::store::error::StoreError;
use crate::store::keys::{self, RecordKind};
use crate::store::{AuditEntry, Change, Problem, codec, index};

pub fn to_v4(records: &mut Records, problems: &mut Vec<Problem>) -> Result<(), StoreError> {
    let mut values = Vec::new();
    let mut changed: BTreeMap<(Period, String), i64> = BTreeMap::new();
    let mut known: std::collections::HashSet<String> =
        problems.iter().map(Problem::subject).collect();
    for (key, value) in records.iter_mut() {
        let kind = keys::kind_of(key);
        // Written by an earlier step of this migration with today's types
        // (format 2's step writes the covenant's records): already current,
        // which is later than 4 since format 5.
        if value.first() == Some(&crate::store::codec::FORMAT_VERSION) {
            continue;
        }
        if value.first() != Some(&3) {
            let problem = Problem::Damaged(damaged(key, value));
            // Left unread by an earlier step: reported there already.
            if known.insert(problem.subject()) {
                problems.push(problem);
            }
            continue;
        }
        match kind {
            RecordKind::Value => {
                if let Some(k) = keys::parse_value_key(key) {
                    values.push(k);
                }
            }
            RecordKind::Audit => {
                if let Ok(AuditEntry {
                    at_ms,
                    change: Change::Value { key: k, .. },
                    ..
                }) = codec::decode_as::<AuditEntry>(3, key, value)
                {
                    let last = changed.entry((k.period, k.province)).or_insert(at_ms);
                    *last = (*last).max(at_ms);
                }
            }
            _ => {}
        }
        value[0] = 4;
    }
    for ((period, unit), tally) in index::build(values.iter(), &changed) {
        records.insert(keys::index_key(period, &unit), codec::encode_as(4, &tally)?);
    }
    Ok(())
}

/// The error a reader gives for a record that is not of format 3.
fn damaged(key: &[u8], value: &[u8]) -> StoreError {
    match value.first() {
        Some(&version) => StoreError::UnknownVersion {
            key: keys::describe(key),
            version,
        },
        None => StoreError::Decode {
            key: keys::describe(key),
            cause: crate::store::error::CodecError::new(crate::store::error::CodecKind::Empty),
        },
    }
}
