//! A large import reaches the other open applications: the server pushes
//! only the last of its entries one by one and then which periods
//! changed; an application showing one of them reads it again and shows
//! every imported figure without a key press.

#[path = "pty_common/mod.rs"]
mod pty_common;

#[path = "server_kit/mod.rs"]
mod server_kit;

#[path = "../examples/generated/mod.rs"]
mod generated;

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

use pty_common::Pty;
use rust_decimal::Decimal;
use thidua::model::{Figure, Kind, Value, ValueKey};
use thidua::store::SledStore;

/// More cells than the server pushes entry by entry (2,000).
const UNITS: usize = 10;
const CRITERIA: usize = 300;

#[test]
fn an_import_of_thousands_of_figures_shows_in_an_open_application_without_a_key() {
    let root = tempfile::tempdir().expect("tempdir");
    let db = root.path().join("db");
    let covenant = generated::covenant(UNITS, CRITERIA, 2025);
    let me = thidua::store::user::os_user();
    // One figure, so that the application opens on its period.
    let seed = Value {
        key: ValueKey::new(
            "2025-01".parse().expect("period"),
            "P10",
            "I300",
            Kind::Actual,
        ),
        figure: Figure::plain(Decimal::ONE),
    };
    drop(SledStore::create(&db, &me, covenant, vec![seed]).expect("create"));

    let db_arg = db.to_str().expect("utf8 path");
    // The application starts the database's server; the import uses it.
    let mut app = Pty::start(Path::new(server_kit::bin()), &["--db", db_arg], 100, 30);
    // Only the seeded figure.
    let row = |unit: &'static str, shown: &'static str| {
        move |s: &pty_common::Emu| {
            s.contents()
                .lines()
                .any(|l| l.contains(unit) && l.trim_end_matches('│').trim_end().ends_with(shown))
        }
    };
    app.wait_for("the first unit, nothing reported", row("Tỉnh số 1 ", "0/1"));

    // Another officer imports every figure of the period.
    let file = root.path().join("month.csv");
    let mut w = std::io::BufWriter::new(std::fs::File::create(&file).expect("csv"));
    writeln!(w, "province_code,indicator_code,period,kind,value").expect("write");
    for u in 1..=UNITS {
        for i in 1..=CRITERIA {
            writeln!(w, "P{u:02},I{i:03},2025-01,actual,{}", u * 1000 + i).expect("write");
        }
    }
    w.flush().expect("flush");
    drop(w);
    let out = Command::new(server_kit::bin())
        .arg("--db")
        .arg(&db)
        .arg("import")
        .arg(&file)
        .env_remove("THIDUA_DB")
        .env_remove("THIDUA_SOCKET")
        .stdin(Stdio::null())
        .output()
        .expect("import");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    // The first unit's figures were not pushed one by one: the app read
    // the period again and shows them all, and says why.
    app.wait_for("the first unit, all reported", row("Tỉnh số 1 ", "300/300"));
    app.wait_text("Có số liệu mới nhập cho kỳ 2025-01");
    app.send(pty_common::CTRL_Q);
    assert!(app.wait_exit().success());
    app.stop_server();
}
