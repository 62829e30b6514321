//! Help: every key of every mode, generated from the key table; the frame
//! names where the data is in full.

use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};

use super::paint::{frame_block, put};
use crate::store::Location;
use crate::tui::app::App;
use crate::tui::keys::{self, HelpLine};
use crate::tui::vn::Align;

pub fn render(app: &App, area: Rect, buf: &mut Buffer) -> Option<Position> {
    // The status line has only the short form of where the data is.
    let location = match &app.data().location {
        Location::Local(_) => format!("CSDL: {}", app.data().location),
        Location::Server { .. } => app.data().location.to_string(),
    };
    let inner = frame_block(app, area, &format!("Phím tắt · {location}"), buf);
    if inner.height == 0 || inner.width < 10 {
        return None;
    }
    let (p, t) = (app.profile(), app.theme());
    let visible = usize::from(inner.height);
    let key_w = 22.min(inner.width / 2);
    let lines = keys::help_lines();
    for (i, line) in lines
        .iter()
        .skip(app.help_offset())
        .take(visible)
        .enumerate()
    {
        let y = inner.y + i as u16;
        match line {
            HelpLine::Heading(title) => put(
                buf,
                p,
                Rect::new(inner.x, y, inner.width, 1),
                title,
                Align::Left,
                t.group(),
            ),
            HelpLine::Keys(keys, label) => {
                put(
                    buf,
                    p,
                    Rect::new(inner.x + 2, y, key_w, 1),
                    keys,
                    Align::Left,
                    t.header(),
                );
                let label_w = inner.width.saturating_sub(2 + key_w);
                put(
                    buf,
                    p,
                    Rect::new(inner.x + 2 + key_w, y, label_w, 1),
                    label,
                    Align::Left,
                    t.text(),
                );
            }
        }
    }
    None
}
