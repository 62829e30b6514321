//! Help: every key of every mode, generated from the key table.

use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};

use super::{frame_block, put};
use crate::tui::app::App;
use crate::tui::keys::{self, Mode};
use crate::tui::vn::Align;

/// The lines of Help: (is heading, keys, label).
pub fn lines() -> Vec<(bool, String, &'static str)> {
    let mut out = Vec::new();
    for mode in Mode::ALL {
        out.push((true, String::new(), mode.title()));
        for b in keys::bindings(mode) {
            out.push((false, keys::keys_text(b), b.label));
        }
    }
    out
}

pub fn render(app: &App, area: Rect, buf: &mut Buffer) -> Option<Position> {
    let inner = frame_block(app, area, "Phím tắt", buf);
    if inner.height == 0 || inner.width < 10 {
        return None;
    }
    let all = lines();
    let visible = usize::from(inner.height);
    let offset = app.help_scroll.min(all.len().saturating_sub(visible));
    let key_w = 22.min(inner.width / 2);
    for (i, (heading, keys, label)) in all.iter().skip(offset).take(visible).enumerate() {
        let y = inner.y + i as u16;
        if *heading {
            put(
                buf,
                &app.profile,
                Rect::new(inner.x, y, inner.width, 1),
                label,
                Align::Left,
                app.theme.group(),
            );
        } else {
            put(
                buf,
                &app.profile,
                Rect::new(inner.x + 2, y, key_w, 1),
                keys,
                Align::Left,
                app.theme.header(),
            );
            put(
                buf,
                &app.profile,
                Rect::new(
                    inner.x + 2 + key_w,
                    y,
                    inner.width.saturating_sub(2 + key_w),
                    1,
                ),
                label,
                Align::Left,
                app.theme.text(),
            );
        }
    }
    None
}
