//! `thidua report`: the period's review as the report's tables — summary,
//! the ranking of every indicator with a plan, the score table and the
//! awards annex — in Markdown, aligned text (by display width, numbers in
//! Vietnamese format) or CSV.

use std::fmt::Write as _;

use super::table::Table;
use super::tables;
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
        tables::summary(cluster, figures, period),
    )];
    for ind in tables::planned_indicators(cluster, figures, period) {
        out.push((
            format!("2. Xếp hạng: {}", ind.name),
            tables::ranking(cluster, figures, period, ind),
        ));
    }
    let score = score_table(cluster, figures, period);
    out.push((
        "3. Điểm thi đua".to_string(),
        tables::score(cluster, &score),
    ));
    out.push((
        "4. Phụ lục: kết quả khen thưởng".to_string(),
        tables::awards(&awards_annex(cluster, figures, period)),
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
        ReportFormat::Markdown => markdown_of(cluster, period, &sections),
        ReportFormat::Text => text_of(cluster, period, &sections),
        ReportFormat::Csv => csv_of(&sections),
    }
}

/// The report in Markdown (kept for callers of the first version).
pub fn markdown(cluster: &Cluster, figures: &Figures, period: Period) -> String {
    render(cluster, figures, period, ReportFormat::Markdown)
}

fn markdown_of(cluster: &Cluster, period: Period, sections: &[(String, Table)]) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# {} — kỳ {period}\n", cluster.name);
    let _ = writeln!(out, "{}\n", legend(cluster));
    for (heading, table) in sections {
        let _ = writeln!(out, "## {heading}\n");
        out.push_str(&table.to_markdown());
        for note in &table.notes {
            let _ = writeln!(out, "\n{note}");
        }
        out.push('\n');
    }
    out
}

fn text_of(cluster: &Cluster, period: Period, sections: &[(String, Table)]) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{} — kỳ {period}\n", cluster.name);
    let _ = writeln!(out, "{}\n", legend(cluster));
    for (heading, table) in sections {
        let _ = writeln!(out, "{heading}\n");
        out.push_str(&table.to_text());
        for note in &table.notes {
            let _ = writeln!(out, "{note}");
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
