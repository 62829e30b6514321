//! The report's qualifiers (ước đạt, trên/hơn, khoảng) and a free comment
//! on a figure of Entry or the Matrix (#15 item 2): Ctrl+D, Ctrl+T and
//! Ctrl+G mark or unmark the selected figure, Ctrl+N opens its comment in
//! the same text field as a figure (Enter saves, an emptied field removes
//! it, Esc leaves it). Each is a write of the whole figure, checked
//! against the whole figure the officer saw (the comment field: when it
//! opened) — refused, naming what another officer changed meanwhile (the
//! value, a mark, the comment), who and when — audited and undone like a
//! typed figure. The comment's refusal is a question: Enter again writes
//! it over theirs (audited as a knowing overwrite), Esc keeps theirs.

use tui_input::Input;

use super::cell_edit::{Changed, Editor, Pending};
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
        // Checked against the figure as the screen shows it: another
        // officer's comment or mark not shown yet refuses the mark, and the
        // cell then shows theirs (the key again marks their figure).
        self.write_remark(&key, new, Some(old), text);
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
            ..Changed::default()
        });
        let has_note = figure.note.is_some();
        self.editor = Some(Editor {
            key,
            indicator,
            input,
            selected: false,
            seen: Some(figure),
            changed: None,
            comment: true,
        });
        let text = match (has_note, by) {
            (true, Some(c)) => format!("Ghi chú của {}{} · Enter: lưu · Esc: thôi", c.by, c.when()),
            _ => "Ghi chú cho ô · Enter: lưu · để trống: xoá · Esc: thôi".to_string(),
        };
        self.say(Level::Info, text);
    }

    /// Enter in the comment field: the figure with its new comment,
    /// checked against the whole figure seen when the field opened. Another
    /// officer's change since (their comment, a mark, the value) is asked
    /// about first, naming it: Enter again writes over it, Esc keeps it.
    pub(super) fn commit_comment(&mut self) {
        let Some(ed) = self.editor.as_ref() else {
            return;
        };
        let key = ed.key.clone();
        let seen = ed.seen.clone();
        let note = typed_note(ed.input.value());
        let Some(current) = self.data.figure(&key).cloned() else {
            self.editor = None;
            self.say(Level::Error, "Không lưu ghi chú: ô vừa bị xoá");
            return;
        };
        if current.note == note {
            // Nothing to write, whoever stored it.
            self.editor = None;
            self.message = None;
            return;
        }
        if Some(&current) != seen.as_ref() {
            let changed = self.changed_in_editor(&key, Some(current));
            self.ask_comment_over(&key, note, &changed);
            return;
        }
        let said = if note.is_some() {
            "Đã lưu ghi chú"
        } else {
            "Đã xoá ghi chú"
        };
        let new = Figure { note, ..current };
        self.write_remark(&key, new, seen, said.to_string());
    }

    /// Ask before writing the comment being typed (`note`) over another
    /// officer's change.
    fn ask_comment_over(&mut self, key: &ValueKey, note: Option<String>, changed: &Changed) {
        match self.data.cluster.indicator(&key.indicator).cloned() {
            Some(ind) => self.ask_remark_over(&ind, note, changed),
            None => self.say(Level::Error, "Chưa lưu: ô vừa được người khác sửa"),
        }
    }

    /// `Chưa lưu: B sửa ghi chú lúc 09:14 · Enter: ghi đè ghi chú · Esc:
    /// giữ`; the comment goes on their figure as it stands.
    pub(super) fn ask_remark_over(
        &mut self,
        ind: &crate::model::Indicator,
        note: Option<String>,
        changed: &Changed,
    ) {
        let Some(theirs) = changed.figure.clone() else {
            // They cleared the cell: no figure to comment on.
            self.editor = None;
            self.say(
                Level::Error,
                format!("Không lưu ghi chú: {}", self.changed_text(ind, changed)),
            );
            return;
        };
        let text = self.changed_text(ind, changed);
        // Who, what and when first: an 80-column line ends there.
        let question = format!(
            "Chưa lưu: {} · Enter: ghi đè ghi chú · Esc: giữ",
            text.strip_prefix("Ô vừa được ").unwrap_or(&text)
        );
        self.pending = Some(Pending::Remark {
            figure: Figure { note, ..theirs },
            question,
        });
    }

    /// The answer to the comment's overwrite question: Enter writes it
    /// over the other officer's figure (audited as a knowing overwrite),
    /// Esc closes the field and keeps theirs.
    pub(super) fn answer_remark_over(&mut self, yes: bool, figure: Figure) {
        let Some(ed) = self.editor.as_ref() else {
            return;
        };
        let key = ed.key.clone();
        let changed = ed.changed.clone();
        let by = changed.as_ref().map(|c| c.by.clone());
        if !yes {
            self.editor = None;
            let text = match changed {
                Some(c) if c.what.contains(&crate::model::difference::Aspect::Comment) => {
                    format!("Giữ ghi chú của {}", c.by)
                }
                Some(c) => format!("Không lưu ghi chú; ô giữ như {} đã sửa", c.by),
                None => "Giữ ghi chú đang lưu".to_string(),
            };
            self.say(Level::Info, text);
            return;
        }
        let theirs = self.data.figure(&key).cloned();
        let said = match by {
            Some(by) => format!("Đã ghi đè ghi chú (thay của {by})"),
            None => "Đã ghi đè ghi chú".to_string(),
        };
        self.write_remark_as(&key, figure, theirs, said, true);
    }

    fn write_remark(&mut self, key: &ValueKey, new: Figure, seen: Option<Figure>, said: String) {
        self.write_remark_as(key, new, seen, said, false);
    }

    fn write_remark_as(
        &mut self,
        key: &ValueKey,
        new: Figure,
        seen: Option<Figure>,
        said: String,
        overwrite: bool,
    ) {
        match self
            .data
            .commit_remark(key, new.clone(), seen.clone(), overwrite)
        {
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
                // What is typed stays; the other figure is shown (the
                // session holds it now), and what the editor saw stays
                // what it saw.
                let opened = match self.editor.as_ref() {
                    Some(ed) if ed.comment && &ed.key == key => ed.seen.clone(),
                    _ => seen,
                };
                let c = Changed::cell(by, at_ms, opened.as_ref(), current);
                let in_comment = self.editor.as_ref().is_some_and(|e| e.comment);
                if let Some(ed) = self.editor.as_mut() {
                    ed.changed = Some(c.clone());
                }
                if in_comment {
                    self.ask_comment_over(key, new.note, &c);
                    return;
                }
                let text = match self.data.cluster.indicator(&key.indicator).cloned() {
                    Some(ind) => format!("Chưa lưu: {}", self.changed_text(&ind, &c)),
                    None => "Chưa lưu: ô vừa được người khác sửa".into(),
                };
                self.say(Level::Error, text);
            }
            Err(e) => self.say(Level::Error, e.to_string()),
        }
    }
}

/// The comment as typed, cleaned; None when the field was emptied.
fn typed_note(text: &str) -> Option<String> {
    let text = crate::text::normalize::clean(text);
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_string())
}
