//! `thidua report`: the period's review as the report's tables — summary,
//! the ranking of every indicator with a plan, the score table, the awards
//! annex and, where asked, each province's score sheet — in Markdown,
//! aligned text that fits a portrait A4 page (by display width, numbers in
//! Vietnamese format), CSV (UTF-8 with a BOM, plain machine numbers), a
//! Word document in the administrative format ([`super::docx`]) or an
//! Excel workbook ([`super::xlsx`]).

use std::fmt::Write as _;

use super::markdown;
use super::report_cells;
use super::review_tables;
use super::table::{Row, Table};
use super::text_pages::{self, PAGE_COLUMNS};
use crate::model::awards::awards_annex;
use crate::model::particulars::Particulars;
use crate::model::score::score_table;
use crate::model::{Cluster, Figures, Period};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportFormat {
    Markdown,
    Text,
    Csv,
    Docx,
    Xlsx,
}

/// What a section of the report is: a document places each kind its own way.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    Summary,
    Ranking,
    Score,
    Awards,
    ScoreSheet,
}

/// One table of the report under its heading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    pub part: Part,
    /// The numbered heading of the text formats (`2. Xếp hạng: …`).
    pub heading: String,
    /// What the table is about in a few words (`Tổng thu ngân sách (tỷ
    /// đồng)`, `An Giang`), for a document's own headings and sheet names.
    pub label: String,
    /// The indicator a ranking ranks (its code).
    pub indicator: Option<String>,
    pub table: Table,
}

/// The report's tables in order; the score sheets only when asked.
pub fn sections(
    cluster: &Cluster,
    figures: &Figures,
    period: Period,
    score_sheets: bool,
) -> Vec<Section> {
    let section = |part, heading: String, label: &str, table| Section {
        part,
        heading,
        label: label.to_string(),
        indicator: None,
        table,
    };
    let mut out = vec![section(
        Part::Summary,
        "1. Tổng hợp chỉ tiêu".into(),
        "Tổng hợp chỉ tiêu",
        review_tables::summary(cluster, figures, period),
    )];
    for ind in review_tables::planned_indicators(cluster, figures, period) {
        out.push(Section {
            indicator: Some(ind.code.clone()),
            ..section(
                Part::Ranking,
                format!("2. Xếp hạng: {}", ind.name),
                &format!("{} ({})", ind.name, ind.unit),
                review_tables::ranking(cluster, figures, period, ind),
            )
        });
    }
    let score = score_table(cluster, figures, period);
    out.push(section(
        Part::Score,
        "3. Điểm thi đua".into(),
        "Điểm thi đua",
        review_tables::score(cluster, &score),
    ));
    out.push(section(
        Part::Awards,
        "4. Phụ lục: kết quả khen thưởng".into(),
        "Kết quả khen thưởng",
        review_tables::awards(&awards_annex(cluster, figures, period)),
    ));
    if score_sheets {
        for p in &cluster.provinces {
            out.push(section(
                Part::ScoreSheet,
                format!("5. Bảng điểm chi tiết: {}", p.name),
                &p.name,
                review_tables::score_detail(cluster, figures, period, &p.code),
            ));
        }
    }
    out
}

/// What a report is made from.
pub struct Request<'a> {
    pub cluster: &'a Cluster,
    pub figures: &'a Figures,
    pub period: Period,
    /// Each province's score sheet as well.
    pub score_sheets: bool,
    /// The document's particulars (Word only).
    pub particulars: &'a Particulars,
    /// The officers' narrative in Markdown (Word only).
    pub narrative: Option<&'a str>,
}

#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    #[error("không tạo được tệp Word: {0}")]
    Docx(#[from] zip::result::ZipError),
    #[error("không tạo được bảng tính: {0}")]
    Xlsx(#[from] rust_xlsxwriter::XlsxError),
}

/// The report's bytes in `format`.
pub fn produce(req: &Request<'_>, format: ReportFormat) -> Result<Vec<u8>, ReportError> {
    let sections = sections(req.cluster, req.figures, req.period, req.score_sheets);
    Ok(match format {
        ReportFormat::Markdown => markdown_of(req.cluster, req.period, &sections).into_bytes(),
        ReportFormat::Text => text_of(req.cluster, req.period, &sections).into_bytes(),
        ReportFormat::Csv => csv_of(&sections).into_bytes(),
        ReportFormat::Docx => {
            let narrative = req.narrative.map(markdown::blocks).unwrap_or_default();
            super::docx::render(&super::docx::Document {
                cluster: req.cluster,
                period: req.period,
                particulars: req.particulars,
                narrative: &narrative,
                sections: &sections,
            })?
        }
        ReportFormat::Xlsx => super::xlsx::report_workbook(req, &sections)?,
    })
}

fn legend(cluster: &Cluster) -> String {
    let codes: Vec<String> = cluster
        .provinces
        .iter()
        .map(|p| format!("{} = {}", p.code, p.name))
        .collect();
    format!("Mã tỉnh: {}.", codes.join("; "))
}

fn title(cluster: &Cluster, period: Period) -> String {
    format!("{} — kỳ {period}", cluster.name)
}

fn markdown_of(cluster: &Cluster, period: Period, sections: &[Section]) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# {}\n", title(cluster, period));
    let _ = writeln!(out, "{}\n", legend(cluster));
    for s in sections {
        let _ = writeln!(out, "## {}\n", s.heading);
        out.push_str(&s.table.to_markdown());
        for note in &s.table.notes {
            let _ = writeln!(out, "\n{note}");
        }
        out.push('\n');
    }
    out
}

/// Aligned text no wider than a portrait A4 page: wide tables in parts
/// that repeat their name columns, prose wrapped at the same width.
fn text_of(cluster: &Cluster, period: Period, sections: &[Section]) -> String {
    let mut out = String::new();
    let wrapped = |out: &mut String, s: &str| {
        for line in text_pages::wrap(s, PAGE_COLUMNS) {
            let _ = writeln!(out, "{line}");
        }
    };
    wrapped(&mut out, &title(cluster, period));
    out.push('\n');
    wrapped(&mut out, &legend(cluster));
    out.push('\n');
    for s in sections {
        wrapped(&mut out, &s.heading);
        out.push('\n');
        let parts = text_pages::parts(&s.table, PAGE_COLUMNS);
        let count = parts.len();
        for (i, part) in parts.iter().enumerate() {
            if count > 1 {
                let _ = writeln!(out, "Phần {}/{count}", i + 1);
            }
            out.push_str(part);
            if i + 1 < count {
                out.push('\n');
            }
        }
        for note in &s.table.notes {
            wrapped(&mut out, note);
        }
        out.push('\n');
    }
    out
}

/// CSV: each table preceded by a one-cell row with its heading and followed
/// by an empty line, so a spreadsheet shows them one under another. Figures
/// are plain machine numbers (`.` decimal, no grouping, no `%`).
fn csv_of(sections: &[Section]) -> String {
    let mut out = String::from(super::export::BOM);
    for s in sections {
        let mut w = csv::WriterBuilder::new()
            .flexible(true)
            .from_writer(Vec::new());
        let written = w
            .write_record([s.heading.as_str()])
            .and_then(|_| write_machine_csv(&s.table, &mut w));
        if written.is_ok()
            && let Ok(bytes) = w.into_inner()
        {
            out.push_str(&String::from_utf8_lossy(&bytes));
        }
        out.push('\n');
    }
    out
}

/// A table's records with its figures as machine numbers.
fn write_machine_csv<W: std::io::Write>(table: &Table, w: &mut csv::Writer<W>) -> csv::Result<()> {
    let header: Vec<&str> = table.columns.iter().map(|c| c.header.as_str()).collect();
    w.write_record(&header)?;
    for row in &table.rows {
        let record: Vec<String> = match row {
            Row::Cells(cells) => table
                .columns
                .iter()
                .enumerate()
                .map(|(i, col)| {
                    let cell = cells.get(i).map(String::as_str).unwrap_or("");
                    match report_cells::number_in(col, cell) {
                        Some(n) => n.plain(),
                        None => cell.to_string(),
                    }
                })
                .collect(),
            Row::Group(g) => {
                let mut v = vec![String::new(); table.columns.len().max(1)];
                v[0] = g.clone();
                v
            }
        };
        w.write_record(&record)?;
    }
    Ok(())
}
