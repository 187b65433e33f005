//! The public app: the licence register, the verification page a
//! licence's QR code opens, and each provider's service statistics. Anyone
//! reaches it, mostly from a phone camera, so it is its own small wasm
//! instead of a part of the applicant's portal.

mod registry;
mod statistics;

use leptos::prelude::*;
use leptos_router::components::{Route, Routes};
use leptos_router::path;

use crate::ui::OtherApp;
use crate::ui::frame::Frame;
use registry::{RegistryPage, VerifyPage};

/// The whole public app.
#[component]
pub fn PublicApp() -> impl IntoView {
    view! {
        <Frame>
            <Routes fallback=OtherApp>
                <Route path=path!("/registry") view=RegistryPage/>
                <Route path=path!("/verify") view=VerifyPage/>
                <Route path=path!("/statistics") view=statistics::StatisticsPage/>
            </Routes>
        </Frame>
    }
}
