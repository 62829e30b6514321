//! The figures of one period as the review screens, the report and the
//! score read them: the cluster (members, indicators and weights), every
//! figure held, and the period itself, borrowed together so that what is
//! derived from them (which indicators can be ranked or scored) is asked
//! in one place — and, for a detail view, how a figure across a merger was
//! made (its parts and remark).

use super::compose::{ClusterFigure, TerritoryFigure};
use super::score::scored_indicators;
use super::{Cluster, Figures, Indicator, Period};

/// One period's view of the data; cheap to copy (three borrows and a period).
#[derive(Clone, Copy)]
pub struct PeriodData<'a> {
    pub cluster: &'a Cluster,
    pub figures: &'a Figures,
    pub period: Period,
}

impl<'a> PeriodData<'a> {
    /// Indices (in the cluster's indicators, report order) of the
    /// indicators some province has a figure shown for in the period,
    /// stored or derived: those a ranking can be drawn for.
    pub fn ranked_indicator_indices(&self) -> Vec<usize> {
        let cluster = self.cluster;
        (0..cluster.indicators.len())
            .filter(|&i| {
                cluster.provinces.iter().any(|p| {
                    self.figures
                        .shown_actual(cluster, self.period, &p.code, &cluster.indicators[i])
                        .is_some()
                })
            })
            .collect()
    }

    /// The same indicators themselves.
    pub fn ranked_indicators(&self) -> Vec<&'a Indicator> {
        self.ranked_indicator_indices()
            .into_iter()
            .map(|i| &self.cluster.indicators[i])
            .collect()
    }

    /// The indicators that score in the period (see [`scored_indicators`]).
    pub fn scored_indicators(&self) -> Vec<&'a Indicator> {
        scored_indicators(self.cluster, self.figures, self.period)
    }

    /// A province's same period last year with its parts and remark (see
    /// [`Figures::last_year_figure`]).
    pub fn last_year(&self, province: &str, ind: &Indicator) -> Option<TerritoryFigure> {
        self.figures
            .last_year_figure(self.cluster, self.period, province, ind)
    }

    /// What is said beside or instead of a province's same period last
    /// year ("gộp từ An Giang + Kiên Giang", "không so sánh được (sáp nhập)").
    pub fn last_year_remark(&self, province: &str, ind: &Indicator) -> Option<String> {
        self.figures
            .last_year_remark(self.cluster, self.period, province, ind)
    }

    /// The cluster's computed figure of the period with its parts.
    pub fn cluster_figure(&self, ind: &Indicator) -> Option<ClusterFigure> {
        self.figures.cluster_figure(self.cluster, self.period, ind)
    }

    /// The cluster's figure of the same period last year, over the
    /// territories of this period's members, with its parts and remark.
    pub fn cluster_last_year(&self, ind: &Indicator) -> Option<ClusterFigure> {
        self.figures
            .cluster_figure(self.cluster, self.period.last_year()?, ind)
    }

    /// The words beside a cluster figure (see [`ClusterFigure::remark`]).
    pub fn cluster_remark(&self, figure: &ClusterFigure) -> Option<String> {
        figure.remark(&self.cluster.basis.as_ref()?.covenant.units)
    }
}
