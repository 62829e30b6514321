//! Reading a client's frames as a hostile peer's: the server waits for a
//! frame to begin as long as the client likes (an idle officer is fine), but
//! once it has begun the whole frame must arrive before one deadline — not
//! a time-out per read, which one byte every few seconds would keep alive.
//! The buffer grows as the bytes come, and beyond the first 64 KiB only
//! within the [`Budget`]: a length header alone allocates nothing.

use std::io::Read;
use std::os::fd::AsRawFd;
use std::os::unix::net::UnixStream;
use std::time::{Duration, Instant};

use super::limits::{Budget, Reservation};
use super::protocol::FrameError;

/// Buffer room every connection has without asking the budget.
const FREE_BYTES: usize = 64 * 1024;

pub struct Inbound<'a> {
    pub stream: &'a UnixStream,
    pub budget: &'a std::sync::Arc<Budget>,
    pub uid: u32,
}

/// Wait until `stream` is readable (or hung up); false when `deadline`
/// passed first. No deadline: wait as long as it takes.
fn readable(stream: &UnixStream, deadline: Option<Instant>) -> Result<bool, FrameError> {
    loop {
        let timeout_ms = match deadline {
            None => -1,
            Some(d) => {
                let left = d.saturating_duration_since(Instant::now());
                if left.is_zero() {
                    return Ok(false);
                }
                // Rounded up, so that a wait never ends just before the deadline.
                i32::try_from(left.as_millis() + 1).unwrap_or(i32::MAX)
            }
        };
        let mut fd = libc::pollfd {
            fd: stream.as_raw_fd(),
            events: libc::POLLIN,
            revents: 0,
        };
        // SAFETY: one valid pollfd owned by this frame.
        let rc = unsafe { libc::poll(&mut fd, 1, timeout_ms) };
        if rc < 0 {
            let e = std::io::Error::last_os_error();
            if e.kind() == std::io::ErrorKind::Interrupted {
                continue;
            }
            return Err(FrameError::Io(e));
        }
        if rc > 0 {
            return Ok(true);
        }
    }
}

impl Inbound<'_> {
    /// Read into `buf[..]` until full; `Ok(got)` with fewer bytes when the
    /// peer closed, `TimedOut` at the deadline.
    fn fill(
        &self,
        buf: &mut [u8],
        deadline: Option<Instant>,
        expected: usize,
        before: usize,
    ) -> Result<usize, FrameError> {
        let mut got = 0;
        while got < buf.len() {
            if !readable(self.stream, deadline)? {
                return Err(FrameError::TimedOut {
                    expected,
                    got: before + got,
                });
            }
            match (&mut &*self.stream).read(&mut buf[got..]) {
                Ok(0) => break,
                Ok(n) => got += n,
                Err(e)
                    if matches!(
                        e.kind(),
                        std::io::ErrorKind::Interrupted | std::io::ErrorKind::WouldBlock
                    ) => {}
                Err(e) => return Err(FrameError::Io(e)),
            }
        }
        Ok(got)
    }

    /// The next frame body (at most `max` bytes) and the memory reserved
    /// for it. With `begin_within`, the frame must also begin in that time
    /// (the greeting); otherwise the wait for it is unbounded.
    pub fn next(
        &self,
        max: usize,
        timeout: Duration,
        begin_within: Option<Duration>,
    ) -> Result<(Vec<u8>, Reservation), FrameError> {
        let start_deadline = begin_within.map(|d| Instant::now() + d);
        if !readable(self.stream, start_deadline)? {
            return Err(FrameError::TimedOut {
                expected: 4,
                got: 0,
            });
        }
        let deadline = start_deadline.unwrap_or_else(|| Instant::now() + timeout);
        let mut head = [0u8; 4];
        let got = self.fill(&mut head, Some(deadline), 4, 0)?;
        if got == 0 {
            return Err(FrameError::Closed);
        }
        if got < 4 {
            return Err(FrameError::Truncated { expected: 4, got });
        }
        let len = u32::from_be_bytes(head) as usize;
        if len > max {
            return Err(FrameError::TooLarge { len, max });
        }
        let mut reserved = self.budget.none(self.uid);
        let mut body: Vec<u8> = Vec::new();
        let mut chunk = vec![0u8; FREE_BYTES.min(len)];
        while body.len() < len {
            let want = chunk.len().min(len - body.len());
            if body.len() + want > body.capacity() {
                let cap = (body.capacity() * 2)
                    .max(body.len() + want)
                    .max(FREE_BYTES)
                    .min(len);
                let beyond_free = cap.saturating_sub(FREE_BYTES.max(body.capacity()));
                if beyond_free > 0 && !self.budget.grow(&mut reserved, beyond_free, deadline) {
                    return Err(FrameError::OverBudget {
                        expected: len,
                        got: body.len(),
                    });
                }
                body.reserve_exact(cap - body.len());
            }
            let n = self.fill(&mut chunk[..want], Some(deadline), len, body.len())?;
            body.extend_from_slice(&chunk[..n]);
            if n < want {
                return Err(FrameError::Truncated {
                    expected: len,
                    got: body.len(),
                });
            }
        }
        Ok((body, reserved))
    }
}
