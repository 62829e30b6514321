//! Keys typed ahead: decode the bytes an officer typed while the start-up
//! probe was reading the terminal ([`super::probe::Probed::typed`]) into key
//! events, which the application handles before anything read later.
//!
//! Only what can realistically be typed is decoded, the way crossterm
//! decodes it (so the key table treats both alike): UTF-8 printable
//! characters (Vietnamese precomposed or with combining marks; upper case
//! carries Shift), Enter (`\r`, `\n`), Tab, Backspace (`0x7f`, `0x08`),
//! Ctrl+letter (`0x01..=0x1a`), arrows, Home/End/Insert/Delete/PageUp/
//! PageDown, F1–F12, Shift+Tab, and a lone Esc. Anything else (a partial
//! sequence, invalid UTF-8, Alt+key, other control bytes) is dropped.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

const ESC: u8 = 0x1b;

/// The key events `bytes` encode, in order.
pub fn decode(bytes: &[u8]) -> Vec<KeyEvent> {
    let mut keys = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let (key, used) = decode_one(&bytes[i..]);
        keys.extend(key);
        i += used.max(1);
    }
    keys
}

fn key(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

/// The key at the start of `bytes` (None: dropped) and how many bytes it
/// took (at least one).
fn decode_one(bytes: &[u8]) -> (Option<KeyEvent>, usize) {
    let Some(&first) = bytes.first() else {
        return (None, 1);
    };
    match first {
        ESC => escape(bytes),
        b'\r' | b'\n' => (Some(key(KeyCode::Enter)), 1),
        b'\t' => (Some(key(KeyCode::Tab)), 1),
        0x7f | 0x08 => (Some(key(KeyCode::Backspace)), 1),
        0x01..=0x1a => {
            let letter = char::from(first - 0x01 + b'a');
            (
                Some(KeyEvent::new(KeyCode::Char(letter), KeyModifiers::CONTROL)),
                1,
            )
        }
        0x00..=0x1f => (None, 1),
        _ => character(bytes),
    }
}

/// One UTF-8 character; invalid or unfinished bytes are dropped one by one.
fn character(bytes: &[u8]) -> (Option<KeyEvent>, usize) {
    let len = match bytes[0] {
        0x20..=0x7e => 1,
        0xc2..=0xdf => 2,
        0xe0..=0xef => 3,
        0xf0..=0xf4 => 4,
        _ => return (None, 1),
    };
    let Some(c) = bytes
        .get(..len)
        .and_then(|b| std::str::from_utf8(b).ok())
        .and_then(|s| s.chars().next())
    else {
        return (None, 1);
    };
    if c.is_control() {
        return (None, len);
    }
    let modifiers = if c.is_uppercase() {
        KeyModifiers::SHIFT
    } else {
        KeyModifiers::NONE
    };
    (Some(KeyEvent::new(KeyCode::Char(c), modifiers)), len)
}

/// A sequence starting with ESC: CSI (`ESC [`), SS3 (`ESC O`), or Esc.
fn escape(bytes: &[u8]) -> (Option<KeyEvent>, usize) {
    match bytes.get(1) {
        // A lone Esc: at the end, or before the next sequence.
        None | Some(&ESC) => (Some(key(KeyCode::Esc)), 1),
        Some(b'[') => csi(bytes),
        Some(b'O') => match bytes.get(2) {
            Some(&b) => (ss3(b).map(key), 3),
            // `ESC O` cut short: dropped.
            None => (None, 2),
        },
        // Alt+key (ESC then a character): dropped with its character.
        Some(_) => {
            let (_, used) = decode_one(&bytes[1..]);
            (None, 1 + used.max(1))
        }
    }
}

fn ss3(b: u8) -> Option<KeyCode> {
    Some(match b {
        b'A' => KeyCode::Up,
        b'B' => KeyCode::Down,
        b'C' => KeyCode::Right,
        b'D' => KeyCode::Left,
        b'H' => KeyCode::Home,
        b'F' => KeyCode::End,
        b'P' => KeyCode::F(1),
        b'Q' => KeyCode::F(2),
        b'R' => KeyCode::F(3),
        b'S' => KeyCode::F(4),
        _ => return None,
    })
}

/// `ESC [` parameters final: the keys listed in the module doc; any other
/// complete sequence, and an unfinished one, are dropped whole.
fn csi(bytes: &[u8]) -> (Option<KeyEvent>, usize) {
    let rest = &bytes[2..];
    let Some(end) = rest.iter().position(|b| !(0x30..=0x3f).contains(b)) else {
        return (None, bytes.len());
    };
    let fin = rest[end];
    if !(0x40..=0x7e).contains(&fin) {
        // Not a sequence after all: drop `ESC [` and what looked like
        // parameters, decode from the offending byte.
        return (None, 2 + end);
    }
    let used = 2 + end + 1;
    let params = &rest[..end];
    let code = match (params, fin) {
        (b"", b'A') => KeyCode::Up,
        (b"", b'B') => KeyCode::Down,
        (b"", b'C') => KeyCode::Right,
        (b"", b'D') => KeyCode::Left,
        (b"", b'H') => KeyCode::Home,
        (b"", b'F') => KeyCode::End,
        (b"", b'Z') => {
            return (
                Some(KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT)),
                used,
            );
        }
        (n, b'~') => match n {
            b"1" | b"7" => KeyCode::Home,
            b"2" => KeyCode::Insert,
            b"3" => KeyCode::Delete,
            b"4" | b"8" => KeyCode::End,
            b"5" => KeyCode::PageUp,
            b"6" => KeyCode::PageDown,
            b"15" => KeyCode::F(5),
            b"17" => KeyCode::F(6),
            b"18" => KeyCode::F(7),
            b"19" => KeyCode::F(8),
            b"20" => KeyCode::F(9),
            b"21" => KeyCode::F(10),
            b"23" => KeyCode::F(11),
            b"24" => KeyCode::F(12),
            _ => return (None, used),
        },
        _ => return (None, used),
    };
    (Some(key(code)), used)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(bytes: &[u8]) -> Vec<KeyCode> {
        decode(bytes).into_iter().map(|k| k.code).collect()
    }

    fn chars(s: &str) -> Vec<KeyCode> {
        s.chars().map(KeyCode::Char).collect()
    }

    #[test]
    fn text_is_characters_ascii_and_vietnamese() {
        assert_eq!(codes(b"dong thap"), chars("dong thap"));
        // Precomposed (NFC) and decomposed (NFD: base letters and
        // combining marks) alike, each code point a character.
        let nfc = "Đồng Tháp";
        assert_eq!(codes(nfc.as_bytes()), chars(nfc));
        let nfd = "Đo\u{302}\u{300}ng Tha\u{301}p";
        assert_eq!(codes(nfd.as_bytes()), chars(nfd));
        assert_eq!(codes("1.234,5%".as_bytes()), chars("1.234,5%"));
    }

    #[test]
    fn upper_case_carries_shift_as_crossterm_reports_it() {
        let keys = decode("Aă Đ".as_bytes());
        let mods: Vec<KeyModifiers> = keys.iter().map(|k| k.modifiers).collect();
        assert_eq!(
            mods,
            [
                KeyModifiers::SHIFT,
                KeyModifiers::NONE,
                KeyModifiers::NONE,
                KeyModifiers::SHIFT
            ]
        );
    }

    #[test]
    fn enter_tab_and_backspace() {
        assert_eq!(
            codes(b"a\rb\nc\td\x7fe\x08"),
            [
                KeyCode::Char('a'),
                KeyCode::Enter,
                KeyCode::Char('b'),
                KeyCode::Enter,
                KeyCode::Char('c'),
                KeyCode::Tab,
                KeyCode::Char('d'),
                KeyCode::Backspace,
                KeyCode::Char('e'),
                KeyCode::Backspace,
            ]
        );
    }

    #[test]
    fn control_bytes_are_ctrl_letters() {
        let ctrl = |c| KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL);
        assert_eq!(decode(b"\x11"), [ctrl('q')]);
        assert_eq!(
            decode(b"\x01\x03\x10\x1a"),
            [ctrl('a'), ctrl('c'), ctrl('p'), ctrl('z')]
        );
        // NUL and 0x1c..=0x1f are not typed keys here.
        assert_eq!(decode(b"\x00\x1c\x1d\x1e\x1f"), []);
    }

    #[test]
    fn arrows_in_both_cursor_modes() {
        let arrows = [KeyCode::Up, KeyCode::Down, KeyCode::Right, KeyCode::Left];
        assert_eq!(codes(b"\x1b[A\x1b[B\x1b[C\x1b[D"), arrows);
        assert_eq!(codes(b"\x1bOA\x1bOB\x1bOC\x1bOD"), arrows);
    }

    #[test]
    fn editing_keys() {
        assert_eq!(
            codes(b"\x1b[H\x1b[F\x1bOH\x1bOF"),
            [KeyCode::Home, KeyCode::End, KeyCode::Home, KeyCode::End]
        );
        assert_eq!(
            codes(b"\x1b[1~\x1b[2~\x1b[3~\x1b[4~\x1b[5~\x1b[6~"),
            [
                KeyCode::Home,
                KeyCode::Insert,
                KeyCode::Delete,
                KeyCode::End,
                KeyCode::PageUp,
                KeyCode::PageDown
            ]
        );
        assert_eq!(
            decode(b"\x1b[Z"),
            [KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT)]
        );
    }

    #[test]
    fn function_keys() {
        let f: Vec<KeyCode> = (1..=12).map(KeyCode::F).collect();
        let typed = b"\x1bOP\x1bOQ\x1bOR\x1bOS\x1b[15~\x1b[17~\x1b[18~\x1b[19~\x1b[20~\x1b[21~\x1b[23~\x1b[24~";
        assert_eq!(codes(typed), f);
    }

    #[test]
    fn esc_alone_or_before_a_sequence() {
        assert_eq!(codes(b"\x1b"), [KeyCode::Esc]);
        assert_eq!(codes(b"a\x1b"), [KeyCode::Char('a'), KeyCode::Esc]);
        assert_eq!(codes(b"\x1b\x1b"), [KeyCode::Esc, KeyCode::Esc]);
        assert_eq!(codes(b"\x1b\x1b[A"), [KeyCode::Esc, KeyCode::Up]);
    }

    #[test]
    fn unrecognised_and_partial_input_is_dropped() {
        // Partial sequences at the end.
        assert_eq!(codes(b"a\x1b["), chars("a"));
        assert_eq!(codes(b"a\x1b[15"), chars("a"));
        assert_eq!(codes(b"a\x1bO"), chars("a"));
        // Complete but unknown sequences, whole, and what follows survives.
        assert_eq!(codes(b"\x1b[99~b"), chars("b"));
        assert_eq!(codes(b"\x1b[1;5Ab"), chars("b"));
        assert_eq!(codes(b"\x1bOxb"), chars("b"));
        assert_eq!(codes(b"\x1b[?25hb"), chars("b"));
        // Alt+key: ESC and its character (one or more bytes).
        assert_eq!(codes(b"\x1bxb"), chars("b"));
        assert_eq!(codes("\x1bđb".as_bytes()), chars("b"));
        // Not a sequence: `ESC [` then a control byte.
        assert_eq!(codes(b"\x1b[\rb"), [KeyCode::Enter, KeyCode::Char('b')]);
    }

    #[test]
    fn invalid_utf8_is_dropped_and_decoding_goes_on() {
        // A stray continuation byte, a lead byte without continuation, an
        // over-long form, a C1 control, and a truncated character at the end.
        let mut bytes = b"a\x80b\xc3c\xc0\xafd\xc2\x85e".to_vec();
        bytes.extend_from_slice(&"ồ".as_bytes()[..2]);
        assert_eq!(codes(&bytes), chars("abcde"));
        // A character split by another byte is not glued back together.
        assert_eq!(codes(b"\xe1x\xbb\x93"), chars("x"));
    }
}
