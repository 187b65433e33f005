//! The SQL of the jobs table.

use shared::api::JobView;
use tracing::instrument;

use crate::db::{Db, Engine};

/// A job claimed by an instance, to run.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct Claimed {
    /// Its id.
    pub id: String,
    /// What it does.
    pub kind: String,
    /// Its input (JSON).
    pub payload: String,
    /// Recurring: seconds between runs.
    pub every_secs: Option<i64>,
    /// Failures since it last succeeded, this attempt not counted.
    pub attempts: i64,
}

/// Adds a job unless one with its id is there (scheduling is idempotent: a
/// recurring job every instance schedules at start exists once).
#[instrument(skip_all, err)]
pub async fn add(
    db: &Db,
    (id, kind, payload): (&str, &str, &str),
    every_secs: Option<i64>,
    run_at: i64,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "INSERT INTO jobs (id, kind, payload, every_secs, run_at, runs, attempts, created_at) \
         VALUES ($1, $2, $3, $4, $5, 0, 0, $6) ON CONFLICT (id) DO NOTHING",
    )
    .bind(id)
    .bind(kind)
    .bind(payload)
    .bind(every_secs)
    .bind(run_at)
    .bind(now)
    .execute(&db.pool)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Makes a job due now, unless it already is.
#[instrument(skip_all, err)]
pub async fn due_now(db: &Db, id: &str, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE jobs SET run_at = $1 WHERE id = $2 AND run_at > $1 AND done_at IS NULL")
        .bind(now)
        .bind(id)
        .execute(&db.pool)
        .await?;
    Ok(())
}

/// Claims the most overdue job that is due and not held by a live claim,
/// for `lease` seconds. PostgreSQL skips rows another instance is claiming
/// at this moment instead of waiting for them; SQLite has one writer.
#[instrument(skip_all, err)]
pub async fn claim(db: &Db, instance: &str, now: i64, lease: i64) -> Result<Option<Claimed>, sqlx::Error> {
    let lock = match db.engine {
        Engine::Postgres => " FOR UPDATE SKIP LOCKED",
        Engine::Sqlite => "",
    };
    let sql = format!(
        "UPDATE jobs SET claimed_by = $1, claimed_until = $2 WHERE id = (SELECT id FROM jobs \
         WHERE done_at IS NULL AND run_at <= $3 AND (claimed_until IS NULL OR claimed_until < $3) \
         ORDER BY run_at, id LIMIT 1{lock}) \
         AND (claimed_until IS NULL OR claimed_until < $3) \
         RETURNING id, kind, payload, every_secs, attempts"
    );
    sqlx::query_as::<_, Claimed>(sqlx::AssertSqlSafe(sql))
        .bind(instance)
        .bind(now + lease)
        .bind(now)
        .fetch_optional(&db.pool)
        .await
}

/// Records a run that succeeded: a recurring job is due again after its
/// period, a one-off is done. Only the claim's holder may record it.
#[instrument(skip_all, err)]
pub async fn succeeded(db: &Db, job: &Claimed, instance: &str, now: i64) -> Result<bool, sqlx::Error> {
    let (next, done) = match job.every_secs {
        Some(every) => (now + every, None),
        None => (now, Some(now)),
    };
    let r = sqlx::query(
        "UPDATE jobs SET runs = runs + 1, attempts = 0, last_error = NULL, last_run_at = $1, run_at = $2, \
         done_at = $3, claimed_by = NULL, claimed_until = NULL WHERE id = $4 AND claimed_by = $5",
    )
    .bind(now)
    .bind(next)
    .bind(done)
    .bind(&job.id)
    .bind(instance)
    .execute(&db.pool)
    .await?;
    Ok(r.rows_affected() == 1)
}

/// Records a failure: the error kept, the job due again at `retry_at`.
#[instrument(skip_all, err)]
pub async fn failed(
    db: &Db,
    job: &Claimed,
    instance: &str,
    (error, retry_at): (&str, i64),
    now: i64,
) -> Result<bool, sqlx::Error> {
    let r = sqlx::query(
        "UPDATE jobs SET attempts = attempts + 1, last_error = $1, last_run_at = $2, run_at = $3, \
         claimed_by = NULL, claimed_until = NULL WHERE id = $4 AND claimed_by = $5",
    )
    .bind(error)
    .bind(now)
    .bind(retry_at)
    .bind(&job.id)
    .bind(instance)
    .execute(&db.pool)
    .await?;
    Ok(r.rows_affected() == 1)
}

/// Gives up an instance's claims (a graceful shutdown): its jobs are due
/// to the others at once.
#[instrument(skip_all, err)]
pub async fn release(db: &Db, instance: &str) -> Result<u64, sqlx::Error> {
    let r = sqlx::query("UPDATE jobs SET claimed_by = NULL, claimed_until = NULL WHERE claimed_by = $1")
        .bind(instance)
        .execute(&db.pool)
        .await?;
    Ok(r.rows_affected())
}

/// Every job, failing first, then by when it is due.
#[instrument(skip_all, err)]
pub async fn all(db: &Db) -> Result<Vec<JobView>, sqlx::Error> {
    let rows: Vec<JobRow> = sqlx::query_as(
        "SELECT id, kind, every_secs, run_at, runs, attempts, claimed_by, claimed_until, last_error, last_run_at, \
         done_at FROM jobs ORDER BY attempts DESC, done_at IS NOT NULL, run_at, id LIMIT 500",
    )
    .fetch_all(&db.pool)
    .await?;
    Ok(rows.into_iter().map(JobView::from).collect())
}

/// A job as the list reads it.
#[derive(sqlx::FromRow)]
struct JobRow {
    id: String,
    kind: String,
    every_secs: Option<i64>,
    run_at: i64,
    runs: i64,
    attempts: i64,
    claimed_by: Option<String>,
    claimed_until: Option<i64>,
    last_error: Option<String>,
    last_run_at: Option<i64>,
    done_at: Option<i64>,
}

impl From<JobRow> for JobView {
    fn from(r: JobRow) -> JobView {
        JobView {
            id: r.id,
            kind: r.kind,
            every_secs: r.every_secs,
            run_at: r.run_at,
            runs: r.runs,
            attempts: r.attempts,
            claimed_by: r.claimed_by,
            claimed_until: r.claimed_until,
            last_error: r.last_error,
            last_run_at: r.last_run_at,
            done_at: r.done_at,
        }
    }
}
