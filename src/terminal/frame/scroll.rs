//! Rows that moved between what the terminal shows and the next frame (a
//! table scrolled by a few rows): found by comparing rows, and sent as a
//! scroll region so a scrolled table costs its new rows, not all of them.

use std::io::Write as _;

use ratatui::buffer::{Buffer, Cell};
use ratatui::style::Color;

/// Rows that moved by `shift` (positive: content went up) inside the
/// region `top..=bottom` (0-based rows).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scroll {
    pub top: u16,
    pub bottom: u16,
    pub shift: i32,
}

impl Scroll {
    /// The sequences: a reset (the scroll fills with the current
    /// background), the region, the scroll, the region reset (which homes
    /// the cursor).
    pub fn write(&self, out: &mut Vec<u8>) {
        let n = self.shift.unsigned_abs();
        let command = if self.shift > 0 { 'S' } else { 'T' };
        let _ = write!(
            out,
            "\x1b[m\x1b[{};{}r\x1b[{n}{command}\x1b[r",
            self.top + 1,
            self.bottom + 1
        );
    }

    /// Do to the copy what the terminal does: rows move, new rows are blank.
    pub fn apply(&self, shown: &mut Buffer) {
        let w = usize::from(shown.area.width);
        let (top, bottom) = (usize::from(self.top), usize::from(self.bottom));
        let n = self.shift.unsigned_abs() as usize;
        let region = &mut shown.content[top * w..(bottom + 1) * w];
        let moved = (n * w).min(region.len());
        let blank_from = if self.shift > 0 {
            region.rotate_left(moved);
            region.len() - moved
        } else {
            region.rotate_right(moved);
            0
        };
        region[blank_from..blank_from + moved]
            .iter_mut()
            .for_each(|c| *c = Cell::default());
    }
}

fn row(b: &Buffer, w: usize, y: usize) -> &[Cell] {
    &b.content[y * w..(y + 1) * w]
}

/// A fingerprint per row, so that the search below compares numbers and
/// looks at the cells only where two fingerprints agree. Cheap rather than
/// strong (rows that agree are compared cell by cell): a cell's symbol
/// bytes, colours and modifiers folded in.
fn fingerprints(b: &Buffer, w: usize, h: usize) -> Vec<u64> {
    (0..h)
        .map(|y| {
            row(b, w, y).iter().fold(0u64, |acc, c| {
                let mut word = [0u8; 8];
                let symbol = c.symbol().as_bytes();
                let n = symbol.len().min(4);
                word[..n].copy_from_slice(&symbol[..n]);
                word[4] = colour_code(c.fg);
                word[5] = colour_code(c.bg);
                word[6..8].copy_from_slice(&c.modifier.bits().to_le_bytes());
                (acc.rotate_left(5) ^ u64::from_le_bytes(word))
                    .wrapping_mul(0x51_7c_c1_b7_27_22_0a_95)
            })
        })
        .collect()
}

/// A colour as one byte (the 16 named ones apart; others by their value).
fn colour_code(c: Color) -> u8 {
    match c {
        Color::Reset => 0,
        Color::Black => 1,
        Color::Red => 2,
        Color::Green => 3,
        Color::Yellow => 4,
        Color::Blue => 5,
        Color::Magenta => 6,
        Color::Cyan => 7,
        Color::Gray => 8,
        Color::DarkGray => 9,
        Color::LightRed => 10,
        Color::LightGreen => 11,
        Color::LightYellow => 12,
        Color::LightBlue => 13,
        Color::LightMagenta => 14,
        Color::LightCyan => 15,
        Color::White => 16,
        Color::Indexed(i) => i,
        Color::Rgb(r, g, b) => r ^ g.rotate_left(3) ^ b.rotate_left(6),
    }
}

/// The scroll that saves the most: the longest run of rows of `new` that
/// equal rows of `old` moved by the same amount, counted only where a row
/// is not already in place (`changed`); worth it from three rows.
pub fn find_scroll(old: &Buffer, new: &Buffer, changed: &[bool]) -> Option<Scroll> {
    let w = usize::from(new.area.width);
    let h = usize::from(new.area.height);
    if w == 0 || h < 4 || old.area != new.area || changed.len() != h {
        return None;
    }
    if changed.iter().filter(|c| **c).count() < 3 {
        return None;
    }
    let (old_prints, new_prints) = (fingerprints(old, w, h), fingerprints(new, w, h));
    let blank: Vec<bool> = (0..h)
        .map(|y| row(new, w, y).iter().all(|c| *c == Cell::default()))
        .collect();
    let same = |y: usize, source: usize| {
        !blank[y] && new_prints[y] == old_prints[source] && row(new, w, y) == row(old, w, source)
    };
    let mut best: Option<(usize, Scroll)> = None;
    for shift in 1..h as i32 {
        for k in [shift, -shift] {
            let mut run_start = None;
            let mut gain = 0;
            for y in 0..=h {
                let source = y as i32 + k;
                if y < h && (0..h as i32).contains(&source) && same(y, source as usize) {
                    run_start.get_or_insert(y);
                    if changed.get(y).copied().unwrap_or(false) {
                        gain += 1;
                    }
                    continue;
                }
                if let Some(start) = run_start.take() {
                    let end = y - 1;
                    let (top, bottom) = if k > 0 {
                        (start, end + k as usize)
                    } else {
                        (start - k.unsigned_abs() as usize, end)
                    };
                    if gain >= 3 && best.is_none_or(|(g, _)| gain > g) {
                        best = Some((
                            gain,
                            Scroll {
                                top: top as u16,
                                bottom: bottom as u16,
                                shift: k,
                            },
                        ));
                    }
                }
                gain = 0;
            }
        }
    }
    best.map(|(_, s)| s)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::layout::Rect;

    fn lines(rows: &[&str]) -> Buffer {
        let mut b = Buffer::empty(Rect::new(0, 0, 8, rows.len() as u16));
        for (y, r) in rows.iter().enumerate() {
            b.set_string(0, y as u16, r, ratatui::style::Style::new());
        }
        b
    }

    #[test]
    fn applying_a_scroll_moves_rows_and_blanks_the_new_ones() {
        let mut b = lines(&["a", "b", "c", "d", "e"]);
        Scroll {
            top: 1,
            bottom: 3,
            shift: 1,
        }
        .apply(&mut b);
        assert_eq!(b, lines(&["a", "c", "d", "", "e"]));
        Scroll {
            top: 0,
            bottom: 4,
            shift: -2,
        }
        .apply(&mut b);
        assert_eq!(b, lines(&["", "", "a", "c", "d"]));
    }

    #[test]
    fn four_rows_moved_up_by_one_are_one_scroll() {
        let old = lines(&["t", "1", "2", "3", "4", "5", "s"]);
        let new = lines(&["t", "2", "3", "4", "5", "6", "s"]);
        let changed: Vec<bool> = (0..7).map(|y| (1..=5).contains(&y)).collect();
        assert_eq!(
            find_scroll(&old, &new, &changed),
            Some(Scroll {
                top: 1,
                bottom: 5,
                shift: 1
            })
        );
    }
}
