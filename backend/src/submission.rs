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
use shared::catalog::Channel;
use shared::form::validate;
use shared::i18n::Msg;
use shared::signing::canonical_bytes;
use shared::workflow::{Action, Actor, ApplicationStatus, Chain, Role, SignatureCheck, transition};

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

/// The idempotency key an application was registered with, if it was.
pub(crate) async fn registered_key(db: &crate::db::Db, id: &str) -> Result<Option<String>, AppError> {
    Ok(store::registered_key(db, id).await?)
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
    let chain = ready(&state, &mut stored, body.version).await?;
    let message = canonical_bytes(&id, &stored.form);
    let signer = eds::Signer::Applicant {
        account: owner,
        identifier: stored.form.applicant_id(),
    };
    let (to, info) = verify(&state, signer, Role::Applicant, &stored, &chain, &body, &message).await?;
    let digest = eds::hex(&Sha256::digest(&message));
    let signature = Signature::of(key, &digest, &body, &info);
    let by = Filer {
        id: owner,
        role: Role::Applicant,
        channel: Channel::Portal,
    };
    if !record(&state, owner, &stored, to, &signature, by).await? {
        // Another request registered it, or the draft changed meanwhile.
        return match applications::owned(&state.db, owner, &id).await? {
            Some(s) if !s.status.is_editable() => replay(&state, owner, &id, key).await,
            _ => Err(AppError::Conflict(Msg::DraftChanged)),
        };
    }
    let stored = applications::owned(&state.db, owner, &id)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(ApiJson(applications::view(&state, stored).await?))
}

/// Whether a stored application may be signed as the applicant saw it:
/// paid (the seeds' message otherwise, before anything else), the version
/// signed the one stored, the content valid with the register's data
/// written in again. Answers its chain.
pub(crate) async fn ready(state: &AppState, stored: &mut Stored, version: i64) -> Result<Chain, AppError> {
    let service = applications::service_of(&stored.service)?;
    let chain = service.chain(stored.request_type);
    if stored.status != ApplicationStatus::Paid {
        let valid = Action::SignAndSend {
            check: SignatureCheck::Valid,
        };
        transition(&chain, stored.status, Actor::new(Role::Applicant), valid)?;
    }
    if stored.version != version {
        return Err(AppError::Conflict(Msg::DraftChanged));
    }
    applications::server_side(state, &stored.id, &mut stored.form).await?;
    let ctx = applications::context(state, &stored.id, service, &stored.form)
        .await?
        .ctx;
    let errors = validate(&stored.form, service, &ctx);
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    Ok(chain)
}

/// A signature over the canonical bytes, checked by [`eds::check`] against
/// the signer (the account and the IIN/BIN in the form, or a counter's
/// staff member), moved by the actor of `role`: the status it sends the
/// application to, and the certificate's details.
pub(crate) async fn verify(
    state: &AppState,
    signer: eds::Signer<'_>,
    role: Role,
    stored: &Stored,
    chain: &Chain,
    body: &Submission,
    message: &[u8],
) -> Result<(ApplicationStatus, eds::CertificateInfo), AppError> {
    let now = state.clock.now().unix();
    let root = state.ca.root();
    let (check, info) = eds::check(
        &state.db,
        root,
        &body.certificate,
        &body.signature,
        message,
        now,
        signer,
    )
    .await?;
    let to = transition(chain, stored.status, Actor::new(role), Action::SignAndSend { check })?;
    let info = info.ok_or_else(|| AppError::Internal("a valid signature without a certificate".to_owned()))?;
    Ok((to, info))
}

/// The applicant's signature over an application, as it is kept.
pub(crate) struct Signature<'a> {
    /// The idempotency key it was sent with.
    pub key: &'a str,
    /// The SHA-256 of the canonical bytes, hex.
    pub canonical_sha256: &'a str,
    /// The signature, base64.
    pub signature: &'a str,
    /// The certificate, base64 DER.
    pub certificate: &'a str,
    /// The certificate's serial.
    pub serial: &'a str,
    /// Who signed, as the certificate names them.
    pub signer: &'a str,
}

impl<'a> Signature<'a> {
    /// The signature sent with `key`, over bytes of SHA-256 `digest`, by
    /// the certificate `info` describes.
    pub fn of(key: &'a str, digest: &'a str, body: &'a Submission, info: &'a eds::CertificateInfo) -> Signature<'a> {
        Signature {
            key,
            canonical_sha256: digest,
            signature: body.signature.trim(),
            certificate: body.certificate.trim(),
            serial: &info.serial,
            signer: &info.common_name,
        }
    }
}

/// Who filed a signed application, and through which channel: the
/// applicant on the portal, or an operator at a counter.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Filer<'a> {
    /// The account or the staff member, as the audit log names them.
    pub id: &'a str,
    /// The applicant, or the staff member's role.
    pub role: Role,
    /// The channel.
    pub channel: Channel,
}

/// Registers a signed application in one transaction: its number and due
/// date (a result going by courier to a service centre counts the
/// courier's limit), the signed snapshot kept never to change, the case
/// started at the first step of its chain; then tells the applicant. False
/// when another request registered it, or the draft changed, meanwhile.
pub(crate) async fn record(
    state: &AppState,
    owner: &str,
    stored: &Stored,
    to: ApplicationStatus,
    signed: &Signature<'_>,
    by: Filer<'_>,
) -> Result<bool, AppError> {
    let service = applications::service_of(&stored.service)?;
    let mut chain = service.chain(stored.request_type);
    if by.channel == Channel::ServiceCentre {
        chain = chain.by_courier();
    }
    let now = state.clock.now();
    let due = chain
        .deadline(Calendar::of_provider(&service.provider), now)
        .map_err(|e| AppError::Internal(format!("the calendar: {e}")))?;
    let form = encode(&stored.form)?;
    let mut tx = state.db.pool.begin().await?;
    let number = crate::numbering::application(&mut tx, &service.code, now.local_date().year()).await?;
    let sent = store::Sent {
        id: &stored.id,
        owner,
        from: &encode(&stored.status)?,
        version: stored.version,
        to: &encode(&to)?,
        number: &number,
        due_at: due.unix(),
        form: &form,
        at: now.unix(),
    };
    if !store::register(&mut tx, &sent).await? {
        return Ok(false);
    }
    let snapshot = store::Signed {
        id: &stored.id,
        key: signed.key,
        form: &form,
        canonical_sha256: signed.canonical_sha256,
        signature: signed.signature,
        certificate: signed.certificate,
        serial: signed.serial,
        at: now.unix(),
    };
    store::keep_signed(&mut tx, &snapshot).await?;
    let actor = (by.role, by.id, signed.signer);
    crate::cases::start_case(&mut tx, &stored.id, &stored.form, &chain, &service.provider, actor, now).await?;
    tx.commit().await?;
    // The date and the time the result is due (seed 003:363), as a moment
    // the cabinet writes in the reader's format.
    let args = [("number", number), ("date", due.unix().to_string())];
    notifications::notify(
        &state.db,
        owner,
        now.unix(),
        Msg::NotifyRegistered,
        &args,
        Some(&stored.id),
    )
    .await?;
    Ok(true)
}
