//! Which units' figures make up a unit's territory in an earlier period,
//! following mergers back through the unit history, and which units a
//! cluster counts in a period so that no territory is counted twice.
//!
//! An Giang from 2025-07-01 is An Giang and Kiên Giang as they were before:
//! its territory in 2025-H1 is made of two units' figures. Chains are
//! followed (a unit taken in that had itself taken in another brings that
//! one too).
//!
//! **A period that straddles a merger date is not composed.** The year 2025
//! holds 1 July 2025: An Giang's figure for 2025 is the one reported by the
//! new An Giang, which after a merger reports for its whole new territory
//! over the whole period. The predecessors' figures for such a
//! period cover only the months before the merger, and adding them to it
//! would count Kiên Giang twice, or add half a year to a whole one. So the
//! unit's own figure is used, and the [`Straddle`] is listed so that a
//! screen can say the figure spans a merger.

use chrono::NaiveDate;

use super::calendar::format_day_vi;
use super::period::Period;
use super::unit::{Unit, UnitHistory};

/// A period that holds the day a unit's version changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Straddle {
    pub unit: String,
    /// The first day of the later version.
    pub on: NaiveDate,
}

/// The units whose figures for `then` make up `unit`'s territory as of `now`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Territory {
    pub unit: String,
    pub then: Period,
    /// Codes in the order met: the unit's own line first, then the units it
    /// took in, each followed by those it had taken in.
    pub parts: Vec<String>,
    /// Parts whose own figure is used although `then` holds a merger day.
    pub straddles: Vec<Straddle>,
}

impl Territory {
    /// Whether the territory is made of other units' figures.
    pub fn is_composed(&self) -> bool {
        self.parts.len() != 1 || self.parts[0] != self.unit
    }
}

/// Why a territory cannot be told.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TerritoryError {
    #[error("không có đơn vị mã «{0}»")]
    UnknownUnit(String),
    #[error("đơn vị «{unit}» không tồn tại trong kỳ {period}")]
    NotInPeriod { unit: String, period: Period },
    #[error("kỳ {then} không trước kỳ {now} của đơn vị «{unit}»")]
    NotEarlier {
        unit: String,
        now: Period,
        then: Period,
    },
    #[error("đơn vị «{unit}» chỉ có từ {}, chưa có trong kỳ {then}", format_day_vi(*.from))]
    NotYet {
        unit: String,
        from: NaiveDate,
        then: Period,
    },
}

impl UnitHistory {
    /// The units whose figures for the earlier period `then` make up the
    /// territory `unit` had at the end of `now` (see the module on periods
    /// that straddle a merger).
    pub fn territory(
        &self,
        unit: &str,
        now: Period,
        then: Period,
    ) -> Result<Territory, TerritoryError> {
        let u = self
            .unit(unit)
            .ok_or_else(|| TerritoryError::UnknownUnit(unit.to_string()))?;
        let index = u
            .latest_index_during(now)
            .ok_or_else(|| TerritoryError::NotInPeriod {
                unit: unit.to_string(),
                period: now,
            })?;
        let version = &u.versions[index];
        if version
            .valid_until
            .is_some_and(|until| until < then.first_day())
        {
            return Err(TerritoryError::NotEarlier {
                unit: unit.to_string(),
                now,
                then,
            });
        }
        let mut territory = Territory {
            unit: unit.to_string(),
            then,
            parts: Vec::new(),
            straddles: Vec::new(),
        };
        self.collect(u, index, then, &mut territory)?;
        Ok(territory)
    }

    /// Add to `out` the parts of `unit`'s version `index` over `then`, a
    /// period that ends before the version does.
    fn collect(
        &self,
        unit: &Unit,
        index: usize,
        then: Period,
        out: &mut Territory,
    ) -> Result<(), TerritoryError> {
        let version = &unit.versions[index];
        if version.covers(then) {
            out.parts.push(unit.code.clone());
            return Ok(());
        }
        let Some(from) = version.valid_from.filter(|f| then.last_day() < *f) else {
            // In force on part of `then` only: the merger falls inside it.
            let on = version
                .valid_from
                .filter(|f| then.first_day() < *f)
                .or_else(|| version.valid_until.and_then(|u| u.succ_opt()))
                .unwrap_or(then.first_day());
            out.parts.push(unit.code.clone());
            out.straddles.push(Straddle {
                unit: unit.code.clone(),
                on,
            });
            return Ok(());
        };
        // `then` lies wholly before this version: its territory then is the
        // previous version's and that of every unit it took in.
        if index == 0 && version.takes_in.is_empty() {
            return Err(TerritoryError::NotYet {
                unit: unit.code.clone(),
                from,
                then,
            });
        }
        if index > 0 {
            self.collect(unit, index - 1, then, out)?;
        }
        let day_before = from.pred_opt();
        for code in &version.takes_in {
            let taken = self
                .unit(code)
                .ok_or_else(|| TerritoryError::UnknownUnit(code.clone()))?;
            let last = taken
                .versions
                .iter()
                .rposition(|v| v.valid_until.is_some() && v.valid_until == day_before)
                .ok_or_else(|| TerritoryError::NotInPeriod {
                    unit: code.clone(),
                    period: then,
                })?;
            self.collect(taken, last, then, out)?;
        }
        Ok(())
    }

    /// The members that a cluster counts in `period`, in the order given:
    /// those in force on some day of it, less those whose territory another
    /// member had taken in by the period's end (in 2025, Kiên Giang is part
    /// of the new An Giang's figure; in 2025-H1 both count). A member taken
    /// in by a unit outside the cluster still counts for the days it existed.
    pub fn counted_members(&self, members: &[&str], period: Period) -> Vec<String> {
        let mut absorbed: Vec<String> = Vec::new();
        for code in members {
            if let Some(u) = self.unit(code)
                && let Some(index) = u.latest_index_during(period)
            {
                self.taken_in_by(u, index, &mut absorbed);
            }
        }
        members
            .iter()
            .filter(|m| self.unit(m).is_some_and(|u| u.exists_in(period)))
            .filter(|m| !absorbed.iter().any(|a| a == *m))
            .map(|m| m.to_string())
            .collect()
    }

    /// Every unit taken in, directly or through a chain, by `unit`'s
    /// versions up to `index`.
    fn taken_in_by(&self, unit: &Unit, index: usize, out: &mut Vec<String>) {
        for version in &unit.versions[..=index] {
            for code in &version.takes_in {
                if out.contains(code) {
                    continue; // a broken history may loop; never twice
                }
                out.push(code.clone());
                if let Some(taken) = self.unit(code)
                    && !taken.versions.is_empty()
                {
                    self.taken_in_by(taken, taken.versions.len() - 1, out);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::calendar::parse_day;
    use crate::model::unit::{UnitKind, UnitVersion};

    fn version(from: Option<&str>, until: Option<&str>, takes: &[&str]) -> UnitVersion {
        let day = |s: &str| parse_day(s).expect("day");
        UnitVersion {
            name: "x".into(),
            kind: UnitKind::Province,
            valid_from: from.map(day),
            valid_until: until.map(day),
            takes_in: takes.iter().map(|s| s.to_string()).collect(),
        }
    }

    fn unit(code: &str, versions: Vec<UnitVersion>) -> Unit {
        Unit {
            code: code.into(),
            versions,
        }
    }

    /// AG takes in KG in 2025; KG had taken in PQ in 2020 (a chain).
    fn history() -> UnitHistory {
        UnitHistory {
            units: vec![
                unit(
                    "AG",
                    vec![
                        version(None, Some("2025-06-30"), &[]),
                        version(Some("2025-07-01"), None, &["KG"]),
                    ],
                ),
                unit(
                    "KG",
                    vec![
                        version(None, Some("2019-12-31"), &[]),
                        version(Some("2020-01-01"), Some("2025-06-30"), &["PQ"]),
                    ],
                ),
                unit("PQ", vec![version(None, Some("2019-12-31"), &[])]),
                unit("NEW", vec![version(Some("2024-01-01"), None, &[])]),
            ],
        }
    }

    fn p(s: &str) -> Period {
        s.parse().expect("period")
    }

    #[test]
    fn an_earlier_period_is_made_of_the_predecessors() {
        let h = history();
        let t = h
            .territory("AG", p("2026-H1"), p("2025-H1"))
            .expect("territory");
        assert_eq!(t.parts, ["AG", "KG"]);
        assert!(t.is_composed() && t.straddles.is_empty());
        let t = h
            .territory("AG", p("2026-H1"), p("2019-H1"))
            .expect("chain");
        assert_eq!(t.parts, ["AG", "KG", "PQ"]);
        let t = h
            .territory("AG", p("2026-H1"), p("2025-H2"))
            .expect("same version");
        assert_eq!(t.parts, ["AG"]);
        assert!(!t.is_composed());
        let t = h
            .territory("KG", p("2025-H1"), p("2024-H1"))
            .expect("KG itself");
        assert_eq!(t.parts, ["KG"]);
    }

    #[test]
    fn a_period_that_straddles_a_merger_uses_the_units_own_figure() {
        let h = history();
        let t = h.territory("AG", p("2026"), p("2025")).expect("territory");
        assert_eq!(t.parts, ["AG"]);
        assert_eq!(
            t.straddles,
            [Straddle {
                unit: "AG".into(),
                on: parse_day("2025-07-01").expect("day")
            }]
        );
        // Deeper in a chain: PQ had joined KG by 2020, so KG's 2020 figure holds it.
        let t = h.territory("AG", p("2026"), p("2020")).expect("territory");
        assert_eq!(t.parts, ["AG", "KG"]);
        let t = h.territory("AG", p("2026"), p("2019")).expect("territory");
        assert_eq!(t.parts, ["AG", "KG", "PQ"]);
        let t = h
            .territory("AG", p("2026"), p("2019-H2"))
            .expect("territory");
        assert!(t.straddles.is_empty());
    }

    #[test]
    fn units_without_a_territory_then_say_why() {
        let h = history();
        assert!(matches!(
            h.territory("NEW", p("2025"), p("2023")),
            Err(TerritoryError::NotYet { .. })
        ));
        assert!(matches!(
            h.territory("KG", p("2026"), p("2025")),
            Err(TerritoryError::NotInPeriod { .. })
        ));
        assert!(matches!(
            h.territory("KG", p("2024"), p("2025-H2")),
            Err(TerritoryError::NotEarlier { .. })
        ));
        let e = h
            .territory("ZZ", p("2024"), p("2023"))
            .expect_err("unknown");
        assert_eq!(e.to_string(), "không có đơn vị mã «ZZ»");
    }

    #[test]
    fn a_cluster_counts_no_territory_twice() {
        let h = history();
        let members = ["AG", "KG", "NEW"];
        assert_eq!(
            h.counted_members(&members, p("2025-H1")),
            ["AG", "KG", "NEW"]
        );
        assert_eq!(h.counted_members(&members, p("2025")), ["AG", "NEW"]);
        assert_eq!(h.counted_members(&members, p("2026")), ["AG", "NEW"]);
        assert_eq!(h.counted_members(&members, p("2023")), ["AG", "KG"]);
        // Taken in by a unit outside the cluster: still counted while it existed.
        assert_eq!(h.counted_members(&["KG"], p("2025")), ["KG"]);
    }
}
