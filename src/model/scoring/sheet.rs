//! The score sheet (bảng chấm điểm) of one unit and one scored period, as a
//! model value: the year's criteria tree, per criterion MS, target, actual,
//! method, the computed points with their formula, the unit's own points
//! (tự chấm), the reviewed points (thẩm định) with the reviewer's reason
//! and the unit's explanation (giải trình), and the totals per group and
//! overall.
//!
//! **Which points count** (the "Điểm" column): the reviewed points where
//! given, else the unit's own, else the computed ones. The "Tự chấm"
//! column reads the same way without the review: the unit's own points
//! where given, else the computed ones — what the unit claims. A group
//! criterion's points are the sum of its children's; a `manual` criterion
//! nobody scored yet counts 0 and shows "chưa chấm". Totals add the rows'
//! (rounded) points: the scale's criteria, then bonus points added and
//! penalty points taken off: total = scale + bonus − penalty.
//!
//! A criterion the engine cannot score (a negative target, an overflow)
//! keeps its message on its row; a column that needs its points then has
//! no total but that message, so no total silently leaves it out.
//!
//! Sections follow the criteria's groups (`group`, in group order); within
//! a group the tree (`parent`) gives the rows' order, depth and numbers
//! (`1`, `1.1`, …). Criteria of the covenant without points or method are
//! not on the sheet.

use rust_decimal::Decimal;

use super::basis::Scored;
use super::calc::ScoreError;
use super::inputs::Inputs;
use super::scores::YearScores;
use super::workflow::{Entry, SheetEntries, State};
use crate::model::covenant::CovenantYear;
use crate::model::criterion::{Criterion, Method};
use crate::model::period::Period;

/// Whether `c` is on the year's sheet: a criterion of the covenant with
/// points, a method, or children.
pub fn on_sheet(year: &CovenantYear, c: &Criterion) -> bool {
    c.in_covenant
        && (c.scoring.max_points.is_some()
            || c.scoring.method != Method::None
            || year.children(&c.code).any(|k| k.in_covenant))
}

/// One column's points of a row: a number, none (nothing entered or
/// computed), or why the criterion cannot be scored.
pub type Cell = Result<Option<Decimal>, ScoreError>;

/// Where a row's counted points come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    Reviewed,
    SelfScored,
    Computed,
    /// Nothing to count yet (a `manual` criterion nobody scored): 0.
    Missing,
    /// A group: the sum of its children.
    Group,
}

/// One criterion's line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SheetRow {
    /// `1`, `1.2`: its place in its section.
    pub number: String,
    pub code: String,
    pub name: String,
    /// The criterion's unit label (`%`, `tỷ đồng`).
    pub unit_label: String,
    pub depth: usize,
    pub is_group: bool,
    pub method: Method,
    /// MS; for a group without one, the sum of its children's.
    pub max_points: Option<Decimal>,
    /// The most points of a bonus or penalty.
    pub cap: Option<Decimal>,
    pub decimals: u32,
    pub target: Option<Decimal>,
    pub actual: Option<Decimal>,
    /// The computed points with their basis; None for a group.
    pub scored: Option<Result<Scored, ScoreError>>,
    pub entry: Entry,
    pub computed: Cell,
    pub self_scored: Cell,
    pub final_points: Cell,
    pub source: Source,
}

impl SheetRow {
    /// The calculation written out (see [`Scored::formula`]), the error of
    /// a criterion that cannot be scored, or how a group adds up.
    pub fn formula(&self, num: &dyn Fn(Decimal, u32) -> String) -> String {
        match &self.scored {
            Some(Ok(s)) => s.formula(self.decimals, num),
            Some(Err(e)) => e.message.clone(),
            None if self.is_group => "tổng điểm các chỉ tiêu con".to_string(),
            None => "không thuộc các đơn vị được chấm kỳ này".to_string(),
        }
    }
}

/// Points split as the total adds them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Points {
    /// Σ of the scale's criteria.
    pub scale: Decimal,
    pub bonus: Decimal,
    /// Points taken off, a positive number.
    pub penalty: Decimal,
    /// scale + bonus − penalty.
    pub total: Decimal,
}

/// The totals of the three columns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Totals {
    pub computed: Result<Points, ScoreError>,
    pub self_scored: Result<Points, ScoreError>,
    pub final_points: Result<Points, ScoreError>,
}

/// One group of criteria.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    /// `I`, `II`, …
    pub number: String,
    pub group: String,
    pub name: String,
    /// Σ MS of the group's criteria on the scale (None: too large to add).
    pub max_points: Option<Decimal>,
    pub rows: Vec<SheetRow>,
    pub totals: Totals,
}

/// One unit's sheet of one period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScoreSheet {
    pub year: u16,
    pub period: Period,
    pub cluster_name: String,
    pub unit: String,
    pub unit_name: String,
    pub scale_total: Option<Decimal>,
    pub state: State,
    pub last_reason: Option<String>,
    pub sections: Vec<Section>,
    pub totals: Totals,
}

impl ScoreSheet {
    /// The sheet of `unit` from the year's computed points, the inputs and
    /// the stored entries.
    pub fn build(
        year: &CovenantYear,
        scores: &YearScores,
        inputs: &Inputs,
        unit: &str,
        unit_name: &str,
        entries: &SheetEntries,
    ) -> ScoreSheet {
        let ctx = Build {
            year,
            scores,
            inputs,
            unit,
            entries,
        };
        let mut groups: Vec<&Criterion> = Vec::new();
        for c in &year.criteria {
            if on_sheet(year, c) && !groups.iter().any(|g| g.group == c.group) {
                groups.push(c);
            }
        }
        let sections: Vec<Section> = groups
            .iter()
            .enumerate()
            .map(|(i, head)| ctx.section(i, head))
            .collect();
        let totals = Totals {
            computed: add_up(sections.iter().map(|s| s.totals.computed.clone())),
            self_scored: add_up(sections.iter().map(|s| s.totals.self_scored.clone())),
            final_points: add_up(sections.iter().map(|s| s.totals.final_points.clone())),
        };
        ScoreSheet {
            year: year.year,
            period: inputs.period,
            cluster_name: year.cluster_name.clone(),
            unit: unit.to_string(),
            unit_name: unit_name.to_string(),
            scale_total: year.scale_total,
            state: entries.state,
            last_reason: entries.last_reason.clone(),
            sections,
            totals,
        }
    }

    /// Every row, section by section.
    pub fn rows(&self) -> impl Iterator<Item = &SheetRow> {
        self.sections.iter().flat_map(|s| s.rows.iter())
    }

    pub fn row(&self, code: &str) -> Option<&SheetRow> {
        self.rows().find(|r| r.code == code)
    }
}

struct Build<'a> {
    year: &'a CovenantYear,
    scores: &'a YearScores,
    inputs: &'a Inputs,
    unit: &'a str,
    entries: &'a SheetEntries,
}

impl Build<'_> {
    fn section(&self, index: usize, head: &Criterion) -> Section {
        let year = self.year;
        let in_group = |c: &&Criterion| c.group == head.group && on_sheet(year, c);
        let tops: Vec<&Criterion> = year
            .criteria
            .iter()
            .filter(in_group)
            .filter(|c| {
                c.scoring
                    .parent
                    .as_deref()
                    .and_then(|p| year.criterion(p))
                    .is_none_or(|p| p.group != c.group || !on_sheet(year, p))
            })
            .collect();
        let mut rows = Vec::new();
        for (i, c) in tops.iter().enumerate() {
            let _ = self.rows(c, (i + 1).to_string(), 0, &mut rows);
        }
        let max_points = checked_sum(tops.iter().filter_map(|c| scale_max(year, c, 0)));
        let leaves: Vec<(&SheetRow, Method)> = rows
            .iter()
            .filter(|r| !r.is_group)
            .map(|r| (r, r.method))
            .collect();
        let column = |pick: fn(&SheetRow) -> &Cell| {
            add_rows(leaves.iter().map(|(r, m)| (pick(r).clone(), *m)))
        };
        let totals = Totals {
            computed: column(|r| &r.computed),
            self_scored: column(|r| &r.self_scored),
            final_points: column(|r| &r.final_points),
        };
        Section {
            number: roman(index + 1),
            group: head.group.clone(),
            name: head.group_name.clone(),
            max_points,
            rows,
            totals,
        }
    }

    /// `c`'s row and, after it, its children's (depth first). Returns the
    /// row's three cells for the parent's sums.
    fn rows(
        &self,
        c: &Criterion,
        number: String,
        depth: usize,
        out: &mut Vec<SheetRow>,
    ) -> [Cell; 3] {
        let year = self.year;
        let children: Vec<&Criterion> = if depth < year.criteria.len() {
            year.children(&c.code)
                .filter(|k| k.code != c.code && on_sheet(year, k))
                .collect()
        } else {
            Vec::new() // a cycle, refused by the covenant checks
        };
        let entry = self.entries.entry(&c.code).cloned().unwrap_or_default();
        let at = out.len();
        let mut row = SheetRow {
            number: number.clone(),
            code: c.code.clone(),
            name: c.name.clone(),
            unit_label: c.unit.clone(),
            depth,
            is_group: !children.is_empty(),
            method: c.scoring.method,
            max_points: scale_max(year, c, 0),
            cap: c
                .scoring
                .cap
                .filter(|_| c.scoring.method.is_outside_scale()),
            decimals: c.decimals,
            target: self.inputs.target(self.unit, &c.code),
            actual: self.inputs.actual(self.unit, &c.code),
            scored: None,
            entry,
            computed: Ok(None),
            self_scored: Ok(None),
            final_points: Ok(None),
            source: Source::Group,
        };
        if row.is_group {
            out.push(row);
            let mut sums: [Vec<Cell>; 3] = Default::default();
            for (i, k) in children.iter().enumerate() {
                let cells = self.rows(k, format!("{number}.{}", i + 1), depth + 1, out);
                if !k.scoring.method.is_outside_scale() {
                    for (sum, cell) in sums.iter_mut().zip(cells) {
                        sum.push(cell);
                    }
                }
            }
            let [a, b, c] = sums.map(add_cells);
            let group = &mut out[at];
            group.computed = a;
            group.self_scored = b;
            group.final_points = c;
            return [
                group.computed.clone(),
                group.self_scored.clone(),
                group.final_points.clone(),
            ];
        }
        let scored = self
            .scores
            .unit(&c.code, self.unit)
            .map(|r| r.cloned().map_err(Clone::clone));
        let computed: Cell = match &scored {
            Some(Ok(s)) => Ok(s.points),
            Some(Err(e)) => Err(e.clone()),
            None => Ok(None),
        };
        let own = row.entry.self_points;
        let reviewed = row.entry.reviewed.as_ref().map(|r| r.points);
        row.self_scored = own.map_or_else(|| computed.clone(), |p| Ok(Some(p)));
        (row.final_points, row.source) = match (reviewed, own) {
            (Some(p), _) => (Ok(Some(p)), Source::Reviewed),
            (None, Some(p)) => (Ok(Some(p)), Source::SelfScored),
            (None, None) => match &computed {
                Ok(None) => (Ok(None), Source::Missing),
                _ => (computed.clone(), Source::Computed),
            },
        };
        row.computed = computed;
        row.scored = scored;
        let cells = [
            row.computed.clone(),
            row.self_scored.clone(),
            row.final_points.clone(),
        ];
        out.push(row);
        cells
    }
}

/// A criterion's worth on the scale: its MS, or for a group without one
/// the sum of its children's; None outside the scale.
fn scale_max(year: &CovenantYear, c: &Criterion, depth: usize) -> Option<Decimal> {
    if c.scoring.method.is_outside_scale() || depth > year.criteria.len() {
        return None;
    }
    c.scoring.max_points.or_else(|| {
        let parts: Vec<Decimal> = year
            .children(&c.code)
            .filter(|k| k.code != c.code)
            .filter_map(|k| scale_max(year, k, depth + 1))
            .collect();
        if parts.is_empty() {
            None
        } else {
            checked_sum(parts)
        }
    })
}

/// Σ, None where it overflows (a scale that large is refused by the
/// covenant's checks; the sheet then shows no maximum rather than panic).
fn checked_sum(parts: impl IntoIterator<Item = Decimal>) -> Option<Decimal> {
    parts
        .into_iter()
        .try_fold(Decimal::ZERO, |acc, p| acc.checked_add(p))
}

fn sum_error() -> ScoreError {
    ScoreError {
        criterion: String::new(),
        message: "tổng điểm vượt quá phạm vi số thập phân".to_string(),
    }
}

/// Σ of cells: the first error, else the sum (none counting 0).
fn add_cells(cells: Vec<Cell>) -> Cell {
    let mut total = Decimal::ZERO;
    for c in cells {
        total = total
            .checked_add(c?.unwrap_or_default())
            .ok_or_else(sum_error)?;
    }
    Ok(Some(total))
}

/// The leaves' cells added by kind: scale, bonus, penalty.
fn add_rows(cells: impl Iterator<Item = (Cell, Method)>) -> Result<Points, ScoreError> {
    let mut p = Points::default();
    for (cell, method) in cells {
        let v = cell?.unwrap_or_default();
        let slot = match method {
            Method::Bonus => &mut p.bonus,
            Method::Penalty => &mut p.penalty,
            _ => &mut p.scale,
        };
        *slot = slot.checked_add(v).ok_or_else(sum_error)?;
    }
    with_total(p)
}

fn with_total(mut p: Points) -> Result<Points, ScoreError> {
    p.total = p
        .scale
        .checked_add(p.bonus)
        .and_then(|t| t.checked_sub(p.penalty))
        .ok_or_else(sum_error)?;
    Ok(p)
}

fn add_up(parts: impl Iterator<Item = Result<Points, ScoreError>>) -> Result<Points, ScoreError> {
    let mut p = Points::default();
    for part in parts {
        let part = part?;
        for (slot, v) in [
            (&mut p.scale, part.scale),
            (&mut p.bonus, part.bonus),
            (&mut p.penalty, part.penalty),
        ] {
            *slot = slot.checked_add(v).ok_or_else(sum_error)?;
        }
    }
    with_total(p)
}

/// `I`, `II`, … `XXXIX`: section numbers as Vietnamese documents write them.
fn roman(n: usize) -> String {
    const TENS: [&str; 4] = ["", "X", "XX", "XXX"];
    const ONES: [&str; 10] = ["", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX"];
    match TENS.get(n / 10) {
        Some(t) => format!("{t}{}", ONES[n % 10]),
        None => n.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::roman;

    #[test]
    fn sections_are_numbered_in_roman() {
        assert_eq!(roman(1), "I");
        assert_eq!(roman(4), "IV");
        assert_eq!(roman(14), "XIV");
        assert_eq!(roman(40), "40");
    }
}
