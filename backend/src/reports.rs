//! Reports for the provider's staff and statistics for the public.
//!
//! The facts are written with the moves themselves (`crate::facts`): a row
//! per step a case has left, with its working minutes under the provider's
//! office hours and whether its deadline held, and a row per case with the
//! whole service's time against the seed's total. A report of a period groups them by the
//! exact working minutes ([`store`]), so its percentiles are exact and a
//! provider's year stays a few thousand rows to read.
//!
//! Who sees what follows the role ([`ReportScope`]): the head the provider,
//! the licensing department's head the department's steps, an executor or a
//! clerk their own. The predicted breaches take each open case's place in
//! its owner's queue times the owner's recent median at that step.

mod chart;
mod export;
mod public;
mod store;

use std::collections::{BTreeMap, HashMap};

use axum::extract::State;
use shared::calendar::{Calendar, Timestamp};
use shared::catalog::{Channel, RequestType, catalog};
use shared::date::Date;
use shared::form::FieldError;
use shared::i18n::Msg;
use shared::reports::{
    ChannelCount, Counts, Figures, GroundCount, PACE_DAYS, PREDICTION_WINDOW, Prediction, Report, ReportQuery,
    ReportScope, ServiceTimes, StepTimes, WeekCount,
};
use shared::workflow::RefusalGround;

use crate::db::codec::from_text;
use crate::error::{ApiJson, ApiQuery};
use crate::operations::{Access, Api};
use crate::staff::{CurrentStaff, Staff};
use crate::{AppError, AppState};

pub use store::Filter;

/// The longest period a report covers, in days (three years).
const LONGEST_PERIOD: i32 = 3 * 366;

/// The report routes: the staff's report, its tables as CSV and the whole
/// as PDF, and the public statistics.
pub fn router() -> Api {
    Api::new()
        .get(
            "/staff/reports",
            Access::Internal,
            "the report of a period, by the member's role",
            report,
        )
        .query::<ReportQuery>()
        .get(
            "/staff/reports/csv/{table}",
            Access::Internal,
            "one table of the report as CSV (UTF-8 with BOM)",
            export::csv,
        )
        .query::<ReportQuery>()
        .get(
            "/staff/reports/pdf",
            Access::Internal,
            "the whole report as PDF",
            export::pdf,
        )
        .query::<ReportQuery>()
        .get(
            "/statistics",
            Access::Public,
            "each provider's time to decision against the statutory limit, twelve months",
            public::stats,
        )
        .query::<shared::reports::StatsQuery>()
}

// ---- the staff's report ----------------------------------------------------

async fn report(
    State(state): State<AppState>,
    current: CurrentStaff,
    ApiQuery(q): ApiQuery<ReportQuery>,
) -> Result<ApiJson<Report>, AppError> {
    Ok(ApiJson(build(&state, &current.staff, &q).await?))
}

/// A checked period: its dates and instants.
struct Period {
    from: Date,
    to: Date,
    since: i64,
    until: i64,
}

/// The period asked, or why not: both days valid, the first not after the
/// last, at most three years.
fn period(q: &ReportQuery, today: Date) -> Result<Period, AppError> {
    let (y, m, _) = today.ymd();
    let from = q.from.or_else(|| Date::from_ymd(y, m, 1)).unwrap_or(today);
    let to = q.to.unwrap_or(today);
    let span = to.days_since_epoch() - from.days_since_epoch();
    if span < 0 {
        return Err(AppError::Invalid(vec![FieldError::new(
            "to",
            Msg::StaffReportToBeforeFrom,
        )]));
    }
    if span > LONGEST_PERIOD {
        return Err(AppError::Invalid(vec![FieldError::new(
            "from",
            Msg::StaffReportTooLong,
        )]));
    }
    Ok(Period {
        from,
        to,
        since: Timestamp::from_local(from, 0, 0).unix(),
        until: Timestamp::from_local(to.add_days(1), 0, 0).unix(),
    })
}

/// The roles of the department's steps, as stored.
const DEPARTMENT: [&str; 2] = ["department-head", "executor"];

/// Builds the report the member may see.
pub async fn build(state: &AppState, staff: &Staff, q: &ReportQuery) -> Result<Report, AppError> {
    let scope = ReportScope::of(staff.role).ok_or(shared::workflow::Refusal::NotAllowed)?;
    let now = state.clock.now();
    let p = period(q, now.local_date())?;
    let provider = staff.provider.as_str();
    if let Some(s) = q.service.as_deref()
        && catalog().service(s).is_none_or(|s| s.provider != provider)
    {
        return Err(AppError::Invalid(vec![FieldError::new(
            "service",
            Msg::StaffReportNoSuchService,
        )]));
    }
    let request = q.request_type.map(|r| r.code());
    let filter = Filter {
        provider,
        from: p.since,
        until: p.until,
        service: q.service.as_deref(),
        request_type: request,
        person: (scope == ReportScope::Own).then_some(staff.id.as_str()),
        roles: (scope == ReportScope::Department).then_some(&DEPARTMENT[..]),
    };
    let lang = q.lang.unwrap_or_default();

    let (counts, channels, grounds) = counts(&state.db, &filter, &p).await?;
    let weeks = weeks(&state.db, &filter, &p).await?;
    let (months, edges) = split(&p);
    let steps = step_times(step_histogram(&state.db, &filter, months.as_ref(), &edges).await?)?;
    let services = service_times(service_histogram(&state.db, &filter, months.as_ref(), &edges).await?)?;
    let predicted = predict(state, &filter, now).await?;
    let survey = if scope == ReportScope::Provider {
        crate::survey::results_of(&state.db, provider, &month_code(p.from), &month_code(p.to))
            .await?
            .into_iter()
            .filter(|r| q.service.as_deref().is_none_or(|s| s == r.service))
            .collect()
    } else {
        Vec::new()
    };
    let charts = shared::reports::Charts {
        weekly: chart::weekly(&weeks, lang)?,
        steps: chart::steps(&steps, lang)?,
        grounds: chart::grounds(&grounds, lang)?,
    };
    Ok(Report {
        scope,
        provider: provider.to_owned(),
        from: p.from,
        to: p.to,
        service: q.service.clone(),
        request_type: q.request_type,
        counts,
        channels,
        grounds,
        weeks,
        steps,
        services,
        predicted,
        survey,
        charts,
    })
}

fn count(n: i64) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// The local day of a date, as days since 1970-01-01.
fn day(d: Date) -> i64 {
    i64::from(d.days_since_epoch())
}

/// What happened in the period, (channel, event, grounds, how many): from
/// the daily summary, or an own report from the person's facts.
async fn events(
    db: &crate::db::Db,
    filter: &Filter<'_>,
    p: &Period,
) -> Result<Vec<(String, String, String, i64)>, AppError> {
    if filter.person.is_none() {
        return Ok(store::day_events(db, filter, (day(p.from), day(p.to))).await?);
    }
    let mut out: Vec<_> = store::received_by_channel(db, filter)
        .await?
        .into_iter()
        .map(|(channel, n)| (channel, "received".to_owned(), String::new(), n))
        .collect();
    for (outcome, grounds, n) in store::ended_by_outcome(db, filter).await? {
        out.push((String::new(), outcome, grounds.unwrap_or_default(), n));
    }
    Ok(out)
}

/// The counts, the channels and the grounds of the period.
async fn counts(
    db: &crate::db::Db,
    filter: &Filter<'_>,
    p: &Period,
) -> Result<(Counts, Vec<ChannelCount>, Vec<GroundCount>), AppError> {
    let mut counts = Counts::default();
    let mut channels: BTreeMap<u8, ChannelCount> = BTreeMap::new();
    let mut grounds: BTreeMap<u8, (RefusalGround, u32)> = BTreeMap::new();
    for (channel, event, listed, n) in events(db, filter, p).await? {
        let n = count(n);
        match event.as_str() {
            "received" => {
                counts.received += n;
                let channel: Channel = from_text(&channel)?;
                channels
                    .entry(channel as u8)
                    .or_insert(ChannelCount { channel, received: 0 })
                    .received += n;
            }
            "issued" => counts.issued += n,
            "refused" => {
                counts.refused += n;
                for code in listed.split(',').filter(|c| !c.is_empty()) {
                    let ground: RefusalGround = from_text(code)?;
                    grounds.entry(ground as u8).or_insert((ground, 0)).1 += n;
                }
            }
            "withdrawn" => counts.withdrawn += n,
            _ => {}
        }
    }
    counts.decided = counts.issued + counts.refused;
    let grounds = grounds
        .into_values()
        .map(|(ground, refused)| GroundCount { ground, refused })
        .collect();
    Ok((counts, channels.into_values().collect(), grounds))
}

/// Every week of the period, Monday first, with its counts (zero too).
async fn weeks(db: &crate::db::Db, filter: &Filter<'_>, p: &Period) -> Result<Vec<WeekCount>, AppError> {
    let mut received: HashMap<i64, i64> = HashMap::new();
    let mut decided: HashMap<i64, i64> = HashMap::new();
    if filter.person.is_none() {
        for (week, event, n) in store::week_events(db, filter, (day(p.from), day(p.to))).await? {
            match event.as_str() {
                "received" => *received.entry(week).or_default() += n,
                "issued" | "refused" => *decided.entry(week).or_default() += n,
                _ => {}
            }
        }
    } else {
        received = store::per_week(db, filter, false).await?.into_iter().collect();
        decided = store::per_week(db, filter, true).await?.into_iter().collect();
    }
    // Week w began on the local day 7w - 3 (the Monday 1969-12-29 is week 0).
    let week_of = |d: Date| (day(d) + 3).div_euclid(7);
    let mut out = Vec::new();
    for w in week_of(p.from)..=week_of(p.to) {
        let monday = Date::from_days_since_epoch(i32::try_from(w * 7 - 3).unwrap_or_default());
        out.push(WeekCount {
            monday,
            received: count(received.get(&w).copied().unwrap_or(0)),
            decided: count(decided.get(&w).copied().unwrap_or(0)),
        });
    }
    Ok(out)
}

fn month_code(d: Date) -> String {
    let (y, m, _) = d.ymd();
    format!("{y:04}-{m:02}")
}

/// The first and last of some months, `YYYY-MM`.
type Months = (String, String);

/// The months wholly inside a period (the first and the last, `YYYY-MM`),
/// which the monthly summaries answer, and the stretches of the period
/// outside them (instants, from and until), which the facts answer.
fn split(p: &Period) -> (Option<Months>, Vec<(i64, i64)>) {
    let (fy, fm, fd) = p.from.ymd();
    let first = if fd == 1 {
        Some(p.from)
    } else if fm == 12 {
        Date::from_ymd(fy + 1, 1, 1)
    } else {
        Date::from_ymd(fy, fm + 1, 1)
    };
    let after_to = p.to.add_days(1);
    let (ay, am, ad) = after_to.ymd();
    // The first day after the last whole month.
    let end = if ad == 1 {
        Some(after_to)
    } else {
        Date::from_ymd(ay, am, 1)
    };
    match (first, end) {
        (Some(first), Some(end)) if first < end => {
            let last = end.add_days(-1);
            let start = Timestamp::from_local(first, 0, 0).unix();
            let stop = Timestamp::from_local(end, 0, 0).unix();
            let edges = [(p.since, start), (stop, p.until)]
                .into_iter()
                .filter(|(a, b)| a < b)
                .collect();
            (Some((month_code(first), month_code(last))), edges)
        }
        _ => (None, vec![(p.since, p.until)]),
    }
}

/// The steps' histogram of the period: whole months from the summary, the
/// rest (and an own report) from the facts, in the same buckets.
async fn step_histogram(
    db: &crate::db::Db,
    filter: &Filter<'_>,
    months: Option<&Months>,
    edges: &[(i64, i64)],
) -> Result<Vec<store::StepBucket>, AppError> {
    let mut out = Vec::new();
    let raw: Vec<(i64, i64)> = match (filter.person, months) {
        (None, Some((first, last))) => {
            out = store::step_months(db, filter, (first, last)).await?;
            edges.to_vec()
        }
        _ => vec![(filter.from, filter.until)],
    };
    for (from, until) in raw {
        let part = Filter {
            from,
            until,
            ..filter.clone()
        };
        out.extend(store::step_histogram(db, &part).await?.into_iter().map(|mut b| {
            b.worked = shared::reports::bucket(b.worked);
            b
        }));
    }
    Ok(out)
}

/// The whole services' histogram of the period, likewise.
async fn service_histogram(
    db: &crate::db::Db,
    filter: &Filter<'_>,
    months: Option<&Months>,
    edges: &[(i64, i64)],
) -> Result<Vec<store::ServiceBucket>, AppError> {
    let mut out = Vec::new();
    let raw: Vec<(i64, i64)> = match (filter.person, months) {
        (None, Some((first, last))) => {
            out = store::service_months(db, filter, (first, last)).await?;
            edges.to_vec()
        }
        _ => vec![(filter.from, filter.until)],
    };
    for (from, until) in raw {
        let part = Filter {
            from,
            until,
            ..filter.clone()
        };
        out.extend(store::service_histogram(db, &part).await?.into_iter().map(|mut b| {
            b.worked = shared::reports::bucket(b.worked);
            b
        }));
    }
    Ok(out)
}

/// The steps' figures, in each chain's order.
fn step_times(histogram: Vec<store::StepBucket>) -> Result<Vec<StepTimes>, AppError> {
    type Key = (String, String, String, String, i64);
    let mut buckets: BTreeMap<Key, Vec<shared::reports::Bucket>> = BTreeMap::new();
    for b in histogram {
        buckets
            .entry((b.service, b.request_type, b.step_id, b.role, b.step_limit))
            .or_default()
            .push((b.worked, count(b.n), count(b.met)));
    }
    let mut out = Vec::new();
    for ((service, request, step_id, role, limit), h) in buckets {
        let request_type: RequestType = from_text(&request)?;
        out.push(StepTimes {
            role: from_text(&role)?,
            figures: Figures::of(&h, limit),
            service,
            request_type,
            step_id,
        });
    }
    let index = |s: &StepTimes| {
        catalog()
            .service(&s.service)
            .and_then(|svc| {
                svc.chain(s.request_type)
                    .steps
                    .iter()
                    .position(|(step, _)| step.id == s.step_id)
            })
            .unwrap_or(usize::MAX)
    };
    out.sort_by(|a, b| {
        (&a.service, a.request_type, index(a), a.figures.limit).cmp(&(
            &b.service,
            b.request_type,
            index(b),
            b.figures.limit,
        ))
    });
    Ok(out)
}

/// The whole services' figures.
fn service_times(buckets: Vec<store::ServiceBucket>) -> Result<Vec<ServiceTimes>, AppError> {
    type Key = (String, String, String, i64);
    let mut grouped: BTreeMap<Key, Vec<shared::reports::Bucket>> = BTreeMap::new();
    for b in buckets {
        grouped
            .entry((b.provider, b.service, b.request_type, b.total_limit))
            .or_default()
            .push((b.worked, count(b.n), count(b.met)));
    }
    grouped
        .into_iter()
        .map(|((_, service, request, limit), h)| {
            Ok(ServiceTimes {
                service,
                request_type: from_text(&request)?,
                figures: Figures::of(&h, limit),
            })
        })
        .collect()
}

/// Whose queue an open case is in: the person named, or the role's pool.
fn owner_key(assignee: Option<&str>, role: Option<&str>) -> String {
    match assignee {
        Some(a) => format!("person:{a}"),
        None => format!("role:{}", role.unwrap_or_default()),
    }
}

/// The open cases that will miss their step's deadline at the current
/// pace: among the soonest deadlines ([`PREDICTION_WINDOW`]), each case
/// needs (cases ahead of it in its owner's queue + 1) × the owner's median
/// at its step over the last [`PACE_DAYS`] days (the provider's median at
/// the step over those days' months when the owner has none, or for a
/// role's pool); predicted when that is more than the working time left.
async fn predict(state: &AppState, filter: &Filter<'_>, now: Timestamp) -> Result<Vec<Prediction>, AppError> {
    let open = store::open_cases(&state.db, filter, now.unix(), PREDICTION_WINDOW).await?;
    if open.is_empty() {
        return Ok(Vec::new());
    }
    // The queue ahead starts with each owner's overdue cases: a person's
    // own, or for a role's pool every overdue case at that role.
    let mut people: Vec<String> = open.iter().filter_map(|c| c.assignee.clone()).collect();
    people.sort();
    people.dedup();
    let mut roles: Vec<String> = open
        .iter()
        .filter(|c| c.assignee.is_none())
        .filter_map(|c| c.step_role.clone())
        .collect();
    roles.sort();
    roles.dedup();
    let mut ahead: HashMap<String, u32> = HashMap::new();
    for (person, n) in store::overdue_of_people(&state.db, &people, now.unix()).await? {
        ahead.insert(owner_key(Some(&person), None), count(n));
    }
    for (role, n) in store::overdue_at_roles(&state.db, filter.provider, &roles, now.unix()).await? {
        ahead.insert(owner_key(None, Some(&role)), count(n));
    }
    // Paces: each person's own median per step over the last days, and
    // the provider's from the months they fall in.
    let since = now.unix() - PACE_DAYS * 86_400;
    let mut person: HashMap<(String, String), Vec<shared::reports::Bucket>> = HashMap::new();
    for (actor, step, worked, n) in store::paces_of_people(&state.db, &people, since).await? {
        person.entry((actor, step)).or_default().push((worked, count(n), 0));
    }
    let mut everyone: HashMap<String, Vec<shared::reports::Bucket>> = HashMap::new();
    let first_month = month_code(Timestamp::from_unix(since).local_date());
    for (step, worked, n) in store::provider_paces(&state.db, filter.provider, &first_month).await? {
        everyone.entry(step).or_default().push((worked, count(n), 0));
    }
    let median = |h: &Vec<shared::reports::Bucket>| Figures::of(h, 0).p50;
    let names: HashMap<String, String> = crate::staff::members(&state.db, filter.provider)
        .await?
        .into_iter()
        .map(|s| (s.id, s.name))
        .collect();
    let calendar = Calendar::of_provider(filter.provider);
    let mut out = Vec::new();
    for c in open {
        let (Some(step_id), Some(role)) = (c.step_id.as_deref(), c.step_role.as_deref()) else {
            continue;
        };
        let key = owner_key(c.assignee.as_deref(), Some(role));
        let position = ahead.entry(key).or_default();
        let before = *position;
        *position += 1;
        let pace = c
            .assignee
            .as_ref()
            .and_then(|a| person.get(&(a.clone(), step_id.to_owned())))
            .or_else(|| everyone.get(step_id))
            .map(median);
        let Some(pace) = pace.filter(|p| *p > 0) else {
            continue;
        };
        let needs = i64::from(before + 1) * pace;
        let left = calendar
            .remaining(now, Timestamp::from_unix(c.step_due_at))
            .map_err(|e| AppError::Internal(format!("the calendar: {e}")))?;
        if needs > left {
            out.push(Prediction {
                application_id: c.id,
                number: c.number.unwrap_or_default(),
                service: c.service,
                step_id: step_id.to_owned(),
                role: from_text(role)?,
                owner: c
                    .assignee
                    .as_ref()
                    .map(|a| names.get(a).cloned().unwrap_or_else(|| a.clone())),
                ahead: before,
                pace,
                needs,
                left,
                due_at: c.step_due_at,
            });
        }
    }
    out.sort_by_key(|p| (p.left, p.due_at));
    Ok(out)
}
