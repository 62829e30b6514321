//! The place the officer is at, by names, and going back to one: the
//! screen (a data screen; Help, History and the pickers are left closed),
//! the period, Entry's province and cell, the Matrix's cell. A name that
//! no longer exists (a province or indicator gone, a period that does not
//! read) falls back to the screen's first.

use super::{App, EntryColumn, EntryRow, ReviewScreen, Screen};
use crate::model::Period;
use crate::tui::resume::Place;

impl App {
    /// Where the officer is now (`database` names the data it is in).
    pub fn place(&self, database: &str) -> Place {
        // Under an open Help, History or picker: the screen it came from.
        let screen = self.back.first().copied().unwrap_or(self.screen);
        let screen = match screen {
            Screen::Entry => "entry",
            Screen::Matrix => "matrix",
            Screen::Review(ReviewScreen::Summary) => "summary",
            Screen::Review(ReviewScreen::Ranking) => "ranking",
            Screen::Review(ReviewScreen::Score) => "score",
            Screen::Review(ReviewScreen::Awards) => "awards",
            _ => "provinces",
        };
        let indicator = |i: usize| self.indicator(i).map(|ind| ind.code.clone());
        Place {
            database: database.to_string(),
            screen: screen.to_string(),
            period: Some(self.data.period.to_string()),
            entry_province: Some(self.entry.province.clone()),
            entry_indicator: self.entry_indicator().and_then(indicator),
            entry_column: Some(
                match self.entry.column {
                    EntryColumn::Plan => "plan",
                    EntryColumn::Actual => "actual",
                    EntryColumn::LastYear => "last_year",
                }
                .to_string(),
            ),
            matrix_province: self.matrix_province().map(|p| p.code.clone()),
            matrix_indicator: indicator(self.matrix.column),
        }
    }

    /// Go back to `place`, as far as it still exists.
    pub fn resume(&mut self, place: &Place) {
        if let Some(p) = place
            .period
            .as_deref()
            .and_then(|p| p.parse::<Period>().ok())
            && p != self.data.period
        {
            // That year's cluster; its figures are read as any period's.
            let places = self.places();
            if let Ok(true) = self.data.set_period(p) {
                self.cluster_changed(places);
            }
            if !self.defer_loads {
                self.finish_loading();
            }
        }
        let cluster = &self.data.cluster;
        let index_of = |code: &Option<String>| {
            code.as_ref()
                .and_then(|c| cluster.indicators.iter().position(|i| &i.code == c))
        };
        let (entry_indicator, matrix_indicator) = (
            index_of(&place.entry_indicator),
            index_of(&place.matrix_indicator),
        );
        if let Some(code) = &place.entry_province
            && cluster.province(code).is_some()
        {
            self.entry.province = code.clone();
        }
        self.entry.to_first_row();
        if let Some(i) = entry_indicator
            && let Some(row) = self
                .entry
                .rows
                .iter()
                .position(|r| *r == EntryRow::Indicator(i))
        {
            self.entry.row = row;
            self.entry.column = match place.entry_column.as_deref() {
                Some("plan") => EntryColumn::Plan,
                Some("last_year") => EntryColumn::LastYear,
                _ => EntryColumn::Actual,
            };
        }
        self.matrix.row = place
            .matrix_province
            .as_ref()
            .and_then(|c| self.data.provinces.iter().position(|p| &p.code == c))
            .unwrap_or(0);
        self.matrix.column = matrix_indicator.unwrap_or(0);
        self.matrix.offset = 0;
        let screen = match place.screen.as_str() {
            "entry" => Screen::Entry,
            "matrix" => Screen::Matrix,
            "summary" => Screen::Review(ReviewScreen::Summary),
            "ranking" => Screen::Review(ReviewScreen::Ranking),
            "score" => Screen::Review(ReviewScreen::Score),
            "awards" => Screen::Review(ReviewScreen::Awards),
            _ => Screen::Provinces,
        };
        self.back.clear();
        self.screen = screen;
        self.clamp();
    }
}
