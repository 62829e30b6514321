//! The application reads what it shows (issue #17 item 1, the screen
//! side): at start the current period, the same period last year and the
//! year's plans, one prefix scan each, counted through the store; another
//! period when the officer goes there, after a frame that says so; and
//! the period's own covenant year (issue #14: members, criteria).

mod tui_common;

use std::cell::RefCell;
use std::rc::Rc;
use std::sync::Arc;

use rust_decimal::Decimal;
use thidua::model::{Figure, Kind, Period, Value, ValueKey};
use thidua::store::{Edit, Expect, Location, Result, SledStore, Store};
use thidua::tui::{self, Action, TuiOptions};
use tui_common::store_forward::forward_store;
use tui_common::{act, open, screen};

fn p(s: &str) -> Period {
    s.parse().expect("period")
}

/// A store that counts the values read through it, by period asked.
struct Counting {
    inner: Arc<SledStore>,
    read: Reads,
}

impl Store for Counting {
    forward_store!(s => s.inner;
        cluster, cluster_for, covenant, change_covenant, covenant_history, periods,
        unit_counts, reported_criteria, last_entries, get, write, write_batch, set_weight, history, weight_history, user,
    );
    fn values(&self, period: Option<Period>) -> Result<Vec<Value>> {
        let v = self.inner.values(period)?;
        self.read.borrow_mut().push((period, v.len()));
        Ok(v)
    }
    fn location(&self) -> Location {
        Location::Local("/srv/thidua/db".into())
    }
}

/// The periods asked of the store, and how many values each gave.
type Reads = Rc<RefCell<Vec<(Option<Period>, usize)>>>;

fn counting(sled: &Arc<SledStore>) -> (Box<dyn Store>, Reads) {
    let read: Reads = Rc::default();
    let store = Counting {
        inner: sled.clone(),
        read: read.clone(),
    };
    (Box::new(store), read)
}

fn options() -> TuiOptions {
    TuiOptions {
        color: true,
        ..TuiOptions::default()
    }
}

/// Values of another period, as a secretariat that keeps its history has:
/// 2019-H1 and 2022-H1 for every unit and indicator of the built-in data.
fn add_history(sled: &SledStore) {
    let cluster = sled.cluster().expect("cluster");
    let mut edits = Vec::new();
    for period in [p("2019-H1"), p("2022-H1")] {
        for unit in &cluster.provinces {
            for ind in cluster.indicators.iter().take(20) {
                edits.push(Edit::new(
                    ValueKey::new(period, &unit.code, &ind.code, Kind::Actual),
                    Some(Figure::plain(Decimal::from(7))),
                    Expect::Any,
                ));
            }
        }
    }
    sled.write_batch(edits).expect("write");
}

#[test]
fn at_start_only_the_periods_shown_are_read() {
    let dir = tempfile::tempdir().expect("tempdir");
    let sled = Arc::new(open(dir.path()));
    add_history(&sled);
    let all = sled.values(None).expect("values").len();
    let (store, read) = counting(&sled);
    let app = tui::app(store, &options()).expect("app");
    assert_eq!(
        app.data().period,
        p("2022-H1"),
        "the latest reported period"
    );
    let asked: Vec<Option<Period>> = read.borrow().iter().map(|(p, _)| *p).collect();
    assert_eq!(
        asked,
        vec![Some(p("2022-H1")), Some(p("2021-H1")), Some(p("2022"))],
        "the period, the same period last year and the year's plans, one scan each"
    );
    let counted: usize = read.borrow().iter().map(|(_, n)| n).sum();
    let shown: usize = [p("2022-H1"), p("2021-H1"), p("2022")]
        .iter()
        .map(|q| sled.values(Some(*q)).expect("values").len())
        .sum();
    assert_eq!(counted, shown);
    assert!(counted < all, "{counted} of {all} values read");
    // 2019-H1 is not read, yet the picker lists it (the store's index).
    drop(app);
    let (store, _read) = counting(&sled);
    let mut app = tui::app(store, &options()).expect("app");
    act(&mut app, [Action::Resize(80, 24), Action::PickPeriod]);
    let text = screen(&app, 80, 24).join("\n");
    assert!(text.contains("2019-H1"), "{text}");
}

#[test]
fn another_period_is_read_when_shown_after_a_frame_that_says_so() {
    let dir = tempfile::tempdir().expect("tempdir");
    let sled = Arc::new(open(dir.path()));
    let (store, read) = counting(&sled);
    let mut app = tui::unread_app(store, &options())
        .expect("app")
        .defer_loading();
    act(&mut app, [Action::Resize(80, 24)]);
    // The first frame, before any figure is read: the progress, not a blank.
    assert!(read.borrow().is_empty(), "{:?}", read.borrow());
    let first = screen(&app, 80, 24);
    assert!(
        first[11].trim() == "Đang đọc số liệu kỳ 2021-H1…",
        "{}",
        first.join("\n")
    );
    assert!(first[0].contains("Các tỉnh"), "{}", first.join("\n"));
    app.finish_loading();
    let loaded = screen(&app, 80, 24).join("\n");
    assert!(!loaded.contains("Đang đọc"), "{loaded}");
    assert!(loaded.contains("An Giang"), "{loaded}");
    assert_eq!(read.borrow().len(), 3);
    // The next half-year: 2021-H2 is not read yet, its last year neither;
    // the year's plans are.
    act(&mut app, [Action::NextPeriod]);
    assert_eq!(app.loading(), Some(p("2021-H2")));
    let waiting = screen(&app, 80, 24).join("\n");
    assert!(
        waiting.contains("Đang đọc số liệu kỳ 2021-H2…"),
        "{waiting}"
    );
    app.finish_loading();
    assert_eq!(app.loading(), None);
    let asked: Vec<Option<Period>> = read.borrow().iter().map(|(p, _)| *p).collect();
    assert_eq!(
        &asked[3..],
        &[Some(p("2021-H2")), Some(p("2020-H2"))],
        "the plans of 2021 are read once"
    );
    // Back to 2021-H1: kept, nothing read again.
    act(&mut app, [Action::PrevPeriod]);
    assert_eq!(app.loading(), None);
    assert_eq!(read.borrow().len(), 5);
}

#[test]
fn a_remote_write_into_a_period_not_read_is_read_when_shown() {
    let dir = tempfile::tempdir().expect("tempdir");
    let sled = Arc::new(open(dir.path()));
    let (store, _read) = counting(&sled);
    let mut app = tui::app(store, &options()).expect("app");
    let key = ValueKey::new(p("2023-H1"), "AG", "GRDP_GROWTH", Kind::Actual);
    let entry = sled
        .write_as(
            "khac",
            Edit::new(
                key.clone(),
                Some(Figure::plain(Decimal::from(9))),
                Expect::Any,
            ),
            thidua::store::Flush::Now,
        )
        .expect("write")
        .expect("entry");
    act(&mut app, [Action::Remote(entry)]);
    assert!(!app.data().is_loaded(p("2023-H1")));
    assert_eq!(app.data().figure(&key), None, "not read, not half-kept");
    act(&mut app, [Action::PickPeriod]);
    for c in "2023-H1".chars() {
        app.update(Action::Insert(c));
    }
    act(&mut app, [Action::Open]);
    assert_eq!(app.data().period, p("2023-H1"));
    assert_eq!(
        app.data().figure(&key).map(|f| f.value),
        Some(Decimal::from(9))
    );
}
