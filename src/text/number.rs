//! Numbers read and written the Vietnamese way: `.` groups thousands, `,`
//! separates decimals (`1.234,5` is one thousand two hundred thirty-four
//! point five). Values are exact `Decimal`s, never binary floats.
//!
//! Accepted by [`parse_number`] (after trimming surrounding whitespace):
//! - digits, grouped by `.` or by spaces (U+0020, no-break U+00A0, narrow
//!   no-break U+202F, figure space U+2007) in groups of three: `52.049`,
//!   `1.234.567`, `52 049`; one kind of separator per number;
//! - one `,` before the decimals: `4,9`, `1.234,5`, `,5`;
//! - a lone `.` followed by other than exactly three digits is a decimal
//!   point, as officers copying from English-locale sheets mean it: `4.9`,
//!   `76.64`; but `4.900` is four thousand nine hundred;
//! - a sign `+`, `-` or `−` (U+2212, from word processors) directly before the
//!   digits, and a `%` after them (`76,64%` is 76.64, the percentage itself).
//!
//! Anything else is refused with a Vietnamese message naming the input and
//! the expected form: `12,3,4`, `1..2`, `1,234.5`, `12.34`-style groups
//! (`1.23.456`), `0.500` (a group separator after a lone 0), letters, empty.
//! [`parse_number_ratio`] also reads `61/119` as the percentage 61/119 × 100.
//!
//! [`parse_plain`] reads the machine form files carry (`1234.5`, `-2.31`) and
//! nothing else: no grouping, no exponent, no underscore, and never more
//! digits than a value can hold — a figure is refused, not rounded.
//! [`grouping_doubt`] tells when a typed `2,353` may have meant 2.353 (an
//! en-US habit): the caller asks before saving where that matters.
//!
//! [`format_number`] writes what [`parse_number`] reads back to the same
//! value, rounding half away from zero as official figures are.

use rust_decimal::{Decimal, RoundingStrategy};

use crate::text::normalize::clean;
use crate::text::width::cut;

/// The example of the expected form, shown in every message.
const EXPECTED: &str = "nhập như 1.234,5 hoặc 4,9";

/// Why a text is not a number. The message is shown to the officer as is.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NumberError {
    #[error("Chưa nhập số: {EXPECTED}")]
    Empty,
    #[error("Không hiểu số «{0}»: {EXPECTED}")]
    Malformed(String),
    #[error(
        "Không hiểu số «{0}»: dấu chấm ngăn hàng nghìn phải đứng trước đúng 3 chữ số (1.234.567); phần thập phân đứng sau dấu phẩy (1234,5)"
    )]
    Grouping(String),
    #[error("Số «{0}» quá lớn hoặc có quá nhiều chữ số thập phân (tối đa 28 chữ số)")]
    TooLarge(String),
    #[error("Không hiểu tỉ lệ «{0}»: nhập như 61/119 hoặc 51,26")]
    Ratio(String),
    #[error("Không chia được cho 0 trong «{0}»")]
    DivisionByZero(String),
    #[error(
        "«{0}» không phải số dạng máy: dùng dấu chấm thập phân, không phân cách hàng nghìn, \
         không số mũ, ví dụ 1234.5"
    )]
    NotPlain(String),
}

/// The input as quoted in a message: no control characters (the message is
/// drawn on a terminal) and no longer than a status line can show.
fn quoted(s: &str) -> String {
    cut(&clean(s.trim()), 32)
}

/// What went wrong, before the input is attached for the message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fault {
    Malformed,
    Grouping,
    TooLarge,
}

impl Fault {
    fn with_input(self, s: &str) -> NumberError {
        let shown = quoted(s);
        match self {
            Fault::Malformed => NumberError::Malformed(shown),
            Fault::Grouping => NumberError::Grouping(shown),
            Fault::TooLarge => NumberError::TooLarge(shown),
        }
    }
}

/// Reads a number typed the Vietnamese way (see the module documentation).
pub fn parse_number(s: &str) -> Result<Decimal, NumberError> {
    let t = s.trim();
    if t.is_empty() {
        return Err(NumberError::Empty);
    }
    parse_trimmed(t).map_err(|f| f.with_input(s))
}

/// [`parse_number`], and also `a/b` (e.g. `61/119`) read as the percentage
/// a ÷ b × 100, computed in exact decimal arithmetic (28 significant digits);
/// for indicators that are ratios.
pub fn parse_number_ratio(s: &str) -> Result<Decimal, NumberError> {
    let t = s.trim();
    let Some((num, den)) = t.split_once('/') else {
        return parse_number(s);
    };
    let ratio_error = || NumberError::Ratio(quoted(s));
    if den.contains('/') || num.contains('%') || den.contains('%') {
        return Err(ratio_error());
    }
    let num = parse_trimmed(num.trim()).map_err(|_| ratio_error())?;
    let den = parse_trimmed(den.trim()).map_err(|_| ratio_error())?;
    if den.is_zero() {
        return Err(NumberError::DivisionByZero(quoted(s)));
    }
    num.checked_mul(Decimal::ONE_HUNDRED)
        .and_then(|n| n.checked_div(den))
        .map(|mut v| {
            if v.is_zero() {
                v.set_sign_positive(true);
            }
            v
        })
        .ok_or_else(|| NumberError::TooLarge(quoted(s)))
}

/// Reads a number in the machine form of CSV and spreadsheet files: an
/// optional `-`, digits, and optionally `.` and more digits (`1234.5`,
/// `-2.31`, `0.000001`). Refused, never silently changed: grouping, a
/// comma, an exponent (`1e3`), an underscore (`5_000`), a `+`, spaces
/// inside, and more digits than a `Decimal` holds exactly (28 significant
/// digits, 28 decimals) — `0.000…0001` with 30 zeros is refused, not
/// stored as 0.
pub fn parse_plain(s: &str) -> Result<Decimal, NumberError> {
    let t = s.trim();
    if t.is_empty() {
        return Err(NumberError::Empty);
    }
    let refuse = || NumberError::NotPlain(quoted(s));
    let body = t.strip_prefix('-').unwrap_or(t);
    let (int, frac) = body.split_once('.').unwrap_or((body, ""));
    let all_digits = |p: &str| p.bytes().all(|b| b.is_ascii_digit());
    if int.is_empty() || !all_digits(int) || !all_digits(frac) || (body.ends_with('.')) {
        return Err(refuse());
    }
    let significant = int.trim_start_matches('0').len() + frac.len();
    if frac.len() > Decimal::MAX_SCALE as usize || significant > 28 {
        return Err(NumberError::TooLarge(quoted(s)));
    }
    let mut v = Decimal::from_str_exact(t).map_err(|_| NumberError::TooLarge(quoted(s)))?;
    if v.is_zero() {
        v.set_sign_positive(true);
    }
    Ok(v)
}

/// When `typed` reads as a decimal comma followed by exactly three digits
/// and nothing else (`2,353`, `-12,500`), the value it would have with the
/// comma as a thousands separator (2353): someone used to English-locale
/// sheets may have meant that. None for every other form, including
/// `2,35`, `2.353`, `2,353.5` and `1.234,567`.
pub fn grouping_doubt(typed: &str) -> Option<Decimal> {
    let t = typed.trim().trim_end_matches('%').trim_end();
    let (negative, body) = match t.strip_prefix(['-', '\u{2212}']) {
        Some(rest) => (true, rest),
        None => (false, t.strip_prefix('+').unwrap_or(t)),
    };
    let (int, frac) = body.split_once(',')?;
    let digits = |p: &str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit());
    if !digits(int) || int.len() > 3 || int.starts_with('0') || frac.len() != 3 || !digits(frac) {
        return None;
    }
    let mut whole = Decimal::from_str_exact(&format!("{int}{frac}")).ok()?;
    whole.set_sign_negative(negative);
    Some(whole)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Sep {
    Dot,
    Comma,
    Space,
}

/// A run of digits and the separator before it.
#[derive(Debug, Clone, Copy)]
struct Group {
    before: Option<Sep>,
    start: usize,
    len: usize,
}

/// More groups than this cannot fit a Decimal (28 digits is 10 groups).
const MAX_GROUPS: usize = 16;

fn parse_trimmed(t: &str) -> Result<Decimal, Fault> {
    let mut body = t;
    if let Some(rest) = body.strip_suffix('%') {
        body = rest.trim_end();
    }
    let mut negative = false;
    if let Some(rest) = body
        .strip_prefix('-')
        .or_else(|| body.strip_prefix('\u{2212}'))
    {
        negative = true;
        body = rest;
    } else if let Some(rest) = body.strip_prefix('+') {
        body = rest;
    }
    if body.is_empty() {
        return Err(Fault::Malformed);
    }

    let mut groups = [Group {
        before: None,
        start: 0,
        len: 0,
    }; MAX_GROUPS];
    let mut count = 1;
    for (i, c) in body.char_indices() {
        let sep = match c {
            '0'..='9' => {
                let g = groups.get_mut(count - 1).ok_or(Fault::TooLarge)?;
                if g.len == 0 {
                    g.start = i;
                }
                g.len += 1;
                continue;
            }
            '.' => Sep::Dot,
            ',' => Sep::Comma,
            ' ' | '\u{A0}' | '\u{202F}' | '\u{2007}' => Sep::Space,
            _ => return Err(Fault::Malformed),
        };
        let g = groups.get_mut(count).ok_or(Fault::TooLarge)?;
        *g = Group {
            before: Some(sep),
            start: i,
            len: 0,
        };
        count += 1;
    }
    let groups = groups.get(..count).ok_or(Fault::Malformed)?;

    let seps = || groups.iter().filter_map(|g| g.before);
    let commas = seps().filter(|&s| s == Sep::Comma).count();
    let dots = seps().filter(|&s| s == Sep::Dot).count();
    if commas > 1 {
        return Err(Fault::Malformed);
    }
    // Index of the group holding the decimals, if any.
    let decimals_at = groups.iter().position(|g| match g.before {
        Some(Sep::Comma) => true,
        Some(Sep::Dot) => commas == 0 && dots == 1 && g.len != 3,
        _ => false,
    });
    let (int_groups, frac) = match decimals_at {
        Some(i) if i + 1 == groups.len() => (groups.get(..i).unwrap_or_default(), groups.get(i)),
        // Something after the decimals: `1,234.5`, `4.9 5`.
        Some(_) => return Err(Fault::Malformed),
        None => (groups, None),
    };
    if let Some(f) = frac
        && f.len == 0
    {
        return Err(Fault::Malformed);
    }
    // Empty groups: `1..2`, `1.`, `.`, `1 .5`; only `,5` may have no integer digits.
    let leading_empty_ok = frac.is_some() && int_groups.len() == 1;
    for (i, g) in int_groups.iter().enumerate() {
        if g.len == 0 && !(i == 0 && leading_empty_ok) {
            return Err(Fault::Malformed);
        }
    }
    if let [first, rest @ ..] = int_groups
        && !rest.is_empty()
    {
        let kind = rest.first().and_then(|g| g.before);
        if rest.iter().any(|g| g.before != kind) {
            return Err(Fault::Malformed);
        }
        let bytes = body.as_bytes();
        if first.len > 3 || rest.iter().any(|g| g.len != 3) || bytes.get(first.start) == Some(&b'0')
        {
            return Err(Fault::Grouping);
        }
    }

    let digits = |g: &Group| {
        body.as_bytes()
            .get(g.start..g.start + g.len)
            .unwrap_or_default()
    };
    let mut mantissa: u128 = 0;
    let mut push = |d: u8| -> Result<(), Fault> {
        mantissa = mantissa
            .checked_mul(10)
            .and_then(|m| m.checked_add(u128::from(d - b'0')))
            .ok_or(Fault::TooLarge)?;
        Ok(())
    };
    for g in int_groups {
        for &d in digits(g) {
            push(d)?;
        }
    }
    let int_mantissa = mantissa;
    let frac_digits = frac.map(digits).unwrap_or_default();
    let build = |frac_digits: &[u8]| -> Result<Decimal, Fault> {
        let mut m = int_mantissa;
        for &d in frac_digits {
            m = m
                .checked_mul(10)
                .and_then(|m| m.checked_add(u128::from(d - b'0')))
                .ok_or(Fault::TooLarge)?;
        }
        let scale = u32::try_from(frac_digits.len()).map_err(|_| Fault::TooLarge)?;
        if scale > Decimal::MAX_SCALE {
            return Err(Fault::TooLarge);
        }
        let signed = i128::try_from(m).map_err(|_| Fault::TooLarge)?;
        let mut v =
            Decimal::try_from_i128_with_scale(signed, scale).map_err(|_| Fault::TooLarge)?;
        v.set_sign_positive(!negative || v.is_zero());
        Ok(v)
    };
    // Keep the decimals as typed (`4,90` keeps its scale) unless only
    // dropping trailing zeros makes the value fit.
    build(frac_digits).or_else(|fault| {
        let significant =
            frac_digits.len() - frac_digits.iter().rev().take_while(|&&d| d == b'0').count();
        match frac_digits.get(..significant) {
            Some(shorter) if significant < frac_digits.len() => build(shorter),
            _ => Err(fault),
        }
    })
}

/// `v` with at least `min_decimals` places and never fewer than it holds
/// (a weight of 2,5 or a typed 1.234,56 shown as entered): for figures
/// whose stored precision must not be hidden.
pub fn format_exact(v: Decimal, min_decimals: u32) -> String {
    format_number(v, min_decimals.max(v.normalize().scale()))
}

/// `v` rounded half away from zero to `decimals` places (at most 28) and
/// written with `.` between thousands and `,` before the decimals, which are
/// always `decimals` long: `format_number(1234.5, 2)` is `1.234,50`.
/// Negative values start with `-`; a value that rounds to zero has no sign.
pub fn format_number(v: Decimal, decimals: u32) -> String {
    let decimals = decimals.min(Decimal::MAX_SCALE);
    let mut r = v.round_dp_with_strategy(decimals, RoundingStrategy::MidpointAwayFromZero);
    // rescale may stop short for very large values; the zeros are added below.
    r.rescale(decimals);
    let negative = r.is_sign_negative() && !r.is_zero();
    let plain = r.abs().to_string();
    let (int, frac) = plain.split_once('.').unwrap_or((plain.as_str(), ""));

    let mut out = String::with_capacity(plain.len() + plain.len() / 3 + 2);
    if negative {
        out.push('-');
    }
    let n = int.len();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (n - i) % 3 == 0 {
            out.push('.');
        }
        out.push(c);
    }
    if decimals > 0 {
        out.push(',');
        out.push_str(frac);
        for _ in frac.len()..decimals as usize {
            out.push('0');
        }
    }
    out
}
