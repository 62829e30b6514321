//! Reading the covenant files into a [`Covenant`], all or nothing: first
//! every cell and row of every file (each bad field named by file, line
//! and column), then — when all of them read — every rule of the model
//! (units that line up, members that exist, the scoring tree and totals),
//! each pinned back to the line it came from.

use std::collections::{BTreeMap, HashMap};

use super::cells::Cells;
use super::columns::{INDICATOR_COLUMNS, MEMBER_COLUMNS, UNIT_COLUMNS, YEAR_COLUMNS};
use super::sheet::{self, Row, Sheet};
use super::{FileError, Files};
use crate::model::covenant::{Covenant, CovenantYear, Member, MemberRole};
use crate::model::criterion::{
    Aggregate, Criterion, Method, Plausibility, Scoring, parse_direction,
};
use crate::model::problem::{Problem, Subject};
use crate::model::unit::{Unit, UnitHistory, UnitKind, UnitVersion};

/// Where each item of a definition was read: file lines by subject.
#[derive(Debug, Default)]
pub struct Locations {
    units: HashMap<(String, usize), usize>,
    members: HashMap<(u16, String), usize>,
    criteria: HashMap<(u16, String), usize>,
    years: HashMap<u16, usize>,
}

impl Locations {
    /// The problem as a file error at its line and column; None when the
    /// item was not read from the files.
    pub fn locate(&self, p: &Problem) -> Option<FileError> {
        let (file, line) = match &p.subject {
            Subject::Unit { code, version } => (
                UNIT_COLUMNS.file,
                *self.units.get(&(code.clone(), *version))?,
            ),
            Subject::Member { year, unit } => (
                MEMBER_COLUMNS.file,
                *self.members.get(&(*year, unit.clone()))?,
            ),
            Subject::Criterion { year, code } => (
                INDICATOR_COLUMNS.file,
                *self.criteria.get(&(*year, code.clone()))?,
            ),
            Subject::Year(y) => (YEAR_COLUMNS.file, *self.years.get(y)?),
        };
        Some(FileError {
            file: Some(file),
            line: Some(line),
            column: Some(p.field.to_string()),
            message: p.message.clone(),
        })
    }

    /// Whether the files define this year.
    pub fn has_year(&self, year: u16) -> bool {
        self.years.contains_key(&year)
    }
}

/// Read and check a whole definition from its files.
pub fn read(files: &Files) -> Result<(Covenant, Locations), Vec<FileError>> {
    let mut errors = Vec::new();
    let mut at = Locations::default();
    let units = sheet::read(&UNIT_COLUMNS, &files.units, &mut errors)
        .map(|s| units(&s, &mut at, &mut errors));
    let members = sheet::read(&MEMBER_COLUMNS, &files.members, &mut errors)
        .map(|s| members(&s, &mut at, &mut errors));
    let criteria = sheet::read(&INDICATOR_COLUMNS, &files.indicators, &mut errors)
        .map(|s| criteria(&s, &mut at, &mut errors));
    let years = sheet::read(&YEAR_COLUMNS, &files.years, &mut errors)
        .map(|s| years(&s, &mut at, &mut errors));
    let (Some(units), Some(years), Some(mut members), Some(mut criteria)) =
        (units, years, members, criteria)
    else {
        return Err(errors);
    };
    for (file, listed) in [
        (
            MEMBER_COLUMNS.file,
            members.keys().copied().collect::<Vec<_>>(),
        ),
        (INDICATOR_COLUMNS.file, criteria.keys().copied().collect()),
    ] {
        for y in listed.into_iter().filter(|y| !years.contains_key(y)) {
            errors.push(FileError {
                file: Some(file),
                line: first_line(&at, file, y),
                column: Some("year".into()),
                message: format!(
                    "năm {y} không có trong years.csv (tên cụm, tổng điểm thang của năm)"
                ),
            });
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut covenant = Covenant {
        units,
        years: BTreeMap::new(),
    };
    for (y, (cluster_name, scale_total)) in years {
        let mut year = CovenantYear {
            year: y,
            cluster_name,
            scale_total,
            members: members.remove(&y).unwrap_or_default(),
            criteria: criteria.remove(&y).unwrap_or_default(),
        };
        year.sort_criteria();
        covenant.years.insert(y, year);
    }
    let errors: Vec<FileError> = covenant
        .problems()
        .iter()
        .map(|p| {
            at.locate(p)
                .unwrap_or_else(|| FileError::unplaced(&p.message))
        })
        .collect();
    if errors.is_empty() {
        Ok((covenant, at))
    } else {
        Err(errors)
    }
}

fn first_line(at: &Locations, file: &str, year: u16) -> Option<usize> {
    let lines: Vec<usize> = if file == MEMBER_COLUMNS.file {
        at.members
            .iter()
            .filter(|((y, _), _)| *y == year)
            .map(|(_, l)| *l)
            .collect()
    } else {
        at.criteria
            .iter()
            .filter(|((y, _), _)| *y == year)
            .map(|(_, l)| *l)
            .collect()
    };
    lines.into_iter().min()
}

fn cells<'a>(sheet: &Sheet, row: &'a Row, errors: &'a mut Vec<FileError>) -> Cells<'a> {
    Cells {
        file: sheet.layout.file,
        row,
        errors,
    }
}

fn units(sheet: &Sheet, at: &mut Locations, errors: &mut Vec<FileError>) -> UnitHistory {
    let mut list: Vec<(String, Vec<(UnitVersion, usize)>)> = Vec::new();
    for row in &sheet.rows {
        let mut c = cells(sheet, row, errors);
        let code = c.code("code");
        let name = c.text("name", true);
        let kind = c.parse("kind", |s| {
            UnitKind::parse(s)
                .ok_or_else(|| format!("«{s}» không phải loại đơn vị: dùng tỉnh hoặc thành phố"))
        });
        let valid_from = c.day("valid_from");
        let valid_until = c.day("valid_until");
        let takes_in = c.parse("takes_in", |s| {
            s.split(';')
                .map(str::trim)
                .filter(|t| !t.is_empty())
                .map(super::cells::code)
                .collect::<Result<Vec<String>, String>>()
        });
        let (
            Some(code),
            Some(name),
            Some(kind),
            Some(valid_from),
            Some(valid_until),
            Some(takes_in),
        ) = (code, name, kind, valid_from, valid_until, takes_in)
        else {
            continue;
        };
        let version = UnitVersion {
            name,
            kind,
            valid_from,
            valid_until,
            takes_in,
        };
        match list.iter_mut().find(|(c, _)| *c == code) {
            Some((_, versions)) => versions.push((version, row.line)),
            None => list.push((code, vec![(version, row.line)])),
        }
    }
    let mut history = UnitHistory::default();
    for (code, mut versions) in list {
        // Oldest first; an open start is the oldest.
        versions.sort_by_key(|(v, line)| (v.valid_from, *line));
        for (i, (_, line)) in versions.iter().enumerate() {
            at.units.insert((code.clone(), i), *line);
        }
        history.units.push(Unit {
            code,
            versions: versions.into_iter().map(|(v, _)| v).collect(),
        });
    }
    history
}

type YearSettings = BTreeMap<u16, (String, Option<rust_decimal::Decimal>)>;

fn years(sheet: &Sheet, at: &mut Locations, errors: &mut Vec<FileError>) -> YearSettings {
    let mut out = BTreeMap::new();
    for row in &sheet.rows {
        let mut c = cells(sheet, row, errors);
        let year = c.year("year");
        let name = c.text("cluster_name", true);
        let total = c.decimal("scale_total");
        let (Some(year), Some(name), Some(total)) = (year, name, total) else {
            continue;
        };
        if let Some(first) = at.years.get(&year) {
            c.bad("year", format!("năm {year} đã có ở dòng {first}"));
            continue;
        }
        at.years.insert(year, row.line);
        out.insert(year, (name, total));
    }
    out
}

fn members(
    sheet: &Sheet,
    at: &mut Locations,
    errors: &mut Vec<FileError>,
) -> BTreeMap<u16, Vec<Member>> {
    let mut out: BTreeMap<u16, Vec<Member>> = BTreeMap::new();
    for row in &sheet.rows {
        let mut c = cells(sheet, row, errors);
        let year = c.year("year");
        let unit = c.code("unit_code");
        let role = c.parse("role", |s| {
            MemberRole::parse(s).ok_or_else(|| {
                format!("«{s}» không phải vai trò: dùng member, chair hoặc vice_chair")
            })
        });
        let note = c.text("note", false);
        let (Some(year), Some(unit), Some(role), Some(note)) = (year, unit, role, note) else {
            continue;
        };
        if let Some(first) = at.members.get(&(year, unit.clone())) {
            c.bad(
                "unit_code",
                format!("«{unit}» đã là thành viên năm {year} ở dòng {first}; mỗi đơn vị một dòng mỗi năm"),
            );
            continue;
        }
        at.members.insert((year, unit.clone()), row.line);
        out.entry(year)
            .or_default()
            .push(Member { unit, role, note });
    }
    out
}

fn criteria(
    sheet: &Sheet,
    at: &mut Locations,
    errors: &mut Vec<FileError>,
) -> BTreeMap<u16, Vec<Criterion>> {
    let mut out: BTreeMap<u16, Vec<Criterion>> = BTreeMap::new();
    let has_group_order = sheet.has("group_order");
    for row in &sheet.rows {
        let mut c = cells(sheet, row, errors);
        let year = c.year("year");
        let (Some(year), Some(criterion)) = (year, criterion(&mut c, has_group_order)) else {
            continue;
        };
        let key = (year, criterion.code.clone());
        if let Some(first) = at.criteria.get(&key) {
            let earlier = out
                .get(&year)
                .and_then(|list| list.iter().find(|o| o.code == criterion.code));
            let message = match earlier {
                Some(o)
                    if o.group != criterion.group
                        || o.scoring.parent != criterion.scoring.parent =>
                {
                    format!(
                        "chỉ tiêu «{}» nằm trong hai nhóm năm {year}: «{}» (dòng {first}) và «{}»; mỗi chỉ tiêu một dòng mỗi năm",
                        criterion.code,
                        o.scoring.parent.as_deref().unwrap_or(&o.group),
                        criterion
                            .scoring
                            .parent
                            .as_deref()
                            .unwrap_or(&criterion.group),
                    )
                }
                _ => format!(
                    "chỉ tiêu «{}» đã có ở dòng {first} cho năm {year}; mỗi chỉ tiêu một dòng mỗi năm",
                    criterion.code
                ),
            };
            c.bad("code", message);
            continue;
        }
        at.criteria.insert(key, row.line);
        out.entry(year).or_default().push(criterion);
    }
    if !has_group_order {
        // Groups in the order of their first row, year by year.
        for list in out.values_mut() {
            let mut groups: Vec<String> = Vec::new();
            for c in list.iter_mut() {
                let place = match groups.iter().position(|g| *g == c.group) {
                    Some(i) => i,
                    None => {
                        groups.push(c.group.clone());
                        groups.len() - 1
                    }
                };
                c.group_order = u32::try_from(place + 1).unwrap_or(u32::MAX);
            }
        }
    }
    out
}

/// One row of `indicators.csv` as a criterion, every bad cell recorded.
/// Without a `group_order` column the group's order is set afterwards.
fn criterion(c: &mut Cells<'_>, has_group_order: bool) -> Option<Criterion> {
    let code = c.code("code");
    let name = c.text("name", true);
    let unit = c.text("unit", false);
    let group = c.parse("group", |s| {
        if crate::model::criterion::is_group_code(s) {
            Ok(s.to_string())
        } else {
            Err(format!(
                "«{s}» không phải mã nhóm: chữ không dấu, chữ số và dấu _ (ví dụ economy)"
            ))
        }
    });
    let group_name = c.text("group_name", true);
    let order = c.whole("order");
    let direction = c.parse("direction", |s| {
        parse_direction(s).ok_or_else(|| {
            format!("«{s}» không phải chiều: dùng higher_better, lower_better hoặc neutral")
        })
    });
    let rule = c.parse("rule", Aggregate::parse);
    let decimals = c.whole("decimals");
    let min = c.decimal("min");
    let max = c.decimal("max");
    let counted = c.boolean("counted");
    let in_covenant = c.boolean("in_covenant");
    let parent = c.optional_code("parent");
    let max_points = c.decimal("max_points");
    let method = c.parse("method", |s| {
        Method::parse(s).ok_or_else(|| {
            format!(
                "«{s}» không phải cách chấm: dùng {}",
                Method::ALL
                    .iter()
                    .map(Method::as_str)
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        })
    });
    let share_at_target = c.decimal("share_at_target");
    let leader_full = c.optional_boolean("leader_full");
    let points_each = c.decimal("points_each");
    let cap = c.decimal("cap");
    let plausible_min = c.decimal("plausible_min");
    let plausible_max = c.decimal("plausible_max");
    let plausible_jump = c.decimal("plausible_jump");
    let group_order = if has_group_order {
        c.whole("group_order")
    } else {
        Some(0)
    };
    let note = c.text("note", false);
    Some(Criterion {
        code: code?,
        name: name?,
        unit: unit?,
        group: group?,
        group_name: group_name?,
        group_order: group_order?,
        order: order?,
        direction: direction?,
        rule: rule?,
        decimals: decimals?,
        min: min?,
        max: max?,
        counted: counted?,
        in_covenant: in_covenant?,
        scoring: Scoring {
            parent: parent?,
            max_points: max_points?,
            method: method?,
            share_at_target: share_at_target?,
            leader_full: leader_full?,
            points_each: points_each?,
            cap: cap?,
        },
        plausible: Plausibility {
            min: plausible_min?,
            max: plausible_max?,
            jump: plausible_jump?,
        },
        note: note?,
    })
}
