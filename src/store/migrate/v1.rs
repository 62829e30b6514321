//! Format 1 (thidua before format markers) to format 2.
//!
//! What changed: an audit entry gained a note of how and why
//! ([`crate::store::AuditNote`], appended after its last field), and the
//! database gained its sequence counter (`mseq`). Every other record is
//! encoded the same way in both formats, so it only changes its version
//! byte.
//!
//! The types below are format 1's audit entry as it was written, frozen:
//! they only read old records, so they never change.

use rust_decimal::Decimal;
use serde::Deserialize;

use super::Records;
use crate::store::error::StoreError;
use crate::store::keys::{self, RecordKind};
use crate::store::{AuditNote, Problem, codec};

#[derive(Deserialize)]
#[allow(dead_code)] // read to check the record, not used
struct AuditEntry {
    seq: u64,
    at_ms: i64,
    user: String,
    change: Change,
}

#[derive(Deserialize)]
#[allow(dead_code)]
enum Change {
    Value {
        key: ValueKey,
        old: Option<Figure>,
        new: Option<Figure>,
    },
    Weight {
        indicator: String,
        old: Decimal,
        new: Decimal,
    },
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct ValueKey {
    period: Period,
    province: String,
    indicator: String,
    kind: Kind,
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct Period {
    year: u16,
    span: Span,
}

#[derive(Deserialize)]
#[allow(dead_code)]
enum Span {
    Year,
    Half(u8),
    Quarter(u8),
    Month(u8),
}

#[derive(Deserialize)]
#[allow(dead_code)]
enum Kind {
    Actual,
    Plan,
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct Figure {
    value: Decimal,
    qualifiers: Qualifiers,
    note: Option<String>,
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct Qualifiers {
    estimate: bool,
    lower_bound: bool,
    approx: bool,
    derived: bool,
}

pub fn to_v2(records: &mut Records, problems: &mut Vec<Problem>) -> Result<(), StoreError> {
    // A format-2 entry is a format-1 entry followed by its note.
    let empty_note =
        bincode::serde::encode_to_vec(AuditNote::default(), bincode::config::standard())
            .map_err(|e| StoreError::Encode(e.into()))?;
    let mut last_seq = 0u64;
    for (key, value) in records.iter_mut() {
        let kind = keys::kind_of(key);
        if matches!(kind, RecordKind::Audit | RecordKind::RoleLog) {
            last_seq = last_seq.max(keys::seq_of(key).unwrap_or(0));
        }
        if value.first() != Some(&1) {
            problems.push(Problem::Damaged(damaged(key, value)));
            continue;
        }
        if kind == RecordKind::Audit {
            if let Err(e) = codec::decode_as::<AuditEntry>(1, key, value) {
                problems.push(Problem::Damaged(e));
                continue;
            }
            value.extend_from_slice(&empty_note);
        }
        value[0] = 2;
    }
    records.insert(keys::SEQ_META.to_vec(), codec::encode_as(2, &last_seq)?);
    Ok(())
}

/// The error a reader gives for a record that is not of format 1.
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Figure, Kind, ValueKey};
    use crate::store::{AuditEntry, Change};

    /// Format 1's encoding of an entry, as the code of that time wrote it:
    /// the same fields without the note.
    fn format1(entry: &AuditEntry) -> Vec<u8> {
        let mut v = vec![1u8];
        let fields = (entry.seq, entry.at_ms, &entry.user, &entry.change);
        v.extend(
            bincode::serde::encode_to_vec(fields, bincode::config::standard()).expect("encode"),
        );
        v
    }

    #[test]
    fn an_old_audit_entry_reads_as_a_new_one_with_an_empty_note() {
        let key = ValueKey::new("2021-H1".parse().expect("p"), "DT", "EXPORT", Kind::Actual);
        let entry = AuditEntry {
            seq: 7,
            at_ms: 1_627_000_000_000,
            user: "can_bo_dt".into(),
            change: Change::Value {
                key: key.clone(),
                old: None,
                new: Some(Figure::plain(Decimal::new(6065, 1))),
            },
            note: Box::default(),
        };
        let audit_key = keys::audit_key(&keys::audit_value_prefix(&key), 7);
        let mut records = Records::new();
        records.insert(audit_key.clone(), format1(&entry));
        records.insert(b"rbroken".to_vec(), vec![9, 9]);
        let mut problems = Vec::new();
        to_v2(&mut records, &mut problems).expect("step");
        let back: AuditEntry = codec::decode_as(2, &audit_key, &records[&audit_key]).expect("v2");
        assert_eq!(back, entry);
        assert_eq!(records[b"rbroken".as_slice()], vec![9, 9], "left as it was");
        assert!(matches!(
            problems.as_slice(),
            [Problem::Damaged(StoreError::UnknownVersion {
                version: 9,
                ..
            })]
        ));
        let seq: u64 = codec::decode_as(2, keys::SEQ_META, &records[keys::SEQ_META]).expect("seq");
        assert_eq!(seq, 7);
    }
}
