//! Provinces: the members, filtered as the officer types (accent-free);
//! Enter opens the selected one's Entry. Each member's figures of the
//! period are `chưa nhập` / `đang nhập` / `đã nộp`: F2 hands the selected
//! unit's figures in (after a question; an admin reopens a handed-in one
//! with a reason), F9 locks the period (an admin, after a question) or
//! unlocks it (with a reason typed in a text field).

use tui_input::Input;

use super::{App, Level, Pending, Screen, text_field};
use crate::model::Province;
use crate::store::{AuditEntry, PeriodAct, PeriodChange, PeriodEvent, StoreError, UnitState};
use crate::tui::action::{Action, Step};
use crate::tui::clock;
use crate::tui::layout;
use crate::tui::vn;

/// Province list: filter text and selection among the filtered.
#[derive(Debug, Default)]
pub struct ProvincesState {
    pub filter: Input,
    /// Index among [`App::filtered_provinces`].
    pub selected: usize,
    /// The reason being typed for an unlock or a reopening.
    pub reason: Option<ReasonPrompt>,
}

/// A reason asked for before an unlock or a reopening (required, audited).
#[derive(Debug)]
pub struct ReasonPrompt {
    /// What the reason is for, its reason still empty.
    pub act: PeriodAct,
    pub input: Input,
}

impl ReasonPrompt {
    /// The field's label (`Lý do mở khoá kỳ 2021-H1: `).
    pub fn label(&self) -> String {
        match &self.act {
            PeriodAct::Reopen { period, unit, .. } => {
                format!("Lý do mở lại {unit} kỳ {period}: ")
            }
            _ => format!("Lý do mở khoá kỳ {}: ", self.act.period()),
        }
    }
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
            Action::Submit => self.ask_submit(),
            Action::ToggleLock => self.ask_lock(),
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

/// Submission and lock on the Provinces screen.
impl App {
    /// Whether hand-in (and lock) keys are offered: not to a viewer.
    pub fn may_hand_in(&self) -> bool {
        !matches!(self.data.role(), Some(crate::store::Role::Viewer))
    }

    /// A reason is being typed (the keys are the text field's).
    pub fn typing_reason(&self) -> bool {
        self.provinces.reason.is_some()
    }

    /// After every action: the period's status is fetched where the period
    /// changed (or, the Provinces screen shown, its counts did), and a
    /// reopening by the officer's own write is said.
    pub(super) fn follow_period_status(&mut self) {
        self.data
            .sync_period_status(self.screen == Screen::Provinces);
        if let Some((period, unit)) = self.data.take_reopened() {
            let text = match &self.message {
                Some(m) if m.level == Level::Saved => format!("{} · ", m.text),
                _ => String::new(),
            };
            self.say(
                Level::Saved,
                format!(
                    "{text}{unit} kỳ {period} đã nộp nên chuyển về «đang nhập»; \
                     nộp lại: F2 ở danh sách tỉnh"
                ),
            );
        }
    }

    fn selected_unit(&self) -> Option<Province> {
        self.filtered_provinces()
            .get(self.provinces.selected)
            .map(|p| (*p).clone())
    }

    /// F2: hand in the selected unit's figures (asked first); an admin on a
    /// handed-in unit reopens it, with a reason.
    fn ask_submit(&mut self) {
        let Some(unit) = self.selected_unit() else {
            return;
        };
        let period = self.data.period;
        if let Err(why) = self.data.may_submit(&unit.code) {
            self.say(Level::Error, format!("Không nộp được: {why}"));
            return;
        }
        if let Some(m) = self.data.period_lock() {
            let text = format!(
                "Kỳ {period} đã chốt số liệu bởi {} lúc {}; không nộp hay mở lại được",
                m.by,
                clock::date_time(m.at_ms)
            );
            self.say(Level::Error, text);
            return;
        }
        let status = self
            .data
            .period_status()
            .and_then(|s| s.unit(&unit.code))
            .cloned();
        match status.as_ref().map(|s| (s.state(), s)) {
            Some((UnitState::Submitted, s)) => {
                let mark = s.submitted.clone();
                if self.data.may_lock().is_ok() {
                    self.provinces.reason = Some(ReasonPrompt {
                        act: PeriodAct::Reopen {
                            period,
                            unit: unit.code.clone(),
                            reason: String::new(),
                        },
                        input: Input::default(),
                    });
                    self.message = None;
                } else if let Some(m) = mark {
                    self.say(
                        Level::Info,
                        format!(
                            "{} đã nộp kỳ {period} ({} lúc {}); sửa một số liệu sẽ mở lại",
                            unit.name,
                            m.by,
                            clock::date_time(m.at_ms)
                        ),
                    );
                }
            }
            Some((UnitState::Empty, _)) | None => self.say(
                Level::Info,
                format!(
                    "{} chưa có số liệu nào kỳ {period}: chưa có gì để nộp",
                    unit.name
                ),
            ),
            Some((UnitState::Entering, s)) => {
                let question = format!(
                    "Nộp {} số liệu kỳ {period} của {}? Enter: nộp · Esc: thôi",
                    s.figures, unit.name
                );
                self.pending = Some(Pending::Period {
                    act: PeriodAct::Submit {
                        period,
                        unit: unit.code,
                    },
                    question,
                });
            }
        }
    }

    /// F9: lock the period (asked first) or unlock it (with a reason).
    fn ask_lock(&mut self) {
        if let Err(why) = self.data.may_lock() {
            self.say(Level::Error, format!("Không chốt được: {why}"));
            return;
        }
        let period = self.data.period;
        if self.data.period_lock().is_some() {
            self.provinces.reason = Some(ReasonPrompt {
                act: PeriodAct::Unlock {
                    period,
                    reason: String::new(),
                },
                input: Input::default(),
            });
            self.message = None;
            return;
        }
        let (handed, all) = self.data.period_status().map_or((0, 0), |s| {
            let handed = s
                .units
                .iter()
                .filter(|u| u.state() == UnitState::Submitted)
                .count();
            (handed, s.units.len())
        });
        self.pending = Some(Pending::Period {
            act: PeriodAct::Lock {
                period,
                reason: None,
            },
            question: format!(
                "Chốt kỳ {period} (đã nộp {handed}/{all})? Không ai sửa được nữa. \
                 Enter: chốt · Esc: thôi"
            ),
        });
    }

    /// The keys while a reason is typed: Enter carries out the act, Esc
    /// gives up, the rest edit the field.
    pub(super) fn update_reason(&mut self, action: Action) {
        match action {
            Action::Cancel => {
                self.provinces.reason = None;
                self.say(Level::Info, "Thôi, không làm gì");
            }
            Action::Commit(Step::Down) => {
                let Some(prompt) = self.provinces.reason.as_ref() else {
                    return;
                };
                let reason = prompt.input.value().trim().to_string();
                if reason.is_empty() {
                    self.say(Level::Error, "Cần ghi lý do (bắt buộc, lưu vào nhật ký)");
                    return;
                }
                let act = match prompt.act.clone() {
                    PeriodAct::Reopen { period, unit, .. } => PeriodAct::Reopen {
                        period,
                        unit,
                        reason,
                    },
                    PeriodAct::Unlock { period, .. } => PeriodAct::Unlock { period, reason },
                    other => other,
                };
                if self.carry_out(act) {
                    self.provinces.reason = None;
                }
            }
            Action::Commit(_) => {}
            other => {
                if let Some(p) = self.provinces.reason.as_mut() {
                    text_field::edit(&mut p.input, other);
                }
            }
        }
    }

    /// The answer to the hand-in or lock question.
    pub(super) fn answer_period(&mut self, yes: bool, act: PeriodAct) {
        if !yes {
            self.say(Level::Info, "Thôi, không làm gì");
            return;
        }
        self.carry_out(act);
    }

    /// Send `act`; true when the store took it (or it was so already).
    fn carry_out(&mut self, act: PeriodAct) -> bool {
        let name = |app: &App, code: &str| {
            app.data
                .cluster
                .province(code)
                .map_or(code.to_string(), |p| p.name.clone())
        };
        let period = act.period();
        match self.data.change_period(act.clone()) {
            Ok(done) => {
                let text = match (&act, done.is_some()) {
                    (PeriodAct::Submit { unit, .. }, true) => {
                        format!("Đã nộp số liệu kỳ {period} của {}", name(self, unit))
                    }
                    (PeriodAct::Submit { unit, .. }, false) => {
                        format!("{} đã nộp kỳ {period} từ trước", name(self, unit))
                    }
                    (PeriodAct::Reopen { unit, .. }, true) => {
                        format!("Đã mở lại {} kỳ {period}: «đang nhập»", name(self, unit))
                    }
                    (PeriodAct::Reopen { unit, .. }, false) => {
                        format!("{} kỳ {period} chưa nộp", name(self, unit))
                    }
                    (PeriodAct::Lock { .. }, true) => format!("Đã chốt số liệu kỳ {period}"),
                    (PeriodAct::Lock { .. }, false) => format!("Kỳ {period} đã chốt từ trước"),
                    (PeriodAct::Unlock { .. }, true) => format!("Đã mở khoá kỳ {period}"),
                    (PeriodAct::Unlock { .. }, false) => format!("Kỳ {period} chưa chốt"),
                };
                self.say(Level::Saved, text);
                true
            }
            Err(e @ StoreError::Invalid(_)) => {
                // A reason the store refuses can be typed again.
                self.say(Level::Error, e.to_string());
                false
            }
            Err(e) => {
                self.say(Level::Error, e.to_string());
                true
            }
        }
    }

    /// A lock or a submission pushed by the server: the status follows
    /// (in the session); an editor open on a cell the lock now freezes
    /// says so at once and keeps what is typed (Enter is refused by the
    /// server, naming the locker).
    pub(super) fn period_changed(&mut self, entry: &AuditEntry, c: &PeriodChange) {
        let Some(ed) = self.editor.as_ref() else {
            return;
        };
        if !matches!(c.event, PeriodEvent::Locked { .. })
            || !crate::store::period::freezes(c.period, &ed.key)
        {
            return;
        }
        self.say(
            Level::Error,
            format!(
                "Kỳ {} vừa được {} chốt số liệu lúc {}: ô này không lưu được nữa \
                 (Esc: bỏ; chữ đang gõ vẫn giữ)",
                c.period,
                entry.user,
                clock::time_of_day(entry.at_ms)
            ),
        );
    }
}
