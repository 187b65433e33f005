//! The application form's editor, which the portal's wizard and the
//! counter's desk share: the draft loaded once and kept in memory, every
//! edit kept in local storage at once and saved to the server after a short
//! pause with the version the server gave (so that two tabs never silently
//! overwrite each other), each field validated with the shared rules when
//! it is left. Only where it saves differs: the applicant's own application
//! or the counter's intake.

pub mod steps;

use std::collections::BTreeSet;
use std::time::Duration;

use leptos::prelude::*;
use leptos::task::spawn_local;
use serde::{Deserialize, Serialize};
use shared::api::{ApplicationView, SaveApplication};
use shared::catalog::{Service, catalog};
use shared::date::Date;
use shared::form::{ApplicationForm, Context, FieldError, FrameField, FrameKind, PAYMENT_ONLINE};
use shared::i18n::Msg;
use shared::ids::IdKind;

use crate::api::{self, ApiError};
use crate::i18n::use_lang;
use crate::ui::form::{FieldProps, Input, Label, TextField};
use crate::ui::format::now;

/// Where an application's editor reads and writes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Endpoints {
    /// The form: `GET` and `PUT`.
    pub form: String,
    /// The attachments: `POST {attachments}/{document}`, `DELETE …/{sha256}`.
    pub attachments: String,
    /// Where an attached file is read (`{files}/{sha256}`), if the editor may.
    pub files: Option<String>,
}

impl Endpoints {
    /// The applicant's own application.
    pub fn own(id: &str) -> Endpoints {
        Endpoints {
            form: format!("/api/applications/{id}"),
            attachments: format!("/api/applications/{id}/attachments"),
            files: Some("/api/attachments".to_owned()),
        }
    }
}

/// How the draft stands with the server.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SaveState {
    /// Everything is on the server.
    Saved,
    /// A save is on its way.
    Saving,
    /// The server could not be reached; the draft is kept on this device.
    Offline,
    /// Another tab or device saved a newer version.
    Conflict,
}

/// The wizard's state, shared by its steps.
#[derive(Clone, Copy)]
pub struct Wizard {
    /// The application's id.
    pub id: StoredValue<String>,
    /// Where it is read and saved.
    pub api: StoredValue<Endpoints>,
    /// The service.
    pub service: &'static Service,
    /// The latest answer of the server (status, payment, fee, errors).
    pub view: RwSignal<ApplicationView>,
    /// The content being edited.
    pub form: RwSignal<ApplicationForm>,
    /// The version the edits are based on.
    pub version: RwSignal<i64>,
    /// Fields the applicant has left.
    pub touched: RwSignal<BTreeSet<String>>,
    /// Show every error of the step (after Continue).
    pub show_all: RwSignal<bool>,
    /// Errors the server answered for an action.
    pub server_errors: RwSignal<Vec<FieldError>>,
    /// How saving goes.
    pub save_state: RwSignal<SaveState>,
    /// Counts edits; `saved` is the count the server has.
    pub(crate) edits: RwSignal<u64>,
    saved: RwSignal<u64>,
    saving: RwSignal<bool>,
    /// The content of the save in flight, if one is.
    in_flight: StoredValue<Option<ApplicationForm>>,
    /// Bumped to move focus to the error summary.
    pub focus: RwSignal<u32>,
    /// Today in Almaty.
    pub today: Date,
}

#[derive(Serialize, Deserialize)]
struct LocalCopy {
    version: i64,
    form: ApplicationForm,
    /// What a save in flight sent: if the server's next version holds just
    /// that, it is this tab's own save and the edits made since still stand.
    #[serde(default)]
    sent: Option<ApplicationForm>,
}

fn local_key(id: &str) -> String {
    format!("ruqsat.draft.{id}")
}

fn storage() -> Option<web_sys::Storage> {
    window().local_storage().ok().flatten()
}

/// Waits, without blocking the page.
pub async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let _ = window().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

impl Wizard {
    fn url(self) -> String {
        self.api.with_value(|a| a.form.clone())
    }

    /// The validation context: today, and the fee the server computed.
    pub fn context(self) -> Context {
        Context {
            today: self.today,
            fee: self.view.with_untracked(|v| v.fee),
        }
    }

    /// Changes the content; kept locally at once, saved after a pause.
    pub fn edit(self, change: impl FnOnce(&mut ApplicationForm)) {
        self.form.update(change);
        self.edits.update(|e| *e += 1);
        self.keep_locally();
        let edit = self.edits.get_untracked();
        set_timeout(
            move || {
                if self.edits.get_untracked() == edit {
                    spawn_local(async move {
                        let _ = self.sync().await;
                    });
                }
            },
            Duration::from_millis(700),
        );
    }

    fn keep_locally(self) {
        let copy = LocalCopy {
            version: self.version.get_untracked(),
            form: self.form.get_untracked(),
            sent: self.in_flight.get_value(),
        };
        if let (Some(s), Ok(json)) = (storage(), serde_json::to_string(&copy)) {
            // A full storage only loses the local copy; the server has the draft.
            let _ = s.set_item(&local_key(&self.id.get_value()), &json);
        }
    }

    fn forget_locally(self) {
        if let Some(s) = storage() {
            let _ = s.remove_item(&local_key(&self.id.get_value()));
        }
    }

    /// Saves every edit to the server, one save at a time, and answers the
    /// server's view of the saved draft.
    pub async fn sync(self) -> Result<(), ApiError> {
        while self.saving.get_untracked() {
            sleep(50).await;
        }
        loop {
            let edit = self.edits.get_untracked();
            if edit == self.saved.get_untracked() {
                return Ok(());
            }
            if !self.view.with_untracked(|v| v.status.is_editable()) {
                return Ok(());
            }
            self.saving.set(true);
            self.save_state.set(SaveState::Saving);
            let body = SaveApplication {
                version: self.version.get_untracked(),
                form: self.form.get_untracked(),
            };
            self.in_flight.set_value(Some(body.form.clone()));
            self.keep_locally();
            let answer = api::call::<ApplicationView>("PUT", &self.url(), Some(&body)).await;
            self.in_flight.set_value(None);
            self.saving.set(false);
            match answer {
                Ok(v) => {
                    self.version.set(v.version);
                    self.saved.set(edit);
                    // The server's list of files stands.
                    if self.form.with_untracked(|f| f.attachments != v.form.attachments) {
                        let files = v.form.attachments.clone();
                        self.form.update(|f| f.attachments = files);
                    }
                    self.view.set(v);
                    self.save_state.set(SaveState::Saved);
                    self.keep_locally();
                }
                Err(e) => {
                    self.save_state.set(if e.code() == Some("draft.changed") {
                        SaveState::Conflict
                    } else {
                        SaveState::Offline
                    });
                    return Err(e);
                }
            }
        }
    }

    /// Takes the server's latest version, dropping unsaved edits.
    pub async fn reload(self) {
        if let Ok(v) = api::get::<ApplicationView>(&self.url()).await {
            self.forget_locally();
            self.version.set(v.version);
            self.form.set(v.form.clone());
            self.saved.set(self.edits.get_untracked());
            self.view.set(v);
            self.save_state.set(SaveState::Saved);
        }
    }

    /// Replaces the view after an action the server performed.
    pub fn accept(self, v: ApplicationView) {
        self.version.set(v.version);
        self.form.update(|f| f.attachments = v.form.attachments.clone());
        self.view.set(v);
    }

    /// The message of an error at a path, when it is to be shown.
    pub fn error_at(self, errors: Memo<Vec<FieldError>>, path: String) -> Signal<Option<String>> {
        let lang = use_lang();
        let service = self.service;
        Signal::derive(move || {
            let l = lang.get();
            let shown = self.show_all.get() || self.touched.with(|t| t.contains(&path));
            let mine = shown
                .then(|| errors.with(|es| es.iter().find(|e| e.path == path).map(|e| e.render(l, service))))
                .flatten();
            mine.or_else(|| {
                self.server_errors
                    .with(|es| es.iter().find(|e| e.path == path).map(|e| e.render(l, service)))
            })
        })
    }

    /// The error summary's lines: the step's own errors once Continue was
    /// pressed, then the server's, each path once.
    pub fn summary(self, errors: Memo<Vec<FieldError>>) -> Signal<Vec<(String, String)>> {
        let lang = use_lang();
        Signal::derive(move || {
            let l = lang.get();
            let mut out: Vec<(String, String)> = Vec::new();
            if self.show_all.get() {
                out.extend(errors.get().iter().map(|e| (e.path.clone(), e.render(l, self.service))));
            }
            for e in self.server_errors.get() {
                if !out.iter().any(|(p, _)| *p == e.path) {
                    out.push((e.path.clone(), e.render(l, self.service)));
                }
            }
            out
        })
    }

    /// Whether the step may be left: if not, every error is shown and the
    /// summary takes focus.
    pub fn may_continue(self, errors: Memo<Vec<FieldError>>) -> bool {
        if errors.with_untracked(Vec::is_empty) {
            return true;
        }
        self.show_all.set(true);
        self.focus.update(|f| *f += 1);
        false
    }

    /// A text field bound to the form at a path.
    pub fn field(self, errors: Memo<Vec<FieldError>>, props: FieldProps) -> impl IntoView {
        let path = props.path.clone();
        let value = {
            let path = path.clone();
            Signal::derive(move || self.form.with(|f| f.value(&path)))
        };
        let error = self.error_at(errors, path.clone());
        let on_input = {
            let path = path.clone();
            move |v: String| {
                self.server_errors.update(|es| es.retain(|e| e.path != path));
                self.edit(|f| f.set_value(&path, &v));
            }
        };
        let on_leave = move || {
            self.touched.update(|t| {
                t.insert(path.clone());
            })
        };
        view! { <TextField p={props} value={value} error={error} on_input={on_input} on_leave={on_leave}/> }
    }
}

/// The editor over a loaded draft, with the local copy if it has unsaved
/// edits.
pub fn open(v: ApplicationView, api: Endpoints) -> Wizard {
    let service = catalog().service(&v.form.service).unwrap_or(&catalog().services[0]);
    let local: Option<LocalCopy> = storage()
        .and_then(|s| s.get_item(&local_key(&v.id)).ok().flatten())
        .and_then(|json| serde_json::from_str(&json).ok());
    let editable = v.status.is_editable();
    // Unsaved edits of this very version survive a reload; a newer version
    // from another device wins over an older local copy.
    // A save of this tab's that reached the server just before the reload
    // counts as this version too.
    let own_save = |l: &LocalCopy| l.version + 1 == v.version && l.sent.as_ref() == Some(&v.form);
    let unsaved = local.filter(|l| editable && (l.version == v.version || own_save(l)) && l.form != v.form);
    let w = Wizard {
        id: StoredValue::new(v.id.clone()),
        api: StoredValue::new(api),
        service,
        form: RwSignal::new(unsaved.as_ref().map_or_else(|| v.form.clone(), |l| l.form.clone())),
        version: RwSignal::new(v.version),
        view: RwSignal::new(v),
        touched: RwSignal::new(BTreeSet::new()),
        show_all: RwSignal::new(false),
        server_errors: RwSignal::new(Vec::new()),
        save_state: RwSignal::new(SaveState::Saved),
        edits: RwSignal::new(0),
        saved: RwSignal::new(0),
        saving: RwSignal::new(false),
        in_flight: StoredValue::new(None),
        focus: RwSignal::new(0),
        today: now().local_date(),
    };
    if unsaved.is_some() {
        w.edits.set(1);
        spawn_local(async move {
            let _ = w.sync().await;
        });
    }
    w
}

/// "Saved", "Saving…", "kept on this device", or the conflict banner.
#[component]
pub fn SaveIndicator(
    /// The editor whose saving is shown.
    w: Wizard,
) -> impl IntoView {
    let lang = use_lang();
    move || match w.save_state.get() {
        SaveState::Conflict => view! {
            <div class="rq-notice rq-notice--error" role="alert" data-save="conflict">
                <p>{Msg::DraftChanged.text(lang.get())}</p>
                <button class="rq-button rq-button--secondary" type="button" on:click=move |_| spawn_local(w.reload())>
                    {Msg::CommonReload.text(lang.get())}
                </button>
            </div>
        }
        .into_any(),
        state => {
            let (msg, key) = match state {
                SaveState::Saving => (Msg::CommonSaving, "saving"),
                SaveState::Offline => (Msg::CommonNotSaved, "offline"),
                _ => (Msg::CommonSaved, "saved"),
            };
            view! { <p class="rq-save-state" data-save=key aria-live="polite">{msg.text(lang.get())}</p> }.into_any()
        }
    }
}

/// Paying online: the beneficiary tax authority, chosen, and its bank, the
/// Treasury, shown (seed 000, figure 10.2).
pub fn beneficiary(w: Wizard, errors: Memo<Vec<FieldError>>) -> impl IntoView {
    let lang = use_lang();
    let bank = shared::banks::treasury();
    view! {
        {PAYMENT_ONLINE.iter().map(|f| w.field(errors, frame(f, 0))).collect_view()}
        <dl class="rq-summary-list" data-beneficiary-bank=bank.bic.clone()>
            <div class="rq-summary-list__row">
                <dt class="rq-summary-list__key">{move || Msg::LabelBeneficiaryBank.text(lang.get())}</dt>
                <dd class="rq-summary-list__value">{move || bank.label(lang.get())}</dd>
            </div>
        </dl>
    }
}

/// The props of a frame field (labels from the translations).
pub fn frame(field: &FrameField, row: usize) -> FieldProps {
    let input = match field.kind {
        FrameKind::Text { multiline: true } => Input::Multiline,
        FrameKind::Text { multiline: false } => Input::Text,
        FrameKind::Id(IdKind::Phone) => Input::Tel,
        FrameKind::Id(IdKind::Iban) => Input::Text,
        FrameKind::Id(_) | FrameKind::Okpo => Input::Digits,
        FrameKind::Amount => Input::Number,
        FrameKind::PastDate => Input::Date,
        FrameKind::Choice(list) => Input::Choose(list),
    };
    let path = if field.path.starts_with("bank-accounts.") {
        format!("{}[{row}]", field.path)
    } else {
        field.path.to_owned()
    };
    FieldProps {
        path,
        label: Label::Msg(field.label),
        hint: None,
        input,
        optional: !field.required,
        max_len: Some(field.max_len),
        autocomplete: field.autocomplete,
    }
}
