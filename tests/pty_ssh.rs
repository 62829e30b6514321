//! The real binary behind the terminals officers use over SSH: the start-up
//! probe against terminals that answer narrow, wide, never or late, and keys
//! typed before the terminal answered; the
//! command-line and environment choices (`--ambiguous`, `THIDUA_AMBIGUOUS`,
//! `--ascii`, a non-UTF-8 locale, `NO_COLOR`, `TERM=dumb`); and signals
//! (SIGHUP while typing, SIGTERM, SIGINT inside and outside text entry).

mod cli_common;
mod pty_common;

use std::path::{Path, PathBuf};
use std::time::Duration;

use cli_common::export_h1 as stored;
use pty_common::*;

fn binary() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_thidua"))
}

fn start(db: &Path, args: &[&str], env: &[(&str, &str)], kind: TermKind) -> Pty {
    let mut all = vec!["--db", db.to_str().expect("utf-8 path")];
    all.extend_from_slice(args);
    Pty::start_as(&binary(), &all, env, 80, 24, kind)
}

/// The province list is on screen, its first frame written whole (the
/// first frame is large: it ends a synchronized update).
fn provinces_up(term: &Pty) {
    term.wait_for("the province list", |e| {
        let t = e.contents();
        t.contains("(12/12)")
    });
    first_frame_whole(term);
}

fn first_frame_whole(term: &Pty) {
    let end = std::time::Instant::now() + DEADLINE;
    while term.sync_frames() == 0 {
        assert!(
            std::time::Instant::now() < end,
            "the first frame never ended:\n{}",
            term.contents()
        );
        std::thread::sleep(Duration::from_millis(2));
    }
}

/// The bytes of the frame F1 draws (Help, a large, synchronized frame),
/// from `before` to the end of that frame.
fn help_frame(term: &Pty, before: usize) -> Vec<u8> {
    term.send(F1);
    term.wait_for("Help", |e| e.contents().starts_with("Trợ giúp"));
    let end = std::time::Instant::now() + DEADLINE;
    loop {
        let done = term.with(|o| o.sync_ends.iter().find(|&&e| e > before).copied());
        if let Some(e) = done {
            return term.with(|o| o.raw[before..e].to_vec());
        }
        assert!(std::time::Instant::now() < end, "Help's frame never ended");
        std::thread::sleep(Duration::from_millis(2));
    }
}

/// Whether `frame` (from [`help_frame`]) is Help's frame and nothing else:
/// it opens with the synchronized update and draws Help's title, so not a
/// byte was written between the mark and F1. (Not compared with another
/// start's bytes: the frame is a diff of the Provinces screen, whose
/// change times differ from one database to the next.)
fn only_help(frame: &[u8]) -> bool {
    frame.starts_with(b"\x1b[?2026h")
        && frame
            .windows("Trợ giúp".len())
            .any(|w| w == "Trợ giúp".as_bytes())
}

fn quit(mut term: Pty) {
    term.send(CTRL_Q);
    let status = term.wait_exit();
    assert!(status.success(), "{status:?}");
    term.with(|o| {
        assert!(!o.term.on_alt, "left on the alternate screen");
        assert!(o.term.cursor_visible, "cursor left hidden");
    });
}

fn uses_box_drawing(term: &Pty) -> bool {
    term.with(|o| o.term.contents().contains('┌'))
}

/// Everything aligned on the terminal as it draws, names whole, and the
/// same picture as a narrow terminal would show.
/// `portable`: the output must look the same on a narrow terminal (true of
/// the ASCII profile, which draws nothing ambiguous; the wide profile
/// draws `đ` in the two columns such a terminal gives it).
fn assert_aligned(term: &Pty, portable: bool) {
    let ascii: Vec<String> = PROVINCES
        .iter()
        .map(|n| {
            use unicode_normalization::UnicodeNormalization;
            n.replace('Đ', "D").nfd().filter(char::is_ascii).collect()
        })
        .collect();
    let (bad, same, missing, text) = term.with(|o| {
        let unicode: Vec<String> = missing_names(&o.term, &PROVINCES)
            .into_iter()
            .map(String::from)
            .collect();
        let plain: Vec<&str> = ascii.iter().map(String::as_str).collect();
        let plain: Vec<String> = missing_names(&o.term, &plain)
            .into_iter()
            .map(String::from)
            .collect();
        (
            misalignments(&o.term),
            o.term.cells_nfc() == o.other.cells_nfc(),
            // Whole in one spelling or the other (ASCII drops diacritics).
            if unicode.len() <= plain.len() {
                unicode
            } else {
                plain
            },
            o.term.contents(),
        )
    });
    assert!(bad.is_empty(), "{bad:#?}\n{text}");
    assert!(
        !portable || same,
        "draws differently on the other kind of terminal:\n{text}"
    );
    assert!(missing.is_empty(), "{missing:?}\n{text}");
}

/// `đ` spelt as it is (PuTTY's CJK setting drew every `đ` as `d`:
/// "Cụm thi dua"): the cluster's name on the title line, whole.
fn assert_spelled(term: &Pty) {
    let text = term.contents();
    assert!(text.contains("Cụm thi đua"), "{text}");
    assert!(!text.contains("thi dua"), "{text}");
}

#[test]
fn a_narrow_terminal_gets_box_drawing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let term = start(&dir.path().join("db"), &[], &[], TermKind::NARROW);
    provinces_up(&term);
    assert!(uses_box_drawing(&term), "{}", term.contents());
    assert_aligned(&term, false);
    quit(term);
}

#[test]
fn a_wide_terminal_is_detected_and_every_table_stays_aligned() {
    let dir = tempfile::tempdir().expect("temp dir");
    let term = start(&dir.path().join("db"), &[], &[], TermKind::WIDE);
    provinces_up(&term);
    assert!(!uses_box_drawing(&term), "{}", term.contents());
    assert_aligned(&term, false);
    assert_spelled(&term);
    term.send(F4);
    term.wait_text("Tỉnh x chỉ tiêu");
    assert_aligned(&term, false);
    assert_spelled(&term);
    quit(term);
}

#[test]
fn the_control_narrow_profile_on_a_wide_terminal_breaks_the_table() {
    let dir = tempfile::tempdir().expect("temp dir");
    let term = start(
        &dir.path().join("db"),
        &["--ambiguous", "narrow"],
        &[],
        TermKind::WIDE,
    );
    term.wait_for("a frame", |e| e.contents().contains("12/12"));
    first_frame_whole(&term);
    let broken = term
        .with(|o| !misalignments(&o.term).is_empty() || o.term.cells_nfc() != o.other.cells_nfc());
    assert!(broken, "{}", term.contents());
    quit(term);
}

#[test]
fn a_silent_terminal_is_taken_as_narrow_after_the_time_out() {
    let dir = tempfile::tempdir().expect("temp dir");
    let kind = TermKind::WIDE.answering(Answer::Never);
    let term = start(&dir.path().join("db"), &[], &[], kind);
    provinces_up(&term);
    let waited = term.with(|o| o.first_frame_at.map(|t| t.duration_since(term.started)));
    assert!(
        waited.is_some_and(|w| w < Duration::from_secs(2)),
        "{waited:?}"
    );
    assert!(uses_box_drawing(&term));
    quit(term);
}

#[test]
fn a_late_answer_is_not_read_as_keys() {
    let dir = tempfile::tempdir().expect("temp dir");
    let kind = TermKind::NARROW.answering(Answer::After(Duration::from_millis(500)));
    let term = start(&dir.path().join("db"), &[], &[], kind);
    provinces_up(&term);
    // The three answers arrive after the probe gave up.
    term.wait_answers_sent(3);
    let text = term.contents();
    assert!(text.contains("(12/12)"), "{text}");
    assert!(
        text.contains("Tìm:  "),
        "the answer was typed into the filter:\n{text}"
    );
    // Narrow (the default on silence), and the keyboard still works: F1
    // draws Help, byte for byte as on a terminal that answered at once —
    // the answers redrew nothing.
    assert!(uses_box_drawing(&term));
    let help = help_frame(&term, term.bytes());
    assert!(
        only_help(&help),
        "a late answer redrew the screen: {:?}",
        String::from_utf8_lossy(&help)
    );
    quit(term);
}

/// Wait until the application has asked the terminal (`CSI 6n`).
fn probe_asked(term: &Pty) {
    let end = std::time::Instant::now() + DEADLINE;
    while !term.with(|o| o.raw.windows(4).any(|w| w == b"\x1b[6n")) {
        assert!(
            std::time::Instant::now() < end,
            "never probed:\n{}",
            term.contents()
        );
        std::thread::sleep(Duration::from_millis(2));
    }
}

#[test]
fn keys_typed_before_the_terminal_answers_are_handled_first() {
    // A slow link (the answers come 150 ms after the question, within the
    // time-out) and a silent terminal (the probe gives up).
    for (kind, wide) in [
        (
            TermKind::WIDE.answering(Answer::After(Duration::from_millis(150))),
            true,
        ),
        (TermKind::NARROW.answering(Answer::Never), false),
    ] {
        let dir = tempfile::tempdir().expect("temp dir");
        let term = start(&dir.path().join("db"), &[], &[], kind);
        probe_asked(&term);
        // Typed while the probe waits, before any frame.
        assert_eq!(term.sync_frames(), 0, "{}", term.contents());
        term.text("dong thap");
        term.send(ENTER);
        term.wait_text("Đồng Tháp (DT)");
        let text = term.contents();
        assert!(!text.contains("Các tỉnh"), "not on Entry:\n{text}");
        // The answers were read by the probe, not lost among the keys.
        assert_eq!(uses_box_drawing(&term), !wide, "{text}");
        quit(term);
    }
}

#[test]
fn an_explicit_choice_asks_nothing() {
    for (args, env) in [
        (vec!["--ambiguous", "wide"], vec![]),
        (vec![], vec![("THIDUA_AMBIGUOUS", "wide")]),
    ] {
        let dir = tempfile::tempdir().expect("temp dir");
        let kind = TermKind::WIDE.answering(Answer::Never);
        let term = start(&dir.path().join("db"), &args, &env, kind);
        provinces_up(&term);
        let raw = term.with(|o| o.raw.clone());
        assert!(!raw.windows(4).any(|w| w == b"\x1b[6n"), "probed anyway");
        assert!(!uses_box_drawing(&term));
        assert_aligned(&term, false);
        assert_spelled(&term);
        quit(term);
    }
}

#[test]
fn ascii_mode_draws_nothing_but_ascii() {
    let dir = tempfile::tempdir().expect("temp dir");
    let term = start(&dir.path().join("db"), &["--ascii"], &[], TermKind::NARROW);
    term.wait_text("(12/12)");
    term.wait_text("Dong Thap");
    let text = term.contents();
    assert!(text.is_ascii(), "{text}");
    quit(term);
}

#[test]
fn a_non_utf8_locale_gets_ascii_with_a_vietnamese_notice() {
    let dir = tempfile::tempdir().expect("temp dir");
    let term = start(
        &dir.path().join("db"),
        &[],
        &[("LANG", "vi_VN.TCVN")],
        TermKind::NARROW,
    );
    term.wait_text("(12/12)");
    term.wait_text("khong dau");
    assert!(term.contents().is_ascii(), "{}", term.contents());
    quit(term);
}

#[test]
fn a_terminal_showing_utf8_as_latin1_gets_ascii_with_a_notice() {
    let dir = tempfile::tempdir().expect("temp dir");
    let kind = TermKind {
        latin1: true,
        ..TermKind::NARROW
    };
    let term = start(&dir.path().join("db"), &[], &[], kind);
    term.wait_text("(12/12)");
    term.wait_text("khong dau");
    assert!(term.contents().is_ascii(), "{}", term.contents());
    assert_aligned(&term, true);
    quit(term);
}

/// SGR parameters that set a colour (30–49, 90–107).
fn colour_codes(raw: &[u8]) -> Vec<String> {
    let text = String::from_utf8_lossy(raw);
    let mut found = Vec::new();
    for part in text.split("\x1b[").skip(1) {
        let Some(end) = part.find(|c: char| !(c.is_ascii_digit() || c == ';')) else {
            continue;
        };
        if !part[end..].starts_with('m') {
            continue;
        }
        for p in part[..end].split(';') {
            if let Ok(n) = p.parse::<u16>()
                && ((30..=49).contains(&n) || (90..=107).contains(&n))
            {
                found.push(part[..end].to_string());
            }
        }
    }
    found
}

#[test]
fn no_color_means_no_colour_codes() {
    let dir = tempfile::tempdir().expect("temp dir");
    let term = start(
        &dir.path().join("db"),
        &[],
        &[("NO_COLOR", "1")],
        TermKind::NARROW,
    );
    provinces_up(&term);
    term.send(F4);
    term.wait_text("Tỉnh × chỉ tiêu");
    let before = term.contents();
    term.send(RIGHT);
    term.wait_for("the next indicator", |e| e.contents() != before);
    let codes = term.with(|o| colour_codes(&o.raw));
    assert!(codes.is_empty(), "{codes:?}");
    quit(term);
}

#[test]
fn term_dumb_points_to_the_subcommands() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut term = start(
        &dir.path().join("db"),
        &[],
        &[("TERM", "dumb")],
        TermKind::NARROW,
    );
    let status = term.wait_exit();
    let text = term.contents();
    assert!(text.contains("thidua export"), "{text}");
    assert!(text.contains("thidua report"), "{text}");
    assert!(status.success(), "{status:?}");
    term.with(|o| assert!(!o.raw.windows(8).any(|w| w == b"\x1b[?1049h")));
}

fn open_dong_thap_typing(term: &Pty, typed: &str) {
    term.text("dong thap");
    term.wait_text("(1/12)");
    term.send(ENTER);
    term.wait_text("Đồng Tháp (DT)");
    term.text(typed);
    term.wait_text(typed);
}

fn assert_restored(term: &Pty) {
    term.with(|o| {
        assert!(!o.term.on_alt, "still on the alternate screen");
        assert!(o.term.cursor_visible, "cursor still hidden");
    });
}

#[test]
fn sighup_while_typing_restores_the_terminal_and_discards_the_cell() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("db");
    let before = stored(&db);
    let mut term = start(&db, &[], &[], TermKind::NARROW);
    provinces_up(&term);
    open_dong_thap_typing(&term, "4,25");
    term.signal(libc::SIGHUP);
    let status = term.wait_exit();
    assert_eq!(status.exit_code(), 129, "{status:?}");
    assert_restored(&term);
    drop(term);
    // The cell being typed was not committed; the database opens at once.
    assert_eq!(stored(&db), before);
    let term = start(&db, &[], &[], TermKind::NARROW);
    provinces_up(&term);
    quit(term);
}

#[test]
fn sigterm_restores_the_terminal_and_exits_143() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut term = start(&dir.path().join("db"), &[], &[], TermKind::NARROW);
    provinces_up(&term);
    term.signal(libc::SIGTERM);
    let status = term.wait_exit();
    assert_eq!(status.exit_code(), 143, "{status:?}");
    assert_restored(&term);
}

#[test]
fn sigint_cancels_a_cell_being_typed_and_quits_outside_text_entry() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("db");
    let before = stored(&db);
    let mut term = start(&db, &[], &[], TermKind::NARROW);
    provinces_up(&term);
    open_dong_thap_typing(&term, "4,25");
    term.signal(libc::SIGINT);
    term.wait_for("the cell cancelled", |e| !e.contents().contains("4,25"));
    assert!(
        term.child.try_wait().expect("try_wait").is_none(),
        "exited on SIGINT while typing"
    );
    term.signal(libc::SIGINT);
    let status = term.wait_exit();
    assert_eq!(status.exit_code(), 130, "{status:?}");
    assert_restored(&term);
    assert_eq!(stored(&db), before);
}

#[test]
fn a_dropped_connection_keeps_committed_figures_and_discards_the_typed_cell() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("db");
    let mut term = start(&db, &[], &[], TermKind::NARROW);
    provinces_up(&term);
    open_dong_thap_typing(&term, "4,25");
    term.send(ENTER);
    term.wait_text("Đã lưu 4,25");
    term.text("9876");
    term.wait_text("9876");
    term.hang_up();
    let status = term.wait_exit();
    assert_eq!(status.exit_code(), 129, "{status:?}");
    drop(term);
    let stored = stored(&db);
    assert!(stored.contains(",4.25"), "{stored}");
    assert!(!stored.contains("9876"), "{stored}");
    // The next start opens the database at once.
    let term = start(&db, &[], &[], TermKind::NARROW);
    provinces_up(&term);
    quit(term);
}

/// A key that changes nothing, a resize to the size the terminal already
/// has, and the time in between write nothing: the next key's frame (F1)
/// is then byte for byte what a fresh start writes for it.
#[test]
fn nothing_is_written_when_nothing_changes() {
    let dir = tempfile::tempdir().expect("temp dir");
    let term = start(&dir.path().join("db"), &[], &[], TermKind::NARROW);
    provinces_up(&term);
    let before = term.bytes();
    // Up on the first province: the selection cannot move.
    term.send(UP);
    // A resize notice for the size the terminal already has.
    term.signal(libc::SIGWINCH);
    let help = help_frame(&term, before);
    assert!(
        only_help(&help),
        "something was written before Help's frame: {:?}",
        String::from_utf8_lossy(&help)
    );
    quit(term);
}

/// A terminal that goes away without a SIGHUP (it was not the program's
/// controlling terminal, so the kernel sends none): the end of file on its
/// input ends the application as a hang-up does — exit 129, the committed
/// figure kept, the typed one discarded — instead of reading the end of
/// file again for ever.
#[test]
fn end_of_file_on_the_terminal_exits_129_and_keeps_committed_figures() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("db");
    let db_arg = db.to_str().expect("utf-8 path");
    let mut term = Pty::start_detached(&binary(), &["--db", db_arg], 80, 24);
    provinces_up(&term);
    open_dong_thap_typing(&term, "4,25");
    term.send(ENTER);
    term.wait_text("Đã lưu 4,25");
    term.text("9876");
    term.wait_text("9876");
    term.hang_up();
    let status = term.wait_exit();
    assert_eq!(status.exit_code(), 129, "{status:?}");
    drop(term);
    let stored = stored(&db);
    assert!(stored.contains(",4.25"), "{stored}");
    assert!(!stored.contains("9876"), "{stored}");
}
