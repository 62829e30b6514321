//! Ranking screen: one indicator (← → to change), provinces in rank order
//! respecting its direction (ties share a rank), each with its value, a
//! gauge of % of plan with the number beside it (readable without colour),
//! last year's value and the change; provinces without a value last as
//! "chưa báo cáo". F9 switches to a bar chart of the values.

use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::widgets::Widget;
use rust_decimal::Decimal;

use super::grid::Grid;
use super::paint::{below, line, put};
use crate::io::review_tables::{self, NOT_REPORTED, RankLine};
use crate::io::table::{Column, Row, Table};
use crate::model::{Direction, Indicator};
use crate::tui::app::App;
use crate::tui::layout::RANKING_PINS;
use crate::tui::vn::{Align, Profile, pad, width};

/// Cells of a % of plan gauge.
pub const GAUGE_WIDTH: usize = 10;

/// A bar of `cells` cells filled in proportion to `share` (0..1, capped).
pub fn bar(profile: &Profile, share: Decimal, cells: usize) -> String {
    let s = profile.symbols();
    let share = share.clamp(Decimal::ZERO, Decimal::ONE);
    let filled = (share * Decimal::from(cells))
        .round()
        .to_string()
        .parse::<usize>()
        .unwrap_or(0)
        .min(cells);
    format!(
        "{}{}",
        s.gauge_filled.repeat(filled),
        s.gauge_empty.repeat(cells - filled)
    )
}

/// The gauge of % of plan with its number: `███████░░░  76,64%`.
pub fn gauge(profile: &Profile, pct: Option<Decimal>) -> String {
    match pct {
        Some(p) => format!(
            "{} {}",
            bar(profile, p / Decimal::ONE_HUNDRED, GAUGE_WIDTH),
            pad(&review_tables::percent(p), 7, Align::Right)
        ),
        None => String::new(),
    }
}

/// The ranking table as drawn: the % of plan column carries the gauge.
pub fn screen_table(profile: &Profile, table: &Table, lines: &[RankLine]) -> Table {
    let mut t = table.clone();
    if let Some(c) = t.columns.get_mut(3) {
        *c = Column::left("% kế hoạch");
    }
    for (row, line) in t.rows.iter_mut().zip(lines) {
        if let Row::Cells(cells) = row
            && let Some(cell) = cells.get_mut(3)
        {
            *cell = gauge(profile, line.plan_pct);
        }
    }
    t
}

fn direction_label(ind: &Indicator) -> &'static str {
    match ind.direction {
        Direction::LowerBetter => "thấp hơn là tốt hơn",
        Direction::HigherBetter => "cao hơn là tốt hơn",
        Direction::Neutral => "trung tính",
    }
}

pub fn render(app: &App, area: Rect, buf: &mut Buffer) -> Option<Position> {
    let area = area.intersection(buf.area);
    let (p, t) = (app.profile(), app.theme());
    let d = app.data().period_data();
    let state = &app.review().ranking;
    let list = d.ranked_indicators();
    let Some(&ind) = list.get(state.indicator) else {
        let text = format!("Xếp hạng — kỳ {}: chưa có số liệu", d.period);
        line(buf, p, area, &text, t.table_header());
        return None;
    };
    let s = p.symbols();
    let title = format!(
        "Xếp hạng {} {}/{} {} {} ({}) — kỳ {}",
        s.arrow_left,
        state.indicator + 1,
        list.len(),
        s.arrow_right,
        ind.name,
        ind.unit,
        d.period
    );
    line(buf, p, area, &title, t.table_header());
    let sub = format!(
        "{}; bằng nhau cùng hạng. {}",
        direction_label(ind),
        if state.chart {
            "F9: bảng"
        } else {
            "F9: biểu đồ"
        }
    );
    line(buf, p, below(area, 1), &sub, t.text());
    let body = below(area, 2);
    let lines = review_tables::rank_lines(d.cluster, d.figures, d.period, ind);
    if state.chart {
        chart(app, ind, &lines, state.row, body, buf);
    } else {
        let table = review_tables::ranking_of(d.cluster, d.period, ind, &lines);
        let shown = screen_table(p, &table, &lines);
        Grid::new(app, &shown, RANKING_PINS)
            .selected(state.row)
            .render(body, buf);
    }
    None
}

/// Horizontal bars of the values, longest = the largest value.
fn chart(
    app: &App,
    ind: &Indicator,
    lines: &[RankLine],
    selected: usize,
    area: Rect,
    buf: &mut Buffer,
) {
    if area.width == 0 || area.height == 0 {
        return;
    }
    let profile = app.profile();
    let name_w = lines
        .iter()
        .map(|l| profile.width(&l.name))
        .max()
        .unwrap_or(0)
        .min(16);
    let values: Vec<String> = lines
        .iter()
        .map(|l| {
            l.value
                .map(|v| review_tables::shown(ind, v))
                .unwrap_or_default()
        })
        .collect();
    let value_w = values.iter().map(|v| width(v)).max().unwrap_or(0);
    let bar_w = usize::from(area.width).saturating_sub(name_w + value_w + 2);
    let max = lines
        .iter()
        .filter_map(|l| l.value)
        .map(|v| v.abs())
        .max()
        .unwrap_or(Decimal::ZERO);
    let offset = (selected + 1).saturating_sub(usize::from(area.height));
    for (k, (line, value)) in lines
        .iter()
        .zip(&values)
        .skip(offset)
        .take(usize::from(area.height))
        .enumerate()
    {
        let text = match line.value {
            Some(v) => {
                let share = if max.is_zero() || v < Decimal::ZERO {
                    Decimal::ZERO
                } else {
                    v / max
                };
                let filled = bar(profile, share, bar_w);
                // Only the filled part: the empty part would read as a scale.
                let full = profile.symbols().gauge_filled;
                let n = filled.matches(full).count();
                format!(
                    "{} {} {}",
                    profile.fit(&line.name, name_w, Align::Left),
                    pad(&full.repeat(n), bar_w, Align::Left),
                    pad(value, value_w, Align::Right)
                )
            }
            None => format!(
                "{} {NOT_REPORTED}",
                profile.fit(&line.name, name_w, Align::Left)
            ),
        };
        let style = if k + offset == selected {
            app.theme().table_selected()
        } else {
            app.theme().text()
        };
        let at = Rect::new(area.x, area.y + k as u16, area.width, 1);
        put(buf, profile, at, &text, Align::Left, style);
    }
}
