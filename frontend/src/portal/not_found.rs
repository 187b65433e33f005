//! The page for an unknown path.

use leptos::prelude::*;
use leptos_router::components::A;
use shared::i18n::Msg;

use crate::i18n::t;

/// "Page not found", with a way back.
#[component]
pub fn NotFound() -> impl IntoView {
    view! {
        <div class="rq-width rq-not-found">
            <h1 class="rq-heading-l">{t(Msg::PageNotFound)}</h1>
            <p>{t(Msg::PageNotFoundHint)}</p>
            <A href="/">{t(Msg::NavBackToServices)}</A>
        </div>
    }
}
