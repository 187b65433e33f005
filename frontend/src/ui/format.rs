//! Dates and times as they are written in Kazakhstan, in Almaty time.

use shared::calendar::Timestamp;

/// Now, from the browser's clock.
pub fn now() -> Timestamp {
    Timestamp::from_unix((js_sys::Date::now() / 1000.0) as i64)
}

/// `2026-12-11` → `11.12.2026`, as dates are written in Kazakhstan.
pub fn format_date(date: shared::date::Date) -> String {
    let s = date.to_string();
    match (s.get(0..4), s.get(5..7), s.get(8..10)) {
        (Some(y), Some(m), Some(d)) => format!("{d}.{m}.{y}"),
        _ => s,
    }
}

/// A moment in Almaty time, `11.12.2026 11:20`.
pub fn format_time(t: Timestamp) -> String {
    let m = t.local_minute_of_day();
    format!("{} {:02}:{:02}", format_date(t.local_date()), m / 60, m % 60)
}
