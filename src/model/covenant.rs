//! The covenant as data: the unit history and, per year, the cluster's
//! name, its members with their roles, the criteria and the declared total
//! of the points scale. This is what a secretariat sets up from files
//! (`thidua covenant import DIR`) and what every figure is read against.
//!
//! **Which year's covenant applies to a period.** The covenant registered
//! for the period's year; for a year with none registered, the latest
//! earlier year's — a cluster works on under last year's covenant until the
//! new one is signed, usually in the first quarter. For a year before the
//! first registered covenant, the first one: figures of earlier years come
//! in only as "the same period last year" of the first covenant year (the
//! built-in 2020-H1 figures are read with the 2021 criteria).
//! [`Covenant::applicable`] returns the year it picked, so a screen can say
//! when the covenant is borrowed from another year.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::criterion::Criterion;
use super::indicator::Refusal;
use super::period::Period;
use super::problem::{Problem, Subject};
use super::unit::UnitHistory;
use super::value::{CLUSTER, ValueKey};

/// A member's role in the cluster for a year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum MemberRole {
    Member,
    /// Cụm trưởng.
    Chair,
    /// Cụm phó.
    ViceChair,
}

impl MemberRole {
    pub fn as_str(&self) -> &'static str {
        match self {
            MemberRole::Member => "member",
            MemberRole::Chair => "chair",
            MemberRole::ViceChair => "vice_chair",
        }
    }

    pub fn parse(s: &str) -> Option<MemberRole> {
        match s.trim() {
            "member" => Some(MemberRole::Member),
            "chair" => Some(MemberRole::Chair),
            "vice_chair" => Some(MemberRole::ViceChair),
            _ => None,
        }
    }

    /// `thành viên`, `cụm trưởng`, `cụm phó`.
    pub fn label(&self) -> &'static str {
        match self {
            MemberRole::Member => "thành viên",
            MemberRole::Chair => "cụm trưởng",
            MemberRole::ViceChair => "cụm phó",
        }
    }
}

/// A unit that belongs to the cluster in a covenant year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Member {
    pub unit: String,
    pub role: MemberRole,
    /// A remark (`Cụm phó thứ 2`), empty when none.
    pub note: String,
}

impl Member {
    /// The member's cells in `members.csv` (every column but `year` and
    /// `unit_code`), in the order the files are written.
    pub fn cells(&self) -> [(&'static str, String); 2] {
        [
            ("role", self.role.as_str().to_string()),
            ("note", self.note.clone()),
        ]
    }
}

/// One year's covenant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CovenantYear {
    pub year: u16,
    pub cluster_name: String,
    /// The declared total of the points scale (100, 1.000); None: no scale.
    pub scale_total: Option<Decimal>,
    /// In the order the secretariat listed them.
    pub members: Vec<Member>,
    /// In report order: by group order, then order within the group.
    pub criteria: Vec<Criterion>,
}

impl CovenantYear {
    /// The year's own cells in `years.csv` (every column but `year`).
    pub fn settings_cells(&self) -> [(&'static str, String); 2] {
        [
            ("cluster_name", self.cluster_name.clone()),
            (
                "scale_total",
                super::criterion::cell_decimal(self.scale_total),
            ),
        ]
    }

    pub fn criterion(&self, code: &str) -> Option<&Criterion> {
        self.criteria.iter().find(|c| c.code == code)
    }

    pub fn member(&self, unit: &str) -> Option<&Member> {
        self.members.iter().find(|m| m.unit == unit)
    }

    pub fn member_codes(&self) -> Vec<&str> {
        self.members.iter().map(|m| m.unit.as_str()).collect()
    }

    pub fn chair(&self) -> Option<&Member> {
        self.members.iter().find(|m| m.role == MemberRole::Chair)
    }

    pub fn vice_chairs(&self) -> impl Iterator<Item = &Member> {
        self.members
            .iter()
            .filter(|m| m.role == MemberRole::ViceChair)
    }

    /// The unit that issues the cluster's reports: the chair, or where none
    /// is recorded the first vice-chair listed (Sóc Trăng, "Cụm phó thứ 2",
    /// issued Báo cáo 209 of 2021).
    pub fn issuer(&self) -> Option<&Member> {
        self.chair().or_else(|| self.vice_chairs().next())
    }

    /// The members the cluster counts in `period` (in force then, and not
    /// taken in by another member: no territory twice).
    pub fn counted_members(&self, units: &UnitHistory, period: Period) -> Vec<String> {
        units.counted_members(&self.member_codes(), period)
    }

    /// Criteria that are part of the covenant (ranked, scored with a scale).
    pub fn in_covenant(&self) -> impl Iterator<Item = &Criterion> {
        self.criteria.iter().filter(|c| c.in_covenant)
    }

    /// Figures the report only quotes.
    pub fn quoted(&self) -> impl Iterator<Item = &Criterion> {
        self.criteria.iter().filter(|c| !c.in_covenant)
    }

    /// The criteria whose parent is `code`, in report order.
    pub fn children<'a>(&'a self, code: &'a str) -> impl Iterator<Item = &'a Criterion> {
        self.criteria
            .iter()
            .filter(move |c| c.scoring.parent.as_deref() == Some(code))
    }

    /// Groups in order, each with its name and criteria.
    pub fn groups(&self) -> Vec<(&str, Vec<&Criterion>)> {
        let mut out: Vec<(&str, Vec<&Criterion>)> = Vec::new();
        for c in &self.criteria {
            match out.iter_mut().find(|(g, _)| *g == c.group_name) {
                Some((_, list)) => list.push(c),
                None => out.push((c.group_name.as_str(), vec![c])),
            }
        }
        out
    }

    /// Put the criteria in report order (group order, order, code).
    pub fn sort_criteria(&mut self) {
        self.criteria.sort_by(|a, b| {
            (a.group_order, a.order, &a.code).cmp(&(b.group_order, b.order, &b.code))
        });
    }

    /// The criteria scored against targets (`target`, `ratio`) for which no
    /// member the cluster counts in the year has registered one: the method
    /// cannot be applied (a unit without a target is scored apart, but
    /// with none at all there is nothing to score against). `has_target`
    /// tells whether a unit has a `plan` value of a criterion for the
    /// year; this check needs the values, so it runs where they are.
    pub fn targets_problems(
        &self,
        units: &UnitHistory,
        has_target: impl Fn(&str, &str) -> bool,
    ) -> Vec<Problem> {
        let members = self.counted_members(units, Period::year(self.year));
        self.in_covenant()
            .filter(|c| c.scoring.method.needs_targets())
            .filter(|c| !members.iter().any(|m| has_target(m, &c.code)))
            .map(|c| {
                Problem::new(
                    Subject::Criterion {
                        year: self.year,
                        code: c.code.clone(),
                    },
                    "method",
                    format!(
                        "chỉ tiêu {}: cách chấm «{}» cần chỉ tiêu đăng ký (kế hoạch năm {}) nhưng chưa đơn vị nào có",
                        c.quoted(),
                        c.scoring.method.as_str(),
                        self.year
                    ),
                )
            })
            .collect()
    }

    /// Every broken rule of the year: its settings, its members against the
    /// unit history, and its criteria (see `scale.rs`).
    pub fn problems(&self, units: &UnitHistory) -> Vec<Problem> {
        let mut out = Vec::new();
        let y = self.year;
        if self.cluster_name.trim().is_empty() {
            out.push(Problem::new(
                Subject::Year(y),
                "cluster_name",
                format!("năm {y}: thiếu tên cụm"),
            ));
        }
        if self.scale_total.is_some_and(|t| t <= Decimal::ZERO) {
            out.push(Problem::new(
                Subject::Year(y),
                "scale_total",
                format!("năm {y}: tổng điểm thang phải lớn hơn 0"),
            ));
        }
        if self.members.is_empty() {
            out.push(Problem::new(
                Subject::Year(y),
                "year",
                format!("năm {y} chưa có thành viên nào (members.csv)"),
            ));
        }
        if self.criteria.is_empty() {
            out.push(Problem::new(
                Subject::Year(y),
                "year",
                format!("năm {y} chưa có chỉ tiêu nào (indicators.csv)"),
            ));
        }
        self.member_problems(units, &mut out);
        out.extend(super::scale::problems(self));
        out
    }

    fn member_problems(&self, units: &UnitHistory, out: &mut Vec<Problem>) {
        let y = self.year;
        let whole_year = Period::year(y);
        let mut chairs = 0;
        for (i, m) in self.members.iter().enumerate() {
            let at = || Subject::Member {
                year: y,
                unit: m.unit.clone(),
            };
            if self.members[..i].iter().any(|o| o.unit == m.unit) {
                out.push(Problem::new(
                    at(),
                    "unit_code",
                    format!(
                        "năm {y}: «{}» ghi hai lần trong danh sách thành viên",
                        m.unit
                    ),
                ));
                continue;
            }
            match units.unit(&m.unit) {
                None => out.push(Problem::new(
                    at(),
                    "unit_code",
                    format!("năm {y}: không có đơn vị mã «{}» trong units.csv", m.unit),
                )),
                Some(u) if !u.exists_in(whole_year) => out.push(Problem::new(
                    at(),
                    "unit_code",
                    format!(
                        "năm {y}: đơn vị {} không tồn tại ngày nào trong năm {y}{}",
                        u.quoted(),
                        units
                            .successor_of(&m.unit)
                            .map(|(s, on)| format!(
                                " (đã nhập vào «{}» từ {})",
                                s.code,
                                super::calendar::format_day_vi(on)
                            ))
                            .unwrap_or_default()
                    ),
                )),
                Some(_) => {}
            }
            if m.role == MemberRole::Chair {
                chairs += 1;
                if chairs > 1 {
                    out.push(Problem::new(
                        at(),
                        "role",
                        format!(
                            "năm {y}: cụm chỉ có một cụm trưởng (chair), «{}» là đơn vị thứ hai được ghi",
                            m.unit
                        ),
                    ));
                }
            }
        }
    }
}

/// The whole definition: units and every registered year.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Covenant {
    pub units: UnitHistory,
    pub years: BTreeMap<u16, CovenantYear>,
}

impl Covenant {
    pub fn year(&self, year: u16) -> Option<&CovenantYear> {
        self.years.get(&year)
    }

    /// The covenant that applies to `year` (see the module).
    pub fn applicable(&self, year: u16) -> Option<&CovenantYear> {
        self.years
            .range(..=year)
            .next_back()
            .or_else(|| self.years.iter().next())
            .map(|(_, y)| y)
    }

    /// The covenant that applies to a period (its year's, see the module).
    pub fn for_period(&self, period: Period) -> Option<&CovenantYear> {
        self.applicable(period.year)
    }

    /// The criterion `code` as the covenant of `period` has it.
    pub fn criterion_in(&self, period: Period, code: &str) -> Option<&Criterion> {
        self.for_period(period)?.criterion(code)
    }

    /// Whether a value may be stored under `key` (what `thidua import` and
    /// the editors ask once they read this record): the unit in force on
    /// some day of the period — a member or not, since the predecessors'
    /// figures make up a merged unit's last year — or `CLUSTER`; the
    /// criterion in the covenant of the period; the value in its range and
    /// whole where it counts whole things. The message says why not.
    pub fn check_value(&self, key: &ValueKey, value: Option<Decimal>) -> Result<(), String> {
        if key.province != CLUSTER {
            match self.units.unit(&key.province) {
                None => return Err(format!("Không có đơn vị mã «{}»", key.province)),
                Some(u) if !u.exists_in(key.period) => {
                    return Err(format!(
                        "Đơn vị {} không tồn tại trong kỳ {}",
                        u.quoted(),
                        key.period
                    ));
                }
                Some(_) => {}
            }
        }
        let Some(c) = self.criterion_in(key.period, &key.indicator) else {
            return Err(match self.for_period(key.period) {
                Some(y) => format!(
                    "Không có chỉ tiêu mã «{}» trong giao ước năm {}",
                    key.indicator, y.year
                ),
                None => "Chưa có giao ước nào: hãy nhập giao ước trước (covenant import)".into(),
            });
        };
        let Some(v) = value else {
            return Ok(());
        };
        if super::criterion::significant_digits(v) > super::criterion::MAX_DIGITS {
            return Err(format!(
                "Giá trị {} của «{}» có quá {} chữ số có nghĩa",
                v,
                c.name,
                super::criterion::MAX_DIGITS
            ));
        }
        let (min, max) = c.bounds();
        match c.refusal(key.kind, v) {
            Some(Refusal::OutOfRange) => Err(format!(
                "Giá trị {} của «{}» nằm ngoài khoảng cho phép {} đến {}",
                v.normalize(),
                c.name,
                min.normalize(),
                max.normalize()
            )),
            Some(Refusal::NotWhole) => Err(format!(
                "Giá trị {} của «{}» phải là số nguyên ({})",
                v.normalize(),
                c.name,
                c.unit
            )),
            None => Ok(()),
        }
    }

    /// Every broken rule: the unit history's, then each year's.
    pub fn problems(&self) -> Vec<Problem> {
        let mut out = self.units.problems();
        for y in self.years.values() {
            out.extend(y.problems(&self.units));
        }
        out
    }

    /// This definition with `imported` read in: the unit history replaced
    /// by the imported one, each imported year replacing the stored year of
    /// the same number, the other stored years kept.
    pub fn with_imported(&self, imported: &Covenant) -> Covenant {
        let mut years = self.years.clone();
        for (y, cy) in &imported.years {
            years.insert(*y, cy.clone());
        }
        Covenant {
            units: imported.units.clone(),
            years,
        }
    }

    /// `covenant new TO --from FROM`: a copy of year `from` for year `to`,
    /// with the same criteria and scale, and the members that still exist
    /// in `to`. The lines say what the copy left out, for the secretariat
    /// to decide (membership is the Central Council's decision, so no
    /// successor is added on its own).
    pub fn copy_year(&self, from: u16, to: u16) -> Result<(CovenantYear, Vec<String>), String> {
        let source = self
            .year(from)
            .ok_or_else(|| format!("chưa có giao ước năm {from} để sao chép"))?;
        if self.years.contains_key(&to) {
            return Err(format!(
                "đã có giao ước năm {to}; sửa tệp rồi nhập lại (covenant import) thay vì tạo mới"
            ));
        }
        if !(1..=9999).contains(&to) {
            return Err(format!("năm {to} không hợp lệ"));
        }
        let whole = Period::year(to);
        let mut notices = Vec::new();
        let mut members = Vec::new();
        for m in &source.members {
            let exists = self.units.unit(&m.unit).is_some_and(|u| u.exists_in(whole));
            if exists {
                members.push(m.clone());
                continue;
            }
            let successor = self.units.successor_of(&m.unit).map(|(s, on)| {
                let already = source.member(&s.code).is_some();
                format!(
                    "; đã nhập vào {} từ {}{}",
                    s.quoted(),
                    super::calendar::format_day_vi(on),
                    if already {
                        ", đơn vị này đã là thành viên"
                    } else {
                        ", thêm đơn vị này vào members.csv nếu cụm quyết định"
                    }
                )
            });
            notices.push(format!(
                "Bỏ thành viên {} ({}): không tồn tại trong năm {to}{}",
                self.units.quoted(&m.unit),
                m.role.label(),
                successor.unwrap_or_default()
            ));
        }
        if source.chair().is_some() && !members.iter().any(|m| m.role == MemberRole::Chair) {
            notices.push(format!("Năm {to} chưa có cụm trưởng."));
        }
        Ok((
            CovenantYear {
                year: to,
                cluster_name: source.cluster_name.clone(),
                scale_total: source.scale_total,
                members,
                criteria: source.criteria.clone(),
            },
            notices,
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::calendar::parse_day;
    use crate::model::criterion::tests::criterion;
    use crate::model::unit::{Unit, UnitKind, UnitVersion};

    fn units() -> UnitHistory {
        let v = |name: &str, from: Option<&str>, until: Option<&str>, takes: &[&str]| UnitVersion {
            name: name.into(),
            kind: UnitKind::Province,
            valid_from: from.and_then(parse_day),
            valid_until: until.and_then(parse_day),
            takes_in: takes.iter().map(|s| s.to_string()).collect(),
        };
        UnitHistory {
            units: vec![
                Unit {
                    code: "AG".into(),
                    versions: vec![
                        v("An Giang", None, Some("2025-06-30"), &[]),
                        v("An Giang", Some("2025-07-01"), None, &["KG"]),
                    ],
                },
                Unit {
                    code: "KG".into(),
                    versions: vec![v("Kiên Giang", None, Some("2025-06-30"), &[])],
                },
            ],
        }
    }

    fn year(y: u16, members: &[(&str, MemberRole)]) -> CovenantYear {
        CovenantYear {
            year: y,
            cluster_name: "Cụm thử".into(),
            scale_total: None,
            members: members
                .iter()
                .map(|(u, r)| Member {
                    unit: u.to_string(),
                    role: *r,
                    note: String::new(),
                })
                .collect(),
            criteria: vec![criterion("BUDGET_REV")],
        }
    }

    fn covenant() -> Covenant {
        let mut c = Covenant {
            units: units(),
            years: BTreeMap::new(),
        };
        c.years.insert(
            2021,
            year(
                2021,
                &[("AG", MemberRole::Member), ("KG", MemberRole::Chair)],
            ),
        );
        c.years.insert(
            2024,
            year(
                2024,
                &[("AG", MemberRole::Chair), ("KG", MemberRole::ViceChair)],
            ),
        );
        c
    }

    #[test]
    fn a_year_without_a_covenant_borrows_the_latest_earlier_one() {
        let c = covenant();
        let got = |y: u16| c.applicable(y).map(|cy| cy.year);
        assert_eq!(got(2021), Some(2021));
        assert_eq!(got(2023), Some(2021));
        assert_eq!(got(2026), Some(2024));
        assert_eq!(got(2020), Some(2021), "before the first: the first");
        assert_eq!(Covenant::default().applicable(2021), None);
        assert!(c.problems().is_empty(), "{:?}", c.problems());
    }

    #[test]
    fn the_issuer_is_the_chair_else_the_first_vice_chair() {
        let y = year(
            2021,
            &[("AG", MemberRole::Member), ("KG", MemberRole::ViceChair)],
        );
        assert_eq!(y.issuer().map(|m| m.unit.as_str()), Some("KG"));
        let y = year(
            2021,
            &[("AG", MemberRole::Chair), ("KG", MemberRole::ViceChair)],
        );
        assert_eq!(y.issuer().map(|m| m.unit.as_str()), Some("AG"));
    }

    #[test]
    fn copying_a_year_keeps_criteria_and_says_which_members_are_gone() {
        let c = covenant();
        let (copy, notices) = c.copy_year(2024, 2027).expect("copy");
        assert_eq!(copy.year, 2027);
        assert_eq!(copy.criteria, c.years[&2024].criteria);
        assert_eq!(copy.member_codes(), ["AG"]);
        assert_eq!(
            notices,
            [
                "Bỏ thành viên «KG» (Kiên Giang) (cụm phó): không tồn tại trong năm 2027; đã nhập vào «AG» (An Giang) từ 01/07/2025, đơn vị này đã là thành viên"
            ]
        );
        assert!(c.copy_year(2024, 2021).is_err());
        assert_eq!(
            c.copy_year(2019, 2027).expect_err("no source"),
            "chưa có giao ước năm 2019 để sao chép"
        );
    }

    #[test]
    fn members_must_exist_in_their_year() {
        let mut c = covenant();
        c.years.insert(
            2026,
            year(
                2026,
                &[
                    ("AG", MemberRole::Chair),
                    ("KG", MemberRole::Member),
                    ("AG", MemberRole::Chair),
                    ("XX", MemberRole::Member),
                ],
            ),
        );
        let m: Vec<String> = c.problems().into_iter().map(|p| p.message).collect();
        assert_eq!(
            m,
            [
                "năm 2026: đơn vị «KG» (Kiên Giang) không tồn tại ngày nào trong năm 2026 (đã nhập vào «AG» từ 01/07/2025)",
                "năm 2026: «AG» ghi hai lần trong danh sách thành viên",
                "năm 2026: không có đơn vị mã «XX» trong units.csv",
            ]
        );
    }

    #[test]
    fn an_import_replaces_units_and_its_own_years_only() {
        let c = covenant();
        let mut imported = Covenant {
            units: units(),
            years: BTreeMap::new(),
        };
        let mut y = year(2024, &[("AG", MemberRole::Chair)]);
        y.cluster_name = "Tên mới".into();
        imported.years.insert(2024, y);
        let merged = c.with_imported(&imported);
        assert_eq!(merged.years[&2024].cluster_name, "Tên mới");
        assert_eq!(merged.years[&2021], c.years[&2021]);
    }
}
