//! The router: every page of the app and its path.

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

use crate::components::header::Header;
use crate::i18n::provide_lang;
use crate::pages::auth::{RegisterPage, SignInPage};
use crate::pages::cabinet::{ApplicationsPage, CertificatePage, LicencesPage, NotificationsPage, SessionsPage};
use crate::pages::wizard::WizardPage;
use crate::pages::{catalog::CatalogPage, not_found::NotFound, service::ServicePage};
use crate::session::provide_session;

/// The whole app.
#[component]
pub fn App() -> impl IntoView {
    provide_lang();
    provide_session();
    view! {
        <Router>
            <Header/>
            <main id="main" class="rq-main" tabindex="-1">
                <Routes fallback=NotFound>
                    <Route path=path!("/") view=CatalogPage/>
                    <Route path=path!("/services/:code") view=ServicePage/>
                    <Route path=path!("/sign-in") view=SignInPage/>
                    <Route path=path!("/register") view=RegisterPage/>
                    <Route path=path!("/cabinet") view=ApplicationsPage/>
                    <Route path=path!("/cabinet/licences") view=LicencesPage/>
                    <Route path=path!("/cabinet/notifications") view=NotificationsPage/>
                    <Route path=path!("/cabinet/certificate") view=CertificatePage/>
                    <Route path=path!("/cabinet/sessions") view=SessionsPage/>
                    <Route path=path!("/applications/:id/:step") view=WizardPage/>
                    // The public app's pages: loaded from the server.
                    <Route path=path!("/registry") view=OtherApp/>
                    <Route path=path!("/verify") view=OtherApp/>
                </Routes>
            </main>
            <crate::components::footer::Footer/>
        </Router>
    }
}

/// A path that another of the site's apps serves (the public register, the
/// back office, the portal): the router matched it in this app, so load it
/// from the server, which opens that app.
#[component]
pub fn OtherApp() -> impl IntoView {
    let location = leptos_router::hooks::use_location();
    let (path, search) = (location.pathname.get_untracked(), location.search.get_untracked());
    let url = if search.is_empty() {
        path
    } else {
        format!("{path}?{}", search.trim_start_matches('?'))
    };
    if let Some(w) = web_sys::window() {
        let _ = w.location().assign(&url);
    }
}
