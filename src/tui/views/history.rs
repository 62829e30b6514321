//! History: every change of the current cell, oldest first: when, who, old
//! and new value.

use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};

use super::{frame_block, put};
use crate::model::Figure;
use crate::store::Change;
use crate::tui::app::App;
use crate::tui::vn::{self, Align};

pub fn render(app: &App, area: Rect, buf: &mut Buffer) -> Option<Position> {
    let h = &app.history;
    let p = &app.profile;
    let t = app.theme;
    let title = match &h.key {
        Some(k) => {
            let prov = app
                .data
                .cluster
                .province(&k.province)
                .map(|p| p.name.as_str())
                .unwrap_or(k.province.as_str());
            let ind = app
                .data
                .cluster
                .indicator(&k.indicator)
                .map(|i| i.name.as_str())
                .unwrap_or(k.indicator.as_str());
            let kind = match k.kind {
                crate::model::Kind::Actual => "thực hiện",
                crate::model::Kind::Plan => "kế hoạch",
            };
            format!("{prov} · {ind} · {kind} {}", k.period)
        }
        None => String::new(),
    };
    let inner = frame_block(app, area, &title, buf);
    if inner.height < 2 || inner.width < 20 {
        return None;
    }
    let decimals = h
        .key
        .as_ref()
        .and_then(|k| app.data.cluster.indicator(&k.indicator))
        .map(|i| i.decimals)
        .unwrap_or(0);
    let show = |f: &Option<Figure>| {
        f.as_ref()
            .map(|f| vn::number(f.value, decimals.max(f.value.normalize().scale())))
            .unwrap_or_else(|| "(trống)".into())
    };
    let (when_w, num_w) = (23u16, 12u16);
    let who_w = inner.width.saturating_sub(when_w + 2 * num_w + 3);
    let cols = [
        (0, when_w, "Thời điểm", Align::Left),
        (when_w + 1, who_w, "Người sửa", Align::Left),
        (when_w + who_w + 2, num_w, "Giá trị cũ", Align::Right),
        (
            when_w + who_w + num_w + 3,
            num_w,
            "Giá trị mới",
            Align::Right,
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
    let visible = usize::from(inner.height - 1);
    if h.entries.is_empty() {
        put(
            buf,
            p,
            Rect::new(inner.x, inner.y + 1, inner.width, 1),
            "Ô này chưa có thay đổi nào",
            Align::Left,
            t.dim(),
        );
        return None;
    }
    let last = h.entries.len().saturating_sub(1);
    let focus = h.scroll.min(last);
    let offset = focus.saturating_sub(visible - 1);
    for (i, entry) in h.entries.iter().enumerate().skip(offset).take(visible) {
        let y = inner.y + 1 + (i - offset) as u16;
        let (old, new) = match &entry.change {
            Change::Value { old, new, .. } => (show(old), show(new)),
            Change::Weight { old, new, .. } => (old.to_string(), new.to_string()),
        };
        let style = if i == focus { t.selected() } else { t.text() };
        let texts = [entry.when(), entry.user.clone(), old, new];
        for ((x, w, _, align), text) in cols.iter().zip(texts) {
            let s = if *x == 0 { style } else { t.text() };
            put(buf, p, Rect::new(inner.x + x, y, *w, 1), &text, *align, s);
        }
    }
    None
}
