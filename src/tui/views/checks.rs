//! The period's list of checks: one row a figure (unit, criterion, kind,
//! figure, state), and under the list the selected figure's reasons and
//! who confirmed it, broken between words over the lines left.

use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};

use super::paint::{frame_block, put};
use crate::tui::app::App;
use crate::tui::vn::{Align, Profile};

/// Lines under the list for the selected figure's reasons.
const DETAIL_LINES: u16 = 4;

pub fn render(app: &App, area: Rect, buf: &mut Buffer) -> Option<Position> {
    let c = app.checks();
    let p = app.profile();
    let t = app.theme();
    let to_review = c.rows.iter().filter(|r| r.confirmed.is_none()).count();
    let title = format!(
        "Kỳ {} · {to_review} cần xem lại · {} đã xác nhận · Enter: đến ô",
        app.data().period,
        c.rows.len() - to_review
    );
    let inner = frame_block(app, area, &title, buf);
    if inner.height < 3 || inner.width < 30 {
        return None;
    }
    let line = |y: u16| Rect::new(inner.x, inner.y + y, inner.width, 1);
    if let Some(e) = &c.error {
        put(buf, p, line(0), e, Align::Left, t.error());
        return None;
    }
    if c.rows.is_empty() {
        put(
            buf,
            p,
            line(0),
            &format!(
                "Kỳ {} không có số liệu nào bất thường hay đã xác nhận.",
                app.data().period
            ),
            Align::Left,
            t.dim(),
        );
        return None;
    }
    // Unit, kind, figure and state fixed; the criterion takes the rest.
    let (unit_w, kind_w, num_w, state_w) = (12u16, 9u16, 12u16, 12u16);
    let crit_w = inner
        .width
        .saturating_sub(unit_w + kind_w + num_w + state_w + 4);
    let cols = [
        (0, unit_w, "Đơn vị", Align::Left),
        (unit_w + 1, crit_w, "Chỉ tiêu", Align::Left),
        (unit_w + crit_w + 2, kind_w, "Loại", Align::Left),
        (unit_w + crit_w + kind_w + 3, num_w, "Giá trị", Align::Right),
        (
            unit_w + crit_w + kind_w + num_w + 4,
            state_w,
            "Trạng thái",
            Align::Left,
        ),
    ];
    for (x, w, label, align) in cols {
        put(
            buf,
            p,
            Rect::new(inner.x + x, inner.y, w, 1),
            label,
            align,
            t.header(),
        );
    }
    let detail = DETAIL_LINES.min(inner.height.saturating_sub(2));
    let visible = usize::from(inner.height - 1 - detail).max(1);
    let offset = c.selected.saturating_sub(visible - 1);
    for (i, row) in c.rows.iter().enumerate().skip(offset).take(visible) {
        let y = inner.y + 1 + (i - offset) as u16;
        let state = if row.confirmed.is_some() {
            "đã xác nhận"
        } else {
            "cần xem lại"
        };
        let texts = [
            row.unit.as_str(),
            row.criterion.as_str(),
            row.kind,
            row.figure.as_str(),
            state,
        ];
        for (n, ((x, w, _, align), text)) in cols.iter().zip(texts).enumerate() {
            let style = if i == c.selected && n == 0 {
                t.selected()
            } else if n == 4 && row.confirmed.is_none() {
                t.error()
            } else {
                t.text()
            };
            put(
                buf,
                p,
                Rect::new(inner.x + x, y, *w, 1),
                text,
                *align,
                style,
            );
        }
    }
    if detail == 0 {
        return None;
    }
    let row = c.rows.get(c.selected)?;
    let mut said = if row.why.is_empty() {
        "Không còn nghi vấn.".to_string()
    } else {
        row.why.join(" ")
    };
    if let Some(who) = &row.confirmed {
        said = format!("Đã xác nhận: {who}. {said}");
    }
    // Under the list, one line apart; at the bottom when the list is full.
    let shown = c.rows.len().min(visible) as u16;
    let top = (inner.y + 2 + shown).min(inner.y + inner.height - detail);
    for (n, text) in wrap(p, &said, usize::from(inner.width))
        .iter()
        .take(usize::from(detail))
        .enumerate()
    {
        put(
            buf,
            p,
            Rect::new(inner.x, top + n as u16, inner.width, 1),
            text,
            Align::Left,
            t.dim(),
        );
    }
    None
}

/// `text` broken between words into lines of at most `width` columns (a
/// word longer than a line is cut by `put`).
fn wrap(p: &Profile, text: &str, width: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut current = String::new();
    for word in text.split_whitespace() {
        let candidate = if current.is_empty() {
            word.to_string()
        } else {
            format!("{current} {word}")
        };
        if p.width(&candidate) > width && !current.is_empty() {
            lines.push(std::mem::take(&mut current));
            current = word.to_string();
        } else {
            current = candidate;
        }
    }
    if !current.is_empty() {
        lines.push(current);
    }
    lines
}
