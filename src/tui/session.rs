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
use crate::store::{AuditEntry, Change, Edit, Expect, Location, Store, StoreError};

/// One committed edit of this session, as undo needs it.
#[derive(Debug, Clone, PartialEq)]
pub struct Done {
    pub key: ValueKey,
    pub old: Option<Figure>,
    pub new: Option<Figure>,
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
            expected: RefCell::new(None),
        })
    }

    pub fn user(&self) -> &str {
        self.store.user()
    }

    /// The stored figure of a cell.
    pub fn figure(&self, key: &ValueKey) -> Option<&Figure> {
        self.figures
            .get(key.period, &key.province, &key.indicator, key.kind)
    }

    /// Validate and write one cell; on success the figures and the undo log
    /// follow. The message of an error is for the status line.
    pub fn commit(
        &mut self,
        key: &ValueKey,
        new: Option<Decimal>,
    ) -> Result<Outcome, SessionError> {
        self.cluster
            .check(key, new)
            .map_err(SessionError::Refused)?;
        let old = self.figure(key).cloned();
        if old.as_ref().map(|f| f.value) == new {
            return Ok(Outcome::Unchanged);
        }
        let new = new.map(Figure::plain);
        let outcome = self.write(key, old.clone(), new.clone())?;
        if matches!(outcome, Outcome::Saved(_)) {
            self.undo.push(Done {
                key: key.clone(),
                old,
                new,
            });
            self.redo.clear();
        }
        Ok(outcome)
    }

    fn write(
        &mut self,
        key: &ValueKey,
        expect: Option<Figure>,
        new: Option<Figure>,
    ) -> Result<Outcome, SessionError> {
        let edit = Edit::new(
            key.clone(),
            new.clone(),
            Expect::Value(expect.map(|f| f.value)),
        );
        let result = self.store.write(edit);
        // A client store's location says whether the server is reachable.
        self.location = self.store.location();
        match result {
            Ok(Some(entry)) => {
                self.figures.apply(key.clone(), new);
                self.saved.insert(key.clone());
                Ok(Outcome::Saved(entry))
            }
            Ok(None) => {
                self.figures.apply(key.clone(), new);
                Ok(Outcome::Unchanged)
            }
            Err(e) => {
                if let StoreError::Conflict { current, .. } = &e {
                    // Show what the other officer stored.
                    self.figures.apply(key.clone(), current.clone());
                }
                Err(e.into())
            }
        }
    }

    /// Change an indicator's covenant weight through the store (audited and
    /// flushed there); the cluster in memory follows. The text is for the
    /// status line.
    pub fn set_weight(&mut self, indicator: &str, weight: Decimal) -> Result<String, SessionError> {
        let name = self
            .cluster
            .indicator(indicator)
            .map(|i| i.name.clone())
            .unwrap_or_else(|| indicator.to_string());
        // The weight the officer saw: a change by someone else meanwhile
        // is refused, not overwritten.
        let seen = self.cluster.indicator(indicator).map(|i| i.weight);
        match self.store.set_weight(indicator, weight, seen) {
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
        match self.write(&done.key, done.new.clone(), done.old.clone()) {
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
        match self.write(&done.key, done.old.clone(), done.new.clone()) {
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
        }
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
