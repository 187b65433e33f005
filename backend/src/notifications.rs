//! "My notifications" and "My licences" of the applicant's cabinet.

mod store;

use std::collections::BTreeMap;

use axum::extract::State;
use shared::api::{LicenceSummary, Notification};
use shared::i18n::Msg;

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
    store::insert(db, account, at, message.key(), &args, application).await
}

async fn list_notifications(
    State(state): State<AppState>,
    current: CurrentAccount,
) -> Result<ApiJson<Vec<Notification>>, AppError> {
    Ok(ApiJson(store::of_account(&state.db, &current.account.id).await?))
}

async fn list_licences(
    State(state): State<AppState>,
    current: CurrentAccount,
) -> Result<ApiJson<Vec<LicenceSummary>>, AppError> {
    Ok(ApiJson(
        crate::licences::of_owner(&state.db, &current.account.id).await?,
    ))
}
