//! `thidua import FILE`: values (CSV or a spreadsheet) or indicator
//! weights (CSV), all or nothing. Values are checked against the whole
//! covenant (the unit in force in the period, the criterion in its
//! covenant, range, whole numbers) and each carries the value stored when
//! the server staged it: a cell changed by someone before the commit
//! refuses the import whole, naming the cell, who and when.
//!
//! A values CSV is read twice, as it goes, so that a file of any size
//! takes memory bounded by a constant (plus 16 bytes a row to find a cell
//! given twice): the first pass checks every row and prints every problem
//! with its line and column; only a file without one is read again and
//! sent to the server in chunks, which stages them where nobody reads and
//! makes them visible in one step (see `store::sled_store::staging`).
//! A spreadsheet is read whole (its reader reads whole sheets) and goes
//! the same staged way.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::process::ExitCode;

use super::progress::Progress;
use super::{Options, open_client};
use crate::io::csv_in::{self, ImportError};
use crate::io::import::{self, Row, Rows};
use crate::io::sheet_in::{self, SheetChoice};
use crate::io::{figure_columns, weights};
use crate::model::{Cluster, ValueKey};
use crate::server::ClientStore;
use crate::store::sled_store::{Keep, STAGE_MAX};
use crate::store::{BatchOutcome, Edit, Store};
use crate::text::os_error;

/// Bytes read to tell what a file is (a spreadsheet, a weights CSV).
const SNIFF: usize = 64 * 1024;

fn unreadable(file: &Path, e: &std::io::Error) -> anyhow::Error {
    anyhow::anyhow!(
        "không đọc được tệp {}: {}",
        file.display(),
        os_error::reason(e)
    )
}

fn open_file(file: &Path) -> anyhow::Result<std::fs::File> {
    std::fs::File::open(file).map_err(|e| unreadable(file, &e))
}

pub fn run(options: &Options, file: &Path, choice: &SheetChoice) -> anyhow::Result<ExitCode> {
    let mut head = Vec::new();
    open_file(file)?
        .take(SNIFF as u64)
        .read_to_end(&mut head)
        .map_err(|e| unreadable(file, &e))?;
    let spreadsheet = sheet_in::is_spreadsheet(file, &head);
    if !spreadsheet && (choice.sheet.is_some() || choice.period.is_some() || choice.kind.is_some())
    {
        anyhow::bail!(
            "--sheet, --period, --kind chỉ dùng khi nhập bảng tính (xlsx, xls, ods); \
             tệp CSV đã có cột period và kind"
        );
    }
    let store = open_client(options)?;
    let mut cluster = store.cluster()?;
    if !spreadsheet && weights::is_weights_file(&head) {
        let bytes = std::fs::read(file).map_err(|e| unreadable(file, &e))?;
        return import_weights(&store, &cluster, &bytes, file);
    }
    // Checked against every year of the covenant, not only the latest.
    if let Some(basis) = cluster.basis.as_mut() {
        basis.covenant = store.covenant()?.covenant;
    }
    if spreadsheet {
        let bytes = std::fs::read(file).map_err(|e| unreadable(file, &e))?;
        return match sheet_in::parse_said(&bytes, &cluster, choice) {
            Ok((edits, unsaid)) => {
                let total = edits.len() as u64;
                let outcome = send(&store, edits.into_iter().map(Ok), unsaid, total)?;
                println!("{}", import::summary(&outcome));
                Ok(ExitCode::SUCCESS)
            }
            Err(errors) => Ok(refuse(file, errors.iter().map(|e| e.to_string()))),
        };
    }
    import_csv(&store, &cluster, file)
}

/// Print every problem and the verdict: nothing was written.
fn refuse(file: &Path, errors: impl Iterator<Item = String>) -> ExitCode {
    let mut n = 0;
    for e in errors {
        eprintln!("{}: {e}", file.display());
        n += 1;
    }
    refused(n)
}

fn refused(n: usize) -> ExitCode {
    eprintln!("Không nhập gì: {n} lỗi. Sửa tệp rồi nhập lại; dữ liệu chưa thay đổi.");
    ExitCode::from(1)
}

/// A file's bytes counted as they are read (for the first pass's progress).
struct Counted<R> {
    inner: R,
    read: std::rc::Rc<std::cell::Cell<u64>>,
}

impl<R: Read> Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read.set(self.read.get() + n as u64);
        Ok(n)
    }
}

/// The rows of a values CSV, from its start.
fn rows_of<'c>(
    file: &Path,
    cluster: &'c Cluster,
    read: std::rc::Rc<std::cell::Cell<u64>>,
) -> anyhow::Result<Result<Rows<'c, impl BufRead>, Vec<ImportError>>> {
    let input = BufReader::with_capacity(
        256 * 1024,
        Counted {
            inner: open_file(file)?,
            read,
        },
    );
    Ok(csv_in::open_stream(input)
        .map_err(|e| vec![e])
        .and_then(|csv| Rows::new(csv, cluster)))
}

/// A cell's key as 128 bits: two independent hashes, so that two cells
/// share one with a chance of about n²/2¹²⁹ (never, for any file).
fn cell_hash(key: &ValueKey) -> u128 {
    let half = |salt: u8| {
        let mut h = std::hash::DefaultHasher::new();
        salt.hash(&mut h);
        key.hash(&mut h);
        h.finish()
    };
    (u128::from(half(1)) << 64) | u128::from(half(2))
}

fn import_csv(store: &ClientStore, cluster: &Cluster, file: &Path) -> anyhow::Result<ExitCode> {
    let size = std::fs::metadata(file).map(|m| m.len()).unwrap_or(0);
    // First pass: every row checked, every problem printed as it is found.
    let read = std::rc::Rc::new(std::cell::Cell::new(0u64));
    let rows = match rows_of(file, cluster, read.clone())? {
        Ok(rows) => rows,
        Err(errors) => return Ok(refuse(file, errors.iter().map(|e| e.to_string()))),
    };
    let unsaid = rows.unsaid;
    let mut first_line: HashMap<u128, u32> = HashMap::new();
    let mut errors = 0usize;
    let mut figures = 0u64;
    {
        let progress = Progress::bytes("Đang kiểm tra tệp", size);
        for (n, row) in rows.enumerate() {
            if n % 4096 == 0 {
                progress.set(read.get());
            }
            match row {
                Row::Figure { key, line, .. } => {
                    figures += 1;
                    let at = u32::try_from(line).unwrap_or(u32::MAX);
                    if let Some(first) = first_line.insert(cell_hash(&key), at) {
                        first_line.insert(cell_hash(&key), first);
                        errors += 1;
                        eprintln!(
                            "{}: dòng {line}: trùng ô với dòng {first} (cùng tỉnh, chỉ tiêu, kỳ, loại)",
                            file.display()
                        );
                    }
                }
                Row::Bad(bad) => {
                    for e in bad {
                        errors += 1;
                        eprintln!("{}: {e}", file.display());
                    }
                }
            }
        }
    }
    drop(first_line);
    if errors > 0 {
        return Ok(refused(errors));
    }
    // Second pass: the same rows, now known good, to the server.
    let rows = match rows_of(file, cluster, read)? {
        Ok(rows) => rows,
        Err(errors) => return Ok(refuse(file, errors.iter().map(|e| e.to_string()))),
    };
    let edits = rows.map(|row| match row {
        Row::Figure { key, figure, .. } => {
            Ok(Edit::new(key, Some(figure), crate::store::Expect::Any))
        }
        // The file changed between the two passes: nothing is written.
        Row::Bad(bad) => Err(anyhow::anyhow!(
            "{}: tệp đã thay đổi trong lúc nhập ({}); không nhập gì, hãy nhập lại",
            file.display(),
            bad.first().map(|e| e.to_string()).unwrap_or_default()
        )),
    });
    let outcome = send(store, edits, unsaid, figures)?;
    println!("{}", import::summary(&outcome));
    Ok(ExitCode::SUCCESS)
}

/// Stage `edits` in chunks, then commit them as one. The server reads
/// what each cell holds as it stages it: the value the commit expects,
/// and what the file leaves out (qualifiers, comment) where the value is
/// unchanged.
fn send(
    store: &ClientStore,
    edits: impl Iterator<Item = anyhow::Result<Edit>>,
    unsaid: figure_columns::Unsaid,
    total: u64,
) -> anyhow::Result<BatchOutcome> {
    let keep = Keep {
        qualifiers: unsaid.qualifier,
        comment: unsaid.comment,
    };
    let id = store.import_begin(keep)?;
    match stage(store, id, edits, total) {
        Ok(()) => Ok(store.import_commit(id)?),
        Err(e) => {
            // Its rows go with the connection anyway; say so at once.
            let _ = store.import_abandon(id);
            Err(e)
        }
    }
}

/// Send `edits` in chunks of `STAGE_MAX`. The file is read and checked
/// on this thread while another sends the previous chunk and waits for
/// the server to stage it: one chunk in flight, one being read, so the
/// client's memory stays two chunks whatever the file's size.
fn stage(
    store: &ClientStore,
    id: u64,
    edits: impl Iterator<Item = anyhow::Result<Edit>>,
    total: u64,
) -> anyhow::Result<()> {
    let progress = Progress::rows("Đang gửi lên máy chủ", total);
    let (chunks, inbox) = std::sync::mpsc::sync_channel::<Vec<Edit>>(1);
    std::thread::scope(|scope| {
        let sender = scope.spawn(|| -> anyhow::Result<()> {
            let mut sent = 0u64;
            for chunk in inbox {
                sent += chunk.len() as u64;
                store.import_stage(id, chunk)?;
                progress.set(sent);
            }
            Ok(())
        });
        let read = (|| -> anyhow::Result<()> {
            let mut chunk = Vec::with_capacity(STAGE_MAX);
            for edit in edits {
                chunk.push(edit?);
                if chunk.len() >= STAGE_MAX {
                    let full = std::mem::replace(&mut chunk, Vec::with_capacity(STAGE_MAX));
                    // The sender stopped: its error says why.
                    if chunks.send(full).is_err() {
                        return Ok(());
                    }
                }
            }
            if !chunk.is_empty() {
                let _ = chunks.send(chunk);
            }
            Ok(())
        })();
        drop(chunks);
        let sent = sender
            .join()
            .unwrap_or_else(|_| Err(anyhow::anyhow!("lỗi nội bộ khi gửi lên máy chủ")));
        // The server's refusal first: it is why the reading stopped.
        sent.and(read)
    })
}

/// `thidua import` of an `indicator_code,weight` file: all rows checked,
/// then all weights set (each audited) or none.
fn import_weights(
    store: &dyn Store,
    cluster: &crate::model::Cluster,
    bytes: &[u8],
    file: &Path,
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
