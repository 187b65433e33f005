//! The head signs the drafted decision with the EDS key on this device: the
//! member's certificate for that key, or — without one — a new one, the
//! password given again; then the bytes the case view offers are signed
//! in the browser and sent.

use leptos::prelude::*;
use shared::i18n::Msg;
use shared::review::{CaseAction, CaseView};

use super::super::use_case;
use crate::eds::{self, CertificateProblem};
use crate::i18n::{t, use_lang};
use crate::staff::use_staff;
use crate::ui::form::PasswordAgain;

fn base64_bytes(text: &str) -> Option<Vec<u8>> {
    let binary = web_sys::window()?.atob(text).ok()?;
    binary.chars().map(|c| u8::try_from(u32::from(c)).ok()).collect()
}

/// The signing form.
#[component]
pub(super) fn Sign(c: CaseView) -> impl IntoView {
    let lang = use_lang();
    let ctx = use_case();
    let session = use_staff();
    // Kept by the page: a language switch draws the case again.
    let password = super::use_forms().password;
    let password_error = RwSignal::new(None::<String>);
    // The member's certificate whose key is on this device, if any.
    let held = crate::staff::held_certificate();
    let bytes = c.decision.as_ref().and_then(|d| base64_bytes(&d.to_sign));
    let sign = Action::new_local(move |_: &()| {
        let (bytes, me, l) = (bytes.clone(), session.me.get_untracked(), lang.get_untracked());
        let (held, pw) = (held.get().flatten(), password.get_untracked());
        async move {
            let (Some(bytes), Some(me)) = (bytes, me) else {
                return Err(CertificateProblem::Other(Msg::CommonServerError.text(l).to_owned()));
            };
            let account = format!("staff:{}", me.id);
            let cert = match held {
                Some(c) => c,
                None => eds::obtain_certificate_from("/api/staff/certificates", &account, pw, l).await?,
            };
            let signature = eds::sign(&account, &bytes)
                .await
                .map_err(|_| CertificateProblem::Other(Msg::CertUnsupported.text(l).to_owned()))?;
            Ok((cert.der, signature))
        }
    });
    Effect::new(move |_| match sign.value().get() {
        Some(Ok((certificate, signature))) => {
            password.set(String::new());
            held.refetch();
            ctx.act.dispatch(CaseAction::SignDecision { certificate, signature });
        }
        Some(Err(CertificateProblem::Password(m))) => password_error.set(Some(m)),
        Some(Err(CertificateProblem::Other(m))) => ctx.problem.set(Some(m)),
        None => {}
    });
    let busy = move || sign.pending().get() || ctx.act.pending().get();
    let state = move || match held.get() {
        None => "loading",
        Some(None) => "none",
        Some(Some(_)) => "held",
    };
    view! {
        <form class="rq-action" data-form="sign" novalidate data-certificate=state
            on:submit=move |ev: leptos::ev::SubmitEvent| {
                ev.prevent_default();
                password_error.set(None);
                sign.dispatch(());
            }>
            {move || (held.get() == Some(None)).then(|| view! { <PasswordAgain value={password} error={password_error.into()}/> })}
            // Not before the device's certificate is known: pressed while it
            // loads, the form would ask for a new one with no password.
            <button type="submit" class="rq-button" data-action="sign-decision" disabled=move || busy() || held.get().is_none()>
                {move || if busy() { t(Msg::StaffSigning)() } else { t(Msg::StaffActSign)() }}
            </button>
        </form>
    }
}
