//! The data behind the screens: the store, the cluster, the in-memory
//! figures, the current period, and this session's committed edits (for the
//! saved markers and undo/redo). Every change goes through the store first;
//! the figures change only after the store said the write is on disk.

use std::cell::RefCell;
use std::collections::HashSet;

use rust_decimal::Decimal;

use super::vn;
use crate::model::{
    Cluster, Figure, Figures, Indicator, Kind, Period, PeriodData, Province, ValueKey,
};
use crate::server::roles;
use crate::store::{AuditEntry, Change, Edit, EditNote, Expect, Location, Role, Store, StoreError};

/// One cell to write, with the value the officer saw: the write is
/// refused if the stored value is no longer that (another officer's write
/// landed meanwhile), unless the officer was shown the other value and
/// confirmed overwriting it.
#[derive(Debug, Clone, PartialEq)]
pub struct CellWrite {
    pub key: ValueKey,
    pub new: Option<Decimal>,
    /// The stored value the officer saw: when the editor opened, when the
    /// paste was checked, or (overwriting) the other officer's.
    pub seen: Option<Decimal>,
    /// Shown another officer's value, the officer confirmed writing over
    /// it: audited as a knowing overwrite.
    pub overwrite: bool,
    /// The text as typed where what is stored differs from it (a share
    /// typed as `61/119`, stored rounded).
    pub typed: Option<String>,
}

impl CellWrite {
    pub fn new(key: ValueKey, new: Option<Decimal>, seen: Option<Decimal>) -> Self {
        CellWrite {
            key,
            new,
            seen,
            overwrite: false,
            typed: None,
        }
    }

    fn edit(&self) -> Edit {
        let expect = if self.overwrite {
            Expect::Overwrite(self.seen)
        } else {
            Expect::Value(self.seen)
        };
        Edit::new(self.key.clone(), self.new.map(Figure::plain), expect).with_note(EditNote {
            typed: self.typed.clone(),
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
    /// Indicators expected in a period, kept for (period, figures'
    /// generation): the Provinces screen needs them on every frame and
    /// working them out scans every stored value.
    expected: RefCell<Option<(Period, u64, Vec<usize>)>>,
}

impl Session {
    pub fn new(store: Box<dyn Store>, period: Option<Period>) -> Result<Self, StoreError> {
        let cluster = store.cluster()?;
        let figures = Figures::new(store.values(None)?);
        let period = period
            .or_else(|| latest_reported(&figures))
            .unwrap_or_else(|| Period::year(chrono_year()));
        let mut provinces = cluster.provinces.clone();
        provinces.sort_by(|a, b| vn::compare(&a.name, &b.name));
        let location = store.location();
        let role = store.role();
        Ok(Session {
            store,
            cluster,
            figures,
            period,
            provinces,
            location,
            saved: HashSet::new(),
            undo: Vec::new(),
            redo: Vec::new(),
            role,
            expected: RefCell::new(None),
        })
    }

    /// Fetch again what `new` fetched (after a reconnect: the database may
    /// have changed in ways the pushed writes do not carry); the period,
    /// the saved markers and undo stay.
    pub fn refetch(&mut self) -> Result<(), StoreError> {
        let cluster = self.store.cluster()?;
        let figures = Figures::new(self.store.values(None)?);
        let mut provinces = cluster.provinces.clone();
        provinces.sort_by(|a, b| vn::compare(&a.name, &b.name));
        self.cluster = cluster;
        self.figures = figures;
        self.provinces = provinces;
        self.location = self.store.location();
        self.role = self.store.role();
        *self.expected.borrow_mut() = None;
        Ok(())
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
        match &self.role {
            None => Ok(()),
            Some(role) => roles::may_write(role, &Edit::new(key.clone(), None, Expect::Any)),
        }
    }

    /// Whether this officer may change indicator weights (the server's rule).
    pub fn may_set_weight(&self) -> Result<(), String> {
        match &self.role {
            None => Ok(()),
            Some(role) => roles::may_set_weight(role),
        }
    }

    /// The last change of a cell, if any (who and when it was written).
    pub fn last_change(&self, key: &ValueKey) -> Option<AuditEntry> {
        self.store.history(key).ok()?.pop()
    }

    /// The last change of an indicator's weight, if any.
    pub fn last_weight_change(&self, indicator: &str) -> Option<AuditEntry> {
        self.store.weight_history(indicator).ok()?.pop()
    }

    pub fn user(&self) -> &str {
        self.store.user()
    }

    /// The stored figure of a cell.
    pub fn figure(&self, key: &ValueKey) -> Option<&Figure> {
        self.figures
            .get(key.period, &key.province, &key.indicator, key.kind)
    }

    /// Validate and write one cell, checked against the value the officer
    /// saw (`write.seen`); on success the figures and the undo log follow.
    /// A stale value is refused by the store ([`StoreError::Conflict`],
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
        let new = write.new.map(Figure::plain);
        let outcome = self.write(write.edit())?;
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
    /// flush), each checked against the value the officer saw; one undo
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
        let edits = writes.iter().map(CellWrite::edit).collect();
        let result = self.store.write_batch(edits);
        self.location = self.store.location();
        match result {
            Ok(_) => {
                let mut cells = Vec::with_capacity(writes.len());
                for w in writes {
                    let new = w.new.map(Figure::plain);
                    let old = self.figure(&w.key).cloned();
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
                CellWrite::new(
                    c.key.clone(),
                    to.as_ref().map(|f| f.value),
                    from.as_ref().map(|f| f.value),
                )
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
                let edits = writes.iter().map(CellWrite::edit).collect();
                let result = self.store.write_batch(edits);
                self.location = self.store.location();
                match result {
                    Ok(_) => {
                        for c in &done.cells {
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

    /// Change an indicator's covenant weight through the store (audited and
    /// flushed there); the cluster in memory follows. The text is for the
    /// status line.
    /// `seen` is the weight the officer saw when the editor opened (or,
    /// overwriting knowingly, the other officer's): a change by someone
    /// else meanwhile is refused, not overwritten.
    pub fn set_weight(
        &mut self,
        indicator: &str,
        weight: Decimal,
        seen: Decimal,
    ) -> Result<String, SessionError> {
        let name = self
            .cluster
            .indicator(indicator)
            .map(|i| i.name.clone())
            .unwrap_or_else(|| indicator.to_string());
        match self.store.set_weight(indicator, weight, Some(seen)) {
            Ok(Some(_)) => {
                let mut old = Decimal::ZERO;
                if let Some(ind) = self
                    .cluster
                    .indicators
                    .iter_mut()
                    .find(|i| i.code == indicator)
                {
                    old = ind.weight;
                    ind.weight = weight;
                }
                Ok(format!(
                    "Đã lưu trọng số «{name}»: {} → {}",
                    vn::number_exact(old, 0),
                    vn::number_exact(weight, 0)
                ))
            }
            Ok(None) => Ok(format!("Trọng số «{name}» không đổi")),
            Err(e) => {
                // Show the weight the other officer stored.
                if let StoreError::Conflict {
                    current: Some(f), ..
                } = &e
                    && let Some(ind) = self
                        .cluster
                        .indicators
                        .iter_mut()
                        .find(|i| i.code == indicator)
                {
                    ind.weight = f.value;
                }
                Err(e.into())
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
            Change::Value { key, new, .. } => self.figures.apply(key.clone(), new.clone()),
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
            // The covenant changed: the screens read it again when they
            // take the cluster per period (`Store::cluster_for`).
            Change::Covenant(_) => {}
            // A score sheet or meeting: the Score screen rereads its book.
            Change::Scoring(_) => {}
        }
    }

    /// The store, for the covenant score's reads and writes (the Score
    /// screen's book, `tui::app::score_book`).
    pub fn store(&self) -> &dyn Store {
        &*self.store
    }

    pub fn history(&self, key: &ValueKey) -> Result<Vec<AuditEntry>, SessionError> {
        Ok(self.store.history(key)?)
    }

    /// The indicators expected of every province in the current period
    /// (`Figures::expected_indicators`), worked out once per change.
    pub fn expected_indicators(&self) -> Vec<&Indicator> {
        let generation = self.figures.generation();
        let mut memo = self.expected.borrow_mut();
        let fresh = matches!(&*memo, Some((p, g, _)) if *p == self.period && *g == generation);
        if !fresh {
            let indices = self
                .figures
                .expected_indicators(&self.cluster, self.period)
                .into_iter()
                .filter_map(|ind| {
                    self.cluster
                        .indicators
                        .iter()
                        .position(|i| i.code == ind.code)
                })
                .collect();
            *memo = Some((self.period, generation, indices));
        }
        match &*memo {
            Some((_, _, indices)) => indices
                .iter()
                .map(|&i| &self.cluster.indicators[i])
                .collect(),
            None => Vec::new(),
        }
    }

    /// What the review screens compute from: the figures of this period.
    pub fn period_data(&self) -> PeriodData<'_> {
        PeriodData {
            cluster: &self.cluster,
            figures: &self.figures,
            period: self.period,
        }
    }

    /// Every change of one indicator's covenant weight, oldest first.
    pub fn weight_history(&self, indicator: &str) -> Result<Vec<AuditEntry>, SessionError> {
        Ok(self.store.weight_history(indicator)?)
    }

    /// Periods that hold any value, plus the current one, in order.
    pub fn periods(&self) -> Vec<Period> {
        let mut list = self.figures.periods();
        if !list.contains(&self.period) {
            list.push(self.period);
            list.sort();
        }
        list
    }
}

/// The latest period with a province's actual figure (the default view).
fn latest_reported(figures: &Figures) -> Option<Period> {
    figures
        .iter()
        .filter(|(k, _)| k.kind == Kind::Actual && k.province != crate::model::CLUSTER)
        .map(|(k, _)| k.period)
        .max()
}

fn chrono_year() -> u16 {
    use chrono::Datelike;
    u16::try_from(chrono::Utc::now().year()).unwrap_or(2021)
}
