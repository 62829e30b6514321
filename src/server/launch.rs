//! How a client gets a server. A personal database (a directory of the
//! officer's own) gets one started for it when none answers, like tmux: the
//! same `thidua` binary as `thidua serve`, detached in a session of its own,
//! its log appended beside the database, exiting after a quiet period. Two
//! clients starting at once end with one server: the start is done under a
//! lock file in the directory, and the loser connects to the winner's
//! server. A shared database's server is the service account's: a client
//! only says it is down and how to start it.
//!
//! Files in the database directory: `thidua-serve.pid` (the running
//! server's process id), `thidua-serve.log`, `thidua-start.lock`.
//! `THIDUA_IDLE_EXIT` (e.g. `30s`) sets the quiet period of the servers a
//! client starts (default 10 minutes); tests set it short.

use std::fs::OpenOptions;
use std::io::{Read, Seek, SeekFrom};
use std::os::fd::AsRawFd;
use std::os::unix::fs::{DirBuilderExt, MetadataExt, OpenOptionsExt};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use super::trust::{self, Distrust, Trusted};

pub const PID_FILE: &str = "thidua-serve.pid";
pub const LOG_FILE: &str = "thidua-serve.log";
const LOCK_FILE: &str = "thidua-start.lock";
/// The quiet period of servers started by a client.
pub const IDLE_ENV: &str = "THIDUA_IDLE_EXIT";
pub const DEFAULT_IDLE: Duration = Duration::from_secs(10 * 60);
/// A log past this size is moved to `thidua-serve.log.1` when a server starts.
const LOG_KEEP: u64 = 1024 * 1024;
/// How long a starting server may take to answer (a first start loads the
/// built-in data; a database just let go of may be locked a moment longer).
const START_PATIENCE: Duration = Duration::from_secs(20);

pub fn pid_file(db: &Path) -> PathBuf {
    db.join(PID_FILE)
}

pub fn log_file(db: &Path) -> PathBuf {
    db.join(LOG_FILE)
}

/// The quiet period from `THIDUA_IDLE_EXIT`, or the default.
pub fn idle_from_env() -> Result<Duration, String> {
    match std::env::var(IDLE_ENV) {
        Ok(v) if !v.trim().is_empty() => {
            super::duration::parse(&v).map_err(|e| format!("{IDLE_ENV}: {e}"))
        }
        _ => Ok(DEFAULT_IDLE),
    }
}

// SAFETY of the calls below: plain syscalls on values owned here.
fn my_uid() -> u32 {
    unsafe { libc::geteuid() }
}

/// Whose the database directory is: None when it does not exist yet.
pub fn owner_of(db: &Path) -> std::io::Result<Option<u32>> {
    match std::fs::symlink_metadata(db) {
        Ok(m) => Ok(Some(m.uid())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e),
    }
}

/// Whether `db` is (or will be, once created) the running user's own.
pub fn is_personal(db: &Path) -> std::io::Result<bool> {
    Ok(owner_of(db)?.is_none_or(|uid| uid == my_uid()))
}

/// Create the database directory readable by its owner alone.
pub fn create_private_dir(db: &Path) -> std::io::Result<()> {
    if let Some(parent) = db.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)?;
    }
    match std::fs::DirBuilder::new().mode(0o700).create(db) {
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        other => other,
    }
}

/// What a client says when the server of a shared database is down.
pub fn server_down(db: &Path, socket: &Path) -> String {
    let owner = owner_of(db)
        .ok()
        .flatten()
        .map(crate::store::user::user_name)
        .unwrap_or_else(|| "tài khoản dịch vụ".into());
    format!(
        "Máy chủ của cơ sở dữ liệu {db} không chạy (không có máy chủ trả lời ở {sock}). Hãy nhờ \
         quản trị viên khởi động nó: sudo systemctl start {unit} (không có systemd: sudo -u \
         {owner} thidua --db {db} serve).",
        db = db.display(),
        sock = socket.display(),
        unit = unit_name(db),
    )
}

/// `thidua-<directory name>`, the unit `init-shared` writes for `db`.
pub fn unit_name(db: &Path) -> String {
    let base = db
        .file_name()
        .map(|n| n.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let clean: String = base
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    let clean = clean.trim_matches('-');
    format!("thidua-{}", if clean.is_empty() { "db" } else { clean })
}

/// How to start the personal server of one database.
#[derive(Debug, Clone)]
pub struct Launcher {
    /// The `thidua` binary.
    pub exe: PathBuf,
    pub db: PathBuf,
    /// Given with `--socket` (None: the default one in the directory).
    pub socket: Option<PathBuf>,
    pub idle_exit: Duration,
    /// Where the directory holds no database, the server makes it empty
    /// (`serve --empty`: no built-in data), for a cluster set up from its
    /// own files.
    pub empty_if_new: bool,
}

/// Why a started server is not there: the lines it logged since `from`.
fn log_since(db: &Path, from: u64) -> String {
    let mut text = String::new();
    if let Ok(mut f) = std::fs::File::open(log_file(db)) {
        let _ = f.seek(SeekFrom::Start(from));
        let _ = f.take(64 * 1024).read_to_string(&mut text);
    }
    let last = text
        .lines()
        .map(str::trim)
        .rfind(|l| !l.is_empty())
        .unwrap_or("máy chủ dừng mà không ghi lý do");
    crate::text::normalize::clean(last.strip_prefix("thidua: ").unwrap_or(last))
}

impl Launcher {
    pub fn socket(&self) -> PathBuf {
        self.socket
            .clone()
            .unwrap_or_else(|| super::serve::default_socket(&self.db))
    }

    /// Connect to the server of the database, starting one first if none
    /// answers. `Err(Distrust::NoServer)` never comes back from here.
    pub fn connect(&self) -> Result<Trusted, Distrust> {
        let socket = self.socket();
        match trust::connect(&socket) {
            Err(Distrust::NoServer) => {}
            other => return other,
        }
        create_private_dir(&self.db).map_err(|e| {
            Distrust::Unreachable(format!(
                "Không tạo được thư mục cơ sở dữ liệu {}: {}",
                self.db.display(),
                crate::text::os_error::reason(&e)
            ))
        })?;
        let _lock = self.lock()?;
        // Someone may have started it while this waited for the lock.
        match trust::connect(&socket) {
            Err(Distrust::NoServer) => {}
            other => return other,
        }
        self.start(&socket)
    }

    fn lock(&self) -> Result<std::fs::File, Distrust> {
        let path = self.db.join(LOCK_FILE);
        let failed = |e: std::io::Error| {
            Distrust::Unreachable(format!(
                "Không khoá được {}: {}",
                path.display(),
                crate::text::os_error::reason(&e)
            ))
        };
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .mode(0o600)
            .open(&path)
            .map_err(failed)?;
        // SAFETY: flock on a descriptor owned by `file`; released on close.
        if unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX) } != 0 {
            return Err(failed(std::io::Error::last_os_error()));
        }
        Ok(file)
    }

    fn start(&self, socket: &Path) -> Result<Trusted, Distrust> {
        let log_path = log_file(&self.db);
        if std::fs::metadata(&log_path).is_ok_and(|m| m.len() > LOG_KEEP) {
            let _ = std::fs::rename(&log_path, self.db.join(format!("{LOG_FILE}.1")));
        }
        let log = OpenOptions::new()
            .create(true)
            .append(true)
            .mode(0o600)
            .open(&log_path)
            .map_err(|e| {
                Distrust::Unreachable(format!(
                    "Không mở được nhật ký máy chủ {}: {}",
                    log_path.display(),
                    crate::text::os_error::reason(&e)
                ))
            })?;
        let log_from = log.metadata().map(|m| m.len()).unwrap_or(0);
        let mut cmd = Command::new(&self.exe);
        cmd.arg("--db").arg(&self.db);
        if let Some(s) = &self.socket {
            cmd.arg("--socket").arg(s);
        }
        cmd.arg("serve");
        if self.empty_if_new {
            cmd.arg("--empty");
        }
        cmd.arg("--idle-exit")
            .arg(format!("{}s", self.idle_exit.as_secs().max(1)))
            .env_remove("THIDUA_DB")
            .env_remove("THIDUA_SOCKET")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(log);
        // SAFETY: setsid is async-signal-safe; it only detaches the child
        // from this terminal's session (no SIGHUP when the officer's link drops).
        unsafe {
            cmd.pre_exec(|| {
                if libc::setsid() < 0 {
                    return Err(std::io::Error::last_os_error());
                }
                Ok(())
            });
        }
        let mut child = cmd.spawn().map_err(|e| {
            Distrust::Unreachable(format!(
                "Không khởi động được máy chủ ({}): {}",
                self.exe.display(),
                crate::text::os_error::reason(&e)
            ))
        })?;
        let started = Instant::now();
        let mut pause = Duration::from_millis(1);
        loop {
            if let Ok(Some(_)) = child.try_wait() {
                return Err(Distrust::Unreachable(format!(
                    "Không khởi động được máy chủ cho {}: {}",
                    self.db.display(),
                    log_since(&self.db, log_from)
                )));
            }
            match trust::connect(socket) {
                Ok(t) => {
                    // Reaped when it exits, if this process is still there.
                    std::thread::spawn(move || child.wait());
                    return Ok(t);
                }
                Err(Distrust::NoServer) if started.elapsed() < START_PATIENCE => {}
                Err(Distrust::NoServer) => {
                    return Err(Distrust::Unreachable(format!(
                        "Máy chủ cho {} đã khởi động nhưng không trả lời sau {} giây; xem {}",
                        self.db.display(),
                        START_PATIENCE.as_secs(),
                        log_path.display()
                    )));
                }
                Err(other) => return Err(other),
            }
            std::thread::sleep(pause);
            pause = (pause * 2).min(Duration::from_millis(10));
        }
    }
}

/// Stop the server of `db` (found by its pid file) and wait for it to be
/// gone: SIGTERM (it flushes and removes its socket), SIGKILL after `wait`.
/// Returns the process id stopped, None when no server was running. Whoever
/// started it (tests, benchmarks) uses this to leave no process behind.
pub fn stop(db: &Path, wait: Duration) -> Option<i32> {
    let pid: i32 = std::fs::read_to_string(pid_file(db))
        .ok()?
        .trim()
        .parse()
        .ok()?;
    // A stale file may name a process that is no server of ours.
    let cmdline = std::fs::read(format!("/proc/{pid}/cmdline")).ok()?;
    let args: Vec<&[u8]> = cmdline.split(|b| *b == 0).collect();
    if !args.iter().any(|a| *a == b"serve") {
        return None;
    }
    let gone = || {
        let mut status = 0;
        // SAFETY: waitpid reaps it if it is our child, else fails (ECHILD).
        let reaped = unsafe { libc::waitpid(pid, &mut status, libc::WNOHANG) } == pid;
        // Not our child: a zombie leader is gone only once its other
        // threads are too, for the last of them closes the database (and
        // lets go of its lock) on the way out.
        let zombie = || {
            std::fs::read_to_string(format!("/proc/{pid}/stat")).map(|s| {
                s.rsplit(')')
                    .next()
                    .is_some_and(|r| r.trim_start().starts_with('Z'))
            })
        };
        let threads = || std::fs::read_dir(format!("/proc/{pid}/task")).map(|d| d.count());
        reaped
            || match (zombie(), threads()) {
                (Ok(z), Ok(n)) => z && n <= 1,
                _ => true,
            }
    };
    // SAFETY: kill(2) on the pid just checked.
    unsafe { libc::kill(pid, libc::SIGTERM) };
    let until = Instant::now() + wait;
    while !gone() {
        if Instant::now() > until {
            // SAFETY: as above.
            unsafe { libc::kill(pid, libc::SIGKILL) };
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    Some(pid)
}
