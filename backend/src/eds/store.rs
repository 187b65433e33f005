//! The SQL of issued certificates.

use crate::db::Db;

/// An issued certificate.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct Issued {
    /// Serial, hex.
    pub serial: String,
    /// The holder's account.
    pub account_id: String,
    /// The IIN or BIN digits.
    pub identifier: String,
    /// Common name.
    pub subject: String,
    /// DER, base64.
    pub der: String,
    /// Validity.
    pub not_before: i64,
    /// Validity.
    pub not_after: i64,
    /// Revocation.
    pub revoked_at: Option<i64>,
}

/// Records a new certificate and revokes the account's earlier ones: a
/// renewal replaces them.
pub async fn insert(db: &Db, c: &Issued, now: i64) -> Result<(), sqlx::Error> {
    let mut tx = db.pool.begin().await?;
    sqlx::query("UPDATE certificates SET revoked_at = $1 WHERE account_id = $2 AND revoked_at IS NULL")
        .bind(now)
        .bind(&c.account_id)
        .execute(&mut *tx)
        .await?;
    sqlx::query(
        "INSERT INTO certificates (serial, account_id, identifier, subject, der, not_before, not_after, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(&c.serial)
    .bind(&c.account_id)
    .bind(&c.identifier)
    .bind(&c.subject)
    .bind(&c.der)
    .bind(c.not_before)
    .bind(c.not_after)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    tx.commit().await
}

/// An account's certificates: the one in force first, then the newest.
pub async fn list(db: &Db, account: &str) -> Result<Vec<Issued>, sqlx::Error> {
    sqlx::query_as(
        "SELECT serial, account_id, identifier, subject, der, not_before, not_after, revoked_at \
         FROM certificates WHERE account_id = $1 \
         ORDER BY CASE WHEN revoked_at IS NULL THEN 0 ELSE 1 END, created_at DESC, serial",
    )
    .bind(account)
    .fetch_all(&db.pool)
    .await
}

/// Revokes an account's certificate; false when it has no such certificate.
pub async fn revoke(db: &Db, account: &str, serial: &str, now: i64) -> Result<bool, sqlx::Error> {
    let found = sqlx::query("SELECT serial FROM certificates WHERE account_id = $1 AND serial = $2")
        .bind(account)
        .bind(serial)
        .fetch_optional(&db.pool)
        .await?
        .is_some();
    if found {
        sqlx::query("UPDATE certificates SET revoked_at = $1 WHERE serial = $2 AND revoked_at IS NULL")
            .bind(now)
            .bind(serial)
            .execute(&db.pool)
            .await?;
    }
    Ok(found)
}

/// Whom the authority issued a certificate to: the applicant account and
/// the staff member (one of them is set); none for a serial it never issued.
pub async fn holder_of(db: &Db, serial: &str) -> Result<Option<(Option<String>, Option<String>)>, sqlx::Error> {
    sqlx::query_as("SELECT account_id, staff_id FROM certificates WHERE serial = $1")
        .bind(serial)
        .fetch_optional(&db.pool)
        .await
}

/// Whether the authority has revoked a certificate (or never issued it) by `at`.
pub async fn is_revoked(db: &Db, serial: &str, at: i64) -> Result<bool, sqlx::Error> {
    let row: Option<Option<i64>> = sqlx::query_scalar("SELECT revoked_at FROM certificates WHERE serial = $1")
        .bind(serial)
        .fetch_optional(&db.pool)
        .await?;
    Ok(match row {
        None => true,
        Some(revoked_at) => revoked_at.is_some_and(|t| t <= at),
    })
}

/// A certificate's DER (base64) by its serial.
pub async fn der_of(db: &Db, serial: &str) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT der FROM certificates WHERE serial = $1")
        .bind(serial)
        .fetch_optional(&db.pool)
        .await
}
