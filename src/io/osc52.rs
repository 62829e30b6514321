//! Copy a table to the user's clipboard with OSC 52: the terminal (Windows
//! Terminal, iTerm2, kitty, WezTerm, xterm, … also through SSH) receives
//! `ESC ] 52 ; c ; <base64 of the text> BEL` and puts the text on the
//! clipboard of the machine the officer sits at.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;

use super::table::Table;
use crate::model::Period;

/// The escape sequence that sets the clipboard to `text`.
pub fn sequence(text: &str) -> String {
    format!("\x1b]52;c;{}\x07", STANDARD.encode(text.as_bytes()))
}

/// What a copy sends and what the status line says about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Copy {
    /// Bytes to write to the terminal, as they are.
    pub sequence: String,
    /// What was copied and what to do if nothing arrives, in full.
    pub message: String,
    /// The same, short enough for an 80-column status line.
    pub short: String,
}

/// Copy a table as TSV (pastes as a table in Excel and Word). The message
/// names the table and, since some terminals ignore OSC 52 silently, says
/// how to get the same table from `thidua report`.
pub fn copy_table(table: &Table, period: Period) -> Copy {
    let tsv = table.to_tsv();
    Copy {
        sequence: sequence(&tsv),
        message: format!(
            "Đã chép «{}» ({} dòng) dạng TSV (OSC 52), dán vào Excel/Word. \
             Không dán được? Terminal có thể không hỗ trợ OSC 52: dùng \
             `thidua report --period {period} --format csv --out bao-cao.csv`.",
            table.title,
            table.data_rows()
        ),
        short: format!(
            "Đã chép {} dòng. Không dán được: thidua report",
            table.data_rows()
        ),
    }
}
