//! What the officer's terminal can draw, and the text and symbols to draw
//! for it.
//!
//! Two things vary between the terminals officers use:
//!
//! - **Ambiguous width.** Unicode marks some characters *East Asian
//!   Ambiguous*: a terminal may draw them one or two columns wide. Among the
//!   Vietnamese letters exactly twelve are, all lowercase and precomposed:
//!   `à á è é ê ì í ò ó ù ú đ` (the Latin-1 ones and `đ`; every other toned
//!   letter such as `ế` or `ạ` lives in blocks that are never ambiguous).
//!   So are the box-drawing characters, most block characters (`█`, though
//!   not the light shade `░`), `…`, `“ ”`, `–` and the arrows `▲ ▼ ◀ ▶`. ratatui always counts them one column;
//!   PuTTY with "treat CJK ambiguous characters as wide" draws them as two,
//!   and tables fall apart. In [`Ambiguous::Wide`] mode [`Profile::show`]
//!   therefore rewrites each ambiguous character into a form that is one
//!   column everywhere: a letter with a canonical decomposition becomes base
//!   letter + combining mark (`é` → `e` + U+0301; combining marks are zero
//!   columns in both modes), and anything else gets a one-column ASCII
//!   stand-in (`…` → `~`, `“` → `"`, `–` → `-`, box drawing → `+ - |`,
//!   blocks → `#`), or `?` when there is none (Greek and Cyrillic letters are
//!   ambiguous as well and become `?`; they do not occur in this program's
//!   data). The set is not a hand list: a character is ambiguous when
//!   `unicode-width` gives it a different width in CJK context, or when it is
//!   one of the ambiguous letters `unicode-width` keeps narrow there (see
//!   [`is_ambiguous`]).
//!
//!   `đ` has no decomposition, and no other spelling: `d` is another
//!   letter ("thi dua" is not "thi đua"), and `d` + U+0335 (combining
//!   short stroke) draws badly or not at all in many Windows console fonts.
//!   So `đ` keeps its spelling and takes the two columns such a terminal
//!   draws it in: in this profile [`Profile::width`] counts it two, and
//!   [`Profile::show`] follows it with [`WIDE_PAD`], a space in the column
//!   the letter covers, which the drawing marks as covered (the frame
//!   writer does not write it). `Đ` is not ambiguous and stays as it is.
//!
//! - **Charset.** [`Charset::Ascii`] drops diacritics (`Đồng Tháp` →
//!   `Dong Thap`) for terminals that cannot show them at all; other
//!   characters get the same ASCII stand-ins, or one `?` per column they
//!   would have taken (`中` → `??`), so layouts measured with
//!   [`mod@crate::text::width`] stay true.
//!
//! In every profile the text drawn measures, by
//! [`crate::text::width::width`], what [`Profile::width`] gives the original
//! text (its width, plus one column per `đ` where ambiguous letters are
//! wide): views lay out with the original measured by the profile
//! ([`Profile::width`], [`Profile::fit`]) and draw what [`Profile::show`]
//! returns.
//!
//! [`Profile::symbols`] gives the borders, gauge, arrows and marks to draw:
//! box drawing and blocks in the default profile, plain ASCII (`+ - | # .`)
//! whenever ambiguous characters are wide or only ASCII can be shown.
//! How the profile is detected at start-up is not decided here.

use std::borrow::Cow;

use ratatui::symbols::{border, line};
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::{decompose_canonical, is_combining_mark};
use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthChar;

use crate::text::width::{Align, cut_by, grapheme_width, pad_from, width};

/// The letter that keeps its spelling where ambiguous letters are drawn
/// two columns wide, taking both (see the module documentation).
pub const WIDE_LETTER: char = 'đ';

/// What [`Profile::show`] puts after [`WIDE_LETTER`] where it is drawn two
/// columns wide: the column the letter covers.
pub const WIDE_PAD: char = ' ';

/// How the terminal draws East Asian Ambiguous characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Ambiguous {
    /// One column, as ratatui assumes (most terminals).
    #[default]
    Narrow,
    /// Two columns (PuTTY's "CJK ambiguous as wide", some CJK locales).
    Wide,
}

/// Which characters the terminal can show.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Charset {
    #[default]
    Unicode,
    /// ASCII only: diacritics are dropped.
    Ascii,
}

/// The terminal as far as drawing text is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Profile {
    pub ambiguous: Ambiguous,
    pub charset: Charset,
}

/// Symbols for drawing in one profile. The border and line sets plug into
/// ratatui's `Block::border_set` and line widgets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Symbols {
    pub border: border::Set<'static>,
    pub line: line::Set<'static>,
    pub gauge_filled: &'static str,
    pub gauge_empty: &'static str,
    pub arrow_up: &'static str,
    pub arrow_down: &'static str,
    pub arrow_left: &'static str,
    pub arrow_right: &'static str,
    /// End of cut text; pass it to [`crate::text::width::cut_with`].
    pub ellipsis: &'static str,
    /// Shown beside a figure once it is safely stored.
    pub saved: &'static str,
    /// Between fields of a status line.
    pub separator: &'static str,
}

/// Box drawing and blocks: for terminals that draw ambiguous characters narrow.
pub static UNICODE_SYMBOLS: Symbols = Symbols {
    border: border::PLAIN,
    line: line::NORMAL,
    gauge_filled: "█",
    gauge_empty: "░",
    arrow_up: "▲",
    arrow_down: "▼",
    arrow_left: "◀",
    arrow_right: "▶",
    ellipsis: "…",
    saved: "✓",
    separator: "│",
};

/// Plain ASCII: nothing ambiguous, nothing outside ASCII.
pub static ASCII_SYMBOLS: Symbols = Symbols {
    border: border::Set {
        top_left: "+",
        top_right: "+",
        bottom_left: "+",
        bottom_right: "+",
        vertical_left: "|",
        vertical_right: "|",
        horizontal_top: "-",
        horizontal_bottom: "-",
    },
    line: line::Set {
        vertical: "|",
        horizontal: "-",
        top_right: "+",
        top_left: "+",
        bottom_right: "+",
        bottom_left: "+",
        vertical_left: "+",
        vertical_right: "+",
        horizontal_down: "+",
        horizontal_up: "+",
        cross: "+",
    },
    gauge_filled: "#",
    gauge_empty: ".",
    arrow_up: "^",
    arrow_down: "v",
    arrow_left: "<",
    arrow_right: ">",
    ellipsis: "~",
    saved: "*",
    separator: "|",
};

impl Profile {
    /// The text to draw for `s` on this terminal; borrowed when unchanged
    /// (always in the default narrow Unicode profile).
    pub fn show<'a>(&self, s: &'a str) -> Cow<'a, str> {
        match (self.charset, self.ambiguous) {
            (Charset::Unicode, Ambiguous::Narrow) => Cow::Borrowed(s),
            (Charset::Unicode, Ambiguous::Wide) => {
                if s.chars().any(is_ambiguous) {
                    Cow::Owned(rewrite(s, push_wide_safe, |g| self.grapheme_width(g)))
                } else {
                    Cow::Borrowed(s)
                }
            }
            (Charset::Ascii, _) => {
                if s.is_ascii() {
                    Cow::Borrowed(s)
                } else {
                    Cow::Owned(rewrite(s, push_ascii, width))
                }
            }
        }
    }

    /// Whether `đ` is drawn two columns wide, followed by [`WIDE_PAD`].
    pub fn wide_letters(&self) -> bool {
        (self.charset, self.ambiguous) == (Charset::Unicode, Ambiguous::Wide)
    }

    /// Columns `s` takes on this terminal: its width, and one more per `đ`
    /// where that letter is drawn two columns wide.
    pub fn width(&self, s: &str) -> usize {
        let w = width(s);
        if self.wide_letters() {
            w + s.chars().filter(|&c| c == WIDE_LETTER).count()
        } else {
            w
        }
    }

    /// Columns one grapheme takes on this terminal.
    pub fn grapheme_width(&self, g: &str) -> usize {
        let w = grapheme_width(g);
        if self.wide_letters() && w > 0 && g.contains(WIDE_LETTER) {
            w + 1
        } else {
            w
        }
    }

    /// `s` cut (with this profile's ellipsis) or padded to exactly `w`
    /// columns of this terminal; cuts never split a grapheme, nor a `đ`
    /// from the column it covers.
    pub fn fit(&self, s: &str, w: usize, align: Align) -> String {
        let ellipsis = self.symbols().ellipsis;
        let cut = if self.wide_letters() {
            cut_by(s, w, ellipsis, |g| self.grapheme_width(g))
        } else {
            crate::text::width::cut_with(s, w, ellipsis)
        };
        let have = self.width(&cut);
        pad_from(&cut, have, w, align)
    }

    /// The symbol set for this terminal.
    pub fn symbols(&self) -> &'static Symbols {
        match (self.charset, self.ambiguous) {
            (Charset::Unicode, Ambiguous::Narrow) => &UNICODE_SYMBOLS,
            _ => &ASCII_SYMBOLS,
        }
    }
}

/// True for characters a terminal may draw one or two columns wide.
pub fn is_ambiguous(c: char) -> bool {
    c.width() != c.width_cjk() || is_ambiguous_letter(c)
}

/// `unicode-width`'s `width_cjk` keeps letters and modifier symbols narrow
/// even when they are East Asian Ambiguous (its rule excludes General_Category
/// Letter and Modifier_Symbol), but PuTTY and other terminals that follow
/// Markus Kuhn's `wcwidth_cjk` do widen them; `à` is one of them. These are
/// those characters: East_Asian_Width=A and General_Category L* or Sk, from
/// the Unicode Character Database 14.0 (193 characters in 61 ranges).
fn is_ambiguous_letter(c: char) -> bool {
    AMBIGUOUS_LETTERS
        .binary_search_by(|&(lo, hi)| {
            if hi < c {
                std::cmp::Ordering::Less
            } else if lo > c {
                std::cmp::Ordering::Greater
            } else {
                std::cmp::Ordering::Equal
            }
        })
        .is_ok()
}

const AMBIGUOUS_LETTERS: [(char, char); 61] = [
    ('\u{00A8}', '\u{00A8}'),
    ('\u{00AA}', '\u{00AA}'),
    ('\u{00B4}', '\u{00B4}'),
    ('\u{00B8}', '\u{00B8}'),
    ('\u{00BA}', '\u{00BA}'),
    ('\u{00C6}', '\u{00C6}'),
    ('\u{00D0}', '\u{00D0}'),
    ('\u{00D8}', '\u{00D8}'),
    ('\u{00DE}', '\u{00E1}'),
    ('\u{00E6}', '\u{00E6}'),
    ('\u{00E8}', '\u{00EA}'),
    ('\u{00EC}', '\u{00ED}'),
    ('\u{00F0}', '\u{00F0}'),
    ('\u{00F2}', '\u{00F3}'),
    ('\u{00F8}', '\u{00FA}'),
    ('\u{00FC}', '\u{00FC}'),
    ('\u{00FE}', '\u{00FE}'),
    ('\u{0101}', '\u{0101}'),
    ('\u{0111}', '\u{0111}'),
    ('\u{0113}', '\u{0113}'),
    ('\u{011B}', '\u{011B}'),
    ('\u{0126}', '\u{0127}'),
    ('\u{012B}', '\u{012B}'),
    ('\u{0131}', '\u{0133}'),
    ('\u{0138}', '\u{0138}'),
    ('\u{013F}', '\u{0142}'),
    ('\u{0144}', '\u{0144}'),
    ('\u{0148}', '\u{014B}'),
    ('\u{014D}', '\u{014D}'),
    ('\u{0152}', '\u{0153}'),
    ('\u{0166}', '\u{0167}'),
    ('\u{016B}', '\u{016B}'),
    ('\u{01CE}', '\u{01CE}'),
    ('\u{01D0}', '\u{01D0}'),
    ('\u{01D2}', '\u{01D2}'),
    ('\u{01D4}', '\u{01D4}'),
    ('\u{01D6}', '\u{01D6}'),
    ('\u{01D8}', '\u{01D8}'),
    ('\u{01DA}', '\u{01DA}'),
    ('\u{01DC}', '\u{01DC}'),
    ('\u{0251}', '\u{0251}'),
    ('\u{0261}', '\u{0261}'),
    ('\u{02C4}', '\u{02C4}'),
    ('\u{02C7}', '\u{02C7}'),
    ('\u{02C9}', '\u{02CB}'),
    ('\u{02CD}', '\u{02CD}'),
    ('\u{02D0}', '\u{02D0}'),
    ('\u{02D8}', '\u{02DB}'),
    ('\u{02DD}', '\u{02DD}'),
    ('\u{02DF}', '\u{02DF}'),
    ('\u{0391}', '\u{03A1}'),
    ('\u{03A3}', '\u{03A9}'),
    ('\u{03B1}', '\u{03C1}'),
    ('\u{03C3}', '\u{03C9}'),
    ('\u{0401}', '\u{0401}'),
    ('\u{0410}', '\u{044F}'),
    ('\u{0451}', '\u{0451}'),
    ('\u{207F}', '\u{207F}'),
    ('\u{2113}', '\u{2113}'),
    ('\u{2126}', '\u{2126}'),
    ('\u{212B}', '\u{212B}'),
];

/// Rewrites `s` grapheme by grapheme with `push`; a grapheme whose rewrite
/// does not take the `columns` the profile gives it becomes one `?` per
/// column instead.
fn rewrite(s: &str, push: fn(&str, &mut String), columns: impl Fn(&str) -> usize) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 2);
    let mut piece = String::new();
    for g in s.graphemes(true) {
        piece.clear();
        push(g, &mut piece);
        let w = columns(g);
        if width(&piece) == w {
            out.push_str(&piece);
        } else {
            out.extend(std::iter::repeat_n('?', w));
        }
    }
    out
}

/// Wide-ambiguous mode: each ambiguous character decomposed, or replaced;
/// `đ` kept, with the pad for the column it covers.
fn push_wide_safe(g: &str, out: &mut String) {
    for c in g.chars() {
        if !is_ambiguous(c) {
            out.push(c);
            continue;
        }
        if c == WIDE_LETTER {
            out.push(c);
            out.push(WIDE_PAD);
            continue;
        }
        let mut parts = String::new();
        decompose_canonical(c, |d| parts.push(d));
        let decomposes = parts.chars().count() > 1 && !parts.chars().any(is_ambiguous);
        if decomposes {
            out.push_str(&parts);
        } else {
            out.push(ascii_stand_in(c).unwrap_or('?'));
        }
    }
}

/// ASCII mode: diacritics dropped, other characters replaced.
fn push_ascii(g: &str, out: &mut String) {
    for c in g.nfd() {
        if c.is_ascii() {
            out.push(c);
        } else if is_combining_mark(c) || c.width().unwrap_or(0) == 0 {
            // Diacritics, joiners and other zero-width characters.
            continue;
        } else {
            out.push(ascii_stand_in(c).unwrap_or('?'));
        }
    }
}

/// A one-column ASCII character that reads like `c`, for the characters
/// likely in names, labels and reports.
fn ascii_stand_in(c: char) -> Option<char> {
    let a = match c {
        'đ' | 'ð' => 'd',
        'Đ' | 'Ð' => 'D',
        'ø' => 'o',
        'Ø' => 'O',
        'ı' => 'i',
        'ł' => 'l',
        'Ł' => 'L',
        '…' => '~',
        '‘' | '’' | '‚' | '′' | '´' => '\'',
        '“' | '”' | '„' | '″' | '«' | '»' => '"',
        '‐' | '‑' | '‒' | '–' | '—' | '―' | '−' => '-',
        '•' | '∙' | '★' | '☆' | '※' => '*',
        '·' => '.',
        '°' | 'º' => 'o',
        'ª' => 'a',
        '×' => 'x',
        '÷' | '⁄' => '/',
        '±' => '+',
        '≤' | '‹' => '<',
        '≥' | '›' => '>',
        '≠' => '#',
        '≈' | '∼' => '~',
        '¹' => '1',
        '²' => '2',
        '³' => '3',
        '✓' | '✔' => '*',
        '←' | '◀' | '◄' | '◂' | '◁' => '<',
        '→' | '▶' | '►' | '▸' | '▷' => '>',
        '↑' | '▲' | '△' | '▴' => '^',
        '↓' | '▼' | '▽' | '▾' => 'v',
        '\u{A0}' | '\u{2007}' | '\u{202F}' | '\u{2009}' | '\u{200A}' | '\u{3000}' => ' ',
        '\u{2500}'..='\u{257F}' => box_stand_in(c),
        '\u{2580}'..='\u{259F}' | '■' | '□' | '▪' | '▫' => '#',
        _ => return None,
    };
    Some(a)
}

/// Box drawing: lines that are only horizontal become `-`, only vertical `|`,
/// diagonals `/` `\` `X`, and every corner, tee and cross `+`.
fn box_stand_in(c: char) -> char {
    match c {
        '\u{2500}' | '\u{2501}' | '\u{2504}' | '\u{2505}' | '\u{2508}' | '\u{2509}'
        | '\u{254C}' | '\u{254D}' | '\u{2550}' | '\u{2574}' | '\u{2576}' | '\u{2578}'
        | '\u{257A}' | '\u{257C}' | '\u{257E}' => '-',
        '\u{2502}' | '\u{2503}' | '\u{2506}' | '\u{2507}' | '\u{250A}' | '\u{250B}'
        | '\u{254E}' | '\u{254F}' | '\u{2551}' | '\u{2575}' | '\u{2577}' | '\u{2579}'
        | '\u{257B}' | '\u{257D}' | '\u{257F}' => '|',
        '\u{2571}' => '/',
        '\u{2572}' => '\\',
        '\u{2573}' => 'X',
        _ => '+',
    }
}
