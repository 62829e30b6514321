//! Score screen: the covenant score (`score_sheet`: the ranking by final
//! score, a unit's score sheet). Where the period's covenant year has no
//! points scale, today's weight-based table: provinces × points per
//! indicator group, total and rank.

use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::widgets::Widget;

use super::grid::Grid;
use super::paint::{below, input_field, line, put};
use crate::io::review_tables;
use crate::io::table::{Column, Row, Table};
use crate::model::score::{Basis, detail, score_table};
use crate::tui::app::App;
use crate::tui::app::review::DetailState;
use crate::tui::layout::{self, SCORE_DETAIL_PINS, SCORE_PINS};
use crate::tui::vn::Align;

pub fn render(app: &App, area: Rect, buf: &mut Buffer) -> Option<Position> {
    let area = area.intersection(buf.area);
    let book = &app.covenant_score().book;
    if let Some(error) = &book.error {
        line(buf, app.profile(), area, error, app.theme().error());
        return None;
    }
    if let Some(score) = book.score.as_ref().filter(|s| s.has_scale()) {
        return super::score_sheet::render(app, score, area, buf);
    }
    let state = &app.review().score;
    if let Some(d) = &state.detail {
        return render_detail(app, d, area, buf);
    }
    let (p, t) = (app.profile(), app.theme());
    let data = app.data().period_data();
    let scores = score_table(data.cluster, data.figures, data.period);
    let table = review_tables::score(data.cluster, &scores);
    let title = format!("{} (năm này chưa có thang điểm giao ước)", table.title);
    line(buf, p, area, &title, t.table_header());
    let body = below(area, 1);
    let rows = (table.rows.len() + 1) as u16;
    Grid::new(app, &table, SCORE_PINS)
        .selected(state.table.row)
        .scrolled(state.table.col)
        .render(
            Rect::new(body.x, body.y, body.width, body.height.min(rows)),
            buf,
        );
    let rest = below(body, rows.min(body.height) + 1);
    let note = table.notes.first().map(String::as_str).unwrap_or("");
    line(buf, p, rest, note, t.text());
    None
}

fn render_detail(app: &App, state: &DetailState, area: Rect, buf: &mut Buffer) -> Option<Position> {
    let (p, t) = (app.profile(), app.theme());
    let data = app.data().period_data();
    let full =
        review_tables::score_detail(data.cluster, data.figures, data.period, &state.province);
    let title = format!("{} (F2: sửa trọng số, Esc: về bảng điểm)", full.title);
    line(buf, p, area, &title, t.table_header());
    // The list: indicator, weight, points (the full rows are copied).
    let mut list = Table::new(
        full.title.clone(),
        vec![
            Column::left("Chỉ tiêu"),
            Column::right("Trọng số"),
            Column::right("Điểm"),
        ],
    );
    for row in &full.rows {
        if let Row::Cells(c) = row {
            list.push(vec![c[0].clone(), c[3].clone(), c[5].clone()]);
        }
    }
    let body = below(area, 1);
    let list_h = layout::score_detail_list_height(area.height);
    Grid::new(app, &list, SCORE_DETAIL_PINS)
        .selected(state.row)
        .render(Rect::new(body.x, body.y, body.width, list_h), buf);

    let inds = data.scored_indicators();
    let ind = inds.get(state.row)?;
    let points = detail(
        data.cluster,
        data.figures,
        data.period,
        &state.province,
        &ind.code,
    )?;
    let actual = data
        .figures
        .shown_value(data.cluster, data.period, &state.province, ind)
        .map(|v| review_tables::shown(ind, v))
        .unwrap_or_else(|| review_tables::NOT_REPORTED.to_string());
    let plan = data
        .figures
        .plan(data.period, &state.province, &ind.code)
        .map(|v| review_tables::num_exact(v, ind.decimals))
        .unwrap_or_else(|| "không có".to_string());
    let weight_line = match &state.weight {
        Some(_) => String::new(),
        None => format!(
            "Trọng số: {} (F2 để sửa; mọi thay đổi ghi vào nhật ký)",
            review_tables::num_exact(ind.weight, 0)
        ),
    };
    let lines = [
        format!("{} ({})", ind.name, ind.unit),
        format!(
            "Thực hiện {}: {actual}   Kế hoạch {}: {plan}",
            data.period,
            data.period.year_period()
        ),
        format!("Cách tính: {}", review_tables::basis_label(&points)),
        match points.basis {
            Basis::Plan { .. } | Basis::Rank { .. } => {
                format!("{} điểm", points.formula(ind.decimals, &review_tables::num))
            }
            _ => points.formula(ind.decimals, &review_tables::num),
        },
        weight_line,
    ];
    let start = body.y + list_h + 1;
    for (i, text) in lines.iter().enumerate() {
        let y = start + i as u16;
        if y >= body.bottom() {
            break;
        }
        line(buf, p, Rect::new(body.x, y, body.width, 1), text, t.text());
    }
    // The weight being typed: the same text field as a cell's.
    let editor = state.weight.as_ref()?;
    let y = start + lines.len() as u16 - 1;
    if y >= body.bottom() {
        return None;
    }
    let label = "Trọng số mới: ";
    let lw = (p.width(label) as u16).min(body.width);
    put(
        buf,
        p,
        Rect::new(body.x, y, lw, 1),
        label,
        Align::Left,
        t.text(),
    );
    let field_w = WEIGHT_FIELD.min(body.width - lw);
    let field = Rect::new(body.x + lw, y, field_w, 1);
    let style = if editor.selected {
        t.selected()
    } else {
        t.editing()
    };
    let cursor = input_field(buf, p, field, &editor.input, style);
    let after = match &state.error {
        Some(err) => err.as_str(),
        None => "Enter: lưu · Esc: thôi",
    };
    let x = body.x + lw + field_w + 1;
    let rest = body.right().saturating_sub(x);
    put(
        buf,
        p,
        Rect::new(x, y, rest, 1),
        after,
        Align::Left,
        t.text(),
    );
    cursor
}

/// Columns of the weight field.
const WEIGHT_FIELD: u16 = 10;
