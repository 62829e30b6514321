//! `thidua report`: the period's figures as the report's tables, in
//! Markdown: per indicator group, indicators × provinces with the cluster
//! figure (computed by the indicator's rule, and as reported) and % of plan.

use std::fmt::Write as _;

use crate::model::{Cluster, Figures, Indicator, Period};
use crate::text::number::format_number;

/// A figure as officers write it, `~`/`>` marks for approximate/lower-bound.
fn shown(ind: &Indicator, v: rust_decimal::Decimal) -> String {
    format_number(v, ind.decimals)
}

fn md_cell(s: &str) -> String {
    s.replace('|', "\\|")
}

pub fn markdown(cluster: &Cluster, figures: &Figures, period: Period) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# {} — kỳ {}\n", md_cell(&cluster.name), period);
    let legend: Vec<String> = cluster
        .provinces
        .iter()
        .map(|p| format!("{} = {}", p.code, md_cell(&p.name)))
        .collect();
    let _ = writeln!(out, "Mã tỉnh: {}.\n", legend.join("; "));
    let _ = writeln!(
        out,
        "Ô có kế hoạch ghi thêm % kế hoạch năm. «Cụm (tính)» theo quy tắc của chỉ tiêu (tổng, bình quân, tỷ lệ); «Cụm (báo cáo)» là số báo cáo cho cả cụm.\n"
    );
    for (group, indicators) in cluster.groups() {
        let rows: Vec<&Indicator> = indicators
            .into_iter()
            .filter(|i| has_data(cluster, figures, period, i))
            .collect();
        if rows.is_empty() {
            continue;
        }
        let _ = writeln!(out, "## {}\n", md_cell(group));
        let mut header = String::from("| Chỉ tiêu | Đơn vị |");
        let mut rule = String::from("|---|---|");
        for p in &cluster.provinces {
            let _ = write!(header, " {} |", p.code);
            rule.push_str("---:|");
        }
        header.push_str(" Cụm (tính) | Cụm (báo cáo) |");
        rule.push_str("---:|---:|");
        let _ = writeln!(out, "{header}\n{rule}");
        for ind in rows {
            let _ = write!(out, "| {} | {} |", md_cell(&ind.name), md_cell(&ind.unit));
            for p in &cluster.provinces {
                let cell = match figures.actual(period, &p.code, &ind.code) {
                    Some(v) => match figures.plan_pct(period, &p.code, &ind.code) {
                        Some(pct) => format!("{} ({}% KH)", shown(ind, v), format_number(pct, 2)),
                        None => shown(ind, v),
                    },
                    None => String::new(),
                };
                let _ = write!(out, " {cell} |");
            }
            let computed = figures
                .cluster_computed(cluster, period, ind)
                .map(|v| shown(ind, v))
                .unwrap_or_default();
            let reported = figures
                .cluster_reported(period, &ind.code)
                .map(|f| shown(ind, f.value))
                .unwrap_or_default();
            let _ = writeln!(out, " {computed} | {reported} |");
        }
        out.push('\n');
    }
    out
}

fn has_data(cluster: &Cluster, figures: &Figures, period: Period, ind: &Indicator) -> bool {
    figures.cluster_reported(period, &ind.code).is_some()
        || cluster
            .provinces
            .iter()
            .any(|p| figures.actual(period, &p.code, &ind.code).is_some())
}
