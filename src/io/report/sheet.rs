//! `thidua report --sheet UNIT`: one unit's covenant score sheet (bảng
//! chấm điểm) as a document of its own — what the unit signs for its
//! self-score and the cluster for its review — in every report format:
//! its title (unit, period, covenant year, the sheet's state), the sheet
//! (the criteria tree with MS, target, actual, method, computed,
//! self-scored and reviewed points, bonus and penalty, totals), how each
//! point was computed, and the review with its reasons and the unit's
//! explanations. Nothing of the cluster's report (summary, rankings,
//! awards, minutes, checks) is in it.

use super::{Part, ReportError, ReportFormat, Request, Section, csv_of, markdown_of, text_of};
use crate::io::covenant_score::{self, CovenantScore};
use crate::model::particulars::period_in_words;
use crate::model::scoring::ScoreSheet;

/// What the sheet's document is made of.
pub struct SheetDocument<'a> {
    pub sheet: &'a ScoreSheet,
    /// The unit as documents name it (`tỉnh Bạc Liêu`, `thành phố Cần Thơ`).
    pub unit_full_name: String,
    /// The sheet's tables, numbered `1.`, `2.`, … in order.
    pub sections: Vec<Section>,
}

impl<'a> SheetDocument<'a> {
    /// The sheet of `unit` in `score`; None when the period scores none.
    pub fn of(score: &'a CovenantScore, unit: &str) -> Option<SheetDocument<'a>> {
        let sheet = score.sheet(unit)?;
        let unit_full_name = score
            .units
            .unit(unit)
            .and_then(|u| u.as_of(score.period))
            .map_or_else(|| sheet.unit_name.clone(), |v| v.full_name());
        let sections = sheet
            .tables(&covenant_score::num)
            .iter()
            .enumerate()
            .map(|(i, t)| Section {
                part: Part::UnitSheet,
                heading: format!("{}. {}", i + 1, t.title),
                label: t.title.clone(),
                indicator: None,
                table: covenant_score::table_of(t),
                empty: None,
            })
            .collect();
        Some(SheetDocument {
            sheet,
            unit_full_name,
            sections,
        })
    }

    /// `Bảng chấm điểm thi đua — Bạc Liêu`.
    pub fn title(&self) -> String {
        format!("Bảng chấm điểm thi đua — {}", self.sheet.unit_name)
    }

    /// `Kỳ 6 tháng đầu năm 2021 — Bạc Liêu`: the subject line of the Word
    /// document.
    pub fn subject(&self) -> String {
        format!(
            "Kỳ {} — {}",
            period_in_words(self.sheet.period),
            self.sheet.unit_name
        )
    }

    /// Whose covenant, which year and period, and the sheet's state, in a
    /// sentence.
    pub fn facts(&self) -> String {
        let s = self.sheet;
        format!(
            "{}; giao ước thi đua năm {}; kỳ {} ({}); trạng thái của bảng: {}.",
            s.cluster_name,
            s.year,
            s.period,
            period_in_words(s.period),
            s.state.label()
        )
    }

    fn head(&self) -> [String; 2] {
        [self.title(), self.facts()]
    }
}

/// The score sheet of `unit` as a document in `format`.
pub(super) fn produce(
    req: &Request<'_>,
    unit: &str,
    format: ReportFormat,
) -> Result<Vec<u8>, ReportError> {
    let no_sheet = || ReportError::NoSheet {
        unit: unit.to_string(),
        period: req.period,
    };
    let score = req.score.ok_or_else(no_sheet)?;
    let doc = SheetDocument::of(score, unit).ok_or_else(no_sheet)?;
    Ok(match format {
        ReportFormat::Markdown => markdown_of(&doc.head(), &doc.sections).into_bytes(),
        ReportFormat::Text => text_of(&doc.head(), &doc.sections).into_bytes(),
        ReportFormat::Csv => csv_of(&doc.head(), &doc.sections).into_bytes(),
        ReportFormat::Docx => crate::io::docx::sheet::render(&doc, req.particulars)?,
        ReportFormat::Xlsx => crate::io::xlsx::sheet_book::workbook(&doc)?,
    })
}
