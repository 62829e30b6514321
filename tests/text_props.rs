//! Property tests for the text layer: for any input, the guarantees hold.

use std::cmp::Ordering;

use proptest::prelude::*;
use rust_decimal::{Decimal, RoundingStrategy};
use thidua::text::collate::{compare, sort_key};
use thidua::text::normalize::{clean, is_clean};
use thidua::text::number::{format_number, parse_number, parse_number_ratio};
use thidua::text::profile::{Ambiguous, Charset, Profile, is_ambiguous};
use thidua::text::search::{fold, match_rank};
use thidua::text::width::{Align, cut, fit, pad, width};
use unicode_normalization::UnicodeNormalization;
use unicode_segmentation::UnicodeSegmentation;

/// Pieces that make text hard: Vietnamese in both forms, lone combining
/// marks, wide and ambiguous characters, emoji sequences, controls, escape
/// sequences, odd spaces.
const PIECES: &[&str] = &[
    "a",
    "Đ",
    "đ",
    "ồ",
    "o\u{302}\u{300}",
    "á",
    "a\u{301}",
    "ư",
    "u\u{31b}\u{323}",
    "ệ",
    "Ễ",
    " ",
    "  ",
    "\u{a0}",
    "\u{202f}",
    "\t",
    "\n",
    "\r\n",
    "\r",
    "\u{0}",
    "\u{7}",
    "\u{7f}",
    "\u{85}",
    "\u{9b}",
    "\u{9c}",
    "\u{9d}",
    "\x1b",
    "\x1b[",
    "\x1b[31m",
    "\x1b]0;t\x07",
    "\x1b]8;;x\x1b\\",
    "\x1bP",
    "\x1b\\",
    "\x1b(B",
    "\u{301}",
    "\u{302}",
    "\u{323}",
    "\u{200d}",
    "\u{feff}",
    "\u{202e}",
    "\u{2028}",
    "中",
    "文",
    "👩",
    "👩\u{200d}🌾",
    "🇻🇳",
    "❤\u{fe0f}",
    "…",
    "“",
    "–",
    "─",
    "█",
    "░",
    "▲",
    "α",
    "ß",
    "é",
    "è",
    "ê",
    "ì",
    "ò",
    "ù",
    "ú",
    "í",
    "ó",
    "가",
    "\u{1100}\u{1161}",
    "ل",
    "ا",
    "5",
    "0",
    ",",
    ".",
    "-",
    "%",
    "/",
];

fn tricky() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PIECES), 0..24).prop_map(|v| v.concat())
}

fn any_text() -> impl Strategy<Value = String> {
    prop_oneof![tricky(), any::<String>()]
}

fn number_like() -> impl Strategy<Value = String> {
    proptest::string::string_regex("[-+\u{2212} ]?[0-9., \u{a0}]{0,24}[%/]?[0-9.,]{0,6}")
        .expect("valid regex")
}

/// A Decimal anywhere in its range: a 96-bit mantissa and a scale 0..=28.
fn decimal() -> impl Strategy<Value = Decimal> {
    (any::<u128>(), 0u32..=28, any::<bool>(), 0u32..=96).prop_map(|(m, scale, neg, bits)| {
        let m = if bits == 0 { 0 } else { m >> (128 - bits) };
        let signed = i128::try_from(m).unwrap_or(0);
        let mut v = Decimal::try_from_i128_with_scale(signed, scale).unwrap_or(Decimal::ZERO);
        v.set_sign_negative(neg);
        v
    })
}

fn graphemes(s: &str) -> Vec<&str> {
    s.graphemes(true).collect()
}

proptest! {
    #[test]
    fn cut_fits_and_keeps_whole_graphemes(s in any_text(), max in 0usize..30) {
        let c = cut(&s, max);
        prop_assert!(width(&c) <= max, "{:?} cut to {} is {:?}", s, max, c);
        if c != s {
            let body = c.strip_suffix('…').unwrap_or(&c);
            prop_assert!(max == 0 || c.ends_with('…'));
            prop_assert!(s.starts_with(body));
            let g = graphemes(body);
            prop_assert_eq!(&graphemes(&s)[..g.len()], &g[..]);
        }
    }

    #[test]
    fn fit_is_exact_and_pad_only_grows(s in any_text(), w in 0usize..30, a in 0u8..3) {
        let align = [Align::Left, Align::Right, Align::Center][usize::from(a)];
        prop_assert_eq!(width(&fit(&s, w, align)), w);
        let p = pad(&s, w, align);
        prop_assert_eq!(width(&p), width(&s).max(w));
        prop_assert!(p.contains(&s));
    }

    #[test]
    fn nfc_and_nfd_have_the_same_width(s in any_text()) {
        let nfc: String = s.nfc().collect();
        let nfd: String = s.nfd().collect();
        prop_assert_eq!(width(&nfc), width(&nfd));
        prop_assert_eq!(width(&s), width(&nfc));
    }

    #[test]
    fn clean_is_idempotent_and_removes_controls(s in any_text()) {
        let once = clean(&s);
        prop_assert_eq!(clean(&once), once.clone());
        prop_assert!(is_clean(&once));
        prop_assert!(!once.chars().any(char::is_control), "{:?}", once);
        let nfc: String = once.nfc().collect();
        prop_assert_eq!(nfc, once);
    }

    #[test]
    fn format_then_parse_round_trips(v in decimal(), decimals in 0u32..=28) {
        let text = format_number(v, decimals);
        let rounded = v.round_dp_with_strategy(decimals, RoundingStrategy::MidpointAwayFromZero);
        prop_assert_eq!(parse_number(&text), Ok(rounded), "{}", text);
        prop_assert_eq!(parse_number_ratio(&text), Ok(rounded), "{}", text);
    }

    #[test]
    fn exact_values_round_trip(v in decimal()) {
        prop_assert_eq!(parse_number(&format_number(v, v.scale())), Ok(v));
    }

    #[test]
    fn number_parsers_never_panic(s in prop_oneof![any::<String>(), number_like(), tricky()]) {
        let _ = parse_number(&s);
        let _ = parse_number_ratio(&s);
        if let Ok(v) = parse_number(&s) {
            // Whatever is accepted formats back to the same value.
            prop_assert_eq!(parse_number(&format_number(v, v.scale())), Ok(v));
        }
    }

    #[test]
    fn collation_is_a_total_order_blind_to_normal_form(a in any_text(), b in any_text()) {
        let nfd: String = a.nfd().collect();
        prop_assert_eq!(compare(&a, &nfd), Ordering::Equal);
        prop_assert_eq!(compare(&a, &b), compare(&b, &a).reverse());
        prop_assert_eq!(compare(&a, &b), sort_key(&a).cmp(&sort_key(&b)));
        let same = a.nfc().collect::<String>() == b.nfc().collect::<String>();
        prop_assert_eq!(compare(&a, &b) == Ordering::Equal, same);
    }

    #[test]
    fn search_is_blind_to_normal_form_and_case(a in any_text(), q in any_text()) {
        let nfd: String = a.nfd().collect();
        prop_assert_eq!(fold(&a), fold(&nfd));
        prop_assert_eq!(match_rank(&q, &a, "X"), match_rank(&q, &nfd, "X"));
        let _ = match_rank(&q.to_uppercase(), &a, &q);
    }

    #[test]
    fn profiles_keep_columns(s in any_text()) {
        let s = clean(&s);
        let wide = Profile { ambiguous: Ambiguous::Wide, charset: Charset::Unicode };
        let shown = wide.show(&s);
        // đ keeps its spelling and takes two columns there, as the profile
        // measures it; nothing else ambiguous is left.
        prop_assert_eq!(width(&shown), wide.width(&s), "{:?} -> {:?}", s, shown);
        prop_assert!(
            !shown.chars().any(|c| is_ambiguous(c) && c != 'đ'),
            "{:?} -> {:?}",
            s,
            shown
        );
        let ascii = Profile { ambiguous: Ambiguous::Narrow, charset: Charset::Ascii };
        let shown = ascii.show(&s);
        prop_assert!(shown.is_ascii());
        prop_assert_eq!(width(&shown), width(&s), "{:?} -> {:?}", s, shown);
    }
}
