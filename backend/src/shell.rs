//! The page every app's `index.html` starts as: before the wasm has
//! arrived, the browser already draws the header and the page's heading in
//! the visitor's language, and the app replaces it when it starts.
//!
//! The language is the one the visitor chose on the switch (the app keeps
//! it in the `ruqsat_lang` cookie), else the first of the browser's
//! `Accept-Language` that Ruqsat speaks, else Kazakh; it is written into
//! `<html lang>`, from which the app starts, so that the shell and the app
//! never disagree. A demonstration server says so in the shell too (and the
//! app reads `data-demo` instead of asking).

use axum::http::{HeaderMap, header};
use shared::catalog::catalog;
use shared::i18n::{Lang, Msg};

/// The cookie that remembers the language chosen on the switch.
pub const LANG_COOKIE: &str = "ruqsat_lang";

/// The language of a page load: the remembered choice, else the browser's.
pub fn language(headers: &HeaderMap) -> Lang {
    let chosen = crate::auth::cookie_value(headers, LANG_COOKIE).and_then(|v| Lang::from_code(&v));
    chosen
        .or_else(|| {
            let accept = headers.get(header::ACCEPT_LANGUAGE)?.to_str().ok()?;
            preferred(accept)
        })
        .unwrap_or_default()
}

/// The first language of an `Accept-Language` list, by weight, that Ruqsat
/// speaks (`ru-RU;q=0.9` is Russian).
fn preferred(accept: &str) -> Option<Lang> {
    let mut ranked: Vec<(f32, usize, Lang)> = accept
        .split(',')
        .enumerate()
        .filter_map(|(n, item)| {
            let mut parts = item.split(';');
            let lang = Lang::from_code(parts.next()?.trim())?;
            let weight = parts
                .find_map(|p| p.trim().strip_prefix("q="))
                .map_or(Some(1.0), |q| q.trim().parse::<f32>().ok())?;
            (weight > 0.0).then_some((weight, n, lang))
        })
        .collect();
    ranked.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    ranked.first().map(|r| r.2)
}

/// What a page is drawn for.
#[derive(Clone, Copy, Debug)]
pub struct Visitor {
    /// The page's language.
    pub lang: Lang,
    /// A demonstration server.
    pub demo: bool,
    /// The request carries a session cookie: the app's header starts as a
    /// signed-in applicant's (`<html data-signed-in>`) while it asks.
    pub signed_in: bool,
}

/// The assets an app's built `index.html` loads first: what it preloads
/// (its script and snippets) and the wasm its start-up script asks for
/// once the page is drawn (the build's `paint_first` took its preload).
pub fn preloads(index: &str) -> Vec<String> {
    let mut assets: Vec<String> = index
        .split("<link ")
        .skip(1)
        .filter_map(|tag| tag.split('>').next())
        .filter(|tag| tag.contains("rel=\"preload\"") || tag.contains("rel=\"modulepreload\""))
        .filter_map(|tag| Some(tag.split("href=\"").nth(1)?.split('"').next()?.to_owned()))
        .collect();
    let wasm = index
        .split("module_or_path: '")
        .nth(1)
        .and_then(|rest| rest.split('\'').next())
        .filter(|path| path.ends_with(".wasm") && !assets.iter().any(|a| a == path));
    assets.extend(wasm.map(str::to_owned));
    assets
}

/// A service page is where a visitor decides to apply, in the applicant's
/// account app: the front door's pages name that app's assets, which a
/// service page fetches once it is drawn (not before: they would share the
/// network with the front door's own wasm), so that signing in opens at
/// once. The catalogue names them too, for the service page a click on it
/// opens without a page load.
fn prefetches(path: &str, next_app: &[String]) -> String {
    if !(path == "/" || path.starts_with("/services/")) || next_app.is_empty() {
        return String::new();
    }
    format!(
        "<meta name=\"rq-next-app\" content=\"{}\">",
        escape(&next_app.join(" "))
    )
}

/// `index.html` with the visitor's language and the shell of the page at
/// `path` put in; unchanged when it is not the page the build writes.
pub fn render(index: &str, path: &str, visitor: Visitor, next_app: &[String]) -> String {
    let Visitor { lang, demo, signed_in } = visitor;
    const HTML: &str = "<html lang=\"kk\">";
    let Some(body) = index.find("<body>").map(|at| at + "<body>".len()) else {
        return index.to_owned();
    };
    let shell = shell(path, lang, demo, signed_in);
    let prefetch = prefetches(path, next_app);
    let head_end = index[..body].rfind("</head>").unwrap_or(0);
    let mut out = String::with_capacity(index.len() + shell.len() + prefetch.len() + 32);
    out.push_str(&index[..head_end]);
    out.push_str(&prefetch);
    out.push_str(&index[head_end..body]);
    out.push_str(&shell);
    out.push_str(&index[body..]);
    let html = format!(
        "<html lang=\"{}\"{}{}>",
        lang.code(),
        if demo { " data-demo=\"true\"" } else { "" },
        if signed_in { " data-signed-in" } else { "" }
    );
    out.replacen(HTML, &html, 1)
}

/// The header and what the page at `path` starts with, as the apps draw them.
fn shell(path: &str, lang: Lang, demo: bool, signed_in: bool) -> String {
    let text = |m: Msg| escape(m.text(lang));
    let staff = path == "/staff" || path.starts_with("/staff/");
    let mut s = String::from("<div id=\"rq-shell\">");
    if demo {
        s.push_str(&format!(
            "<div class=\"rq-demo-banner\" role=\"note\"><div class=\"rq-width\">{}</div></div>",
            text(Msg::DemoBanner)
        ));
    }
    s.push_str(&format!(
        "<header class=\"rq-header{}\"><div class=\"rq-header__inner rq-width\"><a class=\"rq-header__brand\" href=\"{}\">\
         <span class=\"rq-header__logo\" aria-hidden=\"true\">R</span><span class=\"rq-header__name\">{}</span>\
         <span class=\"rq-header__tagline\">{}</span></a></div></header>",
        if staff { " rq-header--staff" } else { "" },
        if staff { "/staff/inbox" } else { "/" },
        text(Msg::AppName),
        text(if staff { Msg::StaffTitle } else { Msg::AppTagline }),
    ));
    s.push_str("<main class=\"rq-main\"><div class=\"rq-width\">");
    s.push_str(&page(path, lang, signed_in));
    s.push_str("</div></main></div>");
    s
}

/// What the app will draw first at `path`: the heading, and the lead and
/// the first paragraph where the page has them, in the same elements and
/// classes as the app's, so that the app's page takes their place without
/// a line moving (and the largest text on the screen is drawn here, before
/// the wasm has arrived).
fn page(path: &str, lang: Lang, signed_in: bool) -> String {
    let heading = |class: &str, m: &str| format!("<h1 class=\"{class}\">{}</h1>", escape(m));
    let lead = |m: &str| format!("<p class=\"rq-lead\">{}</p>", escape(m));
    let narrow = |m: Msg, l: Msg| {
        format!(
            "<div class=\"rq-narrow\">{}{}</div>",
            heading("rq-heading-l", m.text(lang)),
            lead(l.text(lang))
        )
    };
    match path {
        "/" => format!(
            "<section class=\"rq-hero\">{}{}</section>",
            heading("rq-heading-xl", Msg::CatalogHeading.text(lang)),
            lead(Msg::AppIntro.text(lang))
        ),
        "/sign-in" => narrow(Msg::AuthSignInHeading, Msg::AuthSignInLead),
        "/register" => narrow(Msg::AuthRegisterHeading, Msg::AuthRegisterIntro),
        "/cabinet" => heading("rq-heading-l", Msg::CabinetHeading.text(lang)),
        "/registry" => heading("rq-heading-l", Msg::RegistryTitle.text(lang)),
        "/verify" => heading("rq-heading-l", Msg::RegistryVerifyTitle.text(lang)),
        "/statistics" => heading("rq-heading-l", Msg::StatsTitle.text(lang)),
        "/staff" | "/staff/" => heading("rq-heading-l", Msg::StaffSignIn.text(lang)),
        _ => service_page(path, lang)
            .or_else(|| signed_in.then(|| wizard_step(path, lang)).flatten())
            .unwrap_or_default(),
    }
}

/// A service page (`/services/{code}`): back to the list, its provider, its
/// title, lead and summary.
fn service_page(path: &str, lang: Lang) -> Option<String> {
    let s = catalog().service(path.strip_prefix("/services/")?)?;
    let provider = catalog()
        .provider(&s.provider)
        .map(|p| p.name.get(lang))
        .unwrap_or_default();
    Some(format!(
        "<div class=\"rq-service\"><a class=\"rq-back-link\" href=\"/\">{}</a><span class=\"rq-caption\">{}</span>\
         <h1 class=\"rq-heading-l\">{}</h1><p class=\"rq-lead\">{}</p><p>{}</p></div>",
        escape(Msg::NavBackToServices.text(lang)),
        escape(provider),
        escape(s.short_title.get(lang)),
        escape(s.title.get(lang)),
        escape(s.summary.get(lang)),
    ))
}

/// A step of a signed-in applicant's application
/// (`/applications/{id}/{step}`) that every service titles alike: its
/// heading, and the applicant step's note that the details come from the
/// state register (the app's `steps::applicant` opens with it).
fn wizard_step(path: &str, lang: Lang) -> Option<String> {
    let mut parts = path.strip_prefix("/applications/")?.split('/');
    let (_id, slug) = (parts.next()?, parts.next()?);
    let step = shared::form::WizardStep::common(slug).filter(|_| parts.next().is_none())?;
    let title = step.common_title()?;
    let note = if step == shared::form::WizardStep::Applicant {
        format!(
            "<div class=\"rq-inset\">{}</div>",
            escape(Msg::WizardPrefilled.text(lang))
        )
    } else {
        String::new()
    };
    Some(format!(
        "<div class=\"rq-wizard\" data-step=\"{}\"><h1 class=\"rq-heading-l\">{}</h1>{note}</div>",
        escape(slug),
        escape(title.text(lang))
    ))
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(cookie: Option<&str>, accept: Option<&str>) -> HeaderMap {
        let mut h = HeaderMap::new();
        if let Some(c) = cookie {
            h.insert(header::COOKIE, HeaderValue::from_str(c).expect("a header"));
        }
        if let Some(a) = accept {
            h.insert(header::ACCEPT_LANGUAGE, HeaderValue::from_str(a).expect("a header"));
        }
        h
    }

    #[test]
    fn the_chosen_language_wins_then_the_browsers_by_weight_then_kazakh() {
        assert_eq!(language(&headers(None, None)), Lang::Kk);
        assert_eq!(language(&headers(None, Some("ru-RU,ru;q=0.9,en;q=0.8"))), Lang::Ru);
        assert_eq!(language(&headers(None, Some("de-DE, en;q=0.5, ru;q=0.7"))), Lang::Ru);
        assert_eq!(language(&headers(None, Some("fr, de;q=0.9"))), Lang::Kk, "none spoken");
        assert_eq!(
            language(&headers(None, Some("ru;q=0, en"))),
            Lang::En,
            "q=0 means not wanted"
        );
        assert_eq!(
            language(&headers(Some("ruqsat_session=ab; ruqsat_lang=en"), Some("ru"))),
            Lang::En
        );
        assert_eq!(
            language(&headers(Some("ruqsat_lang=xx"), Some("kk-KZ"))),
            Lang::Kk,
            "a bad cookie is passed over"
        );
    }

    #[test]
    fn an_apps_preloaded_assets_are_read_from_its_index() {
        let index = r#"<link rel="stylesheet" href="/a.css"/><link rel="modulepreload" href="/account/x-1.js" crossorigin="anonymous"><link rel="preload" href="/account/x-1_bg.wasm" as="fetch"></head>"#;
        assert_eq!(preloads(index), ["/account/x-1.js", "/account/x-1_bg.wasm"]);
        // As the build leaves it: the wasm asked for by the script alone.
        let drawn_first = r#"<script type="module">
import init, * as bindings from '/account/x-1.js';
if (document.visibilityState !== 'hidden') await new Promise((drawn) => requestAnimationFrame(() => setTimeout(drawn)));
const wasm = await init({ module_or_path: '/account/x-1_bg.wasm' });
</script><link rel="modulepreload" href="/account/x-1.js" crossorigin="anonymous"></head>"#;
        assert_eq!(preloads(drawn_first), ["/account/x-1.js", "/account/x-1_bg.wasm"]);
    }

    #[test]
    fn the_shell_carries_the_language_the_heading_and_escapes_text() {
        let index = "<!doctype html>\n<html lang=\"kk\">\n<head></head>\n<body>\n<noscript>x</noscript></body></html>";
        let visitor = |lang, demo, signed_in| Visitor { lang, demo, signed_in };
        let page = render(index, "/", visitor(Lang::Ru, false, false), &[]);
        assert!(page.contains("<html lang=\"ru\">"), "{page}");
        assert!(page.contains(&escape(Msg::CatalogHeading.text(Lang::Ru))));
        assert!(
            page.find("id=\"rq-shell\"") < page.find("<noscript>"),
            "the shell opens the body"
        );
        assert!(!page.contains("rq-demo-banner"));
        let demo = render(index, "/staff", visitor(Lang::En, true, true), &[]);
        assert!(
            demo.contains("<html lang=\"en\" data-demo=\"true\" data-signed-in>"),
            "{demo}"
        );
        assert!(demo.contains("rq-demo-banner"));
        assert!(demo.contains(Msg::StaffSignIn.text(Lang::En)));
        let service = catalog().services.first().expect("a service");
        let account = vec!["/account/app-1.js".to_owned(), "/account/app-1_bg.wasm".to_owned()];
        let page = render(
            index,
            &format!("/services/{}", service.code),
            visitor(Lang::Kk, false, false),
            &account,
        );
        assert!(page.contains(&escape(service.short_title.get(Lang::Kk))));
        assert!(
            page.contains("<meta name=\"rq-next-app\" content=\"/account/app-1.js /account/app-1_bg.wasm\"></head>"),
            "a service page names the account app's assets: {page}"
        );
        assert!(render(index, "/", visitor(Lang::Kk, false, false), &account).contains("rq-next-app"));
        assert!(!render(index, "/registry", visitor(Lang::Kk, false, false), &account).contains("rq-next-app"));
        assert_eq!(escape("<a & \"b\">"), "&lt;a &amp; &quot;b&quot;&gt;");
        assert_eq!(render("no body", "/", visitor(Lang::En, false, false), &[]), "no body");
    }

    /// The largest text of a page's first screen is the shell's, so that
    /// the page is read before its wasm has come: the lead of sign-in and
    /// registration, a service's summary, a wizard step's heading.
    #[test]
    fn the_shell_draws_what_each_page_opens_with() {
        let index = "<html lang=\"kk\"><head></head><body></body></html>";
        let at = |path: &str, signed_in: bool| {
            let visitor = Visitor {
                lang: Lang::Ru,
                demo: false,
                signed_in,
            };
            render(index, path, visitor, &[])
        };
        let has = |page: &str, text: &str| page.contains(&escape(text));
        assert!(has(&at("/sign-in", false), Msg::AuthSignInLead.text(Lang::Ru)));
        assert!(has(&at("/register", false), Msg::AuthRegisterIntro.text(Lang::Ru)));
        let service = catalog().services.first().expect("a service");
        let page = at(&format!("/services/{}", service.code), false);
        assert!(has(&page, service.summary.get(Lang::Ru)), "{page}");
        assert!(has(&page, Msg::NavBackToServices.text(Lang::Ru)));
        let step = at("/applications/abc/applicant", true);
        assert!(has(&step, Msg::WizardApplicant.text(Lang::Ru)), "{step}");
        assert!(has(&step, Msg::WizardPrefilled.text(Lang::Ru)));
        assert!(has(
            &at("/applications/abc/documents", true),
            Msg::WizardDocuments.text(Lang::Ru)
        ));
        // A signed-out visitor is sent to sign in; a service's own step and
        // the request step are titled by the service, which the shell does
        // not know.
        assert!(!has(
            &at("/applications/abc/applicant", false),
            Msg::WizardApplicant.text(Lang::Ru)
        ));
        assert!(!at("/applications/abc/premises", true).contains("<h1"));
        assert!(!at("/applications/abc/request", true).contains("<h1"));
        assert!(!at("/applications/abc/applicant/x", true).contains("<h1"));
    }
}
