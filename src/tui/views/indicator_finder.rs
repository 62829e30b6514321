//! Indicator finder (Ctrl+F): a text field and the matching indicators
//! with their units; names cut so that a base and its variants stay apart.

use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};

use super::paint::{frame_block, input_field, put};
use crate::tui::app::App;
use crate::tui::vn::{self, Align};

pub fn render(app: &App, area: Rect, buf: &mut Buffer) -> Option<Position> {
    let inner = frame_block(app, area, "Tìm chỉ tiêu", buf);
    if inner.height < 2 || inner.width < 12 {
        return None;
    }
    let p = app.profile();
    let t = app.theme();
    let matches = app.finder_matches();
    let label = format!("Gõ tên hoặc mã ({} chỉ tiêu): ", matches.len());
    let lw = (p.width(&label) as u16).min(inner.width / 2);
    put(
        buf,
        p,
        Rect::new(inner.x, inner.y, lw, 1),
        &label,
        Align::Left,
        t.header(),
    );
    let field = Rect::new(inner.x + lw, inner.y, inner.width - lw, 1);
    let cursor = input_field(buf, p, field, &app.finder().input, t.text());
    let visible = usize::from(inner.height - 1);
    let sel = app.finder().selected;
    let offset = sel.saturating_sub(visible.saturating_sub(1));
    let names: Vec<&str> = matches
        .iter()
        .filter_map(|&i| app.indicator(i).map(|ind| ind.name.as_str()))
        .collect();
    let unit_w = 12u16.min(inner.width / 4);
    let name_w = inner.width.saturating_sub(unit_w + 3);
    let labels = vn::distinct_cuts(&names, usize::from(name_w));
    for (row, (&i, label)) in matches
        .iter()
        .zip(&labels)
        .enumerate()
        .skip(offset)
        .take(visible)
    {
        let Some(ind) = app.indicator(i) else {
            continue;
        };
        let y = inner.y + 1 + (row - offset) as u16;
        let style = if row == sel { t.selected() } else { t.text() };
        put(
            buf,
            p,
            Rect::new(inner.x + 1, y, name_w + 1, 1),
            label,
            Align::Left,
            style,
        );
        put(
            buf,
            p,
            Rect::new(inner.x + 2 + name_w, y, unit_w, 1),
            &ind.unit,
            Align::Left,
            t.dim(),
        );
    }
    if matches.is_empty() {
        put(
            buf,
            p,
            Rect::new(inner.x + 1, inner.y + 1, inner.width - 1, 1),
            "Không có chỉ tiêu nào khớp",
            Align::Left,
            t.dim(),
        );
    }
    cursor
}
