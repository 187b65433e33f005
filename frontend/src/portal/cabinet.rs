//! The personal cabinet: my applications (search by number, status in plain
//! words, due date, drafts to continue or delete), my licences, my
//! notifications, and my EDS certificate.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::use_location;
use shared::api::{ApplicationSummary, CertificateView, LicenceSummary, Notification};
use shared::calendar::Timestamp;
use shared::catalog::catalog;
use shared::form::wizard_steps;
use shared::i18n::Msg;

use crate::api;
use crate::eds;
use crate::i18n::{t, use_lang};
use crate::session::{require_sign_in, use_session};
use crate::ui::form::PasswordAgain;
use crate::ui::format::{format_date, format_time};
use crate::ui::pages::Pages;

/// The tabs of the cabinet.
#[component]
fn Tabs() -> impl IntoView {
    let location = use_location();
    let tab = move |href: &'static str, msg: Msg| {
        let current = move || location.pathname.get() == href;
        view! {
            <li class="rq-tabs__item" class:rq-tabs__item--current=current>
                <A href=href attr:class="rq-tabs__link" attr:aria-current=move || current().then_some("page")>{t(msg)}</A>
            </li>
        }
    };
    view! {
        <nav class="rq-tabs" aria-label=t(Msg::CabinetHeading)>
            <ul class="rq-tabs__list">
                {tab("/cabinet", Msg::CabinetApplications)}
                {tab("/cabinet/licences", Msg::CabinetLicences)}
                {tab("/cabinet/notifications", Msg::CabinetNotifications)}
                {tab("/cabinet/certificate", Msg::CabinetCertificate)}
                {tab("/cabinet/sessions", Msg::CabinetSessions)}
            </ul>
        </nav>
    }
}

fn frame(content: impl IntoView + 'static) -> impl IntoView {
    let session = use_session();
    view! {
        <div class="rq-width rq-cabinet">
            <h1 class="rq-heading-l">{t(Msg::CabinetHeading)}</h1>
            <p class="rq-caption">
                {t(Msg::AuthSignedInAs)} " "
                {move || session.me.get().map(|m| format!("{} · {}", m.identifier, m.email))}
            </p>
            <Tabs/>
            {content}
        </div>
    }
}

/// Loads a list from the API into a signal.
fn load<T: serde::de::DeserializeOwned + Clone + Send + Sync + 'static>(
    url: &'static str,
) -> (RwSignal<Option<Vec<T>>>, RwSignal<Option<String>>) {
    let lang = use_lang();
    let list = RwSignal::new(None::<Vec<T>>);
    let problem = RwSignal::new(None::<String>);
    spawn_local(async move {
        match api::get::<Vec<T>>(url).await {
            Ok(l) => list.set(Some(l)),
            Err(e) if e.status() == 401 => {}
            Err(e) => problem.set(Some(e.message(lang.get_untracked()))),
        }
    });
    (list, problem)
}

/// `/cabinet`: my applications.
#[component]
pub fn ApplicationsPage() -> impl IntoView {
    require_sign_in();
    let lang = use_lang();
    let pages = Pages::<ApplicationSummary>::new();
    let (list, problem) = (pages.list, pages.problem);
    let search = RwSignal::new(String::new());
    let url = move || format!("/api/applications?q={}", api::encode(search.get_untracked().trim()));
    pages.fetch(url(), None);
    let delete = move |id: String| {
        if !window()
            .confirm_with_message(Msg::CabinetDeleteConfirm.text(lang.get_untracked()))
            .unwrap_or(false)
        {
            return;
        }
        spawn_local(async move {
            match api::send("DELETE", &format!("/api/applications/{id}"), None::<&()>).await {
                Ok(()) => list.update(|l| {
                    if let Some(l) = l {
                        l.retain(|a| a.id != id);
                    }
                }),
                Err(e) => problem.set(Some(e.message(lang.get_untracked()))),
            }
        });
    };
    let rows = move || {
        let l = lang.get();
        let Some(shown) = list.get() else {
            return view! { <p class="rq-loading">{Msg::AppLoading.text(l)}</p> }.into_any();
        };
        if shown.is_empty() && search.get_untracked().trim().is_empty() {
            return view! {
                <p class="rq-empty">{Msg::CabinetNoApplications.text(l)} " " <A href="/">{Msg::NavServices.text(l)}</A></p>
            }
            .into_any();
        }
        if shown.is_empty() {
            return view! { <p class="rq-empty">{Msg::CabinetNothingFound.text(l)}</p> }.into_any();
        }
        view! {
            <ul class="rq-cards" data-list="applications">
                {shown
                    .into_iter()
                    .map(|a| {
                        let service = catalog().service(&a.service);
                        let title = service.map(|s| s.short_title.get(l).to_owned()).unwrap_or_default();
                        let editable = a.status.is_editable();
                        let first_step = service
                            .and_then(|s| wizard_steps(s, a.request_type).first().map(|w| w.slug().to_owned()))
                            .unwrap_or_default();
                        let href = if editable {
                            format!("/applications/{}/{first_step}", a.id)
                        } else {
                            format!("/applications/{}/sent", a.id)
                        };
                        let id = a.id.clone();
                        view! {
                            <li class="rq-card" data-application=a.id.clone() data-status=format!("{:?}", a.status).to_lowercase()>
                                <div class="rq-card__head">
                                    <h2 class="rq-heading-s">{title}</h2>
                                    <span class="rq-tag" class:rq-tag--grey=editable>{a.status.label().text(l)}</span>
                                </div>
                                <p class="rq-card__meta">
                                    {a.request_type.label().text(l)} " · "
                                    {a.number.clone().unwrap_or_else(|| Msg::CabinetNoNumber.text(l).to_owned())}
                                </p>
                                <dl class="rq-card__facts">
                                    <div><dt>{Msg::CabinetUpdated.text(l)}</dt><dd>{format_time(Timestamp::from_unix(a.updated_at))}</dd></div>
                                    {a.due_at.map(|d| view! {
                                        <div><dt>{Msg::CabinetDue.text(l)}</dt><dd data-due=true>{format_time(Timestamp::from_unix(d))}</dd></div>
                                    })}
                                </dl>
                                <div class="rq-card__actions">
                                    <A href=href attr:class="rq-button rq-button--small" attr:data-action="open">
                                        {if editable { Msg::CabinetContinue.text(l) } else { Msg::CabinetOpen.text(l) }}
                                    </A>
                                    {editable.then(|| view! {
                                        <button type="button" class="rq-button rq-button--warning rq-button--small" data-action="delete"
                                            on:click=move |_| delete(id.clone())>
                                            {Msg::CommonDelete.text(l)}
                                        </button>
                                    })}
                                </div>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        }
        .into_any()
    };
    frame(view! {
        {move || problem.get().map(|p| view! { <div class="rq-notice rq-notice--error">{p}</div> })}
        <div class="rq-form-group">
            <label class="rq-label" for="search">{t(Msg::CabinetSearch)}</label>
            <input class="rq-input" id="search" type="search" autocomplete="off"
                prop:value=move || search.get() on:input=move |ev| { search.set(event_target_value(&ev)); pages.fetch(url(), None); }/>
        </div>
        {rows}
        {pages.more(url)}
    })
}

/// `/cabinet/licences`.
#[component]
pub fn LicencesPage() -> impl IntoView {
    require_sign_in();
    let lang = use_lang();
    let pages = Pages::<LicenceSummary>::new();
    let (list, problem) = (pages.list, pages.problem);
    pages.fetch("/api/licences".to_owned(), None);
    frame(view! {
        {move || problem.get().map(|p| view! { <div class="rq-notice rq-notice--error">{p}</div> })}
        {move || {
            let l = lang.get();
            match list.get() {
                None => view! { <p class="rq-loading">{Msg::AppLoading.text(l)}</p> }.into_any(),
                Some(v) if v.is_empty() => view! { <p class="rq-empty">{Msg::CabinetNoLicences.text(l)}</p> }.into_any(),
                Some(v) => view! {
                    <ul class="rq-cards" data-list="licences">
                        {v.into_iter().map(|lic| {
                            let title = catalog().service(&lic.service).map(|s| s.short_title.get(l).to_owned()).unwrap_or_default();
                            view! {
                                <li class="rq-card" data-licence=lic.number.clone()>
                                    <div class="rq-card__head"><h2 class="rq-heading-s">{title}</h2><span class="rq-tag">{lic.status.label().text(l)}</span></div>
                                    <p class="rq-card__meta">{shared::kinds::ResultDocument::of_number(&lic.number).label().text(l)} " " {lic.number.clone()} " · " {format_date(Timestamp::from_unix(lic.issued_at).local_date())}</p>
                                    {(!lic.annexes.is_empty()).then(|| view! {
                                        <p class="rq-card__meta" data-annexes="">{Msg::CabinetAnnexes.text(l)} ": "
                                            {lic.annexes.iter().map(|n| view! { <a href=format!("/verify?number={n}") data-annex=n.clone()>{n.clone()}</a> " " }).collect_view()}
                                        </p>
                                    })}
                                    <p class="rq-card__actions">
                                        <a href=format!("/api/applications/{}/result.pdf", lic.application_id) target="_blank" rel="noopener" data-licence-pdf=lic.number.clone()>{Msg::CabinetResultPdf.text(l)}</a>
                                        " · "
                                        <a href=format!("/verify?number={}", lic.number)>{Msg::RegistryVerifyTitle.text(l)}</a>
                                    </p>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any(),
            }
        }}
        {pages.more(|| "/api/licences".to_owned())}
    })
}

/// `/cabinet/notifications`.
#[component]
pub fn NotificationsPage() -> impl IntoView {
    require_sign_in();
    let lang = use_lang();
    let pages = Pages::<Notification>::new();
    let (list, problem) = (pages.list, pages.problem);
    pages.fetch("/api/notifications".to_owned(), None);
    frame(view! {
        {move || problem.get().map(|p| view! { <div class="rq-notice rq-notice--error">{p}</div> })}
        {move || {
            let l = lang.get();
            match list.get() {
                None => view! { <p class="rq-loading">{Msg::AppLoading.text(l)}</p> }.into_any(),
                Some(v) if v.is_empty() => view! { <p class="rq-empty">{Msg::CabinetNoNotifications.text(l)}</p> }.into_any(),
                Some(v) => view! {
                    <ul class="rq-notifications" data-list="notifications">
                        {v.into_iter().map(|n| {
                            let mut text = n.message.text(l).to_owned();
                            for (k, value) in &n.args {
                                // A moment (date and time), or a date as notices before it had.
                                let value = if k == "date" {
                                    value
                                        .parse::<i64>()
                                        .map(|t| format_time(Timestamp::from_unix(t)))
                                        .or_else(|_| value.parse().map(format_date))
                                        .unwrap_or_else(|_| value.clone())
                                } else {
                                    value.clone()
                                };
                                text = text.replace(&format!("{{{k}}}"), &value);
                            }
                            view! {
                                <li class="rq-notification" data-message=n.message.key()>
                                    <span class="rq-notification__time">{format_time(Timestamp::from_unix(n.at))}</span>
                                    <span>{text}</span>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any(),
            }
        }}
        {pages.more(|| "/api/notifications".to_owned())}
    })
}

/// `/cabinet/certificate`: see, revoke and renew the EDS certificate.
#[component]
pub fn CertificatePage() -> impl IntoView {
    require_sign_in();
    let lang = use_lang();
    let session = use_session();
    let list = RwSignal::new(None::<Vec<CertificateView>>);
    let device = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let account = move || {
        session
            .me
            .with_untracked(|m| m.as_ref().map(|m| m.identifier.clone()).unwrap_or_default())
    };
    let refresh = move || {
        spawn_local(async move {
            device.set(eds::serial(&account()).await);
            match api::get::<Vec<CertificateView>>("/api/certificates").await {
                Ok(l) => list.set(Some(l)),
                Err(e) if e.status() == 401 => {}
                Err(e) => problem.set(Some(e.message(lang.get_untracked()))),
            }
        });
    };
    Effect::new(move |_| {
        if session.me.with(Option::is_some) {
            refresh();
        }
    });
    let password = RwSignal::new(String::new());
    let password_error = RwSignal::new(None::<String>);
    let renew = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        busy.set(true);
        problem.set(None);
        password_error.set(None);
        spawn_local(async move {
            let acc = account();
            match eds::obtain_certificate(&acc, password.get_untracked(), lang.get_untracked()).await {
                Ok(_) => password.set(String::new()),
                Err(eds::CertificateProblem::Password(m)) => password_error.set(Some(m)),
                Err(eds::CertificateProblem::Other(m)) => problem.set(Some(m)),
            }
            busy.set(false);
            refresh();
        });
    };
    let revoke = move |serial: String| {
        spawn_local(async move {
            let url = format!("/api/certificates/{}/revocation", api::encode(&serial));
            if let Err(e) = api::send("POST", &url, None::<&()>).await {
                problem.set(Some(e.message(lang.get_untracked())));
            }
            refresh();
        });
    };
    let now = move || crate::ui::format::now().unix();
    frame(view! {
        <p>{t(Msg::CertIntro)}</p>
        {move || problem.get().map(|p| view! { <div class="rq-notice rq-notice--error">{p}</div> })}
        {move || {
            let l = lang.get();
            match list.get() {
                None => view! { <p class="rq-loading">{Msg::AppLoading.text(l)}</p> }.into_any(),
                Some(v) if v.is_empty() => view! { <p class="rq-empty">{Msg::CertNone.text(l)}</p> }.into_any(),
                Some(v) => v.into_iter().map(|c| {
                    let (status, key) = if c.revoked_at.is_some() {
                        (Msg::CertStatusRevoked, "revoked")
                    } else if now() > c.not_after {
                        (Msg::CertStatusExpired, "expired")
                    } else {
                        (Msg::CertStatusValid, "valid")
                    };
                    let here = c.serial == device.get();
                    let serial = c.serial.clone();
                    view! {
                        <section class="rq-summary-card" data-certificate=c.serial.clone() data-status=key>
                            <dl class="rq-summary-list">
                                <div class="rq-summary-list__row"><dt>{Msg::CertSubject.text(l)}</dt><dd>{c.subject.clone()} " · " {c.identifier.clone()}</dd></div>
                                <div class="rq-summary-list__row"><dt>{Msg::CertSerial.text(l)}</dt><dd><code>{c.serial.clone()}</code></dd></div>
                                <div class="rq-summary-list__row"><dt>{Msg::CertValid.text(l)}</dt><dd>
                                    {format_date(Timestamp::from_unix(c.not_before).local_date())} " – " {format_date(Timestamp::from_unix(c.not_after).local_date())}
                                </dd></div>
                                <div class="rq-summary-list__row"><dt>{Msg::CabinetStatus.text(l)}</dt><dd>
                                    <span class="rq-tag" class:rq-tag--grey=key != "valid">{status.text(l)}</span>
                                    {(key == "valid").then(|| view! { " " <span class="rq-hint">{if here { Msg::CertKeyHere.text(l) } else { Msg::CertKeyElsewhere.text(l) }}</span> })}
                                </dd></div>
                            </dl>
                            {(key == "valid").then(|| view! {
                                <button type="button" class="rq-button rq-button--warning rq-button--small" data-action="revoke"
                                    on:click=move |_| revoke(serial.clone())>{Msg::CertRevoke.text(l)}</button>
                            })}
                        </section>
                    }
                }).collect_view().into_any(),
            }
        }}
        <form data-form="renew" novalidate on:submit=renew>
            <PasswordAgain value={password} error={password_error.into()}/>
            <button type="submit" class="rq-button rq-button--secondary" data-action="renew" disabled=move || busy.get()>
                {t(Msg::CertRenew)}
            </button>
        </form>
    })
}

/// `/cabinet/sessions`: where the account is open, and signing out everywhere.
#[component]
pub fn SessionsPage() -> impl IntoView {
    require_sign_in();
    let lang = use_lang();
    let session = use_session();
    let navigate = leptos_router::hooks::use_navigate();
    let (list, problem) = load::<shared::api::SessionView>("/api/me/sessions");
    let everywhere = move |_| {
        let navigate = navigate.clone();
        spawn_local(async move {
            match api::send("DELETE", "/api/me/sessions", None::<&()>).await {
                Ok(()) => {
                    session.me.set(None);
                    navigate("/sign-in", Default::default());
                }
                Err(e) => problem.set(Some(e.message(lang.get_untracked()))),
            }
        });
    };
    let time = |secs: i64| crate::ui::format::format_time(Timestamp::from_unix(secs));
    frame(view! {
        <p>{t(Msg::SessionsIntro)}</p>
        {move || problem.get().map(|p| view! { <div class="rq-notice rq-notice--error">{p}</div> })}
        {move || {
            let l = lang.get();
            list.get().map(|v| v.into_iter().map(|s| view! {
                <section class="rq-summary-card" data-session=if s.current { "current" } else { "other" }>
                    <dl class="rq-summary-list">
                        <div class="rq-summary-list__row"><dt>{Msg::SessionsStarted.text(l)}</dt><dd>
                            {time(s.created_at)}
                            {s.current.then(|| view! { " " <span class="rq-tag">{Msg::SessionsThisDevice.text(l)}</span> })}
                        </dd></div>
                        <div class="rq-summary-list__row"><dt>{Msg::SessionsLastUsed.text(l)}</dt><dd>{time(s.last_seen_at)}</dd></div>
                    </dl>
                </section>
            }).collect_view())
        }}
        <button type="button" class="rq-button rq-button--warning" data-action="sign-out-everywhere" on:click=everywhere>
            {t(Msg::SessionsSignOutEverywhere)}
        </button>
    })
}
