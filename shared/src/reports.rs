//! Reports: what a provider's staff see of their workload and of the law's
//! limits kept, and what the public sees of each provider's service.
//!
//! Times are working minutes under the provider's office hours (lunch,
//! weekends and holidays left out), as every deadline is counted. The
//! percentiles are nearest-rank over the exact values, so a report's figures
//! can be checked by hand: [`Figures::of`].

use serde::{Deserialize, Serialize};

use crate::catalog::{Channel, RequestType};
use crate::date::Date;
use crate::i18n::Lang;
use crate::survey::SurveyRow;
use crate::workflow::{RefusalGround, Role};

/// One value of a histogram of working minutes: the value, how many had
/// it, and how many of those kept their deadline.
pub type Bucket = (i64, u32, u32);

/// How many of the soonest deadlines the prediction looks at.
pub const PREDICTION_WINDOW: usize = 2000;

/// How far back an owner's pace is taken from, in days.
pub const PACE_DAYS: i64 = 90;

/// What a report is asked for: a period of local dates (both included) and
/// optionally one service and request type.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ReportQuery {
    /// The first day; none: the first of the current month.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<Date>,
    /// The last day; none: today.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<Date>,
    /// One service's code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service: Option<String>,
    /// One request type.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_type: Option<RequestType>,
    /// The language of the charts, the CSV headers and the PDF.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lang: Option<Lang>,
}

impl ReportQuery {
    /// The query as a URL query string (without `?`), for links to the
    /// same report's CSV and PDF.
    pub fn to_query_string(&self) -> String {
        let mut parts = Vec::new();
        if let Some(d) = self.from {
            parts.push(format!("from={d}"));
        }
        if let Some(d) = self.to {
            parts.push(format!("to={d}"));
        }
        if let Some(s) = &self.service {
            parts.push(format!("service={s}"));
        }
        if let Some(r) = self.request_type {
            parts.push(format!("request_type={}", r.code()));
        }
        if let Some(l) = self.lang {
            parts.push(format!("lang={}", l.code()));
        }
        parts.join("&")
    }
}

/// Whose figures a report shows, by the viewer's role.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
pub enum ReportScope {
    /// The whole provider (its head or deputy, or its administrator).
    Provider,
    /// The licensing department: its head's and executors' steps.
    Department,
    /// One's own work (an executor or a clerk).
    Own,
}

impl ReportScope {
    /// The scope of a staff role; none for a role without reports.
    pub const fn of(role: Role) -> Option<ReportScope> {
        match role {
            Role::Head | Role::DeputyHead | Role::Admin => Some(ReportScope::Provider),
            Role::DepartmentHead => Some(ReportScope::Department),
            Role::Executor | Role::Clerk => Some(ReportScope::Own),
            _ => None,
        }
    }

    /// Whether a chain step's role is within the scope (an own report is
    /// filtered by the person instead).
    pub const fn covers(self, role: Role) -> bool {
        match self {
            ReportScope::Provider | ReportScope::Own => true,
            ReportScope::Department => matches!(role, Role::DepartmentHead | Role::Executor),
        }
    }

    /// The roles whose steps a department report counts.
    pub const DEPARTMENT: [Role; 2] = [Role::DepartmentHead, Role::Executor];
}

/// Applications of the period.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Counts {
    /// Received (sent by the applicant or filed at a counter).
    pub received: u32,
    /// Decided (issued or refused).
    pub decided: u32,
    /// Issued.
    pub issued: u32,
    /// Refused.
    pub refused: u32,
    /// Withdrawn by the applicant.
    pub withdrawn: u32,
}

/// Received by channel.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ChannelCount {
    /// Where filed.
    pub channel: Channel,
    /// How many.
    pub received: u32,
}

/// Refusals by ground (a refusal with two grounds counts under each).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct GroundCount {
    /// The ground.
    pub ground: RefusalGround,
    /// How many refusals name it.
    pub refused: u32,
}

/// One week (Monday to Sunday) of the period.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct WeekCount {
    /// Its Monday.
    pub monday: Date,
    /// Received that week.
    pub received: u32,
    /// Decided that week.
    pub decided: u32,
}

/// Working times against a limit: how many, the median, the 90th
/// percentile, the longest, and how many kept the deadline.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Figures {
    /// How many.
    pub count: u32,
    /// Median, working minutes.
    pub p50: i64,
    /// 90th percentile, working minutes.
    pub p90: i64,
    /// The longest, working minutes.
    pub max: i64,
    /// The limit, working minutes.
    pub limit: i64,
    /// How many kept their deadline.
    pub met: u32,
}

impl Figures {
    /// The figures of a histogram of working minutes (value, how many,
    /// how many of them kept the deadline), in any order.
    ///
    /// ```
    /// use shared::reports::Figures;
    /// let f = Figures::of(&[(30, 1, 1), (10, 2, 2), (90, 1, 0)], 60);
    /// assert_eq!((f.count, f.p50, f.p90, f.max, f.met), (4, 10, 90, 90, 3));
    /// ```
    pub fn of(histogram: &[(i64, u32, u32)], limit: i64) -> Figures {
        let mut h: Vec<(i64, u32, u32)> = histogram.iter().copied().filter(|(_, n, _)| *n > 0).collect();
        h.sort_by_key(|(v, _, _)| *v);
        let count: u32 = h.iter().map(|(_, n, _)| n).sum();
        let met = h.iter().map(|(_, _, m)| m).sum();
        Figures {
            count,
            p50: percentile(&h, count, 50),
            p90: percentile(&h, count, 90),
            max: h.last().map_or(0, |(v, _, _)| *v),
            limit,
            met,
        }
    }

    /// The share that kept the deadline, in per cent (none when empty).
    pub fn share_met(&self) -> Option<u32> {
        (self.count > 0).then(|| (u64::from(self.met) * 100 / u64::from(self.count)) as u32)
    }
}

/// The nearest-rank percentile of a sorted histogram of `count` values.
fn percentile(sorted: &[(i64, u32, u32)], count: u32, p: u32) -> i64 {
    if count == 0 {
        return 0;
    }
    let rank = (u64::from(count) * u64::from(p)).div_ceil(100).max(1);
    let mut seen = 0u64;
    for (v, n, _) in sorted {
        seen += u64::from(*n);
        if seen >= rank {
            return *v;
        }
    }
    sorted.last().map_or(0, |(v, _, _)| *v)
}

/// The times of one chain step of one service and request type.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct StepTimes {
    /// The service's code.
    pub service: String,
    /// The request type.
    pub request_type: RequestType,
    /// The step's id in the chain.
    pub step_id: String,
    /// Who acts at it.
    pub role: Role,
    /// Its times, against the step's limit.
    pub figures: Figures,
}

/// The whole service's times, from receipt to the result, against the
/// seed's total.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ServiceTimes {
    /// The service's code.
    pub service: String,
    /// The request type.
    pub request_type: RequestType,
    /// Its times, against the total.
    pub figures: Figures,
}

/// An open case that will miss its step's deadline at the current pace.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Prediction {
    /// The application's id.
    pub application_id: String,
    /// Its registration number.
    pub number: String,
    /// The service's code.
    pub service: String,
    /// The step it is at.
    pub step_id: String,
    /// Who acts there.
    pub role: Role,
    /// The person it is with; none: anyone of the role.
    pub owner: Option<String>,
    /// Cases before it in the owner's queue (by deadline).
    pub ahead: u32,
    /// The owner's median time at this step, working minutes.
    pub pace: i64,
    /// Working minutes it needs at that pace: (ahead + 1) × pace.
    pub needs: i64,
    /// Working minutes left until the step's deadline.
    pub left: i64,
    /// The step's deadline, Unix seconds.
    pub due_at: i64,
}

/// The charts of a report, as accessible SVG drawn by the server (each with
/// a title and a description; the same numbers are in the report's tables).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Charts {
    /// Received and decided per week.
    pub weekly: String,
    /// Each step's median and 90th percentile as a share of its limit.
    pub steps: String,
    /// Refusals by ground.
    pub grounds: String,
}

/// A staff report.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Report {
    /// Whose figures.
    pub scope: ReportScope,
    /// The provider.
    pub provider: String,
    /// The first day.
    pub from: Date,
    /// The last day.
    pub to: Date,
    /// The service asked for, if one.
    pub service: Option<String>,
    /// The request type asked for, if one.
    pub request_type: Option<RequestType>,
    /// The counts.
    pub counts: Counts,
    /// Received by channel.
    pub channels: Vec<ChannelCount>,
    /// Refusals by ground.
    pub grounds: Vec<GroundCount>,
    /// Per week.
    pub weeks: Vec<WeekCount>,
    /// Per chain step, in chain order.
    pub steps: Vec<StepTimes>,
    /// The whole service.
    pub services: Vec<ServiceTimes>,
    /// Open cases that will miss their deadline, the least time left first.
    pub predicted: Vec<Prediction>,
    /// The quality survey's answers of the period's months.
    pub survey: Vec<SurveyRow>,
    /// The charts.
    pub charts: Charts,
}

/// The tables of a report, each downloadable as CSV.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
pub enum ReportTable {
    /// The counts and channels.
    Counts,
    /// Per week.
    Weeks,
    /// Refusal grounds.
    Grounds,
    /// Per step.
    Steps,
    /// Whole services.
    Services,
    /// Predicted breaches.
    Predicted,
    /// The survey.
    Survey,
}

impl ReportTable {
    /// Every table, in the report's order.
    pub const ALL: [ReportTable; 7] = [
        ReportTable::Counts,
        ReportTable::Weeks,
        ReportTable::Grounds,
        ReportTable::Steps,
        ReportTable::Services,
        ReportTable::Predicted,
        ReportTable::Survey,
    ];

    /// Its name in a URL.
    pub const fn code(self) -> &'static str {
        match self {
            ReportTable::Counts => "counts",
            ReportTable::Weeks => "weeks",
            ReportTable::Grounds => "grounds",
            ReportTable::Steps => "steps",
            ReportTable::Services => "services",
            ReportTable::Predicted => "predicted",
            ReportTable::Survey => "survey",
        }
    }

    /// The table of a URL name.
    pub fn from_code(code: &str) -> Option<ReportTable> {
        ReportTable::ALL.into_iter().find(|t| t.code() == code)
    }
}

/// What the public statistics are asked for.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct StatsQuery {
    /// One provider's code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider: Option<String>,
    /// One service's code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service: Option<String>,
}

/// Decided in one month.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct MonthCount {
    /// `YYYY-MM`.
    pub month: String,
    /// How many were decided.
    pub decided: u32,
}

/// A provider's service as the public sees it: time to decision against
/// the statutory limit, and volume; no personal data.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ServiceStats {
    /// The provider.
    pub provider: String,
    /// The service.
    pub service: String,
    /// The request type.
    pub request_type: RequestType,
    /// Decided in the twelve months.
    pub decided: u32,
    /// Median time to decision, in tenths of a working day (6: 0.6 days).
    pub median_tenths: i64,
    /// 90th percentile, in tenths of a working day.
    pub p90_tenths: i64,
    /// The statutory limit, in tenths of a working day.
    pub limit_tenths: i64,
    /// The share decided in time, per cent.
    pub in_time: u32,
    /// Decided per month, oldest first.
    pub months: Vec<MonthCount>,
}

/// The public statistics: the twelve months up to today.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PublicStats {
    /// The first day counted.
    pub from: Date,
    /// The last.
    pub to: Date,
    /// Per provider, service and request type that decided anything.
    pub rows: Vec<ServiceStats>,
}

/// The histogram's value of a working time: to the minute under an hour,
/// to 5 minutes under eight hours, to 30 minutes beyond (the reports'
/// percentiles are the lower bound of their value's bucket).
///
/// ```
/// use shared::reports::bucket;
/// assert_eq!((bucket(59), bucket(214), bucket(1499)), (59, 210, 1470));
/// ```
pub const fn bucket(minutes: i64) -> i64 {
    if minutes < 60 {
        minutes
    } else if minutes < 480 {
        minutes / 5 * 5
    } else {
        minutes / 30 * 30
    }
}

/// [`bucket`] as SQL over a column, for rebuilding the summaries.
pub fn bucket_sql(column: &str) -> String {
    format!(
        "CASE WHEN {column} < 60 THEN {column} WHEN {column} < 480 THEN {column} / 5 * 5 ELSE {column} / 30 * 30 END"
    )
}

/// Working minutes in tenths of a working day, rounded (whole numbers
/// travel and print without the floating-point code a browser app would
/// otherwise carry).
///
/// ```
/// assert_eq!(shared::reports::tenths_of_day(660, 480), 14);
/// ```
pub fn tenths_of_day(minutes: i64, per_day: u32) -> i64 {
    if per_day == 0 {
        return 0;
    }
    let per_day = i64::from(per_day);
    (minutes * 20 + per_day).div_euclid(2 * per_day)
}

/// Tenths as a number with one decimal.
///
/// ```
/// assert_eq!((shared::reports::tenths(14), shared::reports::tenths(30)), ("1.4".to_owned(), "3.0".to_owned()));
/// ```
pub fn tenths(n: i64) -> String {
    let sign = if n < 0 { "-" } else { "" };
    format!("{sign}{}.{}", n.abs() / 10, n.abs() % 10)
}

/// Working minutes as a report says them: "2 h 05 min" within a working
/// day, working days with one decimal beyond.
///
/// ```
/// use shared::i18n::Lang;
/// use shared::reports::duration;
/// assert_eq!(duration(125, 480, Lang::En), "2 h 05 min");
/// assert_eq!(duration(720, 480, Lang::En), "1.5 wd");
/// assert_eq!(duration(20, 480, Lang::Ru), "20 мин");
/// ```
pub fn duration(minutes: i64, per_day: u32, lang: Lang) -> String {
    use crate::i18n::Msg;
    let (h, wd, min) = (
        Msg::UnitHours.text(lang),
        Msg::UnitWorkingDays.text(lang),
        Msg::UnitMinutes.text(lang),
    );
    if per_day > 0 && minutes >= i64::from(per_day) {
        format!("{} {wd}", tenths(tenths_of_day(minutes, per_day)))
    } else if minutes >= 60 || minutes <= -60 {
        format!("{} {h} {:02} {min}", minutes / 60, (minutes % 60).abs())
    } else {
        format!("{minutes} {min}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_are_nearest_rank() {
        // 1..=10 once each: the median is the 5th, the 90th percentile the 9th.
        let h: Vec<_> = (1..=10).map(|v| (v, 1, 1)).collect();
        let f = Figures::of(&h, 8);
        assert_eq!((f.p50, f.p90, f.max, f.count), (5, 9, 10, 10));
        // One value: every percentile is it.
        assert_eq!(Figures::of(&[(42, 1, 0)], 60).p90, 42);
        assert_eq!(
            Figures::of(&[], 60),
            Figures {
                limit: 60,
                ..Figures::default()
            }
        );
        assert_eq!(Figures::of(&h, 8).share_met(), Some(100));
        assert_eq!(Figures::default().share_met(), None);
    }

    #[test]
    fn the_scope_follows_the_role() {
        assert_eq!(ReportScope::of(Role::Head), Some(ReportScope::Provider));
        assert_eq!(ReportScope::of(Role::DepartmentHead), Some(ReportScope::Department));
        assert_eq!(ReportScope::of(Role::Executor), Some(ReportScope::Own));
        assert_eq!(ReportScope::of(Role::Operator), None);
        assert!(!ReportScope::Department.covers(Role::Head));
        assert!(ReportScope::Department.covers(Role::Executor));
    }

    #[test]
    fn a_query_round_trips_through_its_string() {
        let q = ReportQuery {
            from: Date::from_ymd(2026, 1, 1),
            to: Date::from_ymd(2026, 3, 31),
            service: Some("security".into()),
            request_type: Some(RequestType::Issuance),
            lang: Some(Lang::Ru),
        };
        assert_eq!(
            q.to_query_string(),
            "from=2026-01-01&to=2026-03-31&service=security&request_type=issuance&lang=ru"
        );
        for t in ReportTable::ALL {
            assert_eq!(ReportTable::from_code(t.code()), Some(t));
        }
    }
}
