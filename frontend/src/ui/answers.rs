//! A group of an application's answers as a summary list: the section's
//! title above it, a row per answer, "Not provided" for an empty one. The
//! applicant's check-your-answers and the staff's case view show the same.

use leptos::prelude::*;
use shared::form::AnswerGroup;
use shared::i18n::{Lang, Msg};

/// One group of answers.
pub fn answer_list(group: AnswerGroup, lang: Lang) -> impl IntoView {
    view! {
        {group.title.map(|t| view! { <h3 class="rq-summary-list__title">{t}</h3> })}
        <dl class="rq-summary-list">
            {group.rows.into_iter().map(|(label, value)| {
                let empty = value.trim().is_empty();
                view! {
                    <div class="rq-summary-list__row">
                        <dt>{label}</dt>
                        <dd class:rq-muted=empty>{if empty { Msg::CommonNotProvided.text(lang).to_owned() } else { value }}</dd>
                    </div>
                }
            }).collect_view()}
        </dl>
    }
}
