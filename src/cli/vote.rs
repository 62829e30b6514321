//! `thidua vote`: record one proposal's ballot at the cluster meeting of a
//! period (issue #18 item 4) — the award, the unit, votes for, against
//! and how many voted — through the server, which lets only an admin (the
//! secretariat) write it and checks it against the year's members and the
//! meeting's rule. The first ballot of a period records the meeting too:
//! the members present (`--present`), and where and when it was held.

use std::process::ExitCode;

use chrono::NaiveDate;

use super::Options;
use super::backend::open_store;
use crate::model::Period;
use crate::model::scoring::vote::{Ballot, Meeting, VoteBase, VoteRule};
use crate::store::MeetingEdit;
use crate::text::normalize::{clean, clean_name};

/// What `thidua vote` is asked to record.
#[derive(Debug, Clone)]
pub struct VoteArgs {
    pub period: Period,
    pub award: String,
    pub unit: String,
    pub votes_for: u32,
    pub votes_against: u32,
    pub voters: u32,
    /// The members present, as codes (`AG,BL,CM`); needed for the first ballot.
    pub present: Option<String>,
    pub date: Option<NaiveDate>,
    pub place: Option<String>,
    /// `>1/2` (more than half, the default) or `>=2/3` (at least two thirds).
    pub rule: Option<String>,
    /// Whether the rule's share is of the members present (else of all members).
    pub of_present: bool,
}

/// `>1/2`, `>=2/3`, `quá 1/2`, `từ 2/3`.
pub fn parse_rule(text: &str, of_present: bool) -> Result<VoteRule, String> {
    let t = text.trim();
    let (strict, share) = if let Some(rest) = t.strip_prefix(">=").or_else(|| t.strip_prefix("từ"))
    {
        (false, rest)
    } else if let Some(rest) = t.strip_prefix('>').or_else(|| t.strip_prefix("quá")) {
        (true, rest)
    } else {
        return Err(format!(
            "Không hiểu quy tắc «{}»: dùng >1/2 (quá một nửa) hoặc >=2/3 (từ hai phần ba trở lên)",
            clean(t)
        ));
    };
    let mut parts = share.trim().splitn(2, '/');
    let n = parts.next().and_then(|n| n.trim().parse::<u32>().ok());
    let d = parts.next().and_then(|d| d.trim().parse::<u32>().ok());
    let (Some(numerator), Some(denominator)) = (n, d) else {
        return Err(format!(
            "Không hiểu tỷ lệ «{}» của quy tắc: viết dạng 1/2 hoặc 2/3",
            clean(share.trim())
        ));
    };
    let rule = VoteRule {
        numerator,
        denominator,
        strict,
        base: if of_present {
            VoteBase::Present
        } else {
            VoteBase::Members
        },
    };
    rule.check().map_err(|e| e.to_string())?;
    Ok(rule)
}

fn codes(list: &str) -> Vec<String> {
    list.split([',', ' ', ';'])
        .map(|c| c.trim().to_ascii_uppercase())
        .filter(|c| !c.is_empty())
        .collect()
}

pub fn run(options: &Options, args: &VoteArgs) -> anyhow::Result<ExitCode> {
    let rule = args
        .rule
        .as_deref()
        .map(|r| parse_rule(r, args.of_present))
        .transpose()
        .map_err(anyhow::Error::msg)?;
    let store = open_store(options)?;
    let period = args.period;
    let seen = store.meeting(period)?;
    let mut meeting = match (&seen, &args.present) {
        (Some(m), _) => m.clone(),
        (None, Some(_)) => Meeting {
            period,
            date: None,
            place: String::new(),
            present: Vec::new(),
            rule: VoteRule::MAJORITY_OF_MEMBERS,
            ballots: Vec::new(),
        },
        (None, None) => anyhow::bail!(
            "Kỳ {period} chưa ghi cuộc họp bình xét: phiếu đầu tiên cần --present với mã các \
             đơn vị dự họp (ví dụ --present AG,BL,CM); không ghi gì"
        ),
    };
    if let Some(p) = &args.present {
        meeting.present = codes(p);
    }
    if let Some(d) = args.date {
        meeting.date = Some(d);
    }
    if let Some(place) = &args.place {
        meeting.place = clean_name(place);
    }
    if let Some(r) = rule {
        meeting.rule = r;
    }
    let ballot = Ballot {
        award: clean_name(&args.award),
        unit: args.unit.trim().to_ascii_uppercase(),
        votes_for: args.votes_for,
        votes_against: args.votes_against,
        voters: args.voters,
    };
    match meeting
        .ballots
        .iter_mut()
        .find(|b| b.award == ballot.award && b.unit == ballot.unit)
    {
        Some(b) => *b = ballot.clone(),
        None => meeting.ballots.push(ballot.clone()),
    }
    let entries = store.change_meeting(MeetingEdit {
        period,
        seen,
        new: Some(meeting.clone()),
    })?;
    let year = store
        .covenant()?
        .covenant
        .for_period(period)
        .cloned()
        .ok_or_else(|| anyhow::anyhow!("Chưa có giao ước áp dụng cho kỳ {period}"))?;
    let counted = meeting.count(&year).map_err(anyhow::Error::msg)?;
    if let Some(c) = counted
        .iter()
        .find(|c| c.ballot.award == ballot.award && c.ballot.unit == ballot.unit)
    {
        let verdict = if c.carried {
            "đạt, được đề nghị"
        } else {
            "không đạt"
        };
        let done = if entries.is_empty() {
            "Phiếu không thay đổi"
        } else {
            "Đã ghi phiếu"
        };
        println!(
            "{done}: đề nghị «{}» cho {} kỳ {period}: {} đồng ý, {} không đồng ý, {} để trống \
             trên {} người bỏ phiếu; cần {} phiếu đồng ý ({}): {verdict}.",
            c.ballot.award,
            c.ballot.unit,
            c.ballot.votes_for,
            c.ballot.votes_against,
            c.blank,
            c.ballot.voters,
            c.needed,
            meeting.rule.label()
        );
    }
    super::warn_problems(&*store);
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_read_as_officers_write_them() {
        let half = parse_rule(">1/2", false).expect("half");
        assert_eq!(half, VoteRule::MAJORITY_OF_MEMBERS);
        let two_thirds = parse_rule("từ 2/3", true).expect("2/3");
        assert!(!two_thirds.strict && two_thirds.base == VoteBase::Present);
        assert!(parse_rule("half", false).is_err());
        assert!(parse_rule(">1/0", false).is_err());
    }
}
