//! Requests answered at once on the connection's own thread (no write lock):
//! everything that only reads. Lists that grow with the database are cut in
//! pages; a page that cannot fit in a frame (one record larger than a frame)
//! is refused by name instead of breaking the connection.

use super::protocol::{self, MAX_FRAME, MISSED_PAGE, Op, PAGE_BYTES, Reply};
use crate::store::{SledStore, Store, StoreError};

/// Room in a frame for what surrounds a page (ids, the enum tags).
const ENVELOPE: usize = 1024;

fn too_large(what: String, len: usize) -> StoreError {
    StoreError::Invalid(format!(
        "{what} quá lớn để gửi qua máy chủ ({len} byte, tối đa {MAX_FRAME} byte một lần); \
         dữ liệu vẫn còn nguyên trong cơ sở dữ liệu"
    ))
}

/// A reply's frame must fit: name the first record of a page that does not.
fn fits(reply: Reply) -> Result<Reply, StoreError> {
    let len = protocol::encoded_len(&reply);
    if len + ENVELOPE <= MAX_FRAME {
        return Ok(reply);
    }
    let what = match &reply {
        Reply::Values(page) => page
            .items
            .first()
            .map(|v| format!("Giá trị của ô {}", v.key))
            .unwrap_or_else(|| "Trang giá trị".into()),
        Reply::History(page) => page
            .items
            .first()
            .map(|e| format!("Mục nhật ký #{}", e.seq))
            .unwrap_or_else(|| "Trang nhật ký".into()),
        Reply::Missed(entries) => entries
            .first()
            .map(|e| format!("Mục nhật ký #{}", e.seq))
            .unwrap_or_else(|| "Trang nhật ký".into()),
        Reply::CovenantHistory(page) => page
            .items
            .first()
            .map(|e| format!("Mục nhật ký #{}", e.seq))
            .unwrap_or_else(|| "Trang nhật ký".into()),
        Reply::Covenant(_) => "Giao ước".into(),
        _ => "Câu trả lời".into(),
    };
    Err(too_large(what, len))
}

/// Answer a read. Writes never get here (the committer applies them).
pub fn answer(store: &SledStore, op: Op) -> Result<Reply, StoreError> {
    let reply = match op {
        Op::Cluster => Reply::Cluster(store.cluster()?),
        Op::Values { period, after } => {
            Reply::Values(store.values_page(period, after.as_ref(), PAGE_BYTES)?)
        }
        Op::Get(key) => Reply::Figure(store.get(&key)?),
        Op::History { key, after } => Reply::History(store.history_page(&key, after, PAGE_BYTES)?),
        Op::WeightHistory { indicator, after } => {
            Reply::History(store.weight_history_page(&indicator, after, PAGE_BYTES)?)
        }
        Op::Users => Reply::Users(store.roles()?),
        Op::RoleLog => Reply::RoleLog(store.role_log()?),
        Op::Ping => Reply::Pong,
        Op::Problems => Reply::Problems(store.problems()),
        Op::Missed { after, upto } => {
            let mut entries = store.audit_page(after, upto, MISSED_PAGE)?;
            // Keep the page near PAGE_BYTES, at least one entry.
            let mut used = 0;
            let keep = entries
                .iter()
                .position(|e| {
                    used += protocol::encoded_len(e);
                    used > PAGE_BYTES
                })
                .map_or(entries.len(), |i| i.max(1));
            entries.truncate(keep);
            Reply::Missed(entries)
        }
        Op::ClusterFor(period) => Reply::Cluster(store.cluster_for(period)?),
        Op::Covenant => Reply::Covenant(Box::new(store.covenant()?)),
        Op::CovenantHistory { of, after } => {
            Reply::CovenantHistory(store.covenant_history_page(&of, after, PAGE_BYTES)?)
        }
        Op::Periods => Reply::Periods(store.periods()?),
        Op::UnitCounts(period) => Reply::UnitCounts(store.unit_counts(period)?),
        Op::ReportedCriteria(period) => Reply::ReportedCriteria(store.reported_criteria(period)?),
        // Answered by `backups`, which knows who asks.
        Op::Check
        | Op::Backup
        | Op::BackupChunk { .. }
        | Op::ImportBegin { .. }
        | Op::ImportStage { .. }
        | Op::ImportAbandon { .. } => {
            return Err(StoreError::Invalid("yêu cầu sao lưu đến nhầm chỗ".into()));
        }
        Op::PeriodStatus(period) => {
            Reply::PeriodStatus(Box::new(store.period_status_here(period)?))
        }
        Op::PeriodHistory { period, after } => {
            Reply::History(store.period_history_page(period, after, PAGE_BYTES)?)
        }
        Op::SheetEntries(period) => Reply::SheetEntries(store.sheet_entries_of(period)?),
        Op::Meeting(period) => Reply::Meeting(store.meeting_of(period)?),
        Op::ScoringHistory(of) => Reply::Entries(store.scoring_history_of(&of)?),
        // At most LAST_ENTRIES_MAX cells (`shape`).
        Op::LastEntries(cells) => Reply::LastEntries(store.last_entries_of(&cells)?),
        Op::Write(_)
        | Op::WriteBatch(_)
        | Op::SetWeight { .. }
        | Op::SetRole { .. }
        | Op::ChangeCovenant(_)
        | Op::ImportCommit { .. }
        | Op::ChangePeriod(_)
        | Op::ChangeSheet(_)
        | Op::ChangeMeeting(_) => {
            return Err(StoreError::Invalid(
                "lệnh ghi phải qua luồng ghi của máy chủ".into(),
            ));
        }
    };
    fits(reply)
}
