//! `thidua report --sheet UNIT --format docx`: one unit's score sheet as a
//! Word document of its own, in the report's Decree 30 layout (fonts,
//! margins, page numbers from page 2) on A4 landscape pages, since the
//! sheet's ten columns need the width:
//!
//! - the header block across the page (`Số:` only when `--number` is
//!   given: a sheet is usually not numbered);
//! - `BẢNG CHẤM ĐIỂM THI ĐUA` and the subject line (`Kỳ 6 tháng đầu năm
//!   2021 — Bạc Liêu`, or `--subject`) centred in bold, then whose
//!   covenant and the sheet's state in italics, over a short rule;
//! - the sheet's tables (header rows repeated on every page), each with
//!   its notes;
//! - the signatures in two columns: the unit that scored itself (`ĐƠN VỊ
//!   TỰ CHẤM`, its people's committee) and the cluster that reviewed
//!   (`CỤM TRƯỞNG (THẨM ĐỊNH)`, with `--signer-title` and `--signer`
//!   where given). A sheet not yet reviewed says so in the reviewer's
//!   column where the signing hint would be.

use super::blocks::{header_block_across, rule, two_columns};
use super::package::{self, HEADING};
use super::xml::{Layout, Look, paragraph, text};
use super::{page, section_properties, size, table_or_nothing};
use crate::io::report::sheet::SheetDocument;
use crate::model::particulars::Particulars;
use crate::model::scoring::workflow::State;

/// Room for a signature and a seal, twips.
const SIGNATURE_ROOM: u32 = 1500;

/// The `.docx` file of the sheet.
pub fn render(doc: &SheetDocument<'_>, p: &Particulars) -> zip::result::ZipResult<Vec<u8>> {
    let subject = p.subject.clone().unwrap_or_else(|| doc.subject());
    package::package(
        &body(doc, p, &subject),
        &format!("{} — {subject}", doc.title()),
        &p.date.format("%Y-%m-%d").to_string(),
    )
}

fn body(doc: &SheetDocument<'_>, p: &Particulars, subject: &str) -> String {
    let width = page::LANDSCAPE_TEXT;
    let sheet = doc.sheet;
    let mut x = header_block_across(p, width);
    x.push_str(&text(
        &Layout {
            before: Some(360),
            ..Layout::centered()
        },
        "BẢNG CHẤM ĐIỂM THI ĐUA",
        Look::sized(size::TITLE).bold(),
    ));
    x.push_str(&text(
        &Layout::centered(),
        subject,
        Look::sized(size::TITLE).bold(),
    ));
    x.push_str(&text(
        &Layout::centered(),
        &format!(
            "(Giao ước thi đua năm {} của {}; kỳ {}; trạng thái của bảng: {})",
            sheet.year,
            sheet.cluster_name,
            sheet.period,
            sheet.state.label()
        ),
        Look::sized(size::TITLE).italic(),
    ));
    x.push_str(&rule(width, 2200, 240));
    for (i, s) in doc.sections.iter().enumerate() {
        x.push_str(&text(
            &Layout {
                before: Some(if i == 0 { 0 } else { 240 }),
                ..Layout::styled(HEADING[2])
            },
            &s.heading,
            Look::PLAIN,
        ));
        table_or_nothing(&mut x, s, width);
    }
    // A paragraph between the last table and the signatures' table: two
    // tables that touch are read as one (the signatures' lack of borders
    // would take the sheet's).
    x.push_str(&paragraph(&Layout::default(), ""));
    x.push_str(&signatures(doc, p, width));
    x.push_str(&section_properties(true, true));
    x
}

/// Whether the sheet has been through the cluster's review.
fn reviewed(state: State) -> bool {
    !matches!(state, State::Draft | State::SelfScored)
}

/// The two signatures side by side: the unit on the left, the reviewing
/// cluster on the right.
fn signatures(doc: &SheetDocument<'_>, p: &Particulars, width: u32) -> String {
    let half = width / 2;
    let bold = |s: &str, before: u32| {
        text(
            &Layout {
                before: Some(before),
                ..Layout::centered()
            },
            s,
            Look::sized(size::SIGNATURE_TITLE).bold(),
        )
    };
    let hint = |s: &str| {
        text(
            &Layout::centered(),
            s,
            Look::sized(size::SIGNATURE_TITLE).italic(),
        )
    };
    let room = |name: &str| {
        text(
            &Layout {
                before: Some(SIGNATURE_ROOM),
                ..Layout::centered()
            },
            name,
            Look::sized(size::SIGNER).bold(),
        )
    };
    let mut left = bold("ĐƠN VỊ TỰ CHẤM", 240);
    left.push_str(&bold(
        &format!("UBND {}", doc.unit_full_name).to_uppercase(),
        0,
    ));
    left.push_str(&hint("(Ký, ghi rõ họ tên, đóng dấu)"));
    left.push_str(&room(""));
    let mut right = bold("CỤM TRƯỞNG (THẨM ĐỊNH)", 240);
    for line in &p.signer_title {
        right.push_str(&bold(&line.to_uppercase(), 0));
    }
    if reviewed(doc.sheet.state) {
        right.push_str(&hint("(Ký, ghi rõ họ tên, đóng dấu)"));
    } else {
        right.push_str(&hint(&format!(
            "(Bảng {}, chưa thẩm định)",
            doc.sheet.state.label()
        )));
    }
    right.push_str(&room(&p.signer));
    two_columns([half, width - half], 0, &left, &right)
}
