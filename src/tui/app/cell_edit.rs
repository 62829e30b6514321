//! Typing figures into the cells of Entry and the Matrix: the editor
//! opened by a digit or F2 (refused at once where the officer may not
//! write), the commit (checked, written through the session, the
//! selection moved on), clearing after a question, and undo and redo of
//! this session's saved edits.
//!
//! The editor keeps the figure the cell held when it opened: its value is
//! what the write is checked against. Another officer's write to the cell
//! while it is open shows at once and keeps the typed text; Enter then
//! refuses, naming the other value, who and when, and a second Enter
//! overwrites knowingly (audited so), Esc keeps theirs. A write the server
//! refuses as stale (theirs landed between Enter and the commit) is met the
//! same way.
//!
//! Where the other officer changed only a qualifier or the comment, the
//! editor says so too, but the typed value does not conflict with it: it
//! is written over their figure and keeps their marks and comment (the
//! write checked against that figure, so nothing unseen is dropped), and
//! the saved message says whose comment stayed.
//!
//! A figure the plausibility checks doubt (`doubts`) is not saved at the
//! first Enter: the question says why, the typed text stays, Enter again
//! saves it audited as confirmed, Esc goes back to the text. `2,353` on a
//! money figure asks which of the two readings was meant.

use rust_decimal::Decimal;
use tui_input::Input;

use super::{App, Level, Screen, text_field, typed};
use crate::model::difference::{self, Aspect};
use crate::model::{Derivation, Figure, Indicator, Kind, ValueKey};
use crate::store::{AuditEntry, Change, StoreError};
use crate::text::number::format_exact;
use crate::tui::action::{Action, Step};
use crate::tui::clock;
use crate::tui::session::{CellWrite, Outcome, SessionError};
use crate::tui::vn;

/// The cell being typed into.
#[derive(Debug)]
pub struct Editor {
    pub key: ValueKey,
    pub indicator: usize,
    pub input: Input,
    /// The stored value is shown selected: typing replaces it (F2).
    pub selected: bool,
    /// The stored figure when the editor opened, whole: what the write
    /// checks (never refreshed while the editor is open).
    pub seen: Option<Figure>,
    /// Another officer's write to the cell since the editor opened.
    pub changed: Option<Changed>,
    /// The field holds the cell's comment, not its figure (Ctrl+N; see
    /// `remark`).
    pub comment: bool,
}

/// Another officer's write to a cell (or a weight) being edited.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Changed {
    /// What they stored (None: they cleared it).
    pub value: Option<Decimal>,
    pub by: String,
    /// UTC milliseconds (0: not known).
    pub at_ms: i64,
    /// Of a cell: what of the figure differs from the one the officer saw
    /// (empty for a score sheet's point).
    pub what: Vec<Aspect>,
    /// Of a cell: the figure they stored.
    pub figure: Option<Figure>,
}

impl Changed {
    /// A cell that held `seen` for the officer and now holds `now`, as
    /// written by `by` at `at_ms`.
    pub(super) fn cell(by: String, at_ms: i64, seen: Option<&Figure>, now: Option<Figure>) -> Self {
        Changed {
            value: now.as_ref().map(|f| f.value),
            by,
            at_ms,
            what: difference::aspects(seen, now.as_ref()),
            figure: now,
        }
    }

    /// Only a qualifier or the comment changed, not the value.
    pub(super) fn only_remarks(&self) -> bool {
        difference::only_remarks(&self.what)
    }

    /// `ghi chú`, `ghi chú, dấu ước đạt`: what changed besides the value.
    pub(super) fn remark_words(&self) -> String {
        self.what
            .iter()
            .filter(|a| **a != Aspect::Value)
            .map(|a| a.words())
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// ` lúc 09:14`, or nothing where the time is not known.
    pub(super) fn when(&self) -> String {
        if self.at_ms == 0 {
            String::new()
        } else {
            format!(" lúc {}", clock::time_of_day(self.at_ms))
        }
    }
}

/// A question waiting on the status line (Enter: yes, Esc: no).
#[derive(Debug, Clone, PartialEq)]
pub enum Pending {
    /// Delete on a cell (or an emptied editor): clear it?
    Clear { key: ValueKey, seen: Option<Figure> },
    /// Enter refused: another officer changed the cell being typed. Enter
    /// again writes `value` over theirs; Esc keeps theirs.
    Overwrite {
        value: Decimal,
        typed: Option<String>,
        step: Step,
        question: String,
        /// The figure's doubts were already confirmed.
        confirmed: bool,
    },
    /// A paste refused because cells changed since it was checked: Enter
    /// writes it over them.
    Paste(super::paste::Refused),
    /// Enter on a figure the plausibility checks doubt: the question says
    /// why; Enter again saves it (confirmed), Esc goes back to the text.
    Implausible {
        value: Decimal,
        typed: Option<String>,
        step: Step,
        question: String,
    },
    /// `2,353` typed where 2353 may have been meant: 1 or 2 picks the
    /// reading, Esc goes back to the text.
    Grouping {
        typed: String,
        readings: super::doubts::Grouping,
        step: Step,
        question: String,
    },
    /// A paste with figures the checks doubt: listed; Enter pastes it all
    /// (confirmed), Esc pastes nothing.
    PasteDoubts(super::paste::Refused),
    /// Hand in a unit's figures, or lock the period: Enter does it.
    Period {
        act: crate::store::PeriodAct,
        question: String,
    },
    /// Enter in the comment editor refused: another officer changed the
    /// figure since it opened. Enter again writes `figure` (the comment
    /// typed, on their figure as it stands) over theirs; Esc keeps theirs.
    Remark { figure: Figure, question: String },
}

impl Pending {
    /// The question as the status line asks it.
    pub fn question(&self) -> &str {
        match self {
            Pending::Clear { .. } => "Xoá giá trị ô này? Enter: xoá · Esc: thôi",
            Pending::Overwrite { question, .. }
            | Pending::Implausible { question, .. }
            | Pending::Grouping { question, .. }
            | Pending::Period { question, .. }
            | Pending::Remark { question, .. } => question,
            Pending::Paste(refused) | Pending::PasteDoubts(refused) => &refused.question,
        }
    }
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

    /// Whether the officer may write the selected cell (for the footer:
    /// editing is not offered where it would be refused).
    pub fn may_edit_here(&self) -> bool {
        self.current_key()
            .is_some_and(|(_, key)| self.data.may_write(&key).is_ok())
    }

    /// Entry and the Matrix, between edits.
    pub(super) fn update_table(&mut self, action: Action) {
        match action {
            Action::Back => self.stay_on_data_screen(),
            Action::Insert(c) => self.say(
                Level::Info,
                format!("«{c}» không phải số: gõ số để nhập (1.234,5); Ctrl+F tìm chỉ tiêu"),
            ),
            Action::Edit => self.start_edit(None),
            Action::EditWith(c) => self.start_edit(Some(c)),
            Action::Paste(text) => self.paste(&text),
            Action::Clear => self.ask_clear(),
            Action::ToggleQualifier(q) => self.toggle_qualifier(q),
            Action::EditComment => self.open_comment(),
            movement => {
                if self.on_entry() {
                    self.move_entry(movement);
                } else {
                    self.move_matrix(movement);
                }
            }
        }
    }

    /// Says why the officer may not write `key`, if they may not: at the
    /// first key, not after the whole figure is typed.
    pub(super) fn refused_here(&mut self, key: &ValueKey) -> bool {
        match self.data.may_write(key) {
            Ok(()) => false,
            Err(why) => {
                self.say(Level::Error, format!("Không nhập được ô này: {why}"));
                true
            }
        }
    }

    /// Delete on a cell: ask first; on an empty cell say why nothing happens.
    fn ask_clear(&mut self) {
        let Some((indicator, key)) = self.current_key() else {
            return;
        };
        if self.refused_here(&key) {
            return;
        }
        if let Some(f) = self.data.figure(&key) {
            self.pending = Some(Pending::Clear {
                seen: Some(f.clone()),
                key,
            });
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
        if self.refused_here(&key) {
            return;
        }
        let seen = self.data.figure(&key).cloned();
        let (text, selected) = match first {
            Some(c) => (c.to_string(), false),
            None => {
                let text = seen
                    .as_ref()
                    .map(|f| f.value)
                    .map(|v| match self.indicator(indicator) {
                        Some(i) => vn::number_exact(v, i.decimals),
                        None => vn::number(v, 0),
                    })
                    .unwrap_or_default();
                let selected = !text.is_empty();
                (text, selected)
            }
        };
        self.editor = Some(Editor {
            key,
            indicator,
            input: Input::new(text),
            selected,
            seen,
            changed: None,
            comment: false,
        });
    }

    /// One pasted figure on a cell: typed into its editor, replacing what
    /// the cell holds.
    pub(super) fn start_edit_with_text(&mut self, text: &str) {
        self.start_edit(None);
        if let Some(ed) = self.editor.as_mut() {
            ed.input.reset();
            ed.selected = false;
            text_field::paste(&mut ed.input, text);
        }
    }

    pub(super) fn update_editor(&mut self, action: Action) {
        match action {
            Action::Cancel => {
                self.editor = None;
                self.message = None;
            }
            Action::Commit(_) if self.editor.as_ref().is_some_and(|e| e.comment) => {
                self.commit_comment()
            }
            Action::Commit(step) => self.commit(step),
            Action::Paste(text) if super::paste::is_block(&text) => self.say(
                Level::Error,
                "Đang nhập một ô: dán nhiều ô thì Esc trước, rồi dán trên ô đầu",
            ),
            other => {
                if let Some(ed) = self.editor.as_mut() {
                    text_field::edit_selectable(&mut ed.input, &mut ed.selected, other);
                }
            }
        }
    }

    fn commit(&mut self, step: Step) {
        let Some(ed) = self.editor.as_ref() else {
            return;
        };
        let Some(ind) = self.indicator(ed.indicator).cloned() else {
            self.editor = None;
            return;
        };
        let key = ed.key.clone();
        let typed = ed.input.value().trim().to_string();
        if typed.is_empty() {
            if let Some(f) = self.data.figure(&key).cloned() {
                // An emptied field clears only after the same question as
                // Delete, over the figure it then shows.
                self.editor = None;
                self.pending = Some(Pending::Clear { key, seen: Some(f) });
            } else {
                self.editor = None;
                self.step_after_commit(step);
            }
            return;
        }
        if let Some(readings) = self
            .grouping_doubt(&key, &typed)
            // Enter on the stored figure as shown (F2, no change) asks nothing.
            .filter(|r| self.data.figure(&key).map(|f| f.value) != Some(r.decimal))
        {
            // Never a silent guess: the officer picks the reading.
            let question = format!(
                "{typed} hay {}? 1: {} · 2: {} · Esc: sửa lại",
                vn::number_exact(readings.thousands, 0),
                format_exact(readings.decimal, 0),
                format_exact(readings.thousands, 0),
            );
            self.pending = Some(Pending::Grouping {
                typed,
                readings,
                step,
                question,
            });
            return;
        }
        let reading = match typed::read(&ind, key.kind, &typed) {
            Ok(r) => r,
            Err(why) => {
                self.say(Level::Error, why.to_string());
                return;
            }
        };
        self.proceed(&ind, reading, step, false);
    }

    /// A figure read from the editor: nothing to do when the cell holds
    /// it; doubted (unless `confirmed`), the question; changed by another
    /// officer meanwhile, the overwrite question; else written.
    fn proceed(&mut self, ind: &Indicator, reading: typed::Reading, step: Step, confirmed: bool) {
        let Some(ed) = self.editor.as_ref() else {
            return;
        };
        let key = ed.key.clone();
        let seen = ed.seen.as_ref().map(|f| f.value);
        let base = self.data.figure(&key).cloned();
        let current = base.as_ref().map(|f| f.value);
        if current == Some(reading.value) {
            // Nothing to write, whoever stored it.
            self.editor = None;
            self.step_after_commit(step);
            return;
        }
        if !confirmed {
            let why = self.doubt_sentences(&key, reading.value, None);
            if !why.is_empty() {
                // The keys first: a long reason runs over two lines.
                let question = format!(
                    "Số bất thường · Enter: vẫn lưu · Esc: sửa lại · {}",
                    why.join(" ")
                );
                self.pending = Some(Pending::Implausible {
                    value: reading.value,
                    typed: reading.typed,
                    step,
                    question,
                });
                return;
            }
        }
        if current != seen {
            // Another officer's value is there now: never written over
            // without being shown it.
            let changed = self.changed_in_editor(&key, base);
            self.ask_overwrite(ind, reading.value, reading.typed, step, &changed, confirmed);
            return;
        }
        // The value the officer saw, with the marks and comment the cell
        // holds now (theirs, if another officer changed only those).
        let write = CellWrite {
            typed: reading.typed.clone(),
            confirmed,
            ..CellWrite::new(key.clone(), Some(reading.value), base)
        };
        self.write_cell(ind, write, step);
    }

    /// The answer to `2,353 hay 2.353?`: the reading picked goes on as if
    /// typed so (the text as typed kept in the audit when it is not the
    /// Vietnamese reading).
    fn answer_grouping(
        &mut self,
        thousands: bool,
        typed: String,
        readings: super::doubts::Grouping,
        step: Step,
    ) {
        let Some(ind) = self
            .editor
            .as_ref()
            .and_then(|ed| self.indicator(ed.indicator))
            .cloned()
        else {
            return;
        };
        let Some(kind) = self.editor.as_ref().map(|ed| ed.key.kind) else {
            return;
        };
        let reading = if thousands {
            match ind.refusal(kind, readings.thousands) {
                None => Ok(typed::Reading {
                    value: readings.thousands,
                    typed: Some(typed),
                }),
                Some(_) => typed::read(&ind, kind, &vn::number_exact(readings.thousands, 0)),
            }
        } else {
            typed::read(&ind, kind, &typed)
        };
        match reading {
            Ok(r) => self.proceed(&ind, r, step, false),
            Err(why) => self.say(Level::Error, why.to_string()),
        }
    }

    /// Write a checked cell; a stale refusal turns into the overwrite
    /// question. A refusal because only a mark or the comment changed (the
    /// value is still the one the officer saw) is no conflict with a typed
    /// value: it is written once more over their figure, keeping those.
    fn write_cell(&mut self, ind: &Indicator, mut write: CellWrite, step: Step) {
        let value = write.new;
        let overwrite = write.overwrite;
        let typed = write.typed.clone();
        let confirmed = write.confirmed;
        let shown = value.map(|v| vn::figure(v, ind)).unwrap_or_default();
        let mut result = self.data.commit(write.clone());
        if let Err(SessionError::Store(StoreError::Conflict {
            current,
            by,
            at_ms,
            changed,
            ..
        })) = &result
            && value.is_some()
            && !overwrite
            && difference::only_remarks(changed)
        {
            let seen = self.editor.as_ref().and_then(|e| e.seen.clone());
            let c = Changed::cell(by.clone(), *at_ms, seen.as_ref(), current.clone());
            if let Some(ed) = self.editor.as_mut() {
                ed.changed = Some(c);
            }
            write.seen = current.clone();
            result = self.data.commit(write);
        }
        let replaced = self.editor.as_ref().and_then(|e| e.changed.clone());
        match result {
            Ok(Outcome::Saved(_)) => {
                self.editor = None;
                // Short: the cell and its marker show what was saved, and
                // every byte of the status line goes over the wire.
                let text = match (overwrite, replaced) {
                    (true, Some(c)) => format!(
                        "Đã ghi đè {shown} (thay {} của {})",
                        self.figure_text(ind, c.value),
                        c.by
                    ),
                    // Their comment or mark stayed with the new value.
                    (false, Some(c)) if c.only_remarks() => {
                        format!("Đã lưu {shown} (giữ {} của {})", c.remark_words(), c.by)
                    }
                    _ => format!("Đã lưu {shown}"),
                };
                self.say(Level::Saved, text);
                self.step_after_commit(step);
            }
            Ok(Outcome::Unchanged) => {
                self.editor = None;
                self.step_after_commit(step);
            }
            Err(SessionError::Store(StoreError::Conflict {
                current, by, at_ms, ..
            })) => {
                let seen = self.editor.as_ref().and_then(|e| e.seen.clone());
                let changed = Changed::cell(by, at_ms, seen.as_ref(), current);
                if let Some(ed) = self.editor.as_mut() {
                    ed.changed = Some(changed.clone());
                }
                match value {
                    Some(v) => self.ask_overwrite(ind, v, typed, step, &changed, confirmed),
                    None => self.say(Level::Error, self.changed_text(ind, &changed)),
                }
            }
            Err(e) => self.say(Level::Error, e.to_string()),
        }
    }

    /// What is known of the change that put `current` in the edited cell:
    /// the editor's notice, else the cell's last audit entry.
    pub(super) fn changed_in_editor(&mut self, key: &ValueKey, current: Option<Figure>) -> Changed {
        if let Some(c) = self.editor.as_ref().and_then(|e| e.changed.clone())
            && c.figure == current
        {
            return c;
        }
        let seen = self.editor.as_ref().and_then(|e| e.seen.clone());
        let (by, at_ms) = match self.data.last_change(key) {
            Some(entry) => (entry.user, entry.at_ms),
            None => ("người khác".into(), 0),
        };
        let changed = Changed::cell(by, at_ms, seen.as_ref(), current);
        if let Some(ed) = self.editor.as_mut() {
            ed.changed = Some(changed.clone());
        }
        changed
    }

    fn ask_overwrite(
        &mut self,
        ind: &Indicator,
        value: Decimal,
        typed: Option<String>,
        step: Step,
        changed: &Changed,
        confirmed: bool,
    ) {
        let what = self.changed_phrase(ind, changed);
        // Who, what and when first: an 80-column line ends there.
        let question = format!(
            "Chưa lưu: {} {what}{} · Enter: ghi đè {} · Esc: giữ",
            changed.by,
            changed.when(),
            vn::figure(value, ind),
        );
        self.pending = Some(Pending::Overwrite {
            value,
            typed,
            step,
            question,
            confirmed,
        });
    }

    /// A figure as a message names it (`6,60`, `trống`).
    fn figure_text(&self, ind: &Indicator, value: Option<Decimal>) -> String {
        value
            .map(|v| vn::figure(v, ind))
            .unwrap_or_else(|| "trống".into())
    }

    /// What the other officer did to the cell: `sửa thành 6,60`, `xoá`,
    /// `sửa ghi chú`, `đặt dấu ước đạt`.
    fn changed_phrase(&self, ind: &Indicator, c: &Changed) -> String {
        let theirs = self.figure_text(ind, c.value);
        match (&c.value, &c.figure) {
            (None, _) => "xoá".into(),
            (Some(_), Some(f)) => difference::phrase(&c.what, Some(f), &theirs),
            (Some(_), None) => format!("sửa thành {theirs}"),
        }
    }

    /// `Ô vừa được A sửa thành 6,60 lúc 09:14`, `Ô vừa được A sửa ghi
    /// chú lúc 09:14`.
    pub(super) fn changed_text(&self, ind: &Indicator, c: &Changed) -> String {
        format!(
            "Ô vừa được {} {}{}",
            c.by,
            self.changed_phrase(ind, c),
            c.when()
        )
    }

    /// Another officer's write, pushed by the server: the figures follow;
    /// an editor open on that cell says so at once and keeps
    /// what is typed.
    pub(super) fn remote(&mut self, entry: &AuditEntry) {
        self.data.remote(entry);
        match &entry.change {
            Change::Value { key, new, .. } => {
                let seen = self
                    .editor
                    .as_ref()
                    .filter(|e| &e.key == key)
                    .and_then(|e| e.seen.clone());
                let changed =
                    Changed::cell(entry.user.clone(), entry.at_ms, seen.as_ref(), new.clone());
                self.note_cell_change(key, changed);
            }
            // No editor edits a weight: the figures (scores) follow it.
            Change::Weight { .. } => {}
            // No cell editor edits the covenant: the screens follow it,
            // the Score screen's book too.
            Change::Covenant(_) => {
                self.covenant_changed();
                self.review.covenant.book.stale();
            }
            // A lock or a submission: the Provinces screen and an open
            // editor on the period follow.
            Change::Period(c) => self.period_changed(entry, c),
            Change::Scoring(c) => self.note_sheet_change(entry, c),
        }
    }

    /// The edited cell `key` now holds `changed.figure`: say so if that is
    /// not what the officer saw (its value, a mark or its comment).
    fn note_cell_change(&mut self, key: &ValueKey, changed: Changed) {
        let Some(ed) = self.editor.as_mut() else {
            return;
        };
        if &ed.key != key {
            return;
        }
        let index = ed.indicator;
        let comment = ed.comment;
        if changed.what.is_empty() {
            // Back to what the officer saw: nothing stands in the way.
            ed.changed = None;
            if matches!(
                self.pending,
                Some(Pending::Overwrite { .. } | Pending::Remark { .. })
            ) {
                self.pending = None;
            }
            self.message = None;
            return;
        }
        ed.changed = Some(changed.clone());
        if !comment && changed.only_remarks() {
            // The value is the one the officer saw again: a typed value
            // asks nothing (it keeps their marks and comment).
            if matches!(self.pending, Some(Pending::Overwrite { .. })) {
                self.pending = None;
            }
        }
        let Some(ind) = self.indicator(index).cloned() else {
            return;
        };
        let text = self.changed_text(&ind, &changed);
        self.say(Level::Error, text);
        // A question already asked names the latest value.
        match self.pending.take() {
            Some(Pending::Overwrite {
                value,
                typed,
                step,
                confirmed,
                ..
            }) => self.ask_overwrite(&ind, value, typed, step, &changed, confirmed),
            Some(Pending::Remark { figure, .. }) => {
                self.ask_remark_over(&ind, figure.note, &changed)
            }
            other => self.pending = other,
        }
    }

    /// After a reconnect: the refetched figures may differ from what an
    /// open editor saw, with or without a pushed write saying so.
    pub(super) fn recheck_editor(&mut self) {
        let Some(ed) = self.editor.as_ref() else {
            return;
        };
        let key = ed.key.clone();
        let current = self.data.figure(&key).cloned();
        if current == ed.seen {
            return;
        }
        // Said again after the reconnect's own message, even where a write
        // delivered while catching up already said it.
        let changed = match ed.changed.clone() {
            Some(c) if c.figure == current => c,
            _ => self.changed_in_editor(&key, current),
        };
        self.note_cell_change(&key, changed);
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
        let Some(pending) = self.pending.take() else {
            return;
        };
        if let (Pending::Grouping { .. }, Action::Choose(n @ (1 | 2))) = (&pending, &action) {
            let thousands = *n == 2;
            if let Pending::Grouping {
                typed,
                readings,
                step,
                ..
            } = pending
            {
                self.answer_grouping(thousands, typed, readings, step);
            }
            return;
        }
        let yes = action == Action::Confirm;
        if matches!(pending, Pending::Grouping { .. }) && yes {
            // Which reading is the officer's to say: Enter picks none.
            self.pending = Some(pending);
            return;
        }
        if !yes && action != Action::Cancel {
            // Only Enter or Esc answers; the question stays.
            self.pending = Some(pending);
            return;
        }
        match pending {
            Pending::Clear { key, seen } => {
                if !yes {
                    self.say(Level::Info, "Không xoá");
                    return;
                }
                match self
                    .data
                    .commit(CellWrite::new(key.clone(), None, seen.clone()))
                {
                    Ok(_) => self.say(Level::Saved, "Đã xoá giá trị"),
                    Err(SessionError::Store(StoreError::Conflict {
                        current, by, at_ms, ..
                    })) => {
                        let c = Changed::cell(by, at_ms, seen.as_ref(), current);
                        let text = match self.data.cluster.indicator(&key.indicator).cloned() {
                            Some(ind) => format!("Không xoá: {}", self.changed_text(&ind, &c)),
                            None => "Không xoá: ô vừa được người khác sửa".into(),
                        };
                        self.say(Level::Error, text);
                    }
                    Err(e) => self.say(Level::Error, e.to_string()),
                }
            }
            Pending::Overwrite {
                value,
                typed,
                step,
                confirmed,
                ..
            } => self.answer_overwrite(yes, value, typed, step, confirmed),
            Pending::Paste(refused) => self.answer_paste(yes, refused),
            Pending::PasteDoubts(doubted) => self.answer_paste_doubts(yes, doubted),
            Pending::Implausible {
                value, typed, step, ..
            } => {
                // Esc: back to the text as typed.
                if yes
                    && let Some(ind) = self
                        .editor
                        .as_ref()
                        .and_then(|ed| self.indicator(ed.indicator))
                        .cloned()
                {
                    self.proceed(&ind, typed::Reading { value, typed }, step, true);
                }
            }
            Pending::Grouping { .. } => {}
            Pending::Period { act, .. } => self.answer_period(yes, act),
            Pending::Remark { figure, .. } => self.answer_remark_over(yes, figure),
        }
    }

    fn answer_overwrite(
        &mut self,
        yes: bool,
        value: Decimal,
        typed: Option<String>,
        step: Step,
        confirmed: bool,
    ) {
        let Some(ed) = self.editor.as_ref() else {
            return;
        };
        let Some(ind) = self.indicator(ed.indicator).cloned() else {
            return;
        };
        let key = ed.key.clone();
        // Theirs as the screen holds it now (pushed, or given by the
        // refusal): what the overwrite is checked against.
        let their_figure = self.data.figure(&key).cloned();
        let theirs = their_figure.as_ref().map(|f| f.value);
        if !yes {
            let by = ed.changed.as_ref().map(|c| c.by.clone());
            self.editor = None;
            let text = match by {
                Some(by) => format!("Giữ số của {by}: {}", self.figure_text(&ind, theirs)),
                None => format!("Giữ số đang lưu: {}", self.figure_text(&ind, theirs)),
            };
            self.say(Level::Info, text);
            return;
        }
        let write = CellWrite {
            overwrite: true,
            typed,
            confirmed,
            ..CellWrite::new(key, Some(value), their_figure)
        };
        self.write_cell(&ind, write, step);
    }

    /// Undo (or redo) this session's last saved edit.
    pub(super) fn undo(&mut self, undo: bool) {
        if self.editor.is_some() || self.pending.is_some() {
            return;
        }
        // Undo works on figures, not on a score sheet or the covenant.
        if self.showing_sheet_history() || self.showing_covenant_history() {
            let how = if self.showing_covenant_history() {
                "Hoàn tác dùng cho số liệu; sửa giao ước bằng Enter trên màn giao ước"
            } else {
                "Hoàn tác dùng cho số liệu; sửa điểm bằng F2 trên bảng chấm điểm"
            };
            self.say(Level::Info, how);
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
                let text = match done.cells.len() {
                    1 => {
                        let name = done
                            .first()
                            .and_then(|c| self.data.cluster.indicator(&c.key.indicator))
                            .map(|i| i.name.clone())
                            .unwrap_or_default();
                        format!("{what}: {name}")
                    }
                    n => format!("{what}: dán {n} ô"),
                };
                self.say(Level::Saved, text);
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
