//! The one-line text fields (the province filter, the cell editor, the
//! weight editor, the period picker, the finder): tui-input fields driven
//! by the text-field actions, and pasted text made safe to keep.
//!
//! A field opened on a stored value (F2 on a cell, on a weight) shows it
//! selected: typing or pasting replaces it, Backspace, Delete and Ctrl+U
//! clear it, and the cursor keys keep it to be edited.

use tui_input::{Input, InputRequest};

use crate::tui::action::Action;
use crate::tui::vn;

/// Apply a text-field action to a field; true when the text changed.
pub fn edit(input: &mut Input, action: Action) -> bool {
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

/// [`edit`] on a field whose whole text may be selected (`selected`).
pub fn edit_selectable(input: &mut Input, selected: &mut bool, action: Action) -> bool {
    if *selected {
        match action {
            Action::Insert(_) | Action::Paste(_) => {
                *selected = false;
                input.reset();
            }
            Action::DeleteBack | Action::DeleteForward | Action::ClearField => {
                *selected = false;
                let had = !input.value().is_empty();
                input.reset();
                return had;
            }
            Action::CursorLeft | Action::CursorRight | Action::CursorHome | Action::CursorEnd => {
                *selected = false;
            }
            _ => {}
        }
    }
    edit(input, action)
}

/// Pasted text: NFC, no control characters, one line (the line break a
/// copied cell ends with dropped).
pub fn paste(input: &mut Input, text: &str) {
    let one_line = text
        .trim_end_matches(['\r', '\n'])
        .replace(['\r', '\n', '\t'], " ");
    for c in vn::clean(&one_line).chars() {
        input.handle(InputRequest::InsertChar(c));
    }
}
