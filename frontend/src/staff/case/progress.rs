//! The chain with each step's deadline and whether it was met, and the
//! timeline from the audit log, newest first.

use leptos::prelude::*;
use shared::i18n::Msg;
use shared::review::CaseView;

use super::when;
use crate::i18n::{t, use_lang};
use crate::staff::inbox::step_name;
use crate::staff::role_label;

/// The chain and the timeline.
#[component]
pub(super) fn Progress(c: CaseView) -> impl IntoView {
    let l = use_lang().get_untracked();
    // A step due after the service itself is flagged: the chain's own
    // deadlines cannot make the legal one later.
    let legal = c.due_at;
    let past_legal = move |due: Option<i64>| matches!((due, legal), (Some(d), Some(l)) if d > l);
    let steps = c
        .steps
        .iter()
        .map(|s| {
            let met = match s.met {
                Some(true) => view! { <span class="rq-tag rq-tag--ok">{Msg::StaffMet.text(l)}</span> }.into_any(),
                Some(false) => view! { <span class="rq-tag rq-tag--late">{Msg::StaffNotMet.text(l)}</span> }.into_any(),
                None => view! { <span></span> }.into_any(),
            };
            let current = c.step_id.as_deref() == Some(s.id.as_str());
            view! {
                <tr class:rq-steps__current=current data-step=s.id.clone()>
                    <td>{step_name(&s.id, l)}</td>
                    <td>{role_label(s.role).text(l)}</td>
                    <td>{when(s.started_at)}</td>
                    <td>{when(s.due_at)}
                        {past_legal(s.due_at).then(|| view! {
                            " " <span class="rq-tag rq-tag--late" data-past-legal="">{Msg::StaffPastLegal.text(l)}</span>
                        })}
                    </td>
                    <td>{when(s.finished_at)}</td>
                    <td>{met}</td>
                </tr>
            }
        })
        .collect_view();
    let timeline = c.timeline.iter().rev().map(|e| view! {
        <li class="rq-timeline__item" data-action=e.action.clone()>
            <span class="rq-caption">{when(Some(e.at))}</span> " "
            <strong>{e.actor.clone()}</strong> " (" {role_label(e.role).text(l)} "): "
            {e.label().map_or_else(|| e.action.clone(), |m| m.text(l).to_owned())} " → " {e.after.label().text(l)}
            {(!e.note.is_empty()).then(|| view! { <br/><span class="rq-timeline__note">{e.note.clone()}</span> })}
        </li>
    }).collect_view();
    view! {
        <section class="rq-section"><h2 class="rq-heading-m">{t(Msg::StaffChain)}</h2>
            // On a phone the table scrolls sideways: focusable, so a keyboard can.
            <table class="rq-steps" tabindex="0"><tbody>{steps}</tbody></table>
        </section>
        <section class="rq-section"><h2 class="rq-heading-m">{t(Msg::StaffTimeline)}</h2><ol class="rq-timeline">{timeline}</ol></section>
    }
}
