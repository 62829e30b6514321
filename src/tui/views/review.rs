//! State and keys of the review screens (Summary, Ranking, Score, Awards).
//! The application maps its key table's actions to [`ReviewAction`], calls
//! [`update`], and carries out the [`Outcome`]: writing a weight through the
//! store, writing an OSC 52 sequence, showing a message. Views only read
//! this state.

use rust_decimal::Decimal;

use crate::io::osc52;
use crate::io::review_tables;
use crate::io::table::{Row, Table};
use crate::model::awards::awards_annex;
use crate::model::score::score_table;
use crate::model::{Indicator, PeriodData};
use crate::text::number::parse_number;

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
    /// Index into [`ranking_indicators`].
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

/// What the user asked of a review screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReviewAction {
    Up,
    Down,
    PageUp,
    PageDown,
    Home,
    End,
    /// Scroll columns (Summary, Score, Awards) or change indicator (Ranking).
    Left,
    Right,
    /// Enter: the score detail of the selected province; commit a weight.
    Open,
    /// Esc: cancel the weight, close the detail, or leave the screen.
    Back,
    /// Ranking: table ⇄ bar chart.
    ToggleChart,
    /// Score detail: edit the selected indicator's weight (F2).
    EditWeight,
    Insert(char),
    DeleteBack,
    /// Copy the table on screen (OSC 52).
    Copy,
}

/// What the application has to do after an action.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// Nothing beyond redrawing.
    Handled,
    /// Esc at the top of a review screen: go back.
    Leave,
    /// Write this weight through `Store::set_weight` (audited), then redraw.
    SetWeight { indicator: String, weight: Decimal },
    /// Write `copy.sequence` to the terminal, show `copy.message`.
    Copy(osc52::Copy),
}

/// The indicator the Ranking screen shows.
pub fn ranking_indicator<'c>(data: &PeriodData<'c>, state: &RankingState) -> Option<&'c Indicator> {
    let list = data.ranked_indicators();
    let i = state.indicator.min(list.len().saturating_sub(1));
    list.get(i).copied()
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

/// Move a selection within `0..len`.
fn step(row: &mut usize, len: usize, action: &ReviewAction) {
    const PAGE: usize = 10;
    let last = len.saturating_sub(1);
    *row = match action {
        ReviewAction::Up => row.saturating_sub(1),
        ReviewAction::Down => (*row + 1).min(last),
        ReviewAction::PageUp => row.saturating_sub(PAGE),
        ReviewAction::PageDown => (*row + PAGE).min(last),
        ReviewAction::Home => 0,
        ReviewAction::End => last,
        _ => (*row).min(last),
    };
}

fn is_move(a: &ReviewAction) -> bool {
    matches!(
        a,
        ReviewAction::Up
            | ReviewAction::Down
            | ReviewAction::PageUp
            | ReviewAction::PageDown
            | ReviewAction::Home
            | ReviewAction::End
    )
}

fn scroll(col: &mut usize, columns: usize, action: &ReviewAction) {
    match action {
        ReviewAction::Left => *col = col.saturating_sub(1),
        ReviewAction::Right => *col = (*col + 1).min(columns.saturating_sub(1)),
        _ => {}
    }
}

pub fn update(
    screen: ReviewScreen,
    state: &mut ReviewState,
    data: &PeriodData,
    action: ReviewAction,
) -> Outcome {
    if action == ReviewAction::Copy {
        let table = table_on_screen(screen, state, data);
        return Outcome::Copy(osc52::copy_table(&table, data.period));
    }
    match screen {
        ReviewScreen::Summary | ReviewScreen::Awards => {
            let table = table_on_screen(screen, state, data);
            let (pin_l, pin_r) = if screen == ReviewScreen::Summary {
                (1, 0)
            } else {
                (1, 2)
            };
            let s = if screen == ReviewScreen::Summary {
                &mut state.summary
            } else {
                &mut state.awards
            };
            match action {
                ReviewAction::Back => return Outcome::Leave,
                a if is_move(&a) => step(&mut s.row, data_rows(&table), &a),
                a @ (ReviewAction::Left | ReviewAction::Right) => scroll(
                    &mut s.col,
                    super::grid::Grid::scrolling_columns(&table, pin_l, pin_r),
                    &a,
                ),
                _ => {}
            }
            Outcome::Handled
        }
        ReviewScreen::Ranking => {
            let n = data.ranked_indicators().len();
            let r = &mut state.ranking;
            match action {
                ReviewAction::Back => return Outcome::Leave,
                ReviewAction::Left => {
                    r.indicator = r.indicator.min(n.saturating_sub(1)).saturating_sub(1);
                    r.row = 0;
                }
                ReviewAction::Right => {
                    r.indicator = (r.indicator + 1).min(n.saturating_sub(1));
                    r.row = 0;
                }
                ReviewAction::ToggleChart => r.chart = !r.chart,
                a if is_move(&a) => step(&mut r.row, data.cluster.provinces.len(), &a),
                _ => {}
            }
            Outcome::Handled
        }
        ReviewScreen::Score => update_score(state, data, action),
    }
}

fn update_score(state: &mut ReviewState, data: &PeriodData, action: ReviewAction) -> Outcome {
    let s = &mut state.score;
    let Some(detail) = s.detail.as_mut() else {
        // The score table only where it is the screen (not under a detail).
        let table = score_table(data.cluster, data.figures, data.period);
        match action {
            ReviewAction::Back => return Outcome::Leave,
            ReviewAction::Open => {
                if let Some(row) = table.rows.get(s.table.row) {
                    s.detail = Some(DetailState {
                        province: row.province.clone(),
                        ..DetailState::default()
                    });
                }
            }
            a if is_move(&a) => step(&mut s.table.row, table.rows.len(), &a),
            a @ (ReviewAction::Left | ReviewAction::Right) => {
                scroll(&mut s.table.col, table.groups.len(), &a)
            }
            _ => {}
        }
        return Outcome::Handled;
    };
    let indicators = data.scored_indicators();
    let selected = indicators
        .get(detail.row.min(indicators.len().saturating_sub(1)))
        .copied();
    if let Some(input) = detail.weight_input.as_mut() {
        match action {
            ReviewAction::Back => {
                detail.weight_input = None;
                detail.error = None;
            }
            ReviewAction::Insert(c) if !c.is_control() => input.push(c),
            ReviewAction::DeleteBack => {
                input.pop();
            }
            ReviewAction::Open => {
                let Some(ind) = selected else {
                    return Outcome::Handled;
                };
                match parse_number(input) {
                    Ok(w) if w >= Decimal::ZERO => {
                        detail.weight_input = None;
                        detail.error = None;
                        return Outcome::SetWeight {
                            indicator: ind.code.clone(),
                            weight: w,
                        };
                    }
                    Ok(_) => detail.error = Some("Trọng số không được âm".into()),
                    Err(e) => detail.error = Some(format!("Trọng số «{input}» không hợp lệ: {e}")),
                }
            }
            _ => {}
        }
        return Outcome::Handled;
    }
    match action {
        ReviewAction::Back => s.detail = None,
        ReviewAction::EditWeight => {
            if let Some(ind) = selected {
                detail.weight_input = Some(review_tables::num_exact(ind.weight, 0));
                detail.error = None;
            }
        }
        ReviewAction::Insert(c) if c.is_ascii_digit() && selected.is_some() => {
            detail.weight_input = Some(c.to_string());
            detail.error = None;
        }
        a if is_move(&a) => step(&mut detail.row, indicators.len(), &a),
        _ => {}
    }
    Outcome::Handled
}

/// Draw a review screen of the application in the body area.
pub fn render(
    app: &crate::tui::app::App,
    screen: ReviewScreen,
    area: ratatui::layout::Rect,
    buf: &mut ratatui::buffer::Buffer,
) -> Option<ratatui::layout::Position> {
    use ratatui::widgets::Widget;
    let data = app.data.period_data();
    let profile = &app.profile;
    let state = &app.review;
    match screen {
        ReviewScreen::Summary => (&super::summary::SummaryView {
            data,
            state: &state.summary,
            profile,
        })
            .render(area, buf),
        ReviewScreen::Ranking => (&super::ranking::RankingView {
            data,
            state: &state.ranking,
            profile,
        })
            .render(area, buf),
        ReviewScreen::Score => (&super::score::ScoreView {
            data,
            state: &state.score,
            profile,
        })
            .render(area, buf),
        ReviewScreen::Awards => (&super::awards::AwardsView {
            data,
            state: &state.awards,
            profile,
        })
            .render(area, buf),
    }
    None
}
