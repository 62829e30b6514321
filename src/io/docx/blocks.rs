//! The fixed blocks of Decree 30's Annex I layout: the header block in two
//! columns (issuer over a short rule and `Số: …`; the national title, the
//! motto over its rule, place and date), the short rules themselves, and
//! `Nơi nhận:` beside the signature block; a score sheet's signatures are
//! in `sheet.rs`.

use super::xml::{Layout, Look, paragraph, text};
use super::{page, size, tables};
use crate::model::particulars::Particulars;

/// A short centred rule `length` twips long in a column `column` wide.
pub(super) fn rule(column: u32, length: u32, after: u32) -> String {
    let side = column.saturating_sub(length) / 2;
    let side = i32::try_from(side).unwrap_or(0);
    paragraph(
        &Layout {
            left: Some(side),
            right: Some(side),
            rule_above: true,
            exact_line: Some(60),
            // A little below the line above, as the forms draw it.
            before: Some(60),
            after: Some(after),
            mark: Some(Look::sized(2.0)),
            ..Layout::default()
        },
        "",
    )
}

/// A borderless table of two columns (the header block; recipients and
/// signature), `widths` twips wide, starting `indent` twips left of the
/// margin.
pub(super) fn two_columns(widths: [u32; 2], indent: i32, left: &str, right: &str) -> String {
    let total = widths[0] + widths[1];
    let cell = |w: u32, content: &str| {
        format!("<w:tc><w:tcPr><w:tcW w:w=\"{w}\" w:type=\"dxa\"/></w:tcPr>{content}</w:tc>")
    };
    format!(
        "<w:tbl><w:tblPr><w:tblW w:w=\"{total}\" w:type=\"dxa\"/><w:tblInd w:w=\"{indent}\" w:type=\"dxa\"/>\
         <w:tblBorders><w:top w:val=\"nil\"/><w:left w:val=\"nil\"/><w:bottom w:val=\"nil\"/><w:right w:val=\"nil\"/>\
         <w:insideH w:val=\"nil\"/><w:insideV w:val=\"nil\"/></w:tblBorders><w:tblLayout w:type=\"fixed\"/>\
         <w:tblCellMar><w:left w:w=\"57\" w:type=\"dxa\"/><w:right w:w=\"57\" w:type=\"dxa\"/></w:tblCellMar>\
         <w:tblLook w:val=\"0000\" w:firstRow=\"0\" w:lastRow=\"0\" w:firstColumn=\"0\" w:lastColumn=\"0\" w:noHBand=\"1\" w:noVBand=\"1\"/>\
         </w:tblPr><w:tblGrid><w:gridCol w:w=\"{}\"/><w:gridCol w:w=\"{}\"/></w:tblGrid>\
         <w:tr><w:trPr><w:cantSplit/></w:trPr>{}{}</w:tr></w:tbl>",
        widths[0],
        widths[1],
        cell(widths[0], left),
        cell(widths[1], right)
    )
}

/// The header block (Decree 30, Annex I, items 1–5) of a portrait page.
pub(super) fn header_block(p: &Particulars) -> String {
    header_block_across(p, page::PORTRAIT_TEXT)
}

/// The header block across a text `width` twips wide (a landscape page's
/// for a score sheet); a document without a number (an empty `p.number`)
/// has no `Số:` line.
pub(super) fn header_block_across(p: &Particulars, width: u32) -> String {
    // The block may reach a little into the left margin, as the forms do,
    // so the national title keeps to one line.
    const OUTSET: u32 = 284;
    let total = width + OUTSET;
    let widths = [total * 40 / 100, total - total * 40 / 100];
    let inner = |w: u32| w - 2 * 57;
    let mut left = String::new();
    if !p.superior.trim().is_empty() {
        left.push_str(&text(
            &Layout::centered(),
            &p.superior.to_uppercase(),
            Look::sized(size::ISSUER),
        ));
    }
    left.push_str(&text(
        &Layout::centered(),
        &p.issuer.to_uppercase(),
        Look::sized(size::ISSUER).bold(),
    ));
    left.push_str(&rule(inner(widths[0]), 1300, 120));
    if !p.number.trim().is_empty() {
        left.push_str(&text(
            &Layout::centered(),
            &format!("Số: {}", p.number),
            Look::sized(size::NUMBER),
        ));
    }
    let motto = "Độc lập - Tự do - Hạnh phúc";
    let motto_width = tables::text_width(motto, size::MOTTO, true);
    let mut right = String::new();
    right.push_str(&text(
        &Layout::centered(),
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        Look::sized(size::NATIONAL_TITLE).bold(),
    ));
    right.push_str(&text(
        &Layout::centered(),
        motto,
        Look::sized(size::MOTTO).bold(),
    ));
    right.push_str(&rule(inner(widths[1]), motto_width, 120));
    right.push_str(&text(
        &Layout::centered(),
        &p.place_and_date(),
        Look::sized(size::PLACE_DATE).italic(),
    ));
    two_columns(widths, -(OUTSET as i32), &left, &right)
}

/// `Nơi nhận:` and its list on the left, the signature block on the right.
pub(super) fn signature_block(p: &Particulars) -> String {
    let total = page::PORTRAIT_TEXT;
    let widths = [total * 45 / 100, total - total * 45 / 100];
    let mut left = text(
        &Layout {
            before: Some(240),
            ..Layout::default()
        },
        "Nơi nhận:",
        Look::sized(size::RECIPIENTS_HEAD).bold().italic(),
    );
    for line in p.recipient_lines() {
        left.push_str(&text(
            &Layout::default(),
            &line,
            Look::sized(size::RECIPIENTS),
        ));
    }
    let mut right = text(
        &Layout {
            before: Some(240),
            ..Layout::centered()
        },
        &format!("TM. {}", p.issuer.to_uppercase()),
        Look::sized(size::SIGNATURE_TITLE).bold(),
    );
    for line in &p.signer_title {
        right.push_str(&text(
            &Layout::centered(),
            &line.to_uppercase(),
            Look::sized(size::SIGNATURE_TITLE).bold(),
        ));
    }
    // Room for the signature and the seal.
    right.push_str(&text(
        &Layout {
            before: Some(1500),
            ..Layout::centered()
        },
        &p.signer,
        Look::sized(size::SIGNER).bold(),
    ));
    two_columns(widths, 0, &left, &right)
}
