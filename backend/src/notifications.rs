//! "My notifications" and "My licences" of the applicant's cabinet.

use std::collections::BTreeMap;

use axum::extract::State;
use shared::api::{LicenceSummary, Notification};
use shared::i18n::Msg;
use sqlx::Row;

use crate::auth::CurrentAccount;
use crate::db::Db;
use crate::error::ApiJson;
use crate::operations::{Access, Api};
use crate::{AppError, AppState};

/// The cabinet's routes.
pub fn router() -> Api {
    Api::new()
        .get(
            "/notifications",
            Access::Applicant,
            "the applicant's notifications",
            list_notifications,
        )
        .get(
            "/licences",
            Access::Applicant,
            "the applicant's licences",
            list_licences,
        )
}

/// Tells an account something.
pub async fn notify(
    db: &Db,
    account: &str,
    at: i64,
    message: Msg,
    args: &[(&str, String)],
    application: Option<&str>,
) -> Result<(), sqlx::Error> {
    let args: BTreeMap<&str, &str> = args.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let args = serde_json::to_string(&args).map_err(|e| sqlx::Error::Encode(Box::new(e)))?;
    sqlx::query(
        "INSERT INTO notifications (account_id, at, message, args, application_id) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(account)
    .bind(at)
    .bind(message.key())
    .bind(args)
    .bind(application)
    .execute(&db.pool)
    .await?;
    Ok(())
}

async fn list_notifications(
    State(state): State<AppState>,
    current: CurrentAccount,
) -> Result<ApiJson<Vec<Notification>>, AppError> {
    let rows = sqlx::query(
        "SELECT id, at, message, args, application_id FROM notifications WHERE account_id = $1 \
         ORDER BY at DESC, id DESC LIMIT 200",
    )
    .bind(&current.account.id)
    .fetch_all(&state.db.pool)
    .await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        let key: String = r.try_get("message")?;
        // A message retired from the translations is skipped, not an error.
        let Some(message) = Msg::from_key(&key) else { continue };
        let args: String = r.try_get("args")?;
        out.push(Notification {
            id: r.try_get("id")?,
            at: r.try_get("at")?,
            message,
            args: serde_json::from_str(&args).unwrap_or_default(),
            application_id: r.try_get("application_id")?,
        });
    }
    Ok(ApiJson(out))
}

async fn list_licences(
    State(state): State<AppState>,
    current: CurrentAccount,
) -> Result<ApiJson<Vec<LicenceSummary>>, AppError> {
    let rows = sqlx::query(
        "SELECT number, service, status, issued_at, application_id FROM licences WHERE owner_id = $1 \
         ORDER BY issued_at DESC, number",
    )
    .bind(&current.account.id)
    .fetch_all(&state.db.pool)
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
    Ok(ApiJson(out))
}
