//! Reading the index of periods, per-unit counts and reported criteria
//! (see `store::index`): the period list seeks from one period's records
//! to the next, so it reads one index record per period and no values at
//! all; a period's counts and criteria are one prefix scan each.

use super::SledStore;
use crate::model::Period;
use crate::store::index::{Tally, UnitCount};
use crate::store::{Problem, Result, StoreError, codec, keys};

impl SledStore {
    pub(super) fn indexed_periods(&self, db: &sled::Db) -> Result<Vec<Period>> {
        let mut out = Vec::new();
        let mut from = keys::index_prefix(None);
        loop {
            let Some(item) = db.range(from.clone()..).next() else {
                break;
            };
            let (k, _) = self.noting(item.map_err(StoreError::from))?;
            if k.first() != Some(&keys::INDEX) {
                break;
            }
            match keys::parse_index_key(&k) {
                Some((period, _)) => {
                    out.push(period);
                    // Past every unit of this period: unit codes are ASCII,
                    // so no key of the period reaches 0xff after its prefix.
                    from = keys::index_prefix(Some(period));
                    from.push(0xff);
                }
                None => {
                    self.note_problem(Problem::Damaged(bad_key(&k)));
                    from = k.to_vec();
                    from.push(0);
                }
            }
        }
        Ok(out)
    }

    pub(super) fn indexed_counts(&self, db: &sled::Db, period: Period) -> Result<Vec<UnitCount>> {
        let mut out = Vec::new();
        for item in db.scan_prefix(keys::index_prefix(Some(period))) {
            let (k, v) = self.noting(item.map_err(StoreError::from))?;
            let Some((_, unit)) = keys::parse_index_key(&k) else {
                self.note_problem(Problem::Damaged(bad_key(&k)));
                continue;
            };
            match codec::decode::<Tally>(&k, &v) {
                Ok(t) => out.push(Tally::count(unit, t)),
                Err(e) => self.note_problem(Problem::Damaged(e)),
            }
        }
        Ok(out)
    }

    pub(super) fn indexed_reported(
        &self,
        db: &sled::Db,
        period: Period,
    ) -> Result<Vec<(String, u32)>> {
        let mut out = Vec::new();
        for item in db.scan_prefix(keys::reported_prefix(Some(period))) {
            let (k, v) = self.noting(item.map_err(StoreError::from))?;
            let Some((_, code)) = keys::parse_reported_key(&k) else {
                self.note_problem(Problem::Damaged(bad_key(&k)));
                continue;
            };
            match codec::decode::<u32>(&k, &v) {
                Ok(n) => out.push((code, n)),
                Err(e) => self.note_problem(Problem::Damaged(e)),
            }
        }
        Ok(out)
    }

    /// The index records a batch of value writes changes, read from `db`.
    pub(super) fn index_records(
        db: &sled::Db,
        deltas: crate::store::index::Deltas,
        at_ms: i64,
    ) -> Result<crate::store::index::Records> {
        deltas.records(
            at_ms,
            |k| match db.get(k)? {
                Some(b) => Ok(Some(codec::decode::<Tally>(k, &b)?)),
                None => Ok(None),
            },
            |k| match db.get(k)? {
                Some(b) => Ok(Some(codec::decode::<u32>(k, &b)?)),
                None => Ok(None),
            },
        )
    }
}

fn bad_key(k: &[u8]) -> StoreError {
    StoreError::Decode {
        key: keys::describe(k),
        cause: crate::store::error::CodecError::new(crate::store::error::CodecKind::BadKey),
    }
}
