//! The one module that touches the terminal: set-up and restore (raw mode,
//! alternate screen, bracketed paste), the panic hook, and the frame writer.
//!
//! Frames are drawn by ratatui into [`LeanBackend`], which collects the
//! bytes of one frame in memory, writes only what changed with short
//! sequences (16-colour SGR, no redundant cursor moves or cursor show/hide),
//! and then sends the frame in ONE write wrapped in synchronized-update
//! sequences. A frame with no change sends nothing at all.

use std::io::{self, Write};
use std::sync::atomic::{AtomicBool, Ordering};

use ratatui::Terminal;
use ratatui::backend::{Backend, ClearType, WindowSize};
use ratatui::buffer::Cell;
use ratatui::crossterm::terminal;
use ratatui::layout::{Position, Size};
use ratatui::style::{Color, Modifier};

use super::vn;

/// Whether the terminal is in the application's state (restore once).
static ACTIVE: AtomicBool = AtomicBool::new(false);

const ENTER: &[u8] = b"\x1b[?1049h\x1b[?2004h\x1b[?25l\x1b[H\x1b[2J";
const LEAVE: &[u8] = b"\x1b[0m\x1b[?2004l\x1b[?25h\x1b[?1049l";
const SYNC_BEGIN: &[u8] = b"\x1b[?2026h";
const SYNC_END: &[u8] = b"\x1b[?2026l";

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
    if let Err(e) = written.and(raw) {
        eprintln!("thidua: không khôi phục được terminal: {e}");
    }
}

/// Restores the terminal when dropped (normal exit, `?` errors, unwinding).
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

/// The terminal as the application draws on it.
pub type Screen = Terminal<LeanBackend>;

pub fn screen() -> io::Result<Screen> {
    Terminal::new(LeanBackend::new(Box::new(io::stdout())))
}

/// Draw one frame and send it, if anything changed, in one write.
pub fn draw(screen: &mut Screen, render: impl FnOnce(&mut ratatui::Frame)) -> io::Result<usize> {
    screen.draw(render)?;
    screen.backend_mut().send()
}

/// A ratatui backend that buffers one frame and writes it compactly.
pub struct LeanBackend {
    out: Box<dyn Write + Send>,
    frame: Vec<u8>,
    /// Cursor visibility as the terminal has it (None = unknown).
    cursor_visible: Option<bool>,
    /// Where the terminal's cursor is, if known.
    cursor: Option<Position>,
    /// A fixed size instead of asking the terminal (benchmarks, tests).
    fixed_size: Option<Size>,
}

impl LeanBackend {
    pub fn new(out: Box<dyn Write + Send>) -> Self {
        LeanBackend {
            out,
            frame: Vec::with_capacity(16 * 1024),
            // ENTER hid the cursor.
            cursor_visible: Some(false),
            cursor: None,
            fixed_size: None,
        }
    }

    pub fn with_size(mut self, size: Size) -> Self {
        self.fixed_size = Some(size);
        self
    }

    /// Send the collected frame in one write; returns the bytes sent.
    pub fn send(&mut self) -> io::Result<usize> {
        if self.frame.is_empty() {
            return Ok(0);
        }
        let mut whole = Vec::with_capacity(self.frame.len() + SYNC_BEGIN.len() + SYNC_END.len());
        whole.extend_from_slice(SYNC_BEGIN);
        whole.append(&mut self.frame);
        whole.extend_from_slice(SYNC_END);
        self.out.write_all(&whole)?;
        self.out.flush()?;
        Ok(whole.len())
    }

    fn move_to(&mut self, p: Position) {
        // CSI row;col H, 1-based; the column is left out when it is 1.
        let _ = if p.x == 0 {
            write!(self.frame, "\x1b[{}H", p.y + 1)
        } else {
            write!(self.frame, "\x1b[{};{}H", p.y + 1, p.x + 1)
        };
        self.cursor = Some(p);
    }
}

/// SGR for one cell style, starting from a reset (short and stateless).
fn sgr(out: &mut Vec<u8>, fg: Color, bg: Color, m: Modifier) {
    out.extend_from_slice(b"\x1b[0");
    let flags = [
        (Modifier::BOLD, "1"),
        (Modifier::DIM, "2"),
        (Modifier::ITALIC, "3"),
        (Modifier::UNDERLINED, "4"),
        (Modifier::REVERSED, "7"),
        (Modifier::CROSSED_OUT, "9"),
    ];
    for (flag, code) in flags {
        if m.contains(flag) {
            out.push(b';');
            out.extend_from_slice(code.as_bytes());
        }
    }
    if let Some(c) = ansi(fg, false) {
        let _ = write!(out, ";{c}");
    }
    if let Some(c) = ansi(bg, true) {
        let _ = write!(out, ";{c}");
    }
    out.push(b'm');
}

/// The 16 named colours as SGR numbers.
fn ansi(c: Color, background: bool) -> Option<String> {
    let base = if background { 40 } else { 30 };
    let n = match c {
        Color::Reset => return None,
        Color::Black => base,
        Color::Red => base + 1,
        Color::Green => base + 2,
        Color::Yellow => base + 3,
        Color::Blue => base + 4,
        Color::Magenta => base + 5,
        Color::Cyan => base + 6,
        Color::Gray => base + 7,
        Color::DarkGray => base + 60,
        Color::LightRed => base + 61,
        Color::LightGreen => base + 62,
        Color::LightYellow => base + 63,
        Color::LightBlue => base + 64,
        Color::LightMagenta => base + 65,
        Color::LightCyan => base + 66,
        Color::White => base + 67,
        Color::Indexed(i) => return Some(format!("{};5;{i}", base + 8)),
        Color::Rgb(r, g, b) => return Some(format!("{};2;{r};{g};{b}", base + 8)),
    };
    Some(n.to_string())
}

impl Backend for LeanBackend {
    type Error = io::Error;

    fn draw<'a, I>(&mut self, content: I) -> io::Result<()>
    where
        I: Iterator<Item = (u16, u16, &'a Cell)>,
    {
        let mut style: Option<(Color, Color, Modifier)> = None;
        for (x, y, cell) in content {
            let here = Position::new(x, y);
            if self.cursor != Some(here) {
                self.move_to(here);
            }
            let s = (cell.fg, cell.bg, cell.modifier);
            if style != Some(s) {
                sgr(&mut self.frame, s.0, s.1, s.2);
                style = Some(s);
            }
            let symbol = cell.symbol();
            self.frame.extend_from_slice(symbol.as_bytes());
            let w = vn::width(symbol).max(1) as u16;
            self.cursor = Some(Position::new(x.saturating_add(w), y));
        }
        if style.is_some_and(|s| s != (Color::Reset, Color::Reset, Modifier::empty())) {
            self.frame.extend_from_slice(b"\x1b[0m");
        }
        Ok(())
    }

    fn hide_cursor(&mut self) -> io::Result<()> {
        if self.cursor_visible != Some(false) {
            self.frame.extend_from_slice(b"\x1b[?25l");
            self.cursor_visible = Some(false);
        }
        Ok(())
    }

    fn show_cursor(&mut self) -> io::Result<()> {
        if self.cursor_visible != Some(true) {
            self.frame.extend_from_slice(b"\x1b[?25h");
            self.cursor_visible = Some(true);
        }
        Ok(())
    }

    fn get_cursor_position(&mut self) -> io::Result<Position> {
        // Never ask the terminal: its answer would arrive on the input thread.
        Ok(self.cursor.unwrap_or_default())
    }

    fn set_cursor_position<P: Into<Position>>(&mut self, position: P) -> io::Result<()> {
        let p = position.into();
        if self.cursor != Some(p) {
            self.move_to(p);
        }
        Ok(())
    }

    fn clear(&mut self) -> io::Result<()> {
        self.frame.extend_from_slice(b"\x1b[0m\x1b[2J");
        Ok(())
    }

    fn clear_region(&mut self, clear_type: ClearType) -> io::Result<()> {
        let seq: &[u8] = match clear_type {
            ClearType::All => b"\x1b[0m\x1b[2J",
            ClearType::AfterCursor => b"\x1b[0m\x1b[J",
            ClearType::BeforeCursor => b"\x1b[0m\x1b[1J",
            ClearType::CurrentLine => b"\x1b[0m\x1b[2K",
            ClearType::UntilNewLine => b"\x1b[0m\x1b[K",
        };
        self.frame.extend_from_slice(seq);
        Ok(())
    }

    fn size(&self) -> io::Result<Size> {
        match self.fixed_size {
            Some(s) => Ok(s),
            None => terminal::size().map(|(w, h)| Size::new(w, h)),
        }
    }

    fn window_size(&mut self) -> io::Result<WindowSize> {
        let columns_rows = self.size()?;
        Ok(WindowSize {
            columns_rows,
            pixels: Size::new(0, 0),
        })
    }

    fn flush(&mut self) -> io::Result<()> {
        // The frame is sent whole by `send`, after ratatui is done with it.
        Ok(())
    }
}
