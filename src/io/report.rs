//! `thidua report`: the period's review as the report's tables — summary,
//! the ranking of every indicator with a plan, the score table, the awards
//! annex and, where asked, each province's score sheet — in Markdown,
//! aligned text that fits a portrait A4 page (by display width, numbers in
//! Vietnamese format), CSV (UTF-8 with a BOM, plain machine numbers), a
//! Word document in the administrative format ([`super::docx`]) or an
//! Excel workbook ([`super::xlsx`]).
//!
//! Sections are numbered in order without gaps; a section with nothing to
//! show for the period says "chưa có số liệu" instead of a table (never a
//! ranking of zeros). A figure with qualifiers or a comment is marked
//! `[1]` in its cell and told in the table's list of notes (CSV: a
//! "Chú thích" column of marks; xlsx: a cell comment; see each writer).
//! A report of a period reads only what it shows ([`read_figures`]).
//! One unit's score sheet alone (`--sheet UNIT`) is a document of its own
//! in the same formats ([`sheet`]).

use std::collections::BTreeSet;
use std::fmt::Write as _;

pub mod sheet;

use super::covenant_score::{self, CovenantScore};
use super::markdown;
use super::report_cells;
use super::review_tables;
use super::table::{FOOTNOTES_HEADING, Row, Table};
use super::text_pages::{self, PAGE_COLUMNS};
use crate::model::awards::awards_annex;
use crate::model::particulars::Particulars;
use crate::model::score::{score_table, scored_indicators};
use crate::model::{Cluster, Figures, Period};
use crate::store::Store;

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
    /// The annex of checks: implausible and confirmed figures.
    Checks,
    /// A table of one unit's covenant score sheet (`--sheet UNIT`): the
    /// sheet, how each point was computed, the review — the sections of
    /// the sheet's own document ([`sheet`]), never of the report.
    UnitSheet,
    /// The minutes of the cluster meeting (biên bản bình xét).
    Minutes,
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
    /// When the period has nothing for this section: the sentence shown
    /// instead of the table (`Kỳ 2022-H1 chưa có số liệu.`).
    pub empty: Option<String>,
}

impl Section {
    /// The lines printed under the table: its notes, then its footnotes
    /// (headed), each as one paragraph.
    pub fn notes_and_footnotes(&self) -> Vec<String> {
        let mut lines = self.table.notes.clone();
        let footnotes = self.table.footnote_lines();
        if !footnotes.is_empty() {
            lines.push(FOOTNOTES_HEADING.to_string());
            lines.extend(footnotes);
        }
        lines
    }
}

/// The sentence of a section with nothing to show.
fn nothing(period: Period, what: &str) -> String {
    format!("Kỳ {period} chưa có số liệu{what}.")
}

/// The report's tables in order; the score sheets only when asked. The
/// headings are numbered by part, in order, without gaps. Without the
/// covenant score ([`sections_with`]) the score table is today's
/// weight-based one.
pub fn sections(
    cluster: &Cluster,
    figures: &Figures,
    period: Period,
    score_sheets: bool,
) -> Vec<Section> {
    sections_with(cluster, figures, period, score_sheets, None)
}

/// [`sections`] with the covenant score: its ranking is the score table,
/// and a recorded meeting's minutes close the report. (One unit's sheet
/// is a document of its own: [`sheet`].)
pub fn sections_with(
    cluster: &Cluster,
    figures: &Figures,
    period: Period,
    score_sheets: bool,
    score: Option<&CovenantScore>,
) -> Vec<Section> {
    let section = |part, title: String, label: &str, table, empty| Section {
        part,
        heading: title,
        label: label.to_string(),
        indicator: None,
        table,
        empty,
    };
    let summary_empty = review_tables::summary_indicators(cluster, figures, period).is_empty();
    let mut out = vec![section(
        Part::Summary,
        "Tổng hợp chỉ tiêu".into(),
        "Tổng hợp chỉ tiêu",
        review_tables::summary(cluster, figures, period),
        summary_empty.then(|| nothing(period, "")),
    )];
    for ind in review_tables::planned_indicators(cluster, figures, period) {
        out.push(Section {
            indicator: Some(ind.code.clone()),
            ..section(
                Part::Ranking,
                format!("Xếp hạng: {}", ind.name),
                &format!("{} ({})", ind.name, ind.unit),
                review_tables::ranking(cluster, figures, period, ind),
                None,
            )
        });
    }
    let unscored = scored_indicators(cluster, figures, period)
        .is_empty()
        .then(|| nothing(period, " để chấm điểm"));
    match score.filter(|s| s.has_scale()) {
        Some(engine) => out.push(section(
            Part::Score,
            "Điểm thi đua".into(),
            "Điểm thi đua",
            engine.ranking_table(),
            // No figure and no point entered: nobody is ranked on zeros.
            (engine.ranking.rows.is_empty() || (unscored.is_some() && engine.entries.is_empty()))
                .then(|| nothing(period, " để chấm điểm")),
        )),
        None => {
            let score = score_table(cluster, figures, period);
            out.push(section(
                Part::Score,
                "Điểm thi đua".into(),
                "Điểm thi đua",
                review_tables::score(cluster, &score),
                unscored.clone(),
            ));
        }
    }
    let annex = awards_annex(cluster, figures, period);
    out.push(section(
        Part::Awards,
        "Phụ lục: kết quả khen thưởng".into(),
        "Kết quả khen thưởng",
        review_tables::awards_noted(&annex, figures),
        (!review_tables::awards_has_figures(&annex)).then(|| nothing(period, " khen thưởng")),
    ));
    if score_sheets {
        if unscored.is_some() {
            out.push(section(
                Part::ScoreSheet,
                "Bảng điểm chi tiết".into(),
                "Bảng điểm chi tiết",
                Table::default(),
                unscored,
            ));
        } else {
            for p in &cluster.provinces {
                out.push(section(
                    Part::ScoreSheet,
                    format!("Bảng điểm chi tiết: {}", p.name),
                    &p.name,
                    review_tables::score_detail(cluster, figures, period, &p.code),
                    None,
                ));
            }
        }
    }
    if let Some(minutes) = score.and_then(CovenantScore::minutes) {
        match minutes {
            Ok(m) => {
                for (i, t) in m.tables(&covenant_score::num).iter().enumerate() {
                    let label = t.title.clone();
                    let mut table = covenant_score::table_of(t);
                    // A workbook's sheet shows the table's title only: the
                    // first one says whose minutes they are.
                    if i == 0 {
                        table.title = format!("{}: {label}", m.title());
                    }
                    out.push(section(
                        Part::Minutes,
                        format!("{} — {label}", m.title()),
                        &label,
                        table,
                        None,
                    ));
                }
            }
            Err(e) => out.push(section(
                Part::Minutes,
                "Biên bản bình xét".into(),
                "Biên bản bình xét",
                Table::default(),
                Some(format!("Biên bản bình xét kỳ {period} chưa lập được: {e}")),
            )),
        }
    }
    number(&mut out);
    out
}

/// The annex of checks (`Phụ lục: kiểm tra số liệu`): the period's
/// implausible and confirmed figures ([`super::checks_table`]), who
/// confirmed each and when; the sentence of an empty list instead of a
/// table.
pub fn checks_section(
    cluster: &Cluster,
    figures: &Figures,
    period: Period,
    confirmed: &super::checks_table::Confirmations,
) -> Section {
    let list = super::checks_table::period_list(cluster, figures, period, confirmed);
    let unit_name = |code: &str| {
        cluster
            .province(code)
            .map_or_else(|| code.to_string(), |p| p.name.clone())
    };
    let confirmed_by = |k: &crate::model::ValueKey| confirmed.get(k).map(|c| c.who_and_when());
    let (table, empty) = match cluster.basis.as_ref().and_then(|b| b.year()) {
        Some(year) => {
            let table = super::checks_table::checks(year, period, &list, &unit_name, &confirmed_by);
            let empty = list.is_empty().then(|| table.notes.join(" "));
            (table, empty)
        }
        None => (
            Table::default(),
            Some(format!(
                "Kỳ {period} không có giao ước để kiểm tra số liệu."
            )),
        ),
    };
    Section {
        part: Part::Checks,
        heading: "Phụ lục: kiểm tra số liệu".into(),
        label: "Kiểm tra số liệu".into(),
        indicator: None,
        table,
        empty,
    }
}

/// `1. …`, `2. …`: one number per part present, in order (every ranking
/// shares its part's number, as every score sheet does).
fn number(sections: &mut [Section]) {
    let mut n = 0;
    let mut last = None;
    for s in sections {
        if last != Some(s.part) {
            n += 1;
            last = Some(s.part);
        }
        s.heading = format!("{n}. {}", s.heading);
    }
}

/// The figures a report of `period` shows, read period by period: the
/// period, the same period last year, and the plans of both years (a
/// share of plan last year needs last year's plan). A merged unit's
/// predecessors are under their own codes in the same periods. Never the
/// whole database.
pub fn read_figures(store: &dyn Store, period: Period) -> crate::store::Result<Figures> {
    let mut periods = BTreeSet::from([period, period.year_period()]);
    if let Some(last) = period.last_year() {
        periods.insert(last);
        periods.insert(last.year_period());
    }
    let mut values = Vec::new();
    for p in periods {
        values.extend(store.values(Some(p))?);
    }
    Ok(Figures::new(values))
}

/// What a report is made from.
pub struct Request<'a> {
    pub cluster: &'a Cluster,
    pub figures: &'a Figures,
    pub period: Period,
    /// Each province's score sheet as well.
    pub score_sheets: bool,
    /// The covenant score of the period (its ranking, sheets, minutes).
    pub score: Option<&'a CovenantScore>,
    /// A unit's code: the document is that unit's covenant score sheet
    /// alone ([`sheet`]), not the period's report.
    pub sheet: Option<&'a str>,
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
    /// `--sheet` names a unit the period scores no sheet for.
    #[error("kỳ {period} không có bảng chấm điểm của «{unit}»; không in gì")]
    NoSheet { unit: String, period: Period },
}

/// The report's bytes in `format` (or, where `req.sheet` names a unit,
/// that unit's score sheet).
pub fn produce(req: &Request<'_>, format: ReportFormat) -> Result<Vec<u8>, ReportError> {
    if let Some(unit) = req.sheet {
        return sheet::produce(req, unit, format);
    }
    let sections = sections_with(
        req.cluster,
        req.figures,
        req.period,
        req.score_sheets,
        req.score,
    );
    produce_sections(req, format, &sections)
}

/// The report with its annex of checks last (`confirmed`: who confirmed
/// which figure, read from the audit log by
/// [`super::checks_table::confirmations`]); a period without any figure
/// has nothing checked, and no annex. A unit's score sheet (`req.sheet`)
/// is its own document, without the annex.
pub fn produce_with_checks(
    req: &Request<'_>,
    format: ReportFormat,
    confirmed: &super::checks_table::Confirmations,
) -> Result<Vec<u8>, ReportError> {
    if let Some(unit) = req.sheet {
        return sheet::produce(req, unit, format);
    }
    let mut sections = sections_with(
        req.cluster,
        req.figures,
        req.period,
        req.score_sheets,
        req.score,
    );
    if super::checks_table::period_keys(req.figures, req.period).is_empty() {
        return produce_sections(req, format, &sections);
    }
    let mut checks = checks_section(req.cluster, req.figures, req.period, confirmed);
    let n = sections
        .iter()
        .filter_map(|s| s.heading.split_once(". ")?.0.parse::<usize>().ok())
        .max()
        .unwrap_or(0);
    checks.heading = format!("{}. {}", n + 1, checks.heading);
    sections.push(checks);
    produce_sections(req, format, &sections)
}

fn produce_sections(
    req: &Request<'_>,
    format: ReportFormat,
    sections: &[Section],
) -> Result<Vec<u8>, ReportError> {
    Ok(match format {
        ReportFormat::Markdown => {
            markdown_of(&head(req.cluster, req.period), sections).into_bytes()
        }
        ReportFormat::Text => text_of(&head(req.cluster, req.period), sections).into_bytes(),
        ReportFormat::Csv => csv_of(&[], sections).into_bytes(),
        ReportFormat::Docx => {
            let narrative = req.narrative.map(markdown::blocks).unwrap_or_default();
            super::docx::render(&super::docx::Document {
                cluster: req.cluster,
                period: req.period,
                particulars: req.particulars,
                narrative: &narrative,
                sections,
            })?
        }
        ReportFormat::Xlsx => super::xlsx::report_workbook(req, sections)?,
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

/// The report's title and the legend of the units' codes: what the text
/// formats print above the tables.
fn head(cluster: &Cluster, period: Period) -> [String; 2] {
    [format!("{} — kỳ {period}", cluster.name), legend(cluster)]
}

/// Markdown: `head`'s first line as the title, the others as paragraphs,
/// then each section under its heading.
fn markdown_of(head: &[String], sections: &[Section]) -> String {
    let mut out = String::new();
    for (i, line) in head.iter().enumerate() {
        let mark = if i == 0 { "# " } else { "" };
        let _ = writeln!(out, "{mark}{line}\n");
    }
    for s in sections {
        let _ = writeln!(out, "## {}\n", s.heading);
        if let Some(empty) = &s.empty {
            let _ = writeln!(out, "{empty}\n");
            continue;
        }
        out.push_str(&s.table.marked().to_markdown());
        for note in &s.table.notes {
            let _ = writeln!(out, "\n{note}");
        }
        let footnotes = s.table.footnote_lines();
        if !footnotes.is_empty() {
            let _ = writeln!(out, "\n{FOOTNOTES_HEADING}\n");
            for f in footnotes {
                let _ = writeln!(out, "- {f}");
            }
        }
        out.push('\n');
    }
    out
}

/// Aligned text no wider than a portrait A4 page: wide tables in parts
/// that repeat their name columns, prose wrapped at the same width.
fn text_of(head: &[String], sections: &[Section]) -> String {
    let mut out = String::new();
    let wrapped = |out: &mut String, s: &str| {
        for line in text_pages::wrap(s, PAGE_COLUMNS) {
            let _ = writeln!(out, "{line}");
        }
    };
    for line in head {
        wrapped(&mut out, line);
        out.push('\n');
    }
    for s in sections {
        wrapped(&mut out, &s.heading);
        out.push('\n');
        if let Some(empty) = &s.empty {
            wrapped(&mut out, empty);
            out.push('\n');
            continue;
        }
        let parts = text_pages::parts(&s.table.marked(), PAGE_COLUMNS);
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
        for note in s.notes_and_footnotes() {
            wrapped(&mut out, &note);
        }
        out.push('\n');
    }
    out
}

/// The column of a CSV table that holds its rows' footnote marks.
pub const MARKS_HEADER: &str = "Chú thích";

/// CSV: each table preceded by a one-cell row with its heading and followed
/// by an empty line, so a spreadsheet shows them one under another. Figures
/// are plain machine numbers (`.` decimal, no grouping, no `%`); a table
/// with footnotes has a last column of the marks in each row (`Giá trị
/// [1]`) and its footnotes, one a row, after its rows (the legend notes
/// are left to the other formats).
///
/// `head` (a document's title lines, none for the report) comes first,
/// one a row, then an empty line.
fn csv_of(head: &[String], sections: &[Section]) -> String {
    let mut out = String::from(super::export::BOM);
    if !head.is_empty() {
        let mut w = csv::WriterBuilder::new()
            .flexible(true)
            .from_writer(Vec::new());
        let written = head
            .iter()
            .try_for_each(|line| w.write_record([line.as_str()]));
        if written.is_ok()
            && let Ok(bytes) = w.into_inner()
        {
            out.push_str(&String::from_utf8_lossy(&bytes));
        }
        out.push('\n');
    }
    for s in sections {
        let mut w = csv::WriterBuilder::new()
            .flexible(true)
            .from_writer(Vec::new());
        let written = w
            .write_record([s.heading.as_str()])
            .and_then(|_| match &s.empty {
                Some(empty) => w.write_record([empty.as_str()]),
                None => write_machine_csv(&s.table, &mut w).and_then(|_| {
                    let footnotes = s.table.footnote_lines();
                    if !footnotes.is_empty() {
                        w.write_record([FOOTNOTES_HEADING])?;
                    }
                    for line in footnotes {
                        w.write_record([line.as_str()])?;
                    }
                    Ok(())
                }),
            });
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
    let marks = !table.footnotes.is_empty();
    let mut header: Vec<&str> = table.columns.iter().map(|c| c.header.as_str()).collect();
    if marks {
        header.push(MARKS_HEADER);
    }
    w.write_record(&header)?;
    for (r, row) in table.rows.iter().enumerate() {
        let mut record: Vec<String> = match row {
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
        if marks {
            let said: Vec<String> = table
                .marks_in_row(r)
                .into_iter()
                .map(|(c, mark)| {
                    let header = table.columns.get(c).map_or("", |c| c.header.as_str());
                    format!("{header} {mark}")
                })
                .collect();
            record.resize(table.columns.len(), String::new());
            record.push(said.join("; "));
        }
        w.write_record(&record)?;
    }
    Ok(())
}
