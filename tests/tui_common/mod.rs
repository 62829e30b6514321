//! Shared by the TUI tests: a built-in database in a temp dir behind a store
//! with a fixed location and user (so screens are the same on every run),
//! and rendering an App on ratatui's TestBackend.
#![allow(dead_code)]

#[path = "../store_forward/mod.rs"]
pub mod store_forward;

use std::borrow::Borrow;
use std::path::Path;
use std::sync::Arc;

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use store_forward::forward_store;
use thidua::store::{Location, SledStore, Store};
use thidua::tui::{self, Action, App, TuiOptions};

/// A SledStore (owned, or an `Arc` the test writes into too) that
/// reports a fixed location for stable screens.
pub struct Fixed<S = SledStore>(pub S);

impl<S: Borrow<SledStore>> Store for Fixed<S> {
    forward_store!(s => s.0.borrow();
        cluster, cluster_for, covenant, change_covenant, covenant_history, periods,
        unit_counts, values, get, write, write_batch, set_weight, history, weight_history,
        period_status, change_period, period_history, sheet_entries, change_sheet, meeting,
        change_meeting, scoring_history, user, reported_criteria, last_entries,
    );
    fn location(&self) -> Location {
        Location::Local("/srv/thidua/db".into())
    }
}

/// An App (`w`×`h`, colour on) on a database the test writes into too,
/// as other officers would (`SledStore::write_as`), handing the
/// application the entries a server would push.
pub fn shared_app(dir: &Path, w: u16, h: u16) -> (App, Arc<SledStore>) {
    let sled = Arc::new(open(dir));
    let options = TuiOptions {
        color: true,
        ..TuiOptions::default()
    };
    let mut app = tui::app(Box::new(Fixed(sled.clone())), &options).expect("app");
    app.update(Action::Resize(w, h));
    (app, sled)
}

pub fn store(dir: &Path) -> Box<dyn Store> {
    Box::new(Fixed(open(dir)))
}

/// Open (or create) the database in `dir` as user `canbo`. sled lets go of
/// its lock when its background thread ends, just after the previous
/// owner is dropped, so a quick reopen waits for it.
pub fn open(dir: &Path) -> SledStore {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        match SledStore::open_as(&dir.join("db"), "canbo") {
            Ok(s) => return s,
            Err(e) if std::time::Instant::now() > deadline => panic!("open the database: {e}"),
            Err(_) => std::thread::sleep(std::time::Duration::from_millis(10)),
        }
    }
}

/// An App on the built-in data, sized `w`×`h`, default options (colour on).
pub fn app(dir: &Path, w: u16, h: u16) -> App {
    let options = TuiOptions {
        color: true,
        ..TuiOptions::default()
    };
    app_with_options(dir, &options, w, h)
}

/// An App on the built-in data with these options, sized `w`×`h`.
pub fn app_with_options(dir: &Path, options: &TuiOptions, w: u16, h: u16) -> App {
    let mut app = tui::app(store(dir), options).expect("app");
    app.update(Action::Resize(w, h));
    app
}

pub fn act(app: &mut App, actions: impl IntoIterator<Item = Action>) {
    for a in actions {
        app.update(a);
    }
}

pub fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        app.update(Action::Insert(c));
    }
}

/// The screen as text lines, timestamps masked.
pub fn screen(app: &App, w: u16, h: u16) -> Vec<String> {
    let mut term = Terminal::new(TestBackend::new(w, h)).expect("terminal");
    term.draw(|f| tui::views::render(app, f)).expect("draw");
    let buf = term.backend().buffer().clone();
    lines(&buf).iter().map(|line| mask_times(line)).collect()
}

/// What the status line says: its last line, and the line above too when
/// a message too long for one line took the footer's place (the footer
/// ends with `F1 mọi phím`).
pub fn status(app: &App, w: u16, h: u16) -> String {
    let lines = screen(app, w, h);
    let (footer, last) = (&lines[usize::from(h) - 2], &lines[usize::from(h) - 1]);
    if footer.trim_end().ends_with("F1 mọi phím") {
        last.clone()
    } else {
        format!("{} {}", footer.trim_end(), last)
    }
}

/// The buffer's rows as the terminal shows them: a cell drawn wider than
/// one column (a `đ` where ambiguous letters are wide) once, without the
/// columns it covers.
pub fn lines(buf: &ratatui::buffer::Buffer) -> Vec<String> {
    use ratatui::buffer::CellDiffOption;
    (0..buf.area.height)
        .map(|y| {
            let mut line = String::new();
            let mut x = 0;
            while x < buf.area.width {
                let Some(cell) = buf.cell((x, y)) else {
                    break;
                };
                line.push_str(cell.symbol());
                x += match cell.diff_option {
                    CellDiffOption::ForcedWidth(n) => n.get(),
                    _ => 1,
                };
            }
            line
        })
        .collect()
}

/// `28/11/2026 12:00` (History's local time) → `dd/mm/yyyy hh:mm`;
/// `2026-11-28 12:00:00 UTC` → `YYYY-MM-DD hh:mm:ss UTC`.
fn mask_times(line: &str) -> String {
    let line = mask(line, "dd/dd/dddd dd:dd", "dd/mm/yyyy hh:mm");
    mask(&line, "dddd-dd-dd dd:dd:dd UTC", "YYYY-MM-DD hh:mm:ss UTC")
}

/// Every run of `pattern` (`d` for a digit) in `line` replaced by `with`.
fn mask(line: &str, pattern: &str, with: &str) -> String {
    let chars: Vec<char> = line.chars().collect();
    let p: Vec<char> = pattern.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        let matches = i + p.len() <= chars.len()
            && p.iter().zip(&chars[i..]).all(|(pc, c)| {
                if *pc == 'd' {
                    c.is_ascii_digit()
                } else {
                    pc == c
                }
            });
        if matches {
            out.push_str(with);
            i += p.len();
        } else {
            out.push(chars[i]);
            i += 1;
        }
    }
    out
}

/// The drawn buffer itself (styles included).
pub fn buffer(app: &App, w: u16, h: u16) -> ratatui::buffer::Buffer {
    let mut term = Terminal::new(TestBackend::new(w, h)).expect("terminal");
    term.draw(|f| tui::views::render(app, f)).expect("draw");
    term.backend().buffer().clone()
}
