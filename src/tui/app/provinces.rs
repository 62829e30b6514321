//! Provinces: the members, filtered as the officer types (accent-free);
//! Enter opens the selected one's Entry.

use tui_input::Input;

use super::{App, Screen, text_field};
use crate::model::Province;
use crate::tui::action::Action;
use crate::tui::layout;
use crate::tui::vn;

/// Province list: filter text and selection among the filtered.
#[derive(Debug, Default)]
pub struct ProvincesState {
    pub filter: Input,
    /// Index among [`App::filtered_provinces`].
    pub selected: usize,
}

impl App {
    /// Provinces matching the filter, best match first, then alphabetical.
    pub fn filtered_provinces(&self) -> Vec<&Province> {
        vn::filter(
            self.provinces.filter.value(),
            &self.data.provinces,
            |p| p.name.as_str(),
            |p| p.code.as_str(),
        )
    }

    pub(super) fn update_provinces(&mut self, action: Action) {
        let count = self.filtered_provinces().len();
        let page = layout::province_rows(self.size);
        let last = count.saturating_sub(1);
        let sel = &mut self.provinces.selected;
        match action {
            Action::Up => *sel = sel.saturating_sub(1),
            Action::Down => *sel = (*sel + 1).min(last),
            Action::PageUp => *sel = sel.saturating_sub(page),
            Action::PageDown => *sel = (*sel + page).min(last),
            Action::Home => *sel = 0,
            Action::End => *sel = last,
            Action::Open => {
                let code = self
                    .filtered_provinces()
                    .get(self.provinces.selected)
                    .map(|p| p.code.clone());
                if let Some(code) = code {
                    if code != self.entry.province {
                        // Another province opens on its first row: the
                        // previous one's row is not where its figures go.
                        self.entry.to_first_row();
                    }
                    self.entry.province = code;
                    self.open(Screen::Entry);
                }
            }
            Action::EditWith(c) => self.no_cell_here(c),
            Action::Back => {
                if !self.provinces.filter.value().is_empty() {
                    self.provinces.filter.reset();
                    self.provinces.selected = 0;
                }
            }
            other => {
                if text_field::edit(&mut self.provinces.filter, other) {
                    self.provinces.selected = 0;
                }
            }
        }
    }

    /// F10: the whole list, on the province last opened.
    pub(super) fn show_provinces(&mut self) {
        self.provinces.filter.reset();
        self.provinces.selected = self
            .filtered_provinces()
            .iter()
            .position(|p| p.code == self.entry.province)
            .unwrap_or(0);
        self.open(Screen::Provinces);
    }

    pub(super) fn clamp_provinces(&mut self) {
        let last = self.filtered_provinces().len().saturating_sub(1);
        self.provinces.selected = self.provinces.selected.min(last);
    }
}
