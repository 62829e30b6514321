//! The real `thidua` binary in a pseudo-terminal, as an officer's terminal
//! (or SSH client) is one: a small emulator ([`emu`]) draws what it writes,
//! East Asian Ambiguous characters one column wide (most terminals) or two
//! (PuTTY's "treat CJK ambiguous characters as wide"), and answers the
//! cursor position request (`CSI 6n`) as that terminal would — at once,
//! never, or late. Every byte is also fed to an emulator of the other kind,
//! so a test can compare what the same output looks like on both.
//!
//! Used by the application tests (`pty_*`, `server_tui`) and the benchmark
//! (`examples/bench_ssh.rs`). Tests wait on what the screen shows, with a
//! generous deadline, never on fixed sleeps; [`checks`] holds what they
//! check on a screen.
// Each test uses part of the kit.
#![allow(dead_code, unused_imports)]

pub mod checks;
pub mod emu;

use std::io::Write;
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd, RawFd};
use std::os::unix::fs::OpenOptionsExt;
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, ExitStatus, MasterPty, PtySize, native_pty_system};

pub use checks::{PROVINCES, misalignments, missing_names, peak_rss_kib};
pub use emu::{Cell, Emu};

pub const DEADLINE: Duration = Duration::from_secs(20);
/// The end of a synchronized update: the frame writer wraps only frames
/// large enough to tear (the first frame, a scroll, a page of new figures).
pub const SYNC_END: &[u8] = b"\x1b[?2026l";

/// How the fake terminal answers the cursor position request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answer {
    /// At once (like a local terminal; over SSH it is one round trip).
    Now,
    /// Never (some serial consoles and old clients).
    Never,
    /// After this long (a slow link, or past the application's time-out).
    After(Duration),
}

/// The terminal: how it draws and how it answers.
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
    /// Where in `raw` each synchronized update ended.
    pub sync_ends: Vec<usize>,
    /// When the first synchronized update was complete: the first frame.
    pub first_frame_at: Option<Instant>,
    /// When each synchronized update was complete (as read).
    pub frame_times: Vec<Instant>,
    /// When each chunk was read: the length of `raw` after it, and the time.
    pub chunk_times: Vec<(usize, Instant)>,
    pub closed: bool,
}

pub struct Pty {
    pub child: Box<dyn Child + Send + Sync>,
    /// The terminal's master side; None once the connection is dropped
    /// ([`Pty::hang_up`]).
    master: Option<Master>,
    hung_up: Arc<AtomicBool>,
    writer: Arc<Mutex<Box<dyn Write + Send>>>,
    pub out: Arc<Mutex<Output>>,
    /// Cursor position answers the terminal has sent back.
    answers_sent: Arc<AtomicUsize>,
    pub started: Instant,
    /// The database given with `--db`: the server the app starts for it is
    /// stopped with the app.
    db: Option<std::path::PathBuf>,
}

/// The master side of the pseudo-terminal: portable-pty's, or one opened
/// here for a program that must not have it as controlling terminal.
enum Master {
    Portable(Box<dyn MasterPty + Send>),
    Own(OwnedFd),
}

impl Master {
    fn resize(&self, cols: u16, rows: u16) {
        match self {
            Master::Portable(m) => m.resize(size(cols, rows)).expect("resize pty"),
            Master::Own(fd) => set_size(fd.as_raw_fd(), cols, rows),
        }
    }
}

fn set_size(fd: RawFd, cols: u16, rows: u16) {
    let ws = libc::winsize {
        ws_row: rows,
        ws_col: cols,
        ws_xpixel: 0,
        ws_ypixel: 0,
    };
    // SAFETY: TIOCSWINSZ with a valid winsize on a pty master we own.
    let rc = unsafe { libc::ioctl(fd, libc::TIOCSWINSZ, &ws) };
    assert_eq!(rc, 0, "TIOCSWINSZ");
}

/// The environment every start gets: a terminal type, a UTF-8 locale, a
/// state directory of its own beside the database (where the application
/// keeps the place the officer left: never the real user's; each start
/// opens fresh unless the test gives `XDG_STATE_HOME` itself), and none of
/// the variables that would change how thidua decides.
fn environment(args: &[&str], env: &[(&str, &str)]) -> Vec<(String, Option<String>)> {
    static STARTS: AtomicUsize = AtomicUsize::new(0);
    let n = STARTS.fetch_add(1, Ordering::SeqCst);
    let own = format!("state-{}-{n}", std::process::id());
    let state = match db_in(args) {
        Some(db) => db
            .parent()
            .map(|p| p.join(&own))
            .unwrap_or_else(|| db.join(&own)),
        None => std::env::temp_dir().join(format!("thidua-pty-{own}")),
    };
    let mut vars: Vec<(String, Option<String>)> = vec![
        ("TERM".into(), Some("xterm-256color".into())),
        ("LANG".into(), Some("C.UTF-8".into())),
        // A safety net only: the kit stops the app's server itself.
        ("THIDUA_IDLE_EXIT".into(), Some("60s".into())),
        (
            "XDG_STATE_HOME".into(),
            Some(state.to_string_lossy().into_owned()),
        ),
    ];
    for var in [
        "NO_COLOR",
        "THIDUA_DB",
        "THIDUA_AMBIGUOUS",
        "LC_ALL",
        "LC_CTYPE",
    ] {
        vars.push((var.into(), None));
    }
    vars.extend(
        env.iter()
            .map(|(k, v)| (k.to_string(), Some(v.to_string()))),
    );
    vars
}

fn size(cols: u16, rows: u16) -> PtySize {
    PtySize {
        rows,
        cols,
        pixel_width: 0,
        pixel_height: 0,
    }
}

impl Pty {
    /// Start `binary` with `args` in a `cols`×`rows` terminal that draws
    /// narrow and answers at once.
    pub fn start(binary: &Path, args: &[&str], cols: u16, rows: u16) -> Pty {
        Pty::start_env(binary, args, &[], cols, rows)
    }

    /// [`Pty::start`] with extra environment variables.
    pub fn start_env(
        binary: &Path,
        args: &[&str],
        env: &[(&str, &str)],
        cols: u16,
        rows: u16,
    ) -> Pty {
        Pty::start_as(binary, args, env, cols, rows, TermKind::NARROW)
    }

    /// Start `binary` with `args` and `env` in a `cols`×`rows` terminal of
    /// the given kind.
    pub fn start_as(
        binary: &Path,
        args: &[&str],
        env: &[(&str, &str)],
        cols: u16,
        rows: u16,
        kind: TermKind,
    ) -> Pty {
        let pair = native_pty_system()
            .openpty(size(cols, rows))
            .expect("open a pty");
        let mut cmd = CommandBuilder::new(binary);
        for a in args {
            cmd.arg(a);
        }
        for (k, v) in environment(args, env) {
            match v {
                Some(v) => cmd.env(k, v),
                None => cmd.env_remove(k),
            }
        }
        adopt_servers();
        let started = Instant::now();
        let child = pair.slave.spawn_command(cmd).expect("spawn thidua");
        drop(pair.slave);
        let master_fd = pair.master.as_raw_fd().expect("master fd");
        let mut pty = Pty::watch(
            child,
            Master::Portable(pair.master),
            master_fd,
            cols,
            rows,
            kind,
            started,
        );
        pty.db = db_in(args);
        pty
    }

    /// Start `binary` in its own session on a terminal that is not its
    /// controlling terminal: hanging that terminal up sends it no SIGHUP,
    /// so all it sees is the end of its input (and failing writes).
    pub fn start_detached(binary: &Path, args: &[&str], cols: u16, rows: u16) -> Pty {
        use std::os::unix::process::CommandExt;
        let flags = libc::O_RDWR | libc::O_NOCTTY | libc::O_CLOEXEC;
        // SAFETY: posix_openpt/grantpt/unlockpt/ptsname_r on the descriptor
        // it returns, checked; the buffer is large enough for a pts path.
        let (master, slave_path) = unsafe {
            let fd = libc::posix_openpt(flags);
            assert!(fd >= 0, "posix_openpt");
            let master = OwnedFd::from_raw_fd(fd);
            assert_eq!(libc::grantpt(fd), 0, "grantpt");
            assert_eq!(libc::unlockpt(fd), 0, "unlockpt");
            let mut name = [0 as libc::c_char; 128];
            assert_eq!(libc::ptsname_r(fd, name.as_mut_ptr(), name.len()), 0);
            let path = std::ffi::CStr::from_ptr(name.as_ptr())
                .to_string_lossy()
                .into_owned();
            (master, path)
        };
        set_size(master.as_raw_fd(), cols, rows);
        let slave = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .custom_flags(libc::O_NOCTTY)
            .open(&slave_path)
            .expect("open the pty's slave");
        let mut cmd = std::process::Command::new(binary);
        cmd.args(args)
            .stdin(slave.try_clone().expect("slave"))
            .stdout(slave.try_clone().expect("slave"))
            .stderr(slave);
        for (k, v) in environment(args, &[]) {
            match v {
                Some(v) => cmd.env(k, v),
                None => cmd.env_remove(k),
            };
        }
        // SAFETY: setsid(2) is async-signal-safe; it leaves the child with
        // no controlling terminal (its descriptors were opened O_NOCTTY).
        unsafe {
            cmd.pre_exec(|| {
                if libc::setsid() < 0 {
                    return Err(std::io::Error::last_os_error());
                }
                Ok(())
            });
        }
        adopt_servers();
        let started = Instant::now();
        let child = cmd.spawn().expect("spawn thidua");
        drop(cmd);
        let master_fd = master.as_raw_fd();
        let mut pty = Pty::watch(
            Box::new(child),
            Master::Own(master),
            master_fd,
            cols,
            rows,
            TermKind::NARROW,
            started,
        );
        pty.db = db_in(args);
        pty
    }

    /// Read and answer what the program writes on `master_fd`.
    fn watch(
        child: Box<dyn Child + Send + Sync>,
        master: Master,
        master_fd: RawFd,
        cols: u16,
        rows: u16,
        kind: TermKind,
        started: Instant,
    ) -> Pty {
        // The reader polls its own copy of the master so that it can let go
        // of it: a hang-up needs every master descriptor closed.
        // SAFETY: dup(2) of a descriptor we own; closed by the reader thread.
        let reader_fd = unsafe { libc::dup(master_fd) };
        assert!(reader_fd >= 0, "dup master");
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
            sync_ends: Vec::new(),
            first_frame_at: None,
            frame_times: Vec::new(),
            chunk_times: Vec::new(),
            closed: false,
        }));
        let hung_up = Arc::new(AtomicBool::new(false));
        let answers_sent = Arc::new(AtomicUsize::new(0));
        let reader = Reader {
            fd: reader_fd,
            stop: Arc::clone(&hung_up),
            out: Arc::clone(&out),
            answer_to: Arc::clone(&writer),
            answer: kind.answer,
            answers_sent: Arc::clone(&answers_sent),
        };
        thread::spawn(move || reader.run());
        Pty {
            child,
            master: Some(master),
            hung_up,
            writer,
            out,
            answers_sent,
            started,
            db: None,
        }
    }

    pub fn send(&self, bytes: &[u8]) {
        let mut w = self.writer.lock().expect("writer lock");
        w.write_all(bytes).expect("write to pty");
        w.flush().expect("flush pty");
    }

    /// Type `s`.
    pub fn text(&self, s: &str) {
        self.send(s.as_bytes());
    }

    /// Drop the connection as a dead SSH link does: every master descriptor
    /// closed, so the kernel hangs up the terminal (SIGHUP to the program,
    /// and its reads and writes on the terminal fail from then on).
    pub fn hang_up(&mut self) {
        self.hung_up.store(true, Ordering::SeqCst);
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
            m.resize(cols, rows);
        }
        let mut o = self.out.lock().expect("output lock");
        o.term.resize(cols, rows);
        o.other.resize(cols, rows);
    }

    /// The screen as the client draws it, NFC.
    pub fn contents(&self) -> String {
        self.with(|o| o.term.contents())
    }

    pub fn with<T>(&self, f: impl FnOnce(&Output) -> T) -> T {
        f(&self.out.lock().expect("output lock"))
    }

    /// Check the client's screen with `f`.
    pub fn with_screen<T>(&self, f: impl FnOnce(&Emu) -> T) -> T {
        self.with(|o| f(&o.term))
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

    /// Wait until `text` is on the screen.
    pub fn wait_text(&self, text: &str) {
        self.wait_for(text, |e| e.contents().contains(text));
    }

    /// When the bytes of `text` had all been read (the first time it was
    /// written), if they were.
    pub fn text_at(&self, text: &str) -> Option<Instant> {
        self.with(|o| {
            let at = o
                .raw
                .windows(text.len())
                .position(|w| w == text.as_bytes())?
                + text.len();
            o.chunk_times
                .iter()
                .find(|(len, _)| *len >= at)
                .map(|(_, t)| *t)
        })
    }

    /// Bytes written by the application so far.
    pub fn bytes(&self) -> usize {
        self.with(|o| o.raw.len())
    }

    /// Synchronized updates completed so far.
    pub fn sync_frames(&self) -> usize {
        self.with(|o| o.sync_ends.len())
    }

    /// Wait until the terminal has sent back `n` cursor position answers
    /// in all (a late answer's delay is the terminal's, not the test's).
    pub fn wait_answers_sent(&self, n: usize) {
        let end = Instant::now() + DEADLINE;
        while self.answers_sent.load(Ordering::SeqCst) < n {
            assert!(Instant::now() < end, "the terminal never answered");
            thread::sleep(Duration::from_millis(2));
        }
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

impl Pty {
    /// Stop the server the app started for its database (if any).
    pub fn stop_server(&self) {
        if let Some(db) = &self.db {
            thidua::server::launch::stop(db, Duration::from_secs(10));
        }
    }
}

impl Drop for Pty {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
        self.stop_server();
    }
}

/// The thread that reads what the application writes, feeds both
/// emulators and answers the cursor position requests.
struct Reader {
    fd: i32,
    stop: Arc<AtomicBool>,
    out: Arc<Mutex<Output>>,
    answer_to: Arc<Mutex<Box<dyn Write + Send>>>,
    answer: Answer,
    answers_sent: Arc<AtomicUsize>,
}

impl Reader {
    fn run(self) {
        let mut buf = [0u8; 65536];
        while !self.stop.load(Ordering::SeqCst) {
            let mut pfd = libc::pollfd {
                fd: self.fd,
                events: libc::POLLIN,
                revents: 0,
            };
            // SAFETY: one valid pollfd.
            if unsafe { libc::poll(&mut pfd, 1, 10) } == 0 {
                continue;
            }
            // SAFETY: reading into a buffer of the given length.
            let n = unsafe { libc::read(self.fd, buf.as_mut_ptr().cast(), buf.len()) };
            if n <= 0 {
                break;
            }
            let answers = self.take(&buf[..n as usize]);
            if !answers.is_empty() {
                self.send_answers(answers);
            }
        }
        // SAFETY: our own duplicate, closed once.
        unsafe { libc::close(self.fd) };
        self.out.lock().expect("output lock").closed = true;
    }

    /// Feed a chunk to the emulators; the answers the terminal owes.
    fn take(&self, chunk: &[u8]) -> Vec<u8> {
        let mut o = self.out.lock().expect("output lock");
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
        let now = Instant::now();
        o.frame_times.extend(ends.iter().map(|_| now));
        let len = o.raw.len();
        o.chunk_times.push((len, now));
        o.sync_ends.extend(ends);
        answers
    }

    fn send_answers(&self, answers: Vec<u8>) {
        fn write(answers: &[u8], to: &Mutex<Box<dyn Write + Send>>, sent: &AtomicUsize) {
            let mut w = to.lock().expect("writer lock");
            let _ = w.write_all(answers).and_then(|_| w.flush());
            let n = answers.iter().filter(|&&b| b == b'R').count();
            sent.fetch_add(n, Ordering::SeqCst);
        }
        match self.answer {
            Answer::Now => write(&answers, &self.answer_to, &self.answers_sent),
            Answer::Never => {}
            Answer::After(d) => {
                let (to, sent) = (Arc::clone(&self.answer_to), Arc::clone(&self.answers_sent));
                thread::spawn(move || {
                    // The terminal's own delay (a slow link), not a wait.
                    thread::sleep(d);
                    write(&answers, &to, &sent);
                });
            }
        }
    }
}

pub const UP: &[u8] = b"\x1b[A";
pub const DOWN: &[u8] = b"\x1b[B";
pub const RIGHT: &[u8] = b"\x1b[C";
pub const LEFT: &[u8] = b"\x1b[D";
pub const HOME: &[u8] = b"\x1b[H";
pub const ENTER: &[u8] = b"\r";
pub const ESC: &[u8] = b"\x1b";
pub const TAB: &[u8] = b"\t";
pub const BACKSPACE: &[u8] = b"\x7f";
pub const CTRL_C: &[u8] = b"\x03";
pub const CTRL_F: &[u8] = b"\x06";
pub const CTRL_H: &[u8] = b"\x08";
pub const CTRL_P: &[u8] = b"\x10";
pub const CTRL_Q: &[u8] = b"\x11";
pub const F1: &[u8] = b"\x1bOP";
pub const F3: &[u8] = b"\x1bOR";
pub const F4: &[u8] = b"\x1bOS";
pub const F8: &[u8] = b"\x1b[19~";
pub const F9: &[u8] = b"\x1b[20~";
pub const F10: &[u8] = b"\x1b[21~";
pub const F12: &[u8] = b"\x1b[24~";
pub const PAGE_DOWN: &[u8] = b"\x1b[6~";

/// The servers the app starts for its database are stopped with it, and
/// reaped: this process adopts them (child subreaper). (`tests/autostart`
/// has the same for command kits; a test may use both kits, so neither
/// includes the other's module.)
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
