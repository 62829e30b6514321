//! The states of a score sheet and the moves between them, with who may
//! make each move: the whole table is data, so the screens list the moves
//! an officer may make from it and the help cannot drift from the rules.
//!
//! ```text
//! nháp → đã tự chấm → đã thẩm định → đã chốt
//!                          ↓    ↑ (chốt từ thẩm định lại)
//!                  đã giải trình → thẩm định lại
//! ```
//!
//! Back moves: an admin returns a submitted sheet to `nháp` (with a
//! reason), and unlocks a locked one to `thẩm định lại` (with a reason).

use serde::{Deserialize, Serialize};

/// Where a unit's sheet of a period stands.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum State {
    /// Nháp: the unit is entering its own points.
    #[default]
    Draft,
    /// Đã tự chấm: submitted; the secretariat reviews.
    SelfScored,
    /// Đã thẩm định: reviewed; the unit may explain.
    Reviewed,
    /// Đã giải trình: the unit explained; a second review follows.
    Explained,
    /// Thẩm định lại: reviewed again (also after an unlock).
    Rereviewed,
    /// Đã chốt: locked; every change is refused until an unlock.
    Locked,
}

impl State {
    pub const ALL: [State; 6] = [
        State::Draft,
        State::SelfScored,
        State::Reviewed,
        State::Explained,
        State::Rereviewed,
        State::Locked,
    ];

    /// `nháp`, `đã tự chấm`, …: what screens and sheets show.
    pub fn label(&self) -> &'static str {
        match self {
            State::Draft => "nháp",
            State::SelfScored => "đã tự chấm",
            State::Reviewed => "đã thẩm định",
            State::Explained => "đã giải trình",
            State::Rereviewed => "thẩm định lại",
            State::Locked => "đã chốt",
        }
    }

    /// `draft`, `self_scored`, …: how files and logs write it.
    pub fn as_str(&self) -> &'static str {
        match self {
            State::Draft => "draft",
            State::SelfScored => "self_scored",
            State::Reviewed => "reviewed",
            State::Explained => "explained",
            State::Rereviewed => "rereviewed",
            State::Locked => "locked",
        }
    }

    pub fn parse(s: &str) -> Option<State> {
        State::ALL.into_iter().find(|st| st.as_str() == s.trim())
    }
}

impl std::fmt::Display for State {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.label())
    }
}

/// Who may make a move.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mover {
    /// The unit's own officer, or an admin on its behalf.
    UnitOrAdmin,
    /// The secretariat only.
    Admin,
}

/// A change of state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Move {
    /// Nộp bảng tự chấm: nháp → đã tự chấm.
    Submit,
    /// Trả lại để đơn vị sửa: đã tự chấm → nháp (with a reason).
    Return,
    /// Xác nhận thẩm định: đã tự chấm → đã thẩm định.
    Review,
    /// Gửi giải trình: đã thẩm định or thẩm định lại → đã giải trình
    /// (at least one explanation written).
    Explain,
    /// Thẩm định lại: đã giải trình → thẩm định lại.
    Rereview,
    /// Chốt điểm: đã thẩm định or thẩm định lại → đã chốt.
    Lock,
    /// Mở khóa: đã chốt → thẩm định lại (with a reason).
    Unlock,
}

/// One row of the workflow table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rule {
    pub mv: Move,
    pub from: &'static [State],
    pub to: State,
    pub who: Mover,
    pub needs_reason: bool,
}

/// The workflow, every move once.
pub const RULES: [Rule; 7] = [
    Rule {
        mv: Move::Submit,
        from: &[State::Draft],
        to: State::SelfScored,
        who: Mover::UnitOrAdmin,
        needs_reason: false,
    },
    Rule {
        mv: Move::Return,
        from: &[State::SelfScored],
        to: State::Draft,
        who: Mover::Admin,
        needs_reason: true,
    },
    Rule {
        mv: Move::Review,
        from: &[State::SelfScored],
        to: State::Reviewed,
        who: Mover::Admin,
        needs_reason: false,
    },
    Rule {
        mv: Move::Explain,
        from: &[State::Reviewed, State::Rereviewed],
        to: State::Explained,
        who: Mover::UnitOrAdmin,
        needs_reason: false,
    },
    Rule {
        mv: Move::Rereview,
        from: &[State::Explained],
        to: State::Rereviewed,
        who: Mover::Admin,
        needs_reason: false,
    },
    Rule {
        mv: Move::Lock,
        from: &[State::Reviewed, State::Rereviewed],
        to: State::Locked,
        who: Mover::Admin,
        needs_reason: false,
    },
    Rule {
        mv: Move::Unlock,
        from: &[State::Locked],
        to: State::Rereviewed,
        who: Mover::Admin,
        needs_reason: true,
    },
];

impl Move {
    pub const ALL: [Move; 7] = [
        Move::Submit,
        Move::Return,
        Move::Review,
        Move::Explain,
        Move::Rereview,
        Move::Lock,
        Move::Unlock,
    ];

    pub fn rule(&self) -> Rule {
        // RULES lists every move; the fallback is never reached.
        RULES
            .into_iter()
            .find(|r| r.mv == *self)
            .unwrap_or(RULES[0])
    }

    /// What the move does, as a verb phrase: `nộp bảng tự chấm`.
    pub fn label(&self) -> &'static str {
        match self {
            Move::Submit => "nộp bảng tự chấm",
            Move::Return => "trả lại bảng để đơn vị sửa",
            Move::Review => "xác nhận thẩm định",
            Move::Explain => "gửi giải trình",
            Move::Rereview => "thẩm định lại",
            Move::Lock => "chốt điểm",
            Move::Unlock => "mở khóa bảng đã chốt",
        }
    }

    pub fn as_str(&self) -> &'static str {
        match self {
            Move::Submit => "submit",
            Move::Return => "return",
            Move::Review => "review",
            Move::Explain => "explain",
            Move::Rereview => "rereview",
            Move::Lock => "lock",
            Move::Unlock => "unlock",
        }
    }

    pub fn parse(s: &str) -> Option<Move> {
        Move::ALL.into_iter().find(|m| m.as_str() == s.trim())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_state_but_the_lock_is_left_by_some_move_and_every_move_has_one_rule() {
        for st in State::ALL {
            assert_eq!(State::parse(st.as_str()), Some(st));
            let leaves = RULES.iter().any(|r| r.from.contains(&st));
            assert!(leaves, "{st} can be left");
        }
        for mv in Move::ALL {
            assert_eq!(RULES.iter().filter(|r| r.mv == mv).count(), 1);
            assert_eq!(Move::parse(mv.as_str()), Some(mv));
        }
    }
}
