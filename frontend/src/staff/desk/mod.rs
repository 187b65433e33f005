//! `/staff/desk`: the counter. An operator of a public service centre (or a
//! provider's clerk taking applications in person) starts an intake — the
//! service, what is asked, the applicant's IIN/BIN from the identity
//! document — and finds the counter's intakes to resume, to mark a result
//! received or to hand it out (by the receipt's number). The centre's head
//! watches the same queue with the 20 minutes a file may take (seed
//! 001:137).

mod intake;
mod paper;
mod person;
mod state;

pub use intake::IntakePage;

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;
use shared::catalog::{ApplicantKind, RequestType, catalog};
use shared::desk::{DeskInfo, IntakeSummary, IntakeView, NewIntake};
use shared::form::FieldError;
use shared::i18n::Msg;

use crate::api;
use crate::i18n::{t, use_lang};
use crate::staff::{field_error, report};
use crate::ui::format::{format_time, now};
use crate::ui::pages::Pages;

/// The counter's page.
#[component]
pub fn DeskPage() -> impl IntoView {
    let info = LocalResource::new(|| api::get::<DeskInfo>("/api/desk"));
    let pages = Pages::<IntakeSummary>::new();
    let receipt = RwSignal::new(String::new());
    let url = move || {
        let r = receipt.get_untracked();
        match r.trim() {
            "" => "/api/desk/intakes".to_owned(),
            r => format!("/api/desk/intakes?receipt={}", api::encode(r)),
        }
    };
    pages.fetch(url(), None);
    // At the counter a receipt number typed means the applicant is back
    // with it: their arrival is recorded and the intake opens; the head,
    // who watches, only narrows the queue.
    let navigate = use_navigate();
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let problem = RwSignal::new(None::<String>);
    let lang = use_lang();
    let find = move || {
        let takes = info.get().and_then(Result::ok).is_some_and(|i| i.takes);
        let r = receipt.get_untracked();
        if !takes || r.trim().is_empty() {
            pages.fetch(url(), None);
            return;
        }
        let navigate = navigate.clone();
        spawn_local(async move {
            let body = shared::desk::Arrival { receipt: r };
            match api::call::<IntakeView>("POST", "/api/desk/arrivals", Some(&body)).await {
                Ok(v) => navigate(&format!("/staff/desk/{}", v.id), Default::default()),
                Err(e) => report(&e, lang.get_untracked(), errors, problem),
            }
        });
    };
    view! {
        <div class="rq-width rq-desk">
            <h1 class="rq-heading-l">{t(Msg::StaffDesk)}</h1>
            <p class="rq-lead">{t(Msg::StaffDeskIntro)}</p>
            {move || info.get().map(|i| match i {
                Ok(i) if i.takes => view! { <NewIntakeForm info=i/> }.into_any(),
                Ok(_) => ().into_any(),
                Err(e) => view! { <div class="rq-notice rq-notice--error" role="alert">{e.message(use_lang().get_untracked())}</div> }.into_any(),
            })}
            <h2 class="rq-heading-m">{t(Msg::StaffDeskList)}</h2>
            <form class="rq-filters" data-form="find-receipt" on:submit=move |ev: leptos::ev::SubmitEvent| { ev.prevent_default(); find(); }>
                <div class="rq-field">
                    <label class="rq-label" for="desk-receipt">{t(Msg::StaffDeskReceiptNumber)}</label>
                    <input class="rq-input" id="desk-receipt" name="receipt" autocomplete="off"
                        prop:value=move || receipt.get() on:input=move |ev| receipt.set(event_target_value(&ev))/>
                </div>
                <button type="submit" class="rq-button rq-button--secondary" data-action="find-receipt">
                    {move || {
                        let takes = info.get().and_then(Result::ok).is_some_and(|i| i.takes);
                        if takes { Msg::StaffDeskArrival } else { Msg::StaffApply }.text(lang.get())
                    }}
                </button>
            </form>
            {field_error(errors, "receipt")}
            {move || problem.get().map(|p| view! { <div class="rq-notice rq-notice--error" role="alert">{p}</div> })}
            <Queue pages=pages/>
            {pages.more(url)}
        </div>
    }
}

#[component]
fn Queue(pages: Pages<IntakeSummary>) -> impl IntoView {
    let lang = use_lang();
    move || {
        let l = lang.get();
        let at = now().unix();
        pages.list.get().map(|rows| {
            if rows.is_empty() {
                return view! { <p class="rq-empty" data-empty="desk">{t(Msg::StaffDeskEmpty)}</p> }.into_any();
            }
            let items = rows
                .into_iter()
                .map(|r| {
                    let service = catalog().service(&r.service).map(|s| s.short_title.get(l).to_owned()).unwrap_or_default();
                    let overdue = r.overdue(at);
                    view! {
                        <li class="rq-desk__item" data-intake=r.id.clone() data-stage=format!("{:?}", r.stage)>
                            <A href=format!("/staff/desk/{}", r.id) attr:class="rq-desk__link">
                                {if r.applicant_name.is_empty() { r.applicant_id.clone() } else { format!("{} · {}", r.applicant_name, r.applicant_id) }}
                            </A>
                            <span class="rq-caption">{service} " · " {r.request_type.label().text(l)} " · " {r.operator.clone()}</span>
                            <span class="rq-tag">{r.stage.label().text(l)}</span>
                            {r.receipt.clone().map(|n| view! { <span class="rq-desk__receipt">{n}</span> })}
                            <span class="rq-caption">{format_time(shared::calendar::Timestamp::from_unix(r.created_at))}</span>
                            {overdue.then(|| view! { <span class="rq-tag rq-tag--red" data-overdue="">{Msg::StaffDeskOverdue.text(l)}</span> })}
                        </li>
                    }
                })
                .collect_view();
            view! { <ul class="rq-desk__list">{items}</ul> }.into_any()
        })
    }
}

/// The new intake: the service of this counter, what is asked, who applies.
#[component]
fn NewIntakeForm(info: DeskInfo) -> impl IntoView {
    let lang = use_lang();
    let navigate = use_navigate();
    let services = StoredValue::new(info.services.clone());
    let service = RwSignal::new(info.services.first().cloned().unwrap_or_default());
    let request = RwSignal::new(RequestType::Issuance);
    let kind = RwSignal::new(ApplicantKind::Ie);
    let applicant = RwSignal::new(String::new());
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let problem = RwSignal::new(None::<String>);
    let chosen = move || catalog().service(&service.get());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let body = NewIntake {
            service: service.get_untracked(),
            request_type: request.get_untracked(),
            applicant_kind: kind.get_untracked(),
            applicant: applicant.get_untracked(),
        };
        let local = body.errors(catalog().service(&body.service), info.channel);
        if !local.is_empty() {
            errors.set(local);
            return;
        }
        let navigate = navigate.clone();
        spawn_local(async move {
            match api::call::<IntakeView>("POST", "/api/desk/intakes", Some(&body)).await {
                Ok(v) => navigate(&format!("/staff/desk/{}", v.id), Default::default()),
                Err(e) => report(&e, lang.get_untracked(), errors, problem),
            }
        });
    };
    let select = move |label: Msg,
                       id: &'static str,
                       options: Vec<(String, String)>,
                       value: Signal<String>,
                       set: Callback<String>| {
        view! {
            <div class="rq-field">
                <label class="rq-label" for=id>{t(label)}</label>
                <select class="rq-select" id=id on:change=move |ev| set.run(event_target_value(&ev)) prop:value=move || value.get()>
                    {options.into_iter().map(|(v, l)| view! { <option value=v.clone() selected=value.get_untracked() == v>{l}</option> }).collect_view()}
                </select>
            </div>
        }
    };
    view! {
        <form class="rq-panel rq-desk__new" data-form="new-intake" on:submit=submit novalidate>
            <h2 class="rq-heading-m">{t(Msg::StaffDeskNew)}</h2>
            {move || problem.get().map(|p| view! { <div class="rq-notice rq-notice--error" role="alert">{p}</div> })}
            {move || {
                let l = lang.get();
                let options = services.get_value().iter().filter_map(|c| catalog().service(c)).map(|s| (s.code.clone(), s.short_title.get(l).to_owned())).collect();
                select(Msg::CatalogHeading, "desk-service", options, service.into(), Callback::new(move |v| service.set(v)))
            }}
            {field_error(errors, "service")}
            {move || {
                let l = lang.get();
                let s = chosen();
                let types = s.map(|s| s.request_types.clone()).unwrap_or_default();
                let kinds = s.map(|s| s.applicants.clone()).unwrap_or_default();
                view! {
                    {select(Msg::ServiceRequestTypes, "desk-request", types.iter().map(|r| (format!("{r:?}"), r.label().text(l).to_owned())).collect(),
                        Signal::derive(move || format!("{:?}", request.get())),
                        Callback::new(move |v: String| if let Some(r) = RequestType::ALL.into_iter().find(|r| format!("{r:?}") == v) { request.set(r) }))}
                    {select(Msg::ServiceApplicants, "desk-kind", kinds.iter().map(|k| (format!("{k:?}"), k.label().text(l).to_owned())).collect(),
                        Signal::derive(move || format!("{:?}", kind.get())),
                        Callback::new(move |v: String| kind.set(if v == "Le" { ApplicantKind::Le } else { ApplicantKind::Ie })))}
                }
            }}
            {field_error(errors, "request_type")}
            <div class="rq-field">
                <label class="rq-label" for="desk-applicant">{t(Msg::StaffDeskApplicantId)}</label>
                <input class="rq-input rq-input--short" id="desk-applicant" name="applicant" inputmode="numeric" maxlength="12" autocomplete="off"
                    prop:value=move || applicant.get() on:input=move |ev| applicant.set(event_target_value(&ev))/>
                {field_error(errors, "applicant")}
            </div>
            <button type="submit" class="rq-button" data-action="start-intake">{t(Msg::StaffDeskStart)}</button>
        </form>
    }
}
