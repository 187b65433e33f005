//! The first page, as a person uses it: the five services, the language
//! switch, a service page opened by clicking, and a reload that keeps it.

use fantoccini::Locator;
use ruqsat_e2e::{Browser, Server};
use shared::catalog::catalog;
use shared::i18n::Lang;

async fn browse_catalogue(width: u32, name: &str) {
    let server = Server::start();
    let browser = Browser::open(width, 1000).await;
    let c = &browser.client;
    c.goto(&server.url).await.expect("open the home page");

    // Rendered by the app, not by index.html: these exist only if the wasm ran.
    browser.wait_for("[data-service='grain-warehouse']").await;
    // Every asset the page loaded (wasm, JavaScript and its snippets, CSS,
    // icon) is hashed and cached for a year: a repeat visit asks for none.
    let uncached = browser
        .run_async(
            "const urls = performance.getEntriesByType('resource').map(e => e.name) \
               .filter(u => u.startsWith(location.origin) && !u.includes('/api/')); \
             const bad = []; \
             for (const u of urls) { const r = await fetch(u, {cache: 'no-store'}); \
               const c = r.headers.get('cache-control'); \
               if (c !== 'public, max-age=31536000, immutable') bad.push(u + ': ' + c); } \
             return urls.length + ' ' + bad.join(' ');",
            vec![],
        )
        .await;
    let uncached = uncached.as_str().unwrap_or_default();
    assert!(
        uncached
            .split_once(' ')
            .is_some_and(|(n, bad)| n.parse::<u32>().unwrap_or(0) >= 4 && bad.is_empty()),
        "assets not cached immutably: {uncached}"
    );
    let cards = c
        .find_all(Locator::Css("li.rq-card[data-service]"))
        .await
        .expect("cards");
    assert_eq!(cards.len(), 5, "the five services are listed");
    let groups = c
        .find_all(Locator::Css("section[data-provider]"))
        .await
        .expect("groups");
    assert_eq!(groups.len(), catalog().by_provider().len(), "grouped by provider");
    browser.screenshot(&format!("catalogue-{name}")).await;

    // Switch to Russian: the titles change, and the choice is remembered.
    let transport = catalog().service("passenger-transport").expect("in the catalogue");
    let title = "[data-service='passenger-transport'] .rq-card__title";
    browser.wait_for_text(title, transport.short_title.get(Lang::En)).await;
    c.find(Locator::Css("button[data-lang='ru']"))
        .await
        .expect("РУС")
        .click()
        .await
        .expect("click");
    browser.wait_for_text(title, transport.short_title.get(Lang::Ru)).await;
    let html_lang = c
        .execute("return document.documentElement.lang", vec![])
        .await
        .expect("script");
    assert_eq!(html_lang.as_str(), Some("ru"));

    // Open a service page by clicking its card.
    let security = catalog().service("security").expect("in the catalogue");
    c.find(Locator::Css("[data-service='security'] a"))
        .await
        .expect("the card link")
        .click()
        .await
        .expect("click");
    browser.wait_for_text("h1", security.short_title.get(Lang::Ru)).await;
    let url = c.current_url().await.expect("url");
    assert_eq!(url.path(), "/services/security");
    assert_eq!(
        c.find_all(Locator::Css("[data-request-type]"))
            .await
            .expect("request types")
            .len(),
        security.request_types.len()
    );
    browser.screenshot(&format!("service-{name}")).await;
    // While the page is read, it fetches the applicant's account app (where
    // applying starts) into the cache.
    let prefetched = browser
        .run_async(
            "for (let i = 0; i < 100; i++) { \
               if (performance.getEntriesByType('resource').some(e => /\\/account\\/.*_bg\\.wasm$/.test(e.name))) return true; \
               await new Promise(r => setTimeout(r, 100)); } \
             return false;",
            vec![],
        )
        .await;
    assert_eq!(prefetched.as_bool(), Some(true), "the account app is fetched ahead");

    // A reload serves the same client route, still in Russian.
    c.refresh().await.expect("reload");
    browser.wait_for_text("h1", security.short_title.get(Lang::Ru)).await;
    assert_eq!(c.current_url().await.expect("url").path(), "/services/security");
    // Before the wasm ran, the server had drawn the page's shell in the
    // chosen language (remembered in a cookie); the app then took its place.
    browser.wait_for("[data-request-type]").await;
    let shell = browser
        .run_async(
            "const t = await (await fetch(location.href)).text(); \
             return [t.includes('<html lang=\"ru\"'), t.includes('id=\"rq-shell\"'), \
                     document.getElementById('rq-shell') === null, document.querySelectorAll('h1').length];",
            vec![],
        )
        .await;
    assert_eq!(
        shell,
        serde_json::json!([true, true, true, 1]),
        "shell in Russian, then the app alone"
    );

    // An unknown service shows "not found" inside the app.
    c.goto(&format!("{}/services/no-such-service", server.url))
        .await
        .expect("goto");
    browser.wait_for(".rq-not-found").await;
    browser.close().await;
}

#[tokio::test]
async fn catalogue_on_desktop() {
    browse_catalogue(1280, "desktop").await;
}

#[tokio::test]
async fn catalogue_on_a_phone() {
    browse_catalogue(390, "phone").await;
}
