//! `/staff/survey`: the quality survey's results for the member's provider,
//! per service over a period of months: how many answered and how many
//! chose each answer to each of the two questions (counts only; the
//! answers carry no application or applicant).

use leptos::prelude::*;
use leptos::task::spawn_local;
use shared::catalog::catalog;
use shared::i18n::Msg;
use shared::survey::{Satisfaction, SurveyRow};

use crate::api;
use crate::i18n::{t, use_lang};

/// The survey's results page.
#[component]
pub fn SurveyPage() -> impl IntoView {
    let lang = use_lang();
    let from = RwSignal::new(String::new());
    let to = RwSignal::new(String::new());
    let rows = RwSignal::new(None::<Vec<SurveyRow>>);
    let problem = RwSignal::new(None::<String>);
    let load = move || {
        let url = format!(
            "/api/staff/survey?from={}&to={}",
            api::encode(from.get_untracked().trim()),
            api::encode(to.get_untracked().trim())
        );
        spawn_local(async move {
            match api::get::<Vec<SurveyRow>>(&url).await {
                Ok(r) => {
                    problem.set(None);
                    rows.set(Some(r));
                }
                Err(e) => problem.set(Some(e.message(lang.get_untracked()))),
            }
        });
    };
    load();
    let counts = |c: [u32; 3], answered: u32| {
        Satisfaction::ALL
            .iter()
            .map(|s| {
                let n = c[s.index()];
                let share = (n * 100).checked_div(answered).unwrap_or(0);
                view! { <td class="rq-table__number">{n} " (" {share} "%)"</td> }
            })
            .collect_view()
    };
    view! {
        <div class="rq-width">
            <h1 class="rq-heading-l">{t(Msg::StaffSurvey)}</h1>
            <form class="rq-filters" on:submit=move |ev: leptos::ev::SubmitEvent| { ev.prevent_default(); load(); }>
                <div class="rq-field">
                    <label class="rq-label" for="survey-from">{t(Msg::StaffSurveyFrom)}</label>
                    <input class="rq-input" id="survey-from" type="month" prop:value=move || from.get()
                        on:input=move |ev| from.set(event_target_value(&ev))/>
                </div>
                <div class="rq-field">
                    <label class="rq-label" for="survey-to">{t(Msg::StaffSurveyTo)}</label>
                    <input class="rq-input" id="survey-to" type="month" prop:value=move || to.get()
                        on:input=move |ev| to.set(event_target_value(&ev))/>
                </div>
                <button type="submit" class="rq-button rq-button--secondary">{t(Msg::StaffApply)}</button>
            </form>
            {move || problem.get().map(|p| view! { <div class="rq-notice rq-notice--error" role="alert">{p}</div> })}
            {move || {
                let l = lang.get();
                rows.get().map(|list| if list.is_empty() {
                    view! { <p class="rq-empty" data-empty="survey">{t(Msg::StaffSurveyNone)}</p> }.into_any()
                } else {
                    let head = move || view! {
                        <th scope="col">{Msg::StaffSurveyAnswered.text(l)}</th>
                        {Satisfaction::ALL.iter().map(|s| view! { <th scope="col">{s.label().text(l)}</th> }).collect_view()}
                    };
                    view! {
                        {[(Msg::SurveyQProcess, true), (Msg::SurveyQInformation, false)].into_iter().map(|(question, first)| view! {
                            // Scrolls on a phone, so it takes the keyboard's focus too.
                            <div class="rq-table-wrap" tabindex="0" role="region" aria-label=question.text(l)>
                                <table class="rq-table" data-survey-table=if first { "process" } else { "information" }>
                                    <caption class="rq-table__caption">{question.text(l)}</caption>
                                    <thead><tr><th scope="col">{Msg::StaffFilterService.text(l)}</th>{head()}</tr></thead>
                                    <tbody>
                                        {list.iter().map(|r| {
                                            let name = catalog().service(&r.service).map(|s| s.short_title.get(l).to_owned()).unwrap_or_else(|| r.service.clone());
                                            let c = if first { r.process } else { r.information };
                                            view! {
                                                <tr data-service=r.service.clone()>
                                                    <th scope="row">{name}</th>
                                                    <td class="rq-table__number">{r.answered}</td>
                                                    {counts(c, r.answered)}
                                                </tr>
                                            }
                                        }).collect_view()}
                                    </tbody>
                                </table>
                            </div>
                        }).collect_view()}
                    }.into_any()
                })
            }}
        </div>
    }
}
