//! A client's side of a staged import (see `server::imports`): begin,
//! send the rows in chunks, commit; dropping the connection abandons it.

use super::{ClientStore, unexpected};
use crate::server::protocol::{Op, Reply};
use crate::store::{BatchOutcome, Edit, Result};

impl ClientStore {
    /// Begin an import; `keep`: what its file leaves out, kept from the
    /// stored figures.
    pub fn import_begin(&self, keep: crate::store::sled_store::Keep) -> Result<u64> {
        match self.inner.call(Op::ImportBegin { keep })? {
            Reply::ImportBegun(id) => Ok(id),
            other => Err(unexpected(&other)),
        }
    }

    /// Stage a chunk of rows (at most `STAGE_MAX`): the rows staged so far.
    pub fn import_stage(&self, id: u64, edits: Vec<Edit>) -> Result<u64> {
        match self.inner.call(Op::ImportStage { id, edits })? {
            Reply::Staged(n) => Ok(n),
            other => Err(unexpected(&other)),
        }
    }

    pub fn import_commit(&self, id: u64) -> Result<BatchOutcome> {
        match self
            .inner
            .call_within(Op::ImportCommit { id }, super::LONG_CALL)?
        {
            Reply::Batch(b) => Ok(b),
            other => Err(unexpected(&other)),
        }
    }

    pub fn import_abandon(&self, id: u64) -> Result<()> {
        match self.inner.call(Op::ImportAbandon { id })? {
            Reply::Staged(_) => Ok(()),
            other => Err(unexpected(&other)),
        }
    }
}
