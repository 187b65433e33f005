//! `/statistics`: how each provider keeps the law's limits, for anyone:
//! over the last twelve months, the median and 90th-percentile time to a
//! decision in working days against the statutory limit, the share decided
//! in time, and the decisions per month; then the register's open data.
//! Counts and times only: nothing leads back to an application.

use leptos::prelude::*;
use leptos::task::spawn_local;
use shared::catalog::catalog;
use shared::i18n::{Lang, Msg};
use shared::reports::{PublicStats, ServiceStats, tenths};

use crate::api;
use crate::i18n::{t, use_lang};
use crate::ui::format::format_date;

fn provider_name(code: &str, lang: Lang) -> String {
    catalog()
        .providers
        .get(code)
        .map(|p| p.name.get(lang).to_owned())
        .unwrap_or_else(|| code.to_owned())
}

fn service_name(code: &str, lang: Lang) -> String {
    catalog()
        .service(code)
        .map(|s| s.short_title.get(lang).to_owned())
        .unwrap_or_else(|| code.to_owned())
}

/// One row as a card: a phone reads it without scrolling sideways.
fn card(r: ServiceStats, l: Lang) -> impl IntoView {
    let late = r.in_time < 100;
    let months = r
        .months
        .iter()
        .map(|m| format!("{} — {}", m.month, m.decided))
        .collect::<Vec<_>>()
        .join(" · ");
    view! {
        <article class="rq-card rq-stats__card" data-stats=format!("{}/{}", r.service, r.request_type.code())>
            <h2 class="rq-heading-s">{service_name(&r.service, l)} " · " {r.request_type.label().text(l)}</h2>
            <p class="rq-hint">{provider_name(&r.provider, l)}</p>
            <dl class="rq-summary-list">
                <div class="rq-summary-list__row"><dt>{Msg::StatsDecided.text(l)}</dt><dd>{r.decided}</dd></div>
                <div class="rq-summary-list__row"><dt>{Msg::StatsMedian.text(l)}</dt><dd data-median>{tenths(r.median_tenths)}</dd></div>
                <div class="rq-summary-list__row"><dt>{Msg::StatsP90.text(l)}</dt><dd>{tenths(r.p90_tenths)}</dd></div>
                <div class="rq-summary-list__row"><dt>{Msg::StatsLimit.text(l)}</dt><dd>{tenths(r.limit_tenths)}</dd></div>
                <div class="rq-summary-list__row"><dt>{Msg::StatsInTime.text(l)}</dt>
                    <dd class:rq-stats__late=late data-in-time>{r.in_time} "%"</dd></div>
            </dl>
            <details class="rq-details">
                <summary>{Msg::StatsMonths.text(l)}</summary>
                <p>{months}</p>
            </details>
        </article>
    }
}

/// The statistics page.
#[component]
pub fn StatisticsPage() -> impl IntoView {
    let lang = use_lang();
    let provider = RwSignal::new(String::new());
    let stats = RwSignal::new(None::<PublicStats>);
    let problem = RwSignal::new(None::<String>);
    let load = move || {
        let p = provider.get_untracked();
        let url = if p.is_empty() {
            "/api/statistics".to_owned()
        } else {
            format!("/api/statistics?provider={}", api::encode(&p))
        };
        spawn_local(async move {
            match api::get::<PublicStats>(&url).await {
                Ok(s) => {
                    problem.set(None);
                    stats.set(Some(s));
                }
                Err(e) => problem.set(Some(e.message(lang.get_untracked()))),
            }
        });
    };
    load();
    let providers = move || {
        let l = lang.get();
        let mut codes: Vec<&String> = catalog().services.iter().map(|s| &s.provider).collect();
        codes.sort();
        codes.dedup();
        codes
            .into_iter()
            .map(|c| (c.clone(), provider_name(c, l)))
            .collect::<Vec<_>>()
    };
    view! {
        <div class="rq-width rq-stats">
            <h1 class="rq-heading-l">{t(Msg::StatsTitle)}</h1>
            <p class="rq-lead">{t(Msg::StatsIntro)}</p>
            <div class="rq-field">
                <label class="rq-label" for="stats-provider">{t(Msg::StatsProvider)}</label>
                <select class="rq-select" id="stats-provider"
                    on:change=move |ev| { provider.set(event_target_value(&ev)); load(); }>
                    <option value="">{t(Msg::StatsAllProviders)}</option>
                    {move || providers().into_iter().map(|(code, name)| view! { <option value=code>{name}</option> }).collect_view()}
                </select>
            </div>
            {move || problem.get().map(|p| view! { <div class="rq-notice rq-notice--error" role="alert">{p}</div> })}
            {move || {
                let l = lang.get();
                stats.get().map(|s| view! {
                    <p class="rq-hint">{format_date(s.from)} " — " {format_date(s.to)}</p>
                    {if s.rows.is_empty() {
                        view! { <p class="rq-empty" data-empty="statistics">{Msg::StatsNone.text(l)}</p> }.into_any()
                    } else {
                        s.rows.into_iter().map(|r| card(r, l)).collect_view().into_any()
                    }}
                })
            }}
            <section class="rq-stats__open" aria-labelledby="open-data">
                <h2 class="rq-heading-m" id="open-data">{t(Msg::StatsOpenData)}</h2>
                <p>{t(Msg::StatsOpenDataHint)}</p>
                <ul class="rq-list">
                    <li><a class="rq-link" href="/api/registry/data.csv" data-open="csv">{t(Msg::StatsRegisterCsv)}</a></li>
                    <li><a class="rq-link" href="/api/registry/data.json" data-open="json">{t(Msg::StatsRegisterJson)}</a></li>
                    <li><a class="rq-link" href="/api/registry/changes?since=0" data-open="changes">{t(Msg::StatsChanges)}</a></li>
                </ul>
            </section>
        </div>
    }
}
