//! The page footer: the help line and the public licence register.

use leptos::prelude::*;
use shared::i18n::Msg;

use crate::i18n::t;

/// The footer on every page.
#[component]
pub fn Footer() -> impl IntoView {
    view! {
        <footer class="rq-footer">
            <div class="rq-width">
                <p>{t(Msg::AppHelpline)}</p>
                <p><a href="/registry" data-nav="registry">{t(Msg::RegistryTitle)}</a></p>
            </div>
        </footer>
    }
}
