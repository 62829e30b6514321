//! The terminal application: browse the cluster's provinces and enter
//! figures (Provinces, Entry, Matrix, History, Help, period picker, the
//! review screens).
//!
//! Data flows one way: key → [`Action`] (by the key table in `keys`) →
//! [`App::update`] (state, and the store through the session), which
//! returns what only the run loop may do ([`app::Effect`]) → views draw
//! from `&App`. Only `crate::terminal` touches the terminal.
//!
//! May use: `terminal`, `store` (only through the session), `io` tables,
//! `model`, `text` (through [`vn`]). Inside: `app` may use `layout` and the
//! session, never `views`; `views` may use `app` and `layout`.

pub mod action;
pub mod app;
pub mod clock;
pub mod event;
pub mod keys;
pub mod labels;
pub mod layout;
pub mod resume;
mod run;
pub mod session;
pub mod start_marks;
pub mod theme;
pub mod views;
pub mod vn;

pub use action::Action;
pub use app::{App, Effect, Screen};
pub use run::{run, run_detecting};

use crate::model::Period;
use crate::store::{Store, StoreError};
use event::Event;

/// How to run the application; plain data (no clap).
#[derive(Debug, Clone, Default)]
pub struct TuiOptions {
    pub profile: vn::Profile,
    /// False when `NO_COLOR` is set.
    pub color: bool,
    /// None: the latest period with province figures.
    pub period: Option<Period>,
    /// Where the place the officer left is kept, and the database it is
    /// of (None: the application opens on the province list).
    pub resume: Option<(std::path::PathBuf, String)>,
}

/// Build the application state on a store, the figures of the period
/// shown read (also used by tests and benchmarks).
pub fn app(store: Box<dyn Store>, options: &TuiOptions) -> Result<App, StoreError> {
    let mut app = unread_app(store, options)?;
    app.finish_loading();
    Ok(app)
}

/// The application state before any figure is read: the run loop draws a
/// frame that says what is being read, then reads it
/// ([`App::finish_loading`]); later periods are read the same way.
pub fn unread_app(store: Box<dyn Store>, options: &TuiOptions) -> Result<App, StoreError> {
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
        Event::Disconnected => Some(Action::Disconnected),
        Event::Reconnected => Some(Action::Reconnected),
        Event::PeriodsChanged(p) => Some(Action::PeriodsChanged(p)),
        Event::Signal(_) | Event::InputClosed => None,
    }
}
