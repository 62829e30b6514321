//! Submission and lock through a real server (#15 item 3): a locked period
//! refuses an import — whole, naming who locked it and when — and every
//! other write into it (a typed figure, the year's plans, a weight, the
//! year's covenant, a submission) until an admin unlocks it with a reason;
//! a province officer cannot lock, unlock, or hand in another unit, by the
//! server's refusal; `thidua status` tells each unit's state.

mod cli_common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::Duration;

use rust_decimal::Decimal;
use thidua::model::{Figure, Kind, Period, ValueKey};
use thidua::server::{ClientStore, Config, serve};
use thidua::store::{
    Change, CovenantEdit, Edit, Expect, PeriodAct, PeriodEvent, Role, SledStore, Store, StoreError,
    UnitState,
};

const WAIT: Duration = Duration::from_secs(10);

fn h1() -> Period {
    "2021-H1".parse().expect("period")
}

fn key(period: &str, province: &str, indicator: &str, kind: Kind) -> ValueKey {
    ValueKey::new(period.parse().expect("period"), province, indicator, kind)
}

fn grdp(province: &str) -> ValueKey {
    key("2021-H1", province, "GRDP_GROWTH", Kind::Actual)
}

fn set(key: &ValueKey, value: i64) -> Edit {
    Edit::new(
        key.clone(),
        Some(Figure::plain(Decimal::from(value))),
        Expect::Any,
    )
}

fn start(dir: &Path) -> (serve::ServerHandle, PathBuf, PathBuf) {
    let db = dir.join("db");
    let store = SledStore::open(&db).expect("open db");
    let socket = serve::default_socket(&db);
    let mut config = Config::new(&socket);
    config.log = false;
    let handle = serve::start(store, config).expect("start server");
    (handle, socket, db)
}

/// The real binary against the running server of `db`.
fn thidua(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_thidua"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("THIDUA_DB")
        .env_remove("THIDUA_SOCKET")
        .output()
        .expect("run thidua")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn value(store: &dyn Store, key: &ValueKey) -> Option<Decimal> {
    store.get(key).expect("get").map(|f| f.value)
}

fn lock(store: &dyn Store, reason: Option<&str>) {
    store
        .change_period(PeriodAct::Lock {
            period: h1(),
            reason: reason.map(str::to_string),
        })
        .expect("lock")
        .expect("locked now");
}

/// The refusal names the period, the locker and the time.
fn assert_names_the_locker(text: &str, user: &str) {
    let prefix = format!("Kỳ 2021-H1 đã chốt số liệu bởi {user} lúc ");
    let at = text.find(&prefix).unwrap_or_else(|| panic!("{text}"));
    let when: String = text[at + prefix.len()..].chars().take(16).collect();
    let shape = when
        .chars()
        .map(|c| if c.is_ascii_digit() { 'd' } else { c })
        .collect::<String>();
    assert_eq!(shape, "dd/dd/dddd dd:dd", "{text}");
}

#[test]
fn a_locked_period_refuses_an_import_through_the_server_and_names_the_locker() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (server, socket, db) = start(dir.path());
    let admin = ClientStore::connect(&socket).expect("admin");
    let me = admin.user().to_string();
    let before_ag = value(&admin, &grdp("AG"));
    let before_h2 = value(&admin, &grdp("DT"));
    lock(&admin, Some("họp cụm 29/7"));

    // An import with one cell of the locked period among others: refused
    // whole, by the server, naming who locked it and when.
    let csv = dir.path().join("figures.csv");
    std::fs::write(
        &csv,
        "\u{feff}province_code,indicator_code,period,kind,value\n\
         DT,GRDP_GROWTH,2021-H2,actual,6.1\n\
         AG,GRDP_GROWTH,2021-H1,actual,7.7\n",
    )
    .expect("csv");
    let out = thidua(&db, &["import", csv.to_str().expect("path")]);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    assert_names_the_locker(&stderr(&out), &me);
    assert_eq!(value(&admin, &grdp("AG")), before_ag, "nothing written");
    assert_eq!(
        value(&admin, &key("2021-H2", "DT", "GRDP_GROWTH", Kind::Actual)),
        None,
        "not even the other period's cell"
    );
    assert_eq!(value(&admin, &grdp("DT")), before_h2);

    // Every other write into it, each refused by the server.
    let refused = |r: Result<_, StoreError>, what: &str| match r {
        Err(StoreError::PeriodLocked { period, by, .. }) => {
            assert_eq!((period, by.as_str()), (h1(), me.as_str()), "{what}")
        }
        other => panic!("{what}: expected the lock's refusal, got {other:?}"),
    };
    refused(
        admin.write(set(&grdp("AG"), 9)).map(|_| ()),
        "a typed figure",
    );
    refused(
        admin
            .write(Edit::new(grdp("HG"), None, Expect::Any))
            .map(|_| ()),
        "a deletion",
    );
    refused(
        admin
            .write(set(&key("2021", "AG", "EXPORT", Kind::Plan), 1000))
            .map(|_| ()),
        "a plan of the locked period's year",
    );
    refused(
        admin
            .set_weight("GRDP_GROWTH", Decimal::from(7), None)
            .map(|_| ()),
        "a weight of a criterion of its year",
    );
    let state = admin.covenant().expect("covenant");
    let criterion = state
        .covenant
        .years
        .get(&2021)
        .and_then(|y| y.criterion("GRDP_GROWTH"))
        .cloned()
        .expect("criterion");
    let mut renamed = criterion.clone();
    renamed.name = format!("{} (sửa)", renamed.name);
    refused(
        admin
            .change_covenant(CovenantEdit::Criterion {
                year: 2021,
                seen: Some(Box::new(criterion)),
                new: Some(Box::new(renamed)),
            })
            .map(|_| ()),
        "a criterion of its year",
    );
    refused(
        admin
            .change_period(PeriodAct::Submit {
                period: h1(),
                unit: "AG".into(),
            })
            .map(|_| ()),
        "a submission",
    );
    // The plain figures of another period still go in.
    admin
        .write(set(&key("2021-H2", "DT", "GRDP_GROWTH", Kind::Actual), 6))
        .expect("another period")
        .expect("written");

    // Unlocked with a reason: the import goes through, and the log says so.
    let out = thidua(
        &db,
        &[
            "unlock",
            "--period",
            "2021-H1",
            "--reason",
            "AG gửi lại số GRDP",
        ],
    );
    assert!(out.status.success(), "{out:?}");
    let out = thidua(&db, &["import", csv.to_str().expect("path")]);
    assert!(out.status.success(), "{out:?}");
    assert_eq!(value(&admin, &grdp("AG")), Some(Decimal::new(77, 1)));
    let log = admin.period_history(h1()).expect("period history");
    let events: Vec<_> = log
        .iter()
        .map(|e| match &e.change {
            Change::Period(c) => (e.user.clone(), c.event.clone()),
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(
        events,
        [
            (
                me.clone(),
                PeriodEvent::Locked {
                    reason: Some("họp cụm 29/7".into())
                }
            ),
            (
                me.clone(),
                PeriodEvent::Unlocked {
                    reason: "AG gửi lại số GRDP".into()
                }
            ),
        ]
    );
    drop(admin);
    server.shutdown().expect("shutdown");
    // Everything the lock wrote reads back whole.
    let out = thidua(&db, &["check"]);
    assert!(out.status.success(), "{out:?}");
}

#[test]
fn a_province_officer_cannot_lock_unlock_or_hand_in_another_unit() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (server, socket, db) = start(dir.path());
    let admin = ClientStore::connect(&socket).expect("admin");
    let me = admin.user().to_string();
    // This OS user becomes An Giang's officer (another admin keeps the
    // database administered): every later connection of it is AG's.
    admin
        .set_role("thuky", Some(Role::Admin))
        .expect("another admin");
    admin
        .set_role(&me, Some(Role::Province("AG".into())))
        .expect("AG officer");
    drop(admin);
    let officer = ClientStore::connect(&socket).expect("officer");
    assert_eq!(officer.role(), Role::Province("AG".into()));
    let denied = |r: Result<Option<thidua::store::AuditEntry>, StoreError>, what: &str| match r {
        Err(StoreError::Denied(why)) => why,
        other => panic!("{what}: expected a refusal, got {other:?}"),
    };
    let why = denied(
        officer.change_period(PeriodAct::Lock {
            period: h1(),
            reason: None,
        }),
        "lock",
    );
    assert!(why.contains("quản trị viên"), "{why}");
    denied(
        officer.change_period(PeriodAct::Unlock {
            period: h1(),
            reason: "x".into(),
        }),
        "unlock",
    );
    let why = denied(
        officer.change_period(PeriodAct::Submit {
            period: h1(),
            unit: "DT".into(),
        }),
        "another unit",
    );
    assert!(why.contains("AG") && why.contains("DT"), "{why}");
    denied(
        officer.change_period(PeriodAct::Reopen {
            period: h1(),
            unit: "AG".into(),
            reason: "x".into(),
        }),
        "reopen",
    );
    // The command line says the same, from the server.
    let out = thidua(&db, &["lock", "--period", "2021-H1"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("Không được phép: chỉ quản trị viên được chốt số liệu"),
        "{out:?}"
    );
    let status = officer.period_status(h1()).expect("status");
    assert!(status.lock.is_none(), "nothing locked");
    assert!(status.units.iter().all(|u| u.submitted.is_none()));

    // Its own unit it hands in (the default of `submit`); a change of a
    // figure afterwards reopens it, and the other officers are told.
    let watcher = ClientStore::connect(&socket).expect("watcher");
    let pushed = watcher.subscribe().expect("subscribe");
    let out = thidua(&db, &["submit", "--period", "2021-H1"]);
    assert!(out.status.success(), "{out:?}");
    assert!(
        String::from_utf8_lossy(&out.stdout).starts_with("Đã nộp số liệu kỳ 2021-H1 của AG"),
        "{out:?}"
    );
    let e = pushed.recv_timeout(WAIT).expect("submission pushed");
    assert!(
        matches!(&e.change, Change::Period(c) if c.event == PeriodEvent::Submitted),
        "{e:?}"
    );
    let ag = |s: &ClientStore| {
        s.period_status(h1())
            .expect("status")
            .unit("AG")
            .map(|u| u.state())
    };
    assert_eq!(ag(&officer), Some(UnitState::Submitted));
    officer
        .write(set(&grdp("AG"), 8))
        .expect("own figure")
        .expect("written");
    let value_entry = pushed.recv_timeout(WAIT).expect("figure pushed");
    assert!(matches!(value_entry.change, Change::Value { .. }));
    let reopened = pushed.recv_timeout(WAIT).expect("reopening pushed");
    assert!(
        matches!(&reopened.change, Change::Period(c)
            if c.event == PeriodEvent::Reopened { reason: None } && c.unit.as_deref() == Some("AG")),
        "{reopened:?}"
    );
    assert_eq!(ag(&officer), Some(UnitState::Entering));
    drop((officer, watcher));
    server.shutdown().expect("shutdown");
}

#[test]
fn unlock_without_a_reason_is_refused_and_the_period_stays_locked() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (server, socket, db) = start(dir.path());
    let admin = ClientStore::connect(&socket).expect("admin");
    lock(&admin, None);
    let out = thidua(&db, &["unlock", "--period", "2021-H1", "--reason", "   "]);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    assert!(stderr(&out).contains("Cần ghi lý do"), "{out:?}");
    // Without the option at all: a command-line error, nothing sent.
    let out = thidua(&db, &["unlock", "--period", "2021-H1"]);
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    for reason in ["", "dòng một\ndòng hai", "\u{1b}[31mđỏ", &"x".repeat(501)] {
        match admin.change_period(PeriodAct::Unlock {
            period: h1(),
            reason: reason.to_string(),
        }) {
            Err(StoreError::Invalid(_)) => {}
            other => panic!("{reason:?}: expected a refusal, got {other:?}"),
        }
    }
    // A unit that is no member, a period that is none: refused too.
    match admin.change_period(PeriodAct::Submit {
        period: "2021-H2".parse().expect("p"),
        unit: "ZZ".into(),
    }) {
        Err(StoreError::Invalid(why)) => assert!(why.contains("ZZ"), "{why}"),
        other => panic!("{other:?}"),
    }
    let status = admin.period_status(h1()).expect("status");
    assert!(status.lock.is_some(), "still locked");
    drop(admin);
    server.shutdown().expect("shutdown");
}

#[test]
fn status_tells_each_units_state_figures_and_who_handed_in() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("db");
    // Bạc Liêu's figures of the period cleared: `chưa nhập`.
    {
        let store = SledStore::open(&db).expect("open");
        let clear: Vec<Edit> = store
            .values(Some(h1()))
            .expect("values")
            .into_iter()
            .filter(|v| v.key.province == "BL")
            .map(|v| Edit::new(v.key, None, Expect::Any))
            .collect();
        store.write_batch(clear).expect("clear BL");
    }
    let out = cli_common::thidua(&db, &["submit", "--period", "2021-H1", "--unit", "AG"]);
    assert!(out.status.success(), "{out:?}");
    let out = cli_common::thidua(&db, &["lock", "--period", "2021-H1", "--reason", "họp"]);
    assert!(out.status.success(), "{out:?}");
    let out = cli_common::thidua(&db, &["status", "--period", "2021-H1"]);
    assert!(out.status.success(), "{out:?}");
    let me = thidua::store::user::os_user();
    let text = String::from_utf8(out.stdout).expect("utf-8");
    let masked: String = mask_times(&text).replace(&me, "USER");
    // The last-change column fills in where the store knows the time.
    let masked: Vec<String> = masked.lines().map(|l| l.trim_end().to_string()).collect();
    let head = &masked[..4];
    assert_eq!(
        head,
        [
            "Kỳ 2021-H1: đã chốt số liệu bởi USER lúc dd/mm/yyyy hh:mm (lý do: họp)",
            "Đã nộp: 1/12 đơn vị",
            "",
            "Mã  Đơn vị      Tình trạng  Số liệu  Sửa lần cuối      Người nộp  Nộp lúc",
        ]
        .map(str::to_string),
        "{text}"
    );
    let row = |code: &str| {
        masked
            .iter()
            .find(|l| l.starts_with(&format!("{code}  ")))
            .cloned()
            .unwrap_or_else(|| panic!("{code} in {text}"))
    };
    let ag = row("AG");
    assert!(
        ag.starts_with("AG  An Giang    đã nộp            9")
            && ag.contains(" USER ")
            && ag.ends_with("  dd/mm/yyyy hh:mm"),
        "{ag}"
    );
    assert_eq!(row("BL"), "BL  Bạc Liêu    chưa nhập         0");
    assert!(
        row("DT").starts_with("DT  Đồng Tháp   đang nhập         5"),
        "{}",
        row("DT")
    );
    assert_eq!(masked.len(), 4 + 12, "{text}");
}

/// `dd/mm/yyyy hh:mm` for every local time printed.
fn mask_times(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let shape: Vec<char> = "dd/dd/dddd dd:dd".chars().collect();
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        let hit = i + shape.len() <= chars.len()
            && shape.iter().zip(&chars[i..]).all(|(s, c)| match s {
                'd' => c.is_ascii_digit(),
                s => s == c,
            });
        if hit {
            out.push_str("dd/mm/yyyy hh:mm");
            i += shape.len();
        } else {
            out.push(chars[i]);
            i += 1;
        }
    }
    out
}
