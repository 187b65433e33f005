//! The current language: chosen on the switch, remembered in the browser, and
//! reflected in `<html lang>`. Texts come from `shared::i18n::Msg`.

use leptos::prelude::*;
use shared::i18n::{Lang, Msg};

const STORAGE_KEY: &str = "ruqsat.lang";

/// The language signal, shared through context.
#[derive(Clone, Copy)]
pub struct CurrentLang(pub RwSignal<Lang>);

fn storage() -> Option<web_sys::Storage> {
    window().local_storage().ok().flatten()
}

/// The language remembered from last time, else the first of the browser's
/// preferred languages that Ruqsat speaks (`ru-RU` is Russian), else Kazakh.
fn initial_lang() -> Lang {
    let stored = storage().and_then(|s| s.get_item(STORAGE_KEY).ok().flatten());
    stored.as_deref().and_then(Lang::from_code).unwrap_or_else(|| {
        window()
            .navigator()
            .languages()
            .iter()
            .filter_map(|l| l.as_string())
            .find_map(|l| Lang::from_code(&l))
            .unwrap_or_default()
    })
}

/// Creates the language signal and keeps storage and `<html lang>` in step with it.
pub fn provide_lang() {
    let lang = RwSignal::new(initial_lang());
    Effect::new(move |_| {
        let l = lang.get();
        if let Some(s) = storage() {
            // Remembering is a convenience; private mode may refuse it.
            let _ = s.set_item(STORAGE_KEY, l.code());
        }
        if let Some(html) = document().document_element() {
            let _ = html.set_attribute("lang", l.code());
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
