//! Provinces: the members in Vietnamese alphabetical order, each with its
//! completeness for the period and where its figures stand (`chưa nhập`,
//! `đang nhập`, `đã nộp`: the count, the time of the last change or of the
//! hand-in, and from 100 columns who handed in); the period's lock in the
//! frame's title; typing filters (accent-free). A reason being typed (an
//! unlock, a reopening) takes the last line.

use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;

use super::paint::{frame_block, input_field, put, put_selected};
use crate::store::{UnitState, UnitStatus};
use crate::tui::app::App;
use crate::tui::clock;
use crate::tui::vn::Align;

const CODE_W: u16 = 4;
const DONE_W: u16 = 11;
const STATE_W: u16 = 10;
const COUNT_W: u16 = 7;
const TIME_W: u16 = 16;
const BY_W: u16 = 14;
/// From this inner width on, who handed in gets a column.
const WIDE: u16 = 98;

/// Where each column of a row starts, and how wide the name is.
struct Columns {
    x: u16,
    name_w: u16,
    by: bool,
}

impl Columns {
    fn new(area: Rect) -> Self {
        let by = area.width >= WIDE;
        let fixed = 2 + CODE_W + STATE_W + 1 + COUNT_W + 1 + TIME_W + DONE_W;
        let fixed = fixed + if by { 1 + BY_W } else { 0 };
        Columns {
            x: area.x,
            name_w: area.width.saturating_sub(fixed),
            by,
        }
    }

    /// The cells of a row after the name: (x, width, align).
    fn cells(&self) -> Vec<(u16, u16, Align)> {
        let mut x = self.x + 2 + self.name_w;
        let mut out = Vec::new();
        let mut cells = vec![
            (CODE_W, 0, Align::Left),
            (STATE_W, 0, Align::Left),
            (COUNT_W, 1, Align::Right),
            (TIME_W, 1, Align::Left),
        ];
        if self.by {
            cells.push((BY_W, 1, Align::Left));
        }
        // Completeness last: the row's end says how much is in.
        cells.push((DONE_W, 0, Align::Right));
        for (w, gap, align) in cells {
            x += gap;
            out.push((x, w, align));
            x += w;
        }
        out
    }
}

/// The texts of a unit's row after its name and code.
fn status_texts(status: Option<&UnitStatus>) -> [String; 4] {
    let Some(s) = status else {
        return ["".into(), "".into(), "".into(), "".into()];
    };
    let state = s.state();
    let when = match (&s.submitted, s.changed_ms) {
        (Some(m), _) => clock::date_time(m.at_ms),
        (None, Some(ms)) if state != UnitState::Empty => clock::date_time(ms),
        _ => String::new(),
    };
    let by = s
        .submitted
        .as_ref()
        .map(|m| m.by.clone())
        .unwrap_or_default();
    [state.label().to_string(), s.figures.to_string(), when, by]
}

fn title(app: &App, shown: usize) -> String {
    let mut title = format!("Các tỉnh ({shown}/{})", app.data().provinces.len());
    if let Some(s) = app.data().period_status() {
        let handed = s
            .units
            .iter()
            .filter(|u| u.state() == UnitState::Submitted)
            .count();
        title.push_str(&format!(" · đã nộp {handed}/{}", s.units.len()));
        if let Some(m) = &s.lock {
            title.push_str(&format!(
                " · CHỐT bởi {} lúc {}",
                m.by,
                clock::date_time(m.at_ms)
            ));
        }
    }
    title
}

pub fn render(app: &App, area: Rect, buf: &mut Buffer) -> Option<Position> {
    let list = app.filtered_provinces();
    let inner = frame_block(app, area, &title(app, list.len()), buf);
    if inner.height == 0 || inner.width < 10 {
        return None;
    }
    let p = app.profile();
    let label = "Tìm: ";
    let lw = p.width(label) as u16;
    put(
        buf,
        p,
        Rect::new(inner.x, inner.y, lw, 1),
        label,
        Align::Left,
        app.theme().header(),
    );
    let field = Rect::new(inner.x + lw, inner.y, inner.width.saturating_sub(lw), 1);
    let mut cursor = input_field(buf, p, field, &app.provinces().filter, app.theme().text());
    // A reason being typed takes the last line (and the cursor).
    let mut rows_h = inner.height.saturating_sub(1);
    if let Some(prompt) = &app.provinces().reason
        && rows_h > 1
    {
        rows_h -= 1;
        let y = inner.y + 1 + rows_h;
        let text = prompt.label();
        let w = (p.width(&text) as u16).min(inner.width);
        put(
            buf,
            p,
            Rect::new(inner.x, y, w, 1),
            &text,
            Align::Left,
            app.theme().header(),
        );
        let field = Rect::new(inner.x + w, y, inner.width - w, 1);
        cursor = input_field(buf, p, field, &prompt.input, app.theme().text());
    }
    let rows_area = Rect::new(inner.x, inner.y + 1, inner.width, rows_h);
    if rows_area.height == 0 {
        return cursor;
    }
    let cols = Columns::new(rows_area);
    let cells = cols.cells();
    let y = rows_area.y;
    let h = app.theme().header();
    put(buf, p, Rect::new(rows_area.x, y, 2, 1), "", Align::Left, h);
    put(
        buf,
        p,
        Rect::new(rows_area.x + 2, y, cols.name_w, 1),
        "Tỉnh",
        Align::Left,
        h,
    );
    let mut heads = vec!["Mã", "Tình trạng", "Số liệu", "Lúc"];
    if cols.by {
        heads.push("Người nộp");
    }
    heads.push("Đã báo cáo");
    for ((x, w, align), head) in cells.iter().zip(heads) {
        put(buf, p, Rect::new(*x, y, *w, 1), head, *align, h);
    }
    let visible = usize::from(rows_area.height.saturating_sub(1));
    if visible == 0 {
        return cursor;
    }
    let selected = app.provinces().selected;
    let offset = selected.saturating_sub(visible - 1);
    if list.is_empty() {
        put(
            buf,
            p,
            Rect::new(rows_area.x + 2, y + 1, cols.name_w, 1),
            "Không có tỉnh nào khớp",
            Align::Left,
            app.theme().dim(),
        );
    }
    let status = app.data().period_status();
    for (i, prov) in list.iter().enumerate().skip(offset).take(visible) {
        let y = y + 1 + (i - offset) as u16;
        // Blank, as the status columns are, while the store cannot answer
        // for this period.
        let done = app
            .data()
            .completeness(&prov.code)
            .map(|c| c.to_string())
            .unwrap_or_default();
        let name_area = Rect::new(rows_area.x + 2, y, cols.name_w, 1);
        if i == selected {
            put_selected(
                buf,
                p,
                name_area,
                &prov.name,
                Align::Left,
                app.theme().text(),
                app.theme().selected(),
            );
        } else {
            put(
                buf,
                p,
                name_area,
                &prov.name,
                Align::Left,
                app.theme().text(),
            );
        }
        let unit = status.and_then(|s| s.unit(&prov.code));
        let [state, count, when, by] = status_texts(unit);
        let state_style: Style = match unit.map(UnitStatus::state) {
            Some(UnitState::Submitted) => app.theme().header(),
            Some(UnitState::Entering) => app.theme().text(),
            _ => app.theme().dim(),
        };
        let mut texts = vec![
            (prov.code.clone(), app.theme().dim()),
            (state, state_style),
            (count, app.theme().text()),
            (when, app.theme().dim()),
        ];
        if cols.by {
            texts.push((by, app.theme().dim()));
        }
        texts.push((done, app.theme().derived()));
        for ((x, w, align), (text, style)) in cells.iter().zip(texts) {
            put(buf, p, Rect::new(*x, y, *w, 1), &text, *align, style);
        }
    }
    cursor
}
