//! Serving the built single-page app.
//!
//! Four apps are served: the portal's front door (the catalogue and the
//! service pages) from the build's root, the applicant's account (sign-in,
//! registration, the cabinet, the wizard) from `account/`, the provider's
//! back office from `staff/` for every path under `/staff`, and the public
//! register, verification page and statistics (`/registry`, `/verify`,
//! `/statistics`) from `public/`;
//! each answers its own `index.html` for its client-side routes.
//!
//! Trunk names every asset with a content hash (`name-0123456789abcdef.wasm`),
//! so those are cached for a year as immutable. `index.html` is answered for
//! every other path, with `no-cache`, so that a client-side route survives a
//! reload and a new release is picked up at once.

use std::path::Path;

use axum::body::Body;
use axum::http::{HeaderValue, Request, Response, StatusCode, header};
use tower::Service;
use tower::ServiceExt as _;
use tower_http::services::{ServeDir, ServeFile};

/// Each app's page in the build: the front door, the applicant's account,
/// the back office, the public register.
pub const INDEXES: [&str; 4] = [
    "index.html",
    "account/index.html",
    "staff/index.html",
    "public/index.html",
];

const IMMUTABLE: &str = "public, max-age=31536000, immutable";
const NO_CACHE: &str = "no-cache";

/// What the pages' shells are drawn with, besides the request.
#[derive(Clone, Debug)]
pub struct Pages {
    /// A demonstration: every page says so.
    pub demo: bool,
    /// The name of the applicant's session cookie, whose presence marks a
    /// page `data-signed-in`.
    pub session_cookie: String,
}

/// The service that answers every non-API path.
pub fn service(
    dist: &Path,
    pages: Pages,
) -> impl Service<Request<Body>, Response = Response<Body>, Error = std::convert::Infallible, Future: Send>
+ Clone
+ Send
+ Sync
+ 'static {
    let app = |dir: &Path, index: &Path| {
        ServeDir::new(dir)
            .append_index_html_on_directories(false)
            // The build leaves best-compression copies beside the assets.
            .precompressed_br()
            .precompressed_gzip()
            .fallback(ServeFile::new(index))
    };
    let [portal, account, staff, public] = INDEXES.map(|index| app(dist, &dist.join(index)));
    let account_assets: std::sync::Arc<[String]> = std::fs::read_to_string(dist.join(INDEXES[1]))
        .map(|index| crate::shell::preloads(&index))
        .unwrap_or_default()
        .into();
    tower::service_fn(move |mut req: Request<Body>| {
        let hashed = is_hashed_asset(req.uri().path());
        if !hashed {
            // A page is drawn for its visitor (see `with_shell`): never
            // "not modified" against a copy kept from another answer.
            for name in [header::IF_MODIFIED_SINCE, header::IF_NONE_MATCH, header::IF_RANGE] {
                req.headers_mut().remove(name);
            }
        }
        let visitor = crate::shell::Visitor {
            lang: crate::shell::language(req.headers()),
            demo: pages.demo,
            signed_in: crate::auth::has_session_cookie(req.headers(), &pages.session_cookie),
        };
        let page = req.uri().path().to_owned();
        let account_assets = account_assets.clone();
        let path = req.uri().path();
        let files = if path == "/staff" || path.starts_with("/staff/") {
            staff.clone()
        } else if matches!(path, "/registry" | "/verify" | "/statistics") || path.starts_with("/public/") {
            public.clone()
        } else if is_account_page(path) {
            account.clone()
        } else {
            portal.clone()
        };
        async move {
            let mut response = files.oneshot(req).await?.map(Body::new);
            let is_html = response
                .headers()
                .get(header::CONTENT_TYPE)
                .and_then(|v| v.to_str().ok())
                .is_some_and(|v| v.starts_with("text/html"));
            if is_html && response.status() == StatusCode::OK {
                response = with_shell(response, &page, visitor, &account_assets).await;
            }
            let policy = if hashed && !is_html && response.status().is_success() {
                IMMUTABLE
            } else {
                NO_CACHE
            };
            response
                .headers_mut()
                .insert(header::CACHE_CONTROL, HeaderValue::from_static(policy));
            Ok(response)
        }
    })
}

/// An app's `index.html` with the shell of the page put in (see
/// [`crate::shell`]). The page differs by language, so it says so, and has
/// no validators that would let a browser keep another language's copy.
async fn with_shell(
    response: Response<Body>,
    path: &str,
    visitor: crate::shell::Visitor,
    next_app: &[String],
) -> Response<Body> {
    let (mut parts, body) = response.into_parts();
    // An index.html is a few kilobytes; anything larger is not one of ours.
    let Ok(bytes) = axum::body::to_bytes(body, 1 << 20).await else {
        return Response::from_parts(parts, Body::empty());
    };
    let Ok(index) = std::str::from_utf8(&bytes) else {
        return Response::from_parts(parts, Body::from(bytes));
    };
    let page = crate::shell::render(index, path, visitor, next_app);
    for name in [header::CONTENT_LENGTH, header::LAST_MODIFIED, header::ETAG] {
        parts.headers.remove(name);
    }
    parts
        .headers
        .insert(header::VARY, HeaderValue::from_static("cookie, accept-language"));
    Response::from_parts(parts, Body::from(page))
}

/// Whether a path is one of the applicant's account app's pages (or its
/// assets, under `/account/`); every other page of the portal is the front
/// door's.
fn is_account_page(path: &str) -> bool {
    let under = |prefix: &str| path == prefix || path.starts_with(&format!("{prefix}/"));
    matches!(path, "/sign-in" | "/register")
        || under("/cabinet")
        || path.starts_with("/applications/")
        || under("/account")
}

/// Whether the last path segment carries Trunk's 16-hex-digit content hash.
fn is_hashed_asset(path: &str) -> bool {
    // Trunk writes a 64-bit hash in hex without its leading zeros, so a
    // hash may be shorter than 16 digits (`5-forms-fafadbb50b39dd5.css`).
    let hashed = |name: &str| {
        let stem = name.split('.').next().unwrap_or_default();
        let stem = stem.strip_suffix("_bg").unwrap_or(stem);
        stem.rsplit_once('-')
            .is_some_and(|(_, hash)| (12..=16).contains(&hash.len()) && hash.bytes().all(|b| b.is_ascii_hexdigit()))
    };
    let name = path.rsplit('/').next().unwrap_or_default();
    // A crate's JavaScript snippets sit under a hashed folder of their own:
    // `/snippets/ruqsat-frontend-021320c9c099b207/js/platform.js`.
    let snippet = path
        .split("/snippets/")
        .nth(1)
        .and_then(|rest| rest.split('/').next())
        .is_some_and(hashed);
    hashed(name) || snippet
}

#[cfg(test)]
mod tests {
    use super::is_hashed_asset;

    #[test]
    fn hashed_assets_are_recognised() {
        assert!(is_hashed_asset("/ruqsat-frontend-1a2b3c4d5e6f7a8b_bg.wasm"));
        assert!(is_hashed_asset("/ruqsat-frontend-1a2b3c4d5e6f7a8b.js"));
        assert!(is_hashed_asset("/main-0123456789abcdef.css"));
        assert!(
            is_hashed_asset("/5-forms-fafadbb50b39dd5.css"),
            "a hash without its leading zero"
        );
        assert!(is_hashed_asset(
            "/snippets/ruqsat-frontend-021320c9c099b207/js/platform.js"
        ));
        assert!(is_hashed_asset(
            "/staff/snippets/ruqsat-frontend-021320c9c099b207/js/platform.js"
        ));
        assert!(!is_hashed_asset("/snippets/platform.js"));
        assert!(!is_hashed_asset("/applications/load-123/sign"));
        assert!(!is_hashed_asset("/"));
        assert!(!is_hashed_asset("/services/security"));
        assert!(!is_hashed_asset("/index.html"));
        assert!(!is_hashed_asset("/favicon-ico"));
    }
}
