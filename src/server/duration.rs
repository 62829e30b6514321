//! Durations as officers write them on the command line: `10m`, `30s`,
//! `1h`, `1h30m`, and as messages say them (`10 phút`).

use std::time::Duration;

/// `90s`, `10m`, `2h`, `1h30m` (a bare number is seconds).
pub fn parse(text: &str) -> Result<Duration, String> {
    let bad = || {
        format!(
            "thời lượng «{}» không hợp lệ; viết như 30s, 10m, 1h hoặc 1h30m",
            crate::text::normalize::clean(text)
        )
    };
    let t = text.trim();
    if t.is_empty() {
        return Err(bad());
    }
    let mut total: u64 = 0;
    let mut digits = String::new();
    for c in t.chars() {
        if c.is_ascii_digit() {
            digits.push(c);
            continue;
        }
        let unit = match c {
            's' => 1,
            'm' => 60,
            'h' => 3600,
            _ => return Err(bad()),
        };
        let n: u64 = digits.parse().map_err(|_| bad())?;
        total = n
            .checked_mul(unit)
            .and_then(|s| total.checked_add(s))
            .ok_or_else(bad)?;
        digits.clear();
    }
    if !digits.is_empty() {
        let n: u64 = digits.parse().map_err(|_| bad())?;
        total = total.checked_add(n).ok_or_else(bad)?;
    }
    Ok(Duration::from_secs(total))
}

/// `10 phút`, `30 giây`, `1 giờ 30 phút`.
pub fn show(d: Duration) -> String {
    let s = d.as_secs();
    let (h, m, sec) = (s / 3600, s / 60 % 60, s % 60);
    let mut parts = Vec::new();
    if h > 0 {
        parts.push(format!("{h} giờ"));
    }
    if m > 0 {
        parts.push(format!("{m} phút"));
    }
    if sec > 0 || parts.is_empty() {
        if s == 0 && d.subsec_millis() > 0 {
            parts.push(format!("{} ms", d.subsec_millis()));
        } else {
            parts.push(format!("{sec} giây"));
        }
    }
    parts.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_and_print() {
        assert_eq!(parse("10m"), Ok(Duration::from_secs(600)));
        assert_eq!(parse("30s"), Ok(Duration::from_secs(30)));
        assert_eq!(parse("1h30m"), Ok(Duration::from_secs(5400)));
        assert_eq!(parse("45"), Ok(Duration::from_secs(45)));
        for bad in ["", "m", "10x", "1.5m", "-3s", "99999999999999999999h"] {
            assert!(parse(bad).is_err(), "{bad}");
        }
        assert_eq!(show(Duration::from_secs(600)), "10 phút");
        assert_eq!(show(Duration::from_secs(5430)), "1 giờ 30 phút 30 giây");
        assert_eq!(show(Duration::from_millis(300)), "300 ms");
    }
}
