//! Subcommands: what `thidua …` does once the command line is parsed.
//! The options here are plain data; `main.rs` fills them from clap.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;

use crate::io::{export, import, os_error, report, weights};
use crate::model::{Figures, Period};
use crate::server::{self, ClientStore, ConnectError, roles};
use crate::store::{Flush, Role, SledStore, Store, StoreError, user};

pub use export::ExportFormat;
pub use report::ReportFormat;

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
    pub ambiguous: crate::detect::AmbiguousChoice,
    pub ascii: bool,
}

#[derive(Debug, Clone)]
pub enum Command {
    /// Open the application.
    Open,
    Export {
        period: Option<Period>,
        format: ExportFormat,
    },
    Import {
        file: PathBuf,
    },
    Report {
        period: Period,
        format: ReportFormat,
        /// Write to this file instead of the screen.
        out: Option<PathBuf>,
    },
    /// Own the database and serve every `thidua` on the socket.
    Serve,
    Users(UsersCommand),
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

/// The data, through the server of the database if one answers, otherwise
/// opened in this process.
pub enum Backend {
    Server(ClientStore),
    Local(SledStore),
}

impl Backend {
    pub fn into_store(self) -> Box<dyn Store> {
        match self {
            Backend::Server(c) => Box::new(c),
            Backend::Local(s) => Box::new(s),
        }
    }
}

pub fn open_backend(options: &Options) -> anyhow::Result<Backend> {
    let path = db_path(options);
    let socket = socket_path(options);
    match ClientStore::connect(&socket) {
        Ok(client) => return Ok(Backend::Server(client)),
        Err(ConnectError::NoServer) => {}
        Err(ConnectError::Failed(e)) => return Err(e.into()),
    }
    match SledStore::open(&path) {
        Ok(store) => Ok(Backend::Local(store)),
        Err(StoreError::Locked { .. }) => anyhow::bail!(
            "Cơ sở dữ liệu {db} đang được một chương trình thidua khác giữ, và đó không phải máy chủ \
             (không có máy chủ nào trả lời ở {sock}). Hãy đóng chương trình đó, rồi chạy \
             `thidua serve --db {db}` để nhiều người cùng dùng.",
            db = path.display(),
            sock = socket.display()
        ),
        Err(e) => Err(e.into()),
    }
}

/// Try the server of the chosen database first, then the database itself.
pub fn open_store(options: &Options) -> anyhow::Result<Box<dyn Store>> {
    Ok(open_backend(options)?.into_store())
}

fn serve(options: &Options) -> anyhow::Result<ExitCode> {
    let path = db_path(options);
    let socket = socket_path(options);
    server::serve::claim_socket(&socket)?;
    let store = match server::serve::open_database(&path, std::time::Duration::from_secs(3)) {
        Ok(s) => s,
        Err(StoreError::Locked { .. }) => anyhow::bail!(
            "Cơ sở dữ liệu {} đang được một chương trình thidua khác (không phải máy chủ) giữ; \
             hãy đóng chương trình đó rồi chạy lại `thidua serve`.",
            path.display()
        ),
        Err(e) => return Err(e.into()),
    };
    if let Some(admin) = server::serve::ensure_admin(&store)? {
        eprintln!("thidua serve: {admin} (chủ máy chủ) được đặt làm quản trị viên");
    }
    let handle = server::serve::start(store, server::Config::new(&socket))?;
    handle.stop_on_signals()?;
    handle.wait()?;
    Ok(ExitCode::SUCCESS)
}

fn users(options: &Options, command: &UsersCommand) -> anyhow::Result<ExitCode> {
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

fn dispatch(options: &Options, terminal: TerminalChoice) -> anyhow::Result<ExitCode> {
    match &options.command {
        Command::Open => {
            let store = open_store(options)?;
            if !interactive_terminal() {
                println!(
                    "thidua: đầu ra không phải là một terminal tương tác (hoặc TERM=dumb), \
                     nên không mở được giao diện. Dùng các lệnh sau:"
                );
                print_commands(&*store);
                return Ok(ExitCode::SUCCESS);
            }
            let choice = terminal;
            let options = crate::tui::TuiOptions {
                profile: crate::tui::vn::Profile::default(),
                color: colour_wanted(),
                period: None,
            };
            let detect = crate::tui::startup::Detect::from_env(choice.ambiguous, choice.ascii);
            crate::tui::run_detecting(store, options, Some(detect))?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Export { period, format } => {
            let store = open_store(options)?;
            // A period's values are one prefix scan (its key is fixed-width).
            let values = store.values(*period)?;
            write_stdout(&export::render(values, *format))?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Import { file } => {
            let bytes = std::fs::read(file).map_err(|e| {
                anyhow::anyhow!(
                    "không đọc được tệp {}: {}",
                    file.display(),
                    os_error::reason(&e)
                )
            })?;
            let store = open_store(options)?;
            let cluster = store.cluster()?;
            if weights::is_weights_file(&bytes) {
                return import_weights(&*store, &cluster, &bytes, file);
            }
            match import::parse(&bytes, &cluster) {
                Ok(edits) => {
                    let outcome = store.write_batch(edits)?;
                    println!("{}", import::summary(&outcome));
                    Ok(ExitCode::SUCCESS)
                }
                Err(errors) => {
                    for e in &errors {
                        eprintln!("{}: {e}", file.display());
                    }
                    eprintln!(
                        "Không nhập gì: {} lỗi. Sửa tệp rồi nhập lại; dữ liệu chưa thay đổi.",
                        errors.len()
                    );
                    Ok(ExitCode::from(1))
                }
            }
        }
        Command::Report {
            period,
            format,
            out,
        } => {
            let store = open_store(options)?;
            let cluster = store.cluster()?;
            let figures = Figures::new(store.values(None)?);
            let text = report::render(&cluster, &figures, *period, *format);
            match out {
                Some(path) => std::fs::write(path, text.as_bytes()).map_err(|e| {
                    anyhow::anyhow!(
                        "không ghi được tệp {}: {}",
                        path.display(),
                        os_error::reason(&e)
                    )
                })?,
                None => write_stdout(&text)?,
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Serve => serve(options),
        Command::Users(command) => users(options, command),
    }
}

/// `thidua import` of an `indicator_code,weight` file: all rows checked,
/// then all weights set (each audited) or none.
fn import_weights(
    store: &dyn Store,
    cluster: &crate::model::Cluster,
    bytes: &[u8],
    file: &std::path::Path,
) -> anyhow::Result<ExitCode> {
    match weights::parse(bytes, cluster) {
        Ok(list) => {
            let outcome = weights::apply(store, cluster, &list)?;
            println!("{}", weights::summary(&outcome));
            Ok(ExitCode::SUCCESS)
        }
        Err(errors) => {
            for e in &errors {
                eprintln!("{}: {e}", file.display());
            }
            eprintln!(
                "Không nhập gì: {} lỗi. Sửa tệp rồi nhập lại; trọng số chưa thay đổi.",
                errors.len()
            );
            Ok(ExitCode::from(1))
        }
    }
}

fn write_stdout(text: &str) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|_| out.flush()) {
        // A closed pipe (`thidua export | head`) is the reader's choice, not an error.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other.context("không ghi được ra màn hình"),
    }
}

/// 16 colours unless `NO_COLOR` is set or the terminal is known to have none.
fn colour_wanted() -> bool {
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let term = std::env::var("TERM").unwrap_or_default();
    let monochrome = matches!(
        term.as_str(),
        "vt52" | "vt100" | "vt102" | "vt220" | "vt320"
    );
    !no_color && !monochrome
}

/// Whether the full-screen application can run here.
fn interactive_terminal() -> bool {
    use std::io::IsTerminal;
    let dumb = std::env::var("TERM").is_ok_and(|t| t == "dumb");
    !dumb && std::io::stdout().is_terminal() && std::io::stdin().is_terminal()
}

fn print_commands(store: &dyn Store) {
    println!("thidua — cơ sở dữ liệu: {}", store.location());
    println!("  thidua export --period 2021-H1 [--format csv|json|md]");
    println!("  thidua import TỆP.csv   (số liệu, hoặc trọng số: indicator_code,weight)");
    println!("  thidua report --period 2021-H1 [--format md|txt|csv] [--out TỆP]");
    println!("  thidua serve [--socket ĐƯỜNG_DẪN]");
    println!("  thidua users [grant NGƯỜI_DÙNG QUYỀN | revoke NGƯỜI_DÙNG]");
}
