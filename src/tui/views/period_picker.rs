//! Period picker: the periods that hold figures, or a typed one (`2021-H2`).

use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};

use super::paint::{frame_block, input_field, put};
use crate::tui::app::App;
use crate::tui::vn::Align;

pub fn render(app: &App, area: Rect, buf: &mut Buffer) -> Option<Position> {
    let inner = frame_block(app, area, "Chọn kỳ", buf);
    if inner.height < 2 || inner.width < 12 {
        return None;
    }
    let p = app.profile();
    let t = app.theme();
    let label = "Gõ kỳ (2021-H2) hoặc chọn: ";
    let lw = (p.width(label) as u16).min(inner.width / 2);
    put(
        buf,
        p,
        Rect::new(inner.x, inner.y, lw, 1),
        label,
        Align::Left,
        t.header(),
    );
    let field = Rect::new(inner.x + lw, inner.y, inner.width - lw, 1);
    let input = &app.picker().input;
    let cursor = input_field(buf, p, field, input, t.text());
    let visible = usize::from(inner.height - 1);
    let sel = app.picker().selected;
    let offset = sel.saturating_sub(visible.saturating_sub(1));
    for (i, period) in app
        .picker()
        .periods
        .iter()
        .enumerate()
        .skip(offset)
        .take(visible)
    {
        let y = inner.y + 1 + (i - offset) as u16;
        let mut text = period.to_string();
        if *period == app.data().period {
            text.push_str("  (đang xem)");
        }
        let style = if i == sel { t.selected() } else { t.text() };
        put(
            buf,
            p,
            Rect::new(inner.x + 2, y, 20.min(inner.width - 2), 1),
            &text,
            Align::Left,
            style,
        );
    }
    cursor
}
