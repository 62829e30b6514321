//! `thidua report --sheet UNIT --format xlsx`: one unit's score sheet as a
//! workbook of its own — the sheet (`Bảng chấm điểm BL`), how each point
//! was computed (`Cách tính điểm`) and, where anything was entered, the
//! review with its reasons and the unit's explanations — each table on
//! its worksheet the way the report's workbook writes one (numbers as
//! numbers, header frozen, A4 landscape print set-up with the header
//! repeated). The first worksheet's title says whose sheet, which period
//! and covenant year, and the sheet's state.

use rust_xlsxwriter::{Workbook, XlsxError};

use super::{new_sheet, table_sheet};
use crate::io::report::sheet::SheetDocument;

/// The workbook of the sheet.
pub fn workbook(doc: &SheetDocument<'_>) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    for (i, s) in doc.sections.iter().enumerate() {
        let (name, title) = if i == 0 {
            (
                format!("Bảng chấm điểm {}", doc.sheet.unit),
                // Short enough not to widen the printed page.
                format!(
                    "{} — giao ước thi đua năm {}",
                    s.table.title, doc.sheet.year
                ),
            )
        } else {
            // `Cách tính điểm — Bạc Liêu`: the unit is in the first title.
            let what = s.label.split(" — ").next().unwrap_or(&s.label);
            (what.to_string(), s.table.title.clone())
        };
        let ws = new_sheet(&mut wb, &name)?;
        table_sheet::write(ws, &title, &s.table, &|_, _| false)?;
    }
    wb.save_to_buffer()
}
