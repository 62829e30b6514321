//! Reading the terminal: keys, pastes and resizes as crossterm decodes
//! them, and the terminal going away.
//!
//! crossterm never reports the end of its input: on a terminal that is
//! hung up its reader sees end of file (or EIO) and reads again at once,
//! for ever (40–66 % of a core), without an event. So a second thread
//! waits, without reading, for the terminal's hang-up itself — `poll(2)`
//! with no events asked reports only POLLHUP, POLLERR and POLLNVAL — and
//! says [`TerminalEvent::Closed`]. A dropped SSH link usually also sends SIGHUP;
//! this catches a terminal that goes away without one (it was not the
//! controlling terminal, or the signal was lost).

use std::io::{self, IsTerminal};
use std::thread;

use ratatui::crossterm::event::{self as ct, KeyEvent};

/// What the terminal sent.
#[derive(Debug)]
pub enum TerminalEvent {
    Key(KeyEvent),
    Paste(String),
    Resize(u16, u16),
    /// The terminal is gone (hung up, or its input failed).
    Closed,
}

/// Start reading the terminal: every input is handed to `send`, in order,
/// until `send` returns false (the receiver is gone).
pub fn start(send: impl Fn(TerminalEvent) -> bool + Send + Clone + 'static) -> io::Result<()> {
    // crossterm registers for SIGWINCH when its event source is first used;
    // left to the reading thread, a resize right after start-up (an SSH
    // client sizing its window) could come before that and be lost, the
    // screen keeping the old size. Use it here, before the caller asks the
    // terminal's size, so every later resize arrives as an event. (Not
    // after spawning: the thread's blocking read holds the source.)
    let _ = ct::poll(std::time::Duration::ZERO);
    let hang_up = send.clone();
    thread::Builder::new()
        .name("hang-up".into())
        .spawn(move || {
            if wait_for_hang_up() {
                hang_up(TerminalEvent::Closed);
            }
        })?;
    thread::Builder::new()
        .name("input".into())
        .spawn(move || read_loop(send))?;
    Ok(())
}

fn read_loop(send: impl Fn(TerminalEvent) -> bool) {
    loop {
        let input = match ct::read() {
            Ok(ct::Event::Key(k)) => TerminalEvent::Key(k),
            Ok(ct::Event::Paste(s)) => TerminalEvent::Paste(s),
            Ok(ct::Event::Resize(w, h)) => TerminalEvent::Resize(w, h),
            Ok(_) => continue,
            Err(_) => {
                send(TerminalEvent::Closed);
                return;
            }
        };
        if !send(input) {
            return;
        }
    }
}

/// Block until the terminal (stdin, and stdout when it is one) is hung up
/// or fails; false when there is no terminal to watch or polling failed.
fn wait_for_hang_up() -> bool {
    use std::os::fd::AsRawFd;
    let mut fds: Vec<libc::pollfd> = [
        (io::stdin().as_raw_fd(), io::stdin().is_terminal()),
        (io::stdout().as_raw_fd(), io::stdout().is_terminal()),
    ]
    .into_iter()
    .filter(|(_, tty)| *tty)
    .map(|(fd, _)| libc::pollfd {
        fd,
        // No events asked: only hang-up, error and invalid are reported,
        // so pending keys do not wake this thread.
        events: 0,
        revents: 0,
    })
    .collect();
    if fds.is_empty() {
        return false;
    }
    loop {
        // SAFETY: `fds` is a valid array of `fds.len()` pollfd structs.
        let rc = unsafe { libc::poll(fds.as_mut_ptr(), fds.len() as libc::nfds_t, -1) };
        if rc > 0 {
            let gone = libc::POLLHUP | libc::POLLERR | libc::POLLNVAL;
            if fds.iter().any(|p| p.revents & gone != 0) {
                return true;
            }
        } else if rc < 0 && io::Error::last_os_error().kind() != io::ErrorKind::Interrupted {
            return false;
        }
    }
}
