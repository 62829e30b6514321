//! Taking the terminal and giving it back: raw mode, the alternate screen,
//! bracketed paste and a hidden cursor on the way in; all of it undone on
//! the way out — by the guard's drop (normal exit, `?` errors, unwinding),
//! by the panic hook, or by a signal's exit path. Restoring twice is safe.

use std::io::{self, Write};
use std::sync::atomic::{AtomicBool, Ordering};

use ratatui::crossterm::terminal;

/// Whether the terminal is in the application's state (restore once).
static ACTIVE: AtomicBool = AtomicBool::new(false);

/// Alternate screen, bracketed paste on, cursor hidden, screen cleared.
const ENTER: &[u8] = b"\x1b[?1049h\x1b[?2004h\x1b[?25l\x1b[H\x1b[2J";
const LEAVE: &[u8] = b"\x1b[0m\x1b[?2004l\x1b[?25h\x1b[?1049l";

/// Put the terminal back as the user had it. Safe to call more than once
/// and from a panic hook or signal path; failures are reported, not raised.
pub fn restore() {
    if !ACTIVE.swap(false, Ordering::SeqCst) {
        return;
    }
    let mut out = io::stdout();
    let written = out.write_all(LEAVE).and_then(|_| out.flush());
    let raw = terminal::disable_raw_mode();
    // The screen is the user's again: say what failed (a dropped SSH link
    // makes both fail, and there is nobody left to read it, which is fine).
    // Not `eprintln!`: it panics when stderr is the hung-up terminal, which
    // turned a clean exit on SIGHUP into a panic (exit 101).
    if let Err(e) = written.and(raw) {
        let _ = writeln!(io::stderr(), "thidua: không khôi phục được terminal: {e}");
    }
}

/// Restores the terminal when dropped.
pub struct Guard(());

impl Drop for Guard {
    fn drop(&mut self) {
        restore();
    }
}

/// Enter raw mode and the alternate screen, with bracketed paste; install
/// the panic hook. The guard restores everything.
pub fn enter() -> io::Result<Guard> {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore();
        // On the user's screen, before the technical message. Not
        // `eprintln!` (see `restore`).
        let _ = writeln!(
            io::stderr(),
            "thidua: lỗi nội bộ, chương trình dừng. Các số đã lưu (✓) vẫn còn trong cơ sở dữ liệu. Xin gửi thông báo dưới đây cho người quản trị."
        );
        previous(info);
    }));
    terminal::enable_raw_mode()?;
    ACTIVE.store(true, Ordering::SeqCst);
    let guard = Guard(());
    let mut out = io::stdout();
    out.write_all(ENTER)?;
    out.flush()?;
    Ok(guard)
}

/// Send bytes that are not part of a frame (an OSC 52 clipboard sequence)
/// in one write, between frames.
pub fn write_raw(bytes: &[u8]) -> io::Result<()> {
    let mut out = io::stdout();
    out.write_all(bytes)?;
    out.flush()
}
