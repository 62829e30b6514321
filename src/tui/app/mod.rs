//! Application state and `update(Action)`: the only place state changes.
//! One file per screen (its state and its `impl App`); this file holds the
//! `App` itself, the dispatch on mode, and what every screen shares
//! (moving between screens, the status line's message, the period).
//!
//! May use: `layout`, `keys` (the mode), the `Session` (the data), the text
//! layer through `vn`. Never the views: they read `App` through its
//! accessors, and `update` leaves every scroll position within bounds for
//! the current size and data, so a view draws what it is given.

mod cell_edit;
mod checks;
mod covenant;
mod covenant_follow;
mod doubts;
mod entry;
mod finder;
mod help;
mod history;
mod matrix;
mod paste;
mod picker;
mod place;
mod provinces;
mod remark;
mod reread;
pub mod review;
pub mod score_sheet;
mod text_field;
mod typed;

use ratatui::layout::Size;

pub use cell_edit::{Changed, Editor, Pending};
pub use checks::{CheckRow, ChecksState};
pub use covenant::{CovenantEditor, CovenantScreenState, Field as CovenantField, Section, Target};
pub use covenant_follow::loading_text;
pub use entry::{EntryColumn, EntryRow, EntryState};
pub use finder::FinderState;
pub use history::{ComposedDetail, HistoryState, HistorySubject};
pub use matrix::MatrixState;
pub use picker::PickerState;
pub use provinces::{ProvincesState, ReasonPrompt};
pub use remark::qualifier_words;
pub use review::{ReviewScreen, ReviewState};

use super::action::Action;
use super::keys::Mode;
use super::labels::IndicatorLabels;
use super::session::Session;
use super::theme::Theme;
use super::vn::Profile;
use crate::model::{Indicator, Period};

/// The screens. Adding one: a variant here, a file in `app/` (its state and
/// update) and in `views/` (its drawing), a line in `views::draw`, and a key
/// in the table.
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
    /// Summary, Ranking, Score or Awards.
    Review(ReviewScreen),
    /// Ctrl+K: the period's implausible and confirmed figures.
    Checks,
    /// Ctrl+O: the covenant's units, members and criteria.
    Covenant,
}

impl Screen {
    pub fn title(&self) -> &'static str {
        match self {
            Screen::Provinces => "Các tỉnh",
            Screen::Entry => "Nhập liệu",
            Screen::Matrix => "Bảng tổng hợp",
            Screen::History => "Lịch sử",
            Screen::Help => "Trợ giúp",
            Screen::PeriodPicker => "Chọn kỳ",
            Screen::IndicatorFinder => "Tìm chỉ tiêu",
            Screen::Review(s) => s.title(),
            Screen::Checks => "Kiểm tra số liệu",
            Screen::Covenant => "Giao ước",
        }
    }

    /// The smallest terminal the screen works in; below it a notice is
    /// drawn instead, and scroll positions are left as they are.
    pub fn min_size(&self) -> Size {
        match self {
            Screen::Provinces | Screen::PeriodPicker | Screen::IndicatorFinder => Size::new(30, 8),
            Screen::Entry => Size::new(60, 10),
            Screen::Matrix => Size::new(40, 10),
            Screen::History | Screen::Help | Screen::Checks => Size::new(40, 8),
            Screen::Review(_) => Size::new(40, 8),
            Screen::Covenant => Size::new(40, 9),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Info,
    Saved,
    Error,
}

/// The status line's message.
#[derive(Debug, Clone, PartialEq)]
pub struct Message {
    pub level: Level,
    pub text: String,
}

/// What `update` asks of the run loop, which owns the terminal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Leave the application.
    Quit,
    /// Write this OSC 52 sequence to the terminal (a copied table).
    Clipboard(String),
}

pub struct App {
    data: Session,
    profile: Profile,
    theme: Theme,
    screen: Screen,
    /// Where Esc goes back to.
    back: Vec<Screen>,
    provinces: ProvincesState,
    entry: EntryState,
    matrix: MatrixState,
    history: HistoryState,
    /// The first line Help shows.
    help_offset: usize,
    picker: PickerState,
    finder: FinderState,
    review: ReviewState,
    editor: Option<Editor>,
    pending: Option<Pending>,
    message: Option<Message>,
    /// The terminal size, as last reported (pages and scrolling).
    size: Size,
    /// Indicator names cut to a width, for Entry and the Matrix.
    labels: IndicatorLabels,
    /// The period's list of checks (Ctrl+K).
    checks: ChecksState,
    /// The covenant screen.
    covenant: CovenantScreenState,
    /// Figures of a period not read yet are read by the run loop after a
    /// frame that says so (`covenant_follow`), not within `update`.
    defer_loads: bool,
}

impl App {
    pub fn new(data: Session, profile: Profile, theme: Theme) -> Self {
        let labels = IndicatorLabels::new(data.cluster.indicators.iter().map(|i| i.name.clone()));
        App {
            entry: EntryState::new(&data),
            labels,
            data,
            profile,
            theme,
            screen: Screen::Provinces,
            back: Vec::new(),
            provinces: ProvincesState::default(),
            matrix: MatrixState::default(),
            history: HistoryState::default(),
            help_offset: 0,
            picker: PickerState::default(),
            finder: FinderState::default(),
            review: ReviewState::default(),
            editor: None,
            pending: None,
            message: None,
            size: Size::new(80, 24),
            checks: ChecksState::default(),
            defer_loads: false,
            covenant: CovenantScreenState::default(),
        }
        .with_period_status()
    }

    /// The first screen shows the period's submissions and lock.
    fn with_period_status(mut self) -> Self {
        self.data.sync_period_status(true);
        self
    }

    /// A start-up message for the status line (why ASCII was chosen).
    pub fn with_notice(mut self, notice: Option<String>) -> Self {
        if let Some(text) = notice {
            self.say(Level::Info, text);
        }
        self
    }

    // What the views read.

    /// The data: the cluster, the figures, the period, the database.
    pub fn data(&self) -> &Session {
        &self.data
    }

    pub fn profile(&self) -> &Profile {
        &self.profile
    }

    pub fn theme(&self) -> Theme {
        self.theme
    }

    pub fn screen(&self) -> Screen {
        self.screen
    }

    pub fn provinces(&self) -> &ProvincesState {
        &self.provinces
    }

    pub fn entry(&self) -> &EntryState {
        &self.entry
    }

    pub fn matrix(&self) -> &MatrixState {
        &self.matrix
    }

    pub fn history(&self) -> &HistoryState {
        &self.history
    }

    /// The first line Help shows.
    pub fn help_offset(&self) -> usize {
        self.help_offset
    }

    pub fn picker(&self) -> &PickerState {
        &self.picker
    }

    pub fn finder(&self) -> &FinderState {
        &self.finder
    }

    pub fn review(&self) -> &ReviewState {
        &self.review
    }

    /// The cell being typed into, if any.
    pub fn editor(&self) -> Option<&Editor> {
        self.editor.as_ref()
    }

    /// The question waiting on the status line, if any.
    pub fn pending(&self) -> Option<&Pending> {
        self.pending.as_ref()
    }

    pub fn message(&self) -> Option<&Message> {
        self.message.as_ref()
    }

    /// The terminal size `update` last heard of.
    pub fn size(&self) -> Size {
        self.size
    }

    /// The period's list of checks, as last read.
    pub fn checks(&self) -> &ChecksState {
        &self.checks
    }

    pub fn labels(&self) -> &IndicatorLabels {
        &self.labels
    }

    pub fn indicator(&self, index: usize) -> Option<&Indicator> {
        self.data.cluster.indicators.get(index)
    }

    /// Which part of the key table applies now.
    pub fn mode(&self) -> Mode {
        if self.pending.is_some() {
            Mode::Confirm
        } else if self.editor.is_some()
            || self.editing_weight()
            || self.editing_covenant()
            || self.typing_reason()
        {
            Mode::Edit
        } else {
            match self.screen {
                Screen::Review(_) => Mode::Review,
                Screen::Provinces => Mode::Filter,
                Screen::Entry | Screen::Matrix => Mode::Table,
                Screen::PeriodPicker | Screen::IndicatorFinder => Mode::Picker,
                Screen::History | Screen::Help | Screen::Checks => Mode::Reader,
                Screen::Covenant => Mode::Covenant,
            }
        }
    }

    /// Carry out one action; the effect, if any, is the run loop's to do.
    /// Afterwards the shown screen's scroll positions are within bounds.
    pub fn update(&mut self, action: Action) -> Option<Effect> {
        let from_outside = matches!(
            action,
            Action::Resize(..)
                | Action::Remote(_)
                | Action::Disconnected
                | Action::Reconnected
                | Action::PeriodsChanged(_)
        );
        if !from_outside && self.message_is_long() {
            // It took the footer's line; the officer's next key gives it back.
            self.message = None;
        }
        let effect = self.dispatch(action);
        self.follow_period_status();
        self.clamp();
        effect
    }

    fn dispatch(&mut self, action: Action) -> Option<Effect> {
        match action {
            Action::Quit => return Some(Effect::Quit),
            Action::Resize(w, h) => self.size = Size::new(w, h),
            Action::Remote(entry) => self.remote(&entry),
            Action::Disconnected => self.disconnected(),
            Action::Reconnected => self.reconnected(),
            Action::PeriodsChanged(periods) => self.periods_changed(&periods),
            // A question on the status line has the keys until answered.
            other if self.pending.is_some() => self.update_confirm(other),
            Action::Help => self.toggle_help(),
            Action::PrevPeriod => self.step_period(-1),
            Action::NextPeriod => self.step_period(1),
            Action::PickPeriod => self.open_picker(),
            Action::FindIndicator => self.open_finder(),
            Action::ShowMatrix => self.open_matrix(),
            Action::ShowProvinces => self.show_provinces(),
            Action::ShowHistory => self.open_history(),
            Action::ShowReview => self.open(Screen::Review(ReviewScreen::Summary)),
            Action::ShowChecks => self.open_checks(),
            Action::ShowCovenant => self.open_covenant(),
            Action::Undo => self.undo(true),
            Action::Redo => self.undo(false),
            // The review screens have their own keys, the weight editor's too.
            other if matches!(self.screen, Screen::Review(_)) => return self.update_review(other),
            other if self.screen == Screen::Covenant => self.update_covenant(other),
            other => match self.mode() {
                Mode::Confirm => {}
                Mode::Edit if self.typing_reason() => self.update_reason(other),
                Mode::Edit => self.update_editor(other),
                Mode::Filter => self.update_provinces(other),
                Mode::Table => self.update_table(other),
                Mode::Picker if self.screen == Screen::IndicatorFinder => self.update_finder(other),
                Mode::Picker => self.update_picker(other),
                Mode::Reader if self.screen == Screen::Checks => self.update_checks(other),
                Mode::Reader => self.update_reader(other),
                Mode::Review | Mode::Covenant => {}
            },
        }
        None
    }

    /// Bring the shown screen's positions within what the data and the
    /// size allow: selections on an existing row, scroll offsets such that
    /// the selection is on screen and no page runs past the end. Data can
    /// change under a screen (another officer's write, a period change, a
    /// resize), so this runs after every action rather than where each
    /// position moves; a screen not shown is clamped when it is shown again
    /// (the action that shows it ends here too).
    fn clamp(&mut self) {
        // Too small to show the screen: nothing is on screen to keep in
        // view, and clamping to a page of no rows would scroll the
        // selection to the top for when the terminal grows again.
        let need = self.screen.min_size();
        if self.size.width < need.width || self.size.height < need.height {
            return;
        }
        match self.screen {
            Screen::Provinces => self.clamp_provinces(),
            Screen::Entry => self.scroll_entry(),
            Screen::Matrix => self.clamp_matrix(),
            Screen::History => self.clamp_history(),
            Screen::Help => self.clamp_help(),
            Screen::PeriodPicker => self.clamp_picker(),
            Screen::IndicatorFinder => self.clamp_finder(),
            Screen::Review(screen) => self.clamp_review(screen),
            Screen::Checks => self.clamp_checks(),
            Screen::Covenant => self.clamp_covenant(),
        }
    }

    /// Show `screen`. Help, History, the period picker and the finder
    /// open over the screen they came from (Esc closes them, back to it);
    /// a data screen replaces the one shown (Esc never leaves it).
    fn open(&mut self, screen: Screen) {
        if self.screen == screen {
            return;
        }
        match screen {
            Screen::Help
            | Screen::History
            | Screen::PeriodPicker
            | Screen::IndicatorFinder
            | Screen::Checks
            | Screen::Covenant => {
                self.back.push(self.screen);
            }
            _ => self.back.clear(),
        }
        self.screen = screen;
    }

    /// Close what is open over a data screen (Help, History, a picker).
    fn go_back(&mut self) {
        if let Some(s) = self.back.pop() {
            self.screen = s;
        }
    }

    /// Esc on a data screen with nothing open: it stays, and says how to
    /// go elsewhere (a figure typed next lands where the officer is).
    fn stay_on_data_screen(&mut self) {
        self.say(
            Level::Info,
            "Esc không rời màn này; sang màn khác: F10 danh sách tỉnh, F4 bảng, F8 tổng hợp",
        );
    }

    /// A digit where there is no cell to type it into: nothing happens
    /// but this.
    fn no_cell_here(&mut self, c: char) {
        self.say(
            Level::Info,
            format!("«{c}»: màn này không có ô để nhập số; F4: bảng tổng hợp, F10: chọn tỉnh"),
        );
    }

    /// The screen Esc would go back to.
    fn previous_screen(&self) -> Option<Screen> {
        self.back.last().copied()
    }

    /// The server stopped answering: the status line says so at once;
    /// whatever is being typed stays.
    fn disconnected(&mut self) {
        self.data.disconnected();
        self.say(
            Level::Error,
            "Mất kết nối với máy chủ; đang nối lại. Chữ đang gõ vẫn giữ nguyên",
        );
    }

    /// Connected again, every missed write already applied: fetch again
    /// what the screens show, and check an open editor against it.
    fn reconnected(&mut self) {
        let before = self.data.cluster.clone();
        let places = self.places();
        match self.data.refetch() {
            Ok(()) => {
                if self.data.cluster.indicators != before.indicators
                    || self.data.cluster.provinces != before.provinces
                {
                    self.cluster_changed(places);
                }
                self.say(Level::Info, "Đã kết nối lại với máy chủ");
                self.recheck_editor();
            }
            Err(e) => self.say(Level::Error, e.to_string()),
        }
    }

    /// The message is longer than the status line (it is drawn over the
    /// footer's line too).
    pub fn message_is_long(&self) -> bool {
        self.message
            .as_ref()
            .is_some_and(|m| self.profile.width(&m.text) + 2 > usize::from(self.size.width))
    }

    fn say(&mut self, level: Level, text: impl Into<String>) {
        self.message = Some(Message {
            level,
            text: text.into(),
        });
    }

    fn set_period(&mut self, period: Period) {
        self.go_to_period(period);
    }

    fn step_period(&mut self, delta: i32) {
        if let Some(p) = self.data.period.step(delta) {
            self.set_period(p);
        }
    }
}
