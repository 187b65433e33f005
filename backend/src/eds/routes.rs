//! The applicant's certificate: see it, get one (which renews: earlier ones
//! are revoked), revoke it; and the root, public.

use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use shared::api::{CertificateRequest, CertificateView};
use shared::catalog::ApplicantKind;

use super::Subject;
use super::certify::{Asking, certify};
use super::store::{self, Issued};
use crate::auth::CurrentAccount;
use crate::error::{ApiJson, ApiPath};
use crate::operations::{Access, Api};
use crate::{AppError, AppState};

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
        common_name,
        identifier: format!("{prefix}{}", account.identifier),
        holder: crate::eds::Holder::Applicant,
    };
    let asking = Asking {
        who: format!("account:{}", account.id),
        password: body.password,
        hash: account.password_hash.clone(),
    };
    let certified = certify(&state, asking, &body.public_key, &subject).await?;
    let issued = Issued {
        serial: certified.serial,
        account_id: account.id.clone(),
        identifier: account.identifier.clone(),
        subject: subject.common_name,
        der: certified.der,
        not_before: certified.not_before,
        not_after: certified.not_after,
        revoked_at: None,
    };
    store::insert(&state.db, &issued, certified.not_before).await?;
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
