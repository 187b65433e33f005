//! The yearly reference data on the server.
//!
//! - **The MRP index** that turns fees in MRP into tenge: the product's data
//!   file (`shared/data/mrp.toml`) gives the years the law had set when it
//!   was built; later years are entered by an administrator with their legal
//!   source once the budget law is signed, never by a code change. A payment
//!   year without an index is refused with its own problem
//!   ([`AppError::FeeNotPublished`]), never a server error.
//! - **The working-time calendar**'s years as they were when deadlines were
//!   computed: a year without a data file follows the law's rule and is
//!   provisional; when its file arrives (or changes) the server sees a new
//!   digest at start and recomputes the open cases' deadlines reaching into
//!   it ([`reconcile_calendar`]).
//! - **How far both reach** ([`horizon`]), for `/api/health`, the start-up
//!   log and the operator's `ruqsat-admin data-horizon`.

mod routes;
pub mod store;

use std::collections::BTreeSet;

use shared::calendar::{Calendar, FIRST_YEAR, Timestamp};
use shared::catalog::RequestType;
use shared::date::Date;
use shared::horizon::DataHorizon;
use shared::money::{FeeRule, Tenge, mrp_published};
use shared::workflow::ApplicationStatus;

use crate::AppError;
use crate::db::Db;

pub use routes::router;

/// The index of a year: the data file's, else the latest an administrator set.
pub async fn mrp_index(db: &Db, year: i32) -> Result<Option<Tenge>, AppError> {
    if let Ok(index) = shared::money::mrp_index(year) {
        return Ok(Some(index));
    }
    Ok(store::current(db, year).await?.map(|m| Tenge::from_tiyn(m.tiyn)))
}

/// A fee in tenge at the index of its payment year; refused with
/// [`AppError::FeeNotPublished`] when that year has no index yet.
pub async fn fee(db: &Db, rule: FeeRule, request: RequestType, year: i32) -> Result<Tenge, AppError> {
    mrp_index(db, year)
        .await?
        .map(|index| rule.fee_at_index(request, index))
        .ok_or(AppError::FeeNotPublished(year))
}

/// Every year with an index, from the data file and the server.
pub async fn mrp_years(db: &Db) -> Result<BTreeSet<i32>, AppError> {
    let mut years: BTreeSet<i32> = mrp_published().map(|(y, _)| y).collect();
    years.extend(store::all(db).await?.into_iter().map(|m| m.year));
    Ok(years)
}

/// How far the calendar and the MRP index reach, seen from `today`.
pub async fn horizon(db: &Db, today: Date) -> Result<DataHorizon, AppError> {
    Ok(DataHorizon::compute(today, Calendar::standard(), &mrp_years(db).await?))
}

/// Records what the calendar says of every year from its first to two
/// years past the last one with a file (or past now), and recomputes the
/// deadlines of open cases that reach into a year that changed since the
/// last start. Returns how many cases got new deadlines.
pub async fn reconcile_calendar(db: &Db, calendar: &Calendar, now: Timestamp) -> Result<usize, AppError> {
    let known = store::calendar_digests(db).await?;
    let last = calendar
        .data_horizon()
        .map_or(FIRST_YEAR, |d| d.year())
        .max(now.local_date().year())
        + 2;
    let mut changed = None;
    for year in FIRST_YEAR..=last {
        let digest = calendar.digest(year).map_err(|e| AppError::Internal(e.to_string()))?;
        if known.get(&year).is_some_and(|d| *d != digest) && changed.is_none() {
            changed = Some(year);
        }
        if known.get(&year) != Some(&digest) {
            let source = calendar.source(year).map_err(|e| AppError::Internal(e.to_string()))?;
            let source = serde_json::to_value(source).map_err(|e| AppError::Internal(e.to_string()))?;
            store::record_digest(db, year, source.as_str().unwrap_or_default(), &digest, now.unix()).await?;
        }
    }
    let Some(year) = changed else {
        return Ok(0);
    };
    let since = Date::from_ymd(year, 1, 1).map(|d| Timestamp::from_local(d, 0, 0).unix());
    let cases = store::due_since(db, since.unwrap_or_default()).await?;
    let mut recomputed = 0;
    for case in cases {
        if let Some(new) = recompute(calendar, &case)?
            && new != case
            && store::set_deadlines(db, &new).await?
        {
            recomputed += 1;
        }
    }
    tracing::info!(
        year,
        recomputed,
        "the calendar changed: open cases' deadlines recomputed"
    );
    Ok(recomputed)
}

/// A case's deadlines computed again with a calendar: the service's from its
/// registration through the whole chain, the current step's from when it
/// started. None for a case that is done.
fn recompute(calendar: &Calendar, case: &store::Deadlines) -> Result<Option<store::Deadlines>, AppError> {
    let decode = |e: serde_json::Error| AppError::Internal(format!("case {}: {e}", case.id));
    let status: ApplicationStatus = serde_json::from_str(&case.status).map_err(decode)?;
    if status.is_final() {
        return Ok(None);
    }
    let request_type: RequestType =
        serde_json::from_value(serde_json::Value::String(case.request_type.clone())).map_err(decode)?;
    let service = crate::applications::service_of(&case.service)?;
    let chain = service.chain(request_type);
    // The new holidays, counted in the provider's own office hours.
    let hours = Calendar::of_provider(&service.provider).office_hours();
    let calendar = &calendar
        .with_office_hours(hours)
        .ok_or_else(|| AppError::Internal(format!("{}: invalid office hours", service.provider)))?;
    let at = |secs: i64, f: &dyn Fn(Timestamp) -> Result<Timestamp, shared::calendar::CalendarError>| {
        f(Timestamp::from_unix(secs))
            .map(Timestamp::unix)
            .map_err(|e| AppError::Internal(e.to_string()))
    };
    let mut new = case.clone();
    if let Some(registered) = case.registered_at {
        new.due_at = Some(at(registered, &|t| chain.deadline(calendar, t))?);
    }
    if let (Some(started), Some(place)) = (case.step_started_at, crate::cases::place(&chain, status))
        && let Some((_, limit)) = chain.steps.get(place.index)
    {
        new.step_due_at = Some(at(started, &|t| calendar.deadline(t, *limit))?);
    }
    Ok(Some(new))
}

/// Says at start how far the data reaches, as a warning when it is near.
pub async fn report_at_start(db: &Db, today: Date) -> Result<(), AppError> {
    let h = horizon(db, today).await?;
    tracing::info!(
        calendar_until = ?h.calendar.until,
        calendar_provisional = ?h.calendar.provisional,
        mrp_until = %h.mrp.until,
        "yearly reference data"
    );
    for warning in &h.warnings {
        tracing::warn!("{warning}");
    }
    Ok(())
}
