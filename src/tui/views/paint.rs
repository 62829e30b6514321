//! The drawing helpers every view uses: text always cut and padded by the
//! text layer, then shown through the terminal profile, so no view writes
//! a string the terminal might draw wider than measured.

use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use ratatui::widgets::{Block, Widget};

use crate::tui::app::App;
use crate::tui::vn::{self, Align, Profile};

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

/// A line of text at the top of `area` in `style`, cut to its width.
pub fn line(buf: &mut Buffer, profile: &Profile, area: Rect, text: &str, style: Style) {
    if area.height == 0 {
        return;
    }
    put(
        buf,
        profile,
        Rect::new(area.x, area.y, area.width, 1),
        text,
        Align::Left,
        style,
    );
}

/// The rows of `area` below its first `lines`.
pub fn below(area: Rect, lines: u16) -> Rect {
    let lines = lines.min(area.height);
    Rect::new(area.x, area.y + lines, area.width, area.height - lines)
}

/// A bordered block drawn with the profile's symbols; returns the inside.
pub fn frame_block(app: &App, area: Rect, title: &str, buf: &mut Buffer) -> Rect {
    let block = Block::bordered()
        .border_set(app.profile().symbols().border)
        .border_style(app.theme().border());
    let inner = block.inner(area);
    block.render(area, buf);
    if area.width > 4 && !title.is_empty() {
        let t = format!(" {title} ");
        let w = vn::width(&t).min(usize::from(area.width - 4)) as u16;
        put(
            buf,
            app.profile(),
            Rect::new(area.x + 2, area.y, w, 1),
            &t,
            Align::Left,
            app.theme().header(),
        );
    }
    inner
}

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

/// Where the text cursor of a field sits: `x` plus the visual cursor,
/// clamped inside the area.
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
