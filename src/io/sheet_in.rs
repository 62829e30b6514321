//! `thidua import FILE.xlsx` (also `.xls`, `.xlsb`, `.ods`): values from a
//! spreadsheet, in either layout, all or none, every problem named by its
//! sheet and cell (`Sheet1!C7`).
//!
//! - Long: the CSV's columns in the header row (`province_code,
//!   indicator_code,period,kind,value`, more columns ignored).
//! - Wide: units (code or name) in the first column, indicators (code,
//!   name or `name (unit)`) in the header row; the period and kind come
//!   from the command line (`--period`, `--kind`).
//!
//! The fields go through the same checker as a CSV's ([`import::check`]).
//! A formula's cached value is used; a formula with none is refused, as
//! are merged cells, error values, dates and text where a number belongs
//! that could be read two ways (`1.234`). A password-protected file, a
//! file that is not a spreadsheet and a sheet that does not exist each get
//! their own message.

use std::fmt::Display;
use std::io::Cursor;

use calamine::{Data, Dimensions, Ods, Range, Reader, Xls, Xlsb, Xlsx};

use super::import::{self, Batch, COLUMNS, Field};
use super::wide_layout;
use crate::model::{Cluster, Kind, Period};
use crate::store::Edit;
use crate::text::normalize::clean;

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

const ZIP: &[u8] = b"PK\x03\x04";
/// An OLE compound file: an `.xls`, or an encrypted `.xlsx`.
const OLE: &[u8] = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";

const NOT_A_SPREADSHEET: &str = "tệp không phải bảng tính đọc được (xlsx, xls, xlsb, ods); \
     bảng tính Excel hãy lưu dạng .xlsx, tệp CSV hãy đặt đuôi .csv";
const PASSWORD: &str = "bảng tính được bảo vệ bằng mật khẩu: hãy mở trong Excel hoặc \
     LibreOffice, bỏ mật khẩu (Tệp → Thông tin → Bảo vệ), lưu lại rồi nhập";

/// An opened workbook of any kind calamine reads.
enum Book {
    Xlsx(Xlsx<Cursor<Vec<u8>>>),
    Xls(Xls<Cursor<Vec<u8>>>),
    Xlsb(Xlsb<Cursor<Vec<u8>>>),
    Ods(Ods<Cursor<Vec<u8>>>),
}

fn open(bytes: &[u8]) -> Result<Book, Vec<SheetError>> {
    let cursor = || Cursor::new(bytes.to_vec());
    if bytes.starts_with(OLE) {
        // Encrypted OOXML is an OLE file holding an "EncryptedPackage".
        let marker: Vec<u8> = "EncryptedPackage"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        if bytes.windows(marker.len()).any(|w| w == marker.as_slice()) {
            return Err(whole(PASSWORD));
        }
        return match Xls::new(cursor()) {
            Ok(b) => Ok(Book::Xls(b)),
            Err(calamine::XlsError::Password) => Err(whole(PASSWORD)),
            Err(_) => Err(whole(NOT_A_SPREADSHEET)),
        };
    }
    if !bytes.starts_with(ZIP) {
        return Err(whole(NOT_A_SPREADSHEET));
    }
    if let Ok(b) = Xlsx::new(cursor()) {
        return Ok(Book::Xlsx(b));
    }
    match Ods::new(cursor()) {
        Ok(b) => return Ok(Book::Ods(b)),
        Err(calamine::OdsError::Password) => return Err(whole(PASSWORD)),
        Err(_) => {}
    }
    match Xlsb::new(cursor()) {
        Ok(b) => Ok(Book::Xlsb(b)),
        Err(_) => Err(whole(NOT_A_SPREADSHEET)),
    }
}

/// One sheet's cells: values (cached values of formulas), formulas, and
/// merged ranges.
struct Sheet {
    name: String,
    values: Range<Data>,
    formulas: Range<String>,
    merged: Vec<Dimensions>,
}

fn read_sheet(book: &mut Book, wanted: Option<&str>) -> Result<Sheet, Vec<SheetError>> {
    let names = match book {
        Book::Xlsx(b) => b.sheet_names(),
        Book::Xls(b) => b.sheet_names(),
        Book::Xlsb(b) => b.sheet_names(),
        Book::Ods(b) => b.sheet_names(),
    };
    let name = match wanted {
        None => names
            .first()
            .cloned()
            .ok_or_else(|| whole("bảng tính không có trang nào"))?,
        Some(w) => {
            let w = clean(w).trim().to_string();
            names
                .iter()
                .find(|n| **n == w)
                .or_else(|| names.iter().find(|n| n.to_lowercase() == w.to_lowercase()))
                .cloned()
                .ok_or_else(|| {
                    whole(format!(
                        "không có trang «{w}» trong bảng tính; các trang có: {}",
                        names.join(", ")
                    ))
                })?
        }
    };
    let unreadable = |e: &dyn Display| whole(format!("không đọc được trang «{name}»: {e}"));
    let (values, formulas, merged) = match book {
        Book::Xlsx(b) => (
            b.worksheet_range(&name).map_err(|e| unreadable(&e))?,
            b.worksheet_formula(&name).map_err(|e| unreadable(&e))?,
            b.merge_cells_by_sheet_name(&name).unwrap_or_default(),
        ),
        Book::Xls(b) => (
            b.worksheet_range(&name).map_err(|e| unreadable(&e))?,
            b.worksheet_formula(&name).unwrap_or_default(),
            b.merge_cells_by_sheet_name(&name).unwrap_or_default(),
        ),
        Book::Xlsb(b) => (
            b.worksheet_range(&name).map_err(|e| unreadable(&e))?,
            b.worksheet_formula(&name).unwrap_or_default(),
            Vec::new(),
        ),
        Book::Ods(b) => (
            b.worksheet_range(&name).map_err(|e| unreadable(&e))?,
            b.worksheet_formula(&name).unwrap_or_default(),
            Vec::new(),
        ),
    };
    Ok(Sheet {
        name,
        values,
        formulas,
        merged,
    })
}

/// `A`, …, `Z`, `AA`, … for a 0-based column.
fn column_letters(mut col: u32) -> String {
    let mut out = Vec::new();
    loop {
        out.push(b'A' + (col % 26) as u8);
        if col < 26 {
            break;
        }
        col = col / 26 - 1;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// A cell as Excel names it: `Sheet1!C7`, `'Số liệu'!C7`.
#[derive(Debug, Clone)]
struct At {
    sheet: String,
    row: u32,
    col: u32,
}

impl Display for At {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let plain = self
            .sheet
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_');
        if plain {
            write!(f, "{}!", self.sheet)?;
        } else {
            write!(f, "'{}'!", self.sheet.replace('\'', "''"))?;
        }
        write!(f, "{}{}", column_letters(self.col), self.row + 1)
    }
}

impl Sheet {
    fn at(&self, row: u32, col: u32) -> At {
        At {
            sheet: self.name.clone(),
            row,
            col,
        }
    }

    fn error(&self, row: u32, col: u32, message: impl Into<String>) -> SheetError {
        SheetError {
            cell: Some(self.at(row, col).to_string()),
            message: message.into(),
        }
    }

    /// The text of a cell as a field, or why it cannot be one. A number
    /// is written in the machine form (`2021`, `3327.24`).
    fn text(&self, row: u32, col: u32) -> Result<String, String> {
        let value = self.values.get_value((row, col)).unwrap_or(&Data::Empty);
        let formula = self
            .formulas
            .get_value((row, col))
            .map(String::as_str)
            .unwrap_or("");
        let no_value = match value {
            Data::Empty => true,
            Data::String(s) => s.is_empty(),
            _ => false,
        };
        Ok(match value {
            _ if no_value && !formula.is_empty() => {
                return Err(format!(
                    "ô có công thức «={formula}» nhưng không có giá trị đã tính: hãy mở tệp \
                     trong Excel hoặc LibreOffice, để bảng tính tự tính rồi lưu lại"
                ));
            }
            Data::Empty => String::new(),
            Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => {
                clean(s).trim().to_string()
            }
            Data::Int(i) => i.to_string(),
            Data::Float(f) => machine(*f),
            Data::Bool(b) => {
                return Err(format!(
                    "ô là giá trị đúng/sai ({}), không phải số hay chữ",
                    if *b { "TRUE" } else { "FALSE" }
                ));
            }
            Data::DateTime(_) => {
                return Err(
                    "ô là ngày tháng, không phải số: hãy đổi định dạng ô sang số (Number)".into(),
                );
            }
            Data::Error(e) => return Err(format!("ô có lỗi công thức {e}")),
        })
    }

    /// A value cell: a number, or text that reads one way only.
    fn value_text(&self, row: u32, col: u32) -> Result<String, String> {
        let text = self.text(row, col)?;
        let is_text = matches!(self.values.get_value((row, col)), Some(Data::String(_)));
        if is_text && text.contains(['.', ',']) {
            return Err(format!(
                "ô chứa chữ «{text}», không phải số: hãy nhập giá trị dạng số (Number) để \
                 dấu chấm, dấu phẩy không bị hiểu sai"
            ));
        }
        Ok(text)
    }

    /// Every merged range in the used area: its value is in its first cell
    /// only, so what the other cells mean cannot be known.
    fn merged_errors(&self, header_row: u32) -> Vec<SheetError> {
        self.merged
            .iter()
            .map(|d| {
                let range = format!(
                    "{}:{}{}",
                    self.at(d.start.0, d.start.1),
                    column_letters(d.end.1),
                    d.end.0 + 1
                );
                let message = if d.start.0 <= header_row && header_row <= d.end.0 {
                    "ô tiêu đề bị gộp (merge): mỗi cột cần một tiêu đề riêng trong một ô; \
                     hãy bỏ gộp ô rồi nhập lại"
                } else {
                    "ô bị gộp (merge): hãy bỏ gộp ô, mỗi giá trị trong một ô riêng"
                };
                SheetError {
                    cell: Some(range),
                    message: message.into(),
                }
            })
            .collect()
    }
}

/// A binary number in the shortest form that reads back as the same
/// number (`3327.24`, not `3327.2399999…`), integers without a point.
fn machine(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{f:.0}")
    } else {
        f.to_string()
    }
}

/// Parse and check a spreadsheet against the cluster: every value, or
/// every problem.
pub fn parse(
    bytes: &[u8],
    cluster: &Cluster,
    choice: &SheetChoice,
) -> Result<Vec<Edit>, Vec<SheetError>> {
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
        Ok(edits)
    } else {
        Err(errors)
    }
}

/// The used area of a sheet, its header in the top row.
struct Grid<'s> {
    sheet: &'s Sheet,
    top: u32,
    bottom: u32,
    left: u32,
    right: u32,
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
    /// take them into `batch`.
    fn take(
        &self,
        fields: &[String; 5],
        cells: [(u32, u32); 5],
        cluster: &Cluster,
        batch: &mut Batch<At>,
        errors: &mut Vec<SheetError>,
    ) {
        let (row, value_col) = cells[Field::Value as usize];
        match import::check(fields, cluster) {
            Ok((key, value)) => {
                if let Err(message) = batch.add(key, value, self.sheet.at(row, value_col)) {
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

    fn long(
        &self,
        cluster: &Cluster,
        header: &[(u32, String)],
        errors: &mut Vec<SheetError>,
    ) -> Vec<Edit> {
        let cols: Vec<u32> = COLUMNS
            .iter()
            .filter_map(|c| header.iter().find(|(_, h)| h == c).map(|(col, _)| *col))
            .collect();
        let mut batch = Batch::default();
        for row in self.data_rows() {
            if self.blank_row(row) {
                continue;
            }
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
                self.take(&fields, cells, cluster, &mut batch, errors);
            }
        }
        batch.into_edits()
    }

    fn wide(
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
                self.take(&fields, cells, cluster, &mut batch, errors);
            }
        }
        batch.into_edits()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_named_as_excel_names_them() {
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(27), "AB");
        assert_eq!(column_letters(701), "ZZ");
        assert_eq!(column_letters(702), "AAA");
        let at = |sheet: &str| At {
            sheet: sheet.into(),
            row: 6,
            col: 2,
        };
        assert_eq!(at("Sheet1").to_string(), "Sheet1!C7");
        assert_eq!(at("Số liệu").to_string(), "'Số liệu'!C7");
    }

    #[test]
    fn numbers_read_back_in_their_shortest_form() {
        assert_eq!(machine(2021.0), "2021");
        assert_eq!(machine(3327.24), "3327.24");
        assert_eq!(machine(-0.5), "-0.5");
    }

    #[test]
    fn text_that_is_no_spreadsheet_is_named_so() {
        let err = open(b"province_code,indicator_code\n")
            .err()
            .expect("refused");
        assert!(err[0].message.contains("không phải bảng tính"), "{err:?}");
    }
}
