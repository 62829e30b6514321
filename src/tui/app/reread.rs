//! Another officer's large import changed many figures at once: the
//! shown periods are read again, the status line says so, and an open
//! editor is checked against what is stored now.

use super::{App, Level};
use crate::model::Period;

impl App {
    pub(super) fn periods_changed(&mut self, periods: &[Period]) {
        match self.data.reread_periods(periods) {
            Ok(read) if read.is_empty() => {}
            Ok(read) => {
                let named: Vec<String> = read.iter().map(|p| p.to_string()).collect();
                self.say(
                    Level::Info,
                    format!(
                        "Có số liệu mới nhập cho kỳ {}: đã đọc lại",
                        named.join(", ")
                    ),
                );
                self.recheck_editor();
            }
            Err(e) => self.say(Level::Error, e.to_string()),
        }
    }
}
