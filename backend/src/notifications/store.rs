//! The SQL of notifications.

use shared::api::Notification;
use shared::i18n::Msg;
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

/// A notification as its row is read: the message by its key, the
/// values as JSON.
#[derive(sqlx::FromRow)]
struct NotificationRow {
    id: i64,
    at: i64,
    message: String,
    args: String,
    application_id: Option<String>,
}

/// An account's latest 200 notifications, the newest first.
#[instrument(skip_all, err)]
pub async fn of_account(db: &Db, account: &str) -> Result<Vec<Notification>, sqlx::Error> {
    let rows: Vec<NotificationRow> = sqlx::query_as(
        "SELECT id, at, message, args, application_id FROM notifications WHERE account_id = $1 \
         ORDER BY at DESC, id DESC LIMIT 200",
    )
    .bind(account)
    .fetch_all(&db.pool)
    .await?;
    // A message retired from the translations is skipped, not an error.
    let notification = |r: NotificationRow| {
        Some(Notification {
            message: Msg::from_key(&r.message)?,
            id: r.id,
            at: r.at,
            args: serde_json::from_str(&r.args).unwrap_or_default(),
            application_id: r.application_id,
        })
    };
    Ok(rows.into_iter().filter_map(notification).collect())
}
