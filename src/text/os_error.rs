//! Why the system refused a file, in Vietnamese: the common cases of
//! `std::io::Error` named the way an officer would say them, so that
//! "không đọc được tệp …" is not followed by "No such file or directory".
//! Rarer errors keep the system's own words.

use std::io::{Error, ErrorKind};

/// The reason `e` gives, in Vietnamese where it is a common one.
pub fn reason(e: &Error) -> String {
    let said = match e.kind() {
        ErrorKind::NotFound => "không có tệp hoặc thư mục này",
        ErrorKind::PermissionDenied => "không có quyền (xem quyền của tệp, thư mục)",
        ErrorKind::AlreadyExists => "đã có tệp này",
        ErrorKind::IsADirectory => "đây là một thư mục, không phải tệp",
        ErrorKind::NotADirectory => "một phần của đường dẫn không phải thư mục",
        ErrorKind::ReadOnlyFilesystem => "ổ đĩa chỉ cho đọc",
        ErrorKind::StorageFull => "ổ đĩa đã đầy",
        ErrorKind::QuotaExceeded => "đã hết hạn mức dung lượng của người dùng",
        ErrorKind::InvalidData => "dữ liệu không hợp lệ",
        _ => return e.to_string(),
    };
    said.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_reasons_are_vietnamese_others_keep_the_systems_words() {
        let missing = std::fs::read("/no/such/file/for/thidua").expect_err("missing");
        assert_eq!(reason(&missing), "không có tệp hoặc thư mục này");
        let dir = std::fs::read("/").expect_err("a directory");
        assert_eq!(reason(&dir), "đây là một thư mục, không phải tệp");
        let other = Error::other("lạ");
        assert_eq!(reason(&other), "lạ");
    }
}
