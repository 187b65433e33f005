//! The case's head: its number, service, request type and status, the
//! journal's number, the step and the deadlines, and the result's PDF once
//! decided.

use leptos::prelude::*;
use shared::catalog::catalog;
use shared::i18n::Msg;
use shared::review::CaseView;
use shared::workflow::ApplicationStatus;

use super::when;
use crate::i18n::{t, use_lang};
use crate::staff::inbox::step_name;

/// The case's head and summary.
#[component]
pub(super) fn Summary(c: CaseView) -> impl IntoView {
    let lang = use_lang();
    let l = lang.get_untracked();
    let service = catalog().service(&c.form.service);
    let decided = matches!(c.status, ApplicationStatus::Issued | ApplicationStatus::Refused);
    view! {
        <p class="rq-caption">{t(Msg::StaffCase)}</p>
        <h1 class="rq-heading-l" data-number=c.number.clone()>{c.number.clone()}</h1>
        <p class="rq-lead">
            {service.map(|s| s.short_title.get(l).to_owned())} " · " {c.form.request_type.label().text(l)} " · "
            <strong data-case-status="">{c.status.label().text(l)}</strong>
        </p>
        <dl class="rq-summary-list">
            <div class="rq-summary-list__row"><dt>{t(Msg::StaffIncoming)}</dt><dd data-incoming="">{c.incoming_number.clone().unwrap_or_else(|| "—".to_owned())}</dd></div>
            <div class="rq-summary-list__row"><dt>{t(Msg::StaffColStep)}</dt><dd>{c.step_id.as_deref().map(|s| step_name(s, l))} " · " {when(c.step_due_at)}</dd></div>
            <div class="rq-summary-list__row"><dt>{t(Msg::StaffColServiceDue)}</dt><dd>{when(c.due_at)}</dd></div>
        </dl>
        {decided.then(|| view! {
            <p><a class="rq-button rq-button--secondary" data-result-pdf="" href=format!("/api/staff/cases/{}/result.pdf", c.id) target="_blank" rel="noopener">{t(Msg::StaffResultPdf)}</a></p>
        })}
    }
}
