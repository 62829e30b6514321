//! The score sheet's workflow as the store and server will call it: who
//! may make which change in which state, the refusals' messages, and what
//! an accepted change gives the audit log. On the 2026 example covenant.

mod scoring_common;

use scoring_common::{d, example, period};
use thidua::model::covenant::CovenantYear;
use thidua::model::scoring::workflow::Move;
use thidua::model::scoring::workflow::{
    Applied, Recorded, Reviewed, SheetContext, allowed_moves, apply,
};
use thidua::model::scoring::{Actor, Change, SheetEntries, State};

fn year() -> CovenantYear {
    example().year(2026).expect("2026").clone()
}

fn ctx(year: &CovenantYear) -> SheetContext<'_> {
    SheetContext {
        year,
        period: period("2026"),
        unit: "AG",
        unit_name: "An Giang",
    }
}

fn officer() -> Actor {
    Actor::Province("AG".into())
}

fn self_points(code: &str, p: &str) -> Change {
    Change::SelfPoints {
        criterion: code.into(),
        points: Some(d(p)),
        note: None,
    }
}

fn review(code: &str, p: &str, reason: &str) -> Change {
    Change::Reviewed {
        criterion: code.into(),
        points: Some(d(p)),
        reason: reason.into(),
    }
}

fn mv(mv: Move, reason: Option<&str>) -> Change {
    Change::Move {
        mv,
        reason: reason.map(str::to_string),
    }
}

/// Applies each (actor, change) in turn; every one must be accepted.
fn run(y: &CovenantYear, steps: &[(Actor, Change)]) -> SheetEntries {
    let mut e = SheetEntries::default();
    for (who, change) in steps {
        e = match apply(&ctx(y), &e, who, change) {
            Ok(Applied { entries, .. }) => entries,
            Err(r) => panic!("{change:?} by {who:?}: {r}"),
        };
    }
    e
}

fn refused(y: &CovenantYear, e: &SheetEntries, who: &Actor, change: &Change) -> String {
    apply(&ctx(y), e, who, change)
        .expect_err("refused")
        .to_string()
}

fn locked(y: &CovenantYear) -> SheetEntries {
    run(
        y,
        &[
            (officer(), self_points("GRDP_GROWTH", "12")),
            (officer(), mv(Move::Submit, None)),
            (
                Actor::Admin,
                review(
                    "GRDP_GROWTH",
                    "10",
                    "Số liệu GRDP chưa được Cục Thống kê xác nhận",
                ),
            ),
            (Actor::Admin, mv(Move::Review, None)),
            (
                officer(),
                Change::Explanation {
                    criterion: "GRDP_GROWTH".into(),
                    text: Some("Đã có văn bản xác nhận của Cục Thống kê".into()),
                },
            ),
            (officer(), mv(Move::Explain, None)),
            (
                Actor::Admin,
                review("GRDP_GROWTH", "12", "Chấp nhận giải trình"),
            ),
            (Actor::Admin, mv(Move::Rereview, None)),
            (Actor::Admin, mv(Move::Lock, None)),
        ],
    )
}

#[test]
fn a_sheet_goes_from_draft_through_review_and_explanation_to_locked() {
    let y = year();
    let e = locked(&y);
    assert_eq!(e.state, State::Locked);
    let g = e.entry("GRDP_GROWTH").expect("entry");
    assert_eq!(g.self_points, Some(d("12")));
    assert_eq!(
        g.reviewed,
        Some(Reviewed {
            points: d("12"),
            reason: "Chấp nhận giải trình".into()
        })
    );
    assert_eq!(
        g.explanation.as_deref(),
        Some("Đã có văn bản xác nhận của Cục Thống kê")
    );
}

#[test]
fn a_locked_sheet_refuses_every_change_until_an_admin_unlocks_it_with_a_reason() {
    let y = year();
    let e = locked(&y);
    let message = "Bảng chấm điểm của «AG» (An Giang) kỳ 2026 đã chốt: không sửa được gì. Cần sửa thì quản trị viên mở khóa, ghi rõ lý do";
    assert_eq!(
        refused(&y, &e, &officer(), &self_points("GRDP_GROWTH", "15")),
        message
    );
    assert_eq!(
        refused(&y, &e, &Actor::Admin, &review("EXPORT", "3", "sửa")),
        message
    );
    assert_eq!(
        refused(&y, &e, &Actor::Admin, &mv(Move::Lock, None)),
        message
    );
    assert_eq!(
        refused(&y, &e, &officer(), &mv(Move::Unlock, Some("xin sửa"))),
        "Chỉ quản trị viên (thư ký cụm) được mở khóa bảng đã chốt"
    );
    assert_eq!(
        refused(&y, &e, &Actor::Admin, &mv(Move::Unlock, Some("  "))),
        "Cần ghi lý do khi mở khóa bảng đã chốt"
    );
    let reason = "Hội nghị cụm yêu cầu rà soát lại tiêu chí xuất khẩu";
    let open = apply(&ctx(&y), &e, &Actor::Admin, &mv(Move::Unlock, Some(reason))).expect("unlock");
    assert_eq!(open.entries.state, State::Rereviewed);
    assert_eq!(open.entries.last_reason.as_deref(), Some(reason));
    assert_eq!(
        open.recorded,
        Recorded::State {
            old: State::Locked,
            new: State::Rereviewed
        }
    );
    assert_eq!(open.reason.as_deref(), Some(reason));
    // Open again: the secretariat may change reviewed points.
    assert!(
        apply(
            &ctx(&y),
            &open.entries,
            &Actor::Admin,
            &review("EXPORT", "3", "rà soát")
        )
        .is_ok()
    );
}

#[test]
fn a_province_officer_cannot_enter_reviewed_points_or_move_the_review_along() {
    let y = year();
    let submitted = run(
        &y,
        &[
            (officer(), self_points("GRDP_GROWTH", "12")),
            (officer(), mv(Move::Submit, None)),
        ],
    );
    assert_eq!(
        refused(
            &y,
            &submitted,
            &officer(),
            &review("GRDP_GROWTH", "15", "tự thẩm định")
        ),
        "Chỉ quản trị viên (thư ký cụm) được nhập điểm thẩm định"
    );
    for (m, label) in [
        (Move::Review, "xác nhận thẩm định"),
        (Move::Return, "trả lại bảng để đơn vị sửa"),
        (Move::Lock, "chốt điểm"),
    ] {
        assert_eq!(
            refused(&y, &submitted, &officer(), &mv(m, Some("lý do"))),
            format!("Chỉ quản trị viên (thư ký cụm) được {label}")
        );
    }
    // Submitted: its own points are fixed; the unit explains after the review.
    assert_eq!(
        refused(
            &y,
            &submitted,
            &officer(),
            &self_points("GRDP_GROWTH", "13")
        ),
        "Không thể sửa điểm tự chấm khi bảng đang «đã tự chấm»; chỉ được khi bảng «nháp»"
    );
}

#[test]
fn other_units_and_viewers_change_nothing() {
    let y = year();
    let e = SheetEntries::default();
    assert_eq!(
        refused(
            &y,
            &e,
            &Actor::Province("CM".into()),
            &self_points("GRDP_GROWTH", "1")
        ),
        "Bạn chỉ được chấm điểm của đơn vị CM, không được sửa bảng chấm điểm của «AG» (An Giang) kỳ 2026"
    );
    assert!(
        refused(&y, &e, &Actor::Viewer, &self_points("GRDP_GROWTH", "1"))
            .starts_with("Bạn chỉ có quyền xem")
    );
}

#[test]
fn points_above_ms_below_zero_or_on_a_group_are_refused_naming_the_criterion() {
    let y = year();
    let e = SheetEntries::default();
    let o = officer();
    assert_eq!(
        refused(&y, &e, &o, &self_points("GRDP_GROWTH", "15.5")),
        "Điểm 15,5 của chỉ tiêu «GRDP_GROWTH» (Tốc độ tăng trưởng kinh tế GRDP) vượt điểm tối đa 15"
    );
    assert_eq!(
        refused(&y, &e, &o, &self_points("GRDP_GROWTH", "-1")),
        "Điểm của chỉ tiêu «GRDP_GROWTH» (Tốc độ tăng trưởng kinh tế GRDP) không được âm (-1); điểm trừ ghi bằng số dương"
    );
    assert_eq!(
        refused(&y, &e, &o, &self_points("GRDP_GROWTH", "1.125")),
        "Điểm 1,125 của chỉ tiêu «GRDP_GROWTH» (Tốc độ tăng trưởng kinh tế GRDP) có quá 2 chữ số thập phân"
    );
    assert_eq!(
        refused(&y, &e, &o, &self_points("KT", "40")),
        "Chỉ tiêu «KT» (Phát triển kinh tế) là nhóm: điểm là tổng điểm các chỉ tiêu con, không chấm riêng"
    );
    assert_eq!(
        refused(&y, &e, &o, &self_points("NTM_COMMUNES", "1")),
        "Không có chỉ tiêu «NTM_COMMUNES» trong thang điểm giao ước năm 2026"
    );
    // Bonus points lie within their cap and need their ground.
    assert_eq!(
        refused(&y, &e, &o, &self_points("INITIATIVES", "6")),
        "Điểm 6 của chỉ tiêu «INITIATIVES» (Sáng kiến, mô hình hay được Trung ương ghi nhận) vượt mức trần 5"
    );
    assert_eq!(
        refused(&y, &e, &o, &self_points("INITIATIVES", "2")),
        "Điểm thưởng, điểm trừ của chỉ tiêu «INITIATIVES» (Sáng kiến, mô hình hay được Trung ương ghi nhận) cần ghi căn cứ (lý do)"
    );
    let with_note = Change::SelfPoints {
        criterion: "INITIATIVES".into(),
        points: Some(d("2")),
        note: Some("Hai sáng kiến được Bộ Nông nghiệp ghi nhận".into()),
    };
    assert!(apply(&ctx(&y), &e, &o, &with_note).is_ok());
}

#[test]
fn reasons_are_required_for_reviews_returns_and_unlocks_and_an_explanation_before_sending() {
    let y = year();
    let submitted = run(&y, &[(officer(), mv(Move::Submit, None))]);
    assert_eq!(
        refused(&y, &submitted, &Actor::Admin, &review("EXPORT", "3", " ")),
        "Cần ghi lý do khi nhập hoặc bỏ điểm thẩm định"
    );
    assert_eq!(
        refused(&y, &submitted, &Actor::Admin, &mv(Move::Return, None)),
        "Cần ghi lý do khi trả lại bảng để đơn vị sửa"
    );
    let back = apply(
        &ctx(&y),
        &submitted,
        &Actor::Admin,
        &mv(Move::Return, Some("Thiếu điểm tự chấm")),
    )
    .expect("returned");
    assert_eq!(back.entries.state, State::Draft);
    let reviewed = run(
        &y,
        &[
            (officer(), mv(Move::Submit, None)),
            (Actor::Admin, mv(Move::Review, None)),
        ],
    );
    assert_eq!(
        refused(&y, &reviewed, &officer(), &mv(Move::Explain, None)),
        "Chưa có nội dung giải trình nào: ghi giải trình ở các chỉ tiêu cần giải trình rồi mới gửi"
    );
    assert_eq!(
        refused(&y, &reviewed, &Actor::Admin, &mv(Move::Rereview, None)),
        "Không thể thẩm định lại khi bảng đang «đã thẩm định»; chỉ được khi bảng «đã giải trình»"
    );
    assert_eq!(
        refused(
            &y,
            &SheetEntries::default(),
            &Actor::Admin,
            &mv(Move::Lock, None)
        ),
        "Không thể chốt điểm khi bảng đang «nháp»; chỉ được khi bảng «đã thẩm định» hoặc «thẩm định lại»"
    );
}

#[test]
fn an_accepted_change_says_what_the_audit_log_records() {
    let y = year();
    let e = run(&y, &[(officer(), self_points("EXPORT", "9"))]);
    let a = apply(&ctx(&y), &e, &officer(), &self_points("EXPORT", "10")).expect("ok");
    assert_eq!(
        a.recorded,
        Recorded::SelfPoints {
            criterion: "EXPORT".into(),
            old: (Some(d("9")), None),
            new: (Some(d("10")), None),
        }
    );
    let cleared = apply(
        &ctx(&y),
        &a.entries,
        &officer(),
        &Change::SelfPoints {
            criterion: "EXPORT".into(),
            points: None,
            note: None,
        },
    )
    .expect("cleared");
    assert!(
        cleared.entries.entry("EXPORT").is_none(),
        "nothing left to keep"
    );
    // Text is stored cleaned: no control characters, NFC, trimmed.
    let submitted = run(
        &y,
        &[
            (officer(), mv(Move::Submit, None)),
            (
                Actor::Admin,
                review("EXPORT", "5", " Thie\u{302}\u{301}u\u{1b}[31m hồ sơ "),
            ),
        ],
    );
    assert_eq!(
        submitted
            .entry("EXPORT")
            .and_then(|e| e.reviewed.clone())
            .map(|r| r.reason),
        Some("Thiếu hồ sơ".into())
    );
}

#[test]
fn the_moves_each_actor_may_make_are_listed_for_the_screens() {
    let y = year();
    let c = ctx(&y);
    let draft = SheetEntries::default();
    assert_eq!(allowed_moves(&c, &draft, &officer()), [Move::Submit]);
    assert_eq!(allowed_moves(&c, &draft, &Actor::Viewer), []);
    let submitted = run(&y, &[(officer(), mv(Move::Submit, None))]);
    assert_eq!(allowed_moves(&c, &submitted, &officer()), []);
    assert_eq!(
        allowed_moves(&c, &submitted, &Actor::Admin),
        [Move::Return, Move::Review]
    );
    let e = locked(&y);
    assert_eq!(allowed_moves(&c, &e, &Actor::Admin), [Move::Unlock]);
    assert_eq!(allowed_moves(&c, &e, &officer()), []);
}

/// The store keeps sheets and meetings as bincode 2 (serde): they must
/// survive that encoding whole, decimals and dates included.
#[test]
fn the_stored_records_survive_the_stores_encoding() {
    use thidua::model::scoring::vote::{Ballot, Meeting, VoteRule};
    let y = year();
    let e = locked(&y);
    let config = bincode::config::standard();
    let bytes = bincode::serde::encode_to_vec(&e, config).expect("encode");
    let (back, used): (SheetEntries, usize) =
        bincode::serde::decode_from_slice(&bytes, config).expect("decode");
    assert_eq!((back, used), (e, bytes.len()));
    let m = Meeting {
        period: period("2026"),
        date: chrono::NaiveDate::from_ymd_opt(2026, 12, 10),
        place: "TP Cần Thơ".into(),
        present: vec!["AG".into(), "CM".into()],
        rule: VoteRule::MAJORITY_OF_MEMBERS,
        ballots: vec![Ballot {
            award: "Cờ thi đua của Chính phủ".into(),
            unit: "AG".into(),
            votes_for: 2,
            votes_against: 0,
            voters: 2,
        }],
    };
    let bytes = bincode::serde::encode_to_vec(&m, config).expect("encode");
    let (back, _): (Meeting, usize) =
        bincode::serde::decode_from_slice(&bytes, config).expect("decode");
    assert_eq!(back, m);
}
