//! What one client may cost the server. Every client is treated as hostile:
//! its connections are counted per OS user and in total, the frames it is
//! sending take memory only as their bytes arrive and within a budget per
//! user, and what it does not read is not queued without end.
//!
//! The numbers (also in the README):
//!
//! | limit | default |
//! |---|---|
//! | connections in total | 512 (fewer if the process may open fewer files) |
//! | connections of one OS user | 64 |
//! | a greeting, from connect to the end of the hello | 5 s |
//! | any later frame, from its first byte to its last | 10 s |
//! | one frame | 16 MiB |
//! | frames being received, one OS user / everyone | 32 MiB / 128 MiB |
//! | replies and pushes queued for one connection / everyone | 8 MiB / 256 MiB |
//! | writes of one connection waiting for the committer | 64 |

use std::collections::HashMap;
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

#[derive(Debug, Clone)]
pub struct Limits {
    pub max_connections: usize,
    pub per_user_connections: usize,
    /// From connect to the end of the hello.
    pub hello_timeout: Duration,
    /// From a frame's first byte to its last (not per read: a client
    /// dripping one byte at a time is cut off all the same).
    pub frame_timeout: Duration,
    pub inbound_per_user: usize,
    pub inbound_total: usize,
    pub outbound_per_connection: usize,
    pub outbound_total: usize,
    pub writes_in_flight: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_connections: 512,
            per_user_connections: 64,
            hello_timeout: Duration::from_secs(5),
            frame_timeout: Duration::from_secs(10),
            inbound_per_user: 32 * 1024 * 1024,
            inbound_total: 128 * 1024 * 1024,
            outbound_per_connection: 8 * 1024 * 1024,
            outbound_total: 256 * 1024 * 1024,
            writes_in_flight: 64,
        }
    }
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // Counters stay consistent if a holder panicked: every change is one step.
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// Who is connected: counts per uid and in total.
pub struct Admission {
    max_total: usize,
    per_user: usize,
    counts: Mutex<(usize, HashMap<u32, usize>)>,
}

/// One admitted connection; dropping it frees its place.
pub struct Ticket {
    admission: Arc<Admission>,
    uid: u32,
}

impl Admission {
    pub fn new(limits: &Limits) -> Arc<Self> {
        Arc::new(Admission {
            max_total: limits.max_connections,
            per_user: limits.per_user_connections,
            counts: Mutex::new((0, HashMap::new())),
        })
    }

    /// A place for a connection of `uid`, or why not (for the client, in
    /// Vietnamese). One user's connections never take the last places of
    /// the others: the per-user limit is well below the total.
    pub fn admit(self: &Arc<Self>, uid: u32, user: &str) -> Result<Ticket, String> {
        let mut counts = lock(&self.counts);
        let mine = counts.1.get(&uid).copied().unwrap_or(0);
        if mine >= self.per_user {
            return Err(format!(
                "{user} đã mở {mine} kết nối tới máy chủ này (tối đa {}); hãy đóng bớt \
                 các cửa sổ thidua đang mở",
                self.per_user
            ));
        }
        if counts.0 >= self.max_total {
            return Err(format!(
                "máy chủ đã có {} kết nối (tối đa {}); hãy thử lại sau ít phút",
                counts.0, self.max_total
            ));
        }
        counts.0 += 1;
        *counts.1.entry(uid).or_insert(0) += 1;
        Ok(Ticket {
            admission: self.clone(),
            uid,
        })
    }

    /// Connections open now.
    pub fn open(&self) -> usize {
        lock(&self.counts).0
    }
}

impl Drop for Ticket {
    fn drop(&mut self) {
        let mut counts = lock(&self.admission.counts);
        counts.0 = counts.0.saturating_sub(1);
        if let Some(n) = counts.1.get_mut(&self.uid) {
            *n -= 1;
            if *n == 0 {
                counts.1.remove(&self.uid);
            }
        }
    }
}

/// Memory for frames being received, per uid and in total. A connection
/// reserves room before its buffer grows; when there is none it waits (until
/// its frame's deadline), so a burst of large frames is served in turn
/// instead of all at once.
pub struct Budget {
    per_user: usize,
    total: usize,
    used: Mutex<(usize, HashMap<u32, usize>)>,
    freed: Condvar,
}

/// Bytes reserved for one frame (and the request decoded from it, until it
/// has been handled); dropping it gives them back.
pub struct Reservation {
    budget: Arc<Budget>,
    uid: u32,
    bytes: usize,
}

impl Budget {
    pub fn new(limits: &Limits) -> Arc<Self> {
        Arc::new(Budget {
            per_user: limits.inbound_per_user,
            total: limits.inbound_total,
            used: Mutex::new((0, HashMap::new())),
            freed: Condvar::new(),
        })
    }

    pub fn none(self: &Arc<Self>, uid: u32) -> Reservation {
        Reservation {
            budget: self.clone(),
            uid,
            bytes: 0,
        }
    }

    /// Add `more` bytes to `r`, waiting for room until `deadline`; false if
    /// there was none in time (or could never be).
    pub fn grow(&self, r: &mut Reservation, more: usize, deadline: Instant) -> bool {
        if r.bytes + more > self.per_user || more > self.total {
            return false;
        }
        let mut used = lock(&self.used);
        loop {
            let mine = used.1.get(&r.uid).copied().unwrap_or(0);
            if mine + more <= self.per_user && used.0 + more <= self.total {
                used.0 += more;
                *used.1.entry(r.uid).or_insert(0) += more;
                r.bytes += more;
                return true;
            }
            let now = Instant::now();
            if now >= deadline {
                return false;
            }
            used = match self.freed.wait_timeout(used, deadline - now) {
                Ok((g, _)) => g,
                Err(e) => e.into_inner().0,
            };
        }
    }

    /// Bytes reserved now, by everyone.
    pub fn in_use(&self) -> usize {
        lock(&self.used).0
    }
}

impl Reservation {
    pub fn bytes(&self) -> usize {
        self.bytes
    }
}

impl Drop for Reservation {
    fn drop(&mut self) {
        if self.bytes == 0 {
            return;
        }
        let mut used = lock(&self.budget.used);
        used.0 = used.0.saturating_sub(self.bytes);
        if let Some(n) = used.1.get_mut(&self.uid) {
            *n = n.saturating_sub(self.bytes);
            if *n == 0 {
                used.1.remove(&self.uid);
            }
        }
        drop(used);
        self.budget.freed.notify_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_user_cannot_take_the_places_of_the_others() {
        let limits = Limits {
            max_connections: 5,
            per_user_connections: 3,
            ..Limits::default()
        };
        let a = Admission::new(&limits);
        let mine: Vec<_> = (0..3).map(|_| a.admit(1, "an").expect("ok")).collect();
        let why = a.admit(1, "an").err().expect("fourth refused");
        assert!(why.contains("an đã mở 3 kết nối"), "{why}");
        let other = a.admit(2, "binh").expect("another user gets in");
        drop(mine);
        assert_eq!(a.open(), 1);
        drop(other);
        assert_eq!(a.open(), 0);
    }

    #[test]
    fn the_budget_waits_for_room_and_gives_it_back() {
        let limits = Limits {
            inbound_per_user: 100,
            inbound_total: 150,
            ..Limits::default()
        };
        let b = Budget::new(&limits);
        let soon = Instant::now() + Duration::from_millis(20);
        let mut r1 = b.none(1);
        assert!(b.grow(&mut r1, 100, soon));
        let mut r1b = b.none(1);
        assert!(!b.grow(&mut r1b, 1, soon), "per user");
        let mut r2 = b.none(2);
        assert!(b.grow(&mut r2, 50, soon));
        let mut r3 = b.none(3);
        assert!(!b.grow(&mut r3, 1, soon), "in total");
        assert!(!b.grow(&mut r3, 200, Instant::now() + Duration::from_secs(60)));
        drop(r1);
        assert!(b.grow(&mut r3, 100, soon));
        assert_eq!(b.in_use(), 150);
    }
}
