//! Imports staged by older builds, in the `staging` sled tree (import id,
//! 8 bytes big-endian, then the value key → the edit), with their marker
//! `mimport` naming the last staged key moved. Nothing stages there any
//! more; an opening still finishes a move such a build had begun (every
//! row was checked before its marker was written) and drops the rest.

use serde::{Deserialize, Serialize};

use super::{Moved, SledStore};
use crate::store::sled_store::{Flush, Opened};
use crate::store::{Edit, Expect, Result, StoreError, codec};

/// The tree of rows staged by older builds.
pub(super) const TREE: &[u8] = b"staging";
/// Present while such an import was being moved into place.
pub(super) const MARKER: &[u8] = b"mimport";
/// Rows moved per sled batch, as those builds did.
const MOVE_BATCH: usize = 1_000;

/// The marker of a move in progress, as older builds wrote it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(super) struct Marker {
    pub id: u64,
    pub user: String,
    /// The last staged key moved (None: none yet).
    pub cursor: Option<Vec<u8>>,
}

pub(super) fn prefix(id: u64) -> [u8; 8] {
    id.to_be_bytes()
}

impl SledStore {
    /// On opening, under the writer lock: finish a move an older build
    /// began, then drop every row it staged.
    pub(super) fn settle_tree(&self, o: &Opened) -> Result<()> {
        if let Some(bytes) = o.db.get(MARKER)? {
            let mut marker: Marker = codec::decode(MARKER, &bytes)?;
            let tree = o.db.open_tree(TREE)?;
            let _hidden = self.hide();
            let mut moved = Moved::default();
            loop {
                let start = match &marker.cursor {
                    Some(c) => std::ops::Bound::Excluded(c.clone()),
                    None => std::ops::Bound::Included(prefix(marker.id).to_vec()),
                };
                let mut edits = Vec::new();
                let mut last = None;
                for item in tree.range((start, std::ops::Bound::Unbounded)) {
                    let (k, v) = item?;
                    if !k.starts_with(&prefix(marker.id)) || edits.len() == MOVE_BATCH {
                        break;
                    }
                    edits.push(staged_edit(&k, &v)?);
                    last = Some(k.to_vec());
                }
                let Some(last) = last else { break };
                marker.cursor = Some(last);
                let extra = vec![(MARKER.to_vec(), codec::encode(&marker)?)];
                let (outcome, entries) =
                    self.commit_locked(o, &marker.user, edits, extra, Flush::Later)?;
                moved.add(outcome, entries, 0);
            }
            o.db.remove(MARKER)?;
            self.sync(o)?;
        }
        if o.db.tree_names().iter().any(|n| n.as_ref() == TREE) {
            let tree = o.db.open_tree(TREE)?;
            if !tree.is_empty() {
                clear(&tree)?;
                tree.flush()?;
            }
        }
        Ok(())
    }
}

/// A staged row being moved, checked before its marker was written:
/// what it expected no longer matters (a knowing overwrite stays one, for
/// its audit entry; the tree held each cell once, so it still holds).
/// One staged by a build whose expectation held only the value is read too.
fn staged_edit(k: &[u8], v: &[u8]) -> Result<Edit> {
    match codec::decode::<Edit>(k, v) {
        Ok(mut e) => {
            if let Expect::Value(_) = e.expect {
                e.expect = Expect::Any;
            }
            Ok(e)
        }
        Err(first) => match codec::decode::<value_only::Edit>(k, v) {
            Ok(old) => Ok(Edit {
                key: old.key,
                new: old.new,
                expect: Expect::Any,
                note: old.note,
            }),
            Err(_) => Err(first),
        },
    }
}

/// The shape of a staged row when an edit expected only a value: frozen,
/// read by [`staged_edit`] alone.
pub(super) mod value_only {
    use rust_decimal::Decimal;
    use serde::{Deserialize, Serialize};

    use crate::model::{Figure, ValueKey};
    use crate::store::EditNote;

    #[derive(Serialize, Deserialize)]
    pub enum Expect {
        Any,
        Value(Option<Decimal>),
        Overwrite(Option<Decimal>),
    }

    #[derive(Serialize, Deserialize)]
    pub struct Edit {
        pub key: ValueKey,
        pub new: Option<Figure>,
        pub expect: Expect,
        pub note: Box<EditNote>,
    }
}

/// Remove every row of the tree, in bounded batches.
fn clear(tree: &sled::Tree) -> Result<()> {
    loop {
        let mut batch = sled::Batch::default();
        let mut n = 0;
        for item in tree.iter().keys().take(MOVE_BATCH) {
            batch.remove(item?);
            n += 1;
        }
        if n == 0 {
            return Ok(());
        }
        tree.apply_batch(batch).map_err(StoreError::from)?;
    }
}
