//! A client's side of backups and checks through the server (see
//! `server::backups`): the server writes the backup file, the client reads
//! it back in chunks into wherever the user wants it.

use super::{ClientStore, unexpected};
use crate::server::protocol::{Op, Reply};
use crate::store::{CheckReport, Result};

/// A backup the server wrote into its database's `backups/`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerBackup {
    /// The file's name in `DIR/backups/`.
    pub name: String,
    pub records: u64,
    pub bytes: u64,
}

impl ClientStore {
    /// Read every record and check every audit chain, on the server.
    pub fn check(&self) -> Result<CheckReport> {
        match self.inner.call_within(Op::Check, super::LONG_CALL)? {
            Reply::Check(r) => Ok(*r),
            other => Err(unexpected(&other)),
        }
    }

    /// Have the server write a backup into its `backups/` (admin only).
    pub fn backup(&self) -> Result<ServerBackup> {
        match self.inner.call_within(Op::Backup, super::LONG_CALL)? {
            Reply::BackupMade {
                name,
                records,
                bytes,
            } => Ok(ServerBackup {
                name,
                records,
                bytes,
            }),
            other => Err(unexpected(&other)),
        }
    }

    /// Copy the backup `made` into `out`, chunk by chunk; `progress` is
    /// told the bytes copied so far.
    pub fn copy_backup(
        &self,
        made: &ServerBackup,
        out: &mut dyn std::io::Write,
        progress: &mut dyn FnMut(u64),
    ) -> Result<()> {
        let mut offset = 0u64;
        loop {
            let bytes = match self.inner.call(Op::BackupChunk {
                name: made.name.clone(),
                offset,
            })? {
                Reply::BackupChunk(b) => b,
                other => return Err(unexpected(&other)),
            };
            if bytes.is_empty() {
                break;
            }
            out.write_all(&bytes)
                .map_err(|e| crate::store::StoreError::System(e.into()))?;
            offset += bytes.len() as u64;
            progress(offset);
        }
        if offset != made.bytes {
            return Err(crate::store::StoreError::Io(format!(
                "bản sao lưu {} trên máy chủ có {offset} byte, cần {} byte",
                made.name, made.bytes
            )));
        }
        Ok(())
    }
}
