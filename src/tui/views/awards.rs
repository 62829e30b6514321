//! Awards annex: award types in the order of the report's awards paragraph
//! × provinces, with the provinces' sum and, beside it, the total reported
//! for the cluster (`*` where they differ).

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::Widget;

use super::grid::Grid;
use super::review::TableState;
use super::summary::{below, heading};
use crate::io::review_tables;
use crate::model::PeriodData;
use crate::model::awards::awards_annex;
use crate::text::profile::Profile;

pub struct AwardsView<'a> {
    pub data: PeriodData<'a>,
    pub state: &'a TableState,
    pub profile: &'a Profile,
}

impl Widget for &AwardsView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let area = area.intersection(buf.area);
        let d = self.data;
        let table = review_tables::awards(&awards_annex(d.cluster, d.figures, d.period));
        heading(buf, self.profile, area, &table.title);
        let body = below(area, 1);
        let rows = (table.rows.len() + 1) as u16;
        let grid_area = Rect::new(body.x, body.y, body.width, body.height.min(rows));
        let grid = Grid {
            table: &table,
            profile: self.profile,
            selected: Some(self.state.row),
            col_offset: self.state.col,
            pinned_left: 1,
            pinned_right: 2,
            min_first: 22,
        };
        (&grid).render(grid_area, buf);
        // The legend, where there is room for it.
        let rest = below(body, grid_area.height + 1);
        for (i, note) in table.notes.iter().enumerate() {
            if (i as u16) < rest.height {
                let line = Rect::new(rest.x, rest.y + i as u16, rest.width, 1);
                super::summary::heading_plain(buf, self.profile, line, note);
            }
        }
    }
}
