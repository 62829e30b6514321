//! The rules between the criteria of one covenant year: codes once, rules
//! that read criteria of the same year, groups that agree on their name and
//! order, and the scoring tree of issue #18 — a criterion in one group only,
//! no cycle, groups that are not scored themselves, and maxima that add up
//! (each group's children to the group's MS, the top of the tree to the
//! declared total). Bonus and penalty points lie outside the scale.

use std::collections::{HashMap, HashSet};

use rust_decimal::Decimal;

use super::covenant::CovenantYear;
use super::criterion::{Aggregate, Criterion, Method};
use super::problem::{Problem, Subject};

/// Every broken rule among the criteria of `year`, each naming its criterion.
pub fn problems(year: &CovenantYear) -> Vec<Problem> {
    let mut out = Vec::new();
    let y = year.year;
    let say = |out: &mut Vec<Problem>, c: &Criterion, field: &'static str, what: String| {
        out.push(Problem::new(
            Subject::Criterion {
                year: y,
                code: c.code.clone(),
            },
            field,
            format!("chỉ tiêu {}: {what}", c.quoted()),
        ));
    };
    let mut first: HashMap<&str, &Criterion> = HashMap::new();
    for c in &year.criteria {
        out.extend(c.problems(y));
        if first.insert(c.code.as_str(), c).is_some() {
            say(&mut out, c, "code", format!("mã ghi hai lần trong năm {y}"));
        }
    }
    let by_code = |code: &str| year.criterion(code);
    for c in &year.criteria {
        for input in c.rule.inputs() {
            match by_code(input) {
                None => say(
                    &mut out,
                    c,
                    "rule",
                    format!(
                        "quy tắc «{}» dùng «{input}», không có trong năm {y}",
                        c.rule
                    ),
                ),
                Some(part) if part.rule != Aggregate::Sum && input != c.code => say(
                    &mut out,
                    c,
                    "rule",
                    format!(
                        "quy tắc «{}» cộng «{input}» qua các đơn vị, nên «{input}» phải có quy tắc sum (đang là {})",
                        c.rule, part.rule
                    ),
                ),
                Some(_) => {}
            }
        }
    }
    group_problems(year, &mut out, &say);
    tree_problems(year, &mut out, &say);
    total_problems(year, &mut out);
    out
}

type Say<'a> = dyn Fn(&mut Vec<Problem>, &Criterion, &'static str, String) + 'a;

fn group_problems(year: &CovenantYear, out: &mut Vec<Problem>, say: &Say<'_>) {
    let mut groups: HashMap<&str, &Criterion> = HashMap::new();
    let mut orders: HashMap<u32, &str> = HashMap::new();
    let mut places: HashMap<(&str, u32), &str> = HashMap::new();
    for c in &year.criteria {
        match groups.get(c.group.as_str()) {
            None => {
                groups.insert(&c.group, c);
                if let Some(other) = orders.insert(c.group_order, &c.group) {
                    say(
                        out,
                        c,
                        "group_order",
                        format!(
                            "nhóm «{}» có cùng thứ tự nhóm {} với nhóm «{other}»",
                            c.group, c.group_order
                        ),
                    );
                }
            }
            Some(head) => {
                if head.group_name != c.group_name {
                    say(
                        out,
                        c,
                        "group_name",
                        format!(
                            "nhóm «{}» đã có tên «{}» (chỉ tiêu «{}»), không thể mang tên «{}»",
                            c.group, head.group_name, head.code, c.group_name
                        ),
                    );
                }
                if head.group_order != c.group_order {
                    say(
                        out,
                        c,
                        "group_order",
                        format!(
                            "nhóm «{}» đã có thứ tự {} (chỉ tiêu «{}»), không thể là {}",
                            c.group, head.group_order, head.code, c.group_order
                        ),
                    );
                }
            }
        }
        if let Some(other) = places.insert((&c.group, c.order), &c.code)
            && other != c.code
        {
            say(
                out,
                c,
                "order",
                format!(
                    "trùng thứ tự {} với «{other}» trong nhóm «{}»",
                    c.order, c.group
                ),
            );
        }
    }
}

fn tree_problems(year: &CovenantYear, out: &mut Vec<Problem>, say: &Say<'_>) {
    let y = year.year;
    for c in year.in_covenant() {
        let Some(parent_code) = c.scoring.parent.as_deref() else {
            continue;
        };
        if parent_code == c.code {
            continue; // told by the criterion itself
        }
        let Some(parent) = year.criterion(parent_code) else {
            say(
                out,
                c,
                "parent",
                format!("chỉ tiêu cha «{parent_code}» không có trong năm {y}"),
            );
            continue;
        };
        if !parent.in_covenant {
            say(
                out,
                c,
                "parent",
                format!(
                    "chỉ tiêu cha {} là số liệu chỉ trích dẫn (in_covenant = false)",
                    parent.quoted()
                ),
            );
        }
        if parent.group != c.group {
            say(
                out,
                c,
                "parent",
                format!(
                    "thuộc nhóm «{}» nhưng chỉ tiêu cha «{}» thuộc nhóm «{}»: một chỉ tiêu chỉ nằm trong một nhóm",
                    c.group, parent.code, parent.group
                ),
            );
        }
    }
    // A cycle is told once, on the criterion of the cycle met first.
    let mut told: HashSet<&str> = HashSet::new();
    for c in year.in_covenant() {
        let mut path: Vec<&str> = vec![&c.code];
        let mut at = c;
        while let Some(p) = at.scoring.parent.as_deref().and_then(|p| year.criterion(p)) {
            if p.code == at.code {
                break;
            }
            if let Some(start) = path.iter().position(|x| *x == p.code) {
                let cycle = &path[start..];
                if cycle.iter().all(|x| !told.contains(x)) {
                    told.extend(cycle.iter().copied());
                    let mut shown: Vec<&str> = cycle.to_vec();
                    shown.push(cycle[0]);
                    let head = year.criterion(cycle[0]).unwrap_or(c);
                    say(
                        out,
                        head,
                        "parent",
                        format!("cây chỉ tiêu có vòng lặp: {}", shown.join(" → ")),
                    );
                }
                break;
            }
            path.push(&p.code);
            at = p;
        }
    }
    for c in year.in_covenant() {
        let has_children = year.children(&c.code).next().is_some();
        let s = &c.scoring;
        if has_children && s.method != Method::None {
            say(
                out,
                c,
                "method",
                format!(
                    "có chỉ tiêu con nên là nhóm: điểm của nó là tổng điểm các chỉ tiêu con, không chấm riêng bằng «{}»",
                    s.method.as_str()
                ),
            );
        }
        if !has_children && s.method == Method::None && s.max_points.is_some() {
            say(
                out,
                c,
                "method",
                "có điểm tối đa nhưng chưa có cách chấm (method) và không có chỉ tiêu con".into(),
            );
        }
    }
}

/// The points a criterion is worth on the scale: its MS, or for a group
/// without one the sum of its children's. None: not on the scale.
fn points(year: &CovenantYear, c: &Criterion, depth: usize) -> Option<Decimal> {
    if c.scoring.method.is_outside_scale() || depth > year.criteria.len() {
        // Outside the scale, or a cycle (told elsewhere): each criterion has
        // one parent, so only a cycle brings the descent back, and the depth
        // bound ends it.
        return None;
    }
    c.scoring.max_points.or_else(|| {
        let parts: Vec<Decimal> = year
            .children(&c.code)
            .filter_map(|k| points(year, k, depth + 1))
            .collect();
        (!parts.is_empty()).then(|| parts.iter().copied().sum())
    })
}

fn total_problems(year: &CovenantYear, out: &mut Vec<Problem>) {
    let y = year.year;
    let n = |d: Decimal| d.normalize().to_string();
    for c in year.in_covenant() {
        let Some(max) = c.scoring.max_points else {
            continue;
        };
        let parts: Vec<(&str, Decimal)> = year
            .children(&c.code)
            .filter(|k| k.code != c.code)
            .filter_map(|k| Some((k.code.as_str(), points(year, k, 1)?)))
            .collect();
        let sum: Decimal = parts.iter().map(|(_, p)| *p).sum();
        if !parts.is_empty() && sum != max {
            out.push(Problem::new(
                Subject::Criterion {
                    year: y,
                    code: c.code.clone(),
                },
                "max_points",
                format!(
                    "chỉ tiêu {}: điểm tối đa {} khác tổng điểm các chỉ tiêu con {} = {}",
                    c.quoted(),
                    n(max),
                    parts
                        .iter()
                        .map(|(code, p)| format!("{code} {}", n(*p)))
                        .collect::<Vec<_>>()
                        .join(" + "),
                    n(sum)
                ),
            ));
        }
    }
    let top: Vec<(&str, Decimal)> = year
        .in_covenant()
        .filter(|c| c.scoring.parent.is_none())
        .filter_map(|c| Some((c.code.as_str(), points(year, c, 0)?)))
        .collect();
    let sum: Decimal = top.iter().map(|(_, p)| *p).sum();
    match year.scale_total {
        None if !top.is_empty() => out.push(Problem::new(
            Subject::Year(y),
            "scale_total",
            format!(
                "năm {y}: các chỉ tiêu có điểm tối đa (tổng {}) nhưng chưa khai báo tổng điểm thang (scale_total)",
                n(sum)
            ),
        )),
        Some(total) if top.is_empty() => out.push(Problem::new(
            Subject::Year(y),
            "scale_total",
            format!(
                "năm {y}: khai báo tổng điểm thang {} nhưng chưa chỉ tiêu nào có điểm tối đa (max_points)",
                n(total)
            ),
        )),
        Some(total) if total != sum => out.push(Problem::new(
            Subject::Year(y),
            "scale_total",
            format!(
                "năm {y}: tổng điểm tối đa các chỉ tiêu cấp trên cùng {} = {} khác tổng điểm thang đã khai báo {}",
                top.iter()
                    .map(|(code, p)| format!("{code} {}", n(*p)))
                    .collect::<Vec<_>>()
                    .join(" + "),
                n(sum),
                n(total)
            ),
        )),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::criterion::tests::criterion;

    fn scored(code: &str, parent: Option<&str>, max: Option<i64>, method: Method) -> Criterion {
        let mut c = criterion(code);
        c.scoring.parent = parent.map(str::to_string);
        c.scoring.max_points = max.map(Decimal::from);
        c.scoring.method = method;
        c.order = code.bytes().map(u32::from).sum();
        c
    }

    fn year(criteria: Vec<Criterion>, total: Option<i64>) -> CovenantYear {
        CovenantYear {
            year: 2026,
            cluster_name: "Cụm".into(),
            scale_total: total.map(Decimal::from),
            members: Vec::new(),
            criteria,
        }
    }

    fn messages(y: &CovenantYear) -> Vec<String> {
        problems(y)
            .into_iter()
            .map(|p| format!("{}: {}", p.field, p.message))
            .collect()
    }

    fn scale() -> Vec<Criterion> {
        vec![
            scored("KT", None, Some(40), Method::None),
            scored("GRDP", Some("KT"), Some(25), Method::Target),
            scored("BUDGET", Some("KT"), Some(15), Method::Ratio),
            scored("XH", None, None, Method::None),
            scored("NTM", Some("XH"), Some(60), Method::Rank),
        ]
    }

    #[test]
    fn a_scale_that_adds_up_is_accepted() {
        let m = messages(&year(scale(), Some(100)));
        assert!(m.is_empty(), "{m:?}");
    }

    #[test]
    fn maxima_that_do_not_add_up_are_refused_with_the_sum() {
        let m = messages(&year(scale(), Some(1000)));
        assert_eq!(
            m,
            [
                "scale_total: năm 2026: tổng điểm tối đa các chỉ tiêu cấp trên cùng KT 40 + XH 60 = 100 khác tổng điểm thang đã khai báo 1000"
            ]
        );
        let mut s = scale();
        s[2].scoring.max_points = Some(Decimal::from(10));
        let m = messages(&year(s, Some(100)));
        assert_eq!(
            m[0],
            "max_points: chỉ tiêu «KT» (Chỉ tiêu KT): điểm tối đa 40 khác tổng điểm các chỉ tiêu con GRDP 25 + BUDGET 10 = 35"
        );
        let m = messages(&year(scale(), None));
        assert!(m[0].contains("chưa khai báo tổng điểm thang"), "{m:?}");
    }

    #[test]
    fn bonus_and_penalty_stay_outside_the_scale() {
        let mut s = scale();
        let mut bonus = scored("INITIATIVES", Some("XH"), None, Method::Bonus);
        bonus.counted = true;
        bonus.scoring.points_each = Some(Decimal::ONE);
        bonus.scoring.cap = Some(Decimal::from(5));
        s.push(bonus);
        assert!(messages(&year(s, Some(100))).is_empty());
    }

    #[test]
    fn a_cycle_and_a_criterion_in_two_groups_are_refused() {
        let mut s = scale();
        s[0].scoring.parent = Some("NTM".into());
        s[0].scoring.max_points = None;
        s[3].scoring.parent = Some("KT".into());
        let m = messages(&year(s, Some(100)));
        assert!(
            m.iter().any(|m| m == "parent: chỉ tiêu «KT» (Chỉ tiêu KT): cây chỉ tiêu có vòng lặp: KT → NTM → XH → KT"),
            "{m:?}"
        );
        let mut s = scale();
        s[4].group = "social".into();
        s[4].group_order = 2;
        s[3].group = "social".into();
        s[3].group_order = 2;
        s[2].group = "social".into();
        s[2].group_order = 2;
        let m = messages(&year(s, Some(100)));
        assert_eq!(
            m,
            [
                "parent: chỉ tiêu «BUDGET» (Chỉ tiêu BUDGET): thuộc nhóm «social» nhưng chỉ tiêu cha «KT» thuộc nhóm «economy»: một chỉ tiêu chỉ nằm trong một nhóm"
            ]
        );
    }

    #[test]
    fn a_group_is_not_scored_itself_and_a_leaf_needs_a_method() {
        let mut s = scale();
        s[0].scoring.method = Method::Manual;
        s[4].scoring.method = Method::None;
        let m = messages(&year(s, Some(100)));
        assert!(
            m.iter()
                .any(|m| m.starts_with("method: chỉ tiêu «KT» (Chỉ tiêu KT): có chỉ tiêu con")),
            "{m:?}"
        );
        assert!(
            m.iter().any(|m| m.starts_with(
                "method: chỉ tiêu «NTM» (Chỉ tiêu NTM): có điểm tối đa nhưng chưa có cách chấm"
            )),
            "{m:?}"
        );
    }

    #[test]
    fn rules_read_criteria_of_the_same_year_that_add_up() {
        let mut share = criterion("SHARE");
        share.rule = Aggregate::Ratio {
            numerator: "N".into(),
            denominator: "T".into(),
        };
        share.order = 2;
        let mut n = criterion("N");
        n.rule = Aggregate::Mean;
        n.order = 3;
        let m = messages(&year(vec![criterion("A"), share, n], None));
        assert_eq!(
            m,
            [
                "rule: chỉ tiêu «SHARE» (Chỉ tiêu SHARE): quy tắc «ratio:N/T» cộng «N» qua các đơn vị, nên «N» phải có quy tắc sum (đang là mean)",
                "rule: chỉ tiêu «SHARE» (Chỉ tiêu SHARE): quy tắc «ratio:N/T» dùng «T», không có trong năm 2026",
            ]
        );
    }
}
