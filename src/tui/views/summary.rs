//! Summary screen: per indicator of the period, the cluster figure by its
//! rule, the figure reported for the cluster (with the difference), % of
//! plan, same period last year and change, and how many provinces reported;
//! grouped as in the report.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::Widget;

use super::grid::Grid;
use super::review::TableState;
use crate::io::review_tables;
use crate::model::PeriodData;
use crate::text::profile::Profile;

pub struct SummaryView<'a> {
    pub data: PeriodData<'a>,
    pub state: &'a TableState,
    pub profile: &'a Profile,
}

/// A bold heading line cut to the width and shown through the profile.
pub fn heading(buf: &mut Buffer, profile: &Profile, area: Rect, text: &str) {
    if area.height == 0 || area.width == 0 {
        return;
    }
    let w = usize::from(area.width);
    let fitted = crate::text::width::fit(text, w, crate::text::width::Align::Left);
    buf.set_stringn(
        area.x,
        area.y,
        &*profile.show(&fitted),
        w,
        ratatui::style::Style::default().add_modifier(ratatui::style::Modifier::BOLD),
    );
}

/// A plain line of text, cut to the width, shown through the profile.
pub fn heading_plain(buf: &mut Buffer, profile: &Profile, area: Rect, text: &str) {
    if area.height == 0 || area.width == 0 {
        return;
    }
    let w = usize::from(area.width);
    let fitted = crate::text::width::fit(text, w, crate::text::width::Align::Left);
    buf.set_stringn(
        area.x,
        area.y,
        &*profile.show(&fitted),
        w,
        ratatui::style::Style::default(),
    );
}

/// The rows below a heading line.
pub fn below(area: Rect, lines: u16) -> Rect {
    let lines = lines.min(area.height);
    Rect::new(area.x, area.y + lines, area.width, area.height - lines)
}

impl Widget for &SummaryView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let area = area.intersection(buf.area);
        let d = self.data;
        let table = review_tables::summary(d.cluster, d.figures, d.period);
        heading(
            buf,
            self.profile,
            area,
            &format!("{} — {}", table.title, d.cluster.name),
        );
        let grid = Grid {
            table: &table,
            profile: self.profile,
            selected: Some(self.state.row),
            col_offset: self.state.col,
            pinned_left: 1,
            pinned_right: 0,
            min_first: 26,
        };
        (&grid).render(below(area, 1), buf);
    }
}
