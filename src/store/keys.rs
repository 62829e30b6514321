//! Ordered byte keys in the one sled tree.
//!
//! `m…` meta records, `v` + period(4) + province NUL + indicator NUL + kind:
//! one value, so "all values of a period" is one prefix scan; `a` + subject +
//! seq(8, big-endian): the audit log, so "the history of one cell" is one
//! prefix scan too. Codes are ASCII without NUL, which keeps keys prefix-free.
//!
//! The covenant (format 3): `munits` the unit history, `myear` + year(2)
//! one record per covenant year, `mweights` the weights set by officers,
//! `mcovrev` the sequence number of its last change. Its audit entries are
//! `a` `c` + item + seq: `U` code NUL (a unit), `Y` year(2) (a year's
//! settings), `M` unit NUL year(2) (a member), `C` code NUL year(2) (a
//! criterion) — so the history of a criterion in every year, or of a unit,
//! is one prefix scan.

use super::audit::{CovenantSubject, HistoryOf};
use crate::model::{Kind, Period, ValueKey};

/// The cluster record of formats 1 and 2 (members, indicators, weights):
/// read only by the migration to format 3, which replaces it.
pub const CLUSTER_META: &[u8] = b"mcluster";
/// The unit history of the covenant.
pub const UNITS_META: &[u8] = b"munits";
/// `myear` + year (big-endian u16): one covenant year.
pub const YEAR_META: &[u8] = b"myear";
/// The weights officers set, by indicator code (format 3).
pub const WEIGHTS_META: &[u8] = b"mweights";
/// The sequence number of the covenant's last change (a `u64`).
pub const REVISION_META: &[u8] = b"mcovrev";
/// The database's format version (a `u16`); absent in format 1.
pub const FORMAT_META: &[u8] = b"mformat";
/// The last sequence number given to an audit or role-log entry (a `u64`).
pub const SEQ_META: &[u8] = b"mseq";
pub const META: u8 = b'm';
pub const VALUE: u8 = b'v';
pub const AUDIT: u8 = b'a';
/// Audit subjects: a value cell or an indicator's weight.
pub const SUBJECT_VALUE: u8 = b'v';
pub const SUBJECT_WEIGHT: u8 = b'w';
pub const SUBJECT_COVENANT: u8 = b'c';
/// `r` + user name: that user's role on a shared database.
pub const ROLE: u8 = b'r';
/// `R` + user name NUL + seq(8): the log of that user's role changes.
pub const ROLE_LOG: u8 = b'R';
/// `x` + period(4) + unit NUL: how many figures the unit holds in the
/// period and when they last changed (format 4; see `store::index`), so
/// the period list and completeness never read values.
pub const INDEX: u8 = b'x';
/// `i` + period(4) + criterion NUL: how many units (not the cluster
/// itself) hold an actual figure of the criterion in the period (format 5;
/// see `store::index`), so the Provinces screen's expected criteria never
/// read values.
pub const REPORTED: u8 = b'i';
/// `k` (kỳ): a period's lock (`k L` + period) and its units' submissions
/// (`k S` + period + unit); see `store::period`.
pub const PERIOD: u8 = b'k';
/// Audit subject of a period's lock and submissions.
pub const SUBJECT_PERIOD: u8 = b'k';

fn kind_byte(kind: Kind) -> u8 {
    match kind {
        Kind::Actual => b'a',
        Kind::Plan => b'p',
    }
}

pub fn value_key(key: &ValueKey) -> Vec<u8> {
    let mut out = Vec::with_capacity(8 + key.province.len() + key.indicator.len());
    out.push(VALUE);
    out.extend_from_slice(&key.period.key());
    out.extend_from_slice(key.province.as_bytes());
    out.push(0);
    out.extend_from_slice(key.indicator.as_bytes());
    out.push(0);
    out.push(kind_byte(key.kind));
    out
}

pub fn period_prefix(period: Option<Period>) -> Vec<u8> {
    let mut out = vec![VALUE];
    if let Some(p) = period {
        out.extend_from_slice(&p.key());
    }
    out
}

pub fn parse_value_key(bytes: &[u8]) -> Option<ValueKey> {
    let rest = bytes.strip_prefix(&[VALUE])?;
    let period = Period::from_key(rest.get(..4)?)?;
    let rest = rest.get(4..)?;
    let mut parts = rest.splitn(3, |b| *b == 0);
    let province = std::str::from_utf8(parts.next()?).ok()?;
    let indicator = std::str::from_utf8(parts.next()?).ok()?;
    let kind = match parts.next()? {
        [b'a'] => Kind::Actual,
        [b'p'] => Kind::Plan,
        _ => return None,
    };
    Some(ValueKey::new(period, province, indicator, kind))
}

/// Prefix of every audit entry about one value cell.
pub fn audit_value_prefix(key: &ValueKey) -> Vec<u8> {
    let mut out = vec![AUDIT, SUBJECT_VALUE];
    out.extend_from_slice(&value_key(key)[1..]);
    out
}

pub fn audit_weight_prefix(indicator: &str) -> Vec<u8> {
    let mut out = vec![AUDIT, SUBJECT_WEIGHT];
    out.extend_from_slice(indicator.as_bytes());
    out.push(0);
    out
}

pub fn year_key(year: u16) -> Vec<u8> {
    let mut out = YEAR_META.to_vec();
    out.extend_from_slice(&year.to_be_bytes());
    out
}

/// The year of a covenant year's key.
pub fn year_of(key: &[u8]) -> Option<u16> {
    let rest = key.strip_prefix(YEAR_META)?;
    Some(u16::from_be_bytes(rest.try_into().ok()?))
}

/// Prefix of every audit entry about one item of the covenant.
pub fn audit_covenant_prefix(subject: &CovenantSubject) -> Vec<u8> {
    let mut out = vec![AUDIT, SUBJECT_COVENANT];
    match subject {
        CovenantSubject::Unit(code) => {
            out.push(b'U');
            out.extend_from_slice(code.as_bytes());
            out.push(0);
        }
        CovenantSubject::Year(y) => {
            out.push(b'Y');
            out.extend_from_slice(&y.to_be_bytes());
        }
        CovenantSubject::Member { year, unit } => {
            out.push(b'M');
            out.extend_from_slice(unit.as_bytes());
            out.push(0);
            out.extend_from_slice(&year.to_be_bytes());
        }
        CovenantSubject::Criterion { year, code } => {
            out.push(b'C');
            out.extend_from_slice(code.as_bytes());
            out.push(0);
            out.extend_from_slice(&year.to_be_bytes());
        }
    }
    out
}

/// Prefix of the audit entries a covenant history reads.
pub fn history_prefix(of: &HistoryOf) -> Vec<u8> {
    let mut out = vec![AUDIT, SUBJECT_COVENANT];
    let mut code = |tag: u8, code: &str| {
        out.push(tag);
        out.extend_from_slice(code.as_bytes());
        out.push(0);
    };
    match of {
        HistoryOf::Unit(c) => code(b'U', c),
        HistoryOf::Member(c) => code(b'M', c),
        HistoryOf::Criterion(c) => code(b'C', c),
        HistoryOf::Year(y) => {
            out.push(b'Y');
            out.extend_from_slice(&y.to_be_bytes());
        }
    }
    out
}

pub fn role_key(user: &str) -> Vec<u8> {
    let mut out = vec![ROLE];
    out.extend_from_slice(user.as_bytes());
    out
}

pub fn role_log_prefix(user: &str) -> Vec<u8> {
    let mut out = vec![ROLE_LOG];
    out.extend_from_slice(user.as_bytes());
    out.push(0);
    out
}

/// The index record of one unit in one period.
pub fn index_key(period: Period, unit: &str) -> Vec<u8> {
    let mut out = index_prefix(Some(period));
    out.extend_from_slice(unit.as_bytes());
    out.push(0);
    out
}

/// Prefix of the index records of one period (None: of all).
pub fn index_prefix(period: Option<Period>) -> Vec<u8> {
    let mut out = vec![INDEX];
    if let Some(p) = period {
        out.extend_from_slice(&p.key());
    }
    out
}

/// The index record of one criterion in one period (see [`REPORTED`]).
pub fn reported_key(period: Period, criterion: &str) -> Vec<u8> {
    let mut out = reported_prefix(Some(period));
    out.extend_from_slice(criterion.as_bytes());
    out.push(0);
    out
}

/// Prefix of the reported-criteria records of one period (None: of all).
pub fn reported_prefix(period: Option<Period>) -> Vec<u8> {
    let mut out = vec![REPORTED];
    if let Some(p) = period {
        out.extend_from_slice(&p.key());
    }
    out
}

/// The period and criterion a reported-criteria key is about.
pub fn parse_reported_key(bytes: &[u8]) -> Option<(Period, String)> {
    let rest = bytes.strip_prefix(&[REPORTED])?;
    let period = Period::from_key(rest.get(..4)?)?;
    let code = std::str::from_utf8(rest.get(4..)?.strip_suffix(&[0])?).ok()?;
    (!code.is_empty() && !code.contains('\0')).then(|| (period, code.to_string()))
}

/// The period and unit an index key is about.
pub fn parse_index_key(bytes: &[u8]) -> Option<(Period, String)> {
    let rest = bytes.strip_prefix(&[INDEX])?;
    let period = Period::from_key(rest.get(..4)?)?;
    let unit = std::str::from_utf8(rest.get(4..)?.strip_suffix(&[0])?).ok()?;
    (!unit.is_empty() && !unit.contains('\0')).then(|| (period, unit.to_string()))
}

pub fn audit_key(prefix: &[u8], seq: u64) -> Vec<u8> {
    let mut out = prefix.to_vec();
    out.extend_from_slice(&seq.to_be_bytes());
    out
}

/// The covenant item an audit key (after `a c`, before the seq) names.
pub fn covenant_subject(bytes: &[u8]) -> Option<CovenantSubject> {
    let (tag, rest) = bytes.split_first()?;
    let year = |b: &[u8]| Some(u16::from_be_bytes(b.try_into().ok()?));
    let code = |b: &[u8]| {
        let s = std::str::from_utf8(b).ok()?;
        s.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_')
            .then(|| s.to_string())
    };
    let split = |b: &'_ [u8]| -> Option<(String, u16)> {
        let nul = b.iter().position(|x| *x == 0)?;
        Some((code(&b[..nul])?, year(&b[nul + 1..])?))
    };
    match tag {
        b'U' => Some(CovenantSubject::Unit(code(rest.strip_suffix(&[0])?)?)),
        b'Y' => Some(CovenantSubject::Year(year(rest)?)),
        b'M' => split(rest).map(|(unit, year)| CovenantSubject::Member { year, unit }),
        b'C' => split(rest).map(|(code, year)| CovenantSubject::Criterion { year, code }),
        _ => None,
    }
}

/// `k L` + period: the lock of a period.
pub fn lock_key(period: Period) -> Vec<u8> {
    let mut out = vec![PERIOD, b'L'];
    out.extend_from_slice(&period.key());
    out
}

/// `k S` + period + unit: a unit's submission; without a unit, the prefix
/// of every submission of the period.
pub fn submission_key(period: Period, unit: &str) -> Vec<u8> {
    let mut out = vec![PERIOD, b'S'];
    out.extend_from_slice(&period.key());
    out.extend_from_slice(unit.as_bytes());
    out
}

/// Prefix of a period's audit entries (`unit` None: all of them; `Some("")`:
/// the lock's; `Some(unit)`: that unit's submissions).
pub fn audit_period_prefix(period: Period, unit: Option<&str>) -> Vec<u8> {
    let mut out = vec![AUDIT, SUBJECT_PERIOD];
    out.extend_from_slice(&period.key());
    if let Some(u) = unit {
        out.extend_from_slice(u.as_bytes());
        out.push(0);
    }
    out
}

/// The prefix a period's audit entry is filed under.
pub fn audit_period_prefix_of(entry: &super::AuditEntry) -> Vec<u8> {
    match &entry.change {
        super::Change::Period(c) => {
            audit_period_prefix(c.period, Some(c.unit.as_deref().unwrap_or("")))
        }
        _ => Vec::new(),
    }
}

/// Which kind of record a key holds, by its first byte.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RecordKind {
    Meta,
    Value,
    Audit,
    Role,
    RoleLog,
    Unknown,
    Index,
    /// A period's lock or a unit's submission (`k`).
    Period,
    /// How many units reported a criterion in a period (`i`).
    Reported,
}

pub fn kind_of(key: &[u8]) -> RecordKind {
    match key.first() {
        Some(&META) => RecordKind::Meta,
        Some(&VALUE) => RecordKind::Value,
        Some(&AUDIT) => RecordKind::Audit,
        Some(&ROLE) => RecordKind::Role,
        Some(&ROLE_LOG) => RecordKind::RoleLog,
        Some(&INDEX) => RecordKind::Index,
        Some(&PERIOD) => RecordKind::Period,
        Some(&REPORTED) => RecordKind::Reported,
        _ => RecordKind::Unknown,
    }
}

/// The sequence number at the end of an audit or role-log key.
pub fn seq_of(key: &[u8]) -> Option<u64> {
    let tail = key.get(key.len().checked_sub(8)?..)?;
    Some(u64::from_be_bytes(tail.try_into().ok()?))
}

/// A readable name for a key in error messages.
pub fn describe(bytes: &[u8]) -> String {
    if let Some(k) = parse_value_key(bytes) {
        return k.to_string();
    }
    if let Some(named) = describe_log(bytes) {
        return named;
    }
    if let Some(y) = year_of(bytes) {
        return format!("giao ước năm {y}");
    }
    if let Some((period, unit)) = parse_index_key(bytes) {
        return format!("chỉ mục {period} {unit}");
    }
    if let Some((period, code)) = parse_reported_key(bytes) {
        return format!("chỉ mục chỉ tiêu {period} {code}");
    }
    match std::str::from_utf8(bytes) {
        Ok(s) if s.chars().all(|c| !c.is_control()) => s.to_string(),
        _ => bytes.iter().map(|b| format!("{b:02x}")).collect(),
    }
}

/// `nhật ký 2021-H1 DT EXPORT actual #42` and the like, for log entries.
fn describe_log(bytes: &[u8]) -> Option<String> {
    let seq = seq_of(bytes)?;
    let body = bytes.get(..bytes.len() - 8)?;
    let text = |b: &[u8]| {
        std::str::from_utf8(b.strip_suffix(&[0])?)
            .ok()
            .filter(|s| s.chars().all(|c| !c.is_control()))
            .map(str::to_string)
    };
    match body {
        [AUDIT, SUBJECT_VALUE, rest @ ..] => {
            let mut vk = vec![VALUE];
            vk.extend_from_slice(rest);
            Some(format!("nhật ký {} #{seq}", parse_value_key(&vk)?))
        }
        [AUDIT, SUBJECT_WEIGHT, rest @ ..] => {
            Some(format!("nhật ký trọng số {} #{seq}", text(rest)?))
        }
        [ROLE_LOG, rest @ ..] => Some(format!("nhật ký quyền của {} #{seq}", text(rest)?)),
        [AUDIT, SUBJECT_PERIOD, rest @ ..] => {
            let period = Period::from_key(rest.get(..4)?)?;
            match text(rest.get(4..)?)?.as_str() {
                "" => Some(format!("nhật ký chốt kỳ {period} #{seq}")),
                unit => Some(format!("nhật ký nộp kỳ {period} {unit} #{seq}")),
            }
        }
        [AUDIT, SUBJECT_COVENANT, rest @ ..] => Some(format!(
            "nhật ký giao ước: {} #{seq}",
            covenant_subject(rest)?
        )),
        _ => None,
    }
}

/// The covenant score (issue #18): `msheet` + period(4) + unit, one unit's
/// score sheet of a period (so a period's sheets are one prefix scan);
/// `mmeeting` + period(4), the period's cluster meeting. Their audit
/// entries are `a` `s` + `S` period(4) unit NUL (a sheet) or `B`
/// period(4) (a meeting) + seq.
pub const SHEET_META: &[u8] = b"msheet";
pub const MEETING_META: &[u8] = b"mmeeting";
pub const SUBJECT_SCORING: u8 = b's';

pub fn sheet_prefix(period: Period) -> Vec<u8> {
    let mut out = SHEET_META.to_vec();
    out.extend_from_slice(&period.key());
    out
}

pub fn sheet_key(period: Period, unit: &str) -> Vec<u8> {
    let mut out = sheet_prefix(period);
    out.extend_from_slice(unit.as_bytes());
    out
}

/// The unit of a sheet's key under `sheet_prefix(period)`.
pub fn sheet_unit(key: &[u8]) -> Option<String> {
    let rest = key.strip_prefix(SHEET_META)?.get(4..)?;
    std::str::from_utf8(rest).ok().map(str::to_string)
}

pub fn meeting_key(period: Period) -> Vec<u8> {
    let mut out = MEETING_META.to_vec();
    out.extend_from_slice(&period.key());
    out
}

/// Whether a meta key is one of the covenant score's records.
pub fn is_scoring_meta(key: &[u8]) -> bool {
    (key.starts_with(SHEET_META) && key.len() > SHEET_META.len() + 4)
        || (key.starts_with(MEETING_META) && key.len() == MEETING_META.len() + 4)
}

/// Prefix of every audit entry about one sheet or one meeting.
pub fn audit_scoring_prefix(subject: &super::scoring::ScoringSubject) -> Vec<u8> {
    use super::scoring::ScoringSubject;
    let mut out = vec![AUDIT, SUBJECT_SCORING];
    match subject {
        ScoringSubject::Sheet { period, unit } => {
            out.push(b'S');
            out.extend_from_slice(&period.key());
            out.extend_from_slice(unit.as_bytes());
            out.push(0);
        }
        ScoringSubject::Meeting(period) => {
            out.push(b'B');
            out.extend_from_slice(&period.key());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn value_keys_round_trip_and_sort_by_period_first() {
        let a = ValueKey::new(
            "2021-H1".parse().expect("p"),
            "AG",
            "GRDP_GROWTH",
            Kind::Actual,
        );
        let b = ValueKey::new("2021-H2".parse().expect("p"), "AG", "AAA", Kind::Actual);
        assert_eq!(parse_value_key(&value_key(&a)), Some(a.clone()));
        assert!(value_key(&a) < value_key(&b));
        assert!(value_key(&a).starts_with(&period_prefix(Some(a.period))));
    }

    #[test]
    fn log_keys_are_named_in_words() {
        let k = ValueKey::new("2021-H1".parse().expect("p"), "DT", "EXPORT", Kind::Actual);
        assert_eq!(
            describe(&audit_key(&audit_value_prefix(&k), 42)),
            "nhật ký 2021-H1 DT EXPORT actual #42"
        );
        assert_eq!(
            describe(&audit_key(&audit_weight_prefix("EXPORT"), 7)),
            "nhật ký trọng số EXPORT #7"
        );
        assert_eq!(
            describe(&audit_key(&role_log_prefix("nguyenvana"), 9)),
            "nhật ký quyền của nguyenvana #9"
        );
    }

    #[test]
    fn audit_prefixes_are_prefix_free() {
        let a = ValueKey::new("2021".parse().expect("p"), "AG", "EXPORT", Kind::Plan);
        let b = ValueKey::new(
            "2021".parse().expect("p"),
            "AG",
            "EXPORT_PCT_PLAN",
            Kind::Plan,
        );
        assert!(!audit_value_prefix(&b).starts_with(&audit_value_prefix(&a)));
    }
}
