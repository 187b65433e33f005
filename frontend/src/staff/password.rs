//! `/staff/password`: a member chooses a new password — at the first
//! sign-in, after an administrator reset it, or whenever they like.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;
use shared::i18n::Msg;
use shared::review::{ChangePassword, StaffMe};

use super::{field_error, use_staff};
use crate::api;
use crate::i18n::{t, use_lang};

/// The password page.
#[component]
pub fn PasswordPage() -> impl IntoView {
    let lang = use_lang();
    let session = use_staff();
    let navigate = use_navigate();
    {
        let navigate = navigate.clone();
        Effect::new(move |_| {
            if session.known.get() && session.me.get().is_none() {
                navigate("/staff", Default::default());
            }
        });
    }
    let form = RwSignal::new(ChangePassword::default());
    let errors = RwSignal::new(Vec::<shared::form::FieldError>::new());
    let problem = RwSignal::new(None::<String>);
    let done = RwSignal::new(false);
    let required = move || session.me.get().is_some_and(|m| m.must_change_password);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let l = lang.get_untracked();
        let body = form.get_untracked();
        let local = body.validate();
        if !local.is_empty() {
            errors.set(local);
            return;
        }
        let navigate = navigate.clone();
        spawn_local(async move {
            match api::call::<StaffMe>("POST", "/api/staff/me/password", Some(&body)).await {
                Ok(me) => {
                    errors.set(Vec::new());
                    problem.set(None);
                    form.set(ChangePassword::default());
                    let was_required = session.me.get_untracked().is_some_and(|m| m.must_change_password);
                    session.me.set(Some(me));
                    done.set(true);
                    if was_required {
                        navigate("/staff/inbox", Default::default());
                    }
                }
                Err(e) => super::report(&e, l, errors, problem),
            }
        });
    };
    view! {
        <div class="rq-width rq-narrow">
            <h1 class="rq-heading-l">{t(Msg::StaffPasswordTitle)}</h1>
            {move || required().then(|| view! { <div class="rq-notice rq-notice--info" role="status" data-password="required">{t(Msg::StaffPasswordChangeRequired)}</div> })}
            {move || done.get().then(|| view! { <div class="rq-notice rq-notice--success" role="status" data-password="changed">{t(Msg::StaffPasswordChanged)}</div> })}
            {move || problem.get().map(|p| view! { <div class="rq-notice rq-notice--error" role="alert">{p}</div> })}
            <form class="rq-form" on:submit=submit novalidate>
                <div class="rq-field">
                    <label class="rq-label" for="password.current">{t(Msg::StaffPasswordCurrent)}</label>
                    {field_error(errors, "password.current")}
                    <input class="rq-input" id="password.current" type="password" autocomplete="current-password"
                        prop:value=move || form.with(|f| f.current.clone()) on:input=move |ev| form.update(|f| f.current = event_target_value(&ev))/>
                </div>
                <div class="rq-field">
                    <label class="rq-label" for="password.new">{t(Msg::StaffPasswordNew)}</label>
                    {field_error(errors, "password.new")}
                    <input class="rq-input" id="password.new" type="password" autocomplete="new-password"
                        prop:value=move || form.with(|f| f.new.clone()) on:input=move |ev| form.update(|f| f.new = event_target_value(&ev))/>
                </div>
                <button type="submit" class="rq-button" data-action="change-password">{t(Msg::StaffPasswordSave)}</button>
            </form>
        </div>
    }
}
