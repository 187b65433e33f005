//! Serving the built single-page app.
//!
//! Three apps are served: the applicant's portal from the build's root, the
//! provider's back office from its `staff/` folder for every path under
//! `/staff`, and the public register and verification page (`/registry`,
//! `/verify`) from `public/`; each answers its own `index.html` for its
//! client-side routes.
//!
//! Trunk names every asset with a content hash (`name-0123456789abcdef.wasm`),
//! so those are cached for a year as immutable. `index.html` is answered for
//! every other path, with `no-cache`, so that a client-side route survives a
//! reload and a new release is picked up at once.

use std::path::Path;

use axum::body::Body;
use axum::http::{HeaderValue, Request, Response, header};
use tower::Service;
use tower::ServiceExt as _;
use tower_http::services::{ServeDir, ServeFile};

const IMMUTABLE: &str = "public, max-age=31536000, immutable";
const NO_CACHE: &str = "no-cache";

/// The service that answers every non-API path.
pub fn service(
    dist: &Path,
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
    let portal = app(dist, &dist.join("index.html"));
    let staff = app(dist, &dist.join("staff/index.html"));
    let public = app(dist, &dist.join("public/index.html"));
    tower::service_fn(move |req: Request<Body>| {
        let hashed = is_hashed_asset(req.uri().path());
        let path = req.uri().path();
        let files = if path == "/staff" || path.starts_with("/staff/") {
            staff.clone()
        } else if matches!(path, "/registry" | "/verify") || path.starts_with("/public/") {
            public.clone()
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
