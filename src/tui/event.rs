//! Everything the loop waits for arrives on one channel: terminal input
//! (keys, paste, resize) from an input thread, hang-up and termination
//! signals from a signal thread, and other officers' writes from the store.
//! The loop blocks on the channel; there is no timer. Keys typed during the
//! start-up probe are put on the channel first, before any thread starts, so
//! they are handled before anything read later.

use std::sync::mpsc::{Receiver, Sender, channel};
use std::thread;

use ratatui::crossterm::event::{self as ct, KeyEvent};
use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
use signal_hook::iterator::Signals;

use crate::store::AuditEntry;

#[derive(Debug)]
pub enum Event {
    Key(KeyEvent),
    Paste(String),
    Resize(u16, u16),
    Remote(AuditEntry),
    /// SIGHUP, SIGTERM or SIGINT: restore the terminal and leave.
    Signal(i32),
    /// The terminal is gone (read failed).
    InputClosed,
}

/// Start the input and signal threads (and the relay of remote writes);
/// `typed_ahead` (keys typed during the start-up probe) come out first.
pub fn start(
    remote: Option<Receiver<AuditEntry>>,
    typed_ahead: Vec<KeyEvent>,
) -> std::io::Result<Receiver<Event>> {
    // crossterm registers for SIGWINCH when its event source is first used;
    // left to the input thread, a resize right after start-up (an SSH
    // client sizing its window) could come before that and be lost, the
    // screen keeping the old size. Use it here, before the caller asks the
    // terminal's size, so every later resize arrives as an event. (Not
    // after spawning: the thread's blocking read holds the source.)
    let _ = ct::poll(std::time::Duration::ZERO);
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
    if let Some(remote) = remote {
        let tx = tx.clone();
        thread::Builder::new()
            .name("remote".into())
            .spawn(move || {
                for entry in remote {
                    if tx.send(Event::Remote(entry)).is_err() {
                        break;
                    }
                }
            })?;
    }
    thread::Builder::new()
        .name("input".into())
        .spawn(move || input_loop(tx))?;
    Ok(rx)
}

fn input_loop(tx: Sender<Event>) {
    loop {
        let event = match ct::read() {
            Ok(ct::Event::Key(k)) => Event::Key(k),
            Ok(ct::Event::Paste(s)) => Event::Paste(s),
            Ok(ct::Event::Resize(w, h)) => Event::Resize(w, h),
            Ok(_) => continue,
            Err(_) => {
                let _ = tx.send(Event::InputClosed);
                return;
            }
        };
        if tx.send(event).is_err() {
            return;
        }
    }
}
