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

    /// Bytes of `what` whose total is not known beforehand.
    pub fn bytes_so_far(what: &str) -> Self {
        Self::open_ended(what, "{msg}: {bytes}, {bytes_per_sec}")
    }

    /// Rows of `what` whose total is not known beforehand.
    pub fn rows_so_far(what: &str) -> Self {
        Self::open_ended(what, "{msg}: {pos} dòng, {per_sec}")
    }

    fn open_ended(what: &str, template: &str) -> Self {
        if !std::io::stderr().is_terminal() {
            return Progress(None);
        }
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
        if let Ok(style) = ProgressStyle::with_template(template) {
            bar.set_style(style);
        }
        bar.set_message(what.to_string());
        Progress(Some(bar))
    }

    /// Something to tell of each step done from another place (a
    /// client's pages), `n` at a time.
    pub fn counter(&self) -> Box<dyn Fn(usize) + Send> {
        let bar = self.0.clone();
        Box::new(move |n| {
            if let Some(b) = &bar {
                b.inc(n as u64);
            }
        })
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

/// A reader or writer whose bytes are shown as they pass.
pub struct Through<'p, T> {
    pub inner: T,
    pub progress: &'p Progress,
}

impl<T: std::io::Read> std::io::Read for Through<'_, T> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        if let Some(b) = &self.progress.0 {
            b.inc(n as u64);
        }
        Ok(n)
    }
}

impl<T: std::io::Write> std::io::Write for Through<'_, T> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        if let Some(b) = &self.progress.0 {
            b.inc(n as u64);
        }
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
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
