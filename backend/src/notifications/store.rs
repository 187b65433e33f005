//! The SQL of notifications.

use shared::api::Notification;
use shared::i18n::Msg;
use sqlx::Row;
use tracing::instrument;

use crate::db::Db;

/// Records a notification (its message key and arguments as JSON).
#[instrument(skip_all, err)]
pub async fn insert(
    db: &Db,
    account: &str,
    at: i64,
    message: &str,
    args: &str,
    application: Option<&str>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO notifications (account_id, at, message, args, application_id) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(account)
    .bind(at)
    .bind(message)
    .bind(args)
    .bind(application)
    .execute(&db.pool)
    .await?;
    Ok(())
}

/// An account's latest 200 notifications, the newest first.
#[instrument(skip_all, err)]
pub async fn of_account(db: &Db, account: &str) -> Result<Vec<Notification>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT id, at, message, args, application_id FROM notifications WHERE account_id = $1 \
         ORDER BY at DESC, id DESC LIMIT 200",
    )
    .bind(account)
    .fetch_all(&db.pool)
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
    Ok(out)
}
