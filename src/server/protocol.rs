//! The wire protocol between `thidua serve` and its clients.
//!
//! Every message is a frame: a 4-byte big-endian length, then that many bytes
//! of a serde type in bincode 2 (standard configuration), the encoding the
//! database itself uses. Frames are bounded by [`MAX_FRAME`].
//!
//! A session: the client sends [`Hello`] (magic, protocol version, and after
//! a reconnect the last audit sequence number it saw); the server answers
//! [`Welcome`] (its version and either the session or why it refuses), then
//! possibly [`ServerMsg::Update`]s the client missed. After that the client
//! sends [`Request`]s, each answered by one [`ServerMsg::Reply`] with the
//! same id; committed writes of other connections arrive as
//! [`ServerMsg::Update`] at any time, in commit order.

use std::io::{self, Read, Write};

use rust_decimal::Decimal;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::model::{Cluster, Figure, Period, Value, ValueKey};
use crate::store::{AuditEntry, BatchOutcome, Edit, Role, RoleEntry, StoreError};

/// Bumped whenever a message type changes shape.
pub const PROTOCOL_VERSION: u32 = 1;
/// First field of both greetings: this is a thidua session at all.
pub const MAGIC: &str = "thidua";
/// The largest frame either side accepts (a whole database of values fits
/// many times over).
pub const MAX_FRAME: usize = 16 * 1024 * 1024;

fn config() -> bincode::config::Configuration {
    bincode::config::standard()
}

/// Only the first two fields of either greeting. Every version starts its
/// greetings with them, so a version mismatch can always be named.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GreetingHead {
    pub magic: String,
    pub version: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Hello {
    pub magic: String,
    pub version: u32,
    /// After a reconnect: the last audit sequence number seen; the server
    /// first sends every entry after it.
    pub since: Option<u64>,
}

impl Hello {
    pub fn new(since: Option<u64>) -> Self {
        Hello {
            magic: MAGIC.into(),
            version: PROTOCOL_VERSION,
            since,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Welcome {
    pub magic: String,
    pub version: u32,
    pub outcome: Result<SessionInfo, String>,
}

/// What the server tells a client about its session.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SessionInfo {
    /// The OS user the server identified (from the socket, not the client).
    pub user: String,
    pub role: Role,
    /// The database directory the server owns.
    pub database: String,
    /// The last audit sequence number committed when the session began.
    pub head: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Request {
    pub id: u64,
    pub op: Op,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Op {
    Cluster,
    Values(Option<Period>),
    Get(ValueKey),
    Write(Edit),
    WriteBatch(Vec<Edit>),
    SetWeight {
        indicator: String,
        weight: Decimal,
        /// The weight the writer saw (`None`: any).
        expect: Option<Decimal>,
    },
    History(ValueKey),
    WeightHistory(String),
    /// Every stored role.
    Users,
    /// Every role change, oldest first.
    RoleLog,
    /// Grant (`Some`) or revoke (`None`) a role; admin only.
    SetRole {
        user: String,
        role: Option<Role>,
    },
    Ping,
}

impl Op {
    /// Whether the server must pass this through its single writer.
    pub fn is_write(&self) -> bool {
        matches!(
            self,
            Op::Write(_) | Op::WriteBatch(_) | Op::SetWeight { .. } | Op::SetRole { .. }
        )
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Reply {
    Cluster(Cluster),
    Values(Vec<Value>),
    Figure(Option<Figure>),
    Entry(Option<AuditEntry>),
    Batch(BatchOutcome),
    History(Vec<AuditEntry>),
    Users(Vec<(String, Role)>),
    /// A role change (None: nothing changed).
    Role(Option<RoleEntry>),
    RoleLog(Vec<RoleEntry>),
    Pong,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum ServerMsg {
    Reply {
        id: u64,
        result: Result<Reply, StoreError>,
    },
    /// A write committed (and flushed) by another connection.
    Update(AuditEntry),
}

/// Why a frame could not be read.
#[derive(Debug)]
pub enum FrameError {
    /// The peer closed the connection between frames.
    Closed,
    /// The peer closed (or went silent) in the middle of a frame.
    Truncated {
        expected: usize,
        got: usize,
    },
    TooLarge(usize),
    Malformed(String),
    Io(io::Error),
}

impl std::fmt::Display for FrameError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FrameError::Closed => f.write_str("kết nối đã đóng"),
            FrameError::Truncated { expected, got } => {
                write!(f, "khung bị cắt: nhận {got}/{expected} byte")
            }
            FrameError::TooLarge(n) => {
                write!(f, "khung quá lớn: {n} byte (tối đa {MAX_FRAME})")
            }
            FrameError::Malformed(e) => write!(f, "khung không hợp lệ: {e}"),
            FrameError::Io(e) => write!(f, "lỗi kết nối: {e}"),
        }
    }
}

impl std::error::Error for FrameError {}

pub fn encode<T: Serialize>(msg: &T) -> Result<Vec<u8>, FrameError> {
    let mut out = vec![0u8; 4];
    bincode::serde::encode_into_std_write(msg, &mut out, config())
        .map_err(|e| FrameError::Malformed(e.to_string()))?;
    let len = out.len() - 4;
    if len > MAX_FRAME {
        return Err(FrameError::TooLarge(len));
    }
    let len = u32::try_from(len).map_err(|_| FrameError::TooLarge(len))?;
    out[..4].copy_from_slice(&len.to_be_bytes());
    Ok(out)
}

/// Decode a whole frame body; trailing bytes are an error.
pub fn decode<T: DeserializeOwned>(body: &[u8]) -> Result<T, FrameError> {
    let (msg, used) = decode_prefix(body)?;
    if used != body.len() {
        return Err(FrameError::Malformed(format!(
            "thừa {} byte sau thông điệp",
            body.len() - used
        )));
    }
    Ok(msg)
}

/// Decode the start of a frame body (a greeting's head).
pub fn decode_prefix<T: DeserializeOwned>(body: &[u8]) -> Result<(T, usize), FrameError> {
    bincode::serde::decode_from_slice(body, config())
        .map_err(|e| FrameError::Malformed(e.to_string()))
}

pub fn write_frame<W: Write, T: Serialize>(w: &mut W, msg: &T) -> Result<(), FrameError> {
    let bytes = encode(msg)?;
    w.write_all(&bytes).map_err(FrameError::Io)?;
    w.flush().map_err(FrameError::Io)
}

/// Read one frame body. `Closed` only when the stream ends exactly between
/// frames; a timeout or end inside a frame is `Truncated`.
pub fn read_frame<R: Read>(r: &mut R) -> Result<Vec<u8>, FrameError> {
    let mut head = [0u8; 4];
    let got = read_full(r, &mut head)?;
    if got == 0 {
        return Err(FrameError::Closed);
    }
    if got < 4 {
        return Err(FrameError::Truncated { expected: 4, got });
    }
    let len = u32::from_be_bytes(head) as usize;
    if len > MAX_FRAME {
        return Err(FrameError::TooLarge(len));
    }
    let mut body = vec![0u8; len];
    let got = read_full(r, &mut body)?;
    if got < len {
        return Err(FrameError::Truncated { expected: len, got });
    }
    Ok(body)
}

/// Read until `buf` is full or the stream ends; how many bytes came. A read
/// timeout after some bytes counts as the end (a half-sent frame).
fn read_full<R: Read>(r: &mut R, buf: &mut [u8]) -> Result<usize, FrameError> {
    let mut got = 0;
    while got < buf.len() {
        match r.read(&mut buf[got..]) {
            Ok(0) => break,
            Ok(n) => got += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e)
                if got > 0
                    && matches!(
                        e.kind(),
                        io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
                    ) =>
            {
                break;
            }
            Err(e) => return Err(FrameError::Io(e)),
        }
    }
    Ok(got)
}

/// Read one frame from a socket: wait for its header as long as it takes
/// (an idle client is fine), but once a frame has begun its body must arrive
/// within `body_timeout`, or the frame counts as truncated.
pub fn read_frame_timed(
    stream: &std::os::unix::net::UnixStream,
    body_timeout: std::time::Duration,
) -> Result<Vec<u8>, FrameError> {
    let mut r = stream;
    let mut head = [0u8; 1];
    let got = read_full(&mut r, &mut head)?;
    if got == 0 {
        return Err(FrameError::Closed);
    }
    stream
        .set_read_timeout(Some(body_timeout))
        .map_err(FrameError::Io)?;
    let mut rest = [0u8; 3];
    let result = (|| {
        let got = read_full(&mut r, &mut rest)?;
        if got < 3 {
            return Err(FrameError::Truncated {
                expected: 4,
                got: got + 1,
            });
        }
        let len = u32::from_be_bytes([head[0], rest[0], rest[1], rest[2]]) as usize;
        if len > MAX_FRAME {
            return Err(FrameError::TooLarge(len));
        }
        let mut body = vec![0u8; len];
        let got = read_full(&mut r, &mut body)?;
        if got < len {
            return Err(FrameError::Truncated { expected: len, got });
        }
        Ok(body)
    })();
    stream.set_read_timeout(None).map_err(FrameError::Io)?;
    result
}

pub fn read_msg<R: Read, T: DeserializeOwned>(r: &mut R) -> Result<T, FrameError> {
    decode(&read_frame(r)?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Kind;
    use crate::store::Expect;

    #[test]
    fn messages_round_trip_through_frames() {
        let key = ValueKey::new("2021-H1".parse().expect("p"), "AG", "GRDP", Kind::Actual);
        let req = Request {
            id: 7,
            op: Op::Write(Edit::new(
                key,
                Some(Figure::plain(Decimal::new(5125, 3))),
                Expect::Value(Some(Decimal::new(49, 1))),
            )),
        };
        let mut buf = Vec::new();
        write_frame(&mut buf, &req).expect("write");
        let back: Request = read_msg(&mut buf.as_slice()).expect("read");
        assert_eq!(back, req);
        let err = ServerMsg::Reply {
            id: 7,
            result: Err(StoreError::Conflict {
                current: Some(Figure::plain(Decimal::new(52, 1))),
                by: "lan".into(),
                at_ms: 1,
            }),
        };
        let mut buf = Vec::new();
        write_frame(&mut buf, &err).expect("write");
        let back: ServerMsg = read_msg(&mut buf.as_slice()).expect("read");
        assert_eq!(back, err);
    }

    #[test]
    fn greeting_head_is_readable_from_any_greeting() {
        let body = encode(&Hello::new(Some(9))).expect("enc");
        let (head, _): (GreetingHead, usize) = decode_prefix(&body[4..]).expect("head");
        assert_eq!(head.version, PROTOCOL_VERSION);
        assert_eq!(head.magic, MAGIC);
    }

    #[test]
    fn bad_frames_are_named() {
        let mut huge = (MAX_FRAME as u32 + 1).to_be_bytes().to_vec();
        huge.extend_from_slice(b"xx");
        assert!(matches!(
            read_frame(&mut huge.as_slice()),
            Err(FrameError::TooLarge(_))
        ));
        let mut half = 10u32.to_be_bytes().to_vec();
        half.extend_from_slice(b"abc");
        assert!(matches!(
            read_frame(&mut half.as_slice()),
            Err(FrameError::Truncated {
                expected: 10,
                got: 3
            })
        ));
        assert!(matches!(
            read_frame(&mut [0u8, 0].as_slice()),
            Err(FrameError::Truncated { .. })
        ));
        assert!(matches!(
            read_frame(&mut [].as_slice()),
            Err(FrameError::Closed)
        ));
        let mut garbage = 5u32.to_be_bytes().to_vec();
        garbage.extend_from_slice(&[0xff; 5]);
        assert!(matches!(
            read_msg::<_, Request>(&mut garbage.as_slice()),
            Err(FrameError::Malformed(_))
        ));
    }
}
