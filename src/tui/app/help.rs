//! Help: every key of every mode (from the key table), scrolled a line or a
//! page at a time; F1 opens and closes it.

use super::{App, Screen};
use crate::tui::action::Action;
use crate::tui::{keys, layout};

impl App {
    pub(super) fn toggle_help(&mut self) {
        if self.screen == Screen::Help {
            self.go_back();
        } else {
            self.help_offset = 0;
            self.open(Screen::Help);
        }
    }

    /// Help and History: read, scroll, leave.
    pub(super) fn update_reader(&mut self, action: Action) {
        if action == Action::Back {
            self.go_back();
        } else if let Action::EditWith(c) = action {
            self.no_cell_here(c);
        } else if self.screen == Screen::Help {
            self.scroll_help(action);
        } else {
            self.move_in_history(action);
        }
    }

    fn scroll_help(&mut self, action: Action) {
        let page = layout::help_rows(self.size);
        let o = &mut self.help_offset;
        match action {
            Action::Up => *o = o.saturating_sub(1),
            Action::Down => *o += 1,
            Action::PageUp => *o = o.saturating_sub(page),
            Action::PageDown => *o += page,
            Action::Home => *o = 0,
            // The last page; `clamp_help` says where it starts.
            Action::End => *o = usize::MAX,
            _ => {}
        }
    }

    /// No page past the last line: the last page starts where it ends the
    /// list (End then Up scrolls up at once).
    pub(super) fn clamp_help(&mut self) {
        // The key table's lines, and the one saying where the data is.
        let lines = keys::help_lines().len() + 1;
        let last_page = lines.saturating_sub(layout::help_rows(self.size));
        self.help_offset = self.help_offset.min(last_page);
    }
}
