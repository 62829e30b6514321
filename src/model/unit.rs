//! Units with a history: provinces and centrally-run cities, each with a
//! stable code and dated versions. A version says from which day until
//! which day the unit had that name and kind, and which earlier units it
//! took in on its first day (since Resolution 202/2025/QH15, An Giang from
//! 2025-07-01 covers An Giang and Kiên Giang as they were before).
//!
//! A unit keeps its code through a merger: the version before and the
//! version after are the same unit, and the later one's territory is the
//! earlier one's plus that of every unit it takes in. What the territory of
//! a unit was in an earlier period is worked out in `territory.rs`.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::calendar::{format_day, format_day_vi};
use super::period::Period;
use super::problem::{Problem, Subject, code_rule, is_code};
use super::value::CLUSTER;

/// A province (`tỉnh`) or a centrally-run city (`thành phố`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum UnitKind {
    Province,
    City,
}

impl UnitKind {
    /// The word written in the covenant files and before the name in
    /// documents (`tỉnh An Giang`, `thành phố Cần Thơ`).
    pub fn as_str(&self) -> &'static str {
        match self {
            UnitKind::Province => "tỉnh",
            UnitKind::City => "thành phố",
        }
    }

    /// `tỉnh` or `thành phố`, in any case.
    pub fn parse(s: &str) -> Option<UnitKind> {
        match s.trim().to_lowercase().as_str() {
            "tỉnh" => Some(UnitKind::Province),
            "thành phố" => Some(UnitKind::City),
            _ => None,
        }
    }
}

/// One version of a unit: what it was called and what it was, over a span
/// of days, and which units joined it on the first of those days.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitVersion {
    pub name: String,
    pub kind: UnitKind,
    /// First day; None: since before anything the covenant records.
    pub valid_from: Option<NaiveDate>,
    /// Last day; None: still in force.
    pub valid_until: Option<NaiveDate>,
    /// Codes of the units whose territory joins this one on `valid_from`
    /// (each of them ends the day before).
    pub takes_in: Vec<String>,
}

impl UnitVersion {
    pub fn valid_on(&self, day: NaiveDate) -> bool {
        self.valid_from.is_none_or(|f| f <= day) && self.valid_until.is_none_or(|u| day <= u)
    }

    /// Whether the version is in force on every day of `period`.
    pub fn covers(&self, period: Period) -> bool {
        self.valid_on(period.first_day()) && self.valid_on(period.last_day())
    }

    /// Whether the version is in force on at least one day of `period`.
    pub fn touches(&self, period: Period) -> bool {
        self.valid_from.is_none_or(|f| f <= period.last_day())
            && self.valid_until.is_none_or(|u| period.first_day() <= u)
    }

    /// The name as tables show it: `An Giang`, `TP Cần Thơ`.
    pub fn short_label(&self) -> String {
        match self.kind {
            UnitKind::Province => self.name.clone(),
            UnitKind::City => format!("TP {}", self.name),
        }
    }

    /// The name as documents write it: `tỉnh An Giang`, `thành phố Cần Thơ`.
    pub fn full_name(&self) -> String {
        format!("{} {}", self.kind.as_str(), self.name)
    }

    /// The version's cells in `units.csv`, by column, in the order the
    /// files are written (every column but `code`).
    pub fn cells(&self) -> [(&'static str, String); 5] {
        [
            ("name", self.name.clone()),
            ("kind", self.kind.as_str().to_string()),
            (
                "valid_from",
                self.valid_from.map(format_day).unwrap_or_default(),
            ),
            (
                "valid_until",
                self.valid_until.map(format_day).unwrap_or_default(),
            ),
            ("takes_in", self.takes_in.join(";")),
        ]
    }

    /// `An Giang (tỉnh) từ 01/07/2025, nhận KG`: a version in a sentence.
    pub fn describe(&self) -> String {
        let mut t = format!("{} ({})", self.name, self.kind.as_str());
        let span = self.span_vi();
        if !span.is_empty() {
            t.push(' ');
            t.push_str(&span);
        }
        if !self.takes_in.is_empty() {
            t.push_str(&format!(", nhận {}", self.takes_in.join(", ")));
        }
        t
    }

    /// `từ 01/07/2025`, `đến 30/06/2025`, `từ … đến …`, or `` when open.
    pub fn span_vi(&self) -> String {
        match (self.valid_from, self.valid_until) {
            (Some(f), Some(u)) => format!("từ {} đến {}", format_day_vi(f), format_day_vi(u)),
            (Some(f), None) => format!("từ {}", format_day_vi(f)),
            (None, Some(u)) => format!("đến {}", format_day_vi(u)),
            (None, None) => String::new(),
        }
    }
}

/// A unit and its versions, oldest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Unit {
    pub code: String,
    pub versions: Vec<UnitVersion>,
}

impl Unit {
    pub fn version_at(&self, day: NaiveDate) -> Option<&UnitVersion> {
        self.versions.iter().find(|v| v.valid_on(day))
    }

    /// The version in force over the whole of `period`; None when the unit
    /// did not exist throughout it or changed during it.
    pub fn version_in(&self, period: Period) -> Option<&UnitVersion> {
        self.versions.iter().find(|v| v.covers(period))
    }

    /// The versions in force on some day of `period`, oldest first.
    pub fn versions_during(&self, period: Period) -> impl Iterator<Item = &UnitVersion> {
        self.versions.iter().filter(move |v| v.touches(period))
    }

    /// Index of the latest version in force on some day of `period`: the
    /// unit as it was at the end of the period (or when it ended within it).
    pub fn latest_index_during(&self, period: Period) -> Option<usize> {
        self.versions.iter().rposition(|v| v.touches(period))
    }

    /// The unit as it was at the end of `period` (or when it ended within it).
    pub fn as_of(&self, period: Period) -> Option<&UnitVersion> {
        self.latest_index_during(period).map(|i| &self.versions[i])
    }

    pub fn exists_in(&self, period: Period) -> bool {
        self.versions.iter().any(|v| v.touches(period))
    }

    /// The newest version.
    pub fn current(&self) -> Option<&UnitVersion> {
        self.versions.last()
    }

    /// The unit's name as of `period`, else its newest name, else its code.
    pub fn name_in(&self, period: Period) -> &str {
        self.as_of(period)
            .or_else(|| self.current())
            .map_or(self.code.as_str(), |v| v.name.as_str())
    }

    /// Every version in a sentence each (see [`UnitVersion::describe`]).
    pub fn describe(&self) -> String {
        self.versions
            .iter()
            .map(UnitVersion::describe)
            .collect::<Vec<_>>()
            .join("; ")
    }

    /// `«KG» (Kiên Giang)`: how messages name a unit.
    pub fn quoted(&self) -> String {
        match self.current() {
            Some(v) => format!("«{}» ({})", self.code, v.name),
            None => format!("«{}»", self.code),
        }
    }
}

/// Every unit the covenant knows, in the order the secretariat listed them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitHistory {
    pub units: Vec<Unit>,
}

impl UnitHistory {
    pub fn unit(&self, code: &str) -> Option<&Unit> {
        self.units.iter().find(|u| u.code == code)
    }

    /// Units in force on some day of `period`, in list order.
    pub fn units_in(&self, period: Period) -> Vec<&Unit> {
        self.units.iter().filter(|u| u.exists_in(period)).collect()
    }

    /// The unit that took `code` in, and the day it did.
    pub fn successor_of(&self, code: &str) -> Option<(&Unit, NaiveDate)> {
        self.units.iter().find_map(|u| {
            u.versions.iter().find_map(|v| {
                let from = v.valid_from?;
                v.takes_in.iter().any(|t| t == code).then_some((u, from))
            })
        })
    }

    /// `«KG» (Kiên Giang)`, or `«KG»` for a code the history does not hold.
    pub fn quoted(&self, code: &str) -> String {
        self.unit(code)
            .map_or_else(|| format!("«{code}»"), Unit::quoted)
    }

    /// Every broken rule of the history: codes, names, version spans that
    /// overlap or leave gaps, and mergers whose units do not line up.
    pub fn problems(&self) -> Vec<Problem> {
        let mut out = Vec::new();
        let mut seen: HashMap<&str, usize> = HashMap::new();
        for unit in &self.units {
            *seen.entry(unit.code.as_str()).or_default() += 1;
            unit_problems(unit, self, &mut out);
        }
        for (code, n) in seen {
            if n > 1 {
                out.push(Problem::new(
                    subject(code, 0),
                    "code",
                    format!("mã đơn vị «{code}» xuất hiện {n} lần; mỗi đơn vị một mã"),
                ));
            }
        }
        let mut taken_by: HashMap<&str, &str> = HashMap::new();
        for unit in &self.units {
            for (i, v) in unit.versions.iter().enumerate() {
                for t in &v.takes_in {
                    if let Some(first) = taken_by.insert(t, &unit.code)
                        && first != unit.code
                    {
                        out.push(Problem::new(
                            subject(&unit.code, i),
                            "takes_in",
                            format!(
                                "đơn vị «{t}» đã nhập vào «{first}», không thể nhập thêm vào «{}»",
                                unit.code
                            ),
                        ));
                    }
                }
            }
        }
        out
    }
}

fn subject(code: &str, version: usize) -> Subject {
    Subject::Unit {
        code: code.to_string(),
        version,
    }
}

fn unit_problems(unit: &Unit, all: &UnitHistory, out: &mut Vec<Problem>) {
    let code = unit.code.as_str();
    if !is_code(code) || code == CLUSTER {
        out.push(Problem::new(
            subject(code, 0),
            "code",
            format!(
                "mã đơn vị «{code}» không hợp lệ: {}{}",
                code_rule(),
                if code == CLUSTER {
                    "; CLUSTER là mã của cả cụm"
                } else {
                    ""
                }
            ),
        ));
    }
    if unit.versions.is_empty() {
        out.push(Problem::new(
            subject(code, 0),
            "code",
            format!("đơn vị «{code}» không có phiên bản nào"),
        ));
    }
    let last = unit.versions.len().saturating_sub(1);
    for (i, v) in unit.versions.iter().enumerate() {
        let at = || subject(code, i);
        if v.name.trim().is_empty() {
            out.push(Problem::new(
                at(),
                "name",
                format!("đơn vị «{code}» thiếu tên"),
            ));
        }
        if let (Some(f), Some(u)) = (v.valid_from, v.valid_until)
            && u < f
        {
            out.push(Problem::new(
                at(),
                "valid_until",
                format!(
                    "đơn vị «{code}»: ngày kết thúc {} trước ngày bắt đầu {}",
                    format_day(u),
                    format_day(f)
                ),
            ));
        }
        if i > 0 && v.valid_from.is_none() {
            out.push(Problem::new(
                at(),
                "valid_from",
                format!(
                    "đơn vị «{code}» có nhiều phiên bản: chỉ phiên bản đầu tiên được để trống ngày bắt đầu"
                ),
            ));
        }
        if i < last && v.valid_until.is_none() {
            out.push(Problem::new(
                at(),
                "valid_until",
                format!("đơn vị «{code}» có phiên bản sau: phiên bản này phải có ngày kết thúc"),
            ));
        }
        if i > 0
            && let (Some(prev_end), Some(from)) = (unit.versions[i - 1].valid_until, v.valid_from)
            && prev_end.succ_opt() != Some(from)
        {
            let how = if from <= prev_end {
                "chồng lên"
            } else {
                "để khoảng trống sau"
            };
            out.push(Problem::new(
                at(),
                "valid_from",
                format!(
                    "đơn vị «{code}»: phiên bản từ {} {how} phiên bản trước (đến {}); các phiên bản phải nối tiếp nhau, ngày bắt đầu là ngày sau ngày kết thúc của phiên bản trước",
                    format_day(from),
                    format_day(prev_end)
                ),
            ));
        }
        intake_problems(unit, i, all, out);
    }
}

/// A merger must line up: each unit taken in exists, is another unit, ends
/// the day before and does not go on after it.
fn intake_problems(unit: &Unit, i: usize, all: &UnitHistory, out: &mut Vec<Problem>) {
    let v = &unit.versions[i];
    let code = unit.code.as_str();
    let at = || subject(code, i);
    if v.takes_in.is_empty() {
        return;
    }
    let Some(from) = v.valid_from else {
        out.push(Problem::new(
            at(),
            "takes_in",
            format!(
                "đơn vị «{code}» nhận đơn vị khác ({}) nhưng phiên bản không có ngày bắt đầu: ngày sáp nhập là valid_from",
                v.takes_in.join(";")
            ),
        ));
        return;
    };
    let day_before = from.pred_opt();
    for (n, t) in v.takes_in.iter().enumerate() {
        if v.takes_in[..n].contains(t) {
            out.push(Problem::new(
                at(),
                "takes_in",
                format!("đơn vị «{code}»: «{t}» ghi hai lần trong takes_in"),
            ));
            continue;
        }
        if t == code {
            out.push(Problem::new(
                at(),
                "takes_in",
                format!(
                    "đơn vị «{code}» không thể nhận chính mình; lãnh thổ cũ của nó được tính theo phiên bản trước"
                ),
            ));
            continue;
        }
        let Some(taken) = all.unit(t) else {
            out.push(Problem::new(
                at(),
                "takes_in",
                format!("đơn vị «{code}» nhận «{t}», nhưng không có đơn vị mã «{t}»"),
            ));
            continue;
        };
        let ends_day_before = taken
            .versions
            .iter()
            .any(|tv| tv.valid_until.is_some() && tv.valid_until == day_before);
        if !ends_day_before || taken.version_at(from).is_some() {
            out.push(Problem::new(
                at(),
                "takes_in",
                format!(
                    "{} nhập vào «{code}» từ {} nên phải kết thúc ngày {} (valid_until) và không còn phiên bản nào sau đó",
                    taken.quoted(),
                    format_day(from),
                    day_before.map(format_day).unwrap_or_default()
                ),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        super::super::calendar::parse_day(s).expect("day")
    }

    fn version(name: &str, from: Option<&str>, until: Option<&str>, takes: &[&str]) -> UnitVersion {
        UnitVersion {
            name: name.into(),
            kind: UnitKind::Province,
            valid_from: from.map(day),
            valid_until: until.map(day),
            takes_in: takes.iter().map(|s| s.to_string()).collect(),
        }
    }

    fn merger() -> UnitHistory {
        UnitHistory {
            units: vec![
                Unit {
                    code: "AG".into(),
                    versions: vec![
                        version("An Giang", None, Some("2025-06-30"), &[]),
                        version("An Giang", Some("2025-07-01"), None, &["KG"]),
                    ],
                },
                Unit {
                    code: "KG".into(),
                    versions: vec![version("Kiên Giang", None, Some("2025-06-30"), &[])],
                },
            ],
        }
    }

    fn p(s: &str) -> Period {
        s.parse().expect("period")
    }

    #[test]
    fn versions_at_a_day_and_in_a_period() {
        let h = merger();
        let ag = h.unit("AG").expect("AG");
        assert_eq!(ag.version_at(day("2025-06-30")), Some(&ag.versions[0]));
        assert_eq!(ag.version_at(day("2025-07-01")), Some(&ag.versions[1]));
        assert_eq!(ag.version_in(p("2025-H1")), Some(&ag.versions[0]));
        assert_eq!(ag.version_in(p("2026")), Some(&ag.versions[1]));
        assert_eq!(ag.version_in(p("2025")), None, "changed during 2025");
        assert_eq!(ag.versions_during(p("2025")).count(), 2);
        assert_eq!(ag.as_of(p("2025")), Some(&ag.versions[1]));
        let names: Vec<&str> = h
            .units_in(p("2025-H2"))
            .iter()
            .map(|u| u.code.as_str())
            .collect();
        assert_eq!(names, ["AG"]);
        assert_eq!(h.units_in(p("2025")).len(), 2);
        let (succ, on) = h.successor_of("KG").expect("successor");
        assert_eq!((succ.code.as_str(), on), ("AG", day("2025-07-01")));
        assert!(h.problems().is_empty(), "{:?}", h.problems());
    }

    #[test]
    fn labels_of_provinces_and_cities() {
        let mut v = version("Cần Thơ", None, None, &[]);
        v.kind = UnitKind::City;
        assert_eq!(v.short_label(), "TP Cần Thơ");
        assert_eq!(v.full_name(), "thành phố Cần Thơ");
        assert_eq!(UnitKind::parse(" Thành phố "), Some(UnitKind::City));
        assert_eq!(UnitKind::parse("huyện"), None);
    }

    #[test]
    fn mergers_that_do_not_line_up_are_refused_naming_the_units() {
        let mut h = merger();
        h.units[1].versions[0].valid_until = Some(day("2025-07-31"));
        let messages: Vec<String> = h.problems().into_iter().map(|p| p.message).collect();
        assert!(
            messages
                .iter()
                .any(|m| m.contains("«KG» (Kiên Giang) nhập vào «AG» từ 2025-07-01")),
            "{messages:?}"
        );
        let mut h = merger();
        h.units[0].versions[1].valid_from = Some(day("2025-08-01"));
        let problems = h.problems();
        assert!(
            problems
                .iter()
                .any(|p| p.field == "valid_from" && p.message.contains("khoảng trống")),
            "{problems:?}"
        );
        let mut h = merger();
        h.units[0].versions[1].takes_in.push("XX".into());
        h.units[0].versions[1].takes_in.push("AG".into());
        let messages: Vec<String> = h.problems().into_iter().map(|p| p.message).collect();
        assert!(
            messages
                .iter()
                .any(|m| m.contains("không có đơn vị mã «XX»"))
        );
        assert!(
            messages
                .iter()
                .any(|m| m.contains("không thể nhận chính mình"))
        );
    }
}
