//! A page another of the site's apps serves.

use leptos::prelude::*;

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
