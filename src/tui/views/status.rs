//! The title row (screen, province, period, cluster), the footer of key
//! hints generated from the key table, and the status line (the question
//! or last message, where the data is).

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;

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
    if app.data().period_lock().is_some() {
        left.push_str(" · đã chốt số liệu");
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
        // A merged unit's last year: how it was made (F3 lists the parts).
        None => match app.composed_here() {
            Some(c) => (format!("Cùng kỳ: {}", c.remark), app.theme().header()),
            // Else the selected figure's qualifiers and comment, in words.
            None => match figure::selected_remark(app) {
                Some(words) => (words, app.theme().header()),
                None => (app.data().cluster.name.clone(), app.theme().dim()),
            },
        },
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

/// The footer's mode: while a cell is typed it keeps the table's line
/// (the typing keys are on it), so starting and finishing an edit does not
/// rewrite the footer; the weight editor keeps the review screen's.
pub fn footer_mode(app: &App) -> Mode {
    match app.mode() {
        Mode::Edit if matches!(app.screen(), Screen::Review(_)) => Mode::Review,
        Mode::Edit if app.screen() == Screen::Covenant => Mode::Edit,
        // A reason being typed: Enter does it, Esc gives up.
        Mode::Edit if app.typing_reason() => Mode::Confirm,
        Mode::Edit => Mode::Table,
        m => m,
    }
}

/// The footer: the current mode's keys first, as many whole as fit, and
/// at the right end where all the others are (F1). Editing is not offered
/// on a cell the officer may not write.
pub fn footer(app: &App, area: Rect, buf: &mut Buffer) {
    let p = app.profile();
    let mode = footer_mode(app);
    let may_write = match mode {
        Mode::Table => app.editor().is_some() || app.may_edit_here(),
        Mode::Covenant => app.covenant_read_only().is_none(),
        Mode::Filter => app.may_hand_in(),
        _ => true,
    };
    let (more_keys, more_label) = keys::FOOTER_MORE;
    let more = format!("{more_keys} {more_label}");
    let more_w = (p.width(&more) as u16).min(area.width);
    let room = usize::from(area.width - more_w).saturating_sub(2);
    let mut text = String::new();
    for (keys, label) in keys::footer(mode, may_write) {
        let entry = format!("{keys} {label}");
        let sep = if text.is_empty() { "" } else { "  " };
        if p.width(&text) + p.width(sep) + p.width(&entry) > room {
            break;
        }
        text.push_str(sep);
        text.push_str(&entry);
    }
    let dim = app.theme().dim();
    put(
        buf,
        p,
        Rect::new(area.x, area.y, area.width - more_w, 1),
        &text,
        Align::Left,
        dim,
    );
    put(
        buf,
        p,
        Rect::new(area.right() - more_w, area.y, more_w, 1),
        &more,
        Align::Right,
        dim,
    );
}

/// The status line: the question or message first, the whole width if
/// it needs it; the location in its short form at the right end where the
/// message leaves room (the full path is on the Help screen's frame).
pub fn status_line(app: &App, area: Rect, buf: &mut Buffer) {
    let p = app.profile();
    let (text, style) = status_text(app);
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

/// The question waiting, or the last message, with its style.
fn status_text(app: &App) -> (String, Style) {
    if let Some(q) = app.pending() {
        return (q.question().to_string(), app.theme().error());
    }
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
}

/// A message longer than the status line takes the footer's line too,
/// broken between words, until the next one: drawn there (true), or
/// nothing drawn (false: the footer and the status line as usual).
pub fn long_message(app: &App, footer: Rect, status: Rect, buf: &mut Buffer) -> bool {
    let p = app.profile();
    let (text, style) = status_text(app);
    let width = usize::from(status.width);
    if p.width(&text) <= width || footer.height == 0 {
        return false;
    }
    // The last space before the line is full (or a hard cut without one).
    let mut split = 0;
    for (i, c) in text.char_indices() {
        if p.width(&text[..i]) > width {
            break;
        }
        if c == ' ' {
            split = i;
        }
    }
    if split == 0 {
        split = text
            .char_indices()
            .map(|(i, _)| i)
            .take_while(|&i| p.width(&text[..i]) <= width)
            .last()
            .unwrap_or(0);
    }
    let (first, rest) = text.split_at(split);
    let first = first.trim_end();
    put(buf, p, footer, first, Align::Left, style);
    let rest = rest.trim_start();
    let rest_w = (p.width(rest) as u16).min(status.width);
    put(
        buf,
        p,
        Rect::new(status.x, status.y, rest_w, 1),
        rest,
        Align::Left,
        style,
    );
    put(
        buf,
        p,
        Rect::new(status.x + rest_w, status.y, status.width - rest_w, 1),
        "",
        Align::Left,
        app.theme().text(),
    );
    true
}
