//! What the benchmarks that drive the real binary share (each uses
//! some).
#![allow(dead_code)]

use std::path::PathBuf;

/// The `thidua` binary to measure: the first argument, else the release
/// binary beside this example (target/release/examples/bench_x →
/// target/release/thidua).
pub fn thidua_binary() -> PathBuf {
    if let Some(p) = std::env::args().nth(1) {
        return PathBuf::from(p);
    }
    let exe = std::env::current_exe().expect("current exe");
    exe.parent()
        .and_then(|p| p.parent())
        .map(|p| p.join("thidua"))
        .expect("binary path")
}

/// A process's peak memory (VmHWM, KiB); 0 when it cannot be read.
pub fn peak_kib(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .unwrap_or_default()
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        .unwrap_or(0)
}

/// KiB as MiB, one decimal.
pub fn mib(kib: u64) -> String {
    format!("{:.1} MiB", kib as f64 / 1024.0)
}

/// `thidua --db DB serve`, returned once its socket answers.
pub fn serve(binary: &std::path::Path, db: &std::path::Path) -> std::process::Child {
    use std::process::{Command, Stdio};
    let server = Command::new(binary)
        .arg("--db")
        .arg(db)
        .arg("serve")
        .env_remove("THIDUA_DB")
        .env_remove("THIDUA_SOCKET")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("serve");
    let socket = thidua::server::default_socket(db);
    while std::os::unix::net::UnixStream::connect(&socket).is_err() {
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    server
}

/// Stop a server [`serve`] started, as SIGTERM does: a clean stop.
pub fn stop(mut server: std::process::Child) {
    // SAFETY: kill(2) on our own child.
    unsafe { libc::kill(server.id() as i32, libc::SIGTERM) };
    let _ = server.wait();
}

/// `thidua --db DB ARGS` with its output to `stdout` and `stderr`:
/// seconds and peak memory (KiB) of the reaped child; it must succeed.
pub fn timed(
    binary: &std::path::Path,
    db: &std::path::Path,
    args: &[&str],
    stdout: std::process::Stdio,
    stderr: std::process::Stdio,
) -> (f64, u64) {
    use std::process::Command;
    let start = std::time::Instant::now();
    // Reaped below with wait4, which also gives its peak memory.
    #[allow(clippy::zombie_processes)]
    let child = Command::new(binary)
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("THIDUA_DB")
        .env_remove("THIDUA_SOCKET")
        .stdout(stdout)
        .stderr(stderr)
        .spawn()
        .expect("spawn");
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    // SAFETY: an all-zero rusage is valid; wait4 on our own child.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    assert!(
        libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0,
        "thidua {args:?} failed"
    );
    (start.elapsed().as_secs_f64(), usage.ru_maxrss as u64)
}
