//! The figures of one period as the review screens, the report and the
//! score read them: the cluster (members, indicators and weights), every
//! figure held, and the period itself, borrowed together so that what is
//! derived from them (which indicators can be ranked or scored) is asked
//! in one place.

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
}
