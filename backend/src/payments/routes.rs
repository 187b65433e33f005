//! Paying the fee: start an online payment, the gateway's notification, the
//! sandbox checkout page, and the payment order.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::{Router, response};
use serde::Deserialize;
use shared::api::{ApplicationView, Checkout, PaymentNotification, PaymentState};
use shared::form::{ApplicationForm, PaymentMethod, validate};
use shared::i18n::{Lang, Msg};
use shared::money::Tenge;
use shared::workflow::{Action, Actor, ApplicationStatus, Refusal, Role, transition};

use super::store::{self, Payment};
use crate::applications::{self, Stored};
use crate::auth::CurrentAccount;
use crate::error::{ApiForm, ApiJson, ApiPath, ApiQuery};
use crate::operations::{Access, Api};
use crate::{AppError, AppState, notifications};

/// The applicant's and the gateway's API routes.
pub fn router() -> Api {
    Api::new()
        .post(
            "/applications/{id}/payments",
            Access::Applicant,
            "start (or resume) the online payment",
            start_online,
        )
        .post(
            "/applications/{id}/payment-order",
            Access::Applicant,
            "pay by the payment order in the form",
            pay_by_order,
        )
        .post(
            "/payments/notifications",
            Access::Gateway,
            "the gateway's signed notification",
            notification,
        )
        .body::<shared::api::PaymentNotification>()
}

/// The sandbox gateway's own pages (outside `/api`).
pub fn sandbox_router() -> Router<AppState> {
    Router::new().route("/sandbox/gateway/{id}", get(checkout_page).post(checkout_submit))
}

/// The application, if its fee may be paid now.
async fn payable(state: &AppState, owner: &str, id: &str) -> Result<Stored, AppError> {
    let stored = applications::owned(&state.db, owner, id)
        .await?
        .ok_or(AppError::NotFound)?;
    if applications::service_of(&stored.service)?.is_free() {
        return Err(AppError::Conflict(Msg::PaymentNotRequired));
    }
    match stored.status {
        ApplicationStatus::Draft | ApplicationStatus::AwaitingPayment => Ok(stored),
        ApplicationStatus::Paid => Err(AppError::Conflict(Msg::PaymentAlreadyPaid)),
        _ => Err(AppError::Conflict(Msg::DraftNotEditable)),
    }
}

/// The whole form must be complete before the fee is taken.
async fn check_complete(state: &AppState, stored: &Stored, form: &ApplicationForm) -> Result<Tenge, AppError> {
    let service = applications::service_of(&stored.service)?;
    let mut form = form.clone();
    applications::server_side(state, &stored.id, &mut form).await?;
    let applications::Priced { ctx, year, .. } = applications::context(state, &stored.id, service, &form).await?;
    // Without the payment year's index there is no amount to take or to
    // check an order against: said before anything else.
    let fee = ctx.fee.ok_or(AppError::FeeNotPublished(year))?;
    let errors = validate(&form, service, &ctx);
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    Ok(fee)
}

/// Moves an application on by an actor's action, if it is still where it
/// was; `stored` follows.
async fn advance(state: &AppState, stored: &mut Stored, role: Role, action: Action) -> Result<(), AppError> {
    let chain = applications::service_of(&stored.service)?.chain(stored.request_type);
    let to = transition(&chain, stored.status, Actor::new(role), action)?;
    if !applications::set_status(&state.db.pool, &stored.id, stored.status, to, state.clock.now().unix()).await? {
        return Err(AppError::Conflict(Msg::DraftChanged));
    }
    stored.status = to;
    Ok(())
}

/// Completes the form if it is still a draft.
async fn complete_form(state: &AppState, stored: &mut Stored) -> Result<(), AppError> {
    if stored.status == ApplicationStatus::Draft {
        advance(state, stored, Role::Applicant, Action::CompleteForm).await?;
    }
    Ok(())
}

async fn start_online(
    State(state): State<AppState>,
    current: CurrentAccount,
    ApiPath(id): ApiPath<String>,
) -> Result<(StatusCode, ApiJson<Checkout>), AppError> {
    let (status, checkout) = online(&state, &current.account.id, &id).await?;
    Ok((status, ApiJson(checkout)))
}

/// Starts (or resumes) the online payment of an owner's application: for
/// the owner's wizard, and for the counter's terminal, where the applicant
/// pays by card at the gateway.
pub(crate) async fn online(state: &AppState, owner: &str, id: &str) -> Result<(StatusCode, Checkout), AppError> {
    let mut stored = payable(state, owner, id).await?;
    let mut form = stored.form.clone();
    form.payment.method = Some(PaymentMethod::Online);
    let fee = check_complete(state, &stored, &form).await?;
    complete_form(state, &mut stored).await?;
    let (status, payment) = open_payment(state, id, fee).await?;
    let checkout = Checkout {
        url: state.gateway.checkout_url(&payment.id),
        payment_id: payment.id,
        amount: Tenge::from_tiyn(payment.amount),
    };
    Ok((status, checkout))
}

/// The application's pending payment of `fee`, or a new one (created): a
/// double click or coming back to pay finds the one that stands; a pending
/// one of another amount (a new year's index meanwhile) is cancelled, as
/// the gateway's page takes only pending ones.
async fn open_payment(state: &AppState, id: &str, fee: Tenge) -> Result<(StatusCode, Payment), AppError> {
    if let Some(p) = store::pending(&state.db, id).await? {
        if p.amount == fee.tiyn() {
            return Ok((StatusCode::OK, p));
        }
        let now = state.clock.now().unix();
        store::finish(&state.db.pool, &p.id, PaymentState::Cancelled, "fee changed", now).await?;
    }
    let payment = Payment {
        id: applications::new_id()?,
        application_id: id.to_owned(),
        amount: fee.tiyn(),
        state: PaymentState::Pending,
    };
    if store::insert(&state.db, &payment, state.clock.now().unix()).await? {
        return Ok((StatusCode::CREATED, payment));
    }
    // Another click made one at the same moment: that one stands.
    let p = store::pending(&state.db, id)
        .await?
        .ok_or(AppError::Conflict(Msg::DraftChanged))?;
    Ok((StatusCode::OK, p))
}

async fn pay_by_order(
    State(state): State<AppState>,
    current: CurrentAccount,
    ApiPath(id): ApiPath<String>,
) -> Result<ApiJson<ApplicationView>, AppError> {
    by_order(&state, &current.account.id, &id).await?;
    let stored = applications::owned(&state.db, &current.account.id, &id)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(ApiJson(applications::view(&state, stored).await?))
}

/// Pays an owner's application by the payment order in its form: for the
/// owner's wizard, and for the counter where the applicant shows one.
pub(crate) async fn by_order(state: &AppState, owner: &str, id: &str) -> Result<(), AppError> {
    let mut stored = payable(state, owner, id).await?;
    // Never paid twice: an online payment under way is finished or
    // cancelled at the gateway first.
    if store::pending(&state.db, id).await?.is_some() {
        return Err(AppError::Conflict(Msg::PaymentOnlinePending));
    }
    if stored.form.payment.method != Some(PaymentMethod::Order) {
        return Err(AppError::Invalid(vec![shared::form::FieldError::new(
            "payment.method",
            Msg::PaymentMethodMissing,
        )]));
    }
    // The amount must equal the fee, the scan must be attached: the whole
    // form is checked. The treasury's statement is asked at once; an order
    // it does not have yet awaits the office's clerk (seed 000:111).
    check_complete(state, &stored, &stored.form.clone()).await?;
    complete_form(state, &mut stored).await?;
    advance(state, &mut stored, Role::System, Action::ConfirmPayment).await?;
    let now = state.clock.now().unix();
    super::order::confirm_on_hand_in(&state.db, &*state.treasury, id, &stored.form, now).await?;
    notify_paid(state, owner, &stored).await
}

async fn notify_paid(state: &AppState, owner: &str, stored: &Stored) -> Result<(), AppError> {
    let service = applications::service_of(&stored.service)?;
    notifications::notify(
        &state.db,
        owner,
        state.clock.now().unix(),
        Msg::NotifyPaid,
        &[("service", service.short_title.get(Lang::Ru).to_owned())],
        Some(&stored.id),
    )
    .await?;
    Ok(())
}

async fn notification(State(state): State<AppState>, headers: HeaderMap, body: Bytes) -> Result<StatusCode, AppError> {
    let signature = headers
        .get("x-gateway-signature")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    accept(&state, &body, signature).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Accepts a gateway notification: checks its signature, ends the pending
/// payment once and, on success, marks the application paid in the same
/// transaction. A repeated notification changes nothing, except that it
/// repairs an application a crash left unpaid behind its paid payment.
/// Returns the payment.
pub async fn accept(state: &AppState, body: &[u8], signature: &str) -> Result<Payment, AppError> {
    if !state.gateway.verify(body, signature) {
        return Err(AppError::BadSignature);
    }
    let n: PaymentNotification =
        serde_json::from_slice(body).map_err(|e| AppError::Malformed(format!("notification: {e}")))?;
    let payment = store::get(&state.db, &n.payment_id).await?.ok_or(AppError::NotFound)?;
    let now = state.clock.now().unix();
    if payment.state != PaymentState::Pending {
        if payment.state == PaymentState::Paid {
            confirm(state, &payment, None).await?;
        }
        return Ok(payment);
    }
    let outcome = match n.outcome {
        PaymentState::Pending => return Err(AppError::Malformed("a notification ends a payment".to_owned())),
        PaymentState::Paid if n.amount.tiyn() != payment.amount => {
            store::finish(&state.db.pool, &payment.id, PaymentState::Failed, &n.reference, now).await?;
            return Err(AppError::Conflict(Msg::PaymentAmountWrong));
        }
        other => other,
    };
    let mut tx = state.db.pool.begin().await?;
    if store::finish(&mut *tx, &payment.id, outcome, &n.reference, now).await? && outcome == PaymentState::Paid {
        confirm(state, &payment, Some(tx)).await?;
    } else {
        tx.commit().await?;
    }
    Ok(Payment {
        state: outcome,
        ..payment
    })
}

/// Marks the application of a paid payment paid, if it still awaits one,
/// inside the transaction that ended the payment when there is one; and
/// tells the applicant.
async fn confirm(
    state: &AppState,
    payment: &Payment,
    tx: Option<sqlx::Transaction<'static, sqlx::Any>>,
) -> Result<(), AppError> {
    let (owner, stored) = applications::get_any(&state.db, &payment.application_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let chain = applications::service_of(&stored.service)?.chain(stored.request_type);
    let first_notice = tx.is_some();
    let moved = match transition(&chain, stored.status, Actor::new(Role::System), Action::ConfirmPayment) {
        Ok(to) => {
            let now = state.clock.now().unix();
            let moved = match tx {
                Some(mut tx) => {
                    let moved = applications::set_status(&mut *tx, &stored.id, stored.status, to, now).await?;
                    tx.commit().await?;
                    moved
                }
                None => applications::set_status(&state.db.pool, &stored.id, stored.status, to, now).await?,
            };
            moved.then_some(to)
        }
        // Already paid (the usual repeated notification), paid twice over
        // two payments, or withdrawn meanwhile: the money is recorded on
        // the payment; nothing to move.
        Err(Refusal::NotAllowed) => {
            if let Some(tx) = tx {
                tx.commit().await?;
            }
            if first_notice {
                tracing::warn!(payment = %payment.id, "a payment confirmed for an application not awaiting one");
            }
            None
        }
        Err(e) => return Err(e.into()),
    };
    if let Some(status) = moved {
        notify_paid(state, &owner, &Stored { status, ..stored }).await?;
    }
    Ok(())
}

#[derive(Deserialize)]
struct LangQuery {
    #[serde(default)]
    lang: Option<String>,
    /// Where the payer goes back to: a counter's intake page (the counter's
    /// terminal), never another site.
    #[serde(default, rename = "return")]
    back: Option<String>,
}

/// The page a payer goes back to: the application's payment step, or the
/// counter's intake page when the payment was made at its terminal.
fn back_to(application: &str, back: Option<&str>, lang: &str) -> String {
    match back.filter(|b| is_counter_page(b)) {
        Some(b) => b.to_owned(),
        None => format!("/applications/{application}/payment?lang={lang}"),
    }
}

/// A counter's intake page: `/staff/desk/` and an id of letters and digits.
fn is_counter_page(path: &str) -> bool {
    path.strip_prefix("/staff/desk/")
        .is_some_and(|id| !id.is_empty() && id.len() <= 64 && id.bytes().all(|b| b.is_ascii_alphanumeric()))
}

fn lang_of(code: Option<&str>) -> Lang {
    match code {
        Some("kk") => Lang::Kk,
        Some("en") => Lang::En,
        _ => Lang::Ru,
    }
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The sandbox gateway's checkout page.
async fn checkout_page(
    State(state): State<AppState>,
    ApiPath(id): ApiPath<String>,
    ApiQuery(q): ApiQuery<LangQuery>,
) -> Result<Response, AppError> {
    let lang = lang_of(q.lang.as_deref());
    let payment = store::get(&state.db, &id).await?;
    let body = match payment.filter(|p| p.state == PaymentState::Pending) {
        None => format!("<p class=\"err\">{}</p>", Msg::GatewayUnknown.text(lang)),
        Some(p) => {
            let amount = Tenge::from_tiyn(p.amount).format(lang);
            // The beneficiary chosen in the application, and its bank, the
            // Treasury (seed 000:698-699).
            let chosen = applications::get_any(&state.db, &p.application_id)
                .await?
                .map(|(_, s)| s.form.payment.beneficiary)
                .unwrap_or_default();
            let beneficiary = shared::banks::tax_authority(&chosen).map_or(chosen, |a| a.label(lang));
            let bank = shared::banks::treasury();
            let button = |outcome: &str, msg: Msg, class: &str| {
                format!(
                    "<button name=\"outcome\" value=\"{outcome}\" class=\"{class}\">{}</button>",
                    escape(msg.text(lang))
                )
            };
            format!(
                "<p>{}</p><dl><dt>{}</dt><dd data-beneficiary>{}</dd><dt>{}</dt><dd>{}</dd></dl>\
                 <p class=\"amount\">{}: <strong>{}</strong></p>\
                 <form method=\"post\"><input type=\"hidden\" name=\"lang\" value=\"{}\">\
                 <input type=\"hidden\" name=\"return\" value=\"{}\">\
                 <label>{} <input name=\"card\" value=\"4400 0000 0000 0000\" inputmode=\"numeric\" autocomplete=\"off\"></label>\
                 {}{}{}</form>",
                escape(Msg::GatewayRecipient.text(lang)),
                escape(Msg::LabelBeneficiary.text(lang)),
                escape(&beneficiary),
                escape(Msg::LabelBeneficiaryBank.text(lang)),
                escape(&bank.label(lang)),
                escape(Msg::GatewayAmount.text(lang)),
                escape(&amount),
                lang.code(),
                escape(q.back.as_deref().filter(|b| is_counter_page(b)).unwrap_or_default()),
                escape(Msg::GatewayCard.text(lang)),
                button("paid", Msg::GatewayPay, "pay"),
                button("failed", Msg::GatewayDecline, "secondary"),
                button("cancelled", Msg::GatewayCancel, "secondary"),
            )
        }
    };
    Ok(Html(page(lang, &body)).into_response())
}

/// The gateway's page around its content, in its own plain style.
fn page(lang: Lang, body: &str) -> String {
    format!(
        "<!doctype html><html lang=\"{lang}\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>{title}</title>\
         <style>body{{font:16px/1.5 system-ui,sans-serif;max-width:32rem;margin:2rem auto;padding:0 1rem;color:#1b1b1b}}\
         h1{{font-size:1.5rem}}.amount{{font-size:1.25rem}}label{{display:block;margin:1rem 0}}\
         input{{display:block;width:100%;padding:.5rem;font:inherit;border:2px solid #1b1b1b;box-sizing:border-box}}\
         button{{display:block;width:100%;margin:.5rem 0;padding:.75rem;font:inherit;border:0;cursor:pointer}}\
         .pay{{background:#00703c;color:#fff}}.secondary{{background:#f3f2f1;color:#1b1b1b}}\
         .err{{color:#d4351c}}dt{{font-weight:700}}dd{{margin:0 0 .5rem}}header{{border-bottom:4px solid #1d70b8;margin-bottom:1rem}}</style></head>\
         <body><header><h1>{title}</h1></header>{body}</body></html>",
        lang = lang.code(),
        title = escape(Msg::GatewayTitle.text(lang)),
    )
}

#[derive(Deserialize)]
struct CheckoutForm {
    outcome: PaymentState,
    #[serde(default)]
    lang: Option<String>,
    #[serde(default, rename = "return")]
    back: Option<String>,
}

/// The applicant pressed a button at the sandbox gateway: the "bank" decides,
/// the gateway signs its notification and delivers it, and the applicant is
/// sent back to the application.
async fn checkout_submit(
    State(state): State<AppState>,
    ApiPath(id): ApiPath<String>,
    ApiForm(form): ApiForm<CheckoutForm>,
) -> Result<response::Redirect, AppError> {
    let payment = store::get(&state.db, &id).await?.ok_or(AppError::NotFound)?;
    let reference = format!(
        "SANDBOX-{}",
        applications::new_id()?.get(..10).unwrap_or_default().to_uppercase()
    );
    let notification = PaymentNotification {
        payment_id: payment.id.clone(),
        outcome: form.outcome,
        amount: Tenge::from_tiyn(payment.amount),
        reference,
    };
    let body = serde_json::to_vec(&notification).map_err(|e| AppError::Internal(e.to_string()))?;
    let sandbox = state.sandbox.as_ref().ok_or(AppError::NotFound)?;
    let signature = sandbox.gateway.sign(&body);
    accept(&state, &body, &signature).await?;
    let lang = lang_of(form.lang.as_deref()).code();
    Ok(Redirect::to(&back_to(
        &payment.application_id,
        form.back.as_deref(),
        lang,
    )))
}
