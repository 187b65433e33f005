//! The SQL of the licence register.

use shared::api::LicenceSummary;
use sqlx::Row;
use tracing::instrument;

use crate::db::Db;

/// An owner's licences, the latest first.
#[instrument(skip_all, err)]
pub async fn of_owner(db: &Db, owner: &str) -> Result<Vec<LicenceSummary>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT number, service, status, issued_at, application_id FROM licences WHERE owner_id = $1 \
         ORDER BY issued_at DESC, number",
    )
    .bind(owner)
    .fetch_all(&db.pool)
    .await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        let status: String = r.try_get("status")?;
        out.push(LicenceSummary {
            number: r.try_get("number")?,
            service: r.try_get("service")?,
            status: serde_json::from_str(&status).map_err(|e| sqlx::Error::Decode(Box::new(e)))?,
            issued_at: r.try_get("issued_at")?,
            application_id: r.try_get("application_id")?,
        });
    }
    Ok(out)
}
