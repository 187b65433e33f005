//! Adding a member: login, name, IIN, role and a first password, checked
//! by the shared rules in the browser and again on the server.

use leptos::prelude::*;
use shared::i18n::Msg;
use shared::review::{NewStaff, StaffAccount};
use shared::workflow::Role;

use super::{Admin, ROLES};
use crate::api;
use crate::i18n::{t, use_lang};
use crate::staff::{field_error, role_label};

/// The form to add a member.
#[component]
pub(super) fn Add() -> impl IntoView {
    let lang = use_lang();
    let admin = expect_context::<Admin>();
    let form = RwSignal::new(NewStaff {
        login: String::new(),
        name: String::new(),
        iin: String::new(),
        role: Role::Executor,
        password: String::new(),
    });
    let add = Action::new_local(|body: &NewStaff| {
        let body = body.clone();
        async move { api::call::<StaffAccount>("POST", "/api/staff/admin/members", Some(&body)).await }
    });
    Effect::new(move |_| {
        if let Some(outcome) = add.value().get() {
            if outcome.is_ok() {
                form.update(|f| {
                    f.login.clear();
                    f.name.clear();
                    f.iin.clear();
                    f.password.clear();
                });
            }
            admin.settle(&outcome, lang.get_untracked());
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let body = form.get_untracked();
        // The same checks as the server's, before sending.
        let local = body.validate();
        if local.is_empty() {
            add.dispatch(body);
        } else {
            admin.errors.set(local);
        }
    };
    let input = move |path: &'static str,
                      label: Msg,
                      kind: &'static str,
                      get: fn(&NewStaff) -> String,
                      set: fn(&mut NewStaff, String)| {
        view! {
            <div class="rq-field">
                <label class="rq-label" for=path>{t(label)}</label>
                {field_error(admin.errors, path)}
                <input class="rq-input" id=path type=kind prop:value=move || form.with(get) on:input=move |ev| form.update(|f| set(f, event_target_value(&ev)))/>
            </div>
        }
    };
    view! {
        <h2 class="rq-heading-m">{t(Msg::AdminAdd)}</h2>
        <form class="rq-form" on:submit=submit novalidate>
            {input("staff.login", Msg::StaffLogin, "text", |f| f.login.clone(), |f, v| f.login = v)}
            {input("staff.name", Msg::AdminName, "text", |f| f.name.clone(), |f, v| f.name = v)}
            {input("staff.iin", Msg::AdminIin, "text", |f| f.iin.clone(), |f, v| f.iin = v)}
            <div class="rq-field">
                <label class="rq-label" for="staff.role">{t(Msg::AdminRole)}</label>
                {field_error(admin.errors, "staff.role")}
                <select class="rq-select" id="staff.role" on:change=move |ev| {
                    let v = event_target_value(&ev);
                    if let Some(r) = ROLES.into_iter().find(|r| format!("{r:?}") == v) {
                        form.update(|f| f.role = r);
                    }
                }>
                    {move || ROLES.into_iter().map(|r| view! {
                        <option value=format!("{r:?}") selected=move || form.with(|f| f.role == r)>{role_label(r).text(lang.get())}</option>
                    }).collect_view()}
                </select>
            </div>
            {input("staff.password", Msg::StaffPassword, "password", |f| f.password.clone(), |f, v| f.password = v)}
            <button type="submit" class="rq-button" data-action="add-member">{t(Msg::AdminAdd)}</button>
        </form>
    }
}
