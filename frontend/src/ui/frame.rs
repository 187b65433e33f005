//! The frame of the applicant's and the public's apps.

use leptos::prelude::*;
use leptos_router::components::Router;

use crate::i18n::provide_lang;
use crate::session::provide_session;
use crate::ui::{footer::Footer, header::Header};

/// The frame of the applicant's and the public's pages: the language and
/// the session, the header, the page, the footer.
#[component]
pub fn Frame(children: Children) -> impl IntoView {
    provide_lang();
    provide_session();
    view! {
        <Router>
            <Header/>
            <main id="main" class="rq-main" tabindex="-1">
                {children()}
            </main>
            <Footer/>
        </Router>
    }
}
