//! `/staff/desk/:id`: one intake, in the seed's order — who applies and for
//! whom, the written consent, the form from the paper documents, the
//! checklist, payment, the operator's signature — then its receipt, and at
//! a centre the result's arrival and hand-out.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use shared::catalog::{Service, catalog};
use shared::desk::{IntakeStage, IntakeView};
use shared::form::{WizardStep, validate_step, wizard_steps};
use shared::i18n::Msg;

use super::state::Desk;
use super::{paper, person};
use crate::api;
use crate::i18n::{t, use_lang};
use crate::ui::application::{SaveIndicator, Wizard, steps};

/// The intake page.
#[component]
pub fn IntakePage() -> impl IntoView {
    let params = use_params_map();
    let lang = use_lang();
    let desk = Desk {
        id: StoredValue::new(params.read_untracked().get("id").unwrap_or_default()),
        intake: RwSignal::new(None),
        wizard: RwSignal::new(None),
        problem: RwSignal::new(None),
        errors: RwSignal::new(Vec::new()),
        busy: RwSignal::new(false),
    };
    spawn_local(async move {
        match api::get::<IntakeView>(&desk.url("")).await {
            Ok(v) => desk.accept(v),
            Err(e) => desk.problem.set(Some(e.message(lang.get_untracked()))),
        }
    });
    // Drawn again only when the intake moves on, not on every answer.
    let stage = Memo::new(move |_| desk.intake.with(|i| i.as_ref().map(|i| (i.stage, i.consent.is_some()))));
    let body = move || {
        let (stage, consent) = stage.get()?;
        let v = desk.intake.get_untracked()?;
        let service = catalog().service(&v.application.form.service)?;
        Some(match stage {
            IntakeStage::Open => view! {
                {person::representative(desk)}
                {person::consent(desk)}
                {consent.then(|| view! {
                    {move || desk.wizard.get().map(|w| form(w, service))}
                    {paper::checklist(desk, service)}
                    {service.fee.is_some().then(|| paper::payment(desk))}
                    {paper::sign(desk)}
                })}
            }
            .into_any(),
            _ => paper::after(desk).into_any(),
        })
    };
    view! {
        <div class="rq-width rq-desk" data-intake=desk.id.get_value()>
            <A href="/staff/desk" attr:class="rq-back-link">{t(Msg::StaffDesk)}</A>
            {move || desk.intake.get().map(|v| {
                let l = lang.get();
                let service = catalog().service(&v.application.form.service).map(|s| s.short_title.get(l).to_owned()).unwrap_or_default();
                view! {
                    <span class="rq-caption">{service} " · " {v.application.form.request_type.label().text(l)}</span>
                    <h1 class="rq-heading-l">
                        {if v.applicant_name.is_empty() { v.applicant_id.clone() } else { format!("{} · {}", v.applicant_name, v.applicant_id) }}
                    </h1>
                    <p class="rq-desk__status">
                        <span class="rq-tag" data-stage=format!("{:?}", v.stage)>{v.stage.label().text(l)}</span>
                        " " {Msg::StaffDeskOperator.text(l)} ": " {v.operator.clone()}
                    </p>
                }
            })}
            {move || desk.problem.get().map(|p| view! { <div class="rq-notice rq-notice--error" role="alert" data-problem="">{p}</div> })}
            {body}
        </div>
    }
}

/// The form's steps on one page, each validated with the portal's rules.
fn form(w: Wizard, service: &'static Service) -> impl IntoView {
    let lang = use_lang();
    let rt = w.form.with_untracked(|f| f.request_type);
    let sections = wizard_steps(service, rt)
        .into_iter()
        .filter(|s| {
            matches!(
                s,
                WizardStep::Request | WizardStep::Applicant | WizardStep::BankAccounts | WizardStep::Service(_)
            )
        })
        .map(|step| {
            let errors = {
                let step = step.clone();
                Memo::new(move |_| {
                    let ctx = w.context();
                    w.form.with(|f| validate_step(f, service, &step, &ctx))
                })
            };
            let content = match &step {
                WizardStep::Request => steps::request(w, errors).into_any(),
                WizardStep::Applicant => steps::applicant(w, errors).into_any(),
                WizardStep::BankAccounts => steps::bank_accounts(w, errors).into_any(),
                WizardStep::Service(id) => steps::service_step(w, errors, id).into_any(),
                _ => ().into_any(),
            };
            let title = step.clone();
            view! {
                <section class="rq-panel rq-desk__step" data-step=step.slug().to_owned()>
                    <h2 class="rq-heading-m">{move || title.title(service, lang.get())}</h2>
                    {content}
                </section>
            }
        })
        .collect_view();
    view! {
        <h2 class="rq-heading-l">{t(Msg::StaffDeskForm)}</h2>
        <p class="rq-hint">{t(Msg::StaffDeskFormHint)}</p>
        <SaveIndicator w=w/>
        <div class="rq-desk__form">{sections}</div>
    }
}
