//! Matrix: provinces × indicators. Moving the selection, and the indicator
//! columns scrolled by whole pages (one redraw of the columns per page,
//! not one per key). Below the provinces, the cluster's own reported
//! figures (`CLUSTER`) are a row of cells like a province's: the same
//! editor, conflicts and audit; the server lets only an admin write them.

use super::{App, Screen};
use crate::model::{CLUSTER, Kind, Province, ValueKey};
use crate::tui::action::Action;
use crate::tui::layout;

#[derive(Debug, Default)]
pub struct MatrixState {
    /// Index in the collated provinces; one past the last province is the
    /// cluster's reported row.
    pub row: usize,
    /// Indicator index.
    pub column: usize,
    /// First indicator column shown.
    pub offset: usize,
}

impl App {
    /// The selected province (None on the cluster's row).
    pub fn matrix_province(&self) -> Option<&Province> {
        self.data.provinces.get(self.matrix.row)
    }

    /// The selection is on the cluster's reported row.
    pub fn matrix_on_cluster_row(&self) -> bool {
        self.matrix.row == self.data.provinces.len()
    }

    /// The Matrix's selected cell (on the cluster's row: its `CLUSTER` figure).
    pub(super) fn matrix_key(&self) -> Option<ValueKey> {
        let unit = match self.matrix_province() {
            Some(p) => p.code.as_str(),
            None if self.matrix_on_cluster_row() => CLUSTER,
            None => return None,
        };
        let ind = self.indicator(self.matrix.column)?;
        Some(ValueKey::new(
            self.data.period,
            unit,
            &ind.code,
            Kind::Actual,
        ))
    }

    pub(super) fn open_matrix(&mut self) {
        self.open(Screen::Matrix);
    }

    pub(super) fn move_matrix(&mut self, action: Action) {
        // The provinces, then the cluster's row.
        let last_row = self.data.provinces.len();
        let cols = self.data.cluster.indicators.len();
        let m = &mut self.matrix;
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
        m.row = m.row.min(self.data.provinces.len());
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
