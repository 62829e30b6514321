//! Where things go on the screen, for a terminal size: the regions of every
//! screen, Entry's columns, the Matrix's widths, and how many rows each
//! list shows. `update` pages and scrolls with these numbers and the views
//! draw with them, so the two cannot disagree (a page is what is shown).

use ratatui::layout::{Rect, Size};

/// The regions of every screen: a title row, the body, the footer of key
/// hints and the status line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Regions {
    pub title: Rect,
    pub body: Rect,
    pub footer: Rect,
    pub status: Rect,
}

pub fn regions(area: Rect) -> Regions {
    let row = |y: u16| Rect::new(area.x, y, area.width, 1.min(area.height));
    let body_h = area.height.saturating_sub(3);
    Regions {
        title: row(area.y),
        body: Rect::new(area.x, area.y + 1.min(area.height), area.width, body_h),
        footer: row(area.bottom().saturating_sub(2)),
        status: row(area.bottom().saturating_sub(1)),
    }
}

pub fn regions_for(size: Size) -> Regions {
    regions(Rect::new(0, 0, size.width, size.height))
}

/// Rows inside the body's border (the bordered screens).
fn inner_rows(size: Size) -> usize {
    usize::from(regions_for(size).body.height.saturating_sub(2))
}

/// At least one row: a page never stands still.
fn page(rows: usize) -> usize {
    rows.max(1)
}

// Provinces: the filter line and the header above the list.

/// Provinces shown at once (and a page of them).
pub fn province_rows(size: Size) -> usize {
    page(inner_rows(size).saturating_sub(2))
}

// Entry: a header line above the rows.

/// Entry rows (groups and indicators) shown at once.
pub fn entry_rows(size: Size) -> usize {
    page(inner_rows(size).saturating_sub(1))
}

/// Entry's column widths for an inner width.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EntryColumns {
    pub mark: u16,
    pub name: u16,
    pub unit: u16,
    pub number: u16,
    pub pct: u16,
    pub change: u16,
}

impl EntryColumns {
    pub fn for_width(w: u16) -> EntryColumns {
        let (number, pct, change, mark) = (10, 6, 9, 2);
        let gaps = 6;
        let fixed = mark + 3 * number + pct + change + gaps;
        let unit = if w >= fixed + 9 + 14 { 9 } else { 0 };
        EntryColumns {
            mark,
            name: w.saturating_sub(fixed + unit),
            unit,
            number,
            pct,
            change,
        }
    }

    /// x offsets (relative) of: name, unit, plan, actual, pct, last year, change.
    pub fn xs(&self) -> [u16; 7] {
        let name = self.mark;
        let unit = name + self.name + 1;
        let plan = unit + self.unit + u16::from(self.unit > 0);
        let actual = plan + self.number + 1;
        let pct = actual + self.number + 1;
        let last = pct + self.pct + 1;
        let change = last + self.number + 1;
        [name, unit, plan, actual, pct, last, change]
    }
}

// Matrix: the current indicator's name, the header, the province rows, and
// the cluster row; frozen province and rank columns, indicator columns.

pub const MATRIX_NAME_W: u16 = 13;
pub const MATRIX_RANK_W: u16 = 5;
pub const MATRIX_COL_W: u16 = 10;

/// How many indicator columns fit, starting at `offset` of `total`.
pub fn matrix_columns(size: Size, offset: usize, total: usize) -> usize {
    let inner = regions_for(size).body.width.saturating_sub(2);
    let room = inner.saturating_sub(MATRIX_NAME_W + MATRIX_RANK_W);
    usize::from(room / (MATRIX_COL_W + 1)).min(total.saturating_sub(offset))
}

// Help lists lines; History has a header line above its entries.

pub fn help_rows(size: Size) -> usize {
    page(inner_rows(size))
}

pub fn history_rows(size: Size) -> usize {
    page(inner_rows(size).saturating_sub(1))
}

// Review screens: no border; `headings` lines above a table and its header.

/// Table rows shown below `headings` heading lines and the column header.
pub fn review_rows(size: Size, headings: u16) -> usize {
    let body = regions_for(size).body.height;
    page(usize::from(body.saturating_sub(headings + 1)))
}

/// How a review table is laid out on screen: columns pinned on the left
/// and right while the others scroll, and the first column's least width.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TablePins {
    pub left: usize,
    pub right: usize,
    pub min_first: usize,
}

pub const SUMMARY_PINS: TablePins = TablePins {
    left: 1,
    right: 0,
    min_first: 26,
};
pub const RANKING_PINS: TablePins = TablePins {
    left: 2,
    right: 0,
    min_first: 4,
};
pub const SCORE_PINS: TablePins = TablePins {
    left: 2,
    right: 1,
    min_first: 4,
};
pub const AWARDS_PINS: TablePins = TablePins {
    left: 1,
    right: 2,
    min_first: 22,
};
