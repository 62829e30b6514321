//! `thidua init-shared` end to end (as root, with OS users made by
//! useradd): the directory belongs to the service account and nobody else
//! writes in it, the socket is reachable by the group only, the database is
//! seeded as the service account with the named user as its admin, and the
//! unit's command serves it; a group member works through it, an outsider
//! cannot reach it, and without root the command refuses. When such a
//! server is down, the application says so and waits for it.

#[path = "pty_common/mod.rs"]
mod pty;
mod server_kit;

use std::os::unix::fs::MetadataExt;
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use server_kit::*;
use thidua::server::serve;

fn run_as(user: &OsUser, gid: u32, exe: &Path, args: &[&str]) -> Output {
    Command::new(exe)
        .args(args)
        .env_remove("THIDUA_DB")
        .env_remove("THIDUA_SOCKET")
        .uid(user.uid)
        .gid(gid)
        .output()
        .expect("run as another user")
}

#[test]
fn init_shared_makes_a_database_only_its_server_touches() {
    if !is_root() {
        println!("skipped: init-shared and its users need root (useradd)");
        return;
    }
    let group = "thidua_sh";
    let svc = os_user("thidua_svc", &[]);
    let member = os_user("thidua_mem", &[group]);
    let outsider = os_user("thidua_out", &[]);
    let gid = os_group(group);
    let shelf = Shelf::new();
    let db = shelf.path().join("tnb");
    let units = shelf.path().join("units");
    let db_s = db.to_str().expect("utf8");

    // Not as root: refused in one Vietnamese line.
    let out = run_as(
        &member,
        member.gid,
        &shelf.thidua,
        &[
            "init-shared",
            db_s,
            "--service-user",
            "thidua_svc",
            "--group",
            group,
            "--admin",
            "thidua_mem",
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("quyền root"));
    assert!(!db.exists());

    let out = Command::new(&shelf.thidua)
        .args([
            "init-shared",
            db_s,
            "--service-user",
            "thidua_svc",
            "--group",
            group,
        ])
        .args(["--admin", "thidua_mem", "--unit-dir"])
        .arg(&units)
        .output()
        .expect("init-shared");
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        said.contains("systemctl daemon-reload && systemctl enable --now thidua-tnb"),
        "{said}"
    );
    assert!(said.contains("sudo -u thidua_svc"), "{said}");

    let meta = std::fs::metadata(&db).expect("db");
    assert_eq!((meta.uid(), meta.gid()), (svc.uid, gid));
    assert_eq!(
        meta.mode() & 0o7777,
        0o2710,
        "owner writes; the group only passes"
    );
    for entry in std::fs::read_dir(&db).expect("ls") {
        let m = entry.expect("entry").metadata().expect("meta");
        assert_eq!(m.uid(), svc.uid, "every file is the service account's");
        assert_eq!(m.mode() & 0o077, 0, "and no one else's to read");
    }
    let unit = std::fs::read_to_string(units.join("thidua-tnb.service")).expect("unit");
    assert!(
        unit.contains("User=thidua_svc") && unit.contains("Restart=on-failure"),
        "{unit}"
    );
    assert!(unit.contains(&format!("--db {db_s} serve")), "{unit}");

    // The unit's command, as the service account.
    let server = Command::new(&shelf.thidua)
        .args(["--db", db_s, "serve"])
        .env_remove("THIDUA_SOCKET")
        .uid(svc.uid)
        .gid(svc.gid)
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("serve as the service account");
    let server = Proc {
        child: server,
        lines: None,
    };
    let socket = serve::default_socket(&db);
    wait_until("server up", || socket.exists());
    let sm = std::fs::symlink_metadata(&socket).expect("socket");
    assert_eq!(
        (sm.uid(), sm.gid(), sm.mode() & 0o777),
        (svc.uid, gid, 0o660)
    );

    // A member of the group is served, as the admin named.
    let ok = |o: &Output| {
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        String::from_utf8_lossy(&o.stdout).to_string()
    };
    wait_until("served", || {
        run_as(&member, gid, &shelf.thidua, &["--db", db_s, "users"])
            .status
            .success()
    });
    let users = ok(&run_as(
        &member,
        gid,
        &shelf.thidua,
        &["--db", db_s, "users"],
    ));
    assert!(users.contains("thidua_mem\tadmin  (bạn)"), "{users}");
    assert!(!users.contains("thidua_svc"), "{users}");
    let export = ok(&run_as(
        &member,
        gid,
        &shelf.thidua,
        &["--db", db_s, "export", "--period", "2021-H1"],
    ));
    assert!(export.contains("AG,"), "{export}");
    // Someone outside the group cannot even reach it.
    let out = run_as(
        &outsider,
        outsider.gid,
        &shelf.thidua,
        &["--db", db_s, "export"],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("không có quyền"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // Once the server is down, a member is told so; nothing opens the files.
    assert!(server.stop().success());
    let out = run_as(&member, gid, &shelf.thidua, &["--db", db_s, "export"]);
    let why = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{why}");
    assert!(
        why.contains("không chạy") && why.contains("systemctl start thidua-tnb"),
        "{why}"
    );

    // init-shared never overwrites.
    let again = Command::new(&shelf.thidua)
        .args([
            "init-shared",
            db_s,
            "--service-user",
            "thidua_svc",
            "--group",
            group,
        ])
        .args(["--admin", "thidua_mem", "--unit-dir"])
        .arg(&units)
        .output()
        .expect("again");
    assert_eq!(again.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&again.stderr).contains("đã có dữ liệu"));
}

#[test]
fn the_app_waits_for_a_shared_server_that_is_down_and_comes_up_with_it() {
    if !is_root() {
        println!("skipped: a database owned by a service account needs root (useradd)");
        return;
    }
    let svc = os_user("thidua_svc", &[]);
    let shelf = Shelf::new();
    let db = shelf.path().join("hop");
    std::fs::create_dir(&db).expect("mkdir");
    std::os::unix::fs::chown(&db, Some(svc.uid), Some(svc.gid)).expect("chown");
    set_mode(&db, 0o700);
    let db_s = db.to_str().expect("utf8");
    let mut app = pty::Pty::start(&shelf.thidua, &["--db", db_s], 100, 24);
    app.wait_text("không chạy");
    app.wait_text("Đang chờ máy chủ");
    assert!(
        std::fs::read_dir(&db).expect("ls").next().is_none(),
        "the app opened nothing in the service account's directory"
    );
    // The administrator starts it: the app comes up by itself.
    let server = Command::new(&shelf.thidua)
        .args(["--db", db_s, "serve"])
        .env_remove("THIDUA_SOCKET")
        .uid(svc.uid)
        .gid(svc.gid)
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("serve as the service account");
    let server = Proc {
        child: server,
        lines: None,
    };
    app.wait_text("Các tỉnh (12/12)");
    app.wait_text("máy chủ hop");
    app.send(b"\x11"); // Ctrl+Q
    // The PTY kit stops the database's server with the app (and reaps it).
    assert!(app.wait_exit().success());
    drop(server);
}
