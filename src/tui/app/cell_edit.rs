//! Typing figures into the cells of Entry and the Matrix: the editor
//! opened by a digit or F2, the commit (checked, written through the
//! session, the selection moved on), clearing after a question, and undo
//! and redo of this session's saved edits.

use tui_input::Input;

use super::{App, Level, Screen, text_field};
use crate::model::{Derivation, Kind, Refusal, ValueKey};
use crate::tui::action::{Action, Step};
use crate::tui::session::Outcome;
use crate::tui::vn;

/// The cell being typed into.
#[derive(Debug)]
pub struct Editor {
    pub key: ValueKey,
    pub indicator: usize,
    pub input: Input,
}

/// A question waiting on the status line.
#[derive(Debug, Clone, PartialEq)]
pub enum Pending {
    Clear(ValueKey),
}

impl App {
    /// The cell under the selection of the current screen, with its
    /// indicator's index.
    pub fn current_key(&self) -> Option<(usize, ValueKey)> {
        match self.screen {
            Screen::Entry => {
                let i = self.entry_indicator()?;
                let ind = self.indicator(i)?;
                Some((i, self.entry_key(ind, self.entry.column)?))
            }
            Screen::Matrix => Some((self.matrix.column, self.matrix_key()?)),
            _ => None,
        }
    }

    /// Entry and the Matrix, between edits.
    pub(super) fn update_table(&mut self, action: Action) {
        match action {
            Action::Back => self.go_back(),
            Action::Insert(c) => self.say(
                Level::Info,
                format!("«{c}» không phải số: gõ số để nhập (1.234,5); Ctrl+F tìm chỉ tiêu"),
            ),
            Action::Edit => self.start_edit(None),
            Action::EditWith(c) => self.start_edit(Some(c)),
            Action::Paste(text) => {
                // Pasting on a cell types the pasted figure into it.
                self.start_edit(None);
                if let Some(ed) = self.editor.as_mut() {
                    ed.input.reset();
                    text_field::paste(&mut ed.input, &text);
                }
            }
            Action::Clear => self.ask_clear(),
            movement => {
                if self.on_entry() {
                    self.move_entry(movement);
                } else {
                    self.move_matrix(movement);
                }
            }
        }
    }

    /// Delete on a cell: ask first; on an empty cell say why nothing happens.
    fn ask_clear(&mut self) {
        let Some((indicator, key)) = self.current_key() else {
            return;
        };
        if self.data.figure(&key).is_some() {
            self.pending = Some(Pending::Clear(key));
            return;
        }
        let shown = self.indicator(indicator).and_then(|ind| {
            let derivation = self.data.cluster.derivation(ind)?;
            self.data
                .figures
                .shown_actual(&self.data.cluster, key.period, &key.province, ind)
                .filter(|s| s.is_derived() && key.kind == Kind::Actual)?;
            let name = |code: &str| {
                self.data
                    .cluster
                    .indicator(code)
                    .map_or(code.to_string(), |i| format!("«{}»", i.name))
            };
            Some(match derivation {
                Derivation::ShareOfPlan { base } => name(base),
                Derivation::Ratio {
                    numerator,
                    denominator,
                } => format!("{} ÷ {}", name(numerator), name(denominator)),
            })
        });
        let text = match shown {
            // The point first: a narrow status line cuts the end.
            Some(how) => format!("Không có gì để xoá: số tính từ {how}"),
            None => "Ô trống: không có gì để xoá".to_string(),
        };
        self.say(Level::Info, text);
    }

    fn start_edit(&mut self, first: Option<char>) {
        let Some((indicator, key)) = self.current_key() else {
            return;
        };
        let text = match first {
            Some(c) => c.to_string(),
            None => self
                .data
                .figure(&key)
                .map(|f| match self.indicator(indicator) {
                    Some(i) => vn::number_exact(f.value, i.decimals),
                    None => vn::number(f.value, 0),
                })
                .unwrap_or_default(),
        };
        self.editor = Some(Editor {
            key,
            indicator,
            input: Input::new(text),
        });
    }

    pub(super) fn update_editor(&mut self, action: Action) {
        match action {
            Action::Cancel => {
                self.editor = None;
                self.message = None;
            }
            Action::Commit(step) => self.commit(step),
            other => {
                if let Some(ed) = self.editor.as_mut() {
                    text_field::edit(&mut ed.input, other);
                }
            }
        }
    }

    fn commit(&mut self, step: Step) {
        let Some(ed) = self.editor.as_ref() else {
            return;
        };
        let Some(ind) = self.indicator(ed.indicator) else {
            self.editor = None;
            return;
        };
        let typed = ed.input.value().trim();
        let value = if typed.is_empty() {
            None
        } else {
            match vn::parse_for(ind, typed) {
                Ok(v) => match ind.refusal(ed.key.kind, v) {
                    None => Some(v),
                    Some(Refusal::OutOfRange) => {
                        let message = format!(
                            "Ngoài khoảng cho phép: từ {} đến {} {}",
                            vn::number_exact(ind.min, ind.decimals),
                            vn::number_exact(ind.max, ind.decimals),
                            ind.unit
                        );
                        self.say(Level::Error, message);
                        return;
                    }
                    Some(Refusal::NotWhole) => {
                        self.say(Level::Error, format!("Phải là số nguyên ({})", ind.unit));
                        return;
                    }
                },
                Err(e) => {
                    self.say(Level::Error, e.to_string());
                    return;
                }
            }
        };
        let key = ed.key.clone();
        let shown = value.map(|v| vn::number_exact(v, ind.decimals));
        if value.is_none() && self.data.figure(&key).is_some() {
            // An emptied field clears only after the same question as Delete.
            self.editor = None;
            self.pending = Some(Pending::Clear(key));
            return;
        }
        match self.data.commit(&key, value) {
            Ok(Outcome::Saved(_)) => {
                self.editor = None;
                // Short: the cell and its marker show what was saved, and
                // every byte of the status line goes over the wire.
                self.say(
                    Level::Saved,
                    format!("Đã lưu {}", shown.unwrap_or_default()),
                );
                self.step_after_commit(step);
            }
            Ok(Outcome::Unchanged) => {
                self.editor = None;
                self.step_after_commit(step);
            }
            Err(e) => self.say(Level::Error, e.to_string()),
        }
    }

    fn step_after_commit(&mut self, step: Step) {
        let action = match (self.screen, step) {
            (_, Step::Stay) => return,
            (_, Step::Down) => Action::Down,
            (_, Step::Up) => Action::Up,
            (Screen::Entry, Step::Right) => Action::NextColumn,
            (Screen::Entry, Step::Left) => Action::PrevColumn,
            (_, Step::Right) => Action::Right,
            (_, Step::Left) => Action::Left,
        };
        self.update_table(action);
    }

    pub(super) fn update_confirm(&mut self, action: Action) {
        let Some(Pending::Clear(key)) = self.pending.take() else {
            return;
        };
        if action != Action::Confirm {
            self.say(Level::Info, "Không xoá");
            return;
        }
        match self.data.commit(&key, None) {
            Ok(_) => self.say(Level::Saved, "Đã xoá giá trị"),
            Err(e) => self.say(Level::Error, e.to_string()),
        }
    }

    /// Undo (or redo) this session's last saved edit.
    pub(super) fn undo(&mut self, undo: bool) {
        if self.editor.is_some() || self.pending.is_some() {
            return;
        }
        // Undo works on figures; a weight is changed back by typing it.
        if self.showing_weight_history() {
            self.say(
                Level::Info,
                "Hoàn tác dùng cho số liệu; sửa trọng số bằng F2 trong chi tiết điểm",
            );
            return;
        }
        let result = if undo {
            self.data.undo()
        } else {
            self.data.redo()
        };
        match result {
            Ok(Some(done)) => {
                let what = if undo {
                    "Đã hoàn tác"
                } else {
                    "Đã làm lại"
                };
                let name = self
                    .data
                    .cluster
                    .indicator(&done.key.indicator)
                    .map(|i| i.name.clone())
                    .unwrap_or_default();
                self.say(Level::Saved, format!("{what}: {name}"));
                self.refresh_history();
            }
            Ok(None) => {
                let what = if undo {
                    "Không còn gì để hoàn tác"
                } else {
                    "Không còn gì để làm lại"
                };
                self.say(Level::Info, what);
            }
            Err(e) => self.say(Level::Error, e.to_string()),
        }
    }
}
