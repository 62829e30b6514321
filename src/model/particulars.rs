//! The particulars of a report as an administrative document (Decree
//! 30/2020/NĐ-CP): who issues it, its number and symbol, place and date,
//! its subject line, who signs it and for whom, and where copies go.
//!
//! One plain struct, serde-serializable so a cluster's settings can store it
//! later; its default is the built-in cluster's own 2021 first-half report
//! (Báo cáo 209/BC-UBND, Sóc Trăng, 29/7/2021, signed for the cluster by the
//! Chairman of Sóc Trăng People's Committee as its second vice-chair).

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use super::period::{Period, Span};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Particulars {
    /// The body above the issuer (cơ quan chủ quản), in capitals; empty
    /// when there is none.
    pub superior: String,
    /// The issuing body (cơ quan ban hành), in capitals.
    pub issuer: String,
    /// Number and symbol after `Số:` (`209/BC-UBND`); a draft may leave
    /// the number blank (`    /BC-UBND`).
    pub number: String,
    /// The place written before the date (`Sóc Trăng`).
    pub place: String,
    pub date: NaiveDate,
    /// The subject line (trích yếu); None = made from the period and the
    /// cluster's name.
    pub subject: Option<String>,
    /// The signer's title, one line each (`CỤM PHÓ THỨ 2`, …).
    pub signer_title: Vec<String>,
    pub signer: String,
    /// Recipients (nơi nhận), one each, without the leading `- `; the last
    /// is the archive line (`Lưu: VT, TĐKT.`), added when missing.
    pub recipients: Vec<String>,
}

impl Default for Particulars {
    fn default() -> Self {
        Particulars {
            superior: "UBND TỈNH SÓC TRĂNG".into(),
            issuer: "CỤM THI ĐUA CÁC TỈNH TÂY NAM BỘ".into(),
            number: "209/BC-UBND".into(),
            place: "Sóc Trăng".into(),
            date: NaiveDate::from_ymd_opt(2021, 7, 29).unwrap_or_default(),
            subject: None,
            signer_title: vec![
                "CỤM PHÓ THỨ 2".into(),
                "CHỦ TỊCH UBND TỈNH SÓC TRĂNG".into(),
            ],
            signer: "Trần Văn Lâu".into(),
            recipients: vec![
                "Ban Thi đua - Khen thưởng Trung ương".into(),
                "Các tỉnh trong Cụm thi đua các tỉnh Tây Nam bộ".into(),
                "Ban Thi đua - Khen thưởng các tỉnh trong Cụm".into(),
                "Lưu: VT, TĐKT.".into(),
            ],
        }
    }
}

/// What starts the archive line that ends the recipients.
const ARCHIVE: &str = "Lưu:";

impl Particulars {
    /// `Sóc Trăng, ngày 29 tháng 7 năm 2021`: days below 10 and the months
    /// January and February are written with a leading zero (Decree 30).
    pub fn place_and_date(&self) -> String {
        let d = self.date;
        let day = format!("{:02}", d.day());
        let month = if d.month() < 3 {
            format!("{:02}", d.month())
        } else {
            d.month().to_string()
        };
        format!("{}, ngày {day} tháng {month} năm {}", self.place, d.year())
    }

    /// `29/7/2021`, as an annex cites the report it belongs to.
    pub fn short_date(&self) -> String {
        let d = self.date;
        format!("{}/{}/{}", d.day(), d.month(), d.year())
    }

    /// The subject line given, or `Kết quả thực hiện giao ước thi đua 6
    /// tháng đầu năm 2021 Cụm thi đua các tỉnh Tây Nam bộ`.
    pub fn subject_for(&self, period: Period, cluster_name: &str) -> String {
        match &self.subject {
            Some(s) => s.clone(),
            None => format!(
                "Kết quả thực hiện giao ước thi đua {} {cluster_name}",
                period_in_words(period)
            ),
        }
    }

    /// The recipients as printed: `- X;` each, the archive line last and
    /// ending in a full stop.
    pub fn recipient_lines(&self) -> Vec<String> {
        let mut list: Vec<String> = self
            .recipients
            .iter()
            .map(|r| r.trim().trim_start_matches(['-', '–']).trim().to_string())
            .filter(|r| !r.is_empty())
            .collect();
        let archive = match list.iter().position(|r| r.starts_with(ARCHIVE)) {
            Some(i) => list.remove(i),
            None => "Lưu: VT.".to_string(),
        };
        let mut out: Vec<String> = list
            .into_iter()
            .map(|r| format!("- {};", r.trim_end_matches([';', '.', ','])))
            .collect();
        let archive = archive.trim_end_matches([';', '.', ',']);
        out.push(format!("- {archive}."));
        out
    }
}

/// A period as a report's subject says it: `6 tháng đầu năm 2021`, `năm
/// 2021`, `quý III năm 2021`, `tháng 9 năm 2021`.
pub fn period_in_words(period: Period) -> String {
    let year = period.year;
    match period.span {
        Span::Year => format!("năm {year}"),
        Span::Half(1) => format!("6 tháng đầu năm {year}"),
        Span::Half(_) => format!("6 tháng cuối năm {year}"),
        Span::Quarter(q) => format!("quý {} năm {year}", roman(u32::from(q))),
        Span::Month(m) => format!("tháng {m} năm {year}"),
    }
}

/// `n` in Roman numerals (annexes and quarters are numbered so); 0 is `0`.
pub fn roman(mut n: u32) -> String {
    const DIGITS: [(u32, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    if n == 0 {
        return "0".into();
    }
    let mut out = String::new();
    for (value, digit) in DIGITS {
        while n >= value {
            out.push_str(digit);
            n -= value;
        }
    }
    out
}

/// A date as officers write it on the command line: `29/7/2021`,
/// `29-07-2021` or `2021-07-29`.
pub fn parse_date(text: &str) -> Result<NaiveDate, String> {
    let t = text.trim();
    let parts: Vec<&str> = t.split(['/', '-', '.']).collect();
    let numbers: Option<Vec<u32>> = parts.iter().map(|p| p.parse::<u32>().ok()).collect();
    let date = match (parts.first(), numbers.as_deref()) {
        (Some(first), Some(&[y, m, d])) if first.len() == 4 => {
            NaiveDate::from_ymd_opt(y as i32, m, d)
        }
        (_, Some(&[d, m, y])) if y >= 1000 => NaiveDate::from_ymd_opt(y as i32, m, d),
        _ => None,
    };
    date.ok_or_else(|| {
        format!("ngày «{t}» không hợp lệ: viết dạng 29/7/2021 (ngày/tháng/năm) hoặc 2021-07-29")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_is_the_2021_report() {
        let p = Particulars::default();
        assert_eq!(p.place_and_date(), "Sóc Trăng, ngày 29 tháng 7 năm 2021");
        assert_eq!(p.short_date(), "29/7/2021");
        let h1: Period = "2021-H1".parse().expect("period");
        assert_eq!(
            p.subject_for(h1, "Cụm thi đua các tỉnh Tây Nam bộ"),
            "Kết quả thực hiện giao ước thi đua 6 tháng đầu năm 2021 Cụm thi đua các tỉnh Tây Nam bộ"
        );
        assert_eq!(
            p.recipient_lines().last().map(String::as_str),
            Some("- Lưu: VT, TĐKT.")
        );
    }

    #[test]
    fn small_days_and_early_months_get_a_leading_zero() {
        let p = Particulars {
            date: NaiveDate::from_ymd_opt(2022, 2, 5).expect("date"),
            place: "Cần Thơ".into(),
            ..Particulars::default()
        };
        assert_eq!(p.place_and_date(), "Cần Thơ, ngày 05 tháng 02 năm 2022");
    }

    #[test]
    fn recipients_end_with_the_archive_line_even_when_not_given() {
        let p = Particulars {
            recipients: vec!["- UBND tỉnh;".into(), "Sở Nội vụ".into()],
            ..Particulars::default()
        };
        assert_eq!(
            p.recipient_lines(),
            vec!["- UBND tỉnh;", "- Sở Nội vụ;", "- Lưu: VT."]
        );
    }

    #[test]
    fn dates_and_roman_numerals() {
        assert_eq!(
            parse_date("29/7/2021"),
            Ok(NaiveDate::from_ymd_opt(2021, 7, 29).expect("d"))
        );
        assert_eq!(
            parse_date("2021-07-29"),
            Ok(NaiveDate::from_ymd_opt(2021, 7, 29).expect("d"))
        );
        assert!(parse_date("31/2/2021").is_err());
        assert!(parse_date("hôm nay").is_err());
        assert_eq!(roman(4), "IV");
        assert_eq!(roman(14), "XIV");
        let q3: Period = "2021-Q3".parse().expect("period");
        assert_eq!(period_in_words(q3), "quý III năm 2021");
    }
}
