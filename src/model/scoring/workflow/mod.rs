//! The score sheet's workflow as a pure state machine (issue #18 item 3):
//! `nháp` → `đã tự chấm` → `đã thẩm định` → (`đã giải trình` → `thẩm định
//! lại`) → `đã chốt`. [`apply`] takes the stored entries of one unit's
//! sheet, who asks and what they ask, and returns the new entries with
//! what the audit log records — or a [`Refusal`] with the Vietnamese
//! message, and nothing changes. The store calls it inside its write
//! transaction and the server before it; the screens only reflect it.
//!
//! Who may do what:
//!
//! | change | who | when |
//! |---|---|---|
//! | self-scores (tự chấm) | the unit's officer, an admin on its behalf | `nháp` |
//! | explanations (giải trình) | the unit's officer, an admin | `đã thẩm định`, `thẩm định lại` |
//! | reviewed points with a reason (thẩm định) | an admin | `đã tự chấm` to `thẩm định lại` |
//! | the moves of [`state::RULES`] | as the table says | as the table says |
//!
//! A locked sheet refuses every change but an admin's unlock, which needs
//! a reason. Points lie within 0…MS (0…cap for bonus and penalty; a
//! penalty is written as the positive number of points taken off), with at
//! most 2 decimals; a criterion that is a group or has no method takes
//! none. Bonus and penalty points entered by hand need their ground.

pub mod refusal;
pub mod state;

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

pub use refusal::Refusal;
pub use state::{Move, Mover, RULES, Rule, State};

use super::calc::POINT_DECIMALS;
use crate::model::covenant::CovenantYear;
use crate::model::criterion::{Criterion, Method};
use crate::model::period::Period;
use crate::text::clean;

/// Who asks, as the server knows them from their OS user's role.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Actor {
    /// The cluster's secretariat (thư ký cụm).
    Admin,
    /// The officer of one unit (its code).
    Province(String),
    Viewer,
}

/// Reviewed points (điểm thẩm định) and why they were given.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reviewed {
    pub points: Decimal,
    pub reason: String,
}

/// What was entered on one criterion of a sheet.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// Điểm tự chấm.
    pub self_points: Option<Decimal>,
    /// The unit's ground for its self-score (required for bonus/penalty).
    pub self_note: Option<String>,
    pub reviewed: Option<Reviewed>,
    /// Giải trình: the unit's answer to the review.
    pub explanation: Option<String>,
}

impl Entry {
    fn is_empty(&self) -> bool {
        *self == Entry::default()
    }
}

/// What the store keeps of one unit's sheet of one period: the state and
/// the entries by criterion code. The computed points are not stored:
/// they follow from the figures whenever the sheet is shown.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SheetEntries {
    pub state: State,
    pub criteria: BTreeMap<String, Entry>,
    /// The reason of the last return or unlock, shown on the sheet.
    pub last_reason: Option<String>,
}

impl SheetEntries {
    /// The criterion a change is about (None: a move of the whole sheet).
    pub fn criterion_of(change: &Change) -> Option<&str> {
        match change {
            Change::SelfPoints { criterion, .. }
            | Change::Explanation { criterion, .. }
            | Change::Reviewed { criterion, .. } => Some(criterion),
            Change::Move { .. } => None,
        }
    }

    pub fn entry(&self, code: &str) -> Option<&Entry> {
        self.criteria.get(code)
    }

    fn with_entry(&self, code: &str, edit: impl FnOnce(&mut Entry)) -> SheetEntries {
        let mut out = self.clone();
        let mut e = out.criteria.remove(code).unwrap_or_default();
        edit(&mut e);
        if !e.is_empty() {
            out.criteria.insert(code.to_string(), e);
        }
        out
    }
}

/// Whose sheet: the year's covenant (for the scale), the period scored and
/// the unit, with its name for messages.
#[derive(Debug, Clone, Copy)]
pub struct SheetContext<'a> {
    pub year: &'a CovenantYear,
    pub period: Period,
    pub unit: &'a str,
    pub unit_name: &'a str,
}

impl SheetContext<'_> {
    /// `«AG» (An Giang) kỳ 2021-H1`.
    pub fn label(&self) -> String {
        format!("«{}» ({}) kỳ {}", self.unit, self.unit_name, self.period)
    }
}

/// A change asked of a sheet (it travels to the server as it is).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Change {
    /// Set or clear (None) the unit's own points on a criterion.
    SelfPoints {
        criterion: String,
        points: Option<Decimal>,
        note: Option<String>,
    },
    /// Set or clear the unit's explanation on a criterion.
    Explanation {
        criterion: String,
        text: Option<String>,
    },
    /// Set or clear the reviewed points; a reason either way.
    Reviewed {
        criterion: String,
        points: Option<Decimal>,
        reason: String,
    },
    /// Move the sheet (a reason where the move needs one).
    Move { mv: Move, reason: Option<String> },
}

/// What the audit log records of an accepted change (who and when are the
/// store's): the field, its old and new value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Recorded {
    State {
        old: State,
        new: State,
    },
    SelfPoints {
        criterion: String,
        old: (Option<Decimal>, Option<String>),
        new: (Option<Decimal>, Option<String>),
    },
    Explanation {
        criterion: String,
        old: Option<String>,
        new: Option<String>,
    },
    Reviewed {
        criterion: String,
        old: Option<Reviewed>,
        new: Option<Reviewed>,
    },
}

/// An accepted change: the entries to store and what to log, with the
/// reason given (required for reviews, returns and unlocks).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Applied {
    pub entries: SheetEntries,
    pub recorded: Recorded,
    pub reason: Option<String>,
}

/// Text as stored: cleaned (NFC, no control characters), trimmed; None
/// when nothing is left.
fn text(s: Option<&str>) -> Option<String> {
    s.map(|s| clean(s).trim().to_string())
        .filter(|s| !s.is_empty())
}

/// Apply `change` asked by `actor` to `entries` (see the module).
pub fn apply(
    ctx: &SheetContext<'_>,
    entries: &SheetEntries,
    actor: &Actor,
    change: &Change,
) -> Result<Applied, Refusal> {
    let admin = match actor {
        Actor::Viewer => return Err(Refusal::ViewerOnly),
        Actor::Province(own) if own != ctx.unit => {
            return Err(Refusal::OtherUnit {
                own: own.clone(),
                sheet: ctx.label(),
            });
        }
        Actor::Province(_) => false,
        Actor::Admin => true,
    };
    let unlocking = matches!(
        change,
        Change::Move {
            mv: Move::Unlock,
            ..
        }
    );
    // An unlock asked by a unit officer is told it is the secretariat's.
    if entries.state == State::Locked && !unlocking {
        return Err(Refusal::Locked { sheet: ctx.label() });
    }
    let in_state = |what: &str, allowed: &[State]| {
        if allowed.contains(&entries.state) {
            Ok(())
        } else {
            Err(Refusal::WrongState {
                what: what.to_string(),
                state: entries.state,
                allowed: allowed.to_vec(),
            })
        }
    };
    match change {
        Change::SelfPoints {
            criterion,
            points,
            note,
        } => {
            in_state("sửa điểm tự chấm", &[State::Draft])?;
            let c = enterable(ctx, criterion)?;
            let note = text(note.as_deref());
            if let Some(p) = points {
                check_points(c, *p)?;
                if c.scoring.method.is_outside_scale() && note.is_none() {
                    return Err(Refusal::NoteRequired {
                        criterion: c.quoted(),
                    });
                }
            }
            let note = points.and(note);
            let old = entries.entry(criterion).cloned().unwrap_or_default();
            Ok(Applied {
                entries: entries.with_entry(criterion, |e| {
                    e.self_points = *points;
                    e.self_note = note.clone();
                }),
                recorded: Recorded::SelfPoints {
                    criterion: criterion.clone(),
                    old: (old.self_points, old.self_note),
                    new: (*points, note),
                },
                reason: None,
            })
        }
        Change::Explanation {
            criterion,
            text: given,
        } => {
            in_state("ghi giải trình", &[State::Reviewed, State::Rereviewed])?;
            on_scale(ctx, criterion)?;
            let new = text(given.as_deref());
            if given.is_some() && new.is_none() {
                return Err(Refusal::EmptyText {
                    what: "giải trình".into(),
                });
            }
            let old = entries.entry(criterion).and_then(|e| e.explanation.clone());
            Ok(Applied {
                entries: entries.with_entry(criterion, |e| e.explanation = new.clone()),
                recorded: Recorded::Explanation {
                    criterion: criterion.clone(),
                    old,
                    new,
                },
                reason: None,
            })
        }
        Change::Reviewed {
            criterion,
            points,
            reason,
        } => {
            let what = "nhập điểm thẩm định";
            if !admin {
                return Err(Refusal::AdminOnly { what: what.into() });
            }
            in_state(
                what,
                &[
                    State::SelfScored,
                    State::Reviewed,
                    State::Explained,
                    State::Rereviewed,
                ],
            )?;
            let c = enterable(ctx, criterion)?;
            let reason = text(Some(reason)).ok_or_else(|| Refusal::ReasonRequired {
                what: "nhập hoặc bỏ điểm thẩm định".into(),
            })?;
            if let Some(p) = points {
                check_points(c, *p)?;
            }
            let new = points.map(|points| Reviewed {
                points,
                reason: reason.clone(),
            });
            let old = entries.entry(criterion).and_then(|e| e.reviewed.clone());
            Ok(Applied {
                entries: entries.with_entry(criterion, |e| e.reviewed = new.clone()),
                recorded: Recorded::Reviewed {
                    criterion: criterion.clone(),
                    old,
                    new,
                },
                reason: Some(reason),
            })
        }
        Change::Move { mv, reason } => {
            let rule = mv.rule();
            if rule.who == Mover::Admin && !admin {
                return Err(Refusal::AdminOnly {
                    what: mv.label().into(),
                });
            }
            in_state(mv.label(), rule.from)?;
            let reason = text(reason.as_deref());
            if rule.needs_reason && reason.is_none() {
                return Err(Refusal::ReasonRequired {
                    what: mv.label().into(),
                });
            }
            if *mv == Move::Explain && !entries.criteria.values().any(|e| e.explanation.is_some()) {
                return Err(Refusal::NothingExplained);
            }
            let mut next = entries.clone();
            next.state = rule.to;
            if rule.needs_reason {
                next.last_reason = reason.clone();
            }
            Ok(Applied {
                entries: next,
                recorded: Recorded::State {
                    old: entries.state,
                    new: rule.to,
                },
                reason,
            })
        }
    }
}

/// The moves `actor` may make on the sheet now (for the screen's keys).
pub fn allowed_moves(ctx: &SheetContext<'_>, entries: &SheetEntries, actor: &Actor) -> Vec<Move> {
    Move::ALL
        .into_iter()
        .filter(|mv| {
            let probe = Change::Move {
                mv: *mv,
                reason: Some("?".into()),
            };
            match apply(ctx, entries, actor, &probe) {
                Ok(_) | Err(Refusal::NothingExplained) => true,
                Err(_) => false,
            }
        })
        .collect()
}

/// A criterion of the year's scale (a group or an item with points).
fn on_scale<'a>(ctx: &SheetContext<'a>, code: &str) -> Result<&'a Criterion, Refusal> {
    ctx.year
        .criterion(code)
        .filter(|c| super::sheet::on_sheet(ctx.year, c))
        .ok_or_else(|| Refusal::UnknownCriterion {
            code: code.to_string(),
            year: ctx.year.year,
        })
}

/// A criterion that takes points of its own.
fn enterable<'a>(ctx: &SheetContext<'a>, code: &str) -> Result<&'a Criterion, Refusal> {
    let c = on_scale(ctx, code)?;
    if ctx.year.children(&c.code).next().is_some() {
        return Err(Refusal::NotEnterable {
            criterion: c.quoted(),
            why: "là nhóm: điểm là tổng điểm các chỉ tiêu con, không chấm riêng".into(),
        });
    }
    if c.scoring.method == Method::None {
        return Err(Refusal::NotEnterable {
            criterion: c.quoted(),
            why: "chưa có cách chấm (method) nên không nhận điểm".into(),
        });
    }
    Ok(c)
}

/// 0 ≤ points ≤ MS (the cap for bonus and penalty), 2 decimals at most.
fn check_points(c: &Criterion, p: Decimal) -> Result<(), Refusal> {
    let criterion = c.quoted();
    if p < Decimal::ZERO {
        return Err(Refusal::Negative {
            criterion,
            value: p,
        });
    }
    if p.normalize().scale() > POINT_DECIMALS {
        return Err(Refusal::TooManyDecimals {
            criterion,
            value: p,
        });
    }
    let (max, of) = if c.scoring.method.is_outside_scale() {
        (c.scoring.cap, "mức trần")
    } else {
        (c.scoring.max_points, "điểm tối đa")
    };
    match max {
        Some(max) if p > max => Err(Refusal::AboveMax {
            criterion,
            value: p,
            max,
            of,
        }),
        Some(_) => Ok(()),
        None => Err(Refusal::NotEnterable {
            criterion,
            why: format!("chưa có {of} nên không nhận điểm"),
        }),
    }
}
