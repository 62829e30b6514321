//! The two layouts of a sheet's used area, read into checked values:
//! long (the CSV's columns, with the optional `qualifier` and `comment`)
//! and wide (units in rows, indicators in columns; figures only), each
//! field through [`import::check`], each cell once.

use calamine::Data;

use super::SheetError;
use super::book::{At, Sheet};
use crate::io::figure_columns::{self, COMMENT, QUALIFIER};
use crate::io::import::{self, Batch, COLUMNS, Field};
use crate::io::wide_layout;
use crate::model::{Cluster, Figure, Kind, Period, Qualifiers};
use crate::store::Edit;

/// The used area of a sheet, its header in the top row.
pub(super) struct Grid<'s> {
    pub(super) sheet: &'s Sheet,
    pub(super) top: u32,
    pub(super) bottom: u32,
    pub(super) left: u32,
    pub(super) right: u32,
}

impl Grid<'_> {
    fn data_rows(&self) -> std::ops::RangeInclusive<u32> {
        (self.top + 1)..=self.bottom
    }

    fn blank_row(&self, row: u32) -> bool {
        (self.left..=self.right).all(|c| {
            matches!(
                self.sheet.values.get_value((row, c)),
                None | Some(Data::Empty)
            ) && self
                .sheet
                .formulas
                .get_value((row, c))
                .is_none_or(String::is_empty)
        })
    }

    /// Check a row's five fields, read at `cells` (one per field), and
    /// take them into `batch` with what the row says of the figure.
    fn take(
        &self,
        fields: &[String; 5],
        cells: [(u32, u32); 5],
        said: Option<(Qualifiers, Option<String>)>,
        cluster: &Cluster,
        batch: &mut Batch<At>,
        errors: &mut Vec<SheetError>,
    ) {
        let (row, value_col) = cells[Field::Value as usize];
        match import::check(fields, cluster) {
            Ok((key, value)) => {
                let Some((qualifiers, note)) = said else {
                    return;
                };
                let figure = Figure {
                    value,
                    qualifiers,
                    note,
                };
                if let Err(message) = batch.add_figure(key, figure, self.sheet.at(row, value_col)) {
                    errors.push(self.sheet.error(row, value_col, message));
                }
            }
            Err(problems) => {
                for p in problems {
                    let (r, c) = p.field.map_or((row, value_col), |f| cells[f as usize]);
                    errors.push(self.sheet.error(r, c, p.message));
                }
            }
        }
    }

    /// The optional `qualifier` and `comment` cells of `row` (at `cols`),
    /// or None with every problem told.
    fn said(
        &self,
        row: u32,
        cols: [Option<u32>; 2],
        errors: &mut Vec<SheetError>,
    ) -> Option<(Qualifiers, Option<String>)> {
        let before = errors.len();
        let mut read = |col: Option<u32>| -> Option<String> {
            let col = col?;
            match self.sheet.text(row, col) {
                Ok(t) => Some(t),
                Err(message) => {
                    errors.push(self.sheet.error(row, col, message));
                    None
                }
            }
        };
        let (qualifier, comment) = (read(cols[0]), read(cols[1]));
        let qualifiers = match qualifier.map(|q| figure_columns::parse_qualifiers(&q)) {
            Some(Ok(q)) => q,
            Some(Err(message)) => {
                errors.push(self.sheet.error(row, cols[0].unwrap_or(0), message));
                Qualifiers::default()
            }
            None => Qualifiers::default(),
        };
        let note = match comment.map(|c| figure_columns::parse_comment(&c)) {
            Some(Ok(n)) => n,
            Some(Err(message)) => {
                errors.push(self.sheet.error(row, cols[1].unwrap_or(0), message));
                None
            }
            None => None,
        };
        (errors.len() == before).then_some((qualifiers, note))
    }

    pub(super) fn long(
        &self,
        cluster: &Cluster,
        header: &[(u32, String)],
        errors: &mut Vec<SheetError>,
    ) -> Vec<Edit> {
        let cols: Vec<u32> = COLUMNS
            .iter()
            .filter_map(|c| header.iter().find(|(_, h)| h == c).map(|(col, _)| *col))
            .collect();
        let optional =
            [QUALIFIER, COMMENT].map(|c| header.iter().find(|(_, h)| h == c).map(|(col, _)| *col));
        let mut batch = Batch::default();
        for row in self.data_rows() {
            if self.blank_row(row) {
                continue;
            }
            let said = self.said(row, optional, errors);
            let mut fields: [String; 5] = Default::default();
            let mut readable = true;
            let mut cells = [(row, 0); 5];
            for ((field, &col), slot) in Field::ALL.iter().zip(&cols).zip(fields.iter_mut()) {
                cells[*field as usize] = (row, col);
                let read = if *field == Field::Value {
                    self.sheet.value_text(row, col)
                } else {
                    self.sheet.text(row, col)
                };
                match read {
                    Ok(t) => *slot = t,
                    Err(message) => {
                        errors.push(self.sheet.error(row, col, message));
                        readable = false;
                    }
                }
            }
            if readable {
                self.take(&fields, cells, said, cluster, &mut batch, errors);
            }
        }
        batch.into_edits()
    }

    pub(super) fn wide(
        &self,
        cluster: &Cluster,
        header: &[(u32, String)],
        period: Period,
        kind: Kind,
        errors: &mut Vec<SheetError>,
    ) -> Vec<Edit> {
        let sheet = self.sheet;
        // The indicator of each column (the first column holds the units).
        let mut columns: Vec<(u32, String)> = Vec::new();
        for (col, text) in header.iter().skip(1) {
            if text.is_empty() {
                let used = self.data_rows().any(|r| {
                    !matches!(sheet.values.get_value((r, *col)), None | Some(Data::Empty))
                });
                if used {
                    errors.push(sheet.error(
                        self.top,
                        *col,
                        "cột có số liệu nhưng không có tiêu đề chỉ tiêu",
                    ));
                }
                continue;
            }
            match wide_layout::indicator_of(cluster, text) {
                Ok(ind) => {
                    if let Some((first, _)) = columns.iter().find(|(_, c)| *c == ind.code) {
                        errors.push(sheet.error(
                            self.top,
                            *col,
                            format!(
                                "chỉ tiêu «{}» đã có ở cột {}",
                                ind.name,
                                sheet.at(self.top, *first)
                            ),
                        ));
                    } else {
                        columns.push((*col, ind.code.clone()));
                    }
                }
                Err(message) => errors.push(sheet.error(self.top, *col, message)),
            }
        }
        let mut batch = Batch::default();
        let mut units: Vec<(String, u32)> = Vec::new();
        for row in self.data_rows() {
            if self.blank_row(row) {
                continue;
            }
            let unit = match sheet.text(row, self.left) {
                Ok(t) if t.is_empty() => {
                    errors.push(sheet.error(
                        row,
                        self.left,
                        "dòng có số liệu nhưng không ghi tỉnh (mã hoặc tên) ở cột đầu",
                    ));
                    continue;
                }
                Ok(t) => match wide_layout::unit_of(cluster, &t) {
                    Ok(code) => code,
                    Err(message) => {
                        errors.push(sheet.error(row, self.left, message));
                        continue;
                    }
                },
                Err(message) => {
                    errors.push(sheet.error(row, self.left, message));
                    continue;
                }
            };
            if let Some((_, first)) = units.iter().find(|(u, _)| *u == unit) {
                errors.push(sheet.error(
                    row,
                    self.left,
                    format!(
                        "tỉnh «{}» đã có ở dòng {}",
                        wide_layout::unit_name(cluster, &unit),
                        first + 1
                    ),
                ));
                continue;
            }
            units.push((unit.clone(), row));
            for (col, code) in &columns {
                let text = match sheet.value_text(row, *col) {
                    Ok(t) if t.is_empty() => continue,
                    Ok(t) => t,
                    Err(message) => {
                        errors.push(sheet.error(row, *col, message));
                        continue;
                    }
                };
                let fields = [
                    unit.clone(),
                    code.clone(),
                    period.to_string(),
                    kind.as_str().to_string(),
                    text,
                ];
                let cells = [
                    (row, self.left),
                    (self.top, *col),
                    (row, *col),
                    (row, *col),
                    (row, *col),
                ];
                // A wide sheet holds figures only: no qualifier, no comment.
                let plain = Some((Qualifiers::default(), None));
                self.take(&fields, cells, plain, cluster, &mut batch, errors);
            }
        }
        batch.into_edits()
    }
}
