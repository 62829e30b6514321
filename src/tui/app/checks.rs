//! The period's list of checks (#15 item 1), Ctrl+K from the data
//! screens: every figure the plausibility rules doubt and every figure an
//! officer confirmed — unit, criterion, figure, why, confirmed by whom and
//! when ([`crate::io::checks_table`]). Read once when it opens (and again
//! for another period), since who confirmed is one audit read per cell;
//! Enter on a row goes to that cell.

use super::{App, EntryColumn, EntryRow, Level, Screen};
use crate::io::checks_table;
use crate::model::{Kind, Period, ValueKey};
use crate::text::number::format_exact;
use crate::tui::action::Action;
use crate::tui::layout;

/// One figure of the list, as the screen shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct CheckRow {
    pub key: ValueKey,
    /// `Đồng Tháp`.
    pub unit: String,
    pub criterion: String,
    /// `thực hiện`, `kế hoạch`.
    pub kind: &'static str,
    /// The figure as stored, with at least the criterion's decimals.
    pub figure: String,
    /// The model's sentences (none: confirmed, no longer in doubt).
    pub why: Vec<String>,
    /// `canbo, 29/07/2021 15:09`: who confirmed it and when.
    pub confirmed: Option<String>,
}

#[derive(Debug, Default)]
pub struct ChecksState {
    /// The period the list is of (None: not read yet).
    pub period: Option<Period>,
    pub rows: Vec<CheckRow>,
    pub selected: usize,
    /// Why the list could not be read.
    pub error: Option<String>,
}

impl App {
    pub(super) fn open_checks(&mut self) {
        self.read_checks();
        self.open(Screen::Checks);
    }

    /// The list of the current period, from the figures shown and the
    /// audit log.
    fn read_checks(&mut self) {
        let period = self.data.period;
        let keys = checks_table::period_keys(&self.data.figures, period);
        let state = match self.data.confirmations(&keys) {
            Ok(confirmed) => {
                let list = checks_table::period_list(
                    &self.data.cluster,
                    &self.data.figures,
                    period,
                    &confirmed,
                );
                let rows = list
                    .into_iter()
                    .map(|c| {
                        let cluster = &self.data.cluster;
                        let ind = cluster.indicator(&c.key.indicator);
                        let unit = match cluster.province(&c.key.province) {
                            Some(p) => p.name.clone(),
                            None if c.key.province == crate::model::CLUSTER => "Cụm".into(),
                            None => c.key.province.clone(),
                        };
                        CheckRow {
                            unit,
                            criterion: ind
                                .map_or_else(|| c.key.indicator.clone(), |i| i.name.clone()),
                            kind: match c.key.kind {
                                Kind::Actual => "thực hiện",
                                Kind::Plan => "kế hoạch",
                            },
                            figure: format_exact(c.value, ind.map_or(0, |i| i.decimals)),
                            why: c.doubts,
                            confirmed: confirmed.get(&c.key).map(|w| w.who_and_when()),
                            key: c.key,
                        }
                    })
                    .collect();
                ChecksState {
                    period: Some(period),
                    rows,
                    selected: 0,
                    error: None,
                }
            }
            Err(e) => ChecksState {
                period: Some(period),
                error: Some(e.to_string()),
                ..ChecksState::default()
            },
        };
        self.checks = state;
    }

    pub(super) fn update_checks(&mut self, action: Action) {
        let page = layout::history_rows(self.size).saturating_sub(3).max(1);
        let last = self.checks.rows.len().saturating_sub(1);
        let s = &mut self.checks.selected;
        match action {
            Action::Back => self.go_back(),
            Action::Open => self.go_to_checked(),
            Action::EditWith(c) => self.no_cell_here(c),
            Action::Up => *s = s.saturating_sub(1),
            Action::Down => *s = (*s + 1).min(last),
            Action::PageUp => *s = s.saturating_sub(page),
            Action::PageDown => *s = (*s + page).min(last),
            Action::Home => *s = 0,
            Action::End => *s = last,
            _ => {}
        }
    }

    /// Enter on a row: that cell, in Entry (a member's figure, plan or
    /// actual) or the Matrix's column (the cluster's own figure).
    fn go_to_checked(&mut self) {
        let Some(row) = self.checks.rows.get(self.checks.selected).cloned() else {
            return;
        };
        let key = row.key;
        let Some(i) = self
            .data
            .cluster
            .indicators
            .iter()
            .position(|ind| ind.code == key.indicator)
        else {
            return;
        };
        if self.data.cluster.province(&key.province).is_some() {
            self.entry.province = key.province.clone();
            self.entry.to_first_row();
            if let Some(r) = self
                .entry
                .rows
                .iter()
                .position(|r| *r == EntryRow::Indicator(i))
            {
                self.entry.row = r;
            }
            self.entry.column = match key.kind {
                Kind::Plan => EntryColumn::Plan,
                Kind::Actual => EntryColumn::Actual,
            };
            self.open(Screen::Entry);
        } else {
            self.matrix_go_to(i);
            self.open(Screen::Matrix);
            self.say(Level::Info, format!("Số của cụm: cột «{}»", row.criterion));
        }
    }

    /// On an existing row; read again for another period.
    pub(super) fn clamp_checks(&mut self) {
        if self.checks.period != Some(self.data.period) {
            self.read_checks();
        }
        let last = self.checks.rows.len().saturating_sub(1);
        self.checks.selected = self.checks.selected.min(last);
    }
}
