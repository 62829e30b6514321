//! Summary screen: per indicator of the period, the cluster figure by its
//! rule, the figure reported for the cluster (with the difference), % of
//! plan, same period last year and change, and how many provinces reported;
//! grouped as in the report.

use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::widgets::Widget;

use super::grid::Grid;
use super::paint::{below, line};
use crate::io::review_tables;
use crate::tui::app::App;
use crate::tui::layout::SUMMARY_PINS;

pub fn render(app: &App, area: Rect, buf: &mut Buffer) -> Option<Position> {
    let area = area.intersection(buf.area);
    let d = app.data().period_data();
    let table = review_tables::summary(d.cluster, d.figures, d.period);
    line(
        buf,
        app.profile(),
        area,
        &format!("{} — {}", table.title, d.cluster.name),
        app.theme().table_header(),
    );
    let state = &app.review().summary;
    Grid::new(app, &table, SUMMARY_PINS)
        .selected(state.row)
        .scrolled(state.col)
        .render(below(area, 1), buf);
    None
}
