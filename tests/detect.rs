//! The start-up probe against a fake terminal that draws ambiguous characters
//! narrow, wide, or never answers.

use std::io::{Read, Write};
use std::os::unix::net::UnixStream;
use std::time::Duration;

use thidua::terminal::probe::{self, ProbeResult};
use thidua::terminal::profile::{AmbiguousChoice, decide};
use thidua::text::profile::{Ambiguous, Charset};

#[derive(Clone, Copy)]
enum Fake {
    Narrow,
    Wide,
    Latin1,
    Silent,
}

/// Columns a fake terminal advances for one probe glyph.
fn advance(fake: Fake, glyph: &str) -> usize {
    match fake {
        Fake::Narrow | Fake::Silent => 1,
        Fake::Latin1 => glyph.len(),
        Fake::Wide => {
            if glyph == "ệ" {
                1
            } else {
                2
            }
        }
    }
}

/// Runs the probe against a fake terminal on a socket pair and returns the
/// result and whatever the terminal received after the probe.
fn run(fake: Fake) -> ProbeResult {
    let (mut app_side, mut term_side) = UnixStream::pair().expect("pair");
    let terminal = std::thread::spawn(move || {
        let expected = probe::probe_bytes();
        let mut got = vec![0u8; expected.len()];
        term_side.read_exact(&mut got).expect("probe bytes");
        assert_eq!(got, expected);
        if let Fake::Silent = fake {
            return;
        }
        let text = String::from_utf8(got).expect("utf8");
        let mut answer = String::new();
        for part in text.split("\x1b[6n").filter(|p| p.contains("\x1b[2K")) {
            let glyph = part.rsplit("\x1b[2K").next().expect("glyph");
            if glyph.is_empty() {
                continue;
            }
            answer.push_str(&format!("\x1b[7;{}R", 1 + advance(fake, glyph)));
        }
        term_side.write_all(answer.as_bytes()).expect("answer");
    });
    let input = app_side.try_clone().expect("clone");
    let probed = probe::probe(&input, &mut app_side, Duration::from_millis(300)).expect("probe");
    terminal.join().expect("terminal thread");
    assert_eq!(probed.typed, b"", "nothing was typed");
    probed.result
}

/// Keys typed before, between and after the answers, with an answer split
/// across writes (as a slow link delivers it): every typed byte comes back
/// in order, and every answer is still an answer.
#[test]
fn keys_typed_during_the_probe_are_kept_and_split_answers_still_count() {
    let (mut app_side, mut term_side) = UnixStream::pair().expect("pair");
    let terminal = std::thread::spawn(move || {
        let mut got = vec![0u8; probe::probe_bytes().len()];
        term_side.read_exact(&mut got).expect("probe bytes");
        let pause = || std::thread::sleep(Duration::from_millis(20));
        for part in [
            "dong".as_bytes(),
            b"\x1b[7;2R th",
            b"\x1b[7",
            b";3",
            "Rá".as_bytes(),
            b"p\x1b[7;",
            b"3R\r\x1b[A",
        ] {
            term_side.write_all(part).expect("write");
            pause();
        }
    });
    let input = app_side.try_clone().expect("clone");
    let probed = probe::probe(&input, &mut app_side, Duration::from_millis(300)).expect("probe");
    terminal.join().expect("terminal thread");
    assert_eq!(
        probed.result,
        ProbeResult {
            vietnamese: Some(1),
            ambiguous_letter: Some(2),
            box_drawing: Some(2)
        }
    );
    assert_eq!(String::from_utf8_lossy(&probed.typed), "dong tháp\r\x1b[A");
}

/// An answer cut by the time-out is read on briefly, not left half to be
/// taken as keys.
#[test]
fn an_answer_cut_at_the_time_out_is_read_whole() {
    let (mut app_side, mut term_side) = UnixStream::pair().expect("pair");
    let terminal = std::thread::spawn(move || {
        let mut got = vec![0u8; probe::probe_bytes().len()];
        term_side.read_exact(&mut got).expect("probe bytes");
        term_side.write_all(b"x\x1b[7;2R").expect("write");
        std::thread::sleep(Duration::from_millis(40));
        term_side.write_all(b"\x1b[7;").expect("write");
        // Past the time-out (60 ms), within the grace after the last read.
        std::thread::sleep(Duration::from_millis(60));
        term_side.write_all(b"2R").expect("write");
    });
    let input = app_side.try_clone().expect("clone");
    let probed = probe::probe(&input, &mut app_side, Duration::from_millis(60)).expect("probe");
    terminal.join().expect("terminal thread");
    assert_eq!(probed.result.vietnamese, Some(1));
    assert_eq!(probed.result.ambiguous_letter, Some(1));
    assert_eq!(probed.typed, b"x");
}

#[test]
fn a_narrow_terminal_gives_the_unicode_profile() {
    let r = run(Fake::Narrow);
    assert_eq!(
        r,
        ProbeResult {
            vietnamese: Some(1),
            ambiguous_letter: Some(1),
            box_drawing: Some(1)
        }
    );
    let (p, notice) = decide(AmbiguousChoice::Auto, false, Some(r), true);
    assert_eq!(
        (p.ambiguous, p.charset),
        (Ambiguous::Narrow, Charset::Unicode)
    );
    assert_eq!(notice, None);
}

#[test]
fn a_wide_terminal_gives_the_wide_profile() {
    let r = run(Fake::Wide);
    assert_eq!(r.ambiguous_letter, Some(2));
    let (p, _) = decide(AmbiguousChoice::Auto, false, Some(r), true);
    assert_eq!(
        (p.ambiguous, p.charset),
        (Ambiguous::Wide, Charset::Unicode)
    );
}

#[test]
fn a_terminal_without_utf8_is_offered_ascii_with_a_notice() {
    let r = run(Fake::Latin1);
    assert_eq!(r.vietnamese, Some(3));
    let (p, notice) = decide(AmbiguousChoice::Auto, false, Some(r), true);
    assert_eq!(p.charset, Charset::Ascii);
    assert!(notice.expect("notice").contains("không dấu"));
}

#[test]
fn a_silent_terminal_is_taken_as_narrow() {
    let r = run(Fake::Silent);
    assert_eq!(r, ProbeResult::default());
    let (p, _) = decide(AmbiguousChoice::Auto, false, Some(r), true);
    assert_eq!(
        (p.ambiguous, p.charset),
        (Ambiguous::Narrow, Charset::Unicode)
    );
}
