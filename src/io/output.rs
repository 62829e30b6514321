//! Writing an output file whole or not at all: the bytes go to a temporary
//! file beside the target, are flushed to disk, then renamed over it. A
//! failure (a full disk, a missing directory) leaves no partial file and
//! an existing file as it was.

use std::io::Write;
use std::path::Path;

use crate::text::os_error;

/// Write `bytes` to `path`; the message says why not, in Vietnamese.
pub fn write_whole(path: &Path, bytes: &[u8]) -> Result<(), String> {
    let fail = |e: &std::io::Error| {
        format!(
            "không ghi được tệp {}: {}",
            path.display(),
            os_error::reason(e)
        )
    };
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    if path.is_dir() {
        return Err(fail(&std::io::Error::from(
            std::io::ErrorKind::IsADirectory,
        )));
    }
    let mut builder = tempfile::Builder::new();
    builder.prefix(".thidua-").suffix(".tmp");
    #[cfg(unix)]
    {
        // The usual mode for a new file (the umask applies), not the
        // temporary file's private 0600.
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let mut tmp = builder.tempfile_in(dir).map_err(|e| fail(&e))?;
    tmp.write_all(bytes)
        .and_then(|_| tmp.as_file().sync_all())
        .map_err(|e| fail(&e))?;
    tmp.persist(path).map_err(|e| fail(&e.error))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_is_written_whole_and_a_failure_leaves_nothing() {
        let dir = tempfile::tempdir().expect("tempdir");
        let file = dir.path().join("bao-cao.docx");
        write_whole(&file, b"abc").expect("written");
        assert_eq!(std::fs::read(&file).expect("read"), b"abc");
        let missing = dir.path().join("khong-co").join("x.docx");
        let err = write_whole(&missing, b"abc").expect_err("no such directory");
        assert!(err.contains("không có tệp hoặc thư mục này"), "{err}");
        let err = write_whole(dir.path(), b"abc").expect_err("a directory");
        assert!(err.contains("thư mục"), "{err}");
        let left: Vec<_> = std::fs::read_dir(dir.path())
            .expect("list")
            .map(|e| e.expect("entry").file_name())
            .collect();
        assert_eq!(left, vec![std::ffi::OsString::from("bao-cao.docx")]);
    }
}
