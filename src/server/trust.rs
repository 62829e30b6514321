//! Whom a client talks to. Before it sends anything, a client makes sure
//! that nobody but the owner of the socket's directory could have put the
//! socket there, and that the process answering on it is that owner's:
//!
//! 1. the directory (looked at with `lstat`: not a symbolic link) is
//!    writable by its owner alone — no group or other write bit;
//! 2. the socket in it (`lstat` again) is a socket of the same owner;
//! 3. the connection goes through the directory as opened and checked (so
//!    it cannot be swapped in between), and the server's peer credentials
//!    (`SO_PEERCRED`) are that owner's uid.
//!
//! A personal database's directory is the officer's own; a shared one's
//! belongs to the service account that runs its server (`init-shared`).

use std::ffi::CString;
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::MetadataExt;
use std::os::unix::net::UnixStream;
use std::path::{Path, PathBuf};

use crate::store::user::user_name;

/// Why no trusted connection was made.
#[derive(Debug, Clone, PartialEq)]
pub enum Distrust {
    /// Nobody answers: no directory, no socket, or a stale socket.
    NoServer,
    /// The server could be fake; nothing was sent. The text says why and
    /// whom to tell.
    Untrusted(String),
    /// Cannot be reached as given (permissions, not a socket, …).
    Unreachable(String),
}

/// A connection whose server passed the checks.
pub struct Trusted {
    pub stream: UnixStream,
    /// The uid of the directory's owner, which the server runs as.
    pub owner: u32,
}

fn stat_of(fd: &OwnedFd, name: Option<&CString>) -> std::io::Result<libc::stat> {
    // SAFETY: a zeroed stat is a valid value to be overwritten.
    let mut st: libc::stat = unsafe { std::mem::zeroed() };
    let empty = CString::default();
    let (path, flags) = match name {
        Some(n) => (n, libc::AT_SYMLINK_NOFOLLOW),
        None => (&empty, libc::AT_EMPTY_PATH | libc::AT_SYMLINK_NOFOLLOW),
    };
    // SAFETY: fd is open, path is NUL-terminated, st is writable.
    let rc = unsafe { libc::fstatat(fd.as_raw_fd(), path.as_ptr(), &mut st, flags) };
    if rc != 0 {
        return Err(std::io::Error::last_os_error());
    }
    Ok(st)
}

fn tell(owner: u32) -> String {
    let name = user_name(owner);
    if owner == 0 {
        "quản trị hệ thống (root)".into()
    } else {
        format!("quản trị viên máy chủ (tài khoản {name}) hoặc quản trị hệ thống")
    }
}

fn unreachable_dir(dir: &Path, e: &std::io::Error) -> Distrust {
    if e.kind() == std::io::ErrorKind::PermissionDenied {
        Distrust::Unreachable(format!(
            "Không vào được thư mục {} (không có quyền); hãy nhờ quản trị viên thêm bạn vào \
             nhóm được dùng cơ sở dữ liệu này",
            dir.display()
        ))
    } else {
        Distrust::Unreachable(format!(
            "Không mở được thư mục {}: {}",
            dir.display(),
            crate::text::os_error::reason(e)
        ))
    }
}

/// Connect to the server on `socket` after the checks above.
pub fn connect(socket: &Path) -> Result<Trusted, Distrust> {
    let dir: PathBuf = match socket.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let Some(name) = socket.file_name() else {
        return Err(Distrust::Unreachable(format!(
            "{} không phải đường dẫn của một socket",
            socket.display()
        )));
    };
    let meta = match std::fs::symlink_metadata(&dir) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(Distrust::NoServer),
        Err(e) => return Err(unreachable_dir(&dir, &e)),
    };
    if meta.file_type().is_symlink() {
        let real = std::fs::canonicalize(&dir)
            .map(|p| p.display().to_string())
            .unwrap_or_else(|_| "?".into());
        return Err(Distrust::Untrusted(format!(
            "Không kết nối: thư mục của socket {} là một liên kết tượng trưng (tới {real}), nên \
             không biết chắc ai giữ nó. Chưa gửi gì. Hãy dùng đường dẫn thật (--db {real}).",
            dir.display()
        )));
    }
    if !meta.is_dir() {
        return Err(Distrust::Unreachable(format!(
            "{} không phải thư mục",
            dir.display()
        )));
    }
    let c_dir = CString::new(dir.as_os_str().as_bytes())
        .map_err(|_| Distrust::Unreachable(format!("đường dẫn {} không hợp lệ", dir.display())))?;
    // SAFETY: a NUL-terminated path; the descriptor is owned below.
    let raw = unsafe {
        libc::open(
            c_dir.as_ptr(),
            libc::O_PATH | libc::O_DIRECTORY | libc::O_NOFOLLOW | libc::O_CLOEXEC,
        )
    };
    if raw < 0 {
        return Err(unreachable_dir(&dir, &std::io::Error::last_os_error()));
    }
    // SAFETY: open returned a fresh descriptor that nothing else owns.
    let dir_fd = unsafe { OwnedFd::from_raw_fd(raw) };
    let st = stat_of(&dir_fd, None).map_err(|e| unreachable_dir(&dir, &e))?;
    if st.st_dev != meta.dev() || st.st_ino != meta.ino() {
        return Err(Distrust::Untrusted(format!(
            "Không kết nối: thư mục {} vừa bị thay bằng một thư mục khác. Chưa gửi gì. Hãy báo {}.",
            dir.display(),
            tell(meta.uid())
        )));
    }
    let owner = st.st_uid;
    let mode = st.st_mode & 0o7777;
    if mode & 0o022 != 0 {
        return Err(Distrust::Untrusted(format!(
            "Không kết nối: thư mục {} của socket cho người khác ghi (quyền {mode:o}), nên bất kỳ \
             ai trong số đó cũng có thể đặt một máy chủ giả ở đó. Chưa gửi gì. Hãy báo {} sửa \
             quyền (chmod go-w {}, hoặc dùng `thidua init-shared`).",
            dir.display(),
            tell(owner),
            dir.display()
        )));
    }
    let c_name = CString::new(name.as_bytes())
        .map_err(|_| Distrust::Unreachable(format!("tên {} không hợp lệ", socket.display())))?;
    let sock = match stat_of(&dir_fd, Some(&c_name)) {
        Ok(s) => s,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(Distrust::NoServer),
        Err(e) => return Err(unreachable_dir(&dir, &e)),
    };
    if sock.st_mode & libc::S_IFMT != libc::S_IFSOCK {
        return Err(Distrust::Unreachable(format!(
            "{} không phải socket của thidua (là một tệp khác); hãy kiểm tra --socket hoặc \
             THIDUA_SOCKET",
            socket.display()
        )));
    }
    if sock.st_uid != owner {
        return Err(Distrust::Untrusted(format!(
            "Máy chủ ở {} có thể là giả: socket thuộc về {} trong khi thư mục thuộc về {}. Chưa gửi \
             gì. Hãy báo ngay {}.",
            socket.display(),
            user_name(sock.st_uid),
            user_name(owner),
            tell(owner)
        )));
    }
    // Through the directory as checked; the name as given where /proc is missing.
    let pinned = PathBuf::from(format!("/proc/self/fd/{}", dir_fd.as_raw_fd())).join(name);
    let path = if Path::new("/proc/self/fd").is_dir() && pinned.as_os_str().len() < 100 {
        pinned
    } else {
        socket.to_path_buf()
    };
    let stream = match UnixStream::connect(&path) {
        Ok(s) => s,
        Err(e)
            if matches!(
                e.kind(),
                std::io::ErrorKind::NotFound | std::io::ErrorKind::ConnectionRefused
            ) =>
        {
            return Err(Distrust::NoServer);
        }
        Err(e) if e.kind() == std::io::ErrorKind::PermissionDenied => {
            return Err(Distrust::Unreachable(format!(
                "Không có quyền kết nối máy chủ thidua ở {}; hãy nhờ quản trị viên thêm bạn vào \
                 nhóm được dùng cơ sở dữ liệu này",
                socket.display()
            )));
        }
        Err(e) => {
            return Err(Distrust::Unreachable(format!(
                "Không kết nối được máy chủ thidua ở {}: {}",
                socket.display(),
                crate::text::os_error::reason(&e)
            )));
        }
    };
    let peer = super::conn::peer_cred(&stream).map_err(|e| {
        Distrust::Unreachable(format!(
            "Không xác định được tiến trình máy chủ ở {}: {}",
            socket.display(),
            crate::text::os_error::reason(&e)
        ))
    })?;
    if peer.uid != owner {
        return Err(Distrust::Untrusted(format!(
            "Máy chủ ở {} có thể là giả: thư mục thuộc về {} nhưng tiến trình trả lời là của {} \
             (uid {}, pid {}). Chưa gửi gì. Hãy báo ngay {}.",
            socket.display(),
            user_name(owner),
            user_name(peer.uid),
            peer.uid,
            peer.pid,
            tell(owner)
        )));
    }
    Ok(Trusted { stream, owner })
}
