//! One covenant file read into rows: the header checked against the file's
//! [`Layout`] (required columns there, no unknown or repeated column), then
//! every row with its line number and cleaned cells (NFC, no control
//! characters, trimmed). A control character in a cell that is no free
//! text (a code, a date, a number, a rule) is refused, never stripped: it
//! would make another code of it silently. Problems are collected, never
//! stop the reading.

use std::collections::HashMap;

use super::FileError;
use super::columns::Layout;
use crate::io::csv_in;
use crate::text::normalize::{clean, is_clean};

/// Columns of free text: names, labels and remarks, cleaned as all stored
/// text is (a line break in an Excel cell becomes a space).
const FREE_TEXT: [&str; 5] = ["name", "unit", "group_name", "note", "cluster_name"];

/// The control characters of `s` (`U+0000`, …), if any.
fn controls(s: &str) -> Option<String> {
    let found: Vec<String> = s
        .chars()
        .filter(|c| !is_clean(c.encode_utf8(&mut [0; 4])))
        .map(|c| format!("U+{:04X}", u32::from(c)))
        .collect();
    (!found.is_empty()).then(|| found.join(", "))
}

/// One data row: its line in the file and its cells by column name
/// (empty for a column the file leaves out).
pub struct Row {
    pub line: usize,
    cells: HashMap<&'static str, String>,
}

impl Row {
    pub fn get(&self, column: &str) -> &str {
        self.cells.get(column).map_or("", String::as_str)
    }
}

pub struct Sheet {
    pub layout: &'static Layout,
    present: Vec<&'static str>,
    pub rows: Vec<Row>,
}

impl Sheet {
    /// Whether the file's header has `column`.
    pub fn has(&self, column: &str) -> bool {
        self.present.contains(&column)
    }
}

fn error(layout: &Layout, line: usize, column: Option<&str>, message: String) -> FileError {
    FileError {
        file: Some(layout.file),
        line: Some(line),
        column: column.map(str::to_string),
        message,
    }
}

/// Read `bytes` as a file of `layout`; None when the header cannot be used
/// (the problems are in `errors`).
pub fn read(layout: &'static Layout, bytes: &[u8], errors: &mut Vec<FileError>) -> Option<Sheet> {
    let csv = match csv_in::open(bytes) {
        Ok(csv) => csv,
        Err(e) => {
            errors.push(error(layout, e.line, e.column.as_deref(), e.message));
            return None;
        }
    };
    let before = errors.len();
    let mut index: Vec<(usize, &'static str)> = Vec::new();
    for (i, name) in csv.names.iter().enumerate() {
        match layout.columns.iter().find(|c| **c == name) {
            Some(col) if index.iter().any(|(_, c)| c == col) => errors.push(error(
                layout,
                1,
                Some(col),
                format!("cột «{col}» có hai lần trong tiêu đề"),
            )),
            Some(col) => index.push((i, col)),
            None if name.is_empty() => errors.push(error(
                layout,
                1,
                None,
                format!(
                    "cột thứ {} không có tên trong tiêu đề; xóa cột đó hoặc đặt tên ({})",
                    i + 1,
                    layout.columns.join(",")
                ),
            )),
            None => errors.push(error(
                layout,
                1,
                Some(name),
                format!(
                    "cột «{name}» không thuộc tệp {}; các cột: {}",
                    layout.file,
                    layout.columns.join(",")
                ),
            )),
        }
    }
    for col in &layout.columns[..layout.required] {
        if !index.iter().any(|(_, c)| c == col) {
            errors.push(error(
                layout,
                1,
                Some(col),
                format!(
                    "thiếu cột «{col}»; tiêu đề cần có ít nhất: {}",
                    layout.columns[..layout.required].join(",")
                ),
            ));
        }
    }
    if errors.len() > before {
        return None;
    }
    let mut rows = Vec::new();
    for (n, record) in csv.records.enumerate() {
        let fallback_line = n + 2;
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let e = csv_in::csv_error(fallback_line, e);
                errors.push(error(layout, e.line, None, e.message));
                continue;
            }
        };
        let line = record
            .position()
            .and_then(|p| usize::try_from(p.line()).ok())
            .unwrap_or(fallback_line);
        if record.iter().all(|f| f.iter().all(u8::is_ascii_whitespace)) {
            continue; // a blank line
        }
        if record.len() != csv.names.len() {
            errors.push(error(
                layout,
                line,
                None,
                format!(
                    "có {} cột, tiêu đề có {} cột",
                    record.len(),
                    csv.names.len()
                ),
            ));
            continue;
        }
        let mut cells = HashMap::new();
        let mut readable = true;
        for (i, col) in &index {
            match std::str::from_utf8(record.get(*i).unwrap_or_default()) {
                Ok(s) => match controls(s).filter(|_| !FREE_TEXT.contains(col)) {
                    Some(found) => {
                        readable = false;
                        errors.push(error(
                            layout,
                            line,
                            Some(col),
                            format!(
                                "«{}» có ký tự điều khiển hoặc ký tự ẩn ({found}); hãy xoá chúng trong tệp",
                                clean(s).trim()
                            ),
                        ));
                    }
                    None => {
                        cells.insert(*col, clean(s).trim().to_string());
                    }
                },
                Err(_) => {
                    readable = false;
                    errors.push(error(
                        layout,
                        line,
                        Some(col),
                        "có byte không phải UTF-8 (hãy lưu tệp dạng CSV UTF-8)".into(),
                    ));
                }
            }
        }
        if readable {
            rows.push(Row { line, cells });
        }
    }
    Some(Sheet {
        layout,
        present: index.into_iter().map(|(_, c)| c).collect(),
        rows,
    })
}
