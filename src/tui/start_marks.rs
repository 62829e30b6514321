//! When the first frames were written, for `bench_start`: with
//! `THIDUA_START_MARKS=FILE` set, the run loop appends one line per mark,
//! `NAME NANOSECONDS` on the system's monotonic clock (the clock a
//! benchmark reads when it spawns the application), after the frame's
//! bytes were handed to the terminal. A terminal emulator on a busy
//! two-core machine may read those bytes milliseconds later (the figures
//! read that follows the first frame keeps both cores busy); the marks
//! tell the application's time from the reader's. Nothing is written
//! without the variable, and a file that cannot be written is passed over.

use std::io::Write as _;

/// The variable naming the file.
pub const VAR: &str = "THIDUA_START_MARKS";

/// Append `name` and the monotonic time now, if asked to.
pub fn mark(name: &str) {
    let Some(path) = std::env::var_os(VAR) else {
        return;
    };
    let ns = monotonic_ns();
    if let Ok(mut file) = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
    {
        let _ = writeln!(file, "{name} {ns}");
    }
}

/// CLOCK_MONOTONIC in nanoseconds (what `std::time::Instant` reads on
/// Linux, but as a number another process can compare).
pub fn monotonic_ns() -> u128 {
    let mut t = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: clock_gettime writes the timespec it is given.
    unsafe { libc::clock_gettime(libc::CLOCK_MONOTONIC, &mut t) };
    u128::try_from(t.tv_sec).unwrap_or(0) * 1_000_000_000 + u128::try_from(t.tv_nsec).unwrap_or(0)
}
