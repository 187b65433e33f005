//! The public app: the licence register and the verification page a
//! licence's QR code opens. Anyone reaches it, mostly from a phone camera,
//! so it is its own small wasm instead of a part of the applicant's portal.

mod registry;

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

use crate::i18n::provide_lang;
use crate::session::provide_session;
use crate::ui::OtherApp;
use crate::ui::{footer::Footer, header::Header};
use registry::{RegistryPage, VerifyPage};

/// The whole public app.
#[component]
pub fn PublicApp() -> impl IntoView {
    provide_lang();
    provide_session();
    view! {
        <Router>
            <Header/>
            <main id="main" class="rq-main" tabindex="-1">
                <Routes fallback=OtherApp>
                    <Route path=path!("/registry") view=RegistryPage/>
                    <Route path=path!("/verify") view=VerifyPage/>
                </Routes>
            </main>
            <Footer/>
        </Router>
    }
}
