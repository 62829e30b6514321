//! The run loop: wait for an event, turn it into an action, update, carry
//! out the effect, draw. Nothing happens without an event (no timer).
//! It opens where the officer left the application and keeps the place
//! when the run ends (`resume`).

use signal_hook::consts::{SIGHUP, SIGINT};

use super::event::{self, Event};
use super::{Action, Effect, TuiOptions, app, keys, resume, start_marks, unread_app, views};
use crate::store::Store;
use crate::terminal::{self, Detect, FrameWriter};

/// Run the application until the user quits. On SIGHUP/SIGTERM, and on
/// SIGINT outside text entry, the terminal is restored and the process
/// exits with 128 + the signal number (129, 143, 130); a terminal that is
/// gone (its input hung up, a write to it failed) ends the run as SIGHUP
/// does. Every committed figure is already on disk (each write is flushed
/// before it is shown as saved). A cell being typed is discarded; SIGINT
/// while typing only cancels the cell, as Esc does. On a panic the hook
/// restores the terminal and says so in Vietnamese; the process exits with
/// 101.
pub fn run(store: Box<dyn Store>, options: TuiOptions) -> anyhow::Result<()> {
    run_detecting(store, options, None)
}

/// [`run`], with the profile decided at start-up from `detect` (the
/// command line, the locale and the probe: see [`terminal::profile`])
/// instead of `options.profile`.
pub fn run_detecting(
    store: Box<dyn Store>,
    mut options: TuiOptions,
    detect: Option<Detect>,
) -> anyhow::Result<()> {
    let remote = event::Feed::of(&*store);
    let guard = terminal::enter()?;
    // On the alternate screen, before the first frame: one round trip at most.
    let mut typed_ahead = Vec::new();
    let mut notice = None;
    if let Some(choice) = &detect {
        let decision = terminal::profile::decide_at_start(choice);
        options.profile = decision.profile;
        typed_ahead = decision.typed_ahead;
        notice = decision.notice;
    }
    // No figure read yet: the first frame says what is being read.
    let mut app = unread_app(store, &options)?
        .defer_loading()
        .with_notice(notice);
    if let Some((file, database)) = &options.resume
        && let Some(place) = resume::load(file, database)
    {
        app.resume(&place);
    }
    // Events first: from here on a resize is an event, so the size asked
    // next is never stale for good (see terminal::input::start).
    let events = event::start(remote, typed_ahead)?;
    let mut screen = FrameWriter::stdout();
    let size = screen.size()?;
    let _ = app.update(Action::Resize(size.width, size.height));
    #[cfg(debug_assertions)]
    let panic_key = test_seam::panic_key();
    screen.draw(|area, buf| views::draw(&app, area, buf))?;
    start_marks::mark("first-frame");
    read_shown(&mut app, &mut screen)?;
    start_marks::mark("figures-shown");
    let mut exit_signal = None;
    for ev in events.iter() {
        match ev {
            Event::Signal(sig) if sig == SIGINT && app.mode() == keys::Mode::Edit => {
                let _ = app.update(Action::Cancel);
            }
            Event::Signal(sig) => {
                exit_signal = Some(sig);
                break;
            }
            // The terminal is gone (a dropped link can close the input
            // before the SIGHUP arrives, or without one): as a hang-up.
            Event::InputClosed => {
                exit_signal = Some(SIGHUP);
                break;
            }
            ev => {
                #[cfg(debug_assertions)]
                test_seam::panic_on(panic_key, &ev);
                let Some(action) = super::action_for(&app, ev) else {
                    continue;
                };
                match app.update(action) {
                    Some(Effect::Quit) => break,
                    Some(Effect::Clipboard(seq))
                        if terminal::write_raw(seq.as_bytes()).is_err() =>
                    {
                        exit_signal = Some(SIGHUP);
                        break;
                    }
                    Some(Effect::Clipboard(_)) | None => {}
                }
            }
        }
        // A terminal that cannot be written to is gone: leave as on SIGHUP.
        if screen
            .draw(|area, buf| views::draw(&app, area, buf))
            .is_err()
            || read_shown(&mut app, &mut screen).is_err()
        {
            exit_signal = Some(SIGHUP);
            break;
        }
    }
    drop(guard);
    // Reopen where the officer was, whatever ended the run (a dropped SSH
    // link too). A place that cannot be kept only costs the next start
    // its convenience: nothing to say on a terminal already restored.
    if let Some((file, database)) = &options.resume {
        let _ = resume::save(file, &app.place(database));
    }
    drop(app);
    if let Some(sig) = exit_signal {
        std::process::exit(128 + sig);
    }
    Ok(())
}

/// The frame just drawn says a period is being read: read it, and draw
/// what it shows.
fn read_shown(app: &mut app::App, screen: &mut FrameWriter) -> std::io::Result<()> {
    if app.loading().is_some() {
        app.finish_loading();
        screen.draw(|area, buf| views::draw(app, area, buf))?;
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
