//! A connection's staged imports (see `store::sled_store::staging`): begun
//! and staged on the connection's own thread, committed by the single
//! writer. Staging belongs to its connection: when the connection ends,
//! whatever it staged and did not commit is dropped, so a client that dies
//! mid-import leaves nothing behind, and the server keeps no rows in
//! memory — each chunk goes to disk (the import's staging file) as it
//! arrives. A connection drops only the imports it began.

use super::protocol::{Op, Reply};
use super::roles;
use super::serve::Shared;
use crate::store::{SledStore, StoreError};

/// Imports one connection may have open at once: a client runs one; each
/// holds a file and its buffer on the server.
const OPEN_MAX: usize = 4;

/// The imports one connection has begun.
pub struct Imports<'a> {
    shared: &'a Shared,
    store: &'a SledStore,
    conn: u64,
    ids: Vec<u64>,
}

impl<'a> Imports<'a> {
    pub fn new(shared: &'a Shared, conn: u64) -> Self {
        Imports {
            shared,
            store: &shared.store,
            conn,
            ids: Vec::new(),
        }
    }

    /// Answer a request of this module (`None`: not one of them).
    pub fn answer(&mut self, who: &str, op: &mut Op) -> Option<Result<Reply, StoreError>> {
        match op {
            Op::ImportBegin { keep } => Some(self.begin(who, *keep)),
            Op::ImportStage { id, edits } => {
                let edits = std::mem::take(edits);
                Some(self.stage(who, *id, edits))
            }
            // Only an import of this connection: another's id is not
            // this client's to drop.
            Op::ImportAbandon { id } if !self.ids.contains(id) => Some(Err(StoreError::Invalid(
                "Không có lần nhập này trên kết nối này (đã xong, đã huỷ hoặc của người khác)"
                    .into(),
            ))),
            Op::ImportAbandon { id } => {
                self.ids.retain(|i| i != id);
                Some(self.store.import_abandon(*id).map(|_| Reply::Staged(0)))
            }
            _ => None,
        }
    }

    fn begin(
        &mut self,
        who: &str,
        keep: crate::store::sled_store::Keep,
    ) -> Result<Reply, StoreError> {
        let role = roles::effective(self.store.role(who)?);
        if role == crate::store::Role::Viewer {
            return Err(StoreError::Denied(
                "bạn chỉ có quyền xem; hãy nhờ quản trị viên cấp quyền (`thidua users grant`)"
                    .into(),
            ));
        }
        self.ids.retain(|id| self.store.import_is_open(*id));
        if self.ids.len() >= OPEN_MAX {
            return Err(StoreError::Invalid(format!(
                "Đã có {OPEN_MAX} lần nhập đang mở trên kết nối này; hãy hoàn tất hoặc huỷ chúng trước"
            )));
        }
        let id = self.store.import_begin(who, keep)?;
        self.ids.push(id);
        Ok(Reply::ImportBegun(id))
    }

    fn stage(
        &mut self,
        who: &str,
        id: u64,
        edits: Vec<crate::store::Edit>,
    ) -> Result<Reply, StoreError> {
        let role = roles::effective(self.store.role(who)?);
        roles::may_write_all(&role, &edits).map_err(StoreError::Denied)?;
        let rows = self.store.import_stage(id, who, edits)?;
        self.shared.log(format!(
            "#{} {who}: lần nhập #{id} đã nhận {rows} dòng",
            self.conn
        ));
        Ok(Reply::Staged(rows))
    }
}

impl Drop for Imports<'_> {
    fn drop(&mut self) {
        for id in self.ids.drain(..) {
            let _ = self.store.import_abandon(id);
        }
        // (A committed import's id is abandoned too: nothing is left of it.)
    }
}
