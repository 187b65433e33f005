//! What the review produced: the external bodies' conclusions, the
//! inspection's report and the decision with its signature.

use leptos::prelude::*;
use shared::i18n::Msg;
use shared::review::{CaseView, DecisionOutcome};

use super::signature_view;
use crate::i18n::{t, use_lang};

/// Conclusions, inspection and decision, each where there is one.
#[component]
pub(super) fn Review(c: CaseView) -> impl IntoView {
    let l = use_lang().get_untracked();
    let verdict = move |positive: Option<bool>| {
        positive.map(|p| {
            if p {
                Msg::StaffPositive.text(l)
            } else {
                Msg::StaffNegative.text(l)
            }
        })
    };
    view! {
        {(!c.conclusions.is_empty()).then(|| view! {
            <section class="rq-section"><h2 class="rq-heading-m">{t(Msg::StaffConclusions)}</h2>
                <ul>{c.conclusions.iter().map(|q| view! {
                    <li data-conclusion=q.id.clone()>{q.question.clone()} " → " {verdict(q.positive)} " " {q.answer.clone()}
                        {(q.positive.is_none()).then(|| q.due_at.map(|d| view! {
                            " · " {Msg::StaffConclusionDue.text(l)} " " {crate::ui::format::format_time(shared::calendar::Timestamp::from_unix(d))}
                        }))}
                    </li>
                }).collect_view()}</ul>
            </section>
        })}
        {c.inspection.clone().map(|r| view! {
            <section class="rq-section"><h2 class="rq-heading-m">{t(Msg::StaffInspection)}</h2>
                <p>{r.date} " · " {r.inspectors} " · " {r.findings} " · " {if r.compliant { "✓" } else { "✗" }}</p>
            </section>
        })}
        {c.decision.clone().map(|d| {
            let outcome = match &d.outcome {
                DecisionOutcome::Issue {
                    collection: Some(c), ..
                } => format!("{}: {} — {}", Msg::StaffOutcomeIssueCertificate.text(l), c.place, c.date),
                DecisionOutcome::Issue { annex, .. } => format!("{} {}", Msg::StaffOutcomeIssue.text(l), annex),
                DecisionOutcome::Refuse { grounds, explanation } => {
                    let grounds: Vec<_> = grounds.iter().map(|g| g.label().text(l)).collect();
                    format!("{}: {} — {}", Msg::StaffOutcomeRefuse.text(l), grounds.join("; "), explanation)
                }
            };
            view! {
                <section class="rq-section"><h2 class="rq-heading-m">{t(Msg::StaffDecision)}</h2>
                    <p data-decision="">{outcome}</p>
                    {d.signature.map(|s| signature_view(s, l))}
                </section>
            }
        })}
    }
}
