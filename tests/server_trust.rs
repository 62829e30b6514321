//! The client checks whom it talks to before it sends anything: a socket
//! in a directory others may write is refused; a server process that is
//! not the directory's owner is refused as possibly fake (a hostile group
//! member's, or the client's own uid in someone else's directory); and an
//! import through such a fake server reports nothing as saved.

mod server_kit;

use std::io::Read;
use std::os::unix::net::{UnixListener, UnixStream};
use std::path::Path;

use server_kit::*;
use thidua::server::protocol::{self, Op, Reply, Request, ServerMsg, SessionInfo, Welcome};
use thidua::server::{ClientStore, ConnectError, serve};
use thidua::store::{BatchOutcome, Role};

/// Everything a listener received on its first connection (the client
/// connects, finds the server untrusted and closes).
fn bytes_sent_to(listener: &UnixListener) -> usize {
    listener.set_nonblocking(true).expect("nonblocking");
    let Ok((mut s, _)) = listener.accept() else {
        return 0;
    };
    s.set_nonblocking(false).expect("blocking");
    s.set_read_timeout(Some(WAIT)).expect("timeout");
    let mut all = Vec::new();
    let _ = s.read_to_end(&mut all);
    all.len()
}

fn untrusted(result: Result<ClientStore, ConnectError>) -> String {
    match result {
        Err(ConnectError::Untrusted(why)) => why,
        Err(other) => panic!("expected a refusal as untrusted, got {other}"),
        Ok(_) => panic!("connected to an untrusted server"),
    }
}

#[test]
fn a_socket_in_a_directory_others_may_write_is_refused_and_nothing_is_sent() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path().join("shared");
    std::fs::create_dir(&d).expect("mkdir");
    let socket = serve::default_socket(&d);
    let listener = UnixListener::bind(&socket).expect("bind");
    for mode in [0o2770, 0o777, 0o1777] {
        set_mode(&d, mode);
        let why = untrusted(ClientStore::connect(&socket));
        assert!(
            why.contains("cho người khác ghi") && why.contains("Chưa gửi gì"),
            "{why}"
        );
        assert!(!why.contains('\n'), "one line: {why}");
    }
    assert_eq!(bytes_sent_to(&listener), 0, "nothing reached the socket");

    // A symbolic link to the directory is refused too (who holds it is unknown).
    set_mode(&d, 0o700);
    let link = dir.path().join("link");
    std::os::unix::fs::symlink(&d, &link).expect("symlink");
    let why = untrusted(ClientStore::connect(&serve::default_socket(&link)));
    assert!(why.contains("liên kết tượng trưng"), "{why}");
}

/// The role of a fake server: bind `socket`, answer like a thidua server
/// that saved everything, and write how many bytes it received to `count`.
fn fake_server(socket: &str, count: &str) {
    let listener = UnixListener::bind(socket).expect("fake bind");
    let count = count.to_string();
    std::thread::spawn(move || {
        for s in listener.incoming() {
            let Ok(mut s) = s else { continue };
            let count = count.clone();
            std::thread::spawn(move || {
                let mut got = 0usize;
                while let Ok(body) = protocol::read_frame(&mut s) {
                    got += body.len() + 4;
                    let _ = std::fs::write(&count, got.to_string());
                    if let Ok(protocol::GreetingHead { .. }) =
                        protocol::decode_prefix::<protocol::GreetingHead>(&body).map(|(h, _)| h)
                        && let Ok(_) = protocol::decode::<protocol::Hello>(&body)
                    {
                        let welcome = Welcome {
                            magic: protocol::MAGIC.into(),
                            version: protocol::PROTOCOL_VERSION,
                            outcome: Ok(SessionInfo {
                                user: "lan".into(),
                                role: Role::Admin,
                                database: "/srv/thidua".into(),
                                head: 0,
                            }),
                        };
                        let _ = protocol::write_frame(&mut s, &welcome);
                        continue;
                    }
                    let Ok(Request { id, op }) = protocol::decode::<Request>(&body) else {
                        break;
                    };
                    let result = match op {
                        Op::Cluster => Ok(Reply::Cluster(
                            thidua::store::builtin::load().expect("builtin").0,
                        )),
                        Op::WriteBatch(edits) => Ok(Reply::Batch(BatchOutcome {
                            added: edits.len(),
                            ..BatchOutcome::default()
                        })),
                        _ => Ok(Reply::Pong),
                    };
                    let _ = protocol::write_frame(&mut s, &ServerMsg::Reply { id, result });
                }
            });
        }
    });
}

#[test]
fn helper_role() {
    // Runs as a helper only (see server_kit::helper); a no-op otherwise.
    let Some(role) = server_kit::role() else {
        return;
    };
    match role.first().map(String::as_str) {
        Some("fake") => {
            fake_server(&role[1], &role[2]);
            ready_and_wait("fake");
        }
        other => panic!("unknown role {other:?}"),
    }
}

fn import_file(dir: &Path) -> std::path::PathBuf {
    let csv = dir.join("ag.csv");
    std::fs::write(
        &csv,
        "province_code,indicator_code,period,kind,value\nAG,GRDP_GROWTH,2021-H1,actual,77\n",
    )
    .expect("csv");
    csv
}

#[test]
fn a_fake_server_of_another_user_is_refused_and_nothing_is_reported_saved() {
    if !is_root() {
        println!("skipped: a fake server of another OS user needs root (useradd)");
        return;
    }
    let mallory = os_user("thidua_fake", &[]);
    let shelf = Shelf::new();
    // The set-up: a directory the group member could write, where
    // they bound their own socket; the owner then fixed the permissions,
    // and the socket file even looks like the owner's.
    let d = shelf.path().join("db");
    std::fs::create_dir(&d).expect("mkdir");
    std::os::unix::fs::chown(&d, Some(mallory.uid), None).expect("chown to mallory");
    let socket = serve::default_socket(&d);
    let count = shelf.path().join("received");
    std::fs::write(&count, "0").expect("count");
    std::os::unix::fs::chown(&count, Some(mallory.uid), None).expect("chown count");
    let (fake, _) = helper(
        &shelf,
        "helper_role",
        Some(&mallory),
        &[
            "fake",
            socket.to_str().expect("utf8"),
            count.to_str().expect("utf8"),
        ],
    );
    std::os::unix::fs::chown(&d, Some(0), None).expect("chown back to root");
    std::os::unix::fs::chown(&socket, Some(0), None).expect("socket looks like root's");
    set_mode(&d, 0o755);

    let why = untrusted(ClientStore::connect(&socket));
    assert!(
        why.contains("có thể là giả") && why.contains("thidua_fake") && why.contains("Chưa gửi gì"),
        "{why}"
    );
    // The real binary, importing through it: refused, nothing "saved".
    let csv = import_file(shelf.path());
    let out = std::process::Command::new(bin())
        .arg("--db")
        .arg(&d)
        .arg("import")
        .arg(&csv)
        .env_remove("THIDUA_SOCKET")
        .output()
        .expect("import");
    let stderr = String::from_utf8_lossy(&out.stderr);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("có thể là giả"), "{stderr}");
    assert!(!stdout.contains("Đã nhập"), "{stdout}");
    assert_eq!(
        std::fs::read_to_string(&count).expect("count").trim(),
        "0",
        "the fake server received nothing"
    );
    drop(fake);

    // Control: the same fake answers a client that does not check.
    let d2 = shelf.path().join("open");
    std::fs::create_dir(&d2).expect("mkdir");
    std::os::unix::fs::chown(&d2, Some(mallory.uid), None).expect("chown");
    let s2 = serve::default_socket(&d2);
    let (_fake2, _) = helper(
        &shelf,
        "helper_role",
        Some(&mallory),
        &[
            "fake",
            s2.to_str().expect("utf8"),
            count.to_str().expect("utf8"),
        ],
    );
    let mut raw = UnixStream::connect(&s2).expect("raw connect");
    protocol::write_frame(&mut raw, &protocol::Hello::new()).expect("hello");
    let welcome: Welcome = protocol::read_msg(&mut raw).expect("the fake answers");
    assert!(
        welcome.outcome.is_ok(),
        "the fake would have fooled an unchecked client"
    );
}

#[test]
fn a_server_of_the_clients_own_uid_in_someone_elses_directory_is_refused() {
    if !is_root() {
        println!(
            "skipped: a directory owned by another user needs root (chown); \
             a non-root user cannot bind a socket there"
        );
        return;
    }
    let owner = os_user("thidua_owner", &[]);
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path().join("db");
    std::fs::create_dir(&d).expect("mkdir");
    let socket = serve::default_socket(&d);
    // This process (root, the client's own uid) binds it ...
    let listener = UnixListener::bind(&socket).expect("bind");
    // ... in a directory that is thidua_owner's, as is the socket file.
    std::os::unix::fs::chown(&d, Some(owner.uid), None).expect("chown dir");
    std::os::unix::fs::chown(&socket, Some(owner.uid), None).expect("chown socket");
    set_mode(&d, 0o755);
    let why = untrusted(ClientStore::connect(&socket));
    assert!(
        why.contains("có thể là giả") && why.contains("thidua_owner"),
        "{why}"
    );
    assert_eq!(bytes_sent_to(&listener), 0, "nothing was sent");
}
