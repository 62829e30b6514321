//! How a command reaches the data: always through the server of the
//! database, never by opening its files. A personal database (a directory
//! of the user's own, or one not made yet) gets its server started when none
//! answers; a shared one's server belongs to its service account, and when
//! it is down the command says so and how to start it (the application
//! waits for it instead).

use std::io::IsTerminal;
use std::time::Duration;

use super::{Options, db_path, socket_path};
use crate::server::{ClientStore, ConnectError, Launcher, Reconnect, launch};
use crate::store::Store;

/// How to reach the database's server, and how to reach it again;
/// `empty_if_new`: a server started for a directory with no database
/// makes it empty (no built-in data).
fn reconnect_with(options: &Options, empty_if_new: bool) -> anyhow::Result<Reconnect> {
    let db = db_path(options);
    let personal = launch::is_personal(&db).map_err(|e| {
        anyhow::anyhow!(
            "Không vào được thư mục cơ sở dữ liệu {}: {}",
            db.display(),
            crate::text::os_error::reason(&e)
        )
    })?;
    if !personal {
        return Ok(Reconnect::Wait { db: Some(db) });
    }
    let exe = std::env::current_exe()
        .map_err(|e| anyhow::anyhow!("Không tìm thấy chương trình thidua đang chạy: {e}"))?;
    Ok(Reconnect::Start(Launcher {
        exe,
        db,
        socket: options.socket.clone(),
        idle_exit: launch::idle_from_env().map_err(anyhow::Error::msg)?,
        empty_if_new,
    }))
}

fn reconnect(options: &Options) -> anyhow::Result<Reconnect> {
    reconnect_with(options, false)
}

fn connect(options: &Options, reconnect: Reconnect) -> Result<ClientStore, ConnectError> {
    ClientStore::connect_with(&socket_path(options), reconnect)
}

fn explain(options: &Options, e: ConnectError) -> anyhow::Error {
    match e {
        ConnectError::NoServer => {
            anyhow::anyhow!(launch::server_down(
                &db_path(options),
                &socket_path(options)
            ))
        }
        ConnectError::Untrusted(why) => anyhow::anyhow!(why),
        ConnectError::Failed(e) => e.into(),
    }
}

/// The database's server, as a client (started first where it is the
/// user's own).
pub fn open_client(options: &Options) -> anyhow::Result<ClientStore> {
    connect(options, reconnect(options)?).map_err(|e| explain(options, e))
}

/// [`open_client`] for `covenant import`: a personal directory with no
/// database gets an empty one, set up from the files next.
pub fn open_client_creating_empty(options: &Options) -> anyhow::Result<ClientStore> {
    connect(options, reconnect_with(options, true)?).map_err(|e| explain(options, e))
}

pub fn open_store(options: &Options) -> anyhow::Result<Box<dyn Store>> {
    Ok(Box::new(open_client(options)?))
}

/// [`open_store`] for the application: when the shared server is down and
/// an officer is at the terminal, say so and wait for it (Ctrl+C leaves).
pub fn open_store_waiting(options: &Options) -> anyhow::Result<Box<dyn Store>> {
    let how = reconnect(options)?;
    let interactive = std::io::stdin().is_terminal() && std::io::stderr().is_terminal();
    let mut told = false;
    loop {
        match connect(options, how.clone()) {
            Ok(c) => return Ok(Box::new(c)),
            Err(ConnectError::NoServer) if interactive => {
                if !told {
                    eprintln!(
                        "thidua: {}\nĐang chờ máy chủ… (Ctrl+C để thoát)",
                        launch::server_down(&db_path(options), &socket_path(options))
                    );
                    told = true;
                }
                std::thread::sleep(Duration::from_millis(500));
            }
            Err(e) => return Err(explain(options, e)),
        }
    }
}

/// The database's server when one answers right now (none is started):
/// `backup`, `check` and `restore` go through it when it runs, and open
/// the files themselves when nothing holds them.
pub fn running_server(options: &Options) -> anyhow::Result<Option<ClientStore>> {
    match ClientStore::connect_with(&socket_path(options), Reconnect::Wait { db: None }) {
        Ok(c) => Ok(Some(c)),
        Err(ConnectError::NoServer) => Ok(None),
        Err(e) => Err(explain(options, e)),
    }
}
