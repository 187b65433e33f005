//! The page footer: the help line, the public licence register and the
//! service statistics.

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
                <p>
                    <a href="/registry" data-nav="registry">{t(Msg::RegistryTitle)}</a>
                    " · "
                    <a href="/statistics" data-nav="statistics">{t(Msg::RegistryStatisticsLink)}</a>
                </p>
            </div>
        </footer>
    }
}
