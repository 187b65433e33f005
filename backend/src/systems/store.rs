//! The SQL of the sandboxes' keys: the authority's root and the gateway's
//! signing key, made once and kept in the database.

use crate::db::Db;

const ROOT_KEY: &str = "ca-root-key";
const ROOT_CERT: &str = "ca-root-certificate";

/// A sandbox key by name.
pub async fn sandbox_key(db: &Db, name: &str) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT value FROM sandbox_keys WHERE name = $1")
        .bind(name)
        .fetch_optional(&db.pool)
        .await
}

/// Stores sandbox keys, unless they are there already (another server won).
pub async fn save_sandbox_keys(db: &Db, keys: &[(&str, &str)], now: i64) -> Result<(), sqlx::Error> {
    let mut tx = db.pool.begin().await?;
    for (name, value) in keys {
        sqlx::query(
            "INSERT INTO sandbox_keys (name, value, created_at) VALUES ($1, $2, $3) ON CONFLICT (name) DO NOTHING",
        )
        .bind(*name)
        .bind(*value)
        .bind(now)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await
}

/// The root's key and certificate (base64), if created.
pub async fn load_root(db: &Db) -> Result<Option<(String, String)>, sqlx::Error> {
    Ok(sandbox_key(db, ROOT_KEY).await?.zip(sandbox_key(db, ROOT_CERT).await?))
}

/// Stores a new root, unless one is there already.
pub async fn save_root(db: &Db, key: &str, cert: &str, now: i64) -> Result<(), sqlx::Error> {
    save_sandbox_keys(db, &[(ROOT_KEY, key), (ROOT_CERT, cert)], now).await
}
