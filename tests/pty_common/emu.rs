//! The terminal emulator behind the PTY kit: the sequences a full-screen
//! application sends (cursor position, erase, scroll regions, private
//! modes for the alternate screen, the cursor and bracketed paste, `CSI
//! 6n`; SGR is ignored), UTF-8 text with deferred wrap, and East Asian
//! Ambiguous characters drawn one column wide (most terminals) or two
//! (PuTTY's "treat CJK ambiguous characters as wide"). vt100 (used where
//! colours matter, in `tests/ssh_render.rs`) knows narrow terminals only.

use unicode_normalization::UnicodeNormalization;
use unicode_width::UnicodeWidthChar;

/// One cell: its text (a character and any combining marks), empty for the
/// right half of a two-column character.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cell(pub String);

/// A minimal VT emulator: the sequences a full-screen application sends
/// (cursor position, erase, SGR ignored, private modes for the alternate
/// screen and the cursor, `CSI 6n`), UTF-8 text with deferred wrap.
#[derive(Debug, Clone)]
pub struct Emu {
    pub cols: u16,
    pub rows: u16,
    /// Draw East Asian Ambiguous characters two columns wide.
    pub ambiguous_wide: bool,
    /// Show every byte as one Latin-1 character (a client not set to UTF-8).
    pub latin1: bool,
    main: Vec<Vec<Cell>>,
    alt: Vec<Vec<Cell>>,
    pub on_alt: bool,
    pub cursor_visible: bool,
    pub bracketed_paste: bool,
    x: u16,
    y: u16,
    wrap_pending: bool,
    /// Scroll region, 0-based inclusive rows.
    top: u16,
    bottom: u16,
    state: State,
    params: Vec<u8>,
    utf8: Vec<u8>,
    /// Answers to `CSI 6n` not yet sent back.
    pub answers: Vec<u8>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Ground,
    Esc,
    Csi,
    /// OSC / DCS strings: skipped up to BEL or ST.
    Str,
}

fn blank(cols: u16, rows: u16) -> Vec<Vec<Cell>> {
    vec![vec![Cell(" ".into()); usize::from(cols)]; usize::from(rows)]
}

impl Emu {
    pub fn new(cols: u16, rows: u16, ambiguous_wide: bool) -> Emu {
        Emu {
            cols,
            rows,
            ambiguous_wide,
            latin1: false,
            main: blank(cols, rows),
            alt: blank(cols, rows),
            on_alt: false,
            cursor_visible: true,
            bracketed_paste: false,
            x: 0,
            y: 0,
            wrap_pending: false,
            top: 0,
            bottom: rows.saturating_sub(1),
            state: State::Ground,
            params: Vec::new(),
            utf8: Vec::new(),
            answers: Vec::new(),
        }
    }

    pub fn resize(&mut self, cols: u16, rows: u16) {
        for g in [&mut self.main, &mut self.alt] {
            g.resize(usize::from(rows), vec![Cell(" ".into()); usize::from(cols)]);
            for row in g.iter_mut() {
                row.resize(usize::from(cols), Cell(" ".into()));
            }
        }
        self.cols = cols;
        self.rows = rows;
        self.top = 0;
        self.bottom = rows.saturating_sub(1);
        self.x = self.x.min(cols.saturating_sub(1));
        self.y = self.y.min(rows.saturating_sub(1));
        self.wrap_pending = false;
    }

    fn grid(&mut self) -> &mut Vec<Vec<Cell>> {
        if self.on_alt {
            &mut self.alt
        } else {
            &mut self.main
        }
    }

    pub fn screen(&self) -> &Vec<Vec<Cell>> {
        if self.on_alt { &self.alt } else { &self.main }
    }

    /// Columns the terminal gives `c`.
    pub fn char_width(&self, c: char) -> usize {
        if self.ambiguous_wide && thidua::text::profile::is_ambiguous(c) {
            2
        } else {
            c.width().unwrap_or(0)
        }
    }

    pub fn process(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.byte(b);
        }
    }

    fn byte(&mut self, b: u8) {
        match self.state {
            State::Esc => {
                self.state = match b {
                    b'[' => {
                        self.params.clear();
                        State::Csi
                    }
                    b']' | b'P' | b'_' | b'^' => State::Str,
                    _ => State::Ground,
                };
            }
            State::Csi => {
                if (0x40..=0x7e).contains(&b) {
                    self.state = State::Ground;
                    let params = std::mem::take(&mut self.params);
                    self.csi(&params, b);
                } else {
                    self.params.push(b);
                }
            }
            State::Str => {
                if b == 0x07 || b == b'\\' {
                    self.state = State::Ground;
                }
            }
            State::Ground => {
                if self.latin1 && b >= 0xa0 {
                    self.print(char::from(b));
                    return;
                }
                if !self.utf8.is_empty() || b >= 0x80 {
                    self.utf8.push(b);
                    match std::str::from_utf8(&self.utf8) {
                        Ok(s) => {
                            let s = s.to_string();
                            self.utf8.clear();
                            for c in s.chars() {
                                self.print(c);
                            }
                        }
                        Err(e) if e.error_len().is_some() => {
                            self.utf8.clear();
                            self.print('\u{FFFD}');
                        }
                        Err(_) => {}
                    }
                    return;
                }
                match b {
                    0x1b => self.state = State::Esc,
                    b'\r' => {
                        self.x = 0;
                        self.wrap_pending = false;
                    }
                    b'\n' => self.line_feed(),
                    0x08 => {
                        self.x = self.x.saturating_sub(1);
                        self.wrap_pending = false;
                    }
                    0x20..=0x7e => self.print(char::from(b)),
                    _ => {}
                }
            }
        }
    }

    fn line_feed(&mut self) {
        self.wrap_pending = false;
        if self.y == self.bottom {
            self.scroll(1);
        } else if self.y + 1 < self.rows {
            self.y += 1;
        }
    }

    /// Move the rows of the scroll region up (`n` > 0) or down; new rows
    /// are blank.
    fn scroll(&mut self, n: i32) {
        let (top, bottom, cols) = (usize::from(self.top), usize::from(self.bottom), self.cols);
        let g = self.grid();
        for _ in 0..n.unsigned_abs() {
            let blank = vec![Cell(" ".into()); usize::from(cols)];
            if n > 0 {
                g.remove(top);
                g.insert(bottom, blank);
            } else {
                g.remove(bottom);
                g.insert(top, blank);
            }
        }
    }

    fn print(&mut self, c: char) {
        let w = self.char_width(c);
        if w == 0 {
            // A combining mark joins the cell before the cursor.
            let (x, y) = if self.wrap_pending {
                (self.x, self.y)
            } else {
                (self.x.saturating_sub(1), self.y)
            };
            let (x, y) = (usize::from(x), usize::from(y));
            let g = self.grid();
            let mut x = x;
            while x > 0 && g[y][x].0.is_empty() {
                x -= 1;
            }
            g[y][x].0.push(c);
            return;
        }
        if self.wrap_pending || usize::from(self.x) + w > usize::from(self.cols) {
            self.x = 0;
            self.line_feed();
        }
        let (x, y) = (usize::from(self.x), usize::from(self.y));
        let cols = usize::from(self.cols);
        let g = self.grid();
        // As xterm does: a wide character written over in part is erased
        // whole (a right half "" belongs to the cell before it).
        let end = (x + w).min(cols);
        if g[y][x].0.is_empty() && x > 0 {
            g[y][x - 1] = Cell(" ".into());
        }
        if end < cols && g[y][end].0.is_empty() {
            g[y][end] = Cell(" ".into());
        }
        g[y][x] = Cell(c.to_string());
        if w == 2 && x + 1 < cols {
            g[y][x + 1] = Cell(String::new());
        }
        let next = x + w;
        if next >= cols {
            self.x = (cols - 1) as u16;
            self.wrap_pending = true;
        } else {
            self.x = next as u16;
        }
    }

    fn csi(&mut self, params: &[u8], fin: u8) {
        let private = params.first() == Some(&b'?');
        let body = std::str::from_utf8(if private { &params[1..] } else { params }).unwrap_or("");
        let nums: Vec<u16> = body.split(';').map(|p| p.parse().unwrap_or(0)).collect();
        let n = |i: usize, d: u16| nums.get(i).copied().filter(|v| *v != 0).unwrap_or(d);
        self.wrap_pending = false;
        match (private, fin) {
            (false, b'H') | (false, b'f') => {
                self.y = (n(0, 1) - 1).min(self.rows.saturating_sub(1));
                self.x = (n(1, 1) - 1).min(self.cols.saturating_sub(1));
            }
            (false, b'A') => self.y = self.y.saturating_sub(n(0, 1)),
            (false, b'B') => self.y = (self.y + n(0, 1)).min(self.rows.saturating_sub(1)),
            (false, b'C') => self.x = (self.x + n(0, 1)).min(self.cols.saturating_sub(1)),
            (false, b'D') => self.x = self.x.saturating_sub(n(0, 1)),
            (false, b'G') => self.x = (n(0, 1) - 1).min(self.cols.saturating_sub(1)),
            (false, b'J') => {
                let (x, y) = (usize::from(self.x), usize::from(self.y));
                let mode = nums.first().copied().unwrap_or(0);
                let g = self.grid();
                for (r, row) in g.iter_mut().enumerate() {
                    for (c, cell) in row.iter_mut().enumerate() {
                        let wipe = match mode {
                            0 => (r, c) >= (y, x),
                            1 => (r, c) <= (y, x),
                            _ => true,
                        };
                        if wipe {
                            *cell = Cell(" ".into());
                        }
                    }
                }
            }
            (false, b'K') => {
                let (x, y) = (usize::from(self.x), usize::from(self.y));
                let mode = nums.first().copied().unwrap_or(0);
                let row = &mut self.grid()[y];
                for (c, cell) in row.iter_mut().enumerate() {
                    let wipe = match mode {
                        0 => c >= x,
                        1 => c <= x,
                        _ => true,
                    };
                    if wipe {
                        *cell = Cell(" ".into());
                    }
                }
            }
            (false, b'X') => {
                // ECH: erase n cells from the cursor, which stays.
                let (x, y) = (usize::from(self.x), usize::from(self.y));
                let n = usize::from(n(0, 1));
                let row = &mut self.grid()[y];
                let end = (x + n).min(row.len());
                for cell in &mut row[x..end] {
                    *cell = Cell(" ".into());
                }
            }
            (false, b'r') => {
                let top = n(0, 1) - 1;
                let bottom = n(1, self.rows) - 1;
                if top < bottom && bottom < self.rows {
                    self.top = top;
                    self.bottom = bottom;
                }
                self.x = 0;
                self.y = 0;
            }
            (false, b'S') => self.scroll(i32::from(n(0, 1))),
            (false, b'T') => self.scroll(-i32::from(n(0, 1))),
            (false, b'n') if n(0, 0) == 6 => {
                let answer = format!("\x1b[{};{}R", self.y + 1, self.x + 1);
                self.answers.extend_from_slice(answer.as_bytes());
            }
            (true, b'h') | (true, b'l') => {
                let on = fin == b'h';
                for mode in &nums {
                    match mode {
                        25 => self.cursor_visible = on,
                        2004 => self.bracketed_paste = on,
                        1049 | 1047 | 47 => {
                            if on && !self.on_alt {
                                self.alt = blank(self.cols, self.rows);
                            }
                            self.on_alt = on;
                        }
                        _ => {}
                    }
                }
            }
            _ => {}
        }
    }

    /// Row `y` as text (the cells' text in order; a wide character once).
    pub fn row(&self, y: usize) -> String {
        self.screen()[y].iter().map(|c| c.0.as_str()).collect()
    }

    /// Rows `start..` as text, `width` columns at most (as vt100 gives them).
    pub fn rows(&self, start: u16, width: u16) -> impl Iterator<Item = String> + '_ {
        (usize::from(start)..usize::from(self.rows)).map(move |y| {
            self.screen()[y]
                .iter()
                .take(usize::from(width))
                .map(|c| c.0.as_str())
                .collect()
        })
    }

    pub fn alternate_screen(&self) -> bool {
        self.on_alt
    }

    pub fn hide_cursor(&self) -> bool {
        !self.cursor_visible
    }

    pub fn bracketed_paste(&self) -> bool {
        self.bracketed_paste
    }

    /// The whole screen, one line per row, NFC.
    pub fn contents(&self) -> String {
        (0..usize::from(self.rows))
            .map(|y| self.row(y).nfc().collect::<String>())
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// The NFC text of every cell, so that a screen drawn with decomposed
    /// letters compares equal to the same screen drawn precomposed.
    pub fn cells_nfc(&self) -> Vec<Vec<String>> {
        self.screen()
            .iter()
            .map(|r| r.iter().map(|c| c.0.nfc().collect()).collect())
            .collect()
    }
}
