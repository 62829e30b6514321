//! The covenant in the store (format 3): the unit history in one record,
//! one record per covenant year — so a change of one year rewrites that
//! year only and a view of a period reads its year only — the weights
//! officers set (`mweights`, laid over the weights the covenant gives, until
//! the scoring engine replaces them) and the revision (who last changed the
//! covenant, and when).
//!
//! Inside: [`Stored`] (what the store keeps in memory and the views it
//! gives: the old cluster record of a period, weights), `edit` (the changes
//! an admin may make, each checked against what the writer saw and by the
//! model's rules) and `diff` (what a change did, item by item, for the
//! audit log).

mod diff;
mod edit;

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

pub use diff::changes;
pub use edit::{CovenantEdit, apply};

use super::{AuditEntry, Result, StoreError, codec, keys};
use crate::model::covenant::Covenant;
use crate::model::{Cluster, Period};

/// A record to write (`Some` bytes) or remove (`None`), by key.
pub type RecordChange = (Vec<u8>, Option<Vec<u8>>);

/// Weights set by officers, by indicator code.
pub type Weights = BTreeMap<String, Decimal>;

/// Who changed the covenant last, and when (the `mcovrev` record).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Revision {
    /// The sequence number of its last audit entry; 0: never changed since
    /// it was seeded or migrated.
    pub seq: u64,
    pub user: String,
    pub at_ms: i64,
}

/// The covenant as the store holds it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Stored {
    pub covenant: Covenant,
    pub weights: Weights,
    pub revision: Revision,
}

/// The covenant as `Store::covenant` gives it: the whole definition and the
/// revision an import checked against must still be current.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CovenantState {
    pub covenant: Covenant,
    pub revision: u64,
}

/// What a change of the covenant did.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CovenantOutcome {
    /// One audit entry per item changed (none: nothing changed).
    pub entries: Vec<AuditEntry>,
    /// What the writer should know (members a copied year left out).
    pub notices: Vec<String>,
}

impl Stored {
    /// The old cluster record for `period` (see `model::legacy`), with the
    /// weights officers set.
    pub fn cluster_for(&self, period: Period) -> Result<Cluster> {
        let mut cluster = self
            .covenant
            .cluster_for(period)
            .ok_or(StoreError::NoCluster)?;
        for ind in &mut cluster.indicators {
            if let Some(w) = self.weights.get(&ind.code) {
                ind.weight = *w;
            }
        }
        Ok(cluster)
    }

    /// The view of the latest covenant year, as a whole year.
    pub fn cluster(&self) -> Result<Cluster> {
        let latest = self
            .covenant
            .years
            .keys()
            .next_back()
            .ok_or(StoreError::NoCluster)?;
        self.cluster_for(Period::year(*latest))
    }

    /// An indicator's weight: set by an officer, else what the latest year
    /// that holds it gives; None for a code no year holds.
    pub fn weight(&self, code: &str) -> Option<Decimal> {
        if let Some(w) = self.weights.get(code) {
            return Some(*w);
        }
        self.covenant
            .years
            .values()
            .rev()
            .find_map(|y| y.criterion(code).map(|c| y.legacy_weight(c)))
    }

    pub fn state(&self) -> CovenantState {
        CovenantState {
            covenant: self.covenant.clone(),
            revision: self.revision.seq,
        }
    }

    /// The records of this state that differ from `old`'s: the key and the
    /// new bytes, None to remove it.
    pub fn records_changed_from(&self, old: &Stored) -> Result<Vec<RecordChange>> {
        let mut out = Vec::new();
        if self.covenant.units != old.covenant.units {
            out.push((
                keys::UNITS_META.to_vec(),
                Some(codec::encode(&self.covenant.units)?),
            ));
        }
        for (y, year) in &self.covenant.years {
            if old.covenant.years.get(y) != Some(year) {
                out.push((keys::year_key(*y), Some(codec::encode(year)?)));
            }
        }
        for y in old.covenant.years.keys() {
            if !self.covenant.years.contains_key(y) {
                out.push((keys::year_key(*y), None));
            }
        }
        if self.weights != old.weights {
            out.push((
                keys::WEIGHTS_META.to_vec(),
                Some(codec::encode(&self.weights)?),
            ));
        }
        if self.revision != old.revision {
            out.push((
                keys::REVISION_META.to_vec(),
                Some(codec::encode(&self.revision)?),
            ));
        }
        Ok(out)
    }

    /// Every record of this state (a new database, a migration).
    pub fn records(&self) -> Result<Vec<(Vec<u8>, Vec<u8>)>> {
        let mut out = vec![
            (
                keys::UNITS_META.to_vec(),
                codec::encode(&self.covenant.units)?,
            ),
            (keys::WEIGHTS_META.to_vec(), codec::encode(&self.weights)?),
            (keys::REVISION_META.to_vec(), codec::encode(&self.revision)?),
        ];
        for (y, year) in &self.covenant.years {
            out.push((keys::year_key(*y), codec::encode(year)?));
        }
        Ok(out)
    }
}
