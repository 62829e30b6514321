//! The period picker (F7, Ctrl+P): the periods that hold figures, or one
//! typed in (`2021-H2`); Enter shows it.

use tui_input::Input;

use super::{App, Level, Screen, text_field};
use crate::model::Period;
use crate::tui::action::Action;

#[derive(Debug, Default)]
pub struct PickerState {
    pub input: Input,
    pub periods: Vec<Period>,
    pub selected: usize,
}

impl App {
    pub(super) fn open_picker(&mut self) {
        // The list is the store's; without it a period can still be typed.
        let periods = match self.data.periods() {
            Ok(list) => list,
            Err(e) => {
                self.say(
                    Level::Error,
                    format!("Không đọc được danh sách kỳ ({e}); gõ kỳ cần xem (VD: 2021-H2)"),
                );
                vec![self.data.period]
            }
        };
        let selected = periods
            .iter()
            .position(|p| *p == self.data.period)
            .unwrap_or(0);
        self.picker = PickerState {
            input: Input::default(),
            periods,
            selected,
        };
        self.open(Screen::PeriodPicker);
    }

    pub(super) fn update_picker(&mut self, action: Action) {
        let last = self.picker.periods.len().saturating_sub(1);
        let sel = &mut self.picker.selected;
        match action {
            Action::Back => self.go_back(),
            Action::Up => *sel = sel.saturating_sub(1),
            Action::Down => *sel = (*sel + 1).min(last),
            Action::PageUp | Action::Home => *sel = 0,
            Action::PageDown | Action::End => *sel = last,
            Action::Open => {
                let typed = self.picker.input.value().trim().to_string();
                let chosen = if typed.is_empty() {
                    self.picker.periods.get(self.picker.selected).copied()
                } else {
                    match typed.parse::<Period>() {
                        Ok(p) => Some(p),
                        Err(e) => {
                            self.say(Level::Error, e.to_string());
                            return;
                        }
                    }
                };
                if let Some(p) = chosen {
                    self.set_period(p);
                    self.go_back();
                }
            }
            other => {
                text_field::edit(&mut self.picker.input, other);
            }
        }
    }

    pub(super) fn clamp_picker(&mut self) {
        let last = self.picker.periods.len().saturating_sub(1);
        self.picker.selected = self.picker.selected.min(last);
    }
}
