//! Paste from Excel (a bracketed paste, as PuTTY and Windows Terminal
//! send it) on a cell of Entry or the Matrix: a column of figures fills
//! down from the selected cell, a tab-separated block fills the block
//! (rows down, columns right). Each figure is read by the rules of typing
//! (`typed`), empty cells are skipped; the whole paste is checked first
//! and refused whole, naming the first bad cell (its row, column and
//! text in the copied block); a paste taller or wider than the cells left,
//! or reaching a cell the officer may not write, is refused too. It is
//! saved as one batch checked against the figures seen (one Ctrl+Z undoes
//! it); cells whose value another officer changed meanwhile refuse it,
//! naming who, and a second Enter writes it over theirs. Cells where they
//! changed only a mark or the comment take the pasted value on their
//! figure, keeping those (the batch is checked again against it). One
//! line without a tab is one figure, typed into the cell as before.
//!
//! Figures the plausibility checks doubt (a `2,353` that may mean 2353
//! among them) are listed in one question before anything is written:
//! Enter pastes the whole block, the doubted cells audited as confirmed;
//! Esc pastes nothing.

use super::cell_edit::Pending;
use super::typed::{self, Bad};
use super::{App, EntryColumn, EntryRow, Level, Screen};
use crate::model::ValueKey;
use crate::store::StoreError;
use crate::tui::clock;
use crate::tui::session::{CellWrite, SessionError};

/// A paste refused because cells changed since it was checked: what Enter
/// would write over them, and the question asked.
#[derive(Debug, Clone, PartialEq)]
pub struct Refused {
    pub writes: Vec<CellWrite>,
    pub question: String,
}

/// Whether pasted text is a block of cells (several lines, or a tab)
/// rather than one figure.
pub fn is_block(text: &str) -> bool {
    let body = text.trim_end_matches(['\r', '\n']);
    body.contains(['\r', '\n', '\t'])
}

/// The copied block: its rows (Excel ends each with CRLF; a lone CR or LF
/// too), each row's cells (tab-separated), trailing empty rows and cells
/// dropped.
fn block(text: &str) -> Vec<Vec<String>> {
    let normalised = text.replace("\r\n", "\n").replace('\r', "\n");
    let mut rows: Vec<Vec<String>> = normalised
        .split('\n')
        .map(|line| {
            let mut cells: Vec<String> = line
                .split('\t')
                .map(|c| crate::tui::vn::clean(c).trim().to_string())
                .collect();
            while cells.last().is_some_and(String::is_empty) {
                cells.pop();
            }
            cells
        })
        .collect();
    while rows.last().is_some_and(Vec::is_empty) {
        rows.pop();
    }
    rows
}

impl App {
    /// A paste on a cell, between edits.
    pub(super) fn paste(&mut self, text: &str) {
        if !is_block(text) {
            // One figure: typed into the cell (replacing what it holds).
            self.start_edit_with_text(text);
            return;
        }
        let rows = block(text);
        if rows.is_empty() {
            return;
        }
        match self.check_paste(&rows) {
            Ok((writes, doubts)) if doubts.is_empty() => self.write_paste(writes),
            Ok((writes, doubts)) => self.ask_paste_doubts(writes, &doubts),
            Err(why) => self.say(Level::Error, format!("Không dán gì: {why}")),
        }
    }

    /// Where each cell of a `rows` × `cols` block starting at the
    /// selection lands, row by row; the refusal when it does not fit.
    fn paste_targets(&self, rows: usize, cols: usize) -> Result<Vec<Vec<ValueKey>>, String> {
        let mut out = Vec::with_capacity(rows);
        match self.screen {
            Screen::Matrix => {
                let (row, col) = (self.matrix.row, self.matrix.column);
                let provinces = self.data.provinces.len().saturating_sub(row);
                let indicators = self.data.cluster.indicators.len().saturating_sub(col);
                fits(rows, provinces, cols, indicators, "tỉnh", "chỉ tiêu")?;
                for p in &self.data.provinces[row..row + rows] {
                    let keys = self.data.cluster.indicators[col..col + cols]
                        .iter()
                        .map(|ind| {
                            ValueKey::new(
                                self.data.period,
                                &p.code,
                                &ind.code,
                                crate::model::Kind::Actual,
                            )
                        })
                        .collect();
                    out.push(keys);
                }
            }
            Screen::Entry => {
                let indicators: Vec<usize> = self.entry.rows[self.entry.row..]
                    .iter()
                    .filter_map(|r| match r {
                        EntryRow::Indicator(i) => Some(*i),
                        EntryRow::Group(_) => None,
                    })
                    .collect();
                let first = EntryColumn::ORDER
                    .iter()
                    .position(|c| *c == self.entry.column)
                    .unwrap_or(0);
                let columns = &EntryColumn::ORDER[first..];
                fits(
                    rows,
                    indicators.len(),
                    cols,
                    columns.len(),
                    "chỉ tiêu",
                    "cột nhập",
                )?;
                for &i in &indicators[..rows] {
                    let Some(ind) = self.indicator(i) else {
                        continue;
                    };
                    let keys = columns[..cols]
                        .iter()
                        .map(|c| self.entry_key(ind, *c))
                        .collect::<Option<Vec<_>>>()
                        .ok_or("kỳ này không có cột cùng kỳ năm trước để dán vào")?;
                    out.push(keys);
                }
            }
            _ => return Err("chỉ dán được vào Nhập liệu hoặc Bảng tổng hợp".into()),
        }
        Ok(out)
    }

    /// The whole paste checked: the writes it makes and the doubts of
    /// its figures (`dòng 1, cột 2: …`), or why none is made (the first
    /// bad cell named by its row and column in the block).
    fn check_paste(&self, rows: &[Vec<String>]) -> Result<(Vec<CellWrite>, Vec<String>), String> {
        let cols = rows.iter().map(Vec::len).max().unwrap_or(0);
        let targets = self.paste_targets(rows.len(), cols)?;
        let mut writes = Vec::new();
        let mut doubts = Vec::new();
        for (r, (cells, keys)) in rows.iter().zip(&targets).enumerate() {
            for (c, (text, key)) in cells.iter().zip(keys).enumerate() {
                if text.is_empty() {
                    continue;
                }
                let at = format!("dòng {}, cột {}", r + 1, c + 1);
                self.data
                    .may_write(key)
                    .map_err(|why| format!("{at}: {why}"))?;
                let ind = self
                    .data
                    .cluster
                    .indicator(&key.indicator)
                    .ok_or_else(|| format!("{at}: không có chỉ tiêu {}", key.indicator))?;
                let reading = typed::read(ind, key.kind, text).map_err(|bad| match bad {
                    Bad::Number(why) => format!("{at}: {why}"),
                    Bad::Rule(why) => format!("{at} «{text}»: {why}"),
                })?;
                let seen = self.data.figure(key).cloned();
                let why = if seen.as_ref().map(|f| f.value) == Some(reading.value) {
                    Vec::new()
                } else {
                    self.doubt_sentences(key, reading.value, Some(text))
                };
                for sentence in &why {
                    doubts.push(format!("{at}: {sentence}"));
                }
                writes.push(CellWrite {
                    typed: reading.typed,
                    confirmed: !why.is_empty(),
                    ..CellWrite::new(key.clone(), Some(reading.value), seen)
                });
            }
        }
        Ok((writes, doubts))
    }

    /// Figures of the paste look implausible: list them and ask once
    /// (the writes of the doubted cells are marked confirmed already, and
    /// saved only if Enter answers).
    fn ask_paste_doubts(&mut self, writes: Vec<CellWrite>, doubts: &[String]) {
        let question = format!(
            "{} số bất thường · Enter: vẫn dán · Esc: không dán · {}",
            doubts.len(),
            doubts.join(" · ")
        );
        self.pending = Some(Pending::PasteDoubts(Refused { writes, question }));
    }

    pub(super) fn answer_paste_doubts(&mut self, yes: bool, doubted: Refused) {
        if yes {
            self.write_paste(doubted.writes);
        } else {
            self.say(Level::Info, "Không dán gì");
        }
    }

    fn write_paste(&mut self, writes: Vec<CellWrite>) {
        let total = writes.len();
        let mut writes = writes;
        let mut result = self.data.commit_batch(writes.clone());
        if matches!(
            result,
            Err(SessionError::Store(StoreError::Conflict { .. }))
        ) {
            // The figures now show what is stored. Where no pasted cell's
            // value changed (only marks or comments did), the paste goes
            // on their figures once more, keeping those.
            let values_changed = writes.iter().any(|w| {
                self.data.figure(&w.key).map(|f| f.value) != w.seen.as_ref().map(|f| f.value)
            });
            if !values_changed {
                for w in &mut writes {
                    w.seen = self.data.figure(&w.key).cloned();
                }
                result = self.data.commit_batch(writes.clone());
            }
        }
        match result {
            Ok(0) => self.say(
                Level::Info,
                format!("Đã dán {total} ô: không có gì thay đổi"),
            ),
            Ok(n) => self.say(
                Level::Saved,
                format!("Đã dán {n} ô (Ctrl+Z hoàn tác cả khối)"),
            ),
            Err(SessionError::Store(StoreError::Conflict { by, at_ms, .. })) => {
                self.ask_paste_over(writes, &by, at_ms)
            }
            Err(e) => self.say(Level::Error, format!("Không dán gì: {e}")),
        }
    }

    /// Cells of the paste changed since it was checked: ask before
    /// writing over them (the figures now show theirs). A cell whose value
    /// is still the one seen is checked against their figure and keeps its
    /// marks and comment, without counting as overwritten.
    fn ask_paste_over(&mut self, writes: Vec<CellWrite>, by: &str, at_ms: i64) {
        let mut changed = 0;
        let writes: Vec<CellWrite> = writes
            .into_iter()
            .map(|mut w| {
                let now = self.data.figure(&w.key).cloned();
                let value = |f: &Option<crate::model::Figure>| f.as_ref().map(|f| f.value);
                if now != w.seen {
                    changed += 1;
                }
                if value(&now) != value(&w.seen) {
                    w.overwrite = true;
                }
                w.seen = now;
                w
            })
            .collect();
        let when = if at_ms == 0 {
            String::new()
        } else {
            format!(" lúc {}", clock::time_of_day(at_ms))
        };
        let question = format!(
            "Chưa dán: {by} vừa sửa {changed} ô trong vùng dán{when} · Enter: dán đè · Esc: thôi"
        );
        self.pending = Some(Pending::Paste(Refused { writes, question }));
    }

    pub(super) fn answer_paste(&mut self, yes: bool, refused: Refused) {
        if yes {
            self.write_paste(refused.writes);
        } else {
            self.say(Level::Info, "Không dán: giữ số đang lưu");
        }
    }
}

/// A block of `rows` × `cols` fits in `rows_left` × `cols_left`, or the
/// refusal naming what is short.
fn fits(
    rows: usize,
    rows_left: usize,
    cols: usize,
    cols_left: usize,
    row_name: &str,
    col_name: &str,
) -> Result<(), String> {
    if rows > rows_left {
        return Err(format!(
            "vùng dán có {rows} dòng, từ ô này xuống chỉ còn {rows_left} {row_name}"
        ));
    }
    if cols > cols_left {
        return Err(format!(
            "vùng dán có {cols} cột, từ ô này sang phải chỉ còn {cols_left} {col_name}"
        ));
    }
    Ok(())
}
