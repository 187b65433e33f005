//! The SQL of the result documents.

use sqlx::Row;
use tracing::instrument;

use crate::db::Db;

/// What the refusal document of an application shows of its signing.
pub struct SignedRefusal {
    /// The decision's outcome (JSON).
    pub outcome: String,
    /// When it was signed.
    pub signed_at: i64,
    /// The signer's certificate serial.
    pub serial: String,
    /// The document's verification code.
    pub code: String,
    /// The signer's name.
    pub signer: String,
}

/// The signed decision of an application, for its refusal document.
#[instrument(skip_all, err)]
pub async fn signed_refusal(db: &Db, application: &str) -> Result<Option<SignedRefusal>, sqlx::Error> {
    let Some(row) = sqlx::query(
        "SELECT d.outcome, d.signed_at, d.certificate_serial, d.document_code, s.name FROM decisions d \
         JOIN staff s ON s.id = d.signed_by WHERE d.application_id = $1",
    )
    .bind(application)
    .fetch_optional(&db.pool)
    .await?
    else {
        return Ok(None);
    };
    Ok(Some(SignedRefusal {
        outcome: row.try_get("outcome")?,
        signed_at: row.try_get("signed_at")?,
        serial: row.try_get("certificate_serial")?,
        code: row.try_get::<Option<String>, _>("document_code")?.unwrap_or_default(),
        signer: row.try_get("name")?,
    }))
}
