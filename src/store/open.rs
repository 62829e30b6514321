//! Opening a database directory: what it holds decides whether thidua
//! seeds it, opens (and if need be migrates) it, or refuses.
//!
//! The built-in data is loaded only into a directory thidua creates, or an
//! empty one. A directory holding any of sled's files (`db`, `conf`,
//! `blobs/`, `snap.*`), thidua's traces (`backups/`, the watermark) but no
//! database in them (no format marker, nor format 1's cluster record) is
//! refused with the newest backup and the restore command: seeding it would
//! hide that the officers' figures are gone. A new database gets the
//! built-in data, or nothing at all (`Seed::Empty`: a cluster set up from
//! its own covenant files). Seeding itself is marked by a file that lives only while it runs,
//! so a first start killed half-way is seeded again, not refused.
//!
//! Incidental entries a server may create before the database (a socket,
//! files named `thidua*`, `*.log`, `*.pid`, `*.lock`) do not make a
//! directory non-empty.

use std::os::unix::fs::{DirBuilderExt, FileTypeExt};
use std::path::Path;
use std::time::{Duration, Instant};

use super::covenant::{Revision, Stored, Weights};
use super::durable::{self, Files};
use super::error::{SledFault, SledFaultKind, StoreError, SystemError};
use super::sled_store::{Opened, Parts};
use super::watermark::{self, Watermark};
use super::{Edit, Expect, Flush, Problem, Result, Role, SledStore, backup, builtin, codec};
use super::{keys, migrate};
use crate::model::Value;
use crate::model::covenant::Covenant;
use crate::model::unit::UnitHistory;

/// sled's default cache is 1 GiB; a few MiB hold a whole cluster's figures.
const CACHE_BYTES: u64 = 4 * 1024 * 1024;

/// Present only while a new database is being seeded.
pub const SEEDING_MARK: &str = ".thidua-seeding";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Use,
    /// Opened for `check` and `backup`: lost writes are a problem to
    /// report, not a refusal.
    Inspect,
}

/// What a new database is filled with.
pub enum Seed {
    BuiltIn,
    Given(Box<(Covenant, Vec<Value>)>),
    /// No covenant and no figures (set up from its own files next).
    Empty,
    /// Never create one (opening to inspect).
    Refuse,
}

/// What a directory holds, before sled touches it.
enum Survey {
    /// Created now, or empty: seed it.
    Fresh,
    /// A seeding that did not finish: whatever is there is ours.
    Interrupted,
    Existing,
}

pub fn open(path: &Path, user: &str, mode: Mode, seed: Seed) -> Result<SledStore> {
    if matches!(seed, Seed::Refuse) && !path.exists() {
        return Err(StoreError::Open {
            path: path.display().to_string(),
            cause: SystemError::from(std::io::Error::from(std::io::ErrorKind::NotFound)),
        });
    }
    let survey = survey(path)?;
    if matches!(seed, Seed::Refuse) && !matches!(survey, Survey::Existing) {
        return Err(no_database(path));
    }
    match survey {
        Survey::Existing => {
            if matches!(seed, Seed::Given(_)) {
                return Err(StoreError::NotEmpty {
                    path: path.display().to_string(),
                });
            }
            existing(path, user, open_sled(path)?, mode)
        }
        Survey::Fresh => {
            mark_seeding(path)?;
            let db = open_sled(path)?;
            seed_into(path, user, db, seed)
        }
        Survey::Interrupted => {
            let db = open_sled(path)?;
            if has_database(&db)? {
                // Seeded, killed before the mark went: a whole database.
                unmark_seeding(path)?;
                return existing(path, user, db, mode);
            }
            seed_into(path, user, db, seed)
        }
    }
}

fn sys(path: &Path) -> impl Fn(std::io::Error) -> StoreError + '_ {
    move |e| StoreError::Open {
        path: path.display().to_string(),
        cause: SystemError::from(e),
    }
}

fn no_database(path: &Path) -> StoreError {
    StoreError::NoDatabase {
        path: path.display().to_string(),
        newest_backup: backup::newest(path).map(|p| p.display().to_string()),
    }
}

/// Create a directory only its owner may enter: it holds every figure.
pub fn create_dir(path: &Path) -> Result<()> {
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(path)
        .map_err(sys(path))
}

fn survey(path: &Path) -> Result<Survey> {
    let entries = match std::fs::read_dir(path) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            create_dir(path)?;
            return Ok(Survey::Fresh);
        }
        Err(e) => return Err(sys(path)(e)),
    };
    let (mut db, mut traces, mut marked, mut others) = (false, false, false, false);
    for entry in entries {
        let entry = entry.map_err(sys(path))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        match name.as_str() {
            "db" => db = true,
            "conf" | "blobs" | backup::DIR_NAME | watermark::FILE_NAME => traces = true,
            SEEDING_MARK => marked = true,
            n if n.starts_with("snap.") => traces = true,
            // What a server may create before the database: its socket,
            // log, pid or lock file.
            n if n.starts_with("thidua")
                || [".log", ".pid", ".lock"].iter().any(|e| n.ends_with(e)) => {}
            _ if entry.file_type().is_ok_and(|t| t.is_socket()) => {}
            _ => others = true,
        }
    }
    Ok(if marked {
        Survey::Interrupted
    } else if db {
        Survey::Existing
    } else if traces {
        return Err(no_database(path));
    } else if others {
        return Err(StoreError::NotEmpty {
            path: path.display().to_string(),
        });
    } else {
        Survey::Fresh
    })
}

fn mark_seeding(path: &Path) -> Result<()> {
    std::fs::File::create(path.join(SEEDING_MARK)).map_err(sys(path))?;
    durable::sync_dir(path).map_err(sys(path))
}

fn unmark_seeding(path: &Path) -> Result<()> {
    std::fs::remove_file(path.join(SEEDING_MARK)).map_err(sys(path))?;
    durable::sync_dir(path).map_err(sys(path))
}

/// Open sled's files; its errors become ours, in Vietnamese.
pub fn open_sled(path: &Path) -> Result<sled::Db> {
    let shown = path.display().to_string();
    let config = sled::Config::new().path(path).cache_capacity(CACHE_BYTES);
    // Damaged files can make sled panic while recovering: a damaged
    // database, not a crash of thidua.
    let opened = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| config.open()));
    let corrupt = |cause: SledFault| StoreError::Corrupt {
        path: shown.clone(),
        cause,
        newest_backup: backup::newest(path).map(|p| p.display().to_string()),
    };
    match opened {
        Ok(Ok(db)) => Ok(db),
        // sled reports a held file lock only through this message.
        Ok(Err(e)) if e.to_string().contains("could not acquire lock") => {
            Err(StoreError::Locked { path: shown })
        }
        Ok(Err(sled::Error::Io(e))) => Err(StoreError::Open {
            path: shown,
            cause: SystemError::from(e),
        }),
        Ok(Err(e)) => Err(corrupt(SledFault::from(e))),
        Err(_) => Err(corrupt(SledFault {
            kind: SledFaultKind::Bug,
            detail: "panic while opening".into(),
        })),
    }
}

/// The files a durable flush syncs, and the watermark with what it says.
fn files(path: &Path, db: sled::Db) -> Result<(Opened, Option<u64>)> {
    let files = Files::open(path).map_err(sys(path))?;
    let (watermark, said) = Watermark::open(path).map_err(sys(path))?;
    Ok((
        Opened {
            db,
            files,
            watermark,
        },
        said,
    ))
}

/// Whether sled's files hold a thidua database: the format marker (format
/// 2 on), or the cluster record of format 1.
pub fn has_database(db: &sled::Db) -> Result<bool> {
    Ok(db.get(keys::FORMAT_META)?.is_some() || db.get(keys::CLUSTER_META)?.is_some())
}

/// A database: migrate it if it is older, check it lost nothing
/// acknowledged, read what the store keeps in memory.
pub fn existing(path: &Path, user: &str, db: sled::Db, mode: Mode) -> Result<SledStore> {
    if !has_database(&db)? {
        return Err(no_database(path));
    }
    let migrated = migrate::run(&db, path)?;
    let (opened, said) = files(path, db)?;
    let mut parts = read_parts(path, opened)?;
    if let Some(m) = &migrated {
        parts.problems.extend(m.problems.iter().cloned());
    }
    parts.migrated = migrated;
    if let Some(durable) = said.filter(|d| *d > parts.seq) {
        let found = parts.seq;
        match mode {
            Mode::Use => {
                return Err(StoreError::LostWrites {
                    path: path.display().to_string(),
                    durable,
                    found,
                    newest_backup: backup::newest(path).map(|p| p.display().to_string()),
                });
            }
            Mode::Inspect => parts.problems.push(Problem::LostWrites { durable, found }),
        }
    }
    let store = SledStore::assemble(path, user, parts);
    // An import cut short is finished or discarded before anyone reads.
    store.settle_imports()?;
    Ok(store)
}

/// One meta record, or None where it is absent or damaged (then noted).
fn meta<T: serde::de::DeserializeOwned>(
    db: &sled::Db,
    key: &[u8],
    problems: &mut Vec<Problem>,
) -> Result<Option<T>> {
    match db.get(key)? {
        Some(bytes) => match codec::decode(key, &bytes) {
            Ok(v) => Ok(Some(v)),
            Err(e) => {
                problems.push(Problem::Damaged(e));
                Ok(None)
            }
        },
        None => Ok(None),
    }
}

/// The covenant records of an open database (format 3). A damaged record
/// is reported and left out, never fatal to a start.
pub fn read_covenant(db: &sled::Db, problems: &mut Vec<Problem>) -> Result<Stored> {
    let units: UnitHistory = meta(db, keys::UNITS_META, problems)?.unwrap_or_default();
    let weights: Weights = meta(db, keys::WEIGHTS_META, problems)?.unwrap_or_default();
    let revision: Revision = meta(db, keys::REVISION_META, problems)?.unwrap_or_default();
    let mut covenant = Covenant {
        units,
        years: Default::default(),
    };
    for item in db.scan_prefix(keys::YEAR_META) {
        let (k, v) = item?;
        let Some(year) = keys::year_of(&k) else {
            continue;
        };
        match codec::decode(&k, &v) {
            Ok(y) => {
                covenant.years.insert(year, y);
            }
            Err(e) => problems.push(Problem::Damaged(e)),
        }
    }
    Ok(Stored {
        covenant,
        weights,
        revision,
    })
}

/// The covenant and the sequence counter of an open database.
fn read_parts(path: &Path, opened: Opened) -> Result<Parts> {
    if !has_database(&opened.db)? {
        return Err(no_database(path));
    }
    let mut problems = Vec::new();
    let stored = read_covenant(&opened.db, &mut problems)?;
    let seq = match opened.db.get(keys::SEQ_META)? {
        Some(bytes) => match codec::decode::<u64>(keys::SEQ_META, &bytes) {
            Ok(seq) => seq,
            Err(e) => {
                problems.push(Problem::Damaged(e));
                highest_seq(&opened.db)?
            }
        },
        None => highest_seq(&opened.db)?,
    };
    Ok(Parts {
        opened,
        stored,
        seq,
        migrated: None,
        problems,
    })
}

/// The highest sequence number in the audit and role logs' keys.
pub fn highest_seq(db: &sled::Db) -> Result<u64> {
    let mut last = 0;
    for prefix in [keys::AUDIT, keys::ROLE_LOG] {
        for item in db.scan_prefix([prefix]) {
            let (k, _) = item?;
            last = last.max(keys::seq_of(&k).unwrap_or(0));
        }
    }
    Ok(last)
}

/// First start: the covenant's records, the format marker, the creator as
/// admin, and every value with its audit entry, in one atomic batch.
fn seed_into(path: &Path, user: &str, db: sled::Db, seed: Seed) -> Result<SledStore> {
    let (covenant, values, weights) = match seed {
        Seed::BuiltIn => {
            let (covenant, values) = builtin::load_covenant()?;
            let weights = builtin::weights(&covenant);
            (covenant, values, weights)
        }
        Seed::Given(given) => {
            let (covenant, values) = *given;
            (covenant, values, Weights::new())
        }
        Seed::Empty => (Covenant::default(), Vec::new(), Weights::new()),
        Seed::Refuse => return Err(no_database(path)),
    };
    let stored = Stored {
        covenant,
        weights,
        revision: Revision::default(),
    };
    let mut extra = stored.records()?;
    extra.push((
        keys::FORMAT_META.to_vec(),
        migrate::marker(migrate::current())?,
    ));
    // The creator administers the database when it is shared.
    extra.push((keys::role_key(user), codec::encode(&Role::Admin)?));
    let (opened, _) = files(path, db)?;
    let store = SledStore::assemble(
        path,
        user,
        Parts {
            opened,
            stored,
            seq: 0,
            migrated: None,
            problems: Vec::new(),
        },
    );
    let edits = values
        .into_iter()
        .map(|v| Edit::new(v.key, Some(v.figure), Expect::Any))
        .collect();
    store.commit(user, edits, extra, Flush::Now)?;
    unmark_seeding(path)?;
    Ok(store)
}

/// Open the database again after a failure (the store's own handle has
/// just been dropped; sled may hold its lock a moment longer).
pub fn reopen(path: &Path) -> Result<Parts> {
    let deadline = Instant::now() + Duration::from_secs(5);
    let db = loop {
        match open_sled(path) {
            Err(StoreError::Locked { .. }) if Instant::now() < deadline => {
                std::thread::sleep(Duration::from_millis(20));
            }
            other => break other?,
        }
    };
    let (opened, _) = files(path, db)?;
    read_parts(path, opened)
}

/// Rebuild a database from a backup into a new or empty directory: the
/// whole file is read and checked before anything is written.
pub fn restore(
    input: impl std::io::Read,
    file: &str,
    path: &Path,
    user: &str,
) -> Result<(SledStore, backup::Summary)> {
    let contents = backup::read_records(input, file)?;
    match std::fs::read_dir(path) {
        Ok(mut entries) => {
            if entries.next().is_some() {
                return Err(StoreError::NotEmpty {
                    path: path.display().to_string(),
                });
            }
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => create_dir(path)?,
        Err(e) => return Err(sys(path)(e)),
    }
    let db = open_sled(path)?;
    let mut batch = sled::Batch::default();
    for (k, v) in contents.records {
        batch.insert(k, v);
    }
    db.apply_batch(batch)?;
    db.flush()?;
    let store = existing(path, user, db, Mode::Use)?;
    store.flush()?;
    Ok((store, contents.summary))
}
