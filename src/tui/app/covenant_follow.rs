//! Following the period's covenant: going to a period reads that year's
//! cluster (members, criteria, names and units) and the figures the
//! period shows; another admin's change of the covenant reads the cluster
//! again. Whenever the cluster changes, every screen keeps its place on
//! the same unit and criterion where they still exist.
//!
//! In the run loop the figures of a period not read yet are read after a
//! frame that says so (`loading`), never behind a frozen screen; an `App`
//! built for tests and benchmarks reads them at once.

use super::{App, EntryRow, Level};
use crate::model::Period;
use crate::tui::labels::IndicatorLabels;

/// Where the screens stood, by code, to find again in a changed cluster.
pub(super) struct Places {
    entry_indicator: Option<String>,
    matrix_province: Option<String>,
    matrix_on_cluster_row: bool,
    matrix_indicator: Option<String>,
}

impl App {
    /// The run loop reads figures itself, after drawing the progress line
    /// (see [`App::loading`] and [`App::finish_loading`]).
    pub fn defer_loading(mut self) -> Self {
        self.defer_loads = true;
        self
    }

    /// The period whose figures are being read, while the screen waits
    /// for them: the one-line progress names it.
    pub fn loading(&self) -> Option<Period> {
        self.data.unread()
    }

    /// Read the figures the current period shows that are not read yet;
    /// a failure is said on the status line (the screen stays, empty).
    pub fn finish_loading(&mut self) {
        if self.data.unread().is_none() {
            return;
        }
        if let Err(e) = self.data.load_shown() {
            let shown = self.data.period;
            self.say(
                Level::Error,
                format!("Không đọc được số liệu kỳ {shown}: {e}"),
            );
        }
        self.clamp();
    }

    /// Go to `period`: its year's cluster, then its figures (at once, or
    /// after the progress frame in the run loop).
    pub(super) fn go_to_period(&mut self, period: Period) {
        if self.data.period == period {
            return;
        }
        let before = self.places();
        match self.data.set_period(period) {
            Ok(changed) => {
                if changed {
                    self.cluster_changed(before);
                }
            }
            Err(e) => {
                self.say(
                    Level::Error,
                    format!("Không đọc được giao ước của kỳ {period}: {e}"),
                );
                return;
            }
        }
        self.say(Level::Info, format!("Kỳ {period}"));
        if !self.defer_loads {
            self.finish_loading();
        }
    }

    /// Another admin changed the covenant: read the period's cluster again
    /// and keep the places.
    pub(super) fn covenant_changed(&mut self) {
        if self.screen == super::Screen::Covenant {
            self.reload_covenant();
        }
        let before = self.places();
        match self.data.reread_cluster() {
            Ok(true) => {
                self.cluster_changed(before);
                self.say(Level::Info, "Giao ước vừa được sửa; đã đọc lại");
            }
            Ok(false) => {}
            Err(e) => self.say(Level::Error, format!("Không đọc lại được giao ước: {e}")),
        }
    }

    pub(super) fn places(&self) -> Places {
        let entry_indicator = match self.entry.rows.get(self.entry.row) {
            Some(EntryRow::Indicator(i)) => self.indicator(*i).map(|i| i.code.clone()),
            _ => None,
        };
        Places {
            entry_indicator,
            matrix_province: self.matrix_province().map(|p| p.code.clone()),
            matrix_on_cluster_row: self.matrix_on_cluster_row(),
            matrix_indicator: self.indicator(self.matrix.column).map(|i| i.code.clone()),
        }
    }

    /// The cluster shown changed: labels and rows again, the places kept
    /// by code where they still exist.
    pub(super) fn cluster_changed(&mut self, before: Places) {
        let cluster = &self.data.cluster;
        self.labels = IndicatorLabels::new(cluster.indicators.iter().map(|i| i.name.clone()));
        let index_of = |code: &Option<String>| {
            code.as_ref()
                .and_then(|c| cluster.indicators.iter().position(|i| &i.code == c))
        };
        let entry_indicator = index_of(&before.entry_indicator);
        let matrix_indicator = index_of(&before.matrix_indicator);
        self.entry.rebuild(&self.data);
        if let Some(i) = entry_indicator
            && let Some(row) = self
                .entry
                .rows
                .iter()
                .position(|r| *r == EntryRow::Indicator(i))
        {
            self.entry.row = row;
        }
        if self.data.cluster.province(&self.entry.province).is_none() {
            self.entry.province = self
                .data
                .provinces
                .first()
                .map(|p| p.code.clone())
                .unwrap_or_default();
        }
        if let Some(row) = before
            .matrix_province
            .as_ref()
            .and_then(|c| self.data.provinces.iter().position(|p| &p.code == c))
        {
            self.matrix.row = row;
        }
        if before.matrix_on_cluster_row {
            self.matrix.row = self.data.provinces.len();
        }
        if let Some(col) = matrix_indicator {
            self.matrix.column = col;
        }
        self.clamp();
    }
}

/// The one-line progress while a period is read.
pub fn loading_text(period: Period) -> String {
    format!("Đang đọc số liệu kỳ {period}…")
}
