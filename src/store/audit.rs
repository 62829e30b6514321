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
