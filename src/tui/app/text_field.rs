//! The one-line text fields (the province filter, the cell editor, the
//! period picker, the finder): tui-input fields driven by the text-field
//! actions, and pasted text made safe to keep.

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

/// Pasted text: NFC, no control characters, one line.
pub fn paste(input: &mut Input, text: &str) {
    let one_line = text.replace(['\r', '\n', '\t'], " ");
    for c in vn::clean(&one_line).chars() {
        input.handle(InputRequest::InsertChar(c));
    }
}
