//! The confirmation: the registration number, what happens next and by
//! when, and where a payment order handed in stands.

use leptos::prelude::*;
use leptos_router::components::A;
use shared::calendar::Timestamp;
use shared::catalog::catalog;
use shared::i18n::Msg;
use shared::workflow::ApplicationStatus;

use super::Wizard;
use crate::i18n::{t, use_lang};
use crate::ui::format::format_time;

/// The confirmation: number, what happens next, the due date; once the
/// result is delivered, its document and the survey.
pub fn sent(w: Wizard) -> impl IntoView {
    let lang = use_lang();
    // The survey is drawn once the result is delivered and then left alone:
    // the page above it is drawn again on every new view or language, which
    // would lose the answers being chosen.
    let delivered = Memo::new(move |_| {
        w.view
            .with(|v| matches!(v.status, ApplicationStatus::Issued | ApplicationStatus::Refused).then(|| v.id.clone()))
    });
    let page = move || {
        let v = w.view.get();
        let l = lang.get();
        let due = v.due_at.map(|d| format_time(Timestamp::from_unix(d)));
        view! {
            <div class="rq-width rq-wizard" data-step="sent">
                <div class="rq-panel rq-panel--confirmation">
                    <h1 class="rq-heading-l">{Msg::WizardSent.text(l)}</h1>
                    <p>{Msg::WizardNumber.text(l)}</p>
                    <p class="rq-panel__number" data-number=v.number.clone().unwrap_or_default()>{v.number.clone().unwrap_or_default()}</p>
                </div>
                <dl class="rq-summary-list">
                    <div class="rq-summary-list__row">
                        <dt>{Msg::CabinetStatus.text(l)}</dt>
                        <dd data-status=true>{v.status.label().text(l)}</dd>
                    </div>
                    {due.map(|d| view! {
                        <div class="rq-summary-list__row">
                            <dt>{Msg::WizardDue.text(l)}</dt>
                            <dd data-due=true>{d}</dd>
                        </div>
                    })}
                    {v.payment_order.map(|check| {
                        use shared::review::PaymentOrderCheck as P;
                        let (text, code) = match check {
                            P::AwaitingConfirmation => (Msg::PaymentOrderAwaiting, "awaiting-confirmation"),
                            P::Confirmed => (Msg::PaymentOrderConfirmed, "confirmed"),
                            P::NotFound => (Msg::PaymentOrderNotFound, "not-found"),
                        };
                        view! {
                            <div class="rq-summary-list__row">
                                <dt>{Msg::WizardPayOrder.text(l)}</dt>
                                <dd data-payment-order=code>{text.text(l)}</dd>
                            </div>
                        }
                    })}
                </dl>
                {matches!(v.status, ApplicationStatus::Issued | ApplicationStatus::Refused).then(|| view! {
                    <p><a class="rq-button rq-button--secondary" data-result-pdf="" href=format!("/api/applications/{}/result.pdf", v.id)
                        target="_blank" rel="noopener">{Msg::CabinetResultPdf.text(l)}</a></p>
                })}
                {(!v.status.is_final()).then(|| view! {
                    <h2 class="rq-heading-m">{Msg::WizardNext.text(l)}</h2>
                    <p data-next="">{catalog().service(&v.form.service).map(|s| s.next.get(l).to_owned())}</p>
                })}
            </div>
        }
    };
    view! {
        {page}
        <div class="rq-width rq-wizard">
            {move || delivered.get().map(|id| view! { <crate::portal::survey::Survey id=id/> })}
            <A href="/cabinet" attr:class="rq-button" attr:data-action="to-cabinet">{t(Msg::WizardToCabinet)}</A>
        </div>
    }
}
