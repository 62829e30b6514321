//! The cluster's ranking by final score (issue #18 item 4): each sheet's
//! total (scale + bonus − penalty, the "Điểm" column), best first. The tie
//! rule is stated with the ranking ([`TIE_RULE`]) so every printed ranking
//! says it: equal totals share a rank and the next rank is skipped (1, 2,
//! 2, 4), as every ranking of thidua does, and units of the same rank are
//! listed in the cluster's member order. Totals are exact sums of points
//! written with 2 decimals, so equal means equal to the last written digit.

use rust_decimal::Decimal;

use super::sheet::{Points, ScoreSheet};
use super::table::TextTable;
use super::workflow::State;
use crate::model::derived;
use crate::model::indicator::Direction;
use crate::model::period::Period;

pub const TIE_RULE: &str = "Bằng tổng điểm thì cùng hạng, hạng kế tiếp bỏ trống (1, 2, 2, 4); các đơn vị cùng hạng ghi theo thứ tự thành viên của cụm.";

/// One unit's place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RankRow {
    pub unit: String,
    pub name: String,
    pub points: Points,
    pub rank: usize,
    pub state: State,
}

/// A unit whose total cannot be computed, and why (the criterion's message).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unranked {
    pub unit: String,
    pub name: String,
    pub why: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ranking {
    pub period: Period,
    /// Best first.
    pub rows: Vec<RankRow>,
    pub unranked: Vec<Unranked>,
}

impl Ranking {
    /// The ranking of `sheets` (given in the cluster's member order).
    pub fn of(period: Period, sheets: &[ScoreSheet]) -> Ranking {
        let mut rows = Vec::new();
        let mut unranked = Vec::new();
        for s in sheets {
            match &s.totals.final_points {
                Ok(points) => rows.push(RankRow {
                    unit: s.unit.clone(),
                    name: s.unit_name.clone(),
                    points: *points,
                    rank: 0,
                    state: s.state,
                }),
                Err(e) => unranked.push(Unranked {
                    unit: s.unit.clone(),
                    name: s.unit_name.clone(),
                    why: e.message.clone(),
                }),
            }
        }
        let totals: Vec<Decimal> = rows.iter().map(|r| r.points.total).collect();
        for (row, rank) in rows
            .iter_mut()
            .zip(derived::ranks(&totals, Direction::HigherBetter))
        {
            row.rank = rank;
        }
        rows.sort_by_key(|r| r.rank); // stable: member order within a rank
        Ranking {
            period,
            rows,
            unranked,
        }
    }

    pub fn tie_rule(&self) -> &'static str {
        TIE_RULE
    }

    pub fn rank_of(&self, unit: &str) -> Option<usize> {
        self.rows.iter().find(|r| r.unit == unit).map(|r| r.rank)
    }

    /// Whether two or more units share `rank`.
    pub fn is_tied(&self, rank: usize) -> bool {
        self.rows.iter().filter(|r| r.rank == rank).count() > 1
    }

    /// The units whose sheets are not locked yet: their points may change.
    pub fn not_locked(&self) -> Vec<&RankRow> {
        self.rows
            .iter()
            .filter(|r| r.state != State::Locked)
            .collect()
    }

    /// The ranking as a table, with the tie rule and what is not final in
    /// its notes.
    pub fn table(&self, num: &dyn Fn(Decimal, u32) -> String) -> TextTable {
        let mut t = TextTable::new(
            format!("Xếp hạng theo tổng điểm thi đua kỳ {}", self.period),
            &[
                ("Hạng", true),
                ("Đơn vị", false),
                ("Điểm theo thang", true),
                ("Điểm thưởng", true),
                ("Điểm trừ", true),
                ("Tổng điểm", true),
                ("Trạng thái", false),
            ],
        );
        let p = |v: Decimal| num(v, super::calc::POINT_DECIMALS);
        for r in &self.rows {
            let rank = if self.is_tied(r.rank) {
                format!("{} (đồng hạng)", r.rank)
            } else {
                r.rank.to_string()
            };
            t.push(vec![
                rank,
                r.name.clone(),
                p(r.points.scale),
                p(r.points.bonus),
                if r.points.penalty.is_zero() {
                    p(r.points.penalty)
                } else {
                    format!("-{}", p(r.points.penalty))
                },
                p(r.points.total),
                r.state.label().to_string(),
            ]);
        }
        t.notes.push(format!("Quy tắc xếp hạng: {TIE_RULE}"));
        let open = self.not_locked();
        if !open.is_empty() {
            t.notes.push(format!(
                "Chưa chốt điểm: {} — điểm còn có thể thay đổi.",
                open.iter()
                    .map(|r| r.name.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
        for u in &self.unranked {
            t.notes
                .push(format!("Chưa xếp hạng được {}: {}", u.name, u.why));
        }
        t
    }
}
