//! Score screen: the covenant score (`score_sheet`: the ranking by final
//! score, a unit's score sheet). Where the period's covenant year has no
//! points scale, today's weight-based table: provinces × points per
//! indicator group, total and rank.

use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::widgets::Widget;

use super::grid::Grid;
use super::paint::{below, line};
use crate::io::review_tables;
use crate::model::score::score_table;
use crate::tui::app::App;
use crate::tui::layout::SCORE_PINS;

pub fn render(app: &App, area: Rect, buf: &mut Buffer) -> Option<Position> {
    let area = area.intersection(buf.area);
    let book = &app.covenant_score().book;
    if let Some(error) = &book.error {
        line(buf, app.profile(), area, error, app.theme().error());
        return None;
    }
    if let Some(score) = book.score.as_ref().filter(|s| s.has_scale()) {
        return super::score_sheet::render(app, score, area, buf);
    }
    let state = &app.review().score;
    let (p, t) = (app.profile(), app.theme());
    let data = app.data().period_data();
    let scores = score_table(data.cluster, data.figures, data.period);
    let table = review_tables::score(data.cluster, &scores);
    let title = format!("{} (năm này chưa có thang điểm giao ước)", table.title);
    line(buf, p, area, &title, t.table_header());
    let body = below(area, 1);
    let rows = (table.rows.len() + 1) as u16;
    Grid::new(app, &table, SCORE_PINS)
        .selected(state.table.row)
        .scrolled(state.table.col)
        .render(
            Rect::new(body.x, body.y, body.width, body.height.min(rows)),
            buf,
        );
    let rest = below(body, rows.min(body.height) + 1);
    let note = table.notes.first().map(String::as_str).unwrap_or("");
    line(buf, p, rest, note, t.text());
    None
}
