//! The inspection's report: when, by whom, what was found, and whether the
//! premises comply.

use leptos::prelude::*;
use shared::i18n::Msg;
use shared::review::CaseAction;

use super::{busy, on_submit, use_forms};
use crate::i18n::t;
use crate::staff::field_error;

/// The inspection form.
#[component]
pub(super) fn Inspection() -> impl IntoView {
    let f = use_forms();
    let busy = busy();
    let errors = super::use_case().errors;
    let r = f.inspection;
    let submit = on_submit(move || CaseAction::CompleteInspection {
        report: r.get_untracked(),
    });
    view! {
        <form class="rq-action" data-form="inspection" on:submit=submit>
            <h3 class="rq-heading-s">{t(Msg::StaffActInspection)}</h3>
            <div class="rq-field">
                <label class="rq-label" for="inspection.date">{t(Msg::StaffInspectionDate)}</label>
                {field_error(errors, "inspection.date")}
                <input class="rq-input rq-input--date" id="inspection.date" type="date"
                    prop:value=move || r.with(|r| r.date.clone()) on:input=move |ev| r.update(|r| r.date = event_target_value(&ev))/>
            </div>
            <div class="rq-field">
                <label class="rq-label" for="inspection.inspectors">{t(Msg::StaffInspectors)}</label>
                {field_error(errors, "inspection.inspectors")}
                <input class="rq-input" id="inspection.inspectors"
                    prop:value=move || r.with(|r| r.inspectors.clone()) on:input=move |ev| r.update(|r| r.inspectors = event_target_value(&ev))/>
            </div>
            <div class="rq-field">
                <label class="rq-label" for="inspection.findings">{t(Msg::StaffFindings)}</label>
                {field_error(errors, "inspection.findings")}
                <textarea class="rq-textarea" id="inspection.findings" rows="3"
                    prop:value=move || r.with(|r| r.findings.clone()) on:input=move |ev| r.update(|r| r.findings = event_target_value(&ev))></textarea>
            </div>
            <label class="rq-check"><input type="checkbox" id="inspection.compliant"
                prop:checked=move || r.with(|r| r.compliant) on:change=move |ev| r.update(|r| r.compliant = event_target_checked(&ev))/> {t(Msg::StaffCompliant)}</label>
            <button type="submit" class="rq-button" data-action="complete-inspection" disabled=busy>{t(Msg::StaffActInspection)}</button>
        </form>
    }
}
