//! Writing a [`Covenant`] as its files, in one canonical form (UTF-8 with a
//! BOM, `\n` line ends, the columns of `columns.rs` in order, units in list
//! order with their versions oldest first, members in list order, criteria
//! in report order, years ascending), so that export → import → export is
//! byte for byte the same.

use super::cells::{write_bool, write_day, write_decimal, write_optional_bool};
use super::columns::{INDICATOR_COLUMNS, Layout, MEMBER_COLUMNS, UNIT_COLUMNS, YEAR_COLUMNS};
use crate::model::covenant::{Covenant, CovenantYear};
use crate::model::criterion::direction_code;

/// One file's name and text.
pub struct Written {
    pub file: &'static str,
    pub text: String,
}

/// The four files of `covenant`; with `year`, only that year's members,
/// criteria and settings (and every unit, which the year's members need).
pub fn write(covenant: &Covenant, year: Option<u16>) -> Result<Vec<Written>, String> {
    let years: Vec<&CovenantYear> = match year {
        Some(y) => vec![
            covenant
                .year(y)
                .ok_or_else(|| format!("chưa có giao ước năm {y}"))?,
        ],
        None => covenant.years.values().collect(),
    };
    let units = covenant.units.units.iter().flat_map(|u| {
        u.versions.iter().map(move |v| {
            vec![
                u.code.clone(),
                v.name.clone(),
                v.kind.as_str().to_string(),
                write_day(v.valid_from),
                write_day(v.valid_until),
                v.takes_in.join(";"),
            ]
        })
    });
    let members = years.iter().flat_map(|y| {
        y.members.iter().map(move |m| {
            vec![
                y.year.to_string(),
                m.unit.clone(),
                m.role.as_str().to_string(),
                m.note.clone(),
            ]
        })
    });
    let criteria = years.iter().flat_map(|y| {
        y.criteria.iter().map(move |c| {
            let s = &c.scoring;
            vec![
                y.year.to_string(),
                c.code.clone(),
                c.name.clone(),
                c.unit.clone(),
                c.group.clone(),
                c.group_name.clone(),
                c.order.to_string(),
                direction_code(c.direction).to_string(),
                c.rule.to_string(),
                c.decimals.to_string(),
                write_decimal(c.min),
                write_decimal(c.max),
                write_bool(c.counted).to_string(),
                write_bool(c.in_covenant).to_string(),
                s.parent.clone().unwrap_or_default(),
                write_decimal(s.max_points),
                if s.method == crate::model::criterion::Method::None {
                    String::new()
                } else {
                    s.method.as_str().to_string()
                },
                write_decimal(s.share_at_target),
                write_optional_bool(s.leader_full).to_string(),
                write_decimal(s.points_each),
                write_decimal(s.cap),
                write_decimal(c.plausible.min),
                write_decimal(c.plausible.max),
                write_decimal(c.plausible.jump),
                c.group_order.to_string(),
                c.note.clone(),
            ]
        })
    });
    let settings = years.iter().map(|y| {
        vec![
            y.year.to_string(),
            y.cluster_name.clone(),
            write_decimal(y.scale_total),
        ]
    });
    Ok(vec![
        table(&UNIT_COLUMNS, units)?,
        table(&MEMBER_COLUMNS, members)?,
        table(&INDICATOR_COLUMNS, criteria)?,
        table(&YEAR_COLUMNS, settings)?,
    ])
}

fn table(layout: &Layout, rows: impl Iterator<Item = Vec<String>>) -> Result<Written, String> {
    let mut out = Vec::from("\u{feff}".as_bytes());
    {
        let mut w = csv::WriterBuilder::new()
            .terminator(csv::Terminator::Any(b'\n'))
            .from_writer(&mut out);
        let fail = |e: csv::Error| format!("không ghi được {}: {e}", layout.file);
        w.write_record(layout.columns).map_err(fail)?;
        for row in rows {
            w.write_record(&row).map_err(fail)?;
        }
        w.flush()
            .map_err(|e| format!("không ghi được {}: {e}", layout.file))?;
    }
    let text =
        String::from_utf8(out).map_err(|e| format!("không ghi được {}: {e}", layout.file))?;
    Ok(Written {
        file: layout.file,
        text,
    })
}
