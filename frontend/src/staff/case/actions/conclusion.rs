//! An external body's conclusion: the executor's question, the body's answer.

use leptos::prelude::*;
use shared::i18n::Msg;
use shared::review::CaseAction;

use super::{NoteField, busy, on_submit, use_forms};
use crate::i18n::t;

/// The external body answers, positively or not, with its text.
#[component]
pub(super) fn Answer() -> impl IntoView {
    let f = use_forms();
    let busy = busy();
    let submit = on_submit(move || CaseAction::AnswerConclusion {
        positive: f.positive.get_untracked(),
        text: f.note.get_untracked(),
    });
    view! {
        <form class="rq-action" data-form="answer" on:submit=submit>
            <h3 class="rq-heading-s">{t(Msg::StaffActAnswer)}</h3>
            <div class="rq-radios rq-radios--inline">
                <label><input type="radio" name="positive" prop:checked=move || f.positive.get() on:change=move |_| f.positive.set(true)/> {t(Msg::StaffPositive)}</label>
                <label><input type="radio" name="positive" prop:checked=move || !f.positive.get() on:change=move |_| f.positive.set(false)/> {t(Msg::StaffNegative)}</label>
            </div>
            <NoteField path="conclusion.answer" label=Msg::StaffAnswer value=f.note/>
            <button type="submit" class="rq-button" data-action="answer-conclusion" disabled=busy>{t(Msg::StaffActAnswer)}</button>
        </form>
    }
}

/// The executor asks the external body.
#[component]
pub(super) fn Request() -> impl IntoView {
    let f = use_forms();
    let busy = busy();
    let submit = on_submit(move || CaseAction::RequestConclusion {
        question: f.note.get_untracked(),
    });
    view! {
        <form class="rq-action" data-form="request" on:submit=submit>
            <h3 class="rq-heading-s">{t(Msg::StaffActRequest)}</h3>
            <NoteField path="conclusion.question" label=Msg::StaffQuestion value=f.note/>
            <button type="submit" class="rq-button rq-button--secondary" data-action="request-conclusion" disabled=busy>{t(Msg::StaffActRequest)}</button>
        </form>
    }
}
