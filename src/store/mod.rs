//! Where the figures live. The rest of the program reaches the data only
//! through the [`Store`] trait: [`SledStore`] opens the database in this
//! process; a network client of `thidua serve` is the second implementation.
//!
//! Inside: `sled_store` (reads and writes), `covenant` (the covenant's
//! records, views and changes), `fields` (the limits every field is held
//! to), `open` (what a directory holds and whether it may be seeded),
//! `durable` (the real sync behind every ✓), `codec` and `migrate`
//! (versioned records and their upgrades), `backup` (the one-file backup,
//! restore and rotation), `check` (the audit chains), `watermark`
//! (acknowledged writes the files must still hold).
//!
//! May use: `model`, `text`.

pub mod audit;
pub mod backup;
pub mod builtin;
pub mod check;
pub mod codec;
pub mod covenant;
mod durable;
pub mod error;
pub mod fields;
pub mod index;
pub mod keys;
pub mod migrate;
mod open;
pub mod period;
pub mod problem;
pub mod role;
pub mod scoring;
pub mod sled_store;
pub mod user;
pub mod watermark;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

pub use audit::{AuditEntry, AuditNote, Change, CovenantChange, CovenantSubject, HistoryOf};
pub use check::CheckReport;
pub use covenant::{CovenantEdit, CovenantOutcome, CovenantState};
pub use error::{StoreError, SystemError, SystemKind};
pub use index::UnitCount;
pub use period::{Mark, PeriodAct, PeriodChange, PeriodEvent, PeriodStatus, UnitState, UnitStatus};
pub use problem::Problem;
pub use role::{Role, RoleEntry};
pub use scoring::{MeetingEdit, ScoringChange, ScoringSubject, SheetEdit, SheetSeen};
pub use sled_store::{Flush, Page, SledStore};

use crate::model::scoring::SheetEntries;
use crate::model::scoring::vote::Meeting;
use crate::model::{Cluster, Figure, Period, Value, ValueKey};

/// What the writer believed the stored figure was: the whole of it, as
/// the officer saw it — value, qualifiers and comment — so that another
/// officer's comment or mark is never written over unseen, any more than
/// their value.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Expect {
    /// Write whatever is there (seeding; an import's rows until the server
    /// stages them, see `sled_store::staging`).
    Any,
    /// Refuse with [`StoreError::Conflict`] unless the stored figure is
    /// this one (None: the cell is empty).
    Value(Option<Figure>),
    /// Like `Value`, but the writer has been shown another officer's figure
    /// and confirmed overwriting it: audited as a knowing overwrite.
    Overwrite(Option<Figure>),
}

impl Expect {
    /// The figure the writer saw, where it asked for the check.
    pub fn seen(&self) -> Option<Option<&Figure>> {
        match self {
            Expect::Any => None,
            Expect::Value(v) | Expect::Overwrite(v) => Some(v.as_ref()),
        }
    }
}

/// One requested change of a cell; `new: None` clears it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Edit {
    pub key: ValueKey,
    pub new: Option<Figure>,
    pub expect: Expect,
    /// What the writer says of it (kept in the audit entry; boxed, as most
    /// edits say nothing more).
    pub note: Box<EditNote>,
}

impl Edit {
    /// An edit with nothing more to say of it.
    pub fn new(key: ValueKey, new: Option<Figure>, expect: Expect) -> Self {
        Edit {
            key,
            new,
            expect,
            note: Box::default(),
        }
    }

    pub fn with_note(self, note: EditNote) -> Self {
        Edit {
            note: Box::new(note),
            ..self
        }
    }
}

/// What the writer says of an edit; see [`AuditNote`] (whether it
/// overwrites follows from [`Expect::Overwrite`]).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EditNote {
    pub confirmed: bool,
    pub reason: Option<String>,
    pub typed: Option<String>,
}

/// How a batch of edits changed the database.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BatchOutcome {
    pub added: usize,
    pub changed: usize,
    pub removed: usize,
    pub unchanged: usize,
}

pub type Result<T> = std::result::Result<T, StoreError>;

/// Where the data is reached, for the status line and messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    /// A database opened by this process.
    Local(std::path::PathBuf),
    /// Through `thidua serve` on this socket; `connected` says whether the
    /// server answers right now.
    Server {
        socket: std::path::PathBuf,
        connected: bool,
    },
}

impl std::fmt::Display for Location {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Location::Local(path) => write!(f, "{}", path.display()),
            Location::Server {
                socket,
                connected: true,
            } => write!(f, "máy chủ: {}", socket.display()),
            // State first: a narrow status line cuts the path, not the news.
            Location::Server {
                socket,
                connected: false,
            } => write!(
                f,
                "máy chủ (mất kết nối, đang nối lại): {}",
                socket.display()
            ),
        }
    }
}

pub trait Store {
    /// The cluster of the latest covenant year (a whole year): name,
    /// members, indicators in report order; [`StoreError::NoCluster`]
    /// while the database has no covenant.
    fn cluster(&self) -> Result<Cluster>;
    /// The cluster as a period reads it: the members the cluster counts
    /// in `period`, the criteria of the covenant that applies to it, the
    /// weights; figures read through it follow the covenant (see
    /// `model::figures`). A store without a covenant gives [`Store::cluster`].
    fn cluster_for(&self, period: Period) -> Result<Cluster> {
        let _ = period;
        self.cluster()
    }
    /// The whole covenant and its revision (export, the admin screen, an
    /// import's check).
    fn covenant(&self) -> Result<CovenantState> {
        Err(StoreError::Invalid(
            "nơi lưu dữ liệu này không giữ giao ước".into(),
        ))
    }
    /// Change the covenant (admin only through a server): checked, audited
    /// item by item and on disk before returning.
    fn change_covenant(&self, edit: CovenantEdit) -> Result<CovenantOutcome> {
        let _ = edit;
        Err(StoreError::Invalid(
            "nơi lưu dữ liệu này không giữ giao ước".into(),
        ))
    }
    /// The change log of covenant items, oldest first.
    fn covenant_history(&self, of: &HistoryOf) -> Result<Vec<AuditEntry>> {
        let _ = of;
        Ok(Vec::new())
    }
    /// The periods that hold figures, oldest first (the period picker).
    /// The default scans every value; the sled store reads its index.
    fn periods(&self) -> Result<Vec<Period>> {
        Ok(index::periods_of(&self.values(None)?))
    }
    /// Per unit, the figures `period` holds and when they last changed
    /// (the Provinces screen's completeness). The default scans the
    /// period; the sled store reads its index.
    fn unit_counts(&self, period: Period) -> Result<Vec<UnitCount>> {
        Ok(index::counts_of(&self.values(Some(period))?))
    }
    /// Every value of one period (one prefix scan), or of all periods.
    fn values(&self, period: Option<Period>) -> Result<Vec<Value>>;
    fn get(&self, key: &ValueKey) -> Result<Option<Figure>>;
    /// Write one cell and its audit entry, on disk (a real sync) before returning.
    /// `Ok(None)` when the new value equals the stored one (nothing written).
    fn write(&self, edit: Edit) -> Result<Option<AuditEntry>>;
    /// Write many cells at once: all or nothing, one flush.
    fn write_batch(&self, edits: Vec<Edit>) -> Result<BatchOutcome>;
    /// Change an indicator's covenant weight (audited, on disk). `expect`
    /// is the weight the writer saw (`None`: any); a stale one is refused
    /// with [`StoreError::Conflict`], as a value is.
    fn set_weight(
        &self,
        indicator: &str,
        weight: Decimal,
        expect: Option<Decimal>,
    ) -> Result<Option<AuditEntry>>;
    /// The change log of one cell, oldest first.
    fn history(&self, key: &ValueKey) -> Result<Vec<AuditEntry>>;
    /// The change log of one indicator's weight, oldest first.
    fn weight_history(&self, indicator: &str) -> Result<Vec<AuditEntry>>;
    /// Who writes through this store (the OS user).
    fn user(&self) -> &str;
    /// For the status line: the database path, or the server.
    fn location(&self) -> Location;
    /// Writes made by others (through a shared server), pushed as they are
    /// committed. An in-process database has no others: None.
    fn subscribe(&self) -> Option<std::sync::mpsc::Receiver<AuditEntry>> {
        None
    }
    /// Damaged records the readers skipped so far (each once), for the
    /// caller to report: a damaged record never fails a whole listing.
    fn problems(&self) -> Vec<Problem> {
        Vec::new()
    }
    /// [`Store::subscribe`] with the connection's news besides the writes:
    /// when the server stops answering and when it is back. An in-process
    /// database has neither: None.
    fn subscribe_events(&self) -> Option<std::sync::mpsc::Receiver<StoreEvent>> {
        None
    }
    /// The role the server gave this connection, so that screens can tell
    /// an officer before typing what the server would refuse. A database
    /// opened in this process checks no roles: None.
    fn role(&self) -> Option<Role> {
        None
    }
    /// A period's lock and its members' submissions, with each member's
    /// figure count and last change (the Provinces screen, `thidua
    /// status`). A store that keeps neither: nothing locked or handed in.
    fn period_status(&self, period: Period) -> Result<PeriodStatus> {
        let mut status = PeriodStatus::open(period);
        for c in self.unit_counts(period)? {
            status.units.push(UnitStatus {
                unit: c.unit,
                figures: c.actuals + c.others,
                changed_ms: c.changed_ms,
                submitted: None,
            });
        }
        Ok(status)
    }
    /// Hand in, reopen, lock or unlock a period (see [`period`]; roles are
    /// the server's to check): audited and on disk before returning;
    /// `Ok(None)` when it is so already.
    fn change_period(&self, act: PeriodAct) -> Result<Option<AuditEntry>> {
        let _ = act;
        Err(StoreError::Invalid(
            "nơi lưu dữ liệu này không giữ việc nộp và chốt số liệu".into(),
        ))
    }
    /// A period's lock and submission log, oldest first.
    fn period_history(&self, period: Period) -> Result<Vec<AuditEntry>> {
        let _ = period;
        Ok(Vec::new())
    }
    /// Every stored score sheet of `period`, by unit code (a unit with
    /// none stored has a fresh `nháp` sheet).
    fn sheet_entries(&self, period: Period) -> Result<Vec<(String, SheetEntries)>> {
        let _ = period;
        Ok(Vec::new())
    }
    /// Change one unit's sheet through the scoring workflow (the server
    /// checks the writer's role), checked against what the writer saw,
    /// audited and on disk before returning; `Ok(None)`: nothing changed.
    fn change_sheet(&self, edit: SheetEdit) -> Result<Option<AuditEntry>> {
        let _ = edit;
        Err(StoreError::Invalid(
            "nơi lưu dữ liệu này không giữ bảng chấm điểm".into(),
        ))
    }
    /// The cluster meeting of `period`, if one is recorded.
    fn meeting(&self, period: Period) -> Result<Option<Meeting>> {
        let _ = period;
        Ok(None)
    }
    /// Record, replace or remove the meeting of a period (admin only
    /// through a server): checked, audited field by field, on disk.
    fn change_meeting(&self, edit: MeetingEdit) -> Result<Vec<AuditEntry>> {
        let _ = edit;
        Err(StoreError::Invalid(
            "nơi lưu dữ liệu này không giữ biên bản bình xét".into(),
        ))
    }
    /// The change log of one sheet or one meeting, oldest first.
    fn scoring_history(&self, of: &ScoringSubject) -> Result<Vec<AuditEntry>> {
        let _ = of;
        Ok(Vec::new())
    }
    /// Each cell's last change-log entry (None: none), in the order of
    /// `keys`: what the list of checks reads to know who confirmed which
    /// figure, in one request rather than one per cell.
    fn last_entries(&self, keys: &[ValueKey]) -> Result<Vec<Option<AuditEntry>>> {
        keys.iter().map(|k| Ok(self.history(k)?.pop())).collect()
    }
    /// Per criterion, how many units (not the cluster itself) hold an
    /// actual figure of it in `period`, in code order (the criteria the
    /// Provinces screen's completeness expects). The default scans the
    /// period; the sled store reads its index.
    fn reported_criteria(&self, period: Period) -> Result<Vec<(String, u32)>> {
        Ok(index::reported_of(&self.values(Some(period))?))
    }
}

/// What a store reached through a server tells the screens as it happens.
#[derive(Debug, Clone, PartialEq)]
pub enum StoreEvent {
    /// A write committed by someone else, in commit order (what
    /// [`Store::subscribe`] delivers).
    Remote(AuditEntry),
    /// The server stopped answering (it hung up, or said nothing for 2 s).
    /// [`Store::location`] now says so; calls fail at once, nothing is sent.
    Disconnected,
    /// Connected again, and every write missed meanwhile has been delivered
    /// as `Remote` before this event. Screens refetch what they show (the
    /// database may have been restored or changed in ways the log does not
    /// carry) and check an open editor against the refetched value.
    Reconnected,
    /// Many figures of these periods were committed at once (a large
    /// import), of which only the last entry came as `Remote`: screens
    /// showing one of them read it again.
    PeriodsChanged(Vec<crate::model::Period>),
}
