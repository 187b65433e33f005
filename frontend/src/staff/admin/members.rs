//! The provider's members, each with what the administrator may do to them.

use leptos::prelude::*;
use shared::i18n::Msg;
use shared::review::StaffAccount;

use super::{Admin, Change};
use crate::i18n::use_lang;
use crate::staff::{role_label, use_staff};

/// The list of members.
#[component]
pub(super) fn Members(list: Vec<StaffAccount>) -> impl IntoView {
    view! {
        <table class="rq-steps" tabindex="0">
            <tbody>{list.into_iter().map(|m| view! { <Member m=m/> }).collect_view()}</tbody>
        </table>
    }
}

/// A member's row.
#[component]
fn Member(m: StaffAccount) -> impl IntoView {
    let l = use_lang().get_untracked();
    let admin = expect_context::<Admin>();
    let me = use_staff()
        .me
        .with_untracked(|me| me.as_ref().map(|me| me.id.clone()).unwrap_or_default());
    // The second person: not whoever set them up, nor themselves.
    let can_confirm = m.unconfirmed_by.as_ref().is_some_and(|by| *by != me) && m.id != me;
    let (absent, disabled) = (m.absent, m.disabled);
    let send = move |id: String, change: Change| {
        admin.notice.set(None);
        admin.change.dispatch((id, change));
    };
    let (id_absent, id_disable, id_confirm) = (m.id.clone(), m.id.clone(), m.id.clone());
    let member = m.clone();
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
                    <button type="button" class="rq-link-button" data-action="confirm-member"
                        on:click=move |_| send(id_confirm.clone(), Change::Confirmed)>{Msg::AdminConfirm.text(l)}</button>
                })}
                <button type="button" class="rq-link-button" on:click=move |_| send(id_absent.clone(), Change::Absent(!absent))>
                    {if absent { Msg::AdminMarkPresent.text(l) } else { Msg::AdminMarkAbsent.text(l) }}
                </button>
                <button type="button" class="rq-link-button" data-action="reset-password" on:click=move |_| {
                    admin.notice.set(None);
                    admin.resetting.set(Some(member.clone()));
                }>
                    {Msg::AdminResetPassword.text(l)}
                </button>
                <button type="button" class="rq-link-button" data-action="disable" on:click=move |_| send(id_disable.clone(), Change::Disabled(!disabled))>
                    {if disabled { Msg::AdminEnable.text(l) } else { Msg::AdminDisable.text(l) }}
                </button>
            </td>
        </tr>
    }
}
