//! Score sheets and the meeting through a real server (#18 item 3): the
//! server makes every change through the scoring workflow with the
//! connection's role as the actor. A province officer enters its own
//! unit's self-scores and submits, but cannot enter reviewed points, lock
//! or unlock, touch another unit's sheet or record the vote; a locked
//! sheet refuses a self-score; the engine's refusals come back in
//! Vietnamese and store nothing; a stale change names who changed the
//! sheet; an admin reviews with reasons, locks and unlocks, every step
//! audited with its reason and pushed to the other windows.

use std::path::Path;
use std::sync::mpsc::Receiver;
use std::time::Duration;

use rust_decimal::Decimal;
use thidua::model::Period;
use thidua::model::scoring::vote::{Ballot, Meeting, VoteRule};
use thidua::model::scoring::workflow::Move;
use thidua::model::scoring::{Actor, Change as SheetChange, SheetEntries, State};
use thidua::server::{ClientStore, Config, ServerHandle, default_socket, serve};
use thidua::store::user::os_user;
use thidua::store::{
    AuditEntry, Change, Flush, MeetingEdit, Role, ScoringSubject, SheetEdit, SledStore, Store,
    StoreError,
};

fn d(s: &str) -> Decimal {
    s.parse().expect("decimal")
}

fn period(s: &str) -> Period {
    s.parse().expect("period")
}

fn self_points(code: &str, p: &str, note: Option<&str>) -> SheetChange {
    SheetChange::SelfPoints {
        criterion: code.into(),
        points: Some(d(p)),
        note: note.map(str::to_string),
    }
}

fn review(code: &str, p: &str, reason: &str) -> SheetChange {
    SheetChange::Reviewed {
        criterion: code.into(),
        points: Some(d(p)),
        reason: reason.into(),
    }
}

fn mv(mv: Move, reason: Option<&str>) -> SheetChange {
    SheetChange::Move {
        mv,
        reason: reason.map(str::to_string),
    }
}

fn entries_of(store: &dyn Store, p: Period, unit: &str) -> SheetEntries {
    store
        .sheet_entries(p)
        .expect("sheets")
        .into_iter()
        .find(|(u, _)| u == unit)
        .map(|(_, e)| e)
        .unwrap_or_default()
}

/// The change asked over the sheet as the writer sees it now.
fn change(
    store: &dyn Store,
    p: Period,
    unit: &str,
    c: SheetChange,
) -> Result<Option<AuditEntry>, StoreError> {
    let seen = entries_of(store, p, unit);
    store.change_sheet(SheetEdit::over(p, unit, &seen, c))
}

/// A server on a fresh built-in database where this OS user has `role`
/// (and `boss` administers it); `prepare` runs on the store first.
fn server_with_role(
    dir: &Path,
    role: Role,
    prepare: impl FnOnce(&SledStore),
) -> (ServerHandle, ClientStore) {
    let db = dir.join("db");
    let store = SledStore::open(&db).expect("open db");
    let me = os_user();
    store
        .set_role_as(&me, "boss", Some(Role::Admin), Flush::Now)
        .expect("boss");
    prepare(&store);
    store
        .set_role_as("boss", &me, Some(role), Flush::Now)
        .expect("my role");
    let socket = default_socket(&db);
    let mut config = Config::new(&socket);
    config.log = false;
    let server = serve::start(store, config).expect("server");
    let client = ClientStore::connect(&socket).expect("connect");
    (server, client)
}

/// Bạc Liêu's 2021-H2 sheet scored, reviewed and locked by the secretariat.
fn locked_h2(store: &SledStore) {
    let p = period("2021-H2");
    for c in [
        self_points("GRDP_GROWTH", "18", None),
        mv(Move::Submit, None),
        review("GRDP_GROWTH", "16", "Số liệu GRDP theo Cục Thống kê"),
        mv(Move::Review, None),
        mv(Move::Lock, None),
    ] {
        let seen = entries_of(store, p, "BL");
        store
            .change_sheet_as(
                "boss",
                &Actor::Admin,
                SheetEdit::over(p, "BL", &seen, c),
                Flush::Now,
            )
            .expect("the secretariat's step");
    }
}

fn refused(r: Result<Option<AuditEntry>, StoreError>) -> String {
    match r {
        Ok(e) => panic!("accepted: {e:?}"),
        Err(e) => e.to_string(),
    }
}

/// The next pushed sheet change (skipping nothing else: only sheets are written here).
fn pushed(rx: &Receiver<AuditEntry>) -> thidua::store::ScoringChange {
    let e = rx
        .recv_timeout(Duration::from_secs(30))
        .expect("a pushed entry");
    match e.change {
        Change::Scoring(c) => *c,
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_province_officer_scores_its_own_sheet_but_cannot_review_lock_unlock_or_vote() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (server, officer) = server_with_role(dir.path(), Role::Province("BL".into()), locked_h2);
    let other = ClientStore::connect(&default_socket(&dir.path().join("db"))).expect("other");
    let news = other.subscribe().expect("pushes");
    let h1 = period("2021-H1");

    // Its own self-score: stored, audited and pushed at once.
    let entry = change(&officer, h1, "BL", self_points("GRDP_GROWTH", "20", None))
        .expect("own self-score")
        .expect("an entry");
    let Change::Scoring(c) = &entry.change else {
        panic!("{:?}", entry.change)
    };
    assert_eq!(
        c.to_string(),
        "bảng chấm điểm «BL» kỳ 2021-H1, tự chấm GRDP_GROWTH: (trống) → «20»"
    );
    assert_eq!(pushed(&news).field, "tự chấm GRDP_GROWTH");
    assert_eq!(
        entries_of(&other, h1, "BL")
            .entry("GRDP_GROWTH")
            .and_then(|e| e.self_points),
        Some(d("20"))
    );

    // Another unit's sheet, reviewed points, a lock: refused, in Vietnamese.
    let why = refused(change(
        &officer,
        h1,
        "AG",
        self_points("GRDP_GROWTH", "5", None),
    ));
    assert!(
        why.starts_with("Không được phép: Bạn chỉ được chấm điểm của đơn vị BL"),
        "{why}"
    );
    change(&officer, h1, "BL", mv(Move::Submit, None)).expect("the officer submits");
    assert_eq!(pushed(&news).field, "trạng thái");
    let before = entries_of(&other, h1, "BL");
    assert_eq!(before.state, State::SelfScored);
    let why = refused(change(
        &officer,
        h1,
        "BL",
        review("GRDP_GROWTH", "12", "tự thẩm định"),
    ));
    assert!(
        why.starts_with("Không được phép: ") && why.contains("nhập điểm thẩm định"),
        "{why}"
    );
    let why = refused(change(&officer, h1, "BL", mv(Move::Lock, None)));
    assert!(why.contains("chốt điểm"), "{why}");
    assert_eq!(entries_of(&other, h1, "BL"), before, "nothing stored");

    // The locked sheet: a self-score is refused with the engine's message,
    // and the officer cannot unlock it.
    let h2 = period("2021-H2");
    let locked = entries_of(&other, h2, "BL");
    assert_eq!(locked.state, State::Locked);
    let why = refused(change(
        &officer,
        h2,
        "BL",
        self_points("GRDP_GROWTH", "20", None),
    ));
    assert!(why.contains("đã chốt"), "{why}");
    let why = refused(change(
        &officer,
        h2,
        "BL",
        mv(Move::Unlock, Some("số liệu sai")),
    ));
    assert!(
        why.starts_with("Không được phép: ") && why.contains("mở khóa"),
        "{why}"
    );
    assert_eq!(entries_of(&other, h2, "BL"), locked, "nothing stored");
    let subject = ScoringSubject::Sheet {
        period: h2,
        unit: "BL".into(),
    };
    assert_eq!(other.scoring_history(&subject).expect("history").len(), 5);

    // The meeting's vote is the secretariat's.
    let meeting = Meeting {
        period: h1,
        date: None,
        place: String::new(),
        present: vec!["BL".into(), "AG".into()],
        rule: VoteRule::MAJORITY_OF_MEMBERS,
        ballots: Vec::new(),
    };
    let why = officer
        .change_meeting(MeetingEdit {
            period: h1,
            seen: None,
            new: Some(meeting),
        })
        .expect_err("not the officer's");
    assert!(why.to_string().contains("chỉ quản trị viên"), "{why}");
    assert_eq!(other.meeting(h1).expect("meeting"), None);
    drop((officer, other));
    server.shutdown().expect("shutdown");
}

#[test]
fn the_server_returns_the_engines_refusals_in_vietnamese_and_stores_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (server, officer) = server_with_role(dir.path(), Role::Province("BL".into()), |_| {});
    let h1 = period("2021-H1");
    for (c, says) in [
        (self_points("GRDP_GROWTH", "25", None), "điểm tối đa 20"),
        (self_points("GRDP_GROWTH", "-1", None), "âm"),
        (
            self_points("GRDP_GROWTH", "1.234", None),
            "2 chữ số thập phân",
        ),
        (self_points("KHONG_CO", "1", None), "KHONG_CO"),
        (mv(Move::Explain, None), "gửi giải trình"),
    ] {
        let why = refused(change(&officer, h1, "BL", c.clone()));
        assert!(why.contains(says), "{c:?}: {why}");
    }
    assert!(
        officer.sheet_entries(h1).expect("sheets").is_empty(),
        "nothing stored"
    );
    // A stale change names who changed the sheet and what it holds now.
    let seen = entries_of(&officer, h1, "BL");
    change(&officer, h1, "BL", self_points("GRDP_GROWTH", "15", None)).expect("first");
    let why = refused(officer.change_sheet(SheetEdit::over(
        h1,
        "BL",
        &seen,
        self_points("GRDP_GROWTH", "12", None),
    )));
    assert!(
        why.starts_with("Chỉ tiêu «GRDP_GROWTH» trong bảng chấm điểm «BL» kỳ 2021-H1 đã bị")
            && why.contains("tự chấm 15")
            && why.contains(&os_user()),
        "{why}"
    );
    drop(officer);
    server.shutdown().expect("shutdown");
}

#[test]
fn an_admin_reviews_with_reasons_locks_and_unlocks_every_step_audited() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (server, admin) = server_with_role(dir.path(), Role::Admin, |_| {});
    let h1 = period("2021-H1");
    change(&admin, h1, "CM", self_points("EXPORT", "10", None)).expect("on the unit's behalf");
    change(&admin, h1, "CM", mv(Move::Submit, None)).expect("submit");
    let why = refused(change(&admin, h1, "CM", review("EXPORT", "8", "  ")));
    assert!(why.contains("lý do"), "{why}");
    change(
        &admin,
        h1,
        "CM",
        review("EXPORT", "8", "Kim ngạch theo Cục Hải quan"),
    )
    .expect("review");
    change(&admin, h1, "CM", mv(Move::Review, None)).expect("reviewed");
    change(&admin, h1, "CM", mv(Move::Lock, None)).expect("lock");
    let why = refused(change(&admin, h1, "CM", review("EXPORT", "9", "đổi")));
    assert!(why.contains("đã chốt"), "{why}");
    let why = refused(change(&admin, h1, "CM", mv(Move::Unlock, None)));
    assert!(why.contains("lý do"), "{why}");
    change(
        &admin,
        h1,
        "CM",
        mv(Move::Unlock, Some("Cục Hải quan điều chỉnh số liệu")),
    )
    .expect("unlock");
    let e = entries_of(&admin, h1, "CM");
    assert_eq!(e.state, State::Rereviewed);
    assert_eq!(
        e.last_reason.as_deref(),
        Some("Cục Hải quan điều chỉnh số liệu")
    );
    let log = admin
        .scoring_history(&ScoringSubject::Sheet {
            period: h1,
            unit: "CM".into(),
        })
        .expect("history");
    let said: Vec<String> = log
        .iter()
        .map(|e| {
            let Change::Scoring(c) = &e.change else {
                panic!("{:?}", e.change)
            };
            let reason = e.note.reason.as_deref().unwrap_or("");
            format!("{}: {:?} → {:?} [{reason}]", c.field, c.old, c.new)
        })
        .collect();
    assert_eq!(
        said,
        [
            "tự chấm EXPORT: None → Some(\"10\") []",
            "trạng thái: Some(\"nháp\") → Some(\"đã tự chấm\") []",
            "thẩm định EXPORT: None → Some(\"8\") [Kim ngạch theo Cục Hải quan]",
            "trạng thái: Some(\"đã tự chấm\") → Some(\"đã thẩm định\") []",
            "trạng thái: Some(\"đã thẩm định\") → Some(\"đã chốt\") []",
            "trạng thái: Some(\"đã chốt\") → Some(\"thẩm định lại\") [Cục Hải quan điều chỉnh số liệu]",
        ]
    );
    assert!(log.iter().all(|e| e.user == os_user()));

    // The meeting: recorded, counted under the rule, refused when it does not add up.
    let mut meeting = Meeting {
        period: h1,
        date: None,
        place: "TP Sóc Trăng".into(),
        present: ["AG", "BL", "BT", "CM", "DT", "HG", "KG"]
            .map(String::from)
            .to_vec(),
        rule: VoteRule::MAJORITY_OF_MEMBERS,
        ballots: vec![Ballot {
            award: "Cờ thi đua của Chính phủ".into(),
            unit: "BL".into(),
            votes_for: 9,
            votes_against: 0,
            voters: 7,
        }],
    };
    let why = admin
        .change_meeting(MeetingEdit {
            period: h1,
            seen: None,
            new: Some(meeting.clone()),
        })
        .expect_err("9 votes of 7 voters");
    assert!(
        why.to_string().contains("nhiều hơn 7 người bỏ phiếu"),
        "{why}"
    );
    meeting.ballots[0].votes_for = 7;
    let entries = admin
        .change_meeting(MeetingEdit {
            period: h1,
            seen: None,
            new: Some(meeting.clone()),
        })
        .expect("recorded");
    assert_eq!(entries.len(), 4, "present, place, rule, the ballot");
    assert_eq!(admin.meeting(h1).expect("meeting"), Some(meeting));
    // Written over a record the writer did not see: refused.
    let why = admin
        .change_meeting(MeetingEdit {
            period: h1,
            seen: None,
            new: None,
        })
        .expect_err("stale");
    assert!(
        why.to_string().contains("7 đơn vị dự họp, 1 phiếu"),
        "{why}"
    );
    let check = {
        drop(admin);
        server.shutdown().expect("shutdown");
        SledStore::open(&dir.path().join("db"))
            .expect("reopen")
            .check()
            .expect("check")
    };
    assert!(check.problems.is_empty(), "{:?}", check.problems);
}
