//! The quality survey, offered once the application's result is delivered
//! (seed 000 appendix 4, seed 002 appendix 3): two questions with three
//! answers each, optional, answered once; a question left unanswered is
//! said at its place and the other answer is kept.

use leptos::prelude::*;
use leptos::task::spawn_local;
use shared::i18n::Msg;
use shared::survey::{Satisfaction, SurveyAnswers, SurveyState};

use crate::api;
use crate::i18n::{t, use_lang};
use crate::ui::form::{Label, Radios};

fn code(s: Satisfaction) -> String {
    serde_json::to_value(s)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

fn parse(v: &str) -> Option<Satisfaction> {
    serde_json::from_value(serde_json::Value::String(v.to_owned())).ok()
}

/// The survey of an application, when it is offered.
#[component]
pub fn Survey(
    /// The application's id.
    id: String,
) -> impl IntoView {
    let lang = use_lang();
    let state = RwSignal::new(None::<SurveyState>);
    let url = format!("/api/applications/{}/survey", api::encode(&id));
    {
        let url = url.clone();
        spawn_local(async move {
            if let Ok(s) = api::get::<SurveyState>(&url).await {
                state.set(Some(s));
            }
        });
    }
    let process = RwSignal::new(String::new());
    let information = RwSignal::new(String::new());
    let tried = RwSignal::new(false);
    let problem = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let missing = move |v: RwSignal<String>| {
        Signal::derive(move || {
            (tried.get() && parse(&v.get()).is_none()).then(|| Msg::SurveyChoose.text(lang.get()).to_owned())
        })
    };
    let options = || {
        Satisfaction::ALL
            .iter()
            .map(|s| (code(*s), Label::Msg(s.label())))
            .collect::<Vec<_>>()
    };
    let send = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        tried.set(true);
        let (Some(p), Some(i)) = (parse(&process.get_untracked()), parse(&information.get_untracked())) else {
            return;
        };
        let url = url.clone();
        busy.set(true);
        spawn_local(async move {
            let answers = SurveyAnswers {
                process: Some(p),
                information: Some(i),
            };
            match api::send("POST", &url, Some(&answers)).await {
                Ok(()) => state.set(Some(SurveyState::Answered)),
                Err(e) if e.status() == 409 => state.set(Some(SurveyState::Answered)),
                Err(e) => problem.set(Some(e.message(lang.get_untracked()))),
            }
            busy.set(false);
        });
    };
    move || {
        match state.get() {
        Some(SurveyState::Open) => view! {
            <section class="rq-panel rq-survey" data-survey="open" aria-labelledby="survey-title">
                <h2 class="rq-heading-m" id="survey-title">{t(Msg::SurveyTitle)}</h2>
                <p class="rq-hint">{t(Msg::SurveyIntro)}</p>
                {move || problem.get().map(|p| view! { <div class="rq-notice rq-notice--error" role="alert">{p}</div> })}
                <form on:submit=send.clone() novalidate>
                    <Radios path="survey.process".to_owned() legend=Label::Msg(Msg::SurveyQProcess) options=options()
                        value=process.into() error=missing(process) on_change=move |v| process.set(v)/>
                    <Radios path="survey.information".to_owned() legend=Label::Msg(Msg::SurveyQInformation) options=options()
                        value=information.into() error=missing(information) on_change=move |v| information.set(v)/>
                    <button class="rq-button" type="submit" data-action="survey" disabled=move || busy.get()>{t(Msg::SurveySend)}</button>
                </form>
            </section>
        }
        .into_any(),
        Some(SurveyState::Answered) => view! {
            <p class="rq-notice rq-notice--success" data-survey="answered" role="status">{t(Msg::SurveyThanks)}</p>
        }
        .into_any(),
        _ => ().into_any(),
    }
    }
}
