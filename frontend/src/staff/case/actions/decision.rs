//! The executor drafts the decision: issue (with the validity and annex, or
//! for a certificate on paper where and when it is collected) or refuse
//! (with grounds and an explanation).

use leptos::prelude::*;
use shared::date::Date;
use shared::i18n::Msg;
use shared::review::{CaseAction, Collection, DecisionOutcome};
use shared::workflow::RefusalGround;

use super::{Forms, NoteField, busy, on_submit, use_forms};
use crate::i18n::t;
use crate::staff::field_error;

/// The decision form; `paper`: the result is a certificate collected on
/// paper (seed 001:63); `negative`: the external body's conclusion is
/// negative, so a decision other than refusing on it says why.
#[component]
pub(super) fn Draft(paper: bool, negative: bool) -> impl IntoView {
    let f = use_forms();
    let busy = busy();
    let submit = on_submit(move || {
        let decision = if f.refuse.get_untracked() {
            DecisionOutcome::Refuse {
                grounds: f.grounds.get_untracked(),
                explanation: f.explanation.get_untracked(),
            }
        } else {
            DecisionOutcome::Issue {
                valid_until: f.valid_until.get_untracked().parse::<Date>().ok(),
                annex: if paper { String::new() } else { f.annex.get_untracked() },
                collection: paper.then(|| Collection {
                    place: f.place.get_untracked(),
                    date: f.collect_from.get_untracked(),
                }),
            }
        };
        CaseAction::DraftDecision {
            decision,
            conclusion_note: if negative {
                f.conclusion_note.get_untracked()
            } else {
                String::new()
            },
        }
    });
    view! {
        <form class="rq-action" data-form="decision" on:submit=submit>
            <h3 class="rq-heading-s">{t(Msg::StaffActDraft)}</h3>
            <div class="rq-radios">
                <label class="rq-check"><input type="radio" name="outcome" data-outcome="issue" prop:checked=move || !f.refuse.get() on:change=move |_| f.refuse.set(false)/> {t(if paper { Msg::StaffOutcomeIssueCertificate } else { Msg::StaffOutcomeIssue })}</label>
                <label class="rq-check"><input type="radio" name="outcome" data-outcome="refuse" prop:checked=move || f.refuse.get() on:change=move |_| f.refuse.set(true)/> {t(Msg::StaffOutcomeRefuse)}</label>
            </div>
            {move || match (f.refuse.get(), paper) {
                (true, _) => refusal(f).into_any(),
                (false, false) => issue(f).into_any(),
                (false, true) => collection(f).into_any(),
            }}
            {negative.then(|| view! { <NoteField path="decision.conclusion_note" label=Msg::StaffConclusionNote value=f.conclusion_note/> })}
            <button type="submit" class="rq-button" data-action="draft-decision" disabled=busy>{t(Msg::StaffActDraft)}</button>
        </form>
    }
}

/// A refusal's grounds and explanation.
fn refusal(f: Forms) -> impl IntoView {
    let errors = super::use_case().errors;
    view! {
        <fieldset class="rq-fieldset">
            <legend class="rq-label">{t(Msg::StaffGrounds)}</legend>
            {field_error(errors, "decision.grounds")}
            {RefusalGround::ALL.into_iter().map(|g| view! {
                <label class="rq-check"><input type="checkbox" data-ground=format!("{g:?}")
                    prop:checked=move || f.grounds.with(|list| list.contains(&g))
                    on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        f.grounds.update(|list| { list.retain(|x| *x != g); if on { list.push(g); } });
                    }/> {t(g.label())}</label>
            }).collect_view()}
        </fieldset>
        <NoteField path="decision.explanation" label=Msg::StaffExplanation value=f.explanation/>
    }
}

/// Where and from which working day the paper certificate is collected:
/// what the signed notice tells the applicant.
fn collection(f: Forms) -> impl IntoView {
    let errors = super::use_case().errors;
    view! {
        <div class="rq-field">
            <label class="rq-label" for="decision.collection.place">{t(Msg::StaffCollectionPlace)}</label>
            {field_error(errors, "decision.collection.place")}
            <input class="rq-input" id="decision.collection.place" type="text" autocomplete="off"
                prop:value=move || f.place.get() on:input=move |ev| f.place.set(event_target_value(&ev))/>
        </div>
        <div class="rq-field">
            <label class="rq-label" for="decision.collection.date">{t(Msg::StaffCollectionDate)}</label>
            {field_error(errors, "decision.collection.date")}
            <input class="rq-input rq-input--date" id="decision.collection.date" type="date"
                prop:value=move || f.collect_from.get() on:input=move |ev| f.collect_from.set(event_target_value(&ev))/>
        </div>
        {field_error(errors, "decision.outcome")}
    }
}

/// A licence's validity and annex.
fn issue(f: Forms) -> impl IntoView {
    let errors = super::use_case().errors;
    view! {
        <div class="rq-field">
            <label class="rq-label" for="decision.valid_until">{t(Msg::StaffValidUntil)}</label>
            {field_error(errors, "decision.valid_until")}
            <input class="rq-input rq-input--date" id="decision.valid_until" type="date"
                prop:value=move || f.valid_until.get() on:input=move |ev| f.valid_until.set(event_target_value(&ev))/>
        </div>
        <NoteField path="decision.annex" label=Msg::StaffAnnex value=f.annex/>
        {field_error(errors, "decision.outcome")}
    }
}
