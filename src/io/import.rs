//! `thidua import`: read `province_code,indicator_code,period,kind,value`
//! rows (more columns ignored; UTF-8 BOM and CRLF accepted), check every
//! field, and write all rows or none. Each error names its line and column.

use std::collections::HashMap;

use rust_decimal::Decimal;

use super::csv_in::{self, CsvIn, ImportError};
use crate::model::{CLUSTER, Cluster, Figure, Kind, Period, Refusal, ValueKey};
use crate::store::{BatchOutcome, Edit, Expect};
use crate::text::normalize::clean;

const COLUMNS: [&str; 5] = ["province_code", "indicator_code", "period", "kind", "value"];

/// Parse and check the whole file against the cluster. Either every row is
/// good and the edits are returned, or every error is.
pub fn parse(bytes: &[u8], cluster: &Cluster) -> Result<Vec<Edit>, Vec<ImportError>> {
    let CsvIn { names, records } = csv_in::open(bytes).map_err(|e| vec![e])?;
    let index = csv_in::columns(&names, COLUMNS)?;
    let mut errors = Vec::new();
    let mut edits = Vec::new();
    let mut seen: HashMap<ValueKey, usize> = HashMap::new();
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
        let mut fields: Vec<String> = Vec::with_capacity(5);
        for (&i, col) in index.iter().zip(COLUMNS) {
            match std::str::from_utf8(record.get(i).unwrap_or_default()) {
                Ok(s) => fields.push(clean(s).trim().to_string()),
                Err(_) => {
                    errors.push(ImportError {
                        line,
                        column: Some(col.into()),
                        message: "có byte không phải UTF-8 (hãy lưu tệp dạng CSV UTF-8)".into(),
                    });
                    fields.push(String::new());
                }
            }
        }
        if fields.len() != 5 {
            continue;
        }
        let before = errors.len();
        if let Some(key) = check_row(line, &fields, cluster, &mut errors) {
            if let Some(first) = seen.insert(key.0.clone(), line) {
                errors.push(ImportError {
                    line,
                    column: None,
                    message: format!("trùng ô với dòng {first} (cùng tỉnh, chỉ tiêu, kỳ, loại)"),
                });
            } else if errors.len() == before {
                edits.push(Edit::new(key.0, Some(Figure::plain(key.1)), Expect::Any));
            }
        }
    }
    if errors.is_empty() {
        Ok(edits)
    } else {
        Err(errors)
    }
}

fn check_row(
    line: usize,
    f: &[String],
    cluster: &Cluster,
    errors: &mut Vec<ImportError>,
) -> Option<(ValueKey, Decimal)> {
    let mut err = |col: &str, message: String| {
        errors.push(ImportError {
            line,
            column: Some(col.into()),
            message,
        })
    };
    let province = &f[0];
    let province_ok = province == CLUSTER || cluster.province(province).is_some();
    if !province_ok {
        err(
            "province_code",
            format!("không có tỉnh mã «{province}» (dùng mã như AG, DT hoặc CLUSTER)"),
        );
    }
    let indicator = cluster.indicator(&f[1]);
    if indicator.is_none() {
        err("indicator_code", format!("không có chỉ tiêu mã «{}»", f[1]));
    }
    let period = match f[2].parse::<Period>() {
        Ok(p) => Some(p),
        Err(e) => {
            err("period", e.to_string());
            None
        }
    };
    let kind = Kind::parse(&f[3]);
    if kind.is_none() {
        err(
            "kind",
            format!("loại «{}» không hợp lệ: dùng actual hoặc plan", f[3]),
        );
    }
    let value = match f[4].parse::<Decimal>() {
        Ok(v) => Some(v),
        Err(_) => {
            err(
                "value",
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
        err("value", message);
        return None;
    }
    match (province_ok, indicator, period, kind, value) {
        (true, Some(ind), Some(p), Some(k), Some(v)) => {
            Some((ValueKey::new(p, province, &ind.code, k), v))
        }
        _ => None,
    }
}

/// The message printed after a successful import.
pub fn summary(outcome: &BatchOutcome) -> String {
    format!(
        "Đã nhập: {} giá trị mới, {} thay đổi, {} không đổi.",
        outcome.added, outcome.changed, outcome.unchanged
    )
}
