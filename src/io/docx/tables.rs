//! A report table as a Word table: fixed column widths that add up to the
//! text width (so no table runs past the margin), a header row repeated on
//! every page, rows that never split across pages, group headings spanning
//! the table, figures right-aligned as the report writes them.
//!
//! Column widths come from the text itself, measured with Times New Roman's
//! character widths: a column of figures is as wide as its widest figure
//! (figures never wrap); text columns share what is left and wrap at
//! spaces, never narrower than their longest word.

use std::fmt::Write as _;

use super::xml::{Align, Layout, Look, paragraph, run};
use crate::io::table::{Row, Table};
use crate::text::width::Align as ColumnAlign;

/// Left and right padding of every cell, twips.
const CELL_PADDING: u32 = 85;

/// Room a figure column gets beyond its widest figure, twips.
const FIGURE_AIR: u32 = 120;

/// Width of `s` in twips at `size` points in Times New Roman (bold a
/// little wider): close enough to give figures the room they need.
pub fn text_width(s: &str, size: f32, bold: bool) -> u32 {
    let em: f32 = s.chars().map(em_width).sum();
    let factor = if bold { 1.06 } else { 1.0 };
    (em * size * 20.0 * factor).ceil() as u32
}

/// Advance width of a character in ems (Times New Roman's metrics,
/// rounded; a Vietnamese letter is as wide as its base letter).
fn em_width(c: char) -> f32 {
    match c {
        '0'..='9' => 0.5,
        '.' | ',' | ':' | ';' | ' ' | '!' | '\'' => 0.25,
        '-' | '(' | ')' | '[' | ']' | '/' => 0.33,
        '%' => 0.83,
        '+' | '=' | '<' | '>' | '×' | '÷' | '−' => 0.56,
        '*' => 0.5,
        '—' => 1.0,
        '–' => 0.5,
        'i' | 'j' | 'l' | 'í' | 'ì' | 'ỉ' | 'ĩ' | 'ị' | 't' => 0.28,
        // A Roman numeral's `I` is a third of an em: `VIII` must not wrap.
        'f' | 'I' => 0.33,
        'm' | 'M' | 'W' => 0.89,
        'w' => 0.72,
        c if c.is_uppercase() => 0.70,
        _ => 0.48,
    }
}

/// The column widths (twips) of `table` within `available`.
pub fn column_widths(table: &Table, available: u32, size: f32) -> Vec<u32> {
    let n = table.columns.len();
    if n == 0 {
        return Vec::new();
    }
    let mut widest = vec![0u32; n];
    let mut longest_word = vec![0u32; n];
    let mut measure = |i: usize, s: &str, bold: bool, whole: bool| {
        if whole {
            widest[i] = widest[i].max(text_width(s, size, bold));
        }
        for word in s.split_whitespace() {
            longest_word[i] = longest_word[i].max(text_width(word, size, bold));
        }
    };
    for (i, c) in table.columns.iter().enumerate() {
        // Headers may wrap at their spaces.
        measure(i, &c.header, true, false);
    }
    for row in &table.rows {
        if let Row::Cells(cells) = row {
            for (i, cell) in cells.iter().enumerate().take(n) {
                measure(i, cell, false, true);
            }
        }
    }
    let pad = 2 * CELL_PADDING + 20;
    let figures = |i: usize| table.columns[i].align != ColumnAlign::Left;
    // A figure column: its widest cell whole, with a little air; a text
    // column: what it would like (its widest cell) and what it must have
    // (its longest word).
    let air = |i: usize| if figures(i) { FIGURE_AIR } else { 0 };
    let want: Vec<u32> = (0..n)
        .map(|i| widest[i].max(longest_word[i]) + pad + air(i))
        .collect();
    let least: Vec<u32> = (0..n)
        .map(|i| {
            if figures(i) {
                want[i]
            } else {
                longest_word[i] + pad
            }
        })
        .collect();
    let total_want: u32 = want.iter().sum();
    if total_want <= available {
        // Room to spare: the text columns take it (in proportion to what
        // they want); a number column stays as wide as its figures, so an
        // `STT` column is not stretched to the width of a name.
        if (0..n).all(figures) {
            return spread(&want, available);
        }
        let text_want: u32 = (0..n).filter(|&i| !figures(i)).map(|i| want[i]).sum();
        let surplus = available - total_want;
        let text_share = spread(
            &(0..n)
                .map(|i| if figures(i) { 0 } else { want[i] })
                .collect::<Vec<_>>(),
            text_want + surplus,
        );
        let widths = (0..n)
            .map(|i| if figures(i) { want[i] } else { text_share[i] })
            .collect();
        return fit_exactly(widths, available);
    }
    let fixed: u32 = (0..n).filter(|&i| figures(i)).map(|i| want[i]).sum();
    let text_cols: Vec<usize> = (0..n).filter(|&i| !figures(i)).collect();
    let text_least: u32 = text_cols.iter().map(|&i| least[i]).sum();
    if fixed + text_least > available || text_cols.is_empty() {
        // Too wide even with every text wrapped: shrink everything alike
        // (the caller puts wide tables on landscape pages, so this is a
        // last resort, never a table past the margin).
        return spread(&least, available);
    }
    // Text columns share what the figures leave, the narrowest first: a
    // short column (a unit) gets all it would like when an even share
    // allows, the long names take the rest, none below its longest word.
    let mut widths = want.clone();
    let mut open: Vec<usize> = text_cols;
    open.sort_by_key(|&i| want[i]);
    let mut left = available - fixed;
    for (k, &i) in open.iter().enumerate() {
        let others_least: u32 = open[k + 1..].iter().map(|&j| least[j]).sum();
        let even = left / (open.len() - k) as u32;
        let w = want[i]
            .min(even.max(least[i]))
            .min(left.saturating_sub(others_least))
            .max(least[i]);
        widths[i] = w;
        left = left.saturating_sub(w);
    }
    fit_exactly(widths, available)
}

/// `widths` scaled to add up to `total`.
fn spread(widths: &[u32], total: u32) -> Vec<u32> {
    let sum: u64 = widths.iter().map(|&w| u64::from(w)).sum::<u64>().max(1);
    let scaled = widths
        .iter()
        .map(|&w| (u64::from(w) * u64::from(total) / sum) as u32)
        .collect();
    fit_exactly(scaled, total)
}

/// Rounding leftovers go to the first column so the table is exactly `total`.
fn fit_exactly(mut widths: Vec<u32>, total: u32) -> Vec<u32> {
    let sum: u32 = widths.iter().sum();
    if let Some(first) = widths.first_mut() {
        if sum < total {
            *first += total - sum;
        } else {
            *first = first.saturating_sub(sum - total);
        }
    }
    widths
}

const BORDERS: &str = "<w:tblBorders>\
    <w:top w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/>\
    <w:left w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/>\
    <w:bottom w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/>\
    <w:right w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/>\
    <w:insideH w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/>\
    <w:insideV w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/>\
    </w:tblBorders>";

/// `table` as a `w:tbl` filling `available` twips, text at `size` points.
pub fn word_table(table: &Table, available: u32, size: f32) -> String {
    let widths = column_widths(table, available, size);
    let total: u32 = widths.iter().sum();
    let mut x = String::new();
    let _ = write!(
        x,
        "<w:tbl><w:tblPr><w:tblW w:w=\"{total}\" w:type=\"dxa\"/><w:jc w:val=\"center\"/>{BORDERS}\
         <w:tblLayout w:type=\"fixed\"/><w:tblCellMar><w:left w:w=\"{CELL_PADDING}\" w:type=\"dxa\"/>\
         <w:right w:w=\"{CELL_PADDING}\" w:type=\"dxa\"/></w:tblCellMar>\
         <w:tblLook w:val=\"04A0\" w:firstRow=\"1\" w:lastRow=\"0\" w:firstColumn=\"1\" w:lastColumn=\"0\" w:noHBand=\"0\" w:noVBand=\"1\"/>\
         </w:tblPr><w:tblGrid>"
    );
    for w in &widths {
        let _ = write!(x, "<w:gridCol w:w=\"{w}\"/>");
    }
    x.push_str("</w:tblGrid>");
    let look = Look::sized(size);
    // The header row: repeated at the top of every page the table runs on.
    x.push_str("<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>");
    for (c, w) in table.columns.iter().zip(&widths) {
        cell(&mut x, *w, 1, Align::Center, &c.header, look.bold(), true);
    }
    x.push_str("</w:tr>");
    for row in &table.rows {
        x.push_str("<w:tr><w:trPr><w:cantSplit/></w:trPr>");
        match row {
            Row::Cells(cells) => {
                for (i, (c, w)) in table.columns.iter().zip(&widths).enumerate() {
                    let align = match c.align {
                        ColumnAlign::Left => Align::Left,
                        ColumnAlign::Right => Align::Right,
                        ColumnAlign::Center => Align::Center,
                    };
                    let text = cells.get(i).map(String::as_str).unwrap_or("");
                    cell(&mut x, *w, 1, align, text, look, false);
                }
            }
            Row::Group(g) => cell(
                &mut x,
                total,
                widths.len(),
                Align::Left,
                g,
                look.bold(),
                false,
            ),
        }
        x.push_str("</w:tr>");
    }
    x.push_str("</w:tbl>");
    x
}

/// One cell; `keep` keeps its row with the next one on the page.
fn cell(x: &mut String, width: u32, span: usize, align: Align, text: &str, look: Look, keep: bool) {
    let _ = write!(x, "<w:tc><w:tcPr><w:tcW w:w=\"{width}\" w:type=\"dxa\"/>");
    if span > 1 {
        let _ = write!(x, "<w:gridSpan w:val=\"{span}\"/>");
    }
    x.push_str("<w:vAlign w:val=\"center\"/></w:tcPr>");
    let layout = Layout {
        align: Some(align),
        before: Some(20),
        after: Some(20),
        keep_next: keep,
        ..Layout::default()
    };
    let runs = if text.is_empty() {
        String::new()
    } else {
        run(text, look)
    };
    x.push_str(&paragraph(&layout, &runs));
    x.push_str("</w:tc>");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::table::Column;

    #[test]
    fn figures_keep_their_width_and_text_takes_the_rest() {
        let mut t = Table::new(
            "t",
            vec![
                Column::left("Chỉ tiêu"),
                Column::right("Cụm (tính)"),
                Column::right("% KH"),
            ],
        );
        t.push(vec![
            "tỷ lệ dịch vụ công trực tuyến mức độ 3, 4 so với tổng số thủ tục hành chính".into(),
            "140.405,6".into(),
            "72,27%".into(),
        ]);
        let widths = column_widths(&t, 4000, 12.0);
        assert_eq!(widths.iter().sum::<u32>(), 4000);
        let figure = text_width("140.405,6", 12.0, false) + 2 * CELL_PADDING;
        assert!(widths[1] >= figure, "{widths:?}");
        assert!(widths[0] > widths[1], "{widths:?}");
        // A narrow table grows to the full width.
        let mut small = Table::new("s", vec![Column::left("Tỉnh"), Column::right("Số")]);
        small.push(vec!["An Giang".into(), "7".into()]);
        let widths = column_widths(&small, 9000, 12.0);
        assert_eq!(widths.iter().sum::<u32>(), 9000);
        // ...by widening its text: a number column stays about its figures.
        assert!(widths[1] < 1000 && widths[0] > 8000, "{widths:?}");
    }
}
