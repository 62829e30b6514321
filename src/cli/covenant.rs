//! `thidua covenant export|import|new`: the covenant's files (`units.csv`,
//! `members.csv`, `indicators.csv`, `years.csv`, see `docs/covenant.md`)
//! out of a database and into it, and a year copied, through the server.
//!
//! `export` writes into the current directory unless `--out DIR` says
//! where, and never over existing files without `--force`. `import` is all
//! or nothing: every bad field is named by file, line and column and
//! nothing changes; `--check` prints what the import would change and
//! changes nothing. A directory with no database gets one, **empty** (no
//! built-in data), made from the files.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::{Options, db_path, write_stdout};
use crate::io::covenant::{self, FileError, columns};
use crate::model::covenant::Covenant;
use crate::store::{CovenantEdit, Store};

#[derive(Debug, Clone)]
pub enum CovenantCommand {
    Export {
        year: Option<u16>,
        out: Option<PathBuf>,
        force: bool,
    },
    Import {
        dir: PathBuf,
        check: bool,
    },
    New {
        year: u16,
        from: u16,
    },
}

pub fn run(options: &Options, command: &CovenantCommand) -> anyhow::Result<ExitCode> {
    match command {
        CovenantCommand::Export { year, out, force } => export(options, *year, out, *force),
        CovenantCommand::Import { dir, check } => import(options, dir, *check),
        CovenantCommand::New { year, from } => new_year(options, *year, *from),
    }
}

fn export(
    options: &Options,
    year: Option<u16>,
    out: &Option<PathBuf>,
    force: bool,
) -> anyhow::Result<ExitCode> {
    let dir = out.clone().unwrap_or_else(|| PathBuf::from("."));
    let existing: Vec<String> = columns::FILES
        .iter()
        .filter(|f| dir.join(f).exists())
        .map(|f| dir.join(f).display().to_string())
        .collect();
    if !existing.is_empty() && !force {
        anyhow::bail!(
            "Không ghi đè: đã có {}. Chọn thư mục khác (--out THƯ_MỤC) hoặc thêm --force để ghi đè.",
            existing.join(", ")
        );
    }
    let store = super::open_store(options)?;
    let state = store.covenant()?;
    let written = covenant::export(&state.covenant, year).map_err(anyhow::Error::msg)?;
    covenant::write_dir(&dir, &written).map_err(|e| {
        anyhow::anyhow!(
            "không ghi được các tệp giao ước vào {}: {}",
            dir.display(),
            crate::text::os_error::reason(&e)
        )
    })?;
    let mut said = String::new();
    for f in &written {
        said.push_str(&format!("Đã ghi {}\n", dir.join(f.file).display()));
    }
    write_stdout(&said)?;
    super::warn_problems(&*store);
    Ok(ExitCode::SUCCESS)
}

/// Every problem, one line each, then the refusal: nothing was changed.
fn refuse(dir: &Path, errors: &[FileError]) -> ExitCode {
    for e in errors {
        eprintln!("{}: {e}", dir.display());
    }
    eprintln!(
        "Không nhập gì: {} lỗi. Sửa các tệp rồi nhập lại; giao ước chưa thay đổi.",
        errors.len()
    );
    ExitCode::from(1)
}

fn print_changes(changes: &[String]) -> anyhow::Result<()> {
    let mut text = String::new();
    for c in changes {
        text.push_str(c);
        text.push('\n');
    }
    write_stdout(&text)
}

/// Whether `db` holds no database yet (the directory is missing, or
/// holds no sled files): an import then makes an empty one.
fn is_new_database(db: &Path) -> bool {
    !db.join("db").exists() && !db.join("conf").exists()
}

fn import(options: &Options, dir: &Path, check: bool) -> anyhow::Result<ExitCode> {
    let files = match covenant::read_dir(dir) {
        Ok(f) => f,
        Err(errors) => return Ok(refuse(dir, &errors)),
    };
    let db = db_path(options);
    let fresh = options.socket.is_none() && is_new_database(&db);
    if fresh {
        // Checked before anything is created: a bad file leaves no database.
        let imported = match covenant::import(&Covenant::default(), &files) {
            Ok(i) => i,
            Err(errors) => return Ok(refuse(dir, &errors)),
        };
        if check {
            print_changes(&imported.changes)?;
            println!(
                "Kiểm tra xong: chưa có cơ sở dữ liệu ở {}; nhập thật sẽ tạo cơ sở dữ liệu trống \
                 từ các tệp này (không có dữ liệu mẫu). Chưa thay đổi gì.",
                db.display()
            );
            return Ok(ExitCode::SUCCESS);
        }
    }
    let store = super::backend::open_client_creating_empty(options)?;
    let state = store.covenant()?;
    let imported = match covenant::import(&state.covenant, &files) {
        Ok(i) => i,
        Err(errors) => return Ok(refuse(dir, &errors)),
    };
    print_changes(&imported.changes)?;
    if check {
        println!("Kiểm tra xong: các tệp hợp lệ. Chưa thay đổi gì (bỏ --check để nhập).");
        return Ok(ExitCode::SUCCESS);
    }
    let outcome = store.change_covenant(CovenantEdit::Import {
        files: imported.files,
        seen: state.revision,
    })?;
    match outcome.entries.len() {
        0 => println!("Giao ước không thay đổi."),
        n => println!("Đã nhập giao ước: {n} mục thay đổi (mỗi thay đổi có trong nhật ký)."),
    }
    super::warn_problems(&store);
    Ok(ExitCode::SUCCESS)
}

fn new_year(options: &Options, year: u16, from: u16) -> anyhow::Result<ExitCode> {
    let store = super::open_store(options)?;
    let outcome = store.change_covenant(CovenantEdit::CopyYear { from, to: year })?;
    for n in &outcome.notices {
        println!("{n}");
    }
    let copied = store.covenant()?;
    let made = copied.covenant.year(year);
    println!(
        "Đã tạo giao ước năm {year} từ năm {from}: {} thành viên, {} chỉ tiêu. Xuất ra để sửa: \
         thidua covenant export --year {year} --out THƯ_MỤC",
        made.map_or(0, |y| y.members.len()),
        made.map_or(0, |y| y.criteria.len())
    );
    Ok(ExitCode::SUCCESS)
}
