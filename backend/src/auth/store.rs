//! The SQL of accounts, sessions and sign-in failures.

use shared::catalog::ApplicantKind;
use tracing::instrument;

use crate::db::Db;
use crate::db::codec::Text;

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

/// An account as its row is read.
#[derive(sqlx::FromRow)]
struct AccountRow {
    id: String,
    kind: Text<ApplicantKind>,
    identifier: String,
    email: String,
    password_hash: String,
}

impl From<AccountRow> for Account {
    fn from(r: AccountRow) -> Account {
        Account {
            id: r.id,
            kind: r.kind.0,
            identifier: r.identifier,
            email: r.email,
            password_hash: r.password_hash,
        }
    }
}

/// A session's account, and when the session was last seen.
#[derive(sqlx::FromRow)]
struct SessionRow {
    #[sqlx(flatten)]
    account: AccountRow,
    last_seen_at: i64,
}

/// Which unique value is taken.
#[derive(Debug, PartialEq, Eq)]
pub enum Taken {
    /// The IIN or BIN.
    Identifier,
    /// The email.
    Email,
}

/// Creates an account unless its identifier or email is taken; answers
/// its id. An account a counter opened for a walk-in applicant (no
/// password, seed 001 §9) is theirs to claim: registering with its IIN/BIN
/// sets its e-mail and password, and the applications filed for them at
/// the counter are in the cabinet from then on.
#[instrument(skip_all, err)]
pub async fn create_account(db: &Db, a: &Account, now: i64) -> Result<Result<String, Taken>, sqlx::Error> {
    let mut tx = db.pool.begin().await?;
    let rows: Vec<(String, String, String, String, String)> = sqlx::query_as(
        "SELECT id, identifier, email, kind, password_hash FROM accounts WHERE identifier = $1 OR email = $2",
    )
    .bind(&a.identifier)
    .bind(&a.email)
    .fetch_all(&mut *tx)
    .await?;
    let kind = crate::db::codec::text(&a.kind)?;
    let mut claim = None;
    for (id, identifier, email, row_kind, hash) in rows {
        if identifier != a.identifier && email == a.email {
            return Ok(Err(Taken::Email));
        }
        if identifier == a.identifier {
            if !hash.is_empty() || row_kind != kind {
                return Ok(Err(Taken::Identifier));
            }
            claim = Some(id);
        }
    }
    if let Some(id) = claim {
        sqlx::query("UPDATE accounts SET email = $1, password_hash = $2 WHERE id = $3 AND password_hash = ''")
            .bind(&a.email)
            .bind(&a.password_hash)
            .bind(&id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        return Ok(Ok(id));
    }
    sqlx::query(
        "INSERT INTO accounts (id, kind, identifier, email, password_hash, created_at) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(&a.id)
    .bind(kind)
    .bind(&a.identifier)
    .bind(&a.email)
    .bind(&a.password_hash)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(Ok(a.id.clone()))
}

/// The account with an identifier.
#[instrument(skip_all, err)]
pub async fn account_by_identifier(db: &Db, identifier: &str) -> Result<Option<Account>, sqlx::Error> {
    let row = sqlx::query_as::<_, AccountRow>(
        "SELECT id, kind, identifier, email, password_hash FROM accounts WHERE identifier = $1",
    )
    .bind(identifier)
    .fetch_optional(&db.pool)
    .await?;
    Ok(row.map(Account::from))
}

/// A session ends after this long without a request.
pub const IDLE_SECS: i64 = 30 * 60;

/// The account of a live session (within its lifetime, and used in the
/// last [`IDLE_SECS`]); the session's last use is kept to the minute.
#[instrument(skip_all, err)]
pub async fn session_account(db: &Db, token_hash: &str, now: i64) -> Result<Option<Account>, sqlx::Error> {
    let row = sqlx::query_as::<_, SessionRow>(
        "SELECT a.id, a.kind, a.identifier, a.email, a.password_hash, s.last_seen_at FROM sessions s \
         JOIN accounts a ON a.id = s.account_id WHERE s.token_hash = $1 AND s.expires_at > $2 AND s.last_seen_at > $3",
    )
    .bind(token_hash)
    .bind(now)
    .bind(now - IDLE_SECS)
    .fetch_optional(&db.pool)
    .await?;
    let Some(row) = row else { return Ok(None) };
    if row.last_seen_at < now - 60 {
        sqlx::query("UPDATE sessions SET last_seen_at = $1 WHERE token_hash = $2")
            .bind(now)
            .bind(token_hash)
            .execute(&db.pool)
            .await?;
    }
    Ok(Some(row.account.into()))
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
    sqlx::query(
        "INSERT INTO sessions (token_hash, account_id, created_at, expires_at, last_seen_at) VALUES ($1, $2, $3, $4, $3)",
    )
        .bind(token_hash)
        .bind(account_id)
        .bind(now)
        .bind(expires_at)
        .execute(&db.pool)
        .await?;
    Ok(())
}

/// An account's live sessions, newest first: (token hash, created, last
/// used, expires).
#[instrument(skip_all, err)]
pub async fn sessions_of(db: &Db, account: &str, now: i64) -> Result<Vec<(String, i64, i64, i64)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT token_hash, created_at, last_seen_at, expires_at FROM sessions \
         WHERE account_id = $1 AND expires_at > $2 AND last_seen_at > $3 ORDER BY created_at DESC",
    )
    .bind(account)
    .bind(now)
    .bind(now - IDLE_SECS)
    .fetch_all(&db.pool)
    .await
}

/// Ends every session of an account.
#[instrument(skip_all, err)]
pub async fn end_all_sessions(db: &Db, account: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM sessions WHERE account_id = $1")
        .bind(account)
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

/// Takes a place for an attempt under a key and says how many attempts
/// since `since` are ahead of it and when the latest of them was. One
/// transaction, which on PostgreSQL first takes the key's advisory lock (on
/// SQLite the insert's write lock does the same), so concurrent attempts
/// under one key are counted strictly one after another.
#[instrument(skip_all, err)]
pub async fn attempt(db: &Db, key: &str, now: i64, since: i64) -> Result<(i64, i64, Option<i64>), sqlx::Error> {
    let mut tx = db.pool.begin().await?;
    if db.engine == crate::db::Engine::Postgres {
        sqlx::query("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))")
            .bind(key)
            .execute(&mut *tx)
            .await?;
    }
    let seq: i64 = sqlx::query_scalar("INSERT INTO sign_in_attempts (key, at) VALUES ($1, $2) RETURNING seq")
        .bind(key)
        .bind(now)
        .fetch_one(&mut *tx)
        .await?;
    let ahead: (i64, Option<i64>) = sqlx::query_as(
        "SELECT COUNT(*) AS n, MAX(at) AS last FROM sign_in_attempts WHERE key = $1 AND seq < $2 AND at > $3",
    )
    .bind(key)
    .bind(seq)
    .bind(since)
    .fetch_one(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok((seq, ahead.0, ahead.1))
}

/// Gives places back (an attempt refused before it was tried, or one that
/// succeeded).
#[instrument(skip_all, err)]
pub async fn forget_attempts(db: &Db, seqs: &[i64]) -> Result<(), sqlx::Error> {
    for seq in seqs {
        sqlx::query("DELETE FROM sign_in_attempts WHERE seq = $1")
            .bind(seq)
            .execute(&db.pool)
            .await?;
    }
    Ok(())
}

/// Forgets every attempt under a key (a successful sign-in forgets its
/// account and address pair's failures).
#[instrument(skip_all, err)]
pub async fn forget_key(db: &Db, key: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM sign_in_attempts WHERE key = $1")
        .bind(key)
        .execute(&db.pool)
        .await?;
    Ok(())
}

/// Whether an identifier or an e-mail already has an account.
#[instrument(skip_all, err)]
pub async fn taken(db: &Db, identifier: &str, email: &str) -> Result<Option<Taken>, sqlx::Error> {
    // An account a counter holds (no password) may be claimed: not taken.
    let found: Vec<(String, String)> =
        sqlx::query_as("SELECT identifier, password_hash FROM accounts WHERE identifier = $1 OR email = $2")
            .bind(identifier)
            .bind(email)
            .fetch_all(&db.pool)
            .await?;
    if found.iter().any(|(i, _)| i != identifier) {
        return Ok(Some(Taken::Email));
    }
    Ok(found
        .iter()
        .any(|(_, hash)| !hash.is_empty())
        .then_some(Taken::Identifier))
}

/// Keeps a sign-in challenge until it expires, and forgets the expired ones.
#[instrument(skip_all, err)]
pub async fn insert_challenge(db: &Db, challenge: &str, now: i64, expires_at: i64) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM sign_in_challenges WHERE expires_at < $1")
        .bind(now)
        .execute(&db.pool)
        .await?;
    sqlx::query("INSERT INTO sign_in_challenges (challenge, expires_at) VALUES ($1, $2)")
        .bind(challenge)
        .bind(expires_at)
        .execute(&db.pool)
        .await?;
    Ok(())
}

/// Uses a sign-in challenge up: true when it was there and in time.
#[instrument(skip_all, err)]
pub async fn take_challenge(db: &Db, challenge: &str, now: i64) -> Result<bool, sqlx::Error> {
    let taken = sqlx::query("DELETE FROM sign_in_challenges WHERE challenge = $1 AND expires_at >= $2")
        .bind(challenge)
        .bind(now)
        .execute(&db.pool)
        .await?;
    Ok(taken.rows_affected() == 1)
}
