//! Everything the loop waits for arrives on one channel: terminal input
//! (keys, paste, resize, the terminal gone) from `terminal::input`, hang-up
//! and termination signals from a signal thread, and from the store other
//! officers' writes and the server's going and coming back. The loop blocks on the channel; there is no
//! timer. Keys typed during the start-up probe are put on the channel
//! first, before any thread starts, so they are handled before anything
//! read later.

use std::sync::mpsc::{Receiver, channel};
use std::thread;

use ratatui::crossterm::event::KeyEvent;
use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
use signal_hook::iterator::Signals;

use crate::store::{AuditEntry, StoreEvent};
use crate::terminal::{self, TerminalEvent};

#[derive(Debug)]
pub enum Event {
    Key(KeyEvent),
    Paste(String),
    Resize(u16, u16),
    Remote(AuditEntry),
    /// The server stopped answering.
    Disconnected,
    /// The server answers again (every missed write came before).
    Reconnected,
    /// Many figures of these periods changed at once (another officer's
    /// large import).
    PeriodsChanged(Vec<crate::model::Period>),
    /// SIGHUP, SIGTERM or SIGINT: restore the terminal and leave.
    Signal(i32),
    /// The terminal is gone (hung up, its input failed).
    InputClosed,
}

impl From<TerminalEvent> for Event {
    fn from(input: TerminalEvent) -> Event {
        match input {
            TerminalEvent::Key(k) => Event::Key(k),
            TerminalEvent::Paste(s) => Event::Paste(s),
            TerminalEvent::Resize(w, h) => Event::Resize(w, h),
            TerminalEvent::Closed => Event::InputClosed,
        }
    }
}

impl From<StoreEvent> for Event {
    fn from(e: StoreEvent) -> Event {
        match e {
            StoreEvent::Remote(entry) => Event::Remote(entry),
            StoreEvent::Disconnected => Event::Disconnected,
            StoreEvent::Reconnected => Event::Reconnected,
            StoreEvent::PeriodsChanged(p) => Event::PeriodsChanged(p),
        }
    }
}

/// What the store tells of others and of the connection.
pub enum Feed {
    /// Writes, losses and reconnections (a store reached through a server).
    Events(Receiver<StoreEvent>),
    /// Writes only.
    Entries(Receiver<AuditEntry>),
}

impl Feed {
    /// The store's fullest feed, if it has one.
    pub fn of(store: &dyn crate::store::Store) -> Option<Feed> {
        store
            .subscribe_events()
            .map(Feed::Events)
            .or_else(|| store.subscribe().map(Feed::Entries))
    }
}

/// Start the input and signal threads (and the relay of the store's
/// news); `typed_ahead` (keys typed during the start-up probe) come out
/// first.
pub fn start(remote: Option<Feed>, typed_ahead: Vec<KeyEvent>) -> std::io::Result<Receiver<Event>> {
    let (tx, rx) = channel();
    for key in typed_ahead {
        // The receiver is alive: it is returned below.
        let _ = tx.send(Event::Key(key));
    }
    let mut signals = Signals::new([SIGHUP, SIGTERM, SIGINT])?;
    let sig_tx = tx.clone();
    thread::Builder::new()
        .name("signals".into())
        .spawn(move || {
            // Every signal, not just the first: SIGINT while a cell is
            // typed only cancels the cell, and a later SIGHUP must still end
            // the run (the handlers replaced the default actions).
            for sig in signals.forever() {
                if sig_tx.send(Event::Signal(sig)).is_err() {
                    break;
                }
            }
        })?;
    if let Some(feed) = remote {
        let tx = tx.clone();
        thread::Builder::new()
            .name("remote".into())
            .spawn(move || match feed {
                Feed::Events(rx) => {
                    for e in rx {
                        if tx.send(e.into()).is_err() {
                            break;
                        }
                    }
                }
                Feed::Entries(rx) => {
                    for entry in rx {
                        if tx.send(Event::Remote(entry)).is_err() {
                            break;
                        }
                    }
                }
            })?;
    }
    terminal::input::start(move |input| tx.send(input.into()).is_ok())?;
    Ok(rx)
}
