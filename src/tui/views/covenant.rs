//! The covenant screen: a line of sections (criteria, members, units, the
//! shown one highlighted), the section's list with its editable fields
//! as columns (as many as fit after the name; the selected field's always
//! among them), and at the foot the selected item whole — or the text
//! field while an admin types.

use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};

use super::paint::{frame_block, input_field, put, put_selected};
use crate::model::covenant::CovenantYear;
use crate::model::criterion::Criterion;
use crate::model::unit::Unit;
use crate::tui::app::{App, CovenantField as Field, Section};
use crate::tui::vn::Align;

/// Columns: the code, the name (at least this wide), then the fields.
const CODE_W: u16 = 14;
const NAME_MIN_W: u16 = 20;

pub fn render(app: &App, area: Rect, buf: &mut Buffer) -> Option<Position> {
    let s = app.covenant_screen();
    let year = app.covenant_year();
    let title = match year {
        Some(y) => format!("Giao ước năm {} · {}", y.year, y.cluster_name),
        None => format!("Giao ước · chưa có năm {}", app.data().period.year),
    };
    let inner = frame_block(app, area, &title, buf);
    if inner.height < 5 || inner.width < 30 {
        return None;
    }
    let p = app.profile();
    let t = app.theme();

    // Line 0: the sections, and why the lists are read-only.
    let mut x = inner.x;
    for section in Section::ALL {
        let count = match section {
            Section::Criteria => year.map_or(0, |y| y.criteria.len()),
            Section::Members => year.map_or(0, |y| y.members.len()),
            Section::Units => s.units().len(),
        };
        let label = format!(" {} ({count}) ", section.title());
        let w = p.width(&label) as u16;
        if x + w > inner.right() {
            break;
        }
        let style = if section == s.section {
            t.selected()
        } else {
            t.header()
        };
        put(
            buf,
            p,
            Rect::new(x, inner.y, w, 1),
            &label,
            Align::Left,
            style,
        );
        x += w + 1;
    }
    if app.covenant_read_only().is_some() && x + 12 < inner.right() {
        put(
            buf,
            p,
            Rect::new(x, inner.y, inner.right() - x, 1),
            "chỉ xem",
            Align::Right,
            t.dim(),
        );
    }

    // Line 1: headings; then the rows; two lines at the foot.
    let fields = s.section.fields();
    // A unit's history takes what the name leaves.
    let history_w = inner.width.saturating_sub(CODE_W + 1 + NAME_MIN_W + 1);
    let field_w = |f: &Field| -> u16 {
        match f {
            Field::Name | Field::UnitName => 0,
            Field::Unit => 11,
            Field::Decimals => 5,
            Field::Min | Field::Max => 9,
            Field::Rule => 16,
            Field::InCovenant => 8,
            Field::Role => 12,
            Field::Merger => history_w,
        }
    };
    // The fields shown as columns beside the name: from the first, as
    // many as leave the name its width, the selected one always.
    let room = inner.width.saturating_sub(CODE_W + 1 + NAME_MIN_W);
    let mut columns: Vec<usize> = Vec::new();
    let mut used = 0;
    for (i, f) in fields.iter().enumerate() {
        let w = field_w(f);
        if w == 0 {
            continue;
        }
        if used + w < room {
            columns.push(i);
            used += w + 1;
        }
    }
    if !columns.contains(&s.field) && field_w(&fields[s.field]) > 0 {
        while used + field_w(&fields[s.field]) + 1 > room {
            let Some(last) = columns.pop() else { break };
            used -= field_w(&fields[last]) + 1;
        }
        columns.push(s.field);
        columns.sort();
        used += field_w(&fields[s.field]) + 1;
    }
    let name_w = inner.width.saturating_sub(CODE_W + 1 + used);
    let heading_y = inner.y + 1;
    put(
        buf,
        p,
        Rect::new(inner.x, heading_y, CODE_W, 1),
        "Mã",
        Align::Left,
        t.header(),
    );
    put(
        buf,
        p,
        Rect::new(inner.x + CODE_W + 1, heading_y, name_w, 1),
        "Tên",
        Align::Left,
        t.header(),
    );
    let col_x = |k: usize| -> u16 {
        let before: u16 = columns[..k].iter().map(|i| field_w(&fields[*i]) + 1).sum();
        inner.x + CODE_W + 1 + name_w + 1 + before
    };
    for (k, i) in columns.iter().enumerate() {
        let f = &fields[*i];
        put(
            buf,
            p,
            Rect::new(col_x(k), heading_y, field_w(f), 1),
            f.heading(),
            Align::Left,
            t.header(),
        );
    }
    let rows_h = usize::from(inner.height.saturating_sub(4));
    let rows = rows_of(app, year, s.section);
    if rows.is_empty() {
        put(
            buf,
            p,
            Rect::new(inner.x, inner.y + 2, inner.width, 1),
            "Chưa có mục nào (Ctrl+N: thêm; hoặc thidua covenant import)",
            Align::Left,
            t.dim(),
        );
    }
    for (r, row) in rows.iter().enumerate().skip(s.offset).take(rows_h) {
        let y = inner.y + 2 + (r - s.offset) as u16;
        let selected = r == s.row;
        let code_style = if selected { t.selected() } else { t.text() };
        put(
            buf,
            p,
            Rect::new(inner.x, y, CODE_W, 1),
            &row.code,
            Align::Left,
            code_style,
        );
        let name_field = fields.iter().position(|f| field_w(f) == 0);
        let cell = |buf: &mut Buffer, area: Rect, text: &str, here: bool| {
            if selected && here && s.editor.is_none() {
                put_selected(buf, p, area, text, Align::Left, t.text(), t.selected());
            } else {
                put(buf, p, area, text, Align::Left, t.text());
            }
        };
        cell(
            buf,
            Rect::new(inner.x + CODE_W + 1, y, name_w, 1),
            &row.name,
            name_field == Some(s.field),
        );
        for (k, i) in columns.iter().enumerate() {
            let area = Rect::new(col_x(k), y, field_w(&fields[*i]), 1);
            let text = row.fields.get(*i).map_or("", String::as_str);
            cell(buf, area, text, *i == s.field);
        }
    }

    // The foot: the selected item whole, or the text field.
    let foot = inner.bottom() - 2;
    match &s.editor {
        Some(ed) => {
            let label = match &ed.target {
                crate::tui::app::Target::New(section) => {
                    format!("Thêm {}: ", section.title().to_lowercase())
                }
                crate::tui::app::Target::Field(f) => format!("{}: ", f.heading()),
            };
            let lw = (p.width(&label) as u16).min(inner.width / 2);
            put(
                buf,
                p,
                Rect::new(inner.x, foot + 1, lw, 1),
                &label,
                Align::Left,
                t.header(),
            );
            input_field(
                buf,
                p,
                Rect::new(inner.x + lw, foot + 1, inner.width - lw, 1),
                &ed.input,
                t.editing(),
            )
        }
        None => {
            if let Some(row) = rows.get(s.row) {
                let whole = fields
                    .iter()
                    .zip(&row.fields)
                    .filter(|(f, _)| field_w(f) > 0)
                    .map(|(f, v)| format!("{}: {}", f.heading(), v))
                    .collect::<Vec<_>>()
                    .join(" · ");
                put(
                    buf,
                    p,
                    Rect::new(inner.x, foot, inner.width, 1),
                    &format!("{} {}", row.code, row.name),
                    Align::Left,
                    t.header(),
                );
                put(
                    buf,
                    p,
                    Rect::new(inner.x, foot + 1, inner.width, 1),
                    &whole,
                    Align::Left,
                    t.dim(),
                );
            }
            None
        }
    }
}

/// One line of a list: the code, the name, the fields' texts (in
/// `Section::fields` order; the name's place holds the name).
struct Row {
    code: String,
    name: String,
    fields: Vec<String>,
}

fn rows_of(app: &App, year: Option<&CovenantYear>, section: Section) -> Vec<Row> {
    match section {
        Section::Criteria => {
            year.map_or_else(Vec::new, |y| y.criteria.iter().map(criterion_row).collect())
        }
        Section::Members => year.map_or_else(Vec::new, |y| {
            y.members
                .iter()
                .map(|m| {
                    let unit = app
                        .covenant_screen()
                        .units()
                        .iter()
                        .find(|u| u.code == m.unit);
                    let name = unit
                        .map(|u| u.name_in(app.data().period).to_string())
                        .unwrap_or_default();
                    let role = if m.note.is_empty() {
                        m.role.label().to_string()
                    } else {
                        format!("{} ({})", m.role.label(), m.note)
                    };
                    Row {
                        code: m.unit.clone(),
                        name,
                        fields: vec![role],
                    }
                })
                .collect()
        }),
        Section::Units => app.covenant_screen().units().iter().map(unit_row).collect(),
    }
}

fn criterion_row(c: &Criterion) -> Row {
    let cell = |name: &str| {
        c.cells()
            .into_iter()
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v)
            .unwrap_or_default()
    };
    Row {
        code: c.code.clone(),
        name: c.name.clone(),
        fields: vec![
            c.name.clone(),
            c.unit.clone(),
            c.decimals.to_string(),
            cell("min"),
            cell("max"),
            c.rule.to_string(),
            if c.in_covenant { "có" } else { "trích dẫn" }.to_string(),
        ],
    }
}

fn unit_row(u: &Unit) -> Row {
    let name = u
        .versions
        .last()
        .map(|v| v.name.clone())
        .unwrap_or_default();
    // The versions' spans and mergers, newest first: a merger (what an
    // admin just recorded) is not cut off by the versions before it.
    let history = u
        .versions
        .iter()
        .rev()
        .filter(|v| v.valid_from.is_some() || v.valid_until.is_some() || !v.takes_in.is_empty())
        .map(|v| v.describe())
        .collect::<Vec<_>>()
        .join("; ");
    Row {
        code: u.code.clone(),
        name: name.clone(),
        fields: vec![name, history],
    }
}
