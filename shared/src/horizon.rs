//! How far ahead the yearly reference data reaches: the working-time
//! calendar (a file per year in `data/calendar/`, the law's rule beyond it)
//! and the monthly calculation index that turns fees in MRP into tenge (the
//! data file, then what administrators set on the server). Deadlines and
//! fees stop being exact where either ends, so the server reports both in
//! `/api/health` and at start, and the test command checks them.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use crate::calendar::{Calendar, YearSource};
use crate::date::Date;

/// Fewer days ahead than this is a warning: time to add next year's data.
pub const WARN_DAYS: i32 = 90;

/// The calendar's reach.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct CalendarHorizon {
    /// The last day of the last year with a data file (published or
    /// provisional); past it, deadlines follow the law's rule alone.
    pub until: Option<Date>,
    /// Days from today to `until`.
    pub days_ahead: i32,
    /// The last day up to which every year is published and final.
    pub published_until: Option<Date>,
    /// The years from today on whose data is provisional or the rule's only.
    pub provisional: Vec<i32>,
}

/// The MRP index's reach.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct MrpHorizon {
    /// The last day of the last year that, from this year on without a gap,
    /// has its index (before 1 January of this year when this year has none).
    pub until: Date,
    /// Days from today to `until` (negative when this year has no index).
    pub days_ahead: i32,
    /// This year and the next, where they have no index yet.
    pub missing: Vec<i32>,
}

/// Both, and what an operator should do about them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct DataHorizon {
    /// The working-time calendar.
    pub calendar: CalendarHorizon,
    /// The MRP index.
    pub mrp: MrpHorizon,
    /// Plain-language warnings for operators; empty when all is well.
    pub warnings: Vec<String>,
}

impl DataHorizon {
    /// The reach of a calendar and of the years whose index is known, seen
    /// from `today`.
    ///
    /// ```
    /// use shared::calendar::Calendar;
    /// use shared::date::Date;
    /// use shared::horizon::DataHorizon;
    /// let today = Date::from_ymd(2026, 12, 1).expect("a date");
    /// let h = DataHorizon::compute(today, Calendar::standard(), &[2025, 2026].into());
    /// assert_eq!(h.mrp.days_ahead, 30);
    /// assert_eq!(h.mrp.missing, [2027]);
    /// assert!(h.warnings.iter().any(|w| w.contains("2027")));
    /// ```
    pub fn compute(today: Date, calendar: &Calendar, mrp_years: &BTreeSet<i32>) -> DataHorizon {
        let year = today.year();
        let days_to = |d: Option<Date>| d.map_or(i32::MIN, |d| today.days_until(d));
        let until = calendar.data_horizon();
        let last_year = until.map_or(year, |d| d.year()).max(year + 1);
        let calendar = CalendarHorizon {
            until,
            days_ahead: days_to(until),
            published_until: calendar.published_horizon(),
            provisional: (year..=last_year)
                .filter(|y| calendar.source(*y).is_ok_and(|s| s != YearSource::Published))
                .collect(),
        };
        let mut covered = year;
        while mrp_years.contains(&covered) {
            covered += 1;
        }
        let mrp_until = Date::from_ymd(covered - 1, 12, 31).unwrap_or(today);
        let mrp = MrpHorizon {
            until: mrp_until,
            days_ahead: today.days_until(mrp_until),
            missing: (year..=year + 1).filter(|y| !mrp_years.contains(y)).collect(),
        };
        let mut warnings = Vec::new();
        if calendar.days_ahead < WARN_DAYS {
            warnings.push(format!(
                "calendar: the data files reach {} ({} days ahead): add data/calendar/{}.toml; \
                 until then deadlines follow the law's fixed holidays only",
                until.map_or_else(|| "nothing".to_owned(), |d| d.to_string()),
                calendar.days_ahead.max(0),
                until.map_or(year, |d| d.year() + 1),
            ));
        }
        if mrp.days_ahead < WARN_DAYS {
            warnings.push(format!(
                "mrp: no index for {covered} ({} days ahead): from 1 January {covered} fees cannot be \
                 paid (\"the fee for {covered} is not yet published\") until an administrator sets it \
                 (back office, Administration, or PUT /api/staff/admin/mrp/{covered})",
                mrp.days_ahead.max(0),
            ));
        }
        DataHorizon {
            calendar,
            mrp,
            warnings,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> Date {
        s.parse().expect("a date")
    }

    #[test]
    fn the_shipped_data_reaches_past_next_year_s_start() {
        let h = DataHorizon::compute(day("2026-12-01"), Calendar::standard(), &[2025, 2026].into());
        assert_eq!(h.calendar.until, Some(day("2027-12-31")));
        assert_eq!(h.calendar.days_ahead, 395);
        assert_eq!(h.calendar.published_until, Some(day("2026-12-31")));
        assert_eq!(h.calendar.provisional, [2027]);
        assert_eq!(h.mrp.until, day("2026-12-31"));
        assert_eq!(h.mrp.days_ahead, 30);
        assert_eq!(h.warnings.len(), 1, "{:?}", h.warnings);
    }

    #[test]
    fn an_index_set_on_the_server_moves_the_mrp_horizon() {
        let h = DataHorizon::compute(day("2026-12-01"), Calendar::standard(), &[2026, 2027].into());
        assert_eq!(h.mrp.until, day("2027-12-31"));
        assert!(h.mrp.missing.is_empty());
        assert!(h.warnings.is_empty(), "{:?}", h.warnings);
        // A year without its index, seen from inside it: negative, and said.
        let h = DataHorizon::compute(day("2027-02-01"), Calendar::standard(), &[2026].into());
        assert_eq!(h.mrp.until, day("2026-12-31"));
        assert_eq!(h.mrp.days_ahead, -32);
        assert_eq!(h.mrp.missing, [2027, 2028]);
        assert!(h.warnings.iter().any(|w| w.starts_with("mrp: no index for 2027")));
    }

    #[test]
    fn a_calendar_without_next_year_s_file_is_a_warning() {
        let before = Calendar::standard().without_file(2027);
        let h = DataHorizon::compute(day("2026-12-01"), &before, &[2026, 2027].into());
        assert_eq!(h.calendar.days_ahead, 30);
        assert_eq!(h.calendar.provisional, [2027]);
        assert!(h.warnings[0].contains("data/calendar/2027.toml"), "{:?}", h.warnings);
    }
}
