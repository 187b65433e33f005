//! The first page: what Ruqsat is, and the licensing services grouped by provider.

use leptos::prelude::*;
use leptos_router::components::A;
use shared::catalog::catalog;
use shared::i18n::Msg;

use crate::i18n::{t, use_lang};

/// The service catalogue.
#[component]
pub fn CatalogPage() -> impl IntoView {
    let lang = use_lang();
    let groups = catalog().by_provider();
    view! {
        <div class="rq-width">
            <section class="rq-hero">
                <h1 class="rq-heading-xl">{t(Msg::CatalogHeading)}</h1>
                <p class="rq-lead">{t(Msg::AppIntro)}</p>
            </section>
            {groups
                .into_iter()
                .map(|(provider, services)| {
                    view! {
                        <section class="rq-provider" data-provider=provider.code.clone()>
                            <h2 class="rq-provider__name">
                                <span class="rq-caption">{t(Msg::CatalogProvider)}</span>
                                {move || provider.name.get(lang.get()).to_owned()}
                            </h2>
                            <ul class="rq-cards">
                                {services
                                    .into_iter()
                                    .map(|s| {
                                        view! {
                                            <li class="rq-card" data-service=s.code.clone()>
                                                <A href=format!("/services/{}", s.code) attr:class="rq-card__link">
                                                    <span class="rq-card__title">
                                                        {move || s.short_title.get(lang.get()).to_owned()}
                                                    </span>
                                                </A>
                                                <p class="rq-card__summary">
                                                    {move || s.summary.get(lang.get()).to_owned()}
                                                </p>
                                                <ul class="rq-tags">
                                                    {s
                                                        .request_types
                                                        .iter()
                                                        .map(|r| view! { <li class="rq-tag">{t(r.label())}</li> })
                                                        .collect_view()}
                                                </ul>
                                            </li>
                                        }
                                    })
                                    .collect_view()}
                            </ul>
                        </section>
                    }
                })
                .collect_view()}
        </div>
    }
}
