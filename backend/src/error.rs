//! The one error type of the HTTP API, and its single mapping to a response:
//! an RFC 9457 problem document with a stable code, a message key for the
//! user's language, and field-addressed errors for a refused form.

use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use shared::api::Problem;
use shared::form::FieldError;
use shared::i18n::Msg;
use shared::workflow::Refusal;

/// Everything a handler can fail with.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// No such resource, or one the caller may not see (never 403: a
    /// stranger's resource does not exist for the caller).
    #[error("not found")]
    NotFound,
    /// No valid session.
    #[error("sign in required")]
    Unauthenticated,
    /// The body is not what the endpoint takes.
    #[error("malformed request: {0}")]
    Malformed(String),
    /// The body is larger than the endpoint takes.
    #[error("the request is too large")]
    TooLarge,
    /// A browser sent a state-changing request from another site.
    #[error("cross-site request")]
    CrossOrigin,
    /// The body is not of the type the endpoint takes (JSON).
    #[error("unsupported media type")]
    UnsupportedMediaType,
    /// The method is not one the path takes.
    #[error("method not allowed")]
    MethodNotAllowed,
    /// The content is refused, field by field.
    #[error("{} field errors", .0.len())]
    Invalid(Vec<FieldError>),
    /// A rule refuses the action (no payment, EDS not confirmed, ...).
    #[error("refused: {0}")]
    Refused(Refusal),
    /// The state conflicts (an account exists, a draft changed meanwhile).
    #[error("conflict: {}", .0.key())]
    Conflict(Msg),
    /// A message from a state system whose signature does not verify.
    #[error("bad signature")]
    BadSignature,
    /// Too many attempts; try again in so many seconds.
    #[error("too many attempts: try again in {0} s")]
    TooManyAttempts(i64),
    /// Too much work at once (password hashing is bounded); try again soon.
    #[error("busy")]
    Busy,
    /// A staff member must choose a new password before anything else.
    #[error("a new password is required first")]
    PasswordChangeRequired,
    /// A staff member whose credentials an administrator set must first be
    /// confirmed by a second administrator.
    #[error("a second administrator must confirm this member first")]
    ConfirmationRequired,
    /// The payment year has no MRP index yet, so no fee in tenge.
    #[error("the fee for {0} is not yet published")]
    FeeNotPublished(i32),
    /// The database failed.
    #[error("database: {0}")]
    Database(#[from] sqlx::Error),
    /// Anything else that is the server's fault.
    #[error("internal: {0}")]
    Internal(String),
}

impl From<JsonRejection> for AppError {
    fn from(r: JsonRejection) -> AppError {
        match r.status() {
            StatusCode::PAYLOAD_TOO_LARGE => AppError::TooLarge,
            StatusCode::UNSUPPORTED_MEDIA_TYPE => AppError::UnsupportedMediaType,
            _ => AppError::Malformed(r.body_text()),
        }
    }
}

impl From<axum::extract::rejection::PathRejection> for AppError {
    fn from(r: axum::extract::rejection::PathRejection) -> AppError {
        AppError::Malformed(r.body_text())
    }
}

impl From<axum::extract::rejection::QueryRejection> for AppError {
    fn from(r: axum::extract::rejection::QueryRejection) -> AppError {
        AppError::Malformed(r.body_text())
    }
}

impl From<axum::extract::rejection::FormRejection> for AppError {
    fn from(r: axum::extract::rejection::FormRejection) -> AppError {
        if r.status() == StatusCode::PAYLOAD_TOO_LARGE {
            AppError::TooLarge
        } else {
            AppError::Malformed(r.body_text())
        }
    }
}

impl From<Refusal> for AppError {
    fn from(r: Refusal) -> AppError {
        AppError::Refused(r)
    }
}

impl AppError {
    /// The HTTP status of this error.
    pub fn status_code(&self) -> StatusCode {
        match self {
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::Unauthenticated => StatusCode::UNAUTHORIZED,
            AppError::Malformed(_) => StatusCode::BAD_REQUEST,
            AppError::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            AppError::CrossOrigin => StatusCode::FORBIDDEN,
            AppError::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            AppError::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            AppError::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::Refused(Refusal::AuthorisationRefused) => StatusCode::UNAUTHORIZED,
            AppError::Refused(Refusal::NotAllowed) => StatusCode::CONFLICT,
            AppError::Refused(_) => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::Conflict(_) => StatusCode::CONFLICT,
            AppError::BadSignature => StatusCode::UNAUTHORIZED,
            AppError::TooManyAttempts(_) => StatusCode::TOO_MANY_REQUESTS,
            AppError::Busy => StatusCode::SERVICE_UNAVAILABLE,
            AppError::FeeNotPublished(_) => StatusCode::CONFLICT,
            AppError::PasswordChangeRequired | AppError::ConfirmationRequired => StatusCode::FORBIDDEN,
            AppError::Database(_) | AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The stable code a client may match on.
    pub fn code(&self) -> &'static str {
        match self {
            AppError::NotFound => "not-found",
            AppError::Unauthenticated => "unauthenticated",
            AppError::Malformed(_) => "malformed",
            AppError::TooLarge => "too-large",
            AppError::CrossOrigin => "cross-origin",
            AppError::UnsupportedMediaType => "unsupported-media-type",
            AppError::MethodNotAllowed => "method-not-allowed",
            AppError::Invalid(_) => "invalid",
            AppError::Refused(r) => r.code(),
            AppError::Conflict(m) => m.key(),
            AppError::BadSignature => "bad-signature",
            AppError::TooManyAttempts(_) => "too-many-attempts",
            AppError::Busy => "busy",
            AppError::FeeNotPublished(_) => "fee-not-published",
            AppError::PasswordChangeRequired => "password-change-required",
            AppError::ConfirmationRequired => "confirmation-required",
            AppError::Database(_) | AppError::Internal(_) => "internal",
        }
    }

    fn message(&self) -> Option<Msg> {
        match self {
            AppError::Unauthenticated => Some(Msg::AccountSignInRequired),
            AppError::Refused(r) => Some(r.message()),
            AppError::Conflict(m) => Some(*m),
            AppError::TooManyAttempts(_) => Some(Msg::AccountTooManyAttempts),
            AppError::Busy => Some(Msg::CommonBusy),
            AppError::BadSignature => Some(Msg::PaymentBadSignature),
            AppError::FeeNotPublished(_) => Some(Msg::PaymentFeeNotPublished),
            AppError::PasswordChangeRequired => Some(Msg::StaffPasswordChangeRequired),
            AppError::ConfirmationRequired => Some(Msg::StaffConfirmationRequired),
            _ => None,
        }
    }

    fn problem(self) -> Problem {
        let status = self.status_code();
        let message = self.message();
        let code = self.code().to_owned();
        // Server faults are logged in full and answered generically.
        let detail = (!status.is_server_error()).then(|| self.to_string());
        let args = match &self {
            AppError::FeeNotPublished(year) => [("year".to_owned(), year.to_string())].into(),
            AppError::TooManyAttempts(secs) => [("seconds".to_owned(), secs.to_string())].into(),
            _ => Default::default(),
        };
        Problem {
            kind: format!("https://ruqsat.kz/problems/{code}"),
            title: status.canonical_reason().unwrap_or("Error").to_owned(),
            status: status.as_u16(),
            code,
            detail,
            message,
            args,
            errors: match self {
                AppError::Invalid(errors) => errors,
                _ => Vec::new(),
            },
        }
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let status = self.status_code();
        if status.is_server_error() && !matches!(self, AppError::Busy) {
            tracing::error!(error = %self, "request failed");
        }
        // Refused access is a security event (the layer in `security` adds
        // the method and path of every refused request).
        if matches!(
            self,
            AppError::Refused(Refusal::NotAllowed) | AppError::ConfirmationRequired | AppError::PasswordChangeRequired
        ) {
            tracing::warn!(target: "security", code = self.code(), "access refused");
        }
        let retry_after = match &self {
            AppError::TooManyAttempts(secs) => Some(secs.max(&1).to_string()),
            AppError::Busy => Some("5".to_owned()),
            _ => None,
        };
        let mut response = (status, Json(self.problem())).into_response();
        if let Some(secs) = retry_after.and_then(|s| HeaderValue::from_str(&s).ok()) {
            response.headers_mut().insert(header::RETRY_AFTER, secs);
        }
        response.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/problem+json"),
        );
        response
    }
}

/// A JSON body whose rejection is answered as a problem document, and in
/// which no text holds a NUL or another control character (a line break
/// and a tab aside): refused here, once for every endpoint, before any of it
/// reaches a validator or the database.
#[derive(Debug, Clone, Copy, Default)]
pub struct ApiJson<T>(pub T);

impl<T: serde::de::DeserializeOwned, S: Send + Sync> axum::extract::FromRequest<S> for ApiJson<T> {
    type Rejection = AppError;

    async fn from_request(req: axum::extract::Request, state: &S) -> Result<Self, Self::Rejection> {
        let axum::Json(value) = axum::Json::<serde_json::Value>::from_request(req, state).await?;
        if has_control_characters(&value) {
            return Err(AppError::Malformed(
                "text may not hold control characters (a NUL, an escape, ...)".to_owned(),
            ));
        }
        serde_json::from_value(value)
            .map(ApiJson)
            .map_err(|e| AppError::Malformed(format!("the body: {e}")))
    }
}

/// Whether a control character other than a line break or a tab is in a
/// text: in a key or a string anywhere in a JSON document.
pub fn has_control_characters(value: &serde_json::Value) -> bool {
    let bad = |s: &str| s.chars().any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'));
    match value {
        serde_json::Value::String(s) => bad(s),
        serde_json::Value::Array(items) => items.iter().any(has_control_characters),
        serde_json::Value::Object(map) => map.iter().any(|(k, v)| bad(k) || has_control_characters(v)),
        _ => false,
    }
}

/// Path parameters whose rejection is answered as a problem document.
#[derive(Debug, Clone, Copy, Default, axum::extract::FromRequestParts)]
#[from_request(via(axum::extract::Path), rejection(AppError))]
pub struct ApiPath<T>(pub T);

/// A query string whose rejection is answered as a problem document.
#[derive(Debug, Clone, Copy, Default, axum::extract::FromRequestParts)]
#[from_request(via(axum::extract::Query), rejection(AppError))]
pub struct ApiQuery<T>(pub T);

/// The cursor of the page asked for, if any; one a page did not write is
/// refused as malformed.
pub fn cursor(after: Option<&str>) -> Result<Option<shared::page::Cursor>, AppError> {
    after
        .map(|a| shared::page::Cursor::parse(a).ok_or_else(|| AppError::Malformed("a bad page cursor".to_owned())))
        .transpose()
}

/// A form body whose rejection is answered as a problem document.
#[derive(Debug, Clone, Copy, Default, axum::extract::FromRequest)]
#[from_request(via(axum::Form), rejection(AppError))]
pub struct ApiForm<T>(pub T);

/// Refuses, before routing, a request whose path or query string holds a
/// control character once percent-decoded (a NUL would reach the database
/// as a parameter): one place for every route, answered as a problem.
pub async fn refuse_control_characters(request: axum::extract::Request, next: axum::middleware::Next) -> Response {
    let uri = request.uri();
    let decoded = |s: &str| percent_decoded_has_control(s);
    if decoded(uri.path()) || uri.query().is_some_and(decoded) {
        return AppError::Malformed("the address may not hold control characters".to_owned()).into_response();
    }
    next.run(request).await
}

fn percent_decoded_has_control(s: &str) -> bool {
    let bytes = s.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = match bytes[i] {
            b'%' if i + 2 < bytes.len() => {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok();
                i += 2;
                hex.and_then(|h| u8::from_str_radix(h, 16).ok()).unwrap_or(b'%')
            }
            other => other,
        };
        if b < 0x20 || b == 0x7f {
            return true;
        }
        i += 1;
    }
    false
}

impl<T: serde::Serialize> IntoResponse for ApiJson<T> {
    fn into_response(self) -> Response {
        Json(self.0).into_response()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_found_encoded_or_not() {
        assert!(percent_decoded_has_control("/api/applications/%00"));
        assert!(percent_decoded_has_control("q=a%1Bb"));
        assert!(percent_decoded_has_control("q=a%7f"));
        assert!(!percent_decoded_has_control(
            "q=%D0%90%D0%BB%D0%BC%D0%B0%D1%82%D1%8B&service=x"
        ));
        assert!(!percent_decoded_has_control("/api/registry"));
        assert!(!percent_decoded_has_control("q=100%"));
        let json: serde_json::Value = serde_json::json!({"a": ["ok", {"b": "line\nbreak\ttab"}]});
        assert!(!has_control_characters(&json));
        assert!(has_control_characters(&serde_json::json!({"a": ["x\u{0}y"]})));
        assert!(has_control_characters(&serde_json::json!({"k\u{1b}": 1})));
    }
}
