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
}

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
        }
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
    fn markdown_escapes_pipes_and_marks_groups() {
        let mut t = Table::new("x", vec![Column::left("a|b"), Column::right("c")]);
        t.group("G");
        assert_eq!(t.to_markdown(), "| a\\|b | c |\n|---|---:|\n| **G** | |\n");
    }
}
