//! Part of the `thidua` binary (declared in `main.rs`, not in the library):
//! clap's own words in Vietnamese. clap writes its headings ("Usage",
//! "Options"), its help and version flags and its parse errors in English;
//! the officers read Vietnamese. The help pages get Vietnamese headings and
//! flag texts, and a parse error becomes one Vietnamese line (with the
//! value's own Vietnamese reason, e.g. for a bad period) and exit code 2.
//! What the command line said is echoed cleaned of control characters and
//! cut short: an argument must never drive the terminal that shows it.

use std::error::Error as _;
use std::process::ExitCode;

use clap::error::{ContextKind, ErrorKind};
use clap::{Arg, ArgAction, Command};

/// `command` and every subcommand with Vietnamese help headings and flags.
pub fn localized(command: Command) -> Command {
    let command = command.disable_version_flag(true).arg(
        Arg::new("version")
            .short('V')
            .long("version")
            .action(ArgAction::Version)
            .help("In số phiên bản"),
    );
    vietnamese_help(command)
}

fn vietnamese_help(command: Command) -> Command {
    let command = command
        .disable_help_subcommand(true)
        .disable_help_flag(true)
        .arg(
            Arg::new("help")
                .short('h')
                .long("help")
                .action(ArgAction::Help)
                .help("In hướng dẫn này"),
        )
        .mut_subcommands(vietnamese_help);
    let mut template = String::from("{about-with-newline}\nCách dùng: {usage}\n");
    if command.has_subcommands() {
        template.push_str("\nLệnh:\n{subcommands}\n");
    }
    if command.get_positionals().next().is_some() {
        template.push_str("\nTham số:\n{positionals}\n");
    }
    template.push_str("\nTuỳ chọn:\n{options}\n");
    command.help_template(template)
}

/// Print a parse error (or the help / version asked for) and give the exit
/// code: 0 for help and version, 2 for a bad command line.
pub fn report(error: &clap::Error) -> ExitCode {
    if matches!(
        error.kind(),
        ErrorKind::DisplayHelp
            | ErrorKind::DisplayVersion
            | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
    ) {
        let _ = error.print();
        return if error.kind() == ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand {
            ExitCode::from(2)
        } else {
            ExitCode::SUCCESS
        };
    }
    // `eprintln!` would panic on a closed stderr; a failed write changes
    // nothing about the exit code.
    use std::io::Write;
    let _ = writeln!(
        std::io::stderr(),
        "thidua: {}\nXem: thidua --help",
        message(error)
    );
    ExitCode::from(2)
}

/// An argument as a message echoes it: no control characters (so no
/// escape sequence reaches the terminal), at most `max` characters.
fn echoed_max(text: &str, max: usize) -> String {
    let clean = thidua::text::normalize::clean(text);
    if clean.chars().count() > max {
        let cut: String = clean.chars().take(max - 1).collect();
        format!("{cut}…")
    } else {
        clean
    }
}

fn echoed(text: &str) -> String {
    echoed_max(text, 60)
}

/// The error in one Vietnamese line.
fn message(error: &clap::Error) -> String {
    let context = |kind: ContextKind| {
        error
            .get(kind)
            .map(|v| echoed(&v.to_string()))
            .unwrap_or_default()
    };
    let arg = context(ContextKind::InvalidArg);
    let value = context(ContextKind::InvalidValue);
    match error.kind() {
        ErrorKind::UnknownArgument => format!("không có tham số «{arg}»"),
        ErrorKind::InvalidSubcommand => format!(
            "không có lệnh «{}» (có: export, import, report, vote, covenant, serve, users, backup, restore, check, submit, lock, unlock, status)",
            context(ContextKind::InvalidSubcommand)
        ),
        ErrorKind::InvalidValue => {
            let valid = context(ContextKind::ValidValue);
            if valid.is_empty() {
                format!("thiếu giá trị cho {arg}")
            } else {
                format!("giá trị «{value}» của {arg} không hợp lệ; dùng: {valid}")
            }
        }
        ErrorKind::ValueValidation => match error.source() {
            // The value's own reason (a period's is already Vietnamese).
            Some(reason) => format!("{arg}: {}", echoed_max(&reason.to_string(), 240)),
            None => format!("giá trị «{value}» của {arg} không hợp lệ"),
        },
        ErrorKind::MissingRequiredArgument => format!("thiếu {arg}"),
        ErrorKind::MissingSubcommand => "thiếu lệnh con".to_string(),
        ErrorKind::ArgumentConflict => format!("{arg} không dùng chung được với tham số khác"),
        ErrorKind::TooManyValues | ErrorKind::NoEquals => {
            format!("thừa hoặc sai tham số: «{value}{arg}»")
        }
        _ => "dòng lệnh không hợp lệ".to_string(),
    }
}
