//! The router: every page of the app and its path.

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

use crate::components::header::Header;
use crate::i18n::provide_lang;
use crate::pages::{catalog::CatalogPage, not_found::NotFound, service::ServicePage};

/// The whole app.
#[component]
pub fn App() -> impl IntoView {
    provide_lang();
    view! {
        <Router>
            <Header/>
            <main id="main" class="rq-main" tabindex="-1">
                <Routes fallback=NotFound>
                    <Route path=path!("/") view=CatalogPage/>
                    <Route path=path!("/services/:code") view=ServicePage/>
                </Routes>
            </main>
            <crate::components::footer::Footer/>
        </Router>
    }
}
