//! The SQL of the audit chain.

use sqlx::Row;
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
    let head = sqlx::query("SELECT seq, hash FROM audit_head WHERE id = 1")
        .fetch_one(&mut **tx)
        .await?;
    Ok((head.try_get("seq")?, head.try_get("hash")?))
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

fn entry(r: &sqlx::any::AnyRow) -> Result<Entry, sqlx::Error> {
    Ok(Entry {
        seq: r.try_get("seq")?,
        application_id: r.try_get("application_id")?,
        actor_id: r.try_get("actor_id")?,
        actor_name: r.try_get("actor_name")?,
        role: r.try_get("role")?,
        at: r.try_get("at")?,
        action: r.try_get("action")?,
        status_before: r.try_get("status_before")?,
        status_after: r.try_get("status_after")?,
        step_id: r.try_get("step_id")?,
        step_due_at: r.try_get("step_due_at")?,
        note: r.try_get("note")?,
        prev_hash: r.try_get("prev_hash")?,
        hash: r.try_get("hash")?,
    })
}

/// A subject's entries, in order.
#[instrument(skip_all, err)]
pub async fn of_subject(db: &Db, application_id: &str) -> Result<Vec<Entry>, sqlx::Error> {
    let sql = format!("SELECT {COLUMNS} FROM audit_log WHERE application_id = $1 ORDER BY seq");
    sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(application_id)
        .fetch_all(&db.pool)
        .await?
        .iter()
        .map(entry)
        .collect()
}

/// Up to `limit` entries after `seq`, in order.
#[instrument(skip_all, err)]
pub async fn page_after(db: &Db, seq: i64, limit: i64) -> Result<Vec<Entry>, sqlx::Error> {
    let sql = format!("SELECT {COLUMNS} FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT {limit}");
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(seq)
        .fetch_all(&db.pool)
        .await?;
    rows.iter().map(entry).collect()
}

/// The chain's head: its length and the hash of its last entry.
#[instrument(skip_all, err)]
pub async fn head(db: &Db) -> Result<(i64, String), sqlx::Error> {
    let head = sqlx::query("SELECT seq, hash FROM audit_head WHERE id = 1")
        .fetch_one(&db.pool)
        .await?;
    Ok((head.try_get("seq")?, head.try_get("hash")?))
}

/// The hash of entry `seq` (the genesis hash for 0), or `None` when the
/// chain has no such entry.
pub async fn hash_at(db: &Db, seq: i64) -> Result<Option<String>, sqlx::Error> {
    if seq == 0 {
        return Ok(Some(GENESIS.to_owned()));
    }
    let row = sqlx::query("SELECT hash FROM audit_log WHERE seq = $1")
        .bind(seq)
        .fetch_optional(&db.pool)
        .await?;
    row.map(|r| r.try_get("hash")).transpose()
}
