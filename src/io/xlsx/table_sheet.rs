//! One report table on its own sheet: a title row, the header row, the
//! rows with their figures as numbers (read back from the report's text,
//! see [`crate::io::report_cells`]), then the table's notes and its
//! footnotes (each also a comment on its figure's cell). The header row
//! and the name columns are frozen; printing is A4 landscape, one page
//! wide, with the header repeated on every page.

use rust_xlsxwriter::{ColNum, Note, RowNum, Worksheet, XlsxError};

use super::styles::{self, Shape};
use crate::io::report_cells;
use crate::io::table::{FOOTNOTES_HEADING, Row, Table};
use crate::text::width::{Align, width};

/// Rows before the header: the title, then the header row itself.
pub const HEADER_ROW: RowNum = 1;
pub const FIRST_DATA_ROW: RowNum = 2;

/// Widest a text column gets (characters) before its text wraps.
const TEXT_COLUMN_MAX: usize = 55;

/// The columns repeated and frozen: up to and including the first
/// left-aligned one (the rank and the province, or the indicator's name).
pub fn key_columns(table: &Table) -> usize {
    table
        .columns
        .iter()
        .position(|c| c.align == Align::Left)
        .map_or(0, |i| i + 1)
}

/// Write `table` on `ws`; `derived(row, column)` tells which figures are
/// worked out (marked, with the legend under the table).
pub fn write(
    ws: &mut Worksheet,
    title: &str,
    table: &Table,
    derived: &dyn Fn(usize, usize) -> bool,
) -> Result<(), XlsxError> {
    ws.write_string_with_format(0, 0, title, &styles::title())?;
    for (c, col) in table.columns.iter().enumerate() {
        ws.write_string_with_format(HEADER_ROW, c as ColNum, &col.header, &styles::header())?;
    }
    let mut any_derived = false;
    let mut row = FIRST_DATA_ROW;
    for (r, line) in table.rows.iter().enumerate() {
        match line {
            Row::Cells(cells) => {
                for (c, col) in table.columns.iter().enumerate() {
                    let text = cells.get(c).map(String::as_str).unwrap_or("");
                    let at = (row, c as ColNum);
                    match report_cells::number_in(col, text) {
                        Some(n) => {
                            let marked = derived(r, c);
                            any_derived |= marked;
                            let shape = Shape {
                                decimals: n.decimals,
                                percent: n.percent,
                                signed: n.signed,
                                marked: n.marked,
                                derived: marked,
                            };
                            // Percent as the fraction Excel shows with `%`,
                            // divided exactly before it becomes binary.
                            let value = super::to_f64(if n.percent {
                                n.value / rust_decimal::Decimal::ONE_HUNDRED
                            } else {
                                n.value
                            });
                            ws.write_number_with_format(at.0, at.1, value, &styles::number(shape))?;
                        }
                        None if text.is_empty() => {
                            ws.write_blank(at.0, at.1, &styles::empty())?;
                        }
                        None => {
                            let format = if col.align == Align::Right {
                                styles::text().set_align(rust_xlsxwriter::FormatAlign::Right)
                            } else {
                                styles::text()
                            };
                            ws.write_string_with_format(at.0, at.1, text, &format)?;
                        }
                    }
                }
            }
            Row::Group(g) => {
                ws.write_string_with_format(row, 0, g, &styles::group())?;
                for c in 1..table.columns.len() {
                    ws.write_blank(row, c as ColNum, &styles::group())?;
                }
            }
        }
        row += 1;
    }
    row += 1;
    for note in &table.notes {
        ws.write_string_with_format(row, 0, note, &styles::note())?;
        row += 1;
    }
    row = footnotes(ws, table, row)?;
    if any_derived {
        ws.write_string_with_format(
            row,
            0,
            styles::DERIVED_LEGEND,
            &styles::note().set_font_color(rust_xlsxwriter::Color::RGB(styles::DERIVED_COLOR)),
        )?;
    }
    let widths = set_widths(ws, table)?;
    set_heights(ws, table, &widths)?;
    let key = key_columns(table) as ColNum;
    ws.set_freeze_panes(FIRST_DATA_ROW, key)?;
    print_setup(ws, HEADER_ROW, key, true)?;
    Ok(())
}

/// A table's footnotes: each as a comment on its cell (Excel's red
/// corner; the words show on hover) and, for print, listed from `row` on
/// under its heading. The row after the list.
fn footnotes(ws: &mut Worksheet, table: &Table, mut row: RowNum) -> Result<RowNum, XlsxError> {
    let lines = table.footnote_lines();
    if lines.is_empty() {
        return Ok(row);
    }
    for ((r, c), line) in table.footnote_cells().into_iter().zip(&lines) {
        let note = Note::new(line)
            .set_author("thidua")
            .add_author_prefix(false)
            .set_width(320)
            .set_height(90);
        ws.insert_note(FIRST_DATA_ROW + r as RowNum, c as ColNum, &note)?;
    }
    ws.write_string_with_format(row, 0, FOOTNOTES_HEADING, &styles::note())?;
    row += 1;
    for line in &lines {
        ws.write_string_with_format(row, 0, line, &styles::note())?;
        row += 1;
    }
    Ok(row)
}

/// A section the period has nothing for: its title and the sentence.
pub fn write_nothing(ws: &mut Worksheet, title: &str, sentence: &str) -> Result<(), XlsxError> {
    ws.write_string_with_format(0, 0, title, &styles::title())?;
    ws.write_string_with_format(FIRST_DATA_ROW, 0, sentence, &styles::note())?;
    ws.set_column_width(0, (width(sentence).max(width(title)) + 2) as f64)?;
    print_setup(ws, HEADER_ROW, 0, true)?;
    Ok(())
}

/// Lines a text takes in a column `chars` wide. Column widths count the
/// digit `0`; letters average narrower, so a line holds a little more.
pub fn lines_in(text: &str, chars: usize) -> usize {
    crate::io::text_pages::wrap(text, (chars * 11 / 10).max(1)).len()
}

/// Points per line of the default font.
pub const LINE_HEIGHT: f64 = 15.0;

/// Rows whose text wraps get the height of their lines: not every
/// spreadsheet works it out on opening (LibreOffice does not).
fn set_heights(ws: &mut Worksheet, table: &Table, widths: &[usize]) -> Result<(), XlsxError> {
    let header = table
        .columns
        .iter()
        .zip(widths)
        .map(|(c, &w)| lines_in(&c.header, w))
        .max()
        .unwrap_or(1);
    if header > 1 {
        ws.set_row_height(HEADER_ROW, LINE_HEIGHT * header as f64)?;
    }
    for (r, row) in table.rows.iter().enumerate() {
        if let Row::Cells(cells) = row {
            let lines = table
                .columns
                .iter()
                .zip(widths)
                .zip(cells)
                .filter(|((c, _), _)| c.align == Align::Left)
                .map(|((_, &w), text)| lines_in(text, w))
                .max()
                .unwrap_or(1);
            if lines > 1 {
                ws.set_row_height(FIRST_DATA_ROW + r as RowNum, LINE_HEIGHT * lines as f64)?;
            }
        }
    }
    Ok(())
}

/// Column widths from the content: the widest cell (or header word) as it
/// is shown, text columns at most [`TEXT_COLUMN_MAX`] and wrapped. The
/// widths set, in characters.
fn set_widths(ws: &mut Worksheet, table: &Table) -> Result<Vec<usize>, XlsxError> {
    let mut widths = Vec::new();
    for (c, col) in table.columns.iter().enumerate() {
        let header = col.header.split_whitespace().map(width).max().unwrap_or(0);
        let widest = table
            .rows
            .iter()
            .filter_map(|r| match r {
                Row::Cells(cells) => cells.get(c).map(|s| width(s)),
                Row::Group(_) => None,
            })
            .max()
            .unwrap_or(0);
        let w = header.max(widest).min(TEXT_COLUMN_MAX) + 2;
        ws.set_column_width(c as ColNum, w as f64)?;
        widths.push(w);
    }
    Ok(widths)
}

/// A4 landscape, the header row (and the name columns) repeated on every
/// printed page, page numbers at the foot; `one_page_wide` shrinks a table
/// to the page's width (a sheet of many columns runs over more pages).
pub fn print_setup(
    ws: &mut Worksheet,
    header_row: RowNum,
    key: ColNum,
    one_page_wide: bool,
) -> Result<(), XlsxError> {
    const A4: u8 = 9;
    ws.set_paper_size(A4);
    ws.set_landscape();
    if one_page_wide {
        ws.set_print_fit_to_pages(1, 0);
    }
    ws.set_repeat_rows(0, header_row)?;
    if key > 0 {
        ws.set_repeat_columns(0, key - 1)?;
    }
    ws.set_footer("&CTrang &P/&N");
    Ok(())
}
