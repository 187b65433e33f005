//! The administrator's MRP setting on `/staff/admin`: every year's index
//! with its legal source and who set it, the years that lack one, and the
//! form to set a new year's index once the budget law is signed.

use leptos::prelude::*;
use leptos::task::spawn_local;
use shared::api::{MrpIndices, SetMrp};
use shared::i18n::Msg;

use crate::api;
use crate::i18n::{t, use_lang};

/// The MRP panel.
#[component]
pub fn MrpPanel() -> impl IntoView {
    let lang = use_lang();
    let indices = RwSignal::new(None::<MrpIndices>);
    let problem = RwSignal::new(None::<String>);
    let saved = RwSignal::new(None::<i32>);
    let errors = RwSignal::new(Vec::<shared::form::FieldError>::new());
    let year = RwSignal::new(String::new());
    let form = RwSignal::new(SetMrp::default());
    let this_year = || {
        shared::calendar::Timestamp::from_unix((js_sys::Date::now() / 1000.0) as i64)
            .local_date()
            .year()
    };
    spawn_local(async move {
        match api::get::<MrpIndices>("/api/staff/admin/mrp").await {
            Ok(m) => {
                if let Some(first) = m.missing.first() {
                    year.set(first.to_string());
                }
                indices.set(Some(m));
            }
            Err(e) => problem.set(Some(e.message(lang.get_untracked()))),
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let l = lang.get_untracked();
        let body = form.get_untracked();
        let Ok(y) = year.get_untracked().trim().parse::<i32>() else {
            let e = shared::form::FieldError::new("mrp.year", Msg::AdminMrpYearInvalid)
                .arg("min", shared::api::MRP_FIRST_YEAR)
                .arg("max", this_year() + 2);
            errors.set(vec![e]);
            return;
        };
        // The same checks as the server's, before sending.
        let local = body.validate(y, this_year());
        if !local.is_empty() {
            errors.set(local);
            return;
        }
        spawn_local(async move {
            match api::call::<MrpIndices>("PUT", &format!("/api/staff/admin/mrp/{y}"), Some(&body)).await {
                Ok(m) => {
                    errors.set(Vec::new());
                    problem.set(None);
                    saved.set(Some(y));
                    form.set(SetMrp::default());
                    year.set(m.missing.first().map(i32::to_string).unwrap_or_default());
                    indices.set(Some(m));
                }
                Err(e) => super::report(&e, l, errors, problem),
            }
        });
    };
    let error = move |path: &'static str| super::field_error(errors, path);
    // A list rather than a table: it reads the same on a phone.
    let rows = move || {
        let l = lang.get();
        indices.get().map(|m| {
            m.years
                .into_iter()
                .map(|i| {
                    let (source, who) = match (i.set_by, i.set_at) {
                        (Some(name), Some(at)) => (
                            i.source,
                            format!(
                                "{name}, {}",
                                crate::ui::format::format_time(shared::calendar::Timestamp::from_unix(at))
                            ),
                        ),
                        _ => (String::new(), Msg::AdminMrpFromData.text(l).to_owned()),
                    };
                    view! {
                        <li class="rq-mrp__year" data-mrp-year=i.year>
                            <span class="rq-mrp__value">{format!("{}: {}", i.year, i.index.format(l))}</span>
                            {(!source.is_empty()).then(|| view! { <span class="rq-mrp__source">{source}</span> })}
                            <span class="rq-hint">{who}</span>
                        </li>
                    }
                })
                .collect_view()
        })
    };
    let missing = move || {
        let l = lang.get();
        indices.get().map(|m| {
            m.missing
                .into_iter()
                .map(|y| view! { <div class="rq-notice rq-notice--info" data-mrp-missing=y>{Msg::AdminMrpMissing.text(l).replace("{year}", &y.to_string())}</div> })
                .collect_view()
        })
    };
    view! {
        <section class="rq-section" aria-labelledby="mrp-title">
            <h2 class="rq-heading-m" id="mrp-title">{t(Msg::AdminMrpTitle)}</h2>
            <p>{t(Msg::AdminMrpIntro)}</p>
            {move || problem.get().map(|p| view! { <div class="rq-notice rq-notice--error" role="alert">{p}</div> })}
            {move || saved.get().map(|y| view! { <div class="rq-notice rq-notice--success" role="status" data-mrp-saved=y>{Msg::AdminMrpSaved.text(lang.get()).replace("{year}", &y.to_string())}</div> })}
            {missing}
            <ul class="rq-mrp">{rows}</ul>
            <form class="rq-form" on:submit=submit novalidate>
                <div class="rq-field">
                    <label class="rq-label" for="mrp.year">{t(Msg::AdminMrpYear)}</label>
                    {error("mrp.year")}
                    <input class="rq-input rq-input--short" id="mrp.year" inputmode="numeric" prop:value=move || year.get() on:input=move |ev| year.set(event_target_value(&ev))/>
                </div>
                <div class="rq-field">
                    <label class="rq-label" for="mrp.index">{t(Msg::AdminMrpIndex)}</label>
                    {error("mrp.index")}
                    <input class="rq-input rq-input--short" id="mrp.index" inputmode="numeric" prop:value=move || form.with(|f| f.index.clone()) on:input=move |ev| form.update(|f| f.index = event_target_value(&ev))/>
                </div>
                <div class="rq-field">
                    <label class="rq-label" for="mrp.source">{t(Msg::AdminMrpSource)}</label>
                    {error("mrp.source")}
                    <input class="rq-input" id="mrp.source" prop:value=move || form.with(|f| f.source.clone()) on:input=move |ev| form.update(|f| f.source = event_target_value(&ev))/>
                </div>
                <button type="submit" class="rq-button" data-action="set-mrp">{t(Msg::AdminMrpSave)}</button>
            </form>
        </section>
    }
}
