//! The provider's administrator manages its staff: lists them, adds a
//! member with a role, and marks members away or back (a head away lets the
//! deputy act).

use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::{get, post};
use shared::form::FieldError;
use shared::i18n::Msg;
use shared::review::{Absence, NewStaff, StaffAccount};
use shared::workflow::{Refusal, Role};

use super::routes::CurrentStaff;
use super::store::{self, Staff};
use crate::error::ApiJson;
use crate::{AppError, AppState};

/// The administrator's routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/staff/admin/members", get(list).post(add))
        .route("/staff/admin/members/{id}/absence", post(absence))
}

fn admin(current: &CurrentStaff) -> Result<&Staff, AppError> {
    if current.staff.role == Role::Admin {
        Ok(&current.staff)
    } else {
        Err(Refusal::NotAllowed.into())
    }
}

fn account(s: Staff) -> StaffAccount {
    StaffAccount {
        id: s.id,
        login: s.login,
        name: s.name,
        iin: s.iin,
        role: s.role,
        absent: s.absent,
    }
}

async fn list(State(state): State<AppState>, current: CurrentStaff) -> Result<ApiJson<Vec<StaffAccount>>, AppError> {
    let me = admin(&current)?;
    let all = store::members(&state.db, &me.provider).await?;
    Ok(ApiJson(all.into_iter().map(account).collect()))
}

async fn add(
    State(state): State<AppState>,
    current: CurrentStaff,
    ApiJson(body): ApiJson<NewStaff>,
) -> Result<(StatusCode, ApiJson<StaffAccount>), AppError> {
    let me = admin(&current)?;
    let errors = body.validate();
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    let staff = Staff {
        id: crate::auth::random_token()?[..24].to_owned(),
        provider: me.provider.clone(),
        role: body.role,
        login: body.login.trim().to_owned(),
        name: body.name.trim().to_owned(),
        iin: body.iin.trim().to_owned(),
        password_hash: crate::auth::hash_password(body.password).await?,
        absent: false,
    };
    if !store::insert(&state.db, &staff, state.clock.now().unix()).await? {
        return Err(AppError::Invalid(vec![FieldError::new(
            "staff.login",
            Msg::AdminLoginTaken,
        )]));
    }
    Ok((StatusCode::CREATED, ApiJson(account(staff))))
}

async fn absence(
    State(state): State<AppState>,
    current: CurrentStaff,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<Absence>,
) -> Result<ApiJson<StaffAccount>, AppError> {
    let me = admin(&current)?;
    let mut member = store::member(&state.db, &me.provider, &id)
        .await?
        .ok_or(AppError::NotFound)?;
    store::set_absent(&state.db, &member.id, body.absent).await?;
    member.absent = body.absent;
    Ok(ApiJson(account(member)))
}
