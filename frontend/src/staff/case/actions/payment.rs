//! The office's clerk checks a payment order against the treasury's
//! statement: asks the treasury, or records by hand found (with the
//! statement's entry) or not found (why).

use leptos::prelude::*;
use shared::i18n::Msg;
use shared::review::CaseAction;

use super::{NoteField, busy, on_submit, use_forms};
use crate::i18n::t;

/// The payment order's check.
#[component]
pub(super) fn Check() -> impl IntoView {
    let f = use_forms();
    let busy = busy();
    let submit = on_submit(move || CaseAction::CheckPaymentOrder {
        found: f.positive.get_untracked(),
        note: f.note.get_untracked(),
    });
    let ask = on_submit(|| CaseAction::AskTreasury);
    view! {
        <form class="rq-action" data-form="ask-treasury" on:submit=ask>
            <h3 class="rq-heading-s">{t(Msg::StaffPaymentOrder)}</h3>
            <p class="rq-hint">{t(Msg::StaffActAskTreasuryHint)}</p>
            <button type="submit" class="rq-button rq-button--secondary" data-action="ask-treasury" disabled=busy>{t(Msg::StaffActAskTreasury)}</button>
        </form>
        <form class="rq-action" data-form="payment-order" on:submit=submit>
            <div class="rq-radios rq-radios--inline">
                <label><input type="radio" name="payment-found" data-found="true" prop:checked=move || f.positive.get() on:change=move |_| f.positive.set(true)/> {t(Msg::StaffPaymentFound)}</label>
                <label><input type="radio" name="payment-found" data-found="false" prop:checked=move || !f.positive.get() on:change=move |_| f.positive.set(false)/> {t(Msg::StaffPaymentNotFound)}</label>
            </div>
            <NoteField path="payment_order.note" label=Msg::StaffPaymentOrderNote value=f.note/>
            <button type="submit" class="rq-button" data-action="check-payment-order" disabled=busy>{t(Msg::StaffActCheckPayment)}</button>
        </form>
    }
}
