//! Vietnamese numbers: the forms officers type, and the forms refused.

use std::str::FromStr;

use rust_decimal::Decimal;
use thidua::text::number::{NumberError, format_number, parse_number, parse_number_ratio};

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).expect("test literal")
}

#[test]
fn accepted_forms() {
    let cases = [
        ("52.049", "52049"),
        ("4,9", "4.9"),
        ("1.234,5", "1234.5"),
        ("-2,31", "-2.31"),
        ("+7,77", "7.77"),
        ("76,64%", "76.64"),
        ("76,64 %", "76.64"),
        ("4.9", "4.9"),
        ("76.64", "76.64"),
        ("4.900", "4900"),
        ("4.9000", "4.9"),
        ("1.234.567", "1234567"),
        ("1.234.567,89", "1234567.89"),
        ("52 049", "52049"),
        ("52\u{a0}049", "52049"),
        ("52\u{202f}049", "52049"),
        ("1 234 567,5", "1234567.5"),
        ("1 234.5", "1234.5"),
        ("  3327,24\t", "3327.24"),
        ("\u{a0}2550\u{a0}", "2550"),
        ("0", "0"),
        ("-0", "0"),
        ("0,5", "0.5"),
        (",5", "0.5"),
        (".5", "0.5"),
        ("2550", "2550"),
        ("12345678", "12345678"),
        ("\u{2212}2,31", "-2.31"),
        ("100%", "100"),
    ];
    for (input, expected) in cases {
        assert_eq!(parse_number(input), Ok(d(expected)), "input {input:?}");
    }
}

#[test]
fn typed_decimals_keep_their_scale() {
    assert_eq!(parse_number("4,90").map(|v| v.scale()), Ok(2));
    assert_eq!(parse_number("-0").map(|v| v.is_sign_negative()), Ok(false));
}

#[test]
fn refused_forms() {
    let malformed = [
        "12,3,4",
        "1..2",
        "abc",
        "1,234.5",
        "4,",
        "4.",
        ".",
        ",",
        "-",
        "+",
        "%",
        "--5",
        "+-5",
        "5-",
        "1e5",
        "4,9.1",
        "1.234 567",
        "12 ,5",
        "1 ,5",
        ".500",
        "4,9%%",
        "61/119",
        "١٢",
        "1,2 3",
        "1.2.",
        "- 5",
    ];
    for input in malformed {
        assert_eq!(
            parse_number(input),
            Err(NumberError::Malformed(input.trim().to_owned())),
            "input {input:?}"
        );
    }
    for input in [
        "1234.567",
        "12.34.567",
        "1.23.456",
        "0.500",
        "1.234.5678",
        "52 04",
    ] {
        assert_eq!(
            parse_number(input),
            Err(NumberError::Grouping(input.to_owned())),
            "input {input:?}"
        );
    }
    assert_eq!(parse_number(""), Err(NumberError::Empty));
    assert_eq!(parse_number(" \t "), Err(NumberError::Empty));
}

#[test]
fn messages_are_vietnamese_and_say_what_was_expected() {
    assert_eq!(
        parse_number("12,3,4").map_err(|e| e.to_string()),
        Err("Không hiểu số «12,3,4»: nhập như 1.234,5 hoặc 4,9".to_owned())
    );
    assert_eq!(
        parse_number("").map_err(|e| e.to_string()),
        Err("Chưa nhập số: nhập như 1.234,5 hoặc 4,9".to_owned())
    );
    assert_eq!(
        parse_number("1234.567").map_err(|e| e.to_string()),
        Err("Không hiểu số «1234.567»: dấu chấm ngăn hàng nghìn phải đứng trước đúng 3 chữ số (1.234.567); phần thập phân đứng sau dấu phẩy (1234,5)".to_owned())
    );
    // The quoted input is sanitised and shortened: it is drawn on a terminal.
    assert_eq!(
        parse_number("\x1b[31mđỏ").map_err(|e| e.to_string()),
        Err("Không hiểu số «đỏ»: nhập như 1.234,5 hoặc 4,9".to_owned())
    );
    let long = "x".repeat(100);
    assert_eq!(
        parse_number(&long),
        Err(NumberError::Malformed(format!("{}…", "x".repeat(31))))
    );
}

#[test]
fn too_large() {
    // 2^96 - 1 is the largest Decimal mantissa.
    assert_eq!(
        parse_number("79228162514264337593543950335"),
        Ok(Decimal::MAX)
    );
    assert_eq!(
        parse_number("79228162514264337593543950336"),
        Err(NumberError::TooLarge(
            "79228162514264337593543950336".to_owned()
        ))
    );
    assert!(matches!(
        parse_number("0,00000000000000000000000000001"),
        Err(NumberError::TooLarge(_))
    ));
    // Trailing zeros that cannot be kept are dropped rather than refused.
    assert_eq!(
        parse_number("79.228.162.514.264.337.593.543.950.335,00"),
        Ok(Decimal::MAX)
    );
}

#[test]
fn ratios() {
    let expected = Decimal::from(6100) / Decimal::from(119);
    assert_eq!(parse_number_ratio("61/119"), Ok(expected));
    assert_eq!(format_number(expected, 2), "51,26");
    assert_eq!(parse_number_ratio(" 61 / 119 "), Ok(expected));
    assert_eq!(parse_number_ratio("1/4"), Ok(d("25")));
    assert_eq!(parse_number_ratio("1.234/2.468"), Ok(d("50")));
    assert_eq!(parse_number_ratio("51,26"), Ok(d("51.26")));
    assert_eq!(parse_number_ratio("51,26%"), Ok(d("51.26")));
    assert_eq!(parse_number_ratio("0/7"), Ok(d("0")));
    assert_eq!(
        parse_number_ratio("61/0"),
        Err(NumberError::DivisionByZero("61/0".to_owned()))
    );
    for bad in ["61/", "/119", "61/119/2", "6%/119", "a/b"] {
        assert_eq!(
            parse_number_ratio(bad),
            Err(NumberError::Ratio(bad.to_owned())),
            "input {bad:?}"
        );
    }
    assert_eq!(
        parse_number_ratio("61/").map_err(|e| e.to_string()),
        Err("Không hiểu tỉ lệ «61/»: nhập như 61/119 hoặc 51,26".to_owned())
    );
    assert_eq!(
        parse_number_ratio("12,3,4"),
        Err(NumberError::Malformed("12,3,4".to_owned()))
    );
}

#[test]
fn formatting() {
    let cases = [
        ("52049", 0, "52.049"),
        ("4.9", 1, "4,9"),
        ("1234.5", 1, "1.234,5"),
        ("1234.5", 2, "1.234,50"),
        ("-2.31", 2, "-2,31"),
        ("7.77", 2, "7,77"),
        ("999", 0, "999"),
        ("1000", 0, "1.000"),
        ("1234567.891", 2, "1.234.567,89"),
        ("0", 2, "0,00"),
        ("2.345", 2, "2,35"),
        ("-2.345", 2, "-2,35"),
        ("2.5", 0, "3"),
        ("-2.5", 0, "-3"),
        ("-0.004", 2, "0,00"),
        ("0.125", 2, "0,13"),
        ("3327.24", 0, "3.327"),
        ("-1234567", 0, "-1.234.567"),
    ];
    for (value, decimals, expected) in cases {
        assert_eq!(
            format_number(d(value), decimals),
            expected,
            "{value} with {decimals}"
        );
    }
    assert_eq!(
        format_number(Decimal::MAX, 0),
        "79.228.162.514.264.337.593.543.950.335"
    );
    assert_eq!(
        format_number(Decimal::MAX, 2),
        "79.228.162.514.264.337.593.543.950.335,00"
    );
    assert_eq!(format_number(d("1.5"), 40).len(), "1,".len() + 28);
}

#[test]
fn format_then_parse_gives_the_value_back() {
    for (value, decimals) in [
        ("52049", 0),
        ("4.9", 1),
        ("-1234.5", 2),
        ("0.001", 3),
        ("4900", 0),
    ] {
        let text = format_number(d(value), decimals);
        assert_eq!(parse_number(&text), Ok(d(value)), "{text}");
    }
}

/// A figure shown with its indicator's decimals, but never fewer than it
/// holds: a weight of 2,5, a typed 1.234,56 on a one-decimal indicator.
#[test]
fn exact_format_never_hides_digits() {
    use thidua::text::number::format_exact;
    assert_eq!(format_exact(d("2.5"), 0), "2,5");
    assert_eq!(format_exact(d("1"), 0), "1");
    assert_eq!(format_exact(d("1234.56"), 1), "1.234,56");
    assert_eq!(format_exact(d("606"), 1), "606,0");
    assert_eq!(format_exact(d("2.500"), 0), "2,5");
}

#[test]
fn plain_numbers_from_files_are_read_exactly_or_refused() {
    use thidua::text::number::parse_plain;
    for (s, v) in [
        ("1234.5", "1234.5"),
        ("-2.31", "-2.31"),
        ("0", "0"),
        ("-0", "0"),
        ("0.000001", "0.000001"),
        (" 2550 ", "2550"),
        ("3327.24", "3327.24"),
    ] {
        assert_eq!(parse_plain(s).expect(s), d(v), "{s}");
    }
    // Refused, never changed: the forms a spreadsheet or a typo produces.
    for s in [
        "5_000", "1e3", "1E3", "1,5", "1.234.5", "+5", "1 000", ".5", "5.", "--1", "0x10", "∞",
        "NaN", "",
    ] {
        assert!(parse_plain(s).is_err(), "{s:?} must be refused");
    }
    // More digits than a value holds: refused rather than rounded to 28.
    let forty = format!("0.{}", "1".repeat(40));
    assert!(matches!(parse_plain(&forty), Err(NumberError::TooLarge(_))));
    let tiny = format!("0.{}1", "0".repeat(30));
    assert!(matches!(parse_plain(&tiny), Err(NumberError::TooLarge(_))));
    let msg = parse_plain("1e3").expect_err("exponent").to_string();
    assert!(msg.contains("1e3") && msg.contains("1234.5"), "{msg}");
}

#[test]
fn a_comma_before_three_digits_is_a_doubt_an_officer_is_asked_about() {
    use thidua::text::number::grouping_doubt;
    assert_eq!(grouping_doubt("2,353"), Some(d("2353")));
    assert_eq!(grouping_doubt("-12,500"), Some(d("-12500")));
    assert_eq!(grouping_doubt("999,999"), Some(d("999999")));
    for s in [
        "2,35",
        "2,3530",
        "2.353",
        "1.234,567",
        "0,353",
        ",353",
        "1234,567",
        "2,353.5",
    ] {
        assert_eq!(grouping_doubt(s), None, "{s}");
    }
}
