//! The inbox's rows: most urgent first, red when overdue and amber within a
//! working day, a table on a desktop and cards on a phone; keyset pages.

use leptos::prelude::*;
use leptos_router::components::A;
use shared::calendar::{Timestamp, Urgency};
use shared::i18n::{Lang, Msg};
use shared::page::Page;
use shared::review::InboxRow;

use super::{Inbox, service_name, step_name};
use crate::i18n::{t, use_lang};
use crate::staff::{role_label, working_time};
use crate::ui::format::format_time;

/// A page of the inbox, or that it is empty.
#[component]
pub(super) fn Table(page: Page<InboxRow>) -> impl IntoView {
    let lang = use_lang();
    let inbox = expect_context::<Inbox>();
    if page.rows.is_empty() {
        return view! { <p class="rq-empty" data-empty="inbox">{t(Msg::StaffEmpty)}</p> }.into_any();
    }
    let rows = page.rows;
    let first = inbox.query.get_untracked().after.is_some();
    view! {
        <table class="rq-inbox">
            <thead>
                <tr>
                    <th>{t(Msg::StaffColNumber)}</th>
                    <th>{t(Msg::StaffFilterService)}</th>
                    <th>{t(Msg::StaffColApplicant)}</th>
                    <th>{t(Msg::StaffColStep)}</th>
                    <th>{t(Msg::StaffColOwner)}</th>
                    <th>{t(Msg::StaffColStepDue)}</th>
                    <th>{t(Msg::StaffColServiceDue)}</th>
                    <th>{t(Msg::StaffColLeft)}</th>
                    <th>{t(Msg::StaffColAge)}</th>
                </tr>
            </thead>
            <tbody>{move || rows.clone().into_iter().map(|r| row_view(r, lang.get())).collect_view()}</tbody>
        </table>
        <p class="rq-pager">
            {first.then(|| view! {
                <button type="button" class="rq-link-button" on:click=move |_| inbox.apply(|_| {})>{t(Msg::StaffFirstPage)}</button>
            })}
            {page.next.map(|n| view! {
                <button type="button" class="rq-link-button" data-action="next-page"
                    on:click=move |_| inbox.next_page(n.clone())>{t(Msg::StaffNextPage)}</button>
            })}
        </p>
    }
    .into_any()
}

fn row_view(r: InboxRow, lang: Lang) -> impl IntoView {
    let class = match r.urgency {
        Urgency::Overdue => "rq-inbox__row rq-inbox__row--overdue",
        Urgency::DueSoon => "rq-inbox__row rq-inbox__row--soon",
        Urgency::OnTime => "rq-inbox__row",
    };
    let href = format!("/staff/cases/{}", r.id);
    let step = r.step_id.as_deref().map(|s| step_name(s, lang)).unwrap_or_default();
    let owner = match (&r.assignee, r.step_role) {
        (Some(_), _) => "✓".to_owned(),
        (None, Some(role)) => format!("{} ({})", role_label(role).text(lang), Msg::StaffRolePool.text(lang)),
        _ => String::new(),
    };
    let due = |d: Option<i64>| d.map(|d| format_time(Timestamp::from_unix(d))).unwrap_or_default();
    view! {
        <tr class=class data-case=r.id.clone() data-urgency=format!("{:?}", r.urgency).to_lowercase()>
            <td data-label=Msg::StaffColNumber.text(lang) class="rq-inbox__number"><A href=href>{r.number.clone()}</A></td>
            <td data-label=Msg::StaffFilterService.text(lang)>{service_name(&r.service, lang)} " · " {r.request_type.label().text(lang)}</td>
            <td data-label=Msg::StaffColApplicant.text(lang)>{r.applicant_name.clone()} <br/><span class="rq-caption">{r.applicant_id.clone()}</span></td>
            <td data-label=Msg::StaffColStep.text(lang)>{step} <br/><span class="rq-caption">{r.status.label().text(lang)}</span></td>
            <td data-label=Msg::StaffColOwner.text(lang)>{owner}</td>
            <td data-label=Msg::StaffColStepDue.text(lang)>{due(r.step_due_at)}</td>
            <td data-label=Msg::StaffColServiceDue.text(lang)>{due(r.due_at)}</td>
            <td data-label=Msg::StaffColLeft.text(lang) class="rq-inbox__left">
                {r.step_minutes_left.map(|m| working_time(m, lang))}
            </td>
            <td data-label=Msg::StaffColAge.text(lang)>{format!("{} {}", r.age_days, Msg::StaffDays.text(lang))}</td>
        </tr>
    }
}
