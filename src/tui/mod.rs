//! The terminal application: browse the cluster's provinces and enter
//! figures (Provinces, Entry, Matrix, History, Help, period picker).
//!
//! Data flows one way: key → [`Action`] (by the key table in `keys`) →
//! [`App::update`] (state, and the store through the session) → views draw
//! from `&App`. Only `terminal` touches the terminal.

pub mod action;
pub mod app;
pub mod event;
pub mod keys;
pub mod labels;
pub mod layout;
pub mod session;
pub mod startup;
pub mod terminal;
pub mod theme;
pub mod typeahead;
pub mod views;
pub mod vn;

pub use action::Action;
pub use app::{App, Screen};

use crate::model::Period;
use crate::store::Store;
use event::Event;
use signal_hook::consts::{SIGHUP, SIGINT};

/// How to run the application; plain data (no clap).
#[derive(Debug, Clone, Default)]
pub struct TuiOptions {
    pub profile: vn::Profile,
    /// False when `NO_COLOR` is set.
    pub color: bool,
    /// None: the latest period with province figures.
    pub period: Option<Period>,
}

/// Build the application state on a store (also used by tests and benchmarks).
pub fn app(store: Box<dyn Store>, options: &TuiOptions) -> anyhow::Result<App> {
    let session = session::Session::new(store, options.period)?;
    Ok(App::new(
        session,
        options.profile,
        theme::Theme::new(options.color),
    ))
}

/// The action an event means in the application's current mode.
pub fn action_for(app: &App, event: Event) -> Option<Action> {
    match event {
        Event::Key(k) => keys::action_for(app.mode(), &k),
        Event::Paste(s) => Some(Action::Paste(s)),
        Event::Resize(w, h) => Some(Action::Resize(w, h)),
        Event::Remote(e) => Some(Action::Remote(e)),
        Event::Signal(_) | Event::InputClosed => None,
    }
}

/// Run the application until the user quits. On SIGHUP/SIGTERM, and on
/// SIGINT outside text entry, the terminal is restored and the process
/// exits with 128 + the signal number (129, 143, 130); every committed
/// figure is already on disk (each write is flushed before it is shown as
/// saved). A cell being typed is discarded; SIGINT while typing only
/// cancels the cell, as Esc does. On a panic the hook restores the terminal
/// and says so in Vietnamese; the process exits with 101.
pub fn run(store: Box<dyn Store>, options: TuiOptions) -> anyhow::Result<()> {
    run_detecting(store, options, None)
}

/// [`run`], with the profile decided at start-up from `detect` (the
/// command line, the locale and the probe: see [`startup`]) instead of
/// `options.profile`.
pub fn run_detecting(
    store: Box<dyn Store>,
    options: TuiOptions,
    detect: Option<startup::Detect>,
) -> anyhow::Result<()> {
    let remote = store.subscribe();
    let mut app = app(store, &options)?;
    let guard = terminal::enter()?;
    // On the alternate screen, before the first frame: one round trip at most.
    let mut typed_ahead = Vec::new();
    if let Some(choice) = &detect {
        let decision = startup::decide(choice);
        app.profile = decision.profile;
        typed_ahead = decision.typed_ahead;
        if let Some(text) = decision.notice {
            app.message = Some(app::Message {
                level: app::Level::Info,
                text,
            });
        }
    }
    // Events first: from here on a resize is an event, so the size asked
    // next is never stale for good (see event::start).
    let events = event::start(remote, typed_ahead)?;
    let mut screen = terminal::screen()?;
    let size = screen.size()?;
    app.update(Action::Resize(size.width, size.height));
    #[cfg(debug_assertions)]
    let panic_key = test_seam::panic_key();
    terminal::draw(&mut screen, |f| views::render(&app, f))?;
    let mut exit_signal = None;
    for ev in events.iter() {
        match ev {
            Event::Signal(sig) if sig == SIGINT && app.mode() == keys::Mode::Edit => {
                app.update(Action::Cancel);
            }
            Event::Signal(sig) => {
                exit_signal = Some(sig);
                break;
            }
            // The terminal is gone (a dropped link can close the input
            // before the SIGHUP arrives): the same exit as a hang-up.
            Event::InputClosed => {
                exit_signal = Some(SIGHUP);
                break;
            }
            ev => {
                #[cfg(debug_assertions)]
                test_seam::panic_on(panic_key, &ev);
                let Some(action) = action_for(&app, ev) else {
                    continue;
                };
                app.update(action);
                if app.should_quit() {
                    break;
                }
                if let Some(seq) = app.clipboard.take()
                    && terminal::write_raw(seq.as_bytes()).is_err()
                {
                    exit_signal = Some(SIGHUP);
                    break;
                }
            }
        }
        // A terminal that cannot be written to is gone: leave as on SIGHUP.
        if terminal::draw(&mut screen, |f| views::render(&app, f)).is_err() {
            exit_signal = Some(SIGHUP);
            break;
        }
    }
    drop(guard);
    drop(app);
    if let Some(sig) = exit_signal {
        std::process::exit(128 + sig);
    }
    Ok(())
}

/// Test seam, in debug builds only (tests run the debug binary; a release
/// build has none of it): `THIDUA_TEST_PANIC_ON=F12` (any `F1`..`F24`) makes
/// the event loop panic when that key arrives, so `tests/pty_panic.rs` can
/// check the panic path end to end (terminal restored, exit code 101,
/// committed figures on disk, no stale lock).
#[cfg(debug_assertions)]
mod test_seam {
    use ratatui::crossterm::event::KeyCode;

    use super::Event;

    pub fn panic_key() -> Option<KeyCode> {
        let name = std::env::var("THIDUA_TEST_PANIC_ON").ok()?;
        let n = name.strip_prefix('F')?.parse().ok()?;
        Some(KeyCode::F(n))
    }

    pub fn panic_on(key: Option<KeyCode>, event: &Event) {
        if let (Some(code), Event::Key(k)) = (key, event)
            && k.code == code
        {
            panic!("THIDUA_TEST_PANIC_ON: panic on {code}, as the test asked");
        }
    }
}
