//! The number behind a cell of a report table. The review tables hold text
//! as the screens show it (`52.049`, `72,27%`, `+54,95%`, `24.550 *`);
//! a CSV wants plain machine numbers and a workbook real numbers, so the
//! figures are read back from exactly the forms the number formatter
//! writes. Only right-aligned columns hold figures; anything else that is
//! not in one of these forms (`3/12 tỉnh`, `chưa báo cáo`) stays text.

use rust_decimal::Decimal;

use super::table::Column;
use crate::text::width::Align;

/// A figure as a report cell shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CellNumber {
    /// The figure shown (already rounded to the decimals shown).
    pub value: Decimal,
    /// Decimals shown.
    pub decimals: u32,
    /// Shown with `%`: `value` is in percent (72,27% is 72.27).
    pub percent: bool,
    /// Shown with a `+` when positive (a change).
    pub signed: bool,
    /// Followed by ` *` (the awards annex: differs from the provinces' sum).
    pub marked: bool,
}

/// The figure in `cell` of `column`, if the column holds figures and the
/// cell is one in the formatter's form.
pub fn number_in(column: &Column, cell: &str) -> Option<CellNumber> {
    if column.align != Align::Right {
        return None;
    }
    read(cell)
}

/// `[+-]d{1,3}(.ddd)*(,d+)?%?( *)?` read back; None for anything else.
pub fn read(cell: &str) -> Option<CellNumber> {
    let (rest, marked) = match cell.strip_suffix(" *") {
        Some(r) => (r, true),
        None => (cell, false),
    };
    let (rest, percent) = match rest.strip_suffix('%') {
        Some(r) => (r, true),
        None => (rest, false),
    };
    let (rest, negative, signed) = if let Some(r) = rest.strip_prefix('+') {
        (r, false, true)
    } else if let Some(r) = rest.strip_prefix('-') {
        (r, true, false)
    } else {
        (rest, false, false)
    };
    let (int, frac) = match rest.split_once(',') {
        Some((i, f)) => (i, Some(f)),
        None => (rest, None),
    };
    let groups: Vec<&str> = int.split('.').collect();
    let well_grouped = groups.first().is_some_and(|g| (1..=3).contains(&g.len()))
        && groups[1..].iter().all(|g| g.len() == 3)
        && groups.iter().all(|g| g.bytes().all(|b| b.is_ascii_digit()));
    let frac_ok = frac.is_none_or(|f| !f.is_empty() && f.bytes().all(|b| b.is_ascii_digit()));
    if !well_grouped || !frac_ok {
        return None;
    }
    let mut plain = String::with_capacity(cell.len());
    if negative {
        plain.push('-');
    }
    plain.push_str(&groups.concat());
    if let Some(f) = frac {
        plain.push('.');
        plain.push_str(f);
    }
    let value: Decimal = plain.parse().ok()?;
    Some(CellNumber {
        value,
        decimals: frac.map_or(0, |f| f.len() as u32),
        percent,
        signed,
        marked,
    })
}

impl CellNumber {
    /// The machine form for a CSV: `.` decimal point, no grouping, no `+`
    /// or `%` (the column's header says `%`), decimals as shown.
    pub fn plain(&self) -> String {
        let mut v = self.value;
        v.rescale(self.decimals);
        v.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::number::format_number;

    fn d(s: &str) -> Decimal {
        s.parse().expect("decimal literal")
    }

    #[test]
    fn every_form_the_formatter_writes_reads_back() {
        for (v, dp) in [
            ("52049", 0),
            ("66.59", 2),
            ("-1234567.13", 2),
            ("0.5", 1),
            ("140405.6", 1),
            ("0", 0),
        ] {
            let shown = format_number(d(v), dp);
            let n = read(&shown).expect(&shown);
            assert_eq!((n.value, n.decimals), (d(v), dp), "{shown}");
        }
        let p = read("+54,95%").expect("change");
        assert_eq!((p.value, p.percent, p.signed), (d("54.95"), true, true));
        assert_eq!(p.plain(), "54.95");
        let m = read("24.550 *").expect("marked");
        assert_eq!(
            (m.value, m.marked, m.plain().as_str()),
            (d("24550"), true, "24550")
        );
        assert_eq!(read("-1,67").map(|n| n.plain()), Some("-1.67".to_string()));
        assert_eq!(
            read("9.100,0").map(|n| n.plain()),
            Some("9100.0".to_string())
        );
    }

    #[test]
    fn text_stays_text() {
        for s in [
            "3/12 tỉnh",
            "chưa báo cáo",
            "",
            "1.23",
            "12.3456",
            "1,",
            "Đồng Tháp",
            "+",
            "2021-H1",
        ] {
            assert_eq!(read(s), None, "{s}");
        }
        assert_eq!(number_in(&Column::left("Tỉnh"), "2020"), None);
        assert!(number_in(&Column::right("Hạng"), "2").is_some());
    }
}
