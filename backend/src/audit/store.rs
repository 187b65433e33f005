//! The SQL of the audit chain.

use tracing::instrument;

use super::{Entry, GENESIS};
use crate::db::Db;

type Tx<'t> = sqlx::Transaction<'t, sqlx::Any>;

/// Takes the next place in the chain: the head row is updated first, which
/// serialises appenders on both engines. Answers the new entry's sequence
/// and the hash it follows.
pub async fn take_head(tx: &mut Tx<'_>) -> Result<(i64, String), sqlx::Error> {
    sqlx::query("UPDATE audit_head SET seq = seq + 1 WHERE id = 1")
        .execute(&mut **tx)
        .await?;
    sqlx::query_as("SELECT seq, hash FROM audit_head WHERE id = 1")
        .fetch_one(&mut **tx)
        .await
}

/// Writes an entry.
pub async fn insert(tx: &mut Tx<'_>, entry: &Entry) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO audit_log (seq, application_id, actor_id, actor_name, role, at, action, status_before, \
         status_after, step_id, step_due_at, note, prev_hash, hash) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)",
    )
    .bind(entry.seq)
    .bind(&entry.application_id)
    .bind(&entry.actor_id)
    .bind(&entry.actor_name)
    .bind(&entry.role)
    .bind(entry.at)
    .bind(&entry.action)
    .bind(&entry.status_before)
    .bind(&entry.status_after)
    .bind(&entry.step_id)
    .bind(entry.step_due_at)
    .bind(&entry.note)
    .bind(&entry.prev_hash)
    .bind(&entry.hash)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The head's hash is the last entry's.
pub async fn set_head_hash(tx: &mut Tx<'_>, hash: &str) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE audit_head SET hash = $1 WHERE id = 1")
        .bind(hash)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

const COLUMNS: &str = "seq, application_id, actor_id, actor_name, role, at, action, status_before, status_after, \
                       step_id, step_due_at, note, prev_hash, hash";

/// A subject's entries, in order.
#[instrument(skip_all, err)]
pub async fn of_subject(db: &Db, application_id: &str) -> Result<Vec<Entry>, sqlx::Error> {
    let sql = format!("SELECT {COLUMNS} FROM audit_log WHERE application_id = $1 ORDER BY seq");
    sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(application_id)
        .fetch_all(&db.pool)
        .await
}

/// Up to `limit` entries after `seq`, in order.
#[instrument(skip_all, err)]
pub async fn page_after(db: &Db, seq: i64, limit: i64) -> Result<Vec<Entry>, sqlx::Error> {
    let sql = format!("SELECT {COLUMNS} FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT {limit}");
    sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(seq)
        .fetch_all(&db.pool)
        .await
}

/// The chain's head: its length and the hash of its last entry.
#[instrument(skip_all, err)]
pub async fn head(db: &Db) -> Result<(i64, String), sqlx::Error> {
    sqlx::query_as("SELECT seq, hash FROM audit_head WHERE id = 1")
        .fetch_one(&db.pool)
        .await
}

/// The hash of entry `seq` (the genesis hash for 0), or `None` when the
/// chain has no such entry.
pub async fn hash_at(db: &Db, seq: i64) -> Result<Option<String>, sqlx::Error> {
    if seq == 0 {
        return Ok(Some(GENESIS.to_owned()));
    }
    sqlx::query_scalar("SELECT hash FROM audit_log WHERE seq = $1")
        .bind(seq)
        .fetch_optional(&db.pool)
        .await
}
