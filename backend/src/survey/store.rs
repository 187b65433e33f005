//! The SQL of the survey: a mark that an application's survey is answered,
//! and the answers with no link to it.

use shared::survey::{Satisfaction, SurveyRow};
use tracing::instrument;

use crate::db::Db;

/// Whether an application's survey is answered.
#[instrument(skip_all, err)]
pub async fn answered(db: &Db, application: &str) -> Result<bool, sqlx::Error> {
    let row: Option<(String,)> = sqlx::query_as("SELECT application_id FROM survey_done WHERE application_id = $1")
        .bind(application)
        .fetch_optional(&db.pool)
        .await?;
    Ok(row.is_some())
}

/// An answer to record.
pub struct Answer<'a> {
    /// The application answered for (marked, not kept with the answer).
    pub application: &'a str,
    /// Its service.
    pub service: &'a str,
    /// Its provider.
    pub provider: &'a str,
    /// The month answered, `YYYY-MM`.
    pub month: &'a str,
    /// Question 1.
    pub process: Satisfaction,
    /// Question 2.
    pub information: Satisfaction,
}

fn code(s: Satisfaction) -> &'static str {
    match s {
        Satisfaction::NotSatisfied => "not-satisfied",
        Satisfaction::Partly => "partly",
        Satisfaction::Satisfied => "satisfied",
    }
}

/// Marks the application answered and keeps the answer, in one
/// transaction; false when it was answered already.
#[instrument(skip_all, err)]
pub async fn record(db: &Db, a: &Answer<'_>) -> Result<bool, sqlx::Error> {
    let mut tx = db.pool.begin().await?;
    let marked = sqlx::query("INSERT INTO survey_done (application_id) VALUES ($1) ON CONFLICT DO NOTHING")
        .bind(a.application)
        .execute(&mut *tx)
        .await?
        .rows_affected();
    if marked == 0 {
        return Ok(false);
    }
    sqlx::query(
        "INSERT INTO survey_answers (service, provider, month, process, information) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(a.service)
    .bind(a.provider)
    .bind(a.month)
    .bind(code(a.process))
    .bind(code(a.information))
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(true)
}

/// The provider's answers per service over the months `from..=to`.
#[instrument(skip_all, err)]
pub async fn results(
    db: &Db,
    provider: &str,
    from: Option<&str>,
    to: Option<&str>,
) -> Result<Vec<SurveyRow>, sqlx::Error> {
    let rows: Vec<(String, String, String, i64)> = sqlx::query_as(
        "SELECT service, process, information, COUNT(*) FROM survey_answers \
         WHERE provider = $1 AND month >= $2 AND month <= $3 \
         GROUP BY service, process, information ORDER BY service",
    )
    .bind(provider)
    .bind(from.unwrap_or("0000-00"))
    .bind(to.unwrap_or("9999-99"))
    .fetch_all(&db.pool)
    .await?;
    let index = |c: &str| Satisfaction::ALL.iter().position(|s| code(*s) == c);
    let mut out: Vec<SurveyRow> = Vec::new();
    for (service, process, information, n) in rows {
        let n = u32::try_from(n).unwrap_or(u32::MAX);
        if out.last().is_none_or(|r| r.service != service) {
            out.push(SurveyRow {
                service: service.clone(),
                answered: 0,
                process: [0; 3],
                information: [0; 3],
            });
        }
        let Some(row) = out.last_mut() else { continue };
        row.answered += n;
        if let Some(i) = index(&process) {
            row.process[i] += n;
        }
        if let Some(i) = index(&information) {
            row.information[i] += n;
        }
    }
    Ok(out)
}
