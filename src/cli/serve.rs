//! `thidua serve`: own the database and serve every `thidua` on its socket.

use std::process::ExitCode;

use super::{Options, db_path, socket_path};
use crate::server;
use crate::store::StoreError;

pub fn run(options: &Options) -> anyhow::Result<ExitCode> {
    let path = db_path(options);
    let socket = socket_path(options);
    server::serve::claim_socket(&socket)?;
    let store = match server::serve::open_database(&path, std::time::Duration::from_secs(3)) {
        Ok(s) => s,
        Err(StoreError::Locked { .. }) => anyhow::bail!(
            "Cơ sở dữ liệu {} đang được một chương trình thidua khác (không phải máy chủ) giữ; \
             hãy đóng chương trình đó rồi chạy lại `thidua serve`.",
            path.display()
        ),
        Err(e) => return Err(e.into()),
    };
    if let Some(admin) = server::serve::ensure_admin(&store)? {
        eprintln!("thidua serve: {admin} (chủ máy chủ) được đặt làm quản trị viên");
    }
    let handle = server::serve::start(store, server::Config::new(&socket))?;
    handle.stop_on_signals()?;
    handle.wait()?;
    Ok(ExitCode::SUCCESS)
}
