//! Working time in Asia/Almaty: office hours, public holidays and the
//! government's day-off transfers (yearly data in `data/calendar/`), and
//! deadline arithmetic.
//!
//! Every limit is counted in working minutes: an hour limit is 60 of them, a
//! working day is one office day's worth (480 with the default hours). So a
//! limit of 13 working days that starts at 10:00 ends at 10:00 on the 13th
//! working day after, and the time left is always comparable.
//!
//! Kazakhstan has kept one time zone, UTC+5, since 1 March 2024; the data
//! starts in 2025, so a fixed offset is exact.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::str::FromStr;
use std::sync::OnceLock;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::date::Date;

/// Seconds east of UTC of Asia/Almaty.
pub const ALMATY_UTC_OFFSET_SECS: i64 = 5 * 3600;

/// An instant, as seconds since the Unix epoch (UTC).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Timestamp(i64);

impl Timestamp {
    /// From seconds since the Unix epoch.
    pub const fn from_unix(secs: i64) -> Timestamp {
        Timestamp(secs)
    }

    /// Seconds since the Unix epoch.
    pub const fn unix(self) -> i64 {
        self.0
    }

    /// The instant of a local (Almaty) date and time.
    ///
    /// ```
    /// use shared::calendar::Timestamp;
    /// use shared::date::Date;
    /// let t = Timestamp::from_local(Date::from_ymd(2026, 3, 20).expect("a date"), 10, 0);
    /// assert_eq!(t.to_string(), "2026-03-20 10:00");
    /// ```
    pub fn from_local(date: Date, hour: u32, minute: u32) -> Timestamp {
        let local = i64::from(date.days_since_epoch()) * 86_400 + i64::from(hour) * 3600 + i64::from(minute) * 60;
        Timestamp(local - ALMATY_UTC_OFFSET_SECS)
    }

    fn local_secs(self) -> i64 {
        self.0 + ALMATY_UTC_OFFSET_SECS
    }

    /// The local (Almaty) date.
    pub fn local_date(self) -> Date {
        Date::from_days_since_epoch(self.local_secs().div_euclid(86_400) as i32)
    }

    /// Minutes since local midnight.
    pub fn local_minute_of_day(self) -> u32 {
        (self.local_secs().rem_euclid(86_400) / 60) as u32
    }

    /// The instant some seconds later.
    pub const fn plus_secs(self, secs: i64) -> Timestamp {
        Timestamp(self.0 + secs)
    }
}

impl fmt::Display for Timestamp {
    /// Local time, `YYYY-MM-DD HH:MM`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let m = self.local_minute_of_day();
        write!(f, "{} {:02}:{:02}", self.local_date(), m / 60, m % 60)
    }
}

/// A time limit of a workflow step, as the regulations state it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Limit {
    /// Working minutes.
    Minutes(u32),
    /// Working hours.
    Hours(u32),
    /// Working days.
    WorkingDays(u32),
}

impl Limit {
    /// The limit in working minutes under some office hours.
    pub fn working_minutes(self, office: &OfficeHours) -> i64 {
        match self {
            Limit::Minutes(m) => i64::from(m),
            Limit::Hours(h) => i64::from(h) * 60,
            Limit::WorkingDays(d) => i64::from(d) * i64::from(office.minutes_per_day()),
        }
    }

    /// Whether the limit is zero.
    pub const fn is_zero(self) -> bool {
        matches!(self, Limit::Minutes(0) | Limit::Hours(0) | Limit::WorkingDays(0))
    }
}

impl fmt::Display for Limit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Limit::Minutes(m) => write!(f, "{m}min"),
            Limit::Hours(h) => write!(f, "{h}h"),
            Limit::WorkingDays(d) => write!(f, "{d}wd"),
        }
    }
}

/// Why a text is not a limit.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("a limit is written like 20min, 3h or 13wd, not {0:?}")]
pub struct LimitError(String);

impl FromStr for Limit {
    type Err = LimitError;

    /// `20min`, `3h`, `13wd`.
    fn from_str(s: &str) -> Result<Limit, LimitError> {
        let err = || LimitError(s.to_owned());
        let split = s.find(|c: char| !c.is_ascii_digit()).ok_or_else(err)?;
        let n: u32 = s[..split].parse().map_err(|_| err())?;
        match &s[split..] {
            "min" => Ok(Limit::Minutes(n)),
            "h" => Ok(Limit::Hours(n)),
            "wd" => Ok(Limit::WorkingDays(n)),
            _ => Err(err()),
        }
    }
}

impl Serialize for Limit {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Limit {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d)?.parse().map_err(serde::de::Error::custom)
    }
}

/// Office hours of a working day, in minutes since midnight.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfficeHours {
    /// Opening.
    pub start: u16,
    /// Lunch begins.
    pub lunch_start: u16,
    /// Lunch ends.
    pub lunch_end: u16,
    /// Closing.
    pub end: u16,
}

impl Default for OfficeHours {
    /// 09:00–18:00 with lunch 13:00–14:00.
    fn default() -> OfficeHours {
        OfficeHours {
            start: 9 * 60,
            lunch_start: 13 * 60,
            lunch_end: 14 * 60,
            end: 18 * 60,
        }
    }
}

impl OfficeHours {
    /// The two working stretches of a day.
    fn segments(&self) -> [(u32, u32); 2] {
        [
            (u32::from(self.start), u32::from(self.lunch_start)),
            (u32::from(self.lunch_end), u32::from(self.end)),
        ]
    }

    /// Working minutes in a day.
    pub fn minutes_per_day(&self) -> u32 {
        self.segments().iter().map(|(a, b)| b.saturating_sub(*a)).sum()
    }

    /// Whether the hours make sense: start ≤ lunch ≤ end, some work in the day.
    pub fn is_valid(&self) -> bool {
        self.start <= self.lunch_start
            && self.lunch_start <= self.lunch_end
            && self.lunch_end <= self.end
            && self.end <= 24 * 60
            && self.minutes_per_day() > 0
    }
}

/// Why working time cannot be computed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CalendarError {
    /// The holidays of a year are not in the data.
    #[error("no holiday data for {0}")]
    NoDataForYear(i32),
}

#[derive(Deserialize)]
struct Holiday {
    date: Date,
    name: String,
}

#[derive(Deserialize)]
struct Transfer {
    from: Date,
    to: Date,
}

#[derive(Deserialize)]
struct YearFile {
    year: i32,
    holidays: Vec<Holiday>,
    moved: Vec<Date>,
    transfers: Vec<Transfer>,
}

#[derive(Clone, Debug, Default)]
struct Year {
    days_off: BTreeSet<Date>,
    extra_working: BTreeSet<Date>,
    holidays: BTreeMap<Date, String>,
}

/// The working-time calendar: office hours and the yearly holiday data.
#[derive(Clone, Debug)]
pub struct Calendar {
    office: OfficeHours,
    years: BTreeMap<i32, Year>,
}

impl Calendar {
    /// The embedded data with the default office hours.
    pub fn standard() -> &'static Calendar {
        static CAL: OnceLock<Calendar> = OnceLock::new();
        CAL.get_or_init(|| {
            let files: Vec<YearFile> = serde_json::from_str(include_str!(concat!(env!("OUT_DIR"), "/holidays.json")))
                .expect("data/calendar is checked by the test `holiday_data_is_consistent`");
            let years = files
                .into_iter()
                .map(|f| {
                    let mut y = Year::default();
                    for h in f.holidays {
                        y.days_off.insert(h.date);
                        y.holidays.insert(h.date, h.name);
                    }
                    y.days_off.extend(f.moved);
                    for t in f.transfers {
                        y.days_off.insert(t.to);
                        y.extra_working.insert(t.from);
                    }
                    (f.year, y)
                })
                .collect();
            Calendar {
                office: OfficeHours::default(),
                years,
            }
        })
    }

    /// The same holidays with other office hours (when valid).
    pub fn with_office_hours(&self, office: OfficeHours) -> Option<Calendar> {
        office.is_valid().then(|| Calendar {
            office,
            years: self.years.clone(),
        })
    }

    /// The office hours.
    pub fn office_hours(&self) -> OfficeHours {
        self.office
    }

    /// The years the data covers.
    pub fn years(&self) -> impl Iterator<Item = i32> + '_ {
        self.years.keys().copied()
    }

    /// Whether a date is a working day.
    ///
    /// ```
    /// use shared::calendar::Calendar;
    /// let cal = Calendar::standard();
    /// let day = |s: &str| s.parse().expect("a date");
    /// assert_eq!(cal.is_working_day(day("2026-03-24")), Ok(false)); // Nauryz, moved from Saturday
    /// assert_eq!(cal.is_working_day(day("2026-03-26")), Ok(true));
    /// ```
    pub fn is_working_day(&self, date: Date) -> Result<bool, CalendarError> {
        let year = date.year();
        let y = self.years.get(&year).ok_or(CalendarError::NoDataForYear(year))?;
        if y.extra_working.contains(&date) {
            return Ok(true);
        }
        Ok(!date.weekday().is_weekend() && !y.days_off.contains(&date))
    }

    /// The name of the public holiday on a date, if any (such as `nauryz`).
    pub fn holiday(&self, date: Date) -> Option<&str> {
        self.years.get(&date.year())?.holidays.get(&date).map(String::as_str)
    }

    /// When a limit that starts at `start` runs out, counting working time only.
    ///
    /// ```
    /// use shared::calendar::{Calendar, Limit, Timestamp};
    /// let friday_before_nauryz = Timestamp::from_local("2026-03-20".parse().expect("a date"), 10, 0);
    /// let due = Calendar::standard().deadline(friday_before_nauryz, Limit::WorkingDays(13));
    /// assert_eq!(due.map(|t| t.to_string()), Ok("2026-04-13 10:00".to_owned()));
    /// ```
    pub fn deadline(&self, start: Timestamp, limit: Limit) -> Result<Timestamp, CalendarError> {
        let mut left = limit.working_minutes(&self.office);
        if left == 0 {
            return Ok(start);
        }
        let mut day = start.local_date();
        let mut minute = start.local_minute_of_day();
        loop {
            if self.is_working_day(day)? {
                for (a, b) in self.office.segments() {
                    if minute >= b {
                        continue;
                    }
                    let from = minute.max(a);
                    let available = i64::from(b - from);
                    if left <= available {
                        return Ok(Timestamp::from_local(day, 0, from + left as u32));
                    }
                    left -= available;
                    minute = b;
                }
            }
            day = day.add_days(1);
            minute = 0;
        }
    }

    /// Working minutes from `from` to `to`; negative when `to` is earlier.
    pub fn working_minutes_between(&self, from: Timestamp, to: Timestamp) -> Result<i64, CalendarError> {
        if to < from {
            return self.working_minutes_between(to, from).map(|m| -m);
        }
        let (end_day, end_minute) = (to.local_date(), to.local_minute_of_day());
        let mut day = from.local_date();
        let mut minute = from.local_minute_of_day();
        let mut total = 0i64;
        while day <= end_day {
            if self.is_working_day(day)? {
                let limit = if day == end_day { end_minute } else { 24 * 60 };
                for (a, b) in self.office.segments() {
                    let lo = minute.max(a);
                    let hi = limit.min(b);
                    if hi > lo {
                        total += i64::from(hi - lo);
                    }
                }
            }
            day = day.add_days(1);
            minute = 0;
        }
        Ok(total)
    }

    /// Working time left until a deadline (negative when overdue), in minutes.
    pub fn remaining(&self, now: Timestamp, deadline: Timestamp) -> Result<i64, CalendarError> {
        self.working_minutes_between(now, deadline)
    }
}

/// How urgent a deadline is, for the inbox.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Urgency {
    /// More than a working day left.
    OnTime,
    /// A working day or less left.
    DueSoon,
    /// Past the deadline.
    Overdue,
}

impl Calendar {
    /// Overdue, due within one working day, or on time.
    pub fn urgency(&self, now: Timestamp, deadline: Timestamp) -> Result<Urgency, CalendarError> {
        let left = self.remaining(now, deadline)?;
        Ok(if now > deadline {
            Urgency::Overdue
        } else if left <= i64::from(self.office.minutes_per_day()) {
            Urgency::DueSoon
        } else {
            Urgency::OnTime
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(date: &str, h: u32, m: u32) -> Timestamp {
        Timestamp::from_local(date.parse().expect("a date"), h, m)
    }

    /// Religious holidays are not moved when they fall on a weekend (Labour Code).
    const NOT_MOVED: [&str; 2] = ["kurban-ait", "orthodox-christmas"];

    fn cal() -> &'static Calendar {
        Calendar::standard()
    }

    #[test]
    fn holiday_data_is_consistent() {
        let cal = cal();
        assert_eq!(cal.years().collect::<Vec<_>>(), [2025, 2026]);
        for year in cal.years() {
            let y = &cal.years[&year];
            // Each holiday that falls on a weekend (religious ones aside) has
            // its moved day off; and a moved day is itself a weekday.
            let weekend_holidays = y
                .holidays
                .iter()
                .filter(|(d, name)| d.weekday().is_weekend() && !NOT_MOVED.contains(&name.as_str()))
                .count();
            let moved = y
                .days_off
                .iter()
                .filter(|d| !y.holidays.contains_key(d) && !d.weekday().is_weekend())
                .count()
                - y.extra_working.len();
            assert_eq!(weekend_holidays, moved, "{year}: moved days match weekend holidays");
            for d in y.days_off.iter().chain(&y.extra_working) {
                assert_eq!(d.year(), year, "{d} filed under {year}");
            }
            for name in y.holidays.values() {
                assert!(!name.is_empty());
            }
        }
    }

    #[test]
    fn working_days_of_real_dates() {
        let cal = cal();
        let day = |s: &str| s.parse::<Date>().expect("a date");
        for off in [
            "2026-01-01",
            "2026-01-02",
            "2026-01-07",
            "2026-03-09",
            "2026-03-23",
            "2026-03-25",
            "2026-05-27",
            "2026-12-16",
            "2025-06-06",
            "2025-01-03",
        ] {
            assert_eq!(cal.is_working_day(day(off)), Ok(false), "{off}");
        }
        for on in ["2026-01-05", "2026-03-10", "2026-03-26", "2026-05-28", "2025-01-05"] {
            assert_eq!(cal.is_working_day(day(on)), Ok(true), "{on}");
        }
        assert_eq!(cal.holiday(day("2026-03-22")), Some("nauryz"));
        assert_eq!(
            cal.is_working_day(day("2027-01-04")),
            Err(CalendarError::NoDataForYear(2027))
        );
    }

    #[test]
    fn thirteen_working_days_from_the_friday_before_nauryz() {
        // 20 March 2026 is a Friday; 21–25 March are off (Nauryz, moved days).
        let due = cal().deadline(at("2026-03-20", 10, 0), Limit::WorkingDays(13));
        assert_eq!(due, Ok(at("2026-04-13", 10, 0)));
        assert_eq!(
            cal().remaining(at("2026-03-20", 10, 0), at("2026-04-13", 10, 0)),
            Ok(13 * 480)
        );
    }

    #[test]
    fn hours_skip_lunch_nights_and_weekends() {
        assert_eq!(
            cal().deadline(at("2026-11-20", 12, 30), Limit::Hours(1)),
            Ok(at("2026-11-20", 14, 30))
        );
        assert_eq!(
            cal().deadline(at("2026-11-20", 17, 0), Limit::Hours(3)),
            Ok(at("2026-11-23", 11, 0))
        );
        assert_eq!(
            cal().deadline(at("2026-11-21", 11, 0), Limit::Minutes(20)),
            Ok(at("2026-11-23", 9, 20))
        );
        assert_eq!(
            cal().deadline(at("2026-11-20", 20, 0), Limit::Minutes(0)),
            Ok(at("2026-11-20", 20, 0))
        );
        // Ends exactly at closing time.
        assert_eq!(
            cal().deadline(at("2026-11-20", 9, 0), Limit::WorkingDays(1)),
            Ok(at("2026-11-20", 18, 0))
        );
    }

    #[test]
    fn a_transferred_sunday_is_worked() {
        // 3 January 2025 (Friday) off, 5 January (Sunday) worked instead.
        assert_eq!(
            cal().deadline(at("2025-01-02", 10, 0), Limit::Hours(2)),
            Ok(at("2025-01-05", 11, 0))
        );
    }

    #[test]
    fn remaining_time_and_urgency() {
        let due = at("2026-11-24", 12, 0);
        assert_eq!(cal().remaining(at("2026-11-23", 12, 0), due), Ok(480));
        assert_eq!(cal().urgency(at("2026-11-23", 12, 0), due), Ok(Urgency::DueSoon));
        assert_eq!(cal().urgency(at("2026-11-20", 12, 0), due), Ok(Urgency::OnTime));
        assert_eq!(cal().remaining(at("2026-11-24", 15, 0), due), Ok(-120));
        assert_eq!(cal().urgency(at("2026-11-24", 15, 0), due), Ok(Urgency::Overdue));
        // Overdue by the clock even when no working time passed (after hours).
        assert_eq!(
            cal().urgency(at("2026-11-24", 19, 0), at("2026-11-24", 18, 0)),
            Ok(Urgency::Overdue)
        );
    }

    #[test]
    fn other_office_hours() {
        let short = OfficeHours {
            start: 10 * 60,
            lunch_start: 13 * 60,
            lunch_end: 13 * 60,
            end: 16 * 60,
        };
        let c = cal().with_office_hours(short).expect("valid hours");
        assert_eq!(
            c.deadline(at("2026-11-20", 9, 0), Limit::WorkingDays(1)),
            Ok(at("2026-11-20", 16, 0))
        );
        let bad = OfficeHours {
            start: 18 * 60,
            lunch_start: 13 * 60,
            lunch_end: 14 * 60,
            end: 9 * 60,
        };
        assert!(cal().with_office_hours(bad).is_none());
    }

    #[test]
    fn limits_read_and_write() {
        for s in ["20min", "3h", "13wd"] {
            assert_eq!(s.parse::<Limit>().map(|l| l.to_string()), Ok(s.to_owned()));
        }
        for bad in ["", "h", "3", "3 h", "3d", "-3h", "99999999999h"] {
            assert!(bad.parse::<Limit>().is_err(), "{bad:?}");
        }
    }
}
