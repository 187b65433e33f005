//! The completeness check: the documents found missing, ticked.

use leptos::prelude::*;
use shared::catalog::catalog;
use shared::i18n::Msg;
use shared::review::{CaseAction, CaseView};

use super::{busy, on_submit, use_forms};
use crate::i18n::{t, use_lang};

/// The checklist of the service's documents for this request type.
#[component]
pub(super) fn Completeness(c: CaseView) -> impl IntoView {
    let l = use_lang().get_untracked();
    let f = use_forms();
    let busy = busy();
    let documents: Vec<(String, String)> = catalog()
        .service(&c.form.service)
        .map(|s| {
            s.documents_for(c.form.request_type)
                .map(|d| (d.id.clone(), d.title.get(l).to_owned()))
                .collect()
        })
        .unwrap_or_default();
    let submit = on_submit(move || CaseAction::CheckCompleteness {
        missing: f.missing.get_untracked(),
    });
    view! {
        <form class="rq-action" data-form="completeness" on:submit=submit>
            <h3 class="rq-heading-s">{t(Msg::StaffActCheck)}</h3>
            <p class="rq-hint">{t(Msg::StaffMissing)}</p>
            {documents.into_iter().map(|(doc, title)| {
                let (d, checked) = (doc.clone(), doc.clone());
                view! {
                    <label class="rq-check"><input type="checkbox" data-missing=doc
                        prop:checked=move || f.missing.with(|m| m.contains(&checked))
                        on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            f.missing.update(|m| { m.retain(|x| x != &d); if on { m.push(d.clone()); } });
                        }/> {title}</label>
                }
            }).collect_view()}
            <button type="submit" class="rq-button rq-button--secondary" data-action="check-completeness" disabled=busy>{t(Msg::StaffActCheck)}</button>
        </form>
    }
}
