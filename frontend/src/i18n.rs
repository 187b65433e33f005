//! The current language: chosen on the switch, remembered in a cookie, and
//! reflected in `<html lang>`. Texts come from `shared::i18n::Msg`.
//!
//! The server writes the page's `<html lang>` (the remembered choice, else
//! the browser's `Accept-Language`, else Kazakh) and draws the page's shell
//! in it before the wasm arrives; the app starts from the same attribute, so
//! the two never disagree.

use leptos::prelude::*;
use shared::i18n::{Lang, Msg};
use wasm_bindgen::JsCast as _;

/// The cookie the server reads the chosen language from.
const COOKIE: &str = "ruqsat_lang";

/// The language signal, shared through context.
#[derive(Clone, Copy)]
pub struct CurrentLang(pub RwSignal<Lang>);

/// The language the server chose for this page.
fn initial_lang() -> Lang {
    document()
        .document_element()
        .and_then(|html| html.get_attribute("lang"))
        .and_then(|code| Lang::from_code(&code))
        .unwrap_or_default()
}

/// Creates the language signal and keeps the cookie and `<html lang>` in
/// step with it.
pub fn provide_lang() {
    let lang = RwSignal::new(initial_lang());
    Effect::new(move |first: Option<()>| {
        let l = lang.get();
        if let Some(html) = document().document_element() {
            let _ = html.set_attribute("lang", l.code());
        }
        // Remembered only once chosen: a first visit keeps following the
        // browser. A year, for the whole site.
        if first.is_some()
            && let Ok(doc) = document().dyn_into::<web_sys::HtmlDocument>()
        {
            let _ = doc.set_cookie(&format!(
                "{COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax",
                l.code()
            ));
        }
    });
    provide_context(CurrentLang(lang));
}

/// The language signal.
pub fn use_lang() -> RwSignal<Lang> {
    use_context::<CurrentLang>()
        .map(|c| c.0)
        .unwrap_or_else(|| RwSignal::new(Lang::default()))
}

/// A reactive translated text.
pub fn t(msg: Msg) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
    let lang = use_lang();
    move || msg.text(lang.get())
}
