//! A list read a page at a time by keyset: the first page of an address,
//! then "Show more" adds the next below it. An answer to an address asked
//! before the latest (a search typed further) is dropped.

use leptos::prelude::*;
use leptos::task::spawn_local;
use serde::de::DeserializeOwned;
use shared::i18n::{Lang, Msg};
use shared::page::Page;

use crate::api;
use crate::i18n::{t, use_lang};

/// The rows read so far, the next page's cursor, and what went wrong.
pub struct Pages<T: Send + Sync + 'static> {
    /// The rows, once the first page has come.
    pub list: RwSignal<Option<Vec<T>>>,
    /// The problem of the last read, in the user's language.
    pub problem: RwSignal<Option<String>>,
    next: RwSignal<Option<String>>,
    asked: StoredValue<u32>,
    lang: RwSignal<Lang>,
}

impl<T: Send + Sync + 'static> Clone for Pages<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: Send + Sync + 'static> Copy for Pages<T> {}

impl<T: DeserializeOwned + Clone + Send + Sync + 'static> Default for Pages<T> {
    fn default() -> Self {
        Self::new()
    }
}

impl<T: DeserializeOwned + Clone + Send + Sync + 'static> Pages<T> {
    /// An empty list, not read yet.
    pub fn new() -> Self {
        Pages {
            list: RwSignal::new(None),
            problem: RwSignal::new(None),
            next: RwSignal::new(None),
            asked: StoredValue::new(0),
            lang: use_lang(),
        }
    }

    /// Reads the first page of `url` (its query included), or with `after`
    /// the page after that cursor, added below.
    pub fn fetch(self, url: String, after: Option<String>) {
        self.asked.update_value(|n| *n += 1);
        let this = self.asked.get_value();
        let url = match &after {
            Some(a) => format!(
                "{url}{}after={}",
                if url.contains('?') { '&' } else { '?' },
                api::encode(a)
            ),
            None => url,
        };
        spawn_local(async move {
            match api::get::<Page<T>>(&url).await {
                Ok(_) if self.asked.get_value() != this => {}
                Ok(page) => {
                    self.next.set(page.next);
                    match after {
                        Some(_) => self.list.update(|l| l.get_or_insert_with(Vec::new).extend(page.rows)),
                        None => self.list.set(Some(page.rows)),
                    }
                }
                Err(e) if e.status() == 401 => {}
                Err(e) => self.problem.set(Some(e.message(self.lang.get_untracked()))),
            }
        });
    }

    /// "Show more" while there is a next page of what `url` gives.
    pub fn more(self, url: impl Fn() -> String + Copy + Send + Sync + 'static) -> impl IntoView {
        move || {
            self.next.get().map(|n| {
                view! {
                    <button type="button" class="rq-button rq-button--secondary" data-action="more"
                        on:click=move |_| self.fetch(url(), Some(n.clone()))>{t(Msg::RegistryMore)}</button>
                }
            })
        }
    }
}
