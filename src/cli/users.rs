//! `thidua users`: list, grant and revoke roles on a shared database.

use std::process::ExitCode;

use super::backend::{Backend, open_backend};
use super::{Options, UsersCommand, write_stdout};
use crate::server::roles;
use crate::store::{Flush, Role, Store, StoreError, user};

pub fn run(options: &Options, command: &UsersCommand) -> anyhow::Result<ExitCode> {
    let backend = open_backend(options)?;
    let (me, role_of_me) = match &backend {
        Backend::Server(c) => (c.user().to_string(), c.role()),
        Backend::Local(s) => {
            let me = user::os_user();
            let role = roles::effective(s.role(&me)?);
            (me, role)
        }
    };
    let change = |target: &str, role: Option<Role>| -> anyhow::Result<()> {
        let entry = match &backend {
            Backend::Server(c) => c.set_role(target, role)?,
            Backend::Local(s) => {
                roles::may_manage_roles(&role_of_me).map_err(StoreError::Denied)?;
                s.set_role_as(&me, target, role, Flush::Now)?
            }
        };
        match entry {
            Some(_) => println!("Đã đổi quyền của {target}."),
            None => println!("Quyền của {target} không thay đổi."),
        }
        Ok(())
    };
    match command {
        UsersCommand::List => {
            let list = match &backend {
                Backend::Server(c) => c.users()?,
                Backend::Local(s) => s.roles()?,
            };
            let mut out = String::new();
            for (name, role) in &list {
                let mark = if *name == me { "  (bạn)" } else { "" };
                out.push_str(&format!("{name}\t{role}{mark}\n"));
            }
            out.push_str("Những người dùng khác: viewer (chỉ xem).\n");
            write_stdout(&out)?;
        }
        UsersCommand::Grant { user, role } => {
            let Some(role) = Role::parse(role) else {
                anyhow::bail!(
                    "Không hiểu quyền «{role}»; dùng admin, viewer hoặc \"province MÃ_TỈNH\""
                );
            };
            change(user, Some(role))?;
        }
        UsersCommand::Revoke { user } => change(user, None)?,
    }
    Ok(ExitCode::SUCCESS)
}
