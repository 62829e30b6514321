//! `thidua report`: the period's review as the report's tables — summary,
//! the ranking of every indicator with a plan, the score table and the
//! awards annex — in Markdown, aligned text (by display width, numbers in
//! Vietnamese format) or CSV.

use std::fmt::Write as _;

use super::review_tables;
use super::table::Table;
use crate::model::awards::awards_annex;
use crate::model::score::score_table;
use crate::model::{Cluster, Figures, Period};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportFormat {
    Markdown,
    Text,
    Csv,
}

/// The report's tables in order, each under its section heading.
pub fn sections(cluster: &Cluster, figures: &Figures, period: Period) -> Vec<(String, Table)> {
    let mut out = vec![(
        "1. Tổng hợp chỉ tiêu".to_string(),
        review_tables::summary(cluster, figures, period),
    )];
    for ind in review_tables::planned_indicators(cluster, figures, period) {
        out.push((
            format!("2. Xếp hạng: {}", ind.name),
            review_tables::ranking(cluster, figures, period, ind),
        ));
    }
    let score = score_table(cluster, figures, period);
    out.push((
        "3. Điểm thi đua".to_string(),
        review_tables::score(cluster, &score),
    ));
    out.push((
        "4. Phụ lục: kết quả khen thưởng".to_string(),
        review_tables::awards(&awards_annex(cluster, figures, period)),
    ));
    out
}

fn legend(cluster: &Cluster) -> String {
    let codes: Vec<String> = cluster
        .provinces
        .iter()
        .map(|p| format!("{} = {}", p.code, p.name))
        .collect();
    format!("Mã tỉnh: {}.", codes.join("; "))
}

pub fn render(
    cluster: &Cluster,
    figures: &Figures,
    period: Period,
    format: ReportFormat,
) -> String {
    let sections = sections(cluster, figures, period);
    match format {
        ReportFormat::Markdown => prose_of(cluster, period, &sections, &MARKDOWN),
        ReportFormat::Text => prose_of(cluster, period, &sections, &TEXT),
        ReportFormat::Csv => csv_of(&sections),
    }
}

/// Markdown and aligned text differ only in heading marks, the table
/// writer and a blank line before each note.
struct Prose {
    title: &'static str,
    heading: &'static str,
    table: fn(&Table) -> String,
    before_note: &'static str,
}

const MARKDOWN: Prose = Prose {
    title: "# ",
    heading: "## ",
    table: Table::to_markdown,
    before_note: "\n",
};

const TEXT: Prose = Prose {
    title: "",
    heading: "",
    table: Table::to_text,
    before_note: "",
};

fn prose_of(cluster: &Cluster, period: Period, sections: &[(String, Table)], p: &Prose) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}{} — kỳ {period}\n", p.title, cluster.name);
    let _ = writeln!(out, "{}\n", legend(cluster));
    for (heading, table) in sections {
        let _ = writeln!(out, "{}{heading}\n", p.heading);
        out.push_str(&(p.table)(table));
        for note in &table.notes {
            let _ = writeln!(out, "{}{note}", p.before_note);
        }
        out.push('\n');
    }
    out
}

/// CSV: each table preceded by a one-cell row with its heading and followed
/// by an empty line, so a spreadsheet shows them one under another.
fn csv_of(sections: &[(String, Table)]) -> String {
    let mut out = String::new();
    for (heading, table) in sections {
        let mut w = csv::WriterBuilder::new()
            .flexible(true)
            .from_writer(Vec::new());
        let written = w
            .write_record([heading.as_str()])
            .and_then(|_| table.write_csv(&mut w));
        if written.is_ok()
            && let Ok(bytes) = w.into_inner()
        {
            out.push_str(&String::from_utf8_lossy(&bytes));
        }
        out.push('\n');
    }
    out
}
