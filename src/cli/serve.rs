//! `thidua serve`: own the database and serve every `thidua` on its socket.
//! Only the owner of a database directory serves it, and only a directory
//! nobody else may write: a client would refuse the socket anyway (it could
//! be anyone's), so the server says so first.

use std::os::unix::fs::MetadataExt;
use std::path::Path;
use std::process::ExitCode;
use std::time::Duration;

use super::{Options, db_path, socket_path};
use crate::server::{self, launch};
use crate::store::StoreError;
use crate::store::user::user_name;

/// Refuse a directory this process must not serve from.
fn check_dir(dir: &Path, what: &str) -> anyhow::Result<()> {
    let meta = std::fs::symlink_metadata(dir).map_err(|e| {
        anyhow::anyhow!(
            "Không mở được {what} {}: {}",
            dir.display(),
            crate::text::os_error::reason(&e)
        )
    })?;
    if meta.file_type().is_symlink() || !meta.is_dir() {
        anyhow::bail!(
            "{} không phải thư mục (hoặc là liên kết tượng trưng); hãy dùng đường dẫn thật",
            dir.display()
        );
    }
    // SAFETY: geteuid cannot fail.
    let me = unsafe { libc::geteuid() };
    if meta.uid() != me {
        anyhow::bail!(
            "{what} {dir} thuộc về {owner}, không phải {me_name}: chỉ chủ thư mục chạy máy chủ của \
             nó (sudo -u {owner} thidua --db {dir} serve)",
            dir = dir.display(),
            owner = user_name(meta.uid()),
            me_name = user_name(me)
        );
    }
    let mode = meta.mode() & 0o7777;
    if mode & 0o022 != 0 {
        anyhow::bail!(
            "{what} {dir} cho người khác ghi (quyền {mode:o}): ai cũng có thể thay socket bằng một \
             máy chủ giả, nên máy khách sẽ không kết nối. Hãy bỏ quyền ghi (chmod go-w {dir}); để \
             chia sẻ cho một nhóm, dùng `thidua init-shared`.",
            dir = dir.display()
        );
    }
    Ok(())
}

/// `empty`: a directory with no database gets an empty one (no built-in
/// data), for a cluster set up from its own covenant files.
pub fn run(
    options: &Options,
    idle_exit: Option<Duration>,
    empty: bool,
) -> anyhow::Result<ExitCode> {
    // Files of the database, its socket, pid and log: the owner's alone;
    // the socket is opened to the directory's group explicitly.
    // SAFETY: umask cannot fail.
    unsafe { libc::umask(0o077) };
    let path = db_path(options);
    let socket = socket_path(options);
    if std::fs::symlink_metadata(&path).is_err() {
        launch::create_private_dir(&path).map_err(|e| {
            anyhow::anyhow!(
                "Không tạo được thư mục cơ sở dữ liệu {}: {}",
                path.display(),
                crate::text::os_error::reason(&e)
            )
        })?;
    }
    check_dir(&path, "Thư mục cơ sở dữ liệu")?;
    if let Some(dir) = socket.parent().filter(|p| !p.as_os_str().is_empty())
        && dir != path
    {
        check_dir(dir, "Thư mục của socket")?;
    }
    server::serve::claim_socket(&socket)?;
    let store = match server::serve::open_database_with(&path, Duration::from_secs(3), empty) {
        Ok(s) => s,
        Err(StoreError::Locked { .. }) => anyhow::bail!(
            "Cơ sở dữ liệu {} đang được một chương trình thidua khác giữ (không phải máy chủ); \
             hãy đóng chương trình đó rồi chạy lại `thidua serve`.",
            path.display()
        ),
        Err(e) => return Err(e.into()),
    };
    if let Some(admin) = server::serve::ensure_admin(&store)? {
        eprintln!("thidua serve: {admin} (chủ máy chủ) được đặt làm quản trị viên");
    }
    let mut config = server::Config::new(&socket);
    config.idle_exit = idle_exit;
    config.pid_file = Some(launch::pid_file(&path));
    config.backups = true;
    // One descriptor per connection, and a few for the database.
    let files = server::serve::raise_file_limit();
    let room = usize::try_from(files.saturating_sub(64)).unwrap_or(usize::MAX);
    config.limits.max_connections = config.limits.max_connections.min(room.max(8));
    config.limits.per_user_connections = config
        .limits
        .per_user_connections
        .min(config.limits.max_connections / 2)
        .max(1);
    let handle = server::serve::start(store, config)?;
    handle.stop_on_signals()?;
    handle.wait()?;
    Ok(ExitCode::SUCCESS)
}
