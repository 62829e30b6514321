//! Progress of long work on stderr (rows or bytes done of all, the rate,
//! the time left), drawn by `indicatif` only when stderr is a terminal: a
//! file or a pipe gets the summary and nothing of this.

use std::io::IsTerminal;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// A progress line, or nothing when stderr is no terminal.
pub struct Progress(Option<ProgressBar>);

impl Progress {
    /// `total` rows of `what` (`Đang nhập`, `Đang xuất`…).
    pub fn rows(what: &str, total: u64) -> Self {
        Self::with(what, total, "{msg}: {pos}/{len} dòng, {per_sec}, còn {eta}")
    }

    /// `total` bytes of `what` (backups, restores).
    pub fn bytes(what: &str, total: u64) -> Self {
        Self::with(
            what,
            total,
            "{msg}: {bytes}/{total_bytes}, {bytes_per_sec}, còn {eta}",
        )
    }

    fn with(what: &str, total: u64, template: &str) -> Self {
        if !std::io::stderr().is_terminal() {
            return Progress(None);
        }
        let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr());
        if let Ok(style) = ProgressStyle::with_template(template) {
            bar.set_style(style);
        }
        bar.set_message(what.to_string());
        Progress(Some(bar))
    }

    /// Done so far.
    pub fn set(&self, done: u64) {
        if let Some(b) = &self.0 {
            b.set_position(done);
        }
    }
}

impl Drop for Progress {
    /// The line goes before the summary is printed.
    fn drop(&mut self) {
        if let Some(b) = &self.0 {
            b.finish_and_clear();
        }
    }
}
