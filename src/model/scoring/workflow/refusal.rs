//! Why a change to a score sheet was refused, each case with the
//! Vietnamese message the officer reads; the store and the server pass it
//! on unchanged, and nothing is stored.

use rust_decimal::Decimal;

use super::state::State;
use crate::text::number::format_exact;

fn points(v: Decimal) -> String {
    format_exact(v, 0)
}

/// A refused change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// A viewer changes nothing.
    ViewerOnly,
    /// A province officer touched another unit's sheet.
    OtherUnit { own: String, sheet: String },
    /// The sheet is locked (`đã chốt`).
    Locked { sheet: String },
    /// Only the secretariat may do this (`what`: a verb phrase).
    AdminOnly { what: String },
    /// Not in this state.
    WrongState {
        what: String,
        state: State,
        allowed: Vec<State>,
    },
    /// A reason is required (`what`: a verb phrase).
    ReasonRequired { what: String },
    /// The criterion is not on the year's scale.
    UnknownCriterion { code: String, year: u16 },
    /// The criterion takes no points of its own (a group, an unscored item).
    NotEnterable { criterion: String, why: String },
    /// Points above the criterion's most (MS, or the cap of a bonus/penalty).
    AboveMax {
        criterion: String,
        value: Decimal,
        max: Decimal,
        of: &'static str,
    },
    /// Points below 0.
    Negative { criterion: String, value: Decimal },
    /// More decimals than points are written with.
    TooManyDecimals { criterion: String, value: Decimal },
    /// Bonus and penalty points entered by hand need their ground.
    NoteRequired { criterion: String },
    /// Text that is empty once trimmed.
    EmptyText { what: String },
    /// `Explain` with no explanation written.
    NothingExplained,
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Refusal::ViewerOnly => f.write_str(
                "Bạn chỉ có quyền xem; hãy nhờ quản trị viên cấp quyền (`thidua users grant`)",
            ),
            Refusal::OtherUnit { own, sheet } => write!(
                f,
                "Bạn chỉ được chấm điểm của đơn vị {own}, không được sửa bảng chấm điểm của {sheet}"
            ),
            Refusal::Locked { sheet } => write!(
                f,
                "Bảng chấm điểm của {sheet} đã chốt: không sửa được gì. Cần sửa thì quản trị viên mở khóa, ghi rõ lý do"
            ),
            Refusal::AdminOnly { what } => {
                write!(f, "Chỉ quản trị viên (thư ký cụm) được {what}")
            }
            Refusal::WrongState {
                what,
                state,
                allowed,
            } => write!(
                f,
                "Không thể {what} khi bảng đang «{state}»; chỉ được khi bảng {}",
                allowed
                    .iter()
                    .map(|s| format!("«{s}»"))
                    .collect::<Vec<_>>()
                    .join(" hoặc ")
            ),
            Refusal::ReasonRequired { what } => write!(f, "Cần ghi lý do khi {what}"),
            Refusal::UnknownCriterion { code, year } => write!(
                f,
                "Không có chỉ tiêu «{code}» trong thang điểm giao ước năm {year}"
            ),
            Refusal::NotEnterable { criterion, why } => {
                write!(f, "Chỉ tiêu {criterion} {why}")
            }
            Refusal::AboveMax {
                criterion,
                value,
                max,
                of,
            } => write!(
                f,
                "Điểm {} của chỉ tiêu {criterion} vượt {of} {}",
                points(*value),
                points(*max)
            ),
            Refusal::Negative { criterion, value } => write!(
                f,
                "Điểm của chỉ tiêu {criterion} không được âm ({}); điểm trừ ghi bằng số dương",
                points(*value)
            ),
            Refusal::TooManyDecimals { criterion, value } => write!(
                f,
                "Điểm {} của chỉ tiêu {criterion} có quá 2 chữ số thập phân",
                points(*value)
            ),
            Refusal::NoteRequired { criterion } => write!(
                f,
                "Điểm thưởng, điểm trừ của chỉ tiêu {criterion} cần ghi căn cứ (lý do)"
            ),
            Refusal::EmptyText { what } => {
                write!(f, "Nội dung {what} trống; muốn bỏ thì xóa nội dung")
            }
            Refusal::NothingExplained => f.write_str(
                "Chưa có nội dung giải trình nào: ghi giải trình ở các chỉ tiêu cần giải trình rồi mới gửi",
            ),
        }
    }
}

impl std::error::Error for Refusal {}
