//! Browser and protocol defences, one layer for every response.
//!
//! - A state-changing request (POST, PUT, PATCH, DELETE) is refused when a
//!   browser says it comes from another site (`Sec-Fetch-Site`, or an
//!   `Origin` that is not this host), and when its body is not JSON (the
//!   uploads' declared file types and the sandbox gateway's own form aside):
//!   a cross-site form can then never act for a signed-in user.
//! - Every response says `nosniff` and `Referrer-Policy: same-origin`, and
//!   behind TLS `Strict-Transport-Security`.
//! - The apps' pages carry a `Content-Security-Policy` that allows scripts
//!   from this origin only (the inline loader Trunk writes is allowed by its
//!   hash), WebAssembly compilation, and no framing; documents served for
//!   preview may be framed by the app itself; everything else may not be
//!   framed at all.
//! - Answers with personal data are `Cache-Control: no-store`.

use std::path::Path;

use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use base64::Engine as _;
use sha2::{Digest as _, Sha256};

use crate::{AppError, AppState};

/// The policy of the apps' pages, with the hashes of the inline scripts of
/// the built `index.html` files under `dist`.
pub fn page_policy(dist: &Path) -> String {
    let mut hashes: Vec<String> = crate::spa::INDEXES
        .iter()
        .filter_map(|f| std::fs::read_to_string(dist.join(f)).ok())
        .flat_map(|html| {
            inline_scripts(&html)
                .into_iter()
                .map(|script| {
                    let digest = Sha256::digest(script.as_bytes());
                    format!("'sha256-{}'", base64::engine::general_purpose::STANDARD.encode(digest))
                })
                .collect::<Vec<_>>()
        })
        .collect();
    hashes.sort();
    hashes.dedup();
    format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'{}{}; style-src 'self'; img-src 'self' data: blob:; \
         object-src 'self'; frame-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'self'; \
         frame-ancestors 'none'",
        if hashes.is_empty() { "" } else { " " },
        hashes.join(" ")
    )
}

/// The text of every `<script>` without a `src`.
fn inline_scripts(html: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<script") {
        let after = &rest[start..];
        let Some(open_end) = after.find('>') else { break };
        let tag = &after[..open_end];
        let body = &after[open_end + 1..];
        let Some(close) = body.find("</script>") else { break };
        if !tag.contains(" src=") {
            out.push(&body[..close]);
        }
        rest = &body[close..];
    }
    out
}

/// Whether a browser says the request comes from another site.
fn cross_site(headers: &HeaderMap) -> bool {
    if let Some(site) = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        return !matches!(site, "same-origin" | "none");
    }
    match (
        headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()),
        headers.get(header::HOST).and_then(|v| v.to_str().ok()),
    ) {
        (Some(origin), Some(host)) => origin.split_once("://").map(|(_, h)| h) != Some(host),
        (Some(_), None) => true,
        _ => false,
    }
}

fn has_body(headers: &HeaderMap) -> bool {
    headers.contains_key(header::TRANSFER_ENCODING)
        || headers
            .get(header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<u64>().ok())
            .is_some_and(|n| n > 0)
}

/// The type a body must have on a path: JSON, but a file on an upload and
/// a form at the sandbox gateway.
fn body_type_allowed(path: &str, content_type: &str) -> bool {
    let essence = content_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    if path.contains("/attachments/") {
        return true;
    }
    if path.starts_with("/sandbox/") {
        return essence == "application/x-www-form-urlencoded";
    }
    essence == "application/json"
}

/// Paths whose answers hold nothing personal and may be cached as they say.
fn public_api(path: &str) -> bool {
    path == "/api/health"
        || path.starts_with("/api/services")
        || path.starts_with("/api/registry")
        || path == "/api/ca/root.cer"
}

/// The layer.
pub async fn defend(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let path = request.uri().path().to_owned();
    let changes = !matches!(*request.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    if changes {
        if cross_site(request.headers()) {
            tracing::warn!(target: "security", %path, "cross-site request refused");
            return AppError::CrossOrigin.into_response();
        }
        let content_type = request
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default();
        let sized = axum::body::HttpBody::size_hint(request.body()).lower() > 0;
        if (sized || has_body(request.headers())) && !body_type_allowed(&path, content_type) {
            return AppError::UnsupportedMediaType.into_response();
        }
    }
    let method = request.method().clone();
    let mut response = next.run(request).await;
    if response.status() == axum::http::StatusCode::FORBIDDEN {
        tracing::warn!(target: "security", %method, %path, "request forbidden");
    }
    let content_type = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let headers = response.headers_mut();
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("same-origin"));
    if state.secure_cookies {
        headers.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=63072000; includeSubDomains"),
        );
    }
    // Chosen by the path, not by the answer's type: a `304 Not Modified`
    // has no type, and its headers replace the cached page's, so a page
    // revalidated must get the page's policy again.
    let policy = if path.starts_with("/sandbox/") {
        HeaderValue::from_static(
            "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'",
        )
    } else if !path.starts_with("/api/") {
        HeaderValue::from_str(&state.page_policy).unwrap_or(HeaderValue::from_static("frame-ancestors 'none'"))
    } else if content_type.starts_with("application/pdf") || content_type.starts_with("image/") {
        HeaderValue::from_static("frame-ancestors 'self'")
    } else {
        HeaderValue::from_static("default-src 'none'; frame-ancestors 'none'")
    };
    headers.insert(header::CONTENT_SECURITY_POLICY, policy);
    if path.starts_with("/api/") && !public_api(&path) {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_scripts_are_found_and_hashed() {
        let html =
            r#"<head><script type="module">import init from '/a.js';</script><script src="/b.js"></script></head>"#;
        assert_eq!(inline_scripts(html), ["import init from '/a.js';"]);
        let dir = std::env::temp_dir().join(format!("ruqsat-csp-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("a directory");
        std::fs::write(dir.join("index.html"), html).expect("a page");
        let policy = page_policy(&dir);
        let digest = base64::engine::general_purpose::STANDARD.encode(Sha256::digest(b"import init from '/a.js';"));
        assert!(policy.contains(&format!("'sha256-{digest}'")), "{policy}");
        assert!(policy.contains("'wasm-unsafe-eval'") && policy.contains("frame-ancestors 'none'"));
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn cross_site_requests_are_told_apart() {
        let h = |pairs: &[(&'static str, &'static str)]| {
            let mut m = HeaderMap::new();
            for (k, v) in pairs {
                m.insert(*k, HeaderValue::from_static(v));
            }
            m
        };
        assert!(!cross_site(&h(&[])));
        assert!(!cross_site(&h(&[("sec-fetch-site", "same-origin")])));
        assert!(cross_site(&h(&[("sec-fetch-site", "cross-site")])));
        assert!(cross_site(&h(&[("sec-fetch-site", "same-site")])));
        assert!(!cross_site(&h(&[
            ("origin", "http://127.0.0.1:8080"),
            ("host", "127.0.0.1:8080")
        ])));
        assert!(cross_site(&h(&[
            ("origin", "https://evil.example"),
            ("host", "127.0.0.1:8080")
        ])));
        assert!(body_type_allowed("/api/sessions", "application/json; charset=utf-8"));
        assert!(!body_type_allowed("/api/sessions", "application/x-www-form-urlencoded"));
        assert!(!body_type_allowed("/api/sessions", "text/plain"));
        assert!(body_type_allowed(
            "/api/applications/x/attachments/passport",
            "application/pdf"
        ));
        assert!(body_type_allowed(
            "/sandbox/gateway/x",
            "application/x-www-form-urlencoded"
        ));
    }
}
