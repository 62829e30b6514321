//! The limits of every field the store keeps, checked on every write path
//! (a value, a batch, a weight, the covenant, a role) whoever sends it: the
//! server checks a request's shape first, and the store checks again before
//! anything reaches sled, so nothing invalid is ever stored.
//!
//! | what | limit |
//! |---|---|
//! | period | a year 1–9999; `H1`–`H2`, `Q1`–`Q4`, months `01`–`12` |
//! | a figure | at most 10^15 (một triệu tỷ) in magnitude and 28 significant digits, within its criterion's range |
//! | a weight | 0 to 1.000.000, at most 28 significant digits |
//! | a note, a comment, a reason, the typed text | 4.000 characters |
//! | a name (unit, criterion, group, cluster), a unit label | 200 characters |
//! | a user name | `[a-z_][a-z0-9_.-]*`, 32 characters |
//! | a batch (one import) | 200.000 cells |
//! | the covenant | 1.000 units of 50 versions each, 200 years, 500 members and 2.000 criteria a year |
//!
//! Figures within these bounds keep the sums, ratios, changes and scores of
//! reports inside exact decimal arithmetic; the arithmetic is checked too.

use rust_decimal::Decimal;

use super::{Edit, StoreError};
use crate::model::covenant::Covenant;
use crate::model::criterion::{FIGURE_LIMIT, MAX_DIGITS, figure_fits, significant_digits};
use crate::model::{Period, Span, ValueKey};

/// The longest note text (a reason, the typed text, a figure's note).
pub const NOTE_MAX_CHARS: usize = 4000;
/// The longest name or label of the covenant.
pub const NAME_MAX_CHARS: usize = 200;
/// The longest user name the system gives.
pub const USER_MAX_CHARS: usize = 32;
/// The most cells one batch may write.
pub const BATCH_MAX_EDITS: usize = 200_000;
/// The largest weight.
pub const WEIGHT_MAX: Decimal = Decimal::from_parts(1_000_000, 0, 0, false, 0);
pub const MAX_UNITS: usize = 1000;
pub const MAX_VERSIONS: usize = 50;
pub const MAX_YEARS: usize = 200;
pub const MAX_MEMBERS: usize = 500;
pub const MAX_CRITERIA: usize = 2000;

fn invalid(message: String) -> StoreError {
    StoreError::Invalid(message)
}

/// A period that exists (the key of one that does not would damage the store).
pub fn period(p: &Period) -> Result<(), StoreError> {
    let ok = (1..=9999).contains(&p.year)
        && match p.span {
            Span::Year => true,
            Span::Half(n) => (1..=2).contains(&n),
            Span::Quarter(n) => (1..=4).contains(&n),
            Span::Month(n) => (1..=12).contains(&n),
        };
    if ok {
        Ok(())
    } else {
        Err(invalid(format!(
            "Kỳ không hợp lệ (năm {}, {:?}): kỳ là một năm 1–9999, nửa năm H1–H2, quý Q1–Q4 \
             hoặc tháng 01–12; không ghi gì",
            p.year, p.span
        )))
    }
}

/// A figure any criterion may hold: see the module.
pub fn figure(key: &ValueKey, v: Decimal) -> Result<(), StoreError> {
    if figure_fits(v) {
        return Ok(());
    }
    let why = if significant_digits(v) > MAX_DIGITS {
        format!("có quá {MAX_DIGITS} chữ số có nghĩa")
    } else {
        format!("vượt giới hạn ±{FIGURE_LIMIT} (10^15) của mọi số liệu")
    };
    Err(invalid(format!(
        "Giá trị {v} của ô {key} {why}; không ghi gì"
    )))
}

fn text(what: &str, t: &str, max: usize) -> Result<(), StoreError> {
    let n = t.chars().count();
    if !crate::text::normalize::is_clean(t) {
        return Err(invalid(format!(
            "{what} «{}» có ký tự điều khiển hoặc chưa chuẩn hoá NFC; không ghi gì",
            crate::text::normalize::clean(&t.chars().take(60).collect::<String>())
        )));
    }
    if n > max {
        return Err(invalid(format!(
            "{what} dài {n} ký tự, tối đa {max}; không ghi gì"
        )));
    }
    Ok(())
}

/// The fields of one edit of a cell: its period, its figure, its texts.
pub fn edit(e: &Edit) -> Result<(), StoreError> {
    period(&e.key.period)?;
    if let Some(f) = &e.new {
        figure(&e.key, f.value)?;
    }
    // The figure the writer saw is only compared, never stored, but it
    // is held to the same limits: a hostile client's book-long "seen
    // comment" is refused like a stored one.
    let seen = e.expect.seen().flatten();
    let texts = [
        e.new.as_ref().and_then(|f| f.note.as_deref()),
        e.note.reason.as_deref(),
        e.note.typed.as_deref(),
        seen.and_then(|f| f.note.as_deref()),
    ];
    for t in texts.into_iter().flatten() {
        text(&format!("Ghi chú của ô {}", e.key), t, NOTE_MAX_CHARS)?;
    }
    if let Some(seen) = seen {
        figure(&e.key, seen.value)?;
    }
    Ok(())
}

/// A batch's size.
pub fn batch(edits: &[Edit]) -> Result<(), StoreError> {
    if edits.len() > BATCH_MAX_EDITS {
        return Err(invalid(format!(
            "Một lần nhập có {} ô, tối đa {BATCH_MAX_EDITS}; hãy chia tệp; không ghi gì",
            edits.len()
        )));
    }
    Ok(())
}

/// A weight: 0 to [`WEIGHT_MAX`].
pub fn weight(indicator: &str, w: Decimal) -> Result<(), StoreError> {
    if w < Decimal::ZERO || w > WEIGHT_MAX || significant_digits(w) > MAX_DIGITS {
        return Err(invalid(format!(
            "Trọng số {w} của «{indicator}» không hợp lệ: từ 0 đến {WEIGHT_MAX}, tối đa \
             {MAX_DIGITS} chữ số có nghĩa; không ghi gì"
        )));
    }
    Ok(())
}

/// A user name the system could have given: `[a-z_][a-z0-9_.-]*`, at
/// most [`USER_MAX_CHARS`] characters (what `useradd` accepts by default).
/// The server checks a request's user names with this too.
pub fn user_name(u: &str) -> Result<(), StoreError> {
    let mut chars = u.chars();
    let first_ok = chars
        .next()
        .is_some_and(|c| c.is_ascii_lowercase() || c == '_');
    let rest_ok =
        chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '_' | '.' | '-'));
    if first_ok && rest_ok && u.len() <= USER_MAX_CHARS {
        return Ok(());
    }
    Err(invalid(format!(
        "tên người dùng «{}» không hợp lệ: chỉ chữ thường không dấu, chữ số, _ . -, bắt đầu \
         bằng chữ hoặc _, tối đa {USER_MAX_CHARS} ký tự",
        crate::text::normalize::clean(&u.chars().take(USER_MAX_CHARS).collect::<String>())
    )))
}

/// The sizes and text lengths of a covenant (its rules are the model's
/// `problems()`).
pub fn covenant(c: &Covenant) -> Result<(), StoreError> {
    let count = |what: &str, n: usize, max: usize| {
        if n > max {
            Err(invalid(format!(
                "Giao ước có {n} {what}, tối đa {max}; không ghi gì"
            )))
        } else {
            Ok(())
        }
    };
    count("đơn vị", c.units.units.len(), MAX_UNITS)?;
    count("năm", c.years.len(), MAX_YEARS)?;
    for u in &c.units.units {
        count(
            &format!("phiên bản của đơn vị «{}»", clip(&u.code)),
            u.versions.len(),
            MAX_VERSIONS,
        )?;
        for v in &u.versions {
            text(
                &format!("Tên đơn vị «{}»", clip(&u.code)),
                &v.name,
                NAME_MAX_CHARS,
            )?;
            count(
                "đơn vị được nhập vào một phiên bản",
                v.takes_in.len(),
                MAX_UNITS,
            )?;
        }
    }
    for y in c.years.values() {
        let at = |what: &str| format!("{what} (năm {})", y.year);
        count(&at("thành viên"), y.members.len(), MAX_MEMBERS)?;
        count(&at("chỉ tiêu"), y.criteria.len(), MAX_CRITERIA)?;
        text(&at("Tên cụm"), &y.cluster_name, NAME_MAX_CHARS)?;
        for m in &y.members {
            text(&at("Ghi chú của thành viên"), &m.note, NOTE_MAX_CHARS)?;
        }
        for cr in &y.criteria {
            let of = |what: &str| at(&format!("{what} của chỉ tiêu «{}»", clip(&cr.code)));
            text(&of("Tên"), &cr.name, NAME_MAX_CHARS)?;
            text(&of("Đơn vị tính"), &cr.unit, NAME_MAX_CHARS)?;
            text(&of("Tên nhóm"), &cr.group_name, NAME_MAX_CHARS)?;
            text(&of("Ghi chú"), &cr.note, NOTE_MAX_CHARS)?;
            for v in [
                cr.min,
                cr.max,
                cr.scoring.max_points,
                cr.scoring.share_at_target,
                cr.scoring.points_each,
                cr.scoring.cap,
                cr.plausible.min,
                cr.plausible.max,
                cr.plausible.jump,
            ]
            .into_iter()
            .flatten()
            {
                if significant_digits(v) > MAX_DIGITS {
                    return Err(invalid(of(&format!(
                        "Số {v} có quá {MAX_DIGITS} chữ số có nghĩa"
                    ))));
                }
            }
        }
        if let Some(t) = y.scale_total
            && (t.abs() > FIGURE_LIMIT || significant_digits(t) > MAX_DIGITS)
        {
            return Err(invalid(at(&format!("Tổng điểm thang {t} vượt giới hạn"))));
        }
    }
    Ok(())
}

/// A code as a message quotes it: cleaned, and not a book long.
fn clip(code: &str) -> String {
    crate::text::normalize::clean(&code.chars().take(40).collect::<String>())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Kind;

    #[test]
    fn periods_that_are_no_period_are_refused() {
        for span in [
            Span::Month(0),
            Span::Half(3),
            Span::Half(0),
            Span::Quarter(9),
            Span::Month(200),
        ] {
            assert!(period(&Period::new(2021, span)).is_err(), "{span:?}");
        }
        assert!(period(&Period::year(0)).is_err());
        assert!(period(&Period::new(2021, Span::Month(12))).is_ok());
    }

    #[test]
    fn figures_and_weights_that_would_overflow_are_refused_with_the_range() {
        let k = ValueKey::new(Period::year(2021), "AG", "X", Kind::Actual);
        let huge: Decimal = "79228162514264337593543950335".parse().expect("d");
        let e = figure(&k, huge).expect_err("too large");
        assert!(e.to_string().contains("chữ số"), "{e}");
        let e = figure(&k, Decimal::from(10_i64.pow(16))).expect_err("too large");
        assert!(e.to_string().contains("10^15"), "{e}");
        assert!(figure(&k, FIGURE_LIMIT).is_ok());
        let e = weight("EXPORT", huge).expect_err("huge weight");
        assert!(e.to_string().contains("từ 0 đến 1000000"), "{e}");
        assert!(weight("EXPORT", Decimal::from(-1)).is_err());
        assert!(weight("EXPORT", Decimal::new(25, 1)).is_ok());
    }
}
