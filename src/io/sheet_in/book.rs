//! Opening a workbook of any kind calamine reads (telling a password-
//! protected file and a file that is no spreadsheet apart), choosing its
//! sheet, and reading its cells as fields: text, machine numbers, cell
//! names as Excel writes them (`Sheet1!C7`).

use std::fmt::Display;
use std::io::Cursor;

use calamine::{Data, Dimensions, Ods, Range, Reader, Xls, Xlsb, Xlsx};

use super::{SheetError, whole};
use crate::text::normalize::clean;

pub(super) const ZIP: &[u8] = b"PK\x03\x04";
/// An OLE compound file: an `.xls`, or an encrypted `.xlsx`.
pub(super) const OLE: &[u8] = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";

const NOT_A_SPREADSHEET: &str = "tệp không phải bảng tính đọc được (xlsx, xls, xlsb, ods); \
     bảng tính Excel hãy lưu dạng .xlsx, tệp CSV hãy đặt đuôi .csv";
const PASSWORD: &str = "bảng tính được bảo vệ bằng mật khẩu: hãy mở trong Excel hoặc \
     LibreOffice, bỏ mật khẩu (Tệp → Thông tin → Bảo vệ), lưu lại rồi nhập";

/// An opened workbook of any kind calamine reads.
pub(super) enum Book {
    Xlsx(Xlsx<Cursor<Vec<u8>>>),
    Xls(Xls<Cursor<Vec<u8>>>),
    Xlsb(Xlsb<Cursor<Vec<u8>>>),
    Ods(Ods<Cursor<Vec<u8>>>),
}

pub(super) fn open(bytes: &[u8]) -> Result<Book, Vec<SheetError>> {
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
pub(super) struct Sheet {
    pub(super) name: String,
    pub(super) values: Range<Data>,
    pub(super) formulas: Range<String>,
    merged: Vec<Dimensions>,
}

pub(super) fn read_sheet(book: &mut Book, wanted: Option<&str>) -> Result<Sheet, Vec<SheetError>> {
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
pub(super) struct At {
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
    pub(super) fn at(&self, row: u32, col: u32) -> At {
        At {
            sheet: self.name.clone(),
            row,
            col,
        }
    }

    pub(super) fn error(&self, row: u32, col: u32, message: impl Into<String>) -> SheetError {
        SheetError {
            cell: Some(self.at(row, col).to_string()),
            message: message.into(),
        }
    }

    /// The text of a cell as a field, or why it cannot be one. A number
    /// is written in the machine form (`2021`, `3327.24`).
    pub(super) fn text(&self, row: u32, col: u32) -> Result<String, String> {
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
    pub(super) fn value_text(&self, row: u32, col: u32) -> Result<String, String> {
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
    pub(super) fn merged_errors(&self, header_row: u32) -> Vec<SheetError> {
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
