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

use std::borrow::Cow;
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
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
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

    /// The local day and time as documents print it: `DD.MM.YYYY HH:MM`.
    ///
    /// ```
    /// use shared::calendar::Timestamp;
    /// assert_eq!(Timestamp::from_unix(1_795_000_000).local_text(), "18.11.2026 16:06");
    /// ```
    pub fn local_text(self) -> String {
        let (y, m, d) = self.local_date().ymd();
        let minute = self.local_minute_of_day();
        format!("{d:02}.{m:02}.{y} {:02}:{:02}", minute / 60, minute % 60)
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
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
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

/// `data/office-hours.toml`: the default schedule and the providers that
/// keep their own.
#[derive(Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
struct HoursFile {
    default: HoursSpec,
    #[serde(default)]
    providers: BTreeMap<String, HoursSpec>,
}

/// One schedule as the data writes it, times as "HH:MM".
#[derive(Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
struct HoursSpec {
    open: String,
    lunch_start: String,
    lunch_end: String,
    close: String,
}

impl HoursSpec {
    /// The hours, when every time reads and they make sense.
    fn hours(&self) -> Option<OfficeHours> {
        let minutes = |t: &str| -> Option<u16> {
            let (h, m) = t.split_once(':')?;
            let (h, m): (u16, u16) = (h.parse().ok()?, m.parse().ok()?);
            (h < 24 && m < 60 && t.len() == 5).then_some(h * 60 + m)
        };
        let hours = OfficeHours {
            start: minutes(&self.open)?,
            lunch_start: minutes(&self.lunch_start)?,
            lunch_end: minutes(&self.lunch_end)?,
            end: minutes(&self.close)?,
        };
        hours.is_valid().then_some(hours)
    }
}

/// The office hours of the data: the default, and each provider's own.
struct Schedules {
    default: OfficeHours,
    providers: BTreeMap<String, OfficeHours>,
}

fn schedules() -> &'static Schedules {
    static SCHEDULES: OnceLock<Schedules> = OnceLock::new();
    SCHEDULES.get_or_init(|| {
        let file: HoursFile = serde_json::from_str(include_str!(concat!(env!("OUT_DIR"), "/office-hours.json")))
            .expect("data/office-hours.toml is checked by the test `office_hours_are_data`");
        let read = |s: &HoursSpec| {
            s.hours()
                .expect("data/office-hours.toml is checked by the test `office_hours_are_data`")
        };
        Schedules {
            default: read(&file.default),
            providers: file.providers.iter().map(|(code, s)| (code.clone(), read(s))).collect(),
        }
    })
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

/// The first year the calendar covers: Kazakhstan has kept one time zone
/// since March 2024, and the holiday law as amended in 2022 holds.
pub const FIRST_YEAR: i32 = 2025;

/// Why working time cannot be computed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CalendarError {
    /// The date is before the calendar's first year.
    #[error("no calendar for {0}: it starts in {FIRST_YEAR}")]
    NoDataForYear(i32),
}

/// Where a year's days off come from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
pub enum YearSource {
    /// Its published production calendar, a file in `data/calendar/`.
    Published,
    /// A file in `data/calendar/` that awaits confirmation (the government's
    /// transfers of days off, the announced date of Kurban Ait).
    Provisional,
    /// No file yet: the law's fixed holidays and the weekend rule only
    /// (`data/calendar/_rule.toml`).
    Rule,
}

#[derive(Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
struct Holiday {
    date: Date,
    name: String,
}

#[derive(Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
struct Transfer {
    from: Date,
    to: Date,
}

#[derive(Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
struct YearFile {
    year: i32,
    #[serde(default)]
    provisional: bool,
    holidays: Vec<Holiday>,
    moved: Vec<Date>,
    transfers: Vec<Transfer>,
}

#[derive(Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
struct FixedHoliday {
    month: u32,
    day: u32,
    name: String,
}

/// `data/calendar/_rule.toml`.
#[derive(Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
struct Rule {
    religious: Vec<String>,
    fixed: Vec<FixedHoliday>,
}

fn rule() -> &'static Rule {
    static RULE: OnceLock<Rule> = OnceLock::new();
    RULE.get_or_init(|| {
        serde_json::from_str(include_str!(concat!(env!("OUT_DIR"), "/calendar-rule.json")))
            .expect("data/calendar/_rule.toml is checked by the test `the_rule_gives_the_published_years`")
    })
}

#[derive(Clone, Debug, PartialEq, Eq)]
struct Year {
    source: YearSource,
    days_off: BTreeSet<Date>,
    extra_working: BTreeSet<Date>,
    holidays: BTreeMap<Date, String>,
}

impl Year {
    fn from_file(f: YearFile) -> Year {
        let mut days_off: BTreeSet<Date> = f.holidays.iter().map(|h| h.date).collect();
        days_off.extend(f.moved);
        let mut extra_working = BTreeSet::new();
        for t in f.transfers {
            days_off.insert(t.to);
            extra_working.insert(t.from);
        }
        Year {
            source: if f.provisional {
                YearSource::Provisional
            } else {
                YearSource::Published
            },
            days_off,
            extra_working,
            holidays: f.holidays.into_iter().map(|h| (h.date, h.name)).collect(),
        }
    }

    /// A year from the rule alone: the fixed holidays and their moved days.
    fn from_rule(year: i32) -> Year {
        let holidays: BTreeMap<Date, String> = rule()
            .fixed
            .iter()
            .filter_map(|h| Some((Date::from_ymd(year, h.month, h.day)?, h.name.clone())))
            .collect();
        let mut days_off: BTreeSet<Date> = holidays.keys().copied().collect();
        days_off.extend(moved_days(&holidays));
        Year {
            source: YearSource::Rule,
            days_off,
            extra_working: BTreeSet::new(),
            holidays,
        }
    }

    fn is_working_day(&self, date: Date) -> bool {
        self.extra_working.contains(&date) || (!date.weekday().is_weekend() && !self.days_off.contains(&date))
    }
}

/// The days off that replace the holidays falling on a weekend: each such
/// holiday, in date order, moves to the next weekday that is neither a
/// holiday nor already a moved day off; religious holidays do not move
/// (Labour Code art. 84 (3), (5)).
fn moved_days(holidays: &BTreeMap<Date, String>) -> BTreeSet<Date> {
    let religious = &rule().religious;
    let mut moved = BTreeSet::new();
    for (date, name) in holidays {
        if !date.weekday().is_weekend() || religious.contains(name) {
            continue;
        }
        let mut day = date.add_days(1);
        while day.weekday().is_weekend() || holidays.contains_key(&day) || moved.contains(&day) {
            day = day.add_days(1);
        }
        moved.insert(day);
    }
    moved
}

/// The working-time calendar: office hours and the yearly holiday data.
#[derive(Clone, Debug)]
pub struct Calendar {
    office: OfficeHours,
    years: BTreeMap<i32, Year>,
}

impl Calendar {
    /// The embedded holidays with the default office hours of
    /// `data/office-hours.toml`.
    pub fn standard() -> &'static Calendar {
        static CAL: OnceLock<Calendar> = OnceLock::new();
        CAL.get_or_init(|| {
            let files: Vec<YearFile> = serde_json::from_str(include_str!(concat!(env!("OUT_DIR"), "/holidays.json")))
                .expect("data/calendar is checked by the test `holiday_data_is_consistent`");
            let years = files.into_iter().map(|f| (f.year, Year::from_file(f))).collect();
            Calendar {
                office: schedules().default,
                years,
            }
        })
    }

    /// A provider's calendar: the same holidays with the provider's own
    /// office hours where `data/office-hours.toml` gives them, else the
    /// default's. Every deadline of a provider's case counts in it.
    pub fn of_provider(code: &str) -> &'static Calendar {
        static BY_PROVIDER: OnceLock<BTreeMap<String, Calendar>> = OnceLock::new();
        BY_PROVIDER
            .get_or_init(|| {
                schedules()
                    .providers
                    .iter()
                    .map(|(code, hours)| {
                        let calendar = Calendar {
                            office: *hours,
                            years: Calendar::standard().years.clone(),
                        };
                        (code.clone(), calendar)
                    })
                    .collect()
            })
            .get(code)
            .unwrap_or_else(|| Calendar::standard())
    }

    /// The providers that keep office hours of their own.
    pub fn providers_with_own_hours() -> impl Iterator<Item = &'static str> {
        schedules().providers.keys().map(String::as_str)
    }

    /// The calendar as it was before a year's file arrived: that year from
    /// the rule alone (to recompute what was computed then).
    pub fn without_file(&self, year: i32) -> Calendar {
        let mut c = self.clone();
        c.years.remove(&year);
        c
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

    /// The years that have a file in `data/calendar/`.
    pub fn years(&self) -> impl Iterator<Item = i32> + '_ {
        self.years.keys().copied()
    }

    /// A year's days off: from its file, or from the rule.
    fn year(&self, year: i32) -> Result<Cow<'_, Year>, CalendarError> {
        if year < FIRST_YEAR {
            return Err(CalendarError::NoDataForYear(year));
        }
        Ok(self
            .years
            .get(&year)
            .map_or_else(|| Cow::Owned(Year::from_rule(year)), Cow::Borrowed))
    }

    /// Where a year's days off come from.
    ///
    /// ```
    /// use shared::calendar::{Calendar, YearSource};
    /// assert_eq!(Calendar::standard().source(2026), Ok(YearSource::Published));
    /// assert_eq!(Calendar::standard().source(2031), Ok(YearSource::Rule));
    /// ```
    pub fn source(&self, year: i32) -> Result<YearSource, CalendarError> {
        Ok(self.year(year)?.source)
    }

    /// The last day of the last year that has a file (published or
    /// provisional): how far the calendar's data reaches.
    pub fn data_horizon(&self) -> Option<Date> {
        let year = *self.years.keys().next_back()?;
        Date::from_ymd(year, 12, 31)
    }

    /// The last day up to which every year is published and final.
    pub fn published_horizon(&self) -> Option<Date> {
        let mut last = None;
        for year in FIRST_YEAR.. {
            match self.years.get(&year) {
                Some(y) if y.source == YearSource::Published => last = Some(year),
                _ => break,
            }
        }
        Date::from_ymd(last?, 12, 31)
    }

    /// A text that changes whenever a year's working days do: its days off
    /// and its worked days, in order, and where they come from.
    pub fn digest(&self, year: i32) -> Result<String, CalendarError> {
        let y = self.year(year)?;
        let list = |days: &BTreeSet<Date>| days.iter().map(Date::to_string).collect::<Vec<_>>().join(",");
        Ok(format!(
            "{year} {:?} off {} worked {}",
            y.source,
            list(&y.days_off),
            list(&y.extra_working)
        ))
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
        Ok(self.year(date.year())?.is_working_day(date))
    }

    /// The name of the public holiday on a date, if any (such as `nauryz`).
    pub fn holiday(&self, date: Date) -> Option<String> {
        self.year(date.year()).ok()?.holidays.get(&date).cloned()
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
        let mut days = Days::new(self);
        loop {
            if days.is_working(day)? {
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
        let mut days = Days::new(self);
        while day <= end_day {
            if days.is_working(day)? {
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

/// Walks days in order, building a rule year once rather than per day.
struct Days<'a> {
    calendar: &'a Calendar,
    current: Option<(i32, Cow<'a, Year>)>,
}

impl<'a> Days<'a> {
    fn new(calendar: &'a Calendar) -> Days<'a> {
        Days {
            calendar,
            current: None,
        }
    }

    fn is_working(&mut self, date: Date) -> Result<bool, CalendarError> {
        let year = date.year();
        if self.current.as_ref().is_none_or(|(y, _)| *y != year) {
            self.current = Some((year, self.calendar.year(year)?));
        }
        Ok(self.current.as_ref().is_some_and(|(_, y)| y.is_working_day(date)))
    }
}

/// How urgent a deadline is, for the inbox.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
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

    /// The holidays with fixed hours (09:00-18:00, lunch 13:00-14:00), so
    /// that these tests do not move with the data's office hours.
    fn cal() -> &'static Calendar {
        static CAL: OnceLock<Calendar> = OnceLock::new();
        CAL.get_or_init(|| {
            let nine_to_six = OfficeHours {
                start: 9 * 60,
                lunch_start: 13 * 60,
                lunch_end: 14 * 60,
                end: 18 * 60,
            };
            Calendar::standard()
                .with_office_hours(nine_to_six)
                .expect("valid hours")
        })
    }

    #[test]
    fn office_hours_are_data() {
        let file: HoursFile = serde_json::from_str(include_str!(concat!(env!("OUT_DIR"), "/office-hours.json")))
            .expect("data/office-hours.toml reads");
        assert!(file.default.hours().is_some(), "the default hours make sense");
        for (code, spec) in &file.providers {
            assert!(spec.hours().is_some(), "{code}: its hours make sense");
        }
        // The common schedule of state bodies: 09:00-18:30, lunch 13:00-14:30.
        let standard = Calendar::standard().office_hours();
        assert_eq!(
            (standard.start, standard.lunch_start, standard.lunch_end, standard.end),
            (9 * 60, 13 * 60, 14 * 60 + 30, 18 * 60 + 30)
        );
        assert_eq!(standard.minutes_per_day(), 8 * 60);
        // A provider's own hours move its deadlines; others keep the default's.
        let police = Calendar::of_provider("police-dept");
        assert_eq!(police.office_hours().start, 8 * 60 + 30);
        assert_eq!(Calendar::of_provider("no-such").office_hours(), standard);
        let friday_five = Timestamp::from_local("2026-11-20".parse().expect("a date"), 17, 0);
        assert_eq!(
            police.deadline(friday_five, Limit::Minutes(90)),
            Ok(Timestamp::from_local("2026-11-23".parse().expect("a date"), 9, 0)),
            "an hour on Friday, the rest from 08:30 on Monday"
        );
        assert_eq!(
            Calendar::standard().deadline(friday_five, Limit::Minutes(90)),
            Ok(Timestamp::from_local("2026-11-20".parse().expect("a date"), 18, 30)),
            "all of it on Friday, until closing at 18:30"
        );
        for bad in ["9:00", "24:00", "09:60", "nine"] {
            let spec = HoursSpec {
                open: bad.to_owned(),
                lunch_start: "13:00".to_owned(),
                lunch_end: "14:00".to_owned(),
                close: "18:00".to_owned(),
            };
            assert!(spec.hours().is_none(), "{bad}");
        }
    }

    #[test]
    fn holiday_data_is_consistent() {
        let cal = cal();
        assert_eq!(cal.years().collect::<Vec<_>>(), [2025, 2026, 2027]);
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
        assert_eq!(cal.holiday(day("2026-03-22")).as_deref(), Some("nauryz"));
        // 2 January 2027 is a Saturday: Monday 4 January is off instead.
        assert_eq!(cal.is_working_day(day("2027-01-04")), Ok(false));
        assert_eq!(cal.is_working_day(day("2027-01-05")), Ok(true));
        assert_eq!(
            cal.is_working_day(day("2024-12-31")),
            Err(CalendarError::NoDataForYear(2024))
        );
    }

    #[test]
    fn the_rule_gives_the_published_years() {
        // Every year's file agrees with the law's rule: the same fixed
        // holidays (the lunar Kurban Ait aside), and exactly the moved days
        // the weekend rule gives.
        for year in cal().years() {
            let file = &cal().years[&year];
            let from_rule = Year::from_rule(year);
            let lunar: Vec<_> = file
                .holidays
                .iter()
                .filter(|(d, _)| !from_rule.holidays.contains_key(d))
                .map(|(_, n)| n.as_str())
                .collect();
            assert_eq!(lunar, ["kurban-ait"], "{year}: only Kurban Ait is not a fixed date");
            for (d, name) in &from_rule.holidays {
                assert_eq!(file.holidays.get(d), Some(name), "{year}: {d}");
            }
            let transferred_to: BTreeSet<Date> = file
                .days_off
                .iter()
                .filter(|d| !file.holidays.contains_key(d))
                .copied()
                .collect::<BTreeSet<_>>()
                .difference(&moved_days(&file.holidays))
                .copied()
                .collect();
            assert!(
                moved_days(&file.holidays).is_subset(&file.days_off),
                "{year}: moved days are off"
            );
            assert_eq!(
                transferred_to.len(),
                file.extra_working.len(),
                "{year}: the days off beyond the holidays are the moved ones and the transfers"
            );
        }
    }

    #[test]
    fn a_year_without_a_file_follows_the_rule_and_says_so() {
        let cal = cal();
        let day = |s: &str| s.parse::<Date>().expect("a date");
        assert_eq!(cal.source(2026), Ok(YearSource::Published));
        assert_eq!(cal.source(2027), Ok(YearSource::Provisional));
        assert_eq!(cal.source(2028), Ok(YearSource::Rule));
        // 1-2 January 2028 are a Saturday and a Sunday: 3 and 4 January are off.
        for off in ["2028-01-03", "2028-01-04", "2028-01-07", "2028-03-08", "2028-12-16"] {
            assert_eq!(cal.is_working_day(day(off)), Ok(false), "{off}");
        }
        assert_eq!(cal.is_working_day(day("2028-01-05")), Ok(true));
        assert_eq!(cal.holiday(day("2028-03-21")).as_deref(), Some("nauryz"));
        assert_eq!(cal.data_horizon(), Some(day("2027-12-31")));
        assert_eq!(cal.published_horizon(), Some(day("2026-12-31")));
        // The file of 2027 and the rule alone give the same working days
        // (Kurban Ait 2027 falls on a Sunday), but not the same digest.
        let before = cal.without_file(2027);
        assert_eq!(before.source(2027), Ok(YearSource::Rule));
        assert_ne!(before.digest(2027), cal.digest(2027));
        assert_eq!(before.digest(2026), cal.digest(2026));
        assert_eq!(before.data_horizon(), Some(day("2026-12-31")));
    }

    #[test]
    fn deadlines_run_across_the_new_year() {
        // 11 December 2026 is a Friday; 16 December is Independence Day.
        assert_eq!(
            cal().deadline(at("2026-12-11", 10, 0), Limit::WorkingDays(13)),
            Ok(at("2026-12-31", 10, 0))
        );
        // From Monday 14 December: past 1 January, the weekend, Monday 4
        // January (for Saturday 2 January), to Tuesday 5 January 2027.
        assert_eq!(
            cal().deadline(at("2026-12-14", 10, 0), Limit::WorkingDays(13)),
            Ok(at("2027-01-05", 10, 0))
        );
        assert_eq!(
            cal().working_minutes_between(at("2026-12-14", 10, 0), at("2027-01-05", 10, 0)),
            Ok(13 * 480)
        );
        // 7 January 2027 (Orthodox Christmas, a Thursday) is off too.
        assert_eq!(
            cal().deadline(at("2027-01-06", 17, 0), Limit::Hours(2)),
            Ok(at("2027-01-08", 10, 0))
        );
        // Years later, from the rule alone.
        assert!(cal().deadline(at("2031-12-25", 10, 0), Limit::WorkingDays(30)).is_ok());
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
