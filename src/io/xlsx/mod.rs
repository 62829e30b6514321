//! Excel workbooks: `thidua report --format xlsx` (a sheet per table of the
//! report — Tổng hợp, one Xếp hạng sheet per ranked indicator with a bar
//! chart of the provinces' % of plan, Điểm, Khen thưởng, the score sheets
//! where asked — and the period's figures, wide; a section the period has
//! nothing for is a sheet that says so) and `thidua export
//! --format xlsx` (the stored figures, long and wide, importable again);
//! one unit's score sheet alone (`--sheet UNIT`) is [`sheet_book`].
//!
//! Figures are numbers with a number format of their decimals, headers are
//! Vietnamese, the header row and name columns are frozen, widths follow
//! the content, printing is A4 landscape with the headers repeated, and
//! figures worked out rather than entered are marked with a style and a
//! legend. A figure with qualifiers or a comment carries a cell comment
//! (Excel's red corner) with its footnote, and the table's footnotes are
//! listed under it for print.

mod figures_sheet;
pub mod sheet_book;
pub mod styles;
mod table_sheet;

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use rust_xlsxwriter::{
    Chart, ChartFont, ChartType, ColNum, RowNum, Workbook, Worksheet, XlsxError,
};

use super::report::{Part, Request, Section};
use super::review_tables;
use super::table::{Row, Table};
use crate::model::{Cluster, Kind, Period, Value};
use crate::text::width::{cut, width};

/// `v` as a binary number (the nearest one).
pub fn to_f64(v: Decimal) -> f64 {
    v.to_f64().unwrap_or(f64::NAN)
}

/// `v` as a binary number when that number reads back as exactly `v`
/// (up to 15 significant digits), so a workbook keeps every digit.
pub fn exact_f64(v: Decimal) -> Option<f64> {
    let f = v.to_f64()?;
    let back: Decimal = f.to_string().parse().ok()?;
    (back == v.normalize()).then_some(f)
}

/// Excel's rules for sheet names: at most 31 characters, none of `[]:*?/\`.
fn sheet_name(name: &str) -> String {
    let clean: String = name
        .chars()
        .map(|c| if "[]:*?/\\".contains(c) { '-' } else { c })
        .collect();
    let clean = clean.trim_matches('\'').trim().to_string();
    if clean.chars().count() <= 31 {
        return clean;
    }
    // Every character here is one column wide, so a cut by width is a cut
    // by characters.
    let mut short = cut(&clean, 31);
    while short.chars().count() > 31 {
        short = cut(&short, width(&short).saturating_sub(1));
    }
    short
}

fn new_sheet<'w>(wb: &'w mut Workbook, name: &str) -> Result<&'w mut Worksheet, XlsxError> {
    let ws = wb.add_worksheet();
    ws.set_name(sheet_name(name))?;
    Ok(ws)
}

/// The report's workbook.
pub fn report_workbook(req: &Request<'_>, sections: &[Section]) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let period = req.period;
    let mut rankings = 0;
    let mut sheets_named = 0;
    for s in sections {
        if let Some(empty) = &s.empty {
            let name = match s.part {
                Part::Summary => "Tổng hợp",
                Part::Score => "Điểm",
                Part::Awards => "Khen thưởng",
                Part::Checks => "Kiểm tra số liệu",
                Part::Minutes => "Biên bản bình xét",
                Part::Ranking | Part::ScoreSheet | Part::UnitSheet => continue,
            };
            let ws = new_sheet(&mut wb, name)?;
            table_sheet::write_nothing(ws, &s.heading, empty)?;
            continue;
        }
        match s.part {
            Part::Summary => {
                let computed = column(&s.table, "Cụm (tính)");
                let ws = new_sheet(&mut wb, "Tổng hợp")?;
                table_sheet::write(ws, &s.table.title, &s.table, &|_, c| Some(c) == computed)?;
            }
            Part::Ranking => {
                rankings += 1;
                let derived = ranking_derived(req, s);
                let ws = new_sheet(&mut wb, &format!("Xếp hạng {rankings} - {}", s.label))?;
                table_sheet::write(ws, &s.table.title, &s.table, &|r, c| {
                    Some(c) == column(&s.table, "Giá trị")
                        && derived.get(r).copied().unwrap_or(false)
                })?;
                ranking_chart(ws, s)?;
            }
            Part::Score => {
                let ws = new_sheet(&mut wb, "Điểm")?;
                table_sheet::write(ws, &s.table.title, &s.table, &|_, _| false)?;
            }
            Part::Awards => {
                let ws = new_sheet(&mut wb, "Khen thưởng")?;
                table_sheet::write(ws, &s.table.title, &s.table, &|_, _| false)?;
            }
            Part::Checks => {
                let ws = new_sheet(&mut wb, "Kiểm tra số liệu")?;
                table_sheet::write(ws, &s.table.title, &s.table, &|_, _| false)?;
            }
            Part::ScoreSheet => {}
            // The covenant score sheet and the minutes: one worksheet per
            // table, named by what it holds.
            Part::UnitSheet | Part::Minutes => {
                sheets_named += 1;
                let ws = new_sheet(&mut wb, &format!("{sheets_named} - {}", s.table.title))?;
                table_sheet::write(ws, &s.table.title, &s.table, &|_, _| false)?;
            }
        }
    }
    let sheets: Vec<&Section> = sections
        .iter()
        .filter(|s| s.part == Part::ScoreSheet && s.empty.is_none())
        .collect();
    if let Some(s) = sections
        .iter()
        .find(|s| s.part == Part::ScoreSheet && s.empty.is_some())
    {
        let ws = new_sheet(&mut wb, "Điểm chi tiết")?;
        table_sheet::write_nothing(ws, &s.heading, s.empty.as_deref().unwrap_or_default())?;
    }
    if !sheets.is_empty() {
        let table = score_sheets(&sheets, period);
        let ws = new_sheet(&mut wb, "Điểm chi tiết")?;
        table_sheet::write(ws, &table.title, &table, &|_, _| false)?;
    }
    let values: Vec<Value> = req
        .figures
        .iter()
        .map(|(k, f)| Value {
            key: k.clone(),
            figure: f.clone(),
        })
        .collect();
    let actual = of(&values, period, Kind::Actual);
    let ws = new_sheet(&mut wb, &format!("Số liệu {period}"))?;
    figures_sheet::wide(ws, req.cluster, &actual)?;
    let year = period.year_period();
    let plans = of(&values, year, Kind::Plan);
    if !plans.is_empty() {
        let ws = new_sheet(&mut wb, &format!("Kế hoạch {year}"))?;
        figures_sheet::wide(ws, req.cluster, &plans)?;
    }
    wb.save_to_buffer()
}

/// The stored values of one period and kind.
fn of(values: &[Value], period: Period, kind: Kind) -> Vec<&Value> {
    values
        .iter()
        .filter(|v| v.key.period == period && v.key.kind == kind)
        .collect()
}

fn column(table: &Table, header: &str) -> Option<usize> {
    table.columns.iter().position(|c| c.header == header)
}

/// Per row of a ranking, whether its figure is worked out from other
/// indicators (the rows are [`review_tables::rank_lines`] in order).
fn ranking_derived(req: &Request<'_>, s: &Section) -> Vec<bool> {
    let Some(ind) = s
        .indicator
        .as_deref()
        .and_then(|c| req.cluster.indicator(c))
    else {
        return Vec::new();
    };
    review_tables::rank_lines(req.cluster, req.figures, req.period, ind)
        .iter()
        .map(|l| {
            req.figures
                .shown_actual(req.cluster, req.period, &l.province, ind)
                .is_some_and(|s| s.is_derived())
        })
        .collect()
}

/// A bar chart of the ranked provinces' % of plan (their values when no
/// province has a plan), best at the top, beside the table.
fn ranking_chart(ws: &mut Worksheet, s: &Section) -> Result<(), XlsxError> {
    let t = &s.table;
    let (Some(province), Some(value), Some(pct)) =
        (column(t, "Tỉnh"), column(t, "Giá trị"), column(t, "% KH"))
    else {
        return Ok(());
    };
    let ranked = t
        .rows
        .iter()
        .take_while(|r| matches!(r, Row::Cells(c) if c.first().is_some_and(|x| !x.is_empty())))
        .count();
    if ranked == 0 {
        return Ok(());
    }
    let has_pct = t.rows.iter().take(ranked).any(|r| {
        matches!(r, Row::Cells(c) if c.get(pct).is_some_and(|x| super::report_cells::read(x).is_some()))
    });
    let (col, what) = if has_pct {
        (pct, "% kế hoạch")
    } else {
        (value, "giá trị")
    };
    let name = ws.name();
    let first = table_sheet::FIRST_DATA_ROW;
    let last = first + ranked as RowNum - 1;
    let mut chart = Chart::new(ChartType::Bar);
    chart
        .add_series()
        .set_name(what)
        .set_categories((
            name.as_str(),
            first,
            province as ColNum,
            last,
            province as ColNum,
        ))
        .set_values((name.as_str(), first, col as ColNum, last, col as ColNum));
    chart
        .title()
        .set_name(&format!("{}: {what}", s.label))
        .set_font(ChartFont::new().set_size(11).set_bold());
    chart.legend().set_hidden();
    chart.y_axis().set_reverse();
    chart.x_axis().set_min(0);
    if has_pct {
        chart.x_axis().set_num_format("0%");
    }
    chart
        .set_width(560)
        .set_height((28 * ranked as u32 + 110).max(240));
    ws.insert_chart(
        table_sheet::HEADER_ROW,
        t.columns.len() as ColNum + 1,
        &chart,
    )?;
    Ok(())
}

/// Every province's score sheet in one table, the province first.
fn score_sheets(sheets: &[&Section], period: Period) -> Table {
    let mut columns = vec![crate::io::table::Column::left("Tỉnh")];
    if let Some(first) = sheets.first() {
        columns.extend(first.table.columns.iter().cloned());
    }
    let mut table = Table::new(format!("Điểm chi tiết của các tỉnh — kỳ {period}"), columns);
    for s in sheets {
        for (r, row) in s.table.rows.iter().enumerate() {
            if let Row::Cells(cells) = row {
                let mut c = vec![s.label.clone()];
                c.extend(cells.iter().cloned());
                table.push(c);
                // The province column comes first: each footnote one column on.
                for f in s.table.footnotes.iter().filter(|f| f.row == r) {
                    table.footnote(f.column + 1, f.text.clone());
                }
            }
        }
    }
    if let Some(first) = sheets.first() {
        table.notes = first.table.notes.clone();
    }
    table
}

/// The export's workbook: the long sheet (what `thidua import` reads, like
/// the CSV), then one wide sheet per period and kind.
pub fn export_workbook(cluster: &Cluster, values: &[Value]) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let ws = new_sheet(&mut wb, "Số liệu")?;
    figures_sheet::long(ws, cluster, values)?;
    let mut keys: Vec<(Period, Kind)> = values.iter().map(|v| (v.key.period, v.key.kind)).collect();
    keys.sort();
    keys.dedup();
    for (period, kind) in keys {
        let label = match kind {
            Kind::Actual => "Thực hiện",
            Kind::Plan => "Kế hoạch",
        };
        let ws = new_sheet(&mut wb, &format!("{label} {period}"))?;
        figures_sheet::wide(ws, cluster, &of(values, period, kind))?;
    }
    wb.save_to_buffer()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sheet_names_keep_to_excels_rules() {
        assert_eq!(
            sheet_name("Xếp hạng 1 - Tổng thu ngân sách (tỷ đồng)")
                .chars()
                .count(),
            31
        );
        assert_eq!(sheet_name("a/b:c"), "a-b-c");
        assert_eq!(sheet_name("Tổng hợp"), "Tổng hợp");
    }

    #[test]
    fn figures_keep_every_digit_or_stay_exact_text() {
        let d = |s: &str| s.parse::<Decimal>().expect("decimal");
        assert_eq!(exact_f64(d("3327.24")), Some(3327.24));
        assert_eq!(exact_f64(d("140405.6")), Some(140405.6));
        assert_eq!(exact_f64(d("1234567890.123456789")), None);
    }
}
