//! `/staff/cases/:id`: everything the applicant sent (read-only, files
//! previewed in the page), the payment, the applicant's signature (checked
//! again on request), the chain with each step's deadline and whether it
//! was met, the timeline, and the forms of the actions the member may take
//! now; the head signs the decision here with the EDS key on this device.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_params_map;
use shared::calendar::Timestamp;
use shared::catalog::catalog;
use shared::date::Date;
use shared::i18n::{Lang, Msg};
use shared::review::{
    CaseAction, CaseView, DecisionOutcome, InspectionReport, LicenceChange, LicenceRecord, SignatureReport, StaffMember,
};
use shared::workflow::{LicenceAction, RefusalGround, Role, SignatureCheck};

use super::inbox::step_name;
use super::{field_error, require_staff, role_label, use_staff};
use crate::api;
use crate::eds;
use crate::i18n::{t, use_lang};
use crate::ui::form::password_again;
use crate::ui::format::format_time;

fn when(at: Option<i64>) -> String {
    at.map(|a| format_time(Timestamp::from_unix(a)))
        .unwrap_or_else(|| "—".to_owned())
}

fn base64_bytes(text: &str) -> Option<Vec<u8>> {
    let binary = web_sys::window()?.atob(text).ok()?;
    binary.chars().map(|c| u8::try_from(u32::from(c)).ok()).collect()
}

fn signature_view(r: SignatureReport, lang: Lang) -> impl IntoView {
    let valid = r.check == SignatureCheck::Valid;
    let verdict = if valid {
        Msg::StaffSigValid
    } else {
        Msg::StaffSigInvalid
    };
    view! {
        <div class=if valid { "rq-notice rq-notice--success" } else { "rq-notice rq-notice--error" } data-signature=format!("{:?}", r.check).to_lowercase()>
            <p><strong>{verdict.text(lang)}</strong></p>
            <p>{r.subject.clone()} " · " {r.identifier.clone()}</p>
            <p class="rq-caption">{format!("{} {} · {} – {} · {}", Msg::PdfCertificate.text(lang), r.serial, when(Some(r.not_before)), when(Some(r.not_after)), when(Some(r.signed_at)))}</p>
        </div>
    }
}

/// The case page.
#[component]
pub fn CasePage() -> impl IntoView {
    require_staff();
    let lang = use_lang();
    let session = use_staff();
    let params = use_params_map();
    let id = move || params.get().get("id").unwrap_or_default();
    let case = RwSignal::new(None::<CaseView>);
    let problem = RwSignal::new(None::<String>);
    let errors = RwSignal::new(Vec::<(String, String)>::new());
    let busy = RwSignal::new(false);
    let members = RwSignal::new(Vec::<StaffMember>::new());
    Effect::new(move |_| {
        let id = id();
        spawn_local(async move {
            match api::get::<CaseView>(&format!("/api/staff/cases/{id}")).await {
                Ok(c) => case.set(Some(c)),
                Err(e) => problem.set(Some(e.message(lang.get_untracked()))),
            }
            if let Ok(m) = api::get::<Vec<StaffMember>>("/api/staff/members").await {
                members.set(m);
            }
        });
    });
    let send = move |action: CaseAction| {
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        let id = id();
        spawn_local(async move {
            match api::call::<CaseView>("POST", &format!("/api/staff/cases/{id}/actions"), Some(&action)).await {
                Ok(c) => {
                    errors.set(Vec::new());
                    problem.set(None);
                    case.set(Some(c));
                }
                Err(e) => {
                    let l = lang.get_untracked();
                    super::report(&e, l, errors, problem);
                }
            }
            busy.set(false);
        });
    };
    // The member's certificate whose key is on this device; without one,
    // signing first gets one, with the password given again.
    let held = RwSignal::new(None::<Option<shared::api::CertificateView>>);
    Effect::new(move |_| {
        let Some(me) = session.me.get() else { return };
        spawn_local(async move {
            let local = eds::serial(&format!("staff:{}", me.id)).await;
            let list = api::get::<Vec<shared::api::CertificateView>>("/api/staff/certificates")
                .await
                .unwrap_or_default();
            held.set(Some(list.into_iter().find(|c| !local.is_empty() && c.serial == local)));
        });
    });
    let password = RwSignal::new(String::new());
    let password_error = RwSignal::new(None::<String>);
    let sign = move || {
        let Some(c) = case.get_untracked() else { return };
        let Some(me) = session.me.get_untracked() else { return };
        let Some(bytes) = c.decision.as_ref().and_then(|d| base64_bytes(&d.to_sign)) else {
            return;
        };
        busy.set(true);
        password_error.set(None);
        spawn_local(async move {
            let l = lang.get_untracked();
            let account = format!("staff:{}", me.id);
            let certificate = match held.get_untracked().flatten() {
                Some(c) => Ok(c),
                None => {
                    let pw = password.get_untracked();
                    eds::obtain_certificate_from("/api/staff/certificates", &account, pw, l).await
                }
            };
            if let Ok(c) = &certificate {
                password.set(String::new());
                held.set(Some(Some(c.clone())));
            }
            let signed = match certificate {
                Ok(cert) => eds::sign(&account, &bytes)
                    .await
                    .map(|s| (cert.der, s))
                    .map_err(|_| eds::CertificateProblem::Other(Msg::CertUnsupported.text(l).to_owned())),
                Err(m) => Err(m),
            };
            busy.set(false);
            match signed {
                Ok((certificate, signature)) => send(CaseAction::SignDecision { certificate, signature }),
                Err(eds::CertificateProblem::Password(m)) => password_error.set(Some(m)),
                Err(eds::CertificateProblem::Other(m)) => problem.set(Some(m)),
            }
        });
    };
    let recheck = move |_| {
        let id = id();
        spawn_local(async move {
            if let Ok(Some(r)) = api::call::<Option<SignatureReport>>(
                "POST",
                &format!("/api/staff/cases/{id}/signature-check"),
                None::<&()>,
            )
            .await
            {
                case.update(|c| {
                    if let Some(c) = c {
                        c.signature = Some(r);
                    }
                });
            }
        });
    };

    // The action forms' state.
    let note = RwSignal::new(String::new());
    let to = RwSignal::new(String::new());
    let missing = RwSignal::new(Vec::<String>::new());
    let positive = RwSignal::new(true);
    let inspection = RwSignal::new(InspectionReport {
        compliant: true,
        ..InspectionReport::default()
    });
    let refuse = RwSignal::new(false);
    let valid_until = RwSignal::new(String::new());
    let annex = RwSignal::new(String::new());
    let grounds = RwSignal::new(Vec::<RefusalGround>::new());
    let explanation = RwSignal::new(String::new());
    let reason = RwSignal::new(String::new());
    let change_licence = move |number: String, action: LicenceAction| {
        spawn_local(async move {
            let body = LicenceChange {
                number,
                action,
                reason: reason.get_untracked(),
            };
            match api::call::<LicenceRecord>("POST", "/api/staff/licences/status", Some(&body)).await {
                Ok(lic) => {
                    errors.set(Vec::new());
                    case.update(|c| {
                        if let Some(c) = c {
                            c.licence = Some(lic);
                        }
                    });
                }
                Err(e) => {
                    let l = lang.get_untracked();
                    super::report(&e, l, errors, problem);
                }
            }
        });
    };
    let textarea = move |id: &'static str, label: Msg, value: RwSignal<String>| {
        view! {
            <div class="rq-field">
                <label class="rq-label" for=id>{t(label)}</label>
                {field_error(errors, id)}
                <textarea class="rq-textarea" id=id rows="3" prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev))></textarea>
            </div>
        }
    };

    let actions = move || {
        let c = case.get()?;
        let l = lang.get();
        if c.actions.is_empty() {
            return Some(view! { <p class="rq-caption" data-actions="none">{t(Msg::StaffNoActions)}</p> }.into_any());
        }
        let has = |a: &str| c.actions.iter().any(|x| x == a);
        let service = catalog().service(&c.form.service);
        let documents: Vec<(String, String)> = service
            .map(|s| {
                s.documents_for(c.form.request_type)
                    .map(|d| (d.id.clone(), d.title.get(l).to_owned()))
                    .collect()
            })
            .unwrap_or_default();
        let colleagues: Vec<StaffMember> = members
            .get()
            .into_iter()
            .filter(|m| matches!(m.role, Role::DeputyHead | Role::DepartmentHead | Role::Executor))
            .collect();
        let textarea = move |id: &'static str, label: Msg, value: RwSignal<String>| {
            view! {
                <div class="rq-field">
                    <label class="rq-label" for=id>{t(label)}</label>
                    {field_error(errors, id)}
                    <textarea class="rq-textarea" id=id rows="3" prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev))></textarea>
                </div>
            }
        };
        Some(view! {
            <div class="rq-actions-panel">
                {has("register").then(|| view! {
                    <button type="button" class="rq-button" data-action="register" disabled=move || busy.get() on:click=move |_| send(CaseAction::Register)>{t(Msg::StaffActRegister)}</button>
                })}
                {has("resolve").then(|| view! {
                    <form class="rq-action" data-form="resolve" on:submit=move |ev: leptos::ev::SubmitEvent| {
                        ev.prevent_default();
                        send(CaseAction::Resolve { to: Some(to.get_untracked()).filter(|s| !s.is_empty()), note: note.get_untracked() });
                    }>
                        <h3 class="rq-heading-s">{t(Msg::StaffActResolve)}</h3>
                        {textarea("resolution.note", Msg::StaffResolutionNote, note)}
                        <div class="rq-field">
                            <label class="rq-label" for="resolution.to">{t(Msg::StaffResolutionTo)}</label>
                            {field_error(errors, "resolution.to")}
                            <select class="rq-select" id="resolution.to" on:change=move |ev| to.set(event_target_value(&ev))>
                                <option value="">{Msg::StaffRolePool.text(l)}</option>
                                {colleagues.iter().map(|m| view! { <option value=m.id.clone()>{format!("{} — {}", m.name, role_label(m.role).text(l))}</option> }).collect_view()}
                            </select>
                        </div>
                        <button type="submit" class="rq-button" data-action="resolve" disabled=move || busy.get()>{t(Msg::StaffActResolve)}</button>
                    </form>
                })}
                {has("answer-conclusion").then(|| view! {
                    <form class="rq-action" data-form="answer" on:submit=move |ev: leptos::ev::SubmitEvent| {
                        ev.prevent_default();
                        send(CaseAction::AnswerConclusion { positive: positive.get_untracked(), text: note.get_untracked() });
                    }>
                        <h3 class="rq-heading-s">{t(Msg::StaffActAnswer)}</h3>
                        <div class="rq-radios rq-radios--inline">
                            <label><input type="radio" name="positive" checked=true on:change=move |_| positive.set(true)/> {t(Msg::StaffPositive)}</label>
                            <label><input type="radio" name="positive" on:change=move |_| positive.set(false)/> {t(Msg::StaffNegative)}</label>
                        </div>
                        {textarea("conclusion.answer", Msg::StaffAnswer, note)}
                        <button type="submit" class="rq-button" data-action="answer-conclusion" disabled=move || busy.get()>{t(Msg::StaffActAnswer)}</button>
                    </form>
                })}
                {has("request-conclusion").then(|| view! {
                    <form class="rq-action" data-form="request" on:submit=move |ev: leptos::ev::SubmitEvent| {
                        ev.prevent_default();
                        send(CaseAction::RequestConclusion { question: note.get_untracked() });
                    }>
                        <h3 class="rq-heading-s">{t(Msg::StaffActRequest)}</h3>
                        {textarea("conclusion.question", Msg::StaffQuestion, note)}
                        <button type="submit" class="rq-button rq-button--secondary" data-action="request-conclusion" disabled=move || busy.get()>{t(Msg::StaffActRequest)}</button>
                    </form>
                })}
                {has("check-completeness").then(|| view! {
                    <form class="rq-action" data-form="completeness" on:submit=move |ev: leptos::ev::SubmitEvent| {
                        ev.prevent_default();
                        send(CaseAction::CheckCompleteness { missing: missing.get_untracked() });
                    }>
                        <h3 class="rq-heading-s">{t(Msg::StaffActCheck)}</h3>
                        <p class="rq-hint">{t(Msg::StaffMissing)}</p>
                        {documents.into_iter().map(|(doc, title)| {
                            let d = doc.clone();
                            view! {
                                <label class="rq-check"><input type="checkbox" data-missing=doc.clone() on:change=move |ev| {
                                    let on = event_target_checked(&ev);
                                    let d = d.clone();
                                    missing.update(|m| { m.retain(|x| x != &d); if on { m.push(d); } });
                                }/> {title}</label>
                            }
                        }).collect_view()}
                        <button type="submit" class="rq-button rq-button--secondary" data-action="check-completeness" disabled=move || busy.get()>{t(Msg::StaffActCheck)}</button>
                    </form>
                })}
                {has("complete-inspection").then(|| view! {
                    <form class="rq-action" data-form="inspection" on:submit=move |ev: leptos::ev::SubmitEvent| {
                        ev.prevent_default();
                        send(CaseAction::CompleteInspection { report: inspection.get_untracked() });
                    }>
                        <h3 class="rq-heading-s">{t(Msg::StaffActInspection)}</h3>
                        <div class="rq-field">
                            <label class="rq-label" for="inspection.date">{t(Msg::StaffInspectionDate)}</label>
                            {field_error(errors, "inspection.date")}
                            <input class="rq-input rq-input--date" id="inspection.date" type="date" on:input=move |ev| inspection.update(|r| r.date = event_target_value(&ev))/>
                        </div>
                        <div class="rq-field">
                            <label class="rq-label" for="inspection.inspectors">{t(Msg::StaffInspectors)}</label>
                            {field_error(errors, "inspection.inspectors")}
                            <input class="rq-input" id="inspection.inspectors" on:input=move |ev| inspection.update(|r| r.inspectors = event_target_value(&ev))/>
                        </div>
                        <div class="rq-field">
                            <label class="rq-label" for="inspection.findings">{t(Msg::StaffFindings)}</label>
                            {field_error(errors, "inspection.findings")}
                            <textarea class="rq-textarea" id="inspection.findings" rows="3" on:input=move |ev| inspection.update(|r| r.findings = event_target_value(&ev))></textarea>
                        </div>
                        <label class="rq-check"><input type="checkbox" id="inspection.compliant" checked=true on:change=move |ev| inspection.update(|r| r.compliant = event_target_checked(&ev))/> {t(Msg::StaffCompliant)}</label>
                        <button type="submit" class="rq-button" data-action="complete-inspection" disabled=move || busy.get()>{t(Msg::StaffActInspection)}</button>
                    </form>
                })}
                {has("confirm-review").then(|| view! {
                    <button type="button" class="rq-button rq-button--secondary" data-action="confirm-review" disabled=move || busy.get()
                        on:click=move |_| send(CaseAction::ConfirmReview { note: String::new() })>{t(Msg::StaffActConfirm)}</button>
                })}
                {has("draft-decision").then(|| view! {
                    <form class="rq-action" data-form="decision" on:submit=move |ev: leptos::ev::SubmitEvent| {
                        ev.prevent_default();
                        let decision = if refuse.get_untracked() {
                            DecisionOutcome::Refuse { grounds: grounds.get_untracked(), explanation: explanation.get_untracked() }
                        } else {
                            DecisionOutcome::Issue { valid_until: valid_until.get_untracked().parse::<Date>().ok(), annex: annex.get_untracked() }
                        };
                        send(CaseAction::DraftDecision { decision });
                    }>
                        <h3 class="rq-heading-s">{t(Msg::StaffActDraft)}</h3>
                        <div class="rq-radios">
                            <label class="rq-check"><input type="radio" name="outcome" data-outcome="issue" checked=move || !refuse.get() on:change=move |_| refuse.set(false)/> {t(Msg::StaffOutcomeIssue)}</label>
                            <label class="rq-check"><input type="radio" name="outcome" data-outcome="refuse" checked=move || refuse.get() on:change=move |_| refuse.set(true)/> {t(Msg::StaffOutcomeRefuse)}</label>
                        </div>
                        {move || if refuse.get() {
                            view! {
                                <fieldset class="rq-fieldset">
                                    <legend class="rq-label">{t(Msg::StaffGrounds)}</legend>
                                    {field_error(errors, "decision.grounds")}
                                    {RefusalGround::ALL.into_iter().map(|g| view! {
                                        <label class="rq-check"><input type="checkbox" data-ground=format!("{g:?}") on:change=move |ev| {
                                            let on = event_target_checked(&ev);
                                            grounds.update(|list| { list.retain(|x| *x != g); if on { list.push(g); } });
                                        }/> {t(g.label())}</label>
                                    }).collect_view()}
                                </fieldset>
                                {textarea("decision.explanation", Msg::StaffExplanation, explanation)}
                            }.into_any()
                        } else {
                            view! {
                                <div class="rq-field">
                                    <label class="rq-label" for="decision.valid_until">{t(Msg::StaffValidUntil)}</label>
                                    {field_error(errors, "decision.valid_until")}
                                    <input class="rq-input rq-input--date" id="decision.valid_until" type="date" on:input=move |ev| valid_until.set(event_target_value(&ev))/>
                                </div>
                                {textarea("decision.annex", Msg::StaffAnnex, annex)}
                                {field_error(errors, "decision.outcome")}
                            }.into_any()
                        }}
                        <button type="submit" class="rq-button" data-action="draft-decision" disabled=move || busy.get()>{t(Msg::StaffActDraft)}</button>
                    </form>
                })}
                {has("sign-decision").then(|| view! {
                    <form class="rq-action" data-form="sign" novalidate
                        data-certificate=move || match held.get() { None => "loading", Some(None) => "none", Some(Some(_)) => "held" }
                        on:submit=move |ev: leptos::ev::SubmitEvent| {
                        ev.prevent_default();
                        sign();
                    }>
                        {move || (held.get() == Some(None)).then(|| password_again(password, password_error.into()))}
                        <button type="submit" class="rq-button" data-action="sign-decision" disabled=move || busy.get()>
                            {move || if busy.get() { t(Msg::StaffSigning)() } else { t(Msg::StaffActSign)() }}
                        </button>
                    </form>
                })}
                {has("return-for-rework").then(|| view! {
                    <form class="rq-action" data-form="rework" on:submit=move |ev: leptos::ev::SubmitEvent| {
                        ev.prevent_default();
                        send(CaseAction::ReturnForRework { note: note.get_untracked() });
                    }>
                        {textarea("rework.note", Msg::StaffReturnNote, note)}
                        <button type="submit" class="rq-button rq-button--secondary" data-action="return-for-rework" disabled=move || busy.get()>{t(Msg::StaffActReturn)}</button>
                    </form>
                })}
            </div>
        }.into_any())
    };

    let body = move || {
        let c = case.get()?;
        let l = lang.get();
        let id = c.id.clone();
        let service = catalog().service(&c.form.service);
        let documents = c.checklist.iter().map(|(doc, attached)| {
            let title = service.and_then(|s| s.documents.iter().find(|d| &d.id == doc)).map(|d| d.title.get(l).to_owned()).unwrap_or_else(|| doc.clone());
            let files = c.form.attachments.get(doc).cloned().unwrap_or_default();
            let id = id.clone();
            view! {
                <li class="rq-doc" data-doc=doc.clone() data-attached=attached.to_string()>
                    <span class=if *attached { "rq-tag rq-tag--ok" } else { "rq-tag rq-tag--missing" }>{if *attached { "✓" } else { "✗" }}</span>
                    " " {title}
                    {files.into_iter().map(|f| {
                        let url = format!("/api/staff/cases/{}/files/{}", id, f.sha256);
                        // Images inline; a PDF opens in the page on request, so a
                        // phone does not load every document at once.
                        let preview = if f.content_type.starts_with("image/") {
                            view! { <img class="rq-doc__preview" src=url.clone() alt=f.name.clone() loading="lazy"/> }.into_any()
                        } else {
                            let open = RwSignal::new(false);
                            let (url, name) = (url.clone(), f.name.clone());
                            view! {
                                <button type="button" class="rq-link-button" data-preview=f.sha256.clone() on:click=move |_| open.update(|o| *o = !*o)>
                                    {move || if open.get() { "▾ PDF" } else { "▸ PDF" }}
                                </button>
                                {move || open.get().then(|| view! {
                                    <object class="rq-doc__preview rq-doc__preview--pdf" data=url.clone() type="application/pdf" aria-label=name.clone()></object>
                                })}
                            }.into_any()
                        };
                        view! { <div class="rq-doc__file"><a href=url target="_blank" rel="noopener">{f.name.clone()}</a>{preview}</div> }
                    }).collect_view()}
                </li>
            }
        }).collect_view();
        let steps = c
            .steps
            .iter()
            .map(|s| {
                let met = match s.met {
                    Some(true) => view! { <span class="rq-tag rq-tag--ok">{Msg::StaffMet.text(l)}</span> }.into_any(),
                    Some(false) => {
                        view! { <span class="rq-tag rq-tag--late">{Msg::StaffNotMet.text(l)}</span> }.into_any()
                    }
                    None => view! { <span></span> }.into_any(),
                };
                let current = c.step_id.as_deref() == Some(s.id.as_str());
                view! {
                    <tr class:rq-steps__current=current data-step=s.id.clone()>
                        <td>{step_name(&s.id, l)}</td>
                        <td>{role_label(s.role).text(l)}</td>
                        <td>{when(s.started_at)}</td>
                        <td>{when(s.due_at)}</td>
                        <td>{when(s.finished_at)}</td>
                        <td>{met}</td>
                    </tr>
                }
            })
            .collect_view();
        let timeline = c.timeline.iter().rev().map(|e| view! {
            <li class="rq-timeline__item" data-action=e.action.clone()>
                <span class="rq-caption">{when(Some(e.at))}</span> " "
                <strong>{e.actor.clone()}</strong> " (" {role_label(e.role).text(l)} "): "
                {e.action.clone()} " → " {e.after.label().text(l)}
                {(!e.note.is_empty()).then(|| view! { <br/><span class="rq-timeline__note">{e.note.clone()}</span> })}
            </li>
        }).collect_view();
        let applicant = &c.form.applicant;
        let (name, ident) = match applicant.kind {
            shared::catalog::ApplicantKind::Ie => (
                format!(
                    "{} {} {}",
                    applicant.ie.surname, applicant.ie.given_name, applicant.ie.patronymic
                ),
                applicant.ie.iin.clone(),
            ),
            shared::catalog::ApplicantKind::Le => (applicant.le.full_name.clone(), applicant.le.bin.clone()),
        };
        let address = &applicant.address;
        let decided = matches!(
            c.status,
            shared::workflow::ApplicationStatus::Issued | shared::workflow::ApplicationStatus::Refused
        );
        Some(view! {
            <div class="rq-case" data-status=format!("{:?}", c.status)>
                <p class="rq-caption">{t(Msg::StaffCase)}</p>
                <h1 class="rq-heading-l" data-number=c.number.clone()>{c.number.clone()}</h1>
                <p class="rq-lead">
                    {service.map(|s| s.short_title.get(l).to_owned())} " · " {c.form.request_type.label().text(l)} " · "
                    <strong data-case-status="">{c.status.label().text(l)}</strong>
                </p>
                <dl class="rq-summary-list">
                    <div class="rq-summary-list__row"><dt>{t(Msg::StaffIncoming)}</dt><dd data-incoming="">{c.incoming_number.clone().unwrap_or_else(|| "—".to_owned())}</dd></div>
                    <div class="rq-summary-list__row"><dt>{t(Msg::StaffColStep)}</dt><dd>{c.step_id.as_deref().map(|s| step_name(s, l))} " · " {when(c.step_due_at)}</dd></div>
                    <div class="rq-summary-list__row"><dt>{t(Msg::StaffColServiceDue)}</dt><dd>{when(c.due_at)}</dd></div>
                </dl>
                {decided.then(|| view! {
                    <p><a class="rq-button rq-button--secondary" data-result-pdf="" href=format!("/api/staff/cases/{}/result.pdf", c.id) target="_blank" rel="noopener">{t(Msg::StaffResultPdf)}</a></p>
                })}
                <section class="rq-section"><h2 class="rq-heading-m">{t(Msg::StaffActions)}</h2>
                    {move || problem.get().map(|p| view! { <div class="rq-notice rq-notice--error" role="alert">{p}</div> })}
                    {actions}
                </section>
                <section class="rq-section"><h2 class="rq-heading-m">{t(Msg::StaffApplicantData)}</h2>
                    <dl class="rq-summary-list">
                        <div class="rq-summary-list__row"><dt>{t(Msg::StaffColApplicant)}</dt><dd>{name} " · " {ident}</dd></div>
                        <div class="rq-summary-list__row"><dt>"✉"</dt><dd>{format!("{} {}, {} {} {}, {}", address.postal_index, address.locality, address.street, address.house, address.flat, address.phone)}</dd></div>
                        {(!c.form.request.existing_licence.is_empty()).then(|| view! {
                            <div class="rq-summary-list__row"><dt>{t(Msg::StaffLicence)}</dt><dd>{c.form.request.existing_licence.clone()}</dd></div>
                        })}
                    </dl>
                    {c.form.steps.iter().map(|(step, sections)| view! {
                        <h3 class="rq-heading-s">{service.and_then(|s| s.step(step)).map(|s| s.title.get(l).to_owned()).unwrap_or_else(|| step.clone())}</h3>
                        <dl class="rq-summary-list">
                            {sections.iter().flat_map(|(section, rows)| rows.iter().enumerate().map(move |(i, row)| {
                                let values = row.iter().filter(|(_, v)| !v.is_empty()).map(|(k, v)| format!("{k}: {v}")).collect::<Vec<_>>().join(" · ");
                                view! { <div class="rq-summary-list__row"><dt>{format!("{section} {}", i + 1)}</dt><dd>{values}</dd></div> }
                            })).collect_view()}
                        </dl>
                    }).collect_view()}
                </section>
                <section class="rq-section"><h2 class="rq-heading-m">{t(Msg::StaffDocuments)}</h2><ul class="rq-docs">{documents}</ul></section>
                <section class="rq-section"><h2 class="rq-heading-m">{t(Msg::StaffPayment)}</h2>
                    <p data-payment="">{c.fee.map(|f| f.format(l))} " · " {c.payment.map(|p| p.label().text(l).to_owned()).unwrap_or_else(|| c.form.payment.order.document_number.clone())}</p>
                </section>
                <section class="rq-section"><h2 class="rq-heading-m">{t(Msg::StaffSignature)}</h2>
                    {c.signature.clone().map(|s| signature_view(s, l))}
                    <button type="button" class="rq-button rq-button--secondary" data-action="recheck" on:click=recheck>{t(Msg::StaffCheckAgain)}</button>
                </section>
                {(!c.conclusions.is_empty()).then(|| view! {
                    <section class="rq-section"><h2 class="rq-heading-m">{t(Msg::StaffConclusions)}</h2>
                        <ul>{c.conclusions.iter().map(|q| view! {
                            <li>{q.question.clone()} " → " {q.positive.map(|p| if p { Msg::StaffPositive.text(l) } else { Msg::StaffNegative.text(l) })} " " {q.answer.clone()}</li>
                        }).collect_view()}</ul>
                    </section>
                })}
                {c.inspection.clone().map(|r| view! {
                    <section class="rq-section"><h2 class="rq-heading-m">{t(Msg::StaffInspection)}</h2>
                        <p>{r.date} " · " {r.inspectors} " · " {r.findings} " · " {if r.compliant { "✓" } else { "✗" }}</p>
                    </section>
                })}
                {c.decision.clone().map(|d| view! {
                    <section class="rq-section"><h2 class="rq-heading-m">{t(Msg::StaffDecision)}</h2>
                        <p data-decision="">{match &d.outcome {
                            DecisionOutcome::Issue { annex, .. } => format!("{} {}", Msg::StaffOutcomeIssue.text(l), annex),
                            DecisionOutcome::Refuse { grounds, explanation } => format!("{}: {} — {}", Msg::StaffOutcomeRefuse.text(l), grounds.iter().map(|g| g.label().text(l)).collect::<Vec<_>>().join("; "), explanation),
                        }}</p>
                        {d.signature.map(|s| signature_view(s, l))}
                    </section>
                })}
                {c.licence.clone().map(|lic| {
                    let may_change = session.me.get().is_some_and(|m| m.role == Role::Head || (m.role == Role::DeputyHead && m.head_absent));
                    let number = lic.number.clone();
                    view! {
                        <section class="rq-section"><h2 class="rq-heading-m">{t(Msg::StaffLicence)}</h2>
                            <p data-licence=lic.number.clone() data-licence-status=format!("{:?}", lic.status).to_lowercase()>
                                <a href=format!("/verify?number={}", lic.number)>{lic.number.clone()}</a> " · " {lic.status.label().text(l)}
                            </p>
                            {may_change.then(|| view! {
                                <div class="rq-action" data-form="licence-status">
                                    {textarea("licence.reason", Msg::LicenceReason, reason)}
                                    <p class="rq-pager">
                                        {[(LicenceAction::Suspend, Msg::LicenceSuspend), (LicenceAction::Resume, Msg::LicenceResume), (LicenceAction::Terminate, Msg::LicenceTerminate)]
                                            .into_iter().map(|(action, label)| {
                                                let number = number.clone();
                                                view! {
                                                    <button type="button" class="rq-button rq-button--secondary" data-licence-action=format!("{action:?}").to_lowercase()
                                                        on:click=move |_| change_licence(number.clone(), action)>{t(label)}</button>
                                                }
                                            }).collect_view()}
                                    </p>
                                </div>
                            })}
                        </section>
                    }
                })}
                <section class="rq-section"><h2 class="rq-heading-m">{t(Msg::StaffChain)}</h2>
                    <table class="rq-steps"><tbody>{steps}</tbody></table>
                </section>
                <section class="rq-section"><h2 class="rq-heading-m">{t(Msg::StaffTimeline)}</h2><ol class="rq-timeline">{timeline}</ol></section>
            </div>
        })
    };
    view! {
        <div class="rq-width rq-staff">
            {move || case.get().is_none().then(|| problem.get().map(|p| view! { <div class="rq-notice rq-notice--error" role="alert">{p}</div> }))}
            {body}
        </div>
    }
}
