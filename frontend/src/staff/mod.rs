//! The provider's back office, a single-page app of its own at `/staff/`:
//! built as a separate binary (`ruqsat-staff`), so the applicant's bundle
//! carries none of it and the two sessions never meet in one page.

mod admin;
mod case;
mod desk;
mod inbox;
mod mrp;
mod password;
mod reports;
mod survey;

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::{A, ProtectedRoute, Route, Router, Routes};
use leptos_router::hooks::use_navigate;
use leptos_router::path;
use shared::form::FieldError;
use shared::i18n::{Lang, Msg};
use shared::review::{StaffLogin, StaffMe};

use crate::api;
use crate::i18n::{provide_lang, t, use_lang};

/// The signed-in staff member (none until known, or signed out).
#[derive(Clone, Copy, Debug)]
pub struct StaffSession {
    /// Who.
    pub me: RwSignal<Option<StaffMe>>,
    /// Whether the first check has answered.
    pub known: RwSignal<bool>,
}

fn use_staff() -> StaffSession {
    use_context::<StaffSession>().unwrap_or(StaffSession {
        me: RwSignal::new(None),
        known: RwSignal::new(true),
    })
}

/// Whether a signed-in area opens: none until the server has said who is
/// signed in; a member who must choose a new password first may open only
/// the password page.
fn may_enter(session: StaffSession, password_page: bool) -> Option<bool> {
    session.known.get().then(|| {
        session
            .me
            .get()
            .is_some_and(|me| password_page || !me.must_change_password)
    })
}

/// Where a member who may not enter goes: the password page when they must
/// choose one, else the sign-in.
fn turned_away(session: StaffSession) -> &'static str {
    match session.me.get_untracked() {
        Some(me) if me.must_change_password => "/staff/password",
        _ => "/staff",
    }
}

/// The whole staff app.
#[component]
pub fn StaffApp() -> impl IntoView {
    provide_lang();
    let session = StaffSession {
        me: RwSignal::new(None),
        known: RwSignal::new(false),
    };
    provide_context(session);
    spawn_local(async move {
        if let Ok(Some(me)) = api::get::<Option<StaffMe>>("/api/staff/session").await {
            session.me.set(Some(me));
        }
        session.known.set(true);
    });
    view! {
        <Router>
            <StaffHeader/>
            <main id="main" class="rq-main" tabindex="-1">
                {move || session.me.get().filter(|m| m.awaiting_confirmation).map(|_| view! {
                    <div class="rq-width">
                        <div class="rq-notice rq-notice--info" role="status" data-notice="awaiting-confirmation">
                            {t(Msg::StaffConfirmationRequired)}
                        </div>
                    </div>
                })}
                <Routes fallback=crate::ui::OtherApp>
                    <Route path=path!("/staff") view=StaffSignIn/>
                    <ProtectedRoute path=path!("/staff/inbox") view=inbox::InboxPage
                        condition=move || may_enter(session, false) redirect_path=move || turned_away(session)/>
                    <ProtectedRoute path=path!("/staff/cases/:id") view=case::CasePage
                        condition=move || may_enter(session, false) redirect_path=move || turned_away(session)/>
                    <ProtectedRoute path=path!("/staff/desk") view=desk::DeskPage
                        condition=move || may_enter(session, false) redirect_path=move || turned_away(session)/>
                    <ProtectedRoute path=path!("/staff/desk/:id") view=desk::IntakePage
                        condition=move || may_enter(session, false) redirect_path=move || turned_away(session)/>
                    <ProtectedRoute path=path!("/staff/admin") view=admin::AdminPage
                        condition=move || may_enter(session, false) redirect_path=move || turned_away(session)/>
                    <ProtectedRoute path=path!("/staff/reports") view=reports::ReportsPage
                        condition=move || may_enter(session, false) redirect_path=move || turned_away(session)/>
                    <ProtectedRoute path=path!("/staff/survey") view=survey::SurveyPage
                        condition=move || may_enter(session, false) redirect_path=move || turned_away(session)/>
                    <ProtectedRoute path=path!("/staff/password") view=password::PasswordPage
                        condition=move || may_enter(session, true) redirect_path=move || turned_away(session)/>
                </Routes>
            </main>
        </Router>
    }
}

fn role_label(role: shared::workflow::Role) -> Msg {
    role.label()
}

/// Whether the member works at a public service centre (their home is the
/// counter, not an inbox of cases).
fn at_centre(org: &str) -> bool {
    shared::catalog::catalog().is_service_centre(org)
}

/// Whether the member works at a counter: a centre's operator or head, or
/// the clerk of a provider that takes applications in person.
fn at_counter(me: &StaffMe) -> bool {
    use shared::workflow::Role;
    match shared::catalog::catalog().desk_channel(&me.provider) {
        Some(shared::catalog::Channel::ServiceCentre) => matches!(me.role, Role::Operator | Role::Head),
        Some(shared::catalog::Channel::Provider) => me.role == Role::Clerk,
        _ => false,
    }
}

#[component]
fn StaffHeader() -> impl IntoView {
    let session = use_staff();
    let navigate = use_navigate();
    let sign_out = move |_| {
        let navigate = navigate.clone();
        spawn_local(async move {
            let _ = api::send("DELETE", "/api/staff/sessions/current", None::<&()>).await;
            session.me.set(None);
            navigate("/staff", Default::default());
        });
    };
    let who = move || {
        use shared::workflow::Role;
        session.me.get().map(|m| {
            let role = role_label(m.role);
            view! {
                <span class="rq-account__who" data-staff=m.id.clone()>{m.name.clone()} " · " {t(role)}</span>
                {(!at_centre(&m.provider)).then(|| view! { <A href="/staff/inbox" attr:class="rq-account__link">{t(Msg::StaffInbox)}</A> })}
                {at_counter(&m).then(|| view! {
                    <A href="/staff/desk" attr:class="rq-account__link" attr:data-nav="desk">{t(Msg::StaffDesk)}</A>
                })}
                {(shared::reports::ReportScope::of(m.role).is_some() && !at_centre(&m.provider)).then(|| view! {
                    <A href="/staff/reports" attr:class="rq-account__link" attr:data-nav="reports">{t(Msg::StaffReports)}</A>
                })}
                {(matches!(m.role, Role::Head | Role::DeputyHead | Role::DepartmentHead) && !at_centre(&m.provider)).then(|| view! {
                    <A href="/staff/survey" attr:class="rq-account__link" attr:data-nav="survey">{t(Msg::StaffSurvey)}</A>
                })}
                <A href="/staff/password" attr:class="rq-account__link" attr:data-nav="password">{t(Msg::StaffPasswordLink)}</A>
                {(m.role == shared::workflow::Role::Admin).then(|| view! {
                    <A href="/staff/admin" attr:class="rq-account__link" attr:data-nav="admin">{t(Msg::AdminTitle)}</A>
                })}
                <button type="button" class="rq-account__link rq-link-button" data-nav="staff-sign-out" on:click=sign_out.clone()>
                    {t(Msg::StaffSignOut)}
                </button>
            }
        })
    };
    view! {
        <a class="rq-skip-link" href="#main">{t(Msg::AppSkip)}</a>
        <crate::ui::header::DemoBanner/>
        <header class="rq-header rq-header--staff">
            <div class="rq-header__inner rq-width">
                <A href="/staff/inbox" attr:class="rq-header__brand">
                    <span class="rq-header__logo" aria-hidden="true">"R"</span>
                    <span class="rq-header__name">{t(Msg::AppName)}</span>
                    <span class="rq-header__tagline">{t(Msg::StaffTitle)}</span>
                </A>
                <nav class="rq-account">{who}</nav>
                <crate::ui::header::LangSwitch/>
            </div>
        </header>
    }
}

/// `/staff`: the staff entry.
#[component]
fn StaffSignIn() -> impl IntoView {
    let lang = use_lang();
    let session = use_staff();
    let navigate = use_navigate();
    let login = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    {
        let navigate = navigate.clone();
        Effect::new(move |_| match session.me.get() {
            Some(me) if me.must_change_password => navigate("/staff/password", Default::default()),
            Some(me) if at_centre(&me.provider) => navigate("/staff/desk", Default::default()),
            Some(_) => navigate("/staff/inbox", Default::default()),
            None => {}
        });
    }
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        let body = StaffLogin {
            login: login.get_untracked(),
            password: password.get_untracked(),
        };
        spawn_local(async move {
            match api::call::<StaffMe>("POST", "/api/staff/sessions", Some(&body)).await {
                Ok(me) => {
                    problem.set(None);
                    session.me.set(Some(me));
                }
                Err(e) => problem.set(Some(e.message(lang.get_untracked()))),
            }
            busy.set(false);
        });
    };
    view! {
        <div class="rq-width rq-narrow">
            <h1 class="rq-heading-l">{t(Msg::StaffSignIn)}</h1>
            {move || problem.get().map(|p| view! { <div class="rq-error-summary" role="alert" tabindex="-1"><p>{p}</p></div> })}
            <form class="rq-form" on:submit=submit novalidate>
                <div class="rq-field">
                    <label class="rq-label" for="staff-login">{t(Msg::StaffLogin)}</label>
                    <input class="rq-input" id="staff-login" name="login" autocomplete="username" autocapitalize="none"
                        prop:value=move || login.get() on:input=move |ev| login.set(event_target_value(&ev))/>
                </div>
                <div class="rq-field">
                    <label class="rq-label" for="staff-password">{t(Msg::StaffPassword)}</label>
                    <input class="rq-input" id="staff-password" name="password" type="password" autocomplete="current-password"
                        prop:value=move || password.get() on:input=move |ev| password.set(event_target_value(&ev))/>
                </div>
                <button type="submit" class="rq-button" data-action="staff-sign-in" disabled=move || busy.get()>{t(Msg::StaffSubmit)}</button>
            </form>
        </div>
    }
}

/// Working minutes as "2 d 3 h" (a working day is eight hours here, as the
/// office calendar's).
pub(crate) fn working_time(minutes: i64, lang: Lang) -> String {
    let abs = minutes.abs();
    let (d, h, m) = (abs / 480, (abs % 480) / 60, abs % 60);
    let text = if d > 0 {
        format!("{d} {} {h} {}", Msg::StaffDays.text(lang), Msg::StaffHours.text(lang))
    } else if h > 0 {
        format!(
            "{h} {} {m} {}",
            Msg::StaffHours.text(lang),
            Msg::StaffMinutes.text(lang)
        )
    } else {
        format!("{m} {}", Msg::StaffMinutes.text(lang))
    };
    if minutes < 0 {
        format!("−{text} ({})", Msg::StaffOverdue.text(lang))
    } else {
        text
    }
}

/// The member's certificate whose EDS key is on this device, if any (none
/// until known): what a staff signature is made with.
pub(crate) fn held_certificate() -> LocalResource<Option<shared::api::CertificateView>> {
    let session = use_staff();
    LocalResource::new(move || {
        let me = session.me.get();
        async move {
            let me = me?;
            let local = crate::eds::serial(&format!("staff:{}", me.id)).await;
            let list = api::get::<Vec<shared::api::CertificateView>>("/api/staff/certificates")
                .await
                .unwrap_or_default();
            list.into_iter().find(|c| !local.is_empty() && c.serial == local)
        }
    })
}

/// The error of one field, where the field is, in the page's language —
/// the wizard's model ([`FieldError`]) for the back office too.
pub(crate) fn field_error(errors: RwSignal<Vec<FieldError>>, path: &'static str) -> impl IntoView {
    let lang = use_lang();
    move || {
        errors.with(|list| {
            list.iter()
                .find(|e| e.path == path)
                .map(|e| view! { <p class="rq-error-message" data-error=path>{e.plain(lang.get())}</p> })
        })
    }
}

/// A page's write, done: success clears its errors and bumps `reload`, so
/// the page reads its data again; a refusal is [`report`]ed.
pub(crate) fn settle<T>(
    outcome: &Result<T, api::ApiError>,
    lang: Lang,
    errors: RwSignal<Vec<FieldError>>,
    problem: RwSignal<Option<String>>,
    reload: RwSignal<u32>,
) {
    match outcome {
        Ok(_) => {
            errors.set(Vec::new());
            problem.set(None);
            reload.update(|n| *n += 1);
        }
        Err(e) => report(e, lang, errors, problem),
    }
}

/// Shows a refused request: field errors beside their fields, anything else
/// as the page's problem.
pub(crate) fn report(
    e: &api::ApiError,
    lang: Lang,
    errors: RwSignal<Vec<FieldError>>,
    problem: RwSignal<Option<String>>,
) {
    let fields = e.field_errors();
    if fields.is_empty() {
        problem.set(Some(e.message(lang)));
    } else {
        errors.set(fields);
    }
}
