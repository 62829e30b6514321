//! A plain table of text, the form in which the scoring engine hands a
//! sheet, a ranking or the minutes to whoever prints them (the report
//! writers align it by display width, a CSV writer writes it as is).

/// A titled table: a header, rows of cells, which columns hold numbers
/// (aligned right), and notes printed under it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TextTable {
    pub title: String,
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
    pub numeric: Vec<bool>,
    pub notes: Vec<String>,
}

impl TextTable {
    /// A table with `columns` as (header, numeric).
    pub fn new(title: impl Into<String>, columns: &[(&str, bool)]) -> Self {
        TextTable {
            title: title.into(),
            header: columns.iter().map(|(h, _)| h.to_string()).collect(),
            numeric: columns.iter().map(|(_, n)| *n).collect(),
            rows: Vec::new(),
            notes: Vec::new(),
        }
    }

    pub fn push(&mut self, row: Vec<String>) {
        self.rows.push(row);
    }

    /// The cell under `header` in row `row`, if both exist (for tests and
    /// for writers that pick columns).
    pub fn cell(&self, row: usize, header: &str) -> Option<&str> {
        let col = self.header.iter().position(|h| h == header)?;
        self.rows.get(row)?.get(col).map(String::as_str)
    }
}
