//! The paper side of an intake: the checklist of documents presented (each
//! scanned), payment by the order the applicant shows, the operator's
//! signature; once sent, the receipt, the result's arrival and its
//! hand-out against the receipt and the ID.

use leptos::prelude::*;
use leptos::task::spawn_local;
use shared::api::{ApplicationView, Submission};
use shared::catalog::Service;
use shared::desk::{HandOut, IntakeStage, Presented, PresentedDocument};
use shared::form::{PAYMENT_ORDER, PaymentMethod, WizardStep, validate_step};
use shared::i18n::Msg;
use shared::signing::canonical_bytes;
use shared::workflow::ApplicationStatus;

use super::state::Desk;
use crate::api;
use crate::eds::{self, CertificateProblem};
use crate::i18n::{t, use_lang};
use crate::staff::{field_error, use_staff};
use crate::ui::application::steps::upload_control;
use crate::ui::application::{beneficiary, frame};
use crate::ui::form::{Label, PasswordAgain};
use crate::ui::format::format_time;

/// Every document the request needs: how it was presented, and its scan.
pub(super) fn checklist(desk: Desk, service: &'static Service) -> impl IntoView {
    let lang = use_lang();
    let rt = desk
        .intake
        .with_untracked(|i| i.as_ref().map(|i| i.application.form.request_type));
    let rows = rt
        .into_iter()
        .flat_map(|rt| service.documents_for(rt))
        .map(|d| {
            let id = d.id.clone();
            let path = format!("documents.{id}");
            let current = {
                let id = id.clone();
                move || desk.intake.with(|i| i.as_ref().and_then(|i| i.documents.iter().find(|p| p.document == id).map(|p| p.presented)))
            };
            let choose = {
                let id = id.clone();
                move |how: Presented| {
                    let mut list = desk.intake.with_untracked(|i| i.as_ref().map(|i| i.documents.clone()).unwrap_or_default());
                    list.retain(|p| p.document != id);
                    list.push(PresentedDocument { document: id.clone(), presented: how });
                    desk.run("PUT", "/documents", Some(list));
                }
            };
            let radios = Presented::ALL
                .into_iter()
                .map(|how| {
                    let dom = format!("presented-{id}-{how:?}");
                    let (current, choose) = (current.clone(), choose.clone());
                    view! {
                        <div class="rq-radios__item">
                            <input class="rq-radios__input" type="radio" id=dom.clone() name=format!("presented-{id}")
                                prop:checked=move || current() == Some(how) on:change=move |_| choose(how)/>
                            <label class="rq-radios__label" for=dom>{move || how.label().text(lang.get())}</label>
                        </div>
                    }
                })
                .collect_view();
            let title = d.title.clone();
            let errors = desk.errors;
            view! {
                <fieldset class="rq-fieldset rq-desk__document" data-document=id.clone()>
                    <legend class="rq-fieldset__legend rq-heading-s">{move || title.get(lang.get()).to_owned()}</legend>
                    {move || errors.with(|es| es.iter().find(|e| e.path == path).map(|e| view! { <p class="rq-error-message">{e.plain(lang.get())}</p> }))}
                    <div class="rq-radios">{radios}</div>
                    {move || desk.wizard.get().map(|w| upload_control(w, d.id.clone(), Label::Msg(Msg::StaffDeskScanMissing)))}
                </fieldset>
            }
        })
        .collect_view();
    view! {
        <section class="rq-panel" data-panel="checklist">
            <h2 class="rq-heading-m">{t(Msg::StaffDeskDocuments)}</h2>
            {rows}
        </section>
    }
}

/// The fee paid by the order the applicant shows (its details and scan).
pub(super) fn payment(desk: Desk) -> impl IntoView {
    let lang = use_lang();
    move || {
        let w = desk.wizard.get()?;
        let paid = Memo::new(move |_| w.view.with(|v| v.status == ApplicationStatus::Paid));
        let errors = Memo::new(move |_| {
            let ctx = w.context();
            w.form.with(|f| validate_step(f, w.service, &WizardStep::Payment, &ctx))
        });
        let pay = move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            if w.form
                .with_untracked(|f| f.payment.method != Some(PaymentMethod::Order))
            {
                w.edit(|f| f.payment.method = Some(PaymentMethod::Order));
            }
            if !w.may_continue(errors) {
                return;
            }
            spawn_local(async move {
                if w.sync().await.is_ok() {
                    desk.run::<()>("POST", "/payment-order", None);
                }
            });
        };
        // The counter's terminal is the payment gateway's page, which comes
        // back to this intake once the card is taken.
        let terminal = move |_| {
            w.edit(|f| f.payment.method = Some(PaymentMethod::Online));
            if !w.may_continue(errors) {
                return;
            }
            spawn_local(async move {
                if w.sync().await.is_err() {
                    return;
                }
                desk.send::<(), shared::api::Checkout>("POST", "/payments", None, move |c| {
                    let back = format!("/staff/desk/{}", desk.id.get_value());
                    let url = format!(
                        "{}?lang={}&return={}",
                        c.url,
                        lang.get_untracked().code(),
                        api::encode(&back)
                    );
                    let _ = window().location().assign(&url);
                });
            });
        };
        Some(view! {
            <section class="rq-panel" data-panel="payment">
                <h2 class="rq-heading-m">{t(Msg::WizardPayment)}</h2>
                {move || w.view.with(|v| v.fee).map(|fee| view! { <p class="rq-fee">{fee.format(lang.get())}</p> })}
                {move || if paid.get() {
                    view! { <p class="rq-notice rq-notice--success" data-paid="true">{Msg::WizardPaidContinue.text(lang.get())}</p> }.into_any()
                } else {
                    view! {
                        <div class="rq-order">
                            {beneficiary(w, errors)}
                            <p><button type="button" class="rq-button" data-action="pay-terminal" disabled=move || desk.busy.get() on:click=terminal>
                                {t(Msg::StaffDeskPayTerminal)}
                            </button></p>
                        </div>
                        <form on:submit=pay novalidate class="rq-order">
                            <p class="rq-heading-s">{t(Msg::StaffDeskPayOrder)}</p>
                            <p class="rq-hint">{t(Msg::WizardPayOrderHint)}</p>
                            {PAYMENT_ORDER.iter().map(|f| w.field(errors, frame(f, 0))).collect_view()}
                            {upload_control(w, "payment-order".into(), Label::Msg(Msg::LabelPaymentScan))}
                            <button class="rq-button" type="submit" data-action="pay-order" disabled=move || desk.busy.get()>{t(Msg::WizardSubmitOrder)}</button>
                        </form>
                    }.into_any()
                }}
            </section>
        })
    }
}

/// The operator signs with their own EDS key on this device (a new
/// certificate, the password given again, when it has none) and sends.
pub(super) fn sign(desk: Desk) -> impl IntoView {
    let lang = use_lang();
    let session = use_staff();
    let password = RwSignal::new(String::new());
    let password_error = RwSignal::new(None::<String>);
    let held = crate::staff::held_certificate();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (Some(w), Some(me)) = (desk.wizard.get_untracked(), session.me.get_untracked()) else {
            return;
        };
        w.show_all.set(true);
        let (l, mine, pw) = (lang.get_untracked(), held.get().flatten(), password.get_untracked());
        password_error.set(None);
        spawn_local(async move {
            if w.sync().await.is_err() {
                return;
            }
            // What is signed is the form as the server keeps it.
            let Ok(v) = api::get::<ApplicationView>(&desk.url("/application")).await else {
                return;
            };
            let account = format!("staff:{}", me.id);
            let signed = async {
                let cert = match mine {
                    Some(c) => c,
                    None => eds::obtain_certificate_from("/api/staff/certificates", &account, pw, l).await?,
                };
                let bytes = canonical_bytes(&v.id, &v.form);
                let signature = eds::sign(&account, &bytes)
                    .await
                    .map_err(|_| CertificateProblem::Other(Msg::CertUnsupported.text(l).to_owned()))?;
                Ok::<_, CertificateProblem>((cert.der, signature))
            };
            match signed.await {
                Ok((certificate, signature)) => {
                    password.set(String::new());
                    held.refetch();
                    let body = Submission {
                        version: v.version,
                        certificate,
                        signature,
                        idempotency_key: format!("desk-{}-{}", desk.id.get_value(), v.version),
                    };
                    desk.run("POST", "/submission", Some(body));
                }
                Err(CertificateProblem::Password(m)) => password_error.set(Some(m)),
                Err(CertificateProblem::Other(m)) => desk.problem.set(Some(m)),
            }
        });
    };
    let missing = move || {
        let l = lang.get();
        desk.intake.with(|i| {
            i.as_ref()
                .map(|i| {
                    i.application
                        .errors
                        .iter()
                        .map(|e| e.render(l, catalog_service(&i.application.form.service)))
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
    };
    let state = move || match held.get() {
        None => "loading",
        Some(None) => "none",
        Some(Some(_)) => "held",
    };
    view! {
        <form class="rq-panel" data-form="desk-sign" data-certificate=state on:submit=submit novalidate>
            <h2 class="rq-heading-m">{t(Msg::StaffDeskSign)}</h2>
            <p class="rq-hint">{t(Msg::StaffDeskSignHint)}</p>
            {move || {
                let list = missing();
                let count = list.len();
                (count > 0).then(|| view! {
                    <div class="rq-inset" data-missing=count>
                        <p class="rq-heading-s">{t(Msg::StaffDeskNotReady)}</p>
                        <ul>{list.into_iter().map(|m| view! { <li>{m}</li> }).collect_view()}</ul>
                    </div>
                })
            }}
            {move || (held.get() == Some(None)).then(|| view! { <PasswordAgain value={password} error={password_error.into()}/> })}
            <button type="submit" class="rq-button" data-action="desk-sign" disabled=move || desk.busy.get() || held.get().is_none()>
                {t(Msg::StaffDeskSign)}
            </button>
        </form>
        {handover(desk)}
    }
}

/// The applicant pays and signs on their own phone: the QR code of the
/// application in the portal, which they open, sign in (or register) and
/// sign with their own certificate; this page follows until it is sent.
fn handover(desk: Desk) -> impl IntoView {
    let lang = use_lang();
    let svg = RwSignal::new(None::<String>);
    let show = move |_| {
        let Some(w) = desk.wizard.get_untracked() else {
            return;
        };
        spawn_local(async move {
            if w.sync().await.is_err() {
                return;
            }
            match api::text(&desk.url("/handover.svg")).await {
                Ok(image) => {
                    svg.set(Some(image));
                    follow(desk);
                }
                Err(e) => crate::staff::report(&e, lang.get_untracked(), desk.errors, desk.problem),
            }
        });
    };
    let url = move || {
        let origin = window().location().origin().unwrap_or_default();
        desk.intake.with(|i| {
            i.as_ref()
                .map(|i| format!("{origin}/applications/{}/check", i.application.id))
        })
    };
    view! {
        <section class="rq-panel" data-panel="handover">
            <h2 class="rq-heading-m">{t(Msg::StaffDeskHandover)}</h2>
            <p class="rq-hint">{t(Msg::StaffDeskHandoverHint)}</p>
            {move || match svg.get() {
                Some(image) => view! {
                    <div class="rq-desk__qr" role="img" aria-label=Msg::StaffDeskHandover.text(lang.get()) inner_html=image></div>
                    <p class="rq-desk__url" data-handover-url=url>{url}</p>
                    <p class="rq-notice rq-notice--info" role="status">{t(Msg::StaffDeskHandoverWaiting)}</p>
                }.into_any(),
                None => view! {
                    <button type="button" class="rq-button rq-button--secondary" data-action="hand-over" on:click=show>
                        {t(Msg::StaffDeskHandover)}
                    </button>
                }.into_any(),
            }}
        </section>
    }
}

/// Reads the intake every few seconds until the applicant has sent it.
fn follow(desk: Desk) {
    spawn_local(async move {
        loop {
            crate::ui::application::sleep(3000).await;
            let Ok(v) = api::get::<shared::desk::IntakeView>(&desk.url("")).await else {
                continue;
            };
            if v.stage != IntakeStage::Open {
                desk.accept(v);
                return;
            }
        }
    });
}

fn catalog_service(code: &str) -> &'static Service {
    let c = shared::catalog::catalog();
    c.service(code).unwrap_or(&c.services[0])
}

/// After sending: the receipt, the result's arrival, the hand-out.
pub(super) fn after(desk: Desk) -> impl IntoView {
    let lang = use_lang();
    let receipt = RwSignal::new(String::new());
    let iin = RwSignal::new(String::new());
    let hand_out = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let body = HandOut {
            receipt: receipt.get_untracked(),
            iin: iin.get_untracked(),
        };
        let local = body.errors();
        if !local.is_empty() {
            desk.errors.set(local);
            return;
        }
        desk.run("POST", "/hand-out", Some(body));
    };
    move || {
        let v = desk.intake.get()?;
        let l = lang.get();
        let paper = if v.channel == shared::catalog::Channel::ServiceCentre {
            Msg::StaffDeskReceiptPrint
        } else {
            Msg::StaffDeskInventoryPrint
        };
        let due = v
            .application
            .due_at
            .map(|d| format_time(shared::calendar::Timestamp::from_unix(d)));
        let centre = v.channel == shared::catalog::Channel::ServiceCentre;
        // A centre's result is here once the courier brought it; the
        // provider's own, once it is decided.
        let decided = matches!(
            v.application.status,
            ApplicationStatus::Issued | ApplicationStatus::Refused
        );
        let here = v.stage == IntakeStage::ResultHere || (!centre && v.stage == IntakeStage::Sent && decided);
        Some(view! {
            <section class="rq-panel rq-panel--success" data-panel="receipt">
                <h2 class="rq-heading-m">{Msg::StaffDeskReceipt.text(l)} " " <span data-receipt=v.receipt.clone().unwrap_or_default()>{v.receipt.clone()}</span></h2>
                <p>{Msg::PdfApplication.text(l)} ": " <strong data-number="">{v.application.number.clone()}</strong></p>
                {due.map(|d| view! { <p>{Msg::StaffDeskReadyBy.text(l)} ": " <strong data-ready="">{d}</strong></p> })}
                <p><a class="rq-button rq-button--secondary" data-action="print-receipt" href=desk.url("/receipt.pdf") target="_blank" rel="noopener">{paper.text(l)}</a></p>
            </section>
            {(centre && v.stage == IntakeStage::Sent).then(|| view! {
                <section class="rq-panel" data-panel="received">
                    <button type="button" class="rq-button" data-action="mark-received" disabled=move || desk.busy.get()
                        on:click={move |_| desk.run::<()>("POST", "/received", None)}>{t(Msg::StaffDeskMarkReceived)}</button>
                </section>
            })}
            {here.then(|| view! {
                <form class="rq-panel" data-form="hand-out" on:submit=hand_out novalidate>
                    <h2 class="rq-heading-m">{t(Msg::StaffDeskHandOut)}</h2>
                    {v.arrived_at.map(|at| view! {
                        <p class="rq-notice rq-notice--info" data-arrived="">
                            {Msg::StaffDeskArrived.text(l)} ": " {format_time(shared::calendar::Timestamp::from_unix(at))}
                        </p>
                    })}
                    <p class="rq-hint">{t(Msg::StaffDeskHandOutHint)}</p>
                    <div class="rq-field">
                        <label class="rq-label" for="receipt">{t(Msg::StaffDeskReceiptNumber)}</label>
                        <input class="rq-input" id="receipt" name="receipt" autocomplete="off" prop:value=move || receipt.get() on:input=move |ev| receipt.set(event_target_value(&ev))/>
                        {field_error(desk.errors, "receipt")}
                    </div>
                    <div class="rq-field">
                        <label class="rq-label" for="iin">{t(Msg::StaffDeskIdIin)}</label>
                        <input class="rq-input rq-input--short" id="iin" name="iin" inputmode="numeric" maxlength="12" autocomplete="off" prop:value=move || iin.get() on:input=move |ev| iin.set(event_target_value(&ev))/>
                        {field_error(desk.errors, "iin")}
                    </div>
                    <button type="submit" class="rq-button" data-action="hand-out" disabled=move || desk.busy.get()>{t(Msg::StaffDeskHandOut)}</button>
                </form>
            })}
            {v.handed_out.clone().map(|h| view! {
                <section class="rq-panel rq-panel--success" data-panel="handed-out">
                    <p>{Msg::StaffDeskHandedOut.text(l)} ": " {h.to.clone()} ", " {h.by.clone()} ", " {format_time(shared::calendar::Timestamp::from_unix(h.at))}</p>
                </section>
            })}
            {(here || v.stage == IntakeStage::HandedOut).then(|| view! {
                <p><a class="rq-button rq-button--secondary" data-action="print-result" href=desk.url("/result.pdf") target="_blank" rel="noopener">{t(Msg::StaffDeskResultPrint)}</a></p>
            })}
        })
    }
}
