//! Matrix: one period, provinces × indicators, the meeting screen. Frozen
//! province and rank columns, indicator columns scrolled whole, the cluster
//! figure computed by the rule and the cluster's own reported figure
//! (`CLUSTER`, typed like a province's, marked `!` where it differs from
//! the computed one) in the last two rows; rank and cluster follow every
//! commit. Figures
//! derived from other indicators (a share of plan, a Ratio share) fill the
//! cells no province typed, in the derived style.

use std::collections::HashMap;

use rust_decimal::Decimal;

use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};

use super::figure;
use super::paint::{frame_block, input_field, put, put_selected};
use crate::model::Indicator;
use crate::tui::app::App;
use crate::tui::layout::{
    self, MATRIX_COL_W as COL_W, MATRIX_NAME_W as NAME_W, MATRIX_RANK_W as RANK_W,
};
use crate::tui::vn::{self, Align};

pub fn render(app: &App, area: Rect, buf: &mut Buffer) -> Option<Position> {
    let inner = frame_block(app, area, "Tỉnh × chỉ tiêu", buf);
    if inner.height < 4 || inner.width < NAME_W + RANK_W + COL_W {
        return None;
    }
    let p = app.profile();
    let t = app.theme();
    let period = app.data().period;
    let m = app.matrix();
    let indicators = &app.data().cluster.indicators;
    let current = indicators.get(m.column);

    // Line 0: the current indicator in full, and at the right end how many
    // provinces have a figure in the column (derived ones too: see
    // indicator_completeness). The count keeps its place, so moving to a
    // column with the same count rewrites only the name.
    if let Some(ind) = current {
        let done =
            app.data()
                .figures
                .indicator_completeness(&app.data().cluster, period, &ind.code);
        // On the cluster's reported row: the computed figure beside it
        // where the two differ.
        let computed = app
            .data()
            .figures
            .cluster_computed(&app.data().cluster, period, ind);
        let reported = app
            .data()
            .figures
            .cluster_reported(period, &ind.code)
            .map(|f| f.value);
        let count = match (app.matrix_on_cluster_row(), computed) {
            (true, Some(c)) if reported_text(ind, reported, Some(c)).ends_with(DIFFERS_MARK) => {
                format!(
                    " {DIFFERS_MARK} khác số tính {}",
                    vn::number(c, ind.decimals)
                )
            }
            _ => format!(" {done} tỉnh"),
        };
        let count_w = (p.width(&count) as u16).min(inner.width / 3);
        let name_w = inner.width - count_w;
        put(
            buf,
            p,
            Rect::new(inner.x, inner.y, name_w, 1),
            &format!("{} ({})", ind.name, ind.unit),
            Align::Left,
            t.header(),
        );
        put(
            buf,
            p,
            Rect::new(inner.x + name_w, inner.y, count_w, 1),
            &count,
            Align::Right,
            t.header(),
        );
    }

    // Line 1: headers.
    let y = inner.y + 1;
    let h = t.header();
    put(
        buf,
        p,
        Rect::new(inner.x, y, NAME_W, 1),
        "Tỉnh",
        Align::Left,
        h,
    );
    put(
        buf,
        p,
        Rect::new(inner.x + NAME_W, y, RANK_W, 1),
        "Hạng",
        Align::Right,
        h,
    );
    let count = layout::matrix_columns(app.size(), m.offset, indicators.len());
    let x_of = |k: usize| inner.x + NAME_W + RANK_W + 1 + k as u16 * (COL_W + 1);
    let shown: Vec<(usize, &Indicator)> = indicators
        .iter()
        .enumerate()
        .skip(m.offset)
        .take(count)
        .filter(|(k, _)| x_of(k - m.offset) + COL_W <= inner.right())
        .collect();
    // The current column is named in full on line 0; its header is not
    // highlighted, so moving right rewrites no headers. Headers are cut so
    // that a base and its variants stay apart ("…đạt % k…").
    let labels = app.labels().at(usize::from(COL_W));
    for (k, _) in &shown {
        put(
            buf,
            p,
            Rect::new(x_of(k - m.offset), y, COL_W, 1),
            labels.get(*k).map_or("", String::as_str),
            Align::Left,
            h,
        );
    }

    // Province rows (below them: the legend, the two cluster rows).
    let rows_h = usize::from(inner.height - 4);
    let row_offset = m.row.saturating_sub(rows_h.saturating_sub(1));
    let ranks: HashMap<String, usize> = current
        .map(|ind| {
            app.data()
                .figures
                .ranking(&app.data().cluster, period, ind)
                .into_iter()
                .map(|r| (r.province, r.rank))
                .collect()
        })
        .unwrap_or_default();
    let mut cursor = None;
    for (r, prov) in app
        .data()
        .provinces
        .iter()
        .enumerate()
        .skip(row_offset)
        .take(rows_h)
    {
        let y = inner.y + 2 + (r - row_offset) as u16;
        put(
            buf,
            p,
            Rect::new(inner.x, y, NAME_W, 1),
            &prov.name,
            Align::Left,
            t.text(),
        );
        let rank = ranks
            .get(&prov.code)
            .map(|r| r.to_string())
            .unwrap_or_default();
        put(
            buf,
            p,
            Rect::new(inner.x + NAME_W, y, RANK_W, 1),
            &rank,
            Align::Right,
            t.derived(),
        );
        for (k, ind) in &shown {
            let area = Rect::new(x_of(k - m.offset), y, COL_W, 1);
            let selected = r == m.row && *k == m.column;
            match (&app.editor(), selected) {
                // A comment is typed on the title line, not in the cell.
                (Some(ed), true) if !ed.comment => {
                    let style = if ed.selected {
                        t.selected()
                    } else {
                        t.editing()
                    };
                    cursor = input_field(buf, p, area, &ed.input, style);
                }
                _ => {
                    // A figure derived from other indicators shows in the
                    // derived style; typing over it stores the province's own.
                    let shown = app.data().figures.shown_actual(
                        &app.data().cluster,
                        period,
                        &prov.code,
                        ind,
                    );
                    let style = match shown {
                        Some(s) if s.is_derived() => t.derived(),
                        _ => t.text(),
                    };
                    let v = figure::shown_text(ind, shown);
                    let key = crate::model::ValueKey::new(
                        period,
                        &prov.code,
                        &ind.code,
                        crate::model::Kind::Actual,
                    );
                    let v = figure::marked(&v, app.data().figure(&key), usize::from(COL_W));
                    let v = figure::in_column(&v, usize::from(COL_W));
                    if selected {
                        put_selected(buf, p, area, &v, Align::Right, style, t.selected());
                    } else {
                        put(buf, p, area, &v, Align::Right, style);
                    }
                }
            }
        }
    }

    // Where a row is left between the provinces and the cluster row, say
    // what the derived style means (ranks, cluster row, shares worked out
    // from other figures). Static: it costs no byte per key.
    if app.data().provinces.len() < rows_h {
        let legend = if t.color {
            "Số màu xanh lơ: tính ra (hạng, cả cụm, tỷ lệ từ số khác), không nhập"
        } else {
            "Số in nghiêng: tính ra (hạng, cả cụm, tỷ lệ từ số khác), không nhập"
        };
        put(
            buf,
            p,
            Rect::new(inner.x, inner.bottom() - 3, inner.width, 1),
            legend,
            Align::Left,
            t.dim(),
        );
    }

    // The cluster: computed by the criterion's rule, then the figure
    // reported for the whole cluster (a cell the officer may type into).
    let computed_y = inner.bottom() - 2;
    let reported_y = inner.bottom() - 1;
    let on_cluster = app.matrix_on_cluster_row();
    for (y, label) in [(computed_y, "Cả cụm: tính"), (reported_y, "Cả cụm: b.cáo")] {
        put(
            buf,
            p,
            Rect::new(inner.x, y, NAME_W + RANK_W, 1),
            label,
            Align::Left,
            t.header(),
        );
    }
    let figures = &app.data().figures;
    for (k, ind) in &shown {
        let x = x_of(k - m.offset);
        let computed = figures.cluster_computed(&app.data().cluster, period, ind);
        let v = computed
            .map(|v| vn::number(v, ind.decimals))
            .unwrap_or_default();
        let v = figure::in_column(&v, usize::from(COL_W));
        put(
            buf,
            p,
            Rect::new(x, computed_y, COL_W, 1),
            &v,
            Align::Right,
            t.derived(),
        );
        let area = Rect::new(x, reported_y, COL_W, 1);
        let selected = on_cluster && *k == m.column;
        match (&app.editor(), selected) {
            (Some(ed), true) => {
                let style = if ed.selected {
                    t.selected()
                } else {
                    t.editing()
                };
                cursor = input_field(buf, p, area, &ed.input, style);
            }
            _ => {
                let reported = figures.cluster_reported(period, &ind.code).map(|f| f.value);
                let text = reported_text(ind, reported, computed);
                let text = figure::in_column(&text, usize::from(COL_W));
                if selected {
                    put_selected(buf, p, area, &text, Align::Right, t.text(), t.selected());
                } else {
                    put(buf, p, area, &text, Align::Right, t.text());
                }
            }
        }
    }
    cursor
}

/// The mark of a reported cluster figure that differs from the computed one.
pub const DIFFERS_MARK: char = '!';

/// The cluster's reported figure as typed, marked where the computed one
/// (at the criterion's decimals) says otherwise.
fn reported_text(ind: &Indicator, reported: Option<Decimal>, computed: Option<Decimal>) -> String {
    let Some(r) = reported else {
        return String::new();
    };
    let text = vn::figure(r, ind);
    match computed {
        Some(c) if c.round_dp(ind.decimals) != r.round_dp(ind.decimals) => {
            format!("{text}{DIFFERS_MARK}")
        }
        _ => text,
    }
}
