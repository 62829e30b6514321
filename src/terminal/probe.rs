//! The start-up probe: what the terminal does with three characters, asked
//! once before the first frame.
//!
//! `--ambiguous auto` prints three probes on the (alternate) screen and asks
//! the cursor position after each (`CSI 6n`), all in one write, so the whole
//! probe costs one round trip and at most [`PROBE_TIMEOUT`]:
//! - `ệ` (not East Asian Ambiguous): 1 column when the client decodes UTF-8,
//!   3 when it shows the three bytes as Latin-1 characters;
//! - `à` (ambiguous): 2 columns on a terminal drawing ambiguous characters wide;
//! - `─` (box drawing, ambiguous): the same question for borders.
//!
//! Silence means narrow (and UTF-8). The probe is never repeated: an answer
//! arriving after the time-out reaches crossterm's reader, which parses it as
//! a cursor-position report and never hands it on as a key.
//!
//! Keys typed while the probe reads (an officer typing `dong thap` right
//! after launching over a slow link) are kept: every byte that is not part
//! of an answer is returned, in order, in [`Probed::typed`], and the
//! application handles those keys first ([`super::typeahead`] decodes them).

use std::io::{self, Write};
use std::os::fd::{AsRawFd, RawFd};
use std::time::{Duration, Instant};

pub const PROBE_TIMEOUT: Duration = Duration::from_millis(300);

/// The probes, in the order they are written and answered.
const PROBES: [&str; 3] = ["ệ", "à", "─"];

/// How long the probe keeps reading past its answers (or its time-out) when
/// the input ends in the middle of a sequence (an answer or a key split
/// across reads), so that the rest is not read later as separate keys.
pub const SPLIT_GRACE: Duration = Duration::from_millis(100);

/// How many columns the terminal advanced for each probe; None = no answer.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ProbeResult {
    pub vietnamese: Option<u16>,
    pub ambiguous_letter: Option<u16>,
    pub box_drawing: Option<u16>,
}

impl ProbeResult {
    /// False only when the terminal positively failed to decode UTF-8.
    pub fn decodes_utf8(&self) -> bool {
        self.vietnamese.is_none_or(|w| w == 1)
    }

    pub fn ambiguous_wide(&self) -> bool {
        self.ambiguous_letter == Some(2) || self.box_drawing == Some(2)
    }
}

/// The bytes of the probe: each glyph at the start of the line, then a
/// cursor-position request; the line is cleared afterwards.
pub fn probe_bytes() -> Vec<u8> {
    let mut out = Vec::new();
    for p in PROBES {
        out.extend_from_slice(b"\r\x1b[2K");
        out.extend_from_slice(p.as_bytes());
        out.extend_from_slice(b"\x1b[6n");
    }
    out.extend_from_slice(b"\r\x1b[2K");
    out
}

/// What the probe read: the answers, and the bytes typed meanwhile.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Probed {
    pub result: ProbeResult,
    /// Every byte read that was not part of an answer, in order: keys typed
    /// ahead, to be handled before anything read later.
    pub typed: Vec<u8>,
}

/// Write the probe to `output` and read up to three answers from `input`
/// until `timeout`. Bytes that are not answers (keys typed meanwhile) are
/// returned in [`Probed::typed`]. When the input ends mid-sequence the probe
/// reads on for up to [`SPLIT_GRACE`] after the last read (never past
/// `timeout` + [`SPLIT_GRACE`]), so a sequence split across reads is taken
/// whole.
pub fn probe(
    input: &impl AsRawFd,
    output: &mut impl Write,
    timeout: Duration,
) -> io::Result<Probed> {
    output.write_all(&probe_bytes())?;
    output.flush()?;
    let fd = input.as_raw_fd();
    let deadline = Instant::now() + timeout;
    let mut last_read = Instant::now();
    let mut buf = Vec::new();
    loop {
        let answered = parse_answers(&buf).len() >= PROBES.len();
        let pending = ends_mid_sequence(&buf);
        // Never past `timeout` + `SPLIT_GRACE` in all.
        let until = match (answered, pending) {
            (true, false) => break,
            (true, true) => (last_read + SPLIT_GRACE).min(deadline + SPLIT_GRACE),
            (false, true) => deadline
                .max(last_read + SPLIT_GRACE)
                .min(deadline + SPLIT_GRACE),
            (false, false) => deadline,
        };
        let left = until.saturating_duration_since(Instant::now());
        if left.is_zero() || !wait_readable(fd, left)? {
            break;
        }
        let mut chunk = [0u8; 256];
        // SAFETY: reading into a stack buffer of the given length.
        let n = unsafe { libc::read(fd, chunk.as_mut_ptr().cast(), chunk.len()) };
        if n <= 0 {
            break;
        }
        last_read = Instant::now();
        buf.extend_from_slice(&chunk[..n as usize]);
    }
    let (answers, typed) = split_input(&buf);
    let advance = |i: usize| answers.get(i).map(|col: &u16| col.saturating_sub(1));
    Ok(Probed {
        result: ProbeResult {
            vietnamese: advance(0),
            ambiguous_letter: advance(1),
            box_drawing: advance(2),
        },
        typed,
    })
}

fn wait_readable(fd: RawFd, timeout: Duration) -> io::Result<bool> {
    let mut pfd = libc::pollfd {
        fd,
        events: libc::POLLIN,
        revents: 0,
    };
    let ms = i32::try_from(timeout.as_millis())
        .unwrap_or(i32::MAX)
        .max(1);
    // SAFETY: one valid pollfd.
    let rc = unsafe { libc::poll(&mut pfd, 1, ms) };
    match rc {
        -1 => {
            let e = io::Error::last_os_error();
            if e.kind() == io::ErrorKind::Interrupted {
                Ok(true)
            } else {
                Err(e)
            }
        }
        0 => Ok(false),
        _ => Ok(true),
    }
}

/// Columns (1-based) of every `ESC [ row ; col R` in `bytes`, in order.
pub fn parse_answers(bytes: &[u8]) -> Vec<u16> {
    split_input(bytes).0
}

/// Separate the terminal's answers from typed bytes: the columns (1-based)
/// of every `ESC [ row ; col R`, in order, and every other byte, in order.
/// A report without a column (`ESC [ 5 R`) is neither.
pub fn split_input(bytes: &[u8]) -> (Vec<u16>, Vec<u8>) {
    let mut answers = Vec::new();
    let mut typed = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if let Some(len) = report_len(&bytes[i..]) {
            let body = std::str::from_utf8(&bytes[i + 2..i + len - 1]).unwrap_or("");
            if let Some((_, col)) = body.split_once(';')
                && let Ok(c) = col.parse::<u16>()
            {
                answers.push(c);
            }
            i += len;
            continue;
        }
        typed.push(bytes[i]);
        i += 1;
    }
    (answers, typed)
}

/// The length of the `ESC [ digits/; R` at the start of `bytes`, if any.
fn report_len(bytes: &[u8]) -> Option<usize> {
    let rest = bytes.strip_prefix(b"\x1b[")?;
    let end = rest
        .iter()
        .position(|b| !(b.is_ascii_digit() || *b == b';'))?;
    (rest[end] == b'R').then_some(2 + end + 1)
}

/// Whether `bytes` end in the middle of something more may complete: an
/// escape sequence (`ESC`, `ESC [ 5 ;`, `ESC O`) or a UTF-8 character.
pub fn ends_mid_sequence(bytes: &[u8]) -> bool {
    if let Some(esc) = bytes.iter().rposition(|b| *b == 0x1b) {
        let tail = &bytes[esc + 1..];
        let open = match tail.split_first() {
            None => true,
            Some((b'[', params)) => params.iter().all(|b| (0x30..=0x3f).contains(b)),
            Some((b'O', rest)) => rest.is_empty(),
            Some(_) => false,
        };
        if open {
            return true;
        }
    }
    // A lead byte of a multi-byte character followed by fewer continuation
    // bytes than it announces.
    let start = bytes.len().saturating_sub(3);
    for (i, b) in bytes.iter().enumerate().skip(start) {
        let need = match b {
            0xc0..=0xdf => 2,
            0xe0..=0xef => 3,
            0xf0..=0xf7 => 4,
            _ => continue,
        };
        let have = bytes.len() - i;
        if have < need && bytes[i + 1..].iter().all(|c| (0x80..=0xbf).contains(c)) {
            return true;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_answers_among_other_bytes() {
        assert_eq!(
            parse_answers(b"\x1b[5;2Rx\x1b[5;3R\x1b[12;2R"),
            vec![2, 3, 2]
        );
        assert_eq!(parse_answers(b"\x1b[A\x1b[5;"), Vec::<u16>::new());
    }

    /// Answers taken out, everything else kept in order.
    fn split(bytes: &[u8]) -> (Vec<u16>, Vec<u8>) {
        split_input(bytes)
    }

    #[test]
    fn typed_bytes_before_between_and_after_answers_are_kept_in_order() {
        let input = b"dong\x1b[5;2R th\x1b[5;3Rap\x1b[5;2R\r";
        assert_eq!(split(input), (vec![2, 3, 2], b"dong thap\r".to_vec()));
        // Nothing typed: nothing kept.
        assert_eq!(
            split(b"\x1b[5;2R\x1b[5;3R\x1b[5;2R"),
            (vec![2, 3, 2], vec![])
        );
        // Only typed bytes (a silent terminal).
        assert_eq!(
            split("Đồng".as_bytes()),
            (vec![], "Đồng".as_bytes().to_vec())
        );
    }

    #[test]
    fn keys_that_look_like_escape_sequences_stay_typed() {
        // Up, F5, Esc right before an answer, Home.
        let input = b"\x1b[A\x1b[15~\x1b\x1b[7;2R\x1b[H";
        assert_eq!(
            split(input),
            (vec![2], b"\x1b[A\x1b[15~\x1b\x1b[H".to_vec())
        );
        // A report without a column is no answer and no key.
        assert_eq!(split(b"a\x1b[5Rb"), (vec![], b"ab".to_vec()));
    }

    #[test]
    fn an_answer_split_across_reads_is_an_answer_once_whole() {
        let whole = b"x\x1b[12;3Ry";
        for cut in 1..whole.len() {
            let first = &whole[..cut];
            // Mid-answer the probe knows to read on.
            let inside = (2..whole.len() - 1).contains(&cut);
            assert_eq!(ends_mid_sequence(first), inside, "cut at {cut}");
            let mut joined = first.to_vec();
            joined.extend_from_slice(&whole[cut..]);
            assert_eq!(split(&joined), (vec![3], b"xy".to_vec()));
        }
    }

    #[test]
    fn unfinished_sequences_and_characters_are_pending() {
        for pending in [
            &b"\x1b"[..],
            b"ab\x1b[",
            b"\x1b[15",
            b"\x1bO",
            b"\x1b[5;",
            &"Đ".as_bytes()[..1],
            &"ồ".as_bytes()[..2],
        ] {
            assert!(ends_mid_sequence(pending), "{pending:?}");
        }
        for done in [
            &b""[..],
            b"abc",
            b"\x1b[A",
            b"\x1bOP",
            b"\x1b[15~",
            b"\x1b[5;2R",
            "Đồng".as_bytes(),
            b"\x1bx",
        ] {
            assert!(!ends_mid_sequence(done), "{done:?}");
        }
    }
}
