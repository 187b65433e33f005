//! The fee, and paying it online at the gateway or by a payment order
//! handed in with its scan.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;
use shared::api::{ApplicationView, Checkout};
use shared::form::{PAYMENT_ORDER, PaymentMethod, WizardStep, validate_step};
use shared::i18n::Msg;
use shared::workflow::ApplicationStatus;

use super::{Wizard, beneficiary, frame};
use crate::api;
use crate::i18n::{t, use_lang};
use crate::ui::application::steps::upload_control;
use crate::ui::form::{ErrorSummary, Label, Radios};

/// The fee, and paying it online or by payment order.
pub fn payment(w: Wizard) -> impl IntoView {
    let lang = use_lang();
    let navigate = use_navigate();
    let busy = RwSignal::new(false);
    let problem = RwSignal::new(None::<String>);
    let errors = Memo::new(move |_| {
        let ctx = w.context();
        w.form.with(|f| validate_step(f, w.service, &WizardStep::Payment, &ctx))
    });
    let summary = w.summary(errors);
    let rt = w.form.with_untracked(|f| f.request_type);
    // The fee at the index of the payment year (the payment order's date,
    // or today), as the server computed it; none while that year's index is
    // not yet published.
    let fee_line = move || {
        let l = lang.get();
        let (fee, year) = w.view.with(|v| (v.fee, v.fee_year));
        let year = if year > 0 { year } else { w.today.year() };
        match fee {
            Some(fee) => Msg::WizardFee
                .text(l)
                .replace(
                    "{mrp}",
                    &w.service.fee.map(|f| f.fee(rt).to_string()).unwrap_or_default(),
                )
                .replace("{tenge}", &fee.format(l))
                .replace("{year}", &year.to_string()),
            None => Msg::PaymentFeeNotPublished.text(l).replace("{year}", &year.to_string()),
        }
    };
    let unpublished = Memo::new(move |_| w.view.with(|v| v.fee.is_none()));
    let paid = Memo::new(move |_| w.view.with(|v| v.status) == ApplicationStatus::Paid);
    let method = Signal::derive(move || match w.form.with(|f| f.payment.method) {
        Some(PaymentMethod::Online) => "online".to_owned(),
        Some(PaymentMethod::Order) => "order".to_owned(),
        None => String::new(),
    });
    let refused = move |e: api::ApiError| {
        let fields = e.field_errors();
        if fields.is_empty() {
            problem.set(Some(e.message(lang.get_untracked())));
        } else {
            w.server_errors.set(fields);
            w.focus.update(|f| *f += 1);
        }
    };
    let pay_online = move |_| {
        if !w.may_continue(errors) {
            return;
        }
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        problem.set(None);
        w.server_errors.set(Vec::new());
        spawn_local(async move {
            if let Err(e) = w.sync().await {
                refused(e);
                busy.set(false);
                return;
            }
            let url = format!("/api/applications/{}/payments", w.id.get_value());
            match api::call::<Checkout>("POST", &url, None::<&()>).await {
                Ok(c) => {
                    let _ = window()
                        .location()
                        .assign(&format!("{}?lang={}", c.url, lang.get_untracked().code()));
                }
                Err(e) => {
                    refused(e);
                    busy.set(false);
                }
            }
        });
    };
    let pay_order = {
        let navigate = navigate.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            if !w.may_continue(errors) {
                return;
            }
            if busy.get_untracked() {
                return;
            }
            busy.set(true);
            problem.set(None);
            w.server_errors.set(Vec::new());
            let navigate = navigate.clone();
            spawn_local(async move {
                let done = match w.sync().await {
                    Ok(()) => {
                        let url = format!("/api/applications/{}/payment-order", w.id.get_value());
                        api::call::<ApplicationView>("POST", &url, None::<&()>).await
                    }
                    Err(e) => Err(e),
                };
                busy.set(false);
                match done {
                    Ok(v) => {
                        w.accept(v);
                        navigate(&format!("/applications/{}/sign", w.id.get_value()), Default::default());
                    }
                    Err(e) => refused(e),
                }
            });
        }
    };
    let order_fields = move || {
        (method.get() == "order").then(|| {
            view! {
                <form on:submit=pay_order.clone() novalidate class="rq-order">
                    <p class="rq-hint">{t(Msg::WizardPayOrderHint)}</p>
                    {PAYMENT_ORDER.iter().map(|f| w.field(errors, frame(f, 0))).collect_view()}
                    {move || w.error_at(errors, "payment.scan".into()).get().map(|e| view! { <p class="rq-error-message" id="f-payment-scan">{e}</p> })}
                    {upload_control(w, "payment-order".into(), Label::Msg(Msg::LabelPaymentScan))}
                    <button class="rq-button" type="submit" data-action="pay-order" disabled=move || busy.get()>
                        {t(Msg::WizardSubmitOrder)}
                    </button>
                </form>
            }
        })
    };
    let last = move || {
        w.view.with(|v| v.payment).filter(|_| !paid.get()).map(|p| {
            let kind = if matches!(p, shared::api::PaymentState::Pending) { "info" } else { "error" };
            view! { <div class=format!("rq-notice rq-notice--{kind}") role="status" data-payment=format!("{p:?}").to_lowercase()>{p.label().text(lang.get())}</div> }
        })
    };
    view! {
        <p class="rq-fee" class:rq-notice=unpublished class:rq-notice--info=unpublished data-fee=move || w.view.with(|v| v.fee.map(|f| f.tiyn()).unwrap_or_default())>{fee_line}</p>
        {move || problem.get().map(|p| view! { <div class="rq-notice rq-notice--error" role="alert">{p}</div> })}
        <ErrorSummary errors={summary} focus={w.focus.read_only()}/>
        {move || paid.get().then(|| view! {
            <div class="rq-panel rq-panel--success" data-paid="true">
                <p>{Msg::WizardPaidContinue.text(lang.get())}</p>
                <A href=format!("/applications/{}/sign", w.id.get_value()) attr:class="rq-button" attr:data-action="continue">
                    {t(Msg::CommonContinue)}
                </A>
            </div>
        })}
        <div class:rq-hidden=move || paid.get()>
            {last}
            <Radios path={"payment.method".into()} legend={Label::Msg(Msg::LabelPaymentMethod)} options={vec![("online".into(), Label::Msg(Msg::WizardPayOnline)), ("order".into(), Label::Msg(Msg::WizardPayOrder))]} value={method} error={w.error_at(errors, "payment.method".into())} on_change={move |v: String| w.edit(|f| f.payment.method = Some(if v == "order" { PaymentMethod::Order } else { PaymentMethod::Online }))}/>
            {move || (method.get() == "online").then(|| view! {
                <p class="rq-hint">{t(Msg::WizardPayOnlineHint)}</p>
                {beneficiary(w, errors)}
                <button class="rq-button" type="button" data-action="pay-online" disabled=move || busy.get() on:click=pay_online>
                    {t(Msg::WizardGoToGateway)}
                </button>
            })}
            {order_fields}
        </div>
    }
}
