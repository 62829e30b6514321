//! The real sync behind every ✓.
//!
//! sled 0.34's `flush` writes its log with `pwrite` and `sync_file_range`,
//! which neither writes the file's metadata nor empties the disk's write
//! cache: a power cut can still lose a flushed write. After sled's flush,
//! [`Files::sync`] makes it durable with the calls that do (see sled's
//! `pagecache/iobuf.rs`, `blob_io.rs`, `snapshot.rs` for what it writes):
//!
//! - `db`, the log every write goes to: `fdatasync` (the data and the size
//!   needed to read it back), every time;
//! - `blobs/N`, one file per value too large for the log (sled creates and
//!   writes them without any sync): `fdatasync` of each new one, then
//!   `fsync` of `blobs/` so that their names survive;
//! - the directory itself: `fsync`, so that a new `snap.*` (renamed into
//!   place by sled) or `conf` survives with its name, after an `fdatasync`
//!   of each new file (sled writes `conf` without one).
//!
//! A directory's `fsync` commits the file system's journal even when
//! nothing in it changed, which costs more than the `fdatasync` itself; so
//! a directory is synced only when its entries (names and inodes, read
//! before the sync) differ from those of its last sync.
//!
//! The descriptors are our own: on Linux a sync of any descriptor of a file
//! writes every dirty page of it, and sled's lock (`flock` on its own
//! descriptor of `db`) is not touched by opening or closing ours.

use std::collections::BTreeSet;
use std::ffi::OsString;
use std::fs::File;
use std::os::unix::fs::DirEntryExt;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

pub struct Files {
    dir: Dir,
    db: File,
    blobs: Dir,
}

/// What a directory holds: each entry's name and inode.
type Entries = BTreeSet<(OsString, u64)>;

/// A directory and its entries as of its last sync.
struct Dir {
    path: PathBuf,
    file: File,
    synced: Mutex<Option<Entries>>,
}

impl Dir {
    fn open(path: &Path) -> std::io::Result<Dir> {
        Ok(Dir {
            path: path.to_path_buf(),
            file: File::open(path)?,
            synced: Mutex::new(None),
        })
    }

    fn entries(&self) -> std::io::Result<Entries> {
        std::fs::read_dir(&self.path)?
            .map(|e| e.map(|e| (e.file_name(), e.ino())))
            .collect()
    }

    /// Sync the directory if its entries changed since its last sync;
    /// `new` is first called on each entry that was not there then.
    fn sync_if_changed(
        &self,
        mut new: impl FnMut(&Path) -> std::io::Result<()>,
    ) -> std::io::Result<()> {
        let mut synced = self.synced.lock().unwrap_or_else(|e| e.into_inner());
        // Read before the sync: what changes during it is seen next time.
        let now = self.entries()?;
        if synced.as_ref() == Some(&now) {
            return Ok(());
        }
        for (name, ino) in &now {
            let known = synced
                .as_ref()
                .is_some_and(|s| s.contains(&(name.clone(), *ino)));
            if !known {
                new(&self.path.join(name))?;
            }
        }
        self.file.sync_all()?;
        *synced = Some(now);
        Ok(())
    }
}

/// `fdatasync` of a new file sled wrote (and may since have removed);
/// other entries (directories, a socket) are left alone.
fn sync_file(path: &Path) -> std::io::Result<()> {
    match std::fs::symlink_metadata(path) {
        Ok(meta) if meta.is_file() => {}
        Ok(_) => return Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(e),
    }
    match File::open(path) {
        Ok(f) => f.sync_data(),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(e),
    }
}

impl Files {
    /// Open the files of the sled database at `path` (after sled opened it)
    /// and make what sled wrote on opening durable.
    pub fn open(path: &Path) -> std::io::Result<Files> {
        let files = Files {
            dir: Dir::open(path)?,
            db: File::open(path.join("db"))?,
            blobs: Dir::open(&path.join("blobs"))?,
        };
        files.db.sync_all()?;
        files.sync()?;
        Ok(files)
    }

    /// Make everything sled has flushed so far durable.
    pub fn sync(&self) -> std::io::Result<()> {
        self.db.sync_data()?;
        self.blobs.sync_if_changed(sync_file)?;
        // sled syncs a new snapshot's data but not its name; `conf`, neither.
        self.dir.sync_if_changed(sync_file)
    }
}

/// Make a file's name in `dir` durable (after creating or renaming it).
pub fn sync_dir(dir: &Path) -> std::io::Result<()> {
    File::open(dir)?.sync_all()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_directory_is_synced_again_only_once_its_entries_changed() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let dir = Dir::open(tmp.path()).expect("open");
        let mut seen = Vec::new();
        let sync = |dir: &Dir, seen: &mut Vec<String>| {
            dir.sync_if_changed(|p| {
                seen.push(p.file_name().expect("name").to_string_lossy().into_owned());
                Ok(())
            })
            .expect("sync");
        };
        std::fs::write(tmp.path().join("conf"), b"x").expect("write");
        sync(&dir, &mut seen);
        assert_eq!(seen, ["conf"]);
        sync(&dir, &mut seen);
        assert_eq!(seen, ["conf"], "nothing new, no sync");
        // A snapshot renamed over another name is a new entry too.
        std::fs::write(tmp.path().join("snap.1.generating"), b"y").expect("write");
        std::fs::rename(
            tmp.path().join("snap.1.generating"),
            tmp.path().join("conf"),
        )
        .expect("rename");
        sync(&dir, &mut seen);
        assert_eq!(seen, ["conf", "conf"]);
    }
}
