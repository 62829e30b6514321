//! `thidua` with no subcommand: open the application, or, where no
//! interactive terminal is at hand, list the subcommands.

use std::process::ExitCode;

use super::{Options, TerminalChoice, open_store_waiting};
use crate::store::Store;

pub fn run(options: &Options, terminal: TerminalChoice) -> anyhow::Result<ExitCode> {
    let store = open_store_waiting(options)?;
    if !interactive_terminal() {
        println!(
            "thidua: đầu ra không phải là một terminal tương tác (hoặc TERM=dumb), \
             nên không mở được giao diện. Dùng các lệnh sau:"
        );
        print_commands(&*store);
        return Ok(ExitCode::SUCCESS);
    }
    // The place the officer left is kept per user (their state
    // directory) and database.
    let db = super::db_path(options);
    let resume = crate::tui::resume::file_for(&db)
        .map(|file| (file, crate::tui::resume::database_name(&db)));
    let tui_options = crate::tui::TuiOptions {
        profile: crate::text::profile::Profile::default(),
        color: colour_wanted(),
        period: None,
        resume,
    };
    let detect = crate::terminal::Detect::from_env(terminal.ambiguous, terminal.ascii);
    crate::tui::run_detecting(store, tui_options, Some(detect))?;
    Ok(ExitCode::SUCCESS)
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
    println!("  thidua backup [--out TỆP] | restore TỆP --db THƯ_MỤC_MỚI | check");
}
