//! The start of every import CSV (values or weights): a UTF-8 BOM dropped,
//! the header row read and cleaned (NFC, no control characters, trimmed),
//! the required columns found in any order; each problem as an
//! [`ImportError`] on line 1.

use crate::text::normalize::clean;

/// One bad field: line number in the file (1 = header) and column name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportError {
    pub line: usize,
    pub column: Option<String>,
    pub message: String,
}

impl std::fmt::Display for ImportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.column {
            Some(c) => write!(f, "dòng {}, cột {}: {}", self.line, c, self.message),
            None => write!(f, "dòng {}: {}", self.line, self.message),
        }
    }
}

/// A CSV after its header: the header's names and the remaining records.
pub struct CsvIn<R> {
    pub names: Vec<String>,
    pub records: csv::ByteRecordsIntoIter<R>,
}

/// Read the header of `bytes`.
pub fn open(bytes: &[u8]) -> Result<CsvIn<&[u8]>, ImportError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    open_reader(bytes)
}

/// Read the header of a CSV read from `input` (a file, read as it goes:
/// a reader of any size holds one record at a time).
pub fn open_stream<R: std::io::BufRead>(mut input: R) -> Result<CsvIn<R>, ImportError> {
    let bom = input.fill_buf().map_err(|e| ImportError {
        line: 1,
        column: None,
        message: format!("không đọc được tệp: {}", crate::text::os_error::reason(&e)),
    })?;
    if bom.starts_with(b"\xEF\xBB\xBF") {
        input.consume(3);
    }
    open_reader(input)
}

fn open_reader<R: std::io::Read>(input: R) -> Result<CsvIn<R>, ImportError> {
    let mut records = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(input)
        .into_byte_records();
    let header = match records.next() {
        Some(Ok(h)) => h,
        Some(Err(e)) => return Err(csv_error(1, e)),
        None => {
            return Err(ImportError {
                line: 1,
                column: None,
                message: "tệp rỗng, thiếu dòng tiêu đề".into(),
            });
        }
    };
    let names = header
        .iter()
        .map(|f| clean(&String::from_utf8_lossy(f)).trim().to_string())
        .collect();
    Ok(CsvIn { names, records })
}

/// Where each of `wanted` is in the header; every missing one is an error.
pub fn columns<const N: usize>(
    names: &[String],
    wanted: [&str; N],
) -> Result<[usize; N], Vec<ImportError>> {
    let mut index = [0usize; N];
    let mut errors = Vec::new();
    for (slot, col) in index.iter_mut().zip(wanted) {
        match names.iter().position(|n| n == col) {
            Some(i) => *slot = i,
            None => errors.push(ImportError {
                line: 1,
                column: Some(col.into()),
                message: format!("thiếu cột «{col}»; tiêu đề cần có: {}", wanted.join(",")),
            }),
        }
    }
    if errors.is_empty() {
        Ok(index)
    } else {
        Err(errors)
    }
}

/// A line the CSV reader could not read.
pub fn csv_error(line: usize, e: csv::Error) -> ImportError {
    ImportError {
        line,
        column: None,
        message: format!("dòng CSV không đọc được: {e}"),
    }
}
