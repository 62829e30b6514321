//! What the scoring engine reads: per criterion and unit, the actual figure
//! of the period and the registered target. Built by hand (tests, a
//! what-if) or from the stored figures ([`Inputs::from_figures`]), so the
//! engine itself never touches the store.

use std::collections::HashMap;

use rust_decimal::Decimal;

use crate::model::covenant::CovenantYear;
use crate::model::figures::Figures;
use crate::model::period::Period;
use crate::model::unit::UnitHistory;

/// One unit's figures for one criterion.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitFigures {
    pub unit: String,
    /// The result of the period (thực hiện / ước đạt); for `pass` 1 or 0,
    /// for `count`, `bonus` and `penalty` the number of occurrences.
    pub actual: Option<Decimal>,
    /// The registered target (a `plan` value of the year).
    pub target: Option<Decimal>,
}

/// A unit's actual and target for one criterion.
type ActualTarget = (Option<Decimal>, Option<Decimal>);

/// The figures of one scored period for the units the cluster counts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Inputs {
    pub period: Period,
    /// In the cluster's order; the units every method compares.
    pub units: Vec<String>,
    /// By criterion code, then unit: looked up by `&str` without allocating.
    cells: HashMap<String, HashMap<String, ActualTarget>>,
}

impl Inputs {
    pub fn new(period: Period, units: Vec<String>) -> Self {
        Inputs {
            period,
            units,
            cells: HashMap::new(),
        }
    }

    /// Set a unit's actual and target for criterion `code`.
    pub fn set(
        &mut self,
        unit: &str,
        code: &str,
        actual: Option<Decimal>,
        target: Option<Decimal>,
    ) -> &mut Self {
        self.cells
            .entry(code.to_string())
            .or_default()
            .insert(unit.to_string(), (actual, target));
        self
    }

    pub fn actual(&self, unit: &str, code: &str) -> Option<Decimal> {
        self.cell(unit, code).0
    }

    pub fn target(&self, unit: &str, code: &str) -> Option<Decimal> {
        self.cell(unit, code).1
    }

    fn cell(&self, unit: &str, code: &str) -> ActualTarget {
        self.cells
            .get(code)
            .and_then(|by_unit| by_unit.get(unit))
            .copied()
            .unwrap_or_default()
    }

    /// Every unit's figures for criterion `code`, in the cluster's order.
    pub fn for_criterion(&self, code: &str) -> Vec<UnitFigures> {
        self.units
            .iter()
            .map(|u| UnitFigures {
                unit: u.clone(),
                actual: self.actual(u, code),
                target: self.target(u, code),
            })
            .collect()
    }

    /// The inputs of `period` from the stored figures: the members the
    /// cluster counts then; the actual each screen shows (stored, else
    /// derived from its parts, as a New Rural share is), and the target
    /// held for the period, else for its year (plans are held on the year).
    pub fn from_figures(
        year: &CovenantYear,
        history: &UnitHistory,
        figures: &Figures,
        period: Period,
    ) -> Inputs {
        let cluster = year.legacy_cluster(history, period);
        let units: Vec<String> = cluster.provinces.iter().map(|p| p.code.clone()).collect();
        let mut inputs = Inputs::new(period, units.clone());
        for c in year.in_covenant() {
            let ind = year.legacy_indicator(c);
            for u in &units {
                let actual = figures.shown_value(&cluster, period, u, &ind);
                let target = figures.plan(period, u, &c.code);
                if actual.is_some() || target.is_some() {
                    inputs.set(u, &c.code, actual, target);
                }
            }
        }
        inputs
    }
}
