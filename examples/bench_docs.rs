//! How long the documents take, in-process on the built-in data: the
//! report as text, Word and Excel; then an export workbook of 68,400
//! values (12 provinces × 95 indicators × 60 periods) and reading it back
//! as an import (parse and check, the long sheet; no database write); the
//! same values as CSV, one in ten with qualifiers and a comment, and back;
//! and a report of one period from a database holding them all: what it
//! reads (its periods) against reading the whole database.
//!
//! Run: `cargo run --release --example bench_docs`

use std::time::{Duration, Instant};

use rust_decimal::Decimal;
use thidua::io::import;
use thidua::io::report::{self, ReportFormat, Request};
use thidua::io::{export, sheet_in};
use thidua::model::particulars::Particulars;
use thidua::model::{Figure, Figures, Kind, Period, Qualifiers, Span, Value, ValueKey};
use thidua::store::{SledStore, Store, builtin};

/// The median of `runs` timings of `f`, and its last result.
fn median<T>(runs: usize, mut f: impl FnMut() -> T) -> (Duration, T) {
    let mut times = Vec::new();
    let mut last = None;
    for _ in 0..runs {
        let t = Instant::now();
        last = Some(f());
        times.push(t.elapsed());
    }
    times.sort();
    (times[times.len() / 2], last.expect("at least one run"))
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

fn main() -> anyhow::Result<()> {
    let (cluster, values) = builtin::load()?;
    let figures = Figures::new(values);
    let particulars = Particulars::default();
    let request = Request {
        cluster: &cluster,
        figures: &figures,
        period: "2021-H1".parse()?,
        score_sheets: true,
        score: None,
        sheet: None,
        particulars: &particulars,
        narrative: Some("# I. KẾT QUẢ\n\nCác tỉnh đã **tích cực** thi đua.\n\n- Một;\n- Hai.\n"),
    };
    for (name, format) in [
        ("txt", ReportFormat::Text),
        ("csv", ReportFormat::Csv),
        ("docx", ReportFormat::Docx),
        ("xlsx", ReportFormat::Xlsx),
    ] {
        let (t, bytes) = median(5, || report::produce(&request, format));
        println!(
            "report 2021-H1 with score sheets, {name}: {} ({} bytes)",
            ms(t),
            bytes?.len()
        );
    }

    let periods: Vec<Period> = (2016..2026)
        .flat_map(|y| {
            [
                Span::Half(1),
                Span::Half(2),
                Span::Quarter(1),
                Span::Quarter(2),
                Span::Quarter(3),
                Span::Quarter(4),
            ]
            .map(|s| Period::new(y, s))
        })
        .collect();
    let mut many = Vec::new();
    for (i, period) in periods.iter().enumerate() {
        for p in &cluster.provinces {
            for ind in &cluster.indicators {
                let v = Decimal::from((i % 97 + 1) as u32)
                    .max(ind.min)
                    .min(ind.max)
                    .round();
                many.push(Value {
                    key: ValueKey::new(*period, &p.code, &ind.code, Kind::Actual),
                    figure: Figure::plain(v),
                });
            }
        }
    }
    let count = many.len();
    let (t, book) = median(3, || {
        export::render(&cluster, many.clone(), export::ExportFormat::Xlsx)
    });
    let book = book?;
    println!(
        "export {count} values as xlsx (long + {} wide sheets): {} ({} bytes)",
        periods.len(),
        ms(t),
        book.len()
    );
    let (t, _) = median(3, || {
        use calamine::Reader;
        let mut x = calamine::Xlsx::new(std::io::Cursor::new(book.clone())).expect("xlsx");
        let r = x.worksheet_range("Số liệu").expect("range");
        let f = x.worksheet_formula("Số liệu").expect("formulas");
        (r.height(), f.height())
    });
    println!("  of which calamine reads the long sheet: {}", ms(t));
    let (t, parsed) = median(3, || {
        sheet_in::parse(&book, &cluster, &sheet_in::SheetChoice::default())
    });
    let edits = parsed.map_err(|e| anyhow::anyhow!("{} errors, first: {}", e.len(), e[0]))?;
    assert_eq!(edits.len(), count);
    println!(
        "import {count} values from that xlsx (read + check): {}",
        ms(t)
    );
    let wide = sheet_in::SheetChoice {
        sheet: Some(format!("Thực hiện {}", periods[0])),
        period: Some(periods[0]),
        kind: None,
    };
    let (t, parsed) = median(3, || sheet_in::parse(&book, &cluster, &wide));
    let n = parsed.map_err(|e| anyhow::anyhow!("{}", e[0]))?.len();
    println!("import one wide sheet ({n} values): {}", ms(t));

    // One in ten with qualifiers and a comment that needs quoting.
    let said: Vec<Value> = many
        .iter()
        .enumerate()
        .map(|(i, v)| {
            let mut v = v.clone();
            if i % 10 == 0 {
                v.figure.qualifiers = Qualifiers {
                    estimate: true,
                    lower_bound: i % 20 == 0,
                    ..Qualifiers::default()
                };
                v.figure.note = Some(format!("ước đạt, theo báo cáo số {i}"));
            }
            v
        })
        .collect();
    let (t, csv) = median(3, || {
        export::render(&cluster, said.clone(), export::ExportFormat::Csv)
    });
    let csv = csv?;
    println!(
        "export {count} values as CSV, 1 in 10 with qualifiers and a comment: {} ({} bytes)",
        ms(t),
        csv.len()
    );
    let (t, parsed) = median(3, || import::parse(&csv, &cluster));
    let edits = parsed.map_err(|e| anyhow::anyhow!("{}", e[0]))?;
    assert_eq!(edits.len(), count);
    println!("import that CSV (read + check): {}", ms(t));

    // A report of one period from a database of every figure above.
    let dir = tempfile::tempdir()?;
    let (_, builtin_values) = builtin::load()?;
    let mut all = builtin_values;
    let known: std::collections::HashSet<ValueKey> = all.iter().map(|v| v.key.clone()).collect();
    all.extend(many.into_iter().filter(|v| !known.contains(&v.key)));
    let total = all.len();
    let store = SledStore::create(&dir.path().join("db"), "bench", builtin::covenant()?, all)?;
    let h1: Period = "2021-H1".parse()?;
    let report_of = |figures: &Figures| {
        report::produce(
            &Request {
                figures,
                score_sheets: false,
                ..request
            },
            ReportFormat::Text,
        )
    };
    let (t_period, read) = median(5, || report::read_figures(&store, h1));
    let read = read?;
    let (t_report, _) = median(5, || report_of(&read));
    let (t_whole, whole) = median(5, || store.values(None).map(Figures::new));
    let whole = whole?;
    println!(
        "report 2021-H1 (txt) from a database of {total} values: reads {} values in {}, \
         then {}; reading the whole database instead: {} values in {}",
        read.len(),
        ms(t_period),
        ms(t_report),
        whole.len(),
        ms(t_whole)
    );
    assert_eq!(report_of(&read)?, report_of(&whole)?);
    Ok(())
}
