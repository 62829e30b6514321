//! One client connection on the server: its greeting, then its requests.
//! Reads are answered on this thread; writes go to the committer, at most
//! [`super::limits::Limits::writes_in_flight`] at a time; every request is
//! checked for size (by [`Inbound`]) and shape ([`super::shape`]) before
//! anything else, and every refusal is logged cleaned of control characters.

use std::os::fd::AsRawFd;
use std::os::unix::net::UnixStream;
use std::sync::mpsc::Sender;
use std::sync::{Arc, Condvar, Mutex};

use super::commit::{Job, Work};
use super::inbound::Inbound;
use super::limits::Ticket;
use super::outbox::Outbox;
use super::protocol::{
    self, FrameError, GreetingHead, MAGIC, MAX_FRAME, PROTOCOL_VERSION, Reply, Request, ServerMsg,
    SessionInfo, Welcome,
};
use super::roles;
use super::serve::{Client, Shared};
use crate::store::StoreError;

/// A greeting is a few dozen bytes.
const HELLO_MAX: usize = 1024;

/// uid and pid of the process at the other end, from the kernel.
pub fn peer_cred(stream: &UnixStream) -> std::io::Result<libc::ucred> {
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

/// Tell a client it is not served (a refusal the client shows as it is),
/// without reading anything from it. Never blocks: the socket is new and
/// its buffer empty.
pub fn refuse(stream: &UnixStream, why: String) {
    let _ = stream.set_nonblocking(true);
    let refusal = Welcome {
        magic: MAGIC.into(),
        version: PROTOCOL_VERSION,
        outcome: Err(why),
    };
    let _ = protocol::write_frame(&mut &*stream, &refusal);
    let _ = stream.shutdown(std::net::Shutdown::Write);
}

/// The writes of one connection waiting for the committer.
struct InFlight {
    n: Mutex<usize>,
    freed: Condvar,
    max: usize,
}

/// One place among them; dropping it (once the write is answered) frees it.
struct Slot(Arc<InFlight>);

impl InFlight {
    fn take(self: &Arc<Self>) -> Slot {
        let mut n = self.n.lock().unwrap_or_else(|e| e.into_inner());
        while *n >= self.max {
            n = self.freed.wait(n).unwrap_or_else(|e| e.into_inner());
        }
        *n += 1;
        Slot(self.clone())
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        let mut n = self.0.n.lock().unwrap_or_else(|e| e.into_inner());
        *n = n.saturating_sub(1);
        drop(n);
        self.0.freed.notify_one();
    }
}

/// The frame answering request `id`; a reply too large for a frame becomes
/// an error that says so (never a silently dropped answer).
pub fn reply_frame(
    shared: &Shared,
    conn: u64,
    id: u64,
    result: Result<Reply, StoreError>,
) -> Vec<u8> {
    match protocol::encode(&ServerMsg::Reply { id, result }) {
        Ok(frame) => frame,
        Err(e) => {
            let why = match e {
                FrameError::TooLarge { len, .. } => format!(
                    "câu trả lời quá lớn để gửi qua máy chủ ({len} byte, tối đa {MAX_FRAME} byte \
                     một lần); dữ liệu vẫn còn nguyên"
                ),
                other => format!("máy chủ không mã hoá được câu trả lời: {other}"),
            };
            shared.log(format!("kết nối #{conn}: {why}"));
            protocol::encode(&ServerMsg::Reply {
                id,
                result: Err(StoreError::Io(why)),
            })
            .unwrap_or_default()
        }
    }
}

pub struct Peer {
    pub conn: u64,
    pub uid: u32,
    pub pid: i32,
    pub user: String,
}

/// Serve one connection until it ends, then say why in the log.
pub fn run(
    shared: Arc<Shared>,
    stream: Arc<UnixStream>,
    peer: Peer,
    ticket: Ticket,
    jobs: Sender<Work>,
) {
    let Peer { conn, uid, pid, .. } = peer;
    let who = peer.user.clone();
    shared.log(format!("kết nối #{conn}: {who} (uid {uid}, pid {pid})"));
    let reason = match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        serve(&shared, &stream, &peer, &jobs)
    })) {
        Ok(Ok(())) | Ok(Err(FrameError::Closed)) => "đóng kết nối".to_string(),
        Ok(Err(e)) => e.to_string(),
        Err(_) => "lỗi nội bộ khi xử lý yêu cầu".to_string(),
    };
    if let Some(c) = shared.registry().clients.remove(&conn) {
        c.out.close();
    }
    let _ = stream.shutdown(std::net::Shutdown::Read);
    drop(ticket);
    shared.log(format!("kết nối #{conn} ({who}) kết thúc: {reason}"));
}

/// Read the client's hello; refuse (and say why, to both sides) a stranger
/// or another protocol version.
fn handshake(shared: &Shared, stream: &UnixStream, uid: u32) -> Result<(), FrameError> {
    let inbound = Inbound {
        stream,
        budget: &shared.budget,
        uid,
    };
    let limits = &shared.config.limits;
    let (body, _) = inbound.next(HELLO_MAX, limits.hello_timeout, Some(limits.hello_timeout))?;
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
    let _: protocol::Hello = protocol::decode(&body)?;
    Ok(())
}

fn serve(
    shared: &Arc<Shared>,
    stream: &Arc<UnixStream>,
    peer: &Peer,
    jobs: &Sender<Work>,
) -> Result<(), FrameError> {
    let Peer { conn, uid, .. } = *peer;
    let who = peer.user.as_str();
    handshake(shared, stream, uid)?;
    let limits = &shared.config.limits;
    let out = Outbox::start(
        stream.clone(),
        conn,
        limits.outbound_per_connection,
        shared.outbound.clone(),
        limits.outbound_total,
    )
    .map_err(FrameError::Io)?;
    {
        // Under the registry lock no write is pushed, so the welcome and
        // every later push arrive in commit order.
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
        registry.clients.insert(conn, Client { out: out.clone() });
    }
    let in_flight = Arc::new(InFlight {
        n: Mutex::new(0),
        freed: Condvar::new(),
        max: limits.writes_in_flight.max(1),
    });
    let inbound = Inbound {
        stream,
        budget: &shared.budget,
        uid,
    };
    let mut imports = super::imports::Imports::new(shared, conn);
    let long_busy = Arc::new(std::sync::atomic::AtomicBool::new(false));
    loop {
        let (body, reserved) = inbound.next(MAX_FRAME, limits.frame_timeout, None)?;
        let Request { id, mut op } = protocol::decode(&body)?;
        drop(body);
        if let Err(why) = super::shape::check(&op) {
            shared.log(format!("#{conn} {who}: từ chối yêu cầu: {why}"));
            let frame = reply_frame(shared, conn, id, Err(StoreError::Invalid(why)));
            if !out.send(frame) {
                return Err(stuck());
            }
            continue;
        }
        if op.is_write() {
            #[cfg(debug_assertions)]
            if let Some(seam) = &shared.config.seam {
                (seam.0)(&op);
            }
            let job = Job {
                conn,
                user: who.to_string(),
                id,
                op,
                hold: Box::new((reserved, in_flight.take())),
            };
            if jobs.send(Work::Write(job)).is_err() {
                let busy = Err(StoreError::Io("máy chủ đang dừng; chưa ghi gì".into()));
                out.send(reply_frame(shared, conn, id, busy));
            }
        } else if super::backups::is_long(&op) {
            drop(reserved);
            super::backups::spawn(
                shared.clone(),
                out.clone(),
                long_busy.clone(),
                (conn, id, who.to_string()),
                op,
            );
        } else {
            let result = imports
                .answer(who, &mut op)
                .unwrap_or_else(|| super::reads::answer(&shared.store, op));
            drop(reserved);
            if let Err(e) = &result {
                shared.log(format!("#{conn} {who}: không trả lời được: {e}"));
            }
            if !out.send(reply_frame(shared, conn, id, result)) {
                return Err(stuck());
            }
        }
    }
}

fn stuck() -> FrameError {
    FrameError::Io(std::io::Error::other("máy khách không nhận kịp dữ liệu"))
}
