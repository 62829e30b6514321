//! The key table: which key means which [`Action`] in which [`Mode`], with
//! the Vietnamese label the footer and the Help screen show. It is data, so
//! the keys, the footer and Help cannot drift apart.
//!
//! Every core flow has a key that a Vietnamese IME leaves alone (arrows,
//! Enter, Tab, Esc, F-keys, Ctrl); single letters are extras only.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use super::action::{Action, Qualifier, Step};

/// What has the keyboard's attention.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// The province list; typed letters filter it.
    Filter,
    /// Entry or Matrix, moving between cells.
    Table,
    /// Typing into a cell.
    Edit,
    /// A yes/no question on the status line.
    Confirm,
    /// The period picker or the indicator finder (a list and a text field).
    Picker,
    /// Help and History: read, scroll, leave.
    Reader,
    /// Summary, Ranking, Score, Awards.
    Review,
    /// The covenant screen: units, members, criteria.
    Covenant,
}

impl Mode {
    pub const ALL: [Mode; 8] = [
        Mode::Filter,
        Mode::Table,
        Mode::Edit,
        Mode::Confirm,
        Mode::Picker,
        Mode::Reader,
        Mode::Review,
        Mode::Covenant,
    ];

    /// Heading on the Help screen.
    pub fn title(&self) -> &'static str {
        match self {
            Mode::Filter => "Danh sách tỉnh",
            Mode::Table => "Bảng số liệu (Nhập liệu, Bảng tổng hợp)",
            Mode::Edit => "Đang nhập một ô",
            Mode::Confirm => "Khi được hỏi xác nhận",
            Mode::Picker => "Chọn kỳ, tìm chỉ tiêu",
            Mode::Reader => "Trợ giúp, Lịch sử",
            Mode::Review => "Tổng hợp, Xếp hạng, Điểm thi đua, Khen thưởng",
            Mode::Covenant => "Giao ước (đơn vị, thành viên, chỉ tiêu)",
        }
    }

    /// Whether a text field has the keyboard (then `q` is a letter).
    pub fn has_text_field(&self) -> bool {
        matches!(self, Mode::Filter | Mode::Edit | Mode::Picker)
    }
}

/// What a table entry listens for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Trigger {
    Key(KeyCode, KeyModifiers),
    /// Any printable character (with or without Shift).
    Text,
    /// A digit, `+`, `-`, `,` or `.`: the start of a number.
    NumberStart,
}

pub struct Binding {
    pub modes: &'static [Mode],
    pub keys: &'static [Trigger],
    pub action: Action,
    /// What Help says the keys do.
    pub label: &'static str,
    /// How the footer names it, short (`("F3", "lịch sử")`); None: only
    /// on the Help screen.
    pub footer: Option<(&'static str, &'static str)>,
    /// It writes (a figure, a weight): not offered where the officer may
    /// not write.
    pub writes: bool,
}

const NONE: KeyModifiers = KeyModifiers::NONE;
const CTRL: KeyModifiers = KeyModifiers::CONTROL;
const SHIFT: KeyModifiers = KeyModifiers::SHIFT;

const fn k(code: KeyCode) -> Trigger {
    Trigger::Key(code, NONE)
}
const fn ctrl(c: char) -> Trigger {
    Trigger::Key(KeyCode::Char(c), CTRL)
}
const fn f(n: u8) -> Trigger {
    Trigger::Key(KeyCode::F(n), NONE)
}
/// Shift+Tab, as terminals send it (some without the Shift).
const BACK_TAB: &[Trigger] = &[Trigger::Key(KeyCode::BackTab, SHIFT), k(KeyCode::BackTab)];
use KeyCode as K;

use Mode::{Confirm, Covenant, Edit, Filter, Picker, Reader, Review, Table};

const EVERYWHERE: &[Mode] = &[
    Filter, Table, Edit, Confirm, Picker, Reader, Review, Covenant,
];
const BROWSE: &[Mode] = &[Filter, Table, Reader, Review, Covenant];
const LISTS: &[Mode] = &[Filter, Table, Picker, Reader, Review, Covenant];
const FIELDS: &[Mode] = &[Filter, Edit, Picker];
const NOT_EDITING: &[Mode] = &[Filter, Table, Picker, Reader, Review, Covenant];

/// A binding with nothing in the footer that does not write.
const fn plain(
    modes: &'static [Mode],
    keys: &'static [Trigger],
    action: Action,
    label: &'static str,
) -> Binding {
    Binding {
        modes,
        keys,
        action,
        label,
        footer: None,
        writes: false,
    }
}

/// A binding named in the footer as `keys label`.
const fn shown(
    modes: &'static [Mode],
    keys: &'static [Trigger],
    action: Action,
    label: &'static str,
    footer: (&'static str, &'static str),
) -> Binding {
    Binding {
        modes,
        keys,
        action,
        label,
        footer: Some(footer),
        writes: false,
    }
}

/// A binding that writes (offered only where the officer may write).
const fn writes(
    modes: &'static [Mode],
    keys: &'static [Trigger],
    action: Action,
    label: &'static str,
    footer: Option<(&'static str, &'static str)>,
) -> Binding {
    Binding {
        modes,
        keys,
        action,
        label,
        footer,
        writes: true,
    }
}

/// The whole table. The first match wins; the order is also the order
/// of Help and of the footer (which puts the keys of every mode, Ctrl+Q,
/// last, and F1 — where every key is listed — at its right end).
///
/// Leaving a data screen (Provinces, Entry, the Matrix, the review
/// screens) is an F-key: F10 the province list, F4 the Matrix, F8 the
/// review screens, F3 a cell's history. Esc only closes what is open (a
/// cell being typed, a question, Help, History, the period picker, the
/// finder, the score detail, the filter); on a data screen it leaves
/// nothing, so a figure typed after it lands where the officer is.
#[rustfmt::skip]
pub static BINDINGS: &[Binding] = &[
    // Everywhere.
    shown(EVERYWHERE, &[ctrl('q')], Action::Quit, "Thoát", ("Ctrl+Q", "thoát")),
    plain(&[Table, Reader, Review], &[k(K::Char('q'))], Action::Quit, "Thoát"),
    plain(NOT_EDITING, &[f(1)], Action::Help, "Trợ giúp: mọi phím"),
    // Review screens (Summary, Ranking, Score, Awards).
    shown(&[Review], &[ctrl('c')], Action::Copy,
        "Chép bảng (dán vào Excel/Word)", ("Ctrl+C", "chép bảng")),
    shown(&[Review], &[k(K::Tab)], Action::NextColumn,
        "Màn tiếp: tổng hợp, xếp hạng, điểm, khen thưởng", ("Tab", "màn tiếp")),
    plain(&[Review], BACK_TAB, Action::PrevColumn, "Màn trước"),
    writes(&[Review], &[f(2)], Action::Edit,
        "Chấm điểm chỉ tiêu đang chọn (ở bảng chấm điểm)", None),
    plain(&[Review], &[f(9)], Action::ToggleChart,
        "Xếp hạng: bảng / biểu đồ; bảng chấm điểm: chuyển bước (nộp, thẩm định, chốt, mở khóa)"),
    // A figure typed on a cell: first, so the footer of Entry and the
    // Matrix starts with how to type one.
    writes(&[Table], &[Trigger::NumberStart], Action::EditWith('0'),
        "Gõ số: nhập ô", Some(("0-9", "nhập"))),
    // Editing a cell: keys that finish the edit come before text keys.
    writes(&[Edit], &[k(K::Enter)], Action::Commit(Step::Down),
        "Lưu, xuống", Some(("Enter", "lưu"))),
    writes(&[Edit], &[k(K::Tab)], Action::Commit(Step::Right), "Lưu, sang phải", None),
    writes(&[Edit], BACK_TAB, Action::Commit(Step::Left), "Lưu, sang trái", None),
    writes(&[Edit], &[k(K::Up)], Action::Commit(Step::Up), "Lưu, lên", None),
    writes(&[Edit], &[k(K::Down)], Action::Commit(Step::Down), "Lưu, xuống", None),
    writes(&[Edit], &[k(K::Esc)], Action::Cancel, "Huỷ, giữ giá trị cũ", Some(("Esc", "huỷ"))),
    // Text fields.
    plain(FIELDS, &[k(K::Backspace), ctrl('h')], Action::DeleteBack, "Xoá ký tự trước"),
    plain(&[Edit, Picker], &[k(K::Delete)], Action::DeleteForward, "Xoá ký tự sau"),
    plain(&[Edit, Picker], &[k(K::Left)], Action::CursorLeft, "Con trỏ sang trái"),
    plain(&[Edit, Picker], &[k(K::Right)], Action::CursorRight, "Con trỏ sang phải"),
    plain(&[Edit], &[k(K::Home), ctrl('a')], Action::CursorHome, "Về đầu ô"),
    plain(&[Edit], &[k(K::End), ctrl('e')], Action::CursorEnd, "Về cuối ô"),
    plain(FIELDS, &[ctrl('u')], Action::ClearField, "Xoá cả ô chữ"),
    // A digit where there is no cell to type it into (the province list,
    // Help, History, the review screens): it says so, and goes nowhere.
    // (In a province's score detail it edits the selected weight.)
    plain(&[Filter, Reader, Review], &[Trigger::NumberStart], Action::EditWith('0'),
        "Gõ số: chỉ nhập được trên ô của Nhập liệu, Bảng tổng hợp (hoặc điểm ở bảng chấm điểm)"),
    plain(FIELDS, &[Trigger::Text], Action::Insert(' '), "Gõ chữ (lọc / nhập)"),
    // Confirm.
    shown(&[Confirm], &[k(K::Enter)], Action::Confirm, "Đồng ý", ("Enter", "đồng ý")),
    shown(&[Confirm], &[k(K::Esc)], Action::Cancel, "Thôi", ("Esc", "thôi")),
    plain(&[Confirm], &[k(K::Char('1'))], Action::Choose(1),
        "Chọn cách đọc thứ nhất (2,353 hay 2.353?)"),
    plain(&[Confirm], &[k(K::Char('2'))], Action::Choose(2), "Chọn cách đọc thứ hai"),
    // The covenant screen.
    writes(&[Covenant], &[f(2), k(K::Enter)], Action::Edit,
        "Sửa trường đang chọn", Some(("Enter", "sửa"))),
    writes(&[Covenant], &[ctrl('n'), k(K::Insert)], Action::Add,
        "Thêm chỉ tiêu, thành viên hoặc đơn vị (theo mục)", Some(("Ctrl+N", "thêm"))),
    writes(&[Covenant], &[k(K::Delete)], Action::Clear,
        "Bỏ chỉ tiêu khỏi năm, bỏ thành viên (nhấn hai lần)", Some(("Del", "bỏ"))),
    shown(&[Covenant], &[k(K::Tab)], Action::NextColumn,
        "Mục kế tiếp: chỉ tiêu, thành viên, đơn vị", ("Tab", "mục")),
    plain(&[Covenant], BACK_TAB, Action::PrevColumn, "Mục trước"),
    shown(&[Covenant], &[k(K::Esc)], Action::Back, "Đóng, về màn trước", ("Esc", "đóng")),
    shown(&[Covenant], &[f(3)], Action::ShowHistory,
        "Lịch sử mục đang chọn: ai sửa gì, lúc nào", ("F3", "lịch sử")),
    // Moving.
    plain(LISTS, &[k(K::Up)], Action::Up, "Lên"),
    plain(LISTS, &[k(K::Down)], Action::Down, "Xuống"),
    plain(&[Table, Review, Covenant], &[k(K::Left)], Action::Left, "Sang trái"),
    plain(&[Table, Review, Covenant], &[k(K::Right)], Action::Right, "Sang phải"),
    plain(&[Table], &[k(K::Tab)], Action::NextColumn, "Cột nhập kế tiếp"),
    plain(&[Table], BACK_TAB, Action::PrevColumn, "Cột nhập trước"),
    plain(LISTS, &[k(K::PageUp)], Action::PageUp, "Lên một trang"),
    plain(LISTS, &[k(K::PageDown)], Action::PageDown, "Xuống một trang"),
    plain(&[Filter, Table, Reader, Review, Covenant], &[k(K::Home)], Action::Home, "Về đầu"),
    plain(&[Filter, Table, Reader, Review, Covenant], &[k(K::End)], Action::End, "Về cuối"),
    shown(&[Filter, Picker, Review], &[k(K::Enter)], Action::Open, "Mở", ("Enter", "mở")),
    shown(&[Filter], &[k(K::Esc)], Action::Back, "Xoá bộ lọc", ("Esc", "xoá lọc")),
    shown(&[Picker, Reader], &[k(K::Esc)], Action::Back, "Đóng, về màn trước", ("Esc", "đóng")),
    // Submission and lock, on the province list.
    writes(&[Filter], &[f(2)], Action::Submit,
        "Nộp số liệu tỉnh đang chọn (quản trị: mở lại)", Some(("F2", "nộp"))),
    writes(&[Filter], &[f(9)], Action::ToggleLock,
        "Chốt số liệu kỳ / mở khoá, ghi lý do (quản trị)", Some(("F9", "chốt"))),
    // Cells.
    writes(&[Table], &[f(2), k(K::Enter)], Action::Edit,
        "Sửa ô (giá trị cũ được chọn: gõ để thay)", Some(("F2", "sửa"))),
    writes(&[Table], &[k(K::Delete)], Action::Clear, "Xoá giá trị", Some(("Del", "xoá"))),
    // The report's qualifiers and a comment on the selected figure.
    writes(&[Table], &[ctrl('d')], Action::ToggleQualifier(Qualifier::Estimate),
        "Đánh dấu / bỏ «ước đạt» (dấu ư trong ô)", None),
    writes(&[Table], &[ctrl('t')], Action::ToggleQualifier(Qualifier::LowerBound),
        "Đánh dấu / bỏ «trên, hơn» (dấu > trong ô)", None),
    writes(&[Table], &[ctrl('g')], Action::ToggleQualifier(Qualifier::Approx),
        "Đánh dấu / bỏ «khoảng» (dấu ~ trong ô)", None),
    writes(&[Table], &[ctrl('n')], Action::EditComment,
        "Ghi chú cho ô (Enter lưu, để trống là xoá ghi chú)", None),
    shown(&[Table, Reader], &[ctrl('z')], Action::Undo, "Hoàn tác", ("Ctrl+Z", "hoàn tác")),
    plain(&[Table, Reader], &[ctrl('y')], Action::Redo, "Làm lại"),
    // Screens and periods.
    shown(&[Table], &[f(3)], Action::ShowHistory, "Lịch sử ô", ("F3", "lịch sử")),
    plain(&[Review], &[f(3)], Action::ShowHistory,
        "Lịch sử bảng chấm điểm đang mở"),
    shown(&[Table, Review], &[ctrl('f')], Action::FindIndicator, "Tìm chỉ tiêu", ("Ctrl+F", "tìm")),
    shown(BROWSE, &[f(4)], Action::ShowMatrix, "Bảng tổng hợp (tỉnh × chỉ tiêu)", ("F4", "bảng")),
    shown(BROWSE, &[f(5)], Action::PrevPeriod, "Kỳ trước", ("F5/F6", "kỳ")),
    plain(BROWSE, &[f(6)], Action::NextPeriod, "Kỳ sau"),
    shown(BROWSE, &[f(7), ctrl('p')], Action::PickPeriod, "Chọn kỳ", ("F7", "chọn kỳ")),
    shown(BROWSE, &[f(8)], Action::ShowReview,
        "Tổng hợp, xếp hạng, điểm (Tab: màn tiếp)", ("F8", "tổng hợp")),
    plain(BROWSE, &[ctrl('o')], Action::ShowCovenant,
        "Giao ước: đơn vị, thành viên, chỉ tiêu của năm"),
    shown(&[Table, Reader, Review, Covenant], &[f(10)], Action::ShowProvinces,
        "Danh sách tỉnh", ("F10", "tỉnh")),
    // In the footer of the data tables only (where figures are typed);
    // Help lists it for every browsing screen.
    shown(&[Table], &[ctrl('k')], Action::ShowChecks,
        "Kiểm tra số liệu: số bất thường, số đã xác nhận", ("Ctrl+K", "kiểm tra")),
    plain(&[Filter, Reader, Review], &[ctrl('k')], Action::ShowChecks,
        "Kiểm tra số liệu: số bất thường, số đã xác nhận"),
    plain(&[Reader], &[k(K::Enter)], Action::Open, "Kiểm tra số liệu: đến ô đang chọn"),
    plain(&[Table, Review], &[k(K::Esc)], Action::Back,
        "Đóng bảng chấm điểm đang mở; không rời màn số liệu (F10, F4, F8 để sang màn khác)"),
    // Last, so that every letter bound above keeps its meaning: a letter
    // typed on a figure is a slip (or an IME's), answered with a hint.
    plain(&[Table], &[Trigger::Text], Action::Insert(' '), "Chữ cái trên ô số: nhắc cách nhập"),
];

/// The action a key means in a mode, if any. Releases are ignored (Windows
/// terminals report them); repeats act like presses.
pub fn action_for(mode: Mode, key: &KeyEvent) -> Option<Action> {
    if key.kind == KeyEventKind::Release {
        return None;
    }
    BINDINGS
        .iter()
        .filter(|b| b.modes.contains(&mode))
        .find_map(|b| {
            b.keys
                .iter()
                .find_map(|t| matches(t, key))
                .map(|c| match c {
                    Some(c) => b.action.with_char(c),
                    None => b.action.clone(),
                })
        })
}

/// None = no match; Some(None) = match; Some(Some(c)) = match carrying `c`.
fn matches(trigger: &Trigger, key: &KeyEvent) -> Option<Option<char>> {
    let plain = (key.modifiers - SHIFT).is_empty();
    match (trigger, key.code) {
        (Trigger::Key(KeyCode::Char(a), m), KeyCode::Char(b)) => {
            (a.eq_ignore_ascii_case(&b) && (key.modifiers - SHIFT) == *m).then_some(None)
        }
        (Trigger::Key(code, m), c) => (*code == c
            && (key.modifiers == *m
                || (c == KeyCode::BackTab && (key.modifiers - SHIFT) == (*m - SHIFT))))
            .then_some(None),
        (Trigger::Text, KeyCode::Char(c)) if plain && !c.is_control() => Some(Some(c)),
        (Trigger::NumberStart, KeyCode::Char(c))
            if plain && (c.is_ascii_digit() || matches!(c, '+' | '-' | ',' | '.')) =>
        {
            Some(Some(c))
        }
        _ => None,
    }
}

/// How a trigger is written on screen (`Ctrl+Q`, `F2`, `↑`).
pub fn key_name(t: &Trigger) -> String {
    match t {
        Trigger::Text => "chữ".into(),
        Trigger::NumberStart => "0-9 + - ,".into(),
        Trigger::Key(code, m) => {
            let base = match code {
                KeyCode::Char(c) => c.to_ascii_uppercase().to_string(),
                KeyCode::F(n) => format!("F{n}"),
                KeyCode::Enter => "Enter".into(),
                KeyCode::Esc => "Esc".into(),
                KeyCode::Tab => "Tab".into(),
                KeyCode::BackTab => "Shift+Tab".into(),
                KeyCode::Backspace => "Backspace".into(),
                KeyCode::Delete => "Delete".into(),
                KeyCode::Up => "↑".into(),
                KeyCode::Down => "↓".into(),
                KeyCode::Left => "←".into(),
                KeyCode::Right => "→".into(),
                KeyCode::Home => "Home".into(),
                KeyCode::End => "End".into(),
                KeyCode::PageUp => "PgUp".into(),
                KeyCode::PageDown => "PgDn".into(),
                other => format!("{other:?}"),
            };
            if m.contains(CTRL) {
                format!("Ctrl+{base}")
            } else if *code == KeyCode::Char('q') {
                "q".into()
            } else {
                base
            }
        }
    }
}

/// All the keys of a binding, joined (`F2/Enter`).
pub fn keys_text(b: &Binding) -> String {
    let mut seen: Vec<String> = Vec::new();
    for t in b.keys {
        let name = key_name(t);
        if !seen.contains(&name) {
            seen.push(name);
        }
    }
    seen.join("/")
}

/// The footer of a mode: its bindings' short names, as (keys, label),
/// the keys of every mode (Ctrl+Q) last; `may_write` false leaves out
/// what writes. Entry and the Matrix share one footer between moving and
/// typing (typing a figure and saving it must not rewrite the footer
/// twice over a slow link): the typing keys come first in it.
pub fn footer(mode: Mode, may_write: bool) -> Vec<(&'static str, &'static str)> {
    // A cell's editor keeps the table's line (`views::status::footer_mode`
    // asks for Table); Edit alone is the covenant's text field.
    let modes = match mode {
        Mode::Table => vec![Mode::Table, Mode::Edit],
        m => vec![m],
    };
    let everywhere = |b: &Binding| b.modes.len() == Mode::ALL.len();
    let mut seen: Vec<(&str, &str)> = Vec::new();
    let listed = BINDINGS
        .iter()
        .filter(|b| !everywhere(b))
        .chain(BINDINGS.iter().filter(|b| everywhere(b)));
    for b in listed {
        let Some(entry) = b.footer else { continue };
        let here = b.modes.iter().any(|m| modes.contains(m));
        if here && (may_write || !b.writes) && !seen.contains(&entry) {
            seen.push(entry);
        }
    }
    seen
}

/// The footer's last words, at its right end: where every key is.
pub const FOOTER_MORE: (&str, &str) = ("F1", "mọi phím");

/// One line of the Help screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HelpLine {
    /// A mode's heading.
    Heading(&'static str),
    /// A binding: its keys (`F2/Enter`) and what they do.
    Keys(String, &'static str),
}

/// The lines of Help: every mode's heading and bindings, in table order.
pub fn help_lines() -> Vec<HelpLine> {
    let mut out = Vec::new();
    for mode in Mode::ALL {
        out.push(HelpLine::Heading(mode.title()));
        for b in bindings(mode) {
            out.push(HelpLine::Keys(keys_text(b), b.label));
        }
    }
    out
}

/// Every binding of a mode, for Help.
pub fn bindings(mode: Mode) -> impl Iterator<Item = &'static Binding> {
    BINDINGS.iter().filter(move |b| b.modes.contains(&mode))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode, m: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, m)
    }

    #[test]
    fn ctrl_h_and_backspace_both_delete_one_character() {
        for mode in [Filter, Edit, Picker] {
            assert_eq!(
                action_for(mode, &key(KeyCode::Char('h'), CTRL)),
                Some(Action::DeleteBack)
            );
            assert_eq!(
                action_for(mode, &key(KeyCode::Backspace, NONE)),
                Some(Action::DeleteBack)
            );
        }
    }

    #[test]
    fn q_quits_only_where_no_text_field_has_focus() {
        let q = key(KeyCode::Char('q'), NONE);
        assert_eq!(action_for(Table, &q), Some(Action::Quit));
        assert_eq!(action_for(Filter, &q), Some(Action::Insert('q')));
        assert_eq!(action_for(Edit, &q), Some(Action::Insert('q')));
        for mode in Mode::ALL {
            assert_eq!(
                action_for(mode, &key(KeyCode::Char('q'), CTRL)),
                Some(Action::Quit)
            );
        }
    }

    #[test]
    fn digits_start_editing_and_letters_do_not() {
        assert_eq!(
            action_for(Table, &key(KeyCode::Char('7'), NONE)),
            Some(Action::EditWith('7'))
        );
        assert_eq!(
            action_for(Table, &key(KeyCode::Char(','), NONE)),
            Some(Action::EditWith(','))
        );
        // A letter does not start editing: it asks for the typing hint.
        assert_eq!(
            action_for(Table, &key(KeyCode::Char('s'), NONE)),
            Some(Action::Insert('s'))
        );
    }

    #[test]
    fn vietnamese_letters_are_text_in_fields() {
        assert_eq!(
            action_for(Filter, &key(KeyCode::Char('Đ'), SHIFT)),
            Some(Action::Insert('Đ'))
        );
    }

    #[test]
    fn every_mode_has_a_way_out_without_letters() {
        for mode in Mode::ALL {
            let esc = action_for(mode, &key(KeyCode::Esc, NONE));
            assert!(esc.is_some(), "{mode:?}");
        }
    }
}
