//! The applicant's certificate: see it, get one (which renews: earlier ones
//! are revoked), revoke it; and the root, public.

use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;
use shared::api::{CertificateRequest, CertificateView};
use shared::catalog::ApplicantKind;
use shared::form::FieldError;
use shared::i18n::Msg;

use super::store::{self, Issued};
use super::{EdsError, Subject};
use crate::auth::CurrentAccount;
use crate::error::{ApiJson, ApiPath};
use crate::operations::{Access, Api};
use crate::{AppError, AppState};

/// How long a certificate is valid.
const VALIDITY_SECS: i64 = 365 * 86_400;

/// The certificate routes.
pub fn router() -> Api {
    Api::new()
        .get("/certificates", Access::Applicant, "the applicant's certificates", list)
        .post(
            "/certificates",
            Access::Applicant,
            "a certificate for a key made in the browser (renews); the password again",
            issue,
        )
        .body::<CertificateRequest>()
        .post(
            "/certificates/{serial}/revocation",
            Access::Applicant,
            "revoke a certificate",
            revoke,
        )
        .get(
            "/ca/root.cer",
            Access::Public,
            "the certification authority's root",
            root,
        )
}

fn view(c: Issued) -> CertificateView {
    CertificateView {
        serial: c.serial,
        subject: c.subject,
        identifier: c.identifier,
        not_before: c.not_before,
        not_after: c.not_after,
        revoked_at: c.revoked_at,
        der: c.der,
    }
}

async fn list(
    State(state): State<AppState>,
    current: CurrentAccount,
) -> Result<ApiJson<Vec<CertificateView>>, AppError> {
    let all = store::list(&state.db, &current.account.id).await?;
    Ok(ApiJson(all.into_iter().map(view).collect()))
}

async fn issue(
    State(state): State<AppState>,
    current: CurrentAccount,
    ApiJson(body): ApiJson<CertificateRequest>,
) -> Result<(StatusCode, ApiJson<CertificateView>), AppError> {
    let account = &current.account;
    if !state.ca.issues() {
        return Err(AppError::Conflict(Msg::CertNationalAuthority));
    }
    let now = state.clock.now().unix();
    crate::auth::confirm_password(
        &state.db,
        &format!("account:{}", account.id),
        body.password,
        account.password_hash.clone(),
        crate::auth::Asked::Certificate,
        now,
    )
    .await?;
    let bad_key = || AppError::Invalid(vec![FieldError::new("certificate.public_key", Msg::EdsBadKey)]);
    let public_key = B64.decode(body.public_key.trim()).map_err(|_| bad_key())?;
    let common_name = state
        .registers
        .applicant(account.kind, &account.identifier)
        .map(|a| match a.kind {
            ApplicantKind::Ie => format!("{} {}", a.ie.surname, a.ie.given_name).to_uppercase(),
            ApplicantKind::Le => a.le.full_name,
        })
        .unwrap_or_else(|| account.identifier.clone());
    let prefix = match account.kind {
        ApplicantKind::Ie => "IIN",
        ApplicantKind::Le => "BIN",
    };
    let subject = Subject {
        common_name: common_name.clone(),
        identifier: format!("{prefix}{}", account.identifier),
        holder: crate::eds::Holder::Applicant,
    };
    let (der, serial) = match state.ca.issue(&subject, &public_key, now, now + VALIDITY_SECS) {
        Ok(issued) => issued,
        Err(EdsError::BadKey) => return Err(bad_key()),
        Err(e) => return Err(AppError::Internal(e.to_string())),
    };
    let issued = Issued {
        serial,
        account_id: account.id.clone(),
        identifier: account.identifier.clone(),
        subject: common_name,
        der: B64.encode(der),
        not_before: now,
        not_after: now + VALIDITY_SECS,
        revoked_at: None,
    };
    store::insert(&state.db, &issued, now).await?;
    Ok((StatusCode::CREATED, ApiJson(view(issued))))
}

async fn revoke(
    State(state): State<AppState>,
    current: CurrentAccount,
    ApiPath(serial): ApiPath<String>,
) -> Result<StatusCode, AppError> {
    if store::revoke(&state.db, &current.account.id, &serial, state.clock.now().unix()).await? {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(AppError::NotFound)
    }
}

/// The root certificate, for anyone to check signatures with.
async fn root(State(state): State<AppState>) -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "application/pkix-cert")],
        state.ca.root().to_vec(),
    )
}
