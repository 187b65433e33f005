//! The counter's endpoints.

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::StatusCode;
use axum::routing::post;
use serde::Deserialize;
use sha2::{Digest as _, Sha256};
use shared::api::{ApplicationView, SaveApplication, Submission};
use shared::catalog::{Channel, catalog};
use shared::desk::{
    CONSENT, DESK_PAGE, DeskInfo, DeskQuery, HandOut, IntakeStage, IntakeSummary, IntakeView, NewIntake,
    POWER_OF_ATTORNEY, PowerOfAttorney, PresentedDocument, Representative, checklist_errors,
};
use shared::form::{ApplicationForm, Attachment, FieldError};
use shared::i18n::Msg;
use shared::page::{Cursor, Page};
use shared::signing::canonical_bytes;
use shared::workflow::{ApplicationStatus, Refusal};

use super::store::{self, Intake};
use super::{Counter, receipt};
use crate::applications::{self, Stored};
use crate::error::{ApiJson, ApiPath, ApiQuery};
use crate::operations::{Access, Api};
use crate::submission::{Filer, Signature};
use crate::systems::notary::{PowerRefused, Purpose};
use crate::{AppError, AppState, eds};

/// The scans a counter adds to an application's own documents.
const EXTRA: [&str; 2] = [CONSENT, POWER_OF_ATTORNEY];

/// The counter's routes.
pub fn router(max_upload_bytes: usize) -> Api {
    Api::new()
        .get("/desk", Access::Desk, "what this counter takes", info)
        .get("/desk/intakes", Access::Desk, "a page of the counter's intakes", list)
        .query::<DeskQuery>()
        .post("/desk/intakes", Access::Desk, "start an intake", create)
        .body::<NewIntake>()
        .post(
            "/desk/arrivals",
            Access::Desk,
            "the applicant is back with the receipt: the hand-out's 20 minutes start",
            arrival,
        )
        .body::<shared::desk::Arrival>()
        .get("/desk/intakes/{id}", Access::Desk, "an intake", get)
        .put(
            "/desk/intakes/{id}/representative",
            Access::Desk,
            "the representative and their power of attorney (checked in the notary register)",
            representative,
        )
        .body::<Option<Representative>>()
        .post(
            "/desk/intakes/{id}/consent",
            Access::Desk,
            "record the applicant's written consent; the register's data fills the form",
            consent,
        )
        .get(
            "/desk/intakes/{id}/application",
            Access::Desk,
            "the application being filled",
            application,
        )
        .put(
            "/desk/intakes/{id}/application",
            Access::Desk,
            "save the application being filled",
            save,
        )
        .body::<SaveApplication>()
        .route(
            axum::http::Method::POST,
            "/desk/intakes/{id}/attachments/{document}",
            Access::Desk,
            "attach a scan (PDF, JPEG or PNG)",
            post(attach).layer(DefaultBodyLimit::max(max_upload_bytes + 1024)),
        )
        .query::<UploadQuery>()
        .raw_body()
        .delete(
            "/desk/intakes/{id}/attachments/{document}/{sha256}",
            Access::Desk,
            "remove a scan",
            detach,
        )
        .put(
            "/desk/intakes/{id}/documents",
            Access::Desk,
            "the checklist of paper documents presented",
            documents,
        )
        .body::<Vec<PresentedDocument>>()
        .post(
            "/desk/intakes/{id}/payments",
            Access::Desk,
            "pay by card at the counter's terminal (the payment gateway)",
            terminal,
        )
        .post(
            "/desk/intakes/{id}/payment-order",
            Access::Desk,
            "pay by the payment order the applicant shows",
            payment_order,
        )
        .post(
            "/desk/intakes/{id}/submission",
            Access::Desk,
            "sign with the operator's EDS and send to the provider",
            submit,
        )
        .body::<Submission>()
        .get(
            "/desk/intakes/{id}/handover.svg",
            Access::Desk,
            "the QR code that opens the application on the applicant's phone, to pay and sign there",
            handover,
        )
        .get(
            "/desk/intakes/{id}/receipt.pdf",
            Access::Desk,
            "the receipt (or, at the provider, the inventory list or the application's copy)",
            receipt_pdf,
        )
        .get(
            "/desk/intakes/{id}/result.pdf",
            Access::Desk,
            "the result document, printed for the hand-out",
            result_pdf,
        )
        .post(
            "/desk/intakes/{id}/received",
            Access::Desk,
            "the result has reached the counter",
            received,
        )
        .post(
            "/desk/intakes/{id}/hand-out",
            Access::Desk,
            "hand the result out against the receipt and the ID",
            hand_out,
        )
        .body::<HandOut>()
}

#[derive(Deserialize, schemars::JsonSchema)]
struct UploadQuery {
    #[serde(default)]
    name: String,
}

async fn info(counter: Counter) -> ApiJson<DeskInfo> {
    ApiJson(DeskInfo {
        channel: counter.channel,
        services: catalog()
            .desk_services(&counter.staff.provider)
            .iter()
            .map(|s| s.code.clone())
            .collect(),
        takes: counter.takes,
    })
}

async fn list(
    State(state): State<AppState>,
    counter: Counter,
    ApiQuery(q): ApiQuery<DeskQuery>,
) -> Result<ApiJson<Page<IntakeSummary>>, AppError> {
    let after = crate::error::cursor(q.after.as_deref())?;
    let receipt = q.receipt.as_deref().map(str::trim).filter(|r| !r.is_empty());
    let rows = store::page(&state.db, &counter.staff.provider, receipt, after.as_ref(), DESK_PAGE).await?;
    Ok(ApiJson(Page::cut(rows, DESK_PAGE, |i: &IntakeSummary| {
        Cursor::new(i.updated_at, &i.id)
    })))
}

/// The intake of the counter's organisation, and its application.
async fn load(state: &AppState, counter: &Counter, id: &str) -> Result<(Intake, String, Stored), AppError> {
    let intake = store::get(&state.db, &counter.staff.provider, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let (owner, stored) = applications::get_any(&state.db, &intake.application_id)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok((intake, owner, stored))
}

/// An intake that is still being taken, by a member who takes intakes.
async fn open(state: &AppState, counter: &Counter, id: &str) -> Result<(Intake, String, Stored), AppError> {
    counter.taking()?;
    let loaded = load(state, counter, id).await?;
    if loaded.0.stage.0 != IntakeStage::Open {
        return Err(AppError::Conflict(Msg::StaffDeskNotOpen));
    }
    Ok(loaded)
}

async fn view_of(state: &AppState, intake: Intake, stored: Stored) -> Result<IntakeView, AppError> {
    let applicant_name = crate::cases::applicant_name(&stored.form);
    let application = applications::view(state, stored).await?;
    Ok(IntakeView {
        id: intake.id,
        channel: intake.channel.0,
        operator: intake.operator_name,
        created_at: intake.created_at,
        applicant_id: intake.applicant_id,
        applicant_name,
        representative: intake.representative.map(|r| r.0),
        consent: intake.consent_at.map(|at| shared::desk::Consent {
            at,
            by: intake.consent_by_name.unwrap_or_default(),
        }),
        documents: intake.documents.0,
        stage: intake.stage.0,
        receipt: intake.receipt,
        received_at: intake.received_at,
        arrived_at: intake.arrived_at,
        handed_out: intake.handed_out_at.map(|at| shared::desk::HandedOut {
            at,
            by: intake.handed_out_by_name.unwrap_or_default(),
            to: intake.handed_to.unwrap_or_default(),
        }),
        application,
    })
}

async fn answer(state: &AppState, counter: &Counter, id: &str) -> Result<ApiJson<IntakeView>, AppError> {
    let (mut intake, _, stored) = load(state, counter, id).await?;
    // Handed over to the applicant's phone, the application was signed and
    // sent there: the counter's intake is sent too, with its receipt.
    if intake.stage.0 == IntakeStage::Open && !stored.status.is_editable() {
        give_receipt(state, id).await?;
        intake = load(state, counter, id).await?.0;
    }
    Ok(ApiJson(view_of(state, intake, stored).await?))
}

/// Numbers the receipt of a sent intake (once: a second call finds it sent).
async fn give_receipt(state: &AppState, id: &str) -> Result<(), AppError> {
    let now = state.clock.now();
    let mut tx = state.db.pool.begin().await?;
    let number = crate::numbering::receipt(&mut tx, now.local_date().year()).await?;
    if store::mark_sent(&mut tx, id, &number, now.unix()).await? {
        tx.commit().await?;
    }
    Ok(())
}

async fn get(
    State(state): State<AppState>,
    counter: Counter,
    ApiPath(id): ApiPath<String>,
) -> Result<ApiJson<IntakeView>, AppError> {
    answer(&state, &counter, &id).await
}

async fn arrival(
    State(state): State<AppState>,
    counter: Counter,
    ApiJson(body): ApiJson<shared::desk::Arrival>,
) -> Result<ApiJson<IntakeView>, AppError> {
    counter.taking()?;
    let receipt = body.receipt.trim();
    let now = state.clock.now().unix();
    let Some(id) = store::arrive(&state.db, &counter.staff.provider, receipt, now).await? else {
        return Err(AppError::Invalid(vec![FieldError::new(
            "receipt",
            Msg::StaffDeskReceiptUnknown,
        )]));
    };
    answer(&state, &counter, &id).await
}

async fn create(
    State(state): State<AppState>,
    counter: Counter,
    ApiJson(body): ApiJson<NewIntake>,
) -> Result<(StatusCode, ApiJson<IntakeView>), AppError> {
    counter.taking()?;
    let service = catalog().service(&body.service);
    let mut errors = body.errors(service, counter.channel);
    if !counter_serves(&counter, &body.service) && errors.is_empty() {
        errors.push(FieldError::new("service", Msg::StaffDeskService));
    }
    let (Some(service), true) = (service, errors.is_empty()) else {
        return Err(AppError::Invalid(errors));
    };
    let identifier = body.applicant.trim();
    // Identification: the register must know the applicant ("data cannot
    // be obtained" otherwise, seed 001:173); its data is read only once
    // the applicant has consented.
    if state.registers.applicant(body.applicant_kind, identifier).is_none() {
        return Err(AppError::Invalid(vec![FieldError::new(
            "applicant",
            Msg::RefusalNotInRegister,
        )]));
    }
    let now = state.clock.now().unix();
    let owner = match store::account_of(&state.db, body.applicant_kind, identifier).await? {
        Some(account) => account,
        None => {
            let id = applications::new_id()?;
            store::open_counter_account(&state.db, &id, body.applicant_kind, identifier, now).await?
        }
    };
    let mut form = ApplicationForm::new(&service.code, body.request_type, body.applicant_kind);
    match body.applicant_kind {
        shared::catalog::ApplicantKind::Ie => form.applicant.ie.iin = identifier.to_owned(),
        shared::catalog::ApplicantKind::Le => form.applicant.le.bin = identifier.to_owned(),
    }
    let application = applications::new_id()?;
    let id = applications::new_id()?;
    let kept = store::kept_power(&state.db, identifier, &counter.staff.provider).await?;
    let mut tx = state.db.pool.begin().await?;
    applications::insert(&mut *tx, &application, &owner, &form, now).await?;
    let intake = store::NewIntake {
        id: &id,
        org: &counter.staff.provider,
        channel: counter.channel,
        operator: &counter.staff.id,
        application: &application,
        kind: body.applicant_kind,
        applicant: identifier,
        representative: kept.as_ref(),
        now,
    };
    store::insert(&mut tx, &intake).await?;
    tx.commit().await?;
    Ok((StatusCode::CREATED, answer(&state, &counter, &id).await?))
}

fn counter_serves(counter: &Counter, service: &str) -> bool {
    catalog()
        .desk_services(&counter.staff.provider)
        .iter()
        .any(|s| s.code == service)
}

/// The notary register's answer as a field error at `path`.
fn power_error(path: &str, refused: PowerRefused) -> AppError {
    let message = match refused {
        PowerRefused::NotFound => Msg::StaffDeskPoaNotFound,
        PowerRefused::Revoked => Msg::StaffDeskPoaRevoked,
        PowerRefused::Expired => Msg::StaffDeskPoaExpired,
        PowerRefused::Mismatch => Msg::StaffDeskPoaMismatch,
        PowerRefused::OutOfScope => Msg::StaffDeskPoaScope,
    };
    AppError::Invalid(vec![FieldError::new(path, message)])
}

/// Checks a notarised power in the notary register for the principal.
fn confirm_power(state: &AppState, principal: &str, r: &Representative, purpose: Purpose) -> Result<(), AppError> {
    if let PowerOfAttorney::Notarised { number, .. } = &r.power {
        let today = state.clock.now().local_date();
        state
            .notary
            .confirm(number, principal, &r.iin, purpose, today)
            .map_err(|e| power_error("representative.power.number", e))?;
    }
    Ok(())
}

async fn representative(
    State(state): State<AppState>,
    counter: Counter,
    ApiPath(id): ApiPath<String>,
    ApiJson(body): ApiJson<Option<Representative>>,
) -> Result<ApiJson<IntakeView>, AppError> {
    let (intake, ..) = open(&state, &counter, &id).await?;
    let now = state.clock.now();
    if let Some(r) = &body {
        let errors = r.errors(now.local_date());
        if !errors.is_empty() {
            return Err(AppError::Invalid(errors));
        }
        confirm_power(&state, &intake.applicant_id, r, Purpose::Apply)?;
    }
    if !store::set_representative(&state.db, &id, body.as_ref(), now.unix()).await? {
        return Err(AppError::Conflict(Msg::StaffDeskNotOpen));
    }
    if let Some(
        r @ Representative {
            power: PowerOfAttorney::Notarised { .. },
            ..
        },
    ) = &body
    {
        store::keep_power(&state.db, &intake.applicant_id, &counter.staff.provider, r, now.unix()).await?;
    }
    answer(&state, &counter, &id).await
}

async fn consent(
    State(state): State<AppState>,
    counter: Counter,
    ApiPath(id): ApiPath<String>,
) -> Result<ApiJson<IntakeView>, AppError> {
    let (intake, owner, stored) = open(&state, &counter, &id).await?;
    // The server's list of files, not the stored form's copy of it.
    let files = crate::attachments::for_application(&state.db, &stored.id).await?;
    if files.get(CONSENT).is_none_or(Vec::is_empty) {
        return Err(AppError::Invalid(vec![FieldError::new(
            format!("documents.{CONSENT}"),
            Msg::StaffDeskConsentScan,
        )]));
    }
    let now = state.clock.now().unix();
    if !store::set_consent(&state.db, &id, &counter.staff.id, now).await? {
        return Err(AppError::Conflict(Msg::StaffDeskNotOpen));
    }
    // With consent, the register's data fills the form (as the portal
    // pre-fills an applicant's draft), once.
    if intake.consent_at.is_none()
        && let Some(registered) = state.registers.applicant(intake.applicant_kind.0, &intake.applicant_id)
    {
        let mut form = stored.form.clone();
        form.applicant = registered;
        let body = SaveApplication {
            version: stored.version,
            form,
        };
        applications::save(
            &state,
            &owner,
            stored,
            body,
            intake.applicant_kind.0,
            &intake.applicant_id,
        )
        .await?;
    }
    answer(&state, &counter, &id).await
}

async fn application(
    State(state): State<AppState>,
    counter: Counter,
    ApiPath(id): ApiPath<String>,
) -> Result<ApiJson<ApplicationView>, AppError> {
    let (_, _, stored) = load(&state, &counter, &id).await?;
    Ok(ApiJson(applications::view(&state, stored).await?))
}

async fn save(
    State(state): State<AppState>,
    counter: Counter,
    ApiPath(id): ApiPath<String>,
    ApiJson(body): ApiJson<SaveApplication>,
) -> Result<ApiJson<ApplicationView>, AppError> {
    let (intake, owner, stored) = open(&state, &counter, &id).await?;
    if intake.consent_at.is_none() {
        return Err(AppError::Conflict(Msg::StaffDeskConsentMissing));
    }
    let kind = intake.applicant_kind.0;
    Ok(ApiJson(
        applications::save(&state, &owner, stored, body, kind, &intake.applicant_id).await?,
    ))
}

async fn attach(
    State(state): State<AppState>,
    counter: Counter,
    ApiPath((id, document)): ApiPath<(String, String)>,
    ApiQuery(query): ApiQuery<UploadQuery>,
    body: Result<Bytes, BytesRejection>,
) -> Result<(StatusCode, ApiJson<Attachment>), AppError> {
    let (_, owner, stored) = open(&state, &counter, &id).await?;
    let file = crate::attachments::File {
        id: &stored.id,
        document: &document,
        name: &query.name,
    };
    let attachment = crate::attachments::attach(&state, &owner, &file, &EXTRA, body).await?;
    Ok((StatusCode::CREATED, ApiJson(attachment)))
}

async fn detach(
    State(state): State<AppState>,
    counter: Counter,
    ApiPath((id, document, sha256)): ApiPath<(String, String, String)>,
) -> Result<StatusCode, AppError> {
    let (_, owner, stored) = open(&state, &counter, &id).await?;
    crate::attachments::detach(&state, &owner, &stored.id, &document, &sha256, &EXTRA).await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn documents(
    State(state): State<AppState>,
    counter: Counter,
    ApiPath(id): ApiPath<String>,
    ApiJson(body): ApiJson<Vec<PresentedDocument>>,
) -> Result<ApiJson<IntakeView>, AppError> {
    let (_, _, stored) = open(&state, &counter, &id).await?;
    let service = applications::service_of(&stored.service)?;
    if let Some(d) = body
        .iter()
        .find(|d| !service.documents.iter().any(|s| s.id == d.document))
    {
        return Err(AppError::Malformed(format!("no such document: {}", d.document)));
    }
    if !store::set_documents(&state.db, &id, &body, state.clock.now().unix()).await? {
        return Err(AppError::Conflict(Msg::StaffDeskNotOpen));
    }
    answer(&state, &counter, &id).await
}

async fn terminal(
    State(state): State<AppState>,
    counter: Counter,
    ApiPath(id): ApiPath<String>,
) -> Result<(StatusCode, ApiJson<shared::api::Checkout>), AppError> {
    let (_, owner, stored) = open(&state, &counter, &id).await?;
    let (status, checkout) = crate::payments::online(&state, &owner, &stored.id).await?;
    Ok((status, ApiJson(checkout)))
}

async fn payment_order(
    State(state): State<AppState>,
    counter: Counter,
    ApiPath(id): ApiPath<String>,
) -> Result<ApiJson<IntakeView>, AppError> {
    let (_, owner, stored) = open(&state, &counter, &id).await?;
    crate::payments::by_order(&state, &owner, &stored.id).await?;
    answer(&state, &counter, &id).await
}

/// What must hold before the operator signs: consent, the checklist
/// complete, a notarised power confirmed again by the register.
fn ready_to_sign(state: &AppState, intake: &Intake, stored: &Stored) -> Result<(), AppError> {
    if intake.consent_at.is_none() {
        return Err(AppError::Conflict(Msg::StaffDeskConsentMissing));
    }
    let service = applications::service_of(&stored.service)?;
    let representative = intake.representative.as_ref().map(|r| &r.0);
    let errors = checklist_errors(
        service,
        stored.request_type,
        &intake.documents.0,
        &stored.form.attachments,
        representative,
    );
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    if let Some(r) = representative {
        confirm_power(state, &intake.applicant_id, r, Purpose::Apply)?;
    }
    Ok(())
}

async fn submit(
    State(state): State<AppState>,
    counter: Counter,
    ApiPath(id): ApiPath<String>,
    ApiJson(body): ApiJson<Submission>,
) -> Result<ApiJson<IntakeView>, AppError> {
    let key = body.idempotency_key.trim();
    if key.is_empty() || key.len() > 100 {
        return Err(AppError::Malformed(
            "an idempotency key of 1 to 100 characters is required".to_owned(),
        ));
    }
    counter.taking()?;
    let (intake, owner, mut stored) = load(&state, &counter, &id).await?;
    if intake.stage.0 != IntakeStage::Open {
        // A repeated sending with its key answers the sent intake.
        return match crate::submission::registered_key(&state.db, &stored.id)
            .await?
            .as_deref()
            == Some(key)
        {
            true => answer(&state, &counter, &id).await,
            false => Err(AppError::Conflict(Msg::SubmissionAlreadySent)),
        };
    }
    // `ready` writes the server's list of files into the form, which the
    // checklist is then checked against.
    let chain = crate::submission::ready(&state, &mut stored, body.version).await?;
    ready_to_sign(&state, &intake, &stored)?;
    let message = canonical_bytes(&stored.id, &stored.form);
    let staff = &counter.staff;
    let signer = eds::Signer::Staff {
        id: &staff.id,
        iin: &staff.iin,
    };
    let role = shared::workflow::Role::Operator;
    let (to, info) = crate::submission::verify(&state, signer, role, &stored, &chain, &body, &message).await?;
    let digest = eds::hex(&Sha256::digest(&message));
    let signature = Signature::of(key, &digest, &body, &info);
    let by = Filer {
        id: &staff.id,
        role: staff.role,
        channel: intake.channel.0,
    };
    if !crate::submission::record(&state, &owner, &stored, to, &signature, by).await? {
        return Err(AppError::Conflict(Msg::DraftChanged));
    }
    give_receipt(&state, &id).await?;
    // At the provider's own counter the clerk who took the file registers
    // it in the journal at once: the applicant's paper carries its incoming
    // number (seed 004 §8.1, 003:361).
    if intake.channel.0 == Channel::Provider {
        crate::cases::act(&state, staff, &stored.id, shared::review::CaseAction::Register).await?;
    }
    answer(&state, &counter, &id).await
}

/// The QR code of the application's check page in the portal: the
/// applicant opens it on their own phone, signs in (or registers, claiming
/// the account the counter opened) and pays and signs with their own
/// certificate; the counter's page follows. Only for a file the counter
/// has completed: consent, the checklist, the power confirmed.
async fn handover(
    State(state): State<AppState>,
    counter: Counter,
    ApiPath(id): ApiPath<String>,
) -> Result<axum::response::Response, AppError> {
    let (intake, _, mut stored) = open(&state, &counter, &id).await?;
    applications::server_side(&state, &stored.id, &mut stored.form).await?;
    ready_to_sign(&state, &intake, &stored)?;
    let url = format!(
        "{}/applications/{}/check",
        state.public_url.trim_end_matches('/'),
        stored.id
    );
    let code = qrcode::QrCode::with_error_correction_level(url.as_bytes(), qrcode::EcLevel::M)
        .map_err(|e| AppError::Internal(format!("QR code: {e}")))?;
    let svg = code
        .render::<qrcode::render::svg::Color<'_>>()
        .min_dimensions(240, 240)
        .build();
    let mut response = axum::response::IntoResponse::into_response(svg);
    let headers = response.headers_mut();
    headers.insert(
        axum::http::header::CONTENT_TYPE,
        axum::http::HeaderValue::from_static("image/svg+xml"),
    );
    headers.insert(
        axum::http::header::CACHE_CONTROL,
        axum::http::HeaderValue::from_static("no-store"),
    );
    Ok(response)
}

async fn receipt_pdf(
    State(state): State<AppState>,
    counter: Counter,
    ApiPath(id): ApiPath<String>,
) -> Result<axum::response::Response, AppError> {
    let (intake, _, stored) = load(&state, &counter, &id).await?;
    let Some(number) = intake.receipt.clone() else {
        return Err(AppError::NotFound);
    };
    let bytes = receipt::document(&state, &intake, &stored, &number).await?;
    Ok(crate::results::pdf_response(bytes, &number))
}

async fn result_pdf(
    State(state): State<AppState>,
    counter: Counter,
    ApiPath(id): ApiPath<String>,
) -> Result<axum::response::Response, AppError> {
    let (intake, _, _) = load(&state, &counter, &id).await?;
    crate::results::document(&state, &intake.application_id).await
}

async fn received(
    State(state): State<AppState>,
    counter: Counter,
    ApiPath(id): ApiPath<String>,
) -> Result<ApiJson<IntakeView>, AppError> {
    counter.taking()?;
    let (intake, _, stored) = load(&state, &counter, &id).await?;
    if intake.channel.0 != Channel::ServiceCentre {
        return Err(AppError::Refused(Refusal::NotAllowed));
    }
    if !matches!(stored.status, ApplicationStatus::Issued | ApplicationStatus::Refused) {
        return Err(AppError::Conflict(Msg::StaffDeskNotDispatched));
    }
    if !store::mark_received(&state.db, &id, &counter.staff.id, state.clock.now().unix()).await? {
        return Err(AppError::Conflict(Msg::StaffDeskNotDispatched));
    }
    answer(&state, &counter, &id).await
}

async fn hand_out(
    State(state): State<AppState>,
    counter: Counter,
    ApiPath(id): ApiPath<String>,
    ApiJson(body): ApiJson<HandOut>,
) -> Result<ApiJson<IntakeView>, AppError> {
    counter.taking()?;
    let errors = body.errors();
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    let (intake, _, stored) = load(&state, &counter, &id).await?;
    // A centre's result is here once the courier brought it; at the
    // provider's own counter, once it is decided.
    let decided = matches!(stored.status, ApplicationStatus::Issued | ApplicationStatus::Refused);
    let here = match intake.channel.0 {
        Channel::Provider => intake.stage.0 == IntakeStage::Sent && decided,
        _ => intake.stage.0 == IntakeStage::ResultHere,
    };
    if !here {
        return Err(AppError::Conflict(Msg::StaffDeskNotHere));
    }
    if intake.receipt.as_deref() != Some(body.receipt.trim()) {
        return Err(AppError::Invalid(vec![FieldError::new(
            "receipt",
            Msg::StaffDeskReceiptWrong,
        )]));
    }
    let iin = body.iin.trim();
    entitled(&state, &intake, iin)?;
    if !store::mark_handed_out(&state.db, &id, &counter.staff.id, iin, state.clock.now().unix()).await? {
        return Err(AppError::Conflict(Msg::StaffDeskNotHere));
    }
    answer(&state, &counter, &id).await
}

/// Whether the person with this IIN may take the result: the applicant
/// (an entrepreneur's own IIN), or the representative whose notarised
/// power, confirmed again by the register, covers receiving (001:145).
fn entitled(state: &AppState, intake: &Intake, iin: &str) -> Result<(), AppError> {
    if iin == intake.applicant_id {
        return Ok(());
    }
    let refused = || AppError::Invalid(vec![FieldError::new("iin", Msg::StaffDeskNotEntitled)]);
    match intake.representative.as_ref().map(|r| &r.0) {
        Some(
            r @ Representative {
                power: PowerOfAttorney::Notarised { number, .. },
                ..
            },
        ) if r.iin == iin => {
            let today = state.clock.now().local_date();
            state
                .notary
                .confirm(number, &intake.applicant_id, iin, Purpose::Receive, today)
                .map_err(|e| match e {
                    PowerRefused::OutOfScope | PowerRefused::Revoked | PowerRefused::Expired => power_error("iin", e),
                    _ => refused(),
                })
                .map(|_| ())
        }
        _ => Err(refused()),
    }
}
