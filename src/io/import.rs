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
use crate::text::normalize::{clean, is_clean};
use crate::text::number::parse_plain;

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

/// Check the five fields (text, trimmed) against the cluster: the cell and
/// its value, or every problem found. A code with a control character is
/// refused, never stripped and taken; the value is read in the strict
/// machine form ([`parse_plain`]: no grouping, exponent or `_`, never more
/// digits than a value holds). Against a view of the covenant (a cluster
/// with a basis): the unit in force in the period, the criterion in the
/// covenant of the period, the range and whole numbers where it counts
/// whole things ([`crate::model::covenant::Covenant::check_value`]).
pub fn check(f: &[String; 5], cluster: &Cluster) -> Result<(ValueKey, Decimal), Vec<Problem>> {
    let mut problems = Vec::new();
    let mut err = |field: Field, message: String| {
        problems.push(Problem {
            field: Some(field),
            message,
        })
    };
    // Controls are refused in every field: a code or a period must never
    // be changed silently into another one.
    let mut readable = true;
    for (field, text) in Field::ALL.iter().zip(f) {
        if text.chars().any(is_control) {
            err(
                *field,
                format!(
                    "«{}» có ký tự điều khiển hoặc ký tự ẩn (mã {}); hãy xoá chúng trong tệp",
                    clean(text),
                    control_codes(text)
                ),
            );
            readable = false;
        }
    }
    if !readable {
        return Err(problems);
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
    let value = match parse_plain(&f[4]) {
        Ok(v) => Some(v),
        Err(e) => {
            err(Field::Value, e.to_string());
            None
        }
    };
    let province = &f[0];
    let code = match &cluster.basis {
        Some(basis) => covenant_codes(&basis.covenant, f, period, &mut err),
        None => cluster_codes(cluster, f, &mut err),
    };
    match (code, period, kind, value) {
        (Some(indicator), Some(p), Some(k), Some(v)) => {
            let key = ValueKey::new(p, province, &indicator, k);
            match value_problem(cluster, &key, v) {
                Some(message) => err(Field::Value, message),
                None if problems.is_empty() => return Ok((key, v)),
                None => {}
            }
        }
        // An unreadable kind is reported above; the range still applies.
        (Some(indicator), Some(p), None, Some(v)) => {
            let key = ValueKey::new(p, province, &indicator, Kind::Plan);
            if let Some(message) = value_problem(cluster, &key, v) {
                err(Field::Value, message);
            }
        }
        _ => {}
    }
    Err(problems)
}

/// A character the text layer would remove (a control, an invisible
/// format character): it has no place in a field.
fn is_control(c: char) -> bool {
    !is_clean(c.encode_utf8(&mut [0; 4]))
}

/// `U+001B, U+0000`: the control characters of a text, for the message.
fn control_codes(text: &str) -> String {
    let mut codes: Vec<String> = text
        .chars()
        .filter(|c| is_control(*c))
        .map(|c| format!("U+{:04X}", u32::from(c)))
        .collect();
    codes.dedup();
    codes.join(", ")
}

/// The unit and criterion codes against the covenant: the criterion's code
/// when both are known for the period.
fn covenant_codes(
    covenant: &crate::model::covenant::Covenant,
    f: &[String; 5],
    period: Option<Period>,
    err: &mut impl FnMut(Field, String),
) -> Option<String> {
    let (province, indicator) = (&f[0], &f[1]);
    let mut known = true;
    if province != CLUSTER {
        match covenant.units.unit(province) {
            None => {
                err(
                    Field::Province,
                    format!("không có đơn vị mã «{province}» (dùng mã như AG, DT hoặc CLUSTER)"),
                );
                known = false;
            }
            Some(u) if period.is_some_and(|p| !u.exists_in(p)) => {
                err(
                    Field::Province,
                    format!(
                        "đơn vị {} không tồn tại trong kỳ {}",
                        u.quoted(),
                        period.map(|p| p.to_string()).unwrap_or_default()
                    ),
                );
                known = false;
            }
            Some(_) => {}
        }
    }
    let year = match period {
        Some(p) => covenant.for_period(p),
        None => covenant.years.values().next_back(),
    };
    match year {
        None => {
            err(
                Field::Indicator,
                "chưa có giao ước nào: hãy nhập giao ước trước (thidua covenant import)".into(),
            );
            None
        }
        Some(y) if y.criterion(indicator).is_none() => {
            err(
                Field::Indicator,
                format!(
                    "không có chỉ tiêu mã «{indicator}» trong giao ước năm {}",
                    y.year
                ),
            );
            None
        }
        Some(_) => known.then(|| indicator.clone()),
    }
}

/// The codes against a cluster made by hand (no covenant).
fn cluster_codes(
    cluster: &Cluster,
    f: &[String; 5],
    err: &mut impl FnMut(Field, String),
) -> Option<String> {
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
    indicator.filter(|_| province_ok).map(|i| i.code.clone())
}

/// What is wrong with the value of a known cell, if anything.
fn value_problem(cluster: &Cluster, key: &ValueKey, v: Decimal) -> Option<String> {
    if let Some(basis) = &cluster.basis {
        return basis.covenant.check_value(key, Some(v)).err();
    }
    let ind = cluster.indicator(&key.indicator)?;
    Some(match ind.refusal(key.kind, v)? {
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
    })
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
    let rows = Rows::new(csv_in::open(bytes).map_err(|e| vec![e])?, cluster)?;
    let unsaid = rows.unsaid;
    let mut errors = Vec::new();
    let mut batch = Batch::default();
    for row in rows {
        match row {
            Row::Figure { key, figure, line } => {
                if let Err(message) = batch.add_figure(key, figure, Line(line)) {
                    errors.push(ImportError {
                        line,
                        column: None,
                        message,
                    });
                }
            }
            Row::Bad(bad) => errors.extend(bad),
        }
    }
    if errors.is_empty() {
        Ok((batch.into_edits(), unsaid))
    } else {
        Err(errors)
    }
}

/// One data row of a values CSV, checked: a figure, or every problem of
/// the row (blank lines are skipped).
#[derive(Debug)]
pub enum Row {
    Figure {
        key: ValueKey,
        figure: Figure,
        line: usize,
    },
    Bad(Vec<ImportError>),
}

/// The rows of a values CSV, read and checked one at a time (a file of any
/// size is read in constant memory); whether a cell is given twice is the
/// caller's to find ([`Batch`], or a streaming import's own record).
pub struct Rows<'c, R> {
    records: std::iter::Enumerate<csv::ByteRecordsIntoIter<R>>,
    columns: usize,
    index: [usize; 5],
    optional: OptionalColumns,
    cluster: &'c Cluster,
    /// Which optional columns the header leaves out.
    pub unsaid: Unsaid,
}

impl<'c, R: std::io::Read> Rows<'c, R> {
    /// The rows after `csv`'s header; the header's problems (missing
    /// columns) as errors on line 1.
    pub fn new(csv: CsvIn<R>, cluster: &'c Cluster) -> Result<Self, Vec<ImportError>> {
        let CsvIn { names, records } = csv;
        let unsaid = Unsaid::of_header(names.iter().map(String::as_str));
        let index = csv_in::columns(&names, COLUMNS)?;
        Ok(Rows {
            records: records.enumerate(),
            columns: names.len(),
            index,
            optional: OptionalColumns::find(&names),
            cluster,
            unsaid,
        })
    }

    fn row(&self, line: usize, record: csv::ByteRecord) -> Option<Row> {
        let bad = |errors: Vec<ImportError>| Some(Row::Bad(errors));
        if record.len() == 1
            && record
                .get(0)
                .is_some_and(|f| f.iter().all(u8::is_ascii_whitespace))
        {
            return None; // a blank line
        }
        if record.len() != self.columns {
            return bad(vec![ImportError {
                line,
                column: None,
                message: format!("có {} cột, tiêu đề có {} cột", record.len(), self.columns),
            }]);
        }
        let mut errors = Vec::new();
        let mut fields: [String; 5] = Default::default();
        for ((&i, field), slot) in self.index.iter().zip(Field::ALL).zip(fields.iter_mut()) {
            // Trimmed only: `check` refuses a control character rather
            // than strip it and take another code.
            match std::str::from_utf8(record.get(i).unwrap_or_default()) {
                Ok(s) => *slot = s.trim_matches([' ', '\t']).to_string(),
                Err(_) => errors.push(ImportError {
                    line,
                    column: Some(field.column().into()),
                    message: "có byte không phải UTF-8 (hãy lưu tệp dạng CSV UTF-8)".into(),
                }),
            }
        }
        if !errors.is_empty() {
            return bad(errors);
        }
        let said = self.optional.read(&record, line);
        match (check(&fields, self.cluster), said) {
            (Ok((key, value)), Ok((qualifiers, note))) => Some(Row::Figure {
                key,
                figure: Figure {
                    value,
                    qualifiers,
                    note,
                },
                line,
            }),
            (checked, said) => {
                if let Err(problems) = checked {
                    errors.extend(problems.into_iter().map(|p| ImportError {
                        line,
                        column: p.field.map(|f| f.column().to_string()),
                        message: p.message,
                    }));
                }
                if let Err(more) = said {
                    errors.extend(more);
                }
                bad(errors)
            }
        }
    }
}

impl<R: std::io::Read> Iterator for Rows<'_, R> {
    type Item = Row;

    fn next(&mut self) -> Option<Row> {
        loop {
            let (n, record) = self.records.next()?;
            let line = n + 2;
            let row = match record {
                Ok(r) => self.row(line, r),
                Err(e) => Some(Row::Bad(vec![csv_in::csv_error(line, e)])),
            };
            if row.is_some() {
                return row;
            }
        }
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
