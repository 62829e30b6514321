//! What a change of the covenant did, item by item, for the audit log: a
//! unit added, removed or given other versions; per year its settings, its
//! members and its criteria added, removed or changed column by column —
//! each text as the covenant files write it, so the history of an item
//! reads the way an officer edits it.

use std::collections::BTreeSet;

use crate::model::covenant::{Covenant, CovenantYear};
use crate::store::audit::{CovenantChange, CovenantSubject};

/// Cells that are set, as `column=value; …`: a whole item in one line.
fn whole(cells: &[(&str, String)]) -> String {
    cells
        .iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join("; ")
}

fn added(subject: CovenantSubject, text: String) -> CovenantChange {
    CovenantChange {
        subject,
        field: None,
        old: None,
        new: Some(text),
    }
}

fn removed(subject: CovenantSubject, text: String) -> CovenantChange {
    CovenantChange {
        subject,
        field: None,
        old: Some(text),
        new: None,
    }
}

/// One entry per column whose cell differs.
fn fields(
    subject: &CovenantSubject,
    old: &[(&str, String)],
    new: &[(&str, String)],
    out: &mut Vec<CovenantChange>,
) {
    for ((column, a), (_, b)) in old.iter().zip(new) {
        if a != b {
            out.push(CovenantChange {
                subject: subject.clone(),
                field: Some(column.to_string()),
                old: Some(a.clone()),
                new: Some(b.clone()),
            });
        }
    }
}

/// Every change from `old` to `new`, units first, then year by year.
pub fn changes(old: &Covenant, new: &Covenant) -> Vec<CovenantChange> {
    let mut out = Vec::new();
    for u in &new.units.units {
        let subject = CovenantSubject::Unit(u.code.clone());
        match old.units.unit(&u.code) {
            None => out.push(added(subject, u.describe())),
            Some(o) if o.versions != u.versions => out.push(CovenantChange {
                subject,
                field: Some("versions".into()),
                old: Some(o.describe()),
                new: Some(u.describe()),
            }),
            Some(_) => {}
        }
    }
    for o in &old.units.units {
        if new.units.unit(&o.code).is_none() {
            out.push(removed(CovenantSubject::Unit(o.code.clone()), o.describe()));
        }
    }
    let years: BTreeSet<u16> = old.years.keys().chain(new.years.keys()).copied().collect();
    let none = CovenantYear {
        year: 0,
        cluster_name: String::new(),
        scale_total: None,
        members: Vec::new(),
        criteria: Vec::new(),
    };
    for y in years {
        let (o, n) = (old.year(y), new.year(y));
        let subject = CovenantSubject::Year(y);
        match (o, n) {
            (None, Some(n)) => out.push(added(subject, whole(&n.settings_cells()))),
            (Some(o), None) => out.push(removed(subject, whole(&o.settings_cells()))),
            (Some(o), Some(n)) => {
                fields(&subject, &o.settings_cells(), &n.settings_cells(), &mut out)
            }
            (None, None) => {}
        }
        year_items(y, o.unwrap_or(&none), n.unwrap_or(&none), &mut out);
    }
    out
}

/// The members and criteria of year `y`, from `o` to `n`.
fn year_items(y: u16, o: &CovenantYear, n: &CovenantYear, out: &mut Vec<CovenantChange>) {
    let member = |unit: &str| CovenantSubject::Member {
        year: y,
        unit: unit.to_string(),
    };
    for m in &n.members {
        match o.member(&m.unit) {
            None => out.push(added(member(&m.unit), whole(&m.cells()))),
            Some(om) => fields(&member(&m.unit), &om.cells(), &m.cells(), out),
        }
    }
    for m in o.members.iter().filter(|m| n.member(&m.unit).is_none()) {
        out.push(removed(member(&m.unit), whole(&m.cells())));
    }
    let criterion = |code: &str| CovenantSubject::Criterion {
        year: y,
        code: code.to_string(),
    };
    for c in &n.criteria {
        match o.criterion(&c.code) {
            None => out.push(added(criterion(&c.code), whole(&c.cells()))),
            Some(oc) => fields(&criterion(&c.code), &oc.cells(), &c.cells(), out),
        }
    }
    for c in o.criteria.iter().filter(|c| n.criterion(&c.code).is_none()) {
        out.push(removed(criterion(&c.code), whole(&c.cells())));
    }
}
