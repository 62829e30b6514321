//! `thidua check`: read every record, and follow every audit chain to what
//! is stored.
//!
//! A value cell starts empty; each audit entry of it must start from the
//! previous entry's new figure, and the last must end at the stored figure
//! (or at nothing, for a cleared cell). A weight's entries must follow on
//! from each other and end at the weight the store gives (set by an
//! officer, else the covenant's); a user's role changes likewise at the
//! stored role. The covenant's records must read; its audit entries must be
//! filed under the item they are about. Every audit key must match its
//! entry, and the sequence counter must be at or above every number used.

use std::collections::BTreeMap;

use super::error::{CodecError, CodecKind};
use super::index::Tally;
use super::problem::Problem;
use super::{AuditEntry, Change, Result, Role, RoleEntry, StoreError, codec, keys, migrate};
use crate::model::Figure;
use crate::text::number::format_exact;

/// What a check read and what it found wrong.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct CheckReport {
    pub records: u64,
    pub values: u64,
    pub audit_entries: u64,
    pub role_entries: u64,
    pub problems: Vec<Problem>,
}

impl std::fmt::Display for CheckReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "Đã đọc {} bản ghi: {} giá trị, {} mục nhật ký, {} lần đổi quyền. ",
            self.records, self.values, self.audit_entries, self.role_entries
        )?;
        match self.problems.len() {
            0 => write!(f, "Không thấy lỗi nào."),
            n => write!(f, "Có {n} lỗi."),
        }
    }
}

/// The (seq, old, new) of each change of one thing, in order.
type Chain<T> = Vec<(u64, T, T)>;

/// A figure as a check names it: Vietnamese number, qualifiers, note.
fn show(figure: &Option<Figure>) -> String {
    let Some(f) = figure else {
        return "(trống)".to_string();
    };
    let mut out = format_exact(f.value, 0);
    let q = &f.qualifiers;
    for (on, word) in [
        (q.estimate, "ước đạt"),
        (q.lower_bound, "trên"),
        (q.approx, "khoảng"),
    ] {
        if on {
            out.push_str(&format!(" [{word}]"));
        }
    }
    if let Some(note) = &f.note {
        out.push_str(&format!(" «{note}»"));
    }
    out
}

fn show_role(role: &Option<Role>) -> String {
    role.as_ref()
        .map(|r| r.to_string())
        .unwrap_or_else(|| "viewer".into())
}

/// Follow a chain of (seq, old, new) from `start`: the breaks, and where it ends.
fn follow<T: PartialEq + Clone>(
    subject: &str,
    start: Option<T>,
    steps: &[(u64, T, T)],
    shown: impl Fn(&T) -> String,
    problems: &mut Vec<Problem>,
) -> Option<T> {
    let mut at = start;
    for (seq, old, new) in steps {
        if let Some(before) = &at
            && before != old
        {
            problems.push(Problem::ChainBroken {
                subject: subject.to_string(),
                seq: *seq,
                before: shown(before),
                old: shown(old),
            });
        }
        at = Some(new.clone());
    }
    at
}

/// Check the database as `db` holds it now (the caller keeps writes out).
pub(super) fn run(db: &sled::Db) -> Result<CheckReport> {
    let mut report = CheckReport::default();
    let mut problems = Vec::new();
    let stored = super::open::read_covenant(db, &mut problems)?;
    let mut stored_seq: Option<u64> = None;
    let mut values: BTreeMap<Vec<u8>, Figure> = BTreeMap::new();
    let mut cells: BTreeMap<Vec<u8>, Chain<Option<Figure>>> = BTreeMap::new();
    let mut weights: BTreeMap<String, Chain<rust_decimal::Decimal>> = BTreeMap::new();
    let mut roles: BTreeMap<String, Role> = BTreeMap::new();
    let mut role_logs: BTreeMap<String, Chain<Option<Role>>> = BTreeMap::new();
    let mut highest = 0u64;
    let mut format_found = None;
    let mut index: BTreeMap<(crate::model::Period, String), Tally> = BTreeMap::new();
    let mut reported: BTreeMap<(crate::model::Period, String), u32> = BTreeMap::new();
    for item in db.iter() {
        let (k, v) = item?;
        report.records += 1;
        let damaged = |e: StoreError| Problem::Damaged(e);
        match keys::kind_of(&k) {
            // Read (and any damage noted) by `read_covenant` above.
            keys::RecordKind::Meta
                if [keys::UNITS_META, keys::WEIGHTS_META, keys::REVISION_META]
                    .contains(&k.as_ref())
                    || keys::year_of(&k).is_some()
                    || keys::is_scoring_meta(&k) => {}
            keys::RecordKind::Meta if k.as_ref() == keys::FORMAT_META => {
                format_found = Some(migrate::read_marker(&v));
            }
            keys::RecordKind::Meta if k.as_ref() == keys::SEQ_META => {
                match codec::decode::<u64>(&k, &v) {
                    Ok(s) => stored_seq = Some(s),
                    Err(e) => problems.push(damaged(e)),
                }
            }
            keys::RecordKind::Value => {
                report.values += 1;
                if keys::parse_value_key(&k).is_none() {
                    problems.push(damaged(StoreError::Decode {
                        key: keys::describe(&k),
                        cause: CodecError::new(CodecKind::BadKey),
                    }));
                    continue;
                }
                match codec::decode::<Figure>(&k, &v) {
                    Ok(f) => {
                        values.insert(k.to_vec(), f);
                    }
                    Err(e) => problems.push(damaged(e)),
                }
            }
            keys::RecordKind::Audit => {
                report.audit_entries += 1;
                let entry: AuditEntry = match codec::decode(&k, &v) {
                    Ok(e) => e,
                    Err(e) => {
                        problems.push(damaged(e));
                        continue;
                    }
                };
                highest = highest.max(entry.seq);
                let (prefix, says) = match &entry.change {
                    Change::Value { key, .. } => (keys::audit_value_prefix(key), key.to_string()),
                    Change::Weight { indicator, .. } => (
                        keys::audit_weight_prefix(indicator),
                        format!("trọng số {indicator}"),
                    ),
                    Change::Covenant(c) => (
                        keys::audit_covenant_prefix(&c.subject),
                        c.subject.to_string(),
                    ),
                    Change::Period(c) => (keys::audit_period_prefix_of(&entry), c.to_string()),
                    Change::Scoring(c) => (
                        keys::audit_scoring_prefix(&c.subject),
                        c.subject.to_string(),
                    ),
                };
                if keys::audit_key(&prefix, entry.seq) != k.as_ref() {
                    problems.push(Problem::Misfiled {
                        key: keys::describe(&k),
                        says,
                    });
                    continue;
                }
                match entry.change {
                    Change::Value { key, old, new } => cells
                        .entry(keys::value_key(&key))
                        .or_default()
                        .push((entry.seq, old, new)),
                    Change::Weight {
                        indicator,
                        old,
                        new,
                    } => weights
                        .entry(indicator)
                        .or_default()
                        .push((entry.seq, old, new)),
                    // An item's history has no chain to follow: each
                    // entry says what one change did.
                    Change::Covenant(_) | Change::Scoring(_) => {}
                    // A lock or a submission is checked as its own record.
                    Change::Period(_) => {}
                }
            }
            keys::RecordKind::Role => match codec::decode::<Role>(&k, &v) {
                Ok(r) => {
                    roles.insert(String::from_utf8_lossy(&k[1..]).into_owned(), r);
                }
                Err(e) => problems.push(damaged(e)),
            },
            keys::RecordKind::RoleLog => {
                report.role_entries += 1;
                let entry: RoleEntry = match codec::decode(&k, &v) {
                    Ok(e) => e,
                    Err(e) => {
                        problems.push(damaged(e));
                        continue;
                    }
                };
                highest = highest.max(entry.seq);
                if keys::audit_key(&keys::role_log_prefix(&entry.user), entry.seq) != k.as_ref() {
                    problems.push(Problem::Misfiled {
                        key: keys::describe(&k),
                        says: format!("quyền của {}", entry.user),
                    });
                    continue;
                }
                role_logs
                    .entry(entry.user)
                    .or_default()
                    .push((entry.seq, entry.old, entry.new));
            }
            keys::RecordKind::Index => {
                let Some(unit) = keys::parse_index_key(&k) else {
                    problems.push(damaged(StoreError::Decode {
                        key: keys::describe(&k),
                        cause: CodecError::new(CodecKind::BadKey),
                    }));
                    continue;
                };
                match codec::decode::<Tally>(&k, &v) {
                    Ok(t) => {
                        index.insert(unit, t);
                    }
                    Err(e) => problems.push(damaged(e)),
                }
            }
            keys::RecordKind::Reported => {
                let Some(criterion) = keys::parse_reported_key(&k) else {
                    problems.push(damaged(StoreError::Decode {
                        key: keys::describe(&k),
                        cause: CodecError::new(CodecKind::BadKey),
                    }));
                    continue;
                };
                match codec::decode::<u32>(&k, &v) {
                    Ok(n) => {
                        reported.insert(criterion, n);
                    }
                    Err(e) => problems.push(damaged(e)),
                }
            }
            keys::RecordKind::Period => {
                let shaped = match k.get(1) {
                    Some(b'L') => k.len() == 6,
                    Some(b'S') => k.len() > 6,
                    _ => false,
                } && k
                    .get(2..6)
                    .and_then(crate::model::Period::from_key)
                    .is_some();
                if !shaped {
                    problems.push(Problem::UnknownRecord {
                        key: keys::describe(&k),
                    });
                } else if let Err(e) = codec::decode::<super::Mark>(&k, &v) {
                    problems.push(damaged(e));
                }
            }
            keys::RecordKind::Meta | keys::RecordKind::Unknown => {
                problems.push(Problem::UnknownRecord {
                    key: keys::describe(&k),
                });
            }
        }
    }

    match format_found {
        Some(Some(f)) if f == migrate::current() => {}
        other => problems.push(Problem::Format {
            found: match other {
                None => "(không có)".into(),
                Some(None) => "(không đọc được)".into(),
                Some(Some(f)) => f.to_string(),
            },
            expected: migrate::current(),
        }),
    }

    // Every cell that is stored or was ever audited.
    let mut subjects: Vec<Vec<u8>> = values.keys().chain(cells.keys()).cloned().collect();
    subjects.sort();
    subjects.dedup();
    for vk in subjects {
        let mut steps = cells.remove(&vk).unwrap_or_default();
        steps.sort_by_key(|s| s.0);
        let subject = keys::describe(&vk);
        // A cell starts empty.
        let end = follow(&subject, Some(None), &steps, show, &mut problems).flatten();
        let stored = values.get(&vk).cloned();
        if end != stored {
            problems.push(Problem::ChainEnd {
                subject,
                stored: show(&stored),
                audited: show(&end),
            });
        }
    }

    for (indicator, mut steps) in weights {
        steps.sort_by_key(|s| s.0);
        let subject = format!("trọng số {indicator}");
        let start = steps.first().map(|s| s.1);
        let end = follow(
            &subject,
            start,
            &steps,
            |w| format_exact(*w, 0),
            &mut problems,
        );
        let stored = stored.weight(&indicator);
        if end != stored {
            problems.push(Problem::ChainEnd {
                subject,
                stored: stored
                    .map(|w| format_exact(w, 0))
                    .unwrap_or_else(|| "(không có chỉ tiêu này)".into()),
                audited: end.map(|w| format_exact(w, 0)).unwrap_or_default(),
            });
        }
    }

    for (user, mut steps) in role_logs {
        steps.sort_by_key(|s| s.0);
        let subject = format!("quyền của {user}");
        let start = steps.first().map(|s| s.1.clone());
        let end = follow(&subject, start, &steps, show_role, &mut problems).flatten();
        let stored = roles.get(&user).cloned();
        if end != stored {
            problems.push(Problem::ChainEnd {
                subject,
                stored: show_role(&stored),
                audited: show_role(&end),
            });
        }
    }

    let value_keys: Vec<_> = values
        .keys()
        .filter_map(|k| keys::parse_value_key(k))
        .collect();
    compare_index(
        index,
        super::index::build(value_keys.iter(), &BTreeMap::new()),
        &mut problems,
    );
    compare_reported(
        reported,
        super::index::build_reported(value_keys.iter()),
        &mut problems,
    );

    match stored_seq {
        Some(s) if s >= highest => {}
        other => problems.push(Problem::SequenceBehind {
            stored: other.unwrap_or(0),
            found: highest,
        }),
    }
    report.problems = problems;
    Ok(report)
}

/// Every unit and period whose indexed counts differ from the values.
fn compare_index(
    indexed: BTreeMap<(crate::model::Period, String), Tally>,
    counted: BTreeMap<(crate::model::Period, String), Tally>,
    problems: &mut Vec<Problem>,
) {
    let show = |t: Option<&Tally>| {
        let t = t.copied().unwrap_or_default();
        format!("{} số thực hiện, {} số khác", t.actuals, t.others)
    };
    let mut units: Vec<_> = indexed.keys().chain(counted.keys()).cloned().collect();
    units.sort();
    units.dedup();
    for unit in units {
        let (a, b) = (indexed.get(&unit), counted.get(&unit));
        let same = |x: Option<&Tally>, y: Option<&Tally>| {
            x.map(|t| (t.actuals, t.others)) == y.map(|t| (t.actuals, t.others))
        };
        if !same(a, b) {
            problems.push(Problem::IndexWrong {
                subject: format!("{} kỳ {}", unit.1, unit.0),
                indexed: show(a),
                counted: show(b),
            });
        }
    }
}

/// Every criterion and period whose indexed number of reporting units
/// differs from the values.
fn compare_reported(
    indexed: BTreeMap<(crate::model::Period, String), u32>,
    counted: BTreeMap<(crate::model::Period, String), u32>,
    problems: &mut Vec<Problem>,
) {
    let show = |n: Option<&u32>| format!("{} đơn vị báo cáo", n.copied().unwrap_or(0));
    let mut criteria: Vec<_> = indexed.keys().chain(counted.keys()).cloned().collect();
    criteria.sort();
    criteria.dedup();
    for c in criteria {
        let (a, b) = (indexed.get(&c), counted.get(&c));
        if a != b {
            problems.push(Problem::IndexWrong {
                subject: format!("chỉ tiêu {} kỳ {}", c.1, c.0),
                indexed: show(a),
                counted: show(b),
            });
        }
    }
}
