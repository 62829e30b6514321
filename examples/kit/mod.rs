//! What the benchmarks that drive the real binary share.

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
