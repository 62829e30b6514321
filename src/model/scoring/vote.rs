//! The cluster meeting's vote (bình xét, bỏ phiếu) on whom to propose for
//! an award (issue #18 item 4): one ballot per proposal — the award, the
//! unit, votes for, against, and how many voted — and the cluster's rule,
//! which is data: a share of a base, "more than" or "at least" (the usual
//! one: more than half of the cluster's members, [`VoteRule::MAJORITY_OF_MEMBERS`]).
//! Each member unit present casts one vote, so the voters are at most the
//! members present; votes neither for nor against are blank or invalid.

use std::collections::HashSet;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::model::covenant::CovenantYear;
use crate::model::period::Period;

/// What the share in a rule is of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum VoteBase {
    /// Every member of the cluster that year.
    Members,
    /// The members present at the meeting.
    Present,
}

/// When a proposal carries: votes for `>` (strict) or `≥` the share
/// `numerator/denominator` of the base.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct VoteRule {
    pub numerator: u32,
    pub denominator: u32,
    pub strict: bool,
    pub base: VoteBase,
}

impl VoteRule {
    /// Quá 1/2 tổng số thành viên của cụm.
    pub const MAJORITY_OF_MEMBERS: VoteRule = VoteRule {
        numerator: 1,
        denominator: 2,
        strict: true,
        base: VoteBase::Members,
    };

    /// `quá 1/2 tổng số thành viên của cụm`, `từ 2/3 số thành viên dự họp trở lên`.
    pub fn label(&self) -> String {
        let base = match self.base {
            VoteBase::Members => "tổng số thành viên của cụm",
            VoteBase::Present => "số thành viên dự họp",
        };
        let share = format!("{}/{}", self.numerator, self.denominator);
        if self.strict {
            format!("quá {share} {base}")
        } else {
            format!("từ {share} {base} trở lên")
        }
    }

    /// The rule makes sense: a share within (0, 1], and not "more than all".
    pub fn check(&self) -> Result<(), VoteError> {
        let n = self.numerator;
        let d = self.denominator;
        if d == 0 || n == 0 || n > d || (self.strict && n == d) {
            return Err(VoteError(format!(
                "Quy tắc bỏ phiếu «{}» không dùng được: tỷ lệ phải lớn hơn 0 và không quá toàn bộ",
                self.label()
            )));
        }
        Ok(())
    }

    /// The fewest votes for that carry a proposal, with `base` voters in
    /// the base: ⌊base × n ÷ d⌋ + 1 for "more than", ⌈base × n ÷ d⌉ for
    /// "at least" (in whole numbers, so nothing rounds).
    pub fn needed(&self, base: u32) -> u32 {
        let product = u64::from(base) * u64::from(self.numerator);
        let d = u64::from(self.denominator.max(1));
        let needed = if self.strict {
            product / d + 1
        } else {
            product.div_ceil(d)
        };
        u32::try_from(needed).unwrap_or(u32::MAX)
    }
}

/// One proposal put to the vote and its count.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ballot {
    /// The award proposed (`Cờ thi đua của Chính phủ`).
    pub award: String,
    /// The unit proposed.
    pub unit: String,
    pub votes_for: u32,
    pub votes_against: u32,
    /// How many member units voted.
    pub voters: u32,
}

/// The meeting as the store keeps it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Meeting {
    pub period: Period,
    pub date: Option<NaiveDate>,
    /// Where it was held (`TP Sóc Trăng`), empty when not said.
    pub place: String,
    /// The member units present, in the order recorded.
    pub present: Vec<String>,
    pub rule: VoteRule,
    pub ballots: Vec<Ballot>,
}

/// A ballot counted under the rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Counted {
    pub ballot: Ballot,
    /// Votes neither for nor against (blank or invalid).
    pub blank: u32,
    /// How many the rule counts in its base.
    pub base: u32,
    pub needed: u32,
    pub carried: bool,
}

/// A meeting record that cannot be counted, with the Vietnamese message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VoteError(pub String);

impl std::fmt::Display for VoteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for VoteError {}

impl Meeting {
    /// Every ballot counted, or the first thing wrong with the record:
    /// members present who are not members, listed twice; a ballot for a
    /// non-member, with no award, listed twice, with more voters than
    /// members present, or more votes than voters.
    pub fn count(&self, year: &CovenantYear) -> Result<Vec<Counted>, VoteError> {
        self.rule.check()?;
        let members = year.member_codes();
        let mut seen = HashSet::new();
        for p in &self.present {
            if !members.contains(&p.as_str()) {
                return Err(VoteError(format!(
                    "«{p}» không phải thành viên của cụm năm {}, không thể ghi là có mặt",
                    year.year
                )));
            }
            if !seen.insert(p.as_str()) {
                return Err(VoteError(format!("«{p}» ghi có mặt hai lần")));
            }
        }
        let present = u32::try_from(self.present.len()).unwrap_or(u32::MAX);
        let base = match self.rule.base {
            VoteBase::Members => u32::try_from(members.len()).unwrap_or(u32::MAX),
            VoteBase::Present => present,
        };
        let mut proposals = HashSet::new();
        self.ballots
            .iter()
            .map(|b| {
                let what = format!("Phiếu đề nghị «{}» cho «{}»", b.award.trim(), b.unit);
                if b.award.trim().is_empty() {
                    return Err(VoteError(format!(
                        "Phiếu đề nghị cho «{}» chưa ghi hình thức khen thưởng",
                        b.unit
                    )));
                }
                if !members.contains(&b.unit.as_str()) {
                    return Err(VoteError(format!(
                        "{what}: «{}» không phải thành viên của cụm năm {}",
                        b.unit, year.year
                    )));
                }
                if !proposals.insert((b.award.trim(), b.unit.as_str())) {
                    return Err(VoteError(format!("{what} ghi hai lần")));
                }
                if b.voters == 0 {
                    return Err(VoteError(format!("{what}: chưa ghi số người bỏ phiếu")));
                }
                if b.voters > present {
                    return Err(VoteError(format!(
                        "{what}: {} người bỏ phiếu nhưng chỉ {present} thành viên dự họp",
                        b.voters
                    )));
                }
                let cast = u64::from(b.votes_for) + u64::from(b.votes_against);
                if cast > u64::from(b.voters) {
                    return Err(VoteError(format!(
                        "{what}: {} đồng ý + {} không đồng ý = {cast}, nhiều hơn {} người bỏ phiếu",
                        b.votes_for, b.votes_against, b.voters
                    )));
                }
                let needed = self.rule.needed(base);
                Ok(Counted {
                    ballot: b.clone(),
                    blank: b.voters - b.votes_for - b.votes_against,
                    base,
                    needed,
                    carried: b.votes_for >= needed,
                })
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn more_than_half_and_at_least_two_thirds() {
        let half = VoteRule::MAJORITY_OF_MEMBERS;
        assert_eq!(half.needed(12), 7);
        assert_eq!(half.needed(11), 6);
        assert_eq!(half.label(), "quá 1/2 tổng số thành viên của cụm");
        let two_thirds = VoteRule {
            numerator: 2,
            denominator: 3,
            strict: false,
            base: VoteBase::Present,
        };
        assert_eq!(two_thirds.needed(12), 8);
        assert_eq!(two_thirds.needed(10), 7);
        assert_eq!(two_thirds.label(), "từ 2/3 số thành viên dự họp trở lên");
        let all = VoteRule {
            numerator: 1,
            denominator: 1,
            strict: true,
            base: VoteBase::Members,
        };
        assert!(all.check().is_err());
    }
}
