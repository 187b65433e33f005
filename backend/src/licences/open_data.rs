//! The register as open data: every licence as JSON or CSV pages, and a
//! change feed, each page answered with an ETag of its bytes (a client
//! asking again with `If-None-Match` gets 304 and nothing to download) and
//! cacheable by anyone for five minutes. A legal entity's BIN is published;
//! an individual's IIN never is.

use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};
use shared::calendar::Timestamp;
use shared::ids::Iin;
use shared::page::{Cursor, Page};
use shared::review::{OPEN_DATA_PAGE, OpenDataQuery, OpenLicence};

use super::store::{self, OpenRow};
use crate::error::ApiQuery;
use crate::{AppError, AppState};

fn open(r: OpenRow) -> OpenLicence {
    // A legal entity's BIN is public; an individual's IIN is personal data.
    let bin = (r.holder_id.parse::<Iin>().is_err() && !r.holder_id.trim().is_empty()).then_some(r.holder_id);
    OpenLicence {
        number: r.number,
        holder_name: r.holder_name,
        bin,
        service: r.service,
        provider: r.provider,
        status: r.status.0,
        issued_on: Timestamp::from_unix(r.issued_at).local_date(),
        valid_until: r.valid_until.and_then(|d| d.parse().ok()),
        supersedes: r.supersedes,
        changed_at: r.updated_at,
    }
}

/// Answers bytes with their ETag, or 304 when the client has them.
fn cached(bytes: Vec<u8>, content_type: &'static str, asked: &HeaderMap, next: Option<String>) -> Response {
    let digest = Sha256::digest(&bytes);
    let tag = format!("\"{}\"", crate::eds::hex(&digest[..16]));
    let matches = asked
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim() == tag || t.trim() == "*"));
    let mut response = if matches {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        bytes.into_response()
    };
    let headers = response.headers_mut();
    if !matches {
        headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    }
    if let Ok(v) = HeaderValue::from_str(&tag) {
        headers.insert(header::ETAG, v);
    }
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=300"));
    // The next page, relative to this one's path.
    if let Some(v) = next.and_then(|n| HeaderValue::from_str(&format!("<?{n}>; rel=\"next\"")).ok()) {
        headers.insert(header::LINK, v);
    }
    response
}

fn json<T: serde::Serialize>(page: &T) -> Result<Vec<u8>, AppError> {
    serde_json::to_vec(page).map_err(|e| AppError::Internal(format!("json: {e}")))
}

fn issued_key(l: &OpenRow) -> Cursor {
    Cursor::new(l.issued_at, &l.number)
}

/// A page of the register as JSON, oldest first.
pub(super) async fn register_json(
    State(state): State<AppState>,
    headers: HeaderMap,
    ApiQuery(q): ApiQuery<OpenDataQuery>,
) -> Result<Response, AppError> {
    let after = crate::error::cursor(q.after.as_deref())?;
    let rows = store::open_page(&state.db, after.as_ref(), OPEN_DATA_PAGE + 1).await?;
    let page = Page::cut(rows, OPEN_DATA_PAGE, issued_key);
    let next = page.next.clone();
    let page = Page {
        rows: page.rows.into_iter().map(open).collect::<Vec<_>>(),
        next: page.next,
    };
    Ok(cached(
        json(&page)?,
        "application/json",
        &headers,
        next.map(|n| format!("after={n}")),
    ))
}

/// The columns of the CSV, as their machine-readable names.
const CSV_COLUMNS: [&str; 10] = [
    "number",
    "holder_name",
    "bin",
    "service",
    "provider",
    "status",
    "issued_on",
    "valid_until",
    "supersedes",
    "changed_at",
];

/// A page of the register as CSV (UTF-8 with BOM), oldest first; the next
/// page is named by the `Link` header.
pub(super) async fn register_csv(
    State(state): State<AppState>,
    headers: HeaderMap,
    ApiQuery(q): ApiQuery<OpenDataQuery>,
) -> Result<Response, AppError> {
    let after = crate::error::cursor(q.after.as_deref())?;
    let rows = store::open_page(&state.db, after.as_ref(), OPEN_DATA_PAGE + 1).await?;
    let page = Page::cut(rows, OPEN_DATA_PAGE, issued_key);
    let failed = |e: csv::Error| AppError::Internal(format!("csv: {e}"));
    let mut out = "\u{feff}".as_bytes().to_vec();
    {
        let mut w = csv::Writer::from_writer(&mut out);
        w.write_record(CSV_COLUMNS).map_err(failed)?;
        for l in page.rows.into_iter().map(open) {
            w.write_record([
                l.number,
                l.holder_name,
                l.bin.unwrap_or_default(),
                l.service,
                l.provider,
                crate::db::codec::text(&l.status)?,
                l.issued_on.to_string(),
                l.valid_until.map(|d| d.to_string()).unwrap_or_default(),
                l.supersedes.unwrap_or_default(),
                l.changed_at.to_string(),
            ])
            .map_err(failed)?;
        }
        w.flush().map_err(|e| AppError::Internal(format!("csv: {e}")))?;
    }
    let next = page.next.map(|n| format!("after={n}"));
    Ok(cached(out, "text/csv; charset=utf-8", &headers, next))
}

/// The change feed: licences issued, re-registered, suspended, resumed or
/// terminated at or after `since`, in the order they changed, each with its
/// status now.
pub(super) async fn changes(
    State(state): State<AppState>,
    headers: HeaderMap,
    ApiQuery(q): ApiQuery<OpenDataQuery>,
) -> Result<Response, AppError> {
    let after = crate::error::cursor(q.after.as_deref())?;
    let since = q.since.unwrap_or(0);
    let rows = store::changed_since(&state.db, since, after.as_ref(), OPEN_DATA_PAGE + 1).await?;
    let page = Page::cut(rows, OPEN_DATA_PAGE, |l| Cursor::new(l.updated_at, &l.number));
    let next = page.next.clone();
    let page = Page {
        rows: page.rows.into_iter().map(open).collect::<Vec<_>>(),
        next: page.next,
    };
    let next = next.map(|n| format!("since={since}&after={n}"));
    Ok(cached(json(&page)?, "application/json", &headers, next))
}
