//! Help: every key of every mode, generated from the key table, and at
//! the end where the data is, in full.

use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};

use super::paint::{frame_block, put};
use crate::store::Location;
use crate::tui::app::App;
use crate::tui::keys::{self, HelpLine};
use crate::tui::vn::Align;

pub fn render(app: &App, area: Rect, buf: &mut Buffer) -> Option<Position> {
    let inner = frame_block(app, area, "Phím tắt", buf);
    if inner.height == 0 || inner.width < 10 {
        return None;
    }
    let (p, t) = (app.profile(), app.theme());
    let visible = usize::from(inner.height);
    let key_w = 22.min(inner.width / 2);
    let lines = keys::help_lines();
    // After the keys, where the data is in full (the status line has only
    // its short form).
    let location = match &app.data().location {
        Location::Local(_) => format!("Cơ sở dữ liệu: {}", app.data().location),
        Location::Server { .. } => format!("Dữ liệu qua {}", app.data().location),
    };
    for (i, line) in lines
        .iter()
        .map(Some)
        .chain(std::iter::once(None))
        .skip(app.help_offset())
        .take(visible)
        .enumerate()
    {
        let y = inner.y + i as u16;
        match line {
            None => put(
                buf,
                p,
                Rect::new(inner.x, y, inner.width, 1),
                &location,
                Align::Left,
                t.dim(),
            ),
            Some(HelpLine::Heading(title)) => put(
                buf,
                p,
                Rect::new(inner.x, y, inner.width, 1),
                title,
                Align::Left,
                t.group(),
            ),
            Some(HelpLine::Keys(keys, label)) => {
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
