//! The covenant files (`units.csv`, `members.csv`, `indicators.csv`,
//! `years.csv`; columns in `columns.rs`): what `thidua covenant export`
//! writes and `thidua covenant import DIR` reads. Import is all-or-nothing
//! and names every bad field by file, line and column; a dry run prints
//! the changes it would make ([`diff::changes`]).
//!
//! An import replaces the unit history with the files' and each year the
//! files define with the files' year; stored years the files do not
//! mention are kept, and checked again against the new unit history.

pub mod cells;
pub mod columns;
pub mod diff;
pub mod read;
pub mod sheet;
pub mod write;

use std::path::Path;

use crate::model::covenant::Covenant;

/// The four files' bytes, as read from a directory (or built in a test).
#[derive(Debug, Clone, Default)]
pub struct Files {
    pub units: Vec<u8>,
    pub members: Vec<u8>,
    pub indicators: Vec<u8>,
    pub years: Vec<u8>,
}

/// One problem with the files, placed as precisely as it can be: file,
/// line and column for a bad field, the file alone for a missing file,
/// neither for a stored year the import would break.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileError {
    pub file: Option<&'static str>,
    pub line: Option<usize>,
    pub column: Option<String>,
    pub message: String,
}

impl FileError {
    pub fn unplaced(message: &str) -> Self {
        FileError {
            file: None,
            line: None,
            column: None,
            message: message.to_string(),
        }
    }
}

/// `indicators.csv, dòng 5, cột method: …`
impl std::fmt::Display for FileError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut place = Vec::new();
        if let Some(file) = self.file {
            place.push(file.to_string());
        }
        if let Some(line) = self.line {
            place.push(format!("dòng {line}"));
        }
        if let Some(col) = &self.column {
            place.push(format!("cột {col}"));
        }
        if place.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "{}: {}", place.join(", "), self.message)
        }
    }
}

/// A checked import: the files' own definition, the definition as it would
/// be stored, and what changes.
#[derive(Debug, Clone)]
pub struct Imported {
    /// What the files define (their units and years), as read.
    pub files: Covenant,
    pub covenant: Covenant,
    pub changes: Vec<String>,
}

/// Read `files` into `current` (see the module), checking the result as a
/// whole. Nothing is changed here: the caller stores `covenant`, or with
/// `--check` prints `changes` only.
pub fn import(current: &Covenant, files: &Files) -> Result<Imported, Vec<FileError>> {
    let (imported, at) = read::read(files)?;
    let merged = current.with_imported(&imported);
    let errors: Vec<FileError> = merged
        .problems()
        .iter()
        .map(|p| {
            at.locate(p).unwrap_or_else(|| {
                let year = match &p.subject {
                    crate::model::problem::Subject::Member { year, .. }
                    | crate::model::problem::Subject::Criterion { year, .. }
                    | crate::model::problem::Subject::Year(year) => Some(*year),
                    crate::model::problem::Subject::Unit { .. } => None,
                };
                let kept = year
                    .filter(|y| !at.has_year(*y))
                    .map_or(String::new(), |y| {
                        format!("giao ước năm {y} đã lưu (không có trong tệp): ")
                    });
                FileError::unplaced(&format!("{kept}{}", p.message))
            })
        })
        .collect();
    if !errors.is_empty() {
        return Err(errors);
    }
    let changes = diff::changes(current, &merged);
    Ok(Imported {
        files: imported,
        covenant: merged,
        changes,
    })
}

/// The files of `covenant` (all years, or one): name and text.
pub fn export(covenant: &Covenant, year: Option<u16>) -> Result<Vec<write::Written>, String> {
    write::write(covenant, year)
}

/// The four files from `dir`; each missing or unreadable one is an error.
pub fn read_dir(dir: &Path) -> Result<Files, Vec<FileError>> {
    let mut errors = Vec::new();
    let mut read = |name: &'static str| match std::fs::read(dir.join(name)) {
        Ok(bytes) => bytes,
        Err(e) => {
            errors.push(FileError {
                file: Some(name),
                line: None,
                column: None,
                message: format!(
                    "không đọc được tệp trong thư mục {}: {}",
                    dir.display(),
                    crate::text::os_error::reason(&e)
                ),
            });
            Vec::new()
        }
    };
    let files = Files {
        units: read(columns::UNITS),
        members: read(columns::MEMBERS),
        indicators: read(columns::INDICATORS),
        years: read(columns::YEARS),
    };
    if errors.is_empty() {
        Ok(files)
    } else {
        Err(errors)
    }
}

/// Write `files` into `dir` (created if need be), each file replaced whole:
/// written beside it, flushed, then renamed over it.
pub fn write_dir(dir: &Path, files: &[write::Written]) -> std::io::Result<()> {
    use std::io::Write as _;
    std::fs::create_dir_all(dir)?;
    for f in files {
        let path = dir.join(f.file);
        let temp = dir.join(format!(".{}.tmp", f.file));
        let mut out = std::fs::File::create(&temp)?;
        out.write_all(f.text.as_bytes())?;
        out.sync_all()?;
        std::fs::rename(&temp, &path)?;
    }
    Ok(())
}

/// The files as [`Files`], as if read back from a directory.
pub fn as_files(written: &[write::Written]) -> Files {
    let get = |name: &str| {
        written
            .iter()
            .find(|w| w.file == name)
            .map(|w| w.text.as_bytes().to_vec())
            .unwrap_or_default()
    };
    Files {
        units: get(columns::UNITS),
        members: get(columns::MEMBERS),
        indicators: get(columns::INDICATORS),
        years: get(columns::YEARS),
    }
}
