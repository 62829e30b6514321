//! Normalisation and sanitising: stored text is NFC and cannot drive a terminal.

use thidua::text::normalize::{clean, clean_name, is_clean, nfc};

#[test]
fn nfd_becomes_nfc() {
    // "Đồng Tháp" typed on a machine that sends decomposed letters.
    let nfd = "\u{110}o\u{302}\u{300}ng Tha\u{301}p";
    assert_eq!(clean(nfd), "Đồng Tháp");
    assert_eq!(clean(nfd).chars().count(), 9);
    assert_eq!(nfc(nfd), "Đồng Tháp");
    assert!(matches!(nfc("Đồng Tháp"), std::borrow::Cow::Borrowed(_)));
}

#[test]
fn plain_text_is_unchanged() {
    for s in [
        "",
        "An Giang",
        "  Cà Mau  ",
        "Cụm thi đua các tỉnh Tây Nam bộ",
        "52.049 tỷ đồng",
    ] {
        assert_eq!(clean(s), s);
        assert!(is_clean(s));
    }
}

#[test]
fn csi_sequences_are_removed_whole() {
    assert_eq!(clean("\x1b[31mBến Tre\x1b[0m"), "Bến Tre");
    assert_eq!(clean("a\x1b[2J\x1b[Hb"), "ab");
    assert_eq!(clean("a\x1b[?1049hb"), "ab");
    assert_eq!(clean("a\x1b[38;5;196mb"), "ab");
    // 8-bit CSI.
    assert_eq!(clean("a\u{9b}31mb"), "ab");
    // A CSI cut short by a non-ASCII letter: the letter stays.
    assert_eq!(clean("\x1b[31Đ"), "Đ");
}

#[test]
fn osc_and_other_strings_are_removed_whole() {
    // Window title, terminated by BEL and by ST.
    assert_eq!(clean("x\x1b]0;pwned\x07y"), "xy");
    assert_eq!(clean("x\x1b]0;pwned\x1b\\y"), "xy");
    assert_eq!(clean("x\u{9d}0;pwned\u{9c}y"), "xy");
    // Hyperlink OSC 8 around a name: the visible text stays.
    assert_eq!(
        clean("\x1b]8;;http://x\x1b\\Long An\x1b]8;;\x1b\\"),
        "Long An"
    );
    // DCS, APC.
    assert_eq!(clean("a\x1bPq#0;2;0;0;0\x1b\\b"), "ab");
    assert_eq!(clean("a\x1b_payload\x1b\\b"), "ab");
    // Unterminated: runs to the end, as a terminal would swallow it.
    assert_eq!(clean("Trà Vinh\x1b]0;title"), "Trà Vinh");
    // An ESC inside a string ends it and starts its own sequence.
    assert_eq!(clean("a\x1b]0;t\x1b[31mb"), "ab");
}

#[test]
fn short_escapes_are_removed() {
    assert_eq!(clean("a\x1b7b\x1b8c"), "abc"); // save / restore cursor
    assert_eq!(clean("a\x1bcb"), "ab"); // full reset
    assert_eq!(clean("a\x1b(Bb"), "ab"); // charset designation
    assert_eq!(clean("a\x1b#8b"), "ab"); // screen alignment test
    assert_eq!(clean("a\x1b"), "a");
    assert_eq!(clean("\x1bđ"), "đ");
}

#[test]
fn controls_are_removed_and_breaks_become_spaces() {
    assert_eq!(clean("Sóc\tTrăng"), "Sóc Trăng");
    assert_eq!(clean("Sóc\nTrăng"), "Sóc Trăng");
    assert_eq!(clean("Sóc\r\nTrăng"), "Sóc Trăng");
    assert_eq!(clean("Sóc\rTrăng"), "Sóc Trăng");
    assert_eq!(clean("Sóc\u{2028}Trăng"), "Sóc Trăng");
    assert_eq!(clean("Sóc\u{85}Trăng"), "Sóc Trăng");
    assert_eq!(clean("a\x00b\x07c\x08d\x7fe\u{80}f\u{9f}"), "abcdef");
}

#[test]
fn invisible_format_characters_are_removed() {
    // Excel's byte-order mark at the start of a CSV field.
    assert_eq!(clean("\u{feff}An Giang"), "An Giang");
    // Bidi override that would show the name reversed.
    assert_eq!(clean("\u{202e}gnaiG nA\u{202c}"), "gnaiG nA");
    assert_eq!(clean("a\u{2066}b\u{2069}"), "ab");
    // Joiners are kept (emoji sequences).
    assert_eq!(clean("👩\u{200d}🌾"), "👩\u{200d}🌾");
}

#[test]
fn removing_a_control_lets_marks_compose() {
    assert_eq!(clean("a\x07\u{301}"), "á");
}

#[test]
fn clean_name_trims_and_collapses() {
    assert_eq!(clean_name("  Đồng \t Tháp\r\n"), "Đồng Tháp");
    assert_eq!(clean_name("\u{a0}Long\u{a0}\u{a0}An "), "Long An");
    assert_eq!(clean_name(""), "");
}
