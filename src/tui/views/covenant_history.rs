//! History of a covenant item (F3 on the covenant screen): every change of
//! the selected criterion (in every year: codes are stable), member (its
//! membership year by year) or unit (its versions and mergers), oldest
//! first — when (local time, as for figures), who, which year and field,
//! old → new as the covenant files write them. Such texts are longer than
//! a figure, so the selected change is also written whole at the foot,
//! wrapped.

use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};

use super::paint::{frame_block, put};
use crate::model::covenant::MemberRole;
use crate::store::{AuditEntry, Change, CovenantChange, CovenantSubject, HistoryOf};
use crate::tui::app::{App, CovenantField};
use crate::tui::clock;
use crate::tui::vn::{Align, Profile};

pub fn render(app: &App, of: &HistoryOf, area: Rect, buf: &mut Buffer) -> Option<Position> {
    let h = app.history();
    let p = app.profile();
    let t = app.theme();
    let inner = frame_block(app, area, &title(app, of), buf);
    if inner.height < 4 || inner.width < 30 {
        return None;
    }
    let (when_w, what_w) = (16u16, 16u16);
    let rest = inner.width.saturating_sub(when_w + what_w + 4);
    let who_w = (rest / 5).clamp(9.min(rest), 14);
    let text_w = (rest - who_w) / 2;
    let cols = [
        (0, when_w, "Thời điểm"),
        (when_w + 1, who_w, "Người sửa"),
        (when_w + who_w + 2, what_w, "Năm · trường"),
        (when_w + who_w + what_w + 3, text_w, "Cũ"),
        (when_w + who_w + what_w + text_w + 4, text_w, "Mới"),
    ];
    for (x, w, label) in cols {
        let area = Rect::new(inner.x + x, inner.y, w, 1);
        put(buf, p, area, label, Align::Left, t.header());
    }
    if h.entries.is_empty() {
        put(
            buf,
            p,
            Rect::new(inner.x, inner.y + 1, inner.width, 1),
            "Mục này chưa thay đổi lần nào (nạp sẵn, chưa ai sửa)",
            Align::Left,
            t.dim(),
        );
        return None;
    }
    // The selected change whole at the foot (its texts wrapped, at most
    // half the list), a blank line, and the rows above.
    let focus = h.selected;
    let mut detail: Vec<String> = Vec::new();
    if let Some(c) = h.entries.get(focus).and_then(covenant_change) {
        for (label, text) in [("Cũ", &c.old), ("Mới", &c.new)] {
            detail.extend(wrap(
                p,
                &format!("{label}: {}", shown(c, text)),
                inner.width,
            ));
        }
    }
    let room = usize::from(inner.height - 1);
    detail.truncate((room / 2).saturating_sub(1));
    let visible = room
        .saturating_sub(detail.len() + usize::from(!detail.is_empty()))
        .max(1);
    let offset = focus.saturating_sub(visible - 1);
    for (i, entry) in h.entries.iter().enumerate().skip(offset).take(visible) {
        let y = inner.y + 1 + (i - offset) as u16;
        let c = covenant_change(entry);
        let texts = [
            clock::date_time(entry.at_ms),
            entry.user.clone(),
            c.map(what).unwrap_or_default(),
            c.map(|c| shown(c, &c.old)).unwrap_or_default(),
            c.map(|c| shown(c, &c.new)).unwrap_or_default(),
        ];
        for (k, ((x, w, _), text)) in cols.iter().zip(texts).enumerate() {
            let style = if k == 0 && i == focus {
                t.selected()
            } else {
                t.text()
            };
            put(
                buf,
                p,
                Rect::new(inner.x + x, y, *w, 1),
                &text,
                Align::Left,
                style,
            );
        }
    }
    let top = inner.bottom() - detail.len() as u16;
    for (k, line) in detail.iter().enumerate() {
        put(
            buf,
            p,
            Rect::new(inner.x, top + k as u16, inner.width, 1),
            line,
            Align::Left,
            t.dim(),
        );
    }
    None
}

/// `Lịch sử chỉ tiêu GRDP_GROWTH · Tốc độ tăng trưởng kinh tế GRDP`.
fn title(app: &App, of: &HistoryOf) -> String {
    let units = app.covenant_screen().units();
    let unit_name = |code: &str| {
        units
            .iter()
            .find(|u| u.code == code)
            .map(|u| u.name_in(app.data().period).to_string())
    };
    let (what, code, name) = match of {
        HistoryOf::Criterion(code) => (
            "chỉ tiêu",
            code.as_str(),
            app.covenant_year()
                .and_then(|y| y.criterion(code))
                .map(|c| c.name.clone()),
        ),
        HistoryOf::Member(code) => ("thành viên", code.as_str(), unit_name(code)),
        HistoryOf::Unit(code) => ("đơn vị", code.as_str(), unit_name(code)),
        HistoryOf::Year(y) => return format!("Lịch sử giao ước năm {y}"),
    };
    match name {
        Some(name) => format!("Lịch sử {what} {code} · {name}"),
        None => format!("Lịch sử {what} {code}"),
    }
}

fn covenant_change(entry: &AuditEntry) -> Option<&CovenantChange> {
    match &entry.change {
        Change::Covenant(c) => Some(c),
        _ => None,
    }
}

/// Which year and field changed: `2026 · Tên`, `2026 · thêm`, `bỏ`.
fn what(c: &CovenantChange) -> String {
    let field = match (&c.field, &c.old, &c.new) {
        (Some(f), _, _) => field_label(f),
        (None, None, _) => "thêm".to_string(),
        (None, Some(_), _) => "bỏ".to_string(),
    };
    match &c.subject {
        CovenantSubject::Criterion { year, .. }
        | CovenantSubject::Member { year, .. }
        | CovenantSubject::Year(year) => format!("{year} · {field}"),
        CovenantSubject::Unit(_) => field,
    }
}

/// The column of the covenant files as the covenant screen heads it, where
/// the screen edits it; other columns by their name in the files.
fn field_label(column: &str) -> String {
    let field = match column {
        "name" => CovenantField::Name,
        "unit" => CovenantField::Unit,
        "decimals" => CovenantField::Decimals,
        "min" => CovenantField::Min,
        "max" => CovenantField::Max,
        "rule" => CovenantField::Rule,
        "in_covenant" => CovenantField::InCovenant,
        "role" => CovenantField::Role,
        "versions" => return "phiên bản".to_string(),
        other => return other.to_string(),
    };
    field.heading().to_string()
}

/// `text` in lines of at most `width` columns, broken at spaces (a word
/// wider than a line gets a line of its own, cut where it is drawn).
fn wrap(p: &Profile, text: &str, width: u16) -> Vec<String> {
    let width = usize::from(width);
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split(' ') {
        if !line.is_empty() && p.width(&line) + 1 + p.width(word) > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    lines.push(line);
    lines
}

/// A text of the change as the covenant screen shows it: a role by its
/// Vietnamese label, whether a criterion is scored as có / trích dẫn,
/// everything else as the files write it.
fn shown(c: &CovenantChange, text: &Option<String>) -> String {
    let Some(t) = text.as_deref().filter(|t| !t.is_empty()) else {
        return "(trống)".to_string();
    };
    match c.field.as_deref() {
        Some("role") => MemberRole::parse(t).map_or(t, |r| r.label()).to_string(),
        Some("in_covenant") if t == "true" => "có".to_string(),
        Some("in_covenant") if t == "false" => "trích dẫn".to_string(),
        _ => t.to_string(),
    }
}
