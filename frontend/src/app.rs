//! The router: every page of the app and its path.

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

use crate::components::header::Header;
use crate::i18n::provide_lang;
use crate::pages::auth::{RegisterPage, SignInPage};
use crate::pages::cabinet::{ApplicationsPage, CertificatePage, LicencesPage, NotificationsPage};
use crate::pages::registry::{RegistryPage, VerifyPage};
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
                    <Route path=path!("/applications/:id/:step") view=WizardPage/>
                    <Route path=path!("/registry") view=RegistryPage/>
                    <Route path=path!("/verify") view=VerifyPage/>
                </Routes>
            </main>
            <crate::components::footer::Footer/>
        </Router>
    }
}
