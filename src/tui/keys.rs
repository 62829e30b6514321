//! The key table: which key means which [`Action`] in which [`Mode`], with
//! the Vietnamese label the footer and the Help screen show. It is data, so
//! the keys, the footer and Help cannot drift apart.
//!
//! Every core flow has a key that a Vietnamese IME leaves alone (arrows,
//! Enter, Tab, Esc, F-keys, Ctrl); single letters are extras only.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use super::action::{Action, Step};

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
}

impl Mode {
    pub const ALL: [Mode; 7] = [
        Mode::Filter,
        Mode::Table,
        Mode::Edit,
        Mode::Confirm,
        Mode::Picker,
        Mode::Reader,
        Mode::Review,
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
    pub label: &'static str,
    /// Shown in the footer (the rest only on the Help screen).
    pub hint: bool,
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

use Mode::{Confirm, Edit, Filter, Picker, Reader, Review, Table};

const BROWSE: &[Mode] = &[Filter, Table, Reader, Review];
const LISTS: &[Mode] = &[Filter, Table, Picker, Reader, Review];
const FIELDS: &[Mode] = &[Filter, Edit, Picker];
const NOT_EDITING: &[Mode] = &[Filter, Table, Picker, Reader, Review];

/// The whole table. Order matters only for the footer and Help: earlier
/// entries are listed first; the first match wins.
pub static BINDINGS: &[Binding] = &[
    // Everywhere.
    Binding {
        modes: &[Filter, Table, Edit, Confirm, Picker, Reader, Review],
        keys: &[ctrl('q')],
        action: Action::Quit,
        label: "Thoát",
        hint: true,
    },
    Binding {
        modes: &[Table, Reader, Review],
        keys: &[k(KeyCode::Char('q'))],
        action: Action::Quit,
        label: "Thoát",
        hint: false,
    },
    Binding {
        modes: NOT_EDITING,
        keys: &[f(1)],
        action: Action::Help,
        label: "Trợ giúp",
        hint: true,
    },
    // Review screens (Summary, Ranking, Score, Awards).
    Binding {
        modes: &[Review],
        keys: &[ctrl('c')],
        action: Action::Copy,
        label: "Chép bảng (dán vào Excel/Word)",
        hint: true,
    },
    Binding {
        modes: &[Review],
        keys: &[k(KeyCode::Tab)],
        action: Action::NextColumn,
        label: "Màn tiếp: tổng hợp, xếp hạng, điểm, khen thưởng",
        hint: true,
    },
    Binding {
        modes: &[Review],
        keys: &[Trigger::Key(KeyCode::BackTab, SHIFT), k(KeyCode::BackTab)],
        action: Action::PrevColumn,
        label: "Màn trước",
        hint: false,
    },
    Binding {
        modes: &[Review],
        keys: &[f(2)],
        action: Action::Edit,
        label: "Sửa trọng số (ở chi tiết điểm)",
        hint: false,
    },
    Binding {
        modes: &[Review],
        keys: &[f(9)],
        action: Action::ToggleChart,
        label: "Xếp hạng: bảng / biểu đồ",
        hint: false,
    },
    // Editing a cell: keys that finish the edit come before text keys.
    Binding {
        modes: &[Edit],
        keys: &[k(KeyCode::Enter)],
        action: Action::Commit(Step::Down),
        label: "Lưu, xuống",
        hint: true,
    },
    Binding {
        modes: &[Edit],
        keys: &[k(KeyCode::Tab)],
        action: Action::Commit(Step::Right),
        label: "Lưu, sang phải",
        hint: true,
    },
    Binding {
        modes: &[Edit],
        keys: &[Trigger::Key(KeyCode::BackTab, SHIFT), k(KeyCode::BackTab)],
        action: Action::Commit(Step::Left),
        label: "Lưu, sang trái",
        hint: false,
    },
    Binding {
        modes: &[Edit],
        keys: &[k(KeyCode::Up)],
        action: Action::Commit(Step::Up),
        label: "Lưu, lên",
        hint: false,
    },
    Binding {
        modes: &[Edit],
        keys: &[k(KeyCode::Down)],
        action: Action::Commit(Step::Down),
        label: "Lưu, xuống",
        hint: false,
    },
    Binding {
        modes: &[Edit],
        keys: &[k(KeyCode::Esc)],
        action: Action::Cancel,
        label: "Huỷ, giữ giá trị cũ",
        hint: true,
    },
    // Text fields.
    Binding {
        modes: FIELDS,
        keys: &[k(KeyCode::Backspace), ctrl('h')],
        action: Action::DeleteBack,
        label: "Xoá ký tự trước",
        hint: false,
    },
    Binding {
        modes: &[Edit, Picker],
        keys: &[k(KeyCode::Delete)],
        action: Action::DeleteForward,
        label: "Xoá ký tự sau",
        hint: false,
    },
    Binding {
        modes: &[Edit, Picker],
        keys: &[k(KeyCode::Left)],
        action: Action::CursorLeft,
        label: "Con trỏ sang trái",
        hint: false,
    },
    Binding {
        modes: &[Edit, Picker],
        keys: &[k(KeyCode::Right)],
        action: Action::CursorRight,
        label: "Con trỏ sang phải",
        hint: false,
    },
    Binding {
        modes: &[Edit],
        keys: &[k(KeyCode::Home), ctrl('a')],
        action: Action::CursorHome,
        label: "Về đầu ô",
        hint: false,
    },
    Binding {
        modes: &[Edit],
        keys: &[k(KeyCode::End), ctrl('e')],
        action: Action::CursorEnd,
        label: "Về cuối ô",
        hint: false,
    },
    Binding {
        modes: FIELDS,
        keys: &[ctrl('u')],
        action: Action::ClearField,
        label: "Xoá cả ô chữ",
        hint: false,
    },
    Binding {
        modes: FIELDS,
        keys: &[Trigger::Text],
        action: Action::Insert(' '),
        label: "Gõ chữ (lọc / nhập)",
        hint: false,
    },
    // Confirm.
    Binding {
        modes: &[Confirm],
        keys: &[k(KeyCode::Enter)],
        action: Action::Confirm,
        label: "Đồng ý",
        hint: true,
    },
    Binding {
        modes: &[Confirm],
        keys: &[k(KeyCode::Esc)],
        action: Action::Cancel,
        label: "Thôi",
        hint: true,
    },
    // Moving.
    Binding {
        modes: LISTS,
        keys: &[k(KeyCode::Up)],
        action: Action::Up,
        label: "Lên",
        hint: false,
    },
    Binding {
        modes: LISTS,
        keys: &[k(KeyCode::Down)],
        action: Action::Down,
        label: "Xuống",
        hint: false,
    },
    Binding {
        modes: &[Table, Review],
        keys: &[k(KeyCode::Left)],
        action: Action::Left,
        label: "Sang trái",
        hint: false,
    },
    Binding {
        modes: &[Table, Review],
        keys: &[k(KeyCode::Right)],
        action: Action::Right,
        label: "Sang phải",
        hint: false,
    },
    Binding {
        modes: &[Table],
        keys: &[k(KeyCode::Tab)],
        action: Action::NextColumn,
        label: "Cột nhập kế tiếp",
        hint: false,
    },
    Binding {
        modes: &[Table],
        keys: &[Trigger::Key(KeyCode::BackTab, SHIFT), k(KeyCode::BackTab)],
        action: Action::PrevColumn,
        label: "Cột nhập trước",
        hint: false,
    },
    Binding {
        modes: LISTS,
        keys: &[k(KeyCode::PageUp)],
        action: Action::PageUp,
        label: "Lên một trang",
        hint: false,
    },
    Binding {
        modes: LISTS,
        keys: &[k(KeyCode::PageDown)],
        action: Action::PageDown,
        label: "Xuống một trang",
        hint: false,
    },
    Binding {
        modes: &[Filter, Table, Reader, Review],
        keys: &[k(KeyCode::Home)],
        action: Action::Home,
        label: "Về đầu",
        hint: false,
    },
    Binding {
        modes: &[Filter, Table, Reader, Review],
        keys: &[k(KeyCode::End)],
        action: Action::End,
        label: "Về cuối",
        hint: false,
    },
    Binding {
        modes: &[Filter, Picker, Review],
        keys: &[k(KeyCode::Enter)],
        action: Action::Open,
        label: "Mở",
        hint: true,
    },
    // Cells.
    Binding {
        modes: &[Table],
        keys: &[Trigger::NumberStart],
        action: Action::EditWith('0'),
        label: "Gõ số: nhập ô",
        hint: true,
    },
    Binding {
        modes: &[Table],
        keys: &[f(2), k(KeyCode::Enter)],
        action: Action::Edit,
        label: "Sửa ô",
        hint: true,
    },
    Binding {
        modes: &[Table],
        keys: &[k(KeyCode::Delete)],
        action: Action::Clear,
        label: "Xoá giá trị",
        hint: false,
    },
    Binding {
        modes: &[Table, Reader],
        keys: &[ctrl('z')],
        action: Action::Undo,
        label: "Hoàn tác",
        hint: false,
    },
    Binding {
        modes: &[Table, Reader],
        keys: &[ctrl('y')],
        action: Action::Redo,
        label: "Làm lại",
        hint: false,
    },
    // Screens and periods.
    Binding {
        modes: &[Table],
        keys: &[f(3)],
        action: Action::ShowHistory,
        label: "Lịch sử ô",
        hint: true,
    },
    Binding {
        modes: &[Review],
        keys: &[f(3)],
        action: Action::ShowHistory,
        label: "Lịch sử trọng số (trong chi tiết điểm)",
        hint: false,
    },
    Binding {
        modes: BROWSE,
        keys: &[f(4)],
        action: Action::ShowMatrix,
        label: "Bảng tổng hợp",
        hint: true,
    },
    Binding {
        modes: BROWSE,
        keys: &[f(5)],
        action: Action::PrevPeriod,
        label: "Kỳ trước",
        hint: true,
    },
    Binding {
        modes: BROWSE,
        keys: &[f(6)],
        action: Action::NextPeriod,
        label: "Kỳ sau",
        hint: true,
    },
    Binding {
        modes: BROWSE,
        keys: &[f(7), ctrl('p')],
        action: Action::PickPeriod,
        label: "Chọn kỳ",
        hint: false,
    },
    Binding {
        modes: &[Table, Review],
        keys: &[ctrl('f')],
        action: Action::FindIndicator,
        label: "Tìm chỉ tiêu",
        hint: true,
    },
    Binding {
        modes: BROWSE,
        keys: &[f(8)],
        action: Action::ShowReview,
        label: "Tổng hợp, xếp hạng, điểm (Tab: màn tiếp)",
        hint: false,
    },
    Binding {
        modes: &[Filter, Table, Picker, Reader, Review],
        keys: &[k(KeyCode::Esc)],
        action: Action::Back,
        label: "Quay lại / xoá bộ lọc",
        hint: true,
    },
    // Last, so that every letter bound above keeps its meaning: a letter
    // typed on a figure is a slip (or an IME's), answered with a hint.
    Binding {
        modes: &[Table],
        keys: &[Trigger::Text],
        action: Action::Insert(' '),
        label: "Chữ cái trên ô số: nhắc cách nhập",
        hint: false,
    },
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

/// The footer: the hinted bindings of a mode, as (keys, label).
pub fn hints(mode: Mode) -> Vec<(String, &'static str)> {
    BINDINGS
        .iter()
        .filter(|b| b.hint && b.modes.contains(&mode))
        .map(|b| (keys_text(b), b.label))
        .collect()
}

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
