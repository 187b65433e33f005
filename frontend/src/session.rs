//! Who is signed in: asked of the server once at start, then kept in a
//! signal that sign-in, registration and sign-out update.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::{use_location, use_navigate};
use shared::api::Me;

use crate::api;

/// The signed-in applicant, shared through context.
#[derive(Clone, Copy)]
pub struct Session {
    /// The applicant, when signed in.
    pub me: RwSignal<Option<Me>>,
    /// Whether the server has answered who is signed in.
    pub ready: RwSignal<bool>,
    /// Whether the page came with a session cookie (the server marks it
    /// `<html data-signed-in>`): who is signed in is then likely known
    /// before the server has answered.
    pub cookie: bool,
}

/// Asks the server who is signed in and provides the session.
pub fn provide_session() {
    let session = Session {
        me: RwSignal::new(None),
        ready: RwSignal::new(false),
        cookie: document()
            .document_element()
            .is_some_and(|html| html.has_attribute("data-signed-in")),
    };
    spawn_local(async move {
        let me = api::get::<Option<Me>>("/api/session").await.ok().flatten();
        session.me.set(me);
        session.ready.set(true);
    });
    provide_context(session);
}

/// The session.
pub fn use_session() -> Session {
    use_context::<Session>().unwrap_or_else(|| Session {
        me: RwSignal::new(None),
        ready: RwSignal::new(true),
        cookie: false,
    })
}

/// Sends a visitor who is not signed in to the sign-in page, to come back here after.
pub fn require_sign_in() {
    let session = use_session();
    let location = use_location();
    let navigate = use_navigate();
    Effect::new(move |_| {
        if session.ready.get() && session.me.with(Option::is_none) {
            let here = format!(
                "{}{}",
                location.pathname.get_untracked(),
                location.search.get_untracked()
            );
            navigate(
                &format!("/sign-in?next={}", api::encode(&here)),
                leptos_router::NavigateOptions {
                    replace: true,
                    ..Default::default()
                },
            );
        }
    });
}
