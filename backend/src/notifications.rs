//! "My notifications" of the applicant's cabinet, and telling an account something.

mod store;

use std::collections::BTreeMap;

use axum::extract::State;
use shared::api::{CABINET_PAGE, Notification};
use shared::i18n::Msg;
use shared::page::{Cursor, Page, PageQuery};

use crate::auth::CurrentAccount;
use crate::db::Db;
use crate::error::{ApiJson, ApiQuery};
use crate::operations::{Access, Api};
use crate::{AppError, AppState};

/// The notification routes.
pub fn router() -> Api {
    Api::new()
        .get(
            "/notifications",
            Access::Applicant,
            "a page of the applicant's notifications",
            list_notifications,
        )
        .query::<PageQuery>()
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
    store::insert(db, account, at, message.key(), &args, application).await
}

async fn list_notifications(
    State(state): State<AppState>,
    current: CurrentAccount,
    ApiQuery(q): ApiQuery<PageQuery>,
) -> Result<ApiJson<Page<Notification>>, AppError> {
    let after = match crate::error::cursor(q.after.as_deref())? {
        Some(c) => Some((
            c.at,
            c.id.parse::<i64>()
                .map_err(|_| AppError::Malformed("a bad page cursor".to_owned()))?,
        )),
        None => None,
    };
    let rows = store::of_account(&state.db, &current.account.id, after).await?;
    // Cut by what was read; a retired message is then left out of the page.
    let page = Page::cut(rows, CABINET_PAGE, |n| Cursor::new(n.at, &n.id.to_string()));
    Ok(ApiJson(Page {
        rows: page.rows.into_iter().filter_map(|n| n.notification).collect(),
        next: page.next,
    }))
}
