//! Backups and checks through the server, which owns the database while
//! it runs: `thidua backup` and `thidua check` ask it instead of opening
//! the files (they would find them locked).
//!
//! A backup is written by the server into `DIR/backups/` (one consistent
//! state: writes wait while it is written) and then read by the client in
//! chunks of [`CHUNK`] bytes, so no frame ever carries the whole database.
//! Only an admin may take one: it holds every figure, role and log entry.
//! The server also backs up by itself: daily while it runs and on a clean
//! stop, when something was written since its last backup; the newest
//! [`backup::KEEP`] rotating ones are kept.

use std::io::{Read, Seek, SeekFrom};
use std::path::PathBuf;
use std::sync::{Condvar, Mutex};
use std::time::{Duration, SystemTime};

use super::protocol::{Op, Reply};
use super::serve::Shared;
use crate::store::{Role, SledStore, StoreError, backup};

/// The most bytes of a backup file one reply carries.
pub const CHUNK: usize = 1024 * 1024;
/// How often the server backs up while it runs.
pub const DAILY: Duration = Duration::from_secs(24 * 60 * 60);
/// How often the daily backup looks whether one is due.
const LOOK_EVERY: Duration = Duration::from_secs(10 * 60);

/// Whether a request is one of this module's: long work (a whole
/// database read) answered on its own thread, so that the connection's
/// thread keeps answering pings meanwhile.
pub fn is_long(op: &Op) -> bool {
    matches!(op, Op::Check | Op::Backup | Op::BackupChunk { .. })
}

/// Answer `op` on a thread of its own, one at a time per connection
/// (`busy`): the reply goes out when it is done.
pub fn spawn(
    shared: std::sync::Arc<Shared>,
    out: super::outbox::Outbox,
    busy: std::sync::Arc<std::sync::atomic::AtomicBool>,
    (conn, id, who): (u64, u64, String),
    op: Op,
) {
    use std::sync::atomic::Ordering;
    if busy.swap(true, Ordering::AcqRel) {
        let refused = Err(StoreError::Invalid(
            "kết nối này đang sao lưu hoặc kiểm tra; hãy chờ xong".into(),
        ));
        out.send(super::conn::reply_frame(&shared, conn, id, refused));
        return;
    }
    let job = {
        let busy = busy.clone();
        move || {
            let result = answer(&shared.store, &who, &op)
                .unwrap_or_else(|| Err(StoreError::Invalid("yêu cầu sao lưu đến nhầm chỗ".into())));
            if let Err(e) = &result {
                shared.log(format!("#{conn} {who}: không trả lời được: {e}"));
            }
            // Free before the reply: the client's next request may follow it at once.
            busy.store(false, Ordering::Release);
            out.send(super::conn::reply_frame(&shared, conn, id, result));
        }
    };
    if std::thread::Builder::new()
        .name("thidua-backup".into())
        .spawn(job)
        .is_err()
    {
        busy.store(false, Ordering::Release);
    }
}

/// Answer a request of this module (`None`: not one of them).
pub fn answer(store: &SledStore, who: &str, op: &Op) -> Option<Result<Reply, StoreError>> {
    match op {
        Op::Check => Some(store.check().map(|r| Reply::Check(Box::new(r)))),
        Op::Backup => Some(admin(store, who).and_then(|_| {
            let (file, summary) = backup::rotate(store, backup::KEEP)?;
            Ok(Reply::BackupMade {
                name: file_name(&file),
                records: summary.records,
                bytes: summary.bytes,
            })
        })),
        Op::BackupChunk { name, offset } => {
            Some(admin(store, who).and_then(|_| chunk(store, name, *offset)))
        }
        _ => None,
    }
}

fn admin(store: &SledStore, who: &str) -> Result<(), StoreError> {
    match store.role(who)? {
        Some(Role::Admin) => Ok(()),
        _ => Err(StoreError::Denied(
            "chỉ quản trị viên được sao lưu cơ sở dữ liệu (bản sao lưu chứa mọi số liệu, \
             quyền và nhật ký)"
                .into(),
        )),
    }
}

fn file_name(file: &std::path::Path) -> String {
    file.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Up to [`CHUNK`] bytes of the backup `name` from `offset` (empty: its end).
/// Only a file of `DIR/backups/` by its bare name: a client never names a path.
fn chunk(store: &SledStore, name: &str, offset: u64) -> Result<Reply, StoreError> {
    let plain = name.starts_with("thidua-")
        && name.ends_with(".bak")
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.');
    if !plain || name.contains("..") {
        return Err(StoreError::Invalid(format!(
            "«{}» không phải tên một bản sao lưu",
            crate::text::normalize::clean(name)
        )));
    }
    let sys = |e: std::io::Error| StoreError::System(e.into());
    let path: PathBuf = backup::dir_of(store.path()).join(name);
    let mut file = std::fs::File::open(&path).map_err(sys)?;
    file.seek(SeekFrom::Start(offset)).map_err(sys)?;
    let mut out = Vec::with_capacity(CHUNK);
    file.take(CHUNK as u64).read_to_end(&mut out).map_err(sys)?;
    Ok(Reply::BackupChunk(out))
}

/// The server's own backups: when the last one was taken and of what.
pub struct Daily {
    /// The sequence number the last backup (or the start) saw.
    seen: Mutex<u64>,
    stopping: Mutex<bool>,
    wake: Condvar,
}

impl Daily {
    pub fn new(seq: u64) -> Self {
        Daily {
            seen: Mutex::new(seq),
            stopping: Mutex::new(false),
            wake: Condvar::new(),
        }
    }

    /// Back up if something was written since the last backup (or
    /// `always`); `why` goes to the log.
    fn backup_if_changed(&self, shared: &Shared, why: &str, always: bool) {
        let Ok(seq) = shared.store.last_seq() else {
            return;
        };
        let mut seen = self.seen.lock().unwrap_or_else(|e| e.into_inner());
        if *seen == seq && !always {
            return;
        }
        match backup::rotate(&shared.store, backup::KEEP) {
            Ok((file, summary)) => {
                *seen = seq;
                shared.log(format!(
                    "đã sao lưu {why}: {} bản ghi vào {}",
                    summary.records,
                    file.display()
                ));
            }
            Err(e) => shared.log(format!("không sao lưu được {why}: {e}")),
        }
    }

    /// The daily backup thread's body: until [`Daily::stop`].
    pub fn run(&self, shared: &Shared) {
        loop {
            {
                let stopping = self.stopping.lock().unwrap_or_else(|e| e.into_inner());
                let (stopping, _) = self
                    .wake
                    .wait_timeout_while(stopping, LOOK_EVERY, |s| !*s)
                    .unwrap_or_else(|e| e.into_inner());
                if *stopping {
                    return;
                }
            }
            if due(&shared.store) {
                // A database with no backup at all gets one, changed or not.
                let none = backup::newest(shared.store.path()).is_none();
                self.backup_if_changed(shared, "hằng ngày", none);
            }
        }
    }

    /// End the daily thread, then back up what changed (a clean stop).
    pub fn stop(&self, shared: &Shared) {
        *self.stopping.lock().unwrap_or_else(|e| e.into_inner()) = true;
        self.wake.notify_all();
        self.backup_if_changed(shared, "khi dừng", false);
    }
}

/// Whether the newest backup is a day old (or there is none).
fn due(store: &SledStore) -> bool {
    let Some(newest) = backup::newest(store.path()) else {
        return true;
    };
    std::fs::metadata(newest)
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| SystemTime::now().duration_since(t).ok())
        .is_none_or(|age| age >= DAILY)
}
