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
        AppError::Malformed(r.body_text())
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
            AppError::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::Refused(Refusal::AuthorisationRefused) => StatusCode::UNAUTHORIZED,
            AppError::Refused(Refusal::NotAllowed) => StatusCode::CONFLICT,
            AppError::Refused(_) => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::Conflict(_) => StatusCode::CONFLICT,
            AppError::BadSignature => StatusCode::UNAUTHORIZED,
            AppError::TooManyAttempts(_) => StatusCode::TOO_MANY_REQUESTS,
            AppError::Busy => StatusCode::SERVICE_UNAVAILABLE,
            AppError::FeeNotPublished(_) => StatusCode::CONFLICT,
            AppError::PasswordChangeRequired => StatusCode::FORBIDDEN,
            AppError::Database(_) | AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The stable code a client may match on.
    pub fn code(&self) -> &'static str {
        match self {
            AppError::NotFound => "not-found",
            AppError::Unauthenticated => "unauthenticated",
            AppError::Malformed(_) => "malformed",
            AppError::Invalid(_) => "invalid",
            AppError::Refused(r) => r.code(),
            AppError::Conflict(m) => m.key(),
            AppError::BadSignature => "bad-signature",
            AppError::TooManyAttempts(_) => "too-many-attempts",
            AppError::Busy => "busy",
            AppError::FeeNotPublished(_) => "fee-not-published",
            AppError::PasswordChangeRequired => "password-change-required",
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

/// A JSON body whose rejection is answered as a problem document.
#[derive(Debug, Clone, Copy, Default, axum::extract::FromRequest)]
#[from_request(via(axum::Json), rejection(AppError))]
pub struct ApiJson<T>(pub T);

impl<T: serde::Serialize> IntoResponse for ApiJson<T> {
    fn into_response(self) -> Response {
        Json(self.0).into_response()
    }
}
