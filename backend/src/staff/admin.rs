//! The provider's administrator manages its staff: lists them, adds a
//! member with a role (who chooses their own password at the first
//! sign-in), resets a member's password, disables or enables a member, and
//! marks members away or back (a head away lets the deputy act). Each of
//! these is logged as a security event. The first administrator of a
//! provider is made by the operator's `ruqsat-admin create-admin`.
//!
//! Four eyes: a member whose credentials an administrator set (added, or
//! password reset) acts on nothing — no case, no certificate, no
//! administration — until a second administrator confirms them (or the
//! operator, with `ruqsat-admin confirm-member`, where a provider has one
//! administrator). One administrator alone can therefore never staff a
//! chain with accounts they hold the passwords of, nor take over a member's
//! account by resetting its password; a second administrator they create is
//! itself unconfirmed, so cannot confirm for them.

use axum::extract::State;
use axum::http::StatusCode;
use shared::form::FieldError;
use shared::i18n::Msg;
use shared::review::{Absence, Disabled, NewStaff, ResetPassword, StaffAccount};
use shared::workflow::{Refusal, Role};

use axum::extract::FromRequestParts;
use axum::http::request::Parts;

use super::routes::CurrentStaff;
use super::store::{self, Staff};
use crate::error::{ApiJson, ApiPath};
use crate::operations::{Access, Api};
use crate::{AppError, AppState};

/// The administrator's routes.
pub fn router() -> Api {
    Api::new()
        .get("/staff/admin/members", Access::Admin, "the provider's members", list)
        .post("/staff/admin/members", Access::Admin, "add a member", add)
        .body::<NewStaff>()
        .post(
            "/staff/admin/members/{id}/absence",
            Access::Admin,
            "mark a member away or back",
            absence,
        )
        .body::<Absence>()
        .post(
            "/staff/admin/members/{id}/password",
            Access::Admin,
            "reset a member's password",
            reset_password,
        )
        .body::<ResetPassword>()
        .post(
            "/staff/admin/members/{id}/disabled",
            Access::Admin,
            "disable or enable a member",
            disable,
        )
        .body::<Disabled>()
        .post(
            "/staff/admin/members/{id}/confirmation",
            Access::Admin,
            "confirm a member as the second administrator",
            confirm,
        )
}

/// The provider's administrator, who may read the members: anyone else is
/// refused (409 `not-allowed`) before their request's body is read.
#[derive(Clone, Debug)]
pub struct AdminStaff {
    /// The administrator.
    pub staff: Staff,
}

impl FromRequestParts<AppState> for AdminStaff {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let CurrentStaff { staff } = CurrentStaff::from_request_parts(parts, state).await?;
        if staff.role != Role::Admin {
            return Err(Refusal::NotAllowed.into());
        }
        Ok(AdminStaff { staff })
    }
}

/// The administrator, confirmed, who may change the members (see the
/// module's four eyes).
#[derive(Clone, Debug)]
pub struct ActingAdmin {
    /// The administrator.
    pub staff: Staff,
}

impl FromRequestParts<AppState> for ActingAdmin {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let AdminStaff { staff } = AdminStaff::from_request_parts(parts, state).await?;
        if staff.unconfirmed_by.is_some() {
            return Err(AppError::ConfirmationRequired);
        }
        Ok(ActingAdmin { staff })
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
        disabled: s.disabled,
        unconfirmed_by: s.unconfirmed_by,
    }
}

/// A new member of a provider from the shared form; `None` with the field
/// errors when it is refused. They must choose their own password at the
/// first sign-in.
async fn new_member(provider: &str, body: NewStaff, set_by: Option<&str>) -> Result<Staff, AppError> {
    let errors = body.validate();
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    Ok(Staff {
        id: crate::auth::random_token()?[..24].to_owned(),
        provider: provider.to_owned(),
        role: body.role,
        login: body.login.trim().to_owned(),
        name: body.name.trim().to_owned(),
        iin: body.iin.trim().to_owned(),
        password_hash: crate::auth::hash_password(body.password).await?,
        absent: false,
        must_change_password: true,
        disabled: false,
        unconfirmed_by: set_by.map(str::to_owned),
    })
}

/// Records an act of administration in the audit chain.
async fn audit(
    db: &crate::db::Db,
    by: Option<&Staff>,
    member: &str,
    action: &str,
    note: &str,
    now: i64,
) -> Result<(), AppError> {
    let (actor_id, actor_name) = by.map_or(("operator", "ruqsat-admin"), |s| (s.id.as_str(), s.name.as_str()));
    crate::audit::record_administration(
        db,
        &crate::audit::Administration {
            member,
            actor_id,
            actor_name,
            at: now,
            action,
            note,
        },
    )
    .await?;
    Ok(())
}

fn login_taken() -> AppError {
    AppError::Invalid(vec![FieldError::new("staff.login", Msg::AdminLoginTaken)])
}

/// The operator makes a provider's first administrator (the
/// `ruqsat-admin create-admin` command): the provider must be the
/// catalogue's; the administrator chooses their own password at the first
/// sign-in.
pub async fn create_admin(db: &crate::db::Db, provider: &str, mut body: NewStaff, now: i64) -> Result<Staff, AppError> {
    if !shared::catalog::catalog()
        .services
        .iter()
        .any(|s| s.provider == provider)
    {
        return Err(AppError::Malformed(format!(
            "no provider {provider:?} in the catalogue"
        )));
    }
    body.role = Role::Admin;
    if store::iin_taken(db, body.iin.trim()).await? {
        return Err(AppError::Invalid(vec![FieldError::new(
            "staff.iin",
            Msg::AdminIinTaken,
        )]));
    }
    let staff = new_member(provider, body, None).await?;
    if !store::insert(db, &staff, None, now).await? {
        return Err(login_taken());
    }
    audit(
        db,
        None,
        &staff.id,
        "staff-added",
        &format!("admin {}", staff.login),
        now,
    )
    .await?;
    tracing::info!(target: "security", staff = %staff.id, provider, "first administrator created");
    Ok(staff)
}

async fn list(State(state): State<AppState>, current: AdminStaff) -> Result<ApiJson<Vec<StaffAccount>>, AppError> {
    let me = &current.staff;
    let all = store::members(&state.db, &me.provider).await?;
    Ok(ApiJson(all.into_iter().map(account).collect()))
}

async fn add(
    State(state): State<AppState>,
    current: ActingAdmin,
    ApiJson(body): ApiJson<NewStaff>,
) -> Result<(StatusCode, ApiJson<StaffAccount>), AppError> {
    let me = &current.staff;
    // A civil servant is a person of the individuals' register, and one
    // member account per person.
    let errors = body.validate();
    if errors.is_empty() {
        let iin = body.iin.trim();
        if store::by_login(&state.db, &body.login.trim().to_lowercase())
            .await?
            .is_some()
        {
            return Err(login_taken());
        }
        if state
            .registers
            .applicant(shared::catalog::ApplicantKind::Ie, iin)
            .is_none()
        {
            return Err(AppError::Invalid(vec![FieldError::new(
                "staff.iin",
                Msg::RefusalNotInRegister,
            )]));
        }
        if store::iin_taken(&state.db, iin).await? {
            return Err(AppError::Invalid(vec![FieldError::new(
                "staff.iin",
                Msg::AdminIinTaken,
            )]));
        }
    }
    let staff = new_member(&me.provider, body, Some(&me.id)).await?;
    let now = state.clock.now().unix();
    if !store::insert(&state.db, &staff, Some(&me.id), now).await? {
        return Err(login_taken());
    }
    let note = format!("{} {}", store::role_str(staff.role), staff.login);
    audit(&state.db, Some(me), &staff.id, "staff-added", &note, now).await?;
    tracing::info!(target: "security", admin = %me.id, staff = %staff.id, role = ?staff.role, "staff member added");
    Ok((StatusCode::CREATED, ApiJson(account(staff))))
}

async fn absence(
    State(state): State<AppState>,
    current: ActingAdmin,
    ApiPath(id): ApiPath<String>,
    ApiJson(body): ApiJson<Absence>,
) -> Result<ApiJson<StaffAccount>, AppError> {
    let me = &current.staff;
    let mut member = store::member(&state.db, &me.provider, &id)
        .await?
        .ok_or(AppError::NotFound)?;
    store::set_absent(&state.db, &member.id, body.absent).await?;
    let note = if body.absent { "absent" } else { "present" };
    audit(
        &state.db,
        Some(me),
        &member.id,
        "staff-absence",
        note,
        state.clock.now().unix(),
    )
    .await?;
    member.absent = body.absent;
    Ok(ApiJson(account(member)))
}

/// The administrator sets a member's password; the member must change it
/// at their next sign-in, and their sessions end now.
async fn reset_password(
    State(state): State<AppState>,
    current: ActingAdmin,
    ApiPath(id): ApiPath<String>,
    ApiJson(body): ApiJson<ResetPassword>,
) -> Result<ApiJson<StaffAccount>, AppError> {
    let me = &current.staff;
    let member = store::member(&state.db, &me.provider, &id)
        .await?
        .ok_or(AppError::NotFound)?;
    if body.password.chars().count() < shared::api::MIN_PASSWORD {
        return Err(AppError::Invalid(vec![FieldError::new(
            "reset.password",
            Msg::AccountPasswordShort,
        )]));
    }
    let hash = crate::auth::hash_password(body.password).await?;
    store::set_password(&state.db, &member.id, &hash, true).await?;
    // Whoever knows the new password may be the administrator: the member
    // acts again once a second administrator has confirmed them.
    store::set_unconfirmed(&state.db, &member.id, &me.id).await?;
    store::end_sessions(&state.db, &member.id, None).await?;
    audit(
        &state.db,
        Some(me),
        &member.id,
        "staff-password-reset",
        "",
        state.clock.now().unix(),
    )
    .await?;
    tracing::info!(target: "security", admin = %me.id, staff = %member.id, "staff password reset");
    Ok(ApiJson(account(Staff {
        must_change_password: true,
        unconfirmed_by: Some(me.id.clone()),
        ..member
    })))
}

/// A second administrator confirms a member another administrator set the
/// credentials of; never the one who set them, nor the member themselves.
async fn confirm(
    State(state): State<AppState>,
    current: ActingAdmin,
    ApiPath(id): ApiPath<String>,
) -> Result<ApiJson<StaffAccount>, AppError> {
    let me = &current.staff;
    let member = store::member(&state.db, &me.provider, &id)
        .await?
        .ok_or(AppError::NotFound)?;
    match &member.unconfirmed_by {
        None => return Err(AppError::Conflict(Msg::AdminAlreadyConfirmed)),
        Some(by) if *by == me.id || member.id == me.id => {
            tracing::warn!(target: "security", admin = %me.id, staff = %member.id, "staff confirmation by the same administrator refused");
            return Err(AppError::Conflict(Msg::AdminSecondPerson));
        }
        Some(_) => {}
    }
    let now = state.clock.now().unix();
    if !store::confirm(&state.db, &member.id, &me.id, now).await? {
        return Err(AppError::Conflict(Msg::AdminAlreadyConfirmed));
    }
    audit(&state.db, Some(me), &member.id, "staff-confirmed", "", now).await?;
    tracing::info!(target: "security", admin = %me.id, staff = %member.id, "staff member confirmed by a second administrator");
    Ok(ApiJson(account(Staff {
        unconfirmed_by: None,
        ..member
    })))
}

/// The operator confirms a member (the `ruqsat-admin confirm-member`
/// command), for a provider with a single administrator: the operator is
/// the second person. Answers the member, or `None` when there is no such
/// login.
pub async fn confirm_by_operator(db: &crate::db::Db, login: &str, now: i64) -> Result<Option<Staff>, AppError> {
    let Some(member) = store::by_login(db, &login.trim().to_lowercase()).await? else {
        return Ok(None);
    };
    if store::confirm(db, &member.id, "operator", now).await? {
        audit(db, None, &member.id, "staff-confirmed", "", now).await?;
    }
    tracing::info!(target: "security", staff = %member.id, "staff member confirmed by the operator");
    Ok(Some(Staff {
        unconfirmed_by: None,
        ..member
    }))
}

/// The administrator disables a member (they cannot sign in, their sessions
/// end; their name stays on what they did) or enables them again.
async fn disable(
    State(state): State<AppState>,
    current: ActingAdmin,
    ApiPath(id): ApiPath<String>,
    ApiJson(body): ApiJson<Disabled>,
) -> Result<ApiJson<StaffAccount>, AppError> {
    let me = &current.staff;
    let member = store::member(&state.db, &me.provider, &id)
        .await?
        .ok_or(AppError::NotFound)?;
    if member.id == me.id && body.disabled {
        return Err(AppError::Conflict(Msg::AdminNotYourself));
    }
    let now = state.clock.now().unix();
    store::set_disabled(&state.db, &member.id, body.disabled.then_some(now)).await?;
    if body.disabled {
        store::end_sessions(&state.db, &member.id, None).await?;
    }
    let action = if body.disabled {
        "staff-disabled"
    } else {
        "staff-enabled"
    };
    audit(&state.db, Some(me), &member.id, action, "", now).await?;
    tracing::info!(target: "security", admin = %me.id, staff = %member.id, disabled = body.disabled, "staff member disabled or enabled");
    Ok(ApiJson(account(Staff {
        disabled: body.disabled,
        ..member
    })))
}
