//! Finding an indicator by name or code (Ctrl+F): with 95 indicators, the
//! one a province is reading out is a few letters away instead of dozens of
//! arrow presses. Typed text matches like the province filter (no accents
//! needed, word initials, code); Enter goes to the indicator on the screen
//! the finder was opened from: its row in Entry, its column in the Matrix,
//! its ranking on the review screens.

use tui_input::Input;

use super::{App, Level, Screen, text_field};
use crate::tui::action::Action;
use crate::tui::vn;

/// The finder's text field and selection among the matches.
#[derive(Debug, Default)]
pub struct FinderState {
    pub input: Input,
    /// Index among [`App::finder_matches`].
    pub selected: usize,
}

impl App {
    /// Indicator indices (in the cluster) the finder offers from the screen
    /// it was opened from, best match first, then in report order.
    pub fn finder_matches(&self) -> Vec<usize> {
        let query = self.finder.input.value();
        let offered: Vec<usize> = match self.previous_screen() {
            Some(Screen::Review(_)) => self.data.period_data().ranked_indicator_indices(),
            _ => (0..self.data.cluster.indicators.len()).collect(),
        };
        let mut hits: Vec<(u8, usize)> = offered
            .into_iter()
            .filter_map(|i| {
                let ind = self.indicator(i)?;
                Some((vn::match_rank(query, &ind.name, &ind.code)?, i))
            })
            .collect();
        hits.sort();
        hits.into_iter().map(|(_, i)| i).collect()
    }

    pub(super) fn open_finder(&mut self) {
        self.finder = FinderState::default();
        self.open(Screen::IndicatorFinder);
    }

    pub(super) fn update_finder(&mut self, action: Action) {
        let matches = self.finder_matches();
        let last = matches.len().saturating_sub(1);
        let f = &mut self.finder;
        match action {
            Action::Back => self.go_back(),
            Action::Up => f.selected = f.selected.saturating_sub(1),
            Action::Down => f.selected = (f.selected + 1).min(last),
            Action::PageUp | Action::Home => f.selected = 0,
            Action::PageDown | Action::End => f.selected = last,
            Action::Open => match matches.get(f.selected) {
                Some(&i) => {
                    self.go_back();
                    self.go_to_indicator(i);
                }
                None => self.say(Level::Error, "Không có chỉ tiêu nào khớp"),
            },
            other => {
                if text_field::edit(&mut f.input, other) {
                    f.selected = 0;
                }
            }
        }
    }

    /// Show indicator `i` on the current screen.
    fn go_to_indicator(&mut self, i: usize) {
        match self.screen {
            Screen::Entry => self.entry_go_to(i),
            Screen::Matrix => self.matrix_go_to(i),
            Screen::Review(_) => self.review_go_to(i),
            _ => {}
        }
    }

    pub(super) fn clamp_finder(&mut self) {
        let last = self.finder_matches().len().saturating_sub(1);
        self.finder.selected = self.finder.selected.min(last);
    }
}
