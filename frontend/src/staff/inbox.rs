//! `/staff/inbox`: the cases waiting, most urgent first, with the step's
//! and the service's deadlines, working time left (red when overdue, amber
//! within a working day) and age; scope tabs, filters and search, which the
//! server remembers for the member on every device; keyset pages.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use shared::calendar::{Timestamp, Urgency};
use shared::catalog::{RequestType, catalog};
use shared::form::FieldError;
use shared::i18n::{Lang, Msg};
use shared::review::{InboxPage as Page, InboxQuery, InboxRow, InboxScope, InboxStage, StaffMe, inbox_steps};

use super::{require_staff, use_staff, working_time};
use crate::api;
use crate::i18n::{t, use_lang};
use crate::ui::format::format_time;

fn query_string(q: &InboxQuery) -> String {
    let mut parts = vec![format!(
        "scope={}",
        match q.scope {
            InboxScope::Mine => "mine",
            InboxScope::Department => "department",
            InboxScope::Provider => "provider",
        }
    )];
    if let Some(s) = &q.service {
        parts.push(format!("service={}", api::encode(s)));
    }
    if let Some(r) = q.request_type {
        parts.push(format!("request_type={}", request_code(r)));
    }
    if let Some(s) = q.stage {
        parts.push(format!("stage={}", s.tag()));
    }
    if let Some(s) = &q.step {
        parts.push(format!("step={}", api::encode(s)));
    }
    if q.overdue {
        parts.push("overdue=true".to_owned());
    }
    if let Some(text) = q.q.as_deref().filter(|s| !s.trim().is_empty()) {
        parts.push(format!("q={}", api::encode(text.trim())));
    }
    if let Some(a) = &q.after {
        parts.push(format!("after={}", api::encode(a)));
    }
    parts.join("&")
}

fn request_code(r: RequestType) -> &'static str {
    match r {
        RequestType::Issuance => "issuance",
        RequestType::Reregistration => "reregistration",
        RequestType::Duplicate => "duplicate",
    }
}

/// A step's name from its id.
pub(crate) fn step_name(id: &str, lang: Lang) -> String {
    Msg::from_key(&format!("step.{}", id.replace('-', "_")))
        .map(|m| m.text(lang).to_owned())
        .unwrap_or_else(|| id.to_owned())
}

fn service_name(code: &str, lang: Lang) -> String {
    catalog()
        .service(code)
        .map(|s| s.short_title.get(lang).to_owned())
        .unwrap_or_else(|| code.to_owned())
}

fn row_view(r: InboxRow, lang: Lang) -> impl IntoView {
    let class = match r.urgency {
        Urgency::Overdue => "rq-inbox__row rq-inbox__row--overdue",
        Urgency::DueSoon => "rq-inbox__row rq-inbox__row--soon",
        Urgency::OnTime => "rq-inbox__row",
    };
    let href = format!("/staff/cases/{}", r.id);
    let step = r.step_id.as_deref().map(|s| step_name(s, lang)).unwrap_or_default();
    let owner = match (&r.assignee, r.step_role) {
        (Some(_), _) => "✓".to_owned(),
        (None, Some(role)) => format!(
            "{} ({})",
            super::role_label(role).text(lang),
            Msg::StaffRolePool.text(lang)
        ),
        _ => String::new(),
    };
    let due = |d: Option<i64>| d.map(|d| format_time(Timestamp::from_unix(d))).unwrap_or_default();
    view! {
        <tr class=class data-case=r.id.clone() data-urgency=format!("{:?}", r.urgency).to_lowercase()>
            <td data-label=Msg::StaffColNumber.text(lang)><A href=href>{r.number.clone()}</A></td>
            <td data-label=Msg::StaffFilterService.text(lang)>{service_name(&r.service, lang)} " · " {r.request_type.label().text(lang)}</td>
            <td data-label=Msg::StaffColApplicant.text(lang)>{r.applicant_name.clone()} <br/><span class="rq-caption">{r.applicant_id.clone()}</span></td>
            <td data-label=Msg::StaffColStep.text(lang)>{step} <br/><span class="rq-caption">{r.status.label().text(lang)}</span></td>
            <td data-label=Msg::StaffColOwner.text(lang)>{owner}</td>
            <td data-label=Msg::StaffColStepDue.text(lang)>{due(r.step_due_at)}</td>
            <td data-label=Msg::StaffColServiceDue.text(lang)>{due(r.due_at)}</td>
            <td data-label=Msg::StaffColLeft.text(lang) class="rq-inbox__left">
                {r.step_minutes_left.map(|m| working_time(m, lang))}
            </td>
            <td data-label=Msg::StaffColAge.text(lang)>{format!("{} {}", r.age_days, Msg::StaffDays.text(lang))}</td>
        </tr>
    }
}

/// The inbox.
#[component]
pub fn InboxPage() -> impl IntoView {
    require_staff();
    let lang = use_lang();
    let session = use_staff();
    let query = RwSignal::new(InboxQuery::default());
    let page = RwSignal::new(None::<Page>);
    let problem = RwSignal::new(None::<String>);
    let search = RwSignal::new(String::new());
    let load = move |q: InboxQuery| {
        spawn_local(async move {
            match api::get::<Page>(&format!("/api/staff/inbox?{}", query_string(&q))).await {
                Ok(p) => {
                    problem.set(None);
                    page.set(Some(p));
                }
                Err(e) => problem.set(Some(e.message(lang.get_untracked()))),
            }
        });
    };
    // Once the member is known: their remembered filters, then the first page.
    Effect::new(move |done: Option<bool>| {
        if done == Some(true) {
            return true;
        }
        let Some(me) = session.me.get() else { return false };
        let q = me.inbox.clone();
        search.set(q.q.clone().unwrap_or_default());
        query.set(q.clone());
        load(q);
        true
    });
    let say = move |errors: Vec<FieldError>| {
        let lang = lang.get_untracked();
        problem.set(Some(errors.iter().map(|f| f.plain(lang)).collect::<Vec<_>>().join(" ")));
    };
    let apply = move |change: Box<dyn FnOnce(&mut InboxQuery)>| {
        let mut q = query.get_untracked();
        change(&mut q);
        q.after = None;
        query.set(q.clone());
        // The browser checks with the shared rules first; the entered text stays.
        let errors = q.validate();
        if !errors.is_empty() {
            say(errors);
            return;
        }
        load(q.clone());
        // Remembered on the server, so the member finds the same view on
        // another device.
        spawn_local(async move {
            match api::call::<StaffMe>("PUT", "/api/staff/me/inbox", Some(&q.filters())).await {
                Ok(me) => session.me.update_untracked(|m| *m = Some(me)),
                Err(e) => match e.field_errors() {
                    errors if errors.is_empty() => problem.set(Some(e.message(lang.get_untracked()))),
                    errors => say(errors),
                },
            }
        });
    };
    let tab = move |scope: InboxScope, msg: Msg| {
        let current = move || query.get().scope == scope;
        view! {
            <li class="rq-tabs__item" class:rq-tabs__item--current=current>
                <button type="button" class="rq-tabs__link rq-link-button" data-scope=format!("{scope:?}").to_lowercase()
                    aria-pressed=move || current().to_string()
                    on:click=move |_| apply(Box::new(move |q| q.scope = scope))>
                    {t(msg)}
                </button>
            </li>
        }
    };
    let provider = move || session.me.get().map(|m| m.provider).unwrap_or_default();
    let services = move || {
        let lang = lang.get();
        let provider = provider();
        catalog()
            .services
            .iter()
            .filter(|s| s.provider == provider)
            .map(|s| view! { <option value=s.code.clone()>{s.short_title.get(lang).to_owned()}</option> })
            .collect_view()
    };
    let stages = move || {
        let lang = lang.get();
        InboxStage::ALL
            .into_iter()
            .map(|s| view! { <option value=s.tag()>{s.label().text(lang)}</option> })
            .collect_view()
    };
    let steps = move || {
        let lang = lang.get();
        inbox_steps(Some(&provider()))
            .into_iter()
            .map(|id| view! { <option value=id.clone()>{step_name(&id, lang)}</option> })
            .collect_view()
    };
    let head_absent = move || session.me.get().is_some_and(|m| m.head_absent);
    let rows = move || {
        let lang = lang.get();
        page.get().map(|p| {
            if p.rows.is_empty() {
                view! { <p class="rq-empty" data-empty="inbox">{t(Msg::StaffEmpty)}</p> }.into_any()
            } else {
                let next = p.next.clone();
                view! {
                    <table class="rq-inbox">
                        <thead>
                            <tr>
                                <th>{t(Msg::StaffColNumber)}</th>
                                <th>{t(Msg::StaffFilterService)}</th>
                                <th>{t(Msg::StaffColApplicant)}</th>
                                <th>{t(Msg::StaffColStep)}</th>
                                <th>{t(Msg::StaffColOwner)}</th>
                                <th>{t(Msg::StaffColStepDue)}</th>
                                <th>{t(Msg::StaffColServiceDue)}</th>
                                <th>{t(Msg::StaffColLeft)}</th>
                                <th>{t(Msg::StaffColAge)}</th>
                            </tr>
                        </thead>
                        <tbody>{p.rows.into_iter().map(|r| row_view(r, lang)).collect_view()}</tbody>
                    </table>
                    <p class="rq-pager">
                        {query.get_untracked().after.is_some().then(|| view! {
                            <button type="button" class="rq-link-button" on:click=move |_| apply(Box::new(|_| {}))>{t(Msg::StaffFirstPage)}</button>
                        })}
                        {next.map(|n| view! {
                            <button type="button" class="rq-link-button" data-action="next-page" on:click=move |_| {
                                let mut q = query.get_untracked();
                                q.after = Some(n.clone());
                                query.set(q.clone());
                                load(q);
                            }>{t(Msg::StaffNextPage)}</button>
                        })}
                    </p>
                }
                .into_any()
            }
        })
    };
    view! {
        <div class="rq-width rq-staff">
            <h1 class="rq-heading-l">{t(Msg::StaffInbox)}</h1>
            {move || head_absent().then(|| view! { <div class="rq-notice rq-notice--info" role="status">{t(Msg::StaffHeadAbsent)}</div> })}
            <nav class="rq-tabs" aria-label=t(Msg::StaffInbox)>
                <ul class="rq-tabs__list">
                    {tab(InboxScope::Mine, Msg::StaffScopeMine)}
                    {tab(InboxScope::Department, Msg::StaffScopeDepartment)}
                    {tab(InboxScope::Provider, Msg::StaffScopeProvider)}
                </ul>
            </nav>
            <form class="rq-filters" on:submit=move |ev: leptos::ev::SubmitEvent| {
                ev.prevent_default();
                let text = search.get_untracked();
                apply(Box::new(move |q| q.q = Some(text).filter(|s| !s.trim().is_empty())));
            }>
                <div class="rq-field">
                    <label class="rq-label" for="inbox-service">{t(Msg::StaffFilterService)}</label>
                    <select class="rq-select" id="inbox-service"
                        prop:value=move || query.get().service.unwrap_or_default()
                        on:change=move |ev| {
                            let v = event_target_value(&ev);
                            apply(Box::new(move |q| q.service = Some(v).filter(|s| !s.is_empty())));
                        }>
                        <option value="">{t(Msg::StaffAny)}</option>
                        {services}
                    </select>
                </div>
                <div class="rq-field">
                    <label class="rq-label" for="inbox-request">{t(Msg::StaffFilterRequest)}</label>
                    <select class="rq-select" id="inbox-request"
                        prop:value=move || query.get().request_type.map(request_code).unwrap_or_default()
                        on:change=move |ev| {
                            let v = event_target_value(&ev);
                            let r = RequestType::ALL.into_iter().find(|r| request_code(*r) == v);
                            apply(Box::new(move |q| q.request_type = r));
                        }>
                        <option value="">{t(Msg::StaffAny)}</option>
                        {move || RequestType::ALL.into_iter().map(|r| view! { <option value=request_code(r)>{r.label().text(lang.get())}</option> }).collect_view()}
                    </select>
                </div>
                <div class="rq-field">
                    <label class="rq-label" for="inbox-stage">{t(Msg::StaffFilterStage)}</label>
                    <select class="rq-select" id="inbox-stage"
                        prop:value=move || query.get().stage.map(InboxStage::tag).unwrap_or_default()
                        on:change=move |ev| {
                            let v = event_target_value(&ev);
                            let stage = InboxStage::ALL.into_iter().find(|s| s.tag() == v);
                            apply(Box::new(move |q| q.stage = stage));
                        }>
                        <option value="">{t(Msg::StaffAny)}</option>
                        {stages}
                    </select>
                </div>
                <div class="rq-field">
                    <label class="rq-label" for="inbox-step">{t(Msg::StaffFilterStep)}</label>
                    <select class="rq-select" id="inbox-step"
                        prop:value=move || query.get().step.unwrap_or_default()
                        on:change=move |ev| {
                            let v = event_target_value(&ev);
                            apply(Box::new(move |q| q.step = Some(v).filter(|s| !s.is_empty())));
                        }>
                        <option value="">{t(Msg::StaffAny)}</option>
                        {steps}
                    </select>
                </div>
                <div class="rq-field rq-field--check">
                    <input type="checkbox" id="inbox-overdue" class="rq-checkbox"
                        prop:checked=move || query.get().overdue
                        on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            apply(Box::new(move |q| q.overdue = on));
                        }/>
                    <label for="inbox-overdue">{t(Msg::StaffFilterOverdue)}</label>
                </div>
                <div class="rq-field rq-field--grow">
                    <label class="rq-label" for="inbox-q">{t(Msg::StaffSearch)}</label>
                    <input class="rq-input" id="inbox-q" type="search" prop:value=move || search.get()
                        on:input=move |ev| search.set(event_target_value(&ev))/>
                </div>
                <button type="submit" class="rq-button rq-button--secondary" data-action="inbox-search">{t(Msg::StaffApply)}</button>
            </form>
            {move || problem.get().map(|p| view! { <div class="rq-notice rq-notice--error" role="alert">{p}</div> })}
            {rows}
        </div>
    }
}
