//! The page header: the product name and the КАЗ / РУС / ENG switch.

use leptos::prelude::*;
use leptos_router::components::A;
use shared::i18n::{Lang, Msg};

use crate::i18n::{t, use_lang};
use crate::session::use_session;

/// The header on every page.
#[component]
pub fn Header() -> impl IntoView {
    let session = use_session();
    let navigate = leptos_router::hooks::use_navigate();
    let sign_out = move |_| {
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            let _ = crate::api::send("DELETE", "/api/sessions/current", None::<&()>).await;
            session.me.set(None);
            navigate("/", Default::default());
        });
    };
    // Until the server has said who is signed in, the header shows what the
    // page's session cookie suggests, so that it does not change (and the
    // page below it jump) when the answer comes.
    let signed_in = move || session.me.with(Option::is_some) || (!session.ready.get() && session.cookie);
    let account = move || {
        if signed_in() {
            view! {
                <A href="/cabinet" attr:class="rq-account__link" attr:data-nav="cabinet">{t(Msg::NavCabinet)}</A>
                <button type="button" class="rq-account__link rq-link-button" data-nav="sign-out" on:click=sign_out.clone()>{t(Msg::NavSignOut)}</button>
            }
            .into_any()
        } else {
            view! { <A href="/sign-in" attr:class="rq-account__link" attr:data-nav="sign-in">{t(Msg::NavSignIn)}</A> }
                .into_any()
        }
    };
    view! {
        <a class="rq-skip-link" href="#main">{t(Msg::AppSkip)}</a>
        <DemoBanner/>
        <header class="rq-header">
            <div class="rq-header__inner rq-width">
                <A href="/" attr:class="rq-header__brand">
                    <span class="rq-header__logo" aria-hidden="true">"R"</span>
                    <span class="rq-header__name">{t(Msg::AppName)}</span>
                    <span class="rq-header__tagline">{t(Msg::AppTagline)}</span>
                </A>
                <nav class="rq-account">{account}</nav>
                <LangSwitch/>
            </div>
        </header>
    }
}

/// "Demonstration" across the top of every page while the server runs as a
/// demonstration (its demo accounts have a published password), so that
/// nobody takes it for the real service.
#[component]
pub fn DemoBanner() -> impl IntoView {
    // The server marks a demonstration's pages (`<html data-demo>`), as it
    // draws the banner in the page's shell.
    let demo = document()
        .document_element()
        .is_some_and(|html| html.has_attribute("data-demo"));
    demo.then(|| {
        view! {
            <div class="rq-demo-banner" role="note" data-demo="true">
                <div class="rq-width">{t(Msg::DemoBanner)}</div>
            </div>
        }
    })
}

/// The КАЗ / РУС / ENG switch, in both apps' headers.
#[component]
pub fn LangSwitch() -> impl IntoView {
    let lang = use_lang();
    view! {
        <nav class="rq-lang" aria-label=t(Msg::LangSwitch)>
            {Lang::ALL
                .into_iter()
                .map(|l| {
                    view! {
                        <button
                            type="button"
                            class="rq-lang__option"
                            class:rq-lang__option--current=move || lang.get() == l
                            aria-pressed=move || (lang.get() == l).to_string()
                            lang=l.code()
                            title=l.native_name()
                            data-lang=l.code()
                            on:click=move |_| lang.set(l)
                        >
                            {l.switch_label()}
                        </button>
                    }
                })
                .collect_view()}
        </nav>
    }
}
