//! The applicant's portal: every page and its path.

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

use crate::i18n::provide_lang;
use crate::portal::auth::{RegisterPage, SignInPage};
use crate::portal::cabinet::{ApplicationsPage, CertificatePage, LicencesPage, NotificationsPage, SessionsPage};
use crate::portal::wizard::WizardPage;
use crate::portal::{catalog::CatalogPage, not_found::NotFound, service::ServicePage};
use crate::session::provide_session;
use crate::ui::header::Header;

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
                    <Route path=path!("/registry") view=crate::ui::OtherApp/>
                    <Route path=path!("/verify") view=crate::ui::OtherApp/>
                </Routes>
            </main>
            <crate::ui::footer::Footer/>
        </Router>
    }
}
