//! Stored figures on a sheet, exactly as stored (never a figure worked out
//! from others), in the two layouts `thidua import` reads back:
//! - wide: one period and kind; units in rows, indicators in columns;
//! - long: the CSV's columns (`province_code,indicator_code,period,kind,
//!   value,qualifier,comment`), then the names for reading.
//!
//! Each figure's number format shows at least its indicator's decimals and
//! never hides a digit it holds.

use std::collections::HashMap;

use rust_xlsxwriter::{ColNum, Format, RowNum, Worksheet, XlsxError};

use super::styles::{self, Shape};
use super::table_sheet::print_setup;
use crate::io::export::CSV_HEADER;
use crate::io::wide_layout::{self, UNIT_HEADER};
use crate::model::{CLUSTER, Cluster, Indicator, Value};
use crate::text::width::width;

/// Widest a header column gets before its text wraps (characters).
const HEADER_MAX: usize = 16;

/// The formats of one sheet, each made once: the workbook matches every
/// cell's format against those it has, which is slow for a new one a cell.
struct Looks {
    text: Format,
    exact_text: Format,
    empty: Format,
    numbers: HashMap<u32, Format>,
}

impl Looks {
    fn new() -> Looks {
        Looks {
            text: styles::text(),
            exact_text: styles::text().set_align(rust_xlsxwriter::FormatAlign::Right),
            empty: styles::empty(),
            numbers: HashMap::new(),
        }
    }

    /// A figure as a number showing at least its indicator's decimals; as
    /// its exact text where a binary number would change it (more than 15
    /// significant digits).
    fn figure(
        &mut self,
        ws: &mut Worksheet,
        (row, col): (RowNum, ColNum),
        ind: Option<&Indicator>,
        v: rust_decimal::Decimal,
    ) -> Result<(), XlsxError> {
        match super::exact_f64(v) {
            Some(f) => {
                let decimals = ind.map_or(0, |i| i.decimals).max(v.normalize().scale());
                let format = self.numbers.entry(decimals).or_insert_with(|| {
                    styles::number(Shape {
                        decimals,
                        ..Shape::default()
                    })
                });
                ws.write_number_with_format(row, col, f, format)?
            }
            None => ws.write_string_with_format(
                row,
                col,
                crate::io::export::plain(v),
                &self.exact_text,
            )?,
        };
        Ok(())
    }
}

/// One period and kind, wide: every province (and the cluster when it has
/// figures) in rows, the indicators with figures in columns.
pub fn wide(ws: &mut Worksheet, cluster: &Cluster, values: &[&Value]) -> Result<(), XlsxError> {
    let used: std::collections::HashSet<&str> =
        values.iter().map(|v| v.key.indicator.as_str()).collect();
    let indicators: Vec<&Indicator> = cluster
        .indicators
        .iter()
        .filter(|i| used.contains(i.code.as_str()))
        .collect();
    let mut units: Vec<String> = cluster.provinces.iter().map(|p| p.code.clone()).collect();
    if values.iter().any(|v| v.key.province == CLUSTER) {
        units.push(CLUSTER.to_string());
    }
    let mut looks = Looks::new();
    let headers = wide_layout::indicator_headers(cluster);
    let header_look = styles::header();
    ws.write_string_with_format(0, 0, UNIT_HEADER, &header_look)?;
    let mut name_width = width(UNIT_HEADER);
    let mut header_lines = 1;
    for (r, unit) in units.iter().enumerate() {
        let name = wide_layout::unit_name(cluster, unit);
        name_width = name_width.max(width(&name));
        ws.write_string_with_format(r as RowNum + 1, 0, &name, &looks.text)?;
    }
    // One look-up per cell, not a scan of the values.
    let by_cell: std::collections::HashMap<(&str, &str), &Value> = values
        .iter()
        .map(|v| ((v.key.province.as_str(), v.key.indicator.as_str()), *v))
        .collect();
    for (c, ind) in indicators.iter().enumerate() {
        let col = c as ColNum + 1;
        let header = headers
            .get(&ind.code)
            .cloned()
            .unwrap_or_else(|| ind.code.clone());
        ws.write_string_with_format(0, col, &header, &header_look)?;
        let mut widest = header
            .split_whitespace()
            .map(width)
            .max()
            .unwrap_or(0)
            .max(width(&header).min(HEADER_MAX));
        for (r, unit) in units.iter().enumerate() {
            let row = r as RowNum + 1;
            match by_cell.get(&(unit.as_str(), ind.code.as_str())) {
                Some(v) => {
                    looks.figure(ws, (row, col), Some(ind), v.figure.value)?;
                    let shown = crate::text::number::format_exact(v.figure.value, ind.decimals);
                    widest = widest.max(width(&shown));
                }
                None => {
                    ws.write_blank(row, col, &looks.empty)?;
                }
            }
        }
        ws.set_column_width(col, (widest + 2) as f64)?;
        header_lines = header_lines.max(super::table_sheet::lines_in(&header, widest + 2));
    }
    ws.set_column_width(0, (name_width + 2) as f64)?;
    ws.set_row_height(0, header_lines as f64 * super::table_sheet::LINE_HEIGHT)?;
    ws.set_freeze_panes(1, 1)?;
    print_setup(ws, 0, 1, false)?;
    // Many columns: smaller print, more of them on a page.
    ws.set_print_scale(75);
    Ok(())
}

/// The CSV's columns, one value a row, with the names beside them.
pub fn long(ws: &mut Worksheet, cluster: &Cluster, values: &[Value]) -> Result<(), XlsxError> {
    let mut headers: Vec<&str> = CSV_HEADER.split(',').collect();
    headers.extend(["Tỉnh", "Chỉ tiêu", "Đơn vị"]);
    let mut widths: Vec<usize> = headers.iter().map(|h| width(h)).collect();
    let header_look = styles::header();
    for (c, h) in headers.iter().enumerate() {
        ws.write_string_with_format(0, c as ColNum, *h, &header_look)?;
    }
    let mut looks = Looks::new();
    for (r, v) in values.iter().enumerate() {
        let row = r as RowNum + 1;
        let ind = cluster.indicator(&v.key.indicator);
        let texts = [
            v.key.province.clone(),
            v.key.indicator.clone(),
            v.key.period.to_string(),
            v.key.kind.as_str().to_string(),
        ];
        for (c, t) in texts.iter().enumerate() {
            ws.write_string_with_format(row, c as ColNum, t, &looks.text)?;
            widths[c] = widths[c].max(width(t));
        }
        looks.figure(ws, (row, 4), ind, v.figure.value)?;
        widths[4] = widths[4].max(width(&crate::io::export::plain(v.figure.value)) + 2);
        let said = [
            crate::io::figure_columns::qualifier_text(&v.figure.qualifiers),
            v.figure.note.clone().unwrap_or_default(),
        ];
        for (c, t) in said.iter().enumerate() {
            let col = c + 5;
            if t.is_empty() {
                ws.write_blank(row, col as ColNum, &looks.empty)?;
            } else {
                ws.write_string_with_format(row, col as ColNum, t, &looks.text)?;
            }
            widths[col] = widths[col].max(width(t));
        }
        let names = [
            wide_layout::unit_name(cluster, &v.key.province),
            ind.map(|i| i.name.clone()).unwrap_or_default(),
            ind.map(|i| i.unit.clone()).unwrap_or_default(),
        ];
        for (c, t) in names.iter().enumerate() {
            ws.write_string_with_format(row, c as ColNum + 7, t, &looks.text)?;
            widths[c + 7] = widths[c + 7].max(width(t));
        }
    }
    for (c, w) in widths.iter().enumerate() {
        ws.set_column_width(c as ColNum, ((*w).min(60) + 2) as f64)?;
    }
    ws.set_freeze_panes(1, 2)?;
    print_setup(ws, 0, 2, true)?;
    Ok(())
}
