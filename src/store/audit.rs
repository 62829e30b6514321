//! The audit log: who changed what, when, from which value to which. History
//! screens and undo are built from it: of a cell, of a weight, and of an
//! item of the covenant (a unit, a year's settings, a member, a criterion).

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
    /// One item of the covenant, added, removed or one field of it changed
    /// (boxed: entries travel in enums beside small variants).
    Covenant(Box<CovenantChange>),
    /// A period locked or unlocked, a unit's figures handed in or
    /// reopened (see `store::period`).
    Period(Box<super::period::PeriodChange>),
    /// A score sheet's state or points, or a meeting's record (issue #18).
    Scoring(Box<super::scoring::ScoringChange>),
}

/// A change of one item of the covenant, its texts as the covenant files
/// write them, so that a history reads the way an officer edits.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CovenantChange {
    pub subject: CovenantSubject,
    /// The column of the covenant files that changed (`name`, `max`,
    /// `role`, `cluster_name`; `versions` for a unit's dated versions);
    /// None: the whole item was added (`old` None) or removed (`new` None).
    pub field: Option<String>,
    /// None: nothing there before (added) or after (removed).
    pub old: Option<String>,
    pub new: Option<String>,
}

/// The item of the covenant a change is about.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum CovenantSubject {
    Unit(String),
    /// A year's own settings (the cluster's name, the points scale).
    Year(u16),
    Member {
        year: u16,
        unit: String,
    },
    Criterion {
        year: u16,
        code: String,
    },
}

impl std::fmt::Display for CovenantSubject {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CovenantSubject::Unit(code) => write!(f, "đơn vị «{code}»"),
            CovenantSubject::Year(y) => write!(f, "giao ước năm {y}"),
            CovenantSubject::Member { year, unit } => {
                write!(f, "thành viên «{unit}» năm {year}")
            }
            CovenantSubject::Criterion { year, code } => {
                write!(f, "chỉ tiêu «{code}» năm {year}")
            }
        }
    }
}

/// Which covenant items a history is asked for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum HistoryOf {
    /// A unit and its versions.
    Unit(String),
    /// A year's settings.
    Year(u16),
    /// A unit's membership in every year.
    Member(String),
    /// A criterion in every year (codes are stable across years).
    Criterion(String),
}

impl std::fmt::Display for CovenantChange {
    /// `chỉ tiêu «X» năm 2026, cột name: «A» → «B»`, `… thêm: …`, `… bỏ: …`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let shown = |t: &Option<String>| match t.as_deref() {
            None | Some("") => "(trống)".to_string(),
            Some(t) => format!("«{t}»"),
        };
        match (&self.field, &self.old, &self.new) {
            (None, None, Some(new)) => write!(f, "{}: thêm ({new})", self.subject),
            (None, Some(old), None) => write!(f, "{}: bỏ ({old})", self.subject),
            (field, old, new) => write!(
                f,
                "{}, cột {}: {} → {}",
                self.subject,
                field.as_deref().unwrap_or("?"),
                shown(old),
                shown(new)
            ),
        }
    }
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
