//! The review screens inside the application: map the key table's actions
//! to `ReviewAction`s, and carry out what the screens ask for — a weight
//! written through the audited store, an OSC 52 sequence for the run loop,
//! a message on the status line.

use super::{App, Level, Screen};
use crate::tui::action::Action;
use crate::tui::views::review::{self, Outcome, ReviewAction};

impl App {
    /// A weight is being typed in the score detail.
    pub fn editing_weight(&self) -> bool {
        matches!(self.screen, Screen::Review(review::ReviewScreen::Score))
            && self
                .review
                .score
                .detail
                .as_ref()
                .is_some_and(|d| d.weight_input.is_some())
    }

    /// The indicator selected in a province's score detail, if one is open.
    pub(super) fn selected_weight(&self) -> Option<String> {
        if self.screen != Screen::Review(review::ReviewScreen::Score) {
            return None;
        }
        let detail = self.review.score.detail.as_ref()?;
        let list = self.data.period_data().scored_indicators();
        list.get(detail.row).map(|ind| ind.code.clone())
    }

    pub(super) fn update_review(&mut self, action: Action) {
        let Screen::Review(screen) = self.screen else {
            return;
        };
        let editing = self.editing_weight();
        let mapped = match action {
            Action::NextColumn if !editing => {
                self.screen = Screen::Review(screen.cycle(true));
                return;
            }
            Action::PrevColumn if !editing => {
                self.screen = Screen::Review(screen.cycle(false));
                return;
            }
            Action::Up => ReviewAction::Up,
            Action::Down => ReviewAction::Down,
            Action::PageUp => ReviewAction::PageUp,
            Action::PageDown => ReviewAction::PageDown,
            Action::Home => ReviewAction::Home,
            Action::End => ReviewAction::End,
            Action::Left => ReviewAction::Left,
            Action::Right => ReviewAction::Right,
            Action::Open | Action::Commit(_) => ReviewAction::Open,
            Action::Back | Action::Cancel => ReviewAction::Back,
            Action::Edit => ReviewAction::EditWeight,
            Action::EditWith(c) | Action::Insert(c) => ReviewAction::Insert(c),
            Action::DeleteBack => ReviewAction::DeleteBack,
            Action::ToggleChart => ReviewAction::ToggleChart,
            Action::Copy => ReviewAction::Copy,
            _ => return,
        };
        let data = self.data.period_data();
        match review::update(screen, &mut self.review, &data, mapped) {
            Outcome::Handled => {}
            Outcome::Leave => self.go_back(),
            Outcome::Copy(copy) => {
                self.clipboard = Some(copy.sequence);
                // The full message names the table and the report command;
                // an 80-column status line only has room for the short one.
                let text = if self.size.width >= 160 {
                    copy.message
                } else {
                    copy.short
                };
                self.say(Level::Info, text);
            }
            Outcome::SetWeight { indicator, weight } => {
                match self.data.set_weight(&indicator, weight) {
                    Ok(text) => self.say(Level::Saved, text),
                    Err(e) => self.say(Level::Error, e),
                }
            }
        }
    }
}
