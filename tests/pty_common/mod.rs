//! Drives the real `thidua` binary in a pseudo-terminal and reads its screen
//! with a terminal emulator (vt100). Tests wait on screen content with a
//! generous deadline, never on fixed sleeps.
#![allow(dead_code)]

use std::io::{Read, Write};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, ExitStatus, MasterPty, PtySize, native_pty_system};

pub const DEADLINE: Duration = Duration::from_secs(20);

/// What the reader thread has seen.
#[derive(Default)]
pub struct Output {
    pub parser: Option<vt100::Parser>,
    pub closed: bool,
}

pub struct Pty {
    pub child: Box<dyn Child + Send + Sync>,
    pub master: Box<dyn MasterPty + Send>,
    writer: Box<dyn Write + Send>,
    pub out: Arc<Mutex<Output>>,
    /// The database given with `--db`: its server is stopped with the app.
    db: Option<std::path::PathBuf>,
}

fn nz(n: u16) -> std::num::NonZeroU16 {
    std::num::NonZeroU16::new(n.max(1)).unwrap_or(std::num::NonZeroU16::MIN)
}

impl Pty {
    /// Start `binary` with `args` in a `cols`×`rows` terminal.
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
        let system = native_pty_system();
        let pair = system
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("open a pty");
        let mut cmd = CommandBuilder::new(binary);
        for a in args {
            cmd.arg(a);
        }
        cmd.env("TERM", "xterm-256color");
        cmd.env("LANG", "C.UTF-8");
        cmd.env_remove("NO_COLOR");
        cmd.env_remove("THIDUA_DB");
        cmd.env("THIDUA_IDLE_EXIT", "60s");
        adopt_servers();
        for (k, v) in env {
            cmd.env(k, v);
        }
        let child = pair.slave.spawn_command(cmd).expect("spawn thidua");
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().expect("pty reader");
        let writer = pair.master.take_writer().expect("pty writer");
        let out = Arc::new(Mutex::new(Output {
            parser: Some(vt100::Parser::new(nz(rows), nz(cols), 0)),
            ..Output::default()
        }));
        let shared = Arc::clone(&out);
        thread::spawn(move || {
            let mut buf = [0u8; 65536];
            loop {
                match reader.read(&mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => {
                        let mut o = shared.lock().expect("output lock");
                        let chunk = &buf[..n];
                        if let Some(p) = o.parser.as_mut() {
                            p.process(chunk);
                        }
                    }
                }
            }
            shared.lock().expect("output lock").closed = true;
        });
        Pty {
            child,
            master: pair.master,
            writer,
            out,
            db: db_in(args),
        }
    }

    pub fn send(&mut self, bytes: &[u8]) {
        self.writer.write_all(bytes).expect("write to pty");
        self.writer.flush().expect("flush pty");
    }

    pub fn text(&mut self, s: &str) {
        self.send(s.as_bytes());
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
        self.master
            .resize(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("resize pty");
        if let Some(p) = self.out.lock().expect("output lock").parser.as_mut() {
            p.screen_mut().set_size(nz(rows), nz(cols));
        }
    }

    /// The screen as text.
    pub fn contents(&self) -> String {
        let o = self.out.lock().expect("output lock");
        o.parser
            .as_ref()
            .map(|p| p.screen().contents())
            .unwrap_or_default()
    }

    /// Check the emulated screen with `f`.
    pub fn with_screen<T>(&self, f: impl FnOnce(&vt100::Screen) -> T) -> T {
        let o = self.out.lock().expect("output lock");
        f(o.parser.as_ref().expect("parser").screen())
    }

    /// Wait until the screen satisfies `cond`; panic with the screen after
    /// the deadline.
    pub fn wait_for(&self, what: &str, cond: impl Fn(&vt100::Screen) -> bool) {
        let end = Instant::now() + DEADLINE;
        loop {
            if self.with_screen(&cond) {
                return;
            }
            if Instant::now() > end {
                panic!("waited for {what}; screen:\n{}", self.contents());
            }
            thread::sleep(Duration::from_millis(5));
        }
    }

    /// Wait until `text` is on the screen.
    pub fn wait_text(&self, text: &str) {
        self.wait_for(text, |s| s.contents().contains(text));
    }

    /// Wait for the process to end.
    pub fn wait_exit(&mut self) -> ExitStatus {
        let end = Instant::now() + DEADLINE;
        loop {
            if let Some(status) = self.child.try_wait().expect("try_wait") {
                // Let the reader drain what was written before the exit.
                let drain_end = Instant::now() + Duration::from_secs(2);
                while !self.out.lock().expect("output lock").closed && Instant::now() < drain_end {
                    thread::sleep(Duration::from_millis(5));
                }
                self.stop_server();
                return status;
            }
            if Instant::now() > end {
                panic!("thidua did not exit; screen:\n{}", self.contents());
            }
            thread::sleep(Duration::from_millis(5));
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

pub const UP: &[u8] = b"\x1b[A";
pub const DOWN: &[u8] = b"\x1b[B";
pub const RIGHT: &[u8] = b"\x1b[C";
pub const LEFT: &[u8] = b"\x1b[D";
pub const ENTER: &[u8] = b"\r";
pub const ESC: &[u8] = b"\x1b";
pub const CTRL_Q: &[u8] = b"\x11";
pub const CTRL_H: &[u8] = b"\x08";
pub const BACKSPACE: &[u8] = b"\x7f";
pub const F4: &[u8] = b"\x1bOS";
pub const PAGE_DOWN: &[u8] = b"\x1b[6~";
pub const F12: &[u8] = b"\x1b[24~";

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
