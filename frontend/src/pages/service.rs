//! A service page: the official title, what it is for, who may apply, where,
//! what the result is, and its request types.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use shared::catalog::catalog;
use shared::i18n::Msg;

use crate::i18n::{t, use_lang};
use crate::pages::not_found::NotFound;

/// The page of one service, at `/services/:code`.
#[component]
pub fn ServicePage() -> impl IntoView {
    let lang = use_lang();
    let params = use_params_map();
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
                <ul class="rq-request-types">
                    {s
                        .request_types
                        .iter()
                        .map(|r| {
                            view! {
                                <li class="rq-request-type" data-request-type=format!("{r:?}").to_lowercase()>
                                    <h3 class="rq-heading-s">{t(r.label())}</h3>
                                    <p>{t(r.hint())}</p>
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
