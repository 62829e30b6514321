//! [`ClientStore`]: the [`Store`] interface over a `thidua serve` socket.
//!
//! One background thread reads the connection: replies go to the waiting
//! call, pushed writes to every [`Store::subscribe`] receiver. When the
//! server goes away, calls fail at once with a clear "connection lost"
//! error and the thread reconnects by itself; on reconnecting it asks for
//! every write committed since the last one it saw, so subscribers catch up.

use std::collections::HashMap;
use std::os::unix::net::UnixStream;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use rust_decimal::Decimal;

use super::protocol::{
    self, FrameError, GreetingHead, Hello, MAGIC, Op, PROTOCOL_VERSION, Reply, Request, ServerMsg,
    SessionInfo, Welcome,
};
use crate::model::{Cluster, Figure, Period, Value, ValueKey};
use crate::store::{
    AuditEntry, BatchOutcome, Edit, Location, Result, Role, RoleEntry, Store, StoreError,
};

/// How long a call waits for its reply.
const CALL_TIMEOUT: Duration = Duration::from_secs(60);
/// Pause between reconnection attempts.
const RETRY: Duration = Duration::from_millis(200);

/// Why [`ClientStore::connect`] did not connect.
#[derive(Debug)]
pub enum ConnectError {
    /// Nobody listens on the socket (no file, or a stale one): open the
    /// database directly.
    NoServer,
    /// A server is there but the session failed (permissions, version …).
    Failed(StoreError),
}

impl std::fmt::Display for ConnectError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ConnectError::NoServer => f.write_str("không có máy chủ thidua"),
            ConnectError::Failed(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for ConnectError {}

pub struct ClientStore {
    inner: Arc<Inner>,
    user: String,
}

struct Inner {
    socket: PathBuf,
    /// The writing half of the live connection; None while disconnected.
    conn: Mutex<Option<UnixStream>>,
    pending: Mutex<HashMap<u64, Sender<Result<Reply>>>>,
    subscribers: Mutex<Vec<Sender<AuditEntry>>>,
    session: Mutex<SessionInfo>,
    /// The highest audit sequence number seen (pushed or own).
    last_seen: AtomicU64,
    next_id: AtomicU64,
    closed: AtomicBool,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // The data behind these locks stays whole if a holder panicked.
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl Inner {
    fn lost(&self) -> StoreError {
        StoreError::Io(format!(
            "Mất kết nối với máy chủ thidua ({}); đang tự kết nối lại, hãy thử lại sau giây lát",
            self.socket.display()
        ))
    }

    fn seen(&self, seq: u64) {
        self.last_seen.fetch_max(seq, Ordering::SeqCst);
    }

    fn dispatch(&self, msg: ServerMsg) {
        match msg {
            ServerMsg::Reply { id, result } => {
                if let Ok(Reply::Entry(Some(e))) = &result {
                    self.seen(e.seq);
                }
                if let Some(tx) = lock(&self.pending).remove(&id) {
                    let _ = tx.send(result);
                }
            }
            ServerMsg::Update(entry) => {
                self.seen(entry.seq);
                lock(&self.subscribers).retain(|tx| tx.send(entry.clone()).is_ok());
            }
        }
    }

    fn disconnect(&self) {
        if let Some(s) = lock(&self.conn).take() {
            let _ = s.shutdown(std::net::Shutdown::Both);
        }
        // Dropping the senders fails every waiting call with "connection lost".
        lock(&self.pending).clear();
    }
}

/// Connect and greet; the stream is ready for requests afterwards (pushed
/// catch-up entries may follow the welcome).
fn handshake(
    socket: &Path,
    since: Option<u64>,
) -> std::result::Result<(UnixStream, SessionInfo), ConnectError> {
    let stream = match UnixStream::connect(socket) {
        Ok(s) => s,
        Err(e)
            if matches!(
                e.kind(),
                std::io::ErrorKind::NotFound | std::io::ErrorKind::ConnectionRefused
            ) =>
        {
            return Err(ConnectError::NoServer);
        }
        Err(e) if e.kind() == std::io::ErrorKind::PermissionDenied => {
            return Err(ConnectError::Failed(StoreError::Denied(format!(
                "không có quyền kết nối máy chủ thidua ở {}; hãy nhờ quản trị viên \
                 thêm bạn vào nhóm của thư mục cơ sở dữ liệu",
                socket.display()
            ))));
        }
        Err(e) => {
            return Err(ConnectError::Failed(StoreError::Io(format!(
                "không kết nối được máy chủ thidua ở {}: {e}",
                socket.display()
            ))));
        }
    };
    let failed = |e: FrameError| {
        ConnectError::Failed(StoreError::Io(format!(
            "máy chủ thidua ở {} không trả lời đúng: {e}",
            socket.display()
        )))
    };
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .map_err(|e| failed(FrameError::Io(e)))?;
    protocol::write_frame(&mut &stream, &Hello::new(since)).map_err(failed)?;
    let body = protocol::read_frame(&mut &stream).map_err(failed)?;
    let (head, _): (GreetingHead, usize) = protocol::decode_prefix(&body).map_err(failed)?;
    if head.magic != MAGIC {
        return Err(failed(FrameError::Malformed(
            "không phải máy chủ thidua".into(),
        )));
    }
    if head.version != PROTOCOL_VERSION {
        return Err(ConnectError::Failed(StoreError::Invalid(format!(
            "Máy chủ thidua ở {} dùng giao thức phiên bản {}, bản thidua này dùng phiên bản \
             {PROTOCOL_VERSION}; hãy dùng cùng một bản thidua",
            socket.display(),
            head.version
        ))));
    }
    let welcome: Welcome = protocol::decode(&body).map_err(failed)?;
    let session = welcome.outcome.map_err(|why| {
        ConnectError::Failed(StoreError::Denied(format!(
            "máy chủ từ chối kết nối: {why}"
        )))
    })?;
    stream
        .set_read_timeout(None)
        .map_err(|e| failed(FrameError::Io(e)))?;
    Ok((stream, session))
}

/// Read until the connection breaks, then reconnect until the store is
/// dropped.
fn run(inner: Arc<Inner>, mut reader: UnixStream) {
    loop {
        // Buffered: pushed updates come in bursts of small frames.
        let mut buffered = std::io::BufReader::with_capacity(64 * 1024, &reader);
        while let Ok(msg) = protocol::read_msg::<_, ServerMsg>(&mut buffered) {
            inner.dispatch(msg);
        }
        drop(buffered);
        inner.disconnect();
        reader = loop {
            if inner.closed.load(Ordering::SeqCst) {
                return;
            }
            std::thread::sleep(RETRY);
            let since = inner.last_seen.load(Ordering::SeqCst);
            if let Ok((stream, session)) = handshake(&inner.socket, Some(since)) {
                match stream.try_clone() {
                    Ok(r) => {
                        *lock(&inner.session) = session;
                        *lock(&inner.conn) = Some(stream);
                        break r;
                    }
                    Err(_) => continue,
                }
            }
        };
    }
}

impl ClientStore {
    /// Connect to the server on `socket`.
    pub fn connect(socket: &Path) -> std::result::Result<Self, ConnectError> {
        let (stream, session) = handshake(socket, None)?;
        let reader = stream
            .try_clone()
            .map_err(|e| ConnectError::Failed(StoreError::Io(e.to_string())))?;
        let user = session.user.clone();
        let inner = Arc::new(Inner {
            socket: socket.to_path_buf(),
            last_seen: AtomicU64::new(session.head),
            conn: Mutex::new(Some(stream)),
            pending: Mutex::new(HashMap::new()),
            subscribers: Mutex::new(Vec::new()),
            session: Mutex::new(session),
            next_id: AtomicU64::new(1),
            closed: AtomicBool::new(false),
        });
        let thread_inner = inner.clone();
        std::thread::Builder::new()
            .name("thidua-client".into())
            .spawn(move || run(thread_inner, reader))
            .map_err(|e| ConnectError::Failed(StoreError::Io(e.to_string())))?;
        Ok(ClientStore { inner, user })
    }

    pub fn socket(&self) -> &Path {
        &self.inner.socket
    }

    /// Whether the connection is up right now.
    pub fn connected(&self) -> bool {
        lock(&self.inner.conn).is_some()
    }

    /// This user's role, as the server said when the session began.
    pub fn role(&self) -> Role {
        lock(&self.inner.session).role.clone()
    }

    /// The database directory the server owns.
    pub fn database(&self) -> String {
        lock(&self.inner.session).database.clone()
    }

    /// Every stored role (users not listed are viewers).
    pub fn users(&self) -> Result<Vec<(String, Role)>> {
        match self.call(Op::Users)? {
            Reply::Users(u) => Ok(u),
            other => Err(unexpected(&other)),
        }
    }

    /// Grant a role (`None`: back to viewer); admin only, audited.
    pub fn set_role(&self, user: &str, role: Option<Role>) -> Result<Option<RoleEntry>> {
        match self.call(Op::SetRole {
            user: user.to_string(),
            role,
        })? {
            Reply::Role(e) => Ok(e),
            other => Err(unexpected(&other)),
        }
    }

    /// Every role change, oldest first.
    pub fn role_log(&self) -> Result<Vec<RoleEntry>> {
        match self.call(Op::RoleLog)? {
            Reply::RoleLog(l) => Ok(l),
            other => Err(unexpected(&other)),
        }
    }

    fn call(&self, op: Op) -> Result<Reply> {
        let inner = &self.inner;
        let id = inner.next_id.fetch_add(1, Ordering::Relaxed);
        let (tx, rx) = mpsc::channel();
        {
            let conn = lock(&inner.conn);
            let Some(stream) = conn.as_ref() else {
                return Err(inner.lost());
            };
            lock(&inner.pending).insert(id, tx);
            let mut w = stream;
            if protocol::write_frame(&mut w, &Request { id, op }).is_err() {
                lock(&inner.pending).remove(&id);
                return Err(inner.lost());
            }
        }
        match rx.recv_timeout(CALL_TIMEOUT) {
            Ok(result) => result,
            Err(RecvTimeoutError::Disconnected) => Err(inner.lost()),
            Err(RecvTimeoutError::Timeout) => {
                lock(&inner.pending).remove(&id);
                Err(StoreError::Io(format!(
                    "Máy chủ thidua ({}) không trả lời sau {} giây",
                    inner.socket.display(),
                    CALL_TIMEOUT.as_secs()
                )))
            }
        }
    }
}

fn unexpected(reply: &Reply) -> StoreError {
    let name = format!("{reply:?}");
    let name = name.split(['(', ' ', '{']).next().unwrap_or("?");
    StoreError::Io(format!("máy chủ trả lời không đúng loại ({name})"))
}

impl Drop for ClientStore {
    fn drop(&mut self) {
        self.inner.closed.store(true, Ordering::SeqCst);
        self.inner.disconnect();
    }
}

impl Store for ClientStore {
    fn cluster(&self) -> Result<Cluster> {
        match self.call(Op::Cluster)? {
            Reply::Cluster(c) => Ok(c),
            other => Err(unexpected(&other)),
        }
    }

    fn values(&self, period: Option<Period>) -> Result<Vec<Value>> {
        match self.call(Op::Values(period))? {
            Reply::Values(v) => Ok(v),
            other => Err(unexpected(&other)),
        }
    }

    fn get(&self, key: &ValueKey) -> Result<Option<Figure>> {
        match self.call(Op::Get(key.clone()))? {
            Reply::Figure(f) => Ok(f),
            other => Err(unexpected(&other)),
        }
    }

    fn write(&self, edit: Edit) -> Result<Option<AuditEntry>> {
        match self.call(Op::Write(edit))? {
            Reply::Entry(e) => Ok(e),
            other => Err(unexpected(&other)),
        }
    }

    fn write_batch(&self, edits: Vec<Edit>) -> Result<BatchOutcome> {
        match self.call(Op::WriteBatch(edits))? {
            Reply::Batch(b) => Ok(b),
            other => Err(unexpected(&other)),
        }
    }

    fn set_weight(
        &self,
        indicator: &str,
        weight: Decimal,
        expect: Option<Decimal>,
    ) -> Result<Option<AuditEntry>> {
        match self.call(Op::SetWeight {
            indicator: indicator.to_string(),
            weight,
            expect,
        })? {
            Reply::Entry(e) => Ok(e),
            other => Err(unexpected(&other)),
        }
    }

    fn history(&self, key: &ValueKey) -> Result<Vec<AuditEntry>> {
        match self.call(Op::History(key.clone()))? {
            Reply::History(h) => Ok(h),
            other => Err(unexpected(&other)),
        }
    }

    fn weight_history(&self, indicator: &str) -> Result<Vec<AuditEntry>> {
        match self.call(Op::WeightHistory(indicator.to_string()))? {
            Reply::History(h) => Ok(h),
            other => Err(unexpected(&other)),
        }
    }

    fn user(&self) -> &str {
        &self.user
    }

    fn location(&self) -> Location {
        Location::Server {
            socket: self.inner.socket.clone(),
            connected: self.connected(),
        }
    }

    fn subscribe(&self) -> Option<mpsc::Receiver<AuditEntry>> {
        let (tx, rx) = mpsc::channel();
        lock(&self.inner.subscribers).push(tx);
        Some(rx)
    }
}
