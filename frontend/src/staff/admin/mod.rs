//! `/staff/admin`: the provider's administrator lists the staff, adds a
//! member with a role, marks members away or back, resets a password,
//! disables a member, and confirms one a second administrator set up; and
//! sets a year's MRP; and sees the background jobs.
//!
//! The list is a `LocalResource` reloaded after every change; each change
//! is an `Action`.

mod add;
mod jobs;
mod members;
mod reset;

use leptos::prelude::*;
use shared::form::FieldError;
use shared::i18n::{Lang, Msg};
use shared::review::{Absence, Disabled, StaffAccount};
use shared::workflow::Role;

use crate::api::{self, ApiError};
use crate::i18n::{t, use_lang};
use crate::ui::load::PageError;

const ROLES: [Role; 7] = [
    Role::Clerk,
    Role::Head,
    Role::DeputyHead,
    Role::DepartmentHead,
    Role::Executor,
    Role::ExternalBody,
    Role::Admin,
];

/// A change to a member from the list.
#[derive(Clone, Debug)]
enum Change {
    /// Marked away, or back.
    Absent(bool),
    /// Disabled, or enabled again.
    Disabled(bool),
    /// Confirmed by a second administrator.
    Confirmed,
}

/// What the administration page's parts share.
#[derive(Clone, Copy)]
struct Admin {
    /// Bumped after every change: the list is read again.
    reload: RwSignal<u32>,
    /// What went wrong that is not a field's.
    problem: RwSignal<Option<String>>,
    /// What went right.
    notice: RwSignal<Option<String>>,
    /// The field errors of the last form refused.
    errors: RwSignal<Vec<FieldError>>,
    /// The member whose password is being reset.
    resetting: RwSignal<Option<StaffAccount>>,
    /// A change to a member.
    change: Action<(String, Change), Result<StaffAccount, ApiError>>,
}

impl Admin {
    /// A write's outcome: the list read again, or what was wrong.
    fn settle<T>(self, outcome: &Result<T, ApiError>, lang: Lang) {
        crate::staff::settle(outcome, lang, self.errors, self.problem, self.reload);
    }
}

/// The administration page.
#[component]
pub fn AdminPage() -> impl IntoView {
    let lang = use_lang();
    let change = Action::new_local(|(id, change): &(String, Change)| {
        let url = |what: &str| format!("/api/staff/admin/members/{id}/{what}");
        let (url, body) = match change {
            Change::Absent(absent) => (url("absence"), serde_json::to_value(Absence { absent: *absent }).ok()),
            Change::Disabled(disabled) => (
                url("disabled"),
                serde_json::to_value(Disabled { disabled: *disabled }).ok(),
            ),
            Change::Confirmed => (url("confirmation"), None),
        };
        async move { api::call::<StaffAccount>("POST", &url, body.as_ref()).await }
    });
    let admin = Admin {
        reload: RwSignal::new(0),
        problem: RwSignal::new(None),
        notice: RwSignal::new(None),
        errors: RwSignal::new(Vec::new()),
        resetting: RwSignal::new(None),
        change,
    };
    provide_context(admin);
    Effect::new(move |_| {
        if let Some(outcome) = change.value().get() {
            admin.settle(&outcome, lang.get_untracked());
        }
    });
    let list = LocalResource::new(move || {
        let (_, lang) = (admin.reload.get(), lang.get_untracked());
        async move {
            api::get::<Vec<StaffAccount>>("/api/staff/admin/members")
                .await
                .map_err(|e| PageError(e.message(lang)))
        }
    });
    view! {
        <div class="rq-width rq-staff">
            <h1 class="rq-heading-l">{t(Msg::AdminTitle)}</h1>
            {move || admin.problem.get().map(|p| view! { <div class="rq-notice rq-notice--error" role="alert">{p}</div> })}
            {move || admin.notice.get().map(|p| view! { <div class="rq-notice rq-notice--success" role="status" data-notice="admin">{p}</div> })}
            <Transition fallback=crate::ui::load::Loading>
                <ErrorBoundary fallback=crate::ui::load::failed>
                    {move || {
                        lang.track();
                        Suspend::new(async move { list.await.map(|m| view! { <members::Members list=m/> }) })
                    }}
                </ErrorBoundary>
            </Transition>
            <reset::Reset/>
            <add::Add/>
            <super::mrp::MrpPanel/>
            <jobs::Jobs/>
        </div>
    }
}
