//! `/staff/cases/:id`: everything the applicant sent (read-only, files
//! previewed in the page), the payment, the applicant's signature (checked
//! again on request), the chain with each step's deadline and whether it
//! was met, the timeline, and the forms of the actions the member may take
//! now; the head signs the decision here with the EDS key on this device.
//!
//! The case is a [`LocalResource`] read inside `<Transition>` and
//! `<ErrorBoundary>`; every write is an [`Action`] whose success reloads
//! it. What the member typed in the action forms lives in [`Forms`], made
//! once for the page, so a refusal or a reload loses nothing.

mod actions;
mod applicant;
mod licence;
mod progress;
mod review;
mod summary;

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use shared::calendar::Timestamp;
use shared::form::FieldError;
use shared::i18n::{Lang, Msg};
use shared::review::{CaseAction, CaseView, SignatureReport};
use shared::workflow::SignatureCheck;

use crate::api::{self, ApiError};
use crate::i18n::use_lang;
use crate::ui::format::format_time;
use crate::ui::load::PageError;

/// What the panels of a case page share.
#[derive(Clone, Copy)]
pub(super) struct CaseCtx {
    /// The application's id, from the address.
    id: Signal<String>,
    /// An action on the case, sent to the server.
    act: Action<CaseAction, Result<CaseView, ApiError>>,
    /// The field errors of the last refused action.
    errors: RwSignal<Vec<FieldError>>,
    /// The last problem that is not a field's.
    problem: RwSignal<Option<String>>,
    /// Bumped by every successful write: the case is read again.
    reload: RwSignal<u32>,
    /// What the last successful action did, in words (the newest entry of
    /// the timeline the server answered with).
    done: RwSignal<Option<String>>,
}

impl CaseCtx {
    /// Reports a write's outcome: success clears the errors and reloads
    /// the case; a refusal shows its errors beside their fields.
    fn settle<T>(self, outcome: &Result<T, ApiError>, lang: Lang) {
        crate::staff::settle(outcome, lang, self.errors, self.problem, self.reload);
    }
}

fn use_case() -> CaseCtx {
    expect_context::<CaseCtx>()
}

/// A moment as the back office shows it, or a dash.
fn when(at: Option<i64>) -> String {
    at.map(|a| format_time(Timestamp::from_unix(a)))
        .unwrap_or_else(|| "—".to_owned())
}

/// A signature checked again: valid or not, whose, by which certificate.
fn signature_view(r: SignatureReport, lang: Lang) -> impl IntoView {
    let valid = r.check == SignatureCheck::Valid;
    let verdict = if valid {
        Msg::StaffSigValid
    } else {
        Msg::StaffSigInvalid
    };
    view! {
        <div class=if valid { "rq-notice rq-notice--success" } else { "rq-notice rq-notice--error" } data-signature=format!("{:?}", r.check).to_lowercase()>
            <p><strong>{verdict.text(lang)}</strong></p>
            <p>{r.subject.clone()} " · " {r.identifier.clone()}</p>
            <p class="rq-caption">{format!("{} {} · {} – {} · {}", Msg::PdfCertificate.text(lang), r.serial, when(Some(r.not_before)), when(Some(r.not_after)), when(Some(r.signed_at)))}</p>
        </div>
    }
}

/// The case page.
#[component]
pub fn CasePage() -> impl IntoView {
    let lang = use_lang();
    let params = use_params_map();
    let id = Signal::derive(move || params.get().get("id").unwrap_or_default());
    let act = Action::new_local(move |action: &CaseAction| {
        let (action, id) = (action.clone(), id.get_untracked());
        async move { api::call::<CaseView>("POST", &format!("/api/staff/cases/{id}/actions"), Some(&action)).await }
    });
    let ctx = CaseCtx {
        id,
        act,
        errors: RwSignal::new(Vec::new()),
        problem: RwSignal::new(None),
        reload: RwSignal::new(0),
        done: RwSignal::new(None),
    };
    provide_context(ctx);
    provide_context(actions::Forms::new());
    Effect::new(move |_| {
        if let Some(outcome) = act.value().get() {
            let l = lang.get_untracked();
            let done = outcome
                .as_ref()
                .ok()
                .and_then(|c| c.timeline.last())
                .and_then(|e| e.label());
            ctx.done.set(done.map(|m| format!("✓ {}", m.text(l))));
            ctx.settle(&outcome, l);
        }
    });
    let case = LocalResource::new(move || {
        let (id, _) = (id.get(), ctx.reload.get());
        let lang = lang.get_untracked();
        async move {
            api::get::<CaseView>(&format!("/api/staff/cases/{id}"))
                .await
                .map_err(|e| PageError(e.message(lang)))
        }
    });
    view! {
        <div class="rq-width rq-staff">
            <Transition fallback=crate::ui::load::Loading>
                <ErrorBoundary fallback=crate::ui::load::failed>
                    {move || Suspend::new(async move { case.await.map(|c| view! { <CaseBody c=c/> }) })}
                </ErrorBoundary>
            </Transition>
        </div>
    }
}

/// The case, panel by panel, drawn again in another language.
#[component]
fn CaseBody(c: CaseView) -> impl IntoView {
    let ctx = use_case();
    let lang = use_lang();
    move || {
        lang.track();
        let c = c.clone();
        let status = format!("{:?}", c.status);
        view! {
        <div class="rq-case" data-status=status>
            <summary::Summary c=c.clone()/>
            <section class="rq-section"><h2 class="rq-heading-m">{crate::i18n::t(Msg::StaffActions)}</h2>
                {move || ctx.problem.get().map(|p| view! { <div class="rq-notice rq-notice--error" role="alert">{p}</div> })}
                {move || ctx.done.get().map(|d| view! { <div class="rq-notice rq-notice--success" role="status" data-done="">{d}</div> })}
                <actions::ActionsPanel c=c.clone()/>
            </section>
            <applicant::Applicant c=c.clone()/>
            <review::Review c=c.clone()/>
            <licence::Licence c=c.clone()/>
            <progress::Progress c=c/>
        </div>
        }
    }
}
