//! The minutes' section of the cluster meeting (biên bản bình xét): the
//! members present, the ranking, the ballots and the proposals that
//! carried, as tables the report writers print (issue #18 item 4).

use rust_decimal::Decimal;

use super::ranking::Ranking;
use super::table::TextTable;
use super::vote::{Counted, Meeting, VoteError};
use crate::model::calendar::format_day_vi;
use crate::model::covenant::{CovenantYear, MemberRole};
use crate::model::period::Period;
use crate::model::unit::UnitHistory;

/// A member and whether it attended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attendance {
    pub unit: String,
    pub name: String,
    pub role: MemberRole,
    pub present: bool,
}

/// The units proposed for one award.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Proposal {
    pub award: String,
    /// (code, name), in ranking order.
    pub units: Vec<(String, String)>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Minutes {
    pub cluster_name: String,
    pub period: Period,
    /// `ngày 15/12/2021 tại TP Sóc Trăng`, empty when not recorded.
    pub held: String,
    pub attendance: Vec<Attendance>,
    pub ranking: Ranking,
    pub rule: String,
    pub ballots: Vec<Counted>,
    pub proposals: Vec<Proposal>,
}

impl Minutes {
    pub fn build(
        year: &CovenantYear,
        history: &UnitHistory,
        meeting: &Meeting,
        ranking: Ranking,
    ) -> Result<Minutes, VoteError> {
        let ballots = meeting.count(year)?;
        let name = |code: &str| {
            history
                .unit(code)
                .and_then(|u| u.as_of(meeting.period))
                .map_or_else(|| code.to_string(), |v| v.short_label())
        };
        let attendance = year
            .members
            .iter()
            .map(|m| Attendance {
                unit: m.unit.clone(),
                name: name(&m.unit),
                role: m.role,
                present: meeting.present.contains(&m.unit),
            })
            .collect();
        let mut proposals: Vec<Proposal> = Vec::new();
        let mut carried: Vec<&Counted> = ballots.iter().filter(|c| c.carried).collect();
        carried.sort_by_key(|c| ranking.rank_of(&c.ballot.unit).unwrap_or(usize::MAX));
        for c in carried {
            let unit = (c.ballot.unit.clone(), name(&c.ballot.unit));
            let award = c.ballot.award.trim();
            match proposals.iter_mut().find(|p| p.award == award) {
                Some(p) => p.units.push(unit),
                None => proposals.push(Proposal {
                    award: award.to_string(),
                    units: vec![unit],
                }),
            }
        }
        let mut held = Vec::new();
        if let Some(d) = meeting.date {
            held.push(format!("ngày {}", format_day_vi(d)));
        }
        if !meeting.place.trim().is_empty() {
            held.push(format!("tại {}", meeting.place.trim()));
        }
        Ok(Minutes {
            cluster_name: year.cluster_name.clone(),
            period: meeting.period,
            held: held.join(" "),
            attendance,
            ranking,
            rule: meeting.rule.label(),
            ballots,
            proposals,
        })
    }

    /// `Biên bản bình xét thi đua kỳ 2021-H1 — Cụm thi đua các tỉnh Tây Nam bộ`.
    pub fn title(&self) -> String {
        format!(
            "Biên bản bình xét thi đua kỳ {} — {}",
            self.period, self.cluster_name
        )
    }

    /// The section's tables in order: attendance, ranking, ballots, proposals.
    pub fn tables(&self, num: &dyn Fn(Decimal, u32) -> String) -> Vec<TextTable> {
        let name_of = |code: &str| {
            self.attendance
                .iter()
                .find(|a| a.unit == code)
                .map_or_else(|| code.to_string(), |a| a.name.clone())
        };
        let mut present = TextTable::new(
            "Thành phần tham dự",
            &[
                ("STT", true),
                ("Đơn vị", false),
                ("Vai trò", false),
                ("Dự họp", false),
            ],
        );
        for (i, a) in self.attendance.iter().enumerate() {
            present.push(vec![
                (i + 1).to_string(),
                a.name.clone(),
                a.role.label().to_string(),
                if a.present { "có mặt" } else { "vắng" }.to_string(),
            ]);
        }
        let here = self.attendance.iter().filter(|a| a.present).count();
        present.notes.push(format!(
            "Có mặt {here}/{} thành viên{}.",
            self.attendance.len(),
            if self.held.is_empty() {
                String::new()
            } else {
                format!(", họp {}", self.held)
            }
        ));

        let mut votes = TextTable::new(
            "Kết quả bỏ phiếu",
            &[
                ("STT", true),
                ("Hình thức khen thưởng", false),
                ("Đơn vị", false),
                ("Hạng", true),
                ("Đồng ý", true),
                ("Không đồng ý", true),
                ("Không hợp lệ, không ý kiến", true),
                ("Số người bỏ phiếu", true),
                ("Cần ít nhất", true),
                ("Kết quả", false),
            ],
        );
        for (i, c) in self.ballots.iter().enumerate() {
            let b = &c.ballot;
            votes.push(vec![
                (i + 1).to_string(),
                b.award.trim().to_string(),
                name_of(&b.unit),
                self.ranking
                    .rank_of(&b.unit)
                    .map(|r| r.to_string())
                    .unwrap_or_default(),
                b.votes_for.to_string(),
                b.votes_against.to_string(),
                c.blank.to_string(),
                b.voters.to_string(),
                c.needed.to_string(),
                if c.carried { "đạt" } else { "không đạt" }.to_string(),
            ]);
        }
        let base = self.ballots.first().map(|c| c.base);
        votes.notes.push(match base {
            Some(base) => format!(
                "Quy tắc: được đề nghị khi số phiếu đồng ý {} ({base}), tức ít nhất {} phiếu.",
                self.rule,
                self.ballots.first().map_or(0, |c| c.needed)
            ),
            None => format!("Quy tắc: số phiếu đồng ý {}. Chưa có phiếu nào.", self.rule),
        });

        let mut proposed = TextTable::new(
            "Đề nghị khen thưởng",
            &[
                ("STT", true),
                ("Hình thức khen thưởng", false),
                ("Đơn vị", false),
            ],
        );
        let mut n = 0;
        for p in &self.proposals {
            for (_, name) in &p.units {
                n += 1;
                proposed.push(vec![n.to_string(), p.award.clone(), name.clone()]);
            }
        }
        if n == 0 {
            proposed
                .notes
                .push("Không có đơn vị nào đạt số phiếu cần thiết.".to_string());
        }
        vec![present, self.ranking.table(num), votes, proposed]
    }
}
