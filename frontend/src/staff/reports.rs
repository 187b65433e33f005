//! `/staff/reports`: the member's report of a period, by role (the head the
//! provider, the department head the department, an executor their own):
//! counts by outcome and channel, each chain step's working times against
//! its limit, the whole service against the law's total, the open cases
//! likely to miss their deadline, and the survey. The charts come drawn
//! from the server as accessible SVG; each has its numbers as a table under
//! it, and every table downloads as CSV, the whole report as PDF.

use leptos::prelude::*;
use leptos::task::spawn_local;
use shared::calendar::{Calendar, Timestamp};
use shared::catalog::{RequestType, catalog};
use shared::date::Date;
use shared::i18n::{Lang, Msg};
use shared::reports::{Figures, Report, ReportQuery, ReportScope, ReportTable, duration};

use crate::api;
use crate::i18n::{t, use_lang};
use crate::ui::format::{format_date, format_time, now};

/// The periods offered besides a custom one.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Preset {
    ThisMonth,
    LastMonth,
    ThisYear,
    LastYear,
    Custom,
}

impl Preset {
    const ALL: [Preset; 5] = [
        Preset::ThisMonth,
        Preset::LastMonth,
        Preset::ThisYear,
        Preset::LastYear,
        Preset::Custom,
    ];

    fn code(self) -> &'static str {
        match self {
            Preset::ThisMonth => "this-month",
            Preset::LastMonth => "last-month",
            Preset::ThisYear => "this-year",
            Preset::LastYear => "last-year",
            Preset::Custom => "custom",
        }
    }

    fn label(self) -> Msg {
        match self {
            Preset::ThisMonth => Msg::StaffReportThisMonth,
            Preset::LastMonth => Msg::StaffReportLastMonth,
            Preset::ThisYear => Msg::StaffReportThisYear,
            Preset::LastYear => Msg::StaffReportLastYear,
            Preset::Custom => Msg::StaffReportCustom,
        }
    }

    /// The period's first and last days, from today.
    fn dates(self, today: Date) -> Option<(Date, Date)> {
        let (y, m, _) = today.ymd();
        let month_end = |y: i32, m: u32| Date::from_ymd(y, m, shared::date::days_in_month(y, m));
        match self {
            Preset::ThisMonth => Some((Date::from_ymd(y, m, 1)?, today)),
            Preset::LastMonth => {
                let (ly, lm) = if m == 1 { (y - 1, 12) } else { (y, m - 1) };
                Some((Date::from_ymd(ly, lm, 1)?, month_end(ly, lm)?))
            }
            Preset::ThisYear => Some((Date::from_ymd(y, 1, 1)?, today)),
            Preset::LastYear => Some((Date::from_ymd(y - 1, 1, 1)?, Date::from_ymd(y - 1, 12, 31)?)),
            Preset::Custom => None,
        }
    }
}

fn service_name(code: &str, lang: Lang) -> String {
    catalog()
        .service(code)
        .map(|s| s.short_title.get(lang).to_owned())
        .unwrap_or_else(|| code.to_owned())
}

/// The report page.
#[component]
pub fn ReportsPage() -> impl IntoView {
    let lang = use_lang();
    let session = super::use_staff();
    let today = now().local_date();
    let preset = RwSignal::new(Preset::ThisMonth);
    let (first, last) = Preset::ThisMonth.dates(today).unwrap_or((today, today));
    let from = RwSignal::new(first.to_string());
    let to = RwSignal::new(last.to_string());
    let service = RwSignal::new(String::new());
    let request = RwSignal::new(String::new());
    let report = RwSignal::new(None::<Report>);
    let problem = RwSignal::new(None::<String>);
    let loading = RwSignal::new(false);
    let query = move || ReportQuery {
        from: from.get_untracked().parse().ok(),
        to: to.get_untracked().parse().ok(),
        service: Some(service.get_untracked()).filter(|s| !s.is_empty()),
        request_type: serde_json::from_value(serde_json::Value::String(request.get_untracked())).ok(),
        lang: Some(lang.get_untracked()),
    };
    let shown = RwSignal::new(String::new());
    let load = move || {
        let q = query().to_query_string();
        loading.set(true);
        spawn_local(async move {
            match api::get::<Report>(&format!("/api/staff/reports?{q}")).await {
                Ok(r) => {
                    problem.set(None);
                    report.set(Some(r));
                    shown.set(q);
                }
                Err(e) => problem.set(Some(e.message(lang.get_untracked()))),
            }
            loading.set(false);
        });
    };
    load();
    // The charts and tables follow the interface's language.
    Effect::new(move |prev: Option<Lang>| {
        let l = lang.get();
        if prev.is_some_and(|p| p != l) {
            load();
        }
        l
    });
    let choose = move |code: String| {
        let p = Preset::ALL
            .into_iter()
            .find(|p| p.code() == code)
            .unwrap_or(Preset::Custom);
        preset.set(p);
        if let Some((a, b)) = p.dates(now().local_date()) {
            from.set(a.to_string());
            to.set(b.to_string());
            load();
        }
    };
    let services = move || {
        let provider = session.me.get().map(|m| m.provider).unwrap_or_default();
        catalog()
            .services
            .iter()
            .filter(|s| s.provider == provider)
            .map(|s| (s.code.clone(), s.short_title.get(lang.get()).to_owned()))
            .collect::<Vec<_>>()
    };
    view! {
        <div class="rq-width rq-reports">
            <h1 class="rq-heading-l">{t(Msg::StaffReportTitle)}</h1>
            <form class="rq-filters" data-report-filters on:submit=move |ev: leptos::ev::SubmitEvent| { ev.prevent_default(); load(); }>
                <div class="rq-field">
                    <label class="rq-label" for="report-preset">{t(Msg::StaffReportPreset)}</label>
                    <select class="rq-select" id="report-preset" on:change=move |ev| choose(event_target_value(&ev))>
                        {Preset::ALL.into_iter().map(|p| view! {
                            <option value=p.code() selected=move || preset.get() == p>{t(p.label())}</option>
                        }).collect_view()}
                    </select>
                </div>
                <div class="rq-field">
                    <label class="rq-label" for="report-from">{t(Msg::StaffReportFrom)}</label>
                    <input class="rq-input" id="report-from" type="date" prop:value=move || from.get()
                        on:input=move |ev| { from.set(event_target_value(&ev)); preset.set(Preset::Custom); }/>
                </div>
                <div class="rq-field">
                    <label class="rq-label" for="report-to">{t(Msg::StaffReportTo)}</label>
                    <input class="rq-input" id="report-to" type="date" prop:value=move || to.get()
                        on:input=move |ev| { to.set(event_target_value(&ev)); preset.set(Preset::Custom); }/>
                </div>
                <div class="rq-field">
                    <label class="rq-label" for="report-service">{t(Msg::StaffReportService)}</label>
                    <select class="rq-select" id="report-service" on:change=move |ev| service.set(event_target_value(&ev))>
                        <option value="">{t(Msg::StaffReportAllServices)}</option>
                        {move || services().into_iter().map(|(code, name)| {
                            let selected = service.get_untracked() == code;
                            view! { <option value=code selected=selected>{name}</option> }
                        }).collect_view()}
                    </select>
                </div>
                <div class="rq-field">
                    <label class="rq-label" for="report-request">{t(Msg::StaffReportRequest)}</label>
                    <select class="rq-select" id="report-request" on:change=move |ev| request.set(event_target_value(&ev))>
                        <option value="">{t(Msg::StaffReportAllRequests)}</option>
                        {RequestType::ALL.into_iter().map(|r| view! { <option value=r.code()>{t(r.label())}</option> }).collect_view()}
                    </select>
                </div>
                <button type="submit" class="rq-button rq-button--secondary" data-action="show-report" prop:disabled=move || loading.get()>
                    {t(Msg::StaffReportShow)}
                </button>
            </form>
            {move || problem.get().map(|p| view! { <div class="rq-notice rq-notice--error" role="alert">{p}</div> })}
            {move || report.get().map(|r| view! { <ReportView report=r query=shown.get()/> })}
        </div>
    }
}

/// A link to a table's CSV.
fn csv_link(table: ReportTable, query: &str) -> impl IntoView + use<> {
    let href = format!("/api/staff/reports/csv/{}?{query}", table.code());
    view! { <a class="rq-link rq-reports__csv" href=href download data-csv=table.code()>{t(Msg::StaffReportCsv)}</a> }
}

/// A table that scrolls sideways on a phone (and so takes the keyboard's
/// focus), with its CSV link under it.
fn wrapped(label: String, table: ReportTable, query: &str, body: AnyView) -> impl IntoView + use<> {
    view! {
        <div class="rq-table-wrap" tabindex="0" role="region" aria-label=label data-report-table=table.code()>{body}</div>
        <p class="rq-reports__links">{csv_link(table, query)}</p>
    }
}

fn figures_cells(f: &Figures, per_day: u32, l: Lang) -> impl IntoView + use<> {
    let d = move |m: i64| duration(m, per_day, l);
    let share = f.share_met().map(|s| format!("{} ({s}%)", f.met)).unwrap_or_default();
    let late = f.share_met().is_some_and(|s| s < 100);
    view! {
        <td class="rq-table__number">{f.count}</td>
        <td class="rq-table__number">{d(f.p50)}</td>
        <td class="rq-table__number">{d(f.p90)}</td>
        <td class="rq-table__number">{d(f.max)}</td>
        <td class="rq-table__number">{d(f.limit)}</td>
        <td class="rq-table__number" class:rq-reports__late=late>{share}</td>
    }
}

fn figures_head(l: Lang) -> impl IntoView + use<> {
    [
        Msg::StaffReportCount,
        Msg::StaffReportMedian,
        Msg::StaffReportP90,
        Msg::StaffReportMax,
        Msg::StaffReportLimit,
        Msg::StaffReportInTime,
    ]
    .into_iter()
    .map(|m| view! { <th scope="col">{m.text(l)}</th> })
    .collect_view()
}

/// The survey's answers: for each service, how many answered and, for
/// each question, how many chose each answer with its share.
fn survey_table(rows: &[shared::survey::SurveyRow], l: Lang) -> AnyView {
    use shared::survey::Satisfaction;
    let cells = |counts: [u32; 3], answered: u32| {
        Satisfaction::ALL
            .iter()
            .map(|s| {
                let n = counts[s.index()];
                let share = (n * 100).checked_div(answered).unwrap_or(0);
                view! { <td class="rq-table__number">{n} " (" {share} "%)"</td> }
            })
            .collect_view()
    };
    let heads = |question: Msg| {
        Satisfaction::ALL
            .iter()
            .map(|s| view! { <th scope="col">{question.text(l)} ": " {s.label().text(l)}</th> })
            .collect_view()
    };
    view! {
        <table class="rq-table" data-survey>
            <caption class="rq-table__caption">{Msg::StaffSurvey.text(l)}</caption>
            <thead><tr>
                <th scope="col">{Msg::StaffReportService.text(l)}</th>
                <th scope="col">{Msg::StaffSurveyAnswered.text(l)}</th>
                {heads(Msg::SurveyQProcess)}
                {heads(Msg::SurveyQInformation)}
            </tr></thead>
            <tbody>
                {rows.iter().map(|r| view! {
                    <tr data-service=r.service.clone()>
                        <th scope="row">{service_name(&r.service, l)}</th>
                        <td class="rq-table__number">{r.answered}</td>
                        {cells(r.process, r.answered)}
                        {cells(r.information, r.answered)}
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}

#[component]
fn ReportView(report: Report, query: String) -> impl IntoView {
    let lang = use_lang();
    let l = lang.get_untracked();
    let per_day = Calendar::of_provider(&report.provider).office_hours().minutes_per_day();
    let scope = match report.scope {
        ReportScope::Provider => Msg::StaffReportScopeProvider,
        ReportScope::Department => Msg::StaffReportScopeDepartment,
        ReportScope::Own => Msg::StaffReportScopeOwn,
    };
    let period = Msg::StaffReportPeriodLabel
        .text(l)
        .replace("{from}", &format_date(report.from))
        .replace("{to}", &format_date(report.to));
    let c = report.counts;
    let counts = [
        (Msg::StaffReportReceived, c.received, "received"),
        (Msg::StaffReportDecided, c.decided, "decided"),
        (Msg::StaffReportIssued, c.issued, "issued"),
        (Msg::StaffReportRefused, c.refused, "refused"),
        (Msg::StaffReportWithdrawn, c.withdrawn, "withdrawn"),
    ];
    let q = query.clone();
    let weeks_table = view! {
        <table class="rq-table">
            <caption class="rq-table__caption">{Msg::StaffReportWeekly.text(l)}</caption>
            <thead><tr>
                <th scope="col">{Msg::StaffReportWeek.text(l)}</th>
                <th scope="col">{Msg::StaffReportReceived.text(l)}</th>
                <th scope="col">{Msg::StaffReportDecided.text(l)}</th>
            </tr></thead>
            <tbody>
                {report.weeks.iter().map(|w| view! {
                    <tr><th scope="row">{format_date(w.monday)}</th>
                        <td class="rq-table__number">{w.received}</td>
                        <td class="rq-table__number">{w.decided}</td></tr>
                }).collect_view()}
            </tbody>
        </table>
    }
    .into_any();
    let steps_table = view! {
        <table class="rq-table">
            <caption class="rq-table__caption">{Msg::StaffReportSteps.text(l)}</caption>
            <thead><tr>
                <th scope="col">{Msg::StaffFilterStep.text(l)}</th>
                <th scope="col">{Msg::StaffReportRole.text(l)}</th>
                {figures_head(l)}
            </tr></thead>
            <tbody>
                {report.steps.iter().map(|s| view! {
                    <tr data-step=s.step_id.clone()>
                        <th scope="row">
                            {shared::workflow::step_name(&s.step_id, l)}
                            <span class="rq-hint">{service_name(&s.service, l)} " · " {s.request_type.label().text(l)}</span>
                        </th>
                        <td>{s.role.label().text(l)}</td>
                        {figures_cells(&s.figures, per_day, l)}
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
    }
    .into_any();
    let grounds_table = view! {
        <table class="rq-table">
            <caption class="rq-table__caption">{Msg::StaffReportGrounds.text(l)}</caption>
            <thead><tr><th scope="col">{Msg::StaffReportGround.text(l)}</th><th scope="col">{Msg::StaffReportRefused.text(l)}</th></tr></thead>
            <tbody>
                {report.grounds.iter().map(|g| view! {
                    <tr><th scope="row">{g.ground.label().text(l)}</th><td class="rq-table__number">{g.refused}</td></tr>
                }).collect_view()}
            </tbody>
        </table>
    }
    .into_any();
    let services_table = view! {
        <table class="rq-table">
            <caption class="rq-table__caption">{Msg::StaffReportServices.text(l)}</caption>
            <thead><tr>
                <th scope="col">{Msg::StaffReportService.text(l)}</th>
                {figures_head(l)}
            </tr></thead>
            <tbody>
                {report.services.iter().map(|s| view! {
                    <tr><th scope="row">{service_name(&s.service, l)} <span class="rq-hint">{s.request_type.label().text(l)}</span></th>
                        {figures_cells(&s.figures, per_day, l)}</tr>
                }).collect_view()}
            </tbody>
        </table>
    }
    .into_any();
    let predicted_table = view! {
        <table class="rq-table">
            <caption class="rq-table__caption">{Msg::StaffReportPredicted.text(l)}</caption>
            <thead><tr>
                {[Msg::StaffReportNumber, Msg::StaffFilterStep, Msg::StaffReportOwner, Msg::StaffReportAhead,
                  Msg::StaffReportPace, Msg::StaffReportNeeds, Msg::StaffReportLeft, Msg::StaffReportDue]
                    .into_iter().map(|m| view! { <th scope="col">{m.text(l)}</th> }).collect_view()}
            </tr></thead>
            <tbody>
                {report.predicted.iter().map(|p| view! {
                    <tr data-predicted=p.application_id.clone()>
                        <th scope="row"><a class="rq-link" href=format!("/staff/cases/{}", p.application_id)>{p.number.clone()}</a>
                            <span class="rq-hint">{service_name(&p.service, l)}</span></th>
                        <td>{shared::workflow::step_name(&p.step_id, l)}</td>
                        <td>{p.owner.clone().unwrap_or_else(|| p.role.label().text(l).to_owned())}</td>
                        <td class="rq-table__number">{p.ahead}</td>
                        <td class="rq-table__number">{duration(p.pace, per_day, l)}</td>
                        <td class="rq-table__number">{duration(p.needs, per_day, l)}</td>
                        <td class="rq-table__number">{duration(p.left, per_day, l)}</td>
                        <td>{format_time(Timestamp::from_unix(p.due_at))}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
    }
    .into_any();
    let empty = |m: Msg| view! { <p class="rq-empty">{m.text(l)}</p> };
    let charts = report.charts.clone();
    view! {
        <p class="rq-reports__scope" data-scope=format!("{:?}", report.scope).to_lowercase()>
            <strong>{period}</strong> " · " {scope.text(l)}
        </p>
        <p class="rq-reports__links"><a class="rq-link" href=format!("/api/staff/reports/pdf?{q}") data-pdf>{t(Msg::StaffReportPdf)}</a></p>
        <section aria-labelledby="report-counts">
            <h2 class="rq-heading-m" id="report-counts">{t(Msg::StaffReportCounts)}</h2>
            <dl class="rq-reports__counts">
                {counts.into_iter().map(|(m, n, key)| view! {
                    <div class="rq-reports__count" data-count=key><dt>{m.text(l)}</dt><dd>{n}</dd></div>
                }).collect_view()}
            </dl>
            {(!report.channels.is_empty()).then(|| view! {
                <p class="rq-hint">{Msg::StaffReportByChannel.text(l)} ": "
                    {report.channels.iter().map(|c| format!("{} {}", c.channel.label().text(l), c.received)).collect::<Vec<_>>().join(" · ")}</p>
            })}
            <p class="rq-reports__links">{csv_link(ReportTable::Counts, &query)}</p>
        </section>
        <section aria-labelledby="report-weekly">
            <h2 class="rq-heading-m" id="report-weekly">{t(Msg::StaffReportWeekly)}</h2>
            <figure class="rq-chart" data-chart="weekly" inner_html=charts.weekly></figure>
            // A year is 53 rows: the numbers are there, folded.
            <details class="rq-details" data-weeks>
                <summary>{Msg::StaffReportWeek.text(l)} " · " {Msg::StaffReportReceived.text(l)} " · " {Msg::StaffReportDecided.text(l)}</summary>
                {wrapped(Msg::StaffReportWeekly.text(l).to_owned(), ReportTable::Weeks, &query, weeks_table)}
            </details>
        </section>
        <section aria-labelledby="report-steps">
            <h2 class="rq-heading-m" id="report-steps">{t(Msg::StaffReportSteps)}</h2>
            {if report.steps.is_empty() { empty(Msg::StaffReportEmpty).into_any() } else { view! {
                <figure class="rq-chart" data-chart="steps" inner_html=charts.steps.clone()></figure>
                {wrapped(Msg::StaffReportSteps.text(l).to_owned(), ReportTable::Steps, &query, steps_table)}
            }.into_any() }}
        </section>
        <section aria-labelledby="report-services">
            <h2 class="rq-heading-m" id="report-services">{t(Msg::StaffReportServices)}</h2>
            {if report.services.is_empty() { empty(Msg::StaffReportEmpty).into_any() } else {
                wrapped(Msg::StaffReportServices.text(l).to_owned(), ReportTable::Services, &query, services_table).into_any()
            }}
        </section>
        <section aria-labelledby="report-grounds">
            <h2 class="rq-heading-m" id="report-grounds">{t(Msg::StaffReportGrounds)}</h2>
            {if report.grounds.is_empty() { empty(Msg::StaffReportEmpty).into_any() } else { view! {
                <figure class="rq-chart" data-chart="grounds" inner_html=charts.grounds.clone()></figure>
                {wrapped(Msg::StaffReportGrounds.text(l).to_owned(), ReportTable::Grounds, &query, grounds_table)}
            }.into_any() }}
        </section>
        <section aria-labelledby="report-predicted">
            <h2 class="rq-heading-m" id="report-predicted">{t(Msg::StaffReportPredicted)}</h2>
            <p class="rq-hint">{t(Msg::StaffReportPredictedHint)}</p>
            {if report.predicted.is_empty() { empty(Msg::StaffReportPredictedNone).into_any() } else {
                wrapped(Msg::StaffReportPredicted.text(l).to_owned(), ReportTable::Predicted, &query, predicted_table).into_any()
            }}
        </section>
        {(report.scope == ReportScope::Provider).then(|| view! {
            <section aria-labelledby="report-survey">
                <h2 class="rq-heading-m" id="report-survey">{t(Msg::StaffSurvey)}</h2>
                {if report.survey.is_empty() { empty(Msg::StaffSurveyNone).into_any() } else {
                    wrapped(Msg::StaffSurvey.text(l).to_owned(), ReportTable::Survey, &query, survey_table(&report.survey, l)).into_any()
                }}
            </section>
        })}
    }
}
