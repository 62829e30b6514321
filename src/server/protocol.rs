//! The wire protocol between `thidua serve` and its clients.
//!
//! Every message is a frame: a 4-byte big-endian length, then that many bytes
//! of a serde type in bincode 2 (standard configuration), the encoding the
//! database itself uses. Frames are bounded by [`MAX_FRAME`] either way.
//!
//! A session: the client sends [`Hello`] (magic and protocol version); the
//! server answers [`Welcome`] (its version and either the session or why it
//! refuses). After that the client sends [`Request`]s, each answered by one
//! [`ServerMsg::Reply`] with the same id; committed writes of other
//! connections arrive as [`ServerMsg::Update`] at any time, in commit order.
//!
//! Nothing that grows with the database travels in one message: values,
//! histories and the catch-up after a reconnect ([`Op::Missed`]) come in
//! pages of about [`PAGE_BYTES`], each naming where the next one starts.
//! Idle clients send [`Op::Ping`] so that either side notices a dead peer.

use std::io::{self, Read, Write};

use rust_decimal::Decimal;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::model::scoring::SheetEntries;
use crate::model::scoring::vote::Meeting;
use crate::model::{Cluster, Figure, Period, Value, ValueKey};
use crate::store::{
    AuditEntry, BatchOutcome, CovenantEdit, CovenantOutcome, CovenantState, Edit, HistoryOf,
    MeetingEdit, Page, PeriodAct, PeriodStatus, Problem, Role, RoleEntry, ScoringSubject,
    SheetEdit, StoreError, UnitCount, check::CheckReport,
};

/// Bumped whenever a message type changes shape. 2: paged values, histories
/// and catch-up; the catch-up point left the greeting. 3: the covenant (a
/// cluster per period, the covenant, its changes and histories), conflicts
/// that name their cell. 4: periods' locks and submissions, score sheets
/// and meetings, the period index, staged imports, backups and checks
/// through the server (new operations, `Change::Period`/`Scoring`). 5: a
/// write expects the whole figure seen (`Expect`), conflicts say what
/// changed, a merger may change the unit's kind, an import's other periods
/// are pushed (`ServerMsg::PeriodsChanged`).
pub const PROTOCOL_VERSION: u32 = 6;
/// First field of both greetings: this is a thidua session at all.
pub const MAGIC: &str = "thidua";
/// The largest frame either side accepts.
pub const MAX_FRAME: usize = 16 * 1024 * 1024;
/// About how much stored data one page of a reply carries (a page holds at
/// least one record, so a page is larger only by one record).
pub const PAGE_BYTES: usize = 1024 * 1024;
/// At most this many entries per page of [`Op::Missed`].
pub const MISSED_PAGE: usize = 1024;
/// Cells one [`Op::LastEntries`] may ask for: a reply of that many entries
/// with the longest comments still fits a frame.
pub const LAST_ENTRIES_MAX: usize = 1000;

/// bincode's standard configuration, with a limit: without one, a length
/// prefix in a few hostile bytes makes bincode allocate that many bytes
/// before it reads them (and a failed allocation aborts the process). With
/// it, no message claims more than a frame could hold.
fn config() -> impl bincode::config::Config {
    bincode::config::standard().with_limit::<MAX_FRAME>()
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
}

impl Hello {
    pub fn new() -> Self {
        Hello {
            magic: MAGIC.into(),
            version: PROTOCOL_VERSION,
        }
    }
}

impl Default for Hello {
    fn default() -> Self {
        Self::new()
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
    /// The last audit sequence number committed when the session began;
    /// every later one reaches this connection as an [`ServerMsg::Update`].
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
    /// One page of the values of a period (None: all), after a key.
    Values {
        period: Option<Period>,
        after: Option<ValueKey>,
    },
    Get(ValueKey),
    Write(Edit),
    WriteBatch(Vec<Edit>),
    SetWeight {
        indicator: String,
        weight: Decimal,
        /// The weight the writer saw (`None`: any).
        expect: Option<Decimal>,
    },
    /// One page of a cell's change log, after a sequence number.
    History {
        key: ValueKey,
        after: Option<u64>,
    },
    WeightHistory {
        indicator: String,
        after: Option<u64>,
    },
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
    /// One page of the entries numbered `after+1 ..= upto`: what a client
    /// missed while it was away (`upto` is the new session's head).
    Missed {
        after: u64,
        upto: u64,
    },
    /// The damaged records the server's reads skipped (each once), for the
    /// client to report as a command run in-process would.
    Problems,
    /// The cluster as a period reads it ([`crate::store::Store::cluster_for`]).
    ClusterFor(Period),
    /// The whole covenant and its revision.
    Covenant,
    /// Change the covenant; admin only.
    ChangeCovenant(Box<CovenantEdit>),
    /// One page of a covenant item's change log, after a key (the page's
    /// cursor).
    CovenantHistory {
        of: HistoryOf,
        after: Option<Vec<u8>>,
    },
    /// The periods that hold figures, oldest first (from the index).
    Periods,
    /// Per unit, the figures a period holds (from the index).
    UnitCounts(Period),
    /// Read every record and check every audit chain (`thidua check`).
    Check,
    /// Write a backup into the database's `backups/` (admin only).
    Backup,
    /// Up to a chunk of a backup the server wrote, from `offset`.
    BackupChunk {
        name: String,
        offset: u64,
    },
    /// Start a staged import (see `store::sled_store::staging`): its id.
    ImportBegin {
        keep: crate::store::sled_store::Keep,
    },
    /// Check and stage rows of an import (at most `STAGE_MAX`).
    ImportStage {
        id: u64,
        edits: Vec<Edit>,
    },
    /// Make a staged import visible, all or nothing.
    ImportCommit {
        id: u64,
    },
    /// Drop a staged import.
    ImportAbandon {
        id: u64,
    },
    /// A period's lock and its members' submissions.
    PeriodStatus(Period),
    /// Hand in, reopen, lock or unlock; checked by role
    /// (`roles::may_change_period`).
    ChangePeriod(PeriodAct),
    /// One page of a period's lock and submission log, after a sequence
    /// number.
    PeriodHistory {
        period: Period,
        after: Option<u64>,
    },
    /// Every stored score sheet of a period.
    SheetEntries(Period),
    /// Change one unit's sheet (the server's role decides the actor).
    ChangeSheet(Box<SheetEdit>),
    /// The cluster meeting of a period.
    Meeting(Period),
    /// Record the meeting of a period; admin only.
    ChangeMeeting(Box<MeetingEdit>),
    /// The change log of one sheet or meeting.
    ScoringHistory(ScoringSubject),
    /// Each cell's last change-log entry (at most [`LAST_ENTRIES_MAX`]
    /// cells a request).
    LastEntries(Vec<ValueKey>),
    /// Per criterion, how many units reported it in a period (from the
    /// index).
    ReportedCriteria(Period),
}

impl Op {
    /// Whether the server must pass this through its single writer.
    pub fn is_write(&self) -> bool {
        matches!(
            self,
            Op::Write(_)
                | Op::WriteBatch(_)
                | Op::SetWeight { .. }
                | Op::SetRole { .. }
                | Op::ChangeCovenant(_)
                | Op::ImportCommit { .. }
                | Op::ChangePeriod(_)
                | Op::ChangeSheet(_)
                | Op::ChangeMeeting(_)
        )
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Reply {
    Cluster(Cluster),
    Values(Page<Value, ValueKey>),
    Figure(Option<Figure>),
    Entry(Option<AuditEntry>),
    Batch(BatchOutcome),
    History(Page<AuditEntry, u64>),
    Users(Vec<(String, Role)>),
    /// A role change (None: nothing changed).
    Role(Option<RoleEntry>),
    RoleLog(Vec<RoleEntry>),
    Pong,
    /// Oldest first; empty when nothing is left.
    Missed(Vec<AuditEntry>),
    Problems(Vec<Problem>),
    Covenant(Box<CovenantState>),
    CovenantChanged(CovenantOutcome),
    CovenantHistory(Page<AuditEntry, Vec<u8>>),
    Periods(Vec<Period>),
    UnitCounts(Vec<UnitCount>),
    Check(Box<CheckReport>),
    /// A backup written into the database's `backups/`: its file name.
    BackupMade {
        name: String,
        records: u64,
        bytes: u64,
    },
    /// Bytes of a backup file; empty at its end.
    BackupChunk(Vec<u8>),
    ImportBegun(u64),
    /// Rows staged so far.
    Staged(u64),
    PeriodStatus(Box<PeriodStatus>),
    SheetEntries(Vec<(String, SheetEntries)>),
    Meeting(Option<Meeting>),
    /// The entries a change committed, or a short history.
    Entries(Vec<AuditEntry>),
    /// Per cell asked, its last change-log entry.
    LastEntries(Vec<Option<AuditEntry>>),
    /// Criterion codes with the number of units that reported each.
    ReportedCriteria(Vec<(String, u32)>),
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum ServerMsg {
    Reply {
        id: u64,
        result: Result<Reply, StoreError>,
    },
    /// A write committed (and flushed) by another connection.
    Update(AuditEntry),
    /// Another connection's import committed more entries than are pushed
    /// one by one (after its last entry, as an `Update`): these periods
    /// changed, read them again.
    PeriodsChanged(Vec<Period>),
}

/// Why a frame could not be read.
#[derive(Debug)]
pub enum FrameError {
    /// The peer closed the connection between frames.
    Closed,
    /// The peer closed in the middle of a frame.
    Truncated {
        expected: usize,
        got: usize,
    },
    /// A begun frame did not arrive in full before its deadline.
    TimedOut {
        expected: usize,
        got: usize,
    },
    /// The frame did not fit in the memory the server gives frames being
    /// received, before its deadline.
    OverBudget {
        expected: usize,
        got: usize,
    },
    /// A length over the limit of where it was sent.
    TooLarge {
        len: usize,
        max: usize,
    },
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
            FrameError::TimedOut { expected, got } => write!(
                f,
                "khung không đến đủ trong thời hạn: nhận {got}/{expected} byte"
            ),
            FrameError::OverBudget { expected, got } => write!(
                f,
                "không đủ bộ nhớ dành cho khung đang nhận ({got}/{expected} byte) trong thời hạn"
            ),
            FrameError::TooLarge { len, max } => {
                write!(f, "khung quá lớn: {len} byte (tối đa {max})")
            }
            FrameError::Malformed(e) => write!(f, "khung không hợp lệ: {e}"),
            FrameError::Io(e) => write!(f, "lỗi kết nối: {e}"),
        }
    }
}

impl std::error::Error for FrameError {}

/// A frame: the length, then the message.
pub fn encode<T: Serialize>(msg: &T) -> Result<Vec<u8>, FrameError> {
    let mut out = vec![0u8; 4];
    bincode::serde::encode_into_std_write(msg, &mut out, config())
        .map_err(|e| FrameError::Malformed(e.to_string()))?;
    let len = out.len() - 4;
    if len > MAX_FRAME {
        return Err(FrameError::TooLarge {
            len,
            max: MAX_FRAME,
        });
    }
    let len = u32::try_from(len).map_err(|_| FrameError::TooLarge {
        len,
        max: MAX_FRAME,
    })?;
    out[..4].copy_from_slice(&len.to_be_bytes());
    Ok(out)
}

/// How many bytes `msg` takes in a frame body.
pub fn encoded_len<T: Serialize>(msg: &T) -> usize {
    struct Count(usize);
    impl Write for Count {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            self.0 += buf.len();
            Ok(buf.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }
    let mut n = Count(0);
    match bincode::serde::encode_into_std_write(msg, &mut n, config()) {
        Ok(_) => n.0,
        Err(_) => usize::MAX,
    }
}

/// Decode a whole frame body; trailing bytes are an error. Safe on any
/// bytes: nothing is allocated beyond what the body itself holds.
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

/// Read one frame body of at most `max` bytes from a peer this side trusts
/// (the client reading its checked server; tests). The body grows as its
/// bytes arrive. `Closed` only when the stream ends exactly between frames.
pub fn read_frame_max<R: Read>(r: &mut R, max: usize) -> Result<Vec<u8>, FrameError> {
    let mut head = [0u8; 4];
    let mut got = 0;
    while got < 4 {
        match r.read(&mut head[got..]) {
            Ok(0) if got == 0 => return Err(FrameError::Closed),
            Ok(0) => return Err(FrameError::Truncated { expected: 4, got }),
            Ok(n) => got += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(FrameError::Io(e)),
        }
    }
    let len = u32::from_be_bytes(head) as usize;
    if len > max {
        return Err(FrameError::TooLarge { len, max });
    }
    let mut body = Vec::with_capacity(len.min(64 * 1024));
    r.take(len as u64)
        .read_to_end(&mut body)
        .map_err(FrameError::Io)?;
    if body.len() < len {
        return Err(FrameError::Truncated {
            expected: len,
            got: body.len(),
        });
    }
    Ok(body)
}

/// [`read_frame_max`] with the protocol's limit.
pub fn read_frame<R: Read>(r: &mut R) -> Result<Vec<u8>, FrameError> {
    read_frame_max(r, MAX_FRAME)
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
                Expect::Value(Some(Figure {
                    note: Some("theo Cục Thống kê".into()),
                    ..Figure::plain(Decimal::new(49, 1))
                })),
            )),
        };
        let mut buf = Vec::new();
        write_frame(&mut buf, &req).expect("write");
        let back: Request = read_msg(&mut buf.as_slice()).expect("read");
        assert_eq!(back, req);
        let err = ServerMsg::Reply {
            id: 7,
            result: Err(StoreError::Conflict {
                key: None,
                current: Some(Figure::plain(Decimal::new(52, 1))),
                by: "lan".into(),
                at_ms: 1,
                changed: vec![crate::model::difference::Aspect::Comment],
            }),
        };
        let mut buf = Vec::new();
        write_frame(&mut buf, &err).expect("write");
        let back: ServerMsg = read_msg(&mut buf.as_slice()).expect("read");
        assert_eq!(back, err);
    }

    #[test]
    fn greeting_head_is_readable_from_any_greeting() {
        let body = encode(&Hello::new()).expect("enc");
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
            Err(FrameError::TooLarge { .. })
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
