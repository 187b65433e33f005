//! The last steps: check your answers, pay, sign and send, and the
//! confirmation.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;
use shared::api::{ApplicationView, CertificateView, Checkout, Submission};
use shared::calendar::Timestamp;
use shared::catalog::FieldKind;
use shared::form::{
    FieldError, PAYMENT_ORDER, PaymentMethod, WizardStep, applicant_fields, field_label, reasons, validate_step,
};
use shared::i18n::{Lang, Msg};
use shared::signing::canonical_bytes;
use shared::workflow::ApplicationStatus;

use super::steps::upload_control;
use super::{Wizard, account_id, frame, now, step_title};
use crate::api;
use crate::eds;
use crate::i18n::{t, use_lang};
use crate::ui::form::{Label, error_summary, password_again, radios};
use crate::ui::format::{format_date, format_time};

/// The answers of a step, as (label, value) rows.
fn answers(w: Wizard, step: &WizardStep, lang: Lang) -> Vec<(String, String)> {
    let service = w.service;
    w.form.with(|f| {
        let row = |path: &str| (field_label(service, path, lang).unwrap_or_default(), f.value(path));
        match step {
            WizardStep::Request => {
                let reason = reasons(f.request_type)
                    .iter()
                    .find(|(v, _)| *v == f.request.reason)
                    .map(|(_, m)| m.text(lang).to_owned())
                    .unwrap_or_default();
                vec![
                    row("request.existing_licence"),
                    (Msg::LabelReason.text(lang).to_owned(), reason),
                ]
            }
            WizardStep::Applicant => applicant_fields(f.applicant.kind)
                .map(|field| row(field.path))
                .collect(),
            WizardStep::BankAccounts => f
                .bank_accounts
                .iter()
                .enumerate()
                .map(|(i, a)| {
                    (
                        Msg::WizardBankAccountN.text(lang).replace("{n}", &(i + 1).to_string()),
                        [a.iban.as_str(), a.bank_name.as_str(), a.bank_location.as_str()]
                            .into_iter()
                            .filter(|s| !s.trim().is_empty())
                            .collect::<Vec<_>>()
                            .join(", "),
                    )
                })
                .collect(),
            WizardStep::Service(id) => {
                let Some(step) = service.step(id) else {
                    return Vec::new();
                };
                let mut out = Vec::new();
                for section in &step.sections {
                    let rows = f.rows(id, &section.id);
                    for r in 0..rows {
                        for field in &section.fields {
                            let value = f.value(&format!("{id}.{}.{}[{r}]", section.id, field.id));
                            if value.trim().is_empty() {
                                continue;
                            }
                            let value = if field.kind == FieldKind::Choice {
                                field
                                    .options
                                    .iter()
                                    .find(|o| o.value == value)
                                    .map(|o| o.label.get(lang).to_owned())
                                    .unwrap_or(value)
                            } else {
                                value
                            };
                            let suffix = if rows > 1 {
                                format!(" ({})", r + 1)
                            } else {
                                String::new()
                            };
                            out.push((
                                format!("{} — {}{suffix}", section.title.get(lang), field.label.get(lang)),
                                value,
                            ));
                        }
                    }
                }
                out
            }
            WizardStep::Documents => service
                .documents_for(f.request_type)
                .map(|d| {
                    let names = f
                        .attachments
                        .get(&d.id)
                        .map(|l| l.iter().map(|a| a.name.clone()).collect::<Vec<_>>().join(", "))
                        .unwrap_or_default();
                    (d.title.get(lang).to_owned(), names)
                })
                .collect(),
            _ => Vec::new(),
        }
    })
}

/// Check your answers: every answer with a Change link that comes back here.
pub fn check(w: Wizard, steps: Vec<WizardStep>) -> impl IntoView {
    let lang = use_lang();
    let navigate = use_navigate();
    let id = w.id.get_value();
    let content: Vec<WizardStep> = steps
        .into_iter()
        .filter(|s| !matches!(s, WizardStep::Check | WizardStep::Payment | WizardStep::Sign))
        .collect();
    let missing = {
        let content = content.clone();
        Memo::new(move |_| {
            let ctx = w.context();
            w.form.with(|f| {
                content
                    .iter()
                    .flat_map(|s| validate_step(f, w.service, s, &ctx))
                    .collect::<Vec<FieldError>>()
            })
        })
    };
    let summary = Signal::derive(move || {
        let l = lang.get();
        if !w.show_all.get() {
            return Vec::new();
        }
        missing
            .get()
            .iter()
            .map(|e| (e.path.clone(), e.render(l, w.service)))
            .collect()
    });
    let cards = content
        .iter()
        .map(|step| {
            let step = step.clone();
            let change = format!("/applications/{id}/{}?return=check", step.slug());
            let title_step = step.clone();
            let slug = step.slug().to_owned();
            let slug_attr = slug.clone();
            view! {
                <section class="rq-summary-card" data-step=slug_attr>
                    <header class="rq-summary-card__header">
                        <h2 class="rq-heading-m">{move || step_title(w.service, &title_step, lang.get())}</h2>
                        <A href=change attr:class="rq-link" attr:data-change=slug>{t(Msg::CommonChange)}</A>
                    </header>
                    <dl class="rq-summary-list">
                        {move || {
                            answers(w, &step, lang.get())
                                .into_iter()
                                .map(|(label, value)| {
                                    let empty = value.trim().is_empty();
                                    view! {
                                        <div class="rq-summary-list__row">
                                            <dt>{label}</dt>
                                            <dd class:rq-muted=empty>
                                                {if empty { Msg::CommonNotProvided.text(lang.get()).to_owned() } else { value }}
                                            </dd>
                                        </div>
                                    }
                                })
                                .collect_view()
                        }}
                    </dl>
                </section>
            }
        })
        .collect_view();
    let cont = move |_| {
        if !w.may_continue(missing) {
            return;
        }
        spawn_local(async move {
            let _ = w.sync().await;
        });
        navigate(
            &format!("/applications/{}/payment", w.id.get_value()),
            Default::default(),
        );
    };
    view! {
        {move || (w.show_all.get() && !missing.with(Vec::is_empty)).then(|| view! {
            <div class="rq-notice rq-notice--error">{Msg::WizardCheckIncomplete.text(lang.get())}</div>
        })}
        {error_summary(summary, w.focus.read_only())}
        {cards}
        <button class="rq-button" type="button" data-action="continue" on:click=cont>{t(Msg::CommonContinue)}</button>
    }
}

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
                .replace("{mrp}", &w.service.fee.fee(rt).to_string())
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
        {error_summary(summary, w.focus.read_only())}
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
            {radios(
                "payment.method".into(),
                Label::Msg(Msg::LabelPaymentMethod),
                vec![("online".into(), Label::Msg(Msg::WizardPayOnline)), ("order".into(), Label::Msg(Msg::WizardPayOrder))],
                method,
                w.error_at(errors, "payment.method".into()),
                move |v: String| w.edit(|f| f.payment.method = Some(if v == "order" { PaymentMethod::Order } else { PaymentMethod::Online })),
            )}
            {move || (method.get() == "online").then(|| view! {
                <p class="rq-hint">{t(Msg::WizardPayOnlineHint)}</p>
                <button class="rq-button" type="button" data-action="pay-online" disabled=move || busy.get() on:click=pay_online>
                    {t(Msg::WizardGoToGateway)}
                </button>
            })}
            {order_fields}
        </div>
    }
}

/// A certificate in force, not revoked, not expired.
fn in_force(c: &CertificateView) -> bool {
    let t = now().unix();
    c.revoked_at.is_none() && c.not_before <= t && t <= c.not_after
}

/// Sign and send: the certificate on this device, the digest, the signature.
pub fn sign(w: Wizard) -> impl IntoView {
    let lang = use_lang();
    let navigate = use_navigate();
    let account = account_id();
    let certificate = RwSignal::new(None::<CertificateView>);
    let loaded = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let problem = RwSignal::new(None::<String>);
    let digest = RwSignal::new(String::new());
    // One key for every retry of this sending.
    let key = StoredValue::new(format!(
        "{:x}-{:x}",
        js_sys::Date::now() as u64,
        (js_sys::Math::random() * 1e15) as u64
    ));
    {
        let account = account.clone();
        spawn_local(async move {
            let device = eds::serial(&account).await;
            if let Ok(list) = api::get::<Vec<CertificateView>>("/api/certificates").await {
                certificate.set(list.into_iter().find(|c| in_force(c) && c.serial == device));
            }
            loaded.set(true);
            let _ = w.sync().await;
            let bytes = w.view.with_untracked(|v| canonical_bytes(&v.id, &v.form));
            digest.set(eds::digest(&bytes).await);
        });
    }
    let password = RwSignal::new(String::new());
    let password_error = RwSignal::new(None::<String>);
    let get_certificate = {
        let account = account.clone();
        move |()| {
            let account = account.clone();
            busy.set(true);
            problem.set(None);
            password_error.set(None);
            spawn_local(async move {
                let result = eds::obtain_certificate(&account, password.get_untracked(), lang.get_untracked()).await;
                match result {
                    Ok(c) => {
                        password.set(String::new());
                        certificate.set(Some(c));
                    }
                    Err(eds::CertificateProblem::Password(m)) => password_error.set(Some(m)),
                    Err(eds::CertificateProblem::Other(m)) => problem.set(Some(m)),
                }
                busy.set(false);
            });
        }
    };
    let send = {
        let account = account.clone();
        move |_| {
            let Some(cert) = certificate.get_untracked() else {
                return;
            };
            if busy.get_untracked() {
                return;
            }
            busy.set(true);
            problem.set(None);
            w.server_errors.set(Vec::new());
            let account = account.clone();
            let navigate = navigate.clone();
            spawn_local(async move {
                let result = async {
                    w.sync().await.map_err(|e| e.message(lang.get_untracked()))?;
                    let (id, version, bytes) = w
                        .view
                        .with_untracked(|v| (v.id.clone(), v.version, canonical_bytes(&v.id, &v.form)));
                    let signature = eds::sign(&account, &bytes)
                        .await
                        .map_err(|_| Msg::CertKeyElsewhere.text(lang.get_untracked()).to_owned())?;
                    let body = Submission {
                        version,
                        certificate: cert.der.clone(),
                        signature,
                        idempotency_key: key.get_value(),
                    };
                    api::call::<ApplicationView>("POST", &format!("/api/applications/{id}/submission"), Some(&body))
                        .await
                        .map_err(|e| {
                            let fields = e.field_errors();
                            if !fields.is_empty() {
                                w.server_errors.set(fields);
                            }
                            e.message(lang.get_untracked())
                        })
                }
                .await;
                busy.set(false);
                match result {
                    Ok(v) => {
                        w.accept(v);
                        navigate(&format!("/applications/{}/sent", w.id.get_value()), Default::default());
                    }
                    Err(p) => problem.set(Some(p)),
                }
            });
        }
    };
    let unpaid = move || w.view.with(|v| v.status) != ApplicationStatus::Paid;
    let server_list = move || {
        let l = lang.get();
        w.server_errors
            .get()
            .into_iter()
            .map(|e| view! { <li>{e.render(l, w.service)}</li> })
            .collect_view()
    };
    view! {
        <p>{t(Msg::WizardSignIntro)}</p>
        {move || unpaid().then(|| view! {
            <div class="rq-notice rq-notice--warning" data-unpaid="true">
                {Msg::WizardUnpaid.text(lang.get())} " "
                <A href=format!("/applications/{}/payment", w.id.get_value())>{t(Msg::WizardPayment)}</A>
            </div>
        })}
        {move || problem.get().map(|p| view! { <div class="rq-notice rq-notice--error" role="alert" data-problem="sign">{p}<ul>{server_list}</ul></div> })}
        {move || (!eds::supported()).then(|| view! { <div class="rq-notice rq-notice--error">{Msg::CertUnsupported.text(lang.get())}</div> })}
        {move || match (loaded.get(), certificate.get()) {
            (false, _) => view! { <p class="rq-loading">{Msg::AppLoading.text(lang.get())}</p> }.into_any(),
            (true, None) => view! {
                <form class="rq-panel" data-certificate="none" novalidate
                    on:submit={
                        let get_certificate = get_certificate.clone();
                        move |ev: leptos::ev::SubmitEvent| {
                            ev.prevent_default();
                            get_certificate(());
                        }
                    }>
                    <p>{Msg::WizardNoCertificate.text(lang.get())}</p>
                    {password_again(password, password_error.into())}
                    <button class="rq-button rq-button--secondary" type="submit" data-action="get-certificate"
                        disabled=move || busy.get()>
                        {Msg::WizardGetCertificate.text(lang.get())}
                    </button>
                </form>
            }.into_any(),
            (true, Some(c)) => {
                let until = format_date(Timestamp::from_unix(c.not_after).local_date());
                let serial = c.serial.clone();
                let serial_attr = c.serial.clone();
                view! {
                    <div class="rq-panel" data-certificate=serial_attr>
                        <p>{move || Msg::WizardCertificate.text(lang.get()).replace("{serial}", &serial).replace("{date}", &until)}</p>
                        <p class="rq-hint">{c.subject.clone()} " · " {c.identifier.clone()}</p>
                        <p class="rq-hint">{t(Msg::WizardDigest)} ": " <code class="rq-digest">{move || digest.get()}</code></p>
                    </div>
                    <button class="rq-button" type="button" data-action="sign" disabled=move || busy.get() on:click=send.clone()>
                        {move || if busy.get() { Msg::WizardSigning.text(lang.get()) } else { Msg::WizardSignButton.text(lang.get()) }}
                    </button>
                }.into_any()
            }
        }}
    }
}

/// The confirmation: number, what happens next, the due date.
pub fn sent(w: Wizard) -> impl IntoView {
    let lang = use_lang();
    move || {
        let v = w.view.get();
        let l = lang.get();
        let due = v.due_at.map(|d| format_time(Timestamp::from_unix(d)));
        view! {
            <div class="rq-width rq-wizard" data-step="sent">
                <div class="rq-panel rq-panel--confirmation">
                    <h1 class="rq-heading-l">{Msg::WizardSent.text(l)}</h1>
                    <p>{Msg::WizardNumber.text(l)}</p>
                    <p class="rq-panel__number" data-number=v.number.clone().unwrap_or_default()>{v.number.clone().unwrap_or_default()}</p>
                </div>
                <dl class="rq-summary-list">
                    <div class="rq-summary-list__row">
                        <dt>{Msg::CabinetStatus.text(l)}</dt>
                        <dd data-status=true>{v.status.label().text(l)}</dd>
                    </div>
                    {due.map(|d| view! {
                        <div class="rq-summary-list__row">
                            <dt>{Msg::WizardDue.text(l)}</dt>
                            <dd data-due=true>{d}</dd>
                        </div>
                    })}
                </dl>
                {matches!(v.status, ApplicationStatus::Issued | ApplicationStatus::Refused).then(|| view! {
                    <p><a class="rq-button rq-button--secondary" data-result-pdf="" href=format!("/api/applications/{}/result.pdf", v.id)
                        target="_blank" rel="noopener">{Msg::CabinetResultPdf.text(l)}</a></p>
                })}
                {(!v.status.is_final()).then(|| view! {
                    <h2 class="rq-heading-m">{Msg::WizardNext.text(l)}</h2>
                    <p>{Msg::WizardNextText.text(l)}</p>
                })}
                <A href="/cabinet" attr:class="rq-button" attr:data-action="to-cabinet">{Msg::WizardToCabinet.text(l)}</A>
            </div>
        }
    }
}
