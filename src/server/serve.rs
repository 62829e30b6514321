//! `thidua serve`: one process owns the database and serves every officer's
//! `thidua` over a Unix socket beside it.
//!
//! Threads: one accepts connections; each connection has a reader (requests;
//! reads are answered at once) and a writer (its outgoing frames, so a slow
//! client never holds anyone else up); one committer applies every write in
//! arrival order, flushes each group of writes once, then acknowledges them
//! and pushes the committed entries to every other connection, in commit
//! order.

use std::collections::HashMap;
use std::io::Write;
use std::os::fd::AsRawFd;
use std::os::unix::fs::{FileTypeExt, MetadataExt, PermissionsExt};
use std::os::unix::net::{UnixListener, UnixStream};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread::JoinHandle;
use std::time::Duration;

use anyhow::{Context, bail};

use super::protocol::{
    self, FrameError, GreetingHead, Hello, MAGIC, Op, PROTOCOL_VERSION, Reply, Request, ServerMsg,
    SessionInfo, Welcome,
};
use super::roles;
use crate::store::{AuditEntry, Change, Flush, Role, SledStore, Store, StoreError, user};

/// The socket's name inside the database directory.
pub const SOCKET_NAME: &str = "thidua.sock";
/// Largest group of writes flushed together.
const GROUP_MAX: usize = 512;
/// Outgoing bytes queued for one client before it counts as stuck and is
/// disconnected (it reconnects and catches up).
const QUEUE_LIMIT: usize = 64 * 1024 * 1024;

pub fn default_socket(db: &Path) -> PathBuf {
    db.join(SOCKET_NAME)
}

#[derive(Debug, Clone)]
pub struct Config {
    pub socket: PathBuf,
    /// One line per connection and per write on stderr.
    pub log: bool,
    /// How long a begun frame may take to arrive in full.
    pub frame_timeout: Duration,
    /// How long a new connection may take to say hello.
    pub hello_timeout: Duration,
    /// One stderr line per commit group with its size and timings (benchmarks).
    pub group_stats: bool,
}

impl Config {
    pub fn new(socket: &Path) -> Self {
        Config {
            socket: socket.to_path_buf(),
            log: true,
            frame_timeout: Duration::from_secs(10),
            hello_timeout: Duration::from_secs(10),
            group_stats: false,
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

    /// Block until the server has stopped (after a signal).
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

/// Open the database to serve it. A process that just let go of it (a
/// server being restarted, an app just closed) may hold its lock for a
/// moment longer, so a held database is retried for up to `patience`.
pub fn open_database(path: &Path, patience: Duration) -> Result<SledStore, StoreError> {
    let start = std::time::Instant::now();
    loop {
        match SledStore::open(path) {
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

/// Serve `store` on `config.socket` until shut down.
pub fn start(store: SledStore, config: Config) -> anyhow::Result<ServerHandle> {
    claim_socket(&config.socket)?;
    let listener = UnixListener::bind(&config.socket)
        .with_context(|| format!("không tạo được socket {}", config.socket.display()))?;
    restrict_socket(&config.socket, store.path())?;
    listener.set_nonblocking(true)?;
    let (wake, wake_rx) = UnixStream::pair()?;
    let head = store.last_seq()?;
    let (jobs, jobs_rx) = mpsc::channel();
    let shared = Arc::new(Shared {
        store,
        registry: Mutex::new(Registry {
            head,
            clients: HashMap::new(),
        }),
        config: config.clone(),
        next_conn: AtomicU64::new(1),
    });
    shared.log(format!(
        "phục vụ {} trên {} (giao thức {PROTOCOL_VERSION})",
        shared.store.path().display(),
        config.socket.display()
    ));
    let committer = {
        let shared = shared.clone();
        std::thread::Builder::new()
            .name("thidua-commit".into())
            .spawn(move || commit_loop(&shared, jobs_rx))?
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

/// Owner and the database directory's group may connect; nobody else.
fn restrict_socket(socket: &Path, db: &Path) -> anyhow::Result<()> {
    std::fs::set_permissions(socket, std::fs::Permissions::from_mode(0o660))
        .with_context(|| format!("không đặt được quyền cho {}", socket.display()))?;
    if let Ok(meta) = std::fs::metadata(db) {
        let gid = meta.gid();
        // Best effort: only root or a member of the group may do this.
        let _ = std::os::unix::fs::chown(socket, None, Some(gid));
    }
    Ok(())
}

struct Shared {
    store: SledStore,
    registry: Mutex<Registry>,
    config: Config,
    next_conn: AtomicU64,
}

struct Registry {
    /// The last committed audit sequence number.
    head: u64,
    clients: HashMap<u64, Client>,
}

struct Client {
    out: Outbox,
    stream: UnixStream,
}

/// One connection's outgoing frames, drained by its writer thread.
#[derive(Clone)]
struct Outbox {
    tx: Sender<Out>,
    queued: Arc<AtomicUsize>,
    stuck: Arc<AtomicBool>,
}

enum Out {
    Frame(Vec<u8>),
    Close,
}

impl Outbox {
    /// Queue a frame; false when the client is gone or stuck.
    fn send(&self, frame: Vec<u8>) -> bool {
        if self.stuck.load(Ordering::Relaxed) {
            return false;
        }
        let n = frame.len();
        if self.queued.fetch_add(n, Ordering::Relaxed) + n > QUEUE_LIMIT {
            self.stuck.store(true, Ordering::Relaxed);
            return false;
        }
        self.tx.send(Out::Frame(frame)).is_ok()
    }

    fn send_msg(&self, msg: &ServerMsg) -> bool {
        match protocol::encode(msg) {
            Ok(frame) => self.send(frame),
            Err(_) => false,
        }
    }

    fn close(&self) {
        let _ = self.tx.send(Out::Close);
    }
}

enum Job {
    Write {
        conn: u64,
        user: String,
        id: u64,
        op: Op,
    },
    Stop,
}

impl Shared {
    fn log(&self, line: String) {
        if self.config.log {
            let now = chrono::Utc::now().format("%Y-%m-%d %H:%M:%S");
            eprintln!("{now} thidua serve: {line}");
        }
    }

    fn registry(&self) -> MutexGuard<'_, Registry> {
        // A panicked thread leaves the map itself intact.
        self.registry.lock().unwrap_or_else(|e| e.into_inner())
    }
}

fn accept_loop(
    shared: Arc<Shared>,
    listener: UnixListener,
    wake: UnixStream,
    jobs: Sender<Job>,
    committer: JoinHandle<()>,
) -> anyhow::Result<()> {
    // Each connection's thread, and its socket to wake it at shutdown.
    let mut readers: Vec<(JoinHandle<()>, Option<UnixStream>)> = Vec::new();
    loop {
        let mut fds = [
            libc::pollfd {
                fd: listener.as_raw_fd(),
                events: libc::POLLIN,
                revents: 0,
            },
            libc::pollfd {
                fd: wake.as_raw_fd(),
                events: libc::POLLIN,
                revents: 0,
            },
        ];
        // SAFETY: two valid pollfd structs owned by this frame.
        let rc = unsafe { libc::poll(fds.as_mut_ptr(), 2, 1000) };
        if rc < 0 {
            let e = std::io::Error::last_os_error();
            if e.kind() == std::io::ErrorKind::Interrupted {
                continue;
            }
            shared.log(format!("lỗi chờ kết nối: {e}"));
            break;
        }
        if fds[1].revents != 0 {
            break;
        }
        readers.retain(|(h, _)| !h.is_finished());
        loop {
            match listener.accept() {
                Ok((stream, _)) => {
                    let waker = stream.try_clone().ok();
                    let conn = shared.next_conn.fetch_add(1, Ordering::Relaxed);
                    let shared = shared.clone();
                    let jobs = jobs.clone();
                    let spawned = std::thread::Builder::new()
                        .name(format!("thidua-conn-{conn}"))
                        .spawn(move || connection(&shared, stream, conn, jobs));
                    match spawned {
                        Ok(h) => readers.push((h, waker)),
                        Err(e) => eprintln!("thidua serve: không tạo được luồng: {e}"),
                    }
                }
                Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => break,
                Err(e) => {
                    shared.log(format!("lỗi nhận kết nối: {e}"));
                    break;
                }
            }
        }
    }
    shared.log("đang dừng: hoàn tất các lệnh ghi đang chạy".into());
    drop(listener);
    let _ = std::fs::remove_file(&shared.config.socket);
    // Writes already queued are committed, flushed and acknowledged first.
    let _ = jobs.send(Job::Stop);
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
        if let Some(s) = stream {
            let _ = s.shutdown(std::net::Shutdown::Read);
        }
    }
    for (h, _) in readers {
        let _ = h.join();
    }
    shared.store.flush()?;
    shared.log("đã dừng; dữ liệu đã ghi xuống đĩa".into());
    Ok(())
}

/// uid and pid of the process at the other end, from the kernel.
fn peer_cred(stream: &UnixStream) -> std::io::Result<libc::ucred> {
    let mut cred = libc::ucred {
        pid: 0,
        uid: 0,
        gid: 0,
    };
    let mut len = std::mem::size_of::<libc::ucred>() as libc::socklen_t;
    // SAFETY: cred and len are valid for writes of the sizes given.
    let rc = unsafe {
        libc::getsockopt(
            stream.as_raw_fd(),
            libc::SOL_SOCKET,
            libc::SO_PEERCRED,
            (&mut cred as *mut libc::ucred).cast(),
            &mut len,
        )
    };
    if rc != 0 {
        return Err(std::io::Error::last_os_error());
    }
    Ok(cred)
}

fn connection(shared: &Arc<Shared>, stream: UnixStream, conn: u64, jobs: Sender<Job>) {
    if let Err(e) = stream.set_nonblocking(false) {
        shared.log(format!("kết nối #{conn}: {e}"));
        return;
    }
    let cred = match peer_cred(&stream) {
        Ok(c) => c,
        Err(e) => {
            shared.log(format!(
                "kết nối #{conn}: không xác định được người dùng: {e}"
            ));
            return;
        }
    };
    let who = user::user_name(cred.uid);
    shared.log(format!(
        "kết nối #{conn}: {who} (uid {}, pid {})",
        cred.uid, cred.pid
    ));
    let reason = match serve_connection(shared, &stream, conn, &who, &jobs) {
        Ok(()) | Err(FrameError::Closed) => "đóng kết nối".to_string(),
        Err(e) => e.to_string(),
    };
    let client = shared.registry().clients.remove(&conn);
    if let Some(c) = client {
        c.out.close();
    }
    let _ = stream.shutdown(std::net::Shutdown::Read);
    shared.log(format!("kết nối #{conn} ({who}) kết thúc: {reason}"));
}

fn serve_connection(
    shared: &Arc<Shared>,
    stream: &UnixStream,
    conn: u64,
    who: &str,
    jobs: &Sender<Job>,
) -> Result<(), FrameError> {
    let since = handshake(shared, stream)?;
    let out = start_writer(stream, conn)?;
    {
        // Under the registry lock no write is pushed, so the welcome, the
        // missed entries and every later push arrive in commit order.
        let mut registry = shared.registry();
        let role = roles::effective(shared.store.role(who).ok().flatten());
        let welcome = Welcome {
            magic: MAGIC.into(),
            version: PROTOCOL_VERSION,
            outcome: Ok(SessionInfo {
                user: who.to_string(),
                role,
                database: shared.store.path().display().to_string(),
                head: registry.head,
            }),
        };
        out.send(protocol::encode(&welcome)?);
        if let Some(since) = since {
            match shared.store.audit_since(since) {
                Ok(missed) => {
                    for e in missed {
                        out.send_msg(&ServerMsg::Update(e));
                    }
                }
                Err(e) => shared.log(format!("kết nối #{conn}: không đọc được nhật ký: {e}")),
            }
        }
        registry.clients.insert(
            conn,
            Client {
                out: out.clone(),
                stream: stream.try_clone().map_err(FrameError::Io)?,
            },
        );
    }
    loop {
        let body = protocol::read_frame_timed(stream, shared.config.frame_timeout)?;
        let Request { id, op } = protocol::decode(&body)?;
        if op.is_write() {
            let job = Job::Write {
                conn,
                user: who.to_string(),
                id,
                op,
            };
            if jobs.send(job).is_err() {
                out.send_msg(&ServerMsg::Reply {
                    id,
                    result: Err(StoreError::Io("máy chủ đang dừng; chưa ghi gì".into())),
                });
            }
        } else {
            let result = read_op(&shared.store, who, op);
            if !out.send_msg(&ServerMsg::Reply { id, result }) {
                return Err(FrameError::Io(std::io::Error::other(
                    "máy khách không nhận kịp dữ liệu",
                )));
            }
        }
    }
}

/// Read the client's hello; refuse (and say why, to both sides) a stranger
/// or another protocol version. Returns the sequence number to resume from.
fn handshake(shared: &Shared, stream: &UnixStream) -> Result<Option<u64>, FrameError> {
    stream
        .set_read_timeout(Some(shared.config.hello_timeout))
        .map_err(FrameError::Io)?;
    let body = protocol::read_frame(&mut &*stream)?;
    stream.set_read_timeout(None).map_err(FrameError::Io)?;
    let (head, _): (GreetingHead, usize) = protocol::decode_prefix(&body)?;
    if head.magic != MAGIC {
        return Err(FrameError::Malformed(
            "không phải lời chào của thidua".into(),
        ));
    }
    if head.version != PROTOCOL_VERSION {
        let why = format!(
            "máy chủ dùng giao thức phiên bản {PROTOCOL_VERSION}, máy khách dùng phiên bản {}; \
             hãy dùng cùng một bản thidua",
            head.version
        );
        let refusal = Welcome {
            magic: MAGIC.into(),
            version: PROTOCOL_VERSION,
            outcome: Err(why.clone()),
        };
        let _ = protocol::write_frame(&mut &*stream, &refusal);
        return Err(FrameError::Malformed(why));
    }
    let hello: Hello = protocol::decode(&body)?;
    Ok(hello.since)
}

fn start_writer(stream: &UnixStream, conn: u64) -> Result<Outbox, FrameError> {
    let (tx, rx) = mpsc::channel::<Out>();
    let out = Outbox {
        tx,
        queued: Arc::new(AtomicUsize::new(0)),
        stuck: Arc::new(AtomicBool::new(false)),
    };
    let queued = out.queued.clone();
    let mut w = stream.try_clone().map_err(FrameError::Io)?;
    std::thread::Builder::new()
        .name(format!("thidua-out-{conn}"))
        .spawn(move || {
            // Frames queued together leave in one write.
            let mut buf = Vec::with_capacity(64 * 1024);
            let mut closing = false;
            while !closing {
                let Ok(first) = rx.recv() else { break };
                let mut item = Some(first);
                while let Some(it) = item.take() {
                    match it {
                        Out::Frame(frame) => {
                            queued.fetch_sub(frame.len(), Ordering::Relaxed);
                            buf.extend_from_slice(&frame);
                        }
                        Out::Close => {
                            closing = true;
                            break;
                        }
                    }
                    if buf.len() < 256 * 1024 {
                        item = rx.try_recv().ok();
                    }
                }
                if w.write_all(&buf).is_err() {
                    break;
                }
                buf.clear();
            }
            let _ = w.shutdown(std::net::Shutdown::Both);
        })
        .map_err(FrameError::Io)?;
    Ok(out)
}

fn read_op(store: &SledStore, who: &str, op: Op) -> Result<Reply, StoreError> {
    match op {
        Op::Cluster => store.cluster().map(Reply::Cluster),
        Op::Values(period) => store.values(period).map(Reply::Values),
        Op::Get(key) => store.get(&key).map(Reply::Figure),
        Op::History(key) => store.history(&key).map(Reply::History),
        Op::WeightHistory(ind) => store.weight_history(&ind).map(Reply::History),
        Op::Users => store.roles().map(Reply::Users),
        Op::RoleLog => store.role_log().map(Reply::RoleLog),
        Op::Ping => Ok(Reply::Pong),
        Op::Write(_) | Op::WriteBatch(_) | Op::SetWeight { .. } | Op::SetRole { .. } => Err(
            StoreError::Invalid(format!("lệnh ghi của {who} phải qua luồng ghi")),
        ),
    }
}

/// What one write did, before the group is flushed.
struct Applied {
    result: Result<Reply, StoreError>,
    /// Committed audit entries, pushed to the other connections.
    entries: Vec<AuditEntry>,
    /// Something was written (entries, or a role change) and needs the flush.
    dirty: bool,
    /// A log line for what is not an audit entry (role changes).
    note: Option<String>,
}

impl Applied {
    fn failed(e: StoreError) -> Self {
        Applied {
            result: Err(e),
            entries: Vec::new(),
            dirty: false,
            note: None,
        }
    }

    fn entry(entry: Option<AuditEntry>) -> Self {
        Applied {
            result: Ok(Reply::Entry(entry.clone())),
            dirty: entry.is_some(),
            entries: entry.into_iter().collect(),
            note: None,
        }
    }
}

fn show_role(role: &Option<Role>) -> String {
    role.as_ref()
        .map(|r| r.to_string())
        .unwrap_or_else(|| "viewer".into())
}

/// Apply one write for `who` (not yet flushed).
fn apply_write(store: &SledStore, who: &str, op: Op) -> Applied {
    let role = match store.role(who) {
        Ok(r) => roles::effective(r),
        Err(e) => return Applied::failed(e),
    };
    let denied = |why: String| Applied::failed(StoreError::Denied(why));
    match op {
        Op::Write(edit) => {
            if let Err(why) = roles::may_write(&role, &edit) {
                return denied(why);
            }
            match store.write_as(who, edit, Flush::Later) {
                Ok(entry) => Applied::entry(entry),
                Err(e) => Applied::failed(e),
            }
        }
        Op::WriteBatch(edits) => {
            if let Err(why) = roles::may_write_all(&role, &edits) {
                return denied(why);
            }
            match store.write_batch_as(who, edits, Flush::Later) {
                Ok((outcome, entries)) => Applied {
                    result: Ok(Reply::Batch(outcome)),
                    dirty: !entries.is_empty(),
                    entries,
                    note: None,
                },
                Err(e) => Applied::failed(e),
            }
        }
        Op::SetWeight {
            indicator,
            weight,
            expect,
        } => {
            if let Err(why) = roles::may_set_weight(&role) {
                return denied(why);
            }
            match store.set_weight_as(who, &indicator, weight, expect, Flush::Later) {
                Ok(entry) => Applied::entry(entry),
                Err(e) => Applied::failed(e),
            }
        }
        Op::SetRole { user, role: new } => {
            if let Err(why) = roles::may_manage_roles(&role) {
                return denied(why);
            }
            match store.set_role_as(who, &user, new, Flush::Later) {
                Ok(entry) => Applied {
                    dirty: entry.is_some(),
                    note: entry.as_ref().map(|e| {
                        format!(
                            "quyền của {}: {} → {}",
                            e.user,
                            show_role(&e.old),
                            show_role(&e.new)
                        )
                    }),
                    result: Ok(Reply::Role(entry)),
                    entries: Vec::new(),
                },
                Err(e) => Applied::failed(e),
            }
        }
        other => Applied {
            result: read_op(store, who, other),
            entries: Vec::new(),
            dirty: false,
            note: None,
        },
    }
}

fn describe(entry: &AuditEntry) -> String {
    let show = |f: &Option<crate::model::Figure>| {
        f.as_ref()
            .map(|f| f.value.normalize().to_string())
            .unwrap_or_else(|| "—".into())
    };
    match &entry.change {
        Change::Value { key, old, new } => format!("{key}: {} → {}", show(old), show(new)),
        Change::Weight {
            indicator,
            old,
            new,
        } => format!(
            "trọng số {indicator}: {} → {}",
            old.normalize(),
            new.normalize()
        ),
    }
}

/// The single writer: group commit, then acknowledge and push in order.
fn commit_loop(shared: &Shared, jobs: Receiver<Job>) {
    let store = &shared.store;
    let mut stop = false;
    while !stop {
        let Ok(first) = jobs.recv() else { break };
        let mut group = vec![first];
        while group.len() < GROUP_MAX {
            match jobs.try_recv() {
                Ok(j) => group.push(j),
                Err(_) => break,
            }
        }
        let stats = shared.config.group_stats;
        let t0 = std::time::Instant::now();
        let n = group.len();
        let mut done = Vec::with_capacity(group.len());
        for job in group {
            match job {
                Job::Stop => stop = true,
                Job::Write { conn, user, id, op } => {
                    let applied = apply_write(store, &user, op);
                    done.push((conn, user, id, applied));
                }
            }
        }
        let ta = t0.elapsed();
        if done.iter().any(|d| d.3.dirty)
            && let Err(e) = store.flush()
        {
            shared.log(format!("KHÔNG ghi được xuống đĩa: {e}"));
            for d in done.iter_mut().filter(|d| d.3.dirty) {
                d.3 = Applied::failed(e.clone());
            }
        }
        let t1 = t0.elapsed();
        let mut outgoing: HashMap<u64, Vec<u8>> = HashMap::new();
        let mut registry = shared.registry();
        for (conn, user, id, applied) in done {
            let Applied {
                result,
                entries,
                note,
                ..
            } = applied;
            if let Err(e) = &result {
                shared.log(format!("#{conn} {user}: từ chối: {e}"));
            }
            for e in &entries {
                shared.log(format!("#{conn} {user} ghi #{}: {}", e.seq, describe(e)));
            }
            if let Some(note) = note {
                shared.log(format!("#{conn} {user}: {note}"));
            }
            if let Some(last) = entries.last() {
                registry.head = registry.head.max(last.seq);
            }
            if registry.clients.contains_key(&conn)
                && let Ok(frame) = protocol::encode(&ServerMsg::Reply { id, result })
            {
                outgoing.entry(conn).or_default().extend_from_slice(&frame);
            }
            for e in entries {
                let Ok(frame) = protocol::encode(&ServerMsg::Update(e)) else {
                    continue;
                };
                for other in registry.clients.keys().filter(|c| **c != conn) {
                    outgoing
                        .entry(*other)
                        .or_default()
                        .extend_from_slice(&frame);
                }
            }
        }
        // One hand-over per connection per group, in commit order.
        for (conn, bytes) in outgoing {
            if let Some(client) = registry.clients.get(&conn)
                && !client.out.send(bytes)
            {
                // Stuck: cut it loose; it reconnects and catches up.
                let _ = client.stream.shutdown(std::net::Shutdown::Both);
            }
        }
        drop(registry);
        if stats {
            eprintln!(
                "thidua serve: group of {n}: applied {ta:?}, flushed {t1:?}, acked+pushed {:?}",
                t0.elapsed()
            );
        }
    }
}
