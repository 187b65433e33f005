//! The SQL of the reports' facts, written inside the moves' transactions.

use crate::db::Db;

type Tx<'t> = sqlx::Transaction<'t, sqlx::Any>;

/// A sent application becomes a fact: received now, by its channel.
pub async fn received(tx: &mut Tx<'_>, id: &str, provider: &str, at: i64, day: i64) -> Result<(), sqlx::Error> {
    let done = sqlx::query(
        "INSERT INTO case_facts (application_id, provider, service, request_type, channel, received_at) \
         SELECT id, $2, service, request_type, channel, $3 FROM applications WHERE id = $1 \
         ON CONFLICT (application_id) DO NOTHING",
    )
    .bind(id)
    .bind(provider)
    .bind(at)
    .execute(&mut **tx)
    .await?;
    if done.rows_affected() > 0 {
        count_day(tx, id, day, "received", "").await?;
    }
    Ok(())
}

/// Counts a case's event on a local day in the summary.
async fn count_day(tx: &mut Tx<'_>, id: &str, day: i64, event: &str, grounds: &str) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO case_days (provider, day, service, request_type, channel, event, grounds, n) \
         SELECT provider, $2, service, request_type, channel, $3, $4, 1 FROM case_facts WHERE application_id = $1 \
         ON CONFLICT (provider, day, service, request_type, channel, event, grounds) \
         DO UPDATE SET n = case_days.n + 1",
    )
    .bind(id)
    .bind(day)
    .bind(event)
    .bind(grounds)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// An application withdrawn by the applicant (before it was sent).
pub async fn withdrawn(
    db: &Db,
    id: &str,
    provider: &str,
    (at, day): (i64, i64),
    month: &str,
) -> Result<(), sqlx::Error> {
    let mut tx = db.pool.begin().await?;
    let done = sqlx::query(
        "INSERT INTO case_facts (application_id, provider, service, request_type, channel, received_at, \
         decided_at, decided_month, outcome) \
         SELECT id, $2, service, request_type, channel, $3, $3, $4, 'withdrawn' FROM applications WHERE id = $1 \
         ON CONFLICT (application_id) DO NOTHING",
    )
    .bind(id)
    .bind(provider)
    .bind(at)
    .bind(month)
    .execute(&mut *tx)
    .await?;
    if done.rows_affected() > 0 {
        count_day(&mut tx, id, day, "withdrawn", "").await?;
    }
    tx.commit().await
}

/// A step a case has left.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StepRow<'a> {
    pub application_id: &'a str,
    pub provider: &'a str,
    pub service: &'a str,
    pub request_type: &'a str,
    pub step_id: &'a str,
    pub role: &'a str,
    pub actor_id: &'a str,
    pub started_at: i64,
    pub ended_at: i64,
    pub worked: i64,
    pub limit: i64,
    pub met: bool,
    /// The local month it ended, `YYYY-MM`.
    pub month: &'a str,
}

/// Records a step a case has left, and counts it in its month's histogram.
pub async fn step_ended(tx: &mut Tx<'_>, s: &StepRow<'_>) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO step_times (application_id, provider, service, request_type, step_id, role, actor_id, \
         started_at, ended_at, worked, step_limit, met) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) \
         ON CONFLICT (application_id, started_at, step_id) DO NOTHING",
    )
    .bind(s.application_id)
    .bind(s.provider)
    .bind(s.service)
    .bind(s.request_type)
    .bind(s.step_id)
    .bind(s.role)
    .bind(s.actor_id)
    .bind(s.started_at)
    .bind(s.ended_at)
    .bind(s.worked)
    .bind(s.limit)
    .bind(i64::from(s.met))
    .execute(&mut **tx)
    .await?;
    sqlx::query(
        "INSERT INTO step_months (provider, month, service, request_type, step_id, role, step_limit, worked, n, met) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 1, $9) \
         ON CONFLICT (provider, month, service, request_type, step_id, role, step_limit, worked) \
         DO UPDATE SET n = step_months.n + 1, met = step_months.met + excluded.met",
    )
    .bind(s.provider)
    .bind(s.month)
    .bind(s.service)
    .bind(s.request_type)
    .bind(s.step_id)
    .bind(s.role)
    .bind(s.limit)
    .bind(shared::reports::bucket(s.worked))
    .bind(i64::from(s.met))
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// When a case was received, and its decision as drafted (the outcome's
/// JSON and who drafted it), if any.
pub async fn receipt_and_decision(
    tx: &mut Tx<'_>,
    id: &str,
) -> Result<(Option<i64>, Option<(String, String)>), sqlx::Error> {
    let received: Option<(i64,)> = sqlx::query_as("SELECT received_at FROM case_facts WHERE application_id = $1")
        .bind(id)
        .fetch_optional(&mut **tx)
        .await?;
    let decision: Option<(String, String)> =
        sqlx::query_as("SELECT outcome, drafted_by FROM decisions WHERE application_id = $1")
            .bind(id)
            .fetch_optional(&mut **tx)
            .await?;
    Ok((received.map(|(r,)| r), decision))
}

/// How a case ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Decided<'a> {
    pub id: &'a str,
    pub at: i64,
    pub month: &'a str,
    pub outcome: &'a str,
    pub grounds: Option<&'a str>,
    pub executor: Option<&'a str>,
    pub worked: i64,
    pub total_limit: Option<i64>,
    pub met: Option<bool>,
    /// The local day it ended.
    pub day: i64,
}

/// Records how a case ended, and counts it in the day's and the month's
/// summaries.
pub async fn decided(tx: &mut Tx<'_>, d: &Decided<'_>) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE case_facts SET decided_at = $2, decided_month = $3, outcome = $4, grounds = $5, executor = $6, \
         worked = $7, total_limit = $8, met = $9 WHERE application_id = $1",
    )
    .bind(d.id)
    .bind(d.at)
    .bind(d.month)
    .bind(d.outcome)
    .bind(d.grounds)
    .bind(d.executor)
    .bind(d.worked)
    .bind(d.total_limit)
    .bind(d.met.map(i64::from))
    .execute(&mut **tx)
    .await?;
    count_day(tx, d.id, d.day, d.outcome, d.grounds.unwrap_or_default()).await?;
    if let (Some(limit), Some(met)) = (d.total_limit, d.met) {
        sqlx::query(
            "INSERT INTO service_months (provider, month, service, request_type, total_limit, worked, n, met) \
             SELECT provider, $2, service, request_type, $3, $4, 1, $5 FROM case_facts WHERE application_id = $1 \
             ON CONFLICT (provider, month, service, request_type, total_limit, worked) \
             DO UPDATE SET n = service_months.n + 1, met = service_months.met + excluded.met",
        )
        .bind(d.id)
        .bind(d.month)
        .bind(limit)
        .bind(shared::reports::bucket(d.worked))
        .bind(i64::from(met))
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

/// Makes the summaries anew from the facts (after facts were loaded in
/// bulk, or to repair them).
pub async fn rebuild(db: &Db) -> Result<(), sqlx::Error> {
    let month = |column: &str| match db.engine {
        crate::db::Engine::Postgres => {
            format!("to_char(to_timestamp({column} + 18000) AT TIME ZONE 'UTC', 'YYYY-MM')")
        }
        crate::db::Engine::Sqlite => format!("strftime('%Y-%m', {column} + 18000, 'unixepoch')"),
    };
    let day = |column: &str| format!("({column} + {}) / 86400", shared::calendar::ALMATY_UTC_OFFSET_SECS);
    let worked = shared::reports::bucket_sql("worked");
    let statements = [
        "DELETE FROM case_days".to_owned(),
        "DELETE FROM step_months".to_owned(),
        "DELETE FROM service_months".to_owned(),
        format!(
            "INSERT INTO case_days (provider, day, service, request_type, channel, event, grounds, n) \
             SELECT provider, {}, service, request_type, channel, 'received', '', COUNT(*) FROM case_facts \
             WHERE outcome IS NULL OR outcome <> 'withdrawn' GROUP BY 1, 2, 3, 4, 5",
            day("received_at")
        ),
        format!(
            "INSERT INTO case_days (provider, day, service, request_type, channel, event, grounds, n) \
             SELECT provider, {}, service, request_type, channel, outcome, COALESCE(grounds, ''), COUNT(*) \
             FROM case_facts WHERE outcome IS NOT NULL GROUP BY 1, 2, 3, 4, 5, 6, 7",
            day("decided_at")
        ),
        format!(
            "INSERT INTO step_months (provider, month, service, request_type, step_id, role, step_limit, worked, n, met) \
             SELECT provider, {}, service, request_type, step_id, role, step_limit, {worked}, COUNT(*), SUM(met) \
             FROM step_times GROUP BY 1, 2, 3, 4, 5, 6, 7, 8",
            month("ended_at")
        ),
        format!(
            "INSERT INTO service_months (provider, month, service, request_type, total_limit, worked, n, met) \
             SELECT provider, decided_month, service, request_type, total_limit, {worked}, COUNT(*), SUM(met) \
             FROM case_facts WHERE outcome IN ('issued', 'refused') AND worked IS NOT NULL \
             AND total_limit IS NOT NULL GROUP BY 1, 2, 3, 4, 5, 6"
        ),
    ];
    let mut tx = db.pool.begin().await?;
    for sql in statements {
        // Column names and numbers only.
        sqlx::query(sqlx::AssertSqlSafe(sql)).execute(&mut *tx).await?;
    }
    tx.commit().await
}

/// The sent applications that have no facts (sent before the facts were
/// kept), with what a case row says of them: (id, provider, service,
/// request type, channel).
pub async fn without_facts(db: &Db) -> Result<Vec<(String, String, String, String, String)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT a.id, a.provider, a.service, a.request_type, a.channel FROM applications a \
         WHERE a.provider IS NOT NULL AND a.registered_at IS NOT NULL \
         AND NOT EXISTS (SELECT 1 FROM case_facts f WHERE f.application_id = a.id) ORDER BY a.id",
    )
    .fetch_all(&db.pool)
    .await
}

/// One entry of a case's audit log, as the facts are rebuilt from it.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct Logged {
    pub at: i64,
    pub actor_id: String,
    pub action: String,
    pub status_before: String,
    pub status_after: String,
    pub step_id: Option<String>,
    pub step_due_at: Option<i64>,
}

/// A case's audit log, in order.
pub async fn logged(tx: &mut Tx<'_>, id: &str) -> Result<Vec<Logged>, sqlx::Error> {
    sqlx::query_as(
        "SELECT at, actor_id, action, status_before, status_after, step_id, step_due_at FROM audit_log \
         WHERE application_id = $1 ORDER BY seq",
    )
    .bind(id)
    .fetch_all(&mut **tx)
    .await
}
