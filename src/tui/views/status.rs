//! The title row (screen, province, period, cluster), the footer of key
//! hints generated from the key table, and the status line (saved state,
//! last message, database).

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use super::figure;
use super::paint::put;
use crate::store::Location;
use crate::tui::app::{App, Level, Pending, Screen};
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

pub fn status_line(app: &App, area: Rect, buf: &mut Buffer) {
    let db = match &app.data().location {
        Location::Local(_) => format!("CSDL: {}", app.data().location),
        Location::Server { .. } => app.data().location.to_string(),
    };
    let (text, style) = if let Some(Pending::Clear(_)) = app.pending() {
        (
            "Xoá giá trị ô này? Enter: xoá · Esc: thôi".to_string(),
            app.theme().error(),
        )
    } else {
        match app.message() {
            Some(m) => {
                let style = match m.level {
                    Level::Info => app.theme().text(),
                    Level::Saved => app.theme().ok(),
                    Level::Error => app.theme().error(),
                };
                let mark = match m.level {
                    Level::Saved => format!("{} ", app.profile().symbols().saved),
                    _ => String::new(),
                };
                (format!("{mark}{}", m.text), style)
            }
            None => (String::new(), app.theme().text()),
        }
    };
    // An error gets the whole line; otherwise the database is on the right.
    let is_error = app.pending().is_some()
        || app
            .message()
            .as_ref()
            .is_some_and(|m| m.level == Level::Error);
    let dbw = if is_error {
        0
    } else {
        (app.profile().width(&db) as u16).min(area.width / 3)
    };
    let left_w = area.width.saturating_sub(dbw + 1);
    // Only the text is styled; the rest of the line stays plain, so a new
    // message does not repaint blank cells.
    let text_w = (app.profile().width(&text) as u16).min(left_w);
    put(
        buf,
        app.profile(),
        Rect::new(area.x, area.y, text_w, 1),
        &text,
        Align::Left,
        style,
    );
    put(
        buf,
        app.profile(),
        Rect::new(area.x + text_w, area.y, left_w - text_w, 1),
        "",
        Align::Left,
        app.theme().text(),
    );
    if dbw > 0 {
        put(
            buf,
            app.profile(),
            Rect::new(area.right() - dbw, area.y, dbw, 1),
            &db,
            Align::Right,
            app.theme().dim(),
        );
    }
}
