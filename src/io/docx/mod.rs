//! `thidua report --format docx`: the period's report as a Word document in
//! the administrative layout of Decree 30/2020/NĐ-CP, Annex I.
//!
//! - A4 portrait, margins top and bottom 20 mm, left 30 mm, right 15 mm;
//!   Times New Roman, black.
//! - The header block in two columns: the superior body and the issuer
//!   (bold) over a short rule and `Số: …`; the national title, the motto
//!   over a rule as long as it, and place and date in italics.
//! - `BÁO CÁO` and the subject line centred in bold over a short rule.
//! - The officers' narrative (`--narrative`, Markdown) in body text: 14 pt,
//!   justified, 1,27 cm first-line indent, 6 pt after; then the rankings
//!   (narrow tables) in the body.
//! - `Nơi nhận:` and its list beside the signature block.
//! - The wide tables (summary, score, awards annex, score sheets) as
//!   annexes numbered in Roman numerals, each on landscape pages.
//! - A figure with qualifiers or a comment is marked `[1]` in its cell and
//!   told under its table after the table's notes; a section the period
//!   has nothing for says so ("chưa có số liệu") instead of a table.
//! - Page numbers centred at the top from page 2.
//!
//! One unit's score sheet (`--sheet UNIT`) is a document of its own in the
//! same layout: [`sheet`].
//!
//! The package is written directly as WordprocessingML in a zip (see
//! `package.rs`): the layout needs exact control of sections, header rows,
//! paragraph rules and fields, and a small template shows all of it.

mod blocks;
mod package;
pub mod sheet;
pub mod tables;
pub mod xml;

use std::fmt::Write as _;

use self::blocks::{header_block, rule, signature_block};
use self::package::{BODY, HEADER_EMPTY, HEADER_PAGE_NUMBER, HEADING, NOTE};
use self::xml::{BREAK, Layout, Look, paragraph, run, text};
use super::markdown::{Block, LINE_BREAK, Span};
use super::report::{Part, Section};
use crate::model::particulars::{Particulars, period_in_words, roman};
use crate::model::{Cluster, Period};

/// Page geometry in twips (1 mm ≈ 56,7 twips).
pub mod page {
    pub const A4_WIDTH: u32 = 11906;
    pub const A4_HEIGHT: u32 = 16838;
    pub const MARGIN_TOP: u32 = 1134; // 20 mm
    pub const MARGIN_BOTTOM: u32 = 1134; // 20 mm
    pub const MARGIN_LEFT: u32 = 1701; // 30 mm
    pub const MARGIN_RIGHT: u32 = 851; // 15 mm
    pub const HEADER: u32 = 567; // the page number 10 mm from the top edge
    pub const PORTRAIT_TEXT: u32 = A4_WIDTH - MARGIN_LEFT - MARGIN_RIGHT;
    pub const LANDSCAPE_TEXT: u32 = A4_HEIGHT - MARGIN_LEFT - MARGIN_RIGHT;
}

/// Font sizes (points) of Decree 30's Annex I, within its ranges.
mod size {
    pub const ISSUER: f32 = 12.0;
    pub const NATIONAL_TITLE: f32 = 12.0;
    pub const MOTTO: f32 = 13.0;
    pub const NUMBER: f32 = 13.0;
    pub const PLACE_DATE: f32 = 14.0;
    pub const TITLE: f32 = 14.0;
    pub const SIGNATURE_TITLE: f32 = 13.0;
    pub const SIGNER: f32 = 14.0;
    pub const RECIPIENTS_HEAD: f32 = 12.0;
    pub const RECIPIENTS: f32 = 11.0;
    pub const TABLE: f32 = 12.0;
}

/// Everything the document is made of.
pub struct Document<'a> {
    pub cluster: &'a Cluster,
    pub period: Period,
    pub particulars: &'a Particulars,
    /// The officers' narrative, placed before the generated tables.
    pub narrative: &'a [Block],
    /// The report's tables ([`crate::io::report::sections`]).
    pub sections: &'a [Section],
}

/// The `.docx` file.
pub fn render(doc: &Document<'_>) -> zip::result::ZipResult<Vec<u8>> {
    let subject = doc.particulars.subject_for(doc.period, &doc.cluster.name);
    package::package(
        &body(doc, &subject),
        &subject,
        &doc.particulars.date.format("%Y-%m-%d").to_string(),
    )
}

/// An annex: a title and the sections it holds.
struct Annex<'a> {
    title: &'static str,
    sections: Vec<&'a Section>,
}

fn annexes<'a>(sections: &'a [Section]) -> Vec<Annex<'a>> {
    let of =
        |part: Part| -> Vec<&'a Section> { sections.iter().filter(|s| s.part == part).collect() };
    [
        ("TỔNG HỢP CHỈ TIÊU", Part::Summary),
        ("ĐIỂM THI ĐUA", Part::Score),
        ("KẾT QUẢ KHEN THƯỞNG", Part::Awards),
        ("BẢNG ĐIỂM CHI TIẾT CỦA CÁC TỈNH", Part::ScoreSheet),
        ("BIÊN BẢN BÌNH XÉT THI ĐUA", Part::Minutes),
        ("KIỂM TRA SỐ LIỆU", Part::Checks),
    ]
    .into_iter()
    .map(|(title, part)| Annex {
        title,
        sections: of(part),
    })
    .filter(|a| !a.sections.is_empty())
    .collect()
}

fn body(doc: &Document<'_>, subject: &str) -> String {
    let mut x = String::new();
    x.push_str(&header_block(doc.particulars));
    x.push_str(&text(
        &Layout {
            before: Some(360),
            ..Layout::centered()
        },
        "BÁO CÁO",
        Look::sized(size::TITLE).bold(),
    ));
    x.push_str(&text(
        &Layout::centered(),
        subject,
        Look::sized(size::TITLE).bold(),
    ));
    x.push_str(&rule(page::PORTRAIT_TEXT, 2200, 240));
    for block in doc.narrative {
        x.push_str(&narrative_block(block));
    }
    let rankings: Vec<&Section> = doc
        .sections
        .iter()
        .filter(|s| s.part == Part::Ranking)
        .collect();
    if !rankings.is_empty() {
        x.push_str(&text(
            &Layout::styled(HEADING[1]),
            &format!(
                "Xếp hạng các chỉ tiêu có kế hoạch {}",
                period_in_words(doc.period)
            ),
            Look::PLAIN,
        ));
        for (i, s) in rankings.iter().enumerate() {
            x.push_str(&text(
                &Layout::styled(HEADING[2]),
                &format!("{}. {}", i + 1, s.label),
                Look::PLAIN,
            ));
            table_or_nothing(&mut x, s, page::PORTRAIT_TEXT);
        }
    }
    let annexes = annexes(doc.sections);
    if !annexes.is_empty() {
        let list: Vec<String> = annexes
            .iter()
            .enumerate()
            .map(|(i, a)| {
                format!(
                    "Phụ lục {}: {}",
                    roman(i as u32 + 1),
                    sentence_case(a.title)
                )
            })
            .collect();
        x.push_str(&text(
            &Layout {
                before: Some(120),
                ..Layout::styled(BODY)
            },
            &format!("(Kèm theo: {}.)", list.join("; ")),
            Look::PLAIN.italic(),
        ));
    }
    x.push_str(&signature_block(doc.particulars));
    let portrait = section_properties(false, true);
    if annexes.is_empty() {
        x.push_str(&portrait);
        return x;
    }
    x.push_str(&paragraph(
        &Layout {
            section: Some(portrait),
            ..Layout::default()
        },
        "",
    ));
    let count = annexes.len();
    for (i, annex) in annexes.iter().enumerate() {
        x.push_str(&annex_part(doc, i + 1, annex));
        let landscape = section_properties(true, false);
        if i + 1 < count {
            x.push_str(&paragraph(
                &Layout {
                    section: Some(landscape),
                    ..Layout::default()
                },
                "",
            ));
        } else {
            x.push_str(&landscape);
        }
    }
    x
}

/// `KẾT QUẢ KHEN THƯỞNG` → `Kết quả khen thưởng`.
fn sentence_case(s: &str) -> String {
    let lower = s.to_lowercase();
    let mut chars = lower.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => lower,
    }
}

/// A section's page set-up: A4 portrait with the first page's header
/// empty (page numbers from page 2), or A4 landscape.
fn section_properties(landscape: bool, first_section: bool) -> String {
    let (w, h, orient) = if landscape {
        (page::A4_HEIGHT, page::A4_WIDTH, " w:orient=\"landscape\"")
    } else {
        (page::A4_WIDTH, page::A4_HEIGHT, "")
    };
    let mut s =
        format!("<w:sectPr><w:headerReference w:type=\"default\" r:id=\"{HEADER_PAGE_NUMBER}\"/>");
    if first_section {
        let _ = write!(
            s,
            "<w:headerReference w:type=\"first\" r:id=\"{HEADER_EMPTY}\"/>"
        );
    }
    let _ = write!(
        s,
        "<w:pgSz w:w=\"{w}\" w:h=\"{h}\"{orient}/>\
         <w:pgMar w:top=\"{}\" w:right=\"{}\" w:bottom=\"{}\" w:left=\"{}\" w:header=\"{}\" w:footer=\"{}\" w:gutter=\"0\"/>",
        page::MARGIN_TOP,
        page::MARGIN_RIGHT,
        page::MARGIN_BOTTOM,
        page::MARGIN_LEFT,
        page::HEADER,
        page::HEADER,
    );
    if first_section {
        s.push_str("<w:titlePg/>");
    }
    s.push_str("</w:sectPr>");
    s
}

/// One annex on its landscape pages: `Phụ lục II`, its title, the report
/// it belongs to, then its tables.
fn annex_part(doc: &Document<'_>, number: usize, annex: &Annex<'_>) -> String {
    let p = doc.particulars;
    let mut x = text(
        &Layout::centered(),
        &format!("Phụ lục {}", roman(number as u32)),
        Look::sized(size::TITLE).bold(),
    );
    x.push_str(&text(
        &Layout::centered(),
        &format!(
            "{} {} {}",
            annex.title,
            period_in_words(doc.period).to_uppercase(),
            doc.cluster.name.to_uppercase()
        ),
        Look::sized(size::TITLE).bold(),
    ));
    x.push_str(&text(
        &Layout::centered(),
        &format!(
            "(Kèm theo Báo cáo số {} ngày {} của {})",
            p.number.trim(),
            p.short_date(),
            doc.cluster.name
        ),
        Look::sized(size::TITLE).italic(),
    ));
    x.push_str(&rule(page::LANDSCAPE_TEXT, 2200, 240));
    let several = annex.sections.len() > 1;
    for (i, s) in annex.sections.iter().enumerate() {
        if several {
            x.push_str(&text(
                &Layout {
                    before: Some(if i == 0 { 0 } else { 240 }),
                    ..Layout::styled(HEADING[2])
                },
                &format!("{}. {}", i + 1, s.label),
                Look::PLAIN,
            ));
        }
        table_or_nothing(&mut x, s, page::LANDSCAPE_TEXT);
    }
    x
}

/// A section's table (its figures' marks in their cells) with its notes
/// and footnotes under it, or the sentence that the period has nothing
/// for it.
fn table_or_nothing(x: &mut String, s: &Section, width: u32) {
    if let Some(empty) = &s.empty {
        x.push_str(&text(&Layout::styled(BODY), empty, Look::PLAIN));
        return;
    }
    x.push_str(&tables::word_table(&s.table.marked(), width, size::TABLE));
    for note in s.notes_and_footnotes() {
        x.push_str(&text(&Layout::styled(NOTE), &note, Look::PLAIN));
    }
}

/// A narrative block as body paragraphs.
fn narrative_block(block: &Block) -> String {
    match block {
        Block::Heading { level, spans } => {
            let style = HEADING[usize::from(level.saturating_sub(1)).min(2)];
            paragraph(&Layout::styled(style), &runs(spans))
        }
        Block::Paragraph { spans } => paragraph(&Layout::styled(BODY), &runs(spans)),
        Block::Item {
            depth,
            marker,
            spans,
        } => {
            let indent = i32::try_from(depth.saturating_sub(1) * 360).unwrap_or(0);
            let lead = run(&format!("{marker} "), Look::PLAIN);
            paragraph(
                &Layout {
                    left: Some(indent),
                    ..Layout::styled(BODY)
                },
                &format!("{lead}{}", runs(spans)),
            )
        }
    }
}

fn runs(spans: &[Span]) -> String {
    let mut out = String::new();
    for s in spans {
        let look = Look {
            bold: s.bold,
            italic: s.italic,
            size: None,
        };
        for (i, line) in s.text.split(LINE_BREAK).enumerate() {
            if i > 0 {
                out.push_str(BREAK);
            }
            if !line.is_empty() {
                out.push_str(&run(line, look));
            }
        }
    }
    out
}
