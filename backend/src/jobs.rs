//! Background jobs: one table and one runner for every scheduled or
//! deferred task, so that any number of instances share the work and each
//! job runs once. Each instance polls; a due job is claimed for a lease
//! (PostgreSQL: `FOR UPDATE SKIP LOCKED`, two instances never take the same
//! one; SQLite: the one writer), run, and its outcome recorded. A failure
//! is retried after a delay that doubles up to an hour, and its error stays
//! on the job, which the administrators see (`GET /api/staff/admin/jobs`).
//! A claim lapses when its lease ends, so a job whose instance died is
//! finished by another; a graceful shutdown gives its claims up at once.
//!
//! Jobs are idempotent: a recurring one does its whole task again each
//! time, a one-off's id carries its key so adding it twice adds it once.

mod store;

use std::sync::Arc;
use std::time::Duration;

use axum::extract::State;
use shared::api::JobView;

use crate::error::ApiJson;
use crate::operations::{Access, Api};
use crate::{AppError, AppState};

pub use store::Claimed;

/// How long a claim holds before another instance may take the job.
pub const LEASE_SECS: i64 = 600;

/// The longest wait before a failed job is tried again.
const MAX_BACKOFF_SECS: i64 = 3600;

/// What a job does (its names and words are the shared crate's).
pub use shared::api::JobKind as Kind;

/// The administrators' list of jobs.
pub fn router() -> Api {
    Api::new().get(
        "/staff/admin/jobs",
        Access::Admin,
        "the background jobs: when each is due, its runs and its last failure",
        list,
    )
}

async fn list(
    State(state): State<AppState>,
    _admin: crate::staff::AdminStaff,
) -> Result<ApiJson<Vec<JobView>>, AppError> {
    Ok(ApiJson(store::all(&state.db).await?))
}

/// Schedules a recurring job (once, whoever asks first): due at once, then
/// every `every`.
pub async fn schedule(state: &AppState, kind: Kind, every: Duration) -> Result<(), AppError> {
    let now = state.clock.now().unix();
    let every = i64::try_from(every.as_secs()).unwrap_or(i64::MAX).max(60);
    store::add(&state.db, (kind.name(), kind.name(), "{}"), Some(every), now, now).await?;
    Ok(())
}

/// Makes a recurring job due now (an instance starting with newer data).
pub async fn due_now(state: &AppState, kind: Kind) -> Result<(), AppError> {
    store::due_now(&state.db, kind.name(), state.clock.now().unix()).await?;
    Ok(())
}

/// Adds a one-off job, due at `run_at`; its `key` makes adding it twice add
/// it once. Whether it was added.
pub async fn enqueue(state: &AppState, kind: &str, key: &str, payload: &str, run_at: i64) -> Result<bool, AppError> {
    let id = format!("{kind}:{key}");
    Ok(store::add(&state.db, (&id, kind, payload), None, run_at, state.clock.now().unix()).await?)
}

/// What one poll did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Polled {
    /// Nothing was due.
    Idle,
    /// A job ran and succeeded.
    Ran(String),
    /// A job ran and failed; it is due again later.
    Failed(String, String),
}

/// Claims one due job for `instance`, for [`LEASE_SECS`].
pub async fn claim(state: &AppState, instance: &str) -> Result<Option<Claimed>, AppError> {
    let now = state.clock.now().unix();
    Ok(store::claim(&state.db, instance, now, LEASE_SECS).await?)
}

/// What a runner brings to the jobs besides the state: the audit anchor
/// of this instance (a directory that, with several instances, they share).
#[derive(Clone, Default)]
pub struct Context {
    /// Where checkpoints of the audit chain are written.
    pub anchor: Option<Arc<crate::audit::anchor::Anchor>>,
}

/// Claims one due job for `instance`, runs it and records its outcome.
pub async fn poll(state: &AppState, instance: &str) -> Result<Polled, AppError> {
    poll_with(state, &Context::default(), instance).await
}

/// [`poll`] with what this runner brings.
pub async fn poll_with(state: &AppState, context: &Context, instance: &str) -> Result<Polled, AppError> {
    let Some(job) = claim(state, instance).await? else {
        return Ok(Polled::Idle);
    };
    let outcome = run(state, context, &job).await;
    let now = state.clock.now().unix();
    match outcome {
        Ok(()) => {
            store::succeeded(&state.db, &job, instance, now).await?;
            Ok(Polled::Ran(job.id))
        }
        Err(e) => {
            let error = e.to_string();
            let retry_at = now + backoff(job.attempts + 1);
            store::failed(&state.db, &job, instance, (&error, retry_at), now).await?;
            tracing::error!(job = %job.id, attempts = job.attempts + 1, error = %error, "a background job failed");
            Ok(Polled::Failed(job.id, error))
        }
    }
}

/// The wait before the `n`-th try after failures: a minute, doubling, at
/// most an hour.
pub fn backoff(failures: i64) -> i64 {
    let doubled = 60_i64.saturating_mul(1_i64 << failures.clamp(1, 20).saturating_sub(1));
    doubled.min(MAX_BACKOFF_SECS)
}

async fn run(state: &AppState, context: &Context, job: &Claimed) -> Result<(), AppError> {
    match Kind::of(&job.kind) {
        Some(Kind::CollectFiles) => {
            const GRACE: Duration = Duration::from_secs(3600);
            let c = crate::attachments::collect::collect(&state.db, &state.files, GRACE).await?;
            if c.files > 0 {
                tracing::info!(files = c.files, bytes = c.bytes, "unreferenced files deleted");
            }
            Ok(())
        }
        Some(Kind::ReconcileCalendar) => {
            let calendar = shared::calendar::Calendar::standard();
            let n = crate::reference::reconcile_calendar(&state.db, calendar, state.clock.now()).await?;
            if n > 0 {
                tracing::info!(recomputed = n, "deadlines recomputed with the calendar's new data");
            }
            Ok(())
        }
        Some(Kind::AuditCheckpoint) => {
            let anchor = context
                .anchor
                .as_ref()
                .ok_or_else(|| AppError::Internal("this runner has no audit anchor".to_owned()))?;
            anchor
                .checkpoint(&state.db, state.clock.now().unix())
                .await
                .map_err(|e| AppError::Internal(format!("the audit checkpoint: {e}")))?;
            Ok(())
        }
        None => Err(AppError::Internal(format!("no runner knows the job kind {}", job.kind))),
    }
}

/// Gives up this instance's claims, so that the others take its jobs at
/// once (a graceful shutdown).
pub async fn release(state: &AppState, instance: &str) -> Result<u64, AppError> {
    Ok(store::release(&state.db, instance).await?)
}

/// Polls every `every` until `stop` says so, then gives this instance's
/// claims up. Returns when stopped.
pub async fn runner(
    state: AppState,
    context: Context,
    instance: Arc<str>,
    every: Duration,
    mut stop: tokio::sync::watch::Receiver<bool>,
) {
    let mut tick = tokio::time::interval(every);
    loop {
        tokio::select! {
            _ = tick.tick() => {}
            _ = stop.changed() => break,
        }
        // Run whatever is due before sleeping again.
        loop {
            match poll_with(&state, &context, &instance).await {
                Ok(Polled::Idle) => break,
                Ok(_) => {}
                Err(e) => {
                    tracing::error!(error = %e, "the job runner could not reach its table");
                    break;
                }
            }
            if *stop.borrow() {
                break;
            }
        }
    }
    match release(&state, &instance).await {
        Ok(n) if n > 0 => tracing::info!(released = n, "claims given up at shutdown"),
        Ok(_) => {}
        Err(e) => tracing::error!(error = %e, "claims could not be given up at shutdown"),
    }
}

/// This instance's name among the others: host and process.
pub fn instance_name() -> String {
    let host = std::env::var("HOSTNAME").unwrap_or_else(|_| "host".to_owned());
    format!("{host}:{}", std::process::id())
}

#[cfg(test)]
mod tests {
    use super::backoff;

    #[test]
    fn the_wait_doubles_from_a_minute_to_an_hour() {
        let waits: Vec<i64> = (1..=8).map(backoff).collect();
        assert_eq!(waits, [60, 120, 240, 480, 960, 1920, 3600, 3600]);
        assert_eq!(backoff(1000), 3600);
    }
}
