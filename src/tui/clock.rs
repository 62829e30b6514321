//! Times as the officer reads them: local time (the system's time zone,
//! or `TZ`), `dd/mm/yyyy HH:MM` in History and `HH:MM` in a message about
//! something that just happened. The store keeps UTC milliseconds.

use chrono::{DateTime, Local};

fn local(at_ms: i64) -> Option<DateTime<Local>> {
    DateTime::from_timestamp_millis(at_ms).map(|t| t.with_timezone(&Local))
}

/// `29/07/2021 15:09`, local time.
pub fn date_time(at_ms: i64) -> String {
    local(at_ms)
        .map(|t| t.format("%d/%m/%Y %H:%M").to_string())
        .unwrap_or_default()
}

/// `15:09` today, `15:09 28/07` another day: local time.
pub fn time_of_day(at_ms: i64) -> String {
    let Some(t) = local(at_ms) else {
        return String::new();
    };
    if t.date_naive() == Local::now().date_naive() {
        t.format("%H:%M").to_string()
    } else {
        t.format("%H:%M %d/%m").to_string()
    }
}
