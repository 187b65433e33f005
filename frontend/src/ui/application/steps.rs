//! The steps of fields: the existing licence, the applicant, bank accounts,
//! the catalogue's service steps (rendered generically from their sections
//! and fields), and the documents.

use leptos::prelude::*;
use leptos::task::spawn_local;
use shared::catalog::{ApplicantKind, Field, FieldKind, RequestType, Section};
use shared::form::{
    ADDRESS, Attachment, BANK_ACCOUNT, EXISTING_LICENCE, FieldError, FrameField, IE, LE, RequestedDocument, reasons,
};
use shared::i18n::Msg;
use wasm_bindgen::JsCast as _;

use super::{Wizard, frame};
use crate::api;
use crate::i18n::{t, use_lang};
use crate::ui::form::{FieldProps, Input, Label, Radios, dom_id};

/// Re-registration and duplicate: which licence, and why. Where the licence
/// has an annex (seed 003:315-317), first what is asked for: the licence
/// with its annex or an annex alone (a new one to the applicant's licence,
/// or a duplicate of one).
pub fn request(w: Wizard, errors: Memo<Vec<FieldError>>) -> impl IntoView {
    let rt = w.form.with_untracked(|f| f.request_type);
    let options = reasons(rt)
        .iter()
        .map(|(v, m)| ((*v).to_owned(), Label::Msg(*m)))
        .collect::<Vec<_>>();
    let documents = match rt {
        _ if !w.service.annex => None,
        RequestType::Issuance => Some((Msg::RequestLicenceWithAnnex, Msg::RequestAnnexToLicence)),
        RequestType::Duplicate => Some((Msg::RequestDuplicateOfLicence, Msg::RequestDuplicateOfAnnex)),
        RequestType::Reregistration => None,
    };
    let annex = Memo::new(move |_| w.form.with(|f| f.request.document == RequestedDocument::Annex));
    let chooser = documents.map(|(licence, annex)| {
        let value = Signal::derive(move || {
            match w.form.with(|f| f.request.document) {
                RequestedDocument::Licence => "licence",
                RequestedDocument::Annex => "annex",
            }
            .to_owned()
        });
        let options = vec![("licence".to_owned(), Label::Msg(licence)), ("annex".to_owned(), Label::Msg(annex))];
        view! {
            <Radios path={"request.document".into()} legend={Label::Msg(Msg::LabelRequestedDocument)} options={options} value={value}
                error={w.error_at(errors, "request.document".into())}
                on_change={move |v: String| w.edit(|f| f.request.document = if v == "annex" { RequestedDocument::Annex } else { RequestedDocument::Licence })}/>
        }
    });
    let with_annex = w.service.annex;
    let number = move || {
        (rt.needs_existing_licence() || annex.get()).then(|| {
            let mut props = frame(&EXISTING_LICENCE, 0);
            if with_annex {
                props.hint = Some(Label::Msg(Msg::LabelExistingLicenceOrAnnexHint));
            }
            w.field(errors, props)
        })
    };
    let reason = (!options.is_empty()).then(|| view! {
        <Radios path={"request.reason".into()} legend={Label::Msg(Msg::LabelReason)} options={options} value={Signal::derive(move || w.form.with(|f| f.request.reason.clone()))} error={w.error_at(errors, "request.reason".into())} on_change={move |v: String| w.edit(|f| f.request.reason = v)}/>
    });
    view! {
        {chooser}
        {number}
        {reason}
    }
}

/// The applicant: IE or LE data, then the address, as the frame's table
/// describes them.
pub fn applicant(w: Wizard, errors: Memo<Vec<FieldError>>) -> impl IntoView {
    let kind = w.form.with_untracked(|f| f.applicant.kind);
    let fields = |list: &'static [FrameField]| list.iter().map(|f| w.field(errors, frame(f, 0))).collect_view();
    view! {
        <div class="rq-inset">{t(Msg::WizardPrefilled)}</div>
        {fields(match kind {
            ApplicantKind::Ie => IE,
            ApplicantKind::Le => LE,
        })}
        <h2 class="rq-heading-m">{t(Msg::WizardAddress)}</h2>
        {fields(ADDRESS)}
    }
}

/// Bank accounts: rows to add and remove.
pub fn bank_accounts(w: Wizard, errors: Memo<Vec<FieldError>>) -> impl IntoView {
    let lang = use_lang();
    let count = Memo::new(move |_| w.form.with(|f| f.bank_accounts.len().max(1)));
    let rows = move || {
        let n = count.get();
        (0..n)
            .map(|i| {
                view! {
                    <fieldset class="rq-fieldset rq-row" data-row=i>
                        <legend class="rq-fieldset__legend rq-heading-s">
                            {move || Msg::WizardBankAccountN.text(lang.get()).replace("{n}", &(i + 1).to_string())}
                        </legend>
                        {BANK_ACCOUNT.iter().map(|f| w.field(errors, frame(f, i))).collect_view()}
                        {(n > 1).then(|| view! {
                            <button type="button" class="rq-button rq-button--secondary rq-button--small" data-action="remove-row"
                                on:click=move |_| w.edit(|f| f.remove_row("bank-accounts", "", i))>
                                {t(Msg::CommonRemove)}
                            </button>
                        })}
                    </fieldset>
                }
            })
            .collect_view()
    };
    view! {
        {rows}
        <button type="button" class="rq-button rq-button--secondary" data-action="add-row"
            on:click=move |_| w.edit(|f| {
                let n = f.bank_accounts.len().max(1);
                f.set_value(&format!("bank-accounts.iban[{n}]"), "");
            })>
            {t(Msg::WizardAddBankAccount)}
        </button>
    }
}

fn service_field_props(step: &str, section: &Section, field: &'static Field, row: usize) -> FieldProps {
    let input = match field.kind {
        FieldKind::Text if field.multiline => Input::Multiline,
        FieldKind::Date => Input::Date,
        FieldKind::Number => Input::Number,
        FieldKind::Iin | FieldKind::Bin => Input::Digits,
        FieldKind::Phone => Input::Tel,
        _ => Input::Text,
    };
    let max_len = match field.kind {
        FieldKind::Iin | FieldKind::Bin => Some(12),
        FieldKind::Iban => Some(34),
        _ => field.max_len,
    };
    FieldProps {
        path: format!("{step}.{}.{}[{row}]", section.id, field.id),
        label: Label::Text(&field.label),
        hint: field.hint.as_ref().map(Label::Text),
        input,
        optional: !field.required,
        max_len,
        autocomplete: "off",
    }
}

/// A step from the catalogue: its sections, rows and fields.
pub fn service_step(w: Wizard, errors: Memo<Vec<FieldError>>, id: &str) -> impl IntoView {
    let lang = use_lang();
    let Some(step) = w.service.step(id) else {
        return ().into_any();
    };
    let step_id = step.id.as_str();
    let sections = step
        .sections
        .iter()
        .map(|section| {
            let section: &'static Section = section;
            let repeat = section.repeatable;
            let count = Memo::new(move |_| w.form.with(|f| f.rows(step_id, &section.id)).max(1));
            let rows = move || {
                let n = count.get();
                (0..n)
                    .map(|row| {
                        let fields = section
                            .fields
                            .iter()
                            .map(|field| {
                                let props = service_field_props(step_id, section, field, row);
                                if field.kind == FieldKind::Choice {
                                    let path = props.path.clone();
                                    let options = field
                                        .options
                                        .iter()
                                        .map(|o| (o.value.clone(), Label::Text(&o.label)))
                                        .collect();
                                    let value = {
                                        let path = path.clone();
                                        Signal::derive(move || w.form.with(|f| f.value(&path)))
                                    };
                                    let set = {
                                        let path = path.clone();
                                        move |v: String| w.edit(|f| f.set_value(&path, &v))
                                    };
                                    view! { <Radios path={path.clone()} legend={props.label} options={options} value={value} error={w.error_at(errors, path)} on_change={set}/> }
                                        .into_any()
                                } else {
                                    w.field(errors, props).into_any()
                                }
                            })
                            .collect_view();
                        let remove = repeat.filter(|r| n > r.min.max(1) as usize).map(|_| {
                            view! {
                                <button type="button" class="rq-button rq-button--secondary rq-button--small" data-action="remove-row"
                                    on:click=move |_| w.edit(|f| f.remove_row(step_id, &section.id, row))>
                                    {t(Msg::CommonRemove)}
                                </button>
                            }
                        });
                        let legend = repeat.map(|_| {
                            view! {
                                <legend class="rq-fieldset__legend rq-heading-s">
                                    {move || Msg::CommonRow.text(lang.get()).replace("{n}", &(row + 1).to_string())}
                                </legend>
                            }
                        });
                        view! { <fieldset class="rq-fieldset rq-row" data-row=row>{legend}{fields}{remove}</fieldset> }
                    })
                    .collect_view()
            };
            let add = repeat.map(|r| {
                view! {
                    <button type="button" class="rq-button rq-button--secondary" data-action="add-row"
                        disabled=move || { count.get() >= r.max as usize }
                        on:click=move |_| w.edit(|f| {
                            let n = f.rows(step_id, &section.id).max(1);
                            let first = section.fields.first().map(|x| x.id.as_str()).unwrap_or_default();
                            f.set_value(&format!("{step_id}.{}.{first}[{n}]", section.id), "");
                        })>
                        {t(Msg::CommonAddRow)}
                    </button>
                }
            });
            view! {
                <section class="rq-section" id=dom_id(&format!("{step_id}.{}", section.id))>
                    <h2 class="rq-heading-m">{move || section.title.get(lang.get()).to_owned()}</h2>
                    {rows}
                    {add}
                </section>
            }
        })
        .collect_view();
    view! {
        {step.hint.as_ref().map(|h| view! { <p class="rq-lead">{move || h.get(lang.get()).to_owned()}</p> })}
        {(!step.alternatives.is_empty()).then(|| view! { <div class="rq-inset">{t(Msg::WizardAlternatives)}</div> })}
        {sections}
    }
    .into_any()
}

fn size_text(bytes: u64) -> String {
    // Integer arithmetic: float formatting would add kilobytes to the bundle.
    if bytes >= 1024 * 1024 {
        let tenths = (bytes * 10).div_ceil(1024 * 1024);
        format!("{}.{} MB", tenths / 10, tenths % 10)
    } else {
        format!("{} KB", bytes.div_ceil(1024))
    }
}

/// One file to upload per document: a file input, a progress bar, the files
/// already attached with their preview and a Remove button.
pub fn upload_control(w: Wizard, document: String, label: Label) -> impl IntoView {
    let lang = use_lang();
    let progress = RwSignal::new(None::<u32>);
    let problem = RwSignal::new(None::<String>);
    let path = format!("documents.{document}");
    let id = dom_id(&path);
    let files = {
        let document = document.clone();
        move || {
            w.form
                .with(|f| f.attachments.get(&document).cloned().unwrap_or_default())
        }
    };
    let max_mb = w
        .view
        .with_untracked(|v| v.max_upload_bytes.max(1).div_ceil(1024 * 1024));
    let server_error = {
        let path = path.clone();
        move || {
            let l = lang.get();
            w.server_errors
                .with(|es| es.iter().find(|e| e.path == path).map(|e| e.render(l, w.service)))
        }
    };
    let on_change = {
        let document = document.clone();
        move |ev: leptos::ev::Event| {
            let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else {
                return;
            };
            let Some(file) = input.files().and_then(|l| l.get(0)) else {
                return;
            };
            input.set_value("");
            problem.set(None);
            progress.set(Some(0));
            let url = format!(
                "{}/{}?name={}",
                w.api.with_value(|a| a.attachments.clone()),
                api::encode(&document),
                api::encode(&file.name())
            );
            let document = document.clone();
            spawn_local(async move {
                let answer =
                    api::upload::<Attachment>(&url, &file, move |p| progress.set(Some(p.clamp(0.0, 100.0) as u32)))
                        .await;
                progress.set(None);
                match answer {
                    Ok(a) => {
                        w.form.update(|f| {
                            let list = f.attachments.entry(document.clone()).or_default();
                            if !list.iter().any(|x| x.sha256 == a.sha256) {
                                list.push(a.clone());
                            }
                            if document == "payment-order" {
                                f.payment.order.scan = a.sha256.clone();
                            }
                        });
                        w.server_errors
                            .update(|es| es.retain(|e| e.path != format!("documents.{document}")));
                    }
                    Err(e) => {
                        let l = lang.get_untracked();
                        let text = e
                            .field_errors()
                            .first()
                            .map(|fe| fe.render(l, w.service))
                            .unwrap_or_else(|| e.message(l));
                        problem.set(Some(text));
                    }
                }
            });
        }
    };
    let remove = {
        let document = document.clone();
        move |sha: String| {
            let document = document.clone();
            spawn_local(async move {
                let url = format!(
                    "{}/{}/{sha}",
                    w.api.with_value(|a| a.attachments.clone()),
                    api::encode(&document)
                );
                match api::send("DELETE", &url, None::<&()>).await {
                    Ok(()) => w.form.update(|f| {
                        if let Some(list) = f.attachments.get_mut(&document) {
                            list.retain(|a| a.sha256 != sha);
                        }
                        if document == "payment-order" && f.payment.order.scan == sha {
                            f.payment.order.scan.clear();
                        }
                    }),
                    Err(e) => problem.set(Some(e.message(lang.get_untracked()))),
                }
            });
        }
    };
    view! {
        <div class="rq-form-group rq-upload" data-document=document.clone()>
            <label class="rq-label" for=id.clone()>{move || label.get(lang.get())}</label>
            <div class="rq-hint">{move || Msg::WizardDocumentsHint.text(lang.get()).replace("{max}", &max_mb.to_string())}</div>
            {move || problem.get().or_else(server_error.clone()).map(|p| view! { <p class="rq-error-message">{p}</p> })}
            <ul class="rq-files">
                {move || files()
                    .into_iter()
                    .map(|a| {
                        let href = w.api.with_value(|api| api.files.clone()).map(|f| format!("{f}/{}", a.sha256));
                        let image = a.content_type.starts_with("image/");
                        let sha = a.sha256.clone();
                        let remove = remove.clone();
                        view! {
                            <li class="rq-file" data-file=a.name.clone()>
                                {href.clone().filter(|_| image).map(|src| view! { <img class="rq-file__thumb" src=src alt="" loading="lazy"/> })}
                                {match href {
                                    Some(href) => view! { <a class="rq-file__name" href=href target="_blank" rel="noopener">{a.name.clone()}</a> }.into_any(),
                                    None => view! { <span class="rq-file__name">{a.name.clone()}</span> }.into_any(),
                                }}
                                <span class="rq-file__meta">{size_text(a.size)}</span>
                                <button type="button" class="rq-link-button" data-action="remove-file"
                                    on:click=move |_| remove(sha.clone())>
                                    {t(Msg::CommonRemove)}
                                </button>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
            {move || progress.get().map(|p| view! {
                <div class="rq-progress" role="progressbar" aria-valuemin="0" aria-valuemax="100" aria-valuenow=p.to_string()>
                    <span class="rq-progress__label">{Msg::WizardUploading.text(lang.get())} " " {p.to_string()} "%"</span>
                    <span class="rq-progress__bar" style:width=format!("{p}%")></span>
                </div>
            })}
            <input class="rq-file-input" type="file" id=id name=path.clone()
                accept=".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"
                on:change=on_change/>
        </div>
    }
}

/// The documents the service asks for this request type.
pub fn documents(w: Wizard, errors: Memo<Vec<FieldError>>) -> impl IntoView {
    let rt = w.form.with_untracked(|f| f.request_type);
    w.service
        .documents_for(rt)
        .map(|d| {
            let path = format!("documents.{}", d.id);
            let error = w.error_at(errors, path);
            view! {
                <div class:rq-form-group--error=move || error.with(Option::is_some)>
                    {move || error.get().map(|e| view! { <p class="rq-error-message">{e}</p> })}
                    {upload_control(w, d.id.clone(), Label::Text(&d.title))}
                </div>
            }
        })
        .collect_view()
        .into_any()
}
