//! The readers of what officers hand in, on hostile input (issue #12's
//! fuzz targets): the values CSV (`io::import`, with the optional
//! `qualifier,comment`), the weights CSV (`io::weights`) and the number
//! parsers (`text::number`). Properties: never a panic; whatever is
//! accepted round-trips through the writer (the export, the machine form,
//! the Vietnamese format); whatever is refused is named — by line and a
//! column of the header for a file, by the input itself for a number —
//! in a message with no control character.
//!
//! Briefly in `cargo test`; longer with, for example,
//! `PROPTEST_CASES=100000 cargo test --release --test readers_fuzz`.

use proptest::prelude::*;
use rust_decimal::Decimal;
use thidua::io::csv_in::ImportError;
use thidua::io::export::{self, ExportFormat};
use thidua::io::{import, weights};
use thidua::model::{Cluster, Value};
use thidua::store::builtin;
use thidua::text::normalize::{clean, is_clean};
use thidua::text::number::{
    NumberError, format_exact, format_number, grouping_doubt, parse_number, parse_number_ratio,
    parse_plain,
};
use thidua::text::width::cut;

fn cluster() -> Cluster {
    builtin::load().expect("built-in data").0
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

/// Text that looks like a number, or nearly.
fn number_like() -> impl Strategy<Value = String> {
    prop_oneof![
        proptest::string::string_regex(
            "[-+\u{2212} ]?[0-9., \u{a0}_eE]{0,32}[%/]?[0-9.,]{0,8}[%]?"
        )
        .expect("regex"),
        decimal().prop_map(|d| format_number(d, d.scale())),
        decimal().prop_map(export::plain),
        (decimal(), 1u8..4).prop_map(|(d, k)| match k {
            1 => format!("{},{}", d.trunc(), "353"),
            2 => format!("{}/{}", d.trunc(), d.fract().abs()),
            _ => format!("{d}%"),
        }),
        any::<String>(),
    ]
}

/// The input as number messages quote it.
fn quoted(s: &str) -> String {
    cut(&clean(s.trim()), 32)
}

/// A refused number names the input, in a clean message.
fn named(s: &str, e: &NumberError) -> Result<(), TestCaseError> {
    let message = e.to_string();
    prop_assert!(is_clean(&message), "{message:?}");
    if *e == NumberError::Empty {
        prop_assert!(s.trim().is_empty(), "{s:?} called empty");
    } else {
        prop_assert!(
            message.contains(&quoted(s)),
            "{message} does not name {s:?}"
        );
    }
    Ok(())
}

proptest! {
    #[test]
    fn a_typed_number_is_read_back_from_what_is_written_or_named(s in number_like()) {
        match parse_number(&s) {
            Ok(v) => {
                let written = format_exact(v, 0);
                prop_assert_eq!(parse_number(&written), Ok(v), "{} written {}", s, written);
            }
            Err(e) => named(&s, &e)?,
        }
        match parse_number_ratio(&s) {
            Ok(v) => {
                let written = format_exact(v, 0);
                prop_assert_eq!(parse_number(&written), Ok(v), "{} written {}", s, written);
            }
            Err(e) => named(&s, &e)?,
        }
    }

    #[test]
    fn a_machine_number_is_exact_and_round_trips_or_is_named(s in number_like()) {
        match parse_plain(&s) {
            Ok(v) => {
                let written = export::plain(v);
                prop_assert_eq!(parse_plain(&written), Ok(v));
                // Nothing but the machine form is accepted.
                let t = s.trim();
                prop_assert!(
                    t.bytes().all(|b| b.is_ascii_digit() || b == b'.' || b == b'-'),
                    "{:?} accepted", s
                );
                prop_assert_eq!(t.parse::<Decimal>().ok(), Some(v));
            }
            Err(e) => named(&s, &e)?,
        }
    }

    #[test]
    fn a_grouping_doubt_is_the_same_digits_a_thousand_times(s in number_like()) {
        if let Some(whole) = grouping_doubt(&s) {
            let read = parse_number(&s);
            prop_assert!(read.is_ok(), "{:?} doubted but unreadable", s);
            let read = read.unwrap_or_default();
            prop_assert_eq!(read * Decimal::from(1000), whole, "{}", s);
            prop_assert_eq!(parse_number(&format_number(whole, 0)), Ok(whole));
        }
    }
}

/// One field of a values CSV: mostly good, sometimes not.
fn field(good: Vec<String>, bad: &'static [&'static str]) -> impl Strategy<Value = String> {
    prop_oneof![
        14 => prop::sample::select(good),
        1 => prop::sample::select(bad).prop_map(str::to_string),
        1 => any::<String>(),
    ]
}

const QUALIFIER_WORDS: &[&str] = &[
    "estimate",
    "lower_bound",
    "approx",
    "derived",
    "ước đạt",
    "trên",
    "khoảng",
    "maybe",
    "",
];

fn qualifier() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(QUALIFIER_WORDS), 0..3).prop_map(|w| w.join(";"))
}

fn comment() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => Just(String::new()),
        4 => proptest::string::string_regex("[=+@'\"a-zA-Zàáạảãăâđêôơư ,;\n\r\t\u{1b}\u{7}\u{301}-]{0,40}")
            .expect("regex"),
        1 => any::<String>(),
        1 => (4000usize..4003).prop_map(|n| "x".repeat(n)),
    ]
}

/// A values CSV: a header of the required columns (any order), maybe the
/// optional ones and an extra, then rows; with or without a BOM, CRLF.
fn values_csv(cluster: &Cluster) -> impl Strategy<Value = (Vec<u8>, usize)> {
    let mut units: Vec<String> = cluster.provinces.iter().map(|p| p.code.clone()).collect();
    units.push("CLUSTER".into());
    let indicators: Vec<String> = cluster.indicators.iter().map(|i| i.code.clone()).collect();
    let periods: Vec<String> = ["2021-H1", "2021", "2020-H1", "2021-Q3", "2021-09", "2022"]
        .map(String::from)
        .to_vec();
    let kinds: Vec<String> = ["actual", "plan"].map(String::from).to_vec();
    let value = prop_oneof![
        4 => (0u32..100_000).prop_map(|n| n.to_string()),
        2 => (0u32..100_000, 1u32..3).prop_map(|(n, s)| export::plain(Decimal::new(i64::from(n), s))),
        1 => decimal().prop_map(export::plain),
        1 => prop::sample::select(&["1e3", "5_000", "1.234,5", "", " 7 ", "-0"][..]).prop_map(str::to_string),
    ];
    let row = (
        field(units, &["XX", "dt", "D\u{1b}T", ""]),
        field(indicators, &["NOPE", "", "grdp_growth"]),
        field(periods, &["2021-H3", "20211", "2021-13", ""]),
        field(kinds, &["plan_pct", "Actual", ""]),
        value,
        qualifier(),
        comment(),
    );
    (
        prop::collection::vec(row, 0..5),
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
        any::<u8>(),
    )
        .prop_map(|(rows, bom, crlf, said, extra, reversed, ragged)| {
            let mut header: Vec<&str> =
                vec!["province_code", "indicator_code", "period", "kind", "value"];
            if said {
                header.extend(["qualifier", "comment"]);
            }
            if extra {
                header.push("source_quote");
            }
            if reversed {
                header.reverse();
            }
            let mut w = csv::WriterBuilder::new()
                .flexible(true)
                .terminator(if crlf {
                    csv::Terminator::CRLF
                } else {
                    csv::Terminator::Any(b'\n')
                })
                .from_writer(Vec::new());
            let _ = w.write_record(&header);
            for (i, (p, ind, per, k, v, q, c)) in rows.iter().enumerate() {
                let mut record: Vec<&str> = header
                    .iter()
                    .map(|h| match *h {
                        "province_code" => p.as_str(),
                        "indicator_code" => ind.as_str(),
                        "period" => per.as_str(),
                        "kind" => k.as_str(),
                        "value" => v.as_str(),
                        "qualifier" => q.as_str(),
                        "comment" => c.as_str(),
                        _ => "trích dẫn, có dấu phẩy",
                    })
                    .collect();
                if usize::from(ragged) % 7 == i {
                    record.pop();
                }
                let _ = w.write_record(&record);
            }
            let mut bytes = if bom {
                b"\xEF\xBB\xBF".to_vec()
            } else {
                Vec::new()
            };
            bytes.extend(w.into_inner().unwrap_or_default());
            (bytes, rows.len())
        })
}

/// Every refusal names a line of the file and a column of its header (or
/// none), in a message with no control character.
fn located(errors: &[ImportError], records: usize, header: &[&str]) -> Result<(), TestCaseError> {
    prop_assert!(!errors.is_empty());
    for e in errors {
        prop_assert!(
            (1..=records + 1).contains(&e.line),
            "{e} of {records} records"
        );
        if let Some(c) = &e.column {
            prop_assert!(header.contains(&c.as_str()), "{e}: no column {c}");
        }
        prop_assert!(!e.message.is_empty());
        prop_assert!(
            !e.to_string().chars().any(char::is_control),
            "{:?}",
            e.to_string()
        );
    }
    Ok(())
}

const VALUE_COLUMNS: [&str; 7] = [
    "province_code",
    "indicator_code",
    "period",
    "kind",
    "value",
    "qualifier",
    "comment",
];

proptest! {
    #[test]
    fn any_bytes_as_a_values_or_weights_file_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        let c = cluster();
        let _ = import::parse(&bytes, &c);
        let _ = weights::parse(&bytes, &c);
        let _ = weights::is_weights_file(&bytes);
    }

    #[test]
    fn an_accepted_values_file_round_trips_through_the_export_and_a_refused_one_is_located(
        (bytes, records) in values_csv(&cluster())
    ) {
        let c = cluster();
        match import::parse(&bytes, &c) {
            Ok(edits) => {
                let values: Vec<Value> = edits
                    .iter()
                    .filter_map(|e| Some(Value { key: e.key.clone(), figure: e.new.clone()? }))
                    .collect();
                prop_assert_eq!(values.len(), edits.len());
                for v in &values {
                    if let Some(n) = &v.figure.note {
                        prop_assert!(is_clean(n) && !n.is_empty() && n.chars().count() <= 4000, "{n:?}");
                    }
                }
                let written = export::render(&c, values.clone(), ExportFormat::Csv).expect("csv");
                let again = import::parse(&written, &c);
                prop_assert!(again.is_ok(), "{:?}", again.err());
                let mut again: Vec<Value> = again
                    .unwrap_or_default()
                    .into_iter()
                    .filter_map(|e| Some(Value { key: e.key, figure: e.new? }))
                    .collect();
                let mut values = values;
                export::sort(&mut values);
                export::sort(&mut again);
                prop_assert_eq!(&again, &values);
                let rewritten = export::render(&c, again, ExportFormat::Csv).expect("csv");
                prop_assert_eq!(rewritten, written, "byte-identical");
            }
            Err(errors) => located(&errors, records, &VALUE_COLUMNS)?,
        }
    }

    #[test]
    fn an_accepted_weights_file_round_trips_and_a_refused_one_is_located(
        rows in prop::collection::vec(
            (
                prop_oneof![
                    4 => prop::sample::select(cluster().indicators.iter().map(|i| i.code.clone()).collect::<Vec<_>>()),
                    1 => Just("NOPE".to_string()),
                    1 => any::<String>(),
                ],
                prop_oneof![
                    4 => decimal().prop_map(|d| export::plain(d.abs())),
                    1 => prop::sample::select(&["1e3", "5_000", "-1", "1,5", "", "+2", " 3 "][..]).prop_map(str::to_string),
                    1 => any::<String>(),
                ],
            ),
            0..5,
        ),
        extra in any::<bool>(),
    ) {
        let c = cluster();
        let mut w = csv::Writer::from_writer(Vec::new());
        let mut header = vec!["indicator_code", "weight"];
        if extra {
            header.push("ghi_chu");
        }
        let _ = w.write_record(&header);
        for (code, weight) in &rows {
            let mut record = vec![code.as_str(), weight.as_str()];
            if extra {
                record.push("x");
            }
            let _ = w.write_record(&record);
        }
        let bytes = w.into_inner().unwrap_or_default();
        match weights::parse(&bytes, &c) {
            Ok(list) => {
                for (code, weight) in &list {
                    let given = rows.iter().rev().find(|(c, _)| clean(c).trim() == code);
                    prop_assert!(given.is_some(), "{code} not in the file");
                    let text = given.map(|(_, w)| w.as_str()).unwrap_or_default();
                    prop_assert_eq!(parse_plain(text), Ok(*weight), "weight {:?}", text);
                }
                let mut out = String::from("indicator_code,weight\n");
                for (code, weight) in &list {
                    out.push_str(&format!("{code},{}\n", export::plain(*weight)));
                }
                prop_assert_eq!(weights::parse(out.as_bytes(), &c), Ok(list));
            }
            Err(errors) => located(&errors, rows.len(), &weights::COLUMNS)?,
        }
    }
}
