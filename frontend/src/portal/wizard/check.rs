//! Check your answers: every answer of every step with a Change link
//! that comes back here.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;
use shared::form::{FieldError, WizardStep, answers, validate_step};
use shared::i18n::Msg;

use super::Wizard;
use crate::i18n::{t, use_lang};
use crate::ui::answers::answer_list;
use crate::ui::form::ErrorSummary;

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
                        <h2 class="rq-heading-m">{move || title_step.title(w.service, lang.get())}</h2>
                        <A href=change attr:class="rq-link" attr:data-change=slug>{t(Msg::CommonChange)}</A>
                    </header>
                    {move || {
                        let l = lang.get();
                        w.form.with(|f| answers(w.service, f, &step, l)).into_iter().map(|g| answer_list(g, l)).collect_view()
                    }}
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
        // On to the payment, or straight to signing where there is no fee.
        let next = if w.service.is_free() { "sign" } else { "payment" };
        navigate(
            &format!("/applications/{}/{next}", w.id.get_value()),
            Default::default(),
        );
    };
    view! {
        {move || (w.show_all.get() && !missing.with(Vec::is_empty)).then(|| view! {
            <div class="rq-notice rq-notice--error">{Msg::WizardCheckIncomplete.text(lang.get())}</div>
        })}
        <ErrorSummary errors={summary} focus={w.focus.read_only()}/>
        {cards}
        <button class="rq-button" type="button" data-action="continue" on:click=cont>{t(Msg::CommonContinue)}</button>
    }
}
