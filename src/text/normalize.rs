//! Normalisation and sanitising of text that will be stored or shown.
//!
//! Vietnamese arrives in two Unicode forms: precomposed (NFC, `ấ` is one
//! code point) from most IMEs, and decomposed (NFD, `a` + `̂` + `́`) from some
//! macOS and web sources. Stored text is always NFC so that equality, keys and
//! widths do not depend on where a name was typed.
//!
//! Text from CSV files, the command line or a paste may also carry terminal
//! control: a province name must never be able to move the cursor, change
//! colours or set the window title on an officer's terminal. [`clean`]
//! therefore drops C0/C1 control characters *and the whole escape sequence they
//! introduce* (CSI `ESC [ … final`, OSC/DCS/SOS/PM/APC strings up to BEL or ST,
//! two- and three-byte `ESC x` sequences), so no parameter bytes such as `[31m`
//! are left behind as visible garbage. Tabs and line breaks become one space
//! (`\r\n` counts as one break). Invisible format characters that can reorder
//! or hide text are dropped too: the byte-order mark U+FEFF (Excel puts it at
//! the start of CSV files) and the bidirectional controls U+200E, U+200F,
//! U+202A–U+202E, U+2066–U+2069, U+061C. Joiners (U+200C, U+200D) are kept,
//! emoji sequences need them.

use std::borrow::Cow;

use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

/// NFC form of `s` with control characters and escape sequences removed;
/// tabs and line breaks become a space, ordinary spaces are kept as they are.
pub fn clean(s: &str) -> String {
    if s.chars().all(|c| !needs_cleaning(c)) && is_nfc_quick(s.chars()) == IsNormalized::Yes {
        return s.to_owned();
    }
    let mut stripped = String::with_capacity(s.len());
    strip_controls(s, &mut stripped);
    stripped.nfc().collect()
}

/// [`clean`], then leading and trailing spaces removed and inner runs of
/// whitespace collapsed to one space: the form for names and labels, where
/// `"Đồng  Tháp "` and `"Đồng Tháp"` must be the same name.
pub fn clean_name(s: &str) -> String {
    let cleaned = clean(s);
    let mut out = String::with_capacity(cleaned.len());
    for word in cleaned.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// NFC form of `s`, borrowed when it already is NFC (the usual case).
pub fn nfc(s: &str) -> Cow<'_, str> {
    match is_nfc_quick(s.chars()) {
        IsNormalized::Yes => Cow::Borrowed(s),
        _ => {
            let composed: String = s.nfc().collect();
            if composed == s {
                Cow::Borrowed(s)
            } else {
                Cow::Owned(composed)
            }
        }
    }
}

/// True when [`clean`] would return `s` unchanged.
pub fn is_clean(s: &str) -> bool {
    s.chars().all(|c| !needs_cleaning(c)) && nfc(s) == s
}

/// Characters that [`clean`] removes or replaces.
fn needs_cleaning(c: char) -> bool {
    c.is_control() || is_invisible_format(c) || is_line_separator(c)
}

fn is_invisible_format(c: char) -> bool {
    matches!(
        c,
        '\u{FEFF}'
            | '\u{200E}'
            | '\u{200F}'
            | '\u{061C}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2066}'..='\u{2069}'
    )
}

fn is_line_separator(c: char) -> bool {
    matches!(c, '\u{2028}' | '\u{2029}')
}

/// A cursor over a string that can look two characters ahead, which escape
/// sequences need (`ESC \` ends a string, `ESC [` starts a CSI).
struct Cursor<'a> {
    rest: &'a str,
}

impl Cursor<'_> {
    fn peek(&self) -> Option<char> {
        self.rest.chars().next()
    }

    fn peek2(&self) -> Option<char> {
        let mut it = self.rest.chars();
        it.next();
        it.next()
    }

    fn bump(&mut self) -> Option<char> {
        let mut it = self.rest.chars();
        let c = it.next();
        self.rest = it.as_str();
        c
    }

    fn bump_if(&mut self, pred: impl Fn(char) -> bool) -> bool {
        match self.peek() {
            Some(c) if pred(c) => {
                self.bump();
                true
            }
            _ => false,
        }
    }
}

const ESC: char = '\u{1B}';
const BEL: char = '\u{07}';
/// 8-bit forms of the sequence introducers (C1 controls).
const C1_CSI: char = '\u{9B}';
const C1_ST: char = '\u{9C}';

fn strip_controls(s: &str, out: &mut String) {
    let mut cur = Cursor { rest: s };
    while let Some(c) = cur.bump() {
        match c {
            ESC => skip_escape(&mut cur),
            C1_CSI => skip_csi(&mut cur),
            // OSC, DCS, SOS, PM, APC: a string that runs to its terminator.
            '\u{9D}' | '\u{90}' | '\u{98}' | '\u{9E}' | '\u{9F}' => skip_string(&mut cur),
            '\r' => {
                cur.bump_if(|n| n == '\n');
                out.push(' ');
            }
            '\t' | '\n' | '\u{0B}' | '\u{0C}' | '\u{85}' => out.push(' '),
            c if is_line_separator(c) => out.push(' '),
            c if c.is_control() || is_invisible_format(c) => {}
            c => out.push(c),
        }
    }
}

/// After ESC: drop the rest of the sequence (ECMA-48 / ECMA-35 shapes).
fn skip_escape(cur: &mut Cursor<'_>) {
    match cur.peek() {
        Some('[') => {
            cur.bump();
            skip_csi(cur);
        }
        Some(']' | 'P' | 'X' | '^' | '_') => {
            cur.bump();
            skip_string(cur);
        }
        // nF: intermediate bytes, then one final byte (`ESC ( B`).
        Some('\u{20}'..='\u{2F}') => {
            while cur.bump_if(|c| ('\u{20}'..='\u{2F}').contains(&c)) {}
            cur.bump_if(|c| ('\u{30}'..='\u{7E}').contains(&c));
        }
        // Fp, Fe, Fs: one final byte (`ESC 7`, `ESC M`, `ESC c`).
        Some('\u{30}'..='\u{7E}') => {
            cur.bump();
        }
        // A lone ESC: drop it, what follows is ordinary text.
        _ => {}
    }
}

/// After CSI: parameter and intermediate bytes, then a final byte. A byte
/// outside those ranges ends the sequence without being swallowed, the way a
/// terminal aborts a malformed CSI.
fn skip_csi(cur: &mut Cursor<'_>) {
    while let Some(c) = cur.peek() {
        match c {
            '\u{20}'..='\u{3F}' => {
                cur.bump();
            }
            '\u{40}'..='\u{7E}' => {
                cur.bump();
                return;
            }
            _ => return,
        }
    }
}

/// After OSC/DCS/SOS/PM/APC: everything up to BEL or ST (`ESC \` or U+009C).
/// An unterminated string runs to the end, as a terminal would swallow it.
fn skip_string(cur: &mut Cursor<'_>) {
    while let Some(c) = cur.peek() {
        match c {
            BEL | C1_ST => {
                cur.bump();
                return;
            }
            ESC => {
                if cur.peek2() == Some('\\') {
                    cur.bump();
                    cur.bump();
                }
                // Any other ESC starts a new sequence: leave it to the caller.
                return;
            }
            _ => {
                cur.bump();
            }
        }
    }
}
