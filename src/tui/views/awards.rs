//! Awards annex: award types in the order of the report's awards paragraph
//! × provinces, with the provinces' sum and, beside it, the total reported
//! for the cluster (`*` where they differ).

use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::widgets::Widget;

use super::grid::Grid;
use super::paint::{below, line};
use crate::io::review_tables;
use crate::model::awards::awards_annex;
use crate::tui::app::App;
use crate::tui::layout::AWARDS_PINS;

pub fn render(app: &App, area: Rect, buf: &mut Buffer) -> Option<Position> {
    let area = area.intersection(buf.area);
    let d = app.data().period_data();
    let table = review_tables::awards(&awards_annex(d.cluster, d.figures, d.period));
    let (p, t) = (app.profile(), app.theme());
    line(buf, p, area, &table.title, t.table_header());
    let body = below(area, 1);
    let rows = (table.rows.len() + 1) as u16;
    let grid_area = Rect::new(body.x, body.y, body.width, body.height.min(rows));
    let state = &app.review().awards;
    Grid::new(app, &table, AWARDS_PINS)
        .selected(state.row)
        .scrolled(state.col)
        .render(grid_area, buf);
    // The legend, where there is room for it.
    let rest = below(body, grid_area.height + 1);
    for (i, note) in table.notes.iter().enumerate() {
        if (i as u16) < rest.height {
            let at = Rect::new(rest.x, rest.y + i as u16, rest.width, 1);
            line(buf, p, at, note, t.text());
        }
    }
    None
}
