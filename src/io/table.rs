//! A table as the review screens and reports show it: a title, columns with
//! their alignment, and rows of text cells (group headings in between).
//! The same value renders on screen, as TSV for the clipboard, and as
//! Markdown, aligned text or CSV in `thidua report`, so what is copied or
//! printed is exactly what was on screen.

use crate::text::width::{Align, pad, width};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    pub header: String,
    pub align: Align,
}

impl Column {
    pub fn left(header: &str) -> Self {
        Column {
            header: header.to_string(),
            align: Align::Left,
        }
    }

    pub fn right(header: &str) -> Self {
        Column {
            header: header.to_string(),
            align: Align::Right,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Row {
    /// One cell per column.
    Cells(Vec<String>),
    /// A group heading spanning the table (e.g. "Ngân sách").
    Group(String),
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Table {
    pub title: String,
    pub columns: Vec<Column>,
    pub rows: Vec<Row>,
    /// Lines printed under the table (legend, method); not part of the TSV.
    pub notes: Vec<String>,
    /// What qualifies figures of the table (ước đạt, trên, khoảng, a
    /// comment): a report marks their cells `[1]`, `[2]` … and lists them
    /// under the table ([`Table::marked`], [`Table::footnote_lines`]).
    /// Screens and the TSV leave them out.
    pub footnotes: Vec<Footnote>,
}

/// What one cell's figure carries besides its value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Footnote {
    /// Index in [`Table::rows`] and in [`Table::columns`].
    pub row: usize,
    pub column: usize,
    /// In Vietnamese: `ước đạt; ghi chú: …`.
    pub text: String,
}

/// The mark of the `i`-th footnote (0-based) in a cell: `[1]`.
pub fn footnote_mark(i: usize) -> String {
    format!("[{}]", i + 1)
}

/// The heading of a table's footnote list.
pub const FOOTNOTES_HEADING: &str = "Chú thích số liệu:";

/// A cell as one line of plain text: tabs and line breaks would break TSV,
/// CSV and alignment.
fn flat(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

impl Table {
    pub fn new(title: impl Into<String>, columns: Vec<Column>) -> Self {
        Table {
            title: title.into(),
            columns,
            rows: Vec::new(),
            notes: Vec::new(),
            footnotes: Vec::new(),
        }
    }

    /// Say `text` of the figure in `column` of the last row pushed; said
    /// twice of one cell, the texts are joined.
    pub fn footnote(&mut self, column: usize, text: String) {
        let Some(row) = self.rows.len().checked_sub(1) else {
            return;
        };
        match self
            .footnotes
            .iter_mut()
            .find(|f| f.row == row && f.column == column)
        {
            Some(f) => {
                f.text.push_str("; ");
                f.text.push_str(&text);
            }
            None => self.footnotes.push(Footnote { row, column, text }),
        }
    }

    /// The mark index of each footnote, in reading order (row, then column).
    fn ordered_footnotes(&self) -> Vec<&Footnote> {
        let mut notes: Vec<&Footnote> = self.footnotes.iter().collect();
        notes.sort_by_key(|f| (f.row, f.column));
        notes
    }

    /// The cells (row, column) of the footnotes, in the order of their
    /// marks and of [`Table::footnote_lines`].
    pub fn footnote_cells(&self) -> Vec<(usize, usize)> {
        self.ordered_footnotes()
            .iter()
            .map(|f| (f.row, f.column))
            .collect()
    }

    /// The marks of the footnotes in row `row`, each with its column.
    pub fn marks_in_row(&self, row: usize) -> Vec<(usize, String)> {
        self.ordered_footnotes()
            .iter()
            .enumerate()
            .filter(|(_, f)| f.row == row)
            .map(|(i, f)| (f.column, footnote_mark(i)))
            .collect()
    }

    /// The table as a report prints it: each footnoted cell followed by
    /// its mark (`2.550 [1]`).
    pub fn marked(&self) -> Table {
        let mut t = self.clone();
        for (i, f) in self.ordered_footnotes().iter().enumerate() {
            if let Some(Row::Cells(cells)) = t.rows.get_mut(f.row)
                && let Some(cell) = cells.get_mut(f.column)
            {
                if !cell.is_empty() {
                    cell.push(' ');
                }
                cell.push_str(&footnote_mark(i));
            }
        }
        t
    }

    /// The footnote list under the table, one line per mark: `[1] Hậu
    /// Giang, cột Giá trị (2.550): ước đạt`. The row is named by its first
    /// text cell other than the marked one.
    pub fn footnote_lines(&self) -> Vec<String> {
        self.ordered_footnotes()
            .iter()
            .enumerate()
            .map(|(i, f)| {
                let cells = match self.rows.get(f.row) {
                    Some(Row::Cells(c)) => c.as_slice(),
                    _ => &[],
                };
                let label = self
                    .columns
                    .iter()
                    .enumerate()
                    .find(|(c, col)| *c != f.column && col.align == Align::Left)
                    .and_then(|(c, _)| cells.get(c))
                    .map(|s| flat(s))
                    .unwrap_or_default();
                let header = self
                    .columns
                    .get(f.column)
                    .map(|c| flat(&c.header))
                    .unwrap_or_default();
                let cell = cells.get(f.column).map(|s| flat(s)).unwrap_or_default();
                let mut line = footnote_mark(i);
                line.push(' ');
                if !label.is_empty() {
                    line.push_str(&label);
                    line.push_str(", ");
                }
                line.push_str(&format!("cột {header}"));
                if !cell.is_empty() {
                    line.push_str(&format!(" ({cell})"));
                }
                line.push_str(": ");
                line.push_str(&flat(&f.text));
                line
            })
            .collect()
    }

    pub fn push(&mut self, cells: Vec<String>) {
        self.rows.push(Row::Cells(cells));
    }

    pub fn group(&mut self, name: &str) {
        self.rows.push(Row::Group(name.to_string()));
    }

    /// Rows of cells only (group headings left out), e.g. for counting.
    pub fn data_rows(&self) -> usize {
        self.rows
            .iter()
            .filter(|r| matches!(r, Row::Cells(_)))
            .count()
    }

    fn cells<'a>(&'a self, row: &'a Row) -> Vec<String> {
        match row {
            Row::Cells(c) => (0..self.columns.len())
                .map(|i| flat(c.get(i).map(String::as_str).unwrap_or("")))
                .collect(),
            Row::Group(g) => {
                let mut v = vec![String::new(); self.columns.len().max(1)];
                v[0] = flat(g);
                v
            }
        }
    }

    /// Tab-separated, header first, one line per row (what Excel and Word
    /// paste as a table). Group headings are a row with only the first cell.
    pub fn to_tsv(&self) -> String {
        let mut out = String::new();
        let header: Vec<String> = self.columns.iter().map(|c| flat(&c.header)).collect();
        out.push_str(&header.join("\t"));
        out.push('\n');
        for row in &self.rows {
            out.push_str(&self.cells(row).join("\t"));
            out.push('\n');
        }
        out
    }

    /// Column widths for aligned text: the widest cell or header.
    pub fn widths(&self) -> Vec<usize> {
        let mut w: Vec<usize> = self.columns.iter().map(|c| width(&c.header)).collect();
        for row in &self.rows {
            if let Row::Cells(_) = row {
                for (i, cell) in self.cells(row).iter().enumerate() {
                    w[i] = w[i].max(width(cell));
                }
            }
        }
        w
    }

    /// Aligned by display width with two spaces between columns; every line
    /// of the table (header, rule, rows, headings) has the same width.
    pub fn to_text(&self) -> String {
        let widths = self.widths();
        let total: usize = widths.iter().sum::<usize>() + 2 * widths.len().saturating_sub(1);
        let line = |cells: &[String]| -> String {
            cells
                .iter()
                .zip(&self.columns)
                .zip(&widths)
                .map(|((c, col), w)| pad(c, *w, col.align))
                .collect::<Vec<String>>()
                .join("  ")
        };
        let mut out = String::new();
        let header: Vec<String> = self.columns.iter().map(|c| flat(&c.header)).collect();
        out.push_str(&line(&header));
        out.push('\n');
        out.push_str(&"-".repeat(total));
        out.push('\n');
        for row in &self.rows {
            match row {
                Row::Cells(_) => out.push_str(&line(&self.cells(row))),
                Row::Group(g) => out.push_str(&pad(&flat(g), total, Align::Left)),
            }
            out.push('\n');
        }
        out
    }

    pub fn to_markdown(&self) -> String {
        let esc = |s: &str| flat(s).replace('|', "\\|");
        let mut out = String::from("|");
        for c in &self.columns {
            out.push_str(&format!(" {} |", esc(&c.header)));
        }
        out.push_str("\n|");
        for c in &self.columns {
            out.push_str(match c.align {
                Align::Left => "---|",
                Align::Right => "---:|",
                Align::Center => ":---:|",
            });
        }
        out.push('\n');
        for row in &self.rows {
            out.push('|');
            match row {
                Row::Cells(_) => {
                    for c in self.cells(row) {
                        if c.is_empty() {
                            out.push_str(" |");
                        } else {
                            out.push_str(&format!(" {} |", esc(&c)));
                        }
                    }
                }
                Row::Group(g) => {
                    out.push_str(&format!(" **{}** |", esc(g)));
                    for _ in 1..self.columns.len() {
                        out.push_str(" |");
                    }
                }
            }
            out.push('\n');
        }
        out
    }

    /// CSV records (header first) written to `w`.
    pub fn write_csv<W: std::io::Write>(&self, w: &mut csv::Writer<W>) -> csv::Result<()> {
        let header: Vec<String> = self.columns.iter().map(|c| flat(&c.header)).collect();
        w.write_record(&header)?;
        for row in &self.rows {
            w.write_record(self.cells(row))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Table {
        let mut t = Table::new("Mẫu", vec![Column::left("Tỉnh"), Column::right("Giá trị")]);
        t.group("Ngân sách");
        t.push(vec!["Đồng Tháp".into(), "1.234,5".into()]);
        t.push(vec!["An\tGiang".into(), "7".into()]);
        t
    }

    #[test]
    fn tsv_has_header_and_flattened_cells() {
        assert_eq!(
            sample().to_tsv(),
            "Tỉnh\tGiá trị\nNgân sách\t\nĐồng Tháp\t1.234,5\nAn Giang\t7\n"
        );
    }

    #[test]
    fn text_lines_share_one_width() {
        let text = sample().to_text();
        assert_eq!(
            text,
            "Tỉnh       Giá trị\n\
             ------------------\n\
             Ngân sách         \n\
             Đồng Tháp  1.234,5\n\
             An Giang         7\n"
        );
    }

    #[test]
    fn footnotes_mark_their_cells_and_are_listed_in_reading_order() {
        let mut t = sample();
        t.push(vec!["Hậu Giang".into(), "2.550".into()]);
        t.footnote(1, "ước đạt".into());
        t.footnote(1, "ghi chú: theo báo cáo tháng 5".into());
        t.rows.insert(1, Row::Group("Xuất khẩu".into()));
        for f in &mut t.footnotes {
            f.row += 1;
        }
        t.footnotes.push(Footnote {
            row: 2,
            column: 1,
            text: "khoảng".into(),
        });
        let marked = t.marked();
        assert_eq!(
            marked.rows[2],
            Row::Cells(vec!["Đồng Tháp".into(), "1.234,5 [1]".into()])
        );
        assert_eq!(
            marked.rows[4],
            Row::Cells(vec!["Hậu Giang".into(), "2.550 [2]".into()])
        );
        assert_eq!(
            t.footnote_lines(),
            [
                "[1] Đồng Tháp, cột Giá trị (1.234,5): khoảng",
                "[2] Hậu Giang, cột Giá trị (2.550): ước đạt; ghi chú: theo báo cáo tháng 5",
            ]
        );
        assert_eq!(t.marks_in_row(4), [(1, "[2]".to_string())]);
        // Screens and the clipboard show the figures only.
        assert_eq!(t.to_tsv(), sample_with_hau_giang_tsv());
    }

    fn sample_with_hau_giang_tsv() -> String {
        "Tỉnh\tGiá trị\nNgân sách\t\nXuất khẩu\t\nĐồng Tháp\t1.234,5\nAn Giang\t7\nHậu Giang\t2.550\n"
            .to_string()
    }

    #[test]
    fn markdown_escapes_pipes_and_marks_groups() {
        let mut t = Table::new("x", vec![Column::left("a|b"), Column::right("c")]);
        t.group("G");
        assert_eq!(t.to_markdown(), "| a\\|b | c |\n|---|---:|\n| **G** | |\n");
    }
}
