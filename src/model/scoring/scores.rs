//! The computed points of a whole covenant year's scale for every unit the
//! cluster counts: each method compares units with each other (the leader
//! of `target`, the ranks of `rank`), so a sheet is cut from these.

use std::collections::BTreeMap;

use super::basis::Scored;
use super::calc::ScoreError;
use super::inputs::Inputs;
use super::methods::score_criterion;
use super::sheet::on_sheet;
use crate::model::covenant::CovenantYear;
use crate::model::period::Period;

/// Per criterion on the sheet, every unit's computed points, or why the
/// criterion cannot be scored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YearScores {
    pub period: Period,
    pub units: Vec<String>,
    by_criterion: BTreeMap<String, Result<Vec<Scored>, ScoreError>>,
}

impl YearScores {
    pub fn compute(year: &CovenantYear, inputs: &Inputs) -> YearScores {
        let by_criterion = year
            .in_covenant()
            .filter(|c| on_sheet(year, c) && year.children(&c.code).next().is_none())
            .map(|c| {
                (
                    c.code.clone(),
                    score_criterion(c, &inputs.for_criterion(&c.code)),
                )
            })
            .collect();
        YearScores {
            period: inputs.period,
            units: inputs.units.clone(),
            by_criterion,
        }
    }

    /// Every unit's points on `code` (None: not a scored criterion).
    pub fn criterion(&self, code: &str) -> Option<&Result<Vec<Scored>, ScoreError>> {
        self.by_criterion.get(code)
    }

    /// One unit's points on `code`: None where the criterion is not scored
    /// or the unit is not counted; the error where the criterion fails.
    pub fn unit(&self, code: &str, unit: &str) -> Option<Result<&Scored, &ScoreError>> {
        match self.by_criterion.get(code)? {
            Ok(all) => all.iter().find(|s| s.unit == unit).map(Ok),
            Err(e) => Some(Err(e)),
        }
    }
}
