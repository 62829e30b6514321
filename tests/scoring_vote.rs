//! The cluster meeting's vote on the built-in 2021 cluster: ballots counted
//! under the cluster's rule (more than half of the members by default,
//! another rule as data), bad records refused with their reason, and the
//! minutes' section: who was present, the ranking, the ballots, the
//! proposals.

mod scoring_common;

use chrono::NaiveDate;
use scoring_common::{built_in, num, period};
use thidua::model::Figures;
use thidua::model::scoring::minutes::Minutes;
use thidua::model::scoring::vote::{Ballot, Meeting, VoteBase, VoteRule};
use thidua::model::scoring::{Inputs, Ranking, SheetEntries, cluster_sheets};

const FLAG: &str = "Cờ thi đua của Chính phủ";
const MERIT: &str = "Bằng khen của Thủ tướng Chính phủ";

fn ballot(award: &str, unit: &str, votes_for: u32, votes_against: u32, voters: u32) -> Ballot {
    Ballot {
        award: award.into(),
        unit: unit.into(),
        votes_for,
        votes_against,
        voters,
    }
}

/// Eleven of the twelve members present (Cà Mau absent).
fn meeting(ballots: Vec<Ballot>) -> Meeting {
    Meeting {
        period: period("2021-H1"),
        date: NaiveDate::from_ymd_opt(2021, 7, 20),
        place: "TP Sóc Trăng".into(),
        present: [
            "AG", "BL", "BT", "DT", "HG", "KG", "LA", "ST", "TG", "TV", "VL",
        ]
        .map(String::from)
        .to_vec(),
        rule: VoteRule::MAJORITY_OF_MEMBERS,
        ballots,
    }
}

fn ranking() -> Ranking {
    let c = built_in();
    let y = c.year(2021).expect("2021");
    let (_, values) = thidua::store::builtin::load().expect("values");
    let inputs = Inputs::from_figures(y, &c.units, &Figures::new(values), period("2021-H1"));
    Ranking::of(
        period("2021-H1"),
        &cluster_sheets(y, &c.units, &inputs, |_| SheetEntries::default()),
    )
}

#[test]
fn a_proposal_carries_with_more_than_half_of_the_members() {
    let c = built_in();
    let y = c.year(2021).expect("2021");
    let m = meeting(vec![
        ballot(FLAG, "BL", 10, 1, 11),
        ballot(MERIT, "DT", 6, 4, 11),
        ballot(MERIT, "HG", 7, 3, 11),
    ]);
    let counted = m.count(y).expect("counted");
    let got: Vec<(&str, u32, u32, bool)> = counted
        .iter()
        .map(|c| (c.ballot.unit.as_str(), c.blank, c.needed, c.carried))
        .collect();
    // 12 members: more than 6 votes, at least 7; 6 of 11 present is not enough.
    assert_eq!(
        got,
        [("BL", 0, 7, true), ("DT", 1, 7, false), ("HG", 1, 7, true)]
    );
    // The rule is data: at least two thirds of those present (8 of 11).
    let mut strict = m.clone();
    strict.rule = VoteRule {
        numerator: 2,
        denominator: 3,
        strict: false,
        base: VoteBase::Present,
    };
    let carried: Vec<bool> = strict
        .count(y)
        .expect("counted")
        .iter()
        .map(|c| c.carried)
        .collect();
    assert_eq!(carried, [true, false, false]);
}

#[test]
fn a_ballot_that_cannot_be_right_is_refused_with_its_reason() {
    let c = built_in();
    let y = c.year(2021).expect("2021");
    let err = |b: Ballot| meeting(vec![b]).count(y).expect_err("refused").to_string();
    assert_eq!(
        err(ballot(FLAG, "BL", 10, 1, 12)),
        "Phiếu đề nghị «Cờ thi đua của Chính phủ» cho «BL»: 12 người bỏ phiếu nhưng chỉ 11 thành viên dự họp"
    );
    assert_eq!(
        err(ballot(FLAG, "BL", 8, 4, 11)),
        "Phiếu đề nghị «Cờ thi đua của Chính phủ» cho «BL»: 8 đồng ý + 4 không đồng ý = 12, nhiều hơn 11 người bỏ phiếu"
    );
    assert_eq!(
        err(ballot(FLAG, "CT", 8, 0, 11)),
        "Phiếu đề nghị «Cờ thi đua của Chính phủ» cho «CT»: «CT» không phải thành viên của cụm năm 2021"
    );
    assert_eq!(
        err(ballot(" ", "BL", 8, 0, 11)),
        "Phiếu đề nghị cho «BL» chưa ghi hình thức khen thưởng"
    );
    let twice = meeting(vec![
        ballot(FLAG, "BL", 8, 0, 11),
        ballot(FLAG, "BL", 9, 0, 11),
    ]);
    assert_eq!(
        twice.count(y).expect_err("twice").to_string(),
        "Phiếu đề nghị «Cờ thi đua của Chính phủ» cho «BL» ghi hai lần"
    );
    let mut stranger = meeting(vec![]);
    stranger.present.push("TN".into());
    assert_eq!(
        stranger.count(y).expect_err("not a member").to_string(),
        "«TN» không phải thành viên của cụm năm 2021, không thể ghi là có mặt"
    );
}

#[test]
fn the_minutes_list_attendance_ranking_ballots_and_proposals() {
    let c = built_in();
    let y = c.year(2021).expect("2021");
    let m = meeting(vec![
        ballot(FLAG, "BL", 10, 1, 11),
        ballot(MERIT, "HG", 7, 3, 11),
        ballot(MERIT, "DT", 9, 2, 11),
        ballot(MERIT, "TG", 5, 6, 11),
    ]);
    let minutes = Minutes::build(y, &c.units, &m, ranking()).expect("minutes");
    assert_eq!(
        minutes.title(),
        "Biên bản bình xét thi đua kỳ 2021-H1 — Cụm thi đua các tỉnh Tây Nam bộ"
    );
    let tables = minutes.tables(&num);
    let titles: Vec<&str> = tables.iter().map(|t| t.title.as_str()).collect();
    assert_eq!(
        titles,
        [
            "Thành phần tham dự",
            "Xếp hạng theo tổng điểm thi đua kỳ 2021-H1",
            "Kết quả bỏ phiếu",
            "Đề nghị khen thưởng"
        ]
    );
    let present = &tables[0];
    assert_eq!(present.rows.len(), 12);
    let cm = present
        .rows
        .iter()
        .find(|r| r[1] == "Cà Mau")
        .expect("Cà Mau");
    assert_eq!(cm[3], "vắng");
    let st = present
        .rows
        .iter()
        .find(|r| r[1] == "Sóc Trăng")
        .expect("Sóc Trăng");
    assert_eq!((st[2].as_str(), st[3].as_str()), ("cụm phó", "có mặt"));
    assert_eq!(
        present.notes,
        ["Có mặt 11/12 thành viên, họp ngày 20/07/2021 tại TP Sóc Trăng."]
    );
    assert_eq!(tables[1].cell(0, "Đơn vị"), Some("Bạc Liêu"));
    let votes = &tables[2];
    assert_eq!(
        votes.rows[0].join(" | "),
        "1 | Cờ thi đua của Chính phủ | Bạc Liêu | 1 | 10 | 1 | 0 | 11 | 7 | đạt"
    );
    assert_eq!(votes.rows[3].last().map(String::as_str), Some("không đạt"));
    assert_eq!(
        votes.notes,
        [
            "Quy tắc: được đề nghị khi số phiếu đồng ý quá 1/2 tổng số thành viên của cụm (12), tức ít nhất 7 phiếu."
        ]
    );
    // Proposals by award, in ranking order: Đồng Tháp (2nd) before Hậu Giang (3rd).
    let proposed: Vec<String> = tables[3].rows.iter().map(|r| r.join(" | ")).collect();
    assert_eq!(
        proposed,
        [
            "1 | Cờ thi đua của Chính phủ | Bạc Liêu",
            "2 | Bằng khen của Thủ tướng Chính phủ | Đồng Tháp",
            "3 | Bằng khen của Thủ tướng Chính phủ | Hậu Giang",
        ]
    );
}
