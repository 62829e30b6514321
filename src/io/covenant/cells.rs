//! The cells of the covenant files: how each kind of value is read, with a
//! Vietnamese message naming what is expected. They are written as the
//! model gives them (`Criterion::cells` and the like), in the forms read
//! here, so that what is written always reads back.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::FileError;
use super::sheet::Row;
use crate::model::calendar::parse_day;
use crate::model::problem::{code_rule, is_code};
use crate::text::normalize::clean_name;
use crate::text::number::{NumberError, parse_plain};

/// Reads the cells of one row; each bad cell is recorded with its file,
/// line and column, and gives None.
pub struct Cells<'a> {
    pub file: &'static str,
    pub row: &'a Row,
    pub errors: &'a mut Vec<FileError>,
}

impl Cells<'_> {
    pub fn bad(&mut self, column: &str, message: String) {
        self.errors.push(FileError {
            file: Some(self.file),
            line: Some(self.row.line),
            column: Some(column.to_string()),
            message,
        });
    }

    /// A cell read by `parse`; an error message becomes a recorded error.
    pub fn parse<T>(
        &mut self,
        column: &str,
        parse: impl FnOnce(&str) -> Result<T, String>,
    ) -> Option<T> {
        match parse(self.row.get(column)) {
            Ok(v) => Some(v),
            Err(message) => {
                self.bad(column, message);
                None
            }
        }
    }

    pub fn code(&mut self, column: &str) -> Option<String> {
        self.parse(column, code)
    }

    pub fn optional_code(&mut self, column: &str) -> Option<Option<String>> {
        self.parse(column, |s| optional(s, code))
    }

    /// A name or label: spaces collapsed; `required` refuses an empty cell.
    pub fn text(&mut self, column: &str, required: bool) -> Option<String> {
        self.parse(column, |s| {
            let t = clean_name(s);
            if required && t.is_empty() {
                Err("ô trống; cần ghi nội dung".into())
            } else {
                Ok(t)
            }
        })
    }

    pub fn year(&mut self, column: &str) -> Option<u16> {
        self.parse(column, year)
    }

    pub fn whole(&mut self, column: &str) -> Option<u32> {
        self.parse(column, whole)
    }

    pub fn decimal(&mut self, column: &str) -> Option<Option<Decimal>> {
        self.parse(column, |s| optional(s, decimal))
    }

    pub fn boolean(&mut self, column: &str) -> Option<bool> {
        self.parse(column, boolean)
    }

    pub fn optional_boolean(&mut self, column: &str) -> Option<Option<bool>> {
        self.parse(column, |s| optional(s, boolean))
    }

    pub fn day(&mut self, column: &str) -> Option<Option<NaiveDate>> {
        self.parse(column, |s| optional(s, day))
    }
}

/// Empty is None; anything else must read.
pub fn optional<T>(
    s: &str,
    read: impl FnOnce(&str) -> Result<T, String>,
) -> Result<Option<T>, String> {
    if s.is_empty() {
        Ok(None)
    } else {
        read(s).map(Some)
    }
}

pub fn code(s: &str) -> Result<String, String> {
    if is_code(s) {
        Ok(s.to_string())
    } else if s.is_empty() {
        Err(format!("ô trống; cần một mã ({})", code_rule()))
    } else {
        Err(format!("«{s}» không phải mã hợp lệ ({})", code_rule()))
    }
}

pub fn year(s: &str) -> Result<u16, String> {
    match s.parse::<u16>() {
        Ok(y) if s.len() == 4 && (1..=9999).contains(&y) => Ok(y),
        _ => Err(format!("«{s}» không phải năm (viết 4 chữ số, ví dụ 2026)")),
    }
}

pub fn whole(s: &str) -> Result<u32, String> {
    if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) {
        s.parse::<u32>().map_err(|_| format!("«{s}» quá lớn"))
    } else {
        Err(format!("«{s}» không phải số nguyên không âm (ví dụ 3)"))
    }
}

/// A plain decimal: optional `-`, digits, optional `.` and digits. No
/// grouping, no exponent, no `_`, and no more digits than a value holds
/// exactly: refused, never rounded ([`parse_plain`]).
pub fn decimal(s: &str) -> Result<Decimal, String> {
    let spaced = || {
        format!(
            "«{s}» không phải số (dùng dấu chấm thập phân, không phân cách hàng nghìn, ví dụ 1234.5)"
        )
    };
    if s.trim() != s {
        return Err(spaced());
    }
    parse_plain(s).map_err(|e| match e {
        NumberError::TooLarge(_) => {
            format!("«{s}» có quá nhiều chữ số (tối đa 28 chữ số có nghĩa); số không được làm tròn")
        }
        _ => spaced(),
    })
}

pub fn boolean(s: &str) -> Result<bool, String> {
    match s.to_lowercase().as_str() {
        "true" | "có" => Ok(true),
        "false" | "không" => Ok(false),
        _ => Err(format!("«{s}» không phải true hoặc false")),
    }
}

pub fn day(s: &str) -> Result<NaiveDate, String> {
    parse_day(s).ok_or_else(|| {
        format!(
            "«{s}» không phải ngày dạng YYYY-MM-DD (ví dụ 2025-07-01); nếu Excel đã đổi dạng ngày, định dạng cột là Text rồi gõ lại"
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_are_plain() {
        assert_eq!(decimal("-12.50"), Ok(Decimal::new(-1250, 2)));
        assert_eq!(decimal("0"), Ok(Decimal::ZERO));
        for bad in [
            "1,5", "1.234,5", "1_000", "1e3", ".5", "5.", "", "-", "+1", " 1",
        ] {
            assert!(decimal(bad).is_err(), "{bad}");
        }
        assert!(
            decimal("0.12345678901234567890123456789").is_err(),
            "not rounded"
        );
    }

    #[test]
    fn years_booleans_and_days() {
        assert_eq!(year("2026"), Ok(2026));
        assert!(year("26").is_err() && year("0000").is_err());
        assert_eq!(boolean("TRUE"), Ok(true));
        assert_eq!(boolean("không"), Ok(false));
        assert!(boolean("yes").is_err());
        assert!(
            day("01/07/2025")
                .expect_err("layout")
                .contains("YYYY-MM-DD")
        );
        assert_eq!(whole("07"), Ok(7));
        assert!(whole("-1").is_err());
    }
}
