//! The shape of a request, checked before the server does anything with it:
//! what a hand-made frame could hold that no thidua sends and that would
//! break a key or a log line (a period that is no period, a code with a NUL
//! or an escape, a name as long as a book). The meaning of each field (a
//! known province, a value in range, a note's length) is the store's to
//! check on every write; this only keeps malformed input away from keys.

use super::protocol::Op;
use crate::model::covenant::Covenant;
use crate::model::{Period, Span, ValueKey};
use crate::store::{CovenantEdit, Edit, HistoryOf, Role, fields};

/// Longest province or indicator code accepted on the wire.
pub const MAX_CODE: usize = 64;

/// Why a request cannot be served, in Vietnamese; None when its shape is fine.
pub fn check(op: &Op) -> Result<(), String> {
    match op {
        Op::Cluster | Op::Users | Op::RoleLog | Op::Ping | Op::Problems | Op::Covenant => Ok(()),
        Op::ClusterFor(p) => period(p),
        Op::CovenantHistory { of, .. } => match of {
            HistoryOf::Unit(c) | HistoryOf::Member(c) => code("đơn vị", c),
            HistoryOf::Criterion(c) => code("chỉ tiêu", c),
            HistoryOf::Year(_) => Ok(()),
        },
        Op::ChangeCovenant(e) => covenant_edit(e),
        Op::Values { period, after } => {
            if let Some(p) = period {
                self::period(p)?;
            }
            after.as_ref().map_or(Ok(()), key)
        }
        Op::Get(k) => key(k),
        Op::History { key: k, .. } => key(k),
        Op::WeightHistory { indicator, .. } => code("chỉ tiêu", indicator),
        Op::Write(e) => edit(e),
        Op::WriteBatch(edits) => edits.iter().try_for_each(edit),
        Op::SetWeight { indicator, .. } => code("chỉ tiêu", indicator),
        Op::SetRole { user, role } => {
            user_name(user)?;
            match role {
                Some(Role::Province(p)) => code("tỉnh", p),
                _ => Ok(()),
            }
        }
        Op::Missed { after, upto } if after > upto => {
            Err(format!("khoảng nhật ký {after}..{upto} không hợp lệ"))
        }
        Op::Missed { .. } => Ok(()),
        Op::Periods | Op::Check | Op::Backup => Ok(()),
        Op::BackupChunk { name, .. } if name.len() > 64 => Err("tên bản sao lưu quá dài".into()),
        Op::BackupChunk { .. } => Ok(()),
        Op::ImportStage { edits, .. } if edits.len() > crate::store::sled_store::STAGE_MAX => {
            Err(format!(
                "một phần của lần nhập có {} ô, tối đa {}",
                edits.len(),
                crate::store::sled_store::STAGE_MAX
            ))
        }
        Op::ImportStage { edits, .. } => edits.iter().try_for_each(edit),
        Op::ImportBegin { .. } | Op::ImportCommit { .. } | Op::ImportAbandon { .. } => Ok(()),
        Op::UnitCounts(p) | Op::ReportedCriteria(p) => period(p),
        Op::PeriodStatus(p) | Op::PeriodHistory { period: p, .. } => period(p),
        Op::ChangePeriod(act) => {
            period(&act.period())?;
            if let Some(u) = act.unit() {
                code("đơn vị", u)?;
            }
            Ok(())
        }
        Op::SheetEntries(p) | Op::Meeting(p) => period(p),
        Op::ScoringHistory(of) => scoring_subject(of),
        Op::LastEntries(cells) if cells.len() > super::protocol::LAST_ENTRIES_MAX => Err(format!(
            "hỏi nhật ký của {} ô một lần, tối đa {}",
            cells.len(),
            super::protocol::LAST_ENTRIES_MAX
        )),
        Op::LastEntries(cells) => cells.iter().try_for_each(key),
        Op::ChangeSheet(e) => {
            period(&e.period)?;
            code("đơn vị", &e.unit)?;
            match crate::model::scoring::SheetEntries::criterion_of(&e.change) {
                Some(c) => code("chỉ tiêu", c),
                None => Ok(()),
            }
        }
        Op::ChangeMeeting(e) => {
            period(&e.period)?;
            for m in e.seen.iter().chain(&e.new) {
                period(&m.period)?;
                m.present.iter().try_for_each(|u| code("đơn vị", u))?;
                m.ballots.iter().try_for_each(|b| code("đơn vị", &b.unit))?;
            }
            Ok(())
        }
    }
}

fn scoring_subject(s: &crate::store::ScoringSubject) -> Result<(), String> {
    match s {
        crate::store::ScoringSubject::Sheet { period: p, unit } => {
            period(p)?;
            code("đơn vị", unit)
        }
        crate::store::ScoringSubject::Meeting(p) => period(p),
    }
}

fn period(p: &Period) -> Result<(), String> {
    let ok = match p.span {
        Span::Year => true,
        Span::Half(n) => (1..=2).contains(&n),
        Span::Quarter(n) => (1..=4).contains(&n),
        Span::Month(n) => (1..=12).contains(&n),
    };
    if ok {
        Ok(())
    } else {
        Err(format!("kỳ không hợp lệ: năm {} {:?}", p.year, p.span))
    }
}

fn key(k: &ValueKey) -> Result<(), String> {
    period(&k.period)?;
    code("tỉnh", &k.province)?;
    code("chỉ tiêu", &k.indicator)
}

fn edit(e: &Edit) -> Result<(), String> {
    key(&e.key)
}

/// The codes of a covenant change: they name its items in the audit log.
fn covenant_edit(e: &CovenantEdit) -> Result<(), String> {
    let unit = |c: &str| code("đơn vị", c);
    let criterion = |c: &str| code("chỉ tiêu", c);
    match e {
        CovenantEdit::Import { files, .. } => covenant(files),
        CovenantEdit::CopyYear { .. } => Ok(()),
        CovenantEdit::Criterion { seen, new, .. } => {
            seen.iter().chain(new).try_for_each(|c| criterion(&c.code))
        }
        CovenantEdit::Unit { seen, new } => {
            seen.iter().chain([new]).try_for_each(|u| unit(&u.code))
        }
        CovenantEdit::Merger {
            unit: u,
            takes_in,
            seen,
            ..
        } => {
            unit(u)?;
            takes_in.iter().try_for_each(|c| unit(c))?;
            seen.iter().try_for_each(|s| unit(&s.code))
        }
        CovenantEdit::Member { seen, new, .. } => {
            seen.iter().chain(new).try_for_each(|m| unit(&m.unit))
        }
    }
}

fn covenant(c: &Covenant) -> Result<(), String> {
    for u in &c.units.units {
        code("đơn vị", &u.code)?;
    }
    for y in c.years.values() {
        for m in &y.members {
            code("đơn vị", &m.unit)?;
        }
        for cr in &y.criteria {
            code("chỉ tiêu", &cr.code)?;
        }
    }
    Ok(())
}

/// ASCII letters, digits and `_`, as every code in a cluster is.
fn code(what: &str, c: &str) -> Result<(), String> {
    if c.is_empty()
        || c.len() > MAX_CODE
        || !c.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
    {
        return Err(format!(
            "mã {what} «{}» không hợp lệ: chỉ chữ cái không dấu, chữ số và _, tối đa {MAX_CODE} ký tự",
            crate::text::normalize::clean(&c.chars().take(MAX_CODE).collect::<String>())
        ));
    }
    Ok(())
}

/// A name the system could have given a user: the store's rule (see
/// [`fields::user_name`]), its refusal as the server says it.
pub fn user_name(u: &str) -> Result<(), String> {
    fields::user_name(u).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Kind;
    use crate::store::Expect;

    fn get(period: Period, province: &str) -> Op {
        Op::Get(ValueKey::new(period, province, "GRDP_GROWTH", Kind::Actual))
    }

    #[test]
    fn periods_that_are_no_period_are_refused() {
        for span in [
            Span::Month(0),
            Span::Half(3),
            Span::Quarter(9),
            Span::Month(200),
        ] {
            let why = check(&get(Period::new(2021, span), "AG")).expect_err("bad period");
            assert!(why.contains("kỳ không hợp lệ"), "{why}");
        }
        assert!(check(&get(Period::new(2021, Span::Month(12)), "AG")).is_ok());
    }

    #[test]
    fn codes_with_controls_or_nul_are_refused_and_named_cleanly() {
        let p = Period::year(2021);
        for bad in ["A\u{1b}[31mG", "AG\0", "", "Đồng Tháp"] {
            let why = check(&get(p, bad)).expect_err("bad code");
            assert!(!why.contains('\u{1b}') && !why.contains('\0'), "{why:?}");
        }
        let batch = Op::WriteBatch(vec![Edit::new(
            ValueKey::new(p, "AG", "X\u{7}", Kind::Plan),
            None,
            Expect::Any,
        )]);
        assert!(check(&batch).is_err());
        for bad in [
            "a\u{1b}]0;x\u{7}",
            "Lan",
            "1an",
            "lan hoa",
            "",
            &"a".repeat(33),
        ] {
            let role = Op::SetRole {
                user: bad.into(),
                role: None,
            };
            assert!(check(&role).is_err(), "{bad:?}");
        }
        for good in ["lan", "_svc", "nguyen.van-a2", "uid1234"] {
            assert!(user_name(good).is_ok(), "{good}");
        }
    }
}
