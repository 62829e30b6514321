//! The one diff per frame: which rows changed (whole rows compared), and in
//! each changed row which cells to write — the cells ratatui's
//! `Buffer::diff` would give, found without walking the unchanged rows
//! cell by cell (most rows of a frame are unchanged, and the cell walk
//! measures every cell's width).

use ratatui::buffer::{Buffer, Cell, CellDiffOption, CellWidth};
use ratatui::style::{Color, Modifier};

/// Modifiers that show on a blank cell.
const VISIBLE_ON_BLANK: Modifier = Modifier::REVERSED
    .union(Modifier::UNDERLINED)
    .union(Modifier::SLOW_BLINK)
    .union(Modifier::RAPID_BLINK)
    .union(Modifier::CROSSED_OUT);

fn row(b: &Buffer, y: usize) -> &[Cell] {
    let w = usize::from(b.area.width);
    &b.content[y * w..(y + 1) * w]
}

/// Per row of `next`, whether it differs from the same row of `shown`.
pub fn changed_rows(shown: &Buffer, next: &Buffer) -> Vec<bool> {
    (0..usize::from(next.area.height))
        .map(|y| rows_differ(shown, next, y))
        .collect()
}

pub fn rows_differ(shown: &Buffer, next: &Buffer, y: usize) -> bool {
    row(shown, y) != row(next, y)
}

/// The cells to write, row by row (the rows `changed` marks), as
/// `(x, y, cell)` in order.
pub fn changed_cells<'a>(
    shown: &Buffer,
    next: &'a Buffer,
    changed: &[bool],
) -> Vec<(u16, u16, &'a Cell)> {
    let mut out = Vec::new();
    for (y, _) in changed.iter().enumerate().filter(|(_, c)| **c) {
        row_cells(row(shown, y), row(next, y), y as u16, &mut out);
    }
    out
}

fn is_skip(cell: &Cell) -> bool {
    #[allow(deprecated)]
    let skip = cell.skip && matches!(cell.diff_option, CellDiffOption::None);
    skip || matches!(cell.diff_option, CellDiffOption::Skip)
}

/// Columns a cell takes (its forced width where it has one: a `đ` drawn
/// two columns wide); one-byte symbols (ASCII) without asking.
pub fn width(cell: &Cell) -> usize {
    match cell.diff_option {
        CellDiffOption::ForcedWidth(_) => usize::from(cell.cell_width()),
        _ if cell.symbol().len() == 1 => 1,
        _ => usize::from(cell.cell_width()),
    }
}

/// One row's changed cells, with `Buffer::diff`'s rules for wide
/// characters: their trailing columns are skipped; a changed emoji with
/// VS16 also writes the trailing columns whose symbol changed (terminals
/// leave them stale otherwise); a narrow character replacing a wide one
/// whose style shows on blanks rewrites the columns the old one covered.
fn row_cells<'a>(prev: &[Cell], next: &'a [Cell], y: u16, out: &mut Vec<(u16, u16, &'a Cell)>) {
    let len = prev.len().min(next.len());
    let mut x = 0;
    while x < len {
        let (current, previous) = (&next[x], &prev[x]);
        let i = x;
        x += 1;
        if is_skip(current) {
            continue;
        }
        let w = width(current);
        if let CellDiffOption::ForcedWidth(_) = current.diff_option {
            x = i + w.max(1);
            if current != previous {
                out.push((i as u16, y, current));
            }
            continue;
        }
        if matches!(current.diff_option, CellDiffOption::None) && current == previous {
            x += w.saturating_sub(1);
            continue;
        }
        out.push((i as u16, y, current));
        let previous_w = width(previous);
        if w > 1 && current.symbol().contains('\u{FE0F}') {
            x = trailing(prev, next, y, i + 1, (i + w).min(len), false, out);
        } else if w > 1 {
            x += w - 1;
        } else if previous_w > w
            && (previous.bg != Color::Reset || previous.modifier.intersects(VISIBLE_ON_BLANK))
        {
            x = trailing(prev, next, y, i + 1, i + previous_w, true, out);
        }
    }
}

/// The trailing columns `from..end` of a wide character: those whose
/// symbol changed (every one when `force`); returns where to go on.
fn trailing<'a>(
    prev: &[Cell],
    next: &'a [Cell],
    y: u16,
    from: usize,
    end: usize,
    force: bool,
    out: &mut Vec<(u16, u16, &'a Cell)>,
) -> usize {
    let len = prev.len().min(next.len());
    let (mut j, mut end) = (from, end);
    while j < end {
        let cell = &next[j];
        let at = j;
        j += width(cell).max(1);
        end = end.max(j).min(len);
        if !is_skip(cell) && (force || prev[at].symbol() != cell.symbol()) {
            out.push((at as u16, y, cell));
        }
    }
    end
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::layout::Rect;
    use ratatui::style::Style;

    fn buffer(rows: &[&str], style: Style) -> Buffer {
        let w = rows
            .iter()
            .map(|r| crate::text::width::width(r))
            .max()
            .unwrap_or(0);
        let mut b = Buffer::empty(Rect::new(0, 0, w as u16 + 2, rows.len() as u16));
        for (y, r) in rows.iter().enumerate() {
            b.set_string(0, y as u16, r, style);
        }
        b
    }

    /// The same cells as ratatui's own diff, on rows with Vietnamese,
    /// wide characters replacing narrow ones and back, emoji, styles.
    #[test]
    fn the_cells_are_those_of_ratatuis_diff() {
        let before = [
            "Đồng Tháp   1.234,5",
            "中文 abc",
            "abcdef",
            "x😀y",
            "   ",
            "giống nhau",
        ];
        let after = [
            "Đồng Tháp   1.235,5",
            "ab中文c",
            "a中b中",
            "x❤\u{fe0f}y",
            " 中",
            "giống nhau",
        ];
        let reversed = Style::new().add_modifier(Modifier::REVERSED);
        for (old_style, new_style) in [
            (Style::new(), Style::new()),
            (reversed, Style::new()),
            (Style::new(), reversed),
        ] {
            let old = buffer(&before, old_style);
            let new = buffer(&after, new_style);
            let ours = changed_cells(&old, &new, &changed_rows(&old, &new));
            assert_eq!(ours, old.diff(&new));
        }
    }

    #[test]
    fn unchanged_rows_are_not_visited() {
        let old = buffer(&["same", "old"], Style::new());
        let new = buffer(&["same", "new"], Style::new());
        assert_eq!(changed_rows(&old, &new), [false, true]);
        let cells = changed_cells(&old, &new, &[false, true]);
        assert!(cells.iter().all(|c| c.1 == 1));
        assert_eq!(cells.len(), 3);
    }
}
