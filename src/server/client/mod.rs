//! [`ClientStore`]: the [`Store`] interface over a `thidua serve` socket,
//! reached through a checked, watched connection that comes back by itself
//! ([`link`]). Lists that grow with the database are fetched page by page
//! and gathered here, so the [`Store`] trait is the same as in-process.

mod backups;
mod imports;
mod link;
pub use backups::ServerBackup;

/// How long a client waits for long work on the server (a backup, a check,
/// an import's commit): a live server answers pings meanwhile.
const LONG_CALL: std::time::Duration = std::time::Duration::from_secs(6 * 60 * 60);

use std::path::{Path, PathBuf};
use std::sync::atomic::Ordering;
use std::sync::{Arc, mpsc};

use rust_decimal::Decimal;

use link::{Inner, Subscriber, lock};
pub use link::{LOST_AFTER, PING_AFTER};

use super::launch::Launcher;
use super::protocol::{Op, Reply};
use super::trust::Distrust;
use crate::model::scoring::SheetEntries;
use crate::model::scoring::vote::Meeting;
use crate::model::{Cluster, Figure, Period, Value, ValueKey};
use crate::store::{
    AuditEntry, BatchOutcome, CovenantEdit, CovenantOutcome, CovenantState, Edit, HistoryOf,
    Location, MeetingEdit, Problem, Result, Role, RoleEntry, ScoringSubject, SheetEdit, Store,
    StoreError, StoreEvent, UnitCount,
};

/// Why [`ClientStore`] did not connect.
#[derive(Debug)]
pub enum ConnectError {
    /// Nobody listens on the socket (no file, or a stale one).
    NoServer,
    /// The server could be fake: nothing was sent. The text says why and
    /// whom to tell.
    Untrusted(String),
    /// A server is there (or the socket cannot be reached) but there is no
    /// session: permissions, another protocol version, a refusal …
    Failed(StoreError),
}

impl std::fmt::Display for ConnectError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ConnectError::NoServer => f.write_str("không có máy chủ thidua"),
            ConnectError::Untrusted(s) => f.write_str(s),
            ConnectError::Failed(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for ConnectError {}

impl From<Distrust> for ConnectError {
    fn from(d: Distrust) -> Self {
        match d {
            Distrust::NoServer => ConnectError::NoServer,
            Distrust::Untrusted(s) => ConnectError::Untrusted(s),
            // Said as it is (not as an I/O error): it names its own cause.
            Distrust::Unreachable(s) => ConnectError::Failed(StoreError::Invalid(s)),
        }
    }
}

/// How a lost connection comes back.
#[derive(Debug, Clone)]
pub enum Reconnect {
    /// Wait for the server to be there again (a shared database: its
    /// service account runs it). `db` names it in messages.
    Wait { db: Option<PathBuf> },
    /// Start the personal server again where none answers.
    Start(Launcher),
}

pub struct ClientStore {
    inner: Arc<Inner>,
    user: String,
    /// Told the number of values of each page read (a command's progress).
    on_page: std::sync::Mutex<Option<PageHook>>,
}

/// What [`ClientStore::on_page`] calls.
pub type PageHook = Box<dyn Fn(usize) + Send>;

impl ClientStore {
    /// Connect to the server on `socket`; after a loss, wait for it to come back.
    pub fn connect(socket: &Path) -> std::result::Result<Self, ConnectError> {
        Self::connect_with(socket, Reconnect::Wait { db: None })
    }

    /// Connect to the server on `socket`, reaching it (and, after a loss,
    /// reaching it again) as `reconnect` says.
    pub fn connect_with(
        socket: &Path,
        reconnect: Reconnect,
    ) -> std::result::Result<Self, ConnectError> {
        let (inner, user) = link::open(socket, reconnect)?;
        Ok(ClientStore {
            inner,
            user,
            on_page: std::sync::Mutex::new(None),
        })
    }

    /// Call `hook` with the number of values of every page read from now
    /// on (progress of an export or a report).
    pub fn on_page(&self, hook: PageHook) {
        *lock(&self.on_page) = Some(hook);
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
        match self.inner.call(Op::Users)? {
            Reply::Users(u) => Ok(u),
            other => Err(unexpected(&other)),
        }
    }

    /// Grant a role (`None`: back to viewer); admin only, audited.
    pub fn set_role(&self, user: &str, role: Option<Role>) -> Result<Option<RoleEntry>> {
        match self.inner.call(Op::SetRole {
            user: user.to_string(),
            role,
        })? {
            Reply::Role(e) => Ok(e),
            other => Err(unexpected(&other)),
        }
    }

    /// Every role change, oldest first.
    pub fn role_log(&self) -> Result<Vec<RoleEntry>> {
        match self.inner.call(Op::RoleLog)? {
            Reply::RoleLog(l) => Ok(l),
            other => Err(unexpected(&other)),
        }
    }

    /// Every page of a change log.
    fn history_pages(&self, op: impl Fn(Option<u64>) -> Op) -> Result<Vec<AuditEntry>> {
        let mut all = Vec::new();
        let mut after = None;
        loop {
            match self.inner.call(op(after))? {
                Reply::History(page) => {
                    all.extend(page.items);
                    match page.next {
                        Some(n) => after = Some(n),
                        None => return Ok(all),
                    }
                }
                other => return Err(unexpected(&other)),
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
        if let Some(s) = lock(&self.inner.conn).take() {
            let _ = s.shutdown(std::net::Shutdown::Both);
        }
        lock(&self.inner.pending).clear();
        self.inner.nudge();
    }
}

impl Store for ClientStore {
    fn cluster(&self) -> Result<Cluster> {
        match self.inner.call(Op::Cluster)? {
            Reply::Cluster(c) => Ok(c),
            other => Err(unexpected(&other)),
        }
    }

    fn cluster_for(&self, period: Period) -> Result<Cluster> {
        match self.inner.call(Op::ClusterFor(period))? {
            Reply::Cluster(c) => Ok(c),
            other => Err(unexpected(&other)),
        }
    }

    fn covenant(&self) -> Result<CovenantState> {
        match self.inner.call(Op::Covenant)? {
            Reply::Covenant(c) => Ok(*c),
            other => Err(unexpected(&other)),
        }
    }

    fn change_covenant(&self, edit: CovenantEdit) -> Result<CovenantOutcome> {
        match self.inner.call(Op::ChangeCovenant(Box::new(edit)))? {
            Reply::CovenantChanged(outcome) => Ok(outcome),
            other => Err(unexpected(&other)),
        }
    }

    fn covenant_history(&self, of: &HistoryOf) -> Result<Vec<AuditEntry>> {
        let mut all = Vec::new();
        let mut after = None;
        loop {
            match self.inner.call(Op::CovenantHistory {
                of: of.clone(),
                after,
            })? {
                Reply::CovenantHistory(page) => {
                    all.extend(page.items);
                    match page.next {
                        Some(k) => after = Some(k),
                        None => break,
                    }
                }
                other => return Err(unexpected(&other)),
            }
        }
        all.sort_by_key(|e| e.seq);
        Ok(all)
    }

    fn periods(&self) -> Result<Vec<Period>> {
        match self.inner.call(Op::Periods)? {
            Reply::Periods(list) => Ok(list),
            other => Err(unexpected(&other)),
        }
    }

    fn unit_counts(&self, period: Period) -> Result<Vec<UnitCount>> {
        match self.inner.call(Op::UnitCounts(period))? {
            Reply::UnitCounts(list) => Ok(list),
            other => Err(unexpected(&other)),
        }
    }

    fn reported_criteria(&self, period: Period) -> Result<Vec<(String, u32)>> {
        match self.inner.call(Op::ReportedCriteria(period))? {
            Reply::ReportedCriteria(list) => Ok(list),
            other => Err(unexpected(&other)),
        }
    }

    fn values(&self, period: Option<Period>) -> Result<Vec<Value>> {
        let mut all = Vec::new();
        let mut after = None;
        loop {
            match self.inner.call(Op::Values { period, after })? {
                Reply::Values(page) => {
                    if let Some(hook) = lock(&self.on_page).as_ref() {
                        hook(page.items.len());
                    }
                    all.extend(page.items);
                    match page.next {
                        Some(k) => after = Some(k),
                        None => return Ok(all),
                    }
                }
                other => return Err(unexpected(&other)),
            }
        }
    }

    fn get(&self, key: &ValueKey) -> Result<Option<Figure>> {
        match self.inner.call(Op::Get(key.clone()))? {
            Reply::Figure(f) => Ok(f),
            other => Err(unexpected(&other)),
        }
    }

    fn write(&self, edit: Edit) -> Result<Option<AuditEntry>> {
        match self.inner.call(Op::Write(edit))? {
            Reply::Entry(e) => Ok(e),
            other => Err(unexpected(&other)),
        }
    }

    fn write_batch(&self, edits: Vec<Edit>) -> Result<BatchOutcome> {
        match self.inner.call(Op::WriteBatch(edits))? {
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
        match self.inner.call(Op::SetWeight {
            indicator: indicator.to_string(),
            weight,
            expect,
        })? {
            Reply::Entry(e) => Ok(e),
            other => Err(unexpected(&other)),
        }
    }

    fn history(&self, key: &ValueKey) -> Result<Vec<AuditEntry>> {
        self.history_pages(|after| Op::History {
            key: key.clone(),
            after,
        })
    }

    fn weight_history(&self, indicator: &str) -> Result<Vec<AuditEntry>> {
        self.history_pages(|after| Op::WeightHistory {
            indicator: indicator.to_string(),
            after,
        })
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
        lock(&self.inner.subscribers).push(Subscriber::Entries(tx));
        Some(rx)
    }

    fn role(&self) -> Option<Role> {
        Some(ClientStore::role(self))
    }

    fn subscribe_events(&self) -> Option<mpsc::Receiver<StoreEvent>> {
        let (tx, rx) = mpsc::channel();
        lock(&self.inner.subscribers).push(Subscriber::Events(tx));
        Some(rx)
    }

    fn period_status(&self, period: Period) -> Result<crate::store::PeriodStatus> {
        match self.inner.call(Op::PeriodStatus(period))? {
            Reply::PeriodStatus(s) => Ok(*s),
            other => Err(unexpected(&other)),
        }
    }

    fn sheet_entries(&self, period: Period) -> Result<Vec<(String, SheetEntries)>> {
        match self.inner.call(Op::SheetEntries(period))? {
            Reply::SheetEntries(list) => Ok(list),
            other => Err(unexpected(&other)),
        }
    }

    fn change_period(&self, act: crate::store::PeriodAct) -> Result<Option<AuditEntry>> {
        match self.inner.call(Op::ChangePeriod(act))? {
            Reply::Entry(e) => Ok(e),
            other => Err(unexpected(&other)),
        }
    }

    fn change_sheet(&self, edit: SheetEdit) -> Result<Option<AuditEntry>> {
        match self.inner.call(Op::ChangeSheet(Box::new(edit)))? {
            Reply::Entry(e) => Ok(e),
            other => Err(unexpected(&other)),
        }
    }

    fn period_history(&self, period: Period) -> Result<Vec<AuditEntry>> {
        self.history_pages(|after| Op::PeriodHistory { period, after })
    }

    fn meeting(&self, period: Period) -> Result<Option<Meeting>> {
        match self.inner.call(Op::Meeting(period))? {
            Reply::Meeting(m) => Ok(m),
            other => Err(unexpected(&other)),
        }
    }

    fn change_meeting(&self, edit: MeetingEdit) -> Result<Vec<AuditEntry>> {
        match self.inner.call(Op::ChangeMeeting(Box::new(edit)))? {
            Reply::Entries(e) => Ok(e),
            other => Err(unexpected(&other)),
        }
    }

    fn scoring_history(&self, of: &ScoringSubject) -> Result<Vec<AuditEntry>> {
        match self.inner.call(Op::ScoringHistory(of.clone()))? {
            Reply::Entries(e) => Ok(e),
            other => Err(unexpected(&other)),
        }
    }

    fn last_entries(&self, keys: &[ValueKey]) -> Result<Vec<Option<AuditEntry>>> {
        let mut out = Vec::with_capacity(keys.len());
        for chunk in keys.chunks(crate::server::protocol::LAST_ENTRIES_MAX) {
            match self.inner.call(Op::LastEntries(chunk.to_vec()))? {
                Reply::LastEntries(entries) if entries.len() == chunk.len() => out.extend(entries),
                other => return Err(unexpected(&other)),
            }
        }
        Ok(out)
    }

    /// What the server's reads skipped; a server that cannot be asked has
    /// nothing to add to the error the caller already got.
    fn problems(&self) -> Vec<Problem> {
        match self.inner.call(Op::Problems) {
            Ok(Reply::Problems(list)) => list,
            _ => Vec::new(),
        }
    }
}
