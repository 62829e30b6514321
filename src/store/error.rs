//! What can go wrong reaching the data. Display texts are for the user, in
//! Vietnamese, one line each; they name the path or the record concerned.
//!
//! Causes that come from a lower layer are typed ([`SystemError`] for the
//! operating system, [`CodecError`] for a record's bytes, [`SledFault`] for
//! sled's own complaints): a program can match on their kind, and the user
//! reads the Vietnamese rendering, never a Rust debug text. Every type here
//! is `Clone` and serde-serializable, because a shared server sends errors to
//! its clients as they are.

use std::io::ErrorKind;

use serde::{Deserialize, Serialize};

use crate::model::difference::Aspect;
use crate::model::{Figure, ValueKey};
use crate::text::os_error;

/// Serializable: a shared server sends it to its clients as it is.
#[derive(Debug, Clone, PartialEq, thiserror::Error, Serialize, Deserialize)]
pub enum StoreError {
    #[error(
        "Cơ sở dữ liệu {path} đang được một chương trình thidua khác giữ. \
         Hãy đóng chương trình đó, hoặc chạy `thidua serve --db {path}` để nhiều người cùng dùng."
    )]
    Locked { path: String },
    /// The directory could not be created or read.
    #[error("Không mở được cơ sở dữ liệu {path}: {cause}")]
    Open { path: String, cause: SystemError },
    /// A message from elsewhere than this store (the server connection).
    #[error("Lỗi đọc/ghi dữ liệu: {0}")]
    Io(String),
    #[error("Bản ghi «{key}» có phiên bản định dạng {version} mà bản thidua này không đọc được")]
    UnknownVersion { key: String, version: u8 },
    #[error("Bản ghi «{key}» bị hỏng: {cause}")]
    Decode { key: String, cause: CodecError },
    #[error(
        "Cơ sở dữ liệu chưa có giao ước của cụm; hãy nhập giao ước: \
         `thidua covenant import THƯ_MỤC` (các tệp units.csv, members.csv, indicators.csv, years.csv)"
    )]
    NoCluster,
    #[error("Không có chỉ tiêu «{0}»")]
    UnknownIndicator(String),
    /// A write over a figure (or weight) someone else changed since the
    /// writer read it; `key` names the cell (None: a weight), `changed`
    /// what of the figure differs from what the writer saw (empty for a
    /// weight).
    #[error("{}", conflict_text(key, current, by, *at_ms, changed))]
    Conflict {
        key: Option<Box<ValueKey>>,
        current: Option<Figure>,
        by: String,
        at_ms: i64,
        changed: Vec<Aspect>,
    },
    #[error("{0}")]
    Invalid(String),
    #[error("Không được phép: {0}")]
    Denied(String),
    /// The operating system refused a read or write (a full disk …).
    #[error("{0}")]
    System(#[from] SystemError),
    /// A record could not be encoded (nothing was written).
    #[error("Không mã hoá được bản ghi: {0}")]
    Encode(CodecError),
    /// sled refused to open the files, or found damage while reading.
    #[error(
        "Cơ sở dữ liệu {path} bị hỏng, không mở được ({cause}). {}",
        backup_hint(newest_backup)
    )]
    Corrupt {
        path: String,
        cause: SledFault,
        newest_backup: Option<String>,
    },
    /// sled's files without a database in them: never seeded over.
    #[error(
        "Thư mục {path} có tệp của cơ sở dữ liệu nhưng không đọc được thông tin cụm thi đua, \
         nên thidua không nạp dữ liệu mẫu đè lên. {}",
        backup_hint(newest_backup)
    )]
    NoDatabase {
        path: String,
        newest_backup: Option<String>,
    },
    /// A directory holding other things: neither seeded nor restored into.
    #[error(
        "Thư mục {path} không trống và không phải cơ sở dữ liệu thidua; \
         hãy chọn một thư mục trống hoặc chưa có"
    )]
    NotEmpty { path: String },
    #[error(
        "Cơ sở dữ liệu {path} có định dạng phiên bản {found}, bản thidua này chỉ đọc được \
         đến phiên bản {supported}; hãy dùng bản thidua mới hơn (không có gì bị thay đổi)"
    )]
    NewerFormat {
        path: String,
        found: u16,
        supported: u16,
    },
    /// Writes acknowledged as saved are missing: the files were damaged.
    #[error(
        "Cơ sở dữ liệu {path} đã mất các lần ghi sau lần #{found} (đã lưu đến lần #{durable}): \
         tệp dữ liệu bị hỏng. {} Nếu bạn cố ý chép một bản cũ vào đây, hãy xoá tệp {path}/{}.",
        backup_hint(newest_backup),
        crate::store::watermark::FILE_NAME
    )]
    LostWrites {
        path: String,
        durable: u64,
        found: u64,
        newest_backup: Option<String>,
    },
    #[error(
        "Không nâng cấp được cơ sở dữ liệu {path} từ định dạng {from} lên {to} \
         (không có gì bị thay đổi): {cause}"
    )]
    Migration {
        path: String,
        from: u16,
        to: u16,
        cause: Box<StoreError>,
    },
    /// A backup file that cannot be read back.
    #[error("Tệp sao lưu {file}: {problem}")]
    Backup {
        file: String,
        problem: BackupProblem,
    },
    /// sled complained while the database was in use.
    #[error("Thư viện lưu trữ báo lỗi: {0}; hãy chạy `thidua check`")]
    Storage(SledFault),
    /// A change of the covenant over an item someone else changed since
    /// the writer read it: what it is now, who changed it and when.
    #[error(
        "{what} đã bị {by} thay đổi {} trước khi bạn lưu; bây giờ là: {current}. \
         Không ghi gì; hãy xem lại rồi sửa lại",
        when(*at_ms)
    )]
    CovenantConflict {
        what: String,
        current: String,
        by: String,
        at_ms: i64,
    },
    /// A write into a locked period (see `store::period`): who locked it
    /// and when, in the reader's local time.
    #[error(
        "Kỳ {period} đã chốt số liệu bởi {by} lúc {}; không ghi gì \
         (quản trị viên mở khoá: thidua unlock --period {period} --reason \"…\")",
        local_time(*at_ms)
    )]
    PeriodLocked {
        period: crate::model::Period,
        by: String,
        at_ms: i64,
    },
}

/// `29/07/2021 15:09` in the reader's time zone (the system's, or `TZ`).
pub fn local_time(at_ms: i64) -> String {
    chrono::DateTime::from_timestamp_millis(at_ms)
        .map(|t| {
            t.with_timezone(&chrono::Local)
                .format("%d/%m/%Y %H:%M")
                .to_string()
        })
        .unwrap_or_default()
}

/// `lúc 2021-07-29 08:15:02 UTC`, or nothing when the time is unknown.
fn when(at_ms: i64) -> String {
    chrono::DateTime::from_timestamp_millis(at_ms)
        .filter(|_| at_ms > 0)
        .map(|t| format!("lúc {}", t.format("%Y-%m-%d %H:%M:%S UTC")))
        .unwrap_or_default()
}

fn conflict_text(
    key: &Option<Box<ValueKey>>,
    current: &Option<Figure>,
    by: &str,
    at_ms: i64,
    changed: &[Aspect],
) -> String {
    let now = current
        .as_ref()
        .map(|f| crate::text::number::format_exact(f.value, 0))
        .unwrap_or_else(|| "(trống)".into());
    let what = match key {
        Some(k) => format!("Ô {k}"),
        None => "Giá trị".to_string(),
    };
    // Where the value stands, what did change: `ghi chú, dấu ước đạt`.
    let parts = match (current, crate::model::difference::only_remarks(changed)) {
        (Some(f), true) => format!(
            " ({})",
            changed
                .iter()
                .map(|a| a.done(f))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        _ => String::new(),
    };
    format!(
        "{what} đã bị {by} thay đổi{parts} {} trước khi bạn lưu (giá trị hiện tại: {now}); \
         không ghi gì, hãy xem giá trị mới rồi nhập lại",
        when(at_ms)
    )
}

/// Where to turn when a database cannot be used: its newest backup and the
/// command that restores it.
pub fn backup_hint(newest: &Option<String>) -> String {
    match newest {
        Some(file) => format!(
            "Bản sao lưu mới nhất: {file}. Khôi phục vào một thư mục mới: \
             `thidua restore {file} --db THƯ_MỤC_MỚI`."
        ),
        None => "Không tìm thấy bản sao lưu nào trong thư mục backups của nó; \
                 nếu có tệp sao lưu ở nơi khác, khôi phục bằng \
                 `thidua restore TỆP --db THƯ_MỤC_MỚI`."
            .to_string(),
    }
}

impl StoreError {
    /// Whether the operating system refused (a full disk, a lost device):
    /// after such a failure the database is reopened before its next use.
    pub fn is_system(&self) -> bool {
        matches!(self, StoreError::System(_))
    }
}

/// An operating-system error as a program tells it apart and as the user is
/// told of it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
#[error("{reason}")]
pub struct SystemError {
    pub kind: SystemKind,
    /// errno, where the system gave one.
    pub os_code: Option<i32>,
    /// Vietnamese, one line, with what to do where that is clear.
    pub reason: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum SystemKind {
    NoSpace,
    Quota,
    ReadOnly,
    PermissionDenied,
    NotFound,
    /// The device reported a failure (EIO).
    Device,
    /// Too many open files.
    Limits,
    Other,
}

impl From<std::io::Error> for SystemError {
    fn from(e: std::io::Error) -> Self {
        SystemError::from(&e)
    }
}

impl From<&std::io::Error> for SystemError {
    fn from(e: &std::io::Error) -> Self {
        let os_code = e.raw_os_error().or_else(|| code_in_debug_text(e));
        let kind = match (e.kind(), os_code) {
            (ErrorKind::StorageFull, _) | (_, Some(libc::ENOSPC)) => SystemKind::NoSpace,
            (ErrorKind::QuotaExceeded, _) | (_, Some(libc::EDQUOT)) => SystemKind::Quota,
            (ErrorKind::ReadOnlyFilesystem, _) | (_, Some(libc::EROFS)) => SystemKind::ReadOnly,
            (ErrorKind::PermissionDenied, _) => SystemKind::PermissionDenied,
            (ErrorKind::NotFound, _) => SystemKind::NotFound,
            (_, Some(libc::EIO)) => SystemKind::Device,
            (_, Some(libc::EMFILE | libc::ENFILE)) => SystemKind::Limits,
            _ => SystemKind::Other,
        };
        let reason = match kind {
            SystemKind::NoSpace => "Ổ đĩa đã đầy nên chưa ghi được; các số liệu đã lưu trước đó \
                                    vẫn còn. Hãy giải phóng chỗ trống rồi thử lại"
                .to_string(),
            SystemKind::Quota => "Đã hết hạn mức dung lượng của người dùng nên chưa ghi được; \
                                  hãy giải phóng chỗ trống rồi thử lại"
                .to_string(),
            SystemKind::ReadOnly => "Ổ đĩa chỉ cho đọc nên chưa ghi được".to_string(),
            SystemKind::Device => "Ổ đĩa báo lỗi vào/ra (EIO); hãy kiểm tra ổ đĩa".to_string(),
            SystemKind::Limits => "Hệ thống đã hết chỗ mở thêm tệp; hãy thử lại sau".to_string(),
            SystemKind::PermissionDenied | SystemKind::NotFound => os_error::reason(e),
            SystemKind::Other => match os_code {
                // The system's own words, without Rust's debug dressing.
                Some(code) => format!(
                    "lỗi hệ thống số {code}: {}",
                    std::io::Error::from_raw_os_error(code)
                ),
                None => os_error::reason(e),
            },
        };
        SystemError {
            kind,
            os_code,
            reason,
        }
    }
}

/// sled hands back a clone of the error that broke it as a custom error whose
/// text is the original's debug form (`Os { code: 28, kind: StorageFull, … }`);
/// the errno is read back from there.
fn code_in_debug_text(e: &std::io::Error) -> Option<i32> {
    let text = e.get_ref()?.to_string();
    let rest = text.strip_prefix("Os { code: ")?;
    let end = rest.find(|c: char| !c.is_ascii_digit())?;
    rest[..end].parse().ok()
}

/// Why a record's bytes are not a record.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
#[error("{}", self.kind.said())]
pub struct CodecError {
    pub kind: CodecKind,
    /// The codec's own words, for programmers (not shown to users).
    pub detail: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum CodecKind {
    Empty,
    Truncated,
    TrailingBytes,
    NotUtf8,
    Malformed,
    BadKey,
    Unencodable,
}

impl CodecKind {
    fn said(&self) -> &'static str {
        match self {
            CodecKind::Empty => "bản ghi rỗng",
            CodecKind::Truncated => "bản ghi bị cắt cụt",
            CodecKind::TrailingBytes => "thừa dữ liệu sau bản ghi",
            CodecKind::NotUtf8 => "chữ trong bản ghi không phải UTF-8",
            CodecKind::Malformed => "nội dung không hợp lệ",
            CodecKind::BadKey => "khoá không hợp lệ",
            CodecKind::Unencodable => "không biểu diễn được",
        }
    }
}

impl CodecError {
    pub fn new(kind: CodecKind) -> Self {
        CodecError {
            kind,
            detail: String::new(),
        }
    }
}

impl From<bincode::error::DecodeError> for CodecError {
    fn from(e: bincode::error::DecodeError) -> Self {
        use bincode::error::DecodeError as D;
        let kind = match &e {
            D::UnexpectedEnd { .. } => CodecKind::Truncated,
            D::Utf8 { .. } | D::InvalidCharEncoding(_) => CodecKind::NotUtf8,
            _ => CodecKind::Malformed,
        };
        CodecError {
            kind,
            detail: e.to_string(),
        }
    }
}

impl From<bincode::error::EncodeError> for CodecError {
    fn from(e: bincode::error::EncodeError) -> Self {
        CodecError {
            kind: CodecKind::Unencodable,
            detail: e.to_string(),
        }
    }
}

/// sled's complaints other than system errors.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
#[error("{}", self.kind.said())]
pub struct SledFault {
    pub kind: SledFaultKind,
    /// sled's own words, for programmers (not shown to users).
    pub detail: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum SledFaultKind {
    /// A checksum did not match: the files were damaged.
    Corruption,
    /// Files of another sled version or configuration.
    Unsupported,
    /// sled found itself in a state it calls a bug.
    Bug,
}

impl SledFaultKind {
    fn said(&self) -> &'static str {
        match self {
            SledFaultKind::Corruption => "dữ liệu trên đĩa không khớp mã kiểm tra",
            SledFaultKind::Unsupported => "tệp của một phiên bản hoặc cấu hình khác",
            SledFaultKind::Bug => "lỗi bên trong thư viện lưu trữ",
        }
    }
}

impl From<std::io::Error> for StoreError {
    fn from(e: std::io::Error) -> Self {
        StoreError::System(SystemError::from(e))
    }
}

impl From<sled::Error> for StoreError {
    fn from(e: sled::Error) -> Self {
        match e {
            sled::Error::Io(io) => StoreError::System(SystemError::from(io)),
            other => StoreError::Storage(SledFault::from(other)),
        }
    }
}

impl From<sled::Error> for SledFault {
    fn from(e: sled::Error) -> Self {
        let kind = match &e {
            sled::Error::Corruption { .. } => SledFaultKind::Corruption,
            sled::Error::Unsupported(_) | sled::Error::CollectionNotFound(_) => {
                SledFaultKind::Unsupported
            }
            _ => SledFaultKind::Bug,
        };
        SledFault {
            kind,
            detail: e.to_string(),
        }
    }
}

/// What is wrong with a backup file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
pub enum BackupProblem {
    #[error("không phải tệp sao lưu của thidua")]
    NotABackup,
    #[error("tệp sao lưu phiên bản {0}, bản thidua này chỉ đọc được phiên bản {1}")]
    NewerFile(u16, u16),
    #[error("dữ liệu định dạng phiên bản {0}, bản thidua này chỉ đọc được đến phiên bản {1}")]
    NewerFormat(u16, u16),
    #[error("tệp bị cắt cụt (thiếu phần cuối)")]
    Truncated,
    #[error("mã kiểm tra không khớp: tệp bị hỏng hoặc bị sửa")]
    Checksum,
    #[error("số bản ghi ghi ở cuối ({stated}) khác số bản ghi đọc được ({found})")]
    Count { stated: u64, found: u64 },
    #[error("bản ghi thứ {0} sai thứ tự hoặc lặp lại")]
    Order(u64),
    #[error("bản ghi thứ {0} quá lớn")]
    TooLarge(u64),
    #[error("có dữ liệu thừa sau phần cuối")]
    TrailingBytes,
    #[error("không có thông tin cụm thi đua")]
    NoCluster,
    #[error("{0}")]
    System(SystemError),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_disk_is_one_vietnamese_line_whatever_sled_wraps_it_in() {
        let direct = std::io::Error::from_raw_os_error(libc::ENOSPC);
        // What sled hands back after the failure that broke it.
        let wrapped = std::io::Error::new(direct.kind(), format!("{direct:?}"));
        for e in [&direct, &wrapped] {
            let s = SystemError::from(e);
            assert_eq!(s.kind, SystemKind::NoSpace, "{e:?}");
            assert_eq!(s.os_code, Some(libc::ENOSPC), "{e:?}");
            let shown = StoreError::System(s).to_string();
            assert!(shown.starts_with("Ổ đĩa đã đầy"), "{shown}");
            assert!(!shown.contains("Os {") && !shown.contains("StorageFull"));
            assert!(!shown.contains('\n'));
        }
    }

    #[test]
    fn other_system_errors_lose_their_debug_dressing() {
        let eio = std::io::Error::from_raw_os_error(libc::EIO);
        let wrapped = std::io::Error::new(eio.kind(), format!("{eio:?}"));
        let s = SystemError::from(&wrapped);
        assert_eq!(s.kind, SystemKind::Device);
        assert!(s.reason.contains("EIO"), "{}", s.reason);
        let odd = std::io::Error::from_raw_os_error(libc::ENXIO);
        let shown = SystemError::from(&odd).reason;
        assert!(shown.starts_with("lỗi hệ thống số"), "{shown}");
        assert!(!shown.contains("Os {"), "{shown}");
        let perm = std::io::Error::from_raw_os_error(libc::EACCES);
        assert_eq!(SystemError::from(&perm).kind, SystemKind::PermissionDenied);
    }

    #[test]
    fn errors_travel_over_the_wire_unchanged() {
        let e = StoreError::Migration {
            path: "/srv/db".into(),
            from: 1,
            to: 2,
            cause: Box::new(StoreError::System(SystemError::from(
                std::io::Error::from_raw_os_error(libc::ENOSPC),
            ))),
        };
        let bytes = bincode::serde::encode_to_vec(&e, bincode::config::standard()).expect("encode");
        let (back, _): (StoreError, usize) =
            bincode::serde::decode_from_slice(&bytes, bincode::config::standard()).expect("decode");
        assert_eq!(back, e);
        assert!(back.to_string().contains("Ổ đĩa đã đầy"), "{back}");
    }
}
