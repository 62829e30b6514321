//! Entry: one province, one period. Indicators grouped as in the report,
//! with plan, actual, % of plan, same period last year and change. Only the
//! selected cell is highlighted, so moving rewrites two cells. An actual
//! derived from other indicators (a share of plan, a Ratio share) shows
//! where no figure was typed, in the derived style.

use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;

use super::figure;
use super::paint::{frame_block, input_field, put, put_selected};
use crate::model::{Indicator, Shown};
use crate::tui::app::{App, EntryColumn, EntryRow};
use crate::tui::layout::EntryColumns;
use crate::tui::vn::{self, Align};

pub fn render(app: &App, area: Rect, buf: &mut Buffer) -> Option<Position> {
    let title = match app.entry_province() {
        Some(p) => format!("{} ({})", p.name, p.code),
        None => String::new(),
    };
    let inner = frame_block(app, area, &title, buf);
    if inner.height < 2 || inner.width < 20 {
        return None;
    }
    let cols = EntryColumns::for_width(inner.width);
    let xs = cols.xs();
    let at = |i: usize, w: u16, y: u16| Rect::new(inner.x + xs[i], y, w, 1);
    let h = app.theme().header();
    let p = app.profile();
    let y = inner.y;
    put(buf, p, at(0, cols.name, y), "Chỉ tiêu", Align::Left, h);
    put(buf, p, at(1, cols.unit, y), "Đơn vị", Align::Left, h);
    put(buf, p, at(2, cols.number, y), "Kế hoạch", Align::Right, h);
    put(buf, p, at(3, cols.number, y), "Thực hiện", Align::Right, h);
    put(buf, p, at(4, cols.pct, y), "% KH", Align::Right, h);
    put(buf, p, at(5, cols.number, y), "Cùng kỳ", Align::Right, h);
    put(buf, p, at(6, cols.change, y), "Tăng/giảm", Align::Right, h);

    let visible = usize::from(inner.height - 1);
    let e = app.entry();
    let offset = e.offset;
    // Names cut so that a base and its variants stay apart
    // ("Kim ngạch xuất…", "…đạt % kế hoạch"), over all indicators: a label
    // does not change as the rows scroll.
    let labels = app.labels().at(usize::from(cols.name));
    let mut cursor = None;
    for (i, row) in e.rows.iter().enumerate().skip(offset).take(visible) {
        let y = inner.y + 1 + (i - offset) as u16;
        match row {
            EntryRow::Group(g) => {
                let name = e.groups.get(*g).map(String::as_str).unwrap_or("");
                put(
                    buf,
                    p,
                    Rect::new(inner.x, y, inner.width, 1),
                    name,
                    Align::Left,
                    app.theme().group(),
                );
            }
            EntryRow::Indicator(index) => {
                let Some(ind) = app.indicator(*index) else {
                    continue;
                };
                let selected = (i == e.row).then_some(e.column);
                let label = labels.get(*index).map_or(ind.name.as_str(), String::as_str);
                let row = RowAt {
                    x0: inner.x,
                    y,
                    label,
                };
                if let Some(c) = indicator_row(app, ind, selected, &cols, row, buf) {
                    cursor = Some(c);
                }
            }
        }
    }
    cursor
}

/// Where an indicator row is drawn, and the name it shows.
struct RowAt<'a> {
    x0: u16,
    y: u16,
    label: &'a str,
}

fn indicator_row(
    app: &App,
    ind: &Indicator,
    selected: Option<EntryColumn>,
    cols: &EntryColumns,
    RowAt { x0, y, label }: RowAt,
    buf: &mut Buffer,
) -> Option<Position> {
    let xs = cols.xs();
    let at = |i: usize, w: u16| Rect::new(x0 + xs[i], y, w, 1);
    let p = app.profile();
    let t = app.theme();
    let period = app.data().period;
    let code = &app.entry().province;
    let f = &app.data().figures;
    let keys: Vec<_> = [
        EntryColumn::Plan,
        EntryColumn::Actual,
        EntryColumn::LastYear,
    ]
    .into_iter()
    .filter_map(|c| app.entry_key(ind, c))
    .collect();
    if keys.iter().any(|k| app.data().saved.contains(k)) {
        put(
            buf,
            p,
            Rect::new(x0, y, cols.mark, 1),
            p.symbols().saved,
            Align::Left,
            t.ok(),
        );
    }
    put(buf, p, at(0, cols.name), label, Align::Left, t.text());
    put(buf, p, at(1, cols.unit), &ind.unit, Align::Left, t.dim());
    let mut cursor = None;
    let mut cell =
        |col: EntryColumn, slot: usize, (text, style): (String, Style), buf: &mut Buffer| {
            let area = at(slot, cols.number);
            // The report's qualifiers of a stored figure: a mark before it.
            let stored = app.entry_key(ind, col).and_then(|k| app.data().figure(&k));
            let text = figure::marked(&text, stored, usize::from(cols.number));
            let text = figure::in_column(&text, usize::from(cols.number));
            match (selected == Some(col), &app.editor()) {
                // A comment is typed on the title line, not in the cell.
                (true, Some(ed)) if !ed.comment => {
                    let style = if ed.selected {
                        t.selected()
                    } else {
                        t.editing()
                    };
                    cursor = input_field(buf, p, area, &ed.input, style);
                }
                (true, _) => put_selected(buf, p, area, &text, Align::Right, style, t.selected()),
                (false, _) => put(buf, p, area, &text, Align::Right, style),
            }
        };
    // A figure derived from other indicators (no own figure stored) shows
    // in the derived style; typing over it stores the province's own.
    let shown = |s: Option<Shown>| {
        let style = match s {
            Some(s) if s.is_derived() => t.derived(),
            _ => t.text(),
        };
        (figure::shown_text(ind, s), style)
    };
    let cluster = &app.data().cluster;
    let plan = f
        .plan(period, code, &ind.code)
        .map(|v| figure::text(ind, v, false))
        .unwrap_or_default();
    cell(EntryColumn::Plan, 2, (plan, t.text()), buf);
    let actual = f.shown_actual(cluster, period, code, ind);
    let last_year = f.shown_last_year(cluster, period, code, ind);
    cell(EntryColumn::Actual, 3, shown(actual), buf);
    let last_year_cell = match last_year {
        None if figure::composed_without_number(app.data(), code, ind) => {
            (figure::COMPOSED_MARK.to_string(), t.derived())
        }
        _ => shown(last_year),
    };
    cell(EntryColumn::LastYear, 5, last_year_cell, buf);
    // At the report's precision (76,64) where the column has room, as the
    // share-of-plan rows below their base show it; fewer decimals otherwise.
    let pct = f
        .plan_pct(period, code, &ind.code)
        .map(|v| {
            (0..=2)
                .rev()
                .map(|d| vn::number(v, d))
                .find(|s| p.width(s) <= usize::from(cols.pct))
                .unwrap_or_else(|| vn::number(v, 0))
        })
        .unwrap_or_default();
    let pct = figure::in_column(&pct, usize::from(cols.pct));
    put(buf, p, at(4, cols.pct), &pct, Align::Right, t.derived());
    // Figures::shown_change, from the two figures already at hand.
    let change = actual
        .zip(last_year)
        .and_then(|(a, l)| crate::model::derived::change(a.value, l.value))
        .map(|c| crate::io::review_tables::change_text(ind, &c))
        .unwrap_or_default();
    let change = figure::in_column(&change, usize::from(cols.change));
    put(
        buf,
        p,
        at(6, cols.change),
        &change,
        Align::Right,
        t.derived(),
    );
    cursor
}
