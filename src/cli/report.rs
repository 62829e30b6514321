//! `thidua report`: the review of a period as a document — text, CSV, a
//! Word document with the report's particulars and the officers'
//! narrative, or an Excel workbook — on the screen or in a file; or one
//! unit's score sheet alone (`--sheet UNIT`) in any of those formats.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use chrono::NaiveDate;

use super::Options;
use crate::io::covenant_score::CovenantScore;
use crate::io::output;
use crate::io::report::{self, ReportFormat, Request};
use crate::model::Period;
use crate::model::particulars::Particulars;
use crate::text::os_error;

/// What `report` is asked for besides the period and the format.
#[derive(Debug, Clone, Default)]
pub struct ReportOptions {
    /// Write to this file instead of the screen.
    pub out: Option<PathBuf>,
    /// Each province's score sheet as well.
    pub score_sheets: bool,
    /// One unit's covenant score sheet (`--sheet UNIT`).
    pub sheet: Option<String>,
    /// The officers' narrative in Markdown (Word only).
    pub narrative: Option<PathBuf>,
    /// The document's particulars given on the command line (Word only).
    pub particulars: ParticularsChoice,
}

/// The particulars given on the command line; each replaces the default's.
#[derive(Debug, Clone, Default)]
pub struct ParticularsChoice {
    pub superior: Option<String>,
    pub issuer: Option<String>,
    pub number: Option<String>,
    pub place: Option<String>,
    pub date: Option<NaiveDate>,
    pub subject: Option<String>,
    pub signer: Option<String>,
    pub signer_title: Vec<String>,
    pub recipients: Vec<String>,
}

impl ParticularsChoice {
    pub fn is_empty(&self) -> bool {
        self.superior.is_none()
            && self.issuer.is_none()
            && self.number.is_none()
            && self.place.is_none()
            && self.date.is_none()
            && self.subject.is_none()
            && self.signer.is_none()
            && self.signer_title.is_empty()
            && self.recipients.is_empty()
    }

    /// `base` with every given particular in its place.
    pub fn over(&self, base: Particulars) -> Particulars {
        let clean = |s: &String| crate::text::normalize::clean_name(s);
        Particulars {
            superior: self.superior.as_ref().map(clean).unwrap_or(base.superior),
            issuer: self.issuer.as_ref().map(clean).unwrap_or(base.issuer),
            number: self
                .number
                .as_ref()
                .map(|n| crate::text::normalize::clean(n))
                .unwrap_or(base.number),
            place: self.place.as_ref().map(clean).unwrap_or(base.place),
            date: self.date.unwrap_or(base.date),
            subject: self.subject.as_ref().map(clean).or(base.subject),
            signer: self.signer.as_ref().map(clean).unwrap_or(base.signer),
            signer_title: if self.signer_title.is_empty() {
                base.signer_title
            } else {
                self.signer_title.iter().map(clean).collect()
            },
            recipients: if self.recipients.is_empty() {
                base.recipients
            } else {
                self.recipients.iter().map(clean).collect()
            },
        }
    }
}

pub fn run(
    options: &Options,
    period: Period,
    format: ReportFormat,
    choice: &ReportOptions,
) -> anyhow::Result<ExitCode> {
    if let Some(refused) = refuse_with_sheet(choice) {
        let _ = writeln!(
            std::io::stderr(),
            "thidua: {refused}\nXem: thidua report --help"
        );
        return Ok(ExitCode::from(2));
    }
    let binary = matches!(format, ReportFormat::Docx | ReportFormat::Xlsx);
    refuse_binary_on_terminal(binary, choice.out.as_deref())?;
    // Read the narrative before anything else: a bad one stops the report
    // before any file is touched.
    let narrative = match &choice.narrative {
        Some(path) => Some(read_narrative(path)?),
        None => None,
    };
    let client = super::open_client(options)?;
    let progress = super::progress::Progress::rows_so_far("Đang đọc số liệu");
    client.on_page(progress.counter());
    let store: Box<dyn crate::store::Store> = Box::new(client);
    // The period's view of the covenant: its members and criteria, and
    // the same period last year composed across a merger.
    let cluster = store.cluster_for(period)?;
    let figures = report::read_figures(&*store, period)?;
    drop(progress);
    let particulars = choice.particulars.over(match choice.sheet {
        Some(_) => sheet_particulars(),
        None => Particulars::default(),
    });
    let score = CovenantScore::read(&*store, &cluster, &figures, period)?;
    let sheet = match &choice.sheet {
        Some(unit) => Some(sheet_unit(score.as_ref(), unit, period)?),
        None => None,
    };
    let request = Request {
        cluster: &cluster,
        figures: &figures,
        period,
        score_sheets: choice.score_sheets,
        score: score.as_ref(),
        sheet: sheet.as_deref(),
        particulars: &particulars,
        narrative: narrative.as_deref(),
    };
    let bytes = if sheet.is_some() {
        // The sheet alone: no annex of checks.
        report::produce(&request, format)?
    } else {
        // Who confirmed which implausible figure: the annex of checks.
        let keys = crate::io::checks_table::period_keys(&figures, period);
        let confirmed = crate::io::checks_table::confirmations(&*store, &keys)?;
        report::produce_with_checks(&request, format, &confirmed)?
    };
    deliver(choice.out.as_deref(), &bytes)?;
    super::warn_problems(&*store);
    Ok(ExitCode::SUCCESS)
}

/// What `--sheet` (the unit's score sheet as a document of its own) cannot
/// go with, as the usage message says it: the other units' score sheets,
/// a narrative and recipients belong to the cluster's report.
fn refuse_with_sheet(choice: &ReportOptions) -> Option<&'static str> {
    choice.sheet.as_ref()?;
    if choice.score_sheets {
        return Some(
            "--sheet in riêng bảng chấm điểm của một đơn vị, không dùng cùng --score-sheets \
             (bảng điểm chi tiết của các tỉnh trong báo cáo); bỏ một trong hai",
        );
    }
    if choice.narrative.is_some() {
        return Some(
            "--sheet in riêng bảng chấm điểm của một đơn vị, không có phần nội dung: \
             bỏ --narrative (dùng cho báo cáo của kỳ)",
        );
    }
    if !choice.particulars.recipients.is_empty() {
        return Some(
            "--sheet in riêng bảng chấm điểm của một đơn vị, không có nơi nhận: \
             bỏ --recipients (dùng cho báo cáo của kỳ)",
        );
    }
    None
}

/// The particulars a score sheet starts from: the report's issuer, place
/// and date, but no number (a sheet is not numbered unless `--number` says
/// so), no recipients and no signer (the reviewer signs by hand unless
/// `--signer` and `--signer-title` name them).
fn sheet_particulars() -> Particulars {
    Particulars {
        number: String::new(),
        signer: String::new(),
        signer_title: Vec::new(),
        recipients: Vec::new(),
        ..Particulars::default()
    }
}

/// The unit `--sheet` names (its code, any case), or why it has no sheet
/// in `period`, naming the units that do.
fn sheet_unit(
    score: Option<&CovenantScore>,
    asked: &str,
    period: Period,
) -> anyhow::Result<String> {
    let Some(score) = score.filter(|s| s.has_scale()) else {
        anyhow::bail!(
            "kỳ {period} chưa có thang điểm giao ước (max_points, method trong indicators.csv) \
             nên không có bảng chấm điểm; không in gì"
        );
    };
    let code = asked.trim().to_ascii_uppercase();
    if score.sheet(&code).is_some() {
        return Ok(code);
    }
    let units: Vec<&str> = score.sheets.iter().map(|s| s.unit.as_str()).collect();
    anyhow::bail!(
        "«{}» không phải đơn vị được chấm điểm kỳ {period}; --sheet nhận mã đơn vị: {}; không in gì",
        crate::text::normalize::clean(asked),
        units.join(", ")
    )
}

/// A Word or Excel file printed on a terminal is a screenful of noise.
pub(super) fn refuse_binary_on_terminal(binary: bool, out: Option<&Path>) -> anyhow::Result<()> {
    use std::io::IsTerminal;
    if binary && out.is_none() && std::io::stdout().is_terminal() {
        anyhow::bail!(
            "tệp Word/Excel không in ra màn hình được: thêm --out TỆP (ví dụ --out bao-cao.docx)"
        );
    }
    Ok(())
}

/// The narrative's text: UTF-8 (a BOM is dropped), else a message naming
/// the first line that is not.
fn read_narrative(path: &Path) -> anyhow::Result<String> {
    let bytes = std::fs::read(path).map_err(|e| {
        anyhow::anyhow!(
            "không đọc được tệp --narrative {}: {}",
            path.display(),
            os_error::reason(&e)
        )
    })?;
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(text.to_string()),
        Err(e) => {
            let line = 1 + bytes[..e.valid_up_to()]
                .iter()
                .filter(|&&b| b == b'\n')
                .count();
            anyhow::bail!(
                "tệp --narrative {} không phải văn bản UTF-8 (byte lạ ở dòng {line}): \
                 hãy lưu tệp Markdown với bảng mã UTF-8; chưa ghi gì",
                path.display()
            )
        }
    }
}

/// The bytes to `out`, whole or not at all, or to the screen.
pub(super) fn deliver(out: Option<&Path>, bytes: &[u8]) -> anyhow::Result<()> {
    match out {
        Some(path) => output::write_whole(path, bytes).map_err(anyhow::Error::msg),
        None => {
            let mut stdout = std::io::stdout().lock();
            // A closed pipe (`thidua export | head`) is the reader's choice.
            match stdout.write_all(bytes).and_then(|_| stdout.flush()) {
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
                other => other.context("không ghi được ra màn hình"),
            }
        }
    }
}
