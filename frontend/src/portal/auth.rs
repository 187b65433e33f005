//! Sign in and register. Registration checks the IIN/BIN, email and
//! password with the shared rules as the applicant leaves each field and on
//! submit; the server checks them again and asks the state register.

use std::collections::BTreeSet;

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};
use shared::api::{EdsLogin, Login, Me, RegisterAccount, SignInChallenge};
use shared::catalog::ApplicantKind;
use shared::form::FieldError;
use shared::i18n::Msg;

use crate::api;
use crate::i18n::{t, use_lang};
use crate::session::use_session;
use crate::ui::form::{ErrorSummary, FieldProps, Input, Label, Notice, Radios, TextField};

/// Where to go after signing in: the `next` query, if it is a local path.
fn next_path(query: &leptos_router::params::ParamsMap) -> String {
    query
        .get("next")
        .filter(|n| n.starts_with('/') && !n.starts_with("//"))
        .unwrap_or_else(|| "/cabinet".to_owned())
}

fn field_text(errors: &[FieldError], path: &str, lang: shared::i18n::Lang) -> Option<String> {
    errors.iter().find(|e| e.path == path).map(|e| {
        let label = match path {
            "account.identifier" => Msg::AuthIdentifier,
            "account.email" => Msg::AuthEmailLabel,
            _ => Msg::AuthPassword,
        };
        e.message.text(lang).replace("{label}", label.text(lang))
    })
}

/// `/sign-in`.
#[component]
pub fn SignInPage() -> impl IntoView {
    let lang = use_lang();
    let session = use_session();
    let query = use_query_map();
    let navigate = use_navigate();
    let navigate_eds = navigate.clone();
    let identifier = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        let body = Login {
            identifier: identifier.get_untracked().trim().to_owned(),
            password: password.get_untracked(),
        };
        let navigate = navigate.clone();
        let next = next_path(&query.get_untracked());
        spawn_local(async move {
            match api::call::<Me>("POST", "/api/sessions", Some(&body)).await {
                Ok(me) => {
                    session.me.set(Some(me));
                    navigate(&next, Default::default());
                }
                Err(e) => problem.set(Some(e.message(lang.get_untracked()))),
            }
            busy.set(false);
        });
    };
    // Signing in with the EDS (seeds 000, 002, 003, 004): the IIN/BIN and
    // password as above, and this device's key signs a fresh challenge.
    let with_eds = {
        let navigate = navigate_eds;
        move |_| {
            if busy.get_untracked() {
                return;
            }
            let id = identifier.get_untracked().split_whitespace().collect::<String>();
            let pass = password.get_untracked();
            let navigate = navigate.clone();
            let next = next_path(&query.get_untracked());
            busy.set(true);
            spawn_local(async move {
                let l = lang.get_untracked();
                let serial = crate::eds::serial(&id).await;
                if serial.is_empty() {
                    problem.set(Some(Msg::AuthNoKeyHere.text(l).to_owned()));
                    busy.set(false);
                    return;
                }
                let result = async {
                    let c = api::call::<SignInChallenge>("POST", "/api/sessions/challenge", None::<&()>).await?;
                    let bytes = shared::signing::sign_in_bytes(&c.challenge, &id);
                    let signature = crate::eds::sign(&id, &bytes)
                        .await
                        .map_err(|_| api::ApiError::Network)?;
                    let body = EdsLogin {
                        identifier: id.clone(),
                        password: pass,
                        challenge: c.challenge,
                        serial,
                        signature,
                    };
                    api::call::<Me>("POST", "/api/sessions/eds", Some(&body)).await
                }
                .await;
                match result {
                    Ok(me) => {
                        session.me.set(Some(me));
                        navigate(&next, Default::default());
                    }
                    Err(e) => problem.set(Some(e.message(l))),
                }
                busy.set(false);
            });
        }
    };
    let no_error = Signal::derive(|| None::<String>);
    view! {
        <div class="rq-width rq-narrow">
            <h1 class="rq-heading-l">{t(Msg::AuthSignInHeading)}</h1>
            // The lead is in the server's shell too (backend `shell.rs`).
            <p class="rq-lead">{t(Msg::AuthSignInLead)}</p>
            <Notice text={problem.into()} kind={"error"}/>
            <form on:submit=submit novalidate>
                <TextField p={FieldProps { path: "login.identifier".into(), label: Label::Msg(Msg::AuthIdentifier), hint: Some(Label::Msg(Msg::AuthIdentifierHint)), input: Input::Digits, optional: false, max_len: Some(12), autocomplete: "username" }} value={identifier.into()} error={no_error} on_input={move |v| identifier.set(v)} on_leave={|| {}}/>
                <TextField p={FieldProps { path: "login.password".into(), label: Label::Msg(Msg::AuthPassword), hint: None, input: Input::Password, optional: false, max_len: None, autocomplete: "current-password" }} value={password.into()} error={no_error} on_input={move |v| password.set(v)} on_leave={|| {}}/>
                <div>
                    <button class="rq-button" type="submit" disabled=move || busy.get()>{t(Msg::NavSignIn)}</button>
                    {crate::eds::supported().then(|| view! {
                        <button class="rq-button rq-button--secondary" type="button" data-action="sign-in-eds"
                            aria-describedby="sign-in-eds-hint" disabled=move || busy.get() on:click=with_eds.clone()>{t(Msg::AuthSignInEds)}</button>
                    })}
                </div>
                {crate::eds::supported().then(|| view! { <p class="rq-hint" id="sign-in-eds-hint">{t(Msg::AuthSignInEdsHint)}</p> })}
            </form>
            <p><A href=move || format!("/register?next={}", api::encode(&next_path(&query.get())))>{t(Msg::AuthNoAccount)}</A></p>
            <p class="rq-hint">{t(Msg::AuthDemo)}</p>
        </div>
    }
}

/// `/register`.
#[component]
pub fn RegisterPage() -> impl IntoView {
    let lang = use_lang();
    let session = use_session();
    let query = use_query_map();
    let navigate = use_navigate();
    let form = RwSignal::new(RegisterAccount {
        kind: ApplicantKind::Ie,
        identifier: String::new(),
        email: String::new(),
        password: String::new(),
    });
    let touched = RwSignal::new(BTreeSet::<&'static str>::new());
    let show_all = RwSignal::new(false);
    let server = RwSignal::new(Vec::<FieldError>::new());
    let problem = RwSignal::new(None::<String>);
    let focus = RwSignal::new(0u32);
    let busy = RwSignal::new(false);
    let errors = Memo::new(move |_| form.with(RegisterAccount::validate));
    let shown = move |path: &'static str| {
        Signal::derive(move || {
            let l = lang.get();
            let mine = (show_all.get() || touched.with(|t| t.contains(path)))
                .then(|| errors.with(|e| field_text(e, path, l)))
                .flatten();
            mine.or_else(|| server.with(|e| field_text(e, path, l)))
        })
    };
    let summary = Signal::derive(move || {
        let l = lang.get();
        let mut all: Vec<FieldError> = if show_all.get() { errors.get() } else { Vec::new() };
        all.extend(server.get());
        let mut seen = BTreeSet::new();
        all.into_iter()
            .filter(|e| seen.insert(e.path.clone()))
            .filter_map(|e| field_text(std::slice::from_ref(&e), &e.path, l).map(|t| (e.path.clone(), t)))
            .collect::<Vec<_>>()
    });
    let leave = move |path: &'static str| {
        move || {
            touched.update(|t| {
                t.insert(path);
            })
        }
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        show_all.set(true);
        server.set(Vec::new());
        problem.set(None);
        if !errors.get_untracked().is_empty() {
            focus.update(|f| *f += 1);
            return;
        }
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        let body = form.get_untracked();
        let navigate = navigate.clone();
        let next = next_path(&query.get_untracked());
        spawn_local(async move {
            match api::call::<Me>("POST", "/api/accounts", Some(&body)).await {
                Ok(me) => {
                    session.me.set(Some(me));
                    navigate(&next, Default::default());
                }
                Err(e) => {
                    let fields = e.field_errors();
                    if fields.is_empty() {
                        problem.set(Some(e.message(lang.get_untracked())));
                    } else {
                        server.set(fields);
                        focus.update(|f| *f += 1);
                    }
                }
            }
            busy.set(false);
        });
    };
    let kind_value = Signal::derive(move || match form.with(|f| f.kind) {
        ApplicantKind::Ie => "ie".to_owned(),
        ApplicantKind::Le => "le".to_owned(),
    });
    view! {
        <div class="rq-width rq-narrow">
            <h1 class="rq-heading-l">{t(Msg::AuthRegisterHeading)}</h1>
            <p class="rq-lead">{t(Msg::AuthRegisterIntro)}</p>
            <ErrorSummary errors={summary} focus={focus.read_only()}/>
            <Notice text={problem.into()} kind={"error"}/>
            <form on:submit=submit novalidate>
                <Radios path={"account.kind".into()} legend={Label::Msg(Msg::AuthKind)} options={vec![("ie".into(), Label::Msg(Msg::ApplicantIe)), ("le".into(), Label::Msg(Msg::ApplicantLe))]} value={kind_value} error={Signal::derive(|| None)} on_change={move |v: String| form.update(|f| f.kind = if v == "le" { ApplicantKind::Le } else { ApplicantKind::Ie })}/>
                <TextField p={FieldProps { path: "account.identifier".into(), label: Label::Msg(Msg::AuthIdentifier), hint: Some(Label::Msg(Msg::AuthIdentifierHint)), input: Input::Digits, optional: false, max_len: Some(12), autocomplete: "username" }} value={Signal::derive(move || form.with(|f| f.identifier.clone()))} error={shown("account.identifier")} on_input={move |v| { server.update(|s| s.retain(|e| e.path != "account.identifier")); form.update(|f| f.identifier = v) }} on_leave={leave("account.identifier")}/>
                <TextField p={FieldProps { path: "account.email".into(), label: Label::Msg(Msg::AuthEmailLabel), hint: None, input: Input::Email, optional: false, max_len: Some(254), autocomplete: "email" }} value={Signal::derive(move || form.with(|f| f.email.clone()))} error={shown("account.email")} on_input={move |v| { server.update(|s| s.retain(|e| e.path != "account.email")); form.update(|f| f.email = v) }} on_leave={leave("account.email")}/>
                <TextField p={FieldProps { path: "account.password".into(), label: Label::Msg(Msg::AuthPassword), hint: Some(Label::Msg(Msg::AuthPasswordHint)), input: Input::Password, optional: false, max_len: None, autocomplete: "new-password" }} value={Signal::derive(move || form.with(|f| f.password.clone()))} error={shown("account.password")} on_input={move |v| form.update(|f| f.password = v)} on_leave={leave("account.password")}/>
                <button class="rq-button" type="submit" disabled=move || busy.get()>{t(Msg::NavRegister)}</button>
            </form>
            <p><A href=move || format!("/sign-in?next={}", api::encode(&next_path(&query.get())))>{t(Msg::AuthHaveAccount)}</A></p>
            <p class="rq-hint">{t(Msg::AuthDemo)}</p>
        </div>
    }
}
