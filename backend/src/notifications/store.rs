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

/// A notification as read, with its place in the list: one whose message
/// was retired from the translations has none to show, but still counts
/// when a page is cut (else a page with one would seem the last).
pub struct Listed {
    /// When.
    pub at: i64,
    /// Its number, which breaks ties.
    pub id: i64,
    /// What it says, when its message is still known.
    pub notification: Option<Notification>,
}

/// A page of an account's notifications, the newest first, after the
/// cursor (time, id); one row more than a page.
#[instrument(skip_all, err)]
pub async fn of_account(db: &Db, account: &str, after: Option<(i64, i64)>) -> Result<Vec<Listed>, sqlx::Error> {
    let seek = if after.is_some() {
        " AND (at, id) < ($2, $3)"
    } else {
        ""
    };
    let sql = format!(
        "SELECT id, at, message, args, application_id FROM notifications WHERE account_id = $1{seek} \
         ORDER BY at DESC, id DESC LIMIT {}",
        shared::api::CABINET_PAGE + 1
    );
    let mut query = sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(account);
    if let Some((at, id)) = after {
        query = query.bind(at).bind(id);
    }
    let rows: Vec<NotificationRow> = query.fetch_all(&db.pool).await?;
    let listed = |r: NotificationRow| Listed {
        at: r.at,
        id: r.id,
        notification: Msg::from_key(&r.message).map(|message| Notification {
            message,
            id: r.id,
            at: r.at,
            args: serde_json::from_str(&r.args).unwrap_or_default(),
            application_id: r.application_id,
        }),
    };
    Ok(rows.into_iter().map(listed).collect())
}
