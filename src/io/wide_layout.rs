//! The wide layout of a period's figures: units in rows (the first column),
//! indicators in columns (the header row). How thidua writes its headers
//! and unit names in a workbook, and how an imported sheet's headers and
//! units are recognised: by code, by name, or by the header thidua writes
//! (`Tổng thu ngân sách (tỷ đồng)`), ignoring case, spacing and — when that
//! still names one thing only — diacritics.

use std::collections::HashMap;

use crate::model::{CLUSTER, Cluster, Indicator};
use crate::text::normalize::clean_name;
use crate::text::search::fold;

/// The header of the unit column.
pub const UNIT_HEADER: &str = "Tỉnh";

/// An indicator's column header: its name and unit; with its code in
/// brackets where another indicator has the same name, so that every
/// header reads back as one indicator.
pub fn indicator_header(cluster: &Cluster, ind: &Indicator) -> String {
    indicator_headers(cluster)
        .remove(&ind.code)
        .unwrap_or_else(|| ind.code.clone())
}

/// [`indicator_header`] of every indicator, by code, worked out at once.
pub fn indicator_headers(cluster: &Cluster) -> HashMap<String, String> {
    let key = |name: &str| clean_name(name).to_lowercase();
    let mut count: HashMap<String, usize> = HashMap::new();
    for i in &cluster.indicators {
        *count.entry(key(&i.name)).or_default() += 1;
    }
    cluster
        .indicators
        .iter()
        .map(|ind| {
            let header = if count.get(&key(&ind.name)).copied().unwrap_or(0) > 1 {
                format!("{} ({}) [{}]", ind.name, ind.unit, ind.code)
            } else {
                format!("{} ({})", ind.name, ind.unit)
            };
            (ind.code.clone(), header)
        })
        .collect()
}

/// A unit's name in the first column (the cluster row is the cluster's name).
pub fn unit_name(cluster: &Cluster, code: &str) -> String {
    if code == CLUSTER {
        return cluster.name.clone();
    }
    cluster
        .province(code)
        .map(|p| p.name.clone())
        .unwrap_or_else(|| code.to_string())
}

fn same(a: &str, b: &str) -> bool {
    clean_name(a).to_lowercase() == clean_name(b).to_lowercase()
}

/// The one candidate `text` names, exactly (case and spacing aside) or,
/// failing that, without diacritics; several is an error listing them.
fn pick<K: Clone>(text: &str, candidates: &[(K, Vec<String>)]) -> Result<Option<K>, Vec<K>> {
    let rules: [fn(&str, &str) -> bool; 2] = [same, |a, b| fold(a) == fold(b)];
    for matches in rules {
        let found: Vec<K> = candidates
            .iter()
            .filter(|(_, names)| names.iter().any(|n| matches(text, n)))
            .map(|(c, _)| c.clone())
            .collect();
        match found.len() {
            0 => continue,
            1 => return Ok(found.into_iter().next()),
            _ => return Err(found),
        }
    }
    Ok(None)
}

/// The indicator a header names: its code, its name, `name (unit)`, or
/// anything ending in `[CODE]`.
pub fn indicator_of<'c>(cluster: &'c Cluster, header: &str) -> Result<&'c Indicator, String> {
    let text = clean_name(header);
    if let Some(ind) = cluster.indicator(&text.to_uppercase()) {
        return Ok(ind);
    }
    if let Some(code) = text
        .strip_suffix(']')
        .and_then(|t| t.rsplit_once('['))
        .map(|(_, c)| c.trim().to_uppercase())
    {
        return cluster
            .indicator(&code)
            .ok_or_else(|| format!("không có chỉ tiêu mã «{code}»"));
    }
    let candidates: Vec<(&Indicator, Vec<String>)> = cluster
        .indicators
        .iter()
        .map(|i| (i, vec![i.name.clone(), format!("{} ({})", i.name, i.unit)]))
        .collect();
    match pick(&text, &candidates) {
        Ok(Some(ind)) => Ok(ind),
        Ok(None) => Err(format!(
            "không có chỉ tiêu «{text}» (ghi mã như BUDGET_REV hoặc đúng tên chỉ tiêu)"
        )),
        Err(many) => Err(format!(
            "«{text}» là tên của nhiều chỉ tiêu ({}): ghi mã chỉ tiêu thay cho tên",
            many.iter()
                .map(|i| i.code.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        )),
    }
}

/// The unit a first-column cell names: a province's code or name, or
/// `CLUSTER` / the cluster's name for the cluster itself.
pub fn unit_of(cluster: &Cluster, cell: &str) -> Result<String, String> {
    let text = clean_name(cell);
    let upper = text.to_uppercase();
    if upper == CLUSTER || cluster.province(&upper).is_some() {
        return Ok(upper);
    }
    let units: Vec<(String, Vec<String>)> = cluster
        .provinces
        .iter()
        .map(|p| (p.code.clone(), vec![p.name.clone()]))
        .chain(std::iter::once((
            CLUSTER.to_string(),
            vec![cluster.name.clone()],
        )))
        .collect();
    match pick(&text, &units) {
        Ok(Some(code)) => Ok(code),
        Ok(None) => Err(format!(
            "không có tỉnh «{text}» (ghi mã như AG, DT, tên tỉnh, hoặc CLUSTER cho cả cụm)"
        )),
        Err(codes) => Err(format!("«{text}» có thể là {}", codes.join(", "))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::builtin;

    #[test]
    fn headers_written_read_back_as_their_indicator() {
        let (cluster, _) = builtin::load().expect("built-in");
        for ind in &cluster.indicators {
            let header = indicator_header(&cluster, ind);
            assert_eq!(
                indicator_of(&cluster, &header).map(|i| &i.code),
                Ok(&ind.code),
                "{header}"
            );
        }
        let budget = indicator_of(&cluster, "  tổng THU ngân sách ").expect("by name");
        assert_eq!(budget.code, "BUDGET_REV");
        assert_eq!(
            indicator_of(&cluster, "tong thu ngan sach").map(|i| &i.code),
            Ok(&"BUDGET_REV".to_string())
        );
        assert_eq!(
            indicator_of(&cluster, "budget_rev").map(|i| &i.code),
            Ok(&"BUDGET_REV".to_string())
        );
        // The built-in covenant names the report's second "Huân chương Độc
        // lập các hạng" apart, so the name finds the first alone.
        assert_eq!(
            indicator_of(&cluster, "Huân chương Độc lập các hạng").map(|i| &i.code),
            Ok(&"AWD_HC_DOCLAP".to_string())
        );
        assert!(indicator_of(&cluster, "Số gà").is_err());
    }

    #[test]
    fn units_by_code_name_or_the_cluster() {
        let (cluster, _) = builtin::load().expect("built-in");
        assert_eq!(unit_of(&cluster, "dt"), Ok("DT".to_string()));
        assert_eq!(unit_of(&cluster, "Đồng Tháp"), Ok("DT".to_string()));
        assert_eq!(unit_of(&cluster, "dong thap"), Ok("DT".to_string()));
        assert_eq!(unit_of(&cluster, &cluster.name), Ok(CLUSTER.to_string()));
        assert!(unit_of(&cluster, "Hà Nội").is_err());
        for p in &cluster.provinces {
            assert_eq!(
                unit_of(&cluster, &unit_name(&cluster, &p.code)),
                Ok(p.code.clone())
            );
        }
    }
}
