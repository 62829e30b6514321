//! A table on screen: the same `Table` that is copied and printed, drawn
//! with widths measured by the text layer and text shown through the
//! terminal profile. Wide tables keep their first column(s) and their last
//! (totals) column(s) in place and scroll the columns between; arrows in
//! the header say that columns are hidden on that side.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::widgets::Widget;

use crate::io::table::{Row, Table};
use crate::tui::app::App;
use crate::tui::layout::TablePins;
use crate::tui::theme::Theme;
use crate::tui::views::paint::draw_shown;
use crate::tui::vn::{self, Align, Profile};

/// Widest a column other than the first may grow to on screen.
const MAX_COLUMN: usize = 24;
/// Widest the first (name) column may grow to on screen.
const MAX_FIRST: usize = 60;

pub struct Grid<'a> {
    table: &'a Table,
    profile: &'a Profile,
    theme: Theme,
    /// Selected data row (group headings are not counted).
    selected: Option<usize>,
    /// First scrolling column shown (0 = the first after the pinned left).
    col_offset: usize,
    pinned_left: usize,
    pinned_right: usize,
    /// The first column keeps at least this width before columns scroll.
    min_first: usize,
}

/// Which columns are drawn and how wide.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GridLayout {
    pub columns: Vec<(usize, usize)>,
    pub hidden_left: bool,
    pub hidden_right: bool,
}

impl<'a> Grid<'a> {
    /// `table` drawn with the application's profile and theme, its columns
    /// pinned as `pins` says; nothing selected, not scrolled.
    pub fn new(app: &'a App, table: &'a Table, pins: TablePins) -> Self {
        Grid {
            table,
            profile: app.profile(),
            theme: app.theme(),
            selected: None,
            col_offset: 0,
            pinned_left: pins.left,
            pinned_right: pins.right,
            min_first: pins.min_first,
        }
    }

    /// With data row `row` selected.
    pub fn selected(self, row: usize) -> Self {
        Grid {
            selected: Some(row),
            ..self
        }
    }

    /// With the scrolling columns started at `col`.
    pub fn scrolled(self, col: usize) -> Self {
        Grid {
            col_offset: col,
            ..self
        }
    }

    pub fn layout(&self, width: usize) -> GridLayout {
        let n = self.table.columns.len();
        let natural: Vec<usize> = self
            .natural_widths()
            .into_iter()
            .enumerate()
            .map(|(i, w)| w.min(if i == 0 { MAX_FIRST } else { MAX_COLUMN }))
            .collect();
        if n == 0 {
            return GridLayout {
                columns: Vec::new(),
                hidden_left: false,
                hidden_right: false,
            };
        }
        let left_n = self.pinned_left.clamp(1, n);
        let right_n = self.pinned_right.min(n - left_n);
        let middle: Vec<usize> = (left_n..n - right_n).collect();
        let right: Vec<usize> = (n - right_n..n).collect();
        let others: usize = (1..n).map(|i| natural[i] + 1).sum();
        // Everything fits: the first column takes what is left, up to its width.
        if natural[0] + others <= width {
            return GridLayout {
                columns: (0..n).map(|i| (i, natural[i])).collect(),
                hidden_left: false,
                hidden_right: false,
            };
        }
        if width >= others + self.min_first.min(natural[0]) {
            let mut columns: Vec<(usize, usize)> = (0..n).map(|i| (i, natural[i])).collect();
            columns[0].1 = width - others;
            return GridLayout {
                columns,
                hidden_left: false,
                hidden_right: false,
            };
        }
        let pinned: usize = (1..left_n)
            .chain(right.iter().copied())
            .map(|i| natural[i] + 1)
            .sum();
        let mut first = self.min_first.min(natural[0]);
        // Without pinned right columns, the last column is kept for the arrow
        // that says more columns follow.
        let reserve = usize::from(right_n == 0);
        let mut budget = width.saturating_sub(first + pinned + reserve);
        let offset = self.col_offset.min(middle.len().saturating_sub(1));
        let mut shown_middle = Vec::new();
        for &i in &middle[offset..] {
            if natural[i] + 1 > budget {
                break;
            }
            budget -= natural[i] + 1;
            shown_middle.push(i);
        }
        first = (first + budget).min(natural[0]).max(1);
        if first + pinned > width {
            first = width.saturating_sub(pinned).max(1);
        }
        let mut columns = vec![(0, first)];
        columns.extend((1..left_n).map(|i| (i, natural[i])));
        let last_shown = shown_middle.last().copied();
        columns.extend(shown_middle.iter().map(|&i| (i, natural[i])));
        columns.extend(right.iter().map(|&i| (i, natural[i])));
        GridLayout {
            columns,
            hidden_left: offset > 0,
            hidden_right: match last_shown {
                Some(l) => middle.last().is_some_and(|m| *m > l),
                None => !middle.is_empty(),
            },
        }
    }
}

impl Grid<'_> {
    /// Each column's widest text as the terminal draws it (the table's own
    /// widths, but where `đ` takes two columns).
    fn natural_widths(&self) -> Vec<usize> {
        if !self.profile.wide_letters() {
            return self.table.widths();
        }
        let p = self.profile;
        let mut w: Vec<usize> = self
            .table
            .columns
            .iter()
            .map(|c| p.width(&c.header))
            .collect();
        for row in &self.table.rows {
            if let Row::Cells(cells) = row {
                for (i, cell) in cells.iter().enumerate().take(w.len()) {
                    w[i] = w[i].max(p.width(cell));
                }
            }
        }
        w
    }
}

fn put(buf: &mut Buffer, profile: &Profile, x: u16, y: u16, w: usize, text: &str, style: Style) {
    draw_shown(buf, profile, x, y, text, w, style);
}

impl Widget for Grid<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let area = area.intersection(buf.area);
        if area.width == 0 || area.height == 0 {
            return;
        }
        let layout = self.layout(usize::from(area.width));
        let symbols = self.profile.symbols();
        let bold = self.theme.table_header();
        let pinned_left = self.pinned_left.max(1);
        let n = self.table.columns.len();
        let first_right = n.saturating_sub(self.pinned_right);
        // Header, with arrows where columns are hidden.
        let mut x = area.x;
        let shown = layout.columns.len();
        let right_pos = shown.saturating_sub(n - first_right);
        for (k, (i, w)) in layout.columns.iter().enumerate() {
            if k > 0 {
                let sep = if layout.hidden_left && k == pinned_left {
                    symbols.arrow_left
                } else if layout.hidden_right && k == right_pos && n > first_right {
                    symbols.arrow_right
                } else {
                    " "
                };
                put(buf, self.profile, x, area.y, 1, sep, bold);
                x = x.saturating_add(1);
            }
            let col = &self.table.columns[*i];
            let text = self.profile.fit(&col.header, *w, col.align);
            put(buf, self.profile, x, area.y, *w, &text, bold);
            x = x.saturating_add(*w as u16);
        }
        if layout.hidden_right && self.pinned_right == 0 && x < area.right() {
            put(buf, self.profile, x, area.y, 1, symbols.arrow_right, bold);
        }
        // Rows: keep the selected one in view.
        let visible = usize::from(area.height - 1);
        let selected_pos = self.selected.and_then(|s| {
            self.table
                .rows
                .iter()
                .enumerate()
                .filter(|(_, r)| matches!(r, Row::Cells(_)))
                .nth(s)
                .map(|(pos, _)| pos)
        });
        let offset = match selected_pos {
            Some(p) if p >= visible => p + 1 - visible,
            _ => 0,
        };
        // The first column's names, cut so that a base and its variants
        // ("Kim ngạch xuất khẩu", "… đạt % kế hoạch") stay apart.
        let first_width = layout.columns.first().map_or(0, |c| c.1);
        let names: Vec<&str> = self
            .table
            .rows
            .iter()
            .filter_map(|r| match r {
                Row::Cells(cells) => Some(cells.first().map_or("", String::as_str)),
                Row::Group(_) => None,
            })
            .collect();
        let first_labels = vn::distinct_cuts(&names, first_width);
        let mut data_index = self.table.rows[..offset]
            .iter()
            .filter(|r| matches!(r, Row::Cells(_)))
            .count();
        for (k, row) in self.table.rows[offset..].iter().take(visible).enumerate() {
            let y = area.y + 1 + k as u16;
            match row {
                Row::Group(g) => {
                    let text = self.profile.fit(g, usize::from(area.width), Align::Left);
                    put(
                        buf,
                        self.profile,
                        area.x,
                        y,
                        usize::from(area.width),
                        &text,
                        self.theme.table_group(),
                    );
                }
                Row::Cells(cells) => {
                    let style = if self.selected == Some(data_index) {
                        self.theme.table_selected()
                    } else {
                        self.theme.text()
                    };
                    let mut x = area.x;
                    for (k, (i, w)) in layout.columns.iter().enumerate() {
                        if k > 0 {
                            put(buf, self.profile, x, y, 1, " ", style);
                            x = x.saturating_add(1);
                        }
                        let align = self.table.columns[*i].align;
                        let cell = match (*i, first_labels.get(data_index)) {
                            (0, Some(label)) => label.as_str(),
                            _ => cells.get(*i).map(String::as_str).unwrap_or(""),
                        };
                        // A figure that does not fit is `###`, never cut:
                        // `123.456.7…` reads as another number.
                        let text = if align == Align::Right && self.profile.width(cell) > *w {
                            "#".repeat(*w)
                        } else {
                            self.profile.fit(cell, *w, align)
                        };
                        put(buf, self.profile, x, y, *w, &text, style);
                        x = x.saturating_add(*w as u16);
                    }
                    data_index += 1;
                }
            }
        }
    }
}
