//! The file an import's rows are staged in: `staging/<id>.rows` in the
//! database's directory, one record after another — the record's length
//! (4 bytes, little-endian), then the staged edit as every record is
//! stored ([`codec`]: a format byte, then bincode).
//!
//! A plain file and not a sled tree: sled costs about as much to put a
//! row in and to take it out again as to write it into place, and an
//! import's staged rows are only ever written once, read in order, and
//! dropped whole. The file is synced before the commit's marker names it;
//! a file no marker names is an import that never committed and goes at
//! the next opening.

use std::fs::File;
use std::io::{BufReader, BufWriter, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use crate::store::error::SystemError;
use crate::store::{Edit, Result, StoreError, codec};

/// The directory of staged imports, inside the database's.
pub const DIR: &str = "staging";

/// Bytes buffered per import being staged (a chunk of `STAGE_MAX` rows
/// is about 150 KiB: written in a few calls).
const WRITE_BUFFER: usize = 64 * 1024;

/// The largest record a reader accepts (a staged edit is bounded by the
/// fields' limits, far below).
const RECORD_MAX: u32 = 1 << 20;

pub fn system(e: std::io::Error) -> StoreError {
    StoreError::System(SystemError::from(e))
}

/// Where the rows of import `name` are staged, under database `db`.
pub fn path(db: &Path, name: &str) -> PathBuf {
    db.join(DIR).join(name)
}

/// The file's name for import `id` (unique in the process; the directory
/// is emptied on opening).
pub fn name(id: u64) -> String {
    format!("{id}.rows")
}

/// The staged rows of one import being written.
pub struct Writer {
    file: BufWriter<File>,
    path: PathBuf,
}

impl Writer {
    /// Create the file of import `name` (the directory too, if needed).
    pub fn create(db: &Path, name: &str) -> Result<Writer> {
        use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
        let dir = db.join(DIR);
        std::fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(&dir)
            .map_err(system)?;
        let path = dir.join(name);
        let file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(&path)
            .map_err(system)?;
        Ok(Writer {
            file: BufWriter::with_capacity(WRITE_BUFFER, file),
            path,
        })
    }

    /// Append one chunk of encoded records (see [`encode_into`]).
    pub fn append(&mut self, chunk: &[u8]) -> Result<()> {
        self.file.write_all(chunk).map_err(system)
    }

    /// Make every row written so far durable, with the file's name.
    pub fn sync(&mut self) -> Result<()> {
        self.file.flush().map_err(system)?;
        self.file.get_ref().sync_data().map_err(system)?;
        let dir = self.path.parent().unwrap_or(Path::new("."));
        crate::store::durable::sync_dir(dir).map_err(system)
    }
}

/// Encode `edit` as one record at the end of `out`.
pub fn encode_into(out: &mut Vec<u8>, edit: &Edit) -> Result<()> {
    let body = codec::encode(edit)?;
    let len = u32::try_from(body.len())
        .ok()
        .filter(|n| *n <= RECORD_MAX)
        .ok_or_else(|| StoreError::Invalid("Một dòng của lần nhập quá lớn".into()))?;
    out.extend_from_slice(&len.to_le_bytes());
    out.extend_from_slice(&body);
    Ok(())
}

/// The staged rows of one import, read in order from a byte offset.
pub struct Reader {
    file: BufReader<File>,
    offset: u64,
    body: Vec<u8>,
}

impl Reader {
    pub fn open(path: &Path, offset: u64) -> Result<Reader> {
        let mut file = File::open(path).map_err(system)?;
        file.seek(SeekFrom::Start(offset)).map_err(system)?;
        Ok(Reader {
            file: BufReader::with_capacity(256 * 1024, file),
            offset,
            body: Vec::new(),
        })
    }

    /// Where the next row starts.
    pub fn offset(&self) -> u64 {
        self.offset
    }

    /// The next row (None: the end of the file). A file cut inside a
    /// record, or a record that does not decode, is an error: the file
    /// was synced whole before it was ever read.
    pub fn next_edit(&mut self) -> Result<Option<Edit>> {
        let mut len = [0u8; 4];
        match self.file.read_exact(&mut len) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => return Ok(None),
            Err(e) => return Err(system(e)),
        }
        let len = u32::from_le_bytes(len);
        if len > RECORD_MAX {
            return Err(damaged(self.offset));
        }
        self.body.resize(len as usize, 0);
        self.file.read_exact(&mut self.body).map_err(|e| {
            if e.kind() == std::io::ErrorKind::UnexpectedEof {
                damaged(self.offset)
            } else {
                system(e)
            }
        })?;
        let at = self.offset.to_be_bytes();
        let edit = codec::decode(&at, &self.body)?;
        self.offset += 4 + u64::from(len);
        Ok(Some(edit))
    }
}

fn damaged(offset: u64) -> StoreError {
    StoreError::Invalid(format!(
        "Tệp các dòng đang chờ nhập bị hỏng ở byte {offset}; lần nhập không được ghi"
    ))
}

/// Remove every staged file (on opening, after any commit cut short was
/// finished): imports that never committed.
pub fn clear_all(db: &Path) -> Result<()> {
    let dir = db.join(DIR);
    let entries = match std::fs::read_dir(&dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(system(e)),
    };
    for entry in entries {
        let entry = entry.map_err(system)?;
        remove(&entry.path())?;
    }
    Ok(())
}

/// Remove one staged file (gone already: fine).
pub fn remove(path: &Path) -> Result<()> {
    match std::fs::remove_file(path) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(system(e)),
    }
}
