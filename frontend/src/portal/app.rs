//! The applicant's portal, as two apps, each its own wasm: the front door
//! (the catalogue and the service pages, what a first visit opens) and the
//! applicant's account (sign-in, registration, the cabinet and the wizard).
//! The front door then loads without the wizard; the two link to each other
//! with full page loads, like the other apps.

use leptos::prelude::*;
use leptos_router::components::{Route, Routes};
use leptos_router::path;

use crate::portal::auth::{RegisterPage, SignInPage};
use crate::portal::cabinet::{ApplicationsPage, CertificatePage, LicencesPage, NotificationsPage, SessionsPage};
use crate::portal::wizard::WizardPage;
use crate::portal::{catalog::CatalogPage, not_found::NotFound, service::ServicePage};
use crate::ui::OtherApp;
use crate::ui::frame::Frame;

/// The front door: the catalogue and the service pages.
#[component]
pub fn App() -> impl IntoView {
    view! {
        <Frame>
            <Routes fallback=NotFound>
                <Route path=path!("/") view=CatalogPage/>
                <Route path=path!("/services/:code") view=ServicePage/>
                // The other apps' pages: loaded from the server.
                <Route path=path!("/sign-in") view=OtherApp/>
                <Route path=path!("/register") view=OtherApp/>
                <Route path=path!("/cabinet") view=OtherApp/>
                <Route path=path!("/cabinet/*any") view=OtherApp/>
                <Route path=path!("/applications/*any") view=OtherApp/>
                <Route path=path!("/registry") view=OtherApp/>
                <Route path=path!("/verify") view=OtherApp/>
            </Routes>
        </Frame>
    }
}

/// The applicant's account: sign-in, registration, the cabinet and the wizard.
#[component]
pub fn AccountApp() -> impl IntoView {
    view! {
        <Frame>
            <Routes fallback=NotFound>
                <Route path=path!("/sign-in") view=SignInPage/>
                <Route path=path!("/register") view=RegisterPage/>
                <Route path=path!("/cabinet") view=ApplicationsPage/>
                <Route path=path!("/cabinet/licences") view=LicencesPage/>
                <Route path=path!("/cabinet/notifications") view=NotificationsPage/>
                <Route path=path!("/cabinet/certificate") view=CertificatePage/>
                <Route path=path!("/cabinet/sessions") view=SessionsPage/>
                <Route path=path!("/applications/:id/:step") view=WizardPage/>
                // The other apps' pages: loaded from the server.
                <Route path=path!("/") view=OtherApp/>
                <Route path=path!("/services/:code") view=OtherApp/>
                <Route path=path!("/registry") view=OtherApp/>
                <Route path=path!("/verify") view=OtherApp/>
            </Routes>
        </Frame>
    }
}
