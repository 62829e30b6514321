//! The covenant through a real server: an admin's single edits (a
//! criterion added, changed field by field, retired; a unit added and
//! renamed; a merger; a member's role; a year copied), each checked
//! against what the admin saw and by the covenant's rules, audited item by
//! item and pushed to the others; a province officer and a viewer — other
//! OS users running the real binary — are refused by the server.

mod server_kit;

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use rust_decimal::Decimal;
use server_kit::*;
use thidua::model::calendar::parse_day;
use thidua::model::covenant::MemberRole;
use thidua::model::{Kind, Period, ValueKey};
use thidua::server::{ClientStore, Config, serve};
use thidua::store::{
    Change, CovenantEdit, CovenantSubject, Edit, Expect, HistoryOf, Role, SledStore, Store,
    StoreError,
};

fn d(s: &str) -> Decimal {
    s.parse().expect("decimal")
}

fn quiet(socket: &Path) -> Config {
    let mut c = Config::new(socket);
    c.log = false;
    c
}

#[test]
fn an_admin_edits_the_covenant_item_by_item_checked_audited_and_pushed() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("db");
    let store = SledStore::open_as(&db, &thidua::store::user::os_user()).expect("open");
    let socket = serve::default_socket(&db);
    let server = serve::start(store, quiet(&socket)).expect("start");
    let admin = ClientStore::connect(&socket).expect("admin");
    let other = ClientStore::connect(&socket).expect("another window");
    let pushed = other.subscribe().expect("pushes");

    let state = admin.covenant().expect("covenant");
    let year = state.covenant.year(2021).expect("2021").clone();
    let export = year.criterion("EXPORT").expect("EXPORT").clone();

    // A field changed over what the admin saw: one entry, named by column.
    let mut renamed = export.clone();
    renamed.name = "Kim ngạch xuất khẩu hàng hóa".into();
    renamed.decimals = 0;
    let outcome = admin
        .change_covenant(CovenantEdit::Criterion {
            year: 2021,
            seen: Some(Box::new(export.clone())),
            new: Some(Box::new(renamed.clone())),
        })
        .expect("renamed");
    let fields: Vec<(Option<&str>, Option<&str>, Option<&str>)> = outcome
        .entries
        .iter()
        .map(|e| match &e.change {
            Change::Covenant(c) => (c.field.as_deref(), c.old.as_deref(), c.new.as_deref()),
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(
        fields,
        [
            (
                Some("name"),
                Some("Kim ngạch xuất khẩu"),
                Some("Kim ngạch xuất khẩu hàng hóa")
            ),
            (Some("decimals"), Some("1"), Some("0")),
        ]
    );
    let got = pushed
        .recv_timeout(Duration::from_secs(10))
        .expect("pushed to the others");
    assert_eq!(got, outcome.entries[0]);
    assert_eq!(
        admin
            .cluster_for("2021-H1".parse().expect("p"))
            .expect("cluster")
            .indicator("EXPORT")
            .map(|i| i.name.clone()),
        Some("Kim ngạch xuất khẩu hàng hóa".into()),
        "every view follows"
    );

    // The same edit again over the old value: stale, refused with the
    // current value, who changed it and when.
    let mut again = export.clone();
    again.unit = "tỷ USD".into();
    let err = admin
        .change_covenant(CovenantEdit::Criterion {
            year: 2021,
            seen: Some(Box::new(export.clone())),
            new: Some(Box::new(again)),
        })
        .expect_err("stale");
    match &err {
        StoreError::CovenantConflict {
            what,
            current,
            by,
            at_ms,
        } => {
            assert_eq!(what, "chỉ tiêu «EXPORT» năm 2021");
            assert!(
                current.contains("name=Kim ngạch xuất khẩu hàng hóa"),
                "{current}"
            );
            assert_eq!(by, admin.user());
            assert_eq!(*at_ms, outcome.entries[0].at_ms);
        }
        other => panic!("{other:?}"),
    }

    // A change the covenant's rules refuse: the model's message, nothing written.
    let mut wrong = renamed.clone();
    wrong.min = Some(d("10"));
    wrong.max = Some(d("5"));
    let err = admin
        .change_covenant(CovenantEdit::Criterion {
            year: 2021,
            seen: Some(Box::new(renamed.clone())),
            new: Some(Box::new(wrong)),
        })
        .expect_err("min above max");
    assert!(
        err.to_string()
            .contains("giá trị lớn nhất 5 nhỏ hơn giá trị nhỏ nhất 10"),
        "{err}"
    );

    // A criterion added, then retired from the year.
    let mut added = renamed.clone();
    added.code = "EXPORT_SERVICES".into();
    added.name = "Xuất khẩu dịch vụ".into();
    added.order = 9;
    added.scoring = Default::default();
    admin
        .change_covenant(CovenantEdit::Criterion {
            year: 2021,
            seen: None,
            new: Some(Box::new(added.clone())),
        })
        .expect("added");
    let k = ValueKey::new(
        "2021-H1".parse().expect("p"),
        "DT",
        "EXPORT_SERVICES",
        Kind::Actual,
    );
    admin
        .write(Edit::new(
            k.clone(),
            Some(thidua::model::Figure::plain(d("12"))),
            Expect::Value(None),
        ))
        .expect("a figure of the new criterion");
    admin
        .change_covenant(CovenantEdit::Criterion {
            year: 2021,
            seen: Some(Box::new(added)),
            new: None,
        })
        .expect("retired");
    let err = admin
        .write(Edit::new(
            k.clone(),
            Some(thidua::model::Figure::plain(d("13"))),
            Expect::Any,
        ))
        .expect_err("no longer in the covenant");
    assert!(err.to_string().contains("EXPORT_SERVICES"), "{err}");
    assert_eq!(
        admin.get(&k).expect("get").map(|f| f.value),
        Some(d("12")),
        "its figure is kept"
    );
    let history = admin
        .covenant_history(&HistoryOf::Criterion("EXPORT_SERVICES".into()))
        .expect("history");
    let said: Vec<String> = history.iter().map(|e| e.change_text()).collect();
    assert_eq!(said.len(), 2, "{said:?}");
    assert!(
        said[0].contains("thêm") && said[1].contains("bỏ"),
        "{said:?}"
    );

    // A unit added, renamed; a merger recorded.
    let state = admin.covenant().expect("covenant");
    let mut new_unit = state.covenant.units.unit("TN").expect("TN").clone();
    new_unit.code = "PQ".into();
    new_unit.versions = vec![thidua::model::unit::UnitVersion {
        name: "Phú Quốc".into(),
        kind: thidua::model::unit::UnitKind::City,
        valid_from: None,
        valid_until: None,
        takes_in: Vec::new(),
    }];
    admin
        .change_covenant(CovenantEdit::Unit {
            seen: None,
            new: new_unit.clone(),
        })
        .expect("unit added");
    let mut renamed_unit = new_unit.clone();
    renamed_unit.versions[0].name = "Đặc khu Phú Quốc".into();
    admin
        .change_covenant(CovenantEdit::Unit {
            seen: Some(new_unit),
            new: renamed_unit.clone(),
        })
        .expect("renamed");
    let ag = admin
        .covenant()
        .expect("c")
        .covenant
        .units
        .unit("AG")
        .expect("AG")
        .clone();
    // A merger that does not line up: refused, nothing written.
    let err = admin
        .change_covenant(CovenantEdit::Merger {
            unit: "AG".into(),
            on: parse_day("2025-01-01").expect("day"),
            takes_in: vec!["PQ".into()],
            name: None,
            seen: vec![ag.clone(), renamed_unit.clone()],
            kind: None,
        })
        .expect_err("AG has a later version");
    assert!(err.to_string().contains("đã có phiên bản sau"), "{err}");
    // An Giang takes in Phú Quốc on 2026-01-01: both units' versions change.
    let outcome = admin
        .change_covenant(CovenantEdit::Merger {
            unit: "AG".into(),
            on: parse_day("2026-01-01").expect("day"),
            takes_in: vec!["PQ".into()],
            name: None,
            seen: vec![ag, renamed_unit],
            kind: None,
        })
        .expect("merged");
    let subjects: Vec<String> = outcome
        .entries
        .iter()
        .map(|e| match &e.change {
            Change::Covenant(c) => c.subject.to_string(),
            other => format!("{other:?}"),
        })
        .collect();
    assert_eq!(subjects, ["đơn vị «AG»", "đơn vị «PQ»"]);
    let units = admin.covenant().expect("c").covenant.units;
    let t = units
        .territory(
            "AG",
            "2026-H1".parse().expect("p"),
            "2025-H2".parse().expect("p"),
        )
        .expect("territory");
    assert_eq!(t.parts, ["AG", "PQ"], "composed across the new merger");

    // A member's role, a member removed, a year copied.
    let st = year.member("ST").expect("ST").clone();
    let mut chair = st.clone();
    chair.role = MemberRole::Chair;
    admin
        .change_covenant(CovenantEdit::Member {
            year: 2021,
            seen: Some(st),
            new: Some(chair.clone()),
        })
        .expect("chair");
    let bl = year.member("BL").expect("BL").clone();
    admin
        .change_covenant(CovenantEdit::Member {
            year: 2021,
            seen: Some(bl),
            new: None,
        })
        .expect("removed");
    let cluster = admin
        .cluster_for("2021-H1".parse().expect("p"))
        .expect("cluster");
    assert_eq!(cluster.provinces.len(), 11);
    let outcome = admin
        .change_covenant(CovenantEdit::CopyYear {
            from: 2021,
            to: 2027,
        })
        .expect("copied");
    assert!(
        outcome
            .notices
            .iter()
            .any(|n| n.contains("«ST» (Sóc Trăng)") && n.contains("«CT»")),
        "{:?}",
        outcome.notices
    );
    let copied = admin.covenant().expect("c").covenant;
    assert!(copied.year(2027).is_some_and(|y| y.member("ST").is_none()));
    let history = admin
        .covenant_history(&HistoryOf::Member("ST".into()))
        .expect("history");
    assert!(
        history.iter().any(|e| matches!(&e.change,
            Change::Covenant(c) if c.subject == CovenantSubject::Member { year: 2021, unit: "ST".into() }
                && c.field.as_deref() == Some("role"))),
        "{history:?}"
    );
    // `thidua check` finds nothing wrong with all of it.
    drop((admin, other));
    server.shutdown().expect("shutdown");
    let store = SledStore::open_inspecting(&db).expect("reopen");
    let report = store.check().expect("check");
    assert!(report.problems.is_empty(), "{:?}", report.problems);
}

trait ChangeText {
    fn change_text(&self) -> String;
}

impl ChangeText for thidua::store::AuditEntry {
    fn change_text(&self) -> String {
        match &self.change {
            Change::Covenant(c) => c.to_string(),
            other => format!("{other:?}"),
        }
    }
}

fn run_as(user: &str, args: &[&str]) -> std::process::Output {
    Command::new("runuser")
        .args(["-u", user, "--"])
        .args(args)
        .output()
        .expect("runuser")
}

#[test]
fn a_province_officer_and_a_viewer_cannot_change_the_covenant_through_the_server() {
    if !is_root() {
        println!("skipped: other OS users need root");
        return;
    }
    let officer = os_user("thidua_cov_ag", &[]);
    let viewer = os_user("thidua_cov_xem", &[]);
    let group = os_group("thidua_cov");
    for u in [&officer, &viewer] {
        os_user(&u.name, &["thidua_cov"]);
    }
    let shelf = Shelf::new();
    let db = shelf.path().join("db");
    let store = SledStore::open_as(&db, &thidua::store::user::os_user()).expect("open");
    std::os::unix::fs::chown(&db, None, Some(group)).expect("chgrp");
    set_mode(&db, 0o2710);
    let socket = serve::default_socket(&db);
    let server = serve::start(store, quiet(&socket)).expect("start");
    let admin = ClientStore::connect(&socket).expect("admin");
    admin
        .set_role(&officer.name, Some(Role::Province("AG".into())))
        .expect("grant");
    let before = admin.covenant().expect("covenant");
    // The example files, readable by everyone.
    let files = shelf.path().join("giao-uoc");
    std::fs::create_dir(&files).expect("mkdir");
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/examples/covenant-2026");
    for f in ["units.csv", "members.csv", "indicators.csv", "years.csv"] {
        std::fs::copy(example.join(f), files.join(f)).expect("copy");
    }
    set_mode(&files, 0o755);
    let exe = shelf.thidua.to_str().expect("utf-8");
    let dbs = db.to_str().expect("utf-8");
    for who in [&officer.name, &viewer.name] {
        for args in [
            vec![
                exe, "--db", dbs, "covenant", "new", "2027", "--from", "2021",
            ],
            vec![
                exe,
                "--db",
                dbs,
                "covenant",
                "import",
                files.to_str().expect("utf-8"),
            ],
        ] {
            let out = run_as(who, &args);
            let err = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(1), "{who} {args:?}: {err}");
            assert!(
                err.contains("Không được phép")
                    && err.contains("chỉ quản trị viên được sửa giao ước"),
                "{who}: {err}"
            );
        }
        // Reading it is allowed.
        let out = run_as(
            who,
            &[
                exe,
                "--db",
                dbs,
                "covenant",
                "export",
                "--out",
                "/dev/null/x",
            ],
        );
        assert!(
            !String::from_utf8_lossy(&out.stderr).contains("Không được phép"),
            "export is a read"
        );
    }
    // The dry run reads only: allowed, and changes nothing either.
    let out = run_as(
        &officer.name,
        &[
            exe,
            "--db",
            dbs,
            "covenant",
            "import",
            files.to_str().expect("utf-8"),
            "--check",
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        admin.covenant().expect("covenant"),
        before,
        "nothing changed"
    );
    drop(admin);
    server.shutdown().expect("shutdown");
    let _ = Period::year(2021);
}
