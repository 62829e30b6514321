//! Writing a [`Covenant`] as its files, in one canonical form (UTF-8 with a
//! BOM, `\n` line ends, the columns of `columns.rs` in order, units in list
//! order with their versions oldest first, members in list order, criteria
//! in report order, years ascending), so that export → import → export is
//! byte for byte the same.

use super::columns::{INDICATOR_COLUMNS, Layout, MEMBER_COLUMNS, UNIT_COLUMNS, YEAR_COLUMNS};
use crate::model::covenant::{Covenant, CovenantYear};

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
    // Each item's cells come from the model, in the files' column order.
    let row = |first: Vec<String>, cells: &[(&str, String)]| {
        first
            .into_iter()
            .chain(cells.iter().map(|(_, v)| v.clone()))
            .collect::<Vec<String>>()
    };
    let units = covenant.units.units.iter().flat_map(|u| {
        u.versions
            .iter()
            .map(move |v| row(vec![u.code.clone()], &v.cells()))
    });
    let members = years.iter().flat_map(|y| {
        y.members
            .iter()
            .map(move |m| row(vec![y.year.to_string(), m.unit.clone()], &m.cells()))
    });
    let criteria = years.iter().flat_map(|y| {
        y.criteria
            .iter()
            .map(move |c| row(vec![y.year.to_string()], &c.cells()))
    });
    let settings = years
        .iter()
        .map(|y| row(vec![y.year.to_string()], &y.settings_cells()));
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
