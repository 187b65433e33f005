//! The SQL of the reports' facts, written inside the moves' transactions.

use crate::db::Db;

type Tx<'t> = sqlx::Transaction<'t, sqlx::Any>;

/// A sent application becomes a fact: received now, by its channel.
pub async fn received(tx: &mut Tx<'_>, id: &str, provider: &str, at: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO case_facts (application_id, provider, service, request_type, channel, received_at) \
         SELECT id, $2, service, request_type, channel, $3 FROM applications WHERE id = $1 \
         ON CONFLICT (application_id) DO NOTHING",
    )
    .bind(id)
    .bind(provider)
    .bind(at)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// An application withdrawn by the applicant (before it was sent).
pub async fn withdrawn(db: &Db, id: &str, provider: &str, at: i64, month: &str) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO case_facts (application_id, provider, service, request_type, channel, received_at, \
         decided_at, decided_month, outcome) \
         SELECT id, $2, service, request_type, channel, $3, $3, $4, 'withdrawn' FROM applications WHERE id = $1 \
         ON CONFLICT (application_id) DO NOTHING",
    )
    .bind(id)
    .bind(provider)
    .bind(at)
    .bind(month)
    .execute(&db.pool)
    .await?;
    Ok(())
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
}

/// Records a step a case has left.
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
}

/// Records how a case ended.
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
    Ok(())
}
