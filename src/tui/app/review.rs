//! The review screens (Summary, Ranking, Score, Awards): their state and
//! what the key table's actions do on them. Tab cycles the four; arrows
//! move the selection and scroll columns (Ranking: ← → change indicator);
//! the Score screen is the covenant score (`score_sheet`: the ranking,
//! Enter a unit's sheet); Ctrl+C copies the table on screen (OSC 52,
//! carried out by the run loop).

use super::{App, Effect, Level, Screen};
use crate::io::osc52;
use crate::io::review_tables;
use crate::io::table::{Row, Table};
use crate::model::awards::awards_annex;
use crate::model::score::score_table;
use crate::model::{Indicator, PeriodData};
use crate::tui::action::Action;
use crate::tui::layout::{self, TablePins};

/// Which review screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReviewScreen {
    Summary,
    Ranking,
    Score,
    Awards,
}

impl ReviewScreen {
    pub const ALL: [ReviewScreen; 4] = [
        ReviewScreen::Summary,
        ReviewScreen::Ranking,
        ReviewScreen::Score,
        ReviewScreen::Awards,
    ];

    pub fn title(&self) -> &'static str {
        match self {
            ReviewScreen::Summary => "Tổng hợp",
            ReviewScreen::Ranking => "Xếp hạng",
            ReviewScreen::Score => "Điểm thi đua",
            ReviewScreen::Awards => "Khen thưởng",
        }
    }

    /// The next (or previous) review screen, cycling.
    pub fn cycle(&self, forward: bool) -> ReviewScreen {
        let i = Self::ALL.iter().position(|s| s == self).unwrap_or(0);
        let n = Self::ALL.len();
        Self::ALL[if forward {
            (i + 1) % n
        } else {
            (i + n - 1) % n
        }]
    }
}

/// A selected row and the first scrolled column.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TableState {
    pub row: usize,
    pub col: usize,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RankingState {
    /// Index into [`PeriodData::ranked_indicators`].
    pub indicator: usize,
    pub row: usize,
    /// Bar chart instead of the table.
    pub chart: bool,
}

#[derive(Debug, Clone, Default)]
pub struct ScoreState {
    /// The weight table (a year without a points scale).
    pub table: TableState,
}

#[derive(Debug, Clone, Default)]
pub struct ReviewState {
    pub summary: TableState,
    pub ranking: RankingState,
    pub score: ScoreState,
    pub awards: TableState,
    /// The Score screen's covenant score: the ranking and a unit's sheet.
    pub covenant: super::score_sheet::CovenantScoreState,
}

/// The indicator the Ranking screen shows.
pub fn ranking_indicator<'c>(data: &PeriodData<'c>, state: &RankingState) -> Option<&'c Indicator> {
    data.ranked_indicators().get(state.indicator).copied()
}

/// The table on a review screen: what is drawn, copied and printed.
pub fn table_on_screen(screen: ReviewScreen, state: &ReviewState, data: &PeriodData) -> Table {
    let PeriodData {
        cluster,
        figures,
        period,
    } = *data;
    match screen {
        ReviewScreen::Summary => review_tables::summary(cluster, figures, period),
        ReviewScreen::Ranking => match ranking_indicator(data, &state.ranking) {
            Some(ind) => review_tables::ranking(cluster, figures, period, ind),
            None => Table::new(format!("Xếp hạng — kỳ {period}"), Vec::new()),
        },
        // The covenant score: the open sheet, else the ranking (today's
        // weight table only where the year has no scale).
        ReviewScreen::Score => match state.covenant.book.score.as_ref().filter(|s| s.has_scale()) {
            Some(score) => match state
                .covenant
                .sheet
                .as_ref()
                .and_then(|s| score.sheet(&s.unit))
            {
                Some(sheet) => super::score_sheet::screen_table(sheet).0,
                None => score.ranking_table(),
            },
            None => review_tables::score(cluster, &score_table(cluster, figures, period)),
        },
        ReviewScreen::Awards => review_tables::awards(&awards_annex(cluster, figures, period)),
    }
}

fn data_rows(t: &Table) -> usize {
    t.rows.iter().filter(|r| matches!(r, Row::Cells(_))).count()
}

/// Columns that scroll between the pinned ones.
fn scrolling_columns(table: &Table, pins: TablePins) -> usize {
    table.columns.len().saturating_sub(pins.left + pins.right)
}

/// Move a selection within `0..len`, a page being `page` rows; false when
/// `action` is not a move.
pub(super) fn step(row: &mut usize, len: usize, page: usize, action: &Action) -> bool {
    let last = len.saturating_sub(1);
    *row = match action {
        Action::Up => row.saturating_sub(1),
        Action::Down => (*row + 1).min(last),
        Action::PageUp => row.saturating_sub(page),
        Action::PageDown => (*row + page).min(last),
        Action::Home => 0,
        Action::End => last,
        _ => return false,
    };
    true
}

/// Scroll the columns; false when `action` is not ← or →.
pub(super) fn scroll(col: &mut usize, columns: usize, action: &Action) -> bool {
    match action {
        Action::Left => *col = col.saturating_sub(1),
        Action::Right => *col = (*col + 1).min(columns.saturating_sub(1)),
        _ => return false,
    }
    true
}

/// What a review screen asks of the application after an action.
enum Request {
    Nothing,
    /// Esc at the top of a review screen: it stays (and says how to go
    /// elsewhere).
    Stay,
    /// A digit where there is no cell.
    NoCell(char),
}

impl App {
    /// A value is being typed on a score sheet (the name is from when
    /// the Score screen edited weights): the keys are a text field's.
    pub fn editing_weight(&self) -> bool {
        matches!(self.screen, Screen::Review(ReviewScreen::Score)) && self.editing_sheet()
    }

    /// The table on the review screen shown (None elsewhere).
    pub fn review_table(&self) -> Option<Table> {
        match self.screen {
            Screen::Review(screen) => Some(table_on_screen(
                screen,
                &self.review,
                &self.data.period_data(),
            )),
            _ => None,
        }
    }

    /// Show indicator `i`'s ranking (from the finder).
    pub(super) fn review_go_to(&mut self, i: usize) {
        let ranked = self.data.period_data().ranked_indicator_indices();
        if let Some(pos) = ranked.iter().position(|&r| r == i) {
            self.review.ranking.indicator = pos;
            self.review.ranking.row = 0;
            self.screen = Screen::Review(ReviewScreen::Ranking);
        }
    }

    pub(super) fn update_review(&mut self, action: Action) -> Option<Effect> {
        let Screen::Review(screen) = self.screen else {
            return None;
        };
        if !self.editing_weight() {
            match action {
                Action::NextColumn | Action::PrevColumn => {
                    let forward = action == Action::NextColumn;
                    self.screen = Screen::Review(screen.cycle(forward));
                    return None;
                }
                Action::Copy => return Some(self.copy_table(screen)),
                _ => {}
            }
        }
        let request = match screen {
            ReviewScreen::Summary => self.update_grid(screen, &action),
            ReviewScreen::Awards => self.update_grid(screen, &action),
            ReviewScreen::Ranking => self.update_ranking(&action),
            // A year without a points scale shows the weight table: its
            // keys move that table, not the covenant ranking behind it.
            ReviewScreen::Score if !self.score_has_scale() => self.update_grid(screen, &action),
            ReviewScreen::Score => {
                self.update_covenant_score(action);
                Request::Nothing
            }
        };
        match request {
            Request::Nothing => {}
            Request::Stay => self.stay_on_data_screen(),
            Request::NoCell(c) => self.no_cell_here(c),
        }
        None
    }

    fn copy_table(&mut self, screen: ReviewScreen) -> Effect {
        let data = self.data.period_data();
        let table = table_on_screen(screen, &self.review, &data);
        let copy = osc52::copy_table(&table, data.period);
        // The full message names the table and the report command; an
        // 80-column status line only has room for the short one.
        let text = if self.size.width >= 160 {
            copy.message
        } else {
            copy.short
        };
        self.say(Level::Info, text);
        Effect::Clipboard(copy.sequence)
    }

    /// Whether the period's covenant year has a points scale (else the
    /// Score screen shows the weight table).
    fn score_has_scale(&self) -> bool {
        self.review
            .covenant
            .book
            .score
            .as_ref()
            .is_some_and(|s| s.has_scale())
    }

    /// Summary, Awards and the weight table: a table to move in and scroll
    /// across. The table's length bounds the moves afterwards, in
    /// `clamp_review` (it builds the table once per action).
    fn update_grid(&mut self, screen: ReviewScreen, action: &Action) -> Request {
        let state = match screen {
            ReviewScreen::Summary => &mut self.review.summary,
            ReviewScreen::Score => &mut self.review.score.table,
            _ => &mut self.review.awards,
        };
        let page = layout::review_rows(self.size, 1);
        match action {
            Action::Back | Action::Cancel => return Request::Stay,
            Action::EditWith(c) => return Request::NoCell(*c),
            a => {
                let _ = step(&mut state.row, usize::MAX, page, a)
                    || scroll(&mut state.col, usize::MAX, a);
            }
        }
        Request::Nothing
    }

    fn update_ranking(&mut self, action: &Action) -> Request {
        let data = self.data.period_data();
        let last = data.ranked_indicators().len().saturating_sub(1);
        let provinces = data.cluster.provinces.len();
        let page = layout::review_rows(self.size, 2);
        let r = &mut self.review.ranking;
        match action {
            Action::Back | Action::Cancel => return Request::Stay,
            Action::EditWith(c) => return Request::NoCell(*c),
            Action::Left => {
                r.indicator = r.indicator.saturating_sub(1);
                r.row = 0;
            }
            Action::Right => {
                r.indicator = (r.indicator + 1).min(last);
                r.row = 0;
            }
            Action::ToggleChart => r.chart = !r.chart,
            a => {
                step(&mut r.row, provinces, page, a);
            }
        }
        Request::Nothing
    }

    /// The review screen's selections on an existing row and column,
    /// whatever the figures are now (another officer's write, another
    /// period).
    pub(super) fn clamp_review(&mut self, screen: ReviewScreen) {
        if screen == ReviewScreen::Score {
            self.refresh_score_book();
            if self.score_has_scale() {
                return;
            }
        }
        let data = self.data.period_data();
        let r = &mut self.review;
        let within = |i: &mut usize, len: usize| *i = (*i).min(len.saturating_sub(1));
        match screen {
            ReviewScreen::Ranking => {
                within(&mut r.ranking.indicator, data.ranked_indicators().len());
                within(&mut r.ranking.row, data.cluster.provinces.len());
            }
            ReviewScreen::Score => {
                let table = review_tables::score(
                    data.cluster,
                    &score_table(data.cluster, data.figures, data.period),
                );
                let state = &mut r.score.table;
                within(&mut state.row, data_rows(&table));
                within(
                    &mut state.col,
                    scrolling_columns(&table, layout::SCORE_PINS),
                );
            }
            ReviewScreen::Summary | ReviewScreen::Awards => {
                let (pins, table) = if screen == ReviewScreen::Summary {
                    (
                        layout::SUMMARY_PINS,
                        review_tables::summary(data.cluster, data.figures, data.period),
                    )
                } else {
                    (
                        layout::AWARDS_PINS,
                        review_tables::awards(&awards_annex(
                            data.cluster,
                            data.figures,
                            data.period,
                        )),
                    )
                };
                let state = if screen == ReviewScreen::Summary {
                    &mut r.summary
                } else {
                    &mut r.awards
                };
                within(&mut state.row, data_rows(&table));
                within(&mut state.col, scrolling_columns(&table, pins));
            }
        }
    }
}
