//! A period's list of checks as a table (issue #15 item 1): every figure
//! the plausibility rules doubt and every figure an officer confirmed,
//! with why and whether confirmed (by whom, when), for the report's annex
//! of checks and the application's list alike
//! ([`crate::model::plausibility::period_checks`] finds them; this module
//! feeds it the figures a screen or a report holds and reads who
//! confirmed from the audit log).

use std::collections::{HashMap, HashSet};

use rust_decimal::Decimal;

use super::table::{Column, Table};
use crate::model::covenant::CovenantYear;
use crate::model::period::Period;
use crate::model::plausibility::{Checked, PeriodFigures, period_checks};
use crate::model::{Cluster, Figures, Kind, ValueKey};
use crate::store::Store;
use crate::text::number::format_exact;

/// Who confirmed a figure, and when: its last audit entry, marked
/// confirmed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Confirmation {
    pub by: String,
    /// UTC milliseconds.
    pub at_ms: i64,
}

/// The confirmed cells of a period, with who and when.
pub type Confirmations = HashMap<ValueKey, Confirmation>;

/// The confirmations among `keys`: each cell's last audit entry read (a
/// figure changed again since it was confirmed is no longer confirmed).
pub fn confirmations<'k>(
    store: &dyn Store,
    keys: impl IntoIterator<Item = &'k ValueKey>,
) -> crate::store::Result<Confirmations> {
    let keys: Vec<ValueKey> = keys.into_iter().cloned().collect();
    let mut out = Confirmations::new();
    for (key, last) in keys.iter().zip(store.last_entries(&keys)?) {
        if let Some(last) = last
            && last.note.confirmed
        {
            out.insert(
                key.clone(),
                Confirmation {
                    by: last.user,
                    at_ms: last.at_ms,
                },
            );
        }
    }
    Ok(out)
}

impl Confirmation {
    /// `canbo, 29/07/2021 15:09` (local time, the system's zone or `TZ`).
    pub fn who_and_when(&self) -> String {
        let when = chrono::DateTime::from_timestamp_millis(self.at_ms)
            .map(|t| {
                t.with_timezone(&chrono::Local)
                    .format("%d/%m/%Y %H:%M")
                    .to_string()
            })
            .unwrap_or_default();
        format!("{}, {when}", self.by)
    }
}

/// The stored figures of `period` a list of checks looks at.
pub fn period_keys(figures: &Figures, period: Period) -> Vec<ValueKey> {
    figures
        .iter()
        .filter(|(k, _)| k.period == period)
        .map(|(k, _)| k.clone())
        .collect()
}

/// The period's implausible and confirmed figures, from the figures a
/// screen or a report holds: last year's figure as shown beside each
/// (composed for a merged unit; last year's plan for a plan), the year's
/// plan of an actual. Empty for a cluster without a covenant.
pub fn period_list(
    cluster: &Cluster,
    figures: &Figures,
    period: Period,
    confirmed: &Confirmations,
) -> Vec<Checked> {
    let Some(year) = cluster.basis.as_ref().and_then(|b| b.year()) else {
        return Vec::new();
    };
    let stored: Vec<(ValueKey, Decimal)> = figures
        .iter()
        .filter(|(k, _)| k.period == period)
        .map(|(k, f)| (k.clone(), f.value))
        .collect();
    let last_year = |k: &ValueKey| -> Option<Decimal> {
        match k.kind {
            Kind::Actual => {
                let ind = cluster.indicator(&k.indicator)?;
                figures
                    .shown_last_year(cluster, k.period, &k.province, ind)
                    .map(|s| s.value)
            }
            Kind::Plan => figures.plan(k.period.last_year()?, &k.province, &k.indicator),
        }
    };
    let plan = |k: &ValueKey| figures.plan(k.period, &k.province, &k.indicator);
    let keys: HashSet<ValueKey> = confirmed.keys().cloned().collect();
    period_checks(&PeriodFigures {
        year,
        period,
        figures: &stored,
        last_year: &last_year,
        plan: &plan,
        confirmed: &keys,
    })
}

/// "Đã xác nhận" / "Cần xem lại": a figure's state in the list.
pub const CONFIRMED: &str = "đã xác nhận";
pub const TO_REVIEW: &str = "cần xem lại";

/// The list as a table: unit, criterion, kind, figure (as stored, with
/// at least the criterion's decimals), why, state (`đã xác nhận`, with
/// who and when where `confirmed_by` tells it). `unit_name` names a unit
/// code (`DT` → `Đồng Tháp`).
pub fn checks(
    year: &CovenantYear,
    period: Period,
    list: &[Checked],
    unit_name: &dyn Fn(&str) -> String,
    confirmed_by: &dyn Fn(&ValueKey) -> Option<String>,
) -> Table {
    let mut t = Table::new(
        format!("Kiểm tra số liệu — kỳ {period}"),
        vec![
            Column::left("Đơn vị"),
            Column::left("Chỉ tiêu"),
            Column::left("Loại"),
            Column::right("Giá trị"),
            Column::left("Vì sao cần xem lại"),
            Column::left("Trạng thái"),
        ],
    );
    for c in list {
        let criterion = year.criterion(&c.key.indicator);
        let decimals = criterion.map_or(0, |c| c.decimals);
        let why = if c.doubts.is_empty() {
            "không còn nghi vấn".to_string()
        } else {
            c.doubts.join(" ")
        };
        t.push(vec![
            unit_name(&c.key.province),
            criterion.map_or_else(|| c.key.indicator.clone(), |c| c.name.clone()),
            match c.key.kind {
                Kind::Actual => "thực hiện",
                Kind::Plan => "kế hoạch",
            }
            .to_string(),
            format_exact(c.value, decimals),
            why,
            match (c.confirmed, confirmed_by(&c.key)) {
                (true, Some(who)) => format!("{CONFIRMED} ({who})"),
                (true, None) => CONFIRMED.to_string(),
                (false, _) => TO_REVIEW.to_string(),
            },
        ]);
    }
    let to_review = list.iter().filter(|c| !c.confirmed).count();
    let confirmed = list.len() - to_review;
    t.notes.push(if list.is_empty() {
        format!("Kỳ {period} không có số liệu nào bất thường hay đã xác nhận.")
    } else {
        format!(
            "{to_review} số liệu cần xem lại, {confirmed} số liệu đã được xác nhận \
             (Enter lần nữa khi nhập). Số liệu bất thường không bị từ chối: ngoài khoảng \
             hợp lý, chênh lệch quá nhiều so với cùng kỳ, tỷ lệ trên 100%, vượt nhiều lần kế hoạch."
        )
    });
    t
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::criterion::tests::criterion;

    #[test]
    fn the_list_names_unit_criterion_why_and_state() {
        let mut c = criterion("GRDP_GROWTH");
        c.name = "Tốc độ tăng trưởng GRDP".into();
        c.unit = "%".into();
        c.decimals = 2;
        c.plausible.max = Some(Decimal::from(30));
        let year = CovenantYear {
            year: 2021,
            cluster_name: "Cụm".into(),
            scale_total: None,
            members: Vec::new(),
            criteria: vec![c],
        };
        let h1: Period = "2021-H1".parse().expect("period");
        let dt = ValueKey::new(h1, "DT", "GRDP_GROWTH", Kind::Actual);
        let ag = ValueKey::new(h1, "AG", "GRDP_GROWTH", Kind::Actual);
        let figures = vec![
            (dt.clone(), Decimal::new(1234, 1)),
            (ag.clone(), Decimal::new(62, 1)),
        ];
        let none = |_: &ValueKey| None;
        let confirmed: HashSet<ValueKey> = [ag].into();
        let list = period_checks(&PeriodFigures {
            year: &year,
            period: h1,
            figures: &figures,
            last_year: &none,
            plan: &none,
            confirmed: &confirmed,
        });
        let name = |code: &str| match code {
            "DT" => "Đồng Tháp".to_string(),
            "AG" => "An Giang".to_string(),
            other => other.to_string(),
        };
        let t = checks(&year, h1, &list, &name, &|_| None);
        assert_eq!(
            t.to_tsv(),
            "Đơn vị\tChỉ tiêu\tLoại\tGiá trị\tVì sao cần xem lại\tTrạng thái\n\
             An Giang\tTốc độ tăng trưởng GRDP\tthực hiện\t6,20\tkhông còn nghi vấn\tđã xác nhận\n\
             Đồng Tháp\tTốc độ tăng trưởng GRDP\tthực hiện\t123,40\t\
             Tốc độ tăng trưởng GRDP 123,40% cao bất thường: khoảng hợp lý đến 30,00%.\tcần xem lại\n"
        );
        assert!(t.notes[0].starts_with("1 số liệu cần xem lại, 1 số liệu đã được xác nhận"));
        let empty = checks(&year, h1, &[], &name, &|_| None);
        assert_eq!(empty.data_rows(), 0);
        assert_eq!(
            empty.notes,
            ["Kỳ 2021-H1 không có số liệu nào bất thường hay đã xác nhận."]
        );
    }
}
