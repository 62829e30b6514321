//! Matrix: provinces × indicators. Moving the selection, and the indicator
//! columns scrolled by whole pages (one redraw of the columns per page,
//! not one per key).

use super::{App, Screen};
use crate::model::{Kind, Province, ValueKey};
use crate::tui::action::Action;
use crate::tui::layout;

#[derive(Debug, Default)]
pub struct MatrixState {
    /// Index in the collated provinces.
    pub row: usize,
    /// Indicator index.
    pub column: usize,
    /// First indicator column shown.
    pub offset: usize,
}

impl App {
    pub fn matrix_province(&self) -> Option<&Province> {
        self.data.provinces.get(self.matrix.row)
    }

    /// The Matrix's selected cell.
    pub(super) fn matrix_key(&self) -> Option<ValueKey> {
        let p = self.matrix_province()?;
        let ind = self.indicator(self.matrix.column)?;
        Some(ValueKey::new(
            self.data.period,
            &p.code,
            &ind.code,
            Kind::Actual,
        ))
    }

    pub(super) fn open_matrix(&mut self) {
        self.open(Screen::Matrix);
    }

    pub(super) fn move_matrix(&mut self, action: Action) {
        let rows = self.data.provinces.len();
        let cols = self.data.cluster.indicators.len();
        let m = &mut self.matrix;
        let last_row = rows.saturating_sub(1);
        let last_col = cols.saturating_sub(1);
        let page = layout::matrix_columns(self.size, m.offset, cols).max(1);
        match action {
            Action::Up => m.row = m.row.saturating_sub(1),
            Action::Down => m.row = (m.row + 1).min(last_row),
            Action::Left | Action::PrevColumn => m.column = m.column.saturating_sub(1),
            Action::Right | Action::NextColumn => m.column = (m.column + 1).min(last_col),
            Action::PageUp => m.column = m.column.saturating_sub(page),
            Action::PageDown => m.column = (m.column + page).min(last_col),
            Action::Home => m.column = 0,
            Action::End => m.column = last_col,
            _ => {}
        }
    }

    /// Show indicator `i`'s column.
    pub(super) fn matrix_go_to(&mut self, i: usize) {
        self.matrix.column = i;
    }

    /// The selection on an existing cell, and its column on screen,
    /// scrolling by whole columns.
    pub(super) fn clamp_matrix(&mut self) {
        let cols = self.data.cluster.indicators.len();
        let page = layout::matrix_columns(self.size, 0, cols).max(1);
        let m = &mut self.matrix;
        m.row = m.row.min(self.data.provinces.len().saturating_sub(1));
        m.column = m.column.min(cols.saturating_sub(1));
        if m.column < m.offset {
            // Going left past the first column shown turns a whole page
            // back (the new column last), as going right turns one forward:
            // one redraw of the columns per page, not one per key.
            m.offset = (m.column + 1).saturating_sub(page);
        }
        let visible = layout::matrix_columns(self.size, m.offset, cols).max(1);
        if m.column >= m.offset + visible {
            // Jump so the new column is the first shown (fewer full redraws),
            // but keep the last page full: End shows the last five columns,
            // not the last one alone.
            m.offset = m.column.min(cols.saturating_sub(page));
        }
    }
}
