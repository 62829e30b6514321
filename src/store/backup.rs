//! One file with everything a database holds, and back again; the rotating
//! daily backups a server keeps in `DIR/backups/`.
//!
//! # File format, version 1
//!
//! All integers big-endian.
//!
//! | bytes | what |
//! |---|---|
//! | 8 | magic `THIDUABK` |
//! | 2 | version of this file format (1) |
//! | 2 | format of the database the records come from ([`codec::FORMAT_VERSION`], or 1 for a database not yet migrated) |
//! | per record, in key order: 4 + key + 4 + value | key length (≥ 1), the key, value length, the value as stored (starting with its format-version byte) |
//! | 4 | zero: no more records |
//! | 8 | the number of records |
//! | 4 | CRC-32 (IEEE) of every byte before it |
//!
//! The records are the database's own, byte for byte: the covenant (its
//! unit history, each year, the weights set), every value with its qualifiers and
//! note, the whole audit log, roles and the role log, the format marker and
//! the sequence counter. Nothing in the file depends on when or where it
//! was written, so a backup restored and backed up again is byte-identical.
//! A reader checks the magic, both versions, the key order, the count and
//! the checksum before it writes anything.

use std::fs::File;
use std::io::{BufReader, BufWriter, Read, Write};
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};

use super::error::{BackupProblem, StoreError, SystemError};
use super::{codec, durable, keys};

pub const MAGIC: &[u8; 8] = b"THIDUABK";
pub const FILE_VERSION: u16 = 1;
/// Where a database keeps its backups, inside its directory.
pub const DIR_NAME: &str = "backups";
/// How many rotating backups a server keeps.
pub const KEEP: usize = 14;

const MAX_KEY: u32 = 64 * 1024;
const MAX_VALUE: u32 = 256 * 1024 * 1024;

/// What a backup or restore moved.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Summary {
    pub records: u64,
    pub bytes: u64,
    /// The database format of the records.
    pub format: u16,
}

/// Counts the bytes and the checksum of what passes through.
struct Tally<W> {
    inner: W,
    crc: crc32fast::Hasher,
    bytes: u64,
}

impl<W: Write> Tally<W> {
    fn put(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        self.crc.update(bytes);
        self.bytes += bytes.len() as u64;
        self.inner.write_all(bytes)
    }
}

/// Write every record of `db` to `out`. The caller keeps writes out
/// while it runs (sled's iterator is not a snapshot).
pub(super) fn write_records<W: Write>(
    db: &sled::Db,
    format: u16,
    out: W,
) -> Result<Summary, StoreError> {
    let mut t = Tally {
        inner: out,
        crc: crc32fast::Hasher::new(),
        bytes: 0,
    };
    let io = |e: std::io::Error| StoreError::System(SystemError::from(e));
    t.put(MAGIC).map_err(io)?;
    t.put(&FILE_VERSION.to_be_bytes()).map_err(io)?;
    t.put(&format.to_be_bytes()).map_err(io)?;
    let mut records = 0u64;
    for item in db.iter() {
        let (k, v) = item.map_err(StoreError::from)?;
        t.put(&len32(k.len())?.to_be_bytes()).map_err(io)?;
        t.put(&k).map_err(io)?;
        t.put(&len32(v.len())?.to_be_bytes()).map_err(io)?;
        t.put(&v).map_err(io)?;
        records += 1;
    }
    t.put(&0u32.to_be_bytes()).map_err(io)?;
    t.put(&records.to_be_bytes()).map_err(io)?;
    let crc = t.crc.clone().finalize();
    t.inner.write_all(&crc.to_be_bytes()).map_err(io)?;
    t.inner.flush().map_err(io)?;
    Ok(Summary {
        records,
        bytes: t.bytes + 4,
        format,
    })
}

fn len32(n: usize) -> Result<u32, StoreError> {
    u32::try_from(n).map_err(|_| StoreError::Invalid("bản ghi quá lớn để sao lưu".into()))
}

/// The records of a backup file, checked whole.
pub(super) struct Contents {
    pub records: Vec<(Vec<u8>, Vec<u8>)>,
    pub summary: Summary,
}

/// Read and check a whole backup; `file` names it in errors.
pub(super) fn read_records<R: Read>(input: R, file: &str) -> Result<Contents, StoreError> {
    let bad = |problem: BackupProblem| StoreError::Backup {
        file: file.to_string(),
        problem,
    };
    let mut r = Checked {
        inner: BufReader::new(input),
        crc: crc32fast::Hasher::new(),
        bytes: 0,
    };
    let mut magic = [0u8; 8];
    r.exact(&mut magic).map_err(|e| bad(e.into_problem(true)))?;
    if &magic != MAGIC {
        return Err(bad(BackupProblem::NotABackup));
    }
    let version = r.u16().map_err(|e| bad(e.into_problem(false)))?;
    if version != FILE_VERSION {
        return Err(bad(BackupProblem::NewerFile(version, FILE_VERSION)));
    }
    let format = r.u16().map_err(|e| bad(e.into_problem(false)))?;
    if format > u16::from(codec::FORMAT_VERSION) {
        return Err(bad(BackupProblem::NewerFormat(
            format,
            u16::from(codec::FORMAT_VERSION),
        )));
    }
    let mut records: Vec<(Vec<u8>, Vec<u8>)> = Vec::new();
    loop {
        let key_len = r.u32().map_err(|e| bad(e.into_problem(false)))?;
        if key_len == 0 {
            break;
        }
        let n = records.len() as u64 + 1;
        if key_len > MAX_KEY {
            return Err(bad(BackupProblem::TooLarge(n)));
        }
        let key = r.vec(key_len).map_err(|e| bad(e.into_problem(false)))?;
        let value_len = r.u32().map_err(|e| bad(e.into_problem(false)))?;
        if value_len > MAX_VALUE {
            return Err(bad(BackupProblem::TooLarge(n)));
        }
        let value = r.vec(value_len).map_err(|e| bad(e.into_problem(false)))?;
        if records.last().is_some_and(|(last, _)| *last >= key) {
            return Err(bad(BackupProblem::Order(n)));
        }
        records.push((key, value));
    }
    let stated = r.u64().map_err(|e| bad(e.into_problem(false)))?;
    let expected = r.crc.clone().finalize();
    let mut crc = [0u8; 4];
    r.inner
        .read_exact(&mut crc)
        .map_err(|e| bad(Short::from(e).into_problem(false)))?;
    if u32::from_be_bytes(crc) != expected {
        return Err(bad(BackupProblem::Checksum));
    }
    if stated != records.len() as u64 {
        return Err(bad(BackupProblem::Count {
            stated,
            found: records.len() as u64,
        }));
    }
    let mut rest = [0u8; 1];
    match r.inner.read(&mut rest) {
        Ok(0) => {}
        Ok(_) => return Err(bad(BackupProblem::TrailingBytes)),
        Err(e) => return Err(bad(BackupProblem::System(SystemError::from(e)))),
    }
    // A database: its format marker (format 2 on) or format 1's cluster record.
    if !records
        .iter()
        .any(|(k, _)| [keys::FORMAT_META, keys::CLUSTER_META].contains(&k.as_slice()))
    {
        return Err(bad(BackupProblem::NoCluster));
    }
    let summary = Summary {
        records: stated,
        bytes: r.bytes + 4,
        format,
    };
    Ok(Contents { records, summary })
}

/// A reader that checksums what it reads.
struct Checked<R> {
    inner: R,
    crc: crc32fast::Hasher,
    bytes: u64,
}

/// A read that came up short, or failed.
enum Short {
    End,
    System(std::io::Error),
}

impl From<std::io::Error> for Short {
    fn from(e: std::io::Error) -> Self {
        if e.kind() == std::io::ErrorKind::UnexpectedEof {
            Short::End
        } else {
            Short::System(e)
        }
    }
}

impl Short {
    /// An end of file within the magic means the file is something else.
    fn into_problem(self, in_magic: bool) -> BackupProblem {
        match self {
            Short::End if in_magic => BackupProblem::NotABackup,
            Short::End => BackupProblem::Truncated,
            Short::System(e) => BackupProblem::System(SystemError::from(e)),
        }
    }
}

impl<R: Read> Checked<R> {
    fn exact(&mut self, buf: &mut [u8]) -> Result<(), Short> {
        self.inner.read_exact(buf)?;
        self.crc.update(buf);
        self.bytes += buf.len() as u64;
        Ok(())
    }

    fn vec(&mut self, len: u32) -> Result<Vec<u8>, Short> {
        // Read in pieces: a damaged length must not allocate before the
        // bytes are there.
        let mut out = Vec::new();
        let mut left = len as usize;
        let mut piece = [0u8; 8192];
        while left > 0 {
            let n = left.min(piece.len());
            self.exact(&mut piece[..n])?;
            out.extend_from_slice(&piece[..n]);
            left -= n;
        }
        Ok(out)
    }

    fn u16(&mut self) -> Result<u16, Short> {
        let mut b = [0u8; 2];
        self.exact(&mut b)?;
        Ok(u16::from_be_bytes(b))
    }

    fn u32(&mut self) -> Result<u32, Short> {
        let mut b = [0u8; 4];
        self.exact(&mut b)?;
        Ok(u32::from_be_bytes(b))
    }

    fn u64(&mut self) -> Result<u64, Short> {
        let mut b = [0u8; 8];
        self.exact(&mut b)?;
        Ok(u64::from_be_bytes(b))
    }
}

/// `DIR/backups`.
pub fn dir_of(db: &Path) -> PathBuf {
    db.join(DIR_NAME)
}

/// The newest backup in a database's `backups/` (names carry the time, so
/// the last name is the newest).
pub fn newest(db: &Path) -> Option<PathBuf> {
    let mut names: Vec<String> = std::fs::read_dir(dir_of(db))
        .ok()?
        .flatten()
        .filter_map(|e| e.file_name().into_string().ok())
        .filter(|n| n.starts_with("thidua-") && n.ends_with(".bak"))
        .collect();
    names.sort();
    names.pop().map(|n| dir_of(db).join(n))
}

/// `thidua-YYYYMMDD-HHMMSS` in local time, then `tail`.
fn stamped_name(tail: &str) -> String {
    format!(
        "thidua-{}{tail}.bak",
        chrono::Local::now().format("%Y%m%d-%H%M%S")
    )
}

/// Whether a name is one of the rotating backups (`thidua-YYYYMMDD-HHMMSS.bak`).
fn is_rotating(name: &str) -> bool {
    let Some(stamp) = name
        .strip_prefix("thidua-")
        .and_then(|n| n.strip_suffix(".bak"))
    else {
        return false;
    };
    let b = stamp.as_bytes();
    b.len() == 15
        && b[8] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 8 || c.is_ascii_digit())
}

/// Write a file whole or not at all: into a temporary name beside it, on
/// disk, then renamed into place (and the directory synced).
pub fn write_file<T>(
    path: &Path,
    write: impl FnOnce(&mut BufWriter<&File>) -> Result<T, StoreError>,
) -> Result<T, StoreError> {
    let sys = |e: std::io::Error| StoreError::System(SystemError::from(e));
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "thidua.bak".into());
    let tmp = dir.join(format!(".{name}.tmp"));
    let result = (|| {
        // Only its owner may read it: it holds every figure.
        let file = std::fs::OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(true)
            .mode(0o600)
            .open(&tmp)
            .map_err(sys)?;
        let value = {
            let mut w = BufWriter::new(&file);
            let value = write(&mut w)?;
            w.flush().map_err(sys)?;
            value
        };
        file.sync_all().map_err(sys)?;
        std::fs::rename(&tmp, path).map_err(sys)?;
        durable::sync_dir(&dir).map_err(sys)?;
        Ok(value)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// Create `DIR/backups` (only its owner may read it: it holds every figure).
fn ensure_dir(db: &Path) -> Result<PathBuf, StoreError> {
    use std::os::unix::fs::DirBuilderExt;
    let dir = dir_of(db);
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(&dir)
        .map_err(|e| StoreError::System(SystemError::from(e)))?;
    Ok(dir)
}

/// The backup written before a migration: the database as it was, in its
/// old format, never removed by rotation.
pub(super) fn before_migration(
    db: &sled::Db,
    path: &Path,
    from: u16,
) -> Result<PathBuf, StoreError> {
    let file = ensure_dir(path)?.join(stamped_name(&format!("-format{from}")));
    write_file(&file, |w| write_records(db, from, w))?;
    Ok(file)
}

/// Write today's backup of `store` into `DIR/backups/thidua-YYYYMMDD-HHMMSS.bak`
/// and delete the oldest rotating ones beyond `keep` (the backups written
/// before a migration and those written elsewhere are kept). What a server
/// calls daily and on a clean stop.
pub fn rotate(store: &super::SledStore, keep: usize) -> Result<(PathBuf, Summary), StoreError> {
    let dir = ensure_dir(store.path())?;
    let file = dir.join(stamped_name(""));
    let summary = write_file(&file, |w| store.backup_to(w))?;
    let mut rotating: Vec<String> = std::fs::read_dir(&dir)
        .map_err(|e| StoreError::System(SystemError::from(e)))?
        .flatten()
        .filter_map(|e| e.file_name().into_string().ok())
        .filter(|n| is_rotating(n))
        .collect();
    rotating.sort();
    let excess = rotating.len().saturating_sub(keep.max(1));
    for old in &rotating[..excess] {
        std::fs::remove_file(dir.join(old))
            .map_err(|e| StoreError::System(SystemError::from(e)))?;
    }
    Ok((file, summary))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_stamped_backups_rotate() {
        assert!(is_rotating("thidua-20250101-093000.bak"));
        assert!(!is_rotating("thidua-20250101-093000-format1.bak"));
        assert!(!is_rotating("thidua-2025010-093000.bak"));
        assert!(!is_rotating("ghi-chu.bak"));
    }
}
