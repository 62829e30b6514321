//! The review tables built from the figures: summary, ranking, score, score
//! detail and the awards annex. Screens, the clipboard (TSV) and
//! `thidua report` all use these, so they always agree. A stored figure
//! shown with qualifiers or a comment gets a footnote on its cell (a
//! report prints it; screens leave it out).

use rust_decimal::Decimal;

use super::figure_columns::qualifier_words;
use super::table::{Column, Table};
use crate::model::awards::AwardsAnnex;
use crate::model::score::{self, Basis, Points, ScoreTable};
use crate::model::{
    CLUSTER, Cluster, ClusterRule, Derivation, Figure, Figures, Indicator, Kind, Period, YearChange,
};

/// A number the Vietnamese way (`52.049`, `66,59`), rounded half away from
/// zero to `decimals` (the text layer's format).
pub use crate::text::number::format_exact as num_exact;
pub use crate::text::number::format_number as num;

/// A figure at the indicator's decimals.
pub fn shown(ind: &Indicator, v: Decimal) -> String {
    num(v, ind.decimals)
}

/// % of plan, two decimals with the sign: `76,64%`.
pub fn percent(v: Decimal) -> String {
    format!("{}%", num(v, 2))
}

/// `s` (the text of `v`) with a `+` when `v` is positive.
fn signed(s: String, v: Decimal) -> String {
    if v > Decimal::ZERO {
        format!("+{s}")
    } else {
        s
    }
}

/// A change against last year: `+54,95%`; the signed difference in the
/// indicator's unit when last year's figure was zero or the indicator is a
/// percentage (GRDP growth 4,90 against 2,31: `+2,59`, percentage points).
pub fn change_text(ind: &Indicator, c: &YearChange) -> String {
    match c.percent {
        Some(p) if !ind.is_percentage() => signed(percent(p), p.round_dp(2)),
        _ => signed(shown(ind, c.absolute), c.absolute),
    }
}

/// Points, two decimals.
pub fn points(v: Decimal) -> String {
    num(v, 2)
}

/// What a stored figure says besides its value, for a footnote: its
/// qualifiers in words and its comment; None when it says nothing.
pub fn figure_says(f: &Figure) -> Option<String> {
    let words = qualifier_words(&f.qualifiers).join(", ");
    let comment = f.note.as_deref().map(|n| format!("ghi chú: {n}"));
    match (words.is_empty(), comment) {
        (true, None) => None,
        (false, None) => Some(words),
        (true, Some(c)) => Some(c),
        (false, Some(c)) => Some(format!("{words}; {c}")),
    }
}

/// The stored plan that applies to `period` (as [`Figures::plan`] finds it).
fn plan_figure<'f>(
    figures: &'f Figures,
    period: Period,
    unit: &str,
    code: &str,
) -> Option<&'f Figure> {
    figures
        .get(period, unit, code, Kind::Plan)
        .or_else(|| figures.get(period.year_period(), unit, code, Kind::Plan))
}

/// The footnote of a % of plan whose plan says something: the plan and what it says.
fn plan_says(ind: &Indicator, period: Period, plan: &Figure) -> Option<String> {
    let says = figure_says(plan)?;
    Some(format!(
        "theo kế hoạch năm {} là {} {}, kế hoạch này: {says}",
        period.year_period(),
        num_exact(plan.value, ind.decimals),
        ind.unit
    ))
}

/// Footnote `column` of the last row with what `figure` says, if anything.
fn note_figure(t: &mut Table, column: usize, figure: Option<&Figure>) {
    if let Some(says) = figure.and_then(figure_says) {
        t.footnote(column, says);
    }
}

fn province_name(cluster: &Cluster, code: &str) -> String {
    cluster
        .province(code)
        .map(|p| p.name.clone())
        .unwrap_or_else(|| code.to_string())
}

/// One summary row's figures, for screens that want the numbers themselves.
#[derive(Debug, Clone, PartialEq)]
pub struct SummaryLine {
    pub computed: Option<Decimal>,
    pub reported: Option<Decimal>,
    pub plan_pct: Option<Decimal>,
    pub last_year: Option<Decimal>,
    pub change: Option<YearChange>,
    pub reported_by: usize,
    pub provinces: usize,
}

impl SummaryLine {
    /// The reported and computed cluster figures both exist and differ.
    pub fn differs(&self) -> bool {
        matches!((self.computed, self.reported), (Some(c), Some(r)) if c != r)
    }
}

/// The cluster's plan for a period: reported for the cluster, or for a
/// summed indicator the sum of plans when every reporting province has one.
fn cluster_plan(
    cluster: &Cluster,
    figures: &Figures,
    period: Period,
    ind: &Indicator,
) -> Option<Decimal> {
    if let Some(p) = figures.plan(period, CLUSTER, &ind.code) {
        return Some(p);
    }
    if ind.rule != ClusterRule::Sum {
        return None;
    }
    let reporters: Vec<&str> = cluster
        .provinces
        .iter()
        .filter(|p| figures.actual(period, &p.code, &ind.code).is_some())
        .map(|p| p.code.as_str())
        .collect();
    if reporters.is_empty()
        || reporters
            .iter()
            .any(|p| figures.plan(period, p, &ind.code).is_none())
    {
        return None;
    }
    figures.cluster_plan_computed(cluster, period, ind)
}

pub fn summary_line(
    cluster: &Cluster,
    figures: &Figures,
    period: Period,
    ind: &Indicator,
) -> SummaryLine {
    let computed = figures.cluster_computed(cluster, period, ind);
    let reported = figures.cluster_reported(period, &ind.code).map(|f| f.value);
    let plan = cluster_plan(cluster, figures, period, ind);
    // % of plan of the figure the plan belongs to: the reported one when the
    // cluster's plan was reported, else the provinces' sum.
    let plan_pct = match (figures.plan(period, CLUSTER, &ind.code), plan) {
        (Some(p), _) => reported
            .or(computed)
            .and_then(|a| crate::model::derived::plan_ratio(a, p)),
        (None, Some(p)) => computed.and_then(|a| crate::model::derived::plan_ratio(a, p)),
        _ => None,
    };
    // Compare like with like: reported with reported, computed with computed.
    let last = period.last_year();
    let last_reported = last.and_then(|l| figures.cluster_reported(l, &ind.code).map(|f| f.value));
    let last_computed = last.and_then(|l| figures.cluster_computed(cluster, l, ind));
    let (current, last_year) = match (reported, last_reported) {
        (Some(r), Some(l)) => (Some(r), Some(l)),
        _ => (computed, last_computed),
    };
    let change = match (current, last_year) {
        (Some(c), Some(l)) => crate::model::derived::change(c, l),
        _ => None,
    };
    let completeness = figures.indicator_completeness(cluster, period, &ind.code);
    SummaryLine {
        computed,
        reported,
        plan_pct,
        last_year,
        change,
        reported_by: completeness.reported,
        provinces: completeness.expected,
    }
}

/// Indicators with anything to show for the period: a province's figure
/// (stored or derived) or the cluster's, now or in the same period last year.
pub fn summary_indicators<'c>(
    cluster: &'c Cluster,
    figures: &Figures,
    period: Period,
) -> Vec<&'c Indicator> {
    let periods: Vec<Period> = std::iter::once(period).chain(period.last_year()).collect();
    cluster
        .indicators
        .iter()
        .filter(|ind| {
            periods.iter().any(|p| {
                figures.cluster_reported(*p, &ind.code).is_some()
                    || cluster
                        .provinces
                        .iter()
                        .any(|pr| figures.shown_actual(cluster, *p, &pr.code, ind).is_some())
            })
        })
        .collect()
}

/// Summary: per indicator, grouped as in the report.
pub fn summary(cluster: &Cluster, figures: &Figures, period: Period) -> Table {
    let mut t = Table::new(
        format!("Tổng hợp kỳ {period}"),
        vec![
            Column::left("Chỉ tiêu"),
            Column::left("Đơn vị"),
            Column::right("Cụm (tính)"),
            Column::right("Cụm (báo cáo)"),
            Column::right("Lệch"),
            Column::right("% KH"),
            Column::right("Cùng kỳ"),
            Column::right("Thay đổi"),
            Column::right("Đã báo cáo"),
        ],
    );
    let shown_inds = summary_indicators(cluster, figures, period);
    for (group, inds) in cluster.groups() {
        let inds: Vec<&Indicator> = inds
            .into_iter()
            .filter(|i| shown_inds.iter().any(|s| s.code == i.code))
            .collect();
        if inds.is_empty() {
            continue;
        }
        t.group(group);
        for ind in inds {
            let l = summary_line(cluster, figures, period, ind);
            let opt = |v: Option<Decimal>| v.map(|v| shown(ind, v)).unwrap_or_default();
            // Reported minus computed, where both exist and differ.
            let diff = match (l.computed, l.reported) {
                (Some(c), Some(r)) if l.differs() => signed(shown(ind, r - c), r - c),
                _ => String::new(),
            };
            t.push(vec![
                ind.name.clone(),
                ind.unit.clone(),
                opt(l.computed),
                opt(l.reported),
                diff,
                l.plan_pct.map(percent).unwrap_or_default(),
                opt(l.last_year),
                l.change
                    .as_ref()
                    .map(|c| change_text(ind, c))
                    .unwrap_or_default(),
                format!("{}/{} tỉnh", l.reported_by, l.provinces),
            ]);
            note_summary_row(&mut t, figures, period, ind, &l);
        }
    }
    t.notes.push(
        "Cụm (tính): theo quy tắc của chỉ tiêu (tổng, bình quân, tỷ lệ) từ số các tỉnh. \
         Cụm (báo cáo): số báo cáo cho cả cụm. Lệch: báo cáo − tính."
            .to_string(),
    );
    if shown_inds.iter().any(|i| cluster.derivation(i).is_some()) {
        t.notes.push(
            "Chỉ tiêu % kế hoạch và tỷ lệ: tỉnh không nhập số riêng được tính từ các \
             chỉ tiêu gốc (không lưu) và được tính vào «Đã báo cáo»; % kế hoạch của cụm \
             = tổng thực hiện ÷ tổng kế hoạch của các tỉnh có đủ hai số."
                .to_string(),
        );
    }
    t
}

/// The footnotes of a summary row: the cluster's reported figure, its plan
/// behind % of plan, and last year's reported figure where shown.
fn note_summary_row(
    t: &mut Table,
    figures: &Figures,
    period: Period,
    ind: &Indicator,
    l: &SummaryLine,
) {
    if l.reported.is_some() {
        note_figure(t, 3, figures.cluster_reported(period, &ind.code));
    }
    if l.plan_pct.is_some()
        && let Some(says) =
            plan_figure(figures, period, CLUSTER, &ind.code).and_then(|p| plan_says(ind, period, p))
    {
        t.footnote(5, says);
    }
    // Last year's figure is the reported one when both years were reported.
    let last = period.last_year();
    let last_reported = last.and_then(|p| figures.cluster_reported(p, &ind.code));
    if l.reported.is_some() && l.last_year.is_some() {
        note_figure(t, 6, last_reported);
    }
}

/// One ranked line of an indicator's ranking (unreported provinces last).
#[derive(Debug, Clone, PartialEq)]
pub struct RankLine {
    pub province: String,
    pub name: String,
    /// None: "chưa báo cáo".
    pub rank: Option<usize>,
    pub value: Option<Decimal>,
    pub plan_pct: Option<Decimal>,
    pub last_year: Option<Decimal>,
    pub change: Option<YearChange>,
}

pub fn rank_lines(
    cluster: &Cluster,
    figures: &Figures,
    period: Period,
    ind: &Indicator,
) -> Vec<RankLine> {
    let line = |code: &str, rank: Option<usize>| RankLine {
        province: code.to_string(),
        name: province_name(cluster, code),
        rank,
        value: figures.shown_value(cluster, period, code, ind),
        plan_pct: figures.plan_pct(period, code, &ind.code),
        last_year: figures
            .shown_last_year(cluster, period, code, ind)
            .map(|s| s.value),
        change: figures.shown_change(cluster, period, code, ind),
    };
    let ranked = figures.ranking(cluster, period, ind);
    let mut out: Vec<RankLine> = ranked
        .iter()
        .map(|r| line(&r.province, Some(r.rank)))
        .collect();
    for p in &cluster.provinces {
        if !ranked.iter().any(|r| r.province == p.code) {
            out.push(line(&p.code, None));
        }
    }
    out
}

pub const NOT_REPORTED: &str = "chưa báo cáo";

/// Ranking of one indicator, with the footnotes of its stored figures.
pub fn ranking(cluster: &Cluster, figures: &Figures, period: Period, ind: &Indicator) -> Table {
    let lines = rank_lines(cluster, figures, period, ind);
    let mut t = ranking_of(cluster, period, ind, &lines);
    // ranking_of writes one row per line, in order.
    let rows = std::mem::take(&mut t.rows);
    for (line, row) in lines.iter().zip(rows) {
        t.rows.push(row);
        let p = line.province.as_str();
        if line.value.is_some() {
            note_figure(&mut t, 2, figures.get(period, p, &ind.code, Kind::Actual));
        }
        if line.plan_pct.is_some()
            && let Some(says) =
                plan_figure(figures, period, p, &ind.code).and_then(|f| plan_says(ind, period, f))
        {
            t.footnote(3, says);
        }
        if line.last_year.is_some()
            && let Some(last) = period.last_year()
        {
            note_figure(&mut t, 4, figures.get(last, p, &ind.code, Kind::Actual));
        }
    }
    t
}

/// [`ranking`] from rank lines already worked out (the screen has them).
pub fn ranking_of(cluster: &Cluster, period: Period, ind: &Indicator, lines: &[RankLine]) -> Table {
    let mut t = Table::new(
        format!("Xếp hạng: {} ({}) — kỳ {period}", ind.name, ind.unit),
        vec![
            Column::right("Hạng"),
            Column::left("Tỉnh"),
            Column::right("Giá trị"),
            Column::right("% KH"),
            Column::right("Cùng kỳ"),
            Column::right("Thay đổi"),
        ],
    );
    for l in lines {
        t.push(vec![
            l.rank.map(|r| r.to_string()).unwrap_or_default(),
            l.name.clone(),
            l.value
                .map(|v| shown(ind, v))
                .unwrap_or_else(|| NOT_REPORTED.to_string()),
            l.plan_pct.map(percent).unwrap_or_default(),
            l.last_year.map(|v| shown(ind, v)).unwrap_or_default(),
            l.change
                .as_ref()
                .map(|c| change_text(ind, c))
                .unwrap_or_default(),
        ]);
    }
    let order = match ind.direction {
        crate::model::Direction::LowerBetter => "thấp hơn là tốt hơn",
        _ => "cao hơn là tốt hơn",
    };
    t.notes
        .push(format!("Xếp hạng {order}; bằng nhau cùng hạng."));
    if let Some(how) = derivation_note(cluster, ind) {
        t.notes.push(how);
    }
    t
}

/// How a derivable indicator's figures were computed, for the notes under
/// a table showing them (the screen marks them by colour; print cannot).
pub fn derivation_note(cluster: &Cluster, ind: &Indicator) -> Option<String> {
    let name = |code: &str| {
        cluster
            .indicator(code)
            .map(|i| i.name.clone())
            .unwrap_or_else(|| code.to_string())
    };
    let how = match cluster.derivation(ind)? {
        Derivation::ShareOfPlan { base } => {
            format!("thực hiện ÷ kế hoạch năm × 100 của «{}»", name(base))
        }
        Derivation::Ratio {
            numerator,
            denominator,
        } => format!("«{}» ÷ «{}» × 100", name(numerator), name(denominator)),
    };
    Some(format!(
        "Tỉnh không nhập số riêng: giá trị tính từ {how} (không lưu)."
    ))
}

/// Indicators with a plan for the period (any province or the cluster),
/// and an actual figure to rank: the report ranks each of these.
pub fn planned_indicators<'c>(
    cluster: &'c Cluster,
    figures: &Figures,
    period: Period,
) -> Vec<&'c Indicator> {
    cluster
        .indicators
        .iter()
        .filter(|ind| {
            cluster.provinces.iter().any(|p| {
                figures.plan(period, &p.code, &ind.code).is_some()
                    && figures.actual(period, &p.code, &ind.code).is_some()
            })
        })
        .collect()
}

/// The score table: rank, province, points per group, total.
pub fn score(cluster: &Cluster, table: &ScoreTable) -> Table {
    let mut columns = vec![Column::right("Hạng"), Column::left("Tỉnh")];
    columns.extend(table.groups.iter().map(|g| Column::right(&g.name)));
    columns.push(Column::right("Tổng điểm"));
    let mut t = Table::new(format!("Điểm thi đua — kỳ {}", table.period), columns);
    for row in &table.rows {
        let mut cells = vec![row.rank.to_string(), province_name(cluster, &row.province)];
        cells.extend(row.by_group.iter().map(|v| points(*v)));
        cells.push(points(row.total));
        t.push(cells);
    }
    t.notes.push(
        "Có kế hoạch: trọng số × min(thực hiện ÷ kế hoạch; 1) (thấp hơn là tốt hơn: \
         kế hoạch ÷ thực hiện). Không có kế hoạch: theo hạng, nhất = trọng số, \
         cuối = 0, tuyến tính. Chỉ tiêu trung tính không tính điểm."
            .to_string(),
    );
    t
}

/// The basis of a point in words, for the detail view.
pub fn basis_label(p: &Points) -> &'static str {
    match p.basis {
        Basis::Plan {
            inverted: false, ..
        } => "so với kế hoạch",
        Basis::Plan { inverted: true, .. } => "so với kế hoạch (thấp hơn là tốt hơn)",
        Basis::Rank { .. } => "theo hạng (không có kế hoạch)",
        Basis::Neutral => "trung tính",
        Basis::NoWeight => "trọng số 0",
        Basis::NotReported => NOT_REPORTED,
    }
}

/// Every scored indicator of one province: values, formula and points.
pub fn score_detail(cluster: &Cluster, figures: &Figures, period: Period, province: &str) -> Table {
    let mut t = Table::new(
        format!(
            "Điểm chi tiết: {} — kỳ {period}",
            province_name(cluster, province)
        ),
        vec![
            Column::left("Chỉ tiêu"),
            Column::right("Thực hiện"),
            Column::right("Kế hoạch"),
            Column::right("Trọng số"),
            Column::left("Cách tính"),
            Column::right("Điểm"),
        ],
    );
    for ind in score::scored_indicators(cluster, figures, period) {
        let Some(p) = score::detail(cluster, figures, period, province, &ind.code) else {
            continue;
        };
        t.push(vec![
            ind.name.clone(),
            figures
                .shown_value(cluster, period, province, ind)
                .map(|v| shown(ind, v))
                .unwrap_or_else(|| NOT_REPORTED.to_string()),
            figures
                .plan(period, province, &ind.code)
                .map(|v| num_exact(v, ind.decimals))
                .unwrap_or_default(),
            num_exact(p.weight, 0),
            p.formula(ind.decimals, &num),
            num(p.points, 4),
        ]);
        note_figure(
            &mut t,
            1,
            figures.get(period, province, &ind.code, Kind::Actual),
        );
        note_figure(&mut t, 2, plan_figure(figures, period, province, &ind.code));
    }
    t
}

/// The awards annex: award types (report order) × provinces, totals, and
/// the cluster total reported beside the provinces' sum.
pub fn awards(annex: &AwardsAnnex) -> Table {
    let mut columns = vec![Column::left("Hình thức khen thưởng")];
    columns.extend(annex.provinces.iter().map(|p| Column::right(p)));
    columns.push(Column::right("Tổng các tỉnh"));
    columns.push(Column::right("Cụm báo cáo"));
    let mut t = Table::new(
        format!("Phụ lục: kết quả khen thưởng — kỳ {}", annex.period),
        columns,
    );
    let opt = |v: Option<Decimal>| v.map(|v| num(v, 0)).unwrap_or_default();
    for (i, ty) in annex.types.iter().enumerate() {
        let mut cells = vec![ty.name.clone()];
        cells.extend(annex.cells[i].iter().map(|v| opt(*v)));
        cells.push(opt(annex.type_totals[i]));
        let mut rep = opt(annex.reported[i]);
        if annex.differs(i) {
            rep.push_str(" *");
        }
        cells.push(rep);
        t.push(cells);
    }
    let mut total = vec!["Tổng cộng".to_string()];
    total.extend(annex.province_totals.iter().map(|v| opt(*v)));
    total.push(opt(annex.grand_total));
    total.push(opt(annex.reported_total));
    t.push(total);
    t.notes.push(
        "Tổng các tỉnh: cộng số các tỉnh đã nhập; Cụm báo cáo: tổng số báo cáo cho cả cụm \
         (* khác tổng các tỉnh)."
            .to_string(),
    );
    t
}

/// [`awards`] with the footnotes of its stored figures (the provinces'
/// and the cluster's reported ones; totals are sums and say nothing).
pub fn awards_noted(annex: &AwardsAnnex, figures: &Figures) -> Table {
    let mut t = awards(annex);
    let rows = std::mem::take(&mut t.rows);
    let reported = annex.provinces.len() + 2;
    for (i, row) in rows.into_iter().enumerate() {
        t.rows.push(row);
        let Some(ty) = annex.types.get(i) else {
            continue;
        };
        for (j, p) in annex.provinces.iter().enumerate() {
            note_figure(
                &mut t,
                j + 1,
                figures.get(annex.period, p, &ty.code, Kind::Actual),
            );
        }
        note_figure(
            &mut t,
            reported,
            figures.cluster_reported(annex.period, &ty.code),
        );
    }
    t
}

/// Whether the annex holds any figure of the period.
pub fn awards_has_figures(annex: &AwardsAnnex) -> bool {
    annex.cells.iter().flatten().any(Option::is_some) || annex.reported.iter().any(Option::is_some)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().expect("decimal literal")
    }

    #[test]
    fn vietnamese_numbers_round_half_away_from_zero() {
        assert_eq!(num(d("24550"), 0), "24.550");
        assert_eq!(num(d("66.585"), 2), "66,59");
        assert_eq!(num(d("2.5"), 0), "3");
        assert_eq!(num(d("-1234567.125"), 2), "-1.234.567,13");
        assert_eq!(num(d("0.004"), 2), "0,00");
        assert_eq!(num(d("-0.004"), 2), "0,00");
    }
}
