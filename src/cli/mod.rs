//! Subcommands: what `thidua …` does once the command line is parsed.
//! The options here are plain data; `main.rs` fills them from clap. One
//! file per subcommand; [`backend`] decides how every one reaches the data.
//!
//! May use: every layer below (`tui`, `server`, `io`, `store`, `model`, `text`).

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;

use crate::model::Period;
use crate::server;

mod backend;
mod backup;
mod check;
mod covenant;
mod export;
mod import;
mod init_shared;
mod lock;
mod open;
mod progress;
mod report;
mod restore;
mod serve;
mod status;
mod submit;
mod users;
pub mod vote;

pub use backend::{open_client, open_store, open_store_waiting};
pub use covenant::CovenantCommand;

pub use init_shared::{DEFAULT_UNIT_DIR, InitShared};

pub use crate::io::export::ExportFormat;
pub use crate::io::report::ReportFormat;
pub use crate::io::sheet_in::SheetChoice;
pub use report::{ParticularsChoice, ReportOptions};

#[derive(Debug, Clone)]
pub struct Options {
    /// `--db` or `THIDUA_DB`; None = the platform data directory.
    pub db: Option<PathBuf>,
    /// `--socket` or `THIDUA_SOCKET`; None = `thidua.sock` in the database directory.
    pub socket: Option<PathBuf>,
    pub command: Command,
}

/// `--ambiguous narrow|wide|auto` (or `THIDUA_AMBIGUOUS`) and `--ascii`.
#[derive(Debug, Clone, Copy, Default)]
pub struct TerminalChoice {
    pub ambiguous: crate::terminal::AmbiguousChoice,
    pub ascii: bool,
}

#[derive(Debug, Clone)]
pub enum Command {
    /// Open the application.
    Open,
    Export {
        period: Option<Period>,
        format: ExportFormat,
        /// Write to this file instead of the screen.
        out: Option<PathBuf>,
    },
    Import {
        file: PathBuf,
        /// Which sheet of a spreadsheet, and the period and kind of a wide one.
        sheet: SheetChoice,
    },
    Report {
        period: Period,
        format: ReportFormat,
        /// The file, the score sheets, the narrative and the particulars
        /// (boxed: they are most of the command's size).
        options: Box<ReportOptions>,
    },
    /// Own the database and serve every `thidua` on the socket; with
    /// `idle_exit`, stop after that long with no client; with `empty`, a
    /// directory with no database gets an empty one (no built-in data).
    Serve {
        idle_exit: Option<std::time::Duration>,
        empty: bool,
    },
    /// The covenant's files out of and into the database, a year copied.
    Covenant(CovenantCommand),
    Users(UsersCommand),
    /// The whole database as one file (`None`: into its `backups/`).
    Backup {
        out: Option<PathBuf>,
    },
    /// Rebuild a database from a backup into a new directory.
    Restore {
        file: PathBuf,
    },
    /// Read every record and check the audit chains.
    Check,
    /// Set up a database shared by a group (as root).
    InitShared(InitShared),
    /// `init-shared`'s seeding, run as the service account (hidden).
    SeedShared {
        admin: String,
    },
    /// Hand in a unit's figures of a period (None: the caller's own unit);
    /// with `reopen` (a reason), take a submission back (admin).
    Submit {
        period: Period,
        unit: Option<String>,
        reopen: Option<String>,
    },
    /// Lock a period (admin).
    Lock {
        period: Period,
        reason: Option<String>,
    },
    /// Unlock a period, saying why (admin).
    Unlock {
        period: Period,
        reason: String,
    },
    /// A period's lock and its members' submissions.
    Status {
        period: Period,
    },
    /// Record a proposal's ballot at the cluster meeting (admin only).
    Vote(Box<vote::VoteArgs>),
}

#[derive(Debug, Clone)]
pub enum UsersCommand {
    List,
    Grant { user: String, role: String },
    Revoke { user: String },
}

/// `~/.local/share/thidua` on Linux (XDG), the platform equivalent elsewhere.
pub fn default_db_path() -> PathBuf {
    directories::ProjectDirs::from("", "", "thidua")
        .map(|d| d.data_dir().to_path_buf())
        .unwrap_or_else(|| PathBuf::from("thidua-db"))
}

pub fn db_path(options: &Options) -> PathBuf {
    options.db.clone().unwrap_or_else(default_db_path)
}

/// Run a command; user-facing failures are printed in Vietnamese and give
/// exit code 1.
pub fn run(options: Options) -> ExitCode {
    run_with(options, TerminalChoice::default())
}

/// [`run`], with how the application draws (`--ambiguous`, `--ascii`).
pub fn run_with(options: Options, terminal: TerminalChoice) -> ExitCode {
    match dispatch(&options, terminal) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("thidua: {e:#}");
            ExitCode::from(1)
        }
    }
}

pub fn socket_path(options: &Options) -> PathBuf {
    options
        .socket
        .clone()
        .unwrap_or_else(|| server::default_socket(&db_path(options)))
}

fn dispatch(options: &Options, terminal: TerminalChoice) -> anyhow::Result<ExitCode> {
    match &options.command {
        Command::Open => open::run(options, terminal),
        Command::Export {
            period,
            format,
            out,
        } => export::run(options, *period, *format, out.as_deref()),
        Command::Import { file, sheet } => import::run(options, file, sheet),
        Command::Report {
            period,
            format,
            options: choice,
        } => report::run(options, *period, *format, choice),
        Command::Serve { idle_exit, empty } => serve::run(options, *idle_exit, *empty),
        Command::Covenant(command) => covenant::run(options, command),
        Command::Users(command) => users::run(options, command),
        Command::Backup { out } => backup::run(options, out.as_deref()),
        Command::Restore { file } => restore::run(options, file),
        Command::Check => check::run(options),
        Command::InitShared(args) => init_shared::run(options, args),
        Command::SeedShared { admin } => init_shared::seed(options, admin),
        Command::Submit {
            period,
            unit,
            reopen,
        } => submit::run(options, *period, unit.as_deref(), reopen.as_deref()),
        Command::Lock { period, reason } => lock::lock(options, *period, reason.as_deref()),
        Command::Unlock { period, reason } => lock::unlock(options, *period, reason),
        Command::Status { period } => status::run(options, *period),
        Command::Vote(args) => vote::run(options, args),
    }
}

/// Tell, on stderr, that opening upgraded the database, and where the
/// backup taken before is.
fn tell_migration(store: &crate::store::SledStore) {
    if let Some(m) = store.migration() {
        eprintln!(
            "thidua: đã nâng cấp cơ sở dữ liệu từ định dạng {} lên {}; bản sao lưu trước khi nâng cấp: {}",
            m.from,
            m.to,
            m.backup.display()
        );
    }
}

/// Tell, on stderr, of the damaged records a command's reads skipped.
fn warn_problems(store: &dyn crate::store::Store) {
    for p in store.problems() {
        eprintln!("thidua: cảnh báo: {p}");
    }
}

/// Write a command's output; a closed pipe (`thidua export | head`) is the
/// reader's choice, not an error.
fn write_stdout(text: &str) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|_| out.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other.context("không ghi được ra màn hình"),
    }
}
