//! The covenant's scoring engine (issue #18), beside today's weight-based
//! `model::score` until the screens move over: the scoring methods on the
//! covenant's criteria (`methods`, `target`), the score sheet of a unit
//! (`sheet`, printed through `print`), its workflow from self-score to
//! lock (`workflow`), the cluster's ranking by final score (`ranking`),
//! and the meeting's vote and minutes (`vote`, `minutes`). Pure functions
//! and values: the store keeps [`workflow::SheetEntries`] and
//! [`vote::Meeting`], and everything else follows from them and the
//! figures. The rules, with worked examples, are in `docs/scoring.md`.
//!
//! Exact decimal arithmetic throughout, every operation checked (an
//! overflow is a [`ScoreError`] naming the criterion, never a panic);
//! points are rounded to 2 decimals per criterion ([`calc::POINT_DECIMALS`]).

pub mod basis;
pub mod calc;
pub mod inputs;
pub mod methods;
pub mod minutes;
pub mod print;
pub mod ranking;
pub mod scores;
pub mod sheet;
pub mod table;
pub mod target;
pub mod vote;
pub mod workflow;

pub use basis::{Basis, Scored, TargetCase};
pub use calc::ScoreError;
pub use inputs::{Inputs, UnitFigures};
pub use methods::score_criterion;
pub use ranking::Ranking;

pub use scores::YearScores;
pub use sheet::ScoreSheet;
pub use table::TextTable;
pub use workflow::{Actor, Change, Refusal, SheetEntries, State};

use crate::model::covenant::CovenantYear;
use crate::model::unit::UnitHistory;

/// Every counted unit's sheet of the inputs' period, in the cluster's
/// order, each with its stored entries (`entries(unit)`; none stored: a
/// fresh `nháp` sheet) and its name as of the period.
pub fn cluster_sheets(
    year: &CovenantYear,
    history: &UnitHistory,
    inputs: &Inputs,
    entries: impl Fn(&str) -> SheetEntries,
) -> Vec<ScoreSheet> {
    let scores = YearScores::compute(year, inputs);
    inputs
        .units
        .iter()
        .map(|u| {
            let name = history
                .unit(u)
                .and_then(|x| x.as_of(inputs.period))
                .map_or_else(|| u.clone(), |v| v.short_label());
            ScoreSheet::build(year, &scores, inputs, u, &name, &entries(u))
        })
        .collect()
}
