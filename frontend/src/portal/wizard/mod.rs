//! The application wizard at `/applications/:id/:step`.
//!
//! Its steps come from the shared catalogue (`shared::form::wizard_steps`),
//! never from code per service. The draft is loaded once; moving between
//! steps renders at once from memory. Every edit is kept in local storage at
//! once and saved to the server after a short pause (and before leaving a
//! step), with the version the server gave, so that two tabs never silently
//! overwrite each other. Each step validates with the shared rules when a
//! field is left and on Continue.

mod check;
mod payment;
mod sent;
mod sign;
pub use crate::ui::format::{format_date, format_time, now};

use std::collections::BTreeSet;

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};
use shared::api::ApplicationView;
use shared::form::{WizardStep, validate_step, wizard_steps};
use shared::i18n::Msg;

use crate::api::{self, ApiError};
use crate::i18n::{t, use_lang};
use crate::session::{require_sign_in, use_session};
use crate::ui::application::{Endpoints, SaveIndicator, open, steps};
pub use crate::ui::application::{Wizard, beneficiary, frame};
use crate::ui::form::ErrorSummary;

/// The wizard page.
#[component]
pub fn WizardPage() -> impl IntoView {
    require_sign_in();
    let params = use_params_map();
    let id = Memo::new(move |_| params.read().get("id").unwrap_or_default());
    let wizard = RwSignal::new(None::<Wizard>);
    let failed = RwSignal::new(None::<ApiError>);
    let lang = use_lang();
    // Loaded once per application, not per step.
    Effect::new(move |_| {
        let id = id.get();
        if wizard.with_untracked(|w| w.is_some_and(|w| w.id.get_value() == id)) {
            return;
        }
        spawn_local(async move {
            match api::get::<ApplicationView>(&format!("/api/applications/{id}")).await {
                Ok(v) => {
                    let api = Endpoints::own(&v.id);
                    wizard.set(Some(open(v, api)));
                }
                Err(e) => failed.set(Some(e)),
            }
        });
    });
    move || match (wizard.get(), failed.get()) {
        (Some(w), _) => view! { <WizardBody w=w/> }.into_any(),
        (None, Some(e)) if e.status() == 404 => view! { <crate::portal::not_found::NotFound/> }.into_any(),
        (None, Some(e)) if e.status() == 401 => ().into_any(),
        (None, Some(e)) => {
            view! { <div class="rq-width"><div class="rq-notice rq-notice--error">{e.message(lang.get())}</div></div> }
                .into_any()
        }
        (None, None) => {
            view! { <div class="rq-width rq-loading--page"><p class="rq-loading">{t(Msg::AppLoading)}</p></div> }
                .into_any()
        }
    }
}

#[component]
fn WizardBody(w: Wizard) -> impl IntoView {
    let lang = use_lang();
    let params = use_params_map();
    let query = use_query_map();
    let slug = Memo::new(move |_| params.read().get("step").unwrap_or_default());
    let steps = StoredValue::new(w.form.with_untracked(|f| wizard_steps(w.service, f.request_type)));
    // A new step starts with nothing marked.
    Effect::new(move |_| {
        slug.track();
        w.show_all.set(false);
        w.server_errors.set(Vec::new());
        w.touched.set(BTreeSet::new());
        window().scroll_to_with_x_and_y(0.0, 0.0);
    });
    // Only whether the application can still be edited: a save's answer
    // (a new version of the view) must not draw the step again, which
    // would take the focus from the field being typed in and replace the
    // button being pressed.
    let sent = Memo::new(move |_| !w.view.with(|v| v.status.is_editable()));
    let status_view = move || {
        if sent.get() || slug.get() == "sent" {
            return Some(sent::sent(w).into_any());
        }
        None
    };
    move || {
        if let Some(v) = status_view() {
            return v;
        }
        let slug = slug.get();
        let all = steps.get_value();
        let Some(index) = all.iter().position(|s| s.slug() == slug) else {
            return view! { <crate::portal::not_found::NotFound/> }.into_any();
        };
        let step = all[index].clone();
        let returning = query.with(|q| q.get("return").as_deref() == Some("check"));
        let next = if returning {
            "check".to_owned()
        } else {
            all.get(index + 1).map(|s| s.slug().to_owned()).unwrap_or_default()
        };
        let back = if returning {
            format!("/applications/{}/check", w.id.get_value())
        } else {
            match index.checked_sub(1).and_then(|i| all.get(i)) {
                Some(prev) => format!("/applications/{}/{}", w.id.get_value(), prev.slug()),
                None => format!("/services/{}", w.service.code),
            }
        };
        let title = step.title(w.service, lang.get_untracked());
        let total = all.len();
        let progress = move || {
            Msg::WizardStepOf
                .text(lang.get())
                .replace("{n}", &(index + 1).to_string())
                .replace("{total}", &total.to_string())
        };
        let step_for_title = step.clone();
        // A new step is announced as a new page would be: its heading takes
        // the focus, instead of leaving it on the button that led here.
        let heading = NodeRef::<leptos::html::H1>::new();
        Effect::new(move |_| {
            if let Some(h) = heading.get() {
                let _ = h.focus();
            }
        });
        let body = match &step {
            WizardStep::Check => check::check(w, steps.get_value()).into_any(),
            WizardStep::Payment => payment::payment(w).into_any(),
            WizardStep::Sign => sign::sign(w).into_any(),
            other => form_step(w, other.clone(), next).into_any(),
        };
        view! {
            <div class="rq-width rq-wizard" data-step=step.slug().to_owned()>
                <A href=back attr:class="rq-back-link">{t(Msg::CommonBack)}</A>
                <SaveIndicator w=w/>
                <span class="rq-caption">
                    {move || w.service.short_title.get(lang.get()).to_owned()} " · " {progress}
                </span>
                <h1 class="rq-heading-l" data-title=title tabindex="-1" node_ref=heading>
                    {move || step_for_title.title(w.service, lang.get())}
                </h1>
                {body}
            </div>
        }
        .into_any()
    }
}

/// A step of fields: the step's own content, the error summary, Continue.
fn form_step(w: Wizard, step: WizardStep, next: String) -> impl IntoView {
    let navigate = use_navigate();
    let errors = {
        let step = step.clone();
        Memo::new(move |_| {
            let ctx = w.context();
            w.form.with(|f| validate_step(f, w.service, &step, &ctx))
        })
    };
    let summary = w.summary(errors);
    let content = match &step {
        WizardStep::Request => steps::request(w, errors).into_any(),
        WizardStep::Applicant => steps::applicant(w, errors).into_any(),
        WizardStep::BankAccounts => steps::bank_accounts(w, errors).into_any(),
        WizardStep::Service(id) => steps::service_step(w, errors, id).into_any(),
        WizardStep::Documents => steps::documents(w, errors).into_any(),
        _ => ().into_any(),
    };
    let cont = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if !w.may_continue(errors) {
            return;
        }
        // The next step renders at once; the save goes on in the background.
        spawn_local(async move {
            let _ = w.sync().await;
        });
        navigate(
            &format!("/applications/{}/{next}", w.id.get_value()),
            Default::default(),
        );
    };
    view! {
        <ErrorSummary errors={summary} focus={w.focus.read_only()}/>
        <form on:submit=cont novalidate>
            {content}
            <button class="rq-button" type="submit" data-action="continue">{t(Msg::CommonContinue)}</button>
        </form>
    }
}

/// The signed-in account's IIN/BIN, which names the EDS key on this device.
pub fn account_id() -> String {
    use_session()
        .me
        .with_untracked(|m| m.as_ref().map(|m| m.identifier.clone()).unwrap_or_default())
}
