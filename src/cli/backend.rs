//! How a command reaches the data: through the server of the database if
//! one answers, otherwise by opening the database in this process.

use super::{Options, db_path, socket_path};
use crate::server::{ClientStore, ConnectError};
use crate::store::{SledStore, Store, StoreError};

/// The data, through the server of the database if one answers, otherwise
/// opened in this process.
pub enum Backend {
    Server(ClientStore),
    Local(SledStore),
}

impl Backend {
    pub fn into_store(self) -> Box<dyn Store> {
        match self {
            Backend::Server(c) => Box::new(c),
            Backend::Local(s) => Box::new(s),
        }
    }
}

pub fn open_backend(options: &Options) -> anyhow::Result<Backend> {
    let path = db_path(options);
    let socket = socket_path(options);
    match ClientStore::connect(&socket) {
        Ok(client) => return Ok(Backend::Server(client)),
        Err(ConnectError::NoServer) => {}
        Err(ConnectError::Failed(e)) => return Err(e.into()),
    }
    match SledStore::open(&path) {
        Ok(store) => Ok(Backend::Local(store)),
        Err(StoreError::Locked { .. }) => anyhow::bail!(
            "Cơ sở dữ liệu {db} đang được một chương trình thidua khác giữ, và đó không phải máy chủ \
             (không có máy chủ nào trả lời ở {sock}). Hãy đóng chương trình đó, rồi chạy \
             `thidua serve --db {db}` để nhiều người cùng dùng.",
            db = path.display(),
            sock = socket.display()
        ),
        Err(e) => Err(e.into()),
    }
}

/// Try the server of the chosen database first, then the database itself.
pub fn open_store(options: &Options) -> anyhow::Result<Box<dyn Store>> {
    Ok(open_backend(options)?.into_store())
}
