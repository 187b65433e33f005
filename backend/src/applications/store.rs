//! The SQL of applications.

use shared::api::{ApplicationSummary, CABINET_PAGE};
use shared::catalog::RequestType;
use shared::form::ApplicationForm;
use shared::page::Cursor;
use shared::workflow::ApplicationStatus;
use tracing::instrument;

use crate::db::Db;
use crate::db::codec::{Json, Text};

/// An application row, decoded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stored {
    /// Its id.
    pub id: String,
    /// The registration number.
    pub number: Option<String>,
    /// The service's code.
    pub service: String,
    /// What is asked for.
    pub request_type: RequestType,
    /// Where it is.
    pub status: ApplicationStatus,
    /// Save counter.
    pub version: i64,
    /// The content.
    pub form: ApplicationForm,
    /// Last saved.
    pub updated_at: i64,
    /// When due.
    pub due_at: Option<i64>,
}

pub(crate) fn encode<T: serde::Serialize>(v: &T) -> Result<String, sqlx::Error> {
    serde_json::to_string(v).map_err(|e| sqlx::Error::Encode(Box::new(e)))
}

/// An application as its row is read.
#[derive(sqlx::FromRow)]
struct StoredRow {
    id: String,
    number: Option<String>,
    service: String,
    request_type: Text<RequestType>,
    status: Json<ApplicationStatus>,
    version: i64,
    form: Json<ApplicationForm>,
    updated_at: i64,
    due_at: Option<i64>,
}

impl From<StoredRow> for Stored {
    fn from(r: StoredRow) -> Stored {
        Stored {
            id: r.id,
            number: r.number,
            service: r.service,
            request_type: r.request_type.0,
            status: r.status.0,
            version: r.version,
            form: r.form.0,
            updated_at: r.updated_at,
            due_at: r.due_at,
        }
    }
}

/// An application with its owner's id.
#[derive(sqlx::FromRow)]
struct OwnedRow {
    owner_id: String,
    #[sqlx(flatten)]
    stored: StoredRow,
}

const COLUMNS: &str = "id, number, service, request_type, status, version, form, updated_at, due_at";

/// Creates a draft.
#[instrument(skip_all, err)]
pub async fn insert<'e, E: sqlx::Executor<'e, Database = sqlx::Any>>(
    db: E,
    id: &str,
    owner: &str,
    form: &ApplicationForm,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO applications (id, owner_id, service, request_type, status, version, form, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, 1, $6, $7, $7)",
    )
    .bind(id)
    .bind(owner)
    .bind(&form.service)
    .bind(crate::db::codec::text(&form.request_type)?)
    .bind(encode(&ApplicationStatus::Draft)?)
    .bind(encode(form)?)
    .bind(now)
    .execute(db)
    .await?;
    Ok(())
}

/// How many of an owner's applications are not sent yet (drafts, awaiting
/// payment, paid).
#[instrument(skip_all, err)]
pub async fn unsent_count(db: &Db, owner: &str) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT COUNT(*) AS n FROM applications WHERE owner_id = $1 AND status IN ($2, $3, $4)")
        .bind(owner)
        .bind(encode(&ApplicationStatus::Draft)?)
        .bind(encode(&ApplicationStatus::AwaitingPayment)?)
        .bind(encode(&ApplicationStatus::Paid)?)
        .fetch_one(&db.pool)
        .await
}

/// One application of an owner.
#[instrument(skip_all, err)]
pub async fn get(db: &Db, owner: &str, id: &str) -> Result<Option<Stored>, sqlx::Error> {
    let sql = format!("SELECT {COLUMNS} FROM applications WHERE id = $1 AND owner_id = $2");
    let row = sqlx::query_as::<_, StoredRow>(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .bind(owner)
        .fetch_optional(&db.pool)
        .await?;
    Ok(row.map(Stored::from))
}

/// A page of an owner's applications, the latest changed first (ties by
/// id), after the cursor `updated_at:id`; optionally only those whose
/// number contains `number`. One more row than a page is read, to know of
/// a next one; the form itself is not read.
#[instrument(skip_all, err)]
pub async fn page(
    db: &Db,
    owner: &str,
    number: Option<&str>,
    after: Option<&Cursor>,
) -> Result<Vec<ApplicationSummary>, sqlx::Error> {
    let mut sql = "SELECT id, number, service, request_type, status, updated_at, due_at FROM applications \
                   WHERE owner_id = $1"
        .to_owned();
    let pattern = number.map(|n| format!("%{}%", n.to_uppercase().replace(['%', '_'], "")));
    if pattern.is_some() {
        sql.push_str(" AND UPPER(number) LIKE $2");
    }
    if after.is_some() {
        // A row-value comparison: the owner's index seeks to the cursor.
        let n = if pattern.is_some() { 3 } else { 2 };
        sql.push_str(&format!(" AND (updated_at, id) < (${n}, ${})", n + 1));
    }
    sql.push_str(&format!(
        " ORDER BY updated_at DESC, id DESC LIMIT {}",
        CABINET_PAGE + 1
    ));
    let mut query = sqlx::query_as::<_, SummaryRow>(sqlx::AssertSqlSafe(sql)).bind(owner);
    if let Some(p) = pattern {
        query = query.bind(p);
    }
    if let Some(c) = after {
        query = query.bind(c.at).bind(c.id.clone());
    }
    let rows = query.fetch_all(&db.pool).await?;
    Ok(rows.into_iter().map(ApplicationSummary::from).collect())
}

/// A line of "My applications" as its row is read.
#[derive(sqlx::FromRow)]
struct SummaryRow {
    id: String,
    number: Option<String>,
    service: String,
    request_type: Text<RequestType>,
    status: Json<ApplicationStatus>,
    updated_at: i64,
    due_at: Option<i64>,
}

impl From<SummaryRow> for ApplicationSummary {
    fn from(r: SummaryRow) -> ApplicationSummary {
        ApplicationSummary {
            id: r.id,
            number: r.number,
            service: r.service,
            request_type: r.request_type.0,
            status: r.status.0,
            updated_at: r.updated_at,
            due_at: r.due_at,
        }
    }
}

/// Saves new content if the stored version is still `version`; returns
/// whether it was saved.
#[instrument(skip_all, err)]
pub async fn save(
    db: &Db,
    owner: &str,
    id: &str,
    version: i64,
    form: &ApplicationForm,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE applications SET form = $1, version = version + 1, updated_at = $2 \
         WHERE id = $3 AND owner_id = $4 AND version = $5",
    )
    .bind(encode(form)?)
    .bind(now)
    .bind(id)
    .bind(owner)
    .bind(version)
    .execute(&db.pool)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Deletes an owner's application, unless a counter is filling it (its
/// open intake refers to it).
#[instrument(skip_all, err)]
pub async fn delete(db: &Db, owner: &str, id: &str) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "DELETE FROM applications WHERE id = $1 AND owner_id = $2 \
         AND NOT EXISTS (SELECT 1 FROM intakes WHERE intakes.application_id = applications.id)",
    )
    .bind(id)
    .bind(owner)
    .execute(&db.pool)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Whether a counter took the application (an intake refers to it).
#[instrument(skip_all, err)]
pub async fn at_counter(db: &Db, id: &str) -> Result<bool, sqlx::Error> {
    let row: Option<(String,)> = sqlx::query_as("SELECT id FROM intakes WHERE application_id = $1")
        .bind(id)
        .fetch_optional(&db.pool)
        .await?;
    Ok(row.is_some())
}

/// One application by id, whoever owns it, with its owner's id (for the
/// payment gateway's notification and the provider's staff).
#[instrument(skip_all, err)]
pub async fn get_any(db: &Db, id: &str) -> Result<Option<(String, Stored)>, sqlx::Error> {
    let sql = format!("SELECT owner_id, {COLUMNS} FROM applications WHERE id = $1");
    let row = sqlx::query_as::<_, OwnedRow>(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .fetch_optional(&db.pool)
        .await?;
    Ok(row.map(|r| (r.owner_id, r.stored.into())))
}

/// Moves an application from one status to another; false when it was no
/// longer in `from` (someone else moved it first).
#[instrument(skip_all, err)]
pub async fn set_status<'e, E: sqlx::Executor<'e, Database = sqlx::Any>>(
    ex: E,
    id: &str,
    from: ApplicationStatus,
    to: ApplicationStatus,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("UPDATE applications SET status = $1, updated_at = $2 WHERE id = $3 AND status = $4")
        .bind(encode(&to)?)
        .bind(now)
        .bind(id)
        .bind(encode(&from)?)
        .execute(ex)
        .await?;
    Ok(done.rows_affected() == 1)
}
