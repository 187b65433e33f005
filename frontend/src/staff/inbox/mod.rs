//! `/staff/inbox`: the cases waiting, most urgent first, with the step's
//! and the service's deadlines, working time left (red when overdue, amber
//! within a working day) and age; scope tabs, filters and search, which the
//! server remembers for the member on every device; keyset pages.

//!
//! The page holds the filters as shown and the query last applied; the
//! page of rows is a `LocalResource` of the applied query, and remembering
//! the filters on the server is an `Action`.

mod filters;
mod table;

use leptos::prelude::*;
use shared::catalog::{RequestType, catalog};
use shared::form::FieldError;
use shared::i18n::{Lang, Msg};
use shared::page::Page;
use shared::review::{InboxQuery, InboxRow, InboxScope, StaffMe};

use super::use_staff;
use crate::api::{self, ApiError};
use crate::i18n::{t, use_lang};
use crate::ui::load::PageError;

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
    shared::workflow::step_name(id, lang)
}

fn service_name(code: &str, lang: Lang) -> String {
    catalog()
        .service(code)
        .map(|s| s.short_title.get(lang).to_owned())
        .unwrap_or_else(|| code.to_owned())
}

/// What the inbox's parts share.
#[derive(Clone, Copy)]
struct Inbox {
    /// The filters as shown.
    query: RwSignal<InboxQuery>,
    /// The query whose page is shown (none until the member is known).
    applied: RwSignal<Option<InboxQuery>>,
    /// The search text as typed.
    search: RwSignal<String>,
    /// What is wrong with the filters, or with remembering them.
    problem: RwSignal<Option<String>>,
    /// Remembers the filters on the server, for the member's other devices.
    remember: Action<InboxQuery, Result<StaffMe, ApiError>>,
    /// The page's language.
    lang: RwSignal<Lang>,
}

impl Inbox {
    /// Changes the filters: checked by the shared rules first (the text
    /// typed stays), then the first page of the new query, remembered.
    fn apply(self, change: impl FnOnce(&mut InboxQuery)) {
        let mut q = self.query.get_untracked();
        change(&mut q);
        q.after = None;
        self.query.set(q.clone());
        let errors = q.validate();
        if !errors.is_empty() {
            self.say(&errors);
            return;
        }
        self.applied.set(Some(q.clone()));
        self.remember.dispatch(q);
    }

    /// The next page after a row's key.
    fn next_page(self, after: String) {
        let mut q = self.query.get_untracked();
        q.after = Some(after);
        self.query.set(q.clone());
        self.applied.set(Some(q));
    }

    fn say(self, errors: &[FieldError]) {
        let lang = self.lang.get_untracked();
        let text: Vec<String> = errors.iter().map(|f| f.plain(lang)).collect();
        self.problem.set(Some(text.join(" ")));
    }
}

/// The inbox.
#[component]
pub fn InboxPage() -> impl IntoView {
    let lang = use_lang();
    let session = use_staff();
    let remember = Action::new_local(|q: &InboxQuery| {
        let filters = q.filters();
        async move { api::call::<StaffMe>("PUT", "/api/staff/me/inbox", Some(&filters)).await }
    });
    let inbox = Inbox {
        query: RwSignal::new(InboxQuery::default()),
        applied: RwSignal::new(None),
        search: RwSignal::new(String::new()),
        problem: RwSignal::new(None),
        remember,
        lang,
    };
    provide_context(inbox);
    // Once the member is known: their remembered filters, and their page.
    Effect::new(move |done: Option<bool>| {
        if done == Some(true) {
            return true;
        }
        let Some(me) = session.me.get() else { return false };
        inbox.search.set(me.inbox.q.clone().unwrap_or_default());
        inbox.query.set(me.inbox.clone());
        inbox.applied.set(Some(me.inbox));
        true
    });
    Effect::new(move |_| match remember.value().get() {
        Some(Ok(me)) => session.me.update_untracked(|m| *m = Some(me)),
        Some(Err(e)) => match e.field_errors() {
            errors if errors.is_empty() => inbox.problem.set(Some(e.message(lang.get_untracked()))),
            errors => inbox.say(&errors),
        },
        None => {}
    });
    let page = LocalResource::new(move || {
        let (q, lang) = (inbox.applied.get(), lang.get_untracked());
        async move {
            let Some(q) = q else { return Ok(None) };
            let url = format!("/api/staff/inbox?{}", query_string(&q));
            api::get::<Page<InboxRow>>(&url)
                .await
                .map(Some)
                .map_err(|e| PageError(e.message(lang)))
        }
    });
    let head_absent = move || session.me.get().is_some_and(|m| m.head_absent);
    view! {
        <div class="rq-width rq-staff">
            <h1 class="rq-heading-l">{t(Msg::StaffInbox)}</h1>
            {move || head_absent().then(|| view! { <div class="rq-notice rq-notice--info" role="status">{t(Msg::StaffHeadAbsent)}</div> })}
            <filters::Tabs/>
            <filters::Filters/>
            {move || inbox.problem.get().map(|p| view! { <div class="rq-notice rq-notice--error" role="alert">{p}</div> })}
            <Transition fallback=crate::ui::load::Loading>
                <ErrorBoundary fallback=crate::ui::load::failed>
                    {move || Suspend::new(async move { page.await.map(|p| p.map(|p| view! { <table::Table page=p/> })) })}
                </ErrorBoundary>
            </Transition>
        </div>
    }
}
