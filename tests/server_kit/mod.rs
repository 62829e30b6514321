//! What the server tests share: real `thidua serve` processes that are
//! stopped when dropped, other OS users (created with useradd where the
//! tests run as root), and helper processes — the test binary itself run
//! again as another user to play a role (a hostile officer holding
//! connections, a fake server) — which end when dropped.
#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdout, Command, Stdio};
use std::time::{Duration, Instant};

pub const WAIT: Duration = Duration::from_secs(20);

pub fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_thidua")
}

pub fn is_root() -> bool {
    // SAFETY: geteuid cannot fail.
    unsafe { libc::geteuid() == 0 }
}

pub fn wait_until(what: &str, mut ok: impl FnMut() -> bool) {
    let start = Instant::now();
    while !ok() {
        assert!(start.elapsed() < WAIT, "timed out waiting: {what}");
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// Peak resident memory (VmHWM) of a process, in KiB.
pub fn peak_rss_kib(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .unwrap_or_default()
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        .unwrap_or(0)
}

#[derive(Debug, Clone)]
pub struct OsUser {
    pub name: String,
    pub uid: u32,
    pub gid: u32,
}

fn id(args: &[&str]) -> Option<u32> {
    let out = Command::new("id").args(args).output().ok()?;
    String::from_utf8(out.stdout).ok()?.trim().parse().ok()
}

/// A group, created if missing (root only).
pub fn os_group(name: &str) -> u32 {
    let gid = || {
        let out = Command::new("getent")
            .args(["group", name])
            .output()
            .expect("getent");
        String::from_utf8_lossy(&out.stdout)
            .split(':')
            .nth(2)
            .and_then(|g| g.trim().parse().ok())
    };
    if let Some(g) = gid() {
        return g;
    }
    let ok = Command::new("groupadd")
        .arg(name)
        .status()
        .expect("groupadd");
    assert!(ok.success(), "groupadd {name}");
    gid().expect("gid of the new group")
}

/// An OS user (root only), created with useradd if missing, in `groups`.
pub fn os_user(name: &str, groups: &[&str]) -> OsUser {
    if id(&["-u", name]).is_none() {
        let ok = Command::new("useradd")
            .args(["--no-create-home", "--user-group", name])
            .status()
            .expect("useradd");
        assert!(ok.success(), "useradd {name}");
    }
    for g in groups {
        os_group(g);
        let ok = Command::new("usermod")
            .args(["-aG", g, name])
            .status()
            .expect("usermod");
        assert!(ok.success(), "usermod -aG {g} {name}");
    }
    OsUser {
        name: name.to_string(),
        uid: id(&["-u", name]).expect("uid"),
        gid: id(&["-g", name]).expect("gid"),
    }
}

/// A temporary directory every user may pass through, with the binaries
/// (the real `thidua` and this test) where other users may run them.
pub struct Shelf {
    pub dir: tempfile::TempDir,
    pub thidua: PathBuf,
    pub helper: PathBuf,
}

fn place(from: &Path, to: &Path) {
    if std::fs::hard_link(from, to).is_err() {
        std::fs::copy(from, to).expect("copy binary");
    }
}

impl Shelf {
    pub fn new() -> Shelf {
        let dir = tempfile::tempdir().expect("tempdir");
        set_mode(dir.path(), 0o755);
        let thidua = dir.path().join("thidua");
        place(Path::new(bin()), &thidua);
        let helper = dir.path().join("helper");
        place(&std::env::current_exe().expect("test exe"), &helper);
        Shelf {
            dir,
            thidua,
            helper,
        }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }
}

pub fn set_mode(p: &Path, mode: u32) {
    std::fs::set_permissions(p, std::os::unix::fs::PermissionsExt::from_mode(mode)).expect("chmod");
}

/// A process that is killed and reaped when dropped.
pub struct Proc {
    pub child: Child,
    pub lines: Option<BufReader<ChildStdout>>,
}

impl Proc {
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// The next line it prints; None at its end.
    pub fn line(&mut self) -> Option<String> {
        let mut s = String::new();
        let r = self.lines.as_mut()?;
        match r.read_line(&mut s) {
            Ok(0) | Err(_) => None,
            Ok(_) => Some(s.trim_end().to_string()),
        }
    }

    /// SIGTERM and wait: the exit status.
    pub fn stop(mut self) -> std::process::ExitStatus {
        // SAFETY: kill(2) on our own child.
        unsafe { libc::kill(self.child.id() as i32, libc::SIGTERM) };
        self.child.wait().expect("wait")
    }
}

impl Drop for Proc {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// `thidua --db DB serve ARGS` as this user, up once its socket accepts.
pub fn serve(exe: &Path, db: &Path, args: &[&str]) -> Proc {
    let child = Command::new(exe)
        .arg("--db")
        .arg(db)
        .arg("serve")
        .args(args)
        .env_remove("THIDUA_DB")
        .env_remove("THIDUA_SOCKET")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn thidua serve");
    let socket = thidua::server::default_socket(db);
    wait_until("server up", || {
        std::os::unix::net::UnixStream::connect(&socket).is_ok()
    });
    Proc { child, lines: None }
}

/// The name of the environment variable that gives a helper its role.
pub const ROLE: &str = "THIDUA_TEST_ROLE";

/// Run this test binary's test `entry` as `user` with `role` (and its
/// arguments), and wait until it says it is ready: what it said then.
pub fn helper(shelf: &Shelf, entry: &str, user: Option<&OsUser>, role: &[&str]) -> (Proc, String) {
    let mut cmd = Command::new(&shelf.helper);
    cmd.args(["--exact", entry, "--nocapture", "--test-threads=1"])
        .env(ROLE, role.join("\u{1f}"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit());
    if let Some(u) = user {
        cmd.uid(u.uid).gid(u.gid);
    }
    let mut child = cmd.spawn().expect("spawn helper");
    let lines = child.stdout.take().map(BufReader::new);
    let mut p = Proc { child, lines };
    // The test harness prints its own lines first.
    loop {
        match p.line() {
            // The harness may print the test's name on the same line.
            Some(l) if l.contains(READY) => {
                let at = l.find(READY).unwrap_or(0) + READY.len();
                let rest = l[at..].trim().to_string();
                return (p, rest);
            }
            Some(_) => {}
            None => panic!("helper {role:?} ended before it was ready"),
        }
    }
}

/// The role given to this process, when it runs as a helper.
pub fn role() -> Option<Vec<String>> {
    let r = std::env::var(ROLE).ok()?;
    Some(r.split('\u{1f}').map(str::to_string).collect())
}

const READY: &str = "@@ready";

/// In a helper: say it is ready, then wait until the test closes stdin.
pub fn ready_and_wait(line: &str) {
    println!("\n{READY} {line}");
    use std::io::Write;
    let _ = std::io::stdout().flush();
    let mut sink = String::new();
    let _ = std::io::stdin().read_line(&mut sink);
}
