//! Provinces: the members in Vietnamese alphabetical order, each with its
//! completeness for the period; typing filters (accent-free).

use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};

use super::paint::{frame_block, input_field, put, put_selected};
use crate::tui::app::App;
use crate::tui::vn::Align;

const CODE_W: u16 = 4;
const DONE_W: u16 = 11;

pub fn render(app: &App, area: Rect, buf: &mut Buffer) -> Option<Position> {
    let list = app.filtered_provinces();
    let title = format!("Các tỉnh ({}/{})", list.len(), app.data().provinces.len());
    let inner = frame_block(app, area, &title, buf);
    if inner.height == 0 || inner.width < 10 {
        return None;
    }
    let label = "Tìm: ";
    let lw = app.profile().width(label) as u16;
    put(
        buf,
        app.profile(),
        Rect::new(inner.x, inner.y, lw, 1),
        label,
        Align::Left,
        app.theme().header(),
    );
    let field = Rect::new(inner.x + lw, inner.y, inner.width.saturating_sub(lw), 1);
    let cursor = input_field(
        buf,
        app.profile(),
        field,
        &app.provinces().filter,
        app.theme().text(),
    );

    let rows_area = Rect::new(
        inner.x,
        inner.y + 1,
        inner.width,
        inner.height.saturating_sub(1),
    );
    if rows_area.height == 0 {
        return cursor;
    }
    // Header.
    let name_w = rows_area.width.saturating_sub(CODE_W + DONE_W + 2);
    let y = rows_area.y;
    let h = app.theme().header();
    put(
        buf,
        app.profile(),
        Rect::new(rows_area.x, y, 2, 1),
        "",
        Align::Left,
        h,
    );
    put(
        buf,
        app.profile(),
        Rect::new(rows_area.x + 2, y, name_w, 1),
        "Tỉnh",
        Align::Left,
        h,
    );
    put(
        buf,
        app.profile(),
        Rect::new(rows_area.x + 2 + name_w, y, CODE_W, 1),
        "Mã",
        Align::Left,
        h,
    );
    put(
        buf,
        app.profile(),
        Rect::new(rows_area.x + 2 + name_w + CODE_W, y, DONE_W, 1),
        "Đã báo cáo",
        Align::Right,
        h,
    );
    let visible = usize::from(rows_area.height.saturating_sub(1));
    if visible == 0 {
        return cursor;
    }
    let selected = app.provinces().selected;
    let offset = selected.saturating_sub(visible - 1);
    if list.is_empty() {
        put(
            buf,
            app.profile(),
            Rect::new(rows_area.x + 2, y + 1, name_w, 1),
            "Không có tỉnh nào khớp",
            Align::Left,
            app.theme().dim(),
        );
    }
    let expected = app.data().expected_indicators();
    for (i, p) in list.iter().enumerate().skip(offset).take(visible) {
        let y = y + 1 + (i - offset) as u16;
        let done = app
            .data()
            .figures
            .completeness_among(&expected, app.data().period, &p.code);
        let name_area = Rect::new(rows_area.x + 2, y, name_w, 1);
        if i == selected {
            put_selected(
                buf,
                app.profile(),
                name_area,
                &p.name,
                Align::Left,
                app.theme().text(),
                app.theme().selected(),
            );
        } else {
            put(
                buf,
                app.profile(),
                name_area,
                &p.name,
                Align::Left,
                app.theme().text(),
            );
        }
        put(
            buf,
            app.profile(),
            Rect::new(rows_area.x + 2 + name_w, y, CODE_W, 1),
            &p.code,
            Align::Left,
            app.theme().dim(),
        );
        put(
            buf,
            app.profile(),
            Rect::new(rows_area.x + 2 + name_w + CODE_W, y, DONE_W, 1),
            &done.to_string(),
            Align::Right,
            app.theme().derived(),
        );
    }
    cursor
}
