//! A resolution: a note, and optionally the colleague who takes the case.

use leptos::prelude::*;
use shared::i18n::Msg;
use shared::review::{CaseAction, StaffMember};
use shared::workflow::Role;

use super::{NoteField, busy, on_submit, use_forms};
use crate::api;
use crate::i18n::{t, use_lang};
use crate::staff::{field_error, role_label};

/// The resolution form.
#[component]
pub(super) fn Resolve() -> impl IntoView {
    let lang = use_lang();
    let f = use_forms();
    let busy = busy();
    let errors = super::use_case().errors;
    let members = LocalResource::new(|| api::get::<Vec<StaffMember>>("/api/staff/members"));
    let colleagues = move || {
        let l = lang.get();
        let list = members.get().and_then(Result::ok).unwrap_or_default();
        list.into_iter()
            .filter(|m| matches!(m.role, Role::DeputyHead | Role::DepartmentHead | Role::Executor))
            .map(|m| {
                let selected = f.to.get_untracked() == m.id;
                view! { <option value=m.id.clone() selected=selected>{format!("{} — {}", m.name, role_label(m.role).text(l))}</option> }
            })
            .collect_view()
    };
    let submit = on_submit(move || CaseAction::Resolve {
        to: Some(f.to.get_untracked()).filter(|s| !s.is_empty()),
        note: f.note.get_untracked(),
    });
    view! {
        <form class="rq-action" data-form="resolve" on:submit=submit>
            <h3 class="rq-heading-s">{t(Msg::StaffActResolve)}</h3>
            <NoteField path="resolution.note" label=Msg::StaffResolutionNote value=f.note/>
            <div class="rq-field">
                <label class="rq-label" for="resolution.to">{t(Msg::StaffResolutionTo)}</label>
                {field_error(errors, "resolution.to")}
                <select class="rq-select" id="resolution.to" on:change=move |ev| f.to.set(event_target_value(&ev))>
                    <option value="">{t(Msg::StaffRolePool)}</option>
                    {colleagues}
                </select>
            </div>
            <button type="submit" class="rq-button" data-action="resolve" disabled=busy>{t(Msg::StaffActResolve)}</button>
        </form>
    }
}
