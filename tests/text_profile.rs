//! Terminal profiles: ambiguous-width letters, ASCII mode, symbol sets.

use std::borrow::Cow;

use thidua::text::profile::{
    ASCII_SYMBOLS, Ambiguous, Charset, Profile, Symbols, UNICODE_SYMBOLS, is_ambiguous,
};
use thidua::text::width::{Align, width};
use unicode_normalization::UnicodeNormalization;
use unicode_width::UnicodeWidthStr;

const PROVINCES: &str = include_str!("../data/provinces.csv");
const LOWER_67: &str = "àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ";

const WIDE: Profile = Profile {
    ambiguous: Ambiguous::Wide,
    charset: Charset::Unicode,
};
const ASCII: Profile = Profile {
    ambiguous: Ambiguous::Narrow,
    charset: Charset::Ascii,
};

fn names() -> Vec<&'static str> {
    PROVINCES
        .lines()
        .skip(1)
        .filter_map(|l| l.split_once(',').map(|(_, n)| n.trim()))
        .collect()
}

#[test]
fn default_is_narrow_unicode_and_leaves_text_alone() {
    let p = Profile::default();
    assert_eq!(p.ambiguous, Ambiguous::Narrow);
    assert_eq!(p.charset, Charset::Unicode);
    for name in names() {
        assert!(matches!(p.show(name), Cow::Borrowed(s) if s == name));
    }
    assert_eq!(p.symbols(), &UNICODE_SYMBOLS);
}

#[test]
fn exactly_twelve_vietnamese_letters_are_ambiguous() {
    let upper = LOWER_67.to_uppercase();
    let ambiguous: String = LOWER_67
        .chars()
        .chain(upper.chars())
        .filter(|&c| is_ambiguous(c))
        .collect();
    assert_eq!(ambiguous, "àáèéêìíòóùúđ");
}

#[test]
fn wide_mode_decomposes_the_twelve_letters() {
    let shown: Vec<String> = "àáèéêìíòóùú"
        .chars()
        .map(|c| WIDE.show(&c.to_string()).into_owned())
        .collect();
    let expected: Vec<String> = "àáèéêìíòóùú"
        .chars()
        .map(|c| c.to_string().nfd().collect())
        .collect();
    assert_eq!(shown, expected);
    assert_eq!(WIDE.show("é"), "e\u{301}");
    assert_eq!(WIDE.show("ê"), "e\u{302}");
    // đ has no decomposition and no other spelling: it stays, followed by
    // the column it covers, and counts two. Đ is not ambiguous and stays.
    assert_eq!(WIDE.show("đ"), "đ ");
    assert_eq!(WIDE.show("Đường đi"), "Đường đ i");
    assert_eq!(WIDE.width("Đường đi"), 9);
    assert_eq!(WIDE.fit("thi đua", 7, Align::Left), "thi đ~");
    // Never half a đ: one column short of it, it goes.
    assert_eq!(WIDE.fit("thi đua", 6, Align::Left), "thi~  ");
    assert_eq!(WIDE.fit("đ", 3, Align::Right), " đ");
    // Letters that are not ambiguous stay precomposed.
    assert!(matches!(WIDE.show("ấ ạ ơ ư ý Á É"), Cow::Borrowed(_)));
}

#[test]
fn wide_mode_on_the_province_names() {
    let shown: Vec<String> = names()
        .into_iter()
        .map(|n| WIDE.show(n).into_owned())
        .collect();
    assert_eq!(
        shown,
        [
            "An Giang",
            "Bạc Lie\u{302}u",
            "Bến Tre",
            "Ca\u{300} Mau",
            "Đồng Tha\u{301}p",
            "Hậu Giang",
            "Kie\u{302}n Giang",
            "Long An",
            "So\u{301}c Trăng",
            "Tiền Giang",
            "Tra\u{300} Vinh",
            "Vĩnh Long",
        ]
    );
    for (name, shown) in names().into_iter().zip(&shown) {
        assert!(!shown.chars().any(is_ambiguous), "{shown:?}");
        // Same columns as the original, both where ambiguous is narrow and
        // where it is wide: that is the point.
        assert_eq!(width(shown), width(name));
        assert_eq!(shown.width_cjk(), width(name), "{shown:?}");
        assert_eq!(shown.nfc().collect::<String>(), name);
    }
}

#[test]
fn wide_mode_replaces_ambiguous_punctuation_and_drawing() {
    assert_eq!(WIDE.show("“Thu” – 5°… ±1 ×2"), "\"Thu\" - 5o~ +1 x2");
    // Light shade ░ (U+2591) is not ambiguous and stays.
    assert_eq!(WIDE.show("┌─┬─┐│█░▲▼"), "+-+-+|#░^v");
    assert_eq!(WIDE.show("α"), "?");
    assert_eq!(WIDE.show("中文"), "中文");
}

#[test]
fn ascii_mode_drops_diacritics() {
    assert_eq!(ASCII.show("Đồng Tháp"), "Dong Thap");
    assert_eq!(ASCII.show("Đo\u{302}\u{300}ng Tha\u{301}p"), "Dong Thap");
    assert_eq!(
        ASCII.show("Cụm thi đua các tỉnh Tây Nam bộ"),
        "Cum thi dua cac tinh Tay Nam bo"
    );
    assert_eq!(
        ASCII.show(LOWER_67),
        "aaaaaaaaaaaaaaaaaeeeeeeeeeeeiiiiiooooooooooooooooouuuuuuuuuuuyyyyyd"
    );
    assert_eq!(ASCII.show("“Thu” – 76,64%…"), "\"Thu\" - 76,64%~");
    // Wide characters keep their columns.
    assert_eq!(ASCII.show("中文 ok"), "???? ok");
    assert!(matches!(ASCII.show("Long An"), Cow::Borrowed(_)));
    for name in names() {
        let shown = ASCII.show(name);
        assert!(shown.is_ascii());
        assert_eq!(width(&shown), width(name));
    }
    // ASCII wins over wide.
    let both = Profile {
        ambiguous: Ambiguous::Wide,
        charset: Charset::Ascii,
    };
    assert_eq!(both.show("Đồng Tháp"), "Dong Thap");
}

fn all_symbols(s: &Symbols) -> Vec<&'static str> {
    let b = s.border;
    let l = s.line;
    vec![
        b.top_left,
        b.top_right,
        b.bottom_left,
        b.bottom_right,
        b.vertical_left,
        b.vertical_right,
        b.horizontal_top,
        b.horizontal_bottom,
        l.vertical,
        l.horizontal,
        l.top_right,
        l.top_left,
        l.bottom_right,
        l.bottom_left,
        l.vertical_left,
        l.vertical_right,
        l.horizontal_down,
        l.horizontal_up,
        l.cross,
        s.gauge_filled,
        s.gauge_empty,
        s.arrow_up,
        s.arrow_down,
        s.arrow_left,
        s.arrow_right,
        s.ellipsis,
        s.saved,
        s.separator,
    ]
}

#[test]
fn symbol_sets() {
    assert_eq!(WIDE.symbols(), &ASCII_SYMBOLS);
    assert_eq!(ASCII.symbols(), &ASCII_SYMBOLS);
    for s in all_symbols(&UNICODE_SYMBOLS) {
        assert_eq!(width(s), 1, "{s:?}");
    }
    for s in all_symbols(&ASCII_SYMBOLS) {
        assert_eq!(width(s), 1, "{s:?}");
        assert_eq!(s.width_cjk(), 1, "{s:?}");
        assert!(s.is_ascii(), "{s:?}");
    }
    assert_eq!(UNICODE_SYMBOLS.border, ratatui::symbols::border::PLAIN);
    assert_eq!(
        all_symbols(&ASCII_SYMBOLS).concat(),
        "++++||--|-+++++++++#.^v<>~*|"
    );
    assert_eq!(
        [
            UNICODE_SYMBOLS.gauge_filled,
            UNICODE_SYMBOLS.gauge_empty,
            UNICODE_SYMBOLS.saved,
            UNICODE_SYMBOLS.ellipsis
        ]
        .concat(),
        "█░✓…"
    );
}
