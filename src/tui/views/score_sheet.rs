//! The Score screen's covenant score (see `tui::app::score_sheet`): the
//! ranking by final score with the tie rule and the ballots, or one unit's
//! score sheet — the criteria list, and under it the selected criterion in
//! full (target, actual, method, the formula with its numbers, the points
//! entered with their reasons), the sheet's state and totals, and the field
//! being typed.

use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::widgets::Widget;

use super::grid::Grid;
use super::paint::{below, input_field, line, put};
use crate::io::covenant_score::{CovenantScore, num};
use crate::model::scoring::print::method_label;
use crate::model::scoring::sheet::ScoreSheet;
use crate::tui::app::App;
use crate::tui::app::score_sheet::{SheetState, screen_table, selected_row};
use crate::tui::layout::TablePins;
use crate::tui::vn::Align;

const RANKING_PINS: TablePins = TablePins {
    left: 2,
    right: 0,
    min_first: 4,
};
const SHEET_PINS: TablePins = TablePins {
    left: 1,
    right: 0,
    min_first: 22,
};
/// Lines under the sheet's list: the criterion, its figures, the formula,
/// the points entered, the explanation, the state, the field.
const DETAIL_LINES: u16 = 7;

pub fn render(app: &App, score: &CovenantScore, area: Rect, buf: &mut Buffer) -> Option<Position> {
    let state = app.covenant_score();
    if let Some(sheet_state) = &state.sheet
        && let Some(sheet) = score.sheet(&sheet_state.unit)
    {
        return render_sheet(app, sheet, sheet_state, area, buf);
    }
    let (p, t) = (app.profile(), app.theme());
    let table = score.ranking_table();
    let title = format!("{} (Enter: bảng chấm điểm)", table.title);
    line(buf, p, area, &title, t.table_header());
    let body = below(area, 1);
    let rows = (table.rows.len() + 1) as u16;
    Grid::new(app, &table, RANKING_PINS)
        .selected(state.row)
        .render(
            Rect::new(body.x, body.y, body.width, body.height.min(rows)),
            buf,
        );
    let mut rest = below(body, rows.min(body.height));
    for note in &table.notes {
        if rest.height == 0 {
            break;
        }
        for text in crate::io::text_pages::wrap(note, usize::from(rest.width)) {
            if rest.height == 0 {
                break;
            }
            line(buf, p, rest, &text, t.dim());
            rest = below(rest, 1);
        }
    }
    None
}

fn render_sheet(
    app: &App,
    sheet: &ScoreSheet,
    state: &SheetState,
    area: Rect,
    buf: &mut Buffer,
) -> Option<Position> {
    let (p, t) = (app.profile(), app.theme());
    let (table, _) = screen_table(sheet);
    let title = format!(
        "{} (F2: chấm · F9: chuyển bước · Esc: xếp hạng)",
        table.title
    );
    line(buf, p, area, &title, t.table_header());
    let body = below(area, 1);
    // The details follow the list, at the bottom when the list fills the room.
    let rows = table.rows.len() as u16 + 1;
    let list_h = body
        .height
        .saturating_sub(DETAIL_LINES)
        .max(body.height.min(2))
        .min(rows);
    Grid::new(app, &table, SHEET_PINS)
        .selected(state.row)
        .scrolled(state.col)
        .render(Rect::new(body.x, body.y, body.width, list_h), buf);
    let mut lines: Vec<String> = Vec::new();
    match selected_row(sheet, state) {
        Some(r) => {
            let ms = r
                .max_points
                .or(r.cap)
                .map(|v| num(v, v.normalize().scale()))
                .unwrap_or_else(|| "—".into());
            let figure = |v: Option<rust_decimal::Decimal>| {
                v.map(|v| num(v, r.decimals.max(v.normalize().scale().min(4))))
                    .unwrap_or_else(|| "không có".into())
            };
            lines.push(format!(
                "{} {} ({}) — {}, tối đa {ms}",
                r.number,
                r.name,
                r.unit_label,
                method_label(r.method)
            ));
            lines.push(format!(
                "Chỉ tiêu đăng ký: {} · Thực hiện {}: {}",
                figure(r.target),
                sheet.period,
                figure(r.actual)
            ));
            lines.push(format!("Cách tính: {}", r.formula(&num)));
            let own = match (&r.entry.self_points, &r.entry.self_note) {
                (Some(v), Some(n)) => format!("{} ({n})", num(*v, 2)),
                (Some(v), None) => num(*v, 2),
                (None, _) => "chưa chấm".into(),
            };
            let reviewed = match &r.entry.reviewed {
                Some(v) => format!("{} — {}", num(v.points, 2), v.reason),
                None => "chưa có".into(),
            };
            lines.push(format!("Tự chấm: {own} · Thẩm định: {reviewed}"));
            lines.push(format!(
                "Giải trình: {}",
                r.entry.explanation.as_deref().unwrap_or("không có")
            ));
        }
        None => {
            lines.push("Chọn một chỉ tiêu để xem cách tính và chấm điểm.".into());
            lines.extend(["", "", "", ""].map(String::from));
        }
    }
    let total = sheet
        .totals
        .final_points
        .as_ref()
        .map(|p| num(p.total, 2))
        .unwrap_or_else(|e| format!("chưa tính được ({})", e.message));
    let mut state_line = format!("Trạng thái: {} · Tổng điểm: {total}", sheet.state.label());
    if let Some(reason) = &sheet.last_reason {
        state_line.push_str(&format!(" · Lý do trả lại/mở khóa: {reason}"));
    }
    lines.push(state_line);
    let start = body.y + list_h;
    for (i, text) in lines.iter().enumerate() {
        let y = start + i as u16;
        if y >= body.bottom() {
            break;
        }
        line(buf, p, Rect::new(body.x, y, body.width, 1), text, t.text());
    }
    let editor = state.editor.as_ref()?;
    let y = start + lines.len() as u16;
    if y >= body.bottom() {
        return None;
    }
    let label = editor.label();
    let lw = (p.width(&label) as u16).min(body.width.saturating_sub(12));
    put(
        buf,
        p,
        Rect::new(body.x, y, lw, 1),
        &label,
        Align::Left,
        t.text(),
    );
    let field_w = body.width.saturating_sub(lw).min(40);
    let field = Rect::new(body.x + lw, y, field_w, 1);
    let cursor = input_field(buf, p, field, &editor.input, t.editing());
    let after = editor
        .error
        .as_deref()
        .unwrap_or("Enter: tiếp/lưu · Esc: thôi");
    let x = body.x + lw + field_w + 1;
    let rest = body.right().saturating_sub(x);
    let style = if editor.error.is_some() {
        t.error()
    } else {
        t.text()
    };
    put(buf, p, Rect::new(x, y, rest, 1), after, Align::Left, style);
    cursor
}
