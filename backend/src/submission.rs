//! Signing and sending: the server verifies the applicant's EDS over the
//! canonical bytes of the application as it stored it, registers the
//! application with a number and a due date, and keeps the signed snapshot,
//! never to change. One idempotency key registers once, however often it is
//! sent.

mod store;

use axum::extract::State;
use sha2::{Digest as _, Sha256};
use shared::api::{ApplicationView, Submission};
use shared::calendar::Calendar;
use shared::form::validate;
use shared::i18n::Msg;
use shared::signing::canonical_bytes;
use shared::workflow::{Action, Actor, ApplicationStatus, Role, SignatureCheck, transition};

use crate::applications::{self, Stored, encode};
use crate::auth::CurrentAccount;
use crate::error::{ApiJson, ApiPath};
use crate::operations::{Access, Api};
use crate::{AppError, AppState, eds, notifications};

/// The submission route.
pub fn router() -> Api {
    Api::new()
        .post(
            "/applications/{id}/submission",
            Access::Applicant,
            "sign and send (once per idempotency key)",
            submit,
        )
        .body::<Submission>()
}

/// The answer to a repeated sending: the registered application, when the
/// key is the one it was registered with.
async fn replay(state: &AppState, owner: &str, id: &str, key: &str) -> Result<ApiJson<ApplicationView>, AppError> {
    if store::registered_key(&state.db, id).await?.as_deref() != Some(key) {
        return Err(AppError::Conflict(Msg::SubmissionAlreadySent));
    }
    let stored = applications::owned(&state.db, owner, id)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(ApiJson(applications::view(state, stored).await?))
}

async fn submit(
    State(state): State<AppState>,
    current: CurrentAccount,
    ApiPath(id): ApiPath<String>,
    ApiJson(body): ApiJson<Submission>,
) -> Result<ApiJson<ApplicationView>, AppError> {
    let owner = &current.account.id;
    let key = body.idempotency_key.trim();
    if key.is_empty() || key.len() > 100 {
        return Err(AppError::Malformed(
            "an idempotency key of 1 to 100 characters is required".to_owned(),
        ));
    }
    let mut stored: Stored = applications::owned(&state.db, owner, &id)
        .await?
        .ok_or(AppError::NotFound)?;
    if !stored.status.is_editable() {
        return replay(&state, owner, &id, key).await;
    }
    let service = applications::service_of(&stored.service)?;
    let chain = service.chain(stored.request_type);
    // Unpaid: refused before anything else, with the seeds' message.
    if stored.status != ApplicationStatus::Paid {
        transition(
            &chain,
            stored.status,
            Actor::new(Role::Applicant),
            Action::SignAndSend {
                check: SignatureCheck::Valid,
            },
        )?;
    }
    if stored.version != body.version {
        return Err(AppError::Conflict(Msg::DraftChanged));
    }
    applications::server_side(&state, &id, &mut stored.form).await?;
    let ctx = applications::context(&state, &id, service, &stored.form).await?.ctx;
    let errors = validate(&stored.form, service, &ctx);
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    let now = state.clock.now();
    let message = canonical_bytes(&id, &stored.form);
    let signer = eds::Signer::Applicant {
        account: owner,
        identifier: stored.form.applicant_id(),
    };
    let (check, info) = eds::check(
        &state.db,
        state.ca.root(),
        &body.certificate,
        &body.signature,
        &message,
        now.unix(),
        signer,
    )
    .await?;
    let to = transition(
        &chain,
        stored.status,
        Actor::new(Role::Applicant),
        Action::SignAndSend { check },
    )?;
    let info = info.ok_or_else(|| AppError::Internal("a valid signature without a certificate".to_owned()))?;
    let due = chain
        .deadline(Calendar::standard(), now)
        .map_err(|e| AppError::Internal(format!("the calendar: {e}")))?;

    let mut tx = state.db.pool.begin().await?;
    let number = crate::numbering::application(&mut tx, &service.code, now.local_date().year()).await?;
    let sent = store::Sent {
        id: &id,
        owner,
        from: &encode(&stored.status)?,
        version: body.version,
        to: &encode(&to)?,
        number: &number,
        due_at: due.unix(),
        form: &encode(&stored.form)?,
        at: now.unix(),
    };
    let registered = store::register(&mut tx, &sent).await?;
    if !registered {
        // Another request registered it, or the draft changed meanwhile.
        tx.rollback().await?;
        return match applications::owned(&state.db, owner, &id).await? {
            Some(s) if !s.status.is_editable() => replay(&state, owner, &id, key).await,
            _ => Err(AppError::Conflict(Msg::DraftChanged)),
        };
    }
    let signed = store::Signed {
        id: &id,
        key,
        form: &encode(&stored.form)?,
        canonical_sha256: &eds::hex(&Sha256::digest(&message)),
        signature: body.signature.trim(),
        certificate: body.certificate.trim(),
        serial: &info.serial,
        at: now.unix(),
    };
    store::keep_signed(&mut tx, &signed).await?;
    crate::cases::start_case(
        &mut tx,
        &id,
        &stored.form,
        &chain,
        &service.provider,
        (owner, &info.common_name),
        now,
    )
    .await?;
    tx.commit().await?;

    notifications::notify(
        &state.db,
        owner,
        now.unix(),
        Msg::NotifyRegistered,
        &[("number", number), ("date", due.local_date().to_string())],
        Some(&id),
    )
    .await?;
    let stored = applications::owned(&state.db, owner, &id)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(ApiJson(applications::view(&state, stored).await?))
}
