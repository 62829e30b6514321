//! Widths, cutting and padding, and the 134 Vietnamese letters.

use thidua::text::width::{Align, cut, cut_with, fit, grapheme_width, pad, width};
use unicode_normalization::UnicodeNormalization;
use unicode_segmentation::UnicodeSegmentation;

/// The 67 lowercase Vietnamese letters that are not plain ASCII: the twelve
/// vowels a ă â e ê i o ô ơ u ư y with each of the six tones (72 forms) less
/// the six plain ASCII vowels a e i o u y, plus đ. With their capitals: 134.
const LOWER_67: &str = "àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ";

/// Builds the same set from its definition, independently of the literal.
fn vietnamese_letters() -> Vec<String> {
    let vowels = ["a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y"];
    let tones = ["", "\u{300}", "\u{309}", "\u{303}", "\u{301}", "\u{323}"];
    let mut lower: Vec<String> = Vec::new();
    for v in vowels {
        for t in tones {
            let letter: String = format!("{v}{t}").nfc().collect();
            if !letter.is_ascii() {
                lower.push(letter);
            }
        }
    }
    lower.push("đ".to_owned());
    let upper: Vec<String> = lower.iter().map(|l| l.to_uppercase()).collect();
    lower.into_iter().chain(upper).collect()
}

#[test]
fn there_are_134_letters_and_they_match_the_literal() {
    let letters = vietnamese_letters();
    assert_eq!(letters.len(), 134);
    let lower: String = letters.iter().take(67).map(String::as_str).collect();
    assert_eq!(LOWER_67.chars().count(), 67);
    let mut a: Vec<char> = lower.chars().collect();
    let mut b: Vec<char> = LOWER_67.chars().collect();
    a.sort_unstable();
    b.sort_unstable();
    assert_eq!(a, b);
    // Each one is a single precomposed code point, and all are distinct.
    assert!(letters.iter().all(|l| l.chars().count() == 1));
    let mut all: Vec<&String> = letters.iter().collect();
    all.sort();
    all.dedup();
    assert_eq!(all.len(), 134);
}

#[test]
fn every_letter_is_one_column_and_one_grapheme_in_nfc_and_nfd() {
    for letter in vietnamese_letters() {
        let nfd: String = letter.nfd().collect();
        for form in [&letter, &nfd] {
            assert_eq!(width(form), 1, "{form:?}");
            assert_eq!(form.graphemes(true).count(), 1, "{form:?}");
            assert_eq!(grapheme_width(form), 1, "{form:?}");
        }
        let back: String = nfd.nfc().collect();
        assert_eq!(back, letter);
        if letter != "đ" && letter != "Đ" {
            assert!(nfd.chars().count() >= 2, "{letter} should decompose");
        }
    }
}

#[test]
fn widths_of_names() {
    assert_eq!(width(""), 0);
    assert_eq!(width("Đồng Tháp"), 9);
    assert_eq!(width("Đo\u{302}\u{300}ng Tha\u{301}p"), 9);
    assert_eq!(width("Cụm thi đua các tỉnh Tây Nam bộ"), 31);
    assert_eq!(width("中文"), 4);
    assert_eq!(width("a\tb"), 2);
    assert_eq!(width("a\r\nb"), 2);
    assert_eq!(width("👩\u{200d}🌾"), 2);
}

#[test]
fn cut_keeps_fitting_text() {
    assert_eq!(cut("Cà Mau", 6), "Cà Mau");
    assert_eq!(cut("Cà Mau", 60), "Cà Mau");
    assert_eq!(cut("", 0), "");
}

#[test]
fn cut_ends_in_ellipsis_and_never_splits_a_letter() {
    assert_eq!(cut("Đồng Tháp", 8), "Đồng Th…");
    assert_eq!(cut("Đồng Tháp", 5), "Đồng…");
    // The space before the cut is dropped.
    assert_eq!(cut("Đồng Tháp", 6), "Đồng…");
    assert_eq!(cut("Đồng Tháp", 1), "…");
    assert_eq!(cut("Đồng Tháp", 0), "");
    // NFD: the marks stay with their letter.
    assert_eq!(
        cut("Đo\u{302}\u{300}ng Tha\u{301}p", 8),
        "Đo\u{302}\u{300}ng Th…"
    );
    assert_eq!(cut("Đo\u{302}\u{300}ng", 2), "Đ…");
    // A wide character that does not fit is left out whole.
    assert_eq!(cut("ab中文", 4), "ab…");
    assert_eq!(cut("中文", 2), "…");
    assert_eq!(cut_with("Đồng Tháp", 5, "~"), "Đồng~");
    assert_eq!(cut_with("Đồng Tháp", 2, "..."), "..");
}

#[test]
fn pad_and_fit() {
    assert_eq!(pad("Cà Mau", 8, Align::Left), "Cà Mau  ");
    assert_eq!(pad("Cà Mau", 8, Align::Right), "  Cà Mau");
    assert_eq!(pad("Cà Mau", 9, Align::Center), " Cà Mau  ");
    assert_eq!(pad("Cà Mau", 3, Align::Left), "Cà Mau");
    assert_eq!(pad("Ca\u{300} Mau", 7, Align::Right), " Ca\u{300} Mau");
    assert_eq!(fit("Đồng Tháp", 6, Align::Left), "Đồng… ");
    assert_eq!(fit("Đồng Tháp", 12, Align::Right), "   Đồng Tháp");
    assert_eq!(fit("中文", 3, Align::Left), "中…");
    assert_eq!(fit("中文", 2, Align::Left), "… ");
    assert_eq!(fit("x", 0, Align::Center), "");
}
