//! Loading a page's data: what shows while it loads, and what shows when it
//! cannot — the pieces every `<Transition>` and `<ErrorBoundary>` of the
//! apps use.

use leptos::prelude::*;
use shared::i18n::Msg;

use crate::i18n::t;

/// Why a page's data could not be had, already in the reader's language.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PageError(pub String);

impl std::fmt::Display for PageError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for PageError {}

/// What shows while a page's data loads.
#[component]
pub fn Loading() -> impl IntoView {
    view! { <p class="rq-caption" role="status" aria-live="polite">{t(Msg::AppLoading)}</p> }
}

/// What shows in place of data that could not be had.
pub fn failed(errors: ArcRwSignal<Errors>) -> impl IntoView {
    view! {
        <div class="rq-notice rq-notice--error" role="alert" data-load-failed="">
            {move || errors.get().into_iter().map(|(_, e)| view! { <p>{e.to_string()}</p> }).collect_view()}
        </div>
    }
}
