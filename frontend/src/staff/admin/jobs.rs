//! The background jobs on `/staff/admin`: each job's kind, when it is due,
//! how often it ran, and a failing job's attempts and last error — the
//! scheduled work every instance shares, failures first.

use leptos::prelude::*;
use leptos::task::spawn_local;
use shared::api::JobView;
use shared::calendar::Timestamp;
use shared::i18n::Msg;

use crate::api;
use crate::i18n::{t, use_lang};
use crate::ui::format::format_time;

/// The jobs panel.
#[component]
pub fn Jobs() -> impl IntoView {
    let lang = use_lang();
    let jobs = RwSignal::new(None::<Result<Vec<JobView>, String>>);
    spawn_local(async move {
        let got = api::get::<Vec<JobView>>("/api/staff/admin/jobs").await;
        jobs.set(Some(got.map_err(|e| e.message(lang.get_untracked()))));
    });
    let when = |t: Option<i64>| t.map(|t| format_time(Timestamp::from_unix(t))).unwrap_or_default();
    view! {
        <section class="rq-section" data-panel="jobs">
            <h2 class="rq-heading-m">{t(Msg::AdminJobs)}</h2>
            <p class="rq-hint">{t(Msg::AdminJobsHint)}</p>
            {move || jobs.get().map(|r| match r {
                Err(e) => view! { <div class="rq-notice rq-notice--error" role="alert">{e}</div> }.into_any(),
                Ok(list) => view! {
                    <div class="rq-table-wrap" tabindex="0" role="region" aria-label=move || Msg::AdminJobs.text(lang.get())>
                        <table class="rq-table">
                            <thead><tr>
                                <th scope="col">{t(Msg::AdminJob)}</th>
                                <th scope="col">{t(Msg::AdminJobDue)}</th>
                                <th scope="col">{t(Msg::AdminJobRuns)}</th>
                                <th scope="col">{t(Msg::AdminJobFailures)}</th>
                            </tr></thead>
                            <tbody>
                                {list.into_iter().map(|j| {
                                    let failing = j.attempts > 0;
                                    let due = if j.done_at.is_some() { when(j.done_at) } else { when(Some(j.run_at)) };
                                    view! {
                                        <tr data-job=j.id.clone() class:rq-jobs__failing=failing>
                                            <td>{shared::api::JobKind::of(&j.kind).map_or_else(|| j.kind.clone(), |k| k.label().text(lang.get()).to_owned())}
                                                {j.id.split_once(':').map(|(_, key)| format!(" ({key})"))}</td>
                                            <td>{due}</td>
                                            <td>{j.runs} {j.last_run_at.map(|t| format!(" · {}", when(Some(t))))}</td>
                                            <td>{j.attempts} {j.last_error.clone().map(|e| view! { <br/><span class="rq-error-message" data-job-error="">{e}</span> })}</td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }.into_any(),
            })}
        </section>
    }
}
