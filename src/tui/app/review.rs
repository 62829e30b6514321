//! The review screens (Summary, Ranking, Score, Awards): their state and
//! what the key table's actions do on them. Tab cycles the four; arrows
//! move the selection and scroll columns (Ranking: ← → change indicator);
//! the Score screen is the covenant score (`score_sheet`: the ranking,
//! Enter a unit's sheet); Ctrl+C copies the table on screen (OSC 52,
//! carried out by the run loop). The weight detail's state and editor
//! below are no longer opened from the Score screen (see `score_sheet`).

use rust_decimal::Decimal;
use tui_input::Input;

use super::cell_edit::{Changed, Pending};
use super::{App, Effect, Level, Screen};
use crate::io::osc52;
use crate::io::review_tables;
use crate::io::table::{Row, Table};
use crate::model::awards::awards_annex;
use crate::model::score::score_table;
use crate::model::{Indicator, PeriodData};
use crate::store::StoreError;
use crate::tui::action::Action;
use crate::tui::layout::{self, TablePins};
use crate::tui::session::SessionError;

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
/// weight is being typed, its editor.
#[derive(Debug, Clone, Default)]
pub struct DetailState {
    pub province: String,
    /// Index into [`PeriodData::scored_indicators`].
    pub row: usize,
    pub weight: Option<WeightEditor>,
    pub error: Option<String>,
}

/// A weight being typed: the same text field as a cell's (F2 shows the
/// stored weight selected, so typing replaces it; Ctrl+U clears), and the
/// weight it opened on, which the write checks.
#[derive(Debug, Clone)]
pub struct WeightEditor {
    pub indicator: String,
    pub input: Input,
    pub selected: bool,
    /// The stored weight when the editor opened.
    pub seen: Decimal,
    /// Another officer's change of this weight since the editor opened.
    pub changed: Option<Changed>,
}

#[derive(Debug, Clone, Default)]
pub struct ScoreState {
    pub table: TableState,
    pub detail: Option<DetailState>,
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
    /// A weight is being typed in the score detail, or a value on a
    /// score sheet: the keys are a text field's.
    pub fn editing_weight(&self) -> bool {
        matches!(self.screen, Screen::Review(ReviewScreen::Score))
            && (self
                .review
                .score
                .detail
                .as_ref()
                .is_some_and(|d| d.weight.is_some())
                || self.editing_sheet())
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

    /// Write a weight checked against `seen`; another officer's change
    /// since the editor opened (known, or found stale by the server) is
    /// asked about first: Enter writes over it, Esc keeps it.
    fn write_weight(&mut self, indicator: &str, weight: Decimal, seen: Decimal) {
        let current = self.data.cluster.indicator(indicator).map(|i| i.weight);
        if current != Some(seen) {
            let changed = self.weight_changed(indicator, current.unwrap_or(seen));
            self.ask_weight_over(indicator, weight, &changed);
            return;
        }
        match self.data.set_weight(indicator, weight, seen) {
            Ok(text) => {
                self.close_weight_editor();
                self.say(Level::Saved, text);
            }
            Err(SessionError::Store(StoreError::Conflict {
                current, by, at_ms, ..
            })) => {
                let changed = Changed {
                    value: current.map(|f| f.value),
                    by,
                    at_ms,
                    ..Changed::default()
                };
                if let Some(ed) = self.weight_editor_mut() {
                    ed.changed = Some(changed.clone());
                }
                self.ask_weight_over(indicator, weight, &changed);
            }
            Err(e) => self.say(Level::Error, e.to_string()),
        }
    }

    /// What is known of the change that put `current` in the weight.
    fn weight_changed(&mut self, indicator: &str, current: Decimal) -> Changed {
        if let Some(c) = self.weight_editor_mut().and_then(|e| e.changed.clone())
            && c.value == Some(current)
        {
            return c;
        }
        let changed = match self.data.last_weight_change(indicator) {
            Some(e) => Changed {
                value: Some(current),
                by: e.user,
                at_ms: e.at_ms,
                ..Changed::default()
            },
            None => Changed {
                value: Some(current),
                by: "người khác".into(),
                at_ms: 0,
                ..Changed::default()
            },
        };
        if let Some(ed) = self.weight_editor_mut() {
            ed.changed = Some(changed.clone());
        }
        changed
    }

    fn ask_weight_over(&mut self, indicator: &str, weight: Decimal, changed: &Changed) {
        let theirs = changed
            .value
            .map(|v| review_tables::num_exact(v, 0))
            .unwrap_or_default();
        let question = format!(
            "Chưa lưu: {} đổi trọng số thành {theirs}{} · Enter: ghi đè {} · Esc: giữ",
            changed.by,
            changed.when(),
            review_tables::num_exact(weight, 0)
        );
        self.pending = Some(Pending::Weight {
            indicator: indicator.to_string(),
            weight,
            question,
        });
    }

    pub(super) fn answer_weight(&mut self, yes: bool, indicator: &str, weight: Decimal) {
        let theirs = self
            .data
            .cluster
            .indicator(indicator)
            .map(|i| i.weight)
            .unwrap_or_default();
        if !yes {
            self.close_weight_editor();
            self.say(
                Level::Info,
                format!(
                    "Giữ trọng số đang lưu: {}",
                    review_tables::num_exact(theirs, 0)
                ),
            );
            return;
        }
        // Knowingly over the weight now stored (and shown to the officer).
        if let Some(ed) = self.weight_editor_mut() {
            ed.seen = theirs;
        }
        self.write_weight(indicator, weight, theirs);
    }

    fn weight_editor_mut(&mut self) -> Option<&mut WeightEditor> {
        self.review.score.detail.as_mut()?.weight.as_mut()
    }

    fn close_weight_editor(&mut self) {
        if let Some(d) = self.review.score.detail.as_mut() {
            d.weight = None;
            d.error = None;
        }
    }

    /// Another officer changed a weight: an editor open on it says so.
    pub(super) fn note_weight_change(&mut self, indicator: &str, changed: Changed) {
        let Some(ed) = self.weight_editor_mut() else {
            return;
        };
        if ed.indicator != indicator {
            return;
        }
        if changed.value == Some(ed.seen) {
            ed.changed = None;
            return;
        }
        ed.changed = Some(changed.clone());
        let text = format!(
            "Trọng số vừa được {} đổi thành {}{}",
            changed.by,
            changed
                .value
                .map(|v| review_tables::num_exact(v, 0))
                .unwrap_or_default(),
            changed.when()
        );
        self.say(Level::Error, text);
        if let Some(Pending::Weight {
            indicator, weight, ..
        }) = self.pending.take()
        {
            self.ask_weight_over(&indicator, weight, &changed);
        }
    }

    /// After a reconnect: an open weight editor against the refetched weight.
    pub(super) fn recheck_weight_editor(&mut self) {
        let Some(ed) = self.weight_editor_mut() else {
            return;
        };
        let indicator = ed.indicator.clone();
        let seen = ed.seen;
        let Some(current) = self.data.cluster.indicator(&indicator).map(|i| i.weight) else {
            return;
        };
        if current == seen {
            return;
        }
        let changed = self.weight_changed(&indicator, current);
        self.note_weight_change(&indicator, changed);
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
        let data = self.data.period_data();
        let r = &mut self.review;
        let within = |i: &mut usize, len: usize| *i = (*i).min(len.saturating_sub(1));
        match screen {
            ReviewScreen::Ranking => {
                within(&mut r.ranking.indicator, data.ranked_indicators().len());
                within(&mut r.ranking.row, data.cluster.provinces.len());
            }
            ReviewScreen::Score => {
                let _ = r;
                self.refresh_score_book();
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
