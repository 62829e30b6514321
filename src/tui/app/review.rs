//! The review screens (Summary, Ranking, Score, Awards): their state and
//! what the key table's actions do on them. Tab cycles the four; arrows
//! move the selection and scroll columns (Ranking: ← → change indicator);
//! Enter opens a province's score detail, where F2 or a digit edits the
//! selected indicator's weight (written through the audited store); Ctrl+C
//! copies the table on screen (OSC 52, carried out by the run loop).

use rust_decimal::Decimal;

use super::{App, Effect, Level, Screen};
use crate::io::osc52;
use crate::io::review_tables;
use crate::io::table::{Row, Table};
use crate::model::awards::awards_annex;
use crate::model::score::score_table;
use crate::model::{Indicator, PeriodData};
use crate::tui::action::Action;
use crate::tui::layout::{self, TablePins};
use crate::tui::vn::parse_number;

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

/// The score detail of one province: the selected indicator and, while a
/// weight is being typed, its text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DetailState {
    pub province: String,
    /// Index into [`PeriodData::scored_indicators`].
    pub row: usize,
    pub weight_input: Option<String>,
    pub error: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ScoreState {
    pub table: TableState,
    pub detail: Option<DetailState>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReviewState {
    pub summary: TableState,
    pub ranking: RankingState,
    pub score: ScoreState,
    pub awards: TableState,
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
        ReviewScreen::Score => match &state.score.detail {
            Some(d) => review_tables::score_detail(cluster, figures, period, &d.province),
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
fn step(row: &mut usize, len: usize, page: usize, action: &Action) -> bool {
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
fn scroll(col: &mut usize, columns: usize, action: &Action) -> bool {
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
    /// Esc at the top of a review screen: go back.
    Leave,
    /// Write this weight through the session (audited), then redraw.
    SetWeight {
        indicator: String,
        weight: Decimal,
    },
}

impl App {
    /// A weight is being typed in the score detail.
    pub fn editing_weight(&self) -> bool {
        matches!(self.screen, Screen::Review(ReviewScreen::Score))
            && self
                .review
                .score
                .detail
                .as_ref()
                .is_some_and(|d| d.weight_input.is_some())
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

    /// The indicator selected in a province's score detail, if one is open.
    pub(super) fn selected_weight(&self) -> Option<String> {
        if self.screen != Screen::Review(ReviewScreen::Score) {
            return None;
        }
        let detail = self.review.score.detail.as_ref()?;
        let list = self.data.period_data().scored_indicators();
        list.get(detail.row).map(|ind| ind.code.clone())
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
            ReviewScreen::Score => self.update_score(action),
        };
        match request {
            Request::Nothing => {}
            Request::Leave => self.go_back(),
            Request::SetWeight { indicator, weight } => {
                match self.data.set_weight(&indicator, weight) {
                    Ok(text) => self.say(Level::Saved, text),
                    Err(e) => self.say(Level::Error, e.to_string()),
                }
            }
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

    /// Summary and Awards: a table to move in and scroll across. The
    /// table's length bounds the moves afterwards, in `clamp_review` (it
    /// builds the table once per action).
    fn update_grid(&mut self, screen: ReviewScreen, action: &Action) -> Request {
        let state = if screen == ReviewScreen::Summary {
            &mut self.review.summary
        } else {
            &mut self.review.awards
        };
        let page = layout::review_rows(self.size, 1);
        match action {
            Action::Back | Action::Cancel => return Request::Leave,
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
            Action::Back | Action::Cancel => return Request::Leave,
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

    fn update_score(&mut self, action: Action) -> Request {
        let data = self.data.period_data();
        let s = &mut self.review.score;
        let Some(detail) = s.detail.as_mut() else {
            // The score table only where it is the screen (not under a detail).
            let table = score_table(data.cluster, data.figures, data.period);
            let page = layout::review_rows(self.size, 1);
            match action {
                Action::Back | Action::Cancel => return Request::Leave,
                Action::Open | Action::Commit(_) => {
                    if let Some(row) = table.rows.get(s.table.row) {
                        s.detail = Some(DetailState {
                            province: row.province.clone(),
                            ..DetailState::default()
                        });
                    }
                }
                a => {
                    let _ = step(&mut s.table.row, table.rows.len(), page, &a)
                        || scroll(&mut s.table.col, table.groups.len(), &a);
                }
            }
            return Request::Nothing;
        };
        let indicators = data.scored_indicators();
        let selected = indicators.get(detail.row).copied();
        if let Some(input) = detail.weight_input.as_mut() {
            match action {
                Action::Back | Action::Cancel => {
                    detail.weight_input = None;
                    detail.error = None;
                }
                Action::Insert(c) | Action::EditWith(c) if !c.is_control() => input.push(c),
                Action::DeleteBack => {
                    input.pop();
                }
                Action::Open | Action::Commit(_) => {
                    let Some(ind) = selected else {
                        return Request::Nothing;
                    };
                    match parse_number(input) {
                        Ok(w) if w >= Decimal::ZERO => {
                            detail.weight_input = None;
                            detail.error = None;
                            return Request::SetWeight {
                                indicator: ind.code.clone(),
                                weight: w,
                            };
                        }
                        Ok(_) => detail.error = Some("Trọng số không được âm".into()),
                        Err(e) => {
                            detail.error = Some(format!("Trọng số «{input}» không hợp lệ: {e}"))
                        }
                    }
                }
                _ => {}
            }
            return Request::Nothing;
        }
        let page = layout::score_detail_rows(self.size);
        match action {
            Action::Back | Action::Cancel => s.detail = None,
            Action::Edit => {
                if let Some(ind) = selected {
                    detail.weight_input = Some(review_tables::num_exact(ind.weight, 0));
                    detail.error = None;
                }
            }
            Action::Insert(c) | Action::EditWith(c) if c.is_ascii_digit() && selected.is_some() => {
                detail.weight_input = Some(c.to_string());
                detail.error = None;
            }
            a => {
                step(&mut detail.row, indicators.len(), page, &a);
            }
        }
        Request::Nothing
    }

    /// The review screen's selections on an existing row and column,
    /// whatever the figures are now (another officer's write, another
    /// period).
    pub(super) fn clamp_review(&mut self, screen: ReviewScreen) {
        let data = self.data.period_data();
        let r = &mut self.review;
        let within = |i: &mut usize, len: usize| *i = (*i).min(len.saturating_sub(1));
        match screen {
            ReviewScreen::Ranking => {
                within(&mut r.ranking.indicator, data.ranked_indicators().len());
                within(&mut r.ranking.row, data.cluster.provinces.len());
            }
            ReviewScreen::Score => match r.score.detail.as_mut() {
                Some(d) => within(&mut d.row, data.scored_indicators().len()),
                None => {
                    let scores = score_table(data.cluster, data.figures, data.period);
                    within(&mut r.score.table.row, scores.rows.len());
                    within(&mut r.score.table.col, scores.groups.len());
                }
            },
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
