//! The SQL of signing and sending.

use tracing::instrument;

use crate::db::Db;

type Tx<'t> = sqlx::Transaction<'t, sqlx::Any>;

/// The key a submission was registered with, if it was.
#[instrument(skip_all, err)]
pub async fn registered_key(db: &Db, id: &str) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT idempotency_key FROM submissions WHERE application_id = $1")
        .bind(id)
        .fetch_optional(&db.pool)
        .await
}

/// An application registered: from which status and version, to what.
pub struct Sent<'a> {
    /// The application.
    pub id: &'a str,
    /// Its owner.
    pub owner: &'a str,
    /// The status it must still have (encoded).
    pub from: &'a str,
    /// The version it must still have.
    pub version: i64,
    /// The status it takes (encoded).
    pub to: &'a str,
    /// Its registration number.
    pub number: &'a str,
    /// When the provider must have answered.
    pub due_at: i64,
    /// The form as signed (JSON).
    pub form: &'a str,
    /// Now.
    pub at: i64,
}

/// Registers the application if it is still as it was signed; false when
/// another request registered it or the draft changed meanwhile.
#[instrument(skip_all, err)]
pub async fn register(tx: &mut Tx<'_>, s: &Sent<'_>) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE applications SET status = $1, number = $2, due_at = $3, form = $4, updated_at = $5 \
         WHERE id = $6 AND owner_id = $7 AND status = $8 AND version = $9",
    )
    .bind(s.to)
    .bind(s.number)
    .bind(s.due_at)
    .bind(s.form)
    .bind(s.at)
    .bind(s.id)
    .bind(s.owner)
    .bind(s.from)
    .bind(s.version)
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// The signed snapshot, kept never to change.
pub struct Signed<'a> {
    /// The application.
    pub id: &'a str,
    /// The idempotency key it was sent with.
    pub key: &'a str,
    /// The form as signed (JSON).
    pub form: &'a str,
    /// The SHA-256 of the canonical bytes, hex.
    pub canonical_sha256: &'a str,
    /// The signature, base64.
    pub signature: &'a str,
    /// The certificate, base64 DER.
    pub certificate: &'a str,
    /// Its serial.
    pub serial: &'a str,
    /// When.
    pub at: i64,
}

/// Keeps the signed snapshot.
#[instrument(skip_all, err)]
pub async fn keep_signed(tx: &mut Tx<'_>, s: &Signed<'_>) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO submissions (application_id, idempotency_key, form, canonical_sha256, signature, certificate, \
         certificate_serial, signed_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(s.id)
    .bind(s.key)
    .bind(s.form)
    .bind(s.canonical_sha256)
    .bind(s.signature)
    .bind(s.certificate)
    .bind(s.serial)
    .bind(s.at)
    .execute(&mut **tx)
    .await?;
    Ok(())
}
