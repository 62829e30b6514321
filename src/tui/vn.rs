//! The screens' one door to the text layer (`crate::text`): widths, cutting,
//! padding, numbers, accent-free search, collation and the terminal profile.
//!
//! Views call only these functions, never `unicode-width` or string slicing,
//! so the Vietnamese rules live in one place (`crate::text`); this module
//! only adapts them to what a screen needs (an indicator's ratio entry, the
//! profile's own ellipsis).

use std::cmp::Ordering;

use rust_decimal::Decimal;

use crate::model::Indicator;
use crate::text;

pub use crate::text::profile::{Ambiguous, Charset, Profile, Symbols};
pub use crate::text::width::Align;

/// Display width in terminal columns (per grapheme).
pub fn width(s: &str) -> usize {
    text::width::width(s)
}

/// `s` cut to at most `max` columns, ending in an ellipsis when cut.
pub fn cut(s: &str, max: usize) -> String {
    text::width::cut(s, max)
}

/// `s` cut or padded to exactly `w` columns.
pub fn fit(s: &str, w: usize, align: Align) -> String {
    text::width::fit(s, w, align)
}

/// `s` cut (with the profile's ellipsis) or padded to exactly `w` columns.
pub fn fit_for(profile: &Profile, s: &str, w: usize, align: Align) -> String {
    let ellipsis = profile.symbols().ellipsis;
    let cut = text::width::cut_with(s, w, ellipsis);
    text::width::pad(&cut, w, align)
}

/// Vietnamese number for display: `1.234,5`, rounded half away from zero.
pub fn number(v: Decimal, decimals: u32) -> String {
    text::number::format_number(v, decimals)
}

/// What the officer typed for one indicator, read the Vietnamese way
/// (`1.234,5`, `-2,31`; `61/119` for ratio indicators). The error is the
/// text layer's Vietnamese message.
pub fn parse_for(ind: &Indicator, typed: &str) -> Result<Decimal, String> {
    let r = if ind.ratio_entry {
        text::number::parse_number_ratio(typed)
    } else {
        text::number::parse_number(typed)
    };
    r.map_err(|e| e.to_string())
}

/// Text typed or pasted: NFC, without control characters.
pub fn clean(s: &str) -> String {
    text::normalize::clean(s)
}

/// Vietnamese alphabetical order.
pub fn compare(a: &str, b: &str) -> Ordering {
    text::collate::compare(a, b)
}

/// How well `query` finds a name with its code: None = not at all, smaller
/// = better.
pub fn match_rank(query: &str, name: &str, code: &str) -> Option<u8> {
    text::search::match_rank(query, name, code)
}

/// The items `query` finds (accent- and case-free, by name, initials or
/// code), best first, then in Vietnamese order.
pub fn filter<'a, T>(
    query: &str,
    items: &'a [T],
    name: impl Fn(&T) -> &str,
    code: impl Fn(&T) -> &str,
) -> Vec<&'a T> {
    text::search::filter(query, items, name, code)
}

/// A profile from the command line's choices.
pub fn profile(ascii: bool, ambiguous_wide: bool) -> Profile {
    Profile {
        ambiguous: if ambiguous_wide {
            Ambiguous::Wide
        } else {
            Ambiguous::Narrow
        },
        charset: if ascii {
            Charset::Ascii
        } else {
            Charset::Unicode
        },
    }
}
