//! The licence a case issued: its number and status in the register, and
//! for the head (or the deputy while the head is away) suspending,
//! resuming or terminating it with a reason.

use leptos::prelude::*;
use shared::i18n::Msg;
use shared::review::{CaseView, LicenceChange, LicenceRecord};
use shared::workflow::{LicenceAction, Role};

use super::actions::{Forms, NoteField};
use super::use_case;
use crate::api;
use crate::i18n::{t, use_lang};
use crate::staff::use_staff;

/// The licence, where the case issued one.
#[component]
pub(super) fn Licence(c: CaseView) -> impl IntoView {
    let l = use_lang().get_untracked();
    let ctx = use_case();
    let reason = expect_context::<Forms>().reason;
    let session = use_staff();
    let change = Action::new_local(move |(number, action): &(String, LicenceAction)| {
        let body = LicenceChange {
            number: number.clone(),
            action: *action,
            reason: reason.get_untracked(),
        };
        async move { api::call::<LicenceRecord>("POST", "/api/staff/licences/status", Some(&body)).await }
    });
    Effect::new(move |_| {
        if let Some(outcome) = change.value().get() {
            ctx.settle(&outcome, l);
        }
    });
    c.licence.map(|lic| {
        let may_change = session
            .me
            .get_untracked()
            .is_some_and(|m| m.role == Role::Head || (m.role == Role::DeputyHead && m.head_absent));
        let number = lic.number.clone();
        let buttons = [
            (LicenceAction::Suspend, Msg::LicenceSuspend),
            (LicenceAction::Resume, Msg::LicenceResume),
            (LicenceAction::Terminate, Msg::LicenceTerminate),
        ]
        .into_iter()
        .map(|(action, label)| {
            let number = number.clone();
            view! {
                <button type="button" class="rq-button rq-button--secondary" data-licence-action=format!("{action:?}").to_lowercase()
                    disabled=move || change.pending().get()
                    on:click=move |_| { change.dispatch((number.clone(), action)); }>{t(label)}</button>
            }
        })
        .collect_view();
        view! {
            <section class="rq-section"><h2 class="rq-heading-m">{t(Msg::StaffLicence)}</h2>
                <p data-licence=lic.number.clone() data-licence-status=format!("{:?}", lic.status).to_lowercase()>
                    <a href=format!("/verify?number={}", lic.number)>{lic.number.clone()}</a> " · " {lic.status.label().text(l)}
                </p>
                {may_change.then(|| view! {
                    <div class="rq-action" data-form="licence-status">
                        <NoteField path="licence.reason" label=Msg::LicenceReason value=reason/>
                        <p class="rq-pager">{buttons}</p>
                    </div>
                })}
            </section>
        }
    })
}
