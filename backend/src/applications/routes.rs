//! The application endpoints of the applicant's cabinet and wizard.

use axum::extract::State;
use axum::http::StatusCode;
use shared::api::{
    ApplicationSummary, ApplicationView, ApplicationsQuery, CABINET_PAGE, NewApplication, SaveApplication, Search,
};
use shared::catalog::{ApplicantKind, Service, catalog};
use shared::form::{ApplicationForm, Context, PaymentMethod, validate};
use shared::i18n::Msg;
use shared::page::{Cursor, Page};
use shared::workflow::Refusal;

use super::store::{self, Stored};
use crate::auth::CurrentAccount;
use crate::error::{ApiJson, ApiPath, ApiQuery};
use crate::operations::{Access, Api};
use crate::{AppError, AppState};

/// The application routes.
pub fn router() -> Api {
    Api::new()
        .get(
            "/applications",
            Access::Applicant,
            "a page of the applicant's applications",
            list_applications,
        )
        .query::<ApplicationsQuery>()
        .post("/applications", Access::Applicant, "start a draft", create_application)
        .body::<NewApplication>()
        .get(
            "/applications/{id}",
            Access::Applicant,
            "an application",
            get_application,
        )
        .put(
            "/applications/{id}",
            Access::Applicant,
            "save a draft",
            save_application,
        )
        .body::<SaveApplication>()
        .delete(
            "/applications/{id}",
            Access::Applicant,
            "delete a draft (withdraw one with a payment)",
            delete_application,
        )
}

pub(crate) fn service_of(code: &str) -> Result<&'static Service, AppError> {
    catalog().service(code).ok_or(AppError::NotFound)
}

/// The year whose MRP index prices a payment: the payment order's date,
/// when it is one (the day the bank took it), else today.
pub(crate) fn payment_year(form: &ApplicationForm, today: shared::date::Date) -> i32 {
    match form.payment.method {
        Some(shared::form::PaymentMethod::Order) => form
            .payment
            .order
            .document_date
            .trim()
            .parse::<shared::date::Date>()
            .map_or(today.year(), |d| d.year()),
        _ => today.year(),
    }
}

/// What validation needs and what the views show of the fee.
pub(crate) struct Priced {
    /// Today and the fee due.
    pub ctx: Context,
    /// The payment year the fee is for.
    pub year: i32,
    /// How the latest payment went, if one was started.
    pub payment: Option<shared::api::PaymentState>,
}

/// Validation needs today's date and the fee: what was paid online, once
/// paid, else the fee at the payment year's index (none while that year
/// has no index). The latest payment, read once here, comes along.
pub(crate) async fn context(
    state: &AppState,
    id: &str,
    service: &Service,
    form: &ApplicationForm,
) -> Result<Priced, AppError> {
    let today = state.clock.now().local_date();
    let year = payment_year(form, today);
    let last = crate::payments::last(&state.db, id).await?;
    let paid_online = match &last {
        Some(p) if p.state == shared::api::PaymentState::Paid && form.payment.method != Some(PaymentMethod::Order) => {
            Some(shared::money::Tenge::from_tiyn(p.amount))
        }
        _ => None,
    };
    let fee = match paid_online {
        Some(paid) => Some(paid),
        None => match service.fee {
            // A free service has no amount to show or to check an order against.
            None => None,
            Some(rule) => crate::reference::mrp_index(&state.db, year)
                .await?
                .map(|index| rule.fee_at_index(form.request_type, index)),
        },
    };
    Ok(Priced {
        ctx: Context { today, fee },
        year,
        payment: last.map(|p| p.state),
    })
}

/// The application as its owner sees it: the attachments from the server's
/// own list, and the server's validation of the whole content.
pub(crate) async fn view(state: &AppState, mut s: Stored) -> Result<ApplicationView, AppError> {
    let service = service_of(&s.service)?;
    server_side(state, &s.id, &mut s.form).await?;
    let Priced {
        ctx,
        year: fee_year,
        payment,
    } = context(state, &s.id, service, &s.form).await?;
    let errors = validate(&s.form, service, &ctx);
    let payment_order = crate::payments::order::check(&state.db, &s.id, &s.form, service, s.status).await?;
    Ok(ApplicationView {
        id: s.id,
        number: s.number,
        status: s.status,
        version: s.version,
        form: s.form,
        updated_at: s.updated_at,
        due_at: s.due_at,
        errors,
        payment,
        fee: ctx.fee,
        fee_year,
        max_upload_bytes: state.max_upload_bytes as u64,
        payment_order,
    })
}

/// What only the server may say in a form: the list of attachments, and the
/// payment order's scan (the first file attached as `payment-order`).
pub(crate) async fn server_side(state: &AppState, id: &str, form: &mut ApplicationForm) -> Result<(), AppError> {
    let attachments = crate::attachments::for_application(&state.db, id).await?;
    form.payment.order.scan = attachments
        .get(crate::attachments::PAYMENT_ORDER)
        .and_then(|files| files.first())
        .map(|a| a.sha256.clone())
        .unwrap_or_default();
    form.attachments = attachments;
    Ok(())
}

/// Writes the applicant's identity into a form: their IIN or BIN, and the
/// names the state register holds for it.
fn identity(state: &AppState, kind: ApplicantKind, identifier: &str, form: &mut ApplicationForm) {
    let registered = state.registers.applicant(kind, identifier);
    let a = &mut form.applicant;
    match kind {
        ApplicantKind::Ie => {
            a.ie.iin = identifier.to_owned();
            if let Some(r) = registered {
                a.ie.surname = r.ie.surname;
                a.ie.given_name = r.ie.given_name;
                a.ie.patronymic = r.ie.patronymic;
            }
        }
        ApplicantKind::Le => {
            a.le.bin = identifier.to_owned();
            if let Some(r) = registered {
                a.le.full_name = r.le.full_name;
            }
        }
    }
}

/// A new random id: 12 bytes, hex.
pub(crate) fn new_id() -> Result<String, AppError> {
    let mut bytes = [0u8; 12];
    getrandom::fill(&mut bytes).map_err(|e| AppError::Internal(format!("no randomness: {e}")))?;
    Ok(crate::eds::hex(&bytes))
}

async fn create_application(
    State(state): State<AppState>,
    current: CurrentAccount,
    ApiJson(body): ApiJson<NewApplication>,
) -> Result<(StatusCode, ApiJson<ApplicationView>), AppError> {
    let service = service_of(&body.service)?;
    let account = &current.account;
    if !service.applicants.contains(&account.kind) || !service.request_types.contains(&body.request_type) {
        return Err(AppError::Refused(Refusal::NotAllowed));
    }
    if store::unsent_count(&state.db, &account.id).await? >= state.quota.drafts {
        return Err(AppError::Conflict(Msg::DraftTooMany));
    }
    let mut form = ApplicationForm::new(&service.code, body.request_type, account.kind);
    // Pre-filled from the state register; the applicant may edit it.
    if let Some(registered) = state.registers.applicant(account.kind, &account.identifier) {
        form.applicant = registered;
    }
    let id = new_id()?;
    store::insert(&state.db.pool, &id, &account.id, &form, state.clock.now().unix()).await?;
    let stored = store::get(&state.db, &account.id, &id)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok((StatusCode::CREATED, ApiJson(view(&state, stored).await?)))
}

async fn list_applications(
    State(state): State<AppState>,
    current: CurrentAccount,
    ApiQuery(q): ApiQuery<ApplicationsQuery>,
) -> Result<ApiJson<Page<ApplicationSummary>>, AppError> {
    let after = crate::error::cursor(q.after.as_deref())?;
    let number = match q.search(&current.account.identifier) {
        Search::All => None,
        Search::Number(n) => Some(n),
        Search::Nothing => {
            return Ok(ApiJson(Page::cut(
                Vec::new(),
                CABINET_PAGE,
                |a: &ApplicationSummary| Cursor::new(a.updated_at, &a.id),
            )));
        }
    };
    let rows = store::page(&state.db, &current.account.id, number.as_deref(), after.as_ref()).await?;
    Ok(ApiJson(Page::cut(rows, CABINET_PAGE, |a| {
        Cursor::new(a.updated_at, &a.id)
    })))
}

async fn get_application(
    State(state): State<AppState>,
    current: CurrentAccount,
    ApiPath(id): ApiPath<String>,
) -> Result<ApiJson<ApplicationView>, AppError> {
    let stored = store::get(&state.db, &current.account.id, &id)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(ApiJson(view(&state, stored).await?))
}

async fn save_application(
    State(state): State<AppState>,
    current: CurrentAccount,
    ApiPath(id): ApiPath<String>,
    ApiJson(body): ApiJson<SaveApplication>,
) -> Result<ApiJson<ApplicationView>, AppError> {
    let a = &current.account;
    let stored = store::get(&state.db, &a.id, &id).await?.ok_or(AppError::NotFound)?;
    Ok(ApiJson(save(&state, &a.id, stored, body, a.kind, &a.identifier).await?))
}

/// Saves a draft's new content with the version it was based on: the
/// service, request type and applicant kind fixed, the server's list of
/// files and the applicant's identity written over what the browser sent.
/// For the owner's own wizard and for the counter that fills it for them.
pub(crate) async fn save(
    state: &AppState,
    owner: &str,
    stored: Stored,
    body: SaveApplication,
    kind: ApplicantKind,
    identifier: &str,
) -> Result<ApplicationView, AppError> {
    let id = stored.id.clone();
    if !stored.status.is_editable() {
        return Err(AppError::Conflict(Msg::DraftNotEditable));
    }
    // The service, request type and applicant kind are fixed when the draft starts.
    let mut form = body.form;
    // The browser's list of attachments is not trusted: the server's stands.
    server_side(state, &id, &mut form).await?;
    if form.service != stored.service || form.request_type != stored.request_type || form.applicant.kind != kind {
        return Err(AppError::Malformed(
            "the service, request type and applicant kind cannot change".to_owned(),
        ));
    }
    // Who applies is the account's and the state register's to say, never
    // the browser's: the IIN/BIN and the names are written over on every
    // save (the public register shows the holder's name from here).
    identity(state, kind, identifier, &mut form);
    if !store::save(&state.db, owner, &id, body.version, &form, state.clock.now().unix()).await? {
        return Err(AppError::Conflict(Msg::DraftChanged));
    }
    let stored = store::get(&state.db, owner, &id).await?.ok_or(AppError::NotFound)?;
    view(state, stored).await
}

async fn delete_application(
    State(state): State<AppState>,
    current: CurrentAccount,
    ApiPath(id): ApiPath<String>,
) -> Result<StatusCode, AppError> {
    let owner = &current.account.id;
    let stored = store::get(&state.db, owner, &id).await?.ok_or(AppError::NotFound)?;
    if !stored.status.is_editable() {
        return Err(AppError::Conflict(Msg::DraftNotEditable));
    }
    // Money is never forgotten: an application with a payment (paid,
    // pending, or one that failed) is withdrawn and kept with its payments.
    if crate::payments::any_for(&state.db, &id).await? {
        let chain = service_of(&stored.service)?.chain(stored.request_type);
        let to = shared::workflow::transition(
            &chain,
            stored.status,
            shared::workflow::Actor::new(shared::workflow::Role::Applicant),
            shared::workflow::Action::Withdraw,
        )?;
        if !store::set_status(&state.db.pool, &id, stored.status, to, state.clock.now().unix()).await? {
            return Err(AppError::Conflict(Msg::DraftChanged));
        }
        crate::facts::withdrawn(&state, &id, &stored.service).await?;
        return Ok(StatusCode::NO_CONTENT);
    }
    // A counter's intake keeps its application: the applicant sees it, the
    // operator fills it.
    if store::at_counter(&state.db, &id).await? {
        return Err(AppError::Conflict(Msg::DraftAtCounter));
    }
    store::delete(&state.db, owner, &id).await?;
    Ok(StatusCode::NO_CONTENT)
}
