//! The drawing helpers every view uses: text always cut and padded by the
//! text layer, then shown through the terminal profile, so no view writes
//! a string the terminal might draw wider than measured.

use std::num::NonZeroU16;

use ratatui::buffer::{Buffer, CellDiffOption};
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use ratatui::widgets::{Block, Widget};

use crate::tui::app::App;
use crate::tui::vn::{Align, Profile, WIDE_LETTER};

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
    let fitted = profile.fit(text, usize::from(area.width), align);
    draw_shown(
        buf,
        profile,
        area.x,
        area.y,
        &fitted,
        usize::from(area.width),
        style,
    );
}

/// Write `text` (already fitted by the profile's measure) at `x, y`, at
/// most `max` columns, as the profile shows it. Where `đ` is drawn two
/// columns wide, its cell is marked so (ratatui's `ForcedWidth`), so that
/// the frame writer moves past both and does not write the column the
/// letter covers; a `đ` left without that column (cut by `max`) is drawn
/// as `d` rather than over its neighbour.
pub fn draw_shown(
    buf: &mut Buffer,
    profile: &Profile,
    x: u16,
    y: u16,
    text: &str,
    max: usize,
    style: Style,
) {
    let shown = profile.show(text);
    let (end, _) = buf.set_stringn(x, y, &*shown, max, style);
    if !profile.wide_letters() || !text.contains(WIDE_LETTER) {
        return;
    }
    let letter = WIDE_LETTER.to_string();
    for cx in x..end {
        let Some(cell) = buf.cell_mut((cx, y)) else {
            break;
        };
        if cell.symbol() != letter {
            continue;
        }
        if cx + 1 < end {
            cell.diff_option = CellDiffOption::ForcedWidth(TWO);
        } else {
            cell.set_symbol("d");
        }
    }
}

const TWO: NonZeroU16 = NonZeroU16::new(2).expect("two is not zero");

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
        let w = app.profile().width(&t).min(usize::from(area.width - 4)) as u16;
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
    // Measured as the terminal draws it (a `đ` may take two columns).
    let before: String = shown
        .chars()
        .take(input.cursor().saturating_sub(scroll))
        .collect();
    cursor_in(area, profile.width(&before))
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
    let w = (profile.width(text) as u16 + 1).max(3).min(area.width);
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
