//! The title row (screen, province, period, cluster), the footer of key
//! hints generated from the key table, and the status line (the question
//! or last message, where the data is).

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use super::figure;
use super::paint::put;
use crate::store::Location;
use crate::tui::app::{App, Level, Screen};
use crate::tui::keys::{self, Mode};
use crate::tui::vn::Align;

pub fn title(app: &App, area: Rect, buf: &mut Buffer) {
    let mut left = format!("{} · Kỳ {}", app.screen().title(), app.data().period);
    if matches!(app.screen(), Screen::Entry)
        && let Some(p) = app.entry_province()
    {
        left = format!(
            "{} · {} · Kỳ {}",
            app.screen().title(),
            p.name,
            app.data().period
        );
    }
    let lw = app.profile().width(&left) as u16;
    put(
        buf,
        app.profile(),
        Rect::new(area.x, area.y, lw.min(area.width), 1),
        &left,
        Align::Left,
        app.theme().header(),
    );
    let rest = area.width.saturating_sub(lw + 2);
    // A figure too wide for its cell (shown `###` there) is read here whole.
    let (right, style) = match figure::selected_overflow(app) {
        Some(whole) => (format!("Số trong ô: {whole}"), app.theme().header()),
        None => (app.data().cluster.name.clone(), app.theme().dim()),
    };
    if rest > 8 {
        put(
            buf,
            app.profile(),
            Rect::new(area.right() - rest, area.y, rest, 1),
            &right,
            Align::Right,
            style,
        );
    }
}

/// The footer shows the table's hints; while a cell is edited it keeps the
/// table's line (the edit keys Enter/Tab/Esc are on it), so starting and
/// finishing an edit does not rewrite the footer.
pub fn footer_mode(app: &App) -> Mode {
    match app.mode() {
        Mode::Edit if matches!(app.screen(), Screen::Review(_)) => Mode::Review,
        Mode::Edit => Mode::Table,
        m => m,
    }
}

pub fn footer(app: &App, area: Rect, buf: &mut Buffer) {
    let mode = footer_mode(app);
    let mut text = String::new();
    for (keys, label) in keys::hints(mode) {
        if !text.is_empty() {
            text.push_str("  ");
        }
        text.push_str(&keys);
        text.push(' ');
        text.push_str(label);
    }
    put(
        buf,
        app.profile(),
        area,
        &text,
        Align::Left,
        app.theme().dim(),
    );
}

/// The status line: the question or message first, the whole width if
/// it needs it; the location in its short form at the right end where the
/// message leaves room (the full path is on the Help screen's frame).
pub fn status_line(app: &App, area: Rect, buf: &mut Buffer) {
    let p = app.profile();
    let (text, style) = if let Some(q) = app.pending() {
        (q.question().to_string(), app.theme().error())
    } else {
        match app.message() {
            Some(m) => {
                let style = match m.level {
                    Level::Info => app.theme().text(),
                    Level::Saved => app.theme().ok(),
                    Level::Error => app.theme().error(),
                };
                let mark = match m.level {
                    Level::Saved => format!("{} ", p.symbols().saved),
                    _ => String::new(),
                };
                (format!("{mark}{}", m.text), style)
            }
            None => (String::new(), app.theme().text()),
        }
    };
    // Only the text is styled; the rest of the line stays plain, so a new
    // message does not repaint blank cells.
    let text_w = (p.width(&text) as u16).min(area.width);
    put(
        buf,
        p,
        Rect::new(area.x, area.y, text_w, 1),
        &text,
        Align::Left,
        style,
    );
    let place = short_location(&app.data().location);
    let place_w = p.width(&place) as u16;
    let room = area.width - text_w;
    let (gap, place_w) = if place_w + 2 <= room {
        (room - place_w, place_w)
    } else {
        (room, 0)
    };
    put(
        buf,
        p,
        Rect::new(area.x + text_w, area.y, gap, 1),
        "",
        Align::Left,
        app.theme().text(),
    );
    if place_w > 0 {
        let style = match &app.data().location {
            Location::Server {
                connected: false, ..
            } => app.theme().error(),
            _ => app.theme().dim(),
        };
        put(
            buf,
            p,
            Rect::new(area.right() - place_w, area.y, place_w, 1),
            &place,
            Align::Right,
            style,
        );
    }
}

/// Where the data is, in a few columns: `máy chủ tnb`, `mất kết nối`,
/// `CSDL tnb` (the database directory's name).
pub fn short_location(location: &Location) -> String {
    let name = |path: &std::path::Path| {
        path.file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
    };
    match location {
        Location::Server {
            connected: false, ..
        } => "mất kết nối".to_string(),
        Location::Server { socket, .. } => {
            let db = socket.parent().map(name).unwrap_or_default();
            format!("máy chủ {db}").trim_end().to_string()
        }
        Location::Local(path) => format!("CSDL {}", name(path)),
    }
}
