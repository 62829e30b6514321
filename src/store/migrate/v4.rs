//! Format 4 to format 5: the index of the criteria each period's units
//! reported.
//!
//! What changed: the records under `keys::REPORTED` (see `store::index`)
//! are new — one per criterion and period that a unit (not the cluster
//! itself) holds an actual figure of, with the number of such units. Every
//! other record is encoded the same way in both formats, so it only
//! changes its version byte.

use super::Records;
use crate::store::error::StoreError;
use crate::store::keys::{self, RecordKind};
use crate::store::{Problem, codec, index};

pub fn to_v5(records: &mut Records, problems: &mut Vec<Problem>) -> Result<(), StoreError> {
    let mut values = Vec::new();
    let mut known: std::collections::HashSet<String> =
        problems.iter().map(Problem::subject).collect();
    for (key, value) in records.iter_mut() {
        // Written by an earlier step of this migration with today's types
        // (format 2's step writes the covenant's records): already current.
        if value.first() == Some(&5) {
            continue;
        }
        if value.first() != Some(&4) {
            let problem = Problem::Damaged(damaged(key, value));
            // Left unread by an earlier step: reported there already.
            if known.insert(problem.subject()) {
                problems.push(problem);
            }
            continue;
        }
        if keys::kind_of(key) == RecordKind::Value
            && let Some(k) = keys::parse_value_key(key)
        {
            values.push(k);
        }
        value[0] = 5;
    }
    for ((period, code), units) in index::build_reported(values.iter()) {
        records.insert(
            keys::reported_key(period, &code),
            codec::encode_as(5, &units)?,
        );
    }
    Ok(())
}

/// The error a reader gives for a record that is not of format 4.
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
