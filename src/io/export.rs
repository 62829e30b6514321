//! `thidua export`: stored values as CSV (the import format: UTF-8 with a
//! BOM so Excel opens it, plain machine numbers), JSON, a Markdown table or
//! an Excel workbook, sorted by province, indicator, period, kind.

use std::fmt::Write as _;

use crate::model::{Cluster, Value};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    Csv,
    Json,
    Markdown,
    Xlsx,
}

pub const CSV_HEADER: &str = "province_code,indicator_code,period,kind,value";

/// The byte-order mark every CSV thidua writes starts with: without it
/// Excel on Windows reads UTF-8 as the local code page.
pub const BOM: &str = "\u{feff}";

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
    let mut out = String::with_capacity(values.len() * 40);
    out.push_str(BOM);
    out.push_str(CSV_HEADER);
    out.push('\n');
    // Codes, periods and kinds never need quoting: codes are checked ASCII
    // identifiers on import.
    rows(&mut out, values, ("", ",", ""));
    out
}

/// One line per value: its five fields between `open`, `sep` and `close`.
fn rows(out: &mut String, values: &[Value], (open, sep, close): (&str, &str, &str)) {
    for v in values {
        let _ = writeln!(
            out,
            "{open}{}{sep}{}{sep}{}{sep}{}{sep}{}{close}",
            v.key.province,
            v.key.indicator,
            v.key.period,
            v.key.kind.as_str(),
            plain(v.figure.value)
        );
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
            })
        })
        .collect();
    let mut out = serde_json::to_string_pretty(&rows).unwrap_or_else(|_| "[]".into());
    out.push('\n');
    out
}

fn markdown(values: &[Value]) -> String {
    let mut out = String::from(
        "| province_code | indicator_code | period | kind | value |\n|---|---|---|---|---:|\n",
    );
    rows(&mut out, values, ("| ", " | ", " |"));
    out
}
