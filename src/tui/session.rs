//! The data behind the screens: the store, the cluster of the period
//! shown, the in-memory figures, the current period, and this session's
//! committed edits (for the saved markers and undo/redo). Every change
//! goes through the store first; the figures change only after the store
//! said the write is on disk.
//!
//! Only what is shown is read: the current period, the same period last
//! year (it holds the predecessors of merged units too) and the year's
//! plans, one prefix scan each; another period is read when the officer
//! goes there and then kept. A remote write into a period not read is
//! left to the store: it is read as it is when the officer goes there.

mod completeness;
mod opening;
mod period;
mod reread;

use std::collections::{BTreeSet, HashSet};

use rust_decimal::Decimal;

use super::vn;
use crate::model::criterion::Criterion;
use crate::model::{Cluster, Figure, Figures, Kind, Period, PeriodData, Province, ValueKey};
use crate::server::roles;
use crate::store::{
    AuditEntry, Change, CovenantEdit, CovenantOutcome, CovenantState, Edit, EditNote, Expect,
    Location, Role, Store, StoreError,
};

/// One cell to write, with the figure the officer saw: the write is
/// refused if the stored figure is no longer that — its value, a
/// qualifier or its comment changed by another officer meanwhile —
/// unless the officer was shown the other figure and confirmed
/// overwriting it.
///
/// A typed value keeps the qualifiers and comment of the figure it is
/// written over: `seen` is that figure as the screen holds it, whose value
/// the officer saw when the editor opened (the editor asks before writing
/// over another value), and whose comment and marks the write carries on.
/// So another officer's comment that arrived while the editor was open is
/// kept, and one that did not arrive yet refuses the write instead of
/// being dropped.
#[derive(Debug, Clone, PartialEq)]
pub struct CellWrite {
    pub key: ValueKey,
    pub new: Option<Decimal>,
    /// The stored figure the write is checked against (see above): as
    /// the screen held it when the paste was checked or the value
    /// committed, or (overwriting) the other officer's.
    pub seen: Option<Figure>,
    /// Shown another officer's value, the officer confirmed writing over
    /// it: audited as a knowing overwrite.
    pub overwrite: bool,
    /// The text as typed where what is stored differs from it (a share
    /// typed as `61/119`, stored rounded).
    pub typed: Option<String>,
    /// Shown why the figure looks implausible, the officer confirmed it:
    /// audited as confirmed (the period's list of checks names it).
    pub confirmed: bool,
}

impl CellWrite {
    pub fn new(key: ValueKey, new: Option<Decimal>, seen: Option<Figure>) -> Self {
        CellWrite {
            key,
            new,
            seen,
            overwrite: false,
            typed: None,
            confirmed: false,
        }
    }

    fn edit(&self) -> Edit {
        let expect = if self.overwrite {
            Expect::Overwrite(self.seen.clone())
        } else {
            Expect::Value(self.seen.clone())
        };
        Edit::new(self.key.clone(), self.new.map(Figure::plain), expect).with_note(EditNote {
            typed: self.typed.clone(),
            confirmed: self.confirmed,
            ..EditNote::default()
        })
    }
}

/// One cell of a committed edit, as undo needs it.
#[derive(Debug, Clone, PartialEq)]
pub struct DoneCell {
    pub key: ValueKey,
    pub old: Option<Figure>,
    pub new: Option<Figure>,
}

/// One committed edit of this session: a cell, or a pasted block (undone
/// and redone whole).
#[derive(Debug, Clone, PartialEq)]
pub struct Done {
    pub cells: Vec<DoneCell>,
}

impl Done {
    /// The first (for one cell: the only) cell written.
    pub fn first(&self) -> Option<&DoneCell> {
        self.cells.first()
    }
}

/// Why a change was not made; the Display text is for the status line.
#[derive(Debug, thiserror::Error)]
pub enum SessionError {
    /// The value breaks one of the cluster's rules for the cell (the
    /// model's Vietnamese reason).
    #[error("{0}")]
    Refused(String),
    /// The store refused or failed (another officer's value, the server
    /// gone, a full disk).
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// What a commit did.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    Saved(AuditEntry),
    Unchanged,
}

pub struct Session {
    store: Box<dyn Store>,
    pub cluster: Cluster,
    pub figures: Figures,
    pub period: Period,
    /// Members in Vietnamese alphabetical order.
    pub provinces: Vec<Province>,
    pub location: Location,
    /// Cells committed (and flushed) in this session: they carry the saved marker.
    pub saved: HashSet<ValueKey>,
    undo: Vec<Done>,
    redo: Vec<Done>,
    /// The role the server gave this connection (None: no roles, a
    /// database opened in this process).
    role: Option<Role>,
    /// The Provinces screen's completeness, from the store's index (see
    /// `completeness`).
    completeness: completeness::CompletenessCache,
    /// The periods whose values are in `figures`, read whole.
    loaded: BTreeSet<Period>,
    /// The current period's lock and submissions (see `period`).
    periods: period::PeriodCache,
    /// A handed-in unit's period that this session's own write reopened,
    /// for the status line to say.
    reopened: Option<(Period, String)>,
}

impl Session {
    /// The session on `period` (None: the latest period with a unit's
    /// figures, else the one to enter next; see `opening`) and its cluster; no figures are read yet (see
    /// [`Session::load_shown`]), so the terminal can show its first frame
    /// before a long read.
    pub fn new(store: Box<dyn Store>, period: Option<Period>) -> Result<Self, StoreError> {
        let period = match period {
            Some(p) => p,
            None => opening::opening_period(&*store, chrono::Local::now().date_naive())?,
        };
        let cluster = store.cluster_for(period)?;
        let provinces = collated(&cluster);
        let location = store.location();
        let role = store.role();
        Ok(Session {
            store,
            cluster,
            figures: Figures::default(),
            period,
            provinces,
            location,
            saved: HashSet::new(),
            undo: Vec::new(),
            redo: Vec::new(),
            role,
            completeness: completeness::CompletenessCache::default(),
            loaded: BTreeSet::new(),
            periods: period::PeriodCache::default(),
            reopened: None,
        })
    }

    /// The periods the screens of `period` read: itself, the same period
    /// last year, and the year whose plans apply to it.
    pub fn shown_periods(period: Period) -> Vec<Period> {
        let mut out = vec![period];
        out.extend(period.last_year());
        out.push(period.year_period());
        out.dedup();
        let mut seen = BTreeSet::new();
        out.retain(|p| seen.insert(*p));
        out
    }

    /// The first period the current one needs that is not read yet (the
    /// one-line progress names it).
    pub fn unread(&self) -> Option<Period> {
        Self::shown_periods(self.period)
            .into_iter()
            .find(|p| !self.loaded.contains(p))
    }

    /// Read every period the current one needs that is not read yet.
    pub fn load_shown(&mut self) -> Result<(), StoreError> {
        while let Some(p) = self.unread() {
            let values = self.store.values(Some(p))?;
            for v in values {
                self.figures.apply(v.key, Some(v.figure));
            }
            self.loaded.insert(p);
        }
        Ok(())
    }

    /// Whether a period's values are in memory.
    pub fn is_loaded(&self, period: Period) -> bool {
        self.loaded.contains(&period)
    }

    /// Show `period`: its covenant year's cluster is read again (members,
    /// criteria, names and units of that year). True when the cluster
    /// differs from the one shown before. Its figures are read by
    /// [`Session::load_shown`].
    pub fn set_period(&mut self, period: Period) -> Result<bool, StoreError> {
        let cluster = self.store.cluster_for(period)?;
        self.period = period;
        Ok(self.take_cluster(cluster))
    }

    /// Read the current period's cluster again (the covenant changed).
    /// True when it differs from the one shown.
    pub fn reread_cluster(&mut self) -> Result<bool, StoreError> {
        let cluster = self.store.cluster_for(self.period)?;
        Ok(self.take_cluster(cluster))
    }

    fn take_cluster(&mut self, cluster: Cluster) -> bool {
        if cluster == self.cluster {
            return false;
        }
        self.provinces = collated(&cluster);
        self.cluster = cluster;
        self.completeness_changed();
        true
    }

    /// Fetch again what `new` fetched (after a reconnect: the database may
    /// have changed in ways the pushed writes do not carry); the period,
    /// the saved markers and undo stay. Periods read before are forgotten
    /// and the current one's read again.
    pub fn refetch(&mut self) -> Result<(), StoreError> {
        let cluster = self.store.cluster_for(self.period)?;
        self.take_cluster(cluster);
        self.figures = Figures::default();
        self.loaded.clear();
        self.location = self.store.location();
        self.role = self.store.role();
        self.completeness = completeness::CompletenessCache::default();
        self.periods = period::PeriodCache::default();
        self.sync_period_status(true);
        self.load_shown()
    }

    /// The server stopped answering: the location says so.
    pub fn disconnected(&mut self) {
        self.location = self.store.location();
    }

    /// The role the server gave (None: no roles apply).
    pub fn role(&self) -> Option<&Role> {
        self.role.as_ref()
    }

    /// Whether this officer may write the cell, by the server's own rule
    /// (`server::roles`): the Vietnamese reason when not. Asked before a
    /// figure is typed; the server asks again on every write.
    pub fn may_write(&self, key: &ValueKey) -> Result<(), String> {
        if let Some(why) = self.lock_refusal(key) {
            return Err(why);
        }
        match &self.role {
            None => Ok(()),
            Some(role) => roles::may_write(role, &Edit::new(key.clone(), None, Expect::Any)),
        }
    }

    /// The last change of a cell, if any (who and when it was written).
    pub fn last_change(&self, key: &ValueKey) -> Option<AuditEntry> {
        self.store.history(key).ok()?.pop()
    }

    pub fn user(&self) -> &str {
        self.store.user()
    }

    /// The stored figure of a cell.
    pub fn figure(&self, key: &ValueKey) -> Option<&Figure> {
        self.figures
            .get(key.period, &key.province, &key.indicator, key.kind)
    }

    /// Validate and write one cell, checked against the figure the officer
    /// saw (`write.seen`); on success the figures and the undo log follow.
    /// A stale figure is refused by the store ([`StoreError::Conflict`],
    /// naming who wrote and when) and the figures then show theirs. The
    /// message of an error is for the status line.
    pub fn commit(&mut self, write: CellWrite) -> Result<Outcome, SessionError> {
        self.cluster
            .check(&write.key, write.new)
            .map_err(SessionError::Refused)?;
        let old = self.figure(&write.key).cloned();
        if old.as_ref().map(|f| f.value) == write.new {
            return Ok(Outcome::Unchanged);
        }
        let new = write.new.map(|v| retyped(old.as_ref(), v));
        let mut edit = write.edit();
        edit.new = new.clone();
        let outcome = self.write(edit)?;
        if matches!(outcome, Outcome::Saved(_)) {
            self.undo.push(Done {
                cells: vec![DoneCell {
                    key: write.key,
                    old,
                    new,
                }],
            });
            self.redo.clear();
        }
        Ok(outcome)
    }

    /// Validate and write several cells as one batch (all or nothing, one
    /// flush), each checked against the figure the officer saw; one undo
    /// step. Cells whose stored value is already the new one are left out.
    /// Returns how many cells were written. A stale cell refuses the whole
    /// batch ([`StoreError::Conflict`]); the figures of the batch's cells
    /// are then fetched again, so they show what is stored.
    pub fn commit_batch(&mut self, writes: Vec<CellWrite>) -> Result<usize, SessionError> {
        for w in &writes {
            self.cluster
                .check(&w.key, w.new)
                .map_err(|why| SessionError::Refused(format!("{why} (ô {})", w.key)))?;
        }
        let writes: Vec<CellWrite> = writes
            .into_iter()
            .filter(|w| self.figure(&w.key).map(|f| f.value) != w.new)
            .collect();
        if writes.is_empty() {
            return Ok(0);
        }
        let edits = writes
            .iter()
            .map(|w| {
                let mut edit = w.edit();
                edit.new = w.new.map(|v| retyped(self.figure(&w.key), v));
                edit
            })
            .collect();
        let result = self.store.write_batch(edits);
        self.location = self.store.location();
        match result {
            Ok(_) => {
                let mut cells = Vec::with_capacity(writes.len());
                for w in &writes {
                    self.wrote(&w.key);
                }
                for w in writes {
                    let old = self.figure(&w.key).cloned();
                    let new = w.new.map(|v| retyped(old.as_ref(), v));
                    self.figures.apply(w.key.clone(), new.clone());
                    self.saved.insert(w.key.clone());
                    cells.push(DoneCell {
                        key: w.key,
                        old,
                        new,
                    });
                }
                let n = cells.len();
                self.undo.push(Done { cells });
                self.redo.clear();
                Ok(n)
            }
            Err(e) => {
                if matches!(e, StoreError::Conflict { .. }) {
                    self.reload_cells(writes.iter().map(|w| &w.key));
                }
                Err(e.into())
            }
        }
    }

    /// The stored figures of these cells, fetched again.
    fn reload_cells<'k>(&mut self, keys: impl Iterator<Item = &'k ValueKey>) {
        for key in keys {
            if let Ok(f) = self.store.get(key) {
                self.figures.apply(key.clone(), f);
            }
        }
    }

    fn write(&mut self, edit: Edit) -> Result<Outcome, SessionError> {
        let key = edit.key.clone();
        let new = edit.new.clone();
        let result = self.store.write(edit);
        // A client store's location says whether the server is reachable.
        self.location = self.store.location();
        match result {
            Ok(Some(entry)) => {
                self.wrote(&key);
                self.figures.apply(key.clone(), new);
                self.saved.insert(key);
                Ok(Outcome::Saved(entry))
            }
            Ok(None) => {
                self.figures.apply(key, new);
                Ok(Outcome::Unchanged)
            }
            Err(e) => {
                if let StoreError::Conflict { current, .. } = &e {
                    // Show what the other officer stored.
                    self.figures.apply(key, current.clone());
                }
                Err(e.into())
            }
        }
    }

    /// Write `done` back (undo: new → old) or again (redo: old → new),
    /// checked against what this session wrote.
    fn replay(&mut self, done: &Done, undo: bool) -> Result<(), SessionError> {
        let writes: Vec<CellWrite> = done
            .cells
            .iter()
            .map(|c| {
                let (from, to) = if undo {
                    (&c.new, &c.old)
                } else {
                    (&c.old, &c.new)
                };
                // Checked against the whole figure this session wrote:
                // another officer's comment since is not undone unseen.
                CellWrite::new(c.key.clone(), to.as_ref().map(|f| f.value), from.clone())
            })
            .collect();
        match writes.as_slice() {
            [one] => {
                let to = done
                    .cells
                    .first()
                    .and_then(|c| if undo { c.old.clone() } else { c.new.clone() });
                let mut edit = one.edit();
                // The figure as it was (qualifiers and note included).
                edit.new = to;
                self.write(edit).map(|_| ())
            }
            _ => {
                // Each figure as it was (qualifiers and comment included).
                let edits = writes
                    .iter()
                    .zip(&done.cells)
                    .map(|(w, c)| {
                        let mut edit = w.edit();
                        edit.new = if undo { c.old.clone() } else { c.new.clone() };
                        edit
                    })
                    .collect();
                let result = self.store.write_batch(edits);
                self.location = self.store.location();
                match result {
                    Ok(_) => {
                        for c in &done.cells {
                            self.wrote(&c.key);
                            let to = if undo { &c.old } else { &c.new };
                            self.figures.apply(c.key.clone(), to.clone());
                            self.saved.insert(c.key.clone());
                        }
                        Ok(())
                    }
                    Err(e) => {
                        if matches!(e, StoreError::Conflict { .. }) {
                            let keys: Vec<ValueKey> =
                                done.cells.iter().map(|c| c.key.clone()).collect();
                            self.reload_cells(keys.iter());
                        }
                        Err(e.into())
                    }
                }
            }
        }
    }

    /// Undo this session's last committed edit (itself a logged write).
    pub fn undo(&mut self) -> Result<Option<Done>, SessionError> {
        let Some(done) = self.undo.pop() else {
            return Ok(None);
        };
        match self.replay(&done, true) {
            Ok(_) => {
                self.redo.push(done.clone());
                Ok(Some(done))
            }
            Err(e) => {
                self.undo.push(done);
                Err(e)
            }
        }
    }

    pub fn redo(&mut self) -> Result<Option<Done>, SessionError> {
        let Some(done) = self.redo.pop() else {
            return Ok(None);
        };
        match self.replay(&done, false) {
            Ok(_) => {
                self.undo.push(done.clone());
                Ok(Some(done))
            }
            Err(e) => {
                self.redo.push(done);
                Err(e)
            }
        }
    }

    /// A write by another officer, pushed by the server.
    pub fn remote(&mut self, entry: &AuditEntry) {
        self.location = self.store.location();
        match &entry.change {
            // A period not read is read as it is when shown.
            Change::Value { key, new, .. } if self.loaded.contains(&key.period) => {
                self.figures_changed();
                self.figures.apply(key.clone(), new.clone());
            }
            Change::Value { .. } => self.figures_changed(),
            // Another officer's weight: scores and the score detail follow.
            Change::Weight { indicator, new, .. } => {
                if let Some(ind) = self
                    .cluster
                    .indicators
                    .iter_mut()
                    .find(|i| &i.code == indicator)
                {
                    ind.weight = *new;
                }
            }
            // The covenant changed: the app reads the period's cluster
            // again (`reread_cluster`) and keeps its places.
            Change::Covenant(_) => {}
            Change::Period(c) => self.period_remote(entry, c),
            // A score sheet or meeting: the Score screen rereads its book.
            Change::Scoring(_) => {}
        }
    }

    /// The store, for the covenant score's reads and writes (the Score
    /// screen's book, `tui::app::score_book`).
    pub fn store(&self) -> &dyn Store {
        &*self.store
    }

    /// A cell's changes, with its period's lock and its unit's submission
    /// in between, oldest first.
    pub fn history(&self, key: &ValueKey) -> Result<Vec<AuditEntry>, SessionError> {
        let mut entries = self.store.history(key)?;
        entries.extend(self.period_entries_of(key));
        entries.sort_by_key(|e| e.seq);
        Ok(entries)
    }

    /// This session wrote `key`: the counts are stale, and a handed-in
    /// unit's period was reopened by the server (said once).
    fn wrote(&mut self, key: &ValueKey) {
        self.figures_changed();
        if self.is_submitted(key.period, &key.province) {
            self.reopened = Some((key.period, key.province.clone()));
            self.periods.statuses.clear();
        }
    }

    /// The handed-in unit this session's last write reopened, once.
    pub fn take_reopened(&mut self) -> Option<(Period, String)> {
        self.reopened.take()
    }

    /// What the review screens compute from: the figures of this period.
    pub fn period_data(&self) -> PeriodData<'_> {
        PeriodData {
            cluster: &self.cluster,
            figures: &self.figures,
            period: self.period,
        }
    }

    /// The whole covenant as stored (the covenant screen).
    pub fn covenant_state(&self) -> Result<CovenantState, StoreError> {
        self.store.covenant()
    }

    /// Whether this officer may change the covenant (the server's rule),
    /// asked before typing; the server asks again on every change.
    pub fn may_change_covenant(&self) -> Result<(), String> {
        match &self.role {
            None => Ok(()),
            Some(role) => roles::may_change_covenant(role),
        }
    }

    /// Change the covenant through the store (checked there against what
    /// the officer saw, by the model's rules and, through a server, the
    /// role; audited item by item); the period's cluster follows.
    pub fn change_covenant(&mut self, edit: CovenantEdit) -> Result<CovenantOutcome, SessionError> {
        let result = self.store.change_covenant(edit);
        self.location = self.store.location();
        let outcome = result?;
        self.reread_cluster()?;
        Ok(outcome)
    }

    /// Periods that hold any value (the store's index), plus the current
    /// one, in order.
    pub fn periods(&self) -> Result<Vec<Period>, StoreError> {
        let mut list = self.store.periods()?;
        if !list.contains(&self.period) {
            list.push(self.period);
            list.sort();
        }
        Ok(list)
    }

    /// Who confirmed which of these cells' figures, and when (each
    /// cell's last audit entry: one read per cell, asked when the list of
    /// checks opens, never per frame).
    pub fn confirmations<'k>(
        &self,
        keys: impl IntoIterator<Item = &'k ValueKey>,
    ) -> Result<crate::io::checks_table::Confirmations, StoreError> {
        crate::io::checks_table::confirmations(&*self.store, keys)
    }

    /// Write a cell's whole figure — its qualifiers or its comment changed,
    /// the value as it is — checked against the whole figure the officer
    /// saw (`seen`: when the comment editor opened, or as the screen held
    /// it at Ctrl+D); one undo step. Another officer's value, mark or
    /// comment meanwhile is refused as for a typed figure, unless
    /// `overwrite`: the officer was shown theirs and confirmed writing
    /// over it (audited so).
    pub fn commit_remark(
        &mut self,
        key: &ValueKey,
        figure: Figure,
        seen: Option<Figure>,
        overwrite: bool,
    ) -> Result<Outcome, SessionError> {
        let old = self.figure(key).cloned();
        if old.as_ref() == Some(&figure) {
            return Ok(Outcome::Unchanged);
        }
        let expect = if overwrite {
            Expect::Overwrite(seen)
        } else {
            Expect::Value(seen)
        };
        let edit = Edit::new(key.clone(), Some(figure.clone()), expect);
        let outcome = self.write(edit)?;
        if matches!(outcome, Outcome::Saved(_)) {
            self.undo.push(Done {
                cells: vec![DoneCell {
                    key: key.clone(),
                    old,
                    new: Some(figure),
                }],
            });
            self.redo.clear();
        }
        Ok(outcome)
    }

    /// The covenant's criterion of an indicator (its plausible range and
    /// jump factor); None for a cluster made by hand.
    pub fn criterion(&self, code: &str) -> Option<&Criterion> {
        self.cluster.basis.as_ref()?.criterion(code)
    }

    /// What the plausibility checks compare a figure of `key` with: the
    /// same unit's same period last year (for an actual, over the
    /// territory it has now, composed from its predecessors after a
    /// merger; for a plan, last year's plan), and the year's plan of an
    /// actual.
    pub fn doubt_basis(&self, key: &ValueKey) -> (Option<Decimal>, Option<Decimal>) {
        let Some(ind) = self.cluster.indicator(&key.indicator) else {
            return (None, None);
        };
        match key.kind {
            Kind::Actual => (
                self.figures
                    .shown_last_year(&self.cluster, key.period, &key.province, ind)
                    .map(|s| s.value),
                self.figures.plan(key.period, &key.province, &key.indicator),
            ),
            Kind::Plan => (
                key.period
                    .last_year()
                    .and_then(|p| self.figures.plan(p, &key.province, &key.indicator)),
                None,
            ),
        }
    }
}

/// A figure typed over `old`: its qualifiers and comment stay (the
/// officer sees their marks and changes them apart), but it is no longer
/// a figure worked out from others.
fn retyped(old: Option<&Figure>, value: Decimal) -> Figure {
    match old {
        Some(f) => Figure {
            value,
            qualifiers: crate::model::Qualifiers {
                derived: false,
                ..f.qualifiers
            },
            note: f.note.clone(),
        },
        None => Figure::plain(value),
    }
}

/// The latest period with a unit's actual figure (the default view),
/// from the store's index of periods and per-unit counts: no values read.
fn latest_reported(store: &dyn Store) -> Result<Option<Period>, StoreError> {
    for p in store.periods()?.into_iter().rev() {
        let counts = store.unit_counts(p)?;
        if counts
            .iter()
            .any(|c| c.actuals > 0 && c.unit != crate::model::CLUSTER)
        {
            return Ok(Some(p));
        }
    }
    Ok(None)
}

/// The cluster's members in Vietnamese alphabetical order.
fn collated(cluster: &Cluster) -> Vec<Province> {
    let mut provinces = cluster.provinces.clone();
    provinces.sort_by(|a, b| vn::compare(&a.name, &b.name));
    provinces
}
