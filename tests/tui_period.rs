//! Submission and lock in the application (#15 item 3): the Provinces
//! screen with the three states (whole screens at 80×24 and 120×40), F2
//! hands a unit in after a question, F9 locks after a question and unlocks
//! only with a reason typed in a field, an editor on a locked period
//! refuses at the first key, and a lock that arrives while a second officer
//! types (two real clients through a real server) is said at once, Enter
//! then refused by the server naming the locker.

mod tui_common;

use std::time::Duration;

use thidua::model::{Kind, Period, ValueKey};
use thidua::server::{ClientStore, Config, serve};
use thidua::store::{Edit, Expect, Flush, PeriodAct, SledStore, Store, StoreError};
use thidua::tui::action::Step;
use thidua::tui::keys::Mode;
use thidua::tui::{Action, App, Screen, TuiOptions};
use tui_common::{screen, shared_app, type_text};

const WAIT: Duration = Duration::from_secs(10);

fn h1() -> Period {
    "2021-H1".parse().expect("period")
}

/// Bạc Liêu with no figure of the period (`chưa nhập`), An Giang handed
/// in by `nguyenvana` (`đã nộp`), the rest `đang nhập`.
fn three_states(sled: &SledStore) {
    let clear: Vec<Edit> = sled
        .values(Some(h1()))
        .expect("values")
        .into_iter()
        .filter(|v| v.key.province == "BL")
        .map(|v| Edit::new(v.key, None, Expect::Any))
        .collect();
    sled.write_batch_as("canbo", clear, Flush::Now)
        .expect("clear BL");
    sled.change_period_as(
        "nguyenvana",
        PeriodAct::Submit {
            period: h1(),
            unit: "AG".into(),
        },
        Flush::Now,
    )
    .expect("submit")
    .expect("submitted");
}

fn app_on(dir: &std::path::Path, w: u16, h: u16, prepare: impl FnOnce(&SledStore)) -> App {
    {
        let sled = tui_common::open(dir);
        prepare(&sled);
    }
    shared_app(dir, w, h).0
}

#[test]
fn provinces_show_each_units_state_count_and_time_at_80x24() {
    let dir = tempfile::tempdir().expect("tempdir");
    let app = app_on(dir.path(), 80, 24, three_states);
    insta::assert_snapshot!("provinces_states_80x24", screen(&app, 80, 24).join("\n"));
}

#[test]
fn provinces_show_who_handed_in_and_the_lock_at_120x40() {
    let dir = tempfile::tempdir().expect("tempdir");
    let app = app_on(dir.path(), 120, 40, |sled| {
        three_states(sled);
        sled.change_period_as(
            "thuky",
            PeriodAct::Lock {
                period: h1(),
                reason: Some("họp cụm".into()),
            },
            Flush::Now,
        )
        .expect("lock")
        .expect("locked");
    });
    insta::assert_snapshot!(
        "provinces_states_locked_120x40",
        screen(&app, 120, 40).join("\n")
    );
}

fn status(a: &App) -> String {
    tui_common::status(a, 80, 24)
}

fn row(a: &App, name: &str) -> String {
    screen(a, 80, 24)
        .into_iter()
        .find(|l| l.contains(name))
        .unwrap_or_else(|| panic!("{name}"))
}

#[test]
fn f2_hands_in_after_a_question_and_f9_unlocks_only_with_a_reason() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut a, sled) = shared_app(dir.path(), 80, 24);
    // An Giang is first; Esc on the question changes nothing.
    a.update(Action::Submit);
    assert_eq!(a.mode(), Mode::Confirm);
    assert!(
        status(&a).starts_with("Nộp 9 số liệu kỳ 2021-H1 của An Giang? Enter: nộp · Esc: thôi"),
        "{}",
        status(&a)
    );
    a.update(Action::Cancel);
    assert!(row(&a, "An Giang").contains("đang nhập"));
    a.update(Action::Submit);
    a.update(Action::Confirm);
    assert!(
        status(&a).starts_with("✓ Đã nộp số liệu kỳ 2021-H1 của An Giang"),
        "{}",
        status(&a)
    );
    let line = row(&a, "An Giang");
    assert!(
        line.contains("đã nộp") && line.contains("dd/mm/yyyy hh:mm"),
        "{line}"
    );
    assert!(
        sled.period_status_here(h1()).expect("status").units[0]
            .submitted
            .is_some()
    );

    // Locked after its question; the title says so.
    a.update(Action::ToggleLock);
    assert!(
        status(&a).starts_with("Chốt kỳ 2021-H1 (đã nộp 1/12)?"),
        "{}",
        status(&a)
    );
    a.update(Action::Confirm);
    let lines = screen(&a, 80, 24);
    assert!(
        lines[0].starts_with("Các tỉnh · Kỳ 2021-H1 · đã chốt số liệu"),
        "{}",
        lines[0]
    );
    assert!(
        lines[1].contains("CHỐT bởi canbo lúc dd/mm/yyyy hh:mm"),
        "{}",
        lines[1]
    );

    // Unlocking asks for the reason in a field: empty is refused, Esc
    // gives up, a reason unlocks and is kept in the log.
    a.update(Action::ToggleLock);
    assert_eq!(a.mode(), Mode::Edit);
    let lines = screen(&a, 80, 24);
    assert!(
        lines[20].starts_with("│Lý do mở khoá kỳ 2021-H1:"),
        "{}",
        lines[20]
    );
    assert!(
        lines[22].starts_with("Enter đồng ý  Esc thôi"),
        "{}",
        lines[22]
    );
    a.update(Action::Commit(Step::Down));
    assert!(
        status(&a).starts_with("Cần ghi lý do (bắt buộc, lưu vào nhật ký)"),
        "{}",
        status(&a)
    );
    assert!(sled.period_status_here(h1()).expect("s").lock.is_some());
    type_text(&mut a, "AG gửi lại số");
    a.update(Action::Commit(Step::Down));
    assert!(
        status(&a).starts_with("✓ Đã mở khoá kỳ 2021-H1"),
        "{}",
        status(&a)
    );
    assert_eq!(a.mode(), Mode::Filter);
    assert!(sled.period_status_here(h1()).expect("s").lock.is_none());

    // The cell's History shows the hand-in, the lock and the unlock.
    a.update(Action::Open);
    assert_eq!(a.screen(), Screen::Entry);
    a.update(Action::ShowHistory);
    let lines = screen(&a, 80, 24);
    let body: Vec<&String> = lines[3..6].iter().collect();
    assert!(
        body[0].contains("canbo") && body[0].contains("đã nộp"),
        "{body:?}"
    );
    assert!(body[1].contains("chốt số liệu"), "{body:?}");
    assert!(
        body[2].contains("mở khoá") && body[2].contains("AG gửi lại số"),
        "{body:?}"
    );
}

#[test]
fn a_change_after_hand_in_reopens_it_and_says_so() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut a, _sled) = shared_app(dir.path(), 80, 24);
    a.update(Action::Submit);
    a.update(Action::Confirm);
    a.update(Action::Open);
    a.update(Action::EditWith('5'));
    a.update(Action::Commit(Step::Down));
    let said = status(&a);
    assert!(
        said.contains("Đã lưu 5,00")
            && said.contains("AG kỳ 2021-H1 đã nộp nên chuyển về «đang nhập»"),
        "{said}"
    );
    a.update(Action::ShowProvinces);
    let line = row(&a, "An Giang");
    assert!(
        line.contains("đang nhập") && line.contains(" 10 "),
        "{line}"
    );
}

#[test]
fn an_editor_on_a_locked_period_refuses_at_the_first_key() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut a = app_on(dir.path(), 80, 24, |sled| {
        sled.change_period_as(
            "thuky",
            PeriodAct::Lock {
                period: h1(),
                reason: None,
            },
            Flush::Now,
        )
        .expect("lock")
        .expect("locked");
    });
    a.update(Action::ShowMatrix);
    a.update(Action::EditWith('7'));
    assert!(a.editor().is_none());
    assert!(
        status(&a).starts_with(
            "Không nhập được ô này: Kỳ 2021-H1 đã chốt số liệu bởi thuky lúc dd/mm/yyyy hh:mm"
        ),
        "{}",
        status(&a)
    );
    // The footer does not offer typing there.
    let lines = screen(&a, 80, 24);
    assert!(!lines[22].contains("0-9 nhập"), "{}", lines[22]);
}

#[test]
fn a_lock_arriving_while_a_second_officer_types_shows_at_once_and_enter_is_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("db");
    let socket = serve::default_socket(&db);
    let mut config = Config::new(&socket);
    config.log = false;
    let server = serve::start(SledStore::open(&db).expect("open"), config).expect("server");
    let admin = ClientStore::connect(&socket).expect("admin");
    let officer = ClientStore::connect(&socket).expect("officer");
    let pushed = officer.subscribe().expect("subscribe");
    let options = TuiOptions {
        color: true,
        ..TuiOptions::default()
    };
    let mut b = thidua::tui::app(Box::new(officer), &options).expect("app");
    b.update(Action::Resize(80, 24));
    b.update(Action::ShowMatrix);
    b.update(Action::EditWith('5'));
    type_text(&mut b, ",5");
    let cell = ValueKey::new(h1(), "AG", "GRDP_GROWTH", Kind::Actual);
    let before = admin.get(&cell).expect("get");

    let locker = admin.user().to_string();
    admin
        .change_period(PeriodAct::Lock {
            period: h1(),
            reason: None,
        })
        .expect("lock")
        .expect("locked");
    let entry = pushed.recv_timeout(WAIT).expect("the lock is pushed");
    b.update(Action::Remote(entry));
    // At once, the typed text kept.
    assert!(
        status(&b).starts_with(&format!("Kỳ 2021-H1 vừa được {locker} chốt số liệu lúc ")),
        "{}",
        status(&b)
    );
    assert_eq!(b.editor().map(|e| e.input.value()), Some("5,5"));
    assert!(screen(&b, 80, 24)[0].contains("đã chốt số liệu"));
    // Enter goes to the server, which refuses naming the locker.
    b.update(Action::Commit(Step::Down));
    assert!(
        status(&b).starts_with(&format!(
            "Kỳ 2021-H1 đã chốt số liệu bởi {locker} lúc dd/mm/yyyy hh:mm; không ghi gì"
        )),
        "{}",
        status(&b)
    );
    assert_eq!(admin.get(&cell).expect("get"), before, "nothing written");
    // Esc gives the cell up; the next figure is refused before typing.
    b.update(Action::Cancel);
    b.update(Action::EditWith('6'));
    assert!(b.editor().is_none());
    // And the store says the same to any writer.
    assert!(matches!(
        admin.write(Edit::new(cell, None, Expect::Any)),
        Err(StoreError::PeriodLocked { .. })
    ));
    drop(b);
    drop(admin);
    server.shutdown().expect("shutdown");
}
