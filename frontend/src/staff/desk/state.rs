//! The intake page's state, which its panels (`person`, `paper`) and the
//! page itself share: the intake as last answered, the form's editor, the
//! refusals, and how a request about the intake is sent.

use leptos::prelude::*;
use leptos::task::spawn_local;
use serde::Serialize;
use serde::de::DeserializeOwned;
use shared::desk::IntakeView;
use shared::form::FieldError;

use crate::api;
use crate::i18n::use_lang;
use crate::staff::report;
use crate::ui::application::{Endpoints, Wizard, open};

/// The intake page's state, shared by its panels.
#[derive(Clone, Copy)]
pub(super) struct Desk {
    /// The intake's id.
    pub id: StoredValue<String>,
    /// The intake as the server last answered it.
    pub intake: RwSignal<Option<IntakeView>>,
    /// The application's editor, once the form may be filled.
    pub wizard: RwSignal<Option<Wizard>>,
    /// A refusal that names no field.
    pub problem: RwSignal<Option<String>>,
    /// Refusals by field (`representative.*`, `documents.*`, `receipt`, `iin`).
    pub errors: RwSignal<Vec<FieldError>>,
    /// A request is on its way.
    pub busy: RwSignal<bool>,
}

impl Desk {
    /// The intake's API path with a tail (`/consent`, …).
    pub fn url(self, tail: &str) -> String {
        format!("/api/desk/intakes/{}{tail}", self.id.get_value())
    }

    /// Takes the server's answer; the form's editor opens once consent is
    /// recorded, and again when the server changed the form (the register's
    /// data written in at consent).
    pub fn accept(self, v: IntakeView) {
        let stale = self.wizard.with_untracked(|w| {
            w.is_none_or(|w| w.version.get_untracked() != v.application.version && w.edits.get_untracked() == 0)
        });
        if v.consent.is_some() && stale {
            let api = Endpoints {
                form: self.url("/application"),
                attachments: self.url("/attachments"),
                files: None,
            };
            self.wizard.set(Some(open(v.application.clone(), api)));
        } else if let Some(w) = self.wizard.get_untracked() {
            w.accept(v.application.clone());
        }
        self.intake.set(Some(v));
    }

    /// Sends a request about the intake; its answer is taken, a refusal
    /// shown where it belongs. Nothing typed is lost either way.
    pub fn run<B: Serialize + 'static>(self, method: &'static str, tail: &'static str, body: Option<B>) {
        self.send::<B, IntakeView>(method, tail, body, move |v| self.accept(v));
    }

    /// As [`Desk::run`], with what to do with the answer.
    pub fn send<B: Serialize + 'static, T: DeserializeOwned + 'static>(
        self,
        method: &'static str,
        tail: &'static str,
        body: Option<B>,
        done: impl FnOnce(T) + 'static,
    ) {
        if self.busy.get_untracked() {
            return;
        }
        self.busy.set(true);
        let lang = use_lang().get_untracked();
        let url = self.url(tail);
        spawn_local(async move {
            match api::call::<T>(method, &url, body.as_ref()).await {
                Ok(v) => {
                    self.errors.set(Vec::new());
                    self.problem.set(None);
                    done(v);
                }
                Err(e) => report(&e, lang, self.errors, self.problem),
            }
            self.busy.set(false);
        });
    }
}
