//! The screens' one door to the text layer (`crate::text`): widths, cutting,
//! padding, numbers, accent-free search, collation and the terminal profile.
//!
//! Views call only these functions, never `unicode-width` or string slicing,
//! so the Vietnamese rules live in one place. While the text layer is being
//! written on its own branch, the pieces it does not offer yet stand in here
//! (marked `stand-in`); each is replaced by a call into `crate::text` when
//! that lands, without touching a view.

use std::borrow::Cow;
use std::cmp::Ordering;

use rust_decimal::Decimal;
use unicode_normalization::UnicodeNormalization;
use unicode_segmentation::UnicodeSegmentation;

use crate::model::Indicator;

/// How to align text padded to a width.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Right,
    Center,
}

/// Display width in terminal columns (per grapheme). Stand-in.
pub fn width(s: &str) -> usize {
    s.graphemes(true).map(grapheme_width).sum()
}

fn grapheme_width(g: &str) -> usize {
    // A grapheme is as wide as its widest code point (base + combining marks = base).
    g.chars()
        .map(|c| unicode_width::UnicodeWidthChar::width(c).unwrap_or(0))
        .max()
        .unwrap_or(0)
}

/// `s` cut to at most `max` columns, ending in an ellipsis when cut; never
/// splits a grapheme. Stand-in.
pub fn cut(s: &str, max: usize) -> Cow<'_, str> {
    if width(s) <= max {
        return Cow::Borrowed(s);
    }
    if max == 0 {
        return Cow::Borrowed("");
    }
    let mut out = String::new();
    let mut used = 0;
    for g in s.graphemes(true) {
        let w = grapheme_width(g);
        if used + w > max - 1 {
            break;
        }
        out.push_str(g);
        used += w;
    }
    out.push('…');
    Cow::Owned(out)
}

/// `s` cut or padded to exactly `w` columns. Stand-in.
pub fn fit(s: &str, w: usize, align: Align) -> String {
    let c = cut(s, w);
    let gap = w.saturating_sub(width(&c));
    let (l, r) = match align {
        Align::Left => (0, gap),
        Align::Right => (gap, 0),
        Align::Center => (gap / 2, gap - gap / 2),
    };
    let mut out = String::with_capacity(c.len() + gap);
    out.extend(std::iter::repeat_n(' ', l));
    out.push_str(&c);
    out.extend(std::iter::repeat_n(' ', r));
    out
}

/// Vietnamese number for display: `1.234,5`, rounded half away from zero.
pub fn number(v: Decimal, decimals: u32) -> String {
    let r = v.round_dp_with_strategy(
        decimals,
        rust_decimal::RoundingStrategy::MidpointAwayFromZero,
    );
    let text = format!("{:.*}", decimals as usize, r.abs());
    let (int, frac) = match text.split_once('.') {
        Some((i, f)) => (i.to_string(), Some(f.to_string())),
        None => (text, None),
    };
    let mut grouped = String::new();
    for (i, ch) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push('.');
        }
        grouped.push(ch);
    }
    let mut out = String::new();
    if r.is_sign_negative() && !r.is_zero() {
        out.push('-');
    }
    out.push_str(&grouped);
    if let Some(f) = frac {
        out.push(',');
        out.push_str(&f);
    }
    out
}

/// What the officer typed for one indicator, read the Vietnamese way
/// (`1.234,5`, `-2,31`, `61/119` for ratio indicators). Stand-in.
pub fn parse_for(ind: &Indicator, typed: &str) -> Result<Decimal, String> {
    let t = typed.trim();
    if ind.ratio_entry
        && let Some((n, d)) = t.split_once('/')
    {
        let n = parse_number(n)?;
        let d = parse_number(d)?;
        if d.is_zero() {
            return Err("Mẫu số bằng 0: viết dạng 61/119".into());
        }
        return n
            .checked_mul(Decimal::ONE_HUNDRED)
            .and_then(|x| x.checked_div(d))
            .ok_or_else(|| "Số quá lớn".to_string());
    }
    parse_number(t)
}

fn parse_number(typed: &str) -> Result<Decimal, String> {
    let bad = || {
        format!(
            "«{}» không phải là số: viết như 1.234,5 (dấu chấm ngăn nghìn, dấu phẩy thập phân)",
            typed.trim()
        )
    };
    let t: String = typed
        .trim()
        .trim_end_matches('%')
        .chars()
        .filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}'))
        .collect();
    if t.is_empty() {
        return Err("Chưa nhập số".into());
    }
    let (sign, body) = match t.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", t.strip_prefix('+').unwrap_or(&t)),
    };
    if body.is_empty()
        || !body
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
    {
        return Err(bad());
    }
    let normal = if body.contains(',') {
        let (int, frac) = body.split_once(',').ok_or_else(bad)?;
        if frac.contains(',') || frac.contains('.') || !valid_groups(int) {
            return Err(bad());
        }
        format!("{}.{}", int.replace('.', ""), frac)
    } else if body.contains('.') {
        let parts: Vec<&str> = body.split('.').collect();
        if parts.len() == 2 && parts[1].len() != 3 {
            body.to_string()
        } else if valid_groups(body) {
            body.replace('.', "")
        } else {
            return Err(bad());
        }
    } else {
        body.to_string()
    };
    format!("{sign}{normal}")
        .parse::<Decimal>()
        .map_err(|_| bad())
}

fn valid_groups(int: &str) -> bool {
    let parts: Vec<&str> = int.split('.').collect();
    let first = parts.first().copied().unwrap_or("");
    !first.is_empty()
        && (parts.len() == 1 || first.len() <= 3)
        && parts.iter().skip(1).all(|p| p.len() == 3)
}

/// Text typed or pasted: NFC, without control characters. Stand-in.
pub fn clean(s: &str) -> String {
    s.nfc().filter(|c| !c.is_control()).collect()
}

/// Accent- and case-free form for search. Stand-in.
pub fn fold(s: &str) -> String {
    s.nfd()
        .filter(|c| !('\u{300}'..='\u{36f}').contains(c))
        .map(|c| match c {
            'đ' | 'Đ' => 'd',
            c => c,
        })
        .flat_map(char::to_lowercase)
        .collect()
}

/// Vietnamese alphabetical order. Stand-in (base letters with ă â đ ê ô ơ ư
/// after their plain letter, tones second).
pub fn compare(a: &str, b: &str) -> Ordering {
    collation_key(a).cmp(&collation_key(b))
}

fn collation_key(s: &str) -> (Vec<u32>, String) {
    const ORDER: &str = "aăâbcdđeêghiklmnoôơpqrstuưvxy";
    let primary = s
        .nfd()
        .filter(|c| !matches!(c, '\u{300}' | '\u{301}' | '\u{303}' | '\u{309}' | '\u{323}'))
        .collect::<String>()
        .nfc()
        .flat_map(char::to_lowercase)
        .map(|c| match ORDER.chars().position(|o| o == c) {
            Some(i) => 1000 + i as u32,
            None => c as u32 + 2000,
        })
        .collect();
    (primary, s.nfd().collect())
}

/// How well `query` finds a name with its code: None = not at all, smaller
/// = better (code, then start, then initials, then anywhere). Stand-in.
pub fn match_rank(query: &str, name: &str, code: &str) -> Option<u32> {
    let q = fold(query.trim());
    if q.is_empty() {
        return Some(3);
    }
    let n = fold(name);
    let initials: String = n
        .split_whitespace()
        .filter_map(|w| w.chars().next())
        .collect();
    if fold(code) == q {
        Some(0)
    } else if n.starts_with(&q) {
        Some(1)
    } else if initials.starts_with(&q.replace(' ', "")) {
        Some(2)
    } else if n.contains(&q) {
        Some(3)
    } else {
        None
    }
}

/// What kind of terminal the text is drawn for. Stand-in for
/// `crate::text::profile::Profile`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Profile {
    /// East Asian Ambiguous characters drawn two columns wide.
    pub ambiguous_wide: bool,
    /// No diacritics, ASCII symbols only.
    pub ascii: bool,
}

/// Symbols drawn for borders, marks and arrows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Symbols {
    pub horizontal: &'static str,
    pub vertical: &'static str,
    pub top_left: &'static str,
    pub top_right: &'static str,
    pub bottom_left: &'static str,
    pub bottom_right: &'static str,
    pub saved: &'static str,
    pub left: &'static str,
    pub right: &'static str,
}

const UNICODE_SYMBOLS: Symbols = Symbols {
    horizontal: "─",
    vertical: "│",
    top_left: "┌",
    top_right: "┐",
    bottom_left: "└",
    bottom_right: "┘",
    saved: "✓",
    left: "◀",
    right: "▶",
};

const ASCII_SYMBOLS: Symbols = Symbols {
    horizontal: "-",
    vertical: "|",
    top_left: "+",
    top_right: "+",
    bottom_left: "+",
    bottom_right: "+",
    saved: "*",
    left: "<",
    right: ">",
};

impl Profile {
    /// Text as drawn on this terminal.
    pub fn show<'a>(&self, s: &'a str) -> Cow<'a, str> {
        if self.ascii {
            Cow::Owned(
                s.nfd()
                    .filter(|c| !('\u{300}'..='\u{36f}').contains(c))
                    .map(|c| match c {
                        'đ' => 'd',
                        'Đ' => 'D',
                        '…' => '~',
                        c => c,
                    })
                    .collect(),
            )
        } else {
            Cow::Borrowed(s)
        }
    }

    pub fn symbols(&self) -> &'static Symbols {
        if self.ascii || self.ambiguous_wide {
            &ASCII_SYMBOLS
        } else {
            &UNICODE_SYMBOLS
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_round_trip_the_vietnamese_way() {
        let d = |s: &str| s.parse::<Decimal>().expect("decimal");
        assert_eq!(number(d("1234.5"), 1), "1.234,5");
        assert_eq!(number(d("-2.305"), 2), "-2,31");
        assert_eq!(number(d("52049"), 0), "52.049");
        assert_eq!(parse_number("1234,5"), Ok(d("1234.5")));
        assert_eq!(parse_number("52.049"), Ok(d("52049")));
        assert_eq!(parse_number("4.9"), Ok(d("4.9")));
        assert!(parse_number("12,3,4").is_err());
        assert!(parse_number("abc").is_err());
    }

    #[test]
    fn cut_ends_in_ellipsis_within_width() {
        assert_eq!(cut("Đồng Tháp", 5), "Đồng…");
        assert_eq!(fit("Cà Mau", 8, Align::Right), "  Cà Mau");
    }

    #[test]
    fn search_and_order_are_vietnamese() {
        assert!(match_rank("dong thap", "Đồng Tháp", "DT").is_some());
        assert!(match_rank("dt", "Đồng Tháp", "DT").is_some());
        assert_eq!(compare("Đồng Tháp", "Hậu Giang"), Ordering::Less);
        assert_eq!(compare("Cà Mau", "Đồng Tháp"), Ordering::Less);
    }
}
