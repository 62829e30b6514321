//! Submission and lock of a period: a unit's officer marks its figures of
//! a period as handed in (`đã nộp`); an admin freezes the whole period
//! after the meeting (`chốt số liệu`) until unlocking it with a reason.
//!
//! Records (format 3, prefix `k`, see `keys`): `k L` + period(4) the lock
//! of a period, `k S` + period(4) + unit the submission of one unit. Their
//! history is in the audit log as [`super::Change::Period`] entries under
//! `a k` + period(4) + unit NUL + seq (unit empty for the lock), so the
//! history of a period, or of one unit in it, is one prefix scan.
//!
//! The rules, the same in every store (a server applies them to every
//! client):
//! - while a period is locked, nothing that a report of it reads may
//!   change: its figures (typed, pasted, imported — refused whole — with
//!   their qualifiers and comments, and deletions), its submissions, the
//!   plans of its year (its shares of plan read them), the weights of the
//!   criteria of its year and the covenant of its year (the year's
//!   settings, members and criteria). A unit's own record (name, dated
//!   versions, mergers) is history of the unit and stays editable;
//! - a change to a handed-in unit's figures reopens its submission
//!   (`đang nhập` again), audited beside the change: what was handed in is
//!   no longer what is stored, and the unit hands in again.

use serde::{Deserialize, Serialize};

use super::index::UnitCount;
use crate::model::{Kind, Period, ValueKey};

/// Who set a lock or handed in figures, and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mark {
    pub by: String,
    /// UTC milliseconds since the epoch.
    pub at_ms: i64,
    /// The audit entry that set it.
    pub seq: u64,
    /// Why (a lock may say why; it is optional there).
    pub reason: Option<String>,
}

/// A request to change a period's submission or lock.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum PeriodAct {
    /// Mark `unit`'s figures of `period` as handed in.
    Submit { period: Period, unit: String },
    /// Take back a submission (admin), saying why.
    Reopen {
        period: Period,
        unit: String,
        reason: String,
    },
    /// Freeze the period (admin).
    Lock {
        period: Period,
        reason: Option<String>,
    },
    /// Open it again (admin), saying why.
    Unlock { period: Period, reason: String },
}

impl PeriodAct {
    pub fn period(&self) -> Period {
        match self {
            PeriodAct::Submit { period, .. }
            | PeriodAct::Reopen { period, .. }
            | PeriodAct::Lock { period, .. }
            | PeriodAct::Unlock { period, .. } => *period,
        }
    }

    /// The unit concerned, for a submission.
    pub fn unit(&self) -> Option<&str> {
        match self {
            PeriodAct::Submit { unit, .. } | PeriodAct::Reopen { unit, .. } => Some(unit),
            PeriodAct::Lock { .. } | PeriodAct::Unlock { .. } => None,
        }
    }

    /// The reason given, if any.
    pub fn reason(&self) -> Option<&str> {
        match self {
            PeriodAct::Reopen { reason, .. } | PeriodAct::Unlock { reason, .. } => Some(reason),
            PeriodAct::Lock { reason, .. } => reason.as_deref(),
            PeriodAct::Submit { .. } => None,
        }
    }
}

/// What happened to a period, as the audit log keeps it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PeriodChange {
    pub period: Period,
    /// The unit of a submission; None for the lock.
    pub unit: Option<String>,
    pub event: PeriodEvent,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum PeriodEvent {
    Submitted,
    /// Taken back by an admin with a reason, or (None) by a change of the
    /// unit's figures after it was handed in.
    Reopened {
        reason: Option<String>,
    },
    Locked {
        reason: Option<String>,
    },
    Unlocked {
        reason: String,
    },
}

impl PeriodEvent {
    /// A word or two, for a column of History.
    pub fn short(&self) -> &'static str {
        match self {
            PeriodEvent::Submitted => "đã nộp",
            PeriodEvent::Reopened { .. } => "mở lại nộp",
            PeriodEvent::Locked { .. } => "chốt số liệu",
            PeriodEvent::Unlocked { .. } => "mở khoá",
        }
    }
}

impl std::fmt::Display for PeriodChange {
    /// `Kỳ 2021-H1: chốt số liệu (lý do: họp cụm)`, `Kỳ 2021-H1, AG: đã nộp`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.unit {
            Some(u) => write!(f, "Kỳ {}, {u}: ", self.period)?,
            None => write!(f, "Kỳ {}: ", self.period)?,
        }
        let why = |f: &mut std::fmt::Formatter<'_>, r: &Option<String>| match r {
            Some(r) => write!(f, " (lý do: {r})"),
            None => Ok(()),
        };
        match &self.event {
            PeriodEvent::Submitted => f.write_str("đã nộp"),
            PeriodEvent::Reopened { reason: None } => {
                f.write_str("mở lại (đang nhập): số liệu được sửa sau khi nộp")
            }
            PeriodEvent::Reopened { reason } => {
                f.write_str("mở lại (đang nhập)")?;
                why(f, reason)
            }
            PeriodEvent::Locked { reason } => {
                f.write_str("chốt số liệu")?;
                why(f, reason)
            }
            PeriodEvent::Unlocked { reason } => write!(f, "mở khoá (lý do: {reason})"),
        }
    }
}

/// Where a unit's figures of a period stand.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnitState {
    /// `chưa nhập`: no figures.
    Empty,
    /// `đang nhập`: figures, not handed in.
    Entering,
    /// `đã nộp`: handed in.
    Submitted,
}

impl UnitState {
    pub fn label(&self) -> &'static str {
        match self {
            UnitState::Empty => "chưa nhập",
            UnitState::Entering => "đang nhập",
            UnitState::Submitted => "đã nộp",
        }
    }
}

/// One member's figures of a period and its submission.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitStatus {
    pub unit: String,
    /// Figures stored for the unit in the period (every kind).
    pub figures: u32,
    /// When the last of them changed, when known.
    pub changed_ms: Option<i64>,
    pub submitted: Option<Mark>,
}

impl UnitStatus {
    pub fn state(&self) -> UnitState {
        match (&self.submitted, self.figures) {
            (Some(_), _) => UnitState::Submitted,
            (None, 0) => UnitState::Empty,
            (None, _) => UnitState::Entering,
        }
    }
}

/// A period's lock and its members' submissions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PeriodStatus {
    pub period: Period,
    pub lock: Option<Mark>,
    /// The members the cluster counts in the period, in code order.
    pub units: Vec<UnitStatus>,
}

impl PeriodStatus {
    /// Nothing locked, nothing handed in (a store that keeps neither).
    pub fn open(period: Period) -> Self {
        PeriodStatus {
            period,
            lock: None,
            units: Vec::new(),
        }
    }

    /// The status of the members `members` from their counts and
    /// submissions.
    pub fn assemble(
        period: Period,
        lock: Option<Mark>,
        members: &[String],
        counts: &[UnitCount],
        submitted: &[(String, Mark)],
    ) -> Self {
        let mut units: Vec<UnitStatus> = members
            .iter()
            .map(|m| {
                let c = counts.iter().find(|c| &c.unit == m);
                UnitStatus {
                    unit: m.clone(),
                    figures: c.map_or(0, |c| c.actuals + c.others),
                    changed_ms: c.and_then(|c| c.changed_ms),
                    submitted: submitted
                        .iter()
                        .find(|(u, _)| u == m)
                        .map(|(_, s)| s.clone()),
                }
            })
            .collect();
        units.sort_by(|a, b| a.unit.cmp(&b.unit));
        PeriodStatus {
            period,
            lock,
            units,
        }
    }

    pub fn unit(&self, code: &str) -> Option<&UnitStatus> {
        self.units.iter().find(|u| u.unit == code)
    }
}

/// Whether a lock of `locked` freezes the cell `key`: the period's own
/// figures, and the plans of its year (its shares of plan read them).
pub fn freezes(locked: Period, key: &ValueKey) -> bool {
    key.period == locked || (key.kind == Kind::Plan && key.period == locked.year_period())
}

/// The longest reason (an unlock, a reopening, a lock).
pub const REASON_MAX_CHARS: usize = 500;

/// A reason as the store keeps it: trimmed, NFC, no control characters,
/// not empty where one is required, at most [`REASON_MAX_CHARS`].
pub fn check_reason(reason: &str, required: bool) -> Result<Option<String>, String> {
    if reason.chars().any(|c| c.is_control()) {
        return Err("Lý do không được chứa ký tự điều khiển (xuống dòng, Esc …)".into());
    }
    let clean = crate::text::normalize::clean(reason.trim());
    if clean.is_empty() {
        return if required {
            Err("Cần ghi lý do (--reason \"…\"); không làm gì".into())
        } else {
            Ok(None)
        };
    }
    let n = clean.chars().count();
    if n > REASON_MAX_CHARS {
        return Err(format!(
            "Lý do dài {n} ký tự, tối đa {REASON_MAX_CHARS}; không làm gì"
        ));
    }
    Ok(Some(clean))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(p: &str, kind: Kind) -> ValueKey {
        ValueKey::new(p.parse().expect("period"), "AG", "EXPORT", kind)
    }

    #[test]
    fn a_lock_freezes_its_figures_and_the_plans_of_its_year() {
        let h1: Period = "2021-H1".parse().expect("p");
        assert!(freezes(h1, &key("2021-H1", Kind::Actual)));
        assert!(freezes(h1, &key("2021", Kind::Plan)));
        assert!(!freezes(h1, &key("2021", Kind::Actual)));
        assert!(!freezes(h1, &key("2021-H2", Kind::Actual)));
        assert!(!freezes(h1, &key("2022", Kind::Plan)));
    }

    #[test]
    fn reasons_are_required_bounded_and_plain() {
        assert!(check_reason("  ", true).is_err());
        assert_eq!(check_reason("  ", false), Ok(None));
        assert!(check_reason("a\u{1b}[31m", true).is_err());
        assert!(check_reason("dòng\nhai", true).is_err());
        assert!(check_reason(&"x".repeat(REASON_MAX_CHARS + 1), true).is_err());
        assert_eq!(
            check_reason(" sửa số liệu AG ", true),
            Ok(Some("sửa số liệu AG".into()))
        );
    }

    #[test]
    fn a_unit_is_empty_entering_or_submitted() {
        let mark = Mark {
            by: "lan".into(),
            at_ms: 1,
            seq: 1,
            reason: None,
        };
        let s = |figures, submitted: Option<Mark>| UnitStatus {
            unit: "AG".into(),
            figures,
            changed_ms: None,
            submitted,
        };
        assert_eq!(s(0, None).state(), UnitState::Empty);
        assert_eq!(s(3, None).state(), UnitState::Entering);
        assert_eq!(s(3, Some(mark)).state(), UnitState::Submitted);
    }
}
