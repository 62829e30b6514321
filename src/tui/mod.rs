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
pub mod session;
pub mod terminal;
pub mod theme;
pub mod views;
pub mod vn;

pub use action::Action;
pub use app::{App, Screen};

use crate::model::Period;
use crate::store::Store;
use event::Event;

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

/// Run the application until the user quits. On SIGHUP/SIGTERM/SIGINT the
/// terminal is restored and the process exits with 128 + the signal number;
/// every committed figure is already on disk (each write is flushed).
pub fn run(store: Box<dyn Store>, options: TuiOptions) -> anyhow::Result<()> {
    let remote = store.subscribe();
    let mut app = app(store, &options)?;
    let guard = terminal::enter()?;
    let mut screen = terminal::screen()?;
    let size = screen.size()?;
    app.update(Action::Resize(size.width, size.height));
    let events = event::start(remote)?;
    terminal::draw(&mut screen, |f| views::render(&app, f))?;
    let mut exit_signal = None;
    for ev in events.iter() {
        match ev {
            Event::Signal(sig) => {
                exit_signal = Some(sig);
                break;
            }
            Event::InputClosed => break,
            ev => {
                let Some(action) = action_for(&app, ev) else {
                    continue;
                };
                app.update(action);
                if app.should_quit() {
                    break;
                }
                if let Some(seq) = app.clipboard.take() {
                    terminal::write_raw(seq.as_bytes())?;
                }
                terminal::draw(&mut screen, |f| views::render(&app, f))?;
            }
        }
    }
    drop(guard);
    drop(app);
    if let Some(sig) = exit_signal {
        std::process::exit(128 + sig);
    }
    Ok(())
}
