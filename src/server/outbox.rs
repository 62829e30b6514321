//! One connection's outgoing frames, written by a thread of its own so that
//! a slow client never holds anyone else up. What it has not read yet is
//! bounded: past the connection's share, or when everyone's queues together
//! are too large, the client counts as stuck and is cut off (it reconnects
//! and catches up), instead of being buffered without end.

use std::io::Write;
use std::os::unix::net::UnixStream;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::{self, Sender};
use std::time::Duration;

/// A write to a client that takes longer than this (its socket buffer full
/// and nobody reading) ends the connection.
const WRITE_TIMEOUT: Duration = Duration::from_secs(30);

#[derive(Clone)]
pub struct Outbox {
    tx: Sender<Out>,
    stream: Arc<UnixStream>,
    queued: Arc<AtomicUsize>,
    /// Every connection's queued bytes together.
    everyone: Arc<AtomicUsize>,
    limit: usize,
    everyone_limit: usize,
    stuck: Arc<AtomicBool>,
}

enum Out {
    Frame(Vec<u8>),
    Close,
}

impl Outbox {
    /// Start the writer thread of `stream`.
    pub fn start(
        stream: Arc<UnixStream>,
        conn: u64,
        limit: usize,
        everyone: Arc<AtomicUsize>,
        everyone_limit: usize,
    ) -> std::io::Result<Outbox> {
        let (tx, rx) = mpsc::channel::<Out>();
        let out = Outbox {
            tx,
            stream: stream.clone(),
            queued: Arc::new(AtomicUsize::new(0)),
            everyone,
            limit,
            everyone_limit,
            stuck: Arc::new(AtomicBool::new(false)),
        };
        stream.set_write_timeout(Some(WRITE_TIMEOUT))?;
        let queued = out.queued.clone();
        let everyone = out.everyone.clone();
        std::thread::Builder::new()
            .name(format!("thidua-out-{conn}"))
            .stack_size(128 * 1024)
            .spawn(move || {
                // Frames queued together leave in one write.
                let mut buf = Vec::with_capacity(64 * 1024);
                let mut closing = false;
                while !closing {
                    let Ok(first) = rx.recv() else { break };
                    let mut item = Some(first);
                    while let Some(it) = item.take() {
                        match it {
                            Out::Frame(frame) => buf.extend_from_slice(&frame),
                            Out::Close => {
                                closing = true;
                                break;
                            }
                        }
                        if buf.len() < 256 * 1024 {
                            item = rx.try_recv().ok();
                        }
                    }
                    let sent = (&*stream).write_all(&buf);
                    queued.fetch_sub(buf.len(), Ordering::Relaxed);
                    everyone.fetch_sub(buf.len(), Ordering::Relaxed);
                    buf.clear();
                    if sent.is_err() {
                        break;
                    }
                }
                // What is still queued is never sent: give its share back
                // (after closing the queue, so nothing is added behind it).
                drop(rx);
                let left = queued.swap(0, Ordering::Relaxed);
                everyone.fetch_sub(left, Ordering::Relaxed);
                let _ = stream.shutdown(std::net::Shutdown::Both);
            })?;
        Ok(out)
    }

    /// Queue a frame; false (and the connection cut off) when the client
    /// is gone or has not read what it was sent.
    pub fn send(&self, frame: Vec<u8>) -> bool {
        if self.stuck.load(Ordering::Relaxed) {
            return false;
        }
        let n = frame.len();
        let mine = self.queued.fetch_add(n, Ordering::Relaxed) + n;
        let all = self.everyone.fetch_add(n, Ordering::Relaxed) + n;
        if mine > self.limit || all > self.everyone_limit {
            self.queued.fetch_sub(n, Ordering::Relaxed);
            self.everyone.fetch_sub(n, Ordering::Relaxed);
            self.cut_off();
            return false;
        }
        if self.tx.send(Out::Frame(frame)).is_err() {
            self.queued.fetch_sub(n, Ordering::Relaxed);
            self.everyone.fetch_sub(n, Ordering::Relaxed);
            return false;
        }
        true
    }

    /// Whether the client was cut off for not reading.
    pub fn is_stuck(&self) -> bool {
        self.stuck.load(Ordering::Relaxed)
    }

    fn cut_off(&self) {
        self.stuck.store(true, Ordering::Relaxed);
        let _ = self.stream.shutdown(std::net::Shutdown::Both);
    }

    /// Send what is queued, then close.
    pub fn close(&self) {
        let _ = self.tx.send(Out::Close);
    }
}
