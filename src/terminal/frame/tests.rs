//! The frame writer against a terminal emulator (vt100): what it sends
//! leaves the screen equal to the frame, in few bytes.

use std::sync::{Arc, Mutex};

use super::*;
use crate::text::width::width;

/// A writer the test can read back.
#[derive(Clone, Default)]
struct Sink(Arc<Mutex<Vec<u8>>>);

impl Write for Sink {
    fn write(&mut self, b: &[u8]) -> io::Result<usize> {
        self.0.lock().expect("sink").extend_from_slice(b);
        Ok(b.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl Sink {
    fn bytes(&self) -> Vec<u8> {
        self.0.lock().expect("sink").clone()
    }
}

fn writer(sink: &Sink, w: u16, h: u16) -> FrameWriter {
    FrameWriter::new(Box::new(sink.clone())).with_size(Size::new(w, h))
}

/// Draw these rows (plain text) as a frame.
fn send(writer: &mut FrameWriter, rows: &[&str]) -> usize {
    writer
        .draw(|area, buf| {
            for (y, r) in rows.iter().enumerate() {
                buf.set_stringn(
                    0,
                    y as u16,
                    r,
                    usize::from(area.width),
                    ratatui::style::Style::new(),
                );
            }
            None
        })
        .expect("draw")
}

/// Feed the bytes to a terminal emulator and read its screen.
fn emulate(bytes: &[u8], w: u16, h: u16) -> Vec<String> {
    let mut p = vt100::Parser::new(
        std::num::NonZeroU16::new(h).expect("h"),
        std::num::NonZeroU16::new(w).expect("w"),
        0,
    );
    p.process(bytes);
    p.screen().rows(0, w).collect()
}

#[test]
fn an_unchanged_frame_writes_nothing() {
    let sink = Sink::default();
    let mut b = writer(&sink, 10, 2);
    assert!(send(&mut b, &["abc", "def"]) > 0);
    assert_eq!(send(&mut b, &["abc", "def"]), 0);
}

#[test]
fn scrolled_rows_use_the_scroll_region_and_end_right() {
    let rows: Vec<String> = (0..20).map(|i| format!("dòng số {i:02} ở đây")).collect();
    for (a, b) in [(0, 4), (4, 0), (2, 3), (3, 2)] {
        let sink = Sink::default();
        let mut backend = writer(&sink, 20, 10);
        let first: Vec<&str> = rows[a..a + 10].iter().map(String::as_str).collect();
        let second: Vec<&str> = rows[b..b + 10].iter().map(String::as_str).collect();
        let before = send(&mut backend, &first);
        let after = send(&mut backend, &second);
        let moved = a.abs_diff(b);
        assert!(
            after < before * (moved + 2) / 10,
            "{after} bytes for a scroll of {moved} rows (full: {before})"
        );
        let screen = emulate(&sink.bytes(), 20, 10);
        let got: Vec<&str> = screen.iter().map(|s| s.trim_end()).collect();
        assert_eq!(got, second, "{a} → {b}");
    }
}

/// A row whose scattered figures go blank, one staying and one new,
/// between borders: erased at once with ECH, the border kept, and the
/// emulated screen is the frame.
#[test]
fn a_row_emptied_between_borders_is_erased_at_once() {
    let sink = Sink::default();
    let full = "│  12  3.456   7,89  10   11.213  14  15  16  │";
    let sparse = "│                          99                 │";
    let w = width(full) as u16;
    assert_eq!(width(sparse), width(full));
    let mut backend = writer(&sink, w, 2);
    send(&mut backend, &[full, full]);
    let before = sink.bytes().len();
    let sent = send(&mut backend, &[sparse, full]);
    let all = sink.bytes();
    let frame = String::from_utf8_lossy(&all[before..]).into_owned();
    assert!(frame.contains("X"), "no ECH in {frame:?}");
    // Move 6, ECH 5, move 5, figure 2; small: no synchronized update.
    assert!(sent <= 18, "{sent} bytes: {frame:?}");
    assert!(!frame.contains("\x1b[?2026"), "{frame:?}");
    let screen = emulate(&all, w, 2);
    assert_eq!(screen[0].trim_end(), sparse.trim_end());
    assert_eq!(screen[1].trim_end(), full.trim_end());
}

/// Only frames that could be seen half drawn carry the 16 bytes of the
/// synchronized-update wrapper: a large one and a scroll, not a small one.
#[test]
fn only_large_frames_are_synchronized() {
    let sink = Sink::default();
    let mut b = writer(&sink, 80, 24);
    let long: Vec<String> = (0..24)
        .map(|y| format!("{y:>2} {}", "x".repeat(70)))
        .collect();
    let rows: Vec<&str> = long.iter().map(String::as_str).collect();
    let first = send(&mut b, &rows);
    let all = sink.bytes();
    assert!(first > SYNC_FROM);
    assert!(all.starts_with(SYNC_BEGIN) && all.ends_with(SYNC_END));
    // One character changes: its bytes and nothing more.
    let mut changed = long.clone();
    changed[5].replace_range(10..11, "y");
    let rows: Vec<&str> = changed.iter().map(String::as_str).collect();
    let before = sink.bytes().len();
    let small = send(&mut b, &rows);
    let frame = sink.bytes()[before..].to_vec();
    assert!(small < 16, "{small}: {:?}", String::from_utf8_lossy(&frame));
    assert!(!frame.starts_with(SYNC_BEGIN));
    let screen = emulate(&sink.bytes(), 80, 24);
    assert_eq!(screen[5].trim_end(), changed[5]);
}

#[test]
fn a_new_size_starts_from_a_cleared_screen() {
    let sink = Sink::default();
    let mut b = writer(&sink, 10, 3);
    send(&mut b, &["abc", "def", "ghi"]);
    b.fixed_size = Some(Size::new(12, 2));
    let before = sink.bytes().len();
    send(&mut b, &["abc", "xyz"]);
    let frame = sink.bytes()[before..].to_vec();
    assert!(frame.starts_with(SYNC_BEGIN), "{frame:?}");
    assert!(
        frame.windows(4).any(|w| w == b"\x1b[2J"),
        "{:?}",
        String::from_utf8_lossy(&frame)
    );
    let screen = emulate(&frame, 12, 2);
    assert_eq!(screen, ["abc", "xyz"]);
}

#[test]
fn the_cursor_is_shown_where_asked_and_hidden_again() {
    let sink = Sink::default();
    let mut b = writer(&sink, 10, 2);
    b.draw(|_, buf| {
        buf.set_string(0, 0, "ab", ratatui::style::Style::new());
        Some(Position::new(2, 0))
    })
    .expect("draw");
    let mut vt = vt100::Parser::new(
        std::num::NonZeroU16::new(2).expect("h"),
        std::num::NonZeroU16::new(10).expect("w"),
        0,
    );
    vt.process(b"\x1b[?25l");
    vt.process(&sink.bytes());
    assert!(!vt.screen().hide_cursor());
    assert_eq!(vt.screen().cursor_position(), (0, 2));
    let before = sink.bytes().len();
    b.draw(|_, buf| {
        buf.set_string(0, 0, "ab", ratatui::style::Style::new());
        None
    })
    .expect("draw");
    vt.process(&sink.bytes()[before..]);
    assert!(vt.screen().hide_cursor());
}

/// A cell marked two columns wide (a `đ` where the terminal draws it so)
/// is written once; the column it covers is not written, and what follows
/// is written where the terminal's cursor really is.
#[test]
fn a_cell_of_forced_width_is_written_once_and_moves_two_columns() {
    use ratatui::buffer::CellDiffOption;
    let sink = Sink::default();
    let mut w = writer(&sink, 10, 1);
    w.draw(|_, buf| {
        buf.set_stringn(0, 0, "thi đ ua", 10, ratatui::style::Style::new());
        if let Some(cell) = buf.cell_mut((4, 0)) {
            cell.diff_option =
                CellDiffOption::ForcedWidth(std::num::NonZeroU16::new(2).expect("two"));
        }
        None
    })
    .expect("draw");
    let bytes = String::from_utf8(sink.bytes()).expect("utf-8");
    assert!(bytes.contains("thi đua"), "{bytes:?}");
    assert!(!bytes.contains("đ "), "{bytes:?}");
}
