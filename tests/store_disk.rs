//! What the disk sees: every acknowledged write (and every group the
//! server flushes at once) is followed by a real sync before it is
//! acknowledged, seen under strace; a full disk is one Vietnamese line and
//! writing works again, without a restart, once space returns (a small
//! tmpfs, where the tests run as root).

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use thidua::store::{Expect, Flush, SledStore, Store, StoreError, SystemKind};

mod store_common;
use store_common::{d, edit, key, reopen};

const CHILD_ENV: &str = "THIDUA_DURABLE_CHILD";
const WRITES: usize = 20;
const GROUPS: usize = 5;

fn say(line: &str) {
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(format!("{line}\n").as_bytes());
    let _ = out.flush();
}

/// The writing half of `every_acknowledged_write_is_synced_before_it_is_acknowledged`,
/// run by it in a child process under strace: each line it prints is an
/// acknowledgement.
#[test]
#[ignore = "run under strace by every_acknowledged_write_is_synced_before_it_is_acknowledged"]
fn durable_child() {
    let Some(dir) = std::env::var_os(CHILD_ENV) else {
        return;
    };
    let store = SledStore::open_as(Path::new(&dir), "u").expect("open");
    say("ready");
    let k = key("DT", "EXPORT");
    for i in 0..WRITES {
        store
            .write(edit(&k, &format!("{}", 700 + i), Expect::Any))
            .expect("write");
        say(&format!("ack write {i}"));
    }
    // The server's group commit: writes applied, one flush, then acks.
    for g in 0..GROUPS {
        for j in 0..5 {
            let k = key(["AG", "BL", "BT", "CM", "DT"][j], "EXPORT");
            store
                .write_as(
                    "u",
                    edit(&k, &format!("{}", 900 + g), Expect::Any),
                    Flush::Later,
                )
                .expect("write");
        }
        store.flush().expect("flush");
        say(&format!("ack group {g}"));
    }
}

fn strace_available() -> bool {
    Command::new("strace")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success())
}

#[test]
fn every_acknowledged_write_is_synced_before_it_is_acknowledged() {
    if !strace_available() {
        println!("skipped: strace is not installed (apt-get install strace)");
        return;
    }
    let root = tempfile::tempdir().expect("tempdir");
    let db = root.path().join("db");
    drop(SledStore::open_as(&db, "u").expect("create"));
    let log = root.path().join("strace.log");
    let out = Command::new("strace")
        .args(["-f", "-qq", "-y", "-s", "64", "-o"])
        .arg(&log)
        .args(["-e", "trace=fsync,fdatasync,sync_file_range,pwrite64,write"])
        .arg(std::env::current_exe().expect("test binary"))
        .args([
            "durable_child",
            "--exact",
            "--ignored",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(CHILD_ENV, &db)
        .output()
        .expect("strace");
    let text = std::fs::read_to_string(&log).unwrap_or_default();
    if !out.status.success() && text.contains("PTRACE") {
        println!(
            "skipped: strace cannot trace here: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        return;
    }
    assert!(out.status.success(), "{out:?}");
    let db_file = format!("{}>", db.join("db").display());
    let db_dir = format!("{}>", db.display());
    // From "ready" on: each acknowledgement must follow its own real sync
    // of the log file (the directory is synced when it changed).
    let (mut started, mut data, mut acks) = (false, false, 0);
    let (mut fdatasyncs, mut dir_syncs, mut range_syncs) = (0, 0, 0);
    for line in text.lines() {
        if line.contains("\"ready\\n\"") {
            started = true;
            continue;
        }
        if !started {
            continue;
        }
        if line.contains("fdatasync(") && line.contains(&db_file) {
            data = true;
            fdatasyncs += 1;
        }
        if line.contains("fsync(") && !line.contains("fdatasync") && line.contains(&db_dir) {
            dir_syncs += 1;
        }
        if line.contains("sync_file_range(") {
            range_syncs += 1;
        }
        if line.contains("\"ack ") {
            assert!(data, "acknowledged without a real sync before it: {line}");
            data = false;
            acks += 1;
        }
    }
    assert_eq!(acks, WRITES + GROUPS, "every acknowledgement seen:\n{text}");
    println!(
        "{WRITES} writes and {GROUPS} groups acknowledged: {fdatasyncs} fdatasync of db, \
         {dir_syncs} fsync of its directory, {range_syncs} sync_file_range (sled's own)"
    );
}

/// A small tmpfs, unmounted when dropped.
struct Tmpfs {
    dir: tempfile::TempDir,
}

impl Tmpfs {
    fn mount(megabytes: u32) -> Result<Tmpfs, String> {
        // SAFETY: geteuid cannot fail.
        if unsafe { libc::geteuid() } != 0 {
            return Err("needs root to mount a small tmpfs".into());
        }
        let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
        let out = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={megabytes}m"), "tmpfs"])
            .arg(dir.path())
            .output()
            .map_err(|e| e.to_string())?;
        if !out.status.success() {
            return Err(format!(
                "mount -t tmpfs failed: {}",
                String::from_utf8_lossy(&out.stderr).trim()
            ));
        }
        Ok(Tmpfs { dir })
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = Command::new("umount")
            .arg("-l")
            .arg(self.dir.path())
            .status();
    }
}

/// Fill the file system with one file until it is full.
fn fill(file: &Path) -> std::fs::File {
    let mut f = std::fs::File::create(file).expect("filler");
    let chunk = vec![0x5a_u8; 64 * 1024];
    loop {
        if let Err(e) = f.write_all(&chunk).and_then(|_| f.sync_all()) {
            assert_eq!(e.raw_os_error(), Some(libc::ENOSPC), "{e}");
            // Fill the last pages too, byte by byte where need be.
            for size in [4096usize, 512, 1] {
                while f
                    .write_all(&chunk[..size])
                    .and_then(|_| f.sync_all())
                    .is_ok()
                {}
            }
            return f;
        }
    }
}

#[test]
fn a_full_disk_is_one_vietnamese_line_and_writing_works_again_when_space_returns() {
    let fs = match Tmpfs::mount(24) {
        Ok(fs) => fs,
        Err(why) => {
            println!("skipped: {why}");
            return;
        }
    };
    let path: PathBuf = fs.path().join("db");
    let store = SledStore::open_as(&path, "u").expect("open");
    let k = key("DT", "EXPORT");
    let filler = fs.path().join("filler");
    let file = fill(&filler);
    // The log may still have room in pages it already has: write until
    // the disk says no.
    let mut saved = None;
    let mut refusal = None;
    for i in 0..20_000u32 {
        let v = format!("{}", 10_000 + i);
        match store.write(edit(&k, &v, Expect::Any)) {
            Ok(_) => saved = Some(v),
            Err(e) => {
                refusal = Some((v, e));
                break;
            }
        }
    }
    let (refused, err) = refusal.expect("the full disk refused a write");
    assert!(
        matches!(&err, StoreError::System(s) if s.kind == SystemKind::NoSpace),
        "{err:?}"
    );
    let shown = err.to_string();
    assert!(
        shown.starts_with("Ổ đĩa đã đầy nên chưa ghi được"),
        "{shown}"
    );
    assert!(!shown.contains('\n') && !shown.contains("Os {") && !shown.contains("StorageFull"));
    // Still full: still refused, still in Vietnamese, nothing stuck.
    let again = store
        .write(edit(&k, "1", Expect::Any))
        .expect_err("still full");
    assert!(again.to_string().starts_with("Ổ đĩa đã đầy"), "{again}");

    drop(file);
    std::fs::remove_file(&filler).expect("free space");
    // The same store, no restart: it reopens sled and writes again.
    store
        .write(edit(&k, "4321", Expect::Any))
        .expect("writes again once space returns");
    assert_eq!(
        store.get(&k).expect("get").map(|f| f.value),
        Some(d("4321"))
    );
    let history = store.history(&k).expect("history");
    let values: Vec<String> = history
        .iter()
        .filter_map(|e| match &e.change {
            thidua::store::Change::Value { new, .. } => new.as_ref().map(|f| f.value.to_string()),
            _ => None,
        })
        .collect();
    assert!(!values.contains(&refused), "a refused figure is not kept");
    if let Some(saved) = &saved {
        assert!(values.contains(saved), "every saved figure is kept");
    }
    drop(store);
    let store = reopen(&path, "u");
    assert_eq!(
        store.get(&k).expect("get").map(|f| f.value),
        Some(d("4321"))
    );
    assert!(store.check().expect("check").problems.is_empty());
}
