//! What the applicant sent, read-only: who applies, the service's steps,
//! the documents (images inline, a PDF opened in the page on request), the
//! payment, and their signature, which the member may have checked again.

use leptos::prelude::*;
use shared::catalog::{Service, catalog};
use shared::form::{Attachment, Chooser, WizardStep, answers, wizard_steps};
use shared::i18n::{Lang, Msg};
use shared::review::{CaseView, SignatureReport};

use super::{signature_view, use_case};
use crate::api;
use crate::i18n::{t, use_lang};
use crate::ui::answers::answer_list;

/// The applicant's data, documents, payment and signature.
#[component]
pub(super) fn Applicant(c: CaseView) -> impl IntoView {
    let lang = use_lang();
    let l = lang.get_untracked();
    let service = catalog().service(&c.form.service);
    // The applicant's answers, step by step, in words, as on their own
    // check-your-answers page; the documents are listed below with files.
    let steps = service.map(|service| {
        wizard_steps(service, c.form.request_type)
            .into_iter()
            .filter(|s| {
                !matches!(
                    s,
                    WizardStep::Documents | WizardStep::Check | WizardStep::Payment | WizardStep::Sign
                )
            })
            .map(|step| {
                let groups: Vec<_> = answers(service, &c.form, &step, l)
                    .into_iter()
                    .map(|g| answer_list(g, l))
                    .collect();
                view! {
                    <h3 class="rq-heading-s">{step.title(service, l)}</h3>
                    {groups}
                }
            })
            .collect::<Vec<_>>()
    });
    let payment = c.payment.map(|p| p.label().text(l).to_owned());
    view! {
        <section class="rq-section"><h2 class="rq-heading-m">{t(Msg::StaffApplicantData)}</h2>
            {steps}
        </section>
        <section class="rq-section"><h2 class="rq-heading-m">{t(Msg::StaffDocuments)}</h2>
            <ul class="rq-docs">{documents(&c, service, l)}</ul>
        </section>
        <section class="rq-section"><h2 class="rq-heading-m">{t(Msg::StaffPayment)}</h2>
            <p data-payment="">{c.fee.map(|f| f.format(l))} " · " {payment.unwrap_or_else(|| c.form.payment.order.document_number.clone())}</p>
            {c.payment_order.map(|check| {
                use shared::review::PaymentOrderCheck as P;
                let o = &c.form.payment.order;
                let (class, text, code) = match check {
                    P::AwaitingConfirmation => ("rq-tag rq-tag--waiting", Msg::StaffPaymentOrderAwaiting, "awaiting-confirmation"),
                    P::Confirmed => ("rq-tag rq-tag--ok", Msg::StaffPaymentOrderConfirmed, "confirmed"),
                    P::NotFound => ("rq-tag rq-tag--missing", Msg::StaffPaymentOrderNotFound, "not-found"),
                };
                view! {
                    <p>{Msg::StaffPaymentOrder.text(l)} " № " {o.document_number.clone()} " · " {o.document_date.clone()}
                        " · " {Chooser::Bank.label(&o.bank, l).unwrap_or_else(|| o.bank.clone())}
                        " · " {Chooser::TaxAuthority.label(&o.tax_authority, l).unwrap_or_else(|| o.tax_authority.clone())}</p>
                    <p><span class=class data-payment-order=code>{text.text(l)}</span></p>
                }
            })}
        </section>
        <Signature report=c.signature.clone()/>
    }
}

/// The checklist of documents, each with its files.
fn documents(c: &CaseView, service: Option<&'static Service>, l: Lang) -> impl IntoView {
    c.checklist.iter().map(|(doc, attached)| {
        let title = service
            .and_then(|s| s.documents.iter().find(|d| &d.id == doc))
            .map(|d| d.title.get(l).to_owned())
            .unwrap_or_else(|| doc.clone());
        let files = c.form.attachments.get(doc).cloned().unwrap_or_default();
        let id = c.id.clone();
        view! {
            <li class="rq-doc" data-doc=doc.clone() data-attached=attached.to_string()>
                <span class=if *attached { "rq-tag rq-tag--ok" } else { "rq-tag rq-tag--missing" }>{if *attached { "✓" } else { "✗" }}</span>
                " " {title}
                {files.into_iter().map(|f| file(&id, f)).collect_view()}
            </li>
        }
    }).collect_view()
}

/// An attached file: images inline; a PDF opens in the page on request, so
/// a phone does not load every document at once.
fn file(case: &str, f: Attachment) -> impl IntoView {
    let url = format!("/api/staff/cases/{case}/files/{}", f.sha256);
    let preview = if f.content_type.starts_with("image/") {
        view! { <img class="rq-doc__preview" src=url.clone() alt=f.name.clone() loading="lazy"/> }.into_any()
    } else {
        let open = RwSignal::new(false);
        let (url, name) = (url.clone(), f.name.clone());
        view! {
            <button type="button" class="rq-link-button" data-preview=f.sha256.clone() on:click=move |_| open.update(|o| *o = !*o)>
                {move || if open.get() { "▾ PDF" } else { "▸ PDF" }}
            </button>
            {move || open.get().then(|| view! {
                <object class="rq-doc__preview rq-doc__preview--pdf" data=url.clone() type="application/pdf" aria-label=name.clone()></object>
            })}
        }.into_any()
    };
    view! { <div class="rq-doc__file"><a href=url target="_blank" rel="noopener">{f.name.clone()}</a>{preview}</div> }
}

/// The applicant's signature, and checking it again now.
#[component]
fn Signature(report: Option<SignatureReport>) -> impl IntoView {
    let lang = use_lang();
    let ctx = use_case();
    let recheck = Action::new_local(move |_: &()| {
        let id = ctx.id.get_untracked();
        async move {
            api::call::<Option<SignatureReport>>("POST", &format!("/api/staff/cases/{id}/signature-check"), None::<&()>)
                .await
        }
    });
    // A report checked now replaces the one the case was read with.
    let shown = move || {
        recheck
            .value()
            .get()
            .and_then(Result::ok)
            .flatten()
            .or_else(|| report.clone())
    };
    view! {
        <section class="rq-section"><h2 class="rq-heading-m">{t(Msg::StaffSignature)}</h2>
            {move || shown().map(|s| signature_view(s, lang.get()))}
            <button type="button" class="rq-button rq-button--secondary" data-action="recheck"
                disabled=move || recheck.pending().get() on:click=move |_| { recheck.dispatch(()); }>{t(Msg::StaffCheckAgain)}</button>
        </section>
    }
}
