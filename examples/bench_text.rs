//! Throughput of the text layer's hot paths, for the numbers in the issue.
//!
//! Run in release: `cargo run --release --example bench_text`.
//! Prints numbers parsed per second (a mix of the forms officers type) and
//! MB/s of `width` on Vietnamese text (NFC, NFD, and ASCII for reference).

use std::hint::black_box;
use std::time::{Duration, Instant};

use thidua::text::number::parse_number;
use thidua::text::width::width;
use unicode_normalization::UnicodeNormalization;

/// Runs `f` repeatedly for about `budget`, returns (iterations, elapsed).
fn run(budget: Duration, mut f: impl FnMut() -> usize) -> (u64, Duration) {
    let start = Instant::now();
    let mut iterations = 0u64;
    let mut sink = 0usize;
    while start.elapsed() < budget {
        for _ in 0..64 {
            sink = sink.wrapping_add(f());
        }
        iterations += 64;
    }
    black_box(sink);
    (iterations, start.elapsed())
}

fn main() {
    let budget = Duration::from_millis(1500);

    let forms = [
        "52.049",
        "4,9",
        "1.234,5",
        "-2,31",
        "+7,77",
        "76,64%",
        "3327,24",
        "2550",
        "4.9",
        "76.64",
        "4.900",
        "1 234 567,89",
        "52\u{a0}049",
        "0,5",
        "12,3,4",
        "abc",
    ];
    let (n, t) = run(budget, || {
        forms
            .iter()
            .map(|s| usize::from(parse_number(black_box(s)).is_ok()))
            .sum()
    });
    let per_sec = (n as f64 * forms.len() as f64) / t.as_secs_f64();
    println!(
        "parse_number: {:.2} M numbers/s ({} forms, 2 of them refused)",
        per_sec / 1e6,
        forms.len()
    );

    let paragraph = "Cụm thi đua các tỉnh Tây Nam bộ gồm An Giang, Bạc Liêu, Bến Tre, Cà Mau, \
        Đồng Tháp, Hậu Giang, Kiên Giang, Long An, Sóc Trăng, Tiền Giang, Trà Vinh và Vĩnh Long. \
        Tốc độ tăng trưởng kinh tế (GRDP) sáu tháng đầu năm ước đạt 4,9%; thu ngân sách nhà nước \
        trên địa bàn đạt 52.049 tỷ đồng, bằng 61,3% dự toán năm. ";
    let nfc = paragraph.repeat(8);
    let nfd: String = nfc.nfd().collect();
    let ascii = "Cum thi dua cac tinh Tay Nam bo gom An Giang, Bac Lieu, Ben Tre. ".repeat(40);
    for (label, text) in [
        ("NFC Vietnamese", &nfc),
        ("NFD Vietnamese", &nfd),
        ("ASCII", &ascii),
    ] {
        let (n, t) = run(budget, || width(black_box(text)));
        let mb = n as f64 * text.len() as f64 / 1e6 / t.as_secs_f64();
        println!("width, {label}: {mb:.1} MB/s ({} bytes a call)", text.len());
    }
    let names = [
        "An Giang",
        "Bạc Liêu",
        "Bến Tre",
        "Cà Mau",
        "Đồng Tháp",
        "Hậu Giang",
        "Kiên Giang",
        "Long An",
        "Sóc Trăng",
        "Tiền Giang",
        "Trà Vinh",
        "Vĩnh Long",
    ];
    let (n, t) = run(budget, || names.iter().map(|s| width(black_box(s))).sum());
    println!(
        "width, province names: {:.1} M names/s",
        n as f64 * names.len() as f64 / 1e6 / t.as_secs_f64()
    );
}
