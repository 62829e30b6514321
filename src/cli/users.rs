//! `thidua users`: list, grant and revoke roles on a database, through its
//! server (which checks that the caller is an admin).

use std::process::ExitCode;

use super::backend::open_client;
use super::{Options, UsersCommand, write_stdout};
use crate::store::{Role, Store};

pub fn run(options: &Options, command: &UsersCommand) -> anyhow::Result<ExitCode> {
    let client = open_client(options)?;
    let me = client.user().to_string();
    let change = |target: &str, role: Option<Role>| -> anyhow::Result<()> {
        crate::server::shape::user_name(target)
            .map_err(|why| anyhow::anyhow!("Không đổi quyền: {why}"))?;
        match client.set_role(target, role)? {
            Some(_) => println!("Đã đổi quyền của {target}."),
            None => println!("Quyền của {target} không thay đổi."),
        }
        Ok(())
    };
    match command {
        UsersCommand::List => {
            let mut out = String::new();
            for (name, role) in &client.users()? {
                let mark = if *name == me { "  (bạn)" } else { "" };
                out.push_str(&format!("{name}\t{role}{mark}\n"));
            }
            out.push_str("Những người dùng khác: viewer (chỉ xem).\n");
            write_stdout(&out)?;
        }
        UsersCommand::Grant { user, role } => {
            let Some(role) = Role::parse(role) else {
                anyhow::bail!(
                    "Không hiểu quyền «{}»; dùng admin, viewer hoặc \"province MÃ_TỈNH\"",
                    crate::text::normalize::clean(role)
                );
            };
            change(user, Some(role))?;
        }
        UsersCommand::Revoke { user } => change(user, None)?,
    }
    Ok(ExitCode::SUCCESS)
}
