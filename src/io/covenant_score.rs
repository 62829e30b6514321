//! The covenant score of one period as screens and reports read it (issue
//! #18 items 2 and 4): the year's scale applied by the engine to the
//! period's figures and the stored sheet entries — every unit's sheet, the
//! ranking by final score — and the meeting's minutes. Built once from
//! what the store gives ([`CovenantScore::read`]); the engine's tables are
//! turned into the report's [`Table`] here ([`table_of`]), so the screen
//! and every report format print the same cells.

use std::borrow::Cow;
use std::collections::BTreeMap;

use rust_decimal::Decimal;

use super::table::{Column, Table};
use crate::model::covenant::{Covenant, CovenantYear};
use crate::model::scoring::minutes::Minutes;
use crate::model::scoring::vote::{Meeting, VoteError};
use crate::model::scoring::{Inputs, Ranking, ScoreSheet, SheetEntries, TextTable, cluster_sheets};
use crate::model::unit::UnitHistory;
use crate::model::{Cluster, Figures, Period};
use crate::store::Store;

/// A number the Vietnamese way, as every table of the score prints it.
pub fn num(v: Decimal, decimals: u32) -> String {
    crate::text::number::format_number(v, decimals)
}

/// The covenant score of a period.
#[derive(Debug, Clone)]
pub struct CovenantScore {
    pub period: Period,
    pub year: CovenantYear,
    pub units: UnitHistory,
    pub entries: BTreeMap<String, SheetEntries>,
    /// In the cluster's member order.
    pub sheets: Vec<ScoreSheet>,
    pub ranking: Ranking,
    pub meeting: Option<Meeting>,
}

impl CovenantScore {
    /// The score of `period` from the covenant, the figures, the stored
    /// entries and meeting; None when no covenant year applies.
    pub fn build(
        covenant: &Covenant,
        figures: &Figures,
        period: Period,
        entries: Vec<(String, SheetEntries)>,
        meeting: Option<Meeting>,
    ) -> Option<CovenantScore> {
        let year = covenant.for_period(period)?.clone();
        let entries: BTreeMap<String, SheetEntries> = entries.into_iter().collect();
        let inputs = Inputs::from_figures(&year, &covenant.units, figures, period);
        let sheets = cluster_sheets(&year, &covenant.units, &inputs, |u| {
            entries.get(u).cloned().unwrap_or_default()
        });
        let ranking = Ranking::of(period, &sheets);
        Some(CovenantScore {
            period,
            year,
            units: covenant.units.clone(),
            entries,
            sheets,
            ranking,
            meeting,
        })
    }

    /// [`CovenantScore::build`] from what `store` holds. The covenant is
    /// the year `cluster` (the cluster as `period` reads it) carries, so a
    /// database of many covenant years is not read whole; a cluster of
    /// another period, or one without its covenant year, asks the store.
    pub fn read(
        store: &dyn Store,
        cluster: &Cluster,
        figures: &Figures,
        period: Period,
    ) -> crate::store::Result<Option<CovenantScore>> {
        let entries = store.sheet_entries(period)?;
        let meeting = store.meeting(period)?;
        let covenant = match cluster.basis.as_deref() {
            Some(basis) if basis.period == period => Cow::Borrowed(&basis.covenant),
            _ => Cow::Owned(store.covenant()?.covenant),
        };
        Ok(Self::build(&covenant, figures, period, entries, meeting))
    }

    /// Whether the year has a scale at all (some criterion on the sheet).
    pub fn has_scale(&self) -> bool {
        self.sheets.iter().any(|s| s.rows().next().is_some())
    }

    pub fn sheet(&self, unit: &str) -> Option<&ScoreSheet> {
        self.sheets.iter().find(|s| s.unit == unit)
    }

    /// The stored entries of a unit's sheet (a fresh sheet when none).
    pub fn entries_of(&self, unit: &str) -> SheetEntries {
        self.entries.get(unit).cloned().unwrap_or_default()
    }

    /// The meeting's minutes, where a meeting is recorded.
    pub fn minutes(&self) -> Option<Result<Minutes, VoteError>> {
        let meeting = self.meeting.as_ref()?;
        Some(Minutes::build(
            &self.year,
            &self.units,
            meeting,
            self.ranking.clone(),
        ))
    }

    /// The ranking as printed, with each unit's ballots in a last column
    /// (`Cờ thi đua của Chính phủ: 9/12 đồng ý, đạt`) where a meeting
    /// counted any.
    pub fn ranking_table(&self) -> Table {
        let mut t = table_of(&self.ranking.table(&num));
        let counted = self
            .meeting
            .as_ref()
            .and_then(|m| m.count(&self.year).ok())
            .unwrap_or_default();
        if counted.is_empty() {
            return t;
        }
        t.columns.push(Column::left("Bình xét"));
        for (row, rank) in t.rows.iter_mut().zip(&self.ranking.rows) {
            if let super::table::Row::Cells(cells) = row {
                let said: Vec<String> = counted
                    .iter()
                    .filter(|c| c.ballot.unit == rank.unit)
                    .map(|c| {
                        format!(
                            "{}: {}/{} đồng ý, {}",
                            c.ballot.award,
                            c.ballot.votes_for,
                            c.ballot.voters,
                            if c.carried { "đạt" } else { "không đạt" }
                        )
                    })
                    .collect();
                cells.push(said.join("; "));
            }
        }
        t
    }
}

/// An engine table as the report's table: the same title, cells and
/// notes; numeric columns aligned right.
pub fn table_of(t: &TextTable) -> Table {
    let columns = t
        .header
        .iter()
        .zip(t.numeric.iter().chain(std::iter::repeat(&false)))
        .map(|(h, numeric)| {
            if *numeric {
                Column::right(h)
            } else {
                Column::left(h)
            }
        })
        .collect();
    let mut out = Table::new(t.title.clone(), columns);
    for row in &t.rows {
        out.push(row.clone());
    }
    out.notes = t.notes.clone();
    out
}
