//! What the user means, independent of the key that said it. `App::update`
//! sees only these; the key table (`keys.rs`) turns key events into them.

use crate::store::AuditEntry;

/// Where the selection goes after a committed edit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Down,
    Up,
    Right,
    Left,
    Stay,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    Quit,
    /// Leave the current screen (or clear the filter).
    Back,
    Help,
    // Moving the selection.
    Up,
    Down,
    Left,
    Right,
    PageUp,
    PageDown,
    Home,
    End,
    /// Tab / Shift+Tab outside editing: next / previous editable column.
    NextColumn,
    PrevColumn,
    /// Enter on a list: open what is selected.
    Open,
    // Screens.
    ShowMatrix,
    ShowHistory,
    /// Open the review screens (Summary; Tab cycles Ranking, Score, Awards).
    ShowReview,
    /// Copy the table on screen to the clipboard (OSC 52).
    Copy,
    /// Ranking: table ⇄ bar chart.
    ToggleChart,
    PickPeriod,
    /// Ctrl+F: find an indicator by name or code.
    FindIndicator,
    PrevPeriod,
    NextPeriod,
    // Editing a cell.
    /// F2 / Enter on a cell: edit, starting from the stored value.
    Edit,
    /// A digit, sign or comma typed on a cell: edit starting with it.
    EditWith(char),
    Commit(Step),
    Cancel,
    /// Delete on a cell: ask, then clear.
    Clear,
    Confirm,
    Undo,
    Redo,
    // Any text field (cell editor, filter, period).
    Insert(char),
    DeleteBack,
    DeleteForward,
    CursorLeft,
    CursorRight,
    CursorHome,
    CursorEnd,
    ClearField,
    Paste(String),
    // From outside the keyboard.
    Resize(u16, u16),
    Remote(AuditEntry),
    /// The server stopped answering.
    Disconnected,
    /// The server answers again; every missed write came before as `Remote`.
    Reconnected,
    /// F10: the province list (from any data screen).
    ShowProvinces,
    /// F2 on the province list: hand in the selected unit's figures of the
    /// period (an admin reopens a handed-in one).
    Submit,
    /// F9 on the province list: lock the period, or unlock it.
    ToggleLock,
    /// Ctrl+O: the covenant (units, members, criteria).
    ShowCovenant,
    /// Ctrl+N: add an item (the covenant screen).
    Add,
    /// A numbered choice of a question (`2,353 hay 2.353?` — 1 or 2).
    Choose(u8),
    /// Ctrl+K: the period's list of checks.
    ShowChecks,
    /// Mark or unmark the selected figure with a qualifier of the report.
    ToggleQualifier(Qualifier),
    /// Write the selected figure's comment (a text field).
    EditComment,
    /// From outside: many figures of these periods changed at once
    /// (another officer's large import); read the shown ones again.
    PeriodsChanged(Vec<crate::model::Period>),
}

/// A qualifier the report puts on a figure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Qualifier {
    /// ước đạt: an estimate.
    Estimate,
    /// trên, hơn: at least this much.
    LowerBound,
    /// khoảng: about this much.
    Approx,
}

impl Action {
    /// The same action carrying the character typed (for table entries that
    /// stand for "any character").
    pub fn with_char(&self, c: char) -> Action {
        match self {
            Action::Insert(_) => Action::Insert(c),
            Action::EditWith(_) => Action::EditWith(c),
            other => other.clone(),
        }
    }
}
