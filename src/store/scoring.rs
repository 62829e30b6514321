//! The covenant score in the store (issue #18 item 3): per unit and scored
//! period its sheet's entries ([`SheetEntries`], the engine's record), and
//! per period the cluster meeting ([`Meeting`]). Every change of a sheet
//! goes through the engine's `workflow::apply` with the writer's
//! [`Actor`]; a change carries what its writer saw ([`SheetSeen`],
//! [`MeetingEdit::seen`]) and a stale one is refused naming who changed
//! it and when, as a figure is. Each accepted change is one audit entry
//! ([`ScoringChange`]: the field, its old and new text; the reason in the
//! entry's note).
//!
//! This module holds the values and their texts; the sled store applies
//! them (`sled_store/sheets.rs`) and the server maps a connection's role
//! to an actor ([`actor_of`]).

use serde::{Deserialize, Serialize};

use super::Role;
use crate::model::Period;
use crate::model::scoring::SheetEntries;
use crate::model::scoring::vote::{Ballot, Meeting};
use crate::model::scoring::workflow::{Actor, Change, Entry, Recorded, Reviewed, State};
use crate::text::number::format_exact;

/// What an audit entry of the covenant score is about.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum ScoringSubject {
    /// One unit's score sheet of one period.
    Sheet { period: Period, unit: String },
    /// The cluster meeting (bình xét) of one period.
    Meeting(Period),
}

impl std::fmt::Display for ScoringSubject {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ScoringSubject::Sheet { period, unit } => {
                write!(f, "bảng chấm điểm «{unit}» kỳ {period}")
            }
            ScoringSubject::Meeting(p) => write!(f, "cuộc họp bình xét kỳ {p}"),
        }
    }
}

/// One change of a sheet or a meeting as the audit log keeps it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScoringChange {
    pub subject: ScoringSubject,
    /// `trạng thái`, `tự chấm GRDP_GROWTH`, `thẩm định GRDP_GROWTH`,
    /// `giải trình GRDP_GROWTH`; a meeting's `dự họp`, `quy tắc`,
    /// `phiếu <award> <unit>`, `ngày`, `địa điểm`.
    pub field: String,
    /// None: nothing there before (or after).
    pub old: Option<String>,
    pub new: Option<String>,
}

impl std::fmt::Display for ScoringChange {
    /// `bảng chấm điểm «AG» kỳ 2021-H1, tự chấm EXPORT: (trống) → «8»`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let shown = |t: &Option<String>| match t.as_deref() {
            None | Some("") => "(trống)".to_string(),
            Some(t) => format!("«{t}»"),
        };
        write!(
            f,
            "{}, {}: {} → {}",
            self.subject,
            self.field,
            shown(&self.old),
            shown(&self.new)
        )
    }
}

/// What the writer saw of the part of a sheet a change is about: the
/// sheet's state, and the criterion's entry (None for a move, or where
/// nothing was entered).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SheetSeen {
    pub state: State,
    pub entry: Option<Entry>,
}

impl SheetSeen {
    /// What `entries` shows of the part `criterion` (None: the state only).
    pub fn of(entries: &SheetEntries, criterion: Option<&str>) -> SheetSeen {
        SheetSeen {
            state: entries.state,
            entry: criterion.and_then(|c| entries.entry(c).cloned()),
        }
    }

    /// `trạng thái «đã tự chấm»; tự chấm 8; thẩm định 6 («…»)`, for a
    /// stale change's message.
    pub fn describe(&self) -> String {
        let mut parts = vec![format!("trạng thái «{}»", self.state.label())];
        if let Some(e) = &self.entry {
            if let Some(p) = e.self_points {
                parts.push(format!("tự chấm {}", points(p)));
            }
            if let Some(r) = &e.reviewed {
                parts.push(format!("thẩm định {} («{}»)", points(r.points), r.reason));
            }
            if let Some(x) = &e.explanation {
                parts.push(format!("giải trình «{x}»"));
            }
        }
        parts.join("; ")
    }
}

/// A change of one unit's sheet of one period, with what its writer saw.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SheetEdit {
    pub period: Period,
    pub unit: String,
    pub seen: SheetSeen,
    pub change: Change,
}

impl SheetEdit {
    /// A change asked over `entries` as the writer sees them now.
    pub fn over(period: Period, unit: &str, entries: &SheetEntries, change: Change) -> SheetEdit {
        SheetEdit {
            period,
            unit: unit.to_string(),
            seen: SheetSeen::of(entries, SheetEntries::criterion_of(&change)),
            change,
        }
    }

    pub fn subject(&self) -> ScoringSubject {
        ScoringSubject::Sheet {
            period: self.period,
            unit: self.unit.clone(),
        }
    }

    /// Every text the change carries, for the length limits.
    pub fn texts(&self) -> Vec<&str> {
        match &self.change {
            Change::SelfPoints { note, .. } => note.iter().map(String::as_str).collect(),
            Change::Explanation { text, .. } => text.iter().map(String::as_str).collect(),
            Change::Reviewed { reason, .. } => vec![reason.as_str()],
            Change::Move { reason, .. } => reason.iter().map(String::as_str).collect(),
        }
    }
}

/// The meeting of a period recorded (`new`), replaced or removed (None),
/// over the record its writer saw.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MeetingEdit {
    pub period: Period,
    pub seen: Option<Meeting>,
    pub new: Option<Meeting>,
}

/// Who a connection's role makes of its writer on a sheet.
pub fn actor_of(role: &Role) -> Actor {
    match role {
        Role::Admin => Actor::Admin,
        Role::Province(code) => Actor::Province(code.clone()),
        Role::Viewer => Actor::Viewer,
    }
}

fn points(p: rust_decimal::Decimal) -> String {
    format_exact(p, 0)
}

fn points_and_note(v: &(Option<rust_decimal::Decimal>, Option<String>)) -> Option<String> {
    match v {
        (None, _) => None,
        (Some(p), None) => Some(points(*p)),
        (Some(p), Some(n)) => Some(format!("{} ({n})", points(*p))),
    }
}

fn reviewed(r: &Option<Reviewed>) -> Option<String> {
    r.as_ref().map(|r| points(r.points))
}

/// The audit entry's field, old and new text of an accepted change.
pub fn recorded_change(subject: ScoringSubject, recorded: &Recorded) -> ScoringChange {
    let (field, old, new) = match recorded {
        Recorded::State { old, new } => (
            "trạng thái".to_string(),
            Some(old.label().to_string()),
            Some(new.label().to_string()),
        ),
        Recorded::SelfPoints {
            criterion,
            old,
            new,
        } => (
            format!("tự chấm {criterion}"),
            points_and_note(old),
            points_and_note(new),
        ),
        Recorded::Explanation {
            criterion,
            old,
            new,
        } => (format!("giải trình {criterion}"), old.clone(), new.clone()),
        Recorded::Reviewed {
            criterion,
            old,
            new,
        } => (
            format!("thẩm định {criterion}"),
            reviewed(old),
            reviewed(new),
        ),
    };
    ScoringChange {
        subject,
        field,
        old,
        new,
    }
}

fn ballot_text(b: &Ballot) -> String {
    format!(
        "{} đồng ý, {} không đồng ý, {} người bỏ phiếu",
        b.votes_for, b.votes_against, b.voters
    )
}

/// What changed from one meeting record to the next, field by field.
pub fn meeting_changes(
    period: Period,
    old: Option<&Meeting>,
    new: Option<&Meeting>,
) -> Vec<ScoringChange> {
    let subject = ScoringSubject::Meeting(period);
    let mut out = Vec::new();
    let mut push = |field: String, a: Option<String>, b: Option<String>| {
        if a != b {
            out.push(ScoringChange {
                subject: subject.clone(),
                field,
                old: a,
                new: b,
            });
        }
    };
    let present = |m: Option<&Meeting>| m.map(|m| m.present.join(", "));
    let date = |m: Option<&Meeting>| {
        m.and_then(|m| m.date)
            .map(crate::model::calendar::format_day_vi)
    };
    let place = |m: Option<&Meeting>| m.map(|m| m.place.clone()).filter(|p| !p.is_empty());
    let rule = |m: Option<&Meeting>| m.map(|m| m.rule.label());
    push("dự họp".into(), present(old), present(new));
    push("ngày".into(), date(old), date(new));
    push("địa điểm".into(), place(old), place(new));
    push("quy tắc".into(), rule(old), rule(new));
    let ballots = |m: Option<&Meeting>| m.map(|m| m.ballots.clone()).unwrap_or_default();
    let (before, after) = (ballots(old), ballots(new));
    let same = |a: &Ballot, b: &Ballot| a.award == b.award && a.unit == b.unit;
    for b in &before {
        let now = after.iter().find(|n| same(b, n));
        push(
            format!("phiếu «{}» cho «{}»", b.award, b.unit),
            Some(ballot_text(b)),
            now.map(ballot_text),
        );
    }
    for b in after.iter().filter(|n| !before.iter().any(|b| same(b, n))) {
        push(
            format!("phiếu «{}» cho «{}»", b.award, b.unit),
            None,
            Some(ballot_text(b)),
        );
    }
    out
}
