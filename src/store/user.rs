//! The OS user a write is recorded under.

/// Login name of the process's real user; the uid if it has no name.
pub fn os_user() -> String {
    // SAFETY: getuid cannot fail.
    user_name(unsafe { libc::getuid() })
}

/// Login name of a uid (from the password database); `uid1234` if it has none.
pub fn user_name(uid: u32) -> String {
    // SAFETY: getpwuid_r writes only into our buffers.
    unsafe {
        let mut pwd: libc::passwd = std::mem::zeroed();
        let mut buf = vec![0 as libc::c_char; 4096];
        let mut result: *mut libc::passwd = std::ptr::null_mut();
        let rc = libc::getpwuid_r(uid, &mut pwd, buf.as_mut_ptr(), buf.len(), &mut result);
        if rc == 0
            && !result.is_null()
            && !pwd.pw_name.is_null()
            && let Ok(name) = std::ffi::CStr::from_ptr(pwd.pw_name).to_str()
        {
            return name.to_string();
        }
        format!("uid{uid}")
    }
}
