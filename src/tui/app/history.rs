//! History: every change of the current cell, of the selected indicator's
//! weight from a province's score detail, or of the score sheet shown
//! (F3 on the Score screen's sheet), or of the covenant item selected on
//! the covenant screen (F3 there), oldest first; opened
//! on the newest, and kept current after an undo or redo.

use super::{App, Level, Screen};
use crate::store::AuditEntry;
use crate::tui::action::Action;
use crate::tui::layout;
use crate::tui::vn;

#[derive(Debug, Default)]
pub struct HistoryState {
    pub subject: Option<HistorySubject>,
    pub entries: Vec<AuditEntry>,
    /// The selected entry.
    pub selected: usize,
    /// The cell is a merged unit's same period last year: how the figure
    /// shown was made (its parts), listed above the cell's own changes.
    pub composed: Option<ComposedDetail>,
}

/// Whose changes the History screen lists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HistorySubject {
    /// One cell's values (F3 in Entry or the Matrix).
    Cell(crate::model::ValueKey),
    /// One unit's score sheet (F3 on the sheet): its points, reasons and
    /// moves.
    Sheet(crate::store::ScoringSubject),
    /// One item of the covenant (F3 on the covenant screen): a criterion
    /// in every year, a unit's membership in every year, or a unit's
    /// versions.
    Covenant(crate::store::HistoryOf),
}

impl App {
    pub(super) fn open_history(&mut self) {
        let subject = match self.screen {
            Screen::Review(_) if self.review.covenant.sheet.is_some() => {
                let Some(sheet) = self.review.covenant.sheet.as_ref() else {
                    return;
                };
                HistorySubject::Sheet(crate::store::ScoringSubject::Sheet {
                    period: self.data.period,
                    unit: sheet.unit.clone(),
                })
            }
            Screen::Covenant => match self.covenant_history_subject() {
                Some(of) => HistorySubject::Covenant(of),
                None => {
                    self.say(Level::Info, "Chưa có mục nào để xem lịch sử");
                    return;
                }
            },
            Screen::Review(_) => {
                self.say(
                    Level::Info,
                    "Lịch sử điểm: mở bảng chấm điểm một đơn vị (Enter trên màn Điểm), rồi F3",
                );
                return;
            }
            _ => match self.current_key() {
                Some((_, key)) => HistorySubject::Cell(key),
                None => return,
            },
        };
        match self.history_of(&subject) {
            Ok(entries) => {
                self.history = HistoryState {
                    composed: self.composed_here(),
                    subject: Some(subject),
                    selected: entries.len().saturating_sub(1),
                    entries,
                };
                self.open(Screen::History);
            }
            Err(e) => self.say(Level::Error, e.to_string()),
        }
    }

    fn history_of(
        &self,
        subject: &HistorySubject,
    ) -> Result<Vec<AuditEntry>, crate::tui::session::SessionError> {
        match subject {
            HistorySubject::Cell(key) => self.data.history(key),
            HistorySubject::Sheet(of) => Ok(self.data.store().scoring_history(of)?),
            HistorySubject::Covenant(of) => Ok(self.data.store().covenant_history(of)?),
        }
    }

    /// After an undo or redo: the list again, on the newest entry.
    pub(super) fn refresh_history(&mut self) {
        if let Some(subject) = self.history.subject.clone()
            && let Ok(entries) = self.history_of(&subject)
        {
            self.history.selected = entries.len().saturating_sub(1);
            self.history.entries = entries;
        }
    }

    /// History lists a sheet's changes (undo does not apply there).
    pub(super) fn showing_sheet_history(&self) -> bool {
        self.screen == Screen::History
            && matches!(self.history.subject, Some(HistorySubject::Sheet(_)))
    }

    /// History lists a covenant item's changes (F3 on the covenant screen).
    pub(super) fn showing_covenant_history(&self) -> bool {
        self.screen == Screen::History
            && matches!(self.history.subject, Some(HistorySubject::Covenant(_)))
    }

    pub(super) fn move_in_history(&mut self, action: Action) {
        let page = layout::history_rows(self.size);
        let last = self.history.entries.len().saturating_sub(1);
        let s = &mut self.history.selected;
        match action {
            Action::Up => *s = s.saturating_sub(1),
            Action::Down => *s = (*s + 1).min(last),
            Action::PageUp => *s = s.saturating_sub(page),
            Action::PageDown => *s = (*s + page).min(last),
            Action::Home => *s = 0,
            Action::End => *s = last,
            _ => {}
        }
    }

    pub(super) fn clamp_history(&mut self) {
        let last = self.history.entries.len().saturating_sub(1);
        self.history.selected = self.history.selected.min(last);
    }
}

/// How the selected same-period-last-year figure of a merged unit was
/// made: what is said of it and its parts (unit, figure), for the title
/// line and the History/detail view.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ComposedDetail {
    /// "gộp từ An Giang + Kiên Giang", "không so sánh được (sáp nhập)",
    /// "chưa đủ số liệu (sáp nhập): thiếu Kiên Giang".
    pub remark: String,
    /// Each part as "An Giang 10.000" (a ratio's parts as "61/119"; a part
    /// without its figure as "(chưa có)").
    pub parts: Vec<String>,
}

impl App {
    /// Entry's selected cell is the same period last year of a unit whose
    /// territory then was another's or several: how it was made.
    pub fn composed_here(&self) -> Option<ComposedDetail> {
        if self.screen != Screen::Entry
            || self.entry.column != crate::tui::app::EntryColumn::LastYear
        {
            return None;
        }
        let ind = self.indicator(self.entry_indicator()?)?;
        let data = self.data.period_data();
        let figure = data.last_year(&self.entry.province, ind)?;
        if !figure.composed {
            return None;
        }
        let units = &self.data.cluster.basis.as_ref()?.covenant.units;
        let remark = figure.remark(units)?;
        let parts = figure
            .parts
            .iter()
            .map(|part| {
                let name = units
                    .unit(&part.unit)
                    .map_or(part.unit.as_str(), |u| u.name_in(figure.then));
                let values: Vec<String> = part
                    .inputs
                    .iter()
                    .map(|(_, v)| v.map_or_else(|| "(chưa có)".into(), |v| vn::number_exact(v, 0)))
                    .collect();
                format!("{name} {}", values.join("/"))
            })
            .collect();
        Some(ComposedDetail { remark, parts })
    }
}
