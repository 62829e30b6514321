//! `thidua import`: values from a CSV (`province_code,indicator_code,
//! period,kind,value`, optionally `qualifier,comment` (see
//! [`super::figure_columns`]); more columns ignored; UTF-8 BOM and CRLF
//! accepted) or from a spreadsheet ([`super::sheet_in`]), written all or
//! none.
//!
//! One checker for the five fields of a value ([`check`]) and one batch
//! that refuses a cell given twice ([`Batch`]), whichever reader found
//! them; each reader says where a problem is (a CSV's line and column, a
//! sheet's cell).

use std::collections::HashMap;
use std::fmt::Display;

use rust_decimal::Decimal;

use super::csv_in::{self, CsvIn, ImportError};
use super::figure_columns::{self, COMMENT, QUALIFIER, Unsaid};
use crate::model::{CLUSTER, Cluster, Figure, Kind, Period, Qualifiers, Refusal, ValueKey};
use crate::store::{BatchOutcome, Edit, Expect};
use crate::text::normalize::clean;

pub const COLUMNS: [&str; 5] = ["province_code", "indicator_code", "period", "kind", "value"];

/// One of a value's five fields, in [`COLUMNS`] order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Province,
    Indicator,
    Period,
    Kind,
    Value,
}

impl Field {
    pub const ALL: [Field; 5] = [
        Field::Province,
        Field::Indicator,
        Field::Period,
        Field::Kind,
        Field::Value,
    ];

    /// Its column in the CSV and in a sheet's long layout.
    pub fn column(self) -> &'static str {
        COLUMNS[self as usize]
    }
}

/// What is wrong with a value's fields: which field (None: the row as a
/// whole) and why, in Vietnamese.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub field: Option<Field>,
    pub message: String,
}

/// Check the five fields (text, already cleaned and trimmed) against the
/// cluster: the cell and its value, or every problem found.
pub fn check(f: &[String; 5], cluster: &Cluster) -> Result<(ValueKey, Decimal), Vec<Problem>> {
    let mut problems = Vec::new();
    let mut err = |field: Field, message: String| {
        problems.push(Problem {
            field: Some(field),
            message,
        })
    };
    let province = &f[0];
    let province_ok = province == CLUSTER || cluster.province(province).is_some();
    if !province_ok {
        err(
            Field::Province,
            format!("không có tỉnh mã «{province}» (dùng mã như AG, DT hoặc CLUSTER)"),
        );
    }
    let indicator = cluster.indicator(&f[1]);
    if indicator.is_none() {
        err(Field::Indicator, format!("không có chỉ tiêu mã «{}»", f[1]));
    }
    let period = match f[2].parse::<Period>() {
        Ok(p) => Some(p),
        Err(e) => {
            err(Field::Period, e.to_string());
            None
        }
    };
    let kind = Kind::parse(&f[3]);
    if kind.is_none() {
        err(
            Field::Kind,
            format!("loại «{}» không hợp lệ: dùng actual hoặc plan", f[3]),
        );
    }
    let value = match f[4].parse::<Decimal>() {
        Ok(v) => Some(v),
        Err(_) => {
            err(
                Field::Value,
                format!(
                    "«{}» không phải số (dùng dấu chấm thập phân, không phân cách hàng nghìn, ví dụ 1234.5)",
                    f[4]
                ),
            );
            None
        }
    };
    // An unreadable kind is reported above; the range still applies.
    if let (Some(ind), Some(v)) = (indicator, value)
        && let Some(refusal) = ind.refusal(kind.unwrap_or(Kind::Plan), v)
    {
        let message = match refusal {
            Refusal::OutOfRange => format!(
                "{} nằm ngoài khoảng cho phép của «{}» ({} đến {})",
                v.normalize(),
                ind.name,
                ind.min.normalize(),
                ind.max.normalize()
            ),
            Refusal::NotWhole => format!(
                "{} không phải số nguyên: «{}» đếm bằng {}",
                v.normalize(),
                ind.name,
                ind.unit
            ),
        };
        err(Field::Value, message);
    }
    match (province_ok, indicator, period, kind, value) {
        (true, Some(ind), Some(p), Some(k), Some(v)) if problems.is_empty() => {
            Ok((ValueKey::new(p, province, &ind.code, k), v))
        }
        _ => Err(problems),
    }
}

/// The checked values of one import, each cell once; `L` says where a
/// value was read (`dòng 3`, `Sheet1!C7`).
pub struct Batch<L> {
    edits: Vec<Edit>,
    seen: HashMap<ValueKey, L>,
}

impl<L: Clone + Display> Default for Batch<L> {
    fn default() -> Self {
        Batch {
            edits: Vec::new(),
            seen: HashMap::new(),
        }
    }
}

impl<L: Clone + Display> Batch<L> {
    /// Take a checked figure read at `at`; a cell already taken is
    /// refused, naming where it was first.
    pub fn add_figure(&mut self, key: ValueKey, figure: Figure, at: L) -> Result<(), String> {
        if let Some(first) = self.seen.get(&key) {
            return Err(format!(
                "trùng ô với {first} (cùng tỉnh, chỉ tiêu, kỳ, loại)"
            ));
        }
        self.seen.insert(key.clone(), at);
        self.edits.push(Edit::new(key, Some(figure), Expect::Any));
        Ok(())
    }

    pub fn into_edits(self) -> Vec<Edit> {
        self.edits
    }
}

/// Where a CSV value was read, as a duplicate's message names it.
#[derive(Debug, Clone, Copy)]
struct Line(usize);

impl Display for Line {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "dòng {}", self.0)
    }
}

/// Parse and check a whole CSV against the cluster. Either every row is
/// good and the edits are returned, or every error is.
pub fn parse(bytes: &[u8], cluster: &Cluster) -> Result<Vec<Edit>, Vec<ImportError>> {
    parse_said(bytes, cluster).map(|(edits, _)| edits)
}

/// [`parse`], and which optional columns the file leaves out (to keep
/// from the stored figures, [`figure_columns::keep_unsaid`]).
pub fn parse_said(
    bytes: &[u8],
    cluster: &Cluster,
) -> Result<(Vec<Edit>, Unsaid), Vec<ImportError>> {
    let CsvIn { names, records } = csv_in::open(bytes).map_err(|e| vec![e])?;
    let unsaid = Unsaid::of_header(names.iter().map(String::as_str));
    let index = csv_in::columns(&names, COLUMNS)?;
    let optional = OptionalColumns::find(&names);
    let mut errors = Vec::new();
    let mut batch = Batch::default();
    for (n, record) in records.enumerate() {
        let line = n + 2;
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                errors.push(csv_in::csv_error(line, e));
                continue;
            }
        };
        if record.len() == 1
            && record
                .get(0)
                .is_some_and(|f| f.iter().all(u8::is_ascii_whitespace))
        {
            continue; // a blank line
        }
        if record.len() != names.len() {
            errors.push(ImportError {
                line,
                column: None,
                message: format!("có {} cột, tiêu đề có {} cột", record.len(), names.len()),
            });
            continue;
        }
        let mut fields: [String; 5] = Default::default();
        let mut readable = true;
        for ((&i, field), slot) in index.iter().zip(Field::ALL).zip(fields.iter_mut()) {
            match std::str::from_utf8(record.get(i).unwrap_or_default()) {
                Ok(s) => *slot = clean(s).trim().to_string(),
                Err(_) => {
                    errors.push(ImportError {
                        line,
                        column: Some(field.column().into()),
                        message: "có byte không phải UTF-8 (hãy lưu tệp dạng CSV UTF-8)".into(),
                    });
                    readable = false;
                }
            }
        }
        if !readable {
            continue;
        }
        let said = optional.read(&record, line);
        match (check(&fields, cluster), said) {
            (Ok((key, value)), Ok((qualifiers, note))) => {
                let figure = Figure {
                    value,
                    qualifiers,
                    note,
                };
                if let Err(message) = batch.add_figure(key, figure, Line(line)) {
                    errors.push(ImportError {
                        line,
                        column: None,
                        message,
                    });
                }
            }
            (checked, said) => {
                if let Err(problems) = checked {
                    errors.extend(problems.into_iter().map(|p| ImportError {
                        line,
                        column: p.field.map(|f| f.column().to_string()),
                        message: p.message,
                    }));
                }
                if let Err(bad) = said {
                    errors.extend(bad);
                }
            }
        }
    }
    if errors.is_empty() {
        Ok((batch.into_edits(), unsaid))
    } else {
        Err(errors)
    }
}

/// Where a CSV's optional `qualifier` and `comment` columns are, if it has them.
struct OptionalColumns {
    qualifier: Option<usize>,
    comment: Option<usize>,
}

impl OptionalColumns {
    fn find(names: &[String]) -> Self {
        let at = |col: &str| names.iter().position(|n| n == col);
        OptionalColumns {
            qualifier: at(QUALIFIER),
            comment: at(COMMENT),
        }
    }

    /// The qualifiers and the comment of a record on `line`, or why not.
    fn read(
        &self,
        record: &csv::ByteRecord,
        line: usize,
    ) -> Result<(Qualifiers, Option<String>), Vec<ImportError>> {
        let mut errors = Vec::new();
        let mut field = |at: Option<usize>, column: &str| -> Option<String> {
            let bytes = record.get(at?).unwrap_or_default();
            match std::str::from_utf8(bytes) {
                Ok(s) => Some(s.to_string()),
                Err(_) => {
                    errors.push(ImportError {
                        line,
                        column: Some(column.into()),
                        message: "có byte không phải UTF-8 (hãy lưu tệp dạng CSV UTF-8)".into(),
                    });
                    None
                }
            }
        };
        let qualifier = field(self.qualifier, QUALIFIER);
        let comment = field(self.comment, COMMENT);
        let mut bad = |column: &str, message: String| {
            errors.push(ImportError {
                line,
                column: Some(column.into()),
                message,
            })
        };
        let qualifiers = match qualifier.map(|q| figure_columns::parse_qualifiers(&clean(&q))) {
            Some(Err(message)) => {
                bad(QUALIFIER, message);
                Qualifiers::default()
            }
            Some(Ok(q)) => q,
            None => Qualifiers::default(),
        };
        let note = match comment
            .map(|c| figure_columns::parse_comment(figure_columns::comment_from_csv(&c)))
        {
            Some(Err(message)) => {
                bad(COMMENT, message);
                None
            }
            Some(Ok(n)) => n,
            None => None,
        };
        if errors.is_empty() {
            Ok((qualifiers, note))
        } else {
            Err(errors)
        }
    }
}

/// The message printed after a successful import.
pub fn summary(outcome: &BatchOutcome) -> String {
    if outcome.added + outcome.changed + outcome.removed == 0 {
        return match outcome.unchanged {
            0 => "Không có gì thay đổi: tệp không có dòng số liệu nào.".to_string(),
            n => format!(
                "Không có gì thay đổi: cả {n} giá trị trong tệp đã có sẵn, giống hệt; \
                 nhật ký không thêm mục nào."
            ),
        };
    }
    format!(
        "Đã nhập: {} giá trị mới, {} thay đổi, {} không đổi.",
        outcome.added, outcome.changed, outcome.unchanged
    )
}
