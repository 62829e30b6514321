//! Entry: one province, one period; indicators grouped as in the report,
//! with the plan, actual and last-year columns editable. Moving, the page
//! scrolled as little as possible, and which stored cell a column means.

use std::collections::HashMap;

use super::{App, Screen};
use crate::model::{Indicator, Kind, Province, ValueKey};
use crate::tui::action::Action;
use crate::tui::layout;
use crate::tui::session::Session;

/// A row of Entry: a group heading or an indicator (index in the cluster).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntryRow {
    Group(usize),
    Indicator(usize),
}

/// Entry's editable columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntryColumn {
    Plan,
    Actual,
    LastYear,
}

impl EntryColumn {
    pub const ORDER: [EntryColumn; 3] = [
        EntryColumn::Plan,
        EntryColumn::Actual,
        EntryColumn::LastYear,
    ];

    fn index(self) -> usize {
        match self {
            EntryColumn::Plan => 0,
            EntryColumn::Actual => 1,
            EntryColumn::LastYear => 2,
        }
    }
}

#[derive(Debug)]
pub struct EntryState {
    /// Province code.
    pub province: String,
    pub rows: Vec<EntryRow>,
    /// Group names, indexed by `EntryRow::Group`.
    pub groups: Vec<String>,
    /// Index in `rows` (always an indicator row).
    pub row: usize,
    pub column: EntryColumn,
    /// First row shown.
    pub offset: usize,
}

impl EntryState {
    /// On the first province, the first indicator's actual.
    pub fn new(data: &Session) -> EntryState {
        let (rows, groups) = entry_rows(data);
        let first = rows
            .iter()
            .position(|r| matches!(r, EntryRow::Indicator(_)))
            .unwrap_or(0);
        EntryState {
            province: data
                .provinces
                .first()
                .map(|p| p.code.clone())
                .unwrap_or_default(),
            rows,
            groups,
            row: first,
            column: EntryColumn::Actual,
            offset: 0,
        }
    }
}

impl EntryState {
    /// On the first indicator's actual, scrolled to the top.
    pub fn to_first_row(&mut self) {
        self.row = self
            .rows
            .iter()
            .position(|r| matches!(r, EntryRow::Indicator(_)))
            .unwrap_or(0);
        self.column = EntryColumn::Actual;
        self.offset = 0;
    }

    /// The rows again for a changed cluster (after a reconnect), the
    /// selection kept on the same indicator where it still exists.
    pub fn rebuild(&mut self, data: &Session) {
        let current = match self.rows.get(self.row) {
            Some(EntryRow::Indicator(i)) => Some(*i),
            _ => None,
        };
        let (rows, groups) = entry_rows(data);
        let first = rows
            .iter()
            .position(|r| matches!(r, EntryRow::Indicator(_)))
            .unwrap_or(0);
        self.row = current
            .and_then(|i| rows.iter().position(|r| *r == EntryRow::Indicator(i)))
            .unwrap_or(first);
        self.rows = rows;
        self.groups = groups;
    }
}

/// Entry's rows: groups in report order, each followed by its indicators.
fn entry_rows(data: &Session) -> (Vec<EntryRow>, Vec<String>) {
    // By code once, not a search per indicator (300 criteria: 45,000
    // comparisons before the first frame).
    let mut index: HashMap<&str, usize> = HashMap::new();
    for (i, ind) in data.cluster.indicators.iter().enumerate() {
        index.entry(ind.code.as_str()).or_insert(i);
    }
    let mut rows = Vec::new();
    let mut groups = Vec::new();
    for (name, indicators) in data.cluster.groups() {
        rows.push(EntryRow::Group(groups.len()));
        groups.push(name.to_string());
        for ind in indicators {
            if let Some(&i) = index.get(ind.code.as_str()) {
                rows.push(EntryRow::Indicator(i));
            }
        }
    }
    (rows, groups)
}

impl App {
    pub fn entry_province(&self) -> Option<&Province> {
        self.data.cluster.province(&self.entry.province)
    }

    /// The indicator under Entry's selection.
    pub fn entry_indicator(&self) -> Option<usize> {
        match self.entry.rows.get(self.entry.row) {
            Some(EntryRow::Indicator(i)) => Some(*i),
            _ => None,
        }
    }

    /// The stored cell behind an Entry column for one indicator.
    pub fn entry_key(&self, indicator: &Indicator, column: EntryColumn) -> Option<ValueKey> {
        let period = self.data.period;
        let p = &self.entry.province;
        match column {
            EntryColumn::Actual => Some(ValueKey::new(period, p, &indicator.code, Kind::Actual)),
            EntryColumn::LastYear => period
                .last_year()
                .map(|ly| ValueKey::new(ly, p, &indicator.code, Kind::Actual)),
            EntryColumn::Plan => {
                // A plan entered on the period itself wins over the year's.
                let own = ValueKey::new(period, p, &indicator.code, Kind::Plan);
                if self.data.figure(&own).is_some() {
                    Some(own)
                } else {
                    Some(ValueKey::new(
                        period.year_period(),
                        p,
                        &indicator.code,
                        Kind::Plan,
                    ))
                }
            }
        }
    }

    pub(super) fn move_entry(&mut self, action: Action) {
        let page = layout::entry_rows(self.size);
        let e = &mut self.entry;
        let indicator_rows: Vec<usize> = e
            .rows
            .iter()
            .enumerate()
            .filter(|(_, r)| matches!(r, EntryRow::Indicator(_)))
            .map(|(i, _)| i)
            .collect();
        let Some(pos) = indicator_rows.iter().position(|r| *r == e.row) else {
            return;
        };
        let last = indicator_rows.len().saturating_sub(1);
        let col = e.column.index();
        let target = match action {
            Action::Up => pos.saturating_sub(1),
            Action::Down => (pos + 1).min(last),
            Action::PageUp => pos.saturating_sub(page),
            Action::PageDown => (pos + page).min(last),
            Action::Home => 0,
            Action::End => last,
            Action::Left => {
                e.column = EntryColumn::ORDER[col.saturating_sub(1)];
                pos
            }
            Action::Right | Action::NextColumn => {
                if action == Action::NextColumn && col == 2 && pos < last {
                    e.column = EntryColumn::ORDER[0];
                    pos + 1
                } else {
                    e.column = EntryColumn::ORDER[(col + 1).min(2)];
                    pos
                }
            }
            Action::PrevColumn => {
                if col == 0 && pos > 0 {
                    e.column = EntryColumn::ORDER[2];
                    pos - 1
                } else {
                    e.column = EntryColumn::ORDER[col.saturating_sub(1)];
                    pos
                }
            }
            _ => pos,
        };
        if let Some(r) = indicator_rows.get(target) {
            e.row = *r;
        }
    }

    /// Show indicator `i`'s row.
    pub(super) fn entry_go_to(&mut self, i: usize) {
        if let Some(row) = self
            .entry
            .rows
            .iter()
            .position(|r| *r == EntryRow::Indicator(i))
        {
            self.entry.row = row;
        }
    }

    /// Keep Entry's selection on screen, scrolling as little as possible
    /// (the terminal scrolls the rows itself, so a small scroll costs one
    /// new row), and showing the group heading when going up into a group.
    pub(super) fn scroll_entry(&mut self) {
        let visible = layout::entry_rows(self.size);
        let e = &mut self.entry;
        if e.row < e.offset {
            e.offset = e.row;
            if e.row > 0 && matches!(e.rows.get(e.row - 1), Some(EntryRow::Group(_))) {
                e.offset = e.row - 1;
            }
        } else if e.row >= e.offset + visible {
            e.offset = e.row + 1 - visible;
        }
        e.offset = e.offset.min(e.rows.len().saturating_sub(visible));
    }

    /// The Entry screen is the one shown.
    pub(super) fn on_entry(&self) -> bool {
        self.screen == Screen::Entry
    }
}
