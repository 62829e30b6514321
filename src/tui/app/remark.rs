//! The report's qualifiers (ước đạt, trên/hơn, khoảng) and a free comment
//! on a figure of Entry or the Matrix (#15 item 2): Ctrl+D, Ctrl+T and
//! Ctrl+G mark or unmark the selected figure, Ctrl+N opens its comment in
//! the same text field as a figure (Enter saves, an emptied field removes
//! it, Esc leaves it). Each is a write of the whole figure, its value as
//! the officer sees it — refused, naming who and when, if another officer
//! changed the value meanwhile — audited and undone like a typed figure.

use tui_input::Input;

use super::cell_edit::{Changed, Editor};
use super::{App, Level};
use crate::model::{Figure, ValueKey};
use crate::store::StoreError;
use crate::tui::action::Qualifier;
use crate::tui::session::{Outcome, SessionError};

/// A qualifier's words (`ước đạt`), as the title line and messages say it.
pub fn qualifier_words(q: Qualifier) -> &'static str {
    match q {
        Qualifier::Estimate => "ước đạt",
        Qualifier::LowerBound => "trên/hơn",
        Qualifier::Approx => "khoảng",
    }
}

fn flag(f: &mut Figure, q: Qualifier) -> &mut bool {
    match q {
        Qualifier::Estimate => &mut f.qualifiers.estimate,
        Qualifier::LowerBound => &mut f.qualifiers.lower_bound,
        Qualifier::Approx => &mut f.qualifiers.approx,
    }
}

impl App {
    /// The selected cell's stored figure, for a qualifier or a comment;
    /// None (and why, on the status line) where there is none to mark or
    /// the officer may not write.
    fn remark_target(&mut self) -> Option<(ValueKey, Figure)> {
        let (_, key) = self.current_key()?;
        if self.refused_here(&key) {
            return None;
        }
        match self.data.figure(&key).cloned() {
            Some(f) => Some((key, f)),
            None => {
                self.say(
                    Level::Info,
                    "Ô chưa có số: nhập số trước, rồi đánh dấu hoặc ghi chú",
                );
                None
            }
        }
    }

    pub(super) fn toggle_qualifier(&mut self, q: Qualifier) {
        let Some((key, old)) = self.remark_target() else {
            return;
        };
        let mut new = old.clone();
        let on = flag(&mut new, q);
        *on = !*on;
        let text = if *on {
            format!("Đã đánh dấu «{}»", qualifier_words(q))
        } else {
            format!("Đã bỏ «{}»", qualifier_words(q))
        };
        self.write_remark(&key, new, Some(old.value), text);
    }

    pub(super) fn open_comment(&mut self) {
        let Some((key, figure)) = self.remark_target() else {
            return;
        };
        let Some((indicator, _)) = self.current_key() else {
            return;
        };
        let mut input = Input::new(figure.note.clone().unwrap_or_default());
        input.handle(tui_input::InputRequest::GoToEnd);
        // Who wrote the figure as it stands, and when: read once, here.
        let by = self.data.last_change(&key).map(|e| Changed {
            value: Some(figure.value),
            by: e.user,
            at_ms: e.at_ms,
        });
        self.editor = Some(Editor {
            key,
            indicator,
            input,
            selected: false,
            seen: Some(figure.value),
            changed: None,
            comment: true,
        });
        let text = match (figure.note.is_some(), by) {
            (true, Some(c)) => format!("Ghi chú của {}{} · Enter: lưu · Esc: thôi", c.by, c.when()),
            _ => "Ghi chú cho ô · Enter: lưu · để trống: xoá · Esc: thôi".to_string(),
        };
        self.say(Level::Info, text);
    }

    /// Enter in the comment field: the figure with its new comment.
    pub(super) fn commit_comment(&mut self) {
        let Some(ed) = self.editor.as_ref() else {
            return;
        };
        let key = ed.key.clone();
        let seen = ed.seen;
        let text = crate::text::normalize::clean(ed.input.value());
        let text = text.trim();
        let Some(old) = self.data.figure(&key).cloned() else {
            self.editor = None;
            self.say(Level::Error, "Không lưu ghi chú: ô vừa bị xoá");
            return;
        };
        let note = (!text.is_empty()).then(|| text.to_string());
        let said = if note.is_some() {
            "Đã lưu ghi chú"
        } else {
            "Đã xoá ghi chú"
        };
        let new = Figure { note, ..old };
        self.write_remark(&key, new, seen, said.to_string());
    }

    fn write_remark(
        &mut self,
        key: &ValueKey,
        new: Figure,
        seen: Option<rust_decimal::Decimal>,
        said: String,
    ) {
        match self.data.commit_remark(key, new, seen) {
            Ok(Outcome::Saved(_)) => {
                self.editor = None;
                self.say(Level::Saved, said);
            }
            Ok(Outcome::Unchanged) => {
                self.editor = None;
                self.message = None;
            }
            Err(SessionError::Store(StoreError::Conflict {
                current, by, at_ms, ..
            })) => {
                // What is typed stays; the other value is shown.
                let c = Changed {
                    value: current.map(|f| f.value),
                    by,
                    at_ms,
                };
                let text = match self.data.cluster.indicator(&key.indicator).cloned() {
                    Some(ind) => format!("Chưa lưu: {}", self.changed_text(&ind, &c)),
                    None => "Chưa lưu: ô vừa được người khác sửa".into(),
                };
                if let Some(ed) = self.editor.as_mut() {
                    ed.seen = c.value;
                }
                self.say(Level::Error, text);
            }
            Err(e) => self.say(Level::Error, e.to_string()),
        }
    }
}
