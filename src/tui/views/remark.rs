//! The comment of a figure being written (Ctrl+N): a text field over the
//! title line, after the cell it is about (`Ghi chú · An Giang · Tốc độ
//! tăng trưởng…:`), so the table and the cell stay as they are.

use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};

use super::paint::{input_field, put};
use crate::tui::app::App;
use crate::tui::vn::Align;

/// Draw the comment field on the title line when one is open; where the
/// text cursor goes.
pub fn title_field(app: &App, area: Rect, buf: &mut Buffer) -> Option<Position> {
    let ed = app.editor().filter(|e| e.comment)?;
    let p = app.profile();
    let data = app.data();
    let unit = data
        .cluster
        .province(&ed.key.province)
        .map_or(ed.key.province.as_str(), |u| u.name.as_str());
    let ind = app.indicator(ed.indicator).map_or("", |i| i.name.as_str());
    let label = format!("Ghi chú · {unit} · {ind}");
    // The label takes at most half the line (cut, then `: `); the field
    // the rest.
    let label_w = (p.width(&label) as u16).min((area.width / 2).saturating_sub(2));
    put(
        buf,
        p,
        Rect::new(area.x, area.y, label_w, 1),
        &label,
        Align::Left,
        app.theme().header(),
    );
    put(
        buf,
        p,
        Rect::new(area.x + label_w, area.y, 2, 1),
        ": ",
        Align::Left,
        app.theme().header(),
    );
    let label_w = label_w + 2;
    let field = Rect::new(area.x + label_w, area.y, area.width - label_w, 1);
    input_field(buf, p, field, &ed.input, app.theme().editing())
}
