//! The public licence register: search by number, holder, IIN/BIN, service
//! and status; and the verification page a licence's QR code opens.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_query_map;
use shared::calendar::Timestamp;
use shared::catalog::catalog;
use shared::i18n::{Lang, Msg};
use shared::kinds::ResultDocument;
use shared::review::{AnnexRecord, LicenceRecord, Verification};
use shared::workflow::LicenceStatus;

use crate::api;
use crate::i18n::{t, use_lang};
use crate::ui::format::format_date;
use crate::ui::pages::Pages;

fn service_name(code: &str, lang: Lang) -> String {
    catalog()
        .service(code)
        .map(|s| s.short_title.get(lang).to_owned())
        .unwrap_or_else(|| code.to_owned())
}

fn provider_name(code: &str, lang: Lang) -> String {
    catalog()
        .providers
        .get(code)
        .map(|p| p.name.get(lang).to_owned())
        .unwrap_or_else(|| code.to_owned())
}

fn status_code(s: LicenceStatus) -> &'static str {
    match s {
        LicenceStatus::Issued => "issued",
        LicenceStatus::Reregistered => "reregistered",
        LicenceStatus::Suspended => "suspended",
        LicenceStatus::Renewed => "renewed",
        LicenceStatus::Terminated => "terminated",
    }
}

fn licence_card(l: LicenceRecord, lang: Lang) -> impl IntoView {
    let valid = l.status.is_valid();
    let document = l.document();
    // A certificate (seed 001) has a recipient and an issuing body, not a
    // licensee and a licensor.
    let (holder, issuer) = match document {
        ResultDocument::Licence => (Msg::PdfHolder, Msg::PdfProvider),
        ResultDocument::Certificate => (Msg::PdfRecipient, Msg::PdfIssuer),
    };
    view! {
        <div class=if valid { "rq-notice rq-notice--success" } else { "rq-notice rq-notice--error" } data-licence-status=status_code(l.status)>
            <p><strong>{if valid { Msg::RegistryValid.text(lang) } else { Msg::RegistryNotValid.text(lang) }}</strong></p>
            <p data-number="" data-document=format!("{document:?}").to_lowercase()>{document.label().text(lang)} " " {l.number.clone()} " · " {l.status.label().text(lang)}</p>
        </div>
        <dl class="rq-summary-list">
            <div class="rq-summary-list__row"><dt>{holder.text(lang)}</dt><dd>{l.holder_name.clone()} " · " {l.holder_id.clone()}</dd></div>
            <div class="rq-summary-list__row"><dt>{Msg::PdfActivity.text(lang)}</dt><dd>{service_name(&l.service, lang)}</dd></div>
            <div class="rq-summary-list__row"><dt>{issuer.text(lang)}</dt><dd>{provider_name(&l.provider, lang)}</dd></div>
            <div class="rq-summary-list__row"><dt>{Msg::PdfIssued.text(lang)}</dt><dd>{format_date(Timestamp::from_unix(l.issued_at).local_date())}</dd></div>
            <div class="rq-summary-list__row"><dt>{Msg::PdfValidUntil.text(lang)}</dt><dd>{l.valid_until.map(format_date).unwrap_or_else(|| Msg::PdfIndefinite.text(lang).to_owned())}</dd></div>
            {l.superseded_by.clone().map(|n| view! {
                <div class="rq-summary-list__row"><dt>{Msg::RegistrySupersededBy.text(lang)}</dt><dd><a href=format!("/verify?number={n}")>{n.clone()}</a></dd></div>
            })}
            <div class="rq-summary-list__row"><dt>{Msg::PdfSigned.text(lang)}</dt><dd>{l.signed_by.clone()} " · " {l.certificate_serial.clone()}</dd></div>
            {(!l.annexes.is_empty()).then(|| view! {
                <div class="rq-summary-list__row"><dt>{Msg::PdfAnnexes.text(lang)}</dt><dd>{annex_links(&l.annexes)}</dd></div>
            })}
        </dl>
    }
}

/// Links to a licence's annexes, each verified on its own.
fn annex_links(annexes: &[AnnexRecord]) -> impl IntoView + use<> {
    annexes
        .iter()
        .map(|a| view! { <a class="rq-annex-link" data-annex=a.number.clone() href=format!("/verify?number={}", a.number)>{a.number.clone()}</a> " " })
        .collect_view()
}

/// An annex verified: valid while its licence is, with what it lists and
/// the licence it belongs to.
fn annex_card(a: AnnexRecord, l: LicenceRecord, lang: Lang) -> impl IntoView {
    let valid = l.status.is_valid();
    view! {
        <div class=if valid { "rq-notice rq-notice--success" } else { "rq-notice rq-notice--error" } data-annex-status=status_code(l.status)>
            <p><strong>{if valid { Msg::RegistryValid.text(lang) } else { Msg::RegistryNotValid.text(lang) }}</strong></p>
            <p data-number="" data-document="annex">{Msg::PdfAnnex.text(lang)} " " {a.number.clone()}</p>
        </div>
        <dl class="rq-summary-list">
            <div class="rq-summary-list__row"><dt>{Msg::PdfAnnexOf.text(lang)}</dt><dd><a href=format!("/verify?number={}", l.number)>{l.number.clone()}</a> " · " {l.status.label().text(lang)}</dd></div>
            <div class="rq-summary-list__row"><dt>{Msg::PdfHolder.text(lang)}</dt><dd>{l.holder_name.clone()} " · " {l.holder_id.clone()}</dd></div>
            <div class="rq-summary-list__row"><dt>{Msg::PdfActivity.text(lang)}</dt><dd>{service_name(&l.service, lang)}</dd></div>
            <div class="rq-summary-list__row"><dt>{Msg::PdfAnnexActivities.text(lang)}</dt><dd data-activities="">{a.activities.clone()}</dd></div>
            <div class="rq-summary-list__row"><dt>{Msg::PdfIssued.text(lang)}</dt><dd>{format_date(Timestamp::from_unix(a.issued_at).local_date())}</dd></div>
            {a.duplicate_of.clone().map(|n| view! {
                <div class="rq-summary-list__row"><dt>{Msg::RegistryDuplicateOf.text(lang)}</dt><dd><a href=format!("/verify?number={n}")>{n.clone()}</a></dd></div>
            })}
            <div class="rq-summary-list__row"><dt>{Msg::PdfSigned.text(lang)}</dt><dd>{a.signed_by.clone()} " · " {a.certificate_serial.clone()}</dd></div>
        </dl>
    }
}

/// `/verify?number=…`: what the QR code on a licence opens;
/// `/verify?code=…`: what the QR code on a refusal opens.
#[component]
pub fn VerifyPage() -> impl IntoView {
    let lang = use_lang();
    let query = use_query_map();
    let result = RwSignal::new(None::<Result<Verification, String>>);
    Effect::new(move |_| {
        let q = query.get();
        let url = match (q.get("number"), q.get("code")) {
            (Some(number), _) => format!("/api/registry/verify?number={}", api::encode(&number)),
            (None, code) => format!("/api/registry/verify?code={}", api::encode(&code.unwrap_or_default())),
        };
        spawn_local(async move {
            let r = api::get::<Verification>(&url).await;
            result.set(Some(r.map_err(|e| {
                if e.status() == 404 {
                    Msg::RegistryNotFound.text(lang.get_untracked()).to_owned()
                } else {
                    e.message(lang.get_untracked())
                }
            })));
        });
    });
    view! {
        <div class="rq-width rq-narrow">
            <h1 class="rq-heading-l">{t(Msg::RegistryVerifyTitle)}</h1>
            {move || {
                let l = lang.get();
                result.get().map(|r| match r {
                    Ok(Verification::Licence(lic)) => licence_card(*lic, l).into_any(),
                    Ok(Verification::Annex { annex, licence }) => annex_card(annex, *licence, l).into_any(),
                    Ok(Verification::Refusal(r)) => view! {
                        <div class="rq-notice rq-notice--info" data-refusal="">
                            <p><strong>{Msg::RegistryRefusal.text(l)}</strong></p>
                            <p>{r.application.clone()} " · " {service_name(&r.service, l)} " · " {provider_name(&r.provider, l)} " · " {format_date(Timestamp::from_unix(r.signed_at).local_date())}</p>
                        </div>
                    }.into_any(),
                    Err(m) => view! { <div class="rq-notice rq-notice--error" role="alert" data-not-found="">{m}</div> }.into_any(),
                })
            }}
            <p><a href="/registry">{t(Msg::RegistryTitle)}</a></p>
        </div>
    }
}

/// `/registry`: search the public register, a page at a time.
#[component]
pub fn RegistryPage() -> impl IntoView {
    let lang = use_lang();
    let text = RwSignal::new(String::new());
    let service = RwSignal::new(String::new());
    let status = RwSignal::new(String::new());
    let document = RwSignal::new(String::new());
    let pages = Pages::<LicenceRecord>::new();
    let found = pages.list;
    let url = move || {
        let mut parts = Vec::new();
        if !text.get_untracked().trim().is_empty() {
            parts.push(format!("q={}", api::encode(text.get_untracked().trim())));
        }
        if !service.get_untracked().is_empty() {
            parts.push(format!("service={}", service.get_untracked()));
        }
        if !status.get_untracked().is_empty() {
            parts.push(format!("status={}", status.get_untracked()));
        }
        if !document.get_untracked().is_empty() {
            parts.push(format!("document={}", document.get_untracked()));
        }
        format!("/api/registry?{}", parts.join("&"))
    };
    let search = move || pages.fetch(url(), None);
    search();
    view! {
        <div class="rq-width">
            <h1 class="rq-heading-l">{t(Msg::RegistryTitle)}</h1>
            <form class="rq-filters" on:submit=move |ev: leptos::ev::SubmitEvent| { ev.prevent_default(); search(); }>
                <div class="rq-field rq-field--grow">
                    <label class="rq-label" for="registry-q">{t(Msg::RegistrySearch)}</label>
                    <input class="rq-input" id="registry-q" type="search" on:input=move |ev| text.set(event_target_value(&ev))/>
                </div>
                <div class="rq-field">
                    <label class="rq-label" for="registry-document">{t(Msg::RegistryDocument)}</label>
                    <select class="rq-select" id="registry-document" on:change=move |ev| document.set(event_target_value(&ev))>
                        <option value="">{t(Msg::DocumentLicences)}</option>
                        <option value="certificate">{t(Msg::DocumentCertificates)}</option>
                    </select>
                </div>
                <div class="rq-field">
                    <label class="rq-label" for="registry-service">{t(Msg::StaffFilterService)}</label>
                    <select class="rq-select" id="registry-service" on:change=move |ev| service.set(event_target_value(&ev))>
                        <option value="">{t(Msg::StaffAny)}</option>
                        {move || catalog().services.iter().map(|s| view! { <option value=s.code.clone()>{s.short_title.get(lang.get()).to_owned()}</option> }).collect_view()}
                    </select>
                </div>
                <div class="rq-field">
                    <label class="rq-label" for="registry-status">{t(Msg::RegistryStatus)}</label>
                    <select class="rq-select" id="registry-status" on:change=move |ev| status.set(event_target_value(&ev))>
                        <option value="">{t(Msg::StaffAny)}</option>
                        {move || [LicenceStatus::Issued, LicenceStatus::Reregistered, LicenceStatus::Suspended, LicenceStatus::Renewed, LicenceStatus::Terminated]
                            .into_iter().map(|s| view! { <option value=status_code(s)>{s.label().text(lang.get())}</option> }).collect_view()}
                    </select>
                </div>
                <button type="submit" class="rq-button rq-button--secondary">{t(Msg::StaffApply)}</button>
            </form>
            {move || {
                let l = lang.get();
                found.get().map(|list| if list.is_empty() {
                    view! { <p class="rq-empty">{t(Msg::RegistryNone)}</p> }.into_any()
                } else {
                    view! {
                        <ul class="rq-registry">
                            {list.into_iter().map(|lic| view! {
                                <li class="rq-registry__item" data-licence=lic.number.clone()>
                                    <a href=format!("/verify?number={}", lic.number)>{lic.number.clone()}</a>
                                    " · " {lic.holder_name.clone()} " · " {lic.holder_id.clone()} " · " {service_name(&lic.service, l)}
                                    " · " <strong>{lic.status.label().text(l)}</strong>
                                    {(!lic.annexes.is_empty()).then(|| view! {
                                        <span class="rq-registry__annexes">" · " {Msg::PdfAnnexes.text(l)} ": " {annex_links(&lic.annexes)}</span>
                                    })}
                                </li>
                            }).collect_view()}
                        </ul>
                    }.into_any()
                })
            }}
            {pages.more(url)}
        </div>
    }
}
