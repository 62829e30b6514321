//! The single writer: every write of every connection, in arrival order,
//! applied in groups; each group is flushed once, then acknowledged and
//! pushed to every other connection, in commit order.

use std::collections::HashMap;
use std::sync::mpsc::Receiver;

use super::protocol::{self, Op, Reply, ServerMsg};
use super::roles;
use super::serve::Shared;
use crate::model::Period;
use crate::store::sled_store::Committed;
use crate::store::{AuditEntry, Change, Flush, Role, SledStore, StoreError};

/// Largest group of writes flushed together.
const GROUP_MAX: usize = 512;
/// The most entries of one import pushed to the other connections (and
/// logged one by one); a larger import pushes and logs only its last.
const PUSH_MAX: usize = 2_000;

/// A write of one connection, with what it holds while it waits (its memory
/// reservation and its place among the connection's writes in flight).
pub struct Job {
    pub conn: u64,
    pub user: String,
    pub id: u64,
    pub op: Op,
    pub hold: Box<dyn Send>,
}

// A write moves through the channel once and is taken apart at once:
// boxing it would only add an allocation per write.
#[allow(clippy::large_enum_variant)]
pub enum Work {
    Write(Job),
    Stop,
}

/// What one write did, before the group is flushed.
struct Applied {
    result: Result<Reply, StoreError>,
    /// Committed audit entries, pushed to the other connections.
    entries: Vec<AuditEntry>,
    /// Something was written (entries, or a role change) and needs the flush.
    dirty: bool,
    /// A log line for what is not an audit entry (role changes, conflicts).
    note: Option<String>,
    /// Periods the other connections read again: an import too large to
    /// push entry by entry.
    changed_periods: Vec<Period>,
}

impl Applied {
    fn failed(e: StoreError) -> Self {
        Applied {
            result: Err(e),
            entries: Vec::new(),
            changed_periods: Vec::new(),
            dirty: false,
            note: None,
        }
    }

    /// A score sheet's or a meeting's change (`server::scoring`).
    fn scoring(done: super::scoring::Done) -> Self {
        match done {
            Ok((reply, entries)) => Applied {
                result: Ok(reply),
                dirty: !entries.is_empty(),
                entries,
                changed_periods: Vec::new(),
                note: None,
            },
            Err(e) => Applied::failed(e),
        }
    }

    fn entry(entry: Option<AuditEntry>) -> Self {
        Applied {
            result: Ok(Reply::Entry(entry.clone())),
            dirty: entry.is_some(),
            entries: entry.into_iter().collect(),
            changed_periods: Vec::new(),
            note: None,
        }
    }
}

fn show_role(role: &Option<Role>) -> String {
    role.as_ref()
        .map(|r| r.to_string())
        .unwrap_or_else(|| "viewer".into())
}

/// Apply one write for `who` (not yet flushed).
fn apply_write(store: &SledStore, who: &str, op: Op) -> Applied {
    let role = match store.role(who) {
        Ok(r) => roles::effective(r),
        Err(e) => return Applied::failed(e),
    };
    let denied = |why: String| Applied::failed(StoreError::Denied(why));
    match op {
        Op::Write(edit) => {
            if let Err(why) = roles::may_write(&role, &edit) {
                return denied(why);
            }
            let cell = edit.key.to_string();
            // As a batch of one: a reopened submission's entry follows the
            // cell's, and the other clients get both.
            match store.write_batch_as(who, vec![edit], Flush::Later) {
                Ok((_, entries)) => Applied {
                    result: Ok(Reply::Entry(
                        entries
                            .iter()
                            .find(|e| matches!(e.change, Change::Value { .. }))
                            .cloned(),
                    )),
                    dirty: !entries.is_empty(),
                    entries,
                    changed_periods: Vec::new(),
                    note: None,
                },
                Err(e) => Applied {
                    note: Some(format!("ô {cell}")),
                    ..Applied::failed(e)
                },
            }
        }
        Op::WriteBatch(edits) => {
            if let Err(why) = roles::may_write_all(&role, &edits) {
                return denied(why);
            }
            match store.write_batch_as(who, edits, Flush::Later) {
                Ok((outcome, entries)) => Applied {
                    result: Ok(Reply::Batch(outcome)),
                    dirty: !entries.is_empty(),
                    entries,
                    changed_periods: Vec::new(),
                    note: None,
                },
                Err(e) => Applied {
                    // The conflict names its cell: the log says which.
                    note: match &e {
                        StoreError::Conflict { key: Some(k), .. } => {
                            Some(format!("lô bị từ chối ở ô {k}"))
                        }
                        _ => None,
                    },
                    ..Applied::failed(e)
                },
            }
        }
        Op::SetWeight {
            indicator,
            weight,
            expect,
        } => {
            if let Err(why) = roles::may_set_weight(&role) {
                return denied(why);
            }
            match store.set_weight_as(who, &indicator, weight, expect, Flush::Later) {
                Ok(entry) => Applied::entry(entry),
                Err(e) => Applied::failed(e),
            }
        }
        Op::ChangeCovenant(edit) => {
            if let Err(why) = roles::may_change_covenant(&role) {
                return denied(why);
            }
            match store.change_covenant_as(who, *edit, Flush::Later) {
                Ok(outcome) => Applied {
                    dirty: !outcome.entries.is_empty(),
                    note: Some(format!(
                        "đổi giao ước: {} mục (#{}…#{})",
                        outcome.entries.len(),
                        outcome.entries.first().map_or(0, |e| e.seq),
                        outcome.entries.last().map_or(0, |e| e.seq)
                    )),
                    entries: outcome.entries.clone(),
                    changed_periods: Vec::new(),
                    result: Ok(Reply::CovenantChanged(outcome)),
                },
                Err(e) => Applied::failed(e),
            }
        }
        Op::ChangePeriod(act) => {
            if let Err(why) = roles::may_change_period(&role, &act) {
                return denied(why);
            }
            match store.change_period_as(who, act, Flush::Later) {
                Ok(entry) => Applied::entry(entry),
                Err(e) => Applied::failed(e),
            }
        }
        Op::SetRole { user, role: new } => {
            if let Err(why) = roles::may_manage_roles(&role) {
                return denied(why);
            }
            match store.set_role_as(who, &user, new, Flush::Later) {
                Ok(entry) => Applied {
                    dirty: entry.is_some(),
                    note: entry.as_ref().map(|e| {
                        format!(
                            "quyền của {}: {} → {}",
                            e.user,
                            show_role(&e.old),
                            show_role(&e.new)
                        )
                    }),
                    result: Ok(Reply::Role(entry)),
                    entries: Vec::new(),
                    changed_periods: Vec::new(),
                },
                Err(e) => Applied::failed(e),
            }
        }
        Op::ImportCommit { id } => match store.import_commit(id, who, PUSH_MAX) {
            Ok(Committed {
                outcome,
                entries,
                periods,
            }) => Applied {
                result: Ok(Reply::Batch(outcome)),
                dirty: !entries.is_empty(),
                note: Some(format!(
                    "nhập {} giá trị mới, {} thay đổi, {} xoá (lần nhập #{id})",
                    outcome.added, outcome.changed, outcome.removed
                )),
                // Only the last entry of a large import is logged and
                // pushed; the others hear which periods to read again.
                entries,
                changed_periods: periods,
            },
            Err(e) => Applied {
                note: match &e {
                    StoreError::Conflict { key: Some(k), .. } => {
                        Some(format!("lần nhập #{id} bị từ chối ở ô {k}"))
                    }
                    _ => None,
                },
                ..Applied::failed(e)
            },
        },
        Op::ChangeSheet(edit) => {
            Applied::scoring(super::scoring::change_sheet(store, who, &role, *edit))
        }
        Op::ChangeMeeting(edit) => {
            Applied::scoring(super::scoring::change_meeting(store, who, &role, *edit))
        }
        other => Applied {
            result: super::reads::answer(store, other),
            entries: Vec::new(),
            changed_periods: Vec::new(),
            dirty: false,
            note: None,
        },
    }
}

fn describe(entry: &AuditEntry) -> String {
    let show = |f: &Option<crate::model::Figure>| {
        f.as_ref()
            .map(|f| f.value.normalize().to_string())
            .unwrap_or_else(|| "—".into())
    };
    match &entry.change {
        Change::Value { key, old, new } => format!("{key}: {} → {}", show(old), show(new)),
        Change::Weight {
            indicator,
            old,
            new,
        } => format!(
            "trọng số {indicator}: {} → {}",
            old.normalize(),
            new.normalize()
        ),
        Change::Covenant(c) => c.to_string(),
        Change::Period(c) => c.to_string(),
        Change::Scoring(c) => c.to_string(),
    }
}

/// Run until [`Work::Stop`] (after the writes queued before it).
pub fn run(shared: &Shared, jobs: Receiver<Work>) {
    let store = &shared.store;
    let mut stop = false;
    while !stop {
        let Ok(first) = jobs.recv() else { break };
        let mut group = vec![first];
        while group.len() < GROUP_MAX {
            match jobs.try_recv() {
                Ok(j) => group.push(j),
                Err(_) => break,
            }
        }
        let stats = shared.config.group_stats;
        let t0 = std::time::Instant::now();
        let n = group.len();
        let mut done = Vec::with_capacity(group.len());
        for work in group {
            match work {
                Work::Stop => stop = true,
                Work::Write(Job {
                    conn,
                    user,
                    id,
                    op,
                    hold,
                }) => {
                    let applied = apply_write(store, &user, op);
                    done.push((conn, user, id, applied, hold));
                }
            }
        }
        let ta = t0.elapsed();
        if done.iter().any(|d| d.3.dirty)
            && let Err(e) = store.flush()
        {
            shared.log(format!("KHÔNG ghi được xuống đĩa: {e}"));
            for d in done.iter_mut().filter(|d| d.3.dirty) {
                d.3 = Applied::failed(e.clone());
            }
        }
        let t1 = t0.elapsed();
        let mut outgoing: HashMap<u64, Vec<u8>> = HashMap::new();
        let mut registry = shared.registry();
        for (conn, user, id, applied, hold) in done {
            drop(hold);
            let Applied {
                result,
                entries,
                note,
                changed_periods,
                ..
            } = applied;
            match (&result, note) {
                (Err(e), Some(note)) => {
                    shared.log(format!("#{conn} {user}: từ chối ({note}): {e}"))
                }
                (Err(e), None) => shared.log(format!("#{conn} {user}: từ chối: {e}")),
                (Ok(_), Some(note)) => shared.log(format!("#{conn} {user}: {note}")),
                (Ok(_), None) => {}
            }
            // A covenant change is logged once, above: an import is many items.
            for e in entries
                .iter()
                .filter(|e| !matches!(e.change, Change::Covenant(_)))
            {
                shared.log(format!("#{conn} {user} ghi #{}: {}", e.seq, describe(e)));
            }
            if let Some(last) = entries.last() {
                registry.head = registry.head.max(last.seq);
            }
            if registry.clients.contains_key(&conn) {
                let frame = super::conn::reply_frame(shared, conn, id, result);
                outgoing.entry(conn).or_default().extend_from_slice(&frame);
            }
            for e in entries {
                let Ok(frame) = protocol::encode(&ServerMsg::Update(e)) else {
                    shared.log("một mục nhật ký quá lớn để đẩy tới các máy khách".into());
                    continue;
                };
                for other in registry.clients.keys().filter(|c| **c != conn) {
                    outgoing
                        .entry(*other)
                        .or_default()
                        .extend_from_slice(&frame);
                }
            }
            if !changed_periods.is_empty()
                && let Ok(frame) = protocol::encode(&ServerMsg::PeriodsChanged(changed_periods))
            {
                for other in registry.clients.keys().filter(|c| **c != conn) {
                    outgoing
                        .entry(*other)
                        .or_default()
                        .extend_from_slice(&frame);
                }
            }
        }
        // One hand-over per connection per group, in commit order.
        for (conn, bytes) in outgoing {
            if let Some(client) = registry.clients.get(&conn)
                && !client.out.send(bytes)
                && client.out.is_stuck()
            {
                shared.log(format!(
                    "kết nối #{conn}: máy khách không đọc kịp dữ liệu; ngắt kết nối"
                ));
            }
        }
        drop(registry);
        if stats {
            eprintln!(
                "thidua serve: group of {n}: applied {ta:?}, flushed {t1:?}, acked+pushed {:?}",
                t0.elapsed()
            );
        }
    }
}
