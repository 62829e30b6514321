//! `thidua import FILE.xlsx` (also `.xls`, `.xlsb`, `.ods`): values from a
//! spreadsheet, in either layout, all or none, every problem named by its
//! sheet and cell (`Sheet1!C7`).
//!
//! - Long: the CSV's columns in the header row (`province_code,
//!   indicator_code,period,kind,value`, optionally `qualifier,comment`,
//!   more columns ignored).
//! - Wide: units (code or name) in the first column, indicators (code,
//!   name or `name (unit)`) in the header row; the period and kind come
//!   from the command line (`--period`, `--kind`).
//!
//! The fields go through the same checker as a CSV's ([`crate::io::import::check`]).
//! A formula's cached value is used; a formula with none is refused, as
//! are merged cells, error values, dates and text where a number belongs
//! that could be read two ways (`1.234`). A password-protected file, a
//! file that is not a spreadsheet and a sheet that does not exist each get
//! their own message.

mod book;
mod grid;

use std::fmt::Display;

use self::book::{OLE, ZIP, open, read_sheet};
use self::grid::Grid;
use super::figure_columns::Unsaid;
use super::import::COLUMNS;
use crate::model::{Cluster, Kind, Period};
use crate::store::Edit;

/// What the command line says about the sheet.
#[derive(Debug, Clone, Default)]
pub struct SheetChoice {
    /// The sheet to read; None = the first.
    pub sheet: Option<String>,
    /// The period of a wide sheet's figures.
    pub period: Option<Period>,
    /// Their kind (default: actual).
    pub kind: Option<Kind>,
}

/// A problem, with the cell (or range) it is in when it is in one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SheetError {
    pub cell: Option<String>,
    pub message: String,
}

impl Display for SheetError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.cell {
            Some(c) => write!(f, "{c}: {}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

fn whole(message: impl Into<String>) -> Vec<SheetError> {
    vec![SheetError {
        cell: None,
        message: message.into(),
    }]
}

/// Whether a file is read as a spreadsheet: by its extension, or by its
/// first bytes (a zip or an OLE container) whatever it is called.
pub fn is_spreadsheet(path: &std::path::Path, bytes: &[u8]) -> bool {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    matches!(
        ext.as_deref(),
        Some("xlsx" | "xlsm" | "xls" | "xlsb" | "ods")
    ) || bytes.starts_with(ZIP)
        || bytes.starts_with(OLE)
}

/// Parse and check a spreadsheet against the cluster: every value, or
/// every problem.
pub fn parse(
    bytes: &[u8],
    cluster: &Cluster,
    choice: &SheetChoice,
) -> Result<Vec<Edit>, Vec<SheetError>> {
    parse_said(bytes, cluster, choice).map(|(edits, _)| edits)
}

/// [`parse`], and which optional columns the sheet leaves out (all of
/// them in the wide layout, which holds figures only).
pub fn parse_said(
    bytes: &[u8],
    cluster: &Cluster,
    choice: &SheetChoice,
) -> Result<(Vec<Edit>, Unsaid), Vec<SheetError>> {
    let mut book = open(bytes)?;
    let sheet = read_sheet(&mut book, choice.sheet.as_deref())?;
    let Some((top, left)) = sheet.values.start() else {
        return Err(whole(format!("trang «{}» không có dữ liệu", sheet.name)));
    };
    let (bottom, right) = sheet.values.end().unwrap_or((top, left));
    let mut errors = sheet.merged_errors(top);
    // The header: the first row that holds anything.
    let mut header = Vec::new();
    for col in left..=right {
        match sheet.text(top, col) {
            Ok(t) => header.push((col, t)),
            Err(message) => errors.push(sheet.error(top, col, message)),
        }
    }
    let long = COLUMNS
        .iter()
        .all(|c| header.iter().any(|(_, h)| h.as_str() == *c));
    let grid = Grid {
        sheet: &sheet,
        top,
        bottom,
        left,
        right,
    };
    let unsaid = if long {
        Unsaid::of_header(header.iter().map(|(_, h)| h.as_str()))
    } else {
        Unsaid {
            qualifier: true,
            comment: true,
        }
    };
    let edits = if long {
        if choice.period.is_some() || choice.kind.is_some() {
            errors.push(SheetError {
                cell: None,
                message: "trang này ở dạng dài (có cột period và kind): bỏ --period, --kind".into(),
            });
        }
        grid.long(cluster, &header, &mut errors)
    } else {
        match choice.period {
            Some(period) => grid.wide(
                cluster,
                &header,
                period,
                choice.kind.unwrap_or(Kind::Actual),
                &mut errors,
            ),
            None => {
                errors.push(SheetError {
                    cell: None,
                    message: format!(
                        "trang «{}» không có các cột {}: nếu là bảng dạng rộng (tỉnh theo \
                         dòng, chỉ tiêu theo cột) hãy cho biết kỳ, ví dụ --period 2021-H1 \
                         --kind actual",
                        sheet.name,
                        COLUMNS.join(",")
                    ),
                });
                Vec::new()
            }
        }
    };
    if errors.is_empty() {
        Ok((edits, unsaid))
    } else {
        Err(errors)
    }
}
