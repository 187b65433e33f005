//! Sign and send: the certificate on this device (or a new one, the
//! password given again), the digest of the application, the signature.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;
use shared::api::{ApplicationView, CertificateView, Submission};
use shared::calendar::Timestamp;
use shared::i18n::Msg;
use shared::signing::canonical_bytes;
use shared::workflow::ApplicationStatus;

use super::{Wizard, account_id, now};
use crate::api;
use crate::eds;
use crate::i18n::{t, use_lang};
use crate::ui::form::PasswordAgain;
use crate::ui::format::format_date;

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
    let unpaid = move || !w.service.is_free() && w.view.with(|v| v.status) != ApplicationStatus::Paid;
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
            <div class="rq-notice rq-notice--warning" data-unpaid="true" id="unpaid-reason">
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
                    <PasswordAgain value={password} error={password_error.into()}/>
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
                        <p>{move || Msg::WizardCertificate.text(lang.get()).replace("{date}", &until)}</p>
                        <p class="rq-hint">{c.subject.clone()} " · " {c.identifier.clone()}</p>
                        // What is signed, for whoever wants to check it.
                        <details class="rq-details">
                            <summary>{t(Msg::WizardSignDetails)}</summary>
                            <p class="rq-hint">{t(Msg::WizardSerial)} ": " <code class="rq-digest">{serial}</code></p>
                            <p class="rq-hint">{t(Msg::WizardDigest)} ": " <code class="rq-digest" data-digest="">{move || digest.get()}</code></p>
                        </details>
                    </div>
                    // Unpaid, it cannot be sent: the button says so before a click.
                    <button class="rq-button" type="button" data-action="sign" disabled=move || busy.get() || unpaid()
                        aria-describedby=move || unpaid().then_some("unpaid-reason") on:click=send.clone()>
                        {move || if busy.get() { Msg::WizardSigning.text(lang.get()) } else { Msg::WizardSignButton.text(lang.get()) }}
                    </button>
                }.into_any()
            }
        }}
    }
}
