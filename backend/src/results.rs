//! The result documents of a decided application, as PDF: the licence
//! (with a QR code of its verification page) or the reasoned refusal. The
//! applicant gets their own; the provider's staff their cases' (the external
//! body only what was referred to it).

pub mod pdf;
mod store;

use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use shared::kinds::ResultDocument;
use shared::review::DecisionOutcome;
use shared::workflow::ApplicationStatus;

use crate::auth::CurrentAccount;
use crate::error::ApiPath;
use crate::operations::{Access, Api};
use crate::staff::CurrentStaff;
use crate::{AppError, AppState};

/// The result documents' routes.
pub fn router() -> Api {
    Api::new()
        .get(
            "/applications/{id}/result.pdf",
            Access::Applicant,
            "the result document",
            owner_document,
        )
        .get(
            "/staff/cases/{id}/result.pdf",
            Access::Staff,
            "a case's result document",
            staff_document,
        )
}

/// The result document of a decided application: the licence or the
/// refusal (for the counter that hands it out, too).
pub(crate) async fn document(state: &AppState, id: &str) -> Result<Response, AppError> {
    let case = crate::cases::load(&state.db, id).await?.ok_or(AppError::NotFound)?;
    let verify_url = |number: &str| format!("{}/verify?number={number}", state.public_url.trim_end_matches('/'));
    let bytes = match case.status {
        ApplicationStatus::Issued => {
            let sealed = case.channel == shared::catalog::Channel::Provider;
            let licence = match crate::licences::produced(&state.db, id)
                .await?
                .ok_or(AppError::NotFound)?
            {
                crate::licences::Produced::Annex { annex, licence } => {
                    let bytes = pdf::annex(&annex, &licence, &verify_url(&annex.number), sealed)?;
                    return Ok(pdf_response(bytes, &case.number));
                }
                crate::licences::Produced::Licence(l) => l,
            };
            match licence.document() {
                ResultDocument::Licence => {
                    // The annexes issued with the licence, each a page of
                    // its own with its own verification.
                    let with = crate::licences::annexes_of_application(&state.db, id).await?;
                    let annexes: Vec<_> = with.iter().map(|a| (a, verify_url(&a.number))).collect();
                    pdf::licence_with_annexes(&licence, &verify_url(&licence.number), sealed, &annexes)?
                }
                ResultDocument::Certificate => {
                    let signed = store::signed_decision(&state.db, id).await?.ok_or(AppError::NotFound)?;
                    let outcome: DecisionOutcome =
                        serde_json::from_str(&signed.outcome).map_err(|e| AppError::Internal(e.to_string()))?;
                    let DecisionOutcome::Issue {
                        collection: Some(c), ..
                    } = outcome
                    else {
                        return Err(AppError::Internal(
                            "a certificate without its place of collection".to_owned(),
                        ));
                    };
                    pdf::collection_notice(&licence, &c.place, &c.date, &verify_url(&licence.number))?
                }
            }
        }
        ApplicationStatus::Refused => {
            let signed = store::signed_decision(&state.db, id).await?.ok_or(AppError::NotFound)?;
            let outcome: DecisionOutcome =
                serde_json::from_str(&signed.outcome).map_err(|e| AppError::Internal(e.to_string()))?;
            let DecisionOutcome::Refuse { grounds, explanation } = outcome else {
                return Err(AppError::NotFound);
            };
            pdf::refusal(&pdf::Refusal {
                title: pdf::refusal_title(&case.service, case.request_type),
                application: &case.number,
                applicant: &case.applicant_name,
                applicant_id: &case.applicant_id,
                service: &case.service,
                provider: &case.provider,
                grounds: &grounds,
                explanation: &explanation,
                signed_at: signed.signed_at,
                signer: &signed.signer,
                serial: &signed.serial,
                verify_url: &format!("{}/verify?code={}", state.public_url.trim_end_matches('/'), signed.code),
            })?
        }
        _ => return Err(AppError::NotFound),
    };
    Ok(pdf_response(bytes, &case.number))
}

/// A PDF answered inline, named `{name}.pdf`, never cached by others.
pub(crate) fn pdf_response(bytes: Vec<u8>, name: &str) -> Response {
    let mut response = bytes.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/pdf"));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-cache"));
    let name = format!("inline; filename=\"{name}.pdf\"");
    if let Ok(v) = HeaderValue::from_str(&name) {
        headers.insert(header::CONTENT_DISPOSITION, v);
    }
    response
}

async fn owner_document(
    State(state): State<AppState>,
    current: CurrentAccount,
    ApiPath(id): ApiPath<String>,
) -> Result<Response, AppError> {
    crate::applications::owned(&state.db, &current.account.id, &id)
        .await?
        .ok_or(AppError::NotFound)?;
    document(&state, &id).await
}

async fn staff_document(
    State(state): State<AppState>,
    current: CurrentStaff,
    ApiPath(id): ApiPath<String>,
) -> Result<Response, AppError> {
    // As for the case itself: the provider's own, and for the external body
    // only a case whose conclusion it was asked for.
    crate::cases::case_for(&state, &current.staff, &id).await?;
    document(&state, &id).await
}
