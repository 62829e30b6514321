//! `thidua export`: stored values as CSV (the import format: UTF-8 with a
//! BOM so Excel opens it, plain machine numbers), JSON, a Markdown table or
//! an Excel workbook, sorted by province, indicator, period, kind; each
//! figure with its qualifiers and comment ([`super::figure_columns`]).
//! An export of one period reads that period only.

use std::fmt::Write as _;

use super::figure_columns::{comment_to_csv, qualifier_text};
use crate::model::{Cluster, Period, Value};
use crate::store::Store;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    Csv,
    Json,
    Markdown,
    Xlsx,
}

pub const CSV_HEADER: &str = "province_code,indicator_code,period,kind,value,qualifier,comment";

/// The byte-order mark every CSV thidua writes starts with: without it
/// Excel on Windows reads UTF-8 as the local code page.
pub const BOM: &str = "\u{feff}";

/// The values an export of `period` (None: every period) is made of: one
/// prefix scan of the period, never the whole database for one period.
pub fn read(store: &dyn Store, period: Option<Period>) -> crate::store::Result<Vec<Value>> {
    store.values(period)
}

/// Sort as exported: province, indicator, period, kind.
pub fn sort(values: &mut [Value]) {
    values.sort_by(|a, b| {
        (&a.key.province, &a.key.indicator, a.key.period, a.key.kind).cmp(&(
            &b.key.province,
            &b.key.indicator,
            b.key.period,
            b.key.kind,
        ))
    });
}

/// Machine form of a value: `.` decimal point, no grouping, no trailing zeros.
pub fn plain(v: rust_decimal::Decimal) -> String {
    v.normalize().to_string()
}

/// The export's bytes in `format`.
pub fn render(
    cluster: &Cluster,
    mut values: Vec<Value>,
    format: ExportFormat,
) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    sort(&mut values);
    Ok(match format {
        ExportFormat::Csv => csv(&values).into_bytes(),
        ExportFormat::Json => json(&values).into_bytes(),
        ExportFormat::Markdown => markdown(&values).into_bytes(),
        ExportFormat::Xlsx => super::xlsx::export_workbook(cluster, &values)?,
    })
}

fn csv(values: &[Value]) -> String {
    let mut out = String::with_capacity(values.len() * 48);
    out.push_str(BOM);
    out.push_str(CSV_HEADER);
    out.push('\n');
    // Codes, periods, kinds and qualifiers never need quoting: codes are
    // checked ASCII identifiers on import. A comment is quoted as needed.
    for v in values {
        let comment = v
            .figure
            .note
            .as_deref()
            .map(comment_to_csv)
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "{},{},{},{},{},{},{}",
            v.key.province,
            v.key.indicator,
            v.key.period,
            v.key.kind.as_str(),
            plain(v.figure.value),
            qualifier_text(&v.figure.qualifiers),
            csv_quoted(&comment)
        );
    }
    out
}

/// A CSV field, quoted when it holds a comma, a quote, a line break or
/// spaces at its ends (which a reader would otherwise trim).
fn csv_quoted(s: &str) -> std::borrow::Cow<'_, str> {
    let needs = s.contains([',', '"', '\n', '\r']) || s.starts_with(' ') || s.ends_with(' ');
    if needs {
        format!("\"{}\"", s.replace('"', "\"\"")).into()
    } else {
        s.into()
    }
}

fn json(values: &[Value]) -> String {
    let rows: Vec<serde_json::Value> = values
        .iter()
        .map(|v| {
            let number: serde_json::Number = plain(v.figure.value)
                .parse()
                .unwrap_or_else(|_| serde_json::Number::from(0));
            serde_json::json!({
                "province_code": v.key.province,
                "indicator_code": v.key.indicator,
                "period": v.key.period.to_string(),
                "kind": v.key.kind.as_str(),
                "value": number,
                "qualifier": qualifier_text(&v.figure.qualifiers),
                "comment": v.figure.note.as_deref().unwrap_or(""),
            })
        })
        .collect();
    let mut out = serde_json::to_string_pretty(&rows).unwrap_or_else(|_| "[]".into());
    out.push('\n');
    out
}

fn markdown(values: &[Value]) -> String {
    let mut out = String::from(
        "| province_code | indicator_code | period | kind | value | qualifier | comment |\n\
         |---|---|---|---|---:|---|---|\n",
    );
    let esc = |s: &str| s.replace('\\', "\\\\").replace('|', "\\|");
    for v in values {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} | {} |",
            v.key.province,
            v.key.indicator,
            v.key.period,
            v.key.kind.as_str(),
            plain(v.figure.value),
            qualifier_text(&v.figure.qualifiers),
            esc(v.figure.note.as_deref().unwrap_or(""))
        );
    }
    out
}
