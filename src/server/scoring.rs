//! The covenant score's writes on the server (issue #18 item 3): a sheet's
//! change is made with the connection's role as the workflow's actor (a
//! province officer: its own unit's self-scores and explanations; an
//! admin: reviews, moves, locks and unlocks), so the engine's rules hold
//! whatever a client sends; the meeting's record is the secretariat's.

use super::protocol::Reply;
use crate::store::scoring::actor_of;
use crate::store::{AuditEntry, Flush, MeetingEdit, Role, SheetEdit, SledStore, StoreError};

/// What a scoring write answers and the entries it committed.
pub type Done = Result<(Reply, Vec<AuditEntry>), StoreError>;

pub fn change_sheet(store: &SledStore, who: &str, role: &Role, edit: SheetEdit) -> Done {
    let entry = store.change_sheet_as(who, &actor_of(role), edit, Flush::Later)?;
    Ok((Reply::Entry(entry.clone()), entry.into_iter().collect()))
}

pub fn change_meeting(store: &SledStore, who: &str, role: &Role, edit: MeetingEdit) -> Done {
    if *role != Role::Admin {
        return Err(StoreError::Denied(
            "chỉ quản trị viên (thư ký cụm) được ghi biên bản bình xét và kết quả bỏ phiếu".into(),
        ));
    }
    let entries = store.change_meeting_as(who, edit, Flush::Later)?;
    Ok((Reply::Entries(entries.clone()), entries))
}
