//! The one module that touches the terminal: set-up and restore (raw mode,
//! alternate screen, bracketed paste), the panic hook, and the frame writer.
//!
//! Frames are rendered by ratatui and sent by [`LeanBackend`], which
//! compares them with what the terminal shows, writes only what changed
//! with short sequences (16-colour SGR, relative cursor moves, scroll
//! regions for moved rows, no redundant cursor show/hide), and sends the
//! frame in ONE write wrapped in synchronized-update sequences. A frame
//! with no change sends nothing at all.

use std::io::{self, Write};
use std::sync::atomic::{AtomicBool, Ordering};

use ratatui::Terminal;
use ratatui::backend::{Backend, ClearType, WindowSize};
use ratatui::buffer::{Buffer, Cell};
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

/// Draw one frame and send it, if anything changed, in one write; returns
/// the bytes sent.
pub fn draw(screen: &mut Screen, render: impl FnOnce(&mut ratatui::Frame)) -> io::Result<usize> {
    let frame = screen.draw(render)?.buffer.clone();
    screen.backend_mut().send(&frame)
}

/// A ratatui backend that keeps its own copy of what the terminal shows
/// and, per frame, writes only the cells that differ, with the shortest
/// cursor moves, using the terminal's scroll region when rows moved up or
/// down (a scrolled table costs its new rows, not the whole table).
/// ratatui's own diff is not used: `draw` records nothing, and
/// [`LeanBackend::send`] compares the finished frame with the copy.
pub struct LeanBackend {
    out: Box<dyn Write + Send>,
    bytes: Vec<u8>,
    /// What the terminal shows (None: unknown, e.g. before the first frame).
    shown: Option<Buffer>,
    /// Cursor visibility as the terminal has it (None = unknown).
    cursor_visible: Option<bool>,
    /// Where the terminal's cursor is, if known.
    cursor: Option<Position>,
    /// Where the frame wants the cursor (None: hidden).
    wanted_cursor: Option<Position>,
    /// Columns of the screen (for relative cursor moves).
    cols: u16,
    /// A fixed size instead of asking the terminal (benchmarks, tests).
    fixed_size: Option<Size>,
}

impl LeanBackend {
    pub fn new(out: Box<dyn Write + Send>) -> Self {
        LeanBackend {
            out,
            bytes: Vec::with_capacity(16 * 1024),
            shown: None,
            // ENTER hid the cursor.
            cursor_visible: Some(false),
            cursor: None,
            wanted_cursor: None,
            cols: 0,
            fixed_size: None,
        }
    }

    pub fn with_size(mut self, size: Size) -> Self {
        self.fixed_size = Some(size);
        self
    }

    /// Bring the terminal to `frame` and send it in one write; returns the
    /// bytes sent (0 when nothing changed).
    pub fn send(&mut self, frame: &Buffer) -> io::Result<usize> {
        let bytes = self.frame_bytes(frame);
        self.bytes.extend(bytes);
        if self.bytes.is_empty() {
            return Ok(0);
        }
        let mut whole = Vec::with_capacity(self.bytes.len() + SYNC_BEGIN.len() + SYNC_END.len());
        whole.extend_from_slice(SYNC_BEGIN);
        whole.append(&mut self.bytes);
        whole.extend_from_slice(SYNC_END);
        self.out.write_all(&whole)?;
        self.out.flush()?;
        Ok(whole.len())
    }

    /// The bytes that turn what is shown into `frame` (cursor included).
    fn frame_bytes(&mut self, frame: &Buffer) -> Vec<u8> {
        let frame = &invisible_styles_dropped(frame);
        let mut out = Vec::new();
        self.cols = frame.area.width;
        let mut shown = match self.shown.take() {
            Some(b) if b.area == frame.area => b,
            _ => Buffer::empty(frame.area),
        };
        if let Some(scroll) = find_scroll(&shown, frame) {
            scroll.apply(&mut shown);
            scroll.write(&mut out);
            // Setting and resetting the region homes the cursor.
            self.cursor = Some(Position::new(0, 0));
        }
        let mut style: Option<(Color, Color, Modifier)> = None;
        for (x, y, cell) in shown.diff(frame) {
            let here = Position::new(x, y);
            if self.cursor != Some(here) {
                let pen_fits = style.is_some_and(|(_, bg, m)| is_plain_blank(bg, m));
                match self.cursor {
                    // A short run of blanks is cheaper printed than skipped.
                    Some(c)
                        if pen_fits && c.y == y && c.x < x && x - c.x < 3 && {
                            let w = usize::from(frame.area.width);
                            (c.x..x).all(|gx| {
                                frame
                                    .content
                                    .get(usize::from(y) * w + usize::from(gx))
                                    .is_some_and(|g| {
                                        g.symbol() == " " && is_plain_blank(g.bg, g.modifier)
                                    })
                            })
                        } =>
                    {
                        out.extend(std::iter::repeat_n(b' ', usize::from(x - c.x)));
                        self.cursor = Some(here);
                    }
                    _ => self.move_to(&mut out, here),
                }
            }
            let s = (cell.fg, cell.bg, cell.modifier);
            // A plain space looks the same in any foreground or weight:
            // keep the pen as it is rather than switching styles for it.
            let blank = cell.symbol() == " " && is_plain_blank(s.1, s.2);
            let pen_fits = style.is_some_and(|(_, bg, m)| is_plain_blank(bg, m));
            if style != Some(s) && !(blank && pen_fits) {
                sgr(&mut out, s.0, s.1, s.2);
                style = Some(s);
            }
            let symbol = cell.symbol();
            out.extend_from_slice(symbol.as_bytes());
            let w = vn::width(symbol).max(1) as u16;
            self.cursor = Some(Position::new(x.saturating_add(w), y));
        }
        if style.is_some_and(|s| s != (Color::Reset, Color::Reset, Modifier::empty())) {
            out.extend_from_slice(b"\x1b[0m");
        }
        self.shown = Some(frame.clone());
        match self.wanted_cursor {
            None => {
                if self.cursor_visible != Some(false) {
                    out.extend_from_slice(b"\x1b[?25l");
                    self.cursor_visible = Some(false);
                }
            }
            Some(p) => {
                if self.cursor != Some(p) {
                    self.move_to(&mut out, p);
                }
                if self.cursor_visible != Some(true) {
                    out.extend_from_slice(b"\x1b[?25h");
                    self.cursor_visible = Some(true);
                }
            }
        }
        out
    }

    /// The shortest of an absolute and a relative cursor move.
    fn move_to(&mut self, out: &mut Vec<u8>, p: Position) {
        // CSI row;col H, 1-based; the column is left out when it is 1.
        let absolute = if p.x == 0 {
            format!("\x1b[{}H", p.y + 1)
        } else {
            format!("\x1b[{};{}H", p.y + 1, p.x + 1)
        };
        let relative = match self.cursor {
            // Past the last column the terminal may be waiting to wrap.
            Some(c) if c.x < self.cols => Some(relative_move(c, p)),
            _ => None,
        };
        let chosen = match relative {
            Some(r) if r.len() < absolute.len() => r,
            _ => absolute,
        };
        out.extend_from_slice(chosen.as_bytes());
        self.cursor = Some(p);
    }
}

/// The frame with the styles that cannot be seen taken off blank cells
/// (a foreground colour or bold on a space), so a blank cell is blank
/// whatever style its widget gave it, and is not rewritten for nothing.
fn invisible_styles_dropped(frame: &Buffer) -> Buffer {
    let mut out = frame.clone();
    for cell in out.content.iter_mut() {
        if cell.symbol() == " " && is_plain_blank(cell.bg, cell.modifier) {
            cell.fg = Color::Reset;
            cell.underline_color = Color::Reset;
            cell.modifier = Modifier::empty();
        }
    }
    out
}

/// Whether a space drawn with this background and these modifiers shows
/// as an ordinary blank.
fn is_plain_blank(bg: Color, m: Modifier) -> bool {
    bg == Color::Reset
        && !m.intersects(Modifier::REVERSED | Modifier::UNDERLINED | Modifier::CROSSED_OUT)
}

fn csi(n: u16, command: char) -> String {
    if n == 1 && command == 'D' {
        // Backspace moves one column left in one byte.
        "\x08".to_string()
    } else if n == 1 {
        format!("\x1b[{command}")
    } else {
        format!("\x1b[{n}{command}")
    }
}

/// Cursor keys from `from` to `to` (CUU/CUD, then CUF/CUB or CR).
fn relative_move(from: Position, to: Position) -> String {
    let mut s = String::new();
    if to.y > from.y {
        s.push_str(&csi(to.y - from.y, 'B'));
    } else if to.y < from.y {
        s.push_str(&csi(from.y - to.y, 'A'));
    }
    if to.x > from.x {
        s.push_str(&csi(to.x - from.x, 'C'));
    } else if to.x < from.x {
        let back = csi(from.x - to.x, 'D');
        let home = if to.x == 0 {
            "\r".to_string()
        } else {
            format!("\r{}", csi(to.x, 'C'))
        };
        s.push_str(if home.len() < back.len() {
            &home
        } else {
            &back
        });
    }
    s
}

/// Rows that moved by `shift` (positive: content went up) inside the
/// region `top..=bottom` (0-based rows).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Scroll {
    top: u16,
    bottom: u16,
    shift: i32,
}

impl Scroll {
    fn write(&self, out: &mut Vec<u8>) {
        let n = self.shift.unsigned_abs();
        let command = if self.shift > 0 { 'S' } else { 'T' };
        let _ = write!(
            out,
            "\x1b[0m\x1b[{};{}r\x1b[{n}{command}\x1b[r",
            self.top + 1,
            self.bottom + 1
        );
    }

    /// Do to the copy what the terminal does: rows move, new rows are blank.
    fn apply(&self, shown: &mut Buffer) {
        let w = usize::from(shown.area.width);
        let (top, bottom) = (usize::from(self.top), usize::from(self.bottom));
        let n = self.shift.unsigned_abs() as usize;
        let rows: Vec<Vec<Cell>> = (top..=bottom)
            .map(|y| shown.content[y * w..(y + 1) * w].to_vec())
            .collect();
        for (i, y) in (top..=bottom).enumerate() {
            let source = if self.shift > 0 {
                i.checked_add(n).filter(|s| *s < rows.len())
            } else {
                i.checked_sub(n)
            };
            let row = &mut shown.content[y * w..(y + 1) * w];
            match source.and_then(|s| rows.get(s)) {
                Some(r) => row.clone_from_slice(r),
                None => row.iter_mut().for_each(|c| *c = Cell::default()),
            }
        }
    }
}

fn row(b: &Buffer, w: usize, y: usize) -> &[Cell] {
    &b.content[y * w..(y + 1) * w]
}

/// The scroll that saves the most: the longest run of rows of `new` that
/// equal rows of `old` moved by the same amount, counted only where a row
/// is not already in place; worth it from three rows.
fn find_scroll(old: &Buffer, new: &Buffer) -> Option<Scroll> {
    let w = usize::from(new.area.width);
    let h = usize::from(new.area.height);
    if w == 0 || h < 4 || old.area != new.area {
        return None;
    }
    let blank = |r: &[Cell]| r.iter().all(|c| *c == Cell::default());
    let changed: Vec<bool> = (0..h).map(|y| row(old, w, y) != row(new, w, y)).collect();
    if changed.iter().filter(|c| **c).count() < 3 {
        return None;
    }
    let mut best: Option<(usize, Scroll)> = None;
    for shift in 1..h as i32 {
        for k in [shift, -shift] {
            let mut run_start = None;
            let mut gain = 0;
            for y in 0..=h {
                let source = y as i32 + k;
                let same = y < h
                    && (0..h as i32).contains(&source)
                    && row(new, w, y) == row(old, w, source as usize)
                    && !blank(row(new, w, y));
                if same {
                    run_start.get_or_insert(y);
                    if changed.get(y).copied().unwrap_or(false) {
                        gain += 1;
                    }
                    continue;
                }
                if let Some(start) = run_start.take() {
                    let end = y - 1;
                    let (top, bottom) = if k > 0 {
                        (start, end + k as usize)
                    } else {
                        (start - k.unsigned_abs() as usize, end)
                    };
                    if gain >= 3 && best.is_none_or(|(g, _)| gain > g) {
                        best = Some((
                            gain,
                            Scroll {
                                top: top as u16,
                                bottom: bottom as u16,
                                shift: k,
                            },
                        ));
                    }
                }
                gain = 0;
            }
        }
    }
    best.map(|(_, s)| s)
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

    fn draw<'a, I>(&mut self, _content: I) -> io::Result<()>
    where
        I: Iterator<Item = (u16, u16, &'a Cell)>,
    {
        // The whole frame is compared with what is shown in `send`.
        Ok(())
    }

    fn hide_cursor(&mut self) -> io::Result<()> {
        self.wanted_cursor = None;
        Ok(())
    }

    fn show_cursor(&mut self) -> io::Result<()> {
        // Shown by `send` when the frame set a position.
        Ok(())
    }

    fn get_cursor_position(&mut self) -> io::Result<Position> {
        // Never ask the terminal: its answer would arrive on the input thread.
        Ok(self.cursor.unwrap_or_default())
    }

    fn set_cursor_position<P: Into<Position>>(&mut self, position: P) -> io::Result<()> {
        self.wanted_cursor = Some(position.into());
        Ok(())
    }

    fn clear(&mut self) -> io::Result<()> {
        self.bytes.extend_from_slice(b"\x1b[0m\x1b[2J");
        self.shown = None;
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
        self.bytes.extend_from_slice(seq);
        // Whatever was cleared is unknown now: compare against blank.
        self.shown = None;
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

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::layout::Rect;
    use std::sync::{Arc, Mutex};

    /// A writer the test can read back.
    #[derive(Clone, Default)]
    struct Sink(Arc<Mutex<Vec<u8>>>);

    impl Write for Sink {
        fn write(&mut self, b: &[u8]) -> io::Result<usize> {
            self.0.lock().expect("sink").extend_from_slice(b);
            Ok(b.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    fn lines(w: u16, rows: &[&str]) -> Buffer {
        let mut b = Buffer::empty(Rect::new(0, 0, w, rows.len() as u16));
        for (y, r) in rows.iter().enumerate() {
            b.set_string(0, y as u16, r, ratatui::style::Style::new());
        }
        b
    }

    /// Feed the bytes to a terminal emulator and read its screen.
    fn emulate(bytes: &[u8], w: u16, h: u16) -> Vec<String> {
        let mut p = vt100::Parser::new(
            std::num::NonZeroU16::new(h).expect("h"),
            std::num::NonZeroU16::new(w).expect("w"),
            0,
        );
        p.process(bytes);
        p.screen().rows(0, w).collect()
    }

    #[test]
    fn an_unchanged_frame_writes_nothing() {
        let sink = Sink::default();
        let mut b = LeanBackend::new(Box::new(sink.clone()));
        let f = lines(10, &["abc", "def"]);
        assert!(b.send(&f).expect("send") > 0);
        assert_eq!(b.send(&f).expect("send"), 0);
    }

    #[test]
    fn scrolled_rows_use_the_scroll_region_and_end_right() {
        let rows: Vec<String> = (0..20).map(|i| format!("dòng số {i:02} ở đây")).collect();
        for (a, b) in [(0, 4), (4, 0), (2, 3), (3, 2)] {
            let sink = Sink::default();
            let mut backend = LeanBackend::new(Box::new(sink.clone()));
            let first: Vec<&str> = rows[a..a + 10].iter().map(String::as_str).collect();
            let second: Vec<&str> = rows[b..b + 10].iter().map(String::as_str).collect();
            let before = backend.send(&lines(20, &first)).expect("send");
            let after = backend.send(&lines(20, &second)).expect("send");
            let moved = a.abs_diff(b);
            assert!(
                after < before * (moved + 2) / 10,
                "{after} bytes for a scroll of {moved} rows (full: {before})"
            );
            let all = sink.0.lock().expect("sink").clone();
            let screen = emulate(&all, 20, 10);
            let got: Vec<&str> = screen.iter().map(|s| s.trim_end()).collect();
            assert_eq!(got, second, "{a} → {b}");
        }
    }

    #[test]
    fn relative_moves_are_shorter_than_absolute_ones() {
        assert_eq!(
            relative_move(Position::new(5, 3), Position::new(9, 3)),
            "\x1b[4C"
        );
        assert_eq!(
            relative_move(Position::new(5, 3), Position::new(5, 4)),
            "\x1b[B"
        );
        assert_eq!(
            relative_move(Position::new(30, 3), Position::new(0, 3)),
            "\r"
        );
    }
}
