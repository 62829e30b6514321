//! A terminal as an officer's SSH client is one: the real `thidua` binary in
//! a pseudo-terminal, watched by a small emulator that can draw East Asian
//! Ambiguous characters one column wide (most terminals) or two (PuTTY's
//! "treat CJK ambiguous characters as wide"), and that answers the cursor
//! position request (`CSI 6n`) as that terminal would — or never, or late.
//!
//! `tests/pty_common` (vt100, which only knows narrow terminals and never
//! answers) drives the application tests; this one drives the SSH tests and
//! the benchmark (`examples/bench_ssh.rs`), which need the answers and the
//! wide emulation. Every byte is fed to two emulators, narrow and wide, so a
//! test can compare what the same output looks like on both.
#![allow(dead_code)]

use std::io::Write;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, ExitStatus, MasterPty, PtySize, native_pty_system};
use unicode_normalization::UnicodeNormalization;
use unicode_width::UnicodeWidthChar;

pub const DEADLINE: Duration = Duration::from_secs(20);
pub const SYNC_END: &[u8] = b"\x1b[?2026l";

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

    /// The whole screen, one line per row, NFC.
    pub fn text(&self) -> String {
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

/// How the fake terminal answers the cursor position request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answer {
    /// At once (like a local terminal; over SSH it is one round trip).
    Now,
    /// Never (some serial consoles and old clients).
    Never,
    /// After this long (past the application's time-out).
    After(Duration),
}

/// The terminal: which emulator answers and how.
#[derive(Debug, Clone, Copy)]
pub struct TermKind {
    pub ambiguous_wide: bool,
    pub answer: Answer,
    /// The client shows bytes as Latin-1 (its character set is not UTF-8).
    pub latin1: bool,
}

impl TermKind {
    pub const NARROW: TermKind = TermKind {
        ambiguous_wide: false,
        answer: Answer::Now,
        latin1: false,
    };
    pub const WIDE: TermKind = TermKind {
        ambiguous_wide: true,
        answer: Answer::Now,
        latin1: false,
    };

    pub fn answering(self, answer: Answer) -> TermKind {
        TermKind { answer, ..self }
    }
}

/// What the reader thread has seen.
pub struct Output {
    /// The terminal as the officer's client draws it (per `TermKind`).
    pub term: Emu,
    /// The same bytes on the other kind of terminal.
    pub other: Emu,
    pub raw: Vec<u8>,
    /// Completed frames (synchronized-update ends).
    pub frames: usize,
    /// Where in `raw` each frame ended.
    pub frame_ends: Vec<usize>,
    /// When the first frame was complete.
    pub first_frame_at: Option<Instant>,
    pub closed: bool,
}

pub struct Term {
    pub child: Box<dyn Child + Send + Sync>,
    /// None once the connection is dropped ([`Term::hang_up`]).
    pub master: Option<Box<dyn MasterPty + Send>>,
    hung_up: Arc<std::sync::atomic::AtomicBool>,
    writer: Arc<Mutex<Box<dyn Write + Send>>>,
    pub out: Arc<Mutex<Output>>,
    pub started: Instant,
    /// The database given with `--db`: its server is stopped with the app.
    db: Option<std::path::PathBuf>,
}

fn size(cols: u16, rows: u16) -> PtySize {
    PtySize {
        rows,
        cols,
        pixel_width: 0,
        pixel_height: 0,
    }
}

impl Term {
    /// Start `binary` with `args` and `env` in a `cols`×`rows` terminal of
    /// the given kind.
    pub fn start(
        binary: &Path,
        args: &[&str],
        env: &[(&str, &str)],
        cols: u16,
        rows: u16,
        kind: TermKind,
    ) -> Term {
        let pair = native_pty_system()
            .openpty(size(cols, rows))
            .expect("open a pty");
        let mut cmd = CommandBuilder::new(binary);
        for a in args {
            cmd.arg(a);
        }
        cmd.env("TERM", "xterm-256color");
        cmd.env("LANG", "C.UTF-8");
        for var in [
            "NO_COLOR",
            "THIDUA_DB",
            "THIDUA_AMBIGUOUS",
            "LC_ALL",
            "LC_CTYPE",
        ] {
            cmd.env_remove(var);
        }
        cmd.env("THIDUA_IDLE_EXIT", "60s");
        adopt_servers();
        for (k, v) in env {
            cmd.env(k, v);
        }
        let started = Instant::now();
        let child = pair.slave.spawn_command(cmd).expect("spawn thidua");
        drop(pair.slave);
        // The reader polls its own copy of the master so that it can let go
        // of it: a hang-up needs every master descriptor closed.
        let master_fd = pair.master.as_raw_fd().expect("master fd");
        // SAFETY: dup(2) of a descriptor we own; closed by the reader thread.
        let reader_fd = unsafe { libc::dup(master_fd) };
        assert!(reader_fd >= 0, "dup master");
        let hung_up = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let stop = Arc::clone(&hung_up);
        // Our own duplicate for writing too: portable-pty's writer sends a
        // newline and EOT when dropped, which a hang-up must not.
        // SAFETY: dup(2) of a descriptor we own; the File owns the copy.
        let writer_fd = unsafe { libc::dup(master_fd) };
        assert!(writer_fd >= 0, "dup master");
        // SAFETY: a fresh descriptor owned by nothing else.
        let file = unsafe { <std::fs::File as std::os::fd::FromRawFd>::from_raw_fd(writer_fd) };
        let writer: Arc<Mutex<Box<dyn Write + Send>>> = Arc::new(Mutex::new(Box::new(file)));
        let mut term = Emu::new(cols, rows, kind.ambiguous_wide);
        term.latin1 = kind.latin1;
        let out = Arc::new(Mutex::new(Output {
            term,
            other: Emu::new(cols, rows, !kind.ambiguous_wide),
            raw: Vec::new(),
            frames: 0,
            frame_ends: Vec::new(),
            first_frame_at: None,
            closed: false,
        }));
        let shared = Arc::clone(&out);
        let answer_to = Arc::clone(&writer);
        thread::spawn(move || {
            let mut buf = [0u8; 65536];
            loop {
                if stop.load(std::sync::atomic::Ordering::SeqCst) {
                    break;
                }
                let mut pfd = libc::pollfd {
                    fd: reader_fd,
                    events: libc::POLLIN,
                    revents: 0,
                };
                // SAFETY: one valid pollfd.
                if unsafe { libc::poll(&mut pfd, 1, 10) } == 0 {
                    continue;
                }
                // SAFETY: reading into a buffer of the given length.
                let n = unsafe { libc::read(reader_fd, buf.as_mut_ptr().cast(), buf.len()) };
                match n {
                    n if n <= 0 => break,
                    n => {
                        let n = n as usize;
                        let chunk = &buf[..n];
                        let mut o = shared.lock().expect("output lock");
                        o.term.process(chunk);
                        o.other.process(chunk);
                        o.other.answers.clear();
                        let answers = std::mem::take(&mut o.term.answers);
                        let before = o.raw.len();
                        let from = before.saturating_sub(SYNC_END.len() - 1);
                        o.raw.extend_from_slice(chunk);
                        let ends: Vec<usize> = o.raw[from..]
                            .windows(SYNC_END.len())
                            .enumerate()
                            .filter(|(_, w)| *w == SYNC_END)
                            .map(|(i, _)| from + i + SYNC_END.len())
                            .collect();
                        if !ends.is_empty() && o.first_frame_at.is_none() {
                            o.first_frame_at = Some(Instant::now());
                        }
                        o.frames += ends.len();
                        o.frame_ends.extend(ends);
                        drop(o);
                        if !answers.is_empty() {
                            match kind.answer {
                                Answer::Now => {
                                    let mut w = answer_to.lock().expect("writer lock");
                                    let _ = w.write_all(&answers).and_then(|_| w.flush());
                                }
                                Answer::Never => {}
                                Answer::After(d) => {
                                    let late = Arc::clone(&answer_to);
                                    thread::spawn(move || {
                                        thread::sleep(d);
                                        let mut w = late.lock().expect("writer lock");
                                        let _ = w.write_all(&answers).and_then(|_| w.flush());
                                    });
                                }
                            }
                        }
                    }
                }
            }
            // SAFETY: our own duplicate, closed once.
            unsafe { libc::close(reader_fd) };
            shared.lock().expect("output lock").closed = true;
        });
        Term {
            child,
            master: Some(pair.master),
            hung_up,
            writer,
            out,
            started,
            db: db_in(args),
        }
    }

    pub fn send(&self, bytes: &[u8]) {
        let mut w = self.writer.lock().expect("writer lock");
        w.write_all(bytes).expect("write to pty");
        w.flush().expect("flush pty");
    }

    pub fn text(&self, s: &str) {
        self.send(s.as_bytes());
    }

    /// Drop the connection as a dead SSH link does: every master descriptor
    /// closed, so the kernel hangs up the terminal (SIGHUP to the program,
    /// and its reads and writes on the terminal fail from then on).
    pub fn hang_up(&mut self) {
        self.hung_up
            .store(true, std::sync::atomic::Ordering::SeqCst);
        *self.writer.lock().expect("writer lock") = Box::new(std::io::sink());
        self.master = None;
        let end = Instant::now() + Duration::from_secs(2);
        while !self.with(|o| o.closed) && Instant::now() < end {
            thread::sleep(Duration::from_millis(2));
        }
    }

    pub fn pid(&self) -> i32 {
        self.child.process_id().expect("child pid") as i32
    }

    pub fn signal(&self, sig: i32) {
        // SAFETY: plain kill(2) on our own child.
        let rc = unsafe { libc::kill(self.pid(), sig) };
        assert_eq!(rc, 0, "kill({sig})");
    }

    pub fn resize(&self, cols: u16, rows: u16) {
        if let Some(m) = &self.master {
            m.resize(size(cols, rows)).expect("resize pty");
        }
        let mut o = self.out.lock().expect("output lock");
        o.term.resize(cols, rows);
        o.other.resize(cols, rows);
    }

    /// The screen as the client draws it, NFC.
    pub fn contents(&self) -> String {
        self.out.lock().expect("output lock").term.text()
    }

    pub fn with<T>(&self, f: impl FnOnce(&Output) -> T) -> T {
        f(&self.out.lock().expect("output lock"))
    }

    /// Wait until the client's screen satisfies `cond`; panic with the
    /// screen after the deadline.
    pub fn wait_for(&self, what: &str, cond: impl Fn(&Emu) -> bool) {
        let end = Instant::now() + DEADLINE;
        loop {
            if self.with(|o| cond(&o.term)) {
                return;
            }
            if Instant::now() > end {
                panic!("waited for {what}; screen:\n{}", self.contents());
            }
            thread::sleep(Duration::from_millis(2));
        }
    }

    pub fn wait_text(&self, text: &str) {
        self.wait_for(text, |e| e.text().contains(text));
    }

    pub fn bytes(&self) -> usize {
        self.with(|o| o.raw.len())
    }

    pub fn frames(&self) -> usize {
        self.with(|o| o.frames)
    }

    /// Wait until more than `frames` frames were written (or `timeout`).
    pub fn wait_frames(&self, frames: usize, timeout: Duration) -> bool {
        let end = Instant::now() + timeout;
        while Instant::now() < end {
            if self.frames() > frames {
                return true;
            }
            thread::sleep(Duration::from_millis(1));
        }
        false
    }

    /// Wait for the process to end, then for its last output.
    pub fn wait_exit(&mut self) -> ExitStatus {
        let end = Instant::now() + DEADLINE;
        loop {
            if let Some(status) = self.child.try_wait().expect("try_wait") {
                let drain = Instant::now() + Duration::from_secs(2);
                while !self.with(|o| o.closed) && Instant::now() < drain {
                    thread::sleep(Duration::from_millis(2));
                }
                self.stop_server();
                return status;
            }
            if Instant::now() > end {
                panic!("thidua did not exit; screen:\n{}", self.contents());
            }
            thread::sleep(Duration::from_millis(2));
        }
    }
}

impl Term {
    /// Stop the server the app started for its database (if any).
    pub fn stop_server(&self) {
        if let Some(db) = &self.db {
            thidua::server::launch::stop(db, Duration::from_secs(10));
        }
    }
}

impl Drop for Term {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
        self.stop_server();
    }
}

/// Peak resident memory of a process (VmHWM), in KiB.
pub fn peak_rss_kib(pid: i32) -> usize {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .unwrap_or_default()
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|n| n.parse().ok())
        .unwrap_or(0)
}

/// What is wrong with a screen drawn on `emu` as a table: every row exactly
/// as wide as the terminal without wrapping, and every bordered box with its
/// left and right borders in the same columns on every row. Empty = aligned.
pub fn misalignments(emu: &Emu) -> Vec<String> {
    let mut bad = Vec::new();
    let screen = emu.screen();
    let corner = |s: &str| matches!(s, "+" | "┌" | "┐" | "└" | "┘");
    let vertical = |s: &str| matches!(s, "|" | "│" | "+" | "├" | "┤");
    // Boxes: a top-left corner followed by a horizontal run and a corner.
    for (y, row) in screen.iter().enumerate() {
        let mut x = 0;
        while x < row.len() {
            // A top-left corner: a horizontal line (or the right half of a
            // wide one) to its right, a vertical border below it.
            let top_left = corner(&row[x].0)
                && row
                    .get(x + 1)
                    .is_some_and(|c| matches!(c.0.as_str(), "-" | "─" | ""))
                && screen.get(y + 1).is_some_and(|below| vertical(&below[x].0));
            if !top_left {
                x += 1;
                continue;
            }
            let Some(right) = (x + 1..row.len()).find(|&r| corner(&row[r].0)) else {
                bad.push(format!("row {y}: box at column {x} has no right corner"));
                break;
            };
            // Down the left border to the bottom corner.
            let bottom = (y + 1..screen.len()).find(|&b| corner(&screen[b][x].0));
            let Some(bottom) = bottom else {
                bad.push(format!("box at {x},{y}: no bottom-left corner"));
                x = right + 1;
                continue;
            };
            if !corner(&screen[bottom][right].0) {
                bad.push(format!(
                    "box at {x},{y}: bottom-right corner not under the top-right (column {right}): {:?}",
                    emu.row(bottom)
                ));
            }
            for (r, line) in screen.iter().enumerate().take(bottom).skip(y + 1) {
                if !vertical(&line[x].0) || !vertical(&line[right].0) {
                    bad.push(format!(
                        "row {r}: borders not at columns {x} and {right}: {:?}",
                        emu.row(r)
                    ));
                }
            }
            x = right + 1;
        }
    }
    bad
}

/// The names of `names` not found whole on the screen (NFC compared).
pub fn missing_names<'a>(emu: &Emu, names: &[&'a str]) -> Vec<&'a str> {
    let text = emu.text();
    names
        .iter()
        .filter(|n| !text.contains(&n.nfc().collect::<String>()))
        .copied()
        .collect()
}

/// The twelve provinces of the built-in cluster, as the ASCII profile and
/// the Unicode profiles show them.
pub const PROVINCES: [&str; 12] = [
    "An Giang",
    "Bạc Liêu",
    "Bến Tre",
    "Cà Mau",
    "Đồng Tháp",
    "Hậu Giang",
    "Kiên Giang",
    "Long An",
    "Sóc Trăng",
    "Tiền Giang",
    "Trà Vinh",
    "Vĩnh Long",
];

pub const UP: &[u8] = b"\x1b[A";
pub const DOWN: &[u8] = b"\x1b[B";
pub const RIGHT: &[u8] = b"\x1b[C";
pub const LEFT: &[u8] = b"\x1b[D";
pub const ENTER: &[u8] = b"\r";
pub const ESC: &[u8] = b"\x1b";
pub const CTRL_Q: &[u8] = b"\x11";
pub const CTRL_C: &[u8] = b"\x03";
pub const CTRL_P: &[u8] = b"\x10";
pub const F1: &[u8] = b"\x1bOP";
pub const F3: &[u8] = b"\x1bOR";
pub const F4: &[u8] = b"\x1bOS";
pub const F8: &[u8] = b"\x1b[19~";
pub const F9: &[u8] = b"\x1b[20~";
pub const TAB: &[u8] = b"\t";
pub const PAGE_DOWN: &[u8] = b"\x1b[6~";

/// The servers the app starts for its database are stopped with it, and
/// reaped: this process adopts them (child subreaper).
fn adopt_servers() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    // SAFETY: prctl with integer arguments; affects only this process.
    ONCE.call_once(|| unsafe {
        libc::prctl(libc::PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
    });
}

/// The database a command line names with `--db`.
fn db_in(args: &[&str]) -> Option<std::path::PathBuf> {
    args.windows(2)
        .find(|w| w[0] == "--db")
        .map(|w| std::path::PathBuf::from(w[1]))
}
