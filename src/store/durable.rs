//! The real sync behind every ✓.
//!
//! sled 0.34's `flush` writes its log with `pwrite` and `sync_file_range`,
//! which neither writes the file's metadata nor empties the disk's write
//! cache: a power cut can still lose a flushed write. After sled's flush,
//! [`Files::sync`] makes it durable with the calls that do (see sled's
//! `pagecache/iobuf.rs`, `blob_io.rs`, `snapshot.rs` for what it writes):
//!
//! - `db`, the log every write goes to: `fdatasync` (the data and the size
//!   needed to read it back);
//! - `blobs/N`, one file per value too large for the log (sled creates and
//!   writes them without any sync): `fdatasync` of each new one, then
//!   `fsync` of `blobs/` so that their names survive;
//! - the directory itself: `fsync`, so that a new `snap.*` (renamed into
//!   place by sled) and `conf` survive with their names.
//!
//! The descriptors are our own: on Linux a sync of any descriptor of a file
//! writes every dirty page of it, and sled's lock (`flock` on its own
//! descriptor of `db`) is not touched by opening or closing ours.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

pub struct Files {
    dir: File,
    db: File,
    blobs_path: PathBuf,
    blobs_dir: File,
    /// The highest blob already synced: blob names are increasing log
    /// positions, so only those above it are new.
    synced_blob: Mutex<Option<u64>>,
}

impl Files {
    /// Open the files of the sled database at `path` (after sled opened it)
    /// and make the ones sled created on opening durable.
    pub fn open(path: &Path) -> std::io::Result<Files> {
        let blobs_path = path.join("blobs");
        let files = Files {
            dir: File::open(path)?,
            db: File::open(path.join("db"))?,
            blobs_dir: File::open(&blobs_path)?,
            blobs_path,
            synced_blob: Mutex::new(None),
        };
        files.db.sync_all()?;
        files.sync()?;
        Ok(files)
    }

    /// Make everything sled has flushed so far durable.
    pub fn sync(&self) -> std::io::Result<()> {
        self.db.sync_data()?;
        self.sync_new_blobs()?;
        self.dir.sync_all()
    }

    fn sync_new_blobs(&self) -> std::io::Result<()> {
        let mut synced = self.synced_blob.lock().unwrap_or_else(|e| e.into_inner());
        let mut highest = *synced;
        for entry in std::fs::read_dir(&self.blobs_path)? {
            let entry = entry?;
            let Some(id) = entry
                .file_name()
                .to_str()
                .and_then(|n| n.parse::<u64>().ok())
            else {
                continue;
            };
            if Some(id) > *synced {
                match File::open(entry.path()) {
                    Ok(f) => f.sync_data()?,
                    // sled removes blobs it no longer needs.
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
                    Err(e) => return Err(e),
                }
                highest = highest.max(Some(id));
            }
        }
        if highest > *synced {
            self.blobs_dir.sync_all()?;
            *synced = highest;
        }
        Ok(())
    }
}

/// Make a file's name in `dir` durable (after creating or renaming it).
pub fn sync_dir(dir: &Path) -> std::io::Result<()> {
    File::open(dir)?.sync_all()
}
