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
/// The terminal's default rendition.
const PLAIN: (Color, Color, Modifier) = (Color::Reset, Color::Reset, Modifier::empty());
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
    // Not `eprintln!`: it panics when stderr is the hung-up terminal, which
    // turned a clean exit on SIGHUP into a panic (exit 101).
    if let Err(e) = written.and(raw) {
        let _ = writeln!(io::stderr(), "thidua: không khôi phục được terminal: {e}");
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
    /// The terminal's current SGR state, carried from frame to frame (None:
    /// unknown), so a frame need not end with a reset nor start with one.
    pen: Option<(Color, Color, Modifier)>,
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
            // ENTER leaves the terminal's default rendition.
            pen: Some(PLAIN),
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
            // Setting and resetting the region homes the cursor; the
            // scroll starts with a reset.
            self.cursor = Some(Position::new(0, 0));
            self.pen = Some(PLAIN);
        }
        let mut style = self.pen;
        let diff = shown.diff(frame);
        let tails = blank_tails(frame);
        // Row by row: the cells one by one, or — when shorter — the changed
        // span erased at once (ECH) and only its visible cells written.
        let mut start = 0;
        while start < diff.len() {
            let y = diff[start].1;
            let end = start + diff[start..].iter().take_while(|d| d.1 == y).count();
            let row = &diff[start..end];
            start = end;
            let before = (self.cursor, style);
            let mut by_cells = Vec::new();
            self.write_cells(&mut by_cells, frame, row, tails[usize::from(y)], &mut style);
            let after_cells = (self.cursor, style);
            (self.cursor, style) = before;
            let mut by_erase = Vec::new();
            if self.erase_span(&mut by_erase, &shown, frame, row, &mut style)
                && by_erase.len() < by_cells.len()
            {
                out.extend_from_slice(&by_erase);
            } else {
                (self.cursor, style) = after_cells;
                out.extend_from_slice(&by_cells);
            }
        }
        // No reset at the end: the next frame starts from this pen, and
        // leaving the screen (LEAVE) resets it.
        self.pen = style;
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

    /// Write one row's changed cells one by one (`row`: the diff's cells of
    /// that row, in order), erasing a blank tail from `tail` on with EL.
    fn write_cells(
        &mut self,
        out: &mut Vec<u8>,
        frame: &Buffer,
        row: &[(u16, u16, &Cell)],
        tail: u16,
        style: &mut Option<(Color, Color, Modifier)>,
    ) {
        for (i, &(x, y, cell)) in row.iter().enumerate() {
            let here = Position::new(x, y);
            if self.cursor != Some(here) && !self.fill_gap(out, frame, here, *style) {
                self.move_to(out, here);
            }
            // The rest of the row turns blank (but for its last cell, a
            // border): erase it at once rather than cell by cell.
            if x >= tail && self.erase_tail(out, frame, here, style, row.len() - i) {
                return;
            }
            self.put_cell(out, here, cell, style);
        }
    }

    /// Write one row's changed span another way: erase it with ECH (which
    /// leaves the cursor in place), then write only the cells of `frame` in
    /// it that are not plain blanks. Returns false (writing nothing) where
    /// the span holds a wide character, old or new, that ECH could split.
    fn erase_span(
        &mut self,
        out: &mut Vec<u8>,
        shown: &Buffer,
        frame: &Buffer,
        row: &[(u16, u16, &Cell)],
        style: &mut Option<(Color, Color, Modifier)>,
    ) -> bool {
        let (Some(first), Some(last)) = (row.first(), row.last()) else {
            return false;
        };
        let (a, b, y) = (first.0, last.0 + 1, first.1);
        let narrow =
            |buf: &Buffer, x: u16| buf.cell((x, y)).is_some_and(|c| vn::width(c.symbol()) == 1);
        if b - a < 2 || !(a..b).all(|x| narrow(shown, x) && narrow(frame, x)) {
            return false;
        }
        let start = Position::new(a, y);
        if self.cursor != Some(start) {
            self.move_to(out, start);
        }
        // ECH erases in the current background.
        if !style.is_some_and(|p| is_plain_blank(p.1, p.2)) {
            out.extend_from_slice(b"\x1b[0m");
            *style = Some(PLAIN);
        }
        out.extend_from_slice(csi(b - a, 'X').as_bytes());
        for x in a..b {
            let Some(cell) = frame.cell((x, y)) else {
                continue;
            };
            if cell.symbol() == " " && is_plain_blank(cell.bg, cell.modifier) {
                continue;
            }
            let here = Position::new(x, y);
            if self.cursor != Some(here) && !self.fill_gap(out, frame, here, *style) {
                self.move_to(out, here);
            }
            self.put_cell(out, here, cell, style);
        }
        true
    }

    /// Write one cell at the cursor (`here`), switching the pen if needed.
    fn put_cell(
        &mut self,
        out: &mut Vec<u8>,
        here: Position,
        cell: &Cell,
        style: &mut Option<(Color, Color, Modifier)>,
    ) {
        let s = (cell.fg, cell.bg, cell.modifier);
        // A plain space looks the same in any foreground or weight:
        // keep the pen as it is rather than switching styles for it.
        let blank = cell.symbol() == " " && is_plain_blank(s.1, s.2);
        let pen_fits = style.is_some_and(|(_, bg, m)| is_plain_blank(bg, m));
        if *style != Some(s) && !(blank && pen_fits) {
            sgr_to(out, *style, s);
            *style = Some(s);
        }
        let symbol = cell.symbol();
        out.extend_from_slice(symbol.as_bytes());
        let w = vn::width(symbol).max(1) as u16;
        self.cursor = Some(Position::new(here.x.saturating_add(w), here.y));
    }

    /// Erase from `at` (the cursor) to the end of the row with EL, and draw
    /// the row's last cell again if it is not blank, when that costs fewer
    /// bytes than the `changed` cells it replaces (one byte each at least).
    /// Every cell from `at` to the last but one is blank in `frame`.
    fn erase_tail(
        &mut self,
        out: &mut Vec<u8>,
        frame: &Buffer,
        at: Position,
        pen: &mut Option<(Color, Color, Modifier)>,
        changed: usize,
    ) -> bool {
        let last_x = frame.area.width.saturating_sub(1);
        let Some(last) = frame.cell((last_x, at.y)) else {
            return false;
        };
        let last_blank = last.symbol() == " " && is_plain_blank(last.bg, last.modifier);
        let reset = !pen.is_some_and(|p| is_plain_blank(p.1, p.2));
        let mut cost = 3 + if reset { 4 } else { 0 };
        if !last_blank && at.x < last_x {
            let last_style = (last.fg, last.bg, last.modifier);
            cost += relative_move(at, Position::new(last_x, at.y)).len() + last.symbol().len();
            if last_style != PLAIN {
                cost += 16;
            }
        }
        if cost >= changed || (at.x == last_x && !last_blank) {
            return false;
        }
        if reset {
            out.extend_from_slice(b"\x1b[0m");
            *pen = Some(PLAIN);
        }
        out.extend_from_slice(b"\x1b[K");
        if !last_blank {
            self.move_to(out, Position::new(last_x, at.y));
            let s = (last.fg, last.bg, last.modifier);
            if *pen != Some(s) {
                sgr_to(out, *pen, s);
                *pen = Some(s);
            }
            out.extend_from_slice(last.symbol().as_bytes());
            // Past the last column: the terminal may be waiting to wrap.
            self.cursor = Some(Position::new(last_x + 1, at.y));
        }
        true
    }

    /// Reach `to` on the cursor's row by writing again the unchanged cells
    /// in between, when that is shorter than a cursor move (`tỉnh đạt`
    /// rather than `tỉnh\x1b[Cđạt`): only one-column cells the pen already
    /// draws right. Returns whether it did.
    fn fill_gap(
        &mut self,
        out: &mut Vec<u8>,
        frame: &Buffer,
        to: Position,
        pen: Option<(Color, Color, Modifier)>,
    ) -> bool {
        let Some(from) = self.cursor else {
            return false;
        };
        if from.y != to.y || from.x >= to.x || from.x >= self.cols {
            return false;
        }
        let Some(pen) = pen else {
            return false;
        };
        let pen_fits_blank = is_plain_blank(pen.1, pen.2);
        let mut fill = Vec::new();
        for x in from.x..to.x {
            let Some(cell) = frame.cell((x, to.y)) else {
                return false;
            };
            let symbol = cell.symbol();
            let same_pen = (cell.fg, cell.bg, cell.modifier) == pen
                || (symbol == " " && is_plain_blank(cell.bg, cell.modifier) && pen_fits_blank);
            if !same_pen || vn::width(symbol) != 1 {
                return false;
            }
            fill.extend_from_slice(symbol.as_bytes());
        }
        if fill.len() > relative_move(from, to).len() {
            return false;
        }
        out.extend_from_slice(&fill);
        self.cursor = Some(to);
        true
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

/// Per row, the first column from which every cell but the last is a plain
/// blank in `frame` (the width when there is none).
fn blank_tails(frame: &Buffer) -> Vec<u16> {
    let (w, h) = (frame.area.width, frame.area.height);
    (0..h)
        .map(|y| {
            let mut start = w.saturating_sub(1);
            while start > 0 {
                let blank = frame
                    .cell((start - 1, y))
                    .is_some_and(|c| c.symbol() == " " && is_plain_blank(c.bg, c.modifier));
                if !blank {
                    break;
                }
                start -= 1;
            }
            start
        })
        .collect()
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

/// The shorter of a full SGR (from a reset) and the change from the pen
/// the terminal has (`ESC[36m` after plain text rather than `ESC[0;36m`).
fn sgr_to(out: &mut Vec<u8>, from: Option<(Color, Color, Modifier)>, to: (Color, Color, Modifier)) {
    let mut full = Vec::new();
    sgr(&mut full, to.0, to.1, to.2);
    let Some(from) = from else {
        out.extend_from_slice(&full);
        return;
    };
    let mut codes: Vec<String> = Vec::new();
    let (had, want) = (from.2, to.2);
    let weight = Modifier::BOLD | Modifier::DIM;
    // 22 ends both bold and dim; whichever stays is set again below.
    let weight_off = had.intersects(weight) && !want.contains(had & weight);
    if weight_off {
        codes.push("22".into());
    }
    for (flag, off) in [
        (Modifier::ITALIC, "23"),
        (Modifier::UNDERLINED, "24"),
        (Modifier::REVERSED, "27"),
        (Modifier::CROSSED_OUT, "29"),
    ] {
        if had.contains(flag) && !want.contains(flag) {
            codes.push(off.into());
        }
    }
    for (flag, on) in [
        (Modifier::BOLD, "1"),
        (Modifier::DIM, "2"),
        (Modifier::ITALIC, "3"),
        (Modifier::UNDERLINED, "4"),
        (Modifier::REVERSED, "7"),
        (Modifier::CROSSED_OUT, "9"),
    ] {
        let kept = had.contains(flag) && !(weight_off && weight.contains(flag));
        if want.contains(flag) && !kept {
            codes.push(on.into());
        }
    }
    if from.0 != to.0 {
        codes.push(ansi(to.0, false).unwrap_or_else(|| "39".into()));
    }
    if from.1 != to.1 {
        codes.push(ansi(to.1, true).unwrap_or_else(|| "49".into()));
    }
    let delta = format!("\x1b[{}m", codes.join(";"));
    if !codes.is_empty() && delta.len() < full.len() {
        out.extend_from_slice(delta.as_bytes());
    } else {
        out.extend_from_slice(&full);
    }
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
        self.pen = Some(PLAIN);
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
        self.pen = Some(PLAIN);
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

    /// A row whose scattered figures go blank, one staying and one new,
    /// between borders: erased at once with ECH, the border kept, and the
    /// emulated screen is the frame.
    #[test]
    fn a_row_emptied_between_borders_is_erased_at_once() {
        let sink = Sink::default();
        let mut backend = LeanBackend::new(Box::new(sink.clone()));
        let full = "│  12  3.456   7,89  10   11.213  14  15  16  │";
        let sparse = "│                          99                 │";
        let w = vn::width(full) as u16;
        assert_eq!(vn::width(sparse), vn::width(full));
        backend.send(&lines(w, &[full, full])).expect("send");
        let before = sink.0.lock().expect("sink").len();
        let sent = backend.send(&lines(w, &[sparse, full])).expect("send");
        let all = sink.0.lock().expect("sink").clone();
        let frame = String::from_utf8_lossy(&all[before..]).into_owned();
        assert!(frame.contains("X"), "no ECH in {frame:?}");
        // Synchronized update 16, move 6, ECH 5, move 5, figure 2.
        assert!(sent <= 34, "{sent} bytes: {frame:?}");
        let screen = emulate(&all, w, 2);
        assert_eq!(screen[0].trim_end(), sparse.trim_end());
        assert_eq!(screen[1].trim_end(), full.trim_end());
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
