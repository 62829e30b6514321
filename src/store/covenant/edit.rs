//! The changes an admin may make to the covenant: import the files, copy
//! a year, and the single edits of the admin screen (a criterion added,
//! changed field by field or retired from a year; a unit added or renamed;
//! a merger recorded; a member added, given a role or removed). Each edit
//! carries what its writer saw, as a figure does: if someone changed it
//! meanwhile, nothing is written and the writer is told what it is now,
//! who changed it and when. A change the covenant's rules refuse (the
//! model's `problems()`) is refused with the model's Vietnamese message.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::Stored;
use crate::model::covenant::{Covenant, Member};
use crate::model::criterion::Criterion;
use crate::model::unit::{Unit, UnitKind, UnitVersion};
use crate::store::audit::CovenantSubject;
use crate::store::{Result, StoreError};

/// One change of the covenant (see the module).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum CovenantEdit {
    /// `thidua covenant import`: the files' unit history replaces the
    /// stored one and each year the files hold replaces the stored year
    /// (`Covenant::with_imported`); `seen` is the revision the files were
    /// checked against (`CovenantState::revision`).
    Import { files: Covenant, seen: u64 },
    /// `thidua covenant new TO --from FROM` (see `Covenant::copy_year`).
    CopyYear { from: u16, to: u16 },
    /// A criterion of a year: added (`seen` None), changed, or retired
    /// from the year (`new` None).
    Criterion {
        year: u16,
        seen: Option<Box<Criterion>>,
        new: Option<Box<Criterion>>,
    },
    /// A unit added (`seen` None) or changed (renamed, its versions).
    Unit { seen: Option<Unit>, new: Unit },
    /// `unit` takes in `takes_in` on `on`: its version in force then ends
    /// the day before and a new one starts that day (named `name` and of
    /// kind `kind`, else as before: TP Cần Thơ takes in Sóc Trăng and Hậu
    /// Giang as a city), and each unit taken in ends the day before.
    /// `seen`: every unit concerned as the writer saw it.
    Merger {
        unit: String,
        on: NaiveDate,
        takes_in: Vec<String>,
        name: Option<String>,
        seen: Vec<Unit>,
        kind: Option<UnitKind>,
    },
    /// A member of a year: added (`seen` None), given another role or
    /// note, or removed (`new` None).
    Member {
        year: u16,
        seen: Option<Member>,
        new: Option<Member>,
    },
}

/// Who last changed an item and when, for a stale edit's message.
pub type LastChange<'a> = &'a dyn Fn(&CovenantSubject) -> Option<(String, i64)>;

fn invalid(message: impl Into<String>) -> StoreError {
    StoreError::Invalid(message.into())
}

/// The stale-edit refusal: `what` is now `current`, changed by whom, when.
fn stale(subject: CovenantSubject, current: String, last: LastChange<'_>) -> StoreError {
    let (by, at_ms) = last(&subject).unwrap_or_else(|| ("người khác".into(), 0));
    StoreError::CovenantConflict {
        what: subject.to_string(),
        current,
        by,
        at_ms,
    }
}

fn criterion_text(c: Option<&Criterion>) -> String {
    match c {
        None => "(không có)".into(),
        Some(c) => c
            .cells()
            .into_iter()
            .filter(|(_, v)| !v.is_empty())
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; "),
    }
}

fn unit_text(u: Option<&Unit>) -> String {
    u.map_or_else(|| "(không có)".into(), Unit::describe)
}

fn member_text(m: Option<&Member>) -> String {
    match m {
        None => "(không là thành viên)".into(),
        Some(m) if m.note.is_empty() => m.role.label().to_string(),
        Some(m) => format!("{} ({})", m.role.label(), m.note),
    }
}

/// The covenant after `edit`, and what the writer should know; the
/// caller checks the result (sizes, the model's rules) and audits it.
pub fn apply(
    stored: &Stored,
    edit: &CovenantEdit,
    last: LastChange<'_>,
) -> Result<(Covenant, Vec<String>)> {
    let current = &stored.covenant;
    let mut next = current.clone();
    let mut notices = Vec::new();
    match edit {
        CovenantEdit::Import { files, seen } => {
            if *seen != stored.revision.seq {
                return Err(StoreError::CovenantConflict {
                    what: "giao ước".into(),
                    current: format!("lần sửa #{}", stored.revision.seq),
                    by: stored.revision.user.clone(),
                    at_ms: stored.revision.at_ms,
                });
            }
            next = current.with_imported(files);
        }
        CovenantEdit::CopyYear { from, to } => {
            let (year, said) = current
                .copy_year(*from, *to)
                .map_err(|e| invalid(format!("Không sao chép được năm {from} sang {to}: {e}")))?;
            notices = said;
            next.years.insert(*to, year);
        }
        CovenantEdit::Criterion { year, seen, new } => {
            let code = match (seen, new) {
                (Some(s), Some(n)) if s.code != n.code => {
                    return Err(invalid(format!(
                        "Không đổi được mã chỉ tiêu «{}» thành «{}»: mã giữ nguyên qua các năm; \
                         hãy thêm chỉ tiêu mới và bỏ chỉ tiêu cũ",
                        s.code, n.code
                    )));
                }
                (Some(c), _) | (None, Some(c)) => c.code.clone(),
                (None, None) => return Err(invalid("Không có gì để đổi")),
            };
            let Some(y) = next.years.get_mut(year) else {
                return Err(invalid(format!("Chưa có giao ước năm {year}")));
            };
            let now = y.criteria.iter().position(|c| c.code == code);
            if now.map(|i| &y.criteria[i]) != seen.as_deref() {
                return Err(stale(
                    CovenantSubject::Criterion { year: *year, code },
                    criterion_text(now.map(|i| &y.criteria[i])),
                    last,
                ));
            }
            match (now, new) {
                (Some(i), Some(n)) => y.criteria[i] = (**n).clone(),
                (Some(i), None) => {
                    y.criteria.remove(i);
                }
                (None, Some(n)) => y.criteria.push((**n).clone()),
                (None, None) => {}
            }
            y.sort_criteria();
        }
        CovenantEdit::Unit { seen, new } => {
            if seen.as_ref().is_some_and(|s| s.code != new.code) {
                return Err(invalid(format!(
                    "Không đổi được mã đơn vị «{}» thành «{}»",
                    seen.as_ref().map_or("", |s| s.code.as_str()),
                    new.code
                )));
            }
            let now = next.units.units.iter().position(|u| u.code == new.code);
            if now.map(|i| &next.units.units[i]) != seen.as_ref() {
                return Err(stale(
                    CovenantSubject::Unit(new.code.clone()),
                    unit_text(now.map(|i| &next.units.units[i])),
                    last,
                ));
            }
            match now {
                Some(i) => next.units.units[i] = new.clone(),
                None => next.units.units.push(new.clone()),
            }
        }
        CovenantEdit::Merger {
            unit,
            on,
            takes_in,
            name,
            seen,
            kind,
        } => {
            for code in std::iter::once(unit).chain(takes_in) {
                let now = next.units.unit(code);
                if now != seen.iter().find(|s| &s.code == code) {
                    return Err(stale(
                        CovenantSubject::Unit(code.clone()),
                        unit_text(now),
                        last,
                    ));
                }
            }
            merge(&mut next, unit, *on, takes_in, name.as_deref(), *kind)?;
        }
        CovenantEdit::Member { year, seen, new } => {
            let code = match (seen, new) {
                (Some(s), Some(n)) if s.unit != n.unit => {
                    return Err(invalid("Một lần sửa chỉ đổi một thành viên"));
                }
                (Some(m), _) | (None, Some(m)) => m.unit.clone(),
                (None, None) => return Err(invalid("Không có gì để đổi")),
            };
            let Some(y) = next.years.get_mut(year) else {
                return Err(invalid(format!("Chưa có giao ước năm {year}")));
            };
            let now = y.members.iter().position(|m| m.unit == code);
            if now.map(|i| &y.members[i]) != seen.as_ref() {
                return Err(stale(
                    CovenantSubject::Member {
                        year: *year,
                        unit: code,
                    },
                    member_text(now.map(|i| &y.members[i])),
                    last,
                ));
            }
            match (now, new) {
                (Some(i), Some(n)) => y.members[i] = n.clone(),
                (Some(i), None) => {
                    y.members.remove(i);
                }
                (None, Some(n)) => y.members.push(n.clone()),
                (None, None) => {}
            }
        }
    }
    Ok((next, notices))
}

/// Record that `code` takes in `takes_in` on `on` (see [`CovenantEdit::Merger`]).
fn merge(
    c: &mut Covenant,
    code: &str,
    on: NaiveDate,
    takes_in: &[String],
    name: Option<&str>,
    kind: Option<UnitKind>,
) -> Result<()> {
    let day_before = on
        .pred_opt()
        .ok_or_else(|| invalid("Ngày sáp nhập không hợp lệ"))?;
    let end_before = |c: &mut Covenant, who: &str| -> Result<Option<UnitVersion>> {
        let Some(u) = c.units.units.iter_mut().find(|u| u.code == who) else {
            return Err(invalid(format!("Không có đơn vị mã «{who}»")));
        };
        let Some(i) = u.versions.iter().position(|v| v.valid_on(day_before)) else {
            return Err(invalid(format!(
                "Đơn vị «{who}» không tồn tại ngày {} (trước ngày sáp nhập)",
                crate::model::calendar::format_day_vi(day_before)
            )));
        };
        if i + 1 != u.versions.len() {
            return Err(invalid(format!(
                "Đơn vị «{who}» đã có phiên bản sau ngày {}; sửa lịch sử đơn vị bằng tệp units.csv",
                crate::model::calendar::format_day_vi(day_before)
            )));
        }
        let old = u.versions[i].clone();
        u.versions[i].valid_until = Some(day_before);
        Ok(Some(old))
    };
    let Some(before) = end_before(c, code)? else {
        return Ok(());
    };
    for t in takes_in {
        if t == code {
            return Err(invalid(format!(
                "Đơn vị «{code}» không thể nhận chính mình"
            )));
        }
        end_before(c, t)?;
    }
    if let Some(u) = c.units.units.iter_mut().find(|u| u.code == code) {
        u.versions.push(UnitVersion {
            name: name.map_or(before.name.clone(), str::to_string),
            kind: kind.unwrap_or(before.kind),
            valid_from: Some(on),
            valid_until: before.valid_until.filter(|until| *until >= on),
            takes_in: takes_in.to_vec(),
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::calendar::parse_day;
    use crate::model::unit::UnitHistory;

    fn unit(code: &str, name: &str, kind: UnitKind) -> Unit {
        Unit {
            code: code.into(),
            versions: vec![UnitVersion {
                name: name.into(),
                kind,
                valid_from: None,
                valid_until: None,
                takes_in: Vec::new(),
            }],
        }
    }

    fn stored(units: Vec<Unit>) -> Stored {
        Stored {
            covenant: Covenant {
                units: UnitHistory { units },
                ..Default::default()
            },
            ..Default::default()
        }
    }

    fn merger(
        unit: &str,
        takes_in: &[&str],
        name: Option<&str>,
        kind: Option<UnitKind>,
        s: &Stored,
    ) -> CovenantEdit {
        let codes: Vec<String> = takes_in.iter().map(|c| c.to_string()).collect();
        CovenantEdit::Merger {
            unit: unit.into(),
            on: parse_day("2025-07-01").expect("day"),
            seen: std::iter::once(unit)
                .chain(takes_in.iter().copied())
                .filter_map(|c| s.covenant.units.unit(c).cloned())
                .collect(),
            takes_in: codes,
            name: name.map(str::to_string),
            kind,
        }
    }

    #[test]
    fn three_units_merge_in_one_step_under_a_new_name_and_kind() {
        let s = stored(vec![
            unit("HG", "Hậu Giang", UnitKind::Province),
            unit("ST", "Sóc Trăng", UnitKind::Province),
            unit("CT", "Cần Thơ", UnitKind::Province),
        ]);
        let edit = merger(
            "HG",
            &["ST", "CT"],
            Some("Hậu Giang mới"),
            Some(UnitKind::City),
            &s,
        );
        let (next, _) = apply(&s, &edit, &|_| None).expect("merged");
        assert!(
            next.units.problems().is_empty(),
            "{:?}",
            next.units.problems()
        );
        let hg = next.units.unit("HG").expect("HG");
        assert_eq!(
            hg.describe(),
            "Hậu Giang (tỉnh) đến 30/06/2025; \
             Hậu Giang mới (thành phố) từ 01/07/2025, nhận ST, CT"
        );
        for code in ["ST", "CT"] {
            let u = next.units.unit(code).expect("taken in");
            assert_eq!(u.versions.len(), 1);
            assert_eq!(u.versions[0].valid_until, parse_day("2025-06-30"));
        }
        // Without a new name or kind the unit keeps both.
        let (next, _) =
            apply(&s, &merger("CT", &["ST"], None, None, &s), &|_| None).expect("merged");
        let ct = next.units.unit("CT").expect("CT");
        assert_eq!(ct.versions[1].name, "Cần Thơ");
        assert_eq!(ct.versions[1].kind, UnitKind::Province);
    }

    #[test]
    fn a_merger_that_does_not_line_up_is_refused() {
        let s = stored(vec![
            unit("CT", "Cần Thơ", UnitKind::City),
            unit("ST", "Sóc Trăng", UnitKind::Province),
        ]);
        let e = apply(&s, &merger("CT", &["CT"], None, None, &s), &|_| None).expect_err("itself");
        assert!(e.to_string().contains("không thể nhận chính mình"), "{e}");
        let e = apply(&s, &merger("CT", &["ST", "PQ"], None, None, &s), &|_| None)
            .expect_err("unknown");
        assert!(e.to_string().contains("Không có đơn vị mã «PQ»"), "{e}");
        // What the writer saw is no longer so: stale, nothing applied.
        let mut edit = merger("CT", &["ST"], None, None, &s);
        if let CovenantEdit::Merger { seen, .. } = &mut edit {
            seen[1].versions[0].name = "Sóc Trăng cũ".into();
        }
        let e = apply(&s, &edit, &|_| Some(("quantri2".into(), 0))).expect_err("stale");
        assert!(matches!(e, StoreError::CovenantConflict { .. }), "{e}");
    }
}
