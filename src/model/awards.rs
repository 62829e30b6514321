//! The awards annex of the report: award types (in the order of the
//! report's awards paragraph, Anh hùng Lao động … Bằng khen của Chủ tịch
//! UBND tỉnh) × provinces, with totals, and beside each type the total the
//! report gives for the cluster itself where there is one.

use rust_decimal::Decimal;

use super::figures::Figures;
use super::indicator::Cluster;
use super::period::Period;

/// Award-type indicators are the `AWD_*` codes of the `awards` group; the
/// other items of that group (awards in one movement) are not annex columns.
pub const AWARD_PREFIX: &str = "AWD_";

#[derive(Debug, Clone, PartialEq)]
pub struct AwardType {
    pub code: String,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct AwardsAnnex {
    pub period: Period,
    pub types: Vec<AwardType>,
    /// Province codes, in cluster order.
    pub provinces: Vec<String>,
    /// `cells[type][province]`.
    pub cells: Vec<Vec<Option<Decimal>>>,
    /// Per type, the sum over provinces (None when no province reported).
    pub type_totals: Vec<Option<Decimal>>,
    /// Per province, the sum over types (None when it reported none).
    pub province_totals: Vec<Option<Decimal>>,
    /// Sum of every province's awards.
    pub grand_total: Option<Decimal>,
    /// Per type, the figure reported for the cluster itself.
    pub reported: Vec<Option<Decimal>>,
    /// Sum of the reported cluster figures.
    pub reported_total: Option<Decimal>,
}

impl AwardsAnnex {
    /// Whether a type's provinces' sum differs from the cluster figure
    /// reported for it (both must exist to differ).
    pub fn differs(&self, type_index: usize) -> bool {
        matches!(
            (self.type_totals.get(type_index), self.reported.get(type_index)),
            (Some(Some(sum)), Some(Some(rep))) if sum != rep
        )
    }
}

fn sum_some(values: impl IntoIterator<Item = Option<Decimal>>) -> Option<Decimal> {
    values
        .into_iter()
        .flatten()
        .fold(None, |acc, v| Some(acc.unwrap_or(Decimal::ZERO) + v))
}

pub fn awards_annex(cluster: &Cluster, figures: &Figures, period: Period) -> AwardsAnnex {
    let types: Vec<AwardType> = cluster
        .indicators
        .iter()
        .filter(|i| i.code.starts_with(AWARD_PREFIX))
        .map(|i| AwardType {
            code: i.code.clone(),
            name: i.name.clone(),
        })
        .collect();
    let provinces: Vec<String> = cluster.provinces.iter().map(|p| p.code.clone()).collect();
    let cells: Vec<Vec<Option<Decimal>>> = types
        .iter()
        .map(|t| {
            provinces
                .iter()
                .map(|p| figures.actual(period, p, &t.code))
                .collect()
        })
        .collect();
    let type_totals: Vec<Option<Decimal>> = cells
        .iter()
        .map(|row| sum_some(row.iter().copied()))
        .collect();
    let province_totals: Vec<Option<Decimal>> = (0..provinces.len())
        .map(|j| sum_some(cells.iter().map(|row| row[j])))
        .collect();
    let grand_total = sum_some(type_totals.iter().copied());
    let reported: Vec<Option<Decimal>> = types
        .iter()
        .map(|t| figures.cluster_reported(period, &t.code).map(|f| f.value))
        .collect();
    let reported_total = sum_some(reported.iter().copied());
    AwardsAnnex {
        period,
        types,
        provinces,
        cells,
        type_totals,
        province_totals,
        grand_total,
        reported,
        reported_total,
    }
}
