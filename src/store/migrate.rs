//! Upgrading a database written in an older format, once, when it is opened.
//!
//! A database is in one format as a whole: its `mformat` record (absent in
//! format 1, which had none). Opening one of an older format than
//! [`codec::FORMAT_VERSION`]:
//! 1. writes a backup of it as it is (`backups/thidua-…-format1.bak`),
//! 2. reads every record and runs each step from its format up, in memory,
//! 3. writes the result as one sled batch (all or nothing) with the new
//!    marker; the caller then syncs it to disk.
//!
//! A database of a newer format than this build is refused, unchanged.
//!
//! Adding a format: raise `FORMAT_VERSION`, write `vN::to_vN+1` (a function
//! over all records) and add it to [`STEPS`]. A step may use the current
//! record types only while it is the newest; when a later format changes a
//! type that a step decodes or encodes, that step first gets a frozen copy
//! of the type in its own module (as `v1` holds format 1's audit entry).
//! The fixture test (`tests/store_migrate.rs`) runs every step on a real
//! database of format 1.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::error::StoreError;
use super::{Problem, backup, codec, keys};

mod v1;
mod v2;
mod v3;
mod v4;

/// Every record of a database, key → stored bytes.
pub type Records = BTreeMap<Vec<u8>, Vec<u8>>;

/// One format change: rewrites the records of format `from` into `from + 1`;
/// records it cannot read stay as they are and are reported.
pub struct Step {
    pub from: u16,
    pub run: fn(&mut Records, &mut Vec<Problem>) -> Result<(), StoreError>,
}

pub const STEPS: &[Step] = &[
    Step {
        from: 1,
        run: v1::to_v2,
    },
    Step {
        from: 2,
        run: v2::to_v3,
    },
    Step {
        from: 3,
        run: v3::to_v4,
    },
    Step {
        from: 4,
        run: v4::to_v5,
    },
];

/// What a migration did.
#[derive(Debug, Clone, PartialEq)]
pub struct Migrated {
    pub from: u16,
    pub to: u16,
    /// The database as it was, before the migration.
    pub backup: PathBuf,
    pub records: usize,
    /// Records carried over unread because they were already damaged.
    pub problems: Vec<Problem>,
}

pub fn current() -> u16 {
    u16::from(codec::FORMAT_VERSION)
}

/// The marker's body is a bincode `u16` after one version byte in every
/// format, so any build can read any database's format.
pub fn read_marker(bytes: &[u8]) -> Option<u16> {
    let body = bytes.get(1..)?;
    let (format, used): (u16, usize) =
        bincode::serde::decode_from_slice(body, bincode::config::standard()).ok()?;
    (used == body.len()).then_some(format)
}

pub fn marker(format: u16) -> Result<Vec<u8>, StoreError> {
    codec::encode_as(codec::FORMAT_VERSION, &format)
}

/// The format of an opened database: its marker, or 1 for one that has
/// no marker (format 1 had a cluster record and none).
pub fn format_of(db: &sled::Db, path: &Path) -> Result<u16, StoreError> {
    match db.get(keys::FORMAT_META).map_err(StoreError::from)? {
        Some(bytes) => read_marker(&bytes).ok_or_else(|| StoreError::Decode {
            key: path.display().to_string() + " (mformat)",
            cause: super::error::CodecError::new(super::error::CodecKind::Malformed),
        }),
        None => Ok(1),
    }
}

/// Bring the database at `path` to the current format if it is older;
/// `None` when it already is.
pub fn run(db: &sled::Db, path: &Path) -> Result<Option<Migrated>, StoreError> {
    let from = format_of(db, path)?;
    let to = current();
    if from > to {
        return Err(StoreError::NewerFormat {
            path: path.display().to_string(),
            found: from,
            supported: to,
        });
    }
    if from == to {
        return Ok(None);
    }
    migrate(db, path, from)
        .map(Some)
        .map_err(|cause| StoreError::Migration {
            path: path.display().to_string(),
            from,
            to,
            cause: Box::new(cause),
        })
}

fn migrate(db: &sled::Db, path: &Path, from: u16) -> Result<Migrated, StoreError> {
    let backup = backup::before_migration(db, path, from)?;
    let mut records = Records::new();
    for item in db.iter() {
        let (k, v) = item?;
        records.insert(k.to_vec(), v.to_vec());
    }
    let before: Vec<Vec<u8>> = records.keys().cloned().collect();
    let mut problems = Vec::new();
    for step in STEPS.iter().filter(|s| s.from >= from) {
        (step.run)(&mut records, &mut problems)?;
    }
    records.insert(keys::FORMAT_META.to_vec(), marker(current())?);
    let mut batch = sled::Batch::default();
    for k in before.iter().filter(|k| !records.contains_key(*k)) {
        batch.remove(k.as_slice());
    }
    let count = records.len();
    for (k, v) in records {
        batch.insert(k, v);
    }
    db.apply_batch(batch)?;
    db.flush()?;
    Ok(Migrated {
        from,
        to: current(),
        backup,
        records: count,
        problems,
    })
}
