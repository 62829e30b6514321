//! The audit log: who changed what, when, from which value to which. History
//! screens and undo are built from it.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::model::{Figure, ValueKey};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Change {
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

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditEntry {
    /// Monotonic per database; orders entries across cells.
    pub seq: u64,
    /// UTC, milliseconds since the Unix epoch.
    pub at_ms: i64,
    pub user: String,
    pub change: Change,
    /// How and why the change was made (boxed: entries travel in enums
    /// beside small variants, and most notes are empty).
    pub note: Box<AuditNote>,
}

/// How and why a change was made, beside what changed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditNote {
    /// The writer knowingly overwrote another officer's figure (after being
    /// shown it): [`super::Expect::Overwrite`].
    pub overwrite: bool,
    /// A figure outside its plausible range, confirmed by the writer.
    pub confirmed: bool,
    /// Why, where one is asked for (an unlock, a reviewed score).
    pub reason: Option<String>,
    /// The text as typed when what is stored differs from it (a ratio such
    /// as `61/119` stored rounded).
    pub typed: Option<String>,
}

impl AuditNote {
    /// The note of an edit: what its writer said (its texts cleaned as all
    /// stored text is), and whether it overwrites.
    pub fn of(edit: &super::Edit) -> Self {
        let clean = |t: &Option<String>| t.as_deref().map(crate::text::normalize::clean);
        AuditNote {
            overwrite: matches!(edit.expect, super::Expect::Overwrite(_)),
            confirmed: edit.note.confirmed,
            reason: clean(&edit.note.reason),
            typed: clean(&edit.note.typed),
        }
    }
}

impl AuditEntry {
    /// The time as `2021-07-29 08:15:02 UTC`, for screens and messages.
    pub fn when(&self) -> String {
        chrono::DateTime::from_timestamp_millis(self.at_ms)
            .map(|t| t.format("%Y-%m-%d %H:%M:%S UTC").to_string())
            .unwrap_or_else(|| self.at_ms.to_string())
    }
}

pub fn now_ms() -> i64 {
    chrono::Utc::now().timestamp_millis()
}
