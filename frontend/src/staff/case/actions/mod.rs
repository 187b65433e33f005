//! The actions the member may take on the case now, one form each; what
//! the server lists in the case's `actions` is what is shown. Every form
//! sends through the page's one [`Action`](leptos::prelude::Action).

mod completeness;
mod conclusion;
mod decision;
mod inspection;
mod payment;
mod resolve;
mod rework;
mod sign;

use leptos::prelude::*;
use shared::i18n::Msg;
use shared::review::{CaseAction, CaseView, InspectionReport};
use shared::workflow::RefusalGround;

use super::use_case;
use crate::i18n::t;
use crate::staff::field_error;

/// What the member has typed into the action forms: made once for the
/// page, so a refused action or a reload of the case keeps it.
#[derive(Clone, Copy)]
pub(in crate::staff::case) struct Forms {
    /// A resolution's, review's, question's, answer's or return's text.
    pub note: RwSignal<String>,
    /// Who a resolution names (a member's id; empty for the pool).
    pub to: RwSignal<String>,
    /// The documents found missing.
    pub missing: RwSignal<Vec<String>>,
    /// An external body's verdict.
    pub positive: RwSignal<bool>,
    /// The inspection's report.
    pub inspection: RwSignal<InspectionReport>,
    /// Whether the decision drafted refuses.
    pub refuse: RwSignal<bool>,
    /// A licence's end of validity (empty: indefinite).
    pub valid_until: RwSignal<String>,
    /// A licence's annex.
    pub annex: RwSignal<String>,
    /// Where a paper certificate is collected.
    pub place: RwSignal<String>,
    /// Why the decision does not follow a negative conclusion.
    pub conclusion_note: RwSignal<String>,
    /// From which day (`YYYY-MM-DD`).
    pub collect_from: RwSignal<String>,
    /// A refusal's grounds.
    pub grounds: RwSignal<Vec<RefusalGround>>,
    /// A refusal's explanation.
    pub explanation: RwSignal<String>,
    /// Why a licence is suspended, resumed or terminated.
    pub reason: RwSignal<String>,
    /// The password given again for a signing certificate.
    pub password: RwSignal<String>,
}

impl Forms {
    /// Empty forms; an inspection is compliant until said otherwise.
    pub(in crate::staff::case) fn new() -> Forms {
        Forms {
            note: RwSignal::new(String::new()),
            to: RwSignal::new(String::new()),
            missing: RwSignal::new(Vec::new()),
            positive: RwSignal::new(true),
            inspection: RwSignal::new(InspectionReport {
                compliant: true,
                ..InspectionReport::default()
            }),
            refuse: RwSignal::new(false),
            valid_until: RwSignal::new(String::new()),
            annex: RwSignal::new(String::new()),
            place: RwSignal::new(String::new()),
            conclusion_note: RwSignal::new(String::new()),
            collect_from: RwSignal::new(String::new()),
            grounds: RwSignal::new(Vec::new()),
            explanation: RwSignal::new(String::new()),
            reason: RwSignal::new(String::new()),
            password: RwSignal::new(String::new()),
        }
    }
}

fn use_forms() -> Forms {
    expect_context::<Forms>()
}

/// A text the member writes, its id the error's path, the error beside it.
#[component]
pub(in crate::staff::case) fn NoteField(path: &'static str, label: Msg, value: RwSignal<String>) -> impl IntoView {
    let errors = use_case().errors;
    view! {
        <div class="rq-field">
            <label class="rq-label" for=path>{t(label)}</label>
            {field_error(errors, path)}
            <textarea class="rq-textarea" id=path rows="3" prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev))></textarea>
        </div>
    }
}

/// Sends an action when its form is submitted.
fn on_submit(action: impl Fn() -> CaseAction + 'static) -> impl Fn(leptos::ev::SubmitEvent) + 'static {
    let act = use_case().act;
    move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        act.dispatch(action());
    }
}

/// Whether an action is on its way.
fn busy() -> Memo<bool> {
    use_case().act.pending()
}

/// The forms of the actions open to the member.
#[component]
pub(in crate::staff::case) fn ActionsPanel(c: CaseView) -> impl IntoView {
    if c.actions.is_empty() {
        return view! { <p class="rq-caption" data-actions="none">{t(Msg::StaffNoActions)}</p> }.into_any();
    }
    let act = use_case().act;
    let busy = busy();
    let has = |a: &str| c.actions.iter().any(|x| x == a);
    let button = move |name: &'static str, label: Msg, class: &'static str, action: CaseAction| {
        view! {
            <button type="button" class=class data-action=name disabled=move || busy.get()
                on:click=move |_| { act.dispatch(action.clone()); }>{t(label)}</button>
        }
    };
    view! {
        <div class="rq-actions-panel">
            {has("register").then(|| button("register", Msg::StaffActRegister, "rq-button", CaseAction::Register))}
            {has("resolve").then(|| view! { <resolve::Resolve/> })}
            {has("answer-conclusion").then(|| view! { <conclusion::Answer/> })}
            {has("request-conclusion").then(|| view! { <conclusion::Request/> })}
            {has("check-completeness").then(|| view! { <completeness::Completeness c=c.clone()/> })}
            {has("complete-inspection").then(|| view! { <inspection::Inspection/> })}
            {has("confirm-review").then(|| button(
                "confirm-review",
                Msg::StaffActConfirm,
                "rq-button rq-button--secondary",
                CaseAction::ConfirmReview { note: String::new() },
            ))}
            {has("draft-decision").then(|| {
                let paper = shared::catalog::catalog()
                    .service(&c.form.service)
                    .is_some_and(|s| s.document == shared::kinds::ResultDocument::Certificate);
                // The external body's latest answer was negative (seed 003:99, 355).
                let negative = c.conclusions.iter().filter_map(|q| q.positive).next_back() == Some(false);
                view! { <decision::Draft paper=paper negative=negative/> }
            })}
            {has("sign-decision").then(|| view! { <sign::Sign c=c.clone()/> })}
            {has("return-for-rework").then(|| view! { <rework::Rework/> })}
            {has("dispatch").then(|| button("dispatch", Msg::StaffActDispatch, "rq-button", CaseAction::Dispatch))}
            {has("check-payment-order").then(|| view! { <payment::Check/> })}
        </div>
    }
    .into_any()
}
