//! Application state and `update(Action)`: the only place state changes.
//! Views read this state (`&App`); they never write.

use ratatui::layout::Size;
use tui_input::{Input, InputRequest};

use super::action::{Action, Step};
use super::keys::Mode;
use super::labels::IndicatorLabels;
use super::layout;
use super::session::{Outcome, Session};
use super::theme::Theme;
use super::vn::{self, Profile};
use crate::model::{Derivation, Indicator, Kind, Period, Province, Refusal, ValueKey};
use crate::store::AuditEntry;
use crate::tui::views::review::{ReviewScreen, ReviewState};

mod finder;
mod review_keys;

pub use finder::FinderState;

/// The screens. Adding one: a variant here, a file in `views/`, a line in
/// `views::render` and a key in the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    Provinces,
    Entry,
    Matrix,
    History,
    Help,
    PeriodPicker,
    /// Ctrl+F: find an indicator by name or code.
    IndicatorFinder,
    /// Summary, Ranking, Score or Awards (`views::review`).
    Review(ReviewScreen),
}

impl Screen {
    pub fn title(&self) -> &'static str {
        match self {
            Screen::Provinces => "Các tỉnh",
            Screen::Entry => "Nhập liệu",
            Screen::Matrix => "Bảng tổng hợp",
            Screen::History => "Lịch sử ô",
            Screen::Help => "Trợ giúp",
            Screen::PeriodPicker => "Chọn kỳ",
            Screen::IndicatorFinder => "Tìm chỉ tiêu",
            Screen::Review(s) => s.title(),
        }
    }
}

/// Province list: filter text and selection among the filtered.
#[derive(Debug, Default)]
pub struct ProvincesState {
    pub filter: Input,
    pub selected: usize,
}

/// A row of Entry: a group heading or an indicator (index in the cluster).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntryRow {
    Group(usize),
    Indicator(usize),
}

/// Entry's editable columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntryColumn {
    Plan,
    Actual,
    LastYear,
}

impl EntryColumn {
    const ORDER: [EntryColumn; 3] = [
        EntryColumn::Plan,
        EntryColumn::Actual,
        EntryColumn::LastYear,
    ];

    fn index(self) -> usize {
        match self {
            EntryColumn::Plan => 0,
            EntryColumn::Actual => 1,
            EntryColumn::LastYear => 2,
        }
    }
}

#[derive(Debug)]
pub struct EntryState {
    /// Province code.
    pub province: String,
    pub rows: Vec<EntryRow>,
    /// Group names, indexed by `EntryRow::Group`.
    pub groups: Vec<String>,
    /// Index in `rows` (always an indicator row).
    pub row: usize,
    pub column: EntryColumn,
    /// First row shown.
    pub offset: usize,
}

#[derive(Debug, Default)]
pub struct MatrixState {
    /// Index in the collated provinces.
    pub row: usize,
    /// Indicator index.
    pub column: usize,
    /// First indicator column shown.
    pub offset: usize,
}

#[derive(Debug, Default)]
pub struct HistoryState {
    pub subject: Option<HistorySubject>,
    pub entries: Vec<AuditEntry>,
    pub scroll: usize,
}

/// Whose changes the History screen lists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HistorySubject {
    /// One cell's values (F3 in Entry or the Matrix).
    Cell(ValueKey),
    /// One indicator's covenant weight (F3 in a province's score detail).
    Weight(String),
}

#[derive(Debug, Default)]
pub struct PickerState {
    pub input: Input,
    pub periods: Vec<Period>,
    pub selected: usize,
}

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

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Info,
    Saved,
    Error,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Message {
    pub level: Level,
    pub text: String,
}

pub struct App {
    pub data: Session,
    pub profile: Profile,
    pub theme: Theme,
    pub screen: Screen,
    back: Vec<Screen>,
    pub provinces: ProvincesState,
    pub entry: EntryState,
    pub matrix: MatrixState,
    pub history: HistoryState,
    pub help_scroll: usize,
    pub picker: PickerState,
    pub finder: FinderState,
    pub review: ReviewState,
    /// An OSC 52 sequence for the run loop to write to the terminal.
    pub clipboard: Option<String>,
    pub editor: Option<Editor>,
    pub pending: Option<Pending>,
    pub message: Option<Message>,
    /// The terminal size, as last reported (layout-dependent paging).
    pub size: Size,
    /// Indicator names cut to a width, for Entry and the Matrix.
    pub labels: IndicatorLabels,
    quit: bool,
}

impl App {
    pub fn new(data: Session, profile: Profile, theme: Theme) -> Self {
        let (rows, groups) = entry_rows(&data);
        let first = rows
            .iter()
            .position(|r| matches!(r, EntryRow::Indicator(_)))
            .unwrap_or(0);
        let province = data
            .provinces
            .first()
            .map(|p| p.code.clone())
            .unwrap_or_default();
        let labels = IndicatorLabels::new(data.cluster.indicators.iter().map(|i| i.name.clone()));
        App {
            labels,
            data,
            profile,
            theme,
            screen: Screen::Provinces,
            back: Vec::new(),
            provinces: ProvincesState::default(),
            entry: EntryState {
                province,
                rows,
                groups,
                row: first,
                column: EntryColumn::Actual,
                offset: 0,
            },
            matrix: MatrixState::default(),
            history: HistoryState::default(),
            help_scroll: 0,
            picker: PickerState::default(),
            finder: FinderState::default(),
            review: ReviewState::default(),
            clipboard: None,
            editor: None,
            pending: None,
            message: None,
            size: Size::new(80, 24),
            quit: false,
        }
    }

    pub fn should_quit(&self) -> bool {
        self.quit
    }

    /// Which part of the key table applies now.
    pub fn mode(&self) -> Mode {
        if self.pending.is_some() {
            Mode::Confirm
        } else if self.editor.is_some() || self.editing_weight() {
            Mode::Edit
        } else {
            match self.screen {
                Screen::Review(_) => Mode::Review,
                Screen::Provinces => Mode::Filter,
                Screen::Entry | Screen::Matrix => Mode::Table,
                Screen::PeriodPicker | Screen::IndicatorFinder => Mode::Picker,
                Screen::History | Screen::Help => Mode::Reader,
            }
        }
    }

    /// Provinces matching the filter, best match first, then alphabetical.
    pub fn filtered_provinces(&self) -> Vec<&Province> {
        vn::filter(
            self.provinces.filter.value(),
            &self.data.provinces,
            |p| p.name.as_str(),
            |p| p.code.as_str(),
        )
    }

    pub fn entry_province(&self) -> Option<&Province> {
        self.data.cluster.province(&self.entry.province)
    }

    pub fn indicator(&self, index: usize) -> Option<&Indicator> {
        self.data.cluster.indicators.get(index)
    }

    /// The indicator under Entry's selection.
    pub fn entry_indicator(&self) -> Option<usize> {
        match self.entry.rows.get(self.entry.row) {
            Some(EntryRow::Indicator(i)) => Some(*i),
            _ => None,
        }
    }

    /// The stored cell behind an Entry column for one indicator.
    pub fn entry_key(&self, indicator: &Indicator, column: EntryColumn) -> Option<ValueKey> {
        let period = self.data.period;
        let p = &self.entry.province;
        match column {
            EntryColumn::Actual => Some(ValueKey::new(period, p, &indicator.code, Kind::Actual)),
            EntryColumn::LastYear => period
                .last_year()
                .map(|ly| ValueKey::new(ly, p, &indicator.code, Kind::Actual)),
            EntryColumn::Plan => {
                // A plan entered on the period itself wins over the year's.
                let own = ValueKey::new(period, p, &indicator.code, Kind::Plan);
                if self.data.figure(&own).is_some() {
                    Some(own)
                } else {
                    Some(ValueKey::new(
                        period.year_period(),
                        p,
                        &indicator.code,
                        Kind::Plan,
                    ))
                }
            }
        }
    }

    pub fn matrix_province(&self) -> Option<&Province> {
        self.data.provinces.get(self.matrix.row)
    }

    /// The cell under the selection of the current screen.
    pub fn current_key(&self) -> Option<(usize, ValueKey)> {
        match self.screen {
            Screen::Entry => {
                let i = self.entry_indicator()?;
                let ind = self.indicator(i)?;
                Some((i, self.entry_key(ind, self.entry.column)?))
            }
            Screen::Matrix => {
                let p = self.matrix_province()?;
                let ind = self.indicator(self.matrix.column)?;
                Some((
                    self.matrix.column,
                    ValueKey::new(self.data.period, &p.code, &ind.code, Kind::Actual),
                ))
            }
            _ => None,
        }
    }

    pub fn update(&mut self, action: Action) {
        match action {
            Action::Quit => self.quit = true,
            Action::Resize(w, h) => self.resize(w, h),
            Action::Remote(entry) => self.data.remote(&entry),
            Action::Help => {
                if self.screen == Screen::Help {
                    self.go_back();
                } else {
                    self.help_scroll = 0;
                    self.open(Screen::Help);
                }
            }
            Action::PrevPeriod => self.step_period(-1),
            Action::NextPeriod => self.step_period(1),
            Action::PickPeriod => self.open_picker(),
            Action::FindIndicator => self.open_finder(),
            Action::ShowMatrix => {
                if self.screen != Screen::Matrix {
                    self.open(Screen::Matrix);
                    self.scroll_matrix();
                }
            }
            Action::ShowHistory => self.open_history(),
            Action::ShowReview => self.open(Screen::Review(ReviewScreen::Summary)),
            Action::Undo => self.undo(true),
            Action::Redo => self.undo(false),
            other => match self.mode() {
                Mode::Review => self.update_review(other),
                Mode::Edit if matches!(self.screen, Screen::Review(_)) => self.update_review(other),
                Mode::Confirm => self.update_confirm(other),
                Mode::Edit => self.update_editor(other),
                Mode::Filter => self.update_provinces(other),
                Mode::Table => self.update_table(other),
                Mode::Picker if self.screen == Screen::IndicatorFinder => self.update_finder(other),
                Mode::Picker => self.update_picker(other),
                Mode::Reader => self.update_reader(other),
            },
        }
    }

    fn resize(&mut self, w: u16, h: u16) {
        self.size = Size::new(w, h);
        self.scroll_entry();
        self.scroll_matrix();
    }

    fn open(&mut self, screen: Screen) {
        if self.screen != screen {
            self.back.push(self.screen);
            self.screen = screen;
        }
    }

    fn go_back(&mut self) {
        if let Some(s) = self.back.pop() {
            self.screen = s;
        }
    }

    fn say(&mut self, level: Level, text: impl Into<String>) {
        self.message = Some(Message {
            level,
            text: text.into(),
        });
    }

    fn set_period(&mut self, period: Period) {
        if self.data.period != period {
            self.data.period = period;
            self.say(Level::Info, format!("Kỳ {period}"));
        }
    }

    fn step_period(&mut self, delta: i32) {
        if let Some(p) = self.data.period.step(delta) {
            self.set_period(p);
        }
    }

    fn open_picker(&mut self) {
        let periods = self.data.periods();
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

    fn open_history(&mut self) {
        let subject = match self.screen {
            Screen::Review(_) => match self.selected_weight() {
                Some(code) => HistorySubject::Weight(code),
                None => {
                    self.say(
                        Level::Info,
                        "Lịch sử trọng số: mở chi tiết điểm một tỉnh (Enter), chọn chỉ tiêu, F3",
                    );
                    return;
                }
            },
            _ => match self.current_key() {
                Some((_, key)) => HistorySubject::Cell(key),
                None => return,
            },
        };
        match self.history_of(&subject) {
            Ok(entries) => {
                self.history = HistoryState {
                    subject: Some(subject),
                    scroll: entries.len().saturating_sub(1),
                    entries,
                };
                self.open(Screen::History);
            }
            Err(e) => self.say(Level::Error, e),
        }
    }

    fn history_of(&self, subject: &HistorySubject) -> Result<Vec<AuditEntry>, String> {
        match subject {
            HistorySubject::Cell(key) => self.data.history(key),
            HistorySubject::Weight(code) => self.data.weight_history(code),
        }
    }

    fn refresh_history(&mut self) {
        if let Some(subject) = self.history.subject.clone()
            && let Ok(entries) = self.history_of(&subject)
        {
            self.history.scroll = entries.len().saturating_sub(1);
            self.history.entries = entries;
        }
    }

    fn undo(&mut self, undo: bool) {
        if self.editor.is_some() || self.pending.is_some() {
            return;
        }
        // Undo works on figures; a weight is changed back by typing it.
        if self.screen == Screen::History
            && matches!(self.history.subject, Some(HistorySubject::Weight(_)))
        {
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
            Err(e) => self.say(Level::Error, e),
        }
    }

    // Provinces.

    fn update_provinces(&mut self, action: Action) {
        let count = self.filtered_provinces().len();
        let page = layout::province_rows(self.size);
        let sel = &mut self.provinces.selected;
        match action {
            Action::Up => *sel = sel.saturating_sub(1),
            Action::Down => *sel = (*sel + 1).min(count.saturating_sub(1)),
            Action::PageUp => *sel = sel.saturating_sub(page),
            Action::PageDown => *sel = (*sel + page).min(count.saturating_sub(1)),
            Action::Home => *sel = 0,
            Action::End => *sel = count.saturating_sub(1),
            Action::Open => {
                let code = self
                    .filtered_provinces()
                    .get(self.provinces.selected)
                    .map(|p| p.code.clone());
                if let Some(code) = code {
                    self.entry.province = code;
                    self.open(Screen::Entry);
                    self.scroll_entry();
                }
            }
            Action::Back => {
                if !self.provinces.filter.value().is_empty() {
                    self.provinces.filter.reset();
                    self.provinces.selected = 0;
                }
            }
            other => {
                if edit_input(&mut self.provinces.filter, other) {
                    self.provinces.selected = 0;
                }
            }
        }
    }

    // Entry and Matrix.

    fn update_table(&mut self, action: Action) {
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
                    paste(&mut ed.input, &text);
                }
            }
            Action::Clear => {
                let Some((indicator, key)) = self.current_key() else {
                    return;
                };
                if self.data.figure(&key).is_some() {
                    self.pending = Some(Pending::Clear(key));
                    return;
                }
                // Nothing stored: say why nothing happens.
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
            movement => {
                if self.screen == Screen::Matrix {
                    self.move_matrix(movement);
                } else {
                    self.move_entry(movement);
                }
            }
        }
    }

    fn move_entry(&mut self, action: Action) {
        let page = layout::entry_rows(self.size);
        let e = &mut self.entry;
        let indicator_rows: Vec<usize> = e
            .rows
            .iter()
            .enumerate()
            .filter(|(_, r)| matches!(r, EntryRow::Indicator(_)))
            .map(|(i, _)| i)
            .collect();
        let Some(pos) = indicator_rows.iter().position(|r| *r == e.row) else {
            return;
        };
        let last = indicator_rows.len().saturating_sub(1);
        let col = e.column.index();
        let target = match action {
            Action::Up => pos.saturating_sub(1),
            Action::Down => (pos + 1).min(last),
            Action::PageUp => pos.saturating_sub(page),
            Action::PageDown => (pos + page).min(last),
            Action::Home => 0,
            Action::End => last,
            Action::Left => {
                e.column = EntryColumn::ORDER[col.saturating_sub(1)];
                pos
            }
            Action::Right | Action::NextColumn => {
                if action == Action::NextColumn && col == 2 && pos < last {
                    e.column = EntryColumn::ORDER[0];
                    pos + 1
                } else {
                    e.column = EntryColumn::ORDER[(col + 1).min(2)];
                    pos
                }
            }
            Action::PrevColumn => {
                if col == 0 && pos > 0 {
                    e.column = EntryColumn::ORDER[2];
                    pos - 1
                } else {
                    e.column = EntryColumn::ORDER[col.saturating_sub(1)];
                    pos
                }
            }
            _ => pos,
        };
        if let Some(r) = indicator_rows.get(target) {
            e.row = *r;
        }
        self.scroll_entry();
    }

    /// Keep Entry's selection on screen, scrolling as little as possible
    /// (the terminal scrolls the rows itself, so a small scroll costs one
    /// new row), and showing the group heading when going up into a group.
    fn scroll_entry(&mut self) {
        let visible = layout::entry_rows(self.size);
        let e = &mut self.entry;
        if e.row < e.offset {
            e.offset = e.row;
            if e.row > 0 && matches!(e.rows.get(e.row - 1), Some(EntryRow::Group(_))) {
                e.offset = e.row - 1;
            }
        } else if e.row >= e.offset + visible {
            e.offset = e.row + 1 - visible;
        }
        e.offset = e.offset.min(e.rows.len().saturating_sub(visible));
    }

    fn move_matrix(&mut self, action: Action) {
        let rows = self.data.provinces.len();
        let cols = self.data.cluster.indicators.len();
        let m = &mut self.matrix;
        let last_row = rows.saturating_sub(1);
        let last_col = cols.saturating_sub(1);
        let page = layout::matrix_columns(self.size, m.offset, cols).max(1);
        match action {
            Action::Up => m.row = m.row.saturating_sub(1),
            Action::Down => m.row = (m.row + 1).min(last_row),
            Action::Left | Action::PrevColumn => m.column = m.column.saturating_sub(1),
            Action::Right | Action::NextColumn => m.column = (m.column + 1).min(last_col),
            Action::PageUp => m.column = m.column.saturating_sub(page),
            Action::PageDown => m.column = (m.column + page).min(last_col),
            Action::Home => m.column = 0,
            Action::End => m.column = last_col,
            _ => {}
        }
        self.scroll_matrix();
    }

    /// Keep the current indicator column on screen, scrolling by whole columns.
    fn scroll_matrix(&mut self) {
        let cols = self.data.cluster.indicators.len();
        let page = layout::matrix_columns(self.size, 0, cols).max(1);
        let m = &mut self.matrix;
        if m.column < m.offset {
            // Going left past the first column shown turns a whole page
            // back (the new column last), as going right turns one forward:
            // one redraw of the columns per page, not one per key.
            m.offset = (m.column + 1).saturating_sub(page);
        }
        let visible = layout::matrix_columns(self.size, m.offset, cols).max(1);
        if m.column >= m.offset + visible {
            // Jump so the new column is the first shown (fewer full redraws),
            // but keep the last page full: End shows the last five columns,
            // not the last one alone.
            m.offset = m.column.min(cols.saturating_sub(page));
        }
    }

    // Editing.

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

    fn update_editor(&mut self, action: Action) {
        match action {
            Action::Cancel => {
                self.editor = None;
                self.message = None;
            }
            Action::Commit(step) => self.commit(step),
            Action::Paste(text) => {
                if let Some(ed) = self.editor.as_mut() {
                    paste(&mut ed.input, &text);
                }
            }
            other => {
                if let Some(ed) = self.editor.as_mut() {
                    edit_input(&mut ed.input, other);
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
                    self.say(Level::Error, e);
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
            Err(e) => self.say(Level::Error, e),
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

    fn update_confirm(&mut self, action: Action) {
        let Some(Pending::Clear(key)) = self.pending.take() else {
            return;
        };
        if action != Action::Confirm {
            self.say(Level::Info, "Không xoá");
            return;
        }
        match self.data.commit(&key, None) {
            Ok(_) => self.say(Level::Saved, "Đã xoá giá trị"),
            Err(e) => self.say(Level::Error, e),
        }
    }

    // Period picker.

    fn update_picker(&mut self, action: Action) {
        let count = self.picker.periods.len();
        match action {
            Action::Back => self.go_back(),
            Action::Up => self.picker.selected = self.picker.selected.saturating_sub(1),
            Action::Down => {
                self.picker.selected = (self.picker.selected + 1).min(count.saturating_sub(1))
            }
            Action::PageUp | Action::Home => self.picker.selected = 0,
            Action::PageDown | Action::End => self.picker.selected = count.saturating_sub(1),
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
            Action::Paste(text) => paste(&mut self.picker.input, &text),
            other => {
                edit_input(&mut self.picker.input, other);
            }
        }
    }

    // Help and History.

    fn update_reader(&mut self, action: Action) {
        let scroll = if self.screen == Screen::Help {
            &mut self.help_scroll
        } else {
            &mut self.history.scroll
        };
        match action {
            Action::Back => self.go_back(),
            Action::Up => *scroll = scroll.saturating_sub(1),
            Action::Down => *scroll += 1,
            Action::PageUp => *scroll = scroll.saturating_sub(10),
            Action::PageDown => *scroll += 10,
            Action::Home => *scroll = 0,
            Action::End => *scroll = usize::MAX / 2,
            _ => {}
        }
    }
}

/// Apply a text-field action to a tui-input field; true when the text changed.
fn edit_input(input: &mut Input, action: Action) -> bool {
    let before = input.value().len();
    let request = match action {
        Action::Insert(c) => InputRequest::InsertChar(c),
        Action::DeleteBack => InputRequest::DeletePrevChar,
        Action::DeleteForward => InputRequest::DeleteNextChar,
        Action::CursorLeft => InputRequest::GoToPrevChar,
        Action::CursorRight => InputRequest::GoToNextChar,
        Action::CursorHome => InputRequest::GoToStart,
        Action::CursorEnd => InputRequest::GoToEnd,
        Action::ClearField => InputRequest::DeleteLine,
        Action::Paste(text) => {
            paste(input, &text);
            return true;
        }
        _ => return false,
    };
    let changed = input.handle(request).is_some_and(|r| r.value);
    changed || input.value().len() != before
}

/// Pasted text: NFC, no control characters, one line.
fn paste(input: &mut Input, text: &str) {
    let one_line = text.replace(['\r', '\n', '\t'], " ");
    for c in vn::clean(&one_line).chars() {
        input.handle(InputRequest::InsertChar(c));
    }
}

/// Entry's rows: groups in report order, each followed by its indicators.
fn entry_rows(data: &Session) -> (Vec<EntryRow>, Vec<String>) {
    let mut rows = Vec::new();
    let mut groups = Vec::new();
    for (name, indicators) in data.cluster.groups() {
        rows.push(EntryRow::Group(groups.len()));
        groups.push(name.to_string());
        for ind in indicators {
            if let Some(i) = data
                .cluster
                .indicators
                .iter()
                .position(|x| x.code == ind.code)
            {
                rows.push(EntryRow::Indicator(i));
            }
        }
    }
    (rows, groups)
}
