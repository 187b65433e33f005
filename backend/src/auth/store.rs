//! The SQL of accounts, sessions and sign-in failures.

use shared::catalog::ApplicantKind;
use sqlx::Row;
use tracing::instrument;

use crate::db::Db;

/// An applicant account.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Account {
    /// Random id.
    pub id: String,
    /// IE or LE.
    pub kind: ApplicantKind,
    /// The normalised IIN or BIN.
    pub identifier: String,
    /// Email.
    pub email: String,
    /// The argon2id PHC string.
    pub password_hash: String,
}

fn kind_of(s: &str) -> ApplicantKind {
    if s == "le" {
        ApplicantKind::Le
    } else {
        ApplicantKind::Ie
    }
}

fn kind_str(k: ApplicantKind) -> &'static str {
    match k {
        ApplicantKind::Ie => "ie",
        ApplicantKind::Le => "le",
    }
}

fn account(row: &sqlx::any::AnyRow) -> Result<Account, sqlx::Error> {
    Ok(Account {
        id: row.try_get("id")?,
        kind: kind_of(&row.try_get::<String, _>("kind")?),
        identifier: row.try_get("identifier")?,
        email: row.try_get("email")?,
        password_hash: row.try_get("password_hash")?,
    })
}

/// Which unique value is taken.
#[derive(Debug, PartialEq, Eq)]
pub enum Taken {
    /// The IIN or BIN.
    Identifier,
    /// The email.
    Email,
}

/// Creates an account unless its identifier or email is taken.
#[instrument(skip_all, err)]
pub async fn create_account(db: &Db, a: &Account, now: i64) -> Result<Option<Taken>, sqlx::Error> {
    let mut tx = db.pool.begin().await?;
    let taken = sqlx::query("SELECT identifier, email FROM accounts WHERE identifier = $1 OR email = $2")
        .bind(&a.identifier)
        .bind(&a.email)
        .fetch_optional(&mut *tx)
        .await?;
    if let Some(row) = taken {
        let identifier: String = row.try_get("identifier")?;
        return Ok(Some(if identifier == a.identifier {
            Taken::Identifier
        } else {
            Taken::Email
        }));
    }
    sqlx::query(
        "INSERT INTO accounts (id, kind, identifier, email, password_hash, created_at) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(&a.id)
    .bind(kind_str(a.kind))
    .bind(&a.identifier)
    .bind(&a.email)
    .bind(&a.password_hash)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(None)
}

/// The account with an identifier.
#[instrument(skip_all, err)]
pub async fn account_by_identifier(db: &Db, identifier: &str) -> Result<Option<Account>, sqlx::Error> {
    let row = sqlx::query("SELECT id, kind, identifier, email, password_hash FROM accounts WHERE identifier = $1")
        .bind(identifier)
        .fetch_optional(&db.pool)
        .await?;
    row.as_ref().map(account).transpose()
}

/// The account of a live session.
#[instrument(skip_all, err)]
pub async fn session_account(db: &Db, token_hash: &str, now: i64) -> Result<Option<Account>, sqlx::Error> {
    let row = sqlx::query(
        "SELECT a.id, a.kind, a.identifier, a.email, a.password_hash FROM sessions s \
         JOIN accounts a ON a.id = s.account_id WHERE s.token_hash = $1 AND s.expires_at > $2",
    )
    .bind(token_hash)
    .bind(now)
    .fetch_optional(&db.pool)
    .await?;
    row.as_ref().map(account).transpose()
}

/// Starts a session.
#[instrument(skip_all, err)]
pub async fn create_session(
    db: &Db,
    token_hash: &str,
    account_id: &str,
    now: i64,
    expires_at: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO sessions (token_hash, account_id, created_at, expires_at) VALUES ($1, $2, $3, $4)")
        .bind(token_hash)
        .bind(account_id)
        .bind(now)
        .bind(expires_at)
        .execute(&db.pool)
        .await?;
    Ok(())
}

/// Ends a session.
#[instrument(skip_all, err)]
pub async fn delete_session(db: &Db, token_hash: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
        .bind(token_hash)
        .execute(&db.pool)
        .await?;
    Ok(())
}

/// Sets a new password and ends every session of the account but one.
#[instrument(skip_all, err)]
pub async fn change_password(db: &Db, account_id: &str, hash: &str, keep_session: &str) -> Result<(), sqlx::Error> {
    let mut tx = db.pool.begin().await?;
    sqlx::query("UPDATE accounts SET password_hash = $1 WHERE id = $2")
        .bind(hash)
        .bind(account_id)
        .execute(&mut *tx)
        .await?;
    sqlx::query("DELETE FROM sessions WHERE account_id = $1 AND token_hash <> $2")
        .bind(account_id)
        .bind(keep_session)
        .execute(&mut *tx)
        .await?;
    tx.commit().await
}

/// Records a failed sign-in for a scope (`id:…` or `ip:…`).
#[instrument(skip_all, err)]
pub async fn record_failure(db: &Db, scope: &str, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO login_failures (scope, at) VALUES ($1, $2)")
        .bind(scope)
        .bind(now)
        .execute(&db.pool)
        .await?;
    Ok(())
}

/// Failed sign-ins of a scope since a time.
#[instrument(skip_all, err)]
pub async fn failures_since(db: &Db, scope: &str, since: i64) -> Result<i64, sqlx::Error> {
    let row = sqlx::query("SELECT COUNT(*) AS n FROM login_failures WHERE scope = $1 AND at > $2")
        .bind(scope)
        .bind(since)
        .fetch_one(&db.pool)
        .await?;
    row.try_get("n")
}

/// Forgets the failures of a scope (after a successful sign-in).
#[instrument(skip_all, err)]
pub async fn clear_failures(db: &Db, scope: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM login_failures WHERE scope = $1")
        .bind(scope)
        .execute(&db.pool)
        .await?;
    Ok(())
}
