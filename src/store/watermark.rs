//! The last acknowledged write, kept beside sled's files, so that damage
//! sled repairs silently is noticed.
//!
//! sled 0.34 reads its log up to the first record whose checksum fails and
//! treats the rest as a write torn by a crash: one flipped bit in `db`
//! opens "fine" without every write after it (and sled zeroes the rest of
//! that segment). After each durable flush the store writes the sequence
//! number of the last write it covers into this small file (no sync of its
//! own: it only ever lags the database, so after a power cut it can be
//! behind, never ahead). On opening, a database whose last sequence number
//! is below it has lost acknowledged writes, and is refused
//! ([`super::StoreError::LostWrites`]) instead of being used as if nothing
//! happened.

use std::fs::{File, OpenOptions};
use std::os::unix::fs::FileExt;
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};

pub const FILE_NAME: &str = "thidua-last-write";

/// 20 digits and a newline: every `u64`, rewritten in place.
const WIDTH: usize = 21;

pub struct Watermark {
    file: File,
    recorded: AtomicU64,
}

impl Watermark {
    /// Open (or create) the file in `dir`; also returns what it says, if
    /// it says anything readable.
    pub fn open(dir: &Path) -> std::io::Result<(Watermark, Option<u64>)> {
        let file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(dir.join(FILE_NAME))?;
        let mut buf = [0u8; WIDTH];
        let read = file.read_at(&mut buf, 0)?;
        let said = std::str::from_utf8(&buf[..read])
            .ok()
            .and_then(|s| s.trim().parse::<u64>().ok());
        let watermark = Watermark {
            file,
            recorded: AtomicU64::new(said.unwrap_or(0)),
        };
        Ok((watermark, said))
    }

    /// Note that every write up to `seq` is on disk.
    pub fn record(&self, seq: u64) -> std::io::Result<()> {
        if seq <= self.recorded.load(Ordering::Acquire) {
            return Ok(());
        }
        let text = format!("{seq:020}\n");
        self.file.write_all_at(text.as_bytes(), 0)?;
        self.recorded.fetch_max(seq, Ordering::AcqRel);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_is_recorded_is_read_back_and_never_goes_down() {
        let dir = tempfile::tempdir().expect("tempdir");
        let (w, said) = Watermark::open(dir.path()).expect("open");
        assert_eq!(said, None);
        w.record(41).expect("record");
        w.record(7).expect("lower: ignored");
        drop(w);
        let (_, said) = Watermark::open(dir.path()).expect("reopen");
        assert_eq!(said, Some(41));
    }
}
