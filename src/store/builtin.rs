//! The built-in cluster: the Tây Nam bộ covenant (`data/cluster/`: the 12
//! provinces of 2021 and the units of Resolution 202/2025/QH15, the 2021
//! members, the 95 indicators of the 2021 first-half report as criteria and
//! quoted figures) and the figures of that report (`data/values.csv`,
//! Báo cáo 209/BC-UBND), embedded so a new user sees real data at once.
//!
//! The covenant files are in the canonical form `thidua covenant export`
//! writes; they are read here by serde rows and the model's own parsers of
//! each field (the store may not use `io`), and `tests/covenant_builtin.rs`
//! checks that this gives exactly what `thidua covenant import data/cluster`
//! reads, so the two readers cannot drift apart.
//!
//! Values loaded: every value the report states, and the implied annual
//! plans (derived, kind `plan`) so % of plan can be computed. Not loaded:
//! `plan_pct` rows (% of plan is derived; they serve as a test oracle) and
//! other derived rows (cluster totals and shares are computed from the
//! provinces).

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::Deserialize;

use super::StoreError;
use crate::model::calendar::parse_day;
use crate::model::covenant::{Covenant, CovenantYear, Member, MemberRole};
use crate::model::criterion::{
    Aggregate, Criterion, Method, Plausibility, Scoring, parse_direction,
};
use crate::model::unit::{Unit, UnitHistory, UnitKind, UnitVersion};
use crate::model::{Cluster, Figure, Kind, Period, Qualifiers, Value, ValueKey};

pub const CLUSTER_NAME: &str = "Cụm thi đua các tỉnh Tây Nam bộ";
pub const UNITS_CSV: &str = include_str!("../../data/cluster/units.csv");
pub const MEMBERS_CSV: &str = include_str!("../../data/cluster/members.csv");
pub const INDICATORS_CSV: &str = include_str!("../../data/cluster/indicators.csv");
pub const YEARS_CSV: &str = include_str!("../../data/cluster/years.csv");
pub const VALUES_CSV: &str = include_str!("../../data/values.csv");
/// The Vietnamese of each note in `values.csv` (the data set's notes are
/// English, for its readers; officers see these as the figure's comment).
const NOTES_VI_CSV: &str = include_str!("../../data/notes-vi.csv");

/// A row of `values.csv`, with the columns the report's extraction added.
#[derive(Debug, Clone, Deserialize)]
pub struct ValueRow {
    pub province_code: String,
    pub indicator_code: String,
    pub period: String,
    pub kind: String,
    pub value: String,
    #[serde(default)]
    pub qualifier: String,
    #[serde(default)]
    pub derived: String,
    #[serde(default)]
    pub note: String,
}

fn bad(what: &str, detail: impl std::fmt::Display) -> StoreError {
    StoreError::Io(format!("dữ liệu gốc ({what}) hỏng: {detail}"))
}

/// The cluster a new built-in database opens on (its latest covenant
/// year, see `Store::cluster`, with the built-in [`weights`]) and its values.
pub fn load() -> Result<(Cluster, Vec<Value>), StoreError> {
    let (covenant, values) = load_covenant()?;
    let latest = covenant.years.keys().next_back().copied().unwrap_or(2021);
    let mut cluster = covenant
        .cluster_for(Period::year(latest))
        .ok_or(StoreError::NoCluster)?;
    let weights = weights(&covenant);
    for ind in &mut cluster.indicators {
        if let Some(w) = weights.get(&ind.code) {
            ind.weight = *w;
        }
    }
    Ok((cluster, values))
}

/// The built-in covenant and the values to store on first start.
pub fn load_covenant() -> Result<(Covenant, Vec<Value>), StoreError> {
    let covenant = covenant()?;
    let notes_vi: std::collections::HashMap<String, String> =
        rows::<NoteRow>("notes-vi.csv", NOTES_VI_CSV)?
            .into_iter()
            .map(|r| (r.note, r.ghi_chu))
            .collect();
    let mut values = Vec::new();
    for row in value_rows()?.iter().filter(|r| is_loaded(r)) {
        let period: Period = row.period.parse().map_err(|e| bad("values.csv", e))?;
        let kind = Kind::parse(&row.kind).ok_or_else(|| bad("values.csv", &row.kind))?;
        let value: Decimal = row.value.parse().map_err(|e| bad("values.csv", e))?;
        let q = &row.qualifier;
        let qualifiers = Qualifiers {
            estimate: q.contains("estimate"),
            lower_bound: q.contains("lower_bound"),
            approx: q.contains("approx"),
            derived: row.derived == "true",
        };
        let note = match row.note.as_str() {
            "" => None,
            english => Some(crate::text::normalize::clean(
                notes_vi
                    .get(english)
                    .ok_or_else(|| bad("notes-vi.csv", format!("thiếu bản dịch «{english}»")))?,
            )),
        };
        values.push(Value {
            key: ValueKey::new(period, &row.province_code, &row.indicator_code, kind),
            figure: Figure {
                value,
                qualifiers,
                note,
            },
        });
    }
    Ok((covenant, values))
}

/// The weights of the built-in data: today's, as before the covenant — 1
/// for each directional indicator, 0 for a neutral one and for a "% of
/// plan" item (scored through its base). They are kept in the weights
/// record, as an officer's would be, so the Score screen of a new database
/// reads as it did (and as a migrated one does) until the scoring engine
/// scores by the covenant's own scale (the illustrative 100 points of
/// `data/cluster/`).
pub fn weights(covenant: &Covenant) -> BTreeMap<String, Decimal> {
    let mut out = BTreeMap::new();
    for y in covenant.years.values() {
        for c in &y.criteria {
            let scored = c.direction != crate::model::Direction::Neutral
                && !crate::model::shown::is_share_of_plan_code(&c.code);
            out.insert(
                c.code.clone(),
                if scored { Decimal::ONE } else { Decimal::ZERO },
            );
        }
    }
    out
}

/// Stated values of kind actual/plan, plus derived plans (implied annual plans).
pub fn is_loaded(row: &ValueRow) -> bool {
    matches!(
        (row.kind.as_str(), row.derived.as_str()),
        ("actual", "false") | ("plan", _)
    )
}

pub fn value_rows() -> Result<Vec<ValueRow>, StoreError> {
    rows("values.csv", VALUES_CSV)
}

fn rows<T: serde::de::DeserializeOwned>(file: &str, text: &str) -> Result<Vec<T>, StoreError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    csv::Reader::from_reader(text.as_bytes())
        .deserialize()
        .collect::<Result<Vec<T>, _>>()
        .map_err(|e| bad(file, e))
}

#[derive(Deserialize)]
struct NoteRow {
    note: String,
    ghi_chu: String,
}

#[derive(Deserialize)]
struct UnitRow {
    code: String,
    name: String,
    kind: String,
    valid_from: String,
    valid_until: String,
    takes_in: String,
}

#[derive(Deserialize)]
struct MemberRow {
    year: u16,
    unit_code: String,
    role: String,
    note: String,
}

#[derive(Deserialize)]
struct YearRow {
    year: u16,
    cluster_name: String,
    scale_total: String,
}

#[derive(Deserialize)]
struct CriterionRow {
    year: u16,
    code: String,
    name: String,
    unit: String,
    group: String,
    group_name: String,
    order: u32,
    direction: String,
    rule: String,
    decimals: u32,
    min: String,
    max: String,
    counted: String,
    in_covenant: String,
    parent: String,
    max_points: String,
    method: String,
    share_at_target: String,
    leader_full: String,
    points_each: String,
    cap: String,
    plausible_min: String,
    plausible_max: String,
    plausible_jump: String,
    group_order: u32,
    note: String,
}

/// The built-in covenant from `data/cluster/`.
pub fn covenant() -> Result<Covenant, StoreError> {
    let mut units = UnitHistory::default();
    for r in rows::<UnitRow>("units.csv", UNITS_CSV)? {
        let bad = |what: &str| bad("units.csv", format!("{}: {what}", r.code));
        let day = |s: &str| match s {
            "" => Ok(None),
            d => parse_day(d).map(Some).ok_or_else(|| bad(d)),
        };
        let version = UnitVersion {
            name: r.name.clone(),
            kind: UnitKind::parse(&r.kind).ok_or_else(|| bad(&r.kind))?,
            valid_from: day(&r.valid_from)?,
            valid_until: day(&r.valid_until)?,
            takes_in: r
                .takes_in
                .split(';')
                .filter(|t| !t.is_empty())
                .map(str::to_string)
                .collect(),
        };
        match units.units.iter_mut().find(|u| u.code == r.code) {
            Some(u) => u.versions.push(version),
            None => units.units.push(Unit {
                code: r.code.clone(),
                versions: vec![version],
            }),
        }
    }
    let mut years: BTreeMap<u16, CovenantYear> = BTreeMap::new();
    for r in rows::<YearRow>("years.csv", YEARS_CSV)? {
        years.insert(
            r.year,
            CovenantYear {
                year: r.year,
                cluster_name: r.cluster_name,
                scale_total: decimal("years.csv", &r.scale_total)?,
                members: Vec::new(),
                criteria: Vec::new(),
            },
        );
    }
    for r in rows::<MemberRow>("members.csv", MEMBERS_CSV)? {
        let role = MemberRole::parse(&r.role).ok_or_else(|| bad("members.csv", &r.role))?;
        years
            .get_mut(&r.year)
            .ok_or_else(|| bad("members.csv", r.year))?
            .members
            .push(Member {
                unit: r.unit_code,
                role,
                note: r.note,
            });
    }
    for r in rows::<CriterionRow>("indicators.csv", INDICATORS_CSV)? {
        let year = r.year;
        let c = criterion(r)?;
        years
            .get_mut(&year)
            .ok_or_else(|| bad("indicators.csv", year))?
            .criteria
            .push(c);
    }
    for u in &mut units.units {
        // Oldest first, an open start the oldest, as the files' reader has them.
        u.versions.sort_by_key(|v| v.valid_from);
    }
    for y in years.values_mut() {
        y.sort_criteria();
    }
    Ok(Covenant { units, years })
}

fn decimal(file: &str, s: &str) -> Result<Option<Decimal>, StoreError> {
    match s {
        "" => Ok(None),
        d => crate::text::number::parse_plain(d)
            .map(Some)
            .map_err(|e| bad(file, e)),
    }
}

fn boolean(s: &str) -> Result<Option<bool>, StoreError> {
    match s {
        "" => Ok(None),
        "true" => Ok(Some(true)),
        "false" => Ok(Some(false)),
        other => Err(bad("indicators.csv", other)),
    }
}

fn criterion(r: CriterionRow) -> Result<Criterion, StoreError> {
    let f = "indicators.csv";
    let bad = |what: &str| bad(f, format!("{}: {what}", r.code));
    let required = |s: &str| boolean(s)?.ok_or_else(|| bad(s));
    Ok(Criterion {
        direction: parse_direction(&r.direction).ok_or_else(|| bad(&r.direction))?,
        rule: Aggregate::parse(&r.rule).map_err(|e| bad(&e))?,
        min: decimal(f, &r.min)?,
        max: decimal(f, &r.max)?,
        counted: required(&r.counted)?,
        in_covenant: required(&r.in_covenant)?,
        scoring: Scoring {
            parent: Some(r.parent.clone()).filter(|p| !p.is_empty()),
            max_points: decimal(f, &r.max_points)?,
            method: Method::parse(&r.method).ok_or_else(|| bad(&r.method))?,
            share_at_target: decimal(f, &r.share_at_target)?,
            leader_full: boolean(&r.leader_full)?,
            points_each: decimal(f, &r.points_each)?,
            cap: decimal(f, &r.cap)?,
        },
        plausible: Plausibility {
            min: decimal(f, &r.plausible_min)?,
            max: decimal(f, &r.plausible_max)?,
            jump: decimal(f, &r.plausible_jump)?,
        },
        code: r.code,
        name: r.name,
        unit: r.unit,
        group: r.group,
        group_name: r.group_name,
        group_order: r.group_order,
        order: r.order,
        decimals: r.decimals,
        note: r.note,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Officers read a built-in figure's comment: it is the Vietnamese of
    /// the data set's English note, never the note itself.
    #[test]
    fn every_comment_of_the_built_in_data_is_vietnamese() {
        let (_, values) = load_covenant().expect("built-in data");
        let comments: Vec<&str> = values
            .iter()
            .filter_map(|v| v.figure.note.as_deref())
            .collect();
        assert!(comments.len() > 50, "{}", comments.len());
        for english in [
            " the ",
            "not stated",
            "NOTES.md",
            "implied",
            "footnote",
            " of ",
        ] {
            let found: Vec<&&str> = comments.iter().filter(|c| c.contains(english)).collect();
            assert!(found.is_empty(), "{english:?} in {found:?}");
        }
    }
}
