//! The SQL of the yearly reference data: the MRP indices administrators
//! set, the calendar digests deadlines were computed with, and the open
//! cases whose deadlines a changed year touches.

use std::collections::BTreeMap;

use crate::db::Db;

/// A year's index as an administrator set it (its latest revision).
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct StoredMrp {
    /// The year.
    #[sqlx(try_from = "i64")]
    pub year: i32,
    /// In tiyn.
    pub tiyn: i64,
    /// The law that sets it.
    pub source: String,
    /// Who set it.
    pub set_by_name: String,
    /// When.
    pub set_at: i64,
}

const LATEST: &str = "SELECT m.year, m.tiyn, m.source, m.set_by_name, m.set_at FROM mrp_indices m \
                      WHERE m.revision = (SELECT MAX(r.revision) FROM mrp_indices r WHERE r.year = m.year)";

/// The latest revision of a year, if any.
pub async fn current(db: &Db, year: i32) -> Result<Option<StoredMrp>, sqlx::Error> {
    let sql = format!("{LATEST} AND m.year = $1");
    sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(i64::from(year))
        .fetch_optional(&db.pool)
        .await
}

/// The latest revision of every year set, newest year first.
pub async fn all(db: &Db) -> Result<Vec<StoredMrp>, sqlx::Error> {
    let sql = format!("{LATEST} ORDER BY m.year DESC");
    sqlx::query_as(sqlx::AssertSqlSafe(sql)).fetch_all(&db.pool).await
}

/// Who sets a value, and when.
#[derive(Clone, Copy, Debug)]
pub struct Setter<'a> {
    /// The staff member's id.
    pub id: &'a str,
    /// Their name.
    pub name: &'a str,
    /// Unix seconds.
    pub at: i64,
}

/// Appends a new revision of a year's index; false when another revision
/// was written at the same moment (the caller may try again).
pub async fn append(db: &Db, year: i32, tiyn: i64, source: &str, by: Setter<'_>) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "INSERT INTO mrp_indices (year, revision, tiyn, source, set_by, set_by_name, set_at) \
         SELECT $1, COALESCE(MAX(revision), 0) + 1, $2, $3, $4, $5, $6 FROM mrp_indices WHERE year = $1",
    )
    .bind(i64::from(year))
    .bind(tiyn)
    .bind(source)
    .bind(by.id)
    .bind(by.name)
    .bind(by.at)
    .execute(&db.pool)
    .await;
    crate::db::inserted(done)
}

/// The calendar digests recorded so far, by year.
pub async fn calendar_digests(db: &Db) -> Result<BTreeMap<i32, String>, sqlx::Error> {
    let rows: Vec<(i64, String)> = sqlx::query_as("SELECT year, digest FROM calendar_years")
        .fetch_all(&db.pool)
        .await?;
    rows.into_iter()
        .map(|(year, digest)| {
            let year = i32::try_from(year).map_err(|e| sqlx::Error::Decode(Box::new(e)))?;
            Ok((year, digest))
        })
        .collect()
}

/// Records what the calendar says of a year.
pub async fn record_digest(db: &Db, year: i32, source: &str, digest: &str, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO calendar_years (year, source, digest, checked_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (year) DO UPDATE SET source = excluded.source, digest = excluded.digest, \
         checked_at = excluded.checked_at",
    )
    .bind(i64::from(year))
    .bind(source)
    .bind(digest)
    .bind(now)
    .execute(&db.pool)
    .await?;
    Ok(())
}

/// A sent application's deadlines, as stored.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct Deadlines {
    /// The application.
    pub id: String,
    /// Its service.
    pub service: String,
    /// Its request type, as stored.
    pub request_type: String,
    /// Its status, as stored (JSON).
    pub status: String,
    /// When it was registered.
    pub registered_at: Option<i64>,
    /// When the whole service is due.
    pub due_at: Option<i64>,
    /// When the current step started.
    pub step_started_at: Option<i64>,
    /// When it is due.
    pub step_due_at: Option<i64>,
    /// When the row last changed.
    pub updated_at: i64,
}

/// The sent applications with a deadline at or after `since`.
pub async fn due_since(db: &Db, since: i64) -> Result<Vec<Deadlines>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, service, request_type, status, registered_at, due_at, step_started_at, step_due_at, updated_at \
         FROM applications WHERE provider IS NOT NULL AND (due_at >= $1 OR step_due_at >= $1)",
    )
    .bind(since)
    .fetch_all(&db.pool)
    .await
}

/// Writes recomputed deadlines, unless the case has moved meanwhile.
pub async fn set_deadlines(db: &Db, d: &Deadlines) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("UPDATE applications SET due_at = $1, step_due_at = $2 WHERE id = $3 AND updated_at = $4")
        .bind(d.due_at)
        .bind(d.step_due_at)
        .bind(&d.id)
        .bind(d.updated_at)
        .execute(&db.pool)
        .await?;
    Ok(done.rows_affected() == 1)
}
