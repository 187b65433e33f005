//! "My notifications" of the applicant's cabinet, and telling an account something.

mod store;

use std::collections::BTreeMap;

use axum::extract::State;
use shared::api::Notification;
use shared::i18n::Msg;

use crate::auth::CurrentAccount;
use crate::db::Db;
use crate::error::ApiJson;
use crate::operations::{Access, Api};
use crate::{AppError, AppState};

/// The notification routes.
pub fn router() -> Api {
    Api::new().get(
        "/notifications",
        Access::Applicant,
        "the applicant's notifications",
        list_notifications,
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
    store::insert(db, account, at, message.key(), &args, application).await
}

async fn list_notifications(
    State(state): State<AppState>,
    current: CurrentAccount,
) -> Result<ApiJson<Vec<Notification>>, AppError> {
    Ok(ApiJson(store::of_account(&state.db, &current.account.id).await?))
}
