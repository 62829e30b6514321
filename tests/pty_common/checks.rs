//! What the PTY tests and the benchmark check on a screen: tables aligned
//! (every bordered box square), names whole, and a process's peak memory.

use unicode_normalization::UnicodeNormalization;

use super::emu::Emu;

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
    let text = emu.contents();
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
