//! The Score screen as the covenant score (issue #18 items 2 and 4): the
//! units ranked by the engine's final score (ties share a rank; the tie
//! rule and the meeting's ballots are shown), and Enter on a unit opens its
//! score sheet — the criteria tree with maximum, computed, own and reviewed
//! points, and for the selected criterion its target, actual, method, the
//! formula with its numbers, the reasons and the explanation.
//!
//! On the sheet F2 (or a digit) enters what the officer's role may enter
//! in the sheet's state — a unit officer its own self-scores in `nháp` and
//! explanations after a review; an admin self-scores on the unit's behalf
//! and reviewed points with a reason — and F9 makes a move of the workflow
//! (submit, review, lock, unlock …), all in the same tui-input field the
//! other editors use. What the role or the state forbids is refused before
//! typing (the engine asked with the sheet as shown), and by the server in
//! any case. A change by someone else reaches the screen at once.

use rust_decimal::Decimal;
use tui_input::Input;

use super::{App, Level, text_field};
use crate::io::covenant_score::{CovenantScore, num};
use crate::io::table::{Column, Table};
use crate::model::Period;
use crate::model::criterion::Method;
use crate::model::scoring::SheetEntries;
use crate::model::scoring::print::method_label;
use crate::model::scoring::sheet::{ScoreSheet, SheetRow, Source};
use crate::model::scoring::workflow::{
    Actor, Change, Move, Refusal, SheetContext, State, allowed_moves, apply,
};
use crate::store::scoring::actor_of;
use crate::store::{AuditEntry, ScoringChange, SheetEdit};
use crate::tui::action::Action;
use crate::tui::vn::parse_number;

/// What the covenant score was built from: rebuilt when any part changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BookKey {
    period: Period,
    figures: u64,
    /// Bumped by every sheet, meeting or covenant change seen.
    stamp: u64,
}

/// The covenant score the Score screen shows, and why there is none.
#[derive(Debug, Clone, Default)]
pub struct ScoreBook {
    key: Option<BookKey>,
    stamp: u64,
    pub score: Option<CovenantScore>,
    /// Why the score could not be read (shown instead of the ranking).
    pub error: Option<String>,
}

impl ScoreBook {
    /// Something the score is built from changed elsewhere.
    pub fn stale(&mut self) {
        self.stamp += 1;
    }
}

/// The ranking's selection and, when open, one unit's sheet.
#[derive(Debug, Clone, Default)]
pub struct CovenantScoreState {
    pub book: ScoreBook,
    /// Index into the ranking's rows.
    pub row: usize,
    pub sheet: Option<SheetState>,
}

/// One unit's sheet on screen.
#[derive(Debug, Clone)]
pub struct SheetState {
    pub unit: String,
    /// Index into [`screen_table`]'s rows.
    pub row: usize,
    /// The first scrolled column.
    pub col: usize,
    pub editor: Option<SheetEditor>,
}

/// What the field being typed is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    SelfPoints,
    /// The ground of a bonus or penalty self-score (after its points).
    SelfNote,
    Reviewed,
    /// The reason of reviewed points (after them).
    ReviewReason,
    Explanation,
    /// The number of a move among [`SheetEditor::moves`].
    PickMove,
    /// The reason a move needs (a return, an unlock).
    MoveReason,
}

/// A value being typed on the sheet, with the sheet as it was when the
/// editor opened (what the write says it saw).
#[derive(Debug, Clone)]
pub struct SheetEditor {
    pub field: Field,
    pub criterion: Option<String>,
    pub input: Input,
    /// The points typed in the first step (None inside: cleared).
    pub points: Option<Option<Decimal>>,
    pub moves: Vec<Move>,
    pub mv: Option<Move>,
    pub seen: SheetEntries,
    pub error: Option<String>,
}

impl SheetEditor {
    /// The field's label, before the text.
    pub fn label(&self) -> String {
        match self.field {
            Field::SelfPoints => "Điểm tự chấm: ".into(),
            Field::SelfNote => "Căn cứ tự chấm: ".into(),
            Field::Reviewed => "Điểm thẩm định: ".into(),
            Field::ReviewReason => "Lý do thẩm định: ".into(),
            Field::Explanation => "Giải trình: ".into(),
            Field::PickMove => {
                let list: Vec<String> = self
                    .moves
                    .iter()
                    .enumerate()
                    .map(|(i, m)| format!("{} {}", i + 1, m.label()))
                    .collect();
                format!("Chuyển bước ({}): ", list.join(" · "))
            }
            Field::MoveReason => {
                format!("Lý do {}: ", self.mv.map(|m| m.label()).unwrap_or_default())
            }
        }
    }
}

/// The sheet as the screen lists it — the criterion (numbered, indented),
/// its maximum, computed, own, reviewed and counted points, then target,
/// actual and method (scrolled to) — and the criterion of each row (None:
/// a group's heading or a total).
pub fn screen_table(sheet: &ScoreSheet) -> (Table, Vec<Option<String>>) {
    let mut t = Table::new(
        sheet.title(),
        vec![
            Column::left("Tiêu chí"),
            Column::right("Tối đa"),
            Column::right("Tính"),
            Column::right("Tự chấm"),
            Column::right("Thẩm định"),
            Column::right("Điểm"),
            Column::right("Chỉ tiêu"),
            Column::right("Thực hiện"),
            Column::left("Cách chấm"),
        ],
    );
    let mut codes = Vec::new();
    let p = |v: Decimal| num(v, 2);
    let ms = |v: Option<Decimal>| v.map(|v| num(v, v.normalize().scale())).unwrap_or_default();
    let cell = |c: &crate::model::scoring::sheet::Cell, m: Method| match c {
        Ok(Some(v)) if m == Method::Penalty && !v.is_zero() => format!("-{}", p(*v)),
        Ok(Some(v)) => p(*v),
        Ok(None) => String::new(),
        Err(_) => "lỗi".into(),
    };
    let total = |r: &Result<crate::model::scoring::sheet::Points, _>| match r {
        Ok(points) => p(points.total),
        Err(_) => "lỗi".to_string(),
    };
    for s in &sheet.sections {
        t.push(vec![
            format!("{} {}", s.number, s.name),
            ms(s.max_points),
            total(&s.totals.computed),
            total(&s.totals.self_scored),
            String::new(),
            total(&s.totals.final_points),
            String::new(),
            String::new(),
            String::new(),
        ]);
        codes.push(None);
        for r in &s.rows {
            let figure = |v: Option<Decimal>| {
                v.map(|v| num(v, r.decimals.max(v.normalize().scale().min(4))))
                    .unwrap_or_default()
            };
            let max = if r.method.is_outside_scale() {
                r.cap
                    .map(|c| format!("≤{}", ms(Some(c))))
                    .unwrap_or_default()
            } else {
                ms(r.max_points)
            };
            t.push(vec![
                format!("{}{} {}", "  ".repeat(r.depth + 1), r.number, r.name),
                max,
                cell(&r.computed, r.method),
                r.entry.self_points.map(p).unwrap_or_default(),
                r.entry
                    .reviewed
                    .as_ref()
                    .map(|v| p(v.points))
                    .unwrap_or_default(),
                match r.source {
                    Source::Missing => "chưa chấm".into(),
                    _ => cell(&r.final_points, r.method),
                },
                figure(r.target),
                figure(r.actual),
                method_label(r.method).to_string(),
            ]);
            codes.push(Some(r.code.clone()));
        }
    }
    let totals = &sheet.totals;
    t.push(vec![
        "Tổng điểm".into(),
        ms(sheet.scale_total),
        total(&totals.computed),
        total(&totals.self_scored),
        String::new(),
        total(&totals.final_points),
        String::new(),
        String::new(),
        String::new(),
    ]);
    codes.push(None);
    (t, codes)
}

impl App {
    /// The covenant score state of the Score screen.
    pub fn covenant_score(&self) -> &CovenantScoreState {
        &self.review.covenant
    }

    /// Who the officer is to the workflow: the server's role, or (a
    /// database opened in this process checks no roles) the secretariat.
    fn sheet_actor(&self) -> Actor {
        self.data
            .store()
            .role()
            .as_ref()
            .map_or(Actor::Admin, actor_of)
    }

    /// Rebuild the covenant score if what it is built from changed.
    pub(super) fn refresh_score_book(&mut self) {
        let key = BookKey {
            period: self.data.period,
            figures: self.data.figures.generation(),
            stamp: self.review.covenant.book.stamp,
        };
        if self.review.covenant.book.key == Some(key) {
            return;
        }
        let read = CovenantScore::read(
            self.data.store(),
            &self.data.cluster,
            &self.data.figures,
            key.period,
        );
        let book = &mut self.review.covenant.book;
        book.key = Some(key);
        match read {
            Ok(score) => {
                book.score = score;
                book.error = None;
            }
            Err(e) => {
                book.score = None;
                book.error = Some(format!("Không đọc được điểm thi đua: {e}"));
            }
        }
        self.clamp_covenant_score();
    }

    /// Selections within what the score now holds.
    fn clamp_covenant_score(&mut self) {
        let state = &mut self.review.covenant;
        let Some(score) = &state.book.score else {
            state.sheet = None;
            return;
        };
        state.row = state.row.min(score.ranking.rows.len().saturating_sub(1));
        if let Some(sheet) = &mut state.sheet {
            match score.sheet(&sheet.unit) {
                Some(s) => {
                    let (_, codes) = screen_table(s);
                    sheet.row = sheet.row.min(codes.len().saturating_sub(1));
                    sheet.col = sheet.col.min(8);
                }
                None => state.sheet = None,
            }
        }
    }

    /// A sheet, meeting or covenant change by someone else: the score
    /// follows at once, and an editor open on that sheet says so.
    pub(super) fn note_sheet_change(&mut self, entry: &AuditEntry, change: &ScoringChange) {
        self.review.covenant.book.stale();
        let crate::store::ScoringSubject::Sheet { period, unit } = &change.subject else {
            return;
        };
        let Some(sheet) = self.review.covenant.sheet.as_mut() else {
            return;
        };
        if *period != self.data.period || *unit != sheet.unit {
            return;
        }
        if let Some(ed) = sheet.editor.as_mut() {
            ed.error = Some(format!(
                "{} vừa sửa {} lúc {}; lưu sẽ bị từ chối nếu cùng mục, hãy Esc rồi nhập lại",
                entry.user,
                change.field,
                entry.when()
            ));
        }
    }

    /// A value or the move being typed on the sheet.
    pub fn editing_sheet(&self) -> bool {
        self.review
            .covenant
            .sheet
            .as_ref()
            .is_some_and(|s| s.editor.is_some())
    }

    /// The Score screen's keys.
    pub(super) fn update_covenant_score(&mut self, action: Action) {
        self.refresh_score_book();
        if self.review.covenant.sheet.is_none() {
            self.update_ranking_list(action);
            return;
        }
        if self.editing_sheet() {
            self.update_sheet_editor(action);
            return;
        }
        let page = crate::tui::layout::review_rows(self.size, 8);
        let Some(score) = self.review.covenant.book.score.as_ref() else {
            return;
        };
        let Some(state) = self.review.covenant.sheet.as_ref() else {
            return;
        };
        let Some(sheet) = score.sheet(&state.unit) else {
            return;
        };
        let (_, codes) = screen_table(sheet);
        let code = codes.get(state.row).cloned().flatten();
        match action {
            Action::Back | Action::Cancel => self.review.covenant.sheet = None,
            Action::Edit | Action::Open | Action::EditWith(_) => {
                let first = match action {
                    Action::EditWith(c) => Some(c),
                    _ => None,
                };
                match code {
                    Some(code) => self.open_sheet_editor(&code, first),
                    None => self.say(
                        Level::Info,
                        "Chọn một chỉ tiêu (không phải dòng nhóm hay tổng) để chấm điểm",
                    ),
                }
            }
            Action::ToggleChart => self.open_move_picker(),
            a => {
                if let Some(s) = self.review.covenant.sheet.as_mut() {
                    let from = s.row;
                    if super::review::step(&mut s.row, codes.len(), page, &a) {
                        s.row = on_criterion(&codes, s.row, s.row >= from);
                    } else {
                        super::review::scroll(&mut s.col, 8, &a);
                    }
                }
            }
        }
    }

    fn update_ranking_list(&mut self, action: Action) {
        let len = self
            .review
            .covenant
            .book
            .score
            .as_ref()
            .map_or(0, |s| s.ranking.rows.len());
        let page = crate::tui::layout::review_rows(self.size, 1);
        match action {
            Action::Back | Action::Cancel => self.stay_on_data_screen(),
            Action::EditWith(c) => self.no_cell_here(c),
            Action::Open | Action::Commit(_) => {
                let unit = self
                    .review
                    .covenant
                    .book
                    .score
                    .as_ref()
                    .and_then(|s| s.ranking.rows.get(self.review.covenant.row))
                    .map(|r| r.unit.clone());
                if let Some(unit) = unit {
                    self.review.covenant.sheet = Some(SheetState {
                        unit,
                        row: 1,
                        col: 0,
                        editor: None,
                    });
                    self.clamp_covenant_score();
                }
            }
            a => {
                super::review::step(&mut self.review.covenant.row, len, page, &a);
            }
        }
    }

    /// The shown sheet's context, its entries and its criterion `code`.
    fn with_sheet<T>(&self, f: impl FnOnce(&SheetContext<'_>, &SheetEntries) -> T) -> Option<T> {
        let score = self.review.covenant.book.score.as_ref()?;
        let state = self.review.covenant.sheet.as_ref()?;
        let sheet = score.sheet(&state.unit)?;
        let entries = score.entries_of(&state.unit);
        let ctx = SheetContext {
            year: &score.year,
            period: score.period,
            unit: &state.unit,
            unit_name: &sheet.unit_name,
        };
        Some(f(&ctx, &entries))
    }

    /// What F2 enters on criterion `code` for this officer in this state,
    /// or why nothing can be entered (the engine's refusal).
    fn sheet_field_for(&self, code: &str) -> Option<Result<(Field, SheetEntries), Refusal>> {
        let actor = self.sheet_actor();
        self.with_sheet(|ctx, entries| {
            let admin = actor == Actor::Admin;
            let field = match entries.state {
                State::Draft => Field::SelfPoints,
                State::Reviewed | State::Rereviewed if !admin => Field::Explanation,
                _ if admin => Field::Reviewed,
                // Not the unit's to change now: the engine says why.
                _ => Field::SelfPoints,
            };
            let probe = match field {
                Field::SelfPoints => Change::SelfPoints {
                    criterion: code.into(),
                    points: Some(Decimal::ZERO),
                    note: Some("?".into()),
                },
                Field::Explanation => Change::Explanation {
                    criterion: code.into(),
                    text: Some("?".into()),
                },
                _ => Change::Reviewed {
                    criterion: code.into(),
                    points: Some(Decimal::ZERO),
                    reason: "?".into(),
                },
            };
            apply(ctx, entries, &actor, &probe).map(|_| (field, entries.clone()))
        })
    }

    fn open_sheet_editor(&mut self, code: &str, first: Option<char>) {
        let Some(found) = self.sheet_field_for(code) else {
            return;
        };
        let (field, seen) = match found {
            Ok(f) => f,
            Err(why) => {
                self.say(Level::Error, format!("Không sửa được: {why}"));
                return;
            }
        };
        let entry = seen.entry(code).cloned().unwrap_or_default();
        let text = match (first, field) {
            (Some(c), Field::SelfPoints | Field::Reviewed) if c.is_ascii_digit() => c.to_string(),
            (_, Field::SelfPoints) => entry.self_points.map(|p| num(p, 0)).unwrap_or_default(),
            (_, Field::Reviewed) => entry
                .reviewed
                .as_ref()
                .map(|r| num(r.points, 0))
                .unwrap_or_default(),
            (_, _) => entry.explanation.clone().unwrap_or_default(),
        };
        if let Some(s) = self.review.covenant.sheet.as_mut() {
            s.editor = Some(SheetEditor {
                field,
                criterion: Some(code.to_string()),
                input: Input::new(text),
                points: None,
                moves: Vec::new(),
                mv: None,
                seen,
                error: None,
            });
        }
    }

    fn open_move_picker(&mut self) {
        let actor = self.sheet_actor();
        let Some((moves, seen)) =
            self.with_sheet(|ctx, entries| (allowed_moves(ctx, entries, &actor), entries.clone()))
        else {
            return;
        };
        if moves.is_empty() {
            let why = match actor {
                Actor::Viewer => Refusal::ViewerOnly.to_string(),
                _ => format!(
                    "không có bước nào bạn chuyển được khi bảng đang «{}»",
                    seen.state
                ),
            };
            self.say(Level::Error, format!("Không chuyển bước được: {why}"));
            return;
        }
        let text = if moves.len() == 1 { "1" } else { "" };
        if let Some(s) = self.review.covenant.sheet.as_mut() {
            s.editor = Some(SheetEditor {
                field: Field::PickMove,
                criterion: None,
                input: Input::new(text.to_string()),
                points: None,
                moves,
                mv: None,
                seen,
                error: None,
            });
        }
    }

    fn update_sheet_editor(&mut self, action: Action) {
        let Some(ed) = self
            .review
            .covenant
            .sheet
            .as_mut()
            .and_then(|s| s.editor.as_mut())
        else {
            return;
        };
        match action {
            Action::Back | Action::Cancel => {
                if let Some(s) = self.review.covenant.sheet.as_mut() {
                    s.editor = None;
                }
            }
            Action::Commit(_) | Action::Open => self.commit_sheet_editor(),
            Action::EditWith(c) => {
                text_field::edit(&mut ed.input, Action::Insert(c));
            }
            other => {
                if text_field::edit(&mut ed.input, other) {
                    ed.error = None;
                }
            }
        }
    }

    /// Enter in the sheet's field: the next step, or the write.
    fn commit_sheet_editor(&mut self) {
        let outside = |score: &CovenantScore, code: &str| {
            score
                .year
                .criterion(code)
                .is_some_and(|c| c.scoring.method.is_outside_scale())
        };
        let is_outside = {
            let score = self.review.covenant.book.score.as_ref();
            let code = self
                .review
                .covenant
                .sheet
                .as_ref()
                .and_then(|s| s.editor.as_ref())
                .and_then(|e| e.criterion.clone());
            match (score, code) {
                (Some(s), Some(c)) => outside(s, &c),
                _ => false,
            }
        };
        let Some(ed) = self
            .review
            .covenant
            .sheet
            .as_mut()
            .and_then(|s| s.editor.as_mut())
        else {
            return;
        };
        let typed = ed.input.value().trim().to_string();
        let points = |typed: &str| -> Result<Option<Decimal>, String> {
            if typed.is_empty() {
                return Ok(None);
            }
            parse_number(typed)
                .map(Some)
                .map_err(|e| format!("Điểm «{typed}» không hợp lệ: {e}"))
        };
        let criterion = ed.criterion.clone().unwrap_or_default();
        let change = match ed.field {
            Field::SelfPoints => match points(&typed) {
                Ok(Some(p)) if is_outside => {
                    ed.points = Some(Some(p));
                    ed.field = Field::SelfNote;
                    ed.input = Input::default();
                    ed.error = None;
                    return;
                }
                Ok(p) => Change::SelfPoints {
                    criterion,
                    points: p,
                    note: None,
                },
                Err(e) => {
                    ed.error = Some(e);
                    return;
                }
            },
            Field::SelfNote => Change::SelfPoints {
                criterion,
                points: ed.points.flatten(),
                note: Some(typed),
            },
            Field::Reviewed => match points(&typed) {
                Ok(p) => {
                    ed.points = Some(p);
                    ed.field = Field::ReviewReason;
                    let reason = ed
                        .seen
                        .entry(&criterion)
                        .and_then(|e| e.reviewed.as_ref())
                        .map(|r| r.reason.clone())
                        .unwrap_or_default();
                    ed.input = Input::new(reason);
                    ed.error = None;
                    return;
                }
                Err(e) => {
                    ed.error = Some(e);
                    return;
                }
            },
            Field::ReviewReason => Change::Reviewed {
                criterion,
                points: ed.points.flatten(),
                reason: typed,
            },
            Field::Explanation => Change::Explanation {
                criterion,
                text: (!typed.is_empty()).then_some(typed),
            },
            Field::PickMove => {
                let picked = typed
                    .parse::<usize>()
                    .ok()
                    .and_then(|i| i.checked_sub(1))
                    .and_then(|i| ed.moves.get(i).copied());
                let Some(mv) = picked else {
                    ed.error = Some(format!(
                        "Gõ số thứ tự của bước (1 đến {}) rồi Enter",
                        ed.moves.len()
                    ));
                    return;
                };
                if mv.rule().needs_reason {
                    ed.mv = Some(mv);
                    ed.field = Field::MoveReason;
                    ed.input = Input::default();
                    ed.error = None;
                    return;
                }
                Change::Move { mv, reason: None }
            }
            Field::MoveReason => Change::Move {
                mv: ed.mv.unwrap_or(Move::Submit),
                reason: Some(typed),
            },
        };
        self.write_sheet(change);
    }

    /// Write a change through the store (the server checks it again).
    fn write_sheet(&mut self, change: Change) {
        let Some(state) = self.review.covenant.sheet.as_ref() else {
            return;
        };
        let Some(ed) = state.editor.as_ref() else {
            return;
        };
        let edit = SheetEdit::over(self.data.period, &state.unit, &ed.seen, change);
        let result = self.data.store().change_sheet(edit);
        match result {
            Ok(Some(entry)) => {
                if let Some(s) = self.review.covenant.sheet.as_mut() {
                    s.editor = None;
                }
                self.review.covenant.book.stale();
                let said = match &entry.change {
                    crate::store::Change::Scoring(c) => {
                        format!("{}: {}", c.field, c.new.as_deref().unwrap_or("(trống)"))
                    }
                    _ => String::new(),
                };
                self.say(Level::Saved, format!("Đã lưu {said}"));
            }
            Ok(None) => {
                if let Some(s) = self.review.covenant.sheet.as_mut() {
                    s.editor = None;
                }
                self.say(Level::Info, "Không có gì thay đổi");
            }
            Err(e) => {
                let text = e.to_string();
                if let Some(ed) = self
                    .review
                    .covenant
                    .sheet
                    .as_mut()
                    .and_then(|s| s.editor.as_mut())
                {
                    ed.error = Some(text.clone());
                }
                self.say(Level::Error, format!("Không lưu: {text}"));
            }
        }
    }
}

/// `row`, or the nearest criterion's row in the direction moved (then the
/// other way): group headings and totals are read, not selected.
fn on_criterion(codes: &[Option<String>], row: usize, forward: bool) -> usize {
    let is = |i: &usize| codes.get(*i).is_some_and(Option::is_some);
    let ahead = (row..codes.len()).find(is);
    let behind = (0..=row.min(codes.len().saturating_sub(1))).rev().find(is);
    let found = if forward {
        ahead.or(behind)
    } else {
        behind.or(ahead)
    };
    found.unwrap_or(row)
}

/// The selected criterion's row of the shown sheet.
pub fn selected_row<'s>(sheet: &'s ScoreSheet, state: &SheetState) -> Option<&'s SheetRow> {
    let (_, codes) = screen_table(sheet);
    let code = codes.get(state.row)?.as_deref()?;
    sheet.row(code)
}
