//! Display width of text in terminal columns, and cutting and padding to a
//! width, so that tables of Vietnamese names line up.
//!
//! Width is measured per extended grapheme cluster, the unit a terminal draws
//! in one place and the unit ratatui puts in one cell: `ấ` is one column
//! whether it arrives as one code point (NFC) or as `a` + two combining marks
//! (NFD). A grapheme that is not NFC is measured in its NFC form, so both forms
//! always give the same columns. A grapheme containing a control character
//! counts zero columns, because ratatui skips such graphemes when drawing.
//!
//! Widths are the "narrow" measure of `unicode-width` (East Asian Ambiguous
//! characters count one column), the same measure ratatui uses. Terminals that
//! draw ambiguous characters two columns wide are handled by
//! [`crate::text::profile`], which rewrites text so that this measure stays true.
//!
//! Cutting never splits a grapheme, never exceeds the requested width, drops
//! the spaces left before the cut, and ends cut text in `…`.

use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};
use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

/// The mark ending text that [`cut`] shortened.
pub const ELLIPSIS: &str = "…";

/// Horizontal placement of text inside a wider column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Align {
    #[default]
    Left,
    Right,
    Center,
}

/// Display columns of `s`, summed per grapheme.
pub fn width(s: &str) -> usize {
    if s.is_ascii() {
        // Every ASCII grapheme is one character except "\r\n", and controls
        // (including both halves of "\r\n") count zero.
        return s.bytes().filter(|b| !b.is_ascii_control()).count();
    }
    // Nearly all stored text (NFC Vietnamese) is made of characters that are
    // each one column and one grapheme: count them without segmenting.
    if s.chars().all(is_simple_narrow) {
        return s.chars().count();
    }
    s.graphemes(true).map(grapheme_width).sum()
}

/// A character that is one column wide, NFC-stable, and never joins a
/// neighbour into one grapheme: printable ASCII, Latin-1 to IPA (except the
/// soft hyphen, which grapheme rules treat as a control), and the Latin
/// Extended Additional block that holds the toned Vietnamese letters.
fn is_simple_narrow(c: char) -> bool {
    matches!(c, ' '..='~' | '\u{A0}'..='\u{AC}' | '\u{AE}'..='\u{2FF}' | '\u{1E00}'..='\u{1EFF}')
}

/// Display columns of one grapheme cluster.
pub fn grapheme_width(g: &str) -> usize {
    if g.chars().any(char::is_control) {
        return 0;
    }
    match is_nfc_quick(g.chars()) {
        IsNormalized::Yes => g.width(),
        _ => g.nfc().collect::<String>().width(),
    }
}

/// `s` shortened to at most `max` columns; shortened text ends in `…`.
/// Text that fits is returned unchanged; `max == 0` gives an empty string.
pub fn cut(s: &str, max: usize) -> String {
    cut_with(s, max, ELLIPSIS)
}

/// [`cut`] with another end mark (a profile's ellipsis, see
/// [`crate::text::profile::Symbols`]). If even the mark does not fit, as much
/// of the mark as fits is returned.
pub fn cut_with(s: &str, max: usize, ellipsis: &str) -> String {
    // Most text fits: measured the fast way first.
    if width(s) <= max {
        return s.to_owned();
    }
    cut_by(s, max, ellipsis, grapheme_width)
}

/// [`cut_with`] where a grapheme takes the columns `columns` gives it (a
/// terminal profile's measure: see [`crate::text::profile::Profile::width`]).
pub fn cut_by(s: &str, max: usize, ellipsis: &str, columns: impl Fn(&str) -> usize) -> String {
    let measure = |t: &str| -> usize { t.graphemes(true).map(&columns).sum() };
    if measure(s) <= max {
        return s.to_owned();
    }
    let mark_width = measure(ellipsis);
    if mark_width > max {
        return take_columns(ellipsis, max, &columns).to_owned();
    }
    let kept = take_columns(s, max - mark_width, &columns).trim_end();
    let mut out = String::with_capacity(kept.len() + ellipsis.len());
    out.push_str(kept);
    out.push_str(ellipsis);
    out
}

/// The longest prefix of `s` made of whole graphemes within `max` columns.
fn take_columns<'a>(s: &'a str, max: usize, columns: &impl Fn(&str) -> usize) -> &'a str {
    let mut used = 0;
    let mut end = 0;
    for (start, g) in s.grapheme_indices(true) {
        let w = columns(g);
        if used + w > max {
            break;
        }
        used += w;
        end = start + g.len();
    }
    s.get(..end).unwrap_or_default()
}

/// `s` padded with spaces to `w` columns; text already `w` columns or wider
/// is returned unchanged (use [`fit`] to also cut).
pub fn pad(s: &str, w: usize, align: Align) -> String {
    pad_from(s, width(s), w, align)
}

/// [`pad`] for text known to take `sw` columns (by a terminal profile's
/// measure).
pub fn pad_from(s: &str, sw: usize, w: usize, align: Align) -> String {
    if sw >= w {
        return s.to_owned();
    }
    let gap = w - sw;
    let (left, right) = match align {
        Align::Left => (0, gap),
        Align::Right => (gap, 0),
        Align::Center => (gap / 2, gap - gap / 2),
    };
    let mut out = String::with_capacity(s.len() + gap);
    out.extend(std::iter::repeat_n(' ', left));
    out.push_str(s);
    out.extend(std::iter::repeat_n(' ', right));
    out
}

/// `s` cut (with `…`) and padded to exactly `w` columns.
pub fn fit(s: &str, w: usize, align: Align) -> String {
    pad(&cut(s, w), w, align)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The fast path in [`width`] must agree with per-grapheme measuring for
    /// every character it accepts.
    #[test]
    fn simple_characters_are_one_column_single_graphemes() {
        let simple: Vec<char> = (0..=0x2FFFu32)
            .filter_map(char::from_u32)
            .filter(|&c| is_simple_narrow(c))
            .collect();
        assert_eq!(simple.len(), 95 + 13 + 594 + 256);
        for c in simple {
            let alone = c.to_string();
            assert_eq!(grapheme_width(&alone), 1, "{c:?}");
            assert_eq!(is_nfc_quick(alone.chars()), IsNormalized::Yes, "{c:?}");
            // Neither joins a letter before it (Extend, SpacingMark) nor
            // after it (Prepend).
            assert_eq!(format!("a{c}a").graphemes(true).count(), 3, "{c:?}");
        }
    }
}
