//! The SQL of the result documents.

use tracing::instrument;

use crate::db::Db;

/// What a result document shows of its signed decision.
pub struct SignedDecision {
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

/// The signed decision of an application, for its result document.
#[instrument(skip_all, err)]
pub async fn signed_decision(db: &Db, application: &str) -> Result<Option<SignedDecision>, sqlx::Error> {
    let row: Option<(String, i64, String, Option<String>, String)> = sqlx::query_as(
        "SELECT d.outcome, d.signed_at, d.certificate_serial, d.document_code, s.name FROM decisions d \
         JOIN staff s ON s.id = d.signed_by WHERE d.application_id = $1",
    )
    .bind(application)
    .fetch_optional(&db.pool)
    .await?;
    Ok(row.map(|(outcome, signed_at, serial, code, signer)| SignedDecision {
        outcome,
        signed_at,
        serial,
        code: code.unwrap_or_default(),
        signer,
    }))
}
