//! `thidua check`: read every record, follow every audit chain to the
//! stored value; exit 1 on any problem. Through the database's server
//! when one runs (it holds the files); otherwise in this process.

use std::process::ExitCode;

use super::{Options, db_path, write_stdout};
use crate::store::SledStore;

pub fn run(options: &Options) -> anyhow::Result<ExitCode> {
    let report = match super::backend::running_server(options)? {
        Some(server) => server.check()?,
        None => {
            let store = SledStore::open_inspecting(&db_path(options))?;
            super::tell_migration(&store);
            store.check()?
        }
    };
    let mut out = String::new();
    for p in &report.problems {
        out.push_str(&format!("- {p}\n"));
    }
    out.push_str(&format!("{report}\n"));
    write_stdout(&out)?;
    Ok(if report.problems.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
