//! The head returns the drafted decision for rework, saying why.

use leptos::prelude::*;
use shared::i18n::Msg;
use shared::review::CaseAction;

use super::{NoteField, busy, on_submit, use_forms};
use crate::i18n::t;

/// The return form.
#[component]
pub(super) fn Rework() -> impl IntoView {
    let f = use_forms();
    let busy = busy();
    let submit = on_submit(move || CaseAction::ReturnForRework {
        note: f.note.get_untracked(),
    });
    view! {
        <form class="rq-action" data-form="rework" on:submit=submit>
            <NoteField path="rework.note" label=Msg::StaffReturnNote value=f.note/>
            <button type="submit" class="rq-button rq-button--secondary" data-action="return-for-rework" disabled=busy>{t(Msg::StaffActReturn)}</button>
        </form>
    }
}
