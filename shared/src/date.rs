//! Calendar dates without a time zone, and their ISO 8601 form.
//!
//! A small civil-date type (days since 1970-01-01, proleptic Gregorian) keeps
//! the browser bundle free of a date library; it is all the domain needs for
//! birth dates in an IIN, document dates and the working-time calendar.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::i18n::Msg;

/// A calendar date.
///
/// ```
/// use shared::date::{Date, Weekday};
/// let nauryz: Date = "2026-03-21".parse().expect("a date");
/// assert_eq!(nauryz.weekday(), Weekday::Sat);
/// assert_eq!(nauryz.add_days(3).to_string(), "2026-03-24");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    /// Days since 1970-01-01.
    days: i32,
}

/// A day of the week.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Weekday {
    /// Monday.
    Mon,
    /// Tuesday.
    Tue,
    /// Wednesday.
    Wed,
    /// Thursday.
    Thu,
    /// Friday.
    Fri,
    /// Saturday.
    Sat,
    /// Sunday.
    Sun,
}

impl Weekday {
    /// Saturday and Sunday.
    pub const fn is_weekend(self) -> bool {
        matches!(self, Weekday::Sat | Weekday::Sun)
    }
}

/// Why a text is not a date.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    /// Not of the form `YYYY-MM-DD`.
    #[error("enter the date as YYYY-MM-DD")]
    Format,
    /// Well formed, but no such day (such as 2025-02-30).
    #[error("there is no such day")]
    NoSuchDay,
}

impl DateError {
    /// The message to show.
    pub const fn message(self) -> Msg {
        match self {
            DateError::Format => Msg::DateFormat,
            DateError::NoSuchDay => Msg::DateNoSuchDay,
        }
    }
}

/// Whether a year is a leap year.
pub const fn is_leap_year(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

/// Number of days in a month (1–12) of a year.
pub const fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap_year(year) => 29,
        2 => 28,
        _ => 0,
    }
}

impl Date {
    /// The date of a year, month (1–12) and day, if it exists.
    pub fn from_ymd(year: i32, month: u32, day: u32) -> Option<Date> {
        if !(1..=9999).contains(&year) || day == 0 || day > days_in_month(year, month) {
            return None;
        }
        // Days from civil (H. Hinnant's algorithm), exact for the proleptic Gregorian calendar.
        let y = if month <= 2 { year - 1 } else { year };
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = month as i32;
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + day as i32 - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        Some(Date {
            days: era * 146_097 + doe - 719_468,
        })
    }

    /// The date that is a number of days since 1970-01-01.
    pub const fn from_days_since_epoch(days: i32) -> Date {
        Date { days }
    }

    /// Days since 1970-01-01.
    pub const fn days_since_epoch(self) -> i32 {
        self.days
    }

    /// Year, month (1–12) and day.
    pub fn ymd(self) -> (i32, u32, u32) {
        let z = self.days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let year = yoe + era * 400 + i32::from(month <= 2);
        (year, month, day)
    }

    /// The year.
    pub fn year(self) -> i32 {
        self.ymd().0
    }

    /// The day of the week.
    pub const fn weekday(self) -> Weekday {
        // 1970-01-01 was a Thursday.
        match (self.days + 3).rem_euclid(7) {
            0 => Weekday::Mon,
            1 => Weekday::Tue,
            2 => Weekday::Wed,
            3 => Weekday::Thu,
            4 => Weekday::Fri,
            5 => Weekday::Sat,
            _ => Weekday::Sun,
        }
    }

    /// The date a number of days later (earlier when negative).
    pub const fn add_days(self, days: i32) -> Date {
        Date { days: self.days + days }
    }

    /// Whole days from `self` to `other` (negative when `other` is earlier).
    pub const fn days_until(self, other: Date) -> i32 {
        other.days - self.days
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (y, m, d) = self.ymd();
        write!(f, "{y:04}-{m:02}-{d:02}")
    }
}

impl FromStr for Date {
    type Err = DateError;

    fn from_str(s: &str) -> Result<Date, DateError> {
        let s = s.trim();
        let b = s.as_bytes();
        let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' || !digits(0..4) || !digits(5..7) || !digits(8..10) {
            return Err(DateError::Format);
        }
        let num = |r: std::ops::Range<usize>| s[r].parse::<u32>().map_err(|_| DateError::Format);
        let year = i32::try_from(num(0..4)?).map_err(|_| DateError::Format)?;
        Date::from_ymd(year, num(5..7)?, num(8..10)?).ok_or(DateError::NoSuchDay)
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn known_dates() {
        let d = Date::from_ymd(1970, 1, 1).expect("epoch");
        assert_eq!(d.days_since_epoch(), 0);
        assert_eq!(d.weekday(), Weekday::Thu);
        assert_eq!(Date::from_ymd(2000, 2, 29).expect("leap").to_string(), "2000-02-29");
        assert_eq!(Date::from_ymd(1900, 2, 29), None);
        assert_eq!(Date::from_ymd(2026, 11, 22).expect("today").weekday(), Weekday::Sun);
    }

    #[test]
    fn bad_texts_are_refused() {
        for s in [
            "",
            " ",
            "2025-2-01",
            "2025/02/01",
            "２０２５-01-01",
            "2025-01-011",
            "abcd-ef-gh",
            "2025-13-01",
        ] {
            assert!(s.parse::<Date>().is_err(), "{s:?}");
        }
        assert_eq!("2025-02-30".parse::<Date>(), Err(DateError::NoSuchDay));
    }

    proptest! {
        #[test]
        fn ymd_round_trips(days in -700_000i32..2_900_000) {
            let d = Date::from_days_since_epoch(days);
            let (y, m, dd) = d.ymd();
            if (1..=9999).contains(&y) {
                prop_assert_eq!(Date::from_ymd(y, m, dd), Some(d));
                prop_assert_eq!(d.to_string().parse::<Date>(), Ok(d));
            }
        }

        #[test]
        fn parsing_never_panics(s in "\\PC{0,16}") {
            let _ = s.parse::<Date>();
        }
    }
}
