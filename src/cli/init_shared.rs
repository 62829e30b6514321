//! `thidua init-shared DIR --service-user thidua --group G --admin USER`:
//! set up a database shared by a group the way PostgreSQL is: the directory
//! belongs to a service account and only its server touches the files.
//!
//! Layout: `DIR` owned by the service account and group `G`, mode 2710 —
//! the service account alone writes in it; members of `G` may only pass
//! through it to the socket `DIR/thidua.sock` (0660, group `G` by the
//! set-group-id bit); everyone else cannot reach anything. The database
//! files are the service account's alone (its umask is 077). The database
//! is seeded as the service account (so its files and audit log are its
//! own), `USER` is made its administrator, and a systemd unit runs
//! `thidua --db DIR serve` as the service account.

use std::ffi::CString;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::Options;
use crate::server::launch;
use crate::store::{Flush, Role, SledStore, Store};

#[derive(Debug, Clone)]
pub struct InitShared {
    pub dir: PathBuf,
    pub service_user: String,
    pub group: String,
    pub admin: String,
    /// Where the systemd unit is written.
    pub unit_dir: PathBuf,
}

pub const DEFAULT_UNIT_DIR: &str = "/etc/systemd/system";

/// uid and primary gid of a user, from the password database.
fn user_ids(name: &str) -> Option<(u32, u32)> {
    let c = CString::new(name).ok()?;
    // SAFETY: getpwnam_r writes only into our buffers.
    unsafe {
        let mut pwd: libc::passwd = std::mem::zeroed();
        let mut buf = vec![0 as libc::c_char; 4096];
        let mut result: *mut libc::passwd = std::ptr::null_mut();
        let rc = libc::getpwnam_r(
            c.as_ptr(),
            &mut pwd,
            buf.as_mut_ptr(),
            buf.len(),
            &mut result,
        );
        (rc == 0 && !result.is_null()).then_some((pwd.pw_uid, pwd.pw_gid))
    }
}

fn group_id(name: &str) -> Option<u32> {
    let c = CString::new(name).ok()?;
    // SAFETY: getgrnam_r writes only into our buffers.
    unsafe {
        let mut grp: libc::group = std::mem::zeroed();
        let mut buf = vec![0 as libc::c_char; 16384];
        let mut result: *mut libc::group = std::ptr::null_mut();
        let rc = libc::getgrnam_r(
            c.as_ptr(),
            &mut grp,
            buf.as_mut_ptr(),
            buf.len(),
            &mut result,
        );
        (rc == 0 && !result.is_null()).then_some(grp.gr_gid)
    }
}

fn clean(s: &str) -> String {
    crate::text::normalize::clean(s)
}

fn unit_text(exe: &Path, dir: &Path, service_user: &str, group: &str) -> String {
    format!(
        "# Written by `thidua init-shared`.\n\
         [Unit]\n\
         Description=thidua: máy chủ cơ sở dữ liệu {dir}\n\
         After=local-fs.target\n\
         \n\
         [Service]\n\
         Type=simple\n\
         User={service_user}\n\
         Group={group}\n\
         UMask=0077\n\
         ExecStart={exe} --db {dir} serve\n\
         Restart=on-failure\n\
         RestartSec=2\n\
         NoNewPrivileges=yes\n\
         PrivateTmp=yes\n\
         ProtectSystem=strict\n\
         ReadWritePaths={dir}\n\
         \n\
         [Install]\n\
         WantedBy=multi-user.target\n",
        exe = exe.display(),
        dir = dir.display(),
    )
}

pub fn run(_options: &Options, args: &InitShared) -> anyhow::Result<ExitCode> {
    // SAFETY: geteuid cannot fail.
    if unsafe { libc::geteuid() } != 0 {
        anyhow::bail!(
            "`thidua init-shared` phải chạy với quyền root (sudo thidua init-shared …): nó tạo thư \
             mục thuộc tài khoản dịch vụ và ghi tệp dịch vụ systemd"
        );
    }
    let svc = &args.service_user;
    let Some((svc_uid, svc_gid)) = user_ids(svc) else {
        anyhow::bail!(
            "Không có tài khoản «{s}» trên máy này; hãy tạo trước: useradd --system --no-create-home \
             --shell /usr/sbin/nologin {s}",
            s = clean(svc)
        );
    };
    let Some(gid) = group_id(&args.group) else {
        anyhow::bail!(
            "Không có nhóm «{g}»; hãy tạo trước (groupadd {g}) rồi thêm các cán bộ (usermod -aG {g} TÊN)",
            g = clean(&args.group)
        );
    };
    if user_ids(&args.admin).is_none() {
        anyhow::bail!(
            "Không có người dùng «{}» trên máy này để làm quản trị viên",
            clean(&args.admin)
        );
    }
    let parent = args
        .dir
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent)?;
    let parent = std::fs::canonicalize(parent)?;
    let name = args
        .dir
        .file_name()
        .ok_or_else(|| anyhow::anyhow!("{} không phải tên thư mục", args.dir.display()))?;
    let dir = parent.join(name);
    match std::fs::read_dir(&dir) {
        Ok(mut entries) => {
            if entries.next().is_some() {
                anyhow::bail!(
                    "{} đã có dữ liệu; `init-shared` chỉ tạo một cơ sở dữ liệu mới trong thư mục \
                     trống hoặc chưa có",
                    dir.display()
                );
            }
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => std::fs::create_dir(&dir)?,
        Err(e) => return Err(e.into()),
    }
    std::os::unix::fs::chown(&dir, Some(svc_uid), Some(gid))?;
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o2710))?;
    let unit_name = launch::unit_name(&dir);
    let unit = args.unit_dir.join(format!("{unit_name}.service"));
    if unit.exists() {
        anyhow::bail!(
            "{} đã có; hãy xoá nó hoặc chọn --unit-dir khác",
            unit.display()
        );
    }
    let exe = std::env::current_exe()?;
    let seeded = std::process::Command::new(&exe)
        .arg("--db")
        .arg(&dir)
        .args(["seed-shared", "--admin", &args.admin])
        .env_remove("THIDUA_DB")
        .env_remove("THIDUA_SOCKET")
        .uid(svc_uid)
        .gid(svc_gid)
        .status()?;
    if !seeded.success() {
        anyhow::bail!(
            "Không nạp được dữ liệu vào {} với tài khoản {}; xem thông báo ở trên",
            dir.display(),
            clean(svc)
        );
    }
    std::fs::create_dir_all(&args.unit_dir)?;
    std::fs::write(&unit, unit_text(&exe, &dir, svc, &args.group))?;
    std::fs::set_permissions(&unit, std::fs::Permissions::from_mode(0o644))?;
    let hidden: Vec<String> = dir
        .ancestors()
        .skip(1)
        .filter(|a| std::fs::metadata(a).is_ok_and(|m| m.mode() & 0o001 == 0))
        .map(|a| a.display().to_string())
        .collect();
    println!(
        "Đã tạo cơ sở dữ liệu dùng chung {dir}: thuộc {svc}, nhóm {group} chỉ đi qua tới socket; \
         quản trị viên đầu tiên: {admin}.",
        dir = dir.display(),
        group = args.group,
        admin = args.admin
    );
    println!("Đã ghi tệp dịch vụ systemd: {}", unit.display());
    println!("Bật và khởi động máy chủ:");
    println!("  systemctl daemon-reload && systemctl enable --now {unit_name}");
    println!(
        "Không có systemd: sudo -u {svc} {} --db {} serve (giữ chạy, ví dụ trong tmux)",
        exe.display(),
        dir.display()
    );
    println!(
        "Cán bộ trong nhóm {} dùng: thidua --db {}",
        args.group,
        dir.display()
    );
    if !hidden.is_empty() {
        println!(
            "Lưu ý: người ngoài chủ không đi qua được {}; hãy cho nhóm {} quyền đi qua (chmod o+x hoặc g+x).",
            hidden.join(", "),
            args.group
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// The seeding half of `init-shared`, run as the service account: create
/// the database with the built-in data and hand its administration to
/// `admin`.
pub fn seed(options: &Options, admin: &str) -> anyhow::Result<ExitCode> {
    // SAFETY: umask cannot fail.
    unsafe { libc::umask(0o077) };
    let dir = super::db_path(options);
    let store = SledStore::open(&dir)?;
    let me = store.user().to_string();
    store.set_role_as(&me, admin, Some(Role::Admin), Flush::Now)?;
    if me != admin {
        store.set_role_as(&me, &me, None, Flush::Now)?;
    }
    store.flush()?;
    Ok(ExitCode::SUCCESS)
}
