//! A service page: the official title, what it is for, who may apply, where,
//! what the result is, and its request types.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use shared::catalog::catalog;
use shared::i18n::Msg;

use crate::api;
use crate::i18n::{t, use_lang};
use crate::portal::not_found::NotFound;
use crate::session::use_session;

/// Starts a draft of a service and request type, then opens its first step.
fn start(code: String, request_type: shared::catalog::RequestType, problem: RwSignal<Option<String>>) {
    let lang = use_lang();
    let navigate = leptos_router::hooks::use_navigate();
    leptos::task::spawn_local(async move {
        let body = shared::api::NewApplication {
            service: code.clone(),
            request_type,
        };
        match api::call::<shared::api::ApplicationView>("POST", "/api/applications", Some(&body)).await {
            Ok(v) => {
                let first = catalog()
                    .service(&code)
                    .and_then(|s| {
                        shared::form::wizard_steps(s, request_type)
                            .first()
                            .map(|w| w.slug().to_owned())
                    })
                    .unwrap_or_default();
                navigate(&format!("/applications/{}/{first}", v.id), Default::default());
            }
            Err(e) => problem.set(Some(e.message(lang.get_untracked()))),
        }
    });
}

/// The page of one service, at `/services/:code`.
#[component]
pub fn ServicePage() -> impl IntoView {
    let lang = use_lang();
    let params = use_params_map();
    let session = use_session();
    let problem = RwSignal::new(None::<String>);
    crate::ui::shell::prefetch_next_app();
    move || {
        let code = params.read().get("code").unwrap_or_default();
        let Some(s) = catalog().service(&code) else {
            return view! { <NotFound/> }.into_any();
        };
        let provider = catalog().provider(&s.provider).map(|p| p.name.clone());
        view! {
            <div class="rq-width rq-service" data-service=s.code.clone()>
                <A href="/" attr:class="rq-back-link">{t(Msg::NavBackToServices)}</A>
                <span class="rq-caption">{move || provider.as_ref().map(|p| p.get(lang.get()).to_owned())}</span>
                <h1 class="rq-heading-l">{move || s.short_title.get(lang.get()).to_owned()}</h1>
                <p class="rq-lead">{move || s.title.get(lang.get()).to_owned()}</p>
                <p>{move || s.summary.get(lang.get()).to_owned()}</p>
                <h2 class="rq-heading-m">{t(Msg::ServiceRequestTypes)}</h2>
                {move || session.me.with(Option::is_none).then(|| view! { <p class="rq-inset">{t(Msg::ServiceSignInToApply)}</p> })}
                {move || problem.get().map(|p| view! { <div class="rq-notice rq-notice--error">{p}</div> })}
                <ul class="rq-request-types">
                    {s
                        .request_types
                        .iter()
                        .map(|r| {
                            let r = *r;
                            let code = s.code.clone();
                            let action = move || match session.me.get() {
                                None => view! {
                                    <A href=format!("/sign-in?next=/services/{}", s.code) attr:class="rq-button rq-button--small" attr:data-action="sign-in-to-apply">
                                        {t(Msg::NavSignIn)}
                                    </A>
                                }
                                .into_any(),
                                Some(me) if !s.applicants.contains(&me.kind) => {
                                    view! { <p class="rq-hint">{t(Msg::ServiceNotForYou)}</p> }.into_any()
                                }
                                Some(_) => {
                                    let code = code.clone();
                                    view! {
                                        <button type="button" class="rq-button rq-button--small" data-action="apply"
                                            on:click=move |_| start(code.clone(), r, problem)>
                                            {t(Msg::ServiceStart)}
                                        </button>
                                    }
                                    .into_any()
                                }
                            };
                            view! {
                                <li class="rq-request-type" data-request-type=format!("{r:?}").to_lowercase()>
                                    <h3 class="rq-heading-s">{t(r.label())}</h3>
                                    <p>{t(r.hint())}</p>
                                    {action}
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
                <dl class="rq-summary-list">
                    <div class="rq-summary-list__row">
                        <dt>{t(Msg::ServiceApplicants)}</dt>
                        <dd>
                            {s.applicants.iter().map(|a| view! { <span class="rq-summary-list__item">{t(a.label())}</span> }).collect_view()}
                        </dd>
                    </div>
                    <div class="rq-summary-list__row">
                        <dt>{t(Msg::ServiceChannels)}</dt>
                        <dd>
                            {s.channels.iter().map(|c| view! { <span class="rq-summary-list__item">{t(c.label())}</span> }).collect_view()}
                        </dd>
                    </div>
                    <div class="rq-summary-list__row">
                        <dt>{t(Msg::ServiceResult)}</dt>
                        <dd>{move || s.result.get(lang.get()).to_owned()}</dd>
                    </div>
                </dl>
            </div>
        }
        .into_any()
    }
}
