//! Score screen: provinces × points per indicator group, total and rank.
//! Enter opens one province's detail: every scored indicator with its
//! weight and points, and for the selected one the values, the basis and
//! the formula, so each point can be traced; F2 (or a digit) edits that
//! indicator's weight, which the application writes through the audited
//! `Store::set_weight`.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::Widget;

use super::grid::Grid;
use super::review::{DetailState, ScoreState};
use super::summary::{below, heading, heading_plain};
use crate::io::review_tables;
use crate::io::table::{Column, Row, Table};
use crate::model::PeriodData;
use crate::model::score::{Basis, detail, score_table};
use crate::text::profile::Profile;

pub struct ScoreView<'a> {
    pub data: PeriodData<'a>,
    pub state: &'a ScoreState,
    pub profile: &'a Profile,
}

impl Widget for &ScoreView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let area = area.intersection(buf.area);
        match &self.state.detail {
            Some(d) => render_detail(self, d, area, buf),
            None => {
                let data = self.data;
                let scores = score_table(data.cluster, data.figures, data.period);
                let table = review_tables::score(data.cluster, &scores);
                heading(
                    buf,
                    self.profile,
                    area,
                    &format!("{} (Enter: chi tiết một tỉnh)", table.title),
                );
                let grid = Grid {
                    table: &table,
                    profile: self.profile,
                    selected: Some(self.state.table.row),
                    col_offset: self.state.table.col,
                    pinned_left: 2,
                    pinned_right: 1,
                    min_first: 4,
                };
                let body = below(area, 1);
                let rows = (table.rows.len() + 1) as u16;
                (&grid).render(
                    Rect::new(body.x, body.y, body.width, body.height.min(rows)),
                    buf,
                );
                let rest = below(body, rows.min(body.height) + 1);
                if rest.height > 0 {
                    let note = table.notes.first().map(String::as_str).unwrap_or("");
                    heading_plain(buf, self.profile, rest, note);
                }
            }
        }
    }
}

fn render_detail(view: &ScoreView, state: &DetailState, area: Rect, buf: &mut Buffer) {
    let data = view.data;
    let full =
        review_tables::score_detail(data.cluster, data.figures, data.period, &state.province);
    heading(
        buf,
        view.profile,
        area,
        &format!("{} (F2: sửa trọng số, Esc: về bảng điểm)", full.title),
    );
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
    let box_h: u16 = 6;
    let list_h = body.height.saturating_sub(box_h).max(body.height.min(2));
    let grid = Grid {
        table: &list,
        profile: view.profile,
        selected: Some(state.row),
        col_offset: 0,
        pinned_left: 1,
        pinned_right: 0,
        min_first: 20,
    };
    (&grid).render(Rect::new(body.x, body.y, body.width, list_h), buf);

    let inds = data.scored_indicators();
    let Some(ind) = inds.get(state.row.min(inds.len().saturating_sub(1))) else {
        return;
    };
    let Some(points) = detail(
        data.cluster,
        data.figures,
        data.period,
        &state.province,
        &ind.code,
    ) else {
        return;
    };
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
    let weight_line = match (&state.weight_input, &state.error) {
        (Some(input), Some(err)) => format!("Trọng số mới: {input}_   {err}"),
        (Some(input), None) => format!("Trọng số mới: {input}_   (Enter: lưu, Esc: thôi)"),
        (None, _) => format!(
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
    for (i, line) in lines.iter().enumerate() {
        let y = start + i as u16;
        if y >= body.bottom() {
            break;
        }
        heading_plain(buf, view.profile, Rect::new(body.x, y, body.width, 1), line);
    }
}
