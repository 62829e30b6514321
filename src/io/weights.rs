//! `thidua import` of indicator weights: a CSV with the columns
//! `indicator_code,weight` (more columns ignored; UTF-8 BOM and CRLF
//! accepted). Every row is checked first; then all weights are written, each
//! through `Store::set_weight` (audited), or none.

use std::collections::HashMap;

use rust_decimal::Decimal;

use super::csv_in::ImportError;
use super::csv_in::{self, CsvIn};
use crate::model::Cluster;
use crate::store::Store;
use crate::store::fields::{self, WEIGHT_MAX};
use crate::text::normalize::clean;
use crate::text::number::parse_plain;

pub const COLUMNS: [&str; 2] = ["indicator_code", "weight"];

/// Whether a CSV's header names a weights file (`indicator_code` and
/// `weight`, no `province_code`).
pub fn is_weights_file(bytes: &[u8]) -> bool {
    csv_in::open(bytes).is_ok_and(|csv| {
        let has = |c: &str| csv.names.iter().any(|n| n == c);
        has("indicator_code") && has("weight") && !has("province_code")
    })
}

fn error(line: usize, column: Option<&str>, message: String) -> ImportError {
    ImportError {
        line,
        column: column.map(str::to_string),
        message,
    }
}

/// Parse and check every row: known indicator, weight in the machine form
/// ([`parse_plain`]: dot as decimal point; no grouping, exponent or `_`,
/// never more digits than a weight holds) from 0 to [`WEIGHT_MAX`], no
/// indicator twice.
pub fn parse(bytes: &[u8], cluster: &Cluster) -> Result<Vec<(String, Decimal)>, Vec<ImportError>> {
    let CsvIn { records, names } = csv_in::open(bytes).map_err(|e| vec![e])?;
    let index = csv_in::columns(&names, COLUMNS)?;
    let mut errors = Vec::new();
    let mut out = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (n, record) in records.enumerate() {
        let line = n + 2;
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                errors.push(csv_in::csv_error(line, e));
                continue;
            }
        };
        if record.iter().all(|f| f.iter().all(u8::is_ascii_whitespace)) {
            continue; // a blank line
        }
        let field = |i: usize| -> Result<String, ()> {
            std::str::from_utf8(record.get(i).unwrap_or_default())
                .map(|s| clean(s).trim().to_string())
                .map_err(|_| ())
        };
        let code = match field(index[0]) {
            Ok(c) => c,
            Err(()) => {
                errors.push(error(
                    line,
                    Some(COLUMNS[0]),
                    "có byte không phải UTF-8".into(),
                ));
                continue;
            }
        };
        let raw = field(index[1]).unwrap_or_default();
        let known = cluster.indicator(&code).is_some();
        if !known {
            errors.push(error(
                line,
                Some(COLUMNS[0]),
                format!("không có chỉ tiêu mã «{code}»"),
            ));
        }
        let weight = match parse_plain(&raw) {
            Ok(w) if fields::weight(&code, w).is_ok() => Some(w),
            Ok(w) => {
                errors.push(error(
                    line,
                    Some(COLUMNS[1]),
                    format!(
                        "trọng số {} nằm ngoài khoảng cho phép 0 đến {}",
                        w.normalize(),
                        crate::text::number::format_exact(WEIGHT_MAX, 0)
                    ),
                ));
                None
            }
            Err(e) => {
                errors.push(error(
                    line,
                    Some(COLUMNS[1]),
                    format!(
                        "{e}; trọng số từ 0 đến {} (ví dụ 1.5)",
                        crate::text::number::format_exact(WEIGHT_MAX, 0)
                    ),
                ));
                None
            }
        };
        if let Some(first) = seen.insert(code.clone(), line) {
            errors.push(error(
                line,
                Some(COLUMNS[0]),
                format!("chỉ tiêu «{code}» đã có ở dòng {first}"),
            ));
            continue;
        }
        if let (true, Some(w)) = (known, weight) {
            out.push((code, w));
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

/// How an import changed the weights.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WeightOutcome {
    pub changed: usize,
    pub unchanged: usize,
}

/// Write every weight through the store (each change audited). If a write
/// fails, the weights already changed are set back, so the import is all
/// or nothing; the error is returned.
/// `cluster` is the one the weights were checked against (their old values).
pub fn apply(
    store: &dyn Store,
    cluster: &Cluster,
    weights: &[(String, Decimal)],
) -> anyhow::Result<WeightOutcome> {
    let mut done: Vec<(String, Decimal)> = Vec::new();
    let mut outcome = WeightOutcome::default();
    for (code, weight) in weights {
        let old = cluster
            .indicator(code)
            .map(|i| i.weight)
            .unwrap_or_default();
        // The weight the file was checked against: a change by someone
        // else meanwhile is refused, not overwritten.
        match store.set_weight(code, *weight, Some(old)) {
            Ok(Some(_)) => {
                outcome.changed += 1;
                done.push((code.clone(), old));
            }
            Ok(None) => outcome.unchanged += 1,
            Err(e) => {
                for (code, old) in done.iter().rev() {
                    // Best effort: the original error is what the user needs.
                    let _ = store.set_weight(code, *old, None);
                }
                return Err(anyhow::anyhow!(
                    "không ghi được trọng số của «{code}»: {e}; các trọng số đã đặt lại như cũ"
                ));
            }
        }
    }
    Ok(outcome)
}

pub fn summary(outcome: &WeightOutcome) -> String {
    format!(
        "Đã nhập trọng số: {} thay đổi, {} không đổi (mỗi thay đổi có trong nhật ký).",
        outcome.changed, outcome.unchanged
    )
}
