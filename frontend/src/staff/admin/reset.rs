//! Resetting a member's password to a temporary one, which they must
//! change at their next sign-in (and a second administrator confirm).

use leptos::prelude::*;
use shared::i18n::Msg;
use shared::review::{ResetPassword, StaffAccount};

use super::Admin;
use crate::api;
use crate::i18n::{t, use_lang};
use crate::staff::field_error;

/// The reset form, for the member chosen in the list.
#[component]
pub(super) fn Reset() -> impl IntoView {
    let lang = use_lang();
    let admin = expect_context::<Admin>();
    let temporary = RwSignal::new(String::new());
    let reset = Action::new_local(move |id: &String| {
        let url = format!("/api/staff/admin/members/{id}/password");
        let body = ResetPassword {
            password: temporary.get_untracked(),
        };
        async move { api::call::<StaffAccount>("POST", &url, Some(&body)).await }
    });
    Effect::new(move |_| match reset.value().get() {
        Some(Ok(_)) => {
            admin.errors.set(Vec::new());
            admin.resetting.set(None);
            temporary.set(String::new());
            admin
                .notice
                .set(Some(Msg::AdminPasswordResetDone.text(lang.get_untracked()).to_owned()));
        }
        Some(Err(e)) => crate::staff::report(&e, lang.get_untracked(), admin.errors, admin.problem),
        None => {}
    });
    move || {
        admin.resetting.get().map(|m| {
            let id = m.id.clone();
            view! {
                <form class="rq-form rq-panel" novalidate data-resetting=m.login.clone()
                    on:submit=move |ev: leptos::ev::SubmitEvent| {
                        ev.prevent_default();
                        reset.dispatch(id.clone());
                    }>
                    <h2 class="rq-heading-s">{t(Msg::AdminResetPassword)} ": " {m.name.clone()}</h2>
                    <div class="rq-field">
                        <label class="rq-label" for="reset.password">{t(Msg::AdminTemporaryPassword)}</label>
                        {field_error(admin.errors, "reset.password")}
                        <input class="rq-input" id="reset.password" type="text" autocomplete="off"
                            prop:value=move || temporary.get() on:input=move |ev| temporary.set(event_target_value(&ev))/>
                    </div>
                    <button type="submit" class="rq-button" data-action="save-reset">{t(Msg::AdminResetPassword)}</button>
                </form>
            }
        })
    }
}
