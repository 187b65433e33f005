//! Upload, download and removal of attachments.

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use serde::Deserialize;
use sha2::{Digest, Sha256};
use shared::catalog::catalog;
use shared::form::{Attachment, FieldError};
use shared::i18n::Msg;

use super::{sniff, store};
use crate::auth::CurrentAccount;
use crate::error::{ApiJson, ApiPath, ApiQuery};
use crate::operations::{Access, Api};
use crate::{AppError, AppState};

/// The document id of the payment order's scan.
pub const PAYMENT_ORDER: &str = "payment-order";

/// The attachment routes.
pub fn router(max_upload_bytes: usize) -> Api {
    Api::new()
        .route(
            axum::http::Method::POST,
            "/applications/{id}/attachments/{document}",
            Access::Applicant,
            "attach a file (PDF, JPEG or PNG)",
            // A little room over the limit, so that the handler answers a
            // too-large file itself, in the user's language.
            post(upload_attachment).layer(DefaultBodyLimit::max(max_upload_bytes + 1024)),
        )
        .query::<UploadQuery>()
        .raw_body()
        .delete(
            "/applications/{id}/attachments/{document}/{sha256}",
            Access::Applicant,
            "remove an attached file",
            remove_attachment,
        )
        .get(
            "/attachments/{sha256}",
            Access::Applicant,
            "an attached file",
            download_attachment,
        )
}

#[derive(Deserialize, schemars::JsonSchema)]
struct UploadQuery {
    #[serde(default)]
    name: String,
}

fn file_error(document: &str, message: Msg, max_mb: Option<usize>) -> AppError {
    let mut e = FieldError::new(format!("documents.{document}"), message);
    if let Some(mb) = max_mb {
        e.args.insert("max".to_owned(), mb.to_string());
    }
    AppError::Invalid(vec![e])
}

/// The application must be the owner's, still editable, and the document
/// one its service asks for, the payment order's scan, or one of `extra`
/// (the counter's consent and power of attorney).
async fn editable_application(
    state: &AppState,
    owner: &str,
    id: &str,
    document: &str,
    extra: &[&str],
) -> Result<(), AppError> {
    let stored = crate::applications::owned(&state.db, owner, id)
        .await?
        .ok_or(AppError::NotFound)?;
    if !stored.status.is_editable() {
        return Err(AppError::Conflict(Msg::DraftNotEditable));
    }
    let service = catalog().service(&stored.service).ok_or(AppError::NotFound)?;
    if document != PAYMENT_ORDER && !extra.contains(&document) && !service.documents.iter().any(|d| d.id == document) {
        return Err(AppError::NotFound);
    }
    Ok(())
}

/// The upload's bytes and content type if the file may be kept: not empty,
/// within the size limit, of a type accepted, and within what the account
/// may keep unsent (files and bytes).
async fn admissible(
    state: &AppState,
    owner: &str,
    document: &str,
    body: Result<Bytes, BytesRejection>,
) -> Result<(Bytes, &'static str), AppError> {
    let max = state.max_upload_bytes;
    let max_mb = max.div_ceil(1024 * 1024);
    let bytes = body.map_err(|_| file_error(document, Msg::AttachmentTooLarge, Some(max_mb)))?;
    if bytes.is_empty() {
        return Err(file_error(document, Msg::AttachmentEmpty, None));
    }
    if bytes.len() > max {
        return Err(file_error(document, Msg::AttachmentTooLarge, Some(max_mb)));
    }
    let content_type = sniff(&bytes).ok_or_else(|| file_error(document, Msg::AttachmentType, None))?;
    let (files, used) = store::unsent_usage(&state.db, owner).await?;
    let quota = state.quota;
    let path = format!("documents.{document}");
    if files >= quota.files {
        let e = FieldError::new(path, Msg::AttachmentTooMany).arg("max", quota.files);
        return Err(AppError::Invalid(vec![e]));
    }
    if used + bytes.len() as i64 > quota.bytes {
        let e = FieldError::new(path, Msg::AttachmentQuota)
            .arg("max", quota.bytes / (1024 * 1024))
            .arg("used", (used.max(0) as u64).div_ceil(1024 * 1024));
        return Err(AppError::Invalid(vec![e]));
    }
    Ok((bytes, content_type))
}

async fn upload_attachment(
    State(state): State<AppState>,
    current: CurrentAccount,
    ApiPath((id, document)): ApiPath<(String, String)>,
    ApiQuery(query): ApiQuery<UploadQuery>,
    body: Result<Bytes, BytesRejection>,
) -> Result<(StatusCode, ApiJson<Attachment>), AppError> {
    let file = File {
        id: &id,
        document: &document,
        name: &query.name,
    };
    let attachment = attach(&state, &current.account.id, &file, &[], body).await?;
    Ok((StatusCode::CREATED, ApiJson(attachment)))
}

/// A file to attach: to which application, as which document, its name.
pub(crate) struct File<'a> {
    /// The application.
    pub id: &'a str,
    /// The document it is a page of.
    pub document: &'a str,
    /// The file's name as uploaded.
    pub name: &'a str,
}

/// Attaches a file to an owner's editable application: for the owner's
/// wizard, and for the counter that scans the paper documents, whose
/// consent form and power of attorney are `extra` documents.
pub(crate) async fn attach(
    state: &AppState,
    owner: &str,
    file: &File<'_>,
    extra: &[&str],
    body: Result<Bytes, BytesRejection>,
) -> Result<Attachment, AppError> {
    let (id, document) = (file.id, file.document);
    editable_application(state, owner, id, document, extra).await?;
    let (bytes, content_type) = admissible(state, owner, document, body).await?;
    let sha256: String = Sha256::digest(&bytes).iter().map(|b| format!("{b:02x}")).collect();
    let keep = || async {
        crate::storage::put_once(&state.files, &sha256, &bytes)
            .await
            .map_err(|e| AppError::Internal(format!("store a file: {e}")))
    };
    keep().await?;
    let name: String = file.name.chars().filter(|c| !c.is_control()).take(200).collect();
    let attachment = Attachment {
        sha256: sha256.clone(),
        name: if name.trim().is_empty() {
            "file".to_owned()
        } else {
            name
        },
        size: bytes.len() as u64,
        content_type: content_type.to_owned(),
    };
    store::insert(&state.db, id, document, &attachment, state.clock.now().unix()).await?;
    // The collector may have taken the file between its writing and the
    // row that refers to it; now that the row is there, it is kept.
    keep().await?;
    Ok(attachment)
}

async fn remove_attachment(
    State(state): State<AppState>,
    current: CurrentAccount,
    ApiPath((id, document, sha256)): ApiPath<(String, String, String)>,
) -> Result<StatusCode, AppError> {
    detach(&state, &current.account.id, &id, &document, &sha256, &[]).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Removes a file from an owner's editable application.
pub(crate) async fn detach(
    state: &AppState,
    owner: &str,
    id: &str,
    document: &str,
    sha256: &str,
    extra: &[&str],
) -> Result<(), AppError> {
    editable_application(state, owner, id, document, extra).await?;
    if store::delete(&state.db, id, document, sha256).await? {
        Ok(())
    } else {
        Err(AppError::NotFound)
    }
}

async fn download_attachment(
    State(state): State<AppState>,
    current: CurrentAccount,
    ApiPath(sha256): ApiPath<String>,
) -> Result<Response, AppError> {
    if sha256.len() != 64 || !sha256.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(AppError::NotFound);
    }
    let a = store::owned(&state.db, &current.account.id, &sha256)
        .await?
        .ok_or(AppError::NotFound)?;
    serve(&state, &a.sha256, &a.content_type).await
}

/// A stored file as a response, streamed from the store: its type as
/// recorded, never sniffed, shown inline, cached privately.
pub(crate) async fn serve(state: &AppState, sha256: &str, content_type: &str) -> Result<Response, AppError> {
    let (body, size) = crate::storage::stream(&state.files, sha256)
        .await
        .map_err(|e| AppError::Internal(format!("read a stored file: {e}")))?;
    let mut response = body.into_response();
    let headers = response.headers_mut();
    let content_type =
        HeaderValue::from_str(content_type).unwrap_or(HeaderValue::from_static("application/octet-stream"));
    headers.insert(header::CONTENT_TYPE, content_type);
    headers.insert(header::CONTENT_LENGTH, HeaderValue::from(size));
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("private, max-age=3600"));
    headers.insert(header::CONTENT_DISPOSITION, HeaderValue::from_static("inline"));
    Ok(response)
}
