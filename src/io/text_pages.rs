//! A report table as aligned text that fits a portrait A4 page in a
//! monospace font (at most [`PAGE_COLUMNS`] columns). A table too wide is
//! split into parts that each repeat its name columns; long names and
//! other text wrap onto more lines within their column; figures are never
//! cut or wrapped. Every line of a part has the same display width.

use super::table::{Column, Row, Table};
use crate::text::width::{Align, pad, width};

/// Columns of a portrait A4 page in a 10-pitch monospace font with the
/// usual margins.
pub const PAGE_COLUMNS: usize = 90;

/// Text columns wrap to at most this many columns when the table is split
/// (a name wider than this becomes two or three lines).
const TEXT_WRAP: usize = 34;

const GAP: &str = "  ";

/// The parts of `table`, each as lines of text at most `max` columns wide.
pub fn parts(table: &Table, max: usize) -> Vec<String> {
    let natural = table.widths();
    let total: usize = natural.iter().sum::<usize>() + GAP.len() * natural.len().saturating_sub(1);
    if total <= max {
        return vec![render(
            table,
            &(0..natural.len()).collect::<Vec<_>>(),
            &natural,
        )];
    }
    let key = key_columns(&table.columns);
    // Text may wrap; figures keep their width.
    let wrapped: Vec<usize> = table
        .columns
        .iter()
        .zip(&natural)
        .enumerate()
        .map(|(i, (c, &w))| match c.align {
            Align::Left => w.min(TEXT_WRAP).max(longest_word(table, i)),
            _ => w,
        })
        .collect();
    // The name column as wide as it can be without adding a part.
    let mut widths = wrapped.clone();
    let mut groups = split(&widths, &key, max);
    if let Some(&name) = key.last() {
        for w in (wrapped[name] + 1..=natural[name]).rev() {
            let mut wider = wrapped.clone();
            wider[name] = w;
            let g = split(&wider, &key, max);
            let fits = g.iter().all(|part| {
                let cols = key.iter().chain(part);
                cols.clone().map(|&i| wider[i]).sum::<usize>()
                    + GAP.len() * cols.count().saturating_sub(1)
                    <= max
            });
            if fits && g.len() <= groups.len() {
                widths = wider;
                groups = g;
                break;
            }
        }
    }
    groups
        .into_iter()
        .map(|g| {
            let cols: Vec<usize> = key.iter().copied().chain(g).collect();
            render(table, &cols, &widths)
        })
        .collect()
}

/// The other columns in parts, in order, each part as full as fits.
fn split(widths: &[usize], key: &[usize], max: usize) -> Vec<Vec<usize>> {
    let key_width: usize = key.iter().map(|&i| widths[i] + GAP.len()).sum();
    let room = max.saturating_sub(key_width).max(1);
    let mut groups: Vec<Vec<usize>> = Vec::new();
    let mut used = 0;
    for i in (0..widths.len()).filter(|i| !key.contains(i)) {
        let need = widths[i] + GAP.len();
        match groups.last_mut() {
            Some(g) if used + need <= room + GAP.len() => {
                g.push(i);
                used += need;
            }
            _ => {
                groups.push(vec![i]);
                used = need;
            }
        }
    }
    if groups.is_empty() {
        groups.push(Vec::new());
    }
    groups
}

/// The columns every part repeats: up to and including the first
/// left-aligned one (the rank and the province, or the indicator's name).
fn key_columns(columns: &[Column]) -> Vec<usize> {
    match columns.iter().position(|c| c.align == Align::Left) {
        Some(i) => (0..=i).collect(),
        None => Vec::new(),
    }
}

/// The widest single word in a column (header or cell): text wraps at
/// spaces and no word is broken unless it alone is wider than the page.
fn longest_word(table: &Table, index: usize) -> usize {
    let mut texts: Vec<&str> = vec![table.columns[index].header.as_str()];
    for row in &table.rows {
        if let Row::Cells(c) = row
            && let Some(cell) = c.get(index)
        {
            texts.push(cell);
        }
    }
    texts
        .iter()
        .flat_map(|t| t.split_whitespace())
        .map(width)
        .max()
        .unwrap_or(0)
        .min(TEXT_WRAP)
}

/// Lines of `text` at most `w` columns, broken at spaces (a word wider
/// than `w` is broken between graphemes). Never empty.
pub fn wrap(text: &str, w: usize) -> Vec<String> {
    use unicode_segmentation::UnicodeSegmentation;
    let w = w.max(1);
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let mut word = word.to_string();
        loop {
            let lw = width(&line);
            let ww = width(&word);
            if lw == 0 && ww <= w {
                line = word;
                break;
            }
            if lw > 0 && lw + 1 + ww <= w {
                line.push(' ');
                line.push_str(&word);
                break;
            }
            if lw > 0 {
                lines.push(std::mem::take(&mut line));
                continue;
            }
            // A word wider than the column: break it.
            let mut head = String::new();
            let mut rest = String::new();
            for g in word.graphemes(true) {
                if rest.is_empty() && width(&head) + width(g) <= w {
                    head.push_str(g);
                } else {
                    rest.push_str(g);
                }
            }
            lines.push(head);
            word = rest;
        }
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

fn render(table: &Table, cols: &[usize], widths: &[usize]) -> String {
    let total: usize =
        cols.iter().map(|&i| widths[i]).sum::<usize>() + GAP.len() * cols.len().saturating_sub(1);
    let mut out = String::new();
    let header: Vec<String> = cols
        .iter()
        .map(|&i| table.columns[i].header.clone())
        .collect();
    push_row(&mut out, table, cols, widths, &header);
    out.push_str(&"-".repeat(total));
    out.push('\n');
    for row in &table.rows {
        match row {
            Row::Cells(c) => {
                let cells: Vec<String> = cols
                    .iter()
                    .map(|&i| c.get(i).cloned().unwrap_or_default())
                    .collect();
                push_row(&mut out, table, cols, widths, &cells);
            }
            Row::Group(g) => {
                for line in wrap(g, total) {
                    out.push_str(&pad(&line, total, Align::Left));
                    out.push('\n');
                }
            }
        }
    }
    out
}

/// One row, its text cells wrapped onto as many lines as the longest needs.
fn push_row(out: &mut String, table: &Table, cols: &[usize], widths: &[usize], cells: &[String]) {
    let flat = |s: &str| -> String {
        s.chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect()
    };
    let wrapped: Vec<Vec<String>> = cols
        .iter()
        .zip(cells)
        .map(|(&i, cell)| {
            let cell = flat(cell);
            if table.columns[i].align == Align::Left && width(&cell) > widths[i] {
                wrap(&cell, widths[i])
            } else {
                vec![cell]
            }
        })
        .collect();
    let height = wrapped.iter().map(Vec::len).max().unwrap_or(1);
    for line in 0..height {
        let text: Vec<String> = cols
            .iter()
            .zip(&wrapped)
            .map(|(&i, lines)| {
                let s = lines.get(line).map(String::as_str).unwrap_or("");
                pad(s, widths[i], table.columns[i].align)
            })
            .collect();
        out.push_str(&text.join(GAP));
        out.push('\n');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wide() -> Table {
        let mut columns = vec![Column::left("Chỉ tiêu")];
        for i in 0..8 {
            columns.push(Column::right(&format!("Cột số {i}")));
        }
        let mut t = Table::new("t", columns);
        t.group("Kinh tế");
        let mut cells = vec![
            "Tỷ lệ dịch vụ công trực tuyến mức độ 3, 4 so với tổng số thủ tục hành chính"
                .to_string(),
        ];
        cells.extend((0..8).map(|i| format!("{i}.234.567,89")));
        t.push(cells);
        t
    }

    #[test]
    fn a_wide_table_splits_into_parts_that_repeat_the_name_and_keep_figures_whole() {
        let t = wide();
        let parts = parts(&t, 90);
        assert!(parts.len() >= 2, "{parts:?}");
        for part in &parts {
            let lines: Vec<&str> = part.lines().collect();
            let w = width(lines[0]);
            assert!(w <= 90, "{part}");
            for l in &lines {
                assert_eq!(width(l), w, "{l:?}");
            }
            assert!(lines[0].starts_with("Chỉ tiêu"));
            assert!(part.contains("Tỷ lệ dịch vụ công"));
        }
        let all = parts.concat();
        for i in 0..8 {
            assert!(all.contains(&format!("{i}.234.567,89")), "figure {i} cut");
        }
        // The long name wrapped, none of its words lost.
        let first = &parts[0];
        for word in ["thủ", "tục", "hành", "chính"] {
            assert!(first.contains(word), "{first}");
        }
    }

    #[test]
    fn a_narrow_table_is_one_part_as_before() {
        let mut t = Table::new("t", vec![Column::left("Tỉnh"), Column::right("Số")]);
        t.push(vec!["Đồng Tháp".into(), "97".into()]);
        assert_eq!(parts(&t, 90), vec![t.to_text()]);
    }

    #[test]
    fn wrap_breaks_at_spaces_and_long_words() {
        assert_eq!(wrap("một hai ba", 7), vec!["một hai", "ba"]);
        assert_eq!(wrap("abcdefghij", 4), vec!["abcd", "efgh", "ij"]);
        assert_eq!(wrap("", 4), vec![""]);
    }
}
