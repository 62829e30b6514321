//! The covenant in the application (issue #14): the period's own
//! covenant year (members, criteria), last year across the 2025 merger
//! composed and marked, its parts in the detail, and another admin's
//! change of the covenant followed with the places kept. On a cluster set
//! up only from files: the 2026 example and a 2025 year of the twelve old
//! provinces, figures for the old units in 2025-H1 and the new in 2026-H1.

mod merger_cluster;
mod tui_common;

use std::path::Path;
use std::sync::Arc;

use rust_decimal::Decimal;
use thidua::io::covenant;
use thidua::model::covenant::Covenant;
use thidua::model::{Figure, Kind, Period, ValueKey};
use thidua::store::{CovenantEdit, Edit, Expect, SledStore, Store};
use thidua::tui::{self, Action, App, TuiOptions};
use tui_common::{Fixed, act, screen};

fn p(s: &str) -> Period {
    s.parse().expect("period")
}

const FIGURES: &[(&str, &str, &str, &str)] = &[
    ("AG", "BUDGET_REV", "2025-H1", "10000"),
    ("KG", "BUDGET_REV", "2025-H1", "8000"),
    ("AG", "GRDP_GROWTH", "2025-H1", "5.1"),
    ("KG", "GRDP_GROWTH", "2025-H1", "6.2"),
    ("AG", "EXPORT", "2025-H1", "700"),
    ("AG", "BUDGET_REV", "2026-H1", "19800"),
    ("AG", "GRDP_GROWTH", "2026-H1", "7.5"),
    ("AG", "EXPORT", "2026-H1", "1500"),
];

fn set_up(root: &Path) -> Arc<SledStore> {
    let sled = SledStore::open_or_create_empty(&root.join("db"), "canbo").expect("open");
    sled.change_covenant(CovenantEdit::Import {
        files: merger_cluster::covenant(root),
        seen: 0,
    })
    .expect("covenant");
    let edits = FIGURES
        .iter()
        .map(|(u, c, per, v)| {
            Edit::new(
                ValueKey::new(p(per), u, c, Kind::Actual),
                Some(Figure::plain(v.parse::<Decimal>().expect("decimal"))),
                Expect::Any,
            )
        })
        .collect();
    sled.write_batch(edits).expect("figures");
    Arc::new(sled)
}

fn app_on(sled: &Arc<SledStore>, period: &str, w: u16, h: u16) -> App {
    let options = TuiOptions {
        color: true,
        period: Some(p(period)),
        ..TuiOptions::default()
    };
    let mut app = tui::app(Box::new(Fixed(sled.clone())), &options).expect("app");
    app.update(Action::Resize(w, h));
    app
}

#[test]
fn each_period_shows_the_members_of_its_covenant_year() {
    let root = tempfile::tempdir().expect("tempdir");
    let sled = set_up(root.path());
    let mut app = app_on(&sled, "2026-H1", 80, 24);
    let now = screen(&app, 80, 24).join("\n");
    assert!(now.contains("Các tỉnh (5/5)"), "{now}");
    assert!(!now.contains("Kiên Giang"), "{now}");
    act(&mut app, [Action::PrevPeriod, Action::PrevPeriod]);
    assert_eq!(app.data().period, p("2025-H1"));
    let then = screen(&app, 80, 24).join("\n");
    assert!(then.contains("Các tỉnh (12/12)"), "{then}");
    assert!(then.contains("Kiên Giang"), "{then}");
}

/// The row of `lines` that starts (after the frame) with `name`.
fn row<'a>(lines: &'a [String], name: &str) -> &'a str {
    lines
        .iter()
        .find(|l| l.trim_start_matches('│').trim_start().starts_with(name))
        .unwrap_or_else(|| panic!("no row {name} in\n{}", lines.join("\n")))
}

#[test]
fn last_year_of_a_merged_unit_is_composed_marked_and_its_parts_listed() {
    let root = tempfile::tempdir().expect("tempdir");
    let sled = set_up(root.path());
    let mut app = app_on(&sled, "2026-H1", 80, 24);
    // An Giang's Entry, the same period last year.
    act(&mut app, [Action::Open, Action::Right, Action::Right]);
    let lines = screen(&app, 80, 24);
    // A sum: An Giang + Kiên Giang 2025-H1, marked, and the change from it.
    assert!(
        row(&lines, "Tổng thu ngân s").ends_with("19.800           18.000*   +10,00%│"),
        "{}",
        lines.join("\n")
    );
    // A mean across the merger: no number, the mark alone.
    assert!(
        row(&lines, "Tốc độ tăng trư").ends_with("7,50                 *          │"),
        "{}",
        lines.join("\n")
    );
    // A criterion nobody reported: nothing.
    assert!(
        row(&lines, "Tổng số xã")
            .trim_end_matches('│')
            .trim_end()
            .ends_with("xã"),
        "{}",
        lines.join("\n")
    );
    // Selected, the title line says what the mark means.
    act(&mut app, [Action::Down]);
    let lines = screen(&app, 80, 24);
    assert!(
        lines[0].ends_with("Cùng kỳ: không so sánh được (sáp nhập)"),
        "{}",
        lines[0]
    );
    act(&mut app, [Action::Down]);
    assert!(
        screen(&app, 80, 24)[0].ends_with("Cùng kỳ: gộp từ An Giang + Kiên Giang"),
        "{}",
        screen(&app, 80, 24)[0]
    );
    // The detail lists the parts.
    act(&mut app, [Action::ShowHistory]);
    let lines = screen(&app, 80, 24);
    assert_eq!(
        lines[2],
        "│Cùng kỳ gộp từ An Giang + Kiên Giang: An Giang 10.000; Kiên Giang 8.000       │"
    );
    // Export: only An Giang's 2025 figure exists: partial, Kiên Giang named.
    act(&mut app, [Action::Back, Action::Down]);
    let lines = screen(&app, 80, 24);
    assert!(
        row(&lines, "Kim ngạch xuất").ends_with("1.500,0                 *          │"),
        "{}",
        lines.join("\n")
    );
    act(&mut app, [Action::Resize(120, 40)]);
    let lines = screen(&app, 120, 40);
    assert!(
        lines[0].ends_with("Cùng kỳ: chưa đủ số liệu (sáp nhập): thiếu Kiên Giang"),
        "{}",
        lines.join("\n")
    );
}

#[test]
fn another_admins_change_of_the_covenant_is_followed_the_places_kept() {
    let root = tempfile::tempdir().expect("tempdir");
    let sled = set_up(root.path());
    let mut app = app_on(&sled, "2026-H1", 80, 24);
    // Entry on An Giang's export, the Matrix on the same criterion.
    act(
        &mut app,
        [Action::Open, Action::Down, Action::Down, Action::Down],
    );
    let before = screen(&app, 80, 24);
    assert!(row(&before, "Kim ngạch xuất").contains("1.500,0"));
    let selected = app
        .entry_indicator()
        .and_then(|i| app.indicator(i))
        .expect("row");
    assert_eq!(selected.code, "EXPORT");
    let year = sled.covenant().expect("covenant").covenant.years[&2026].clone();
    let old = year.criterion("EXPORT").expect("EXPORT").clone();
    let mut new = old.clone();
    new.name = "Giá trị xuất khẩu hàng hoá".into();
    // A criterion added before it moves every index after it.
    let mut added = year.criterion("GRDP_GROWTH").expect("GRDP").clone();
    added.code = "A_FIRST".into();
    added.name = "Chỉ tiêu mới".into();
    added.order = 0;
    added.in_covenant = false;
    added.scoring = Default::default();
    let mut entries = Vec::new();
    for edit in [
        CovenantEdit::Criterion {
            year: 2026,
            seen: Some(Box::new(old)),
            new: Some(Box::new(new)),
        },
        CovenantEdit::Criterion {
            year: 2026,
            seen: None,
            new: Some(Box::new(added)),
        },
    ] {
        let outcome = sled
            .change_covenant_as("quantri2", edit, thidua::store::Flush::Now)
            .expect("change");
        entries.extend(outcome.entries);
    }
    assert!(!entries.is_empty());
    for e in entries {
        app.update(Action::Remote(e));
    }
    let after = screen(&app, 80, 24);
    // The new name; the selection still on the export row.
    let selected = app
        .entry_indicator()
        .and_then(|i| app.indicator(i))
        .expect("row");
    assert_eq!(selected.code, "EXPORT");
    assert!(
        row(&after, "Giá trị xuất kh").contains("1.500,0"),
        "{}",
        after.join("\n")
    );
    assert!(
        row(&after, "Chỉ tiêu mới").starts_with("│"),
        "{}",
        after.join("\n")
    );
}

/// The half-year an officer enters next in a cluster whose only covenant
/// year is 2026, on the machine's day (see `tui::session::opening`).
fn half_to_enter_in_2026() -> &'static str {
    use chrono::Datelike;
    let today = chrono::Local::now().date_naive();
    match today.year() {
        2026 if today.month() <= 6 => "2026-H1",
        y if y < 2026 => "2026-H1",
        _ => "2026-H2",
    }
}

#[test]
fn a_cluster_set_up_only_from_its_covenant_files_opens_on_the_half_year_to_enter() {
    let root = tempfile::tempdir().expect("tempdir");
    let sled = SledStore::open_or_create_empty(&root.path().join("db"), "canbo").expect("open");
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/examples/covenant-2026");
    let files = covenant::read_dir(&example).expect("files");
    let imported = match covenant::import(&Covenant::default(), &files) {
        Ok(i) => i.covenant,
        Err(errors) => panic!("{errors:?}"),
    };
    sled.change_covenant(CovenantEdit::Import {
        files: imported,
        seen: 0,
    })
    .expect("covenant");
    let sled = Arc::new(sled);
    // No period asked for, no figures yet: not the year "2026" with 0/0,
    // but the half-year, out of the nine criteria the covenant scores.
    let options = TuiOptions {
        color: true,
        ..TuiOptions::default()
    };
    let mut app = tui::app(Box::new(Fixed(sled.clone())), &options).expect("app");
    app.update(Action::Resize(80, 24));
    let half = half_to_enter_in_2026();
    assert_eq!(app.data().period, p(half));
    let lines = screen(&app, 80, 24);
    let text = lines.join("\n");
    assert!(
        lines[0].starts_with(&format!("Các tỉnh · Kỳ {half} ")),
        "{text}"
    );
    assert!(lines[1].contains("Các tỉnh (5/5) · đã nộp 0/5"), "{text}");
    for name in ["An Giang", "Cà Mau", "Cần Thơ", "Đồng Tháp", "Vĩnh Long"] {
        assert!(
            row(&lines, name).ends_with("chưa nhập        0                         0/9│"),
            "{text}"
        );
    }
    drop(app);
    // Once a unit's figures are in, it opens on their period.
    sled.write(Edit::new(
        ValueKey::new(p("2026-Q1"), "AG", "BUDGET_REV", Kind::Actual),
        Some(Figure::plain(Decimal::from(4200))),
        Expect::Any,
    ))
    .expect("figure");
    let app = tui::app(Box::new(Fixed(sled.clone())), &options).expect("app");
    assert_eq!(app.data().period, p("2026-Q1"));
}
