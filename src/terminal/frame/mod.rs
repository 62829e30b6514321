//! The frame writer: what the terminal shows is brought to the next frame
//! with as few bytes as possible, in ONE write per frame.
//!
//! It keeps two buffers, the one the terminal shows and the one being
//! drawn, and swaps them after each frame (no copy of the screen per
//! frame). Per frame the rows are compared once (`diff`); rows that moved
//! are sent as a scroll region (`scroll`); then each changed row's cells
//! (those ratatui's `Buffer::diff` would give) are written the shorter way
//! — cell by cell (16-colour SGR from the pen the terminal has, relative
//! cursor moves, unchanged cells rewritten where that is shorter than a
//! move, erase to end of line), or the changed span erased at once (ECH)
//! and only its visible cells written. The cursor is shown and hidden only
//! when that changes.
//!
//! A cell with a forced width (a `đ` on a terminal that draws it two
//! columns wide, see `text::profile`) counts as that many columns: it is
//! written once and the column it covers is not written.
//!
//! A frame that changes nothing writes nothing. The synchronized-update
//! wrapper (`CSI ? 2026 h … l`, 16 bytes) only goes around frames large
//! enough to be seen half drawn: those with a scroll or a clear, or more
//! than [`SYNC_FROM`] bytes. A moved highlight or a typed digit arrives
//! in one packet and is drawn at once anyway.

mod diff;
mod encode;
mod scroll;

use std::io::{self, Write};

use ratatui::buffer::{Buffer, Cell};
use ratatui::crossterm::terminal;
use ratatui::layout::{Position, Rect, Size};
use ratatui::style::{Color, Modifier};

use encode::{PLAIN, Pen, RESET, absolute_move, csi, is_plain_blank, relative_move, sgr_to};
use scroll::find_scroll;

const SYNC_BEGIN: &[u8] = b"\x1b[?2026h";
const SYNC_END: &[u8] = b"\x1b[?2026l";

/// Frames of more bytes than this are wrapped in synchronized-update
/// sequences: well below one TCP segment with SSH's framing, so a smaller
/// frame reaches the terminal in one read.
pub const SYNC_FROM: usize = 512;

/// Draws frames on a terminal (or on any writer, for tests and benchmarks).
pub struct FrameWriter {
    out: Box<dyn Write + Send>,
    /// What the terminal shows.
    shown: Buffer,
    /// The frame being drawn; after `draw`, the previous frame (reused).
    next: Buffer,
    /// The bytes of the frame being encoded, and of the write (reused).
    body: Vec<u8>,
    whole: Vec<u8>,
    /// Cursor visibility as the terminal has it (None = unknown).
    cursor_visible: Option<bool>,
    /// Where the terminal's cursor is, if known.
    cursor: Option<Position>,
    /// The terminal's current SGR state, carried from frame to frame (None:
    /// unknown), so a frame need not end with a reset nor start with one.
    pen: Option<Pen>,
    /// A fixed size instead of asking the terminal (benchmarks, tests).
    fixed_size: Option<Size>,
}

impl FrameWriter {
    /// A writer for a terminal that was just cleared, with the cursor
    /// hidden and the default rendition (what `guard::enter` leaves).
    pub fn new(out: Box<dyn Write + Send>) -> Self {
        FrameWriter {
            out,
            shown: Buffer::empty(Rect::default()),
            next: Buffer::empty(Rect::default()),
            body: Vec::with_capacity(16 * 1024),
            whole: Vec::with_capacity(16 * 1024),
            cursor_visible: Some(false),
            cursor: None,
            pen: Some(PLAIN),
            fixed_size: None,
        }
    }

    /// The same, on the process's terminal (stdout).
    pub fn stdout() -> Self {
        FrameWriter::new(Box::new(io::stdout()))
    }

    /// Draw at this size instead of asking the terminal.
    pub fn with_size(mut self, size: Size) -> Self {
        self.fixed_size = Some(size);
        self
    }

    /// The terminal's size (asked each time: a resize may be on its way).
    pub fn size(&self) -> io::Result<Size> {
        match self.fixed_size {
            Some(s) => Ok(s),
            None => terminal::size().map(|(w, h)| Size::new(w, h)),
        }
    }

    /// Draw one frame: `render` fills a blank buffer of the terminal's size
    /// and says where the text cursor goes (None: hidden). What changed is
    /// sent in one write; returns the bytes written (0 when nothing did).
    pub fn draw(
        &mut self,
        render: impl FnOnce(Rect, &mut Buffer) -> Option<Position>,
    ) -> io::Result<usize> {
        let size = self.size()?;
        let area = Rect::new(0, 0, size.width, size.height);
        self.body.clear();
        let mut clear = false;
        if self.shown.area != area {
            // New size: the terminal rewrapped what it showed; start from
            // a cleared screen (the first frame included, once more: cheap).
            clear = self.shown.area != Rect::default();
            if clear {
                self.body.extend_from_slice(b"\x1b[m\x1b[2J");
                self.pen = Some(PLAIN);
                self.cursor = None;
            }
            self.shown = Buffer::empty(area);
            self.next = Buffer::empty(area);
        } else {
            self.next.reset();
        }
        let wanted_cursor = render(area, &mut self.next);
        drop_invisible_styles(&mut self.next);
        let scrolled = self.encode_frame();
        self.encode_cursor(wanted_cursor);
        std::mem::swap(&mut self.shown, &mut self.next);
        if self.body.is_empty() {
            return Ok(0);
        }
        let whole = if clear || scrolled || self.body.len() > SYNC_FROM {
            self.whole.clear();
            self.whole.extend_from_slice(SYNC_BEGIN);
            self.whole.extend_from_slice(&self.body);
            self.whole.extend_from_slice(SYNC_END);
            &self.whole
        } else {
            &self.body
        };
        self.out.write_all(whole)?;
        self.out.flush()?;
        Ok(whole.len())
    }

    /// Bring `shown` to `next` in `body`; true when rows were scrolled.
    fn encode_frame(&mut self) -> bool {
        let mut changed = diff::changed_rows(&self.shown, &self.next);
        let scroll = find_scroll(&self.shown, &self.next, &changed);
        if let Some(s) = scroll {
            s.apply(&mut self.shown);
            s.write(&mut self.body);
            // Setting and resetting the region homes the cursor; the
            // scroll starts with a reset.
            self.cursor = Some(Position::new(0, 0));
            self.pen = Some(PLAIN);
            // Inside the region the rows are compared again.
            let (top, bottom) = (usize::from(s.top), usize::from(s.bottom));
            for (y, c) in changed.iter_mut().enumerate().take(bottom + 1).skip(top) {
                *c = diff::rows_differ(&self.shown, &self.next, y);
            }
        }
        let Self {
            shown, next, body, ..
        } = self;
        let diff = diff::changed_cells(shown, next, &changed);
        let tails = blank_tails(next);
        let mut style = self.pen;
        let mut cursor = self.cursor;
        // Row by row: the cells one by one, or — when shorter — the changed
        // span erased at once (ECH) and only its visible cells written.
        let mut start = 0;
        while start < diff.len() {
            let y = diff[start].1;
            let end = start + diff[start..].iter().take_while(|d| d.1 == y).count();
            let row = &diff[start..end];
            start = end;
            let mut by_cells = Row::new(next, cursor, style);
            by_cells.write_cells(row, tails[usize::from(y)]);
            let mut by_erase = Row::new(next, cursor, style);
            if by_erase.erase_span(shown, row) && by_erase.out.len() < by_cells.out.len() {
                (cursor, style) = (by_erase.cursor, by_erase.pen);
                body.extend_from_slice(&by_erase.out);
            } else {
                (cursor, style) = (by_cells.cursor, by_cells.pen);
                body.extend_from_slice(&by_cells.out);
            }
        }
        // No reset at the end: the next frame starts from this pen, and
        // leaving the screen resets it.
        self.pen = style;
        self.cursor = cursor;
        scroll.is_some()
    }

    fn encode_cursor(&mut self, wanted: Option<Position>) {
        match wanted {
            None => {
                if self.cursor_visible != Some(false) {
                    self.body.extend_from_slice(b"\x1b[?25l");
                    self.cursor_visible = Some(false);
                }
            }
            Some(p) => {
                if self.cursor != Some(p) {
                    let cols = self.next.area.width;
                    let mv = move_to(self.cursor, cols, p);
                    self.body.extend_from_slice(mv.as_bytes());
                    self.cursor = Some(p);
                }
                if self.cursor_visible != Some(true) {
                    self.body.extend_from_slice(b"\x1b[?25h");
                    self.cursor_visible = Some(true);
                }
            }
        }
    }
}

/// One row's bytes being encoded, with the cursor and pen they leave.
struct Row<'a> {
    frame: &'a Buffer,
    out: Vec<u8>,
    cursor: Option<Position>,
    pen: Option<Pen>,
}

impl<'a> Row<'a> {
    fn new(frame: &'a Buffer, cursor: Option<Position>, pen: Option<Pen>) -> Self {
        Row {
            frame,
            out: Vec::new(),
            cursor,
            pen,
        }
    }

    fn move_to(&mut self, p: Position) {
        let mv = move_to(self.cursor, self.frame.area.width, p);
        self.out.extend_from_slice(mv.as_bytes());
        self.cursor = Some(p);
    }

    /// Write one row's changed cells one by one (`row`: the diff's cells of
    /// that row, in order), erasing a blank tail from `tail` on with EL.
    fn write_cells(&mut self, row: &[(u16, u16, &Cell)], tail: u16) {
        for (i, &(x, y, cell)) in row.iter().enumerate() {
            let here = Position::new(x, y);
            if self.cursor != Some(here) && !self.fill_gap(here) {
                self.move_to(here);
            }
            // The rest of the row turns blank (but for its last cell, a
            // border): erase it at once rather than cell by cell.
            if x >= tail && self.erase_tail(here, row.len() - i) {
                return;
            }
            // The cell written next, if right after this one: a blank here
            // can take its pen (` 50,00` in cyan is one switch, not two).
            let next = row
                .get(i + 1)
                .filter(|n| n.0 == x + 1 && n.1 == y)
                .map(|n| (n.2.fg, n.2.bg, n.2.modifier));
            self.put_cell(here, cell, next);
        }
    }

    /// Write one row's changed span another way: erase it with ECH (which
    /// leaves the cursor in place), then write only the cells of the frame
    /// in it that are not plain blanks. Returns false (writing nothing)
    /// where the span holds a wide character, old or new, that ECH could
    /// split.
    fn erase_span(&mut self, shown: &Buffer, row: &[(u16, u16, &Cell)]) -> bool {
        let (Some(first), Some(last)) = (row.first(), row.last()) else {
            return false;
        };
        let (a, b, y) = (first.0, last.0 + 1, first.1);
        let frame = self.frame;
        let narrow = |buf: &Buffer, x: u16| buf.cell((x, y)).is_some_and(|c| diff::width(c) == 1);
        if b - a < 2 || !(a..b).all(|x| narrow(shown, x) && narrow(frame, x)) {
            return false;
        }
        let start = Position::new(a, y);
        if self.cursor != Some(start) {
            self.move_to(start);
        }
        // ECH erases in the current background.
        if !self.pen.is_some_and(|p| is_plain_blank(p.1, p.2)) {
            self.out.extend_from_slice(RESET);
            self.pen = Some(PLAIN);
        }
        self.out.extend_from_slice(csi(b - a, 'X').as_bytes());
        for x in a..b {
            let Some(cell) = frame.cell((x, y)) else {
                continue;
            };
            if cell.symbol() == " " && is_plain_blank(cell.bg, cell.modifier) {
                continue;
            }
            let here = Position::new(x, y);
            if self.cursor != Some(here) && !self.fill_gap(here) {
                self.move_to(here);
            }
            self.put_cell(here, cell, None);
        }
        true
    }

    /// Write one cell at the cursor (`here`), switching the pen if needed;
    /// `next` is the pen of the cell written right after it, if any.
    fn put_cell(&mut self, here: Position, cell: &Cell, next: Option<Pen>) {
        let s = (cell.fg, cell.bg, cell.modifier);
        // A plain space looks the same in any foreground or weight:
        // keep the pen as it is rather than switching styles for it, or
        // switch straight to the next cell's pen if that one draws it too.
        let blank = cell.symbol() == " " && is_plain_blank(s.1, s.2);
        let pen_fits = self.pen.is_some_and(|(_, bg, m)| is_plain_blank(bg, m));
        if self.pen != Some(s) && !(blank && pen_fits) {
            let pen = match next {
                Some(n) if blank && is_plain_blank(n.1, n.2) => n,
                _ => s,
            };
            sgr_to(&mut self.out, self.pen, pen);
            self.pen = Some(pen);
        }
        let symbol = cell.symbol();
        self.out.extend_from_slice(symbol.as_bytes());
        // The columns the terminal moves: a forced width is the terminal's.
        let w = diff::width(cell).max(1) as u16;
        self.cursor = Some(Position::new(here.x.saturating_add(w), here.y));
    }

    /// Erase from `at` (the cursor) to the end of the row with EL, and draw
    /// the row's last cell again if it is not blank, when that costs fewer
    /// bytes than the `changed` cells it replaces (one byte each at least).
    /// Every cell from `at` to the last but one is blank in the frame.
    fn erase_tail(&mut self, at: Position, changed: usize) -> bool {
        let last_x = self.frame.area.width.saturating_sub(1);
        let Some(last) = self.frame.cell((last_x, at.y)) else {
            return false;
        };
        let last_blank = last.symbol() == " " && is_plain_blank(last.bg, last.modifier);
        let reset = !self.pen.is_some_and(|p| is_plain_blank(p.1, p.2));
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
            self.out.extend_from_slice(RESET);
            self.pen = Some(PLAIN);
        }
        self.out.extend_from_slice(b"\x1b[K");
        if !last_blank {
            self.move_to(Position::new(last_x, at.y));
            let s = (last.fg, last.bg, last.modifier);
            if self.pen != Some(s) {
                sgr_to(&mut self.out, self.pen, s);
                self.pen = Some(s);
            }
            self.out.extend_from_slice(last.symbol().as_bytes());
            // Past the last column: the terminal may be waiting to wrap.
            self.cursor = Some(Position::new(last_x + 1, at.y));
        }
        true
    }

    /// Reach `to` on the cursor's row by writing again the unchanged cells
    /// in between, when that is shorter than a cursor move (`tỉnh đạt`
    /// rather than `tỉnh\x1b[Cđạt`): only one-column cells the pen already
    /// draws right. Returns whether it did.
    fn fill_gap(&mut self, to: Position) -> bool {
        let Some(from) = self.cursor else {
            return false;
        };
        if from.y != to.y || from.x >= to.x || from.x >= self.frame.area.width {
            return false;
        }
        let Some(pen) = self.pen else {
            return false;
        };
        let pen_fits_blank = is_plain_blank(pen.1, pen.2);
        let mut fill = Vec::new();
        for x in from.x..to.x {
            let Some(cell) = self.frame.cell((x, to.y)) else {
                return false;
            };
            let symbol = cell.symbol();
            let same_pen = (cell.fg, cell.bg, cell.modifier) == pen
                || (symbol == " " && is_plain_blank(cell.bg, cell.modifier) && pen_fits_blank);
            if !same_pen || diff::width(cell) != 1 {
                return false;
            }
            fill.extend_from_slice(symbol.as_bytes());
        }
        if fill.len() > relative_move(from, to).len() {
            return false;
        }
        self.out.extend_from_slice(&fill);
        self.cursor = Some(to);
        true
    }
}

/// The shortest of an absolute and a relative cursor move from `from` (if
/// known) to `to` on a screen `cols` wide.
fn move_to(from: Option<Position>, cols: u16, to: Position) -> String {
    let absolute = absolute_move(to);
    let relative = match from {
        // Past the last column the terminal may be waiting to wrap.
        Some(c) if c.x < cols => Some(relative_move(c, to)),
        _ => None,
    };
    match relative {
        Some(r) if r.len() < absolute.len() => r,
        _ => absolute,
    }
}

/// Take the styles that cannot be seen off blank cells (a foreground
/// colour or bold on a space), so a blank cell is blank whatever style its
/// widget gave it, and is not rewritten for nothing.
fn drop_invisible_styles(frame: &mut Buffer) {
    for cell in frame.content.iter_mut() {
        if cell.symbol() == " " && is_plain_blank(cell.bg, cell.modifier) {
            cell.fg = Color::Reset;
            cell.underline_color = Color::Reset;
            cell.modifier = Modifier::empty();
        }
    }
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

#[cfg(test)]
mod tests;
