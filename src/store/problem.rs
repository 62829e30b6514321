//! Problems found in a database that does open: a record that does not
//! decode (readers skip it and say so), and what `thidua check` finds
//! wrong in the audit chains. Each says in Vietnamese which record.

use serde::{Deserialize, Serialize};

use super::StoreError;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, thiserror::Error)]
pub enum Problem {
    /// A record that does not decode ([`StoreError::Decode`] or
    /// [`StoreError::UnknownVersion`], which name the key); skipped.
    #[error("{0} (đã bỏ qua)")]
    Damaged(StoreError),
    /// A record under a key this build does not know.
    #[error("Bản ghi «{key}» không thuộc loại nào thidua biết")]
    UnknownRecord { key: String },
    /// An audit entry stored under a key that does not match its contents.
    #[error("Mục nhật ký «{key}» nằm sai chỗ (nội dung nói về «{says}»)")]
    Misfiled { key: String, says: String },
    /// An entry's old value is not the previous entry's new one.
    #[error(
        "Nhật ký của «{subject}» bị đứt ở lần ghi #{seq}: trước đó là {before}, \
         lần ghi này lại ghi giá trị cũ là {old}"
    )]
    ChainBroken {
        subject: String,
        seq: u64,
        before: String,
        old: String,
    },
    /// The last entry's new value is not what is stored.
    #[error(
        "Giá trị «{subject}» trong cơ sở dữ liệu là {stored}, \
         nhưng nhật ký kết thúc ở {audited}"
    )]
    ChainEnd {
        subject: String,
        stored: String,
        audited: String,
    },
    /// A sequence number in use at or above the one the next write takes.
    #[error(
        "Số thứ tự lần ghi đã lưu là #{stored} nhưng có mục nhật ký #{found}; \
         lần ghi sau có thể trùng số"
    )]
    SequenceBehind { stored: u64, found: u64 },
    /// Acknowledged writes missing from the files (see `watermark`).
    #[error(
        "Cơ sở dữ liệu đã mất các lần ghi sau lần #{found} (đã lưu đến lần #{durable}): \
         tệp dữ liệu bị hỏng"
    )]
    LostWrites { durable: u64, found: u64 },
    /// The database's format marker is missing or not this build's.
    #[error("Dấu định dạng của cơ sở dữ liệu là {found}, cần {expected}")]
    Format { found: String, expected: u16 },
    /// The index of periods and counts does not match the stored values.
    #[error("Chỉ mục số liệu của {subject} ghi {indexed}, nhưng cơ sở dữ liệu có {counted}")]
    IndexWrong {
        subject: String,
        indexed: String,
        counted: String,
    },
}

impl Problem {
    /// The record a problem is about, to report each one once.
    pub fn subject(&self) -> String {
        match self {
            Problem::Damaged(StoreError::Decode { key, .. })
            | Problem::Damaged(StoreError::UnknownVersion { key, .. }) => key.clone(),
            Problem::UnknownRecord { key } | Problem::Misfiled { key, .. } => key.clone(),
            Problem::ChainBroken { subject, .. }
            | Problem::ChainEnd { subject, .. }
            | Problem::IndexWrong { subject, .. } => subject.clone(),
            other => other.to_string(),
        }
    }
}
