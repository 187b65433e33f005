//! The reports' facts, written with the moves themselves and in their
//! transaction: a row per step a case leaves, with its working minutes
//! under the provider's office hours, its limit's and whether its deadline
//! held ([`step_left`]); a row per case, from its receipt ([`received`]) to
//! how it ended against the seed's total ([`case_ended`]), or its
//! withdrawal ([`withdrawn`]). `reports` reads them; this module sits below
//! `cases` and `submission`, which call it.

mod store;

use shared::calendar::{Calendar, Limit, Timestamp};
use shared::catalog::RequestType;
use shared::review::DecisionOutcome;
use shared::workflow::{Outcome, Role};

use crate::db::codec::text;
use crate::{AppError, AppState};

type Tx<'t> = sqlx::Transaction<'t, sqlx::Any>;

/// A sent application is received (inside the submission's transaction).
pub async fn received(tx: &mut Tx<'_>, id: &str, provider: &str, at: i64) -> Result<(), AppError> {
    let day = day_of(Timestamp::from_unix(at));
    Ok(store::received(tx, id, provider, at, day).await?)
}

pub use store::rebuild;

/// The local day of an instant, as days since 1970-01-01.
fn day_of(t: Timestamp) -> i64 {
    i64::from(t.local_date().days_since_epoch())
}

/// An application withdrawn by its applicant.
pub async fn withdrawn(state: &AppState, id: &str, service: &str) -> Result<(), AppError> {
    let provider = crate::applications::service_of(service)?.provider.clone();
    let now = state.clock.now();
    store::withdrawn(&state.db, id, &provider, (now.unix(), day_of(now)), &month_of(now)).await?;
    Ok(())
}

/// A step a case has just left, as the case knew it.
#[derive(Clone, Debug)]
pub struct StepLeft<'a> {
    /// The application.
    pub application_id: &'a str,
    /// The provider (whose office hours count).
    pub provider: &'a str,
    /// The service.
    pub service: &'a str,
    /// The request type.
    pub request_type: RequestType,
    /// The step's id.
    pub step_id: &'a str,
    /// Who acts at it.
    pub role: Role,
    /// Who finished it.
    pub actor_id: &'a str,
    /// When it started.
    pub started_at: i64,
    /// Its deadline.
    pub due_at: Option<i64>,
    /// Its limit.
    pub limit: Limit,
}

/// Records a step a case has left, now.
pub async fn step_left(tx: &mut Tx<'_>, s: &StepLeft<'_>, now: Timestamp) -> Result<(), AppError> {
    let calendar = Calendar::of_provider(s.provider);
    let worked = calendar
        .working_minutes_between(Timestamp::from_unix(s.started_at), now)
        .map_err(|e| AppError::Internal(format!("the calendar: {e}")))?;
    let request = text(&s.request_type)?;
    let role = text(&s.role)?;
    store::step_ended(
        tx,
        &store::StepRow {
            application_id: s.application_id,
            provider: s.provider,
            service: s.service,
            request_type: &request,
            step_id: s.step_id,
            role: &role,
            actor_id: s.actor_id,
            started_at: s.started_at,
            ended_at: now.unix(),
            worked,
            limit: s.limit.working_minutes(&calendar.office_hours()),
            met: s.due_at.is_none_or(|d| now.unix() <= d),
            month: &month_of(now),
        },
    )
    .await?;
    Ok(())
}

/// Records how a case ended (issued or refused), now: the whole service's
/// working time from receipt against the seed's total (a refusal against
/// the refusal's own total where the seed gives one; where the seed gives
/// no total, the sum of its chain's step limits, `chain_total`), the
/// grounds and who drafted the decision.
pub async fn case_ended(
    tx: &mut Tx<'_>,
    id: &str,
    (provider, service, request): (&str, &str, RequestType),
    (outcome, chain_total): (Outcome, Limit),
    now: Timestamp,
) -> Result<(), AppError> {
    let (received_at, decision) = store::receipt_and_decision(tx, id).await?;
    // A case sent before the facts were kept has none to complete.
    let Some(received_at) = received_at else {
        return Ok(());
    };
    let calendar = Calendar::of_provider(provider);
    let worked = calendar
        .working_minutes_between(Timestamp::from_unix(received_at), now)
        .map_err(|e| AppError::Internal(format!("the calendar: {e}")))?;
    let totals = &crate::applications::service_of(service)?.totals;
    let limit = match outcome {
        Outcome::Refuse(_) => totals.refusal.or(totals.get(request)),
        Outcome::Issue => totals.get(request),
    }
    .unwrap_or(chain_total);
    let met = calendar
        .deadline(Timestamp::from_unix(received_at), limit)
        .map_err(|e| AppError::Internal(format!("the calendar: {e}")))?
        .unix()
        >= now.unix();
    let grounds = match (&outcome, &decision) {
        (Outcome::Refuse(ground), Some((json, _))) => {
            let grounds = match serde_json::from_str::<DecisionOutcome>(json) {
                Ok(DecisionOutcome::Refuse { grounds, .. }) if !grounds.is_empty() => grounds,
                _ => vec![*ground],
            };
            Some(grounds.iter().map(text).collect::<Result<Vec<_>, _>>()?.join(","))
        }
        (Outcome::Refuse(ground), None) => Some(text(ground)?),
        (Outcome::Issue, _) => None,
    };
    let outcome_code = match outcome {
        Outcome::Issue => "issued",
        Outcome::Refuse(_) => "refused",
    };
    store::decided(
        tx,
        &store::Decided {
            id,
            at: now.unix(),
            month: &month_of(now),
            outcome: outcome_code,
            grounds: grounds.as_deref(),
            executor: decision.as_ref().map(|(_, by)| by.as_str()),
            worked,
            total_limit: Some(limit.working_minutes(&calendar.office_hours())),
            met: Some(met),
            day: day_of(now),
        },
    )
    .await?;
    Ok(())
}

fn month_of(t: Timestamp) -> String {
    let (y, m, _) = t.local_date().ymd();
    format!("{y:04}-{m:02}")
}

/// Writes the facts of the cases sent before they were kept, from their
/// audit logs: each entry that starts a step ends the one before it (by
/// that entry's actor), the `submit` entry is the receipt, and the entry
/// that makes a case final ends it. Returns how many cases it wrote.
pub async fn backfill(db: &crate::db::Db) -> Result<usize, AppError> {
    let cases = store::without_facts(db).await?;
    let mut written = 0;
    for (id, provider, service_code, request, channel) in cases {
        let request: RequestType = crate::db::codec::from_text(&request)?;
        let channel: shared::catalog::Channel = crate::db::codec::from_text(&channel)?;
        let service = crate::applications::service_of(&service_code)?;
        let chain = match channel {
            shared::catalog::Channel::ServiceCentre => service.chain(request).by_courier(),
            _ => service.chain(request),
        };
        let office = Calendar::of_provider(&provider).office_hours();
        let minutes: i64 = chain.steps.iter().map(|(_, l)| l.working_minutes(&office)).sum();
        let chain_total = Limit::Minutes(u32::try_from(minutes).unwrap_or(u32::MAX));
        let mut tx = db.pool.begin().await?;
        let log = store::logged(&mut tx, &id).await?;
        let Some(first) = log.iter().find(|e| e.action == "submit").or(log.first()) else {
            continue;
        };
        received(&mut tx, &id, &provider, first.at).await?;
        // The step the case is at: its id, start and deadline.
        let mut at_step: Option<(String, i64, Option<i64>)> = None;
        for e in &log {
            let after: shared::workflow::ApplicationStatus = serde_json::from_str(&e.status_after)
                .map_err(|err| AppError::Internal(format!("the audit log: {err}")))?;
            let ends = e.step_id.is_some() || after.is_final();
            if let Some((step_id, started_at, due_at)) = at_step.take_if(|_| ends)
                && let Some((step, limit)) = chain.steps.iter().find(|(s, _)| s.id == step_id)
            {
                let left = StepLeft {
                    application_id: &id,
                    provider: &provider,
                    service: &service_code,
                    request_type: request,
                    step_id: &step_id,
                    role: step.role,
                    actor_id: &e.actor_id,
                    started_at,
                    due_at,
                    limit: *limit,
                };
                step_left(&mut tx, &left, Timestamp::from_unix(e.at)).await?;
            }
            if let Some(step_id) = &e.step_id {
                at_step = Some((step_id.clone(), e.at, e.step_due_at));
            }
            if after.is_final() {
                let before: shared::workflow::ApplicationStatus = serde_json::from_str(&e.status_before)
                    .map_err(|err| AppError::Internal(format!("the audit log: {err}")))?;
                let outcome = match before {
                    shared::workflow::ApplicationStatus::Signed { outcome }
                    | shared::workflow::ApplicationStatus::DecisionDrafted { outcome, .. } => Some(outcome),
                    _ => None,
                };
                if let Some(outcome) = outcome {
                    let case = (provider.as_str(), service_code.as_str(), request);
                    case_ended(&mut tx, &id, case, (outcome, chain_total), Timestamp::from_unix(e.at)).await?;
                }
            }
        }
        tx.commit().await?;
        written += 1;
    }
    Ok(written)
}
