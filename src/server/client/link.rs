//! Keeping one connection to the server alive for a [`super::ClientStore`].
//!
//! Every connection is checked first ([`crate::server::trust`]): nothing is
//! sent to a server that could be fake. One thread reads the connection:
//! replies go to the waiting call, pushed writes to every subscriber.
//! Another watches it: when nothing has come for [`PING_AFTER`] it sends a
//! ping, and when nothing has come for [`LOST_AFTER`] (or the server hung
//! up) the connection counts as lost — calls fail at once, the location
//! says so, subscribers get [`StoreEvent::Disconnected`] — and it reconnects
//! by itself, starting the personal server where that is the mode. On
//! reconnecting it fetches, page by page, every write committed while it
//! was away, delivers them in order, then [`StoreEvent::Reconnected`].

use std::collections::HashMap;
use std::os::unix::net::UnixStream;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError, Sender};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use super::{ConnectError, Reconnect};
use crate::server::launch;
use crate::server::protocol::{
    self, FrameError, GreetingHead, Hello, MAGIC, MAX_FRAME, Op, PROTOCOL_VERSION, Reply, Request,
    ServerMsg, SessionInfo, Welcome,
};
use crate::server::trust;
use crate::store::{AuditEntry, Result, StoreError, StoreEvent};

/// How long a call waits for its reply (a lost server is noticed sooner).
const CALL_TIMEOUT: Duration = Duration::from_secs(60);
/// Silence after which the client pings.
pub const PING_AFTER: Duration = Duration::from_millis(500);
/// Silence after which the server counts as gone: with the watcher's tick,
/// a hung server is noticed within 2 s.
pub const LOST_AFTER: Duration = Duration::from_millis(1800);
/// How often the watcher looks.
const TICK: Duration = Duration::from_millis(100);
/// Pause between reconnection attempts: from the first to the last.
const RETRY_FIRST: Duration = Duration::from_millis(50);
const RETRY_MAX: Duration = Duration::from_secs(1);
/// A greeting that takes longer means the server is not answering.
const GREETING_TIMEOUT: Duration = Duration::from_secs(10);

pub(super) enum Subscriber {
    Entries(Sender<AuditEntry>),
    Events(Sender<StoreEvent>),
}

impl Subscriber {
    fn send(&self, event: &StoreEvent) -> bool {
        match (self, event) {
            (Subscriber::Entries(tx), StoreEvent::Remote(e)) => tx.send(e.clone()).is_ok(),
            (Subscriber::Entries(_), _) => true,
            (Subscriber::Events(tx), ev) => tx.send(ev.clone()).is_ok(),
        }
    }
}

pub(super) struct Inner {
    pub(super) socket: PathBuf,
    reconnect: Reconnect,
    /// The live connection; None while disconnected.
    pub(super) conn: Mutex<Option<Arc<UnixStream>>>,
    /// One frame at a time on the connection (calls and pings).
    writing: Mutex<()>,
    pub(super) pending: Mutex<HashMap<u64, Sender<Result<Reply>>>>,
    pub(super) subscribers: Mutex<Vec<Subscriber>>,
    /// Some while catching up after a reconnect: live pushes wait here so
    /// that subscribers get every write in commit order. Deliveries happen
    /// under this lock.
    delivery: Mutex<Option<Vec<AuditEntry>>>,
    pub(super) session: Mutex<SessionInfo>,
    /// The highest audit sequence number delivered (or written by us).
    last_seen: AtomicU64,
    next_id: AtomicU64,
    /// When the last frame arrived, and the last ping left.
    last_rx: Mutex<Instant>,
    last_ping: Mutex<Instant>,
    /// Why the last reconnection attempt failed (for messages).
    last_failure: Mutex<Option<ConnectError>>,
    pub(super) closed: AtomicBool,
    /// Wakes the watcher (a lost connection, closing).
    nudge: (Mutex<bool>, Condvar),
}

pub(super) fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // The data behind these locks stays whole if a holder panicked.
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// Greet a checked server; the stream is ready for requests afterwards.
fn handshake(stream: &UnixStream, socket: &Path) -> std::result::Result<SessionInfo, ConnectError> {
    let failed = |e: FrameError| {
        ConnectError::Failed(StoreError::Io(format!(
            "Máy chủ thidua ở {} không trả lời đúng: {e}",
            socket.display()
        )))
    };
    stream
        .set_read_timeout(Some(GREETING_TIMEOUT))
        .map_err(|e| failed(FrameError::Io(e)))?;
    stream
        .set_write_timeout(Some(LOST_AFTER))
        .map_err(|e| failed(FrameError::Io(e)))?;
    // A server refusing at once (too many connections) may have closed
    // before the hello arrives: its refusal is still there to read.
    let sent = protocol::write_frame(&mut &*stream, &Hello::new());
    let body = match protocol::read_frame_max(&mut &*stream, 64 * 1024) {
        Ok(b) => b,
        Err(e) => return Err(failed(sent.err().unwrap_or(e))),
    };
    let (head, _): (GreetingHead, usize) = protocol::decode_prefix(&body).map_err(failed)?;
    if head.magic != MAGIC {
        return Err(failed(FrameError::Malformed(
            "không phải máy chủ thidua".into(),
        )));
    }
    if head.version != PROTOCOL_VERSION {
        return Err(ConnectError::Failed(StoreError::Invalid(format!(
            "Máy chủ thidua ở {} dùng giao thức phiên bản {}, bản thidua này dùng phiên bản \
             {PROTOCOL_VERSION}; hãy dùng cùng một bản thidua (khởi động lại máy chủ sau khi cập nhật)",
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
    Ok(session)
}

/// One checked and greeted connection, by the given way of reaching it.
fn establish(
    socket: &Path,
    reconnect: &Reconnect,
) -> std::result::Result<(UnixStream, SessionInfo), ConnectError> {
    // A server stopping just as it is reached (idle, restarted) hangs up
    // before its welcome: try again, a new one is started if need be.
    let mut attempts = 0;
    loop {
        attempts += 1;
        let trusted = match reconnect {
            Reconnect::Wait { .. } => trust::connect(socket)?,
            Reconnect::Start(launcher) => launcher.connect()?,
        };
        match handshake(&trusted.stream, socket) {
            Ok(session) => return Ok((trusted.stream, session)),
            Err(ConnectError::Failed(StoreError::Io(_))) if attempts < 3 => {
                std::thread::sleep(RETRY_FIRST);
            }
            Err(e) => return Err(e),
        }
    }
}

impl Inner {
    /// The error of a call made while disconnected: nothing was sent.
    fn unavailable(&self) -> StoreError {
        match &*lock(&self.last_failure) {
            Some(ConnectError::Untrusted(why)) => return StoreError::Io(why.clone()),
            Some(ConnectError::Failed(e @ (StoreError::Denied(_) | StoreError::Invalid(_)))) => {
                return StoreError::Io(format!("Mất kết nối với máy chủ thidua: {e}"));
            }
            _ => {}
        }
        match &self.reconnect {
            Reconnect::Start(_) => StoreError::Io(format!(
                "Mất kết nối với máy chủ thidua ({}); đang khởi động lại máy chủ. Chưa gửi gì; \
                 hãy thử lại sau giây lát",
                self.socket.display()
            )),
            Reconnect::Wait { db: Some(db) } => StoreError::Io(format!(
                "Mất kết nối với máy chủ thidua. {} Chưa gửi gì; đang chờ máy chủ.",
                launch::server_down(db, &self.socket)
            )),
            Reconnect::Wait { db: None } => StoreError::Io(format!(
                "Mất kết nối với máy chủ thidua ({}); đang tự kết nối lại. Chưa gửi gì; hãy thử \
                 lại sau giây lát",
                self.socket.display()
            )),
        }
    }

    /// The error of a call whose connection broke before its reply came.
    fn lost_in_flight(&self) -> StoreError {
        StoreError::Io(format!(
            "Mất kết nối với máy chủ thidua ({}) khi đang chờ trả lời: chưa biết lệnh đã được \
             lưu hay chưa; khi kết nối lại, hãy xem lại giá trị",
            self.socket.display()
        ))
    }

    fn publish(&self, event: StoreEvent) {
        lock(&self.subscribers).retain(|s| s.send(&event));
    }

    fn deliver(&self, entry: AuditEntry) {
        let mut delivery = lock(&self.delivery);
        match delivery.as_mut() {
            Some(held) => held.push(entry),
            None => {
                self.last_seen.fetch_max(entry.seq, Ordering::SeqCst);
                self.publish(StoreEvent::Remote(entry));
            }
        }
    }

    fn dispatch(&self, msg: ServerMsg) {
        match msg {
            ServerMsg::Reply { id, result } => {
                if let Ok(Reply::Entry(Some(e))) = &result
                    && lock(&self.delivery).is_none()
                {
                    // Every earlier write was pushed to us before this reply.
                    self.last_seen.fetch_max(e.seq, Ordering::SeqCst);
                }
                if let Some(tx) = lock(&self.pending).remove(&id) {
                    let _ = tx.send(result);
                }
            }
            ServerMsg::Update(entry) => self.deliver(entry),
            // While catching up, `Reconnected` follows and refetches all.
            ServerMsg::PeriodsChanged(periods) => {
                if lock(&self.delivery).is_none() {
                    self.publish(StoreEvent::PeriodsChanged(periods));
                }
            }
        }
    }

    pub(super) fn nudge(&self) {
        *lock(&self.nudge.0) = true;
        self.nudge.1.notify_all();
    }

    /// `stream` broke: forget it (if it is still the live one) and say so.
    fn lose(&self, stream: &Arc<UnixStream>) {
        let was_live = {
            let mut conn = lock(&self.conn);
            match conn.as_ref() {
                Some(c) if Arc::ptr_eq(c, stream) => {
                    *conn = None;
                    true
                }
                _ => false,
            }
        };
        let _ = stream.shutdown(std::net::Shutdown::Both);
        if was_live {
            // Dropping the senders fails every waiting call.
            lock(&self.pending).clear();
            *lock(&self.delivery) = None;
            self.publish(StoreEvent::Disconnected);
            self.nudge();
        }
    }

    fn send(&self, stream: &UnixStream, request: &Request) -> std::result::Result<(), FrameError> {
        let frame = protocol::encode(request)?;
        let _one = lock(&self.writing);
        use std::io::Write;
        (&mut &*stream).write_all(&frame).map_err(FrameError::Io)
    }

    pub(super) fn call(&self, op: Op) -> Result<Reply> {
        self.call_within(op, CALL_TIMEOUT)
    }

    /// [`Inner::call`] for long work (an import's commit, a backup): the
    /// pings still tell whether the server lives, so only the wait is longer.
    pub(super) fn call_within(&self, op: Op, timeout: Duration) -> Result<Reply> {
        let Some(stream) = lock(&self.conn).clone() else {
            return Err(self.unavailable());
        };
        let id = self.next_id.fetch_add(1, Ordering::Relaxed);
        let (tx, rx) = mpsc::channel();
        lock(&self.pending).insert(id, tx);
        if let Err(e) = self.send(&stream, &Request { id, op }) {
            lock(&self.pending).remove(&id);
            return Err(match e {
                FrameError::TooLarge { len, max } => StoreError::Invalid(format!(
                    "Yêu cầu quá lớn để gửi tới máy chủ ({len} byte, tối đa {max} byte một lần); \
                     hãy chia tệp nhập thành nhiều tệp nhỏ hơn. Chưa ghi gì"
                )),
                _ => {
                    self.lose(&stream);
                    self.unavailable()
                }
            });
        }
        match rx.recv_timeout(timeout) {
            Ok(result) => result,
            Err(RecvTimeoutError::Disconnected) => Err(self.lost_in_flight()),
            Err(RecvTimeoutError::Timeout) => {
                lock(&self.pending).remove(&id);
                Err(StoreError::Io(format!(
                    "Máy chủ thidua ({}) không trả lời sau {} giây; chưa biết lệnh đã được lưu hay chưa",
                    self.socket.display(),
                    timeout.as_secs()
                )))
            }
        }
    }
}

/// Read one connection until it breaks.
fn read_loop(inner: Arc<Inner>, stream: Arc<UnixStream>) {
    // Buffered: pushed updates come in bursts of small frames.
    let mut buffered = std::io::BufReader::with_capacity(64 * 1024, &*stream);
    loop {
        let msg = protocol::read_frame_max(&mut buffered, MAX_FRAME)
            .and_then(|body| protocol::decode::<ServerMsg>(&body));
        match msg {
            Ok(msg) => {
                *lock(&inner.last_rx) = Instant::now();
                inner.dispatch(msg);
            }
            Err(_) => break,
        }
    }
    drop(buffered);
    inner.lose(&stream);
}

/// Make `stream` the live connection and start reading it.
fn install(inner: &Arc<Inner>, stream: UnixStream, session: SessionInfo) -> std::io::Result<()> {
    let stream = Arc::new(stream);
    *lock(&inner.last_rx) = Instant::now();
    *lock(&inner.session) = session;
    *lock(&inner.conn) = Some(stream.clone());
    let reader_inner = inner.clone();
    std::thread::Builder::new()
        .name("thidua-client-read".into())
        .spawn(move || read_loop(reader_inner, stream))?;
    Ok(())
}

/// After a reconnect: deliver what was missed, then the pushes held
/// meanwhile, then [`StoreEvent::Reconnected`].
fn catch_up(inner: &Inner) -> Result<()> {
    *lock(&inner.delivery) = Some(Vec::new());
    let head = lock(&inner.session).head;
    let mut after = inner.last_seen.load(Ordering::SeqCst);
    // A head below what was seen: another database (restored) — nothing to
    // catch up from the log; the screens refetch.
    while after < head {
        let Reply::Missed(entries) = inner.call(Op::Missed { after, upto: head })? else {
            return Err(StoreError::Io("máy chủ trả lời không đúng loại".into()));
        };
        let Some(last) = entries.last().map(|e| e.seq) else {
            break;
        };
        for e in entries {
            inner.publish(StoreEvent::Remote(e));
        }
        inner.last_seen.fetch_max(last, Ordering::SeqCst);
        after = last;
    }
    let mut delivery = lock(&inner.delivery);
    for e in delivery.take().unwrap_or_default() {
        inner.last_seen.fetch_max(e.seq, Ordering::SeqCst);
        inner.publish(StoreEvent::Remote(e));
    }
    inner.publish(StoreEvent::Reconnected);
    Ok(())
}

/// Watch the connection: ping when quiet, give it up when silent, and
/// reconnect while the store lives.
fn watch(inner: Arc<Inner>) {
    let mut retry = RETRY_FIRST;
    let mut next_try = Instant::now();
    while !inner.closed.load(Ordering::SeqCst) {
        {
            let (flag, cv) = &inner.nudge;
            let mut nudged = lock(flag);
            if !*nudged {
                nudged = cv
                    .wait_timeout(nudged, TICK)
                    .map(|(g, _)| g)
                    .unwrap_or_else(|e| e.into_inner().0);
            }
            *nudged = false;
        }
        if inner.closed.load(Ordering::SeqCst) {
            return;
        }
        let live = lock(&inner.conn).clone();
        match live {
            Some(stream) => {
                retry = RETRY_FIRST;
                let quiet = lock(&inner.last_rx).elapsed();
                if quiet >= LOST_AFTER {
                    inner.lose(&stream);
                } else if quiet >= PING_AFTER && lock(&inner.last_ping).elapsed() >= PING_AFTER {
                    *lock(&inner.last_ping) = Instant::now();
                    // Its Pong only needs to arrive: any frame counts as life.
                    let ping = Request {
                        id: 0,
                        op: Op::Ping,
                    };
                    if inner.send(&stream, &ping).is_err() {
                        inner.lose(&stream);
                    }
                }
            }
            None if Instant::now() >= next_try => {
                match establish(&inner.socket, &inner.reconnect) {
                    Ok((stream, session)) => {
                        *lock(&inner.last_failure) = None;
                        if install(&inner, stream, session).is_ok() && catch_up(&inner).is_err() {
                            // Lost again (or confused): the next round
                            // retries from what was delivered.
                            *lock(&inner.delivery) = None;
                            if let Some(s) = lock(&inner.conn).clone() {
                                inner.lose(&s);
                            }
                        }
                    }
                    Err(e) => {
                        *lock(&inner.last_failure) = Some(e);
                        next_try = Instant::now() + retry;
                        retry = (retry * 2).min(RETRY_MAX);
                    }
                }
            }
            None => {}
        }
    }
}

/// Connect as `reconnect` says, start reading and watching: the live link.
pub(super) fn open(
    socket: &Path,
    reconnect: Reconnect,
) -> std::result::Result<(Arc<Inner>, String), ConnectError> {
    let (stream, session) = establish(socket, &reconnect)?;
    let user = session.user.clone();
    let now = Instant::now();
    let inner = Arc::new(Inner {
        socket: socket.to_path_buf(),
        reconnect,
        last_seen: AtomicU64::new(session.head),
        conn: Mutex::new(None),
        writing: Mutex::new(()),
        pending: Mutex::new(HashMap::new()),
        subscribers: Mutex::new(Vec::new()),
        delivery: Mutex::new(None),
        session: Mutex::new(session.clone()),
        next_id: AtomicU64::new(1),
        last_rx: Mutex::new(now),
        last_ping: Mutex::new(now),
        last_failure: Mutex::new(None),
        closed: AtomicBool::new(false),
        nudge: (Mutex::new(false), Condvar::new()),
    });
    let io = |e: std::io::Error| ConnectError::Failed(StoreError::Io(e.to_string()));
    install(&inner, stream, session).map_err(io)?;
    let watcher = inner.clone();
    std::thread::Builder::new()
        .name("thidua-client-watch".into())
        .spawn(move || watch(watcher))
        .map_err(io)?;
    Ok((inner, user))
}
