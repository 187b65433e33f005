//! The page's shell: what the server drew before the wasm arrived (the
//! header and the page's heading, in the visitor's language). The app takes
//! its place once it has drawn the page itself.

/// Removes the shell; called right after the app is mounted, in the same
/// task, so the browser never paints a frame with neither or both.
pub fn remove() {
    if let Some(shell) = leptos::prelude::document().get_element_by_id("rq-shell") {
        shell.remove();
    }
}

/// Fetches, at the lowest priority and after a pause, the assets of the app
/// the page names as the visitor's likely next (`<meta name="rq-next-app">`,
/// which the server writes on a service page): the applicant's account app,
/// whose sign-in then opens from the browser's cache.
pub fn prefetch_next_app() {
    leptos::prelude::set_timeout(
        || {
            let document = leptos::prelude::document();
            let Some(meta) = document.query_selector("meta[name='rq-next-app']").ok().flatten() else {
                return;
            };
            let (Some(head), Some(content)) = (document.head(), meta.get_attribute("content")) else {
                return;
            };
            for href in content.split_whitespace() {
                if let Ok(link) = document.create_element("link") {
                    let _ = link.set_attribute("rel", "prefetch");
                    let _ = link.set_attribute("href", href);
                    let _ = head.append_child(&link);
                }
            }
            // Once is enough: the page may be drawn again.
            meta.remove();
        },
        std::time::Duration::from_secs(2),
    );
}
