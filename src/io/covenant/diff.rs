//! What an import would change, as the Vietnamese lines a dry run
//! (`thidua covenant import DIR --check`) prints: units added, removed or
//! given other versions; per year its settings, members and criteria added,
//! removed or changed field by field. Pure: two definitions in, lines out.

use std::collections::BTreeSet;

use crate::model::covenant::{Covenant, CovenantYear, Member};
use crate::model::criterion::{Criterion, Method, direction_code};
use crate::model::unit::{Unit, UnitVersion};
use crate::text::number::format_exact;

/// Every change from `old` to `new`; "Không có thay đổi." when none.
pub fn changes(old: &Covenant, new: &Covenant) -> Vec<String> {
    let mut out = Vec::new();
    unit_changes(old, new, &mut out);
    let years: BTreeSet<u16> = old.years.keys().chain(new.years.keys()).copied().collect();
    for y in years {
        match (old.year(y), new.year(y)) {
            (None, Some(n)) => out.push(format!(
                "Thêm giao ước năm {y}: {} thành viên, {} chỉ tiêu ({} thuộc giao ước, {} chỉ trích dẫn).",
                n.members.len(),
                n.criteria.len(),
                n.in_covenant().count(),
                n.quoted().count()
            )),
            (Some(_), None) => out.push(format!("Bỏ giao ước năm {y}.")),
            (Some(o), Some(n)) => year_changes(o, n, new, &mut out),
            (None, None) => {}
        }
    }
    if out.is_empty() {
        out.push("Không có thay đổi.".into());
    }
    out
}

fn version_text(v: &UnitVersion) -> String {
    let mut t = format!("{} ({})", v.name, v.kind.as_str());
    let span = v.span_vi();
    if !span.is_empty() {
        t.push(' ');
        t.push_str(&span);
    }
    if !v.takes_in.is_empty() {
        t.push_str(&format!(", nhận {}", v.takes_in.join(", ")));
    }
    t
}

fn unit_changes(old: &Covenant, new: &Covenant, out: &mut Vec<String>) {
    let describe = |u: &Unit| {
        u.versions
            .iter()
            .map(version_text)
            .collect::<Vec<_>>()
            .join("; ")
    };
    for u in &new.units.units {
        match old.units.unit(&u.code) {
            None => out.push(format!("Thêm đơn vị «{}»: {}.", u.code, describe(u))),
            Some(o) if o.versions != u.versions => {
                for v in o.versions.iter().filter(|v| !u.versions.contains(v)) {
                    out.push(format!(
                        "Đơn vị «{}»: bỏ phiên bản {}.",
                        u.code,
                        version_text(v)
                    ));
                }
                for v in u.versions.iter().filter(|v| !o.versions.contains(v)) {
                    out.push(format!(
                        "Đơn vị «{}»: thêm phiên bản {}.",
                        u.code,
                        version_text(v)
                    ));
                }
            }
            Some(_) => {}
        }
    }
    for o in &old.units.units {
        if new.units.unit(&o.code).is_none() {
            out.push(format!("Bỏ đơn vị «{}»: {}.", o.code, describe(o)));
        }
    }
}

fn year_changes(o: &CovenantYear, n: &CovenantYear, new: &Covenant, out: &mut Vec<String>) {
    let y = n.year;
    if o.cluster_name != n.cluster_name {
        out.push(format!(
            "Năm {y}: tên cụm «{}» → «{}».",
            o.cluster_name, n.cluster_name
        ));
    }
    if o.scale_total != n.scale_total {
        out.push(format!(
            "Năm {y}: tổng điểm thang {} → {}.",
            number(o.scale_total),
            number(n.scale_total)
        ));
    }
    let member = |m: &Member| {
        let mut t = format!("{}, {}", new.units.quoted(&m.unit), m.role.label());
        if !m.note.is_empty() {
            t.push_str(&format!(" ({})", m.note));
        }
        t
    };
    for m in &n.members {
        match o.member(&m.unit) {
            None => out.push(format!("Năm {y}: thêm thành viên {}.", member(m))),
            Some(om) if om != m => {
                let mut what = Vec::new();
                if om.role != m.role {
                    what.push(format!("vai trò {} → {}", om.role.label(), m.role.label()));
                }
                if om.note != m.note {
                    what.push(format!("ghi chú {} → {}", shown(&om.note), shown(&m.note)));
                }
                out.push(format!(
                    "Năm {y}, thành viên {}: {}.",
                    new.units.quoted(&m.unit),
                    what.join("; ")
                ));
            }
            Some(_) => {}
        }
    }
    for m in o.members.iter().filter(|m| n.member(&m.unit).is_none()) {
        out.push(format!("Năm {y}: bỏ thành viên {}.", member(m)));
    }
    for c in &n.criteria {
        match o.criterion(&c.code) {
            None => out.push(format!(
                "Năm {y}: thêm chỉ tiêu {}{}.",
                c.quoted(),
                if c.in_covenant {
                    ""
                } else {
                    ", chỉ trích dẫn"
                }
            )),
            Some(oc) => {
                let changed: Vec<String> = fields(oc)
                    .into_iter()
                    .zip(fields(c))
                    .filter(|((_, a), (_, b))| a != b)
                    .map(|((label, a), (_, b))| format!("{label} {} → {}", shown(&a), shown(&b)))
                    .collect();
                if !changed.is_empty() {
                    out.push(format!(
                        "Năm {y}, chỉ tiêu «{}»: {}.",
                        c.code,
                        changed.join("; ")
                    ));
                }
            }
        }
    }
    for c in o.criteria.iter().filter(|c| n.criterion(&c.code).is_none()) {
        out.push(format!("Năm {y}: bỏ chỉ tiêu {}.", c.quoted()));
    }
}

fn shown(s: &str) -> String {
    if s.is_empty() {
        "(trống)".into()
    } else {
        format!("«{s}»")
    }
}

fn number(v: Option<rust_decimal::Decimal>) -> String {
    v.map_or_else(|| "(trống)".into(), |d| format_exact(d, 0))
}

/// A criterion's fields as officers read them, in file order.
fn fields(c: &Criterion) -> Vec<(&'static str, String)> {
    let n = |v: Option<rust_decimal::Decimal>| v.map(|d| format_exact(d, 0)).unwrap_or_default();
    let yes = |b: bool| if b { "có" } else { "không" }.to_string();
    let s = &c.scoring;
    vec![
        ("tên", c.name.clone()),
        ("đơn vị tính", c.unit.clone()),
        ("nhóm", c.group.clone()),
        ("tên nhóm", c.group_name.clone()),
        ("thứ tự", c.order.to_string()),
        ("chiều", direction_code(c.direction).to_string()),
        ("quy tắc", c.rule.to_string()),
        ("số chữ số thập phân", c.decimals.to_string()),
        ("nhỏ nhất", n(c.min)),
        ("lớn nhất", n(c.max)),
        ("đếm số nguyên", yes(c.counted)),
        ("thuộc giao ước", yes(c.in_covenant)),
        ("chỉ tiêu cha", s.parent.clone().unwrap_or_default()),
        ("điểm tối đa", n(s.max_points)),
        (
            "cách chấm",
            if s.method == Method::None {
                String::new()
            } else {
                s.method.as_str().to_string()
            },
        ),
        ("tỷ lệ điểm khi đạt chỉ tiêu", n(s.share_at_target)),
        (
            "dẫn đầu được điểm tối đa",
            s.leader_full.map(yes).unwrap_or_default(),
        ),
        ("điểm mỗi lần", n(s.points_each)),
        ("mức trần", n(s.cap)),
        ("hợp lý từ", n(c.plausible.min)),
        ("hợp lý đến", n(c.plausible.max)),
        ("hệ số so cùng kỳ", n(c.plausible.jump)),
        ("thứ tự nhóm", c.group_order.to_string()),
        ("ghi chú", c.note.clone()),
    ]
}
