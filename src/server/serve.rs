//! `thidua serve`: one process owns the database and serves every officer's
//! `thidua` over a Unix socket beside it.
//!
//! Threads: one accepts connections (and counts them: [`Admission`]); each
//! connection has a reader ([`super::conn`]: requests; reads are answered at
//! once) and a writer ([`Outbox`]: its outgoing frames, so a slow client
//! never holds anyone else up); one committer ([`super::commit`]) applies
//! every write in arrival order, flushes each group of writes once, then
//! acknowledges them and pushes the committed entries to every other
//! connection, in commit order.

use std::collections::HashMap;
use std::io::Write;
use std::os::fd::AsRawFd;
use std::os::unix::fs::{FileTypeExt, MetadataExt, PermissionsExt};
use std::os::unix::net::{UnixListener, UnixStream};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::mpsc::{self, Sender};
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use anyhow::{Context, bail};

use super::commit::{self, Work};
use super::conn::{self, Peer};
use super::limits::{Admission, Budget, Limits};
use super::outbox::Outbox;
use super::protocol::PROTOCOL_VERSION;
use crate::store::{Flush, Role, SledStore, Store, StoreError, user};

/// The socket's name inside the database directory.
pub const SOCKET_NAME: &str = "thidua.sock";

pub fn default_socket(db: &Path) -> PathBuf {
    db.join(SOCKET_NAME)
}

/// Called with every write request after it is read and before it is
/// queued for the committer (debug builds: tests make another write land
/// between an officer's Enter and the commit).
#[cfg(debug_assertions)]
#[derive(Clone)]
pub struct WriteSeam(pub Arc<dyn Fn(&super::protocol::Op) + Send + Sync>);

#[cfg(debug_assertions)]
impl std::fmt::Debug for WriteSeam {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("WriteSeam")
    }
}

#[derive(Debug, Clone)]
pub struct Config {
    pub socket: PathBuf,
    /// One line per connection and per write on stderr.
    pub log: bool,
    pub limits: Limits,
    /// One stderr line per commit group with its size and timings (benchmarks).
    pub group_stats: bool,
    /// Stop (flushed, socket removed) after this long with no connection.
    pub idle_exit: Option<Duration>,
    /// Write this process's id here while serving (removed on stop), so
    /// that whoever started the server can find and stop it.
    pub pid_file: Option<PathBuf>,
    #[cfg(debug_assertions)]
    pub seam: Option<WriteSeam>,
    /// Back up into `DIR/backups/` daily and on a clean stop (`thidua
    /// serve` does; servers inside tests need not).
    pub backups: bool,
}

impl Config {
    pub fn new(socket: &Path) -> Self {
        Config {
            socket: socket.to_path_buf(),
            log: true,
            limits: Limits::default(),
            group_stats: false,
            idle_exit: None,
            pid_file: None,
            #[cfg(debug_assertions)]
            seam: None,
            backups: false,
        }
    }
}

/// A running server. Dropping it does not stop it: call [`ServerHandle::shutdown`].
pub struct ServerHandle {
    wake: UnixStream,
    accept: Option<JoinHandle<anyhow::Result<()>>>,
    socket: PathBuf,
}

impl ServerHandle {
    pub fn socket(&self) -> &Path {
        &self.socket
    }

    /// Stop on SIGTERM and SIGINT as on [`ServerHandle::shutdown`].
    pub fn stop_on_signals(&self) -> anyhow::Result<()> {
        for sig in [signal_hook::consts::SIGTERM, signal_hook::consts::SIGINT] {
            signal_hook::low_level::pipe::register(sig, self.wake.try_clone()?)?;
        }
        Ok(())
    }

    /// Block until the server has stopped (after a signal, or idle).
    pub fn wait(mut self) -> anyhow::Result<()> {
        match self.accept.take() {
            Some(h) => h
                .join()
                .map_err(|_| anyhow::anyhow!("luồng máy chủ bị lỗi nghiêm trọng"))?,
            None => Ok(()),
        }
    }

    /// Finish the writes in flight, flush, disconnect everyone, remove the
    /// socket and release the database.
    pub fn shutdown(self) -> anyhow::Result<()> {
        // The accept loop may already be gone (a signal); then this is moot.
        let _ = (&self.wake).write_all(b"x");
        self.wait()
    }
}

/// Refuse if a server answers on `socket`; remove a stale socket file left
/// by a crashed server.
pub fn claim_socket(socket: &Path) -> anyhow::Result<()> {
    let Ok(meta) = std::fs::symlink_metadata(socket) else {
        return Ok(());
    };
    if !meta.file_type().is_socket() {
        bail!(
            "{} đã tồn tại và không phải socket của thidua; hãy chọn đường dẫn khác (--socket)",
            socket.display()
        );
    }
    match UnixStream::connect(socket) {
        Ok(_) => bail!(
            "Một máy chủ thidua đang chạy trên {}; không khởi động máy chủ thứ hai cho cùng cơ sở dữ liệu.",
            socket.display()
        ),
        Err(e) if e.kind() == std::io::ErrorKind::ConnectionRefused => {
            std::fs::remove_file(socket)
                .with_context(|| format!("không xoá được socket cũ {}", socket.display()))?;
            Ok(())
        }
        Err(e) => Err(e).with_context(|| format!("không kiểm tra được {}", socket.display())),
    }
}

/// Open the database to serve it (a directory that holds none gets the
/// built-in data). A process that just let go of it (a server being
/// restarted) may hold its lock for a moment longer, so a held database is
/// retried for up to `patience`.
pub fn open_database(path: &Path, patience: Duration) -> Result<SledStore, StoreError> {
    open_database_with(path, patience, false)
}

/// [`open_database`]; `empty`: a directory that holds none gets an empty
/// database (no covenant, no figures) instead of the built-in data.
pub fn open_database_with(
    path: &Path,
    patience: Duration,
    empty: bool,
) -> Result<SledStore, StoreError> {
    let start = Instant::now();
    loop {
        let opened = if empty {
            SledStore::open_or_create_empty(path, &user::os_user())
        } else {
            SledStore::open(path)
        };
        match opened {
            Err(StoreError::Locked { .. }) if start.elapsed() < patience => {
                std::thread::sleep(Duration::from_millis(50));
            }
            other => return other,
        }
    }
}

/// If no one administers the database yet (one made before roles existed),
/// its owner, the server's user, does.
pub fn ensure_admin(store: &SledStore) -> anyhow::Result<Option<String>> {
    if store.roles()?.iter().any(|(_, r)| *r == Role::Admin) {
        return Ok(None);
    }
    let me = store.user().to_string();
    store.set_role_as(&me, &me, Some(Role::Admin), Flush::Now)?;
    Ok(Some(me))
}

/// Let this process open as many files as it may: one per connection.
/// Returns the limit now in force.
pub fn raise_file_limit() -> u64 {
    let mut lim = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: getrlimit/setrlimit write and read only `lim`.
    unsafe {
        if libc::getrlimit(libc::RLIMIT_NOFILE, &mut lim) != 0 {
            return 1024;
        }
        if lim.rlim_cur < lim.rlim_max {
            let wanted = libc::rlimit {
                rlim_cur: lim.rlim_max,
                rlim_max: lim.rlim_max,
            };
            if libc::setrlimit(libc::RLIMIT_NOFILE, &wanted) == 0 {
                lim = wanted;
            }
        }
    }
    lim.rlim_cur
}

/// Serve `store` on `config.socket` until shut down.
pub fn start(store: SledStore, config: Config) -> anyhow::Result<ServerHandle> {
    claim_socket(&config.socket)?;
    let listener = UnixListener::bind(&config.socket)
        .with_context(|| format!("không tạo được socket {}", config.socket.display()))?;
    restrict_socket(&config.socket, store.path())?;
    listener.set_nonblocking(true)?;
    if let Some(pid_file) = &config.pid_file {
        std::fs::write(pid_file, format!("{}\n", std::process::id()))
            .with_context(|| format!("không ghi được {}", pid_file.display()))?;
    }
    let (wake, wake_rx) = UnixStream::pair()?;
    let head = store.last_seq()?;
    let (jobs, jobs_rx) = mpsc::channel();
    let shared = Arc::new(Shared {
        store,
        registry: Mutex::new(Registry {
            head,
            clients: HashMap::new(),
        }),
        budget: Budget::new(&config.limits),
        outbound: Arc::new(AtomicUsize::new(0)),
        config: config.clone(),
        daily: super::backups::Daily::new(head),
    });
    if config.backups {
        let shared = shared.clone();
        std::thread::Builder::new()
            .name("thidua-backup".into())
            .spawn(move || shared.daily.run(&shared))?;
    }
    shared.log(format!(
        "phục vụ {} trên {} (giao thức {PROTOCOL_VERSION}, pid {})",
        shared.store.path().display(),
        config.socket.display(),
        std::process::id()
    ));
    let committer = {
        let shared = shared.clone();
        std::thread::Builder::new()
            .name("thidua-commit".into())
            .spawn(move || commit::run(&shared, jobs_rx))?
    };
    let accept = std::thread::Builder::new()
        .name("thidua-accept".into())
        .spawn(move || accept_loop(shared, listener, wake_rx, jobs, committer))?;
    Ok(ServerHandle {
        wake,
        accept: Some(accept),
        socket: config.socket,
    })
}

/// Owner and the database directory's group may connect (whether the group
/// can reach it at all is the directories' business: see `init-shared`).
fn restrict_socket(socket: &Path, db: &Path) -> anyhow::Result<()> {
    std::fs::set_permissions(socket, std::fs::Permissions::from_mode(0o660))
        .with_context(|| format!("không đặt được quyền cho {}", socket.display()))?;
    if let Ok(meta) = std::fs::metadata(db) {
        // Best effort: only root or a member of the group may do this.
        let _ = std::os::unix::fs::chown(socket, None, Some(meta.gid()));
    }
    Ok(())
}

pub(super) struct Shared {
    pub store: SledStore,
    registry: Mutex<Registry>,
    pub config: Config,
    pub budget: Arc<Budget>,
    /// Bytes queued for every client together.
    pub outbound: Arc<AtomicUsize>,
    pub daily: super::backups::Daily,
}

pub(super) struct Registry {
    /// The last committed audit sequence number.
    pub head: u64,
    pub clients: HashMap<u64, Client>,
}

pub(super) struct Client {
    pub out: Outbox,
}

impl Shared {
    /// One log line on stderr, cleaned: names, codes and reasons come from
    /// clients, and no client may drive the terminal of whoever reads the log.
    pub fn log(&self, line: String) {
        if self.config.log {
            let now = chrono::Utc::now().format("%Y-%m-%d %H:%M:%S");
            let line = crate::text::normalize::clean(&line);
            eprintln!("{now} thidua serve: {line}");
        }
    }

    pub fn registry(&self) -> MutexGuard<'_, Registry> {
        // A panicked thread leaves the map itself intact.
        self.registry.lock().unwrap_or_else(|e| e.into_inner())
    }
}

fn poll_two(a: &UnixListener, b: &UnixStream, timeout: Duration) -> std::io::Result<(bool, bool)> {
    let mut fds = [
        libc::pollfd {
            fd: a.as_raw_fd(),
            events: libc::POLLIN,
            revents: 0,
        },
        libc::pollfd {
            fd: b.as_raw_fd(),
            events: libc::POLLIN,
            revents: 0,
        },
    ];
    let ms = i32::try_from(timeout.as_millis()).unwrap_or(i32::MAX);
    // SAFETY: two valid pollfd structs owned by this frame.
    let rc = unsafe { libc::poll(fds.as_mut_ptr(), 2, ms) };
    if rc < 0 {
        return Err(std::io::Error::last_os_error());
    }
    Ok((fds[0].revents != 0, fds[1].revents != 0))
}

fn accept_loop(
    shared: Arc<Shared>,
    listener: UnixListener,
    wake: UnixStream,
    jobs: Sender<Work>,
    committer: JoinHandle<()>,
) -> anyhow::Result<()> {
    let admission = Admission::new(&shared.config.limits);
    let next_conn = AtomicU64::new(1);
    // Each connection's thread, and its socket to wake it at shutdown.
    let mut readers: Vec<(JoinHandle<()>, Arc<UnixStream>)> = Vec::new();
    let mut idle_since = Some(Instant::now());
    loop {
        let tick = match (shared.config.idle_exit, idle_since) {
            (Some(idle), Some(since)) => idle
                .saturating_sub(since.elapsed())
                .clamp(Duration::from_millis(10), Duration::from_secs(1)),
            _ => Duration::from_secs(1),
        };
        let (incoming, woken) = match poll_two(&listener, &wake, tick) {
            Ok(r) => r,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => {
                shared.log(format!("lỗi chờ kết nối: {e}"));
                break;
            }
        };
        if woken {
            break;
        }
        readers.retain(|(h, _)| !h.is_finished());
        // Everything waiting now: the listener is non-blocking.
        if incoming {
            loop {
                match listener.accept() {
                    Ok((stream, _)) => {
                        let conn = next_conn.fetch_add(1, Ordering::Relaxed);
                        if let Some(r) = admit(&shared, &admission, stream, conn, &jobs) {
                            readers.push(r);
                        }
                    }
                    Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => break,
                    Err(e) => {
                        // Out of descriptors, most likely: keep serving those
                        // already connected.
                        shared.log(format!("lỗi nhận kết nối: {e}"));
                        std::thread::sleep(Duration::from_millis(50));
                        break;
                    }
                }
            }
        }
        if admission.open() > 0 {
            idle_since = None;
        } else {
            let since = *idle_since.get_or_insert_with(Instant::now);
            if let Some(idle) = shared.config.idle_exit
                && since.elapsed() >= idle
            {
                shared.log(format!(
                    "không ai kết nối trong {}; tự dừng",
                    crate::server::duration::show(idle)
                ));
                break;
            }
        }
    }
    shared.log("đang dừng: hoàn tất các lệnh ghi đang chạy".into());
    // No one new from here on; the socket goes first so that a client
    // starting now starts a new server instead of finding this one.
    let _ = std::fs::remove_file(&shared.config.socket);
    drop(listener);
    // Writes already queued are committed, flushed and acknowledged first.
    let _ = jobs.send(Work::Stop);
    drop(jobs);
    if committer.join().is_err() {
        shared.log("luồng ghi bị lỗi nghiêm trọng".into());
    }
    // Replies already queued still go out; no more requests come in, even
    // from a connection still in its greeting.
    for client in shared.registry().clients.values() {
        client.out.close();
    }
    for (_, stream) in &readers {
        let _ = stream.shutdown(std::net::Shutdown::Read);
    }
    for (h, _) in readers {
        let _ = h.join();
    }
    shared.store.flush()?;
    if shared.config.backups {
        shared.daily.stop(&shared);
    }
    if let Some(pid_file) = &shared.config.pid_file
        && std::fs::read_to_string(pid_file)
            .is_ok_and(|s| s.trim() == std::process::id().to_string())
    {
        let _ = std::fs::remove_file(pid_file);
    }
    shared.log("đã dừng; dữ liệu đã ghi xuống đĩa".into());
    Ok(())
}

/// Identify a new connection from the kernel and give it a place and a
/// thread, or tell it why not.
fn admit(
    shared: &Arc<Shared>,
    admission: &Arc<Admission>,
    stream: UnixStream,
    conn: u64,
    jobs: &Sender<Work>,
) -> Option<(JoinHandle<()>, Arc<UnixStream>)> {
    if let Err(e) = stream.set_nonblocking(false) {
        shared.log(format!("kết nối #{conn}: {e}"));
        return None;
    }
    let cred = match conn::peer_cred(&stream) {
        Ok(c) => c,
        Err(e) => {
            shared.log(format!(
                "kết nối #{conn}: không xác định được người dùng: {e}"
            ));
            return None;
        }
    };
    let user = user::user_name(cred.uid);
    let ticket = match admission.admit(cred.uid, &user) {
        Ok(t) => t,
        Err(why) => {
            shared.log(format!("kết nối #{conn} ({user}) bị từ chối: {why}"));
            conn::refuse(&stream, why);
            return None;
        }
    };
    let stream = Arc::new(stream);
    let peer = Peer {
        conn,
        uid: cred.uid,
        pid: cred.pid,
        user,
    };
    let (s, shared, jobs) = (stream.clone(), shared.clone(), jobs.clone());
    let spawned = std::thread::Builder::new()
        .name(format!("thidua-conn-{conn}"))
        .stack_size(512 * 1024)
        .spawn(move || conn::run(shared, s, peer, ticket, jobs));
    match spawned {
        Ok(h) => Some((h, stream)),
        Err(e) => {
            eprintln!("thidua serve: không tạo được luồng: {e}");
            None
        }
    }
}
