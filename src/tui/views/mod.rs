//! Drawing: one file per screen, all reading `&App`. This module splits the
//! terminal into title, body, footer and status line, picks the screen's
//! view, and holds the small drawing helpers every view uses (text always
//! cut and padded by the text layer, then shown through the profile).

pub mod awards;
pub mod entry;
pub mod grid;
pub mod help;
pub mod history;
pub mod indicator_finder;
pub mod matrix;
pub mod period_picker;
pub mod provinces;
pub mod ranking;
pub mod review;
pub mod score;
pub mod status;
pub mod summary;

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect, Size};

use super::layout::regions;
use ratatui::style::Style;
use ratatui::widgets::{Block, Widget};

use super::app::{App, Screen};
use super::vn::{self, Align, Profile};

/// The smallest terminal a screen works in.
pub fn min_size(screen: Screen) -> Size {
    match screen {
        Screen::Provinces | Screen::PeriodPicker | Screen::IndicatorFinder => Size::new(30, 8),
        Screen::Entry => Size::new(60, 10),
        Screen::Matrix => Size::new(40, 10),
        Screen::History | Screen::Help => Size::new(40, 8),
        Screen::Review(_) => Size::new(40, 8),
    }
}

/// Draw the whole screen.
pub fn render(app: &App, frame: &mut Frame) {
    let area = frame.area();
    let need = min_size(app.screen);
    if area.width < need.width || area.height < need.height {
        too_small(app, need, area, frame.buffer_mut());
        return;
    }
    let r = regions(area);
    let buf = frame.buffer_mut();
    status::title(app, r.title, buf);
    let cursor = match app.screen {
        Screen::Provinces => provinces::render(app, r.body, buf),
        Screen::Entry => entry::render(app, r.body, buf),
        Screen::Matrix => matrix::render(app, r.body, buf),
        Screen::History => history::render(app, r.body, buf),
        Screen::Help => help::render(app, r.body, buf),
        Screen::PeriodPicker => period_picker::render(app, r.body, buf),
        Screen::IndicatorFinder => indicator_finder::render(app, r.body, buf),
        Screen::Review(s) => review::render(app, s, r.body, buf),
    };
    status::footer(app, r.footer, buf);
    status::status_line(app, r.status, buf);
    if let Some(p) = cursor {
        frame.set_cursor_position(p);
    }
}

/// A short centred notice instead of a screen that cannot fit.
fn too_small(app: &App, need: Size, area: Rect, buf: &mut Buffer) {
    if area.width == 0 || area.height == 0 {
        return;
    }
    let lines = [
        "Cửa sổ quá nhỏ".to_string(),
        format!("cần {}×{}", need.width, need.height),
        "Ctrl+Q: thoát".to_string(),
    ];
    let shown = usize::from(area.height).min(lines.len());
    let top = area.y + (area.height - shown as u16) / 2;
    for (i, line) in lines.iter().take(shown).enumerate() {
        put(
            buf,
            &app.profile,
            Rect::new(area.x, top + i as u16, area.width, 1),
            line,
            Align::Center,
            app.theme.text(),
        );
    }
}

/// Write `text` into a one-row area: cut with an ellipsis or padded to its
/// width, then shown through the profile. Out-of-buffer areas are ignored.
pub fn put(
    buf: &mut Buffer,
    profile: &Profile,
    area: Rect,
    text: &str,
    align: Align,
    style: Style,
) {
    let area = area.intersection(buf.area);
    if area.width == 0 || area.height == 0 {
        return;
    }
    let fitted = vn::fit_for(profile, text, usize::from(area.width), align);
    let shown = profile.show(&fitted);
    buf.set_stringn(area.x, area.y, &*shown, usize::from(area.width), style);
}

/// A bordered block drawn with the profile's symbols; returns the inside.
pub fn frame_block(app: &App, area: Rect, title: &str, buf: &mut Buffer) -> Rect {
    let block = Block::bordered()
        .border_set(app.profile.symbols().border)
        .border_style(app.theme.border());
    let inner = block.inner(area);
    block.render(area, buf);
    if area.width > 4 && !title.is_empty() {
        let t = format!(" {title} ");
        let w = vn::width(&t).min(usize::from(area.width - 4)) as u16;
        put(
            buf,
            &app.profile,
            Rect::new(area.x + 2, area.y, w, 1),
            &t,
            Align::Left,
            app.theme.header(),
        );
    }
    inner
}

/// Where the text cursor of a field sits: `x` plus the visual cursor,
/// clamped inside the area.
/// A one-line text field: `input` drawn in `area`, scrolled so the cursor
/// stays inside (one column kept for it past the text); the cursor's place.
pub fn input_field(
    buf: &mut Buffer,
    profile: &Profile,
    area: Rect,
    input: &tui_input::Input,
    style: Style,
) -> Option<Position> {
    let scroll = input.visual_scroll(usize::from(area.width.saturating_sub(1)));
    let shown: String = input.value().chars().skip(scroll).collect();
    put(buf, profile, area, &shown, Align::Left, style);
    cursor_in(area, input.visual_cursor().saturating_sub(scroll))
}

fn cursor_in(area: Rect, visual: usize) -> Option<Position> {
    if area.width == 0 || area.height == 0 {
        return None;
    }
    let x = area.x + (visual as u16).min(area.width - 1);
    Some(Position::new(x, area.y))
}

/// A selected cell: the text drawn as usual, with the highlight only over
/// the text and one column beside it (at least three columns), so moving
/// the selection rewrites a few cells rather than whole columns.
pub fn put_selected(
    buf: &mut Buffer,
    profile: &Profile,
    area: Rect,
    text: &str,
    align: Align,
    plain: Style,
    selected: Style,
) {
    put(buf, profile, area, text, align, plain);
    let w = (vn::width(text) as u16 + 1).max(3).min(area.width);
    let x = match align {
        Align::Right => area.right().saturating_sub(w),
        Align::Left | Align::Center => area.x,
    };
    put(
        buf,
        profile,
        Rect::new(x, area.y, w, 1),
        text,
        align,
        selected,
    );
}
