//! History: every change of the current cell — or, from a province's score
//! detail, of the selected indicator's weight — oldest first: when (local
//! time), who, old and new value (with the mark of its qualifiers), and
//! how (a knowing overwrite, the text typed, a confirmed figure, a
//! qualifier set or taken off, the comment written).

use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};

use super::paint::{frame_block, put};
use crate::model::Figure;
use crate::store::{AuditNote, Change};
use crate::tui::app::{App, HistorySubject};
use crate::tui::clock;
use crate::tui::vn::{self, Align};

pub fn render(app: &App, area: Rect, buf: &mut Buffer) -> Option<Position> {
    let h = app.history();
    if let Some(HistorySubject::Covenant(of)) = &h.subject {
        return super::covenant_history::render(app, of, area, buf);
    }
    let p = app.profile();
    let t = app.theme();
    let indicator_name = |code: &str| {
        app.data()
            .cluster
            .indicator(code)
            .map_or(code.to_string(), |i| i.name.clone())
    };
    let title = match &h.subject {
        Some(HistorySubject::Cell(k)) => {
            let prov = app
                .data()
                .cluster
                .province(&k.province)
                .map(|p| p.name.as_str())
                .unwrap_or(k.province.as_str());
            let kind = match k.kind {
                crate::model::Kind::Actual => "thực hiện",
                crate::model::Kind::Plan => "kế hoạch",
            };
            format!(
                "{prov} · {} · {kind} {}",
                indicator_name(&k.indicator),
                k.period
            )
        }
        Some(HistorySubject::Sheet(of)) => format!("Lịch sử {of}"),
        Some(HistorySubject::Covenant(_)) | None => String::new(),
    };
    let mut inner = frame_block(app, area, &title, buf);
    if inner.height < 2 || inner.width < 20 {
        return None;
    }
    // A merged unit's same period last year: the figure shown is made of
    // these parts; the changes below are of the unit's own cell.
    if let Some(c) = &h.composed
        && inner.height > 3
    {
        let line = format!("Cùng kỳ {}: {}", c.remark, c.parts.join("; "));
        put(
            buf,
            p,
            Rect::new(inner.x, inner.y, inner.width, 1),
            &line,
            Align::Left,
            t.header(),
        );
        inner = Rect::new(inner.x, inner.y + 1, inner.width, inner.height - 1);
    }
    let decimals = match &h.subject {
        Some(HistorySubject::Cell(k)) => app
            .data()
            .cluster
            .indicator(&k.indicator)
            .map_or(0, |i| i.decimals),
        _ => 0,
    };
    let show = |f: &Option<Figure>| {
        f.as_ref()
            .map(|f| {
                let n = vn::number_exact(f.value, decimals);
                super::figure::mark(f).map_or(n.clone(), |m| format!("{m}{n}"))
            })
            .unwrap_or_else(|| "(trống)".into())
    };
    // Local time to the minute; the rest of the row shared by who wrote
    // and how (a knowing overwrite, the text typed for a share).
    let (when_w, num_w) = (16u16, 12u16);
    let rest = inner.width.saturating_sub(when_w + 2 * num_w + 4);
    let who_w = (rest * 2 / 5).clamp(8.min(rest), 20);
    let how_w = rest - who_w;
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
        (
            when_w + who_w + 2 * num_w + 4,
            how_w,
            "Ghi chú",
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
    let visible = usize::from(inner.height - 1);
    if h.entries.is_empty() {
        put(
            buf,
            p,
            Rect::new(inner.x, inner.y + 1, inner.width, 1),
            match h.subject {
                Some(HistorySubject::Sheet(_)) => "Bảng chấm điểm này chưa thay đổi lần nào",
                _ => "Ô này chưa có thay đổi nào",
            },
            Align::Left,
            t.dim(),
        );
        return None;
    }
    // The selection on the last row shown (opened on the newest entry).
    let focus = h.selected;
    let offset = focus.saturating_sub(visible - 1);
    for (i, entry) in h.entries.iter().enumerate().skip(offset).take(visible) {
        let y = inner.y + 1 + (i - offset) as u16;
        let mut remark = None;
        let (old, new) = match &entry.change {
            Change::Value { old, new, .. } => {
                remark = remark_change(old.as_ref(), new.as_ref());
                (show(old), show(new))
            }
            // In the Vietnamese way (0,5), with the digits it was given.
            Change::Weight { old, new, .. } => {
                (vn::number_exact(*old, 0), vn::number_exact(*new, 0))
            }
            // As the covenant files write the item's field.
            Change::Covenant(c) => (
                c.old.clone().unwrap_or_default(),
                c.new.clone().unwrap_or_default(),
            ),
            // The period's lock or the unit's submission: what happened
            // (its reason is in the note).
            Change::Period(c) => (String::new(), c.event.short().to_string()),
            // A sheet's points or state: the field and its texts.
            Change::Scoring(c) => (
                c.old.clone().unwrap_or_default(),
                c.new.clone().unwrap_or_default(),
            ),
        };
        let style = if i == focus { t.selected() } else { t.text() };
        let texts = [
            clock::date_time(entry.at_ms),
            entry.user.clone(),
            old,
            new,
            [
                match &entry.change {
                    Change::Scoring(c) if how(&entry.note).is_empty() => c.field.clone(),
                    Change::Scoring(c) => format!("{}; {}", c.field, how(&entry.note)),
                    _ => how(&entry.note),
                },
                remark.unwrap_or_default(),
            ]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join("; "),
        ];
        for ((x, w, _, align), text) in cols.iter().zip(texts) {
            let s = if *x == 0 { style } else { t.text() };
            put(buf, p, Rect::new(inner.x + x, y, *w, 1), &text, *align, s);
        }
    }
    None
}

/// What changed of a figure besides its value: a qualifier set or taken
/// off, the comment written or removed.
fn remark_change(old: Option<&Figure>, new: Option<&Figure>) -> Option<String> {
    use crate::tui::action::Qualifier;
    use crate::tui::app::qualifier_words;
    let (old, new) = (old?, new?);
    let mut parts = Vec::new();
    let (a, b) = (&old.qualifiers, &new.qualifiers);
    for (was, is, q) in [
        (a.estimate, b.estimate, Qualifier::Estimate),
        (a.lower_bound, b.lower_bound, Qualifier::LowerBound),
        (a.approx, b.approx, Qualifier::Approx),
    ] {
        match (was, is) {
            (false, true) => parts.push(format!("đánh dấu {}", qualifier_words(q))),
            (true, false) => parts.push(format!("bỏ {}", qualifier_words(q))),
            _ => {}
        }
    }
    if old.note != new.note {
        parts.push(match &new.note {
            Some(n) => format!("ghi chú «{n}»"),
            None => "xoá ghi chú".to_string(),
        });
    }
    (!parts.is_empty()).then(|| parts.join("; "))
}

/// How a change was made, where it says more than its values: a knowing
/// overwrite of another officer's figure, the text typed for a share
/// stored rounded, a confirmed figure, a reason.
fn how(note: &AuditNote) -> String {
    let mut parts = Vec::new();
    if note.overwrite {
        parts.push("ghi đè số người khác".to_string());
    }
    if let Some(typed) = &note.typed {
        parts.push(format!("gõ {typed}"));
    }
    if note.confirmed {
        parts.push("đã xác nhận".to_string());
    }
    if let Some(reason) = &note.reason {
        parts.push(reason.clone());
    }
    parts.join("; ")
}
