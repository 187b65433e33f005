//! The inbox's scope tabs (mine, my department, the whole provider) and
//! filters (service, request type, stage, step, overdue, search).

use leptos::prelude::*;
use shared::catalog::{RequestType, catalog};
use shared::i18n::Msg;
use shared::review::{InboxScope, InboxStage, inbox_steps};

use super::{Inbox, request_code, step_name};
use crate::i18n::{t, use_lang};
use crate::staff::use_staff;

/// The scope tabs.
#[component]
pub(super) fn Tabs() -> impl IntoView {
    let inbox = expect_context::<Inbox>();
    let tab = move |scope: InboxScope, msg: Msg| {
        let current = move || inbox.query.get().scope == scope;
        view! {
            <li class="rq-tabs__item" class:rq-tabs__item--current=current>
                <button type="button" class="rq-tabs__link rq-link-button" data-scope=format!("{scope:?}").to_lowercase()
                    aria-pressed=move || current().to_string()
                    on:click=move |_| inbox.apply(move |q| q.scope = scope)>
                    {t(msg)}
                </button>
            </li>
        }
    };
    view! {
        <nav class="rq-tabs" aria-label=t(Msg::StaffInbox)>
            <ul class="rq-tabs__list">
                {tab(InboxScope::Mine, Msg::StaffScopeMine)}
                {tab(InboxScope::Department, Msg::StaffScopeDepartment)}
                {tab(InboxScope::Provider, Msg::StaffScopeProvider)}
            </ul>
        </nav>
    }
}

/// A filter's select: its label, its value in the query, its options.
fn select(
    id: &'static str,
    label: Msg,
    value: impl Fn() -> String + Send + Sync + 'static,
    options: impl IntoView + 'static,
    change: impl Fn(String) + 'static,
) -> impl IntoView {
    view! {
        <div class="rq-field">
            <label class="rq-label" for=id>{t(label)}</label>
            <select class="rq-select" id=id prop:value=value on:change=move |ev| change(event_target_value(&ev))>
                <option value="">{t(Msg::StaffAny)}</option>
                {options}
            </select>
        </div>
    }
}

/// The filters and the search.
#[component]
pub(super) fn Filters() -> impl IntoView {
    let lang = use_lang();
    let session = use_staff();
    let inbox = expect_context::<Inbox>();
    let query = inbox.query;
    let provider = move || session.me.get().map(|m| m.provider).unwrap_or_default();
    let services = move || {
        let (lang, provider) = (lang.get(), provider());
        catalog()
            .services
            .iter()
            .filter(|s| s.provider == provider)
            .map(|s| view! { <option value=s.code.clone()>{s.short_title.get(lang).to_owned()}</option> })
            .collect_view()
    };
    let requests = move || {
        let lang = lang.get();
        RequestType::ALL
            .into_iter()
            .map(|r| view! { <option value=request_code(r)>{r.label().text(lang)}</option> })
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
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let text = inbox.search.get_untracked();
        inbox.apply(move |q| q.q = Some(text).filter(|s| !s.trim().is_empty()));
    };
    view! {
        <form class="rq-filters" on:submit=submit>
            {select("inbox-service", Msg::StaffFilterService, move || query.get().service.unwrap_or_default(), services,
                move |v| inbox.apply(move |q| q.service = Some(v).filter(|s| !s.is_empty())))}
            {select("inbox-request", Msg::StaffFilterRequest, move || query.get().request_type.map(request_code).unwrap_or_default().to_owned(), requests,
                move |v| {
                    let r = RequestType::ALL.into_iter().find(|r| request_code(*r) == v);
                    inbox.apply(move |q| q.request_type = r);
                })}
            {select("inbox-stage", Msg::StaffFilterStage, move || query.get().stage.map(InboxStage::tag).unwrap_or_default().to_owned(), stages,
                move |v| {
                    let stage = InboxStage::ALL.into_iter().find(|s| s.tag() == v);
                    inbox.apply(move |q| q.stage = stage);
                })}
            {select("inbox-step", Msg::StaffFilterStep, move || query.get().step.unwrap_or_default(), steps,
                move |v| inbox.apply(move |q| q.step = Some(v).filter(|s| !s.is_empty())))}
            <div class="rq-field rq-field--check">
                <input type="checkbox" id="inbox-overdue" class="rq-checkbox"
                    prop:checked=move || query.get().overdue
                    on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        inbox.apply(move |q| q.overdue = on);
                    }/>
                <label for="inbox-overdue">{t(Msg::StaffFilterOverdue)}</label>
            </div>
            <div class="rq-field rq-field--grow">
                <label class="rq-label" for="inbox-q">{t(Msg::StaffSearch)}</label>
                <input class="rq-input" id="inbox-q" type="search" prop:value=move || inbox.search.get()
                    on:input=move |ev| inbox.search.set(event_target_value(&ev))/>
            </div>
            <button type="submit" class="rq-button rq-button--secondary" data-action="inbox-search">{t(Msg::StaffApply)}</button>
        </form>
    }
}
