//! `/staff/admin`: the provider's administrator lists the staff, adds a
//! member with a role, and marks members away or back.

use leptos::prelude::*;
use leptos::task::spawn_local;
use shared::i18n::Msg;
use shared::review::{Absence, Disabled, NewStaff, ResetPassword, StaffAccount};
use shared::workflow::Role;

use super::{require_staff, role_label, use_staff};
use crate::api;
use crate::i18n::{t, use_lang};

const ROLES: [Role; 7] = [
    Role::Clerk,
    Role::Head,
    Role::DeputyHead,
    Role::DepartmentHead,
    Role::Executor,
    Role::ExternalBody,
    Role::Admin,
];

/// The staff list and the form to add a member.
#[component]
pub fn AdminPage() -> impl IntoView {
    require_staff();
    let lang = use_lang();
    let members = RwSignal::new(Vec::<StaffAccount>::new());
    let problem = RwSignal::new(None::<String>);
    let errors = RwSignal::new(Vec::<shared::form::FieldError>::new());
    let form = RwSignal::new(NewStaff {
        login: String::new(),
        name: String::new(),
        iin: String::new(),
        role: Role::Executor,
        password: String::new(),
    });
    let reload = move || {
        spawn_local(async move {
            match api::get::<Vec<StaffAccount>>("/api/staff/admin/members").await {
                Ok(m) => members.set(m),
                Err(e) => problem.set(Some(e.message(lang.get_untracked()))),
            }
        });
    };
    reload();
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let body = form.get_untracked();
        let l = lang.get_untracked();
        // The same checks as the server's, before sending.
        let local = body.validate();
        if !local.is_empty() {
            errors.set(local);
            return;
        }
        spawn_local(async move {
            match api::call::<StaffAccount>("POST", "/api/staff/admin/members", Some(&body)).await {
                Ok(_) => {
                    errors.set(Vec::new());
                    form.update(|f| {
                        f.login.clear();
                        f.name.clear();
                        f.iin.clear();
                        f.password.clear();
                    });
                    reload();
                }
                Err(e) => {
                    super::report(&e, l, errors, problem);
                }
            }
        });
    };
    let toggle = move |id: String, absent: bool| {
        spawn_local(async move {
            let _ = api::call::<StaffAccount>(
                "POST",
                &format!("/api/staff/admin/members/{id}/absence"),
                Some(&Absence { absent }),
            )
            .await;
            reload();
        });
    };
    let notice = RwSignal::new(None::<String>);
    let resetting = RwSignal::new(None::<StaffAccount>);
    let temporary = RwSignal::new(String::new());
    let disable = move |id: String, disabled: bool| {
        spawn_local(async move {
            let l = lang.get_untracked();
            match api::call::<StaffAccount>(
                "POST",
                &format!("/api/staff/admin/members/{id}/disabled"),
                Some(&Disabled { disabled }),
            )
            .await
            {
                Ok(_) => problem.set(None),
                Err(e) => problem.set(Some(e.message(l))),
            }
            reload();
        });
    };
    let me = use_staff();
    let confirm = move |id: String| {
        spawn_local(async move {
            let l = lang.get_untracked();
            let url = format!("/api/staff/admin/members/{id}/confirmation");
            match api::call::<StaffAccount>("POST", &url, None::<&()>).await {
                Ok(_) => problem.set(None),
                Err(e) => problem.set(Some(e.message(l))),
            }
            reload();
        });
    };
    let reset = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(member) = resetting.get_untracked() else {
            return;
        };
        let l = lang.get_untracked();
        let body = ResetPassword {
            password: temporary.get_untracked(),
        };
        spawn_local(async move {
            let url = format!("/api/staff/admin/members/{}/password", member.id);
            match api::call::<StaffAccount>("POST", &url, Some(&body)).await {
                Ok(_) => {
                    errors.set(Vec::new());
                    resetting.set(None);
                    temporary.set(String::new());
                    notice.set(Some(Msg::AdminPasswordResetDone.text(l).to_owned()));
                }
                Err(e) => super::report(&e, l, errors, problem),
            }
        });
    };
    let error = move |path: &'static str| super::field_error(errors, path);
    let input = move |path: &'static str,
                      label: Msg,
                      kind: &'static str,
                      get: fn(&NewStaff) -> String,
                      set: fn(&mut NewStaff, String)| {
        view! {
            <div class="rq-field">
                <label class="rq-label" for=path>{t(label)}</label>
                {error(path)}
                <input class="rq-input" id=path type=kind prop:value=move || form.with(get) on:input=move |ev| form.update(|f| set(f, event_target_value(&ev)))/>
            </div>
        }
    };
    view! {
        <div class="rq-width rq-staff">
            <h1 class="rq-heading-l">{t(Msg::AdminTitle)}</h1>
            {move || problem.get().map(|p| view! { <div class="rq-notice rq-notice--error" role="alert">{p}</div> })}
            {move || notice.get().map(|p| view! { <div class="rq-notice rq-notice--success" role="status" data-notice="admin">{p}</div> })}
            <table class="rq-steps">
                <tbody>
                    {move || {
                        let l = lang.get();
                        members.get().into_iter().map(|m| {
                            let (id, absent, disabled) = (m.id.clone(), m.absent, m.disabled);
                            let id_off = id.clone();
                            let id_confirm = id.clone();
                            let member = m.clone();
                            let me_id = me.me.with(|me| me.as_ref().map(|me| me.id.clone()).unwrap_or_default());
                            // The second person: not whoever set them up, nor themselves.
                            let can_confirm = m.unconfirmed_by.as_ref().is_some_and(|by| *by != me_id) && m.id != me_id;
                            view! {
                                <tr data-member=m.login.clone() data-absent=absent.to_string() data-disabled=disabled.to_string()
                                    data-unconfirmed=m.unconfirmed_by.is_some().to_string()>
                                    <td>
                                        {m.name.clone()} {disabled.then(|| view! { <span class="rq-hint">{Msg::AdminDisabled.text(l)}</span> })}
                                        {m.unconfirmed_by.is_some().then(|| view! { " " <span class="rq-tag rq-tag--waiting">{Msg::AdminUnconfirmed.text(l)}</span> })}
                                    </td>
                                    <td>{m.login.clone()}</td>
                                    <td>{role_label(m.role).text(l)}</td>
                                    <td class="rq-actions">
                                        {can_confirm.then(|| view! {
                                            <button type="button" class="rq-link-button" data-action="confirm-member" on:click=move |_| confirm(id_confirm.clone())>
                                                {Msg::AdminConfirm.text(l)}
                                            </button>
                                        })}
                                        <button type="button" class="rq-link-button" on:click=move |_| toggle(id.clone(), !absent)>
                                            {if absent { Msg::AdminMarkPresent.text(l) } else { Msg::AdminMarkAbsent.text(l) }}
                                        </button>
                                        <button type="button" class="rq-link-button" data-action="reset-password" on:click=move |_| {
                                            notice.set(None);
                                            resetting.set(Some(member.clone()));
                                        }>
                                            {Msg::AdminResetPassword.text(l)}
                                        </button>
                                        <button type="button" class="rq-link-button" data-action="disable" on:click=move |_| disable(id_off.clone(), !disabled)>
                                            {if disabled { Msg::AdminEnable.text(l) } else { Msg::AdminDisable.text(l) }}
                                        </button>
                                    </td>
                                </tr>
                            }
                        }).collect_view()
                    }}
                </tbody>
            </table>
            {move || resetting.get().map(|m| view! {
                <form class="rq-form rq-panel" on:submit=reset novalidate data-resetting=m.login.clone()>
                    <h2 class="rq-heading-s">{t(Msg::AdminResetPassword)} ": " {m.name.clone()}</h2>
                    <div class="rq-field">
                        <label class="rq-label" for="reset.password">{t(Msg::AdminTemporaryPassword)}</label>
                        {error("reset.password")}
                        <input class="rq-input" id="reset.password" type="text" autocomplete="off"
                            prop:value=move || temporary.get() on:input=move |ev| temporary.set(event_target_value(&ev))/>
                    </div>
                    <button type="submit" class="rq-button" data-action="save-reset">{t(Msg::AdminResetPassword)}</button>
                </form>
            })}
            <h2 class="rq-heading-m">{t(Msg::AdminAdd)}</h2>
            <form class="rq-form" on:submit=add novalidate>
                {input("staff.login", Msg::StaffLogin, "text", |f| f.login.clone(), |f, v| f.login = v)}
                {input("staff.name", Msg::AdminName, "text", |f| f.name.clone(), |f, v| f.name = v)}
                {input("staff.iin", Msg::AdminIin, "text", |f| f.iin.clone(), |f, v| f.iin = v)}
                <div class="rq-field">
                    <label class="rq-label" for="staff.role">{t(Msg::AdminRole)}</label>
                    {error("staff.role")}
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
            <super::mrp::MrpPanel/>
        </div>
    }
}
