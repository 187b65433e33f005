//! Check your answers: every answer of every step with a Change link
//! that comes back here.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;
use shared::catalog::FieldKind;
use shared::form::{FieldError, WizardStep, applicant_fields, field_label, reasons, validate_step};
use shared::i18n::{Lang, Msg};

use super::{Wizard, step_title};
use crate::i18n::{t, use_lang};
use crate::ui::form::ErrorSummary;

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
        <ErrorSummary errors={summary} focus={w.focus.read_only()}/>
        {cards}
        <button class="rq-button" type="button" data-action="continue" on:click=cont>{t(Msg::CommonContinue)}</button>
    }
}
