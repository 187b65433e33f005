//! Staff sign-in, the signed-in member, the head's absence, colleagues for
//! routing, and staff certificates.

use axum::extract::{FromRequestParts, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use shared::api::{CertificateRequest, CertificateView};
use shared::review::{Absence, ChangePassword, InboxQuery, StaffLogin, StaffMe, StaffMember};
use shared::workflow::{Refusal, Role};

use super::store::{self, Staff};
use crate::auth::throttle;
use crate::auth::{
    ClientAddress, cookie_name, cookie_token, random_token, session_cookie, token_hash, verify_or_pretend,
};
use crate::eds::Subject;
use crate::eds::{Asking, VALIDITY_SECS, certify};
use crate::error::ApiJson;
use crate::operations::{Access, Api};
use crate::{AppError, AppState};

const COOKIE: &str = "ruqsat_staff";
const SESSION_SECS: i64 = 10 * 3600;

/// The staff routes.
pub fn router() -> Api {
    Api::new()
        .post("/staff/sessions", Access::Public, "staff sign-in", sign_in)
        .body::<StaffLogin>()
        .delete(
            "/staff/sessions/current",
            Access::Public,
            "staff sign-out (ends the caller's session, if any)",
            sign_out,
        )
        .get(
            "/staff/session",
            Access::Public,
            "who is signed in at the back office: the member, or null",
            session,
        )
        .get("/staff/me", Access::Member, "the signed-in member", me)
        .post(
            "/staff/me/password",
            Access::Member,
            "choose a new password",
            change_password,
        )
        .body::<ChangePassword>()
        .post(
            "/staff/me/absence",
            Access::Staff,
            "mark oneself away or back",
            set_absence,
        )
        .body::<shared::review::Absence>()
        .put(
            "/staff/me/inbox",
            Access::Staff,
            "remember the inbox filters",
            remember_inbox,
        )
        .body::<InboxQuery>()
        .get("/staff/members", Access::Internal, "the provider's members", colleagues)
        .get(
            "/staff/certificates",
            Access::Staff,
            "the member's certificate",
            certificates,
        )
        .post(
            "/staff/certificates",
            Access::Staff,
            "a staff certificate (renews); the password again",
            issue_certificate,
        )
        .body::<CertificateRequest>()
}

/// The signed-in staff member; 401 without a live staff session (an
/// applicant's session is not one, nor a disabled member's), 403 while they
/// must first choose a new password.
#[derive(Clone, Debug)]
pub struct CurrentStaff {
    /// The member.
    pub staff: Staff,
}

/// The signed-in member even while they must change their password: only
/// for reading who they are, changing it, and signing out.
#[derive(Clone, Debug)]
struct SignedInStaff {
    staff: Staff,
    token_hash: String,
}

impl FromRequestParts<AppState> for SignedInStaff {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let token = cookie_token(&parts.headers, &cookie_name(COOKIE, state.secure_cookies))
            .ok_or(AppError::Unauthenticated)?;
        let hash = token_hash(&token);
        let staff = store::session_staff(&state.db, &hash, state.clock.now().unix())
            .await?
            .ok_or(AppError::Unauthenticated)?;
        Ok(SignedInStaff {
            staff,
            token_hash: hash,
        })
    }
}

impl FromRequestParts<AppState> for CurrentStaff {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let SignedInStaff { staff, .. } = SignedInStaff::from_request_parts(parts, state).await?;
        if staff.must_change_password {
            return Err(AppError::PasswordChangeRequired);
        }
        Ok(CurrentStaff { staff })
    }
}

/// The signed-in member who may act (on a case, a licence, a certificate,
/// the administration): 403 `confirmation-required` while their
/// credentials, set by an administrator, wait for a second administrator's
/// confirmation.
#[derive(Clone, Debug)]
pub struct ActingStaff {
    /// The member.
    pub staff: Staff,
}

impl FromRequestParts<AppState> for ActingStaff {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let CurrentStaff { staff } = CurrentStaff::from_request_parts(parts, state).await?;
        if staff.unconfirmed_by.is_some() {
            tracing::warn!(target: "security", staff = %staff.id, "an unconfirmed member's act refused");
            return Err(AppError::ConfirmationRequired);
        }
        Ok(ActingStaff { staff })
    }
}

async fn view(state: &AppState, s: &Staff) -> Result<StaffMe, AppError> {
    // Filters remembered before a catalogue change may no longer hold: then
    // the member starts from the default view.
    let inbox = store::inbox_filters(&state.db, &s.id)
        .await?
        .and_then(|json| serde_json::from_str::<InboxQuery>(&json).ok())
        .filter(|q| q.validate().is_empty())
        .unwrap_or_default();
    view_with(state, s, inbox).await
}

/// The member as the page sees them, with inbox filters already known.
async fn view_with(state: &AppState, s: &Staff, inbox: InboxQuery) -> Result<StaffMe, AppError> {
    Ok(StaffMe {
        id: s.id.clone(),
        name: s.name.clone(),
        iin: s.iin.clone(),
        role: s.role,
        provider: s.provider.clone(),
        absent: s.absent,
        head_absent: store::head_absent(&state.db, &s.provider).await?,
        inbox,
        must_change_password: s.must_change_password,
        awaiting_confirmation: s.unconfirmed_by.is_some(),
    })
}

/// Remembers the member's inbox filters (checked like the browser checks
/// them; the page cursor is never kept).
async fn remember_inbox(
    State(state): State<AppState>,
    current: CurrentStaff,
    ApiJson(body): ApiJson<InboxQuery>,
) -> Result<ApiJson<StaffMe>, AppError> {
    let filters = body.filters();
    let errors = filters.validate();
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    let json = serde_json::to_string(&filters).map_err(|e| AppError::Internal(e.to_string()))?;
    store::set_inbox_filters(&state.db, &current.staff.id, &json, state.clock.now().unix()).await?;
    Ok(ApiJson(view_with(&state, &current.staff, filters).await?))
}

async fn sign_in(
    State(state): State<AppState>,
    ClientAddress(address): ClientAddress,
    ApiJson(login): ApiJson<StaffLogin>,
) -> Result<Response, AppError> {
    let now = state.clock.now().unix();
    let name = login.login.trim().to_lowercase();
    let pair = format!("staff:{name}|ip:{address}");
    let keys = [
        (pair.clone(), throttle::PAIR),
        (format!("staff:{name}"), throttle::ACCOUNT),
        (format!("ip:{address}"), throttle::ADDRESS),
    ];
    let attempt = throttle::attempt(&state.db, &keys, now).await?;
    let staff = store::by_login(&state.db, &name).await?.filter(|s| !s.disabled);
    let ok = verify_or_pretend(login.password, staff.as_ref().map(|s| s.password_hash.clone())).await?;
    let Some(staff) = staff.filter(|_| ok) else {
        attempt.failed();
        tracing::warn!(target: "security", login = %name, %address, "staff sign-in refused");
        return Err(AppError::Refused(Refusal::AuthorisationRefused));
    };
    attempt.succeeded(&state.db, &pair).await?;
    tracing::info!(target: "security", staff = %staff.id, %address, "staff signed in");
    let token = random_token()?;
    store::create_session(&state.db, &token_hash(&token), &staff.id, now, now + SESSION_SECS).await?;
    let mut response = ApiJson(view(&state, &staff).await?).into_response();
    response.headers_mut().insert(
        header::SET_COOKIE,
        session_cookie(COOKIE, &token, SESSION_SECS, state.secure_cookies),
    );
    Ok(response)
}

async fn sign_out(State(state): State<AppState>, headers: HeaderMap) -> Result<Response, AppError> {
    if let Some(token) = cookie_token(&headers, &cookie_name(COOKIE, state.secure_cookies)) {
        store::delete_session(&state.db, &token_hash(&token)).await?;
    }
    let mut response = StatusCode::NO_CONTENT.into_response();
    response
        .headers_mut()
        .insert(header::SET_COOKIE, session_cookie(COOKIE, "", 0, state.secure_cookies));
    Ok(response)
}

async fn me(State(state): State<AppState>, current: SignedInStaff) -> Result<ApiJson<StaffMe>, AppError> {
    Ok(ApiJson(view(&state, &current.staff).await?))
}

/// The signed-in member, or `null`: what every page load of the back
/// office asks, answered without an error when no one is signed in.
async fn session(
    State(state): State<AppState>,
    current: Result<SignedInStaff, AppError>,
) -> Result<ApiJson<Option<StaffMe>>, AppError> {
    match current {
        Ok(current) => Ok(ApiJson(Some(view(&state, &current.staff).await?))),
        Err(AppError::Unauthenticated) => Ok(ApiJson(None)),
        Err(e) => Err(e),
    }
}

/// A member chooses a new password (the current one asked again); their
/// other sessions end.
async fn change_password(
    State(state): State<AppState>,
    current: SignedInStaff,
    ApiJson(body): ApiJson<ChangePassword>,
) -> Result<ApiJson<StaffMe>, AppError> {
    let errors = body.validate();
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    let mut staff = current.staff;
    crate::auth::confirm_password(
        &state.db,
        &format!("staff:{}", staff.id),
        body.current.clone(),
        staff.password_hash.clone(),
        crate::auth::Asked::StaffPasswordChange,
        state.clock.now().unix(),
    )
    .await?;
    let hash = crate::auth::hash_password(body.new).await?;
    store::set_password(&state.db, &staff.id, &hash, false).await?;
    store::end_sessions(&state.db, &staff.id, Some(&current.token_hash)).await?;
    tracing::info!(target: "security", staff = %staff.id, "staff password changed");
    staff.must_change_password = false;
    staff.password_hash = hash;
    Ok(ApiJson(view(&state, &staff).await?))
}

/// A head marks themself away (the deputy then acts) or back.
async fn set_absence(
    State(state): State<AppState>,
    current: CurrentStaff,
    ApiJson(body): ApiJson<Absence>,
) -> Result<ApiJson<StaffMe>, AppError> {
    if current.staff.role != Role::Head {
        return Err(AppError::Refused(Refusal::NotAllowed));
    }
    store::set_absent(&state.db, &current.staff.id, body.absent).await?;
    let mut staff = current.staff;
    staff.absent = body.absent;
    Ok(ApiJson(view(&state, &staff).await?))
}

async fn colleagues(
    State(state): State<AppState>,
    current: CurrentStaff,
) -> Result<ApiJson<Vec<StaffMember>>, AppError> {
    if current.staff.role == Role::ExternalBody {
        return Err(AppError::Refused(Refusal::NotAllowed));
    }
    let all = store::members(&state.db, &current.staff.provider).await?;
    Ok(ApiJson(
        all.into_iter()
            .map(|s| StaffMember {
                id: s.id,
                name: s.name,
                role: s.role,
                absent: s.absent,
            })
            .collect(),
    ))
}

async fn certificates(
    State(state): State<AppState>,
    current: CurrentStaff,
) -> Result<ApiJson<Vec<CertificateView>>, AppError> {
    let list = store::current_certificate(&state.db, &current.staff.id).await?;
    Ok(ApiJson(
        list.into_iter()
            .map(|(serial, der, not_after)| CertificateView {
                serial,
                subject: current.staff.name.clone(),
                identifier: current.staff.iin.clone(),
                not_before: not_after - VALIDITY_SECS,
                not_after,
                revoked_at: None,
                der,
            })
            .collect(),
    ))
}

/// A staff certificate naming the member's IIN, from the sandbox authority.
async fn issue_certificate(
    State(state): State<AppState>,
    current: ActingStaff,
    ApiJson(body): ApiJson<CertificateRequest>,
) -> Result<(StatusCode, ApiJson<CertificateView>), AppError> {
    let staff = &current.staff;
    let subject = Subject {
        common_name: staff.name.to_uppercase(),
        identifier: format!("IIN{}", staff.iin),
        holder: crate::eds::Holder::Staff,
    };
    let asking = Asking {
        who: format!("staff:{}", staff.id),
        password: body.password,
        hash: staff.password_hash.clone(),
    };
    let c = certify(&state, asking, &body.public_key, &subject).await?;
    store::insert_certificate(
        &state.db,
        staff,
        &c.serial,
        &c.der,
        c.not_before,
        c.not_after,
        c.not_before,
    )
    .await?;
    let view = CertificateView {
        serial: c.serial,
        subject: subject.common_name,
        identifier: staff.iin.clone(),
        not_before: c.not_before,
        not_after: c.not_after,
        revoked_at: None,
        der: c.der,
    };
    Ok((StatusCode::CREATED, ApiJson(view)))
}
