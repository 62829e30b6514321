//! Every `thidua` is a client: on a personal database with no server it
//! starts one (detached, its own session, log and pid beside the database),
//! two starting at once end with one server, it exits after its quiet
//! period, and the app itself never holds the database — not even while
//! its server is killed and started again. Bad input gets one Vietnamese
//! line and changes nothing.

mod cli_common;
#[path = "pty_common/mod.rs"]
mod pty_common;
mod server_kit;

use std::os::unix::fs::PermissionsExt;
use std::os::unix::net::{UnixListener, UnixStream};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::Command;

use cli_common::{autostart, export_h1, thidua};
use server_kit::*;
use thidua::server::{launch, protocol, serve};

fn pid_of_server(db: &Path) -> Option<i32> {
    std::fs::read_to_string(launch::pid_file(db))
        .ok()?
        .trim()
        .parse()
        .ok()
}

fn alive(pid: i32) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .map(|s| {
            !s.rsplit(')')
                .next()
                .unwrap_or("")
                .trim_start()
                .starts_with('Z')
        })
        .unwrap_or(false)
}

/// Files under `dir` that process `pid` has open.
fn open_files_under(pid: i32, dir: &Path) -> Vec<PathBuf> {
    let dir = std::fs::canonicalize(dir).expect("canonical db");
    std::fs::read_dir(format!("/proc/{pid}/fd"))
        .map(|fds| {
            fds.filter_map(|fd| std::fs::read_link(fd.ok()?.path()).ok())
                .filter(|target| target.starts_with(&dir))
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn the_server_restarts_while_the_app_is_open_and_no_client_ever_holds_the_database() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("db");
    let db_arg = db.to_str().expect("utf8");
    let mut app = pty_common::Pty::start(Path::new(bin()), &["--db", db_arg], 80, 24);
    app.wait_text("Các tỉnh (12/12)");
    let first = pid_of_server(&db).expect("the app started a server");
    assert_ne!(first, app.pid());
    assert!(
        !open_files_under(first, &db).is_empty(),
        "the server holds the database"
    );
    assert_eq!(
        open_files_under(app.pid(), &db),
        Vec::<PathBuf>::new(),
        "the app holds nothing of the database"
    );
    assert_eq!(
        std::fs::metadata(&db).expect("db").permissions().mode() & 0o777,
        0o700,
        "a new database directory is the user's alone"
    );
    // A second server for the same database is refused.
    let second = thidua(&db, &["serve"]);
    assert!(!second.status.success());
    assert!(String::from_utf8_lossy(&second.stderr).contains("đang chạy"));

    // The server is killed: the app starts another by itself.
    // SAFETY: kill(2) on the server the app started.
    unsafe { libc::kill(first, libc::SIGKILL) };
    wait_until("a new server", || {
        pid_of_server(&db).is_some_and(|p| p != first && alive(p))
            && UnixStream::connect(serve::default_socket(&db)).is_ok()
    });
    let again = pid_of_server(&db).expect("pid");
    // And the officer goes on: Đồng Tháp's export figure.
    app.text("dong thap");
    app.wait_text("(1/12)");
    app.send(pty_common::ENTER);
    app.wait_text("Nhập liệu · Đồng Tháp");
    for _ in 0..3 {
        app.send(pty_common::DOWN);
    }
    app.text("1234");
    app.wait_text("1234");
    app.send(pty_common::ENTER);
    app.wait_text("Đã lưu");
    assert_eq!(open_files_under(app.pid(), &db), Vec::<PathBuf>::new());
    assert_eq!(pid_of_server(&db), Some(again));
    app.send(pty_common::CTRL_Q);
    assert!(app.wait_exit().success());
    assert!(export_h1(&db).contains("DT,EXPORT,2021-H1,actual,1234"));
}

#[test]
fn two_clients_starting_at_once_end_with_one_server() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("db");
    autostart::adopt_servers();
    let runs: Vec<_> = (0..6)
        .map(|_| {
            Command::new(bin())
                .arg("--db")
                .arg(&db)
                .args(["export", "--period", "2021-H1"])
                .env_remove("THIDUA_SOCKET")
                .env("THIDUA_IDLE_EXIT", autostart::IDLE_EXIT)
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .expect("spawn")
        })
        .collect();
    let outputs: Vec<_> = runs
        .into_iter()
        .map(|c| c.wait_with_output().expect("wait"))
        .collect();
    autostart::stop_server(&db);
    for out in &outputs {
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(out.stdout, outputs[0].stdout);
    }
    let log = std::fs::read_to_string(launch::log_file(&db)).expect("log");
    assert_eq!(
        log.matches("thidua serve: phục vụ").count(),
        1,
        "one server served them all:\n{log}"
    );
}

#[test]
fn an_auto_started_server_exits_after_its_quiet_period() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("db");
    autostart::adopt_servers();
    let out = Command::new(bin())
        .arg("--db")
        .arg(&db)
        .args(["export", "--period", "2021-H1"])
        .env_remove("THIDUA_SOCKET")
        .env("THIDUA_IDLE_EXIT", "1s")
        .output()
        .expect("export");
    assert!(out.status.success());
    let pid = pid_of_server(&db).expect("pid");
    wait_until("the quiet server exits", || {
        let mut status = 0;
        // SAFETY: reaps it if it is ours (adopted), else fails harmlessly.
        unsafe { libc::waitpid(pid, &mut status, libc::WNOHANG) };
        !alive(pid)
    });
    assert!(!serve::default_socket(&db).exists(), "socket removed");
    assert!(!launch::pid_file(&db).exists(), "pid file removed");
    let log = std::fs::read_to_string(launch::log_file(&db)).expect("log");
    assert!(log.contains("tự dừng"), "{log}");
    // The next command starts it again; nothing was lost.
    assert!(export_h1(&db).contains("AG,"));
}

fn one_line_failure(out: &std::process::Output) -> String {
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert_eq!(stderr.trim_end().lines().count(), 1, "one line: {stderr}");
    stderr
}

#[test]
fn a_socket_path_that_is_not_a_socket_is_named_and_left_alone() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("db");
    std::fs::create_dir(&db).expect("mkdir");
    let file = db.join("notes.txt");
    std::fs::write(&file, "ghi chú").expect("write");
    let out = thidua(&db, &["--socket", file.to_str().expect("utf8"), "export"]);
    let why = one_line_failure(&out);
    assert!(why.contains("không phải socket"), "{why}");
    assert_eq!(std::fs::read_to_string(&file).expect("read"), "ghi chú");
}

#[test]
fn a_stale_socket_of_a_personal_database_is_replaced_by_a_new_server() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("db");
    std::fs::create_dir(&db).expect("mkdir");
    std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o700)).expect("chmod");
    drop(UnixListener::bind(serve::default_socket(&db)).expect("bind"));
    assert!(
        serve::default_socket(&db).exists(),
        "a stale socket is left"
    );
    assert!(export_h1(&db).contains("AG,"));
}

#[test]
fn a_server_of_another_protocol_version_is_named_with_both_versions() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("db");
    std::fs::create_dir(&db).expect("mkdir");
    std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o700)).expect("chmod");
    let listener = UnixListener::bind(serve::default_socket(&db)).expect("bind");
    std::thread::spawn(move || {
        for s in listener.incoming() {
            let Ok(mut s) = s else { continue };
            let _ = protocol::read_frame(&mut s);
            let old = protocol::Welcome {
                magic: protocol::MAGIC.into(),
                version: 99,
                outcome: Err("khác phiên bản".into()),
            };
            let _ = protocol::write_frame(&mut s, &old);
        }
    });
    let out = thidua(&db, &["export"]);
    let why = one_line_failure(&out);
    assert!(
        why.contains("phiên bản 99")
            && why.contains(&format!("phiên bản {}", protocol::PROTOCOL_VERSION)),
        "{why}"
    );
}

#[test]
fn a_shared_database_whose_server_is_down_is_named_with_how_to_start_it() {
    if !is_root() {
        println!("skipped: a database owned by a service account needs root (chown)");
        return;
    }
    let svc = os_user("thidua_owner", &[]);
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("tnb");
    std::fs::create_dir(&db).expect("mkdir");
    drop(UnixListener::bind(serve::default_socket(&db)).expect("stale socket"));
    std::os::unix::fs::chown(&db, Some(svc.uid), None).expect("chown");
    std::os::unix::fs::chown(serve::default_socket(&db), Some(svc.uid), None).expect("chown");
    let listing = || {
        let mut names: Vec<_> = std::fs::read_dir(&db)
            .expect("ls")
            .map(|e| e.expect("entry").file_name())
            .collect();
        names.sort();
        names
    };
    let before = listing();
    let out = thidua(&db, &["export"]);
    let why = one_line_failure(&out);
    assert!(
        why.contains("không chạy")
            && why.contains("systemctl start thidua-tnb")
            && why.contains("sudo -u thidua_owner"),
        "{why}"
    );
    assert_eq!(listing(), before, "nothing changed, no server started");
    assert!(launch::pid_file(&db).metadata().is_err());
}

#[test]
fn a_directory_the_user_cannot_reach_is_said_in_one_line() {
    if !is_root() {
        println!("skipped: a second OS user needs root (useradd)");
        return;
    }
    let officer = os_user("thidua_new", &[]);
    let shelf = Shelf::new();
    let private = shelf.path().join("private");
    std::fs::create_dir(&private).expect("mkdir");
    std::fs::set_permissions(&private, std::fs::Permissions::from_mode(0o700)).expect("chmod");
    let out = Command::new(&shelf.thidua)
        .arg("--db")
        .arg(private.join("db"))
        .arg("export")
        .env_remove("THIDUA_SOCKET")
        .uid(officer.uid)
        .gid(officer.gid)
        .output()
        .expect("run as another user");
    let why = one_line_failure(&out);
    assert!(
        why.contains("Không vào được") && why.contains("quyền"),
        "{why}"
    );
    assert!(!private.join("db").exists());
}
