//! What can go wrong reaching the data. Display texts are for the user, in
//! Vietnamese; they name the path or the record concerned.

use crate::model::Figure;

/// Serializable: a shared server sends it to its clients as it is.
#[derive(Debug, Clone, PartialEq, thiserror::Error, serde::Serialize, serde::Deserialize)]
pub enum StoreError {
    #[error(
        "Cơ sở dữ liệu {path} đang được một chương trình thidua khác giữ. \
         Hãy đóng chương trình đó, hoặc chạy `thidua serve --db {path}` để nhiều người cùng dùng."
    )]
    Locked { path: String },
    #[error("Không mở được cơ sở dữ liệu {path}: {reason}")]
    Open { path: String, reason: String },
    #[error("Lỗi đọc/ghi dữ liệu: {0}")]
    Io(String),
    #[error("Bản ghi «{key}» có phiên bản định dạng {version} mà bản thidua này không đọc được")]
    UnknownVersion { key: String, version: u8 },
    #[error("Bản ghi «{key}» bị hỏng: {reason}")]
    Decode { key: String, reason: String },
    #[error("Cơ sở dữ liệu chưa có thông tin cụm thi đua")]
    NoCluster,
    #[error("Không có chỉ tiêu «{0}»")]
    UnknownIndicator(String),
    #[error("Giá trị đã bị {by} thay đổi trước khi bạn lưu; hãy xem giá trị mới rồi nhập lại")]
    Conflict {
        current: Option<Figure>,
        by: String,
        at_ms: i64,
    },
    #[error("{0}")]
    Invalid(String),
    #[error("Không được phép: {0}")]
    Denied(String),
}

impl From<sled::Error> for StoreError {
    fn from(e: sled::Error) -> Self {
        StoreError::Io(e.to_string())
    }
}
